"""Facts as a locale writes them: prices, durations, hours and channels, with Babel.

Numbers, currencies, units, lists, weekdays and times come from Babel (CLDR);
the few phrases CLDR has no pattern for ("business day", "24 hours a day, 7 days
a week") are interface strings in the locale's gettext catalog.
"""

from __future__ import annotations

from gettext import NullTranslations

from babel.dates import format_time, get_day_names
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit

from kbgen.i18n import SiteLocale
from kbgen.rules.book import RuleBook
from kbgen.rules.model import (
    AnyFactValue,
    ChannelsValue,
    Details,
    Duration,
    DurationValue,
    FirstResponse,
    FreeValue,
    Hours,
    HoursValue,
    MoneyValue,
    PercentValue,
)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class FactError(LookupError):
    """A fact that does not exist or has no value in the locale (the loader reports these)."""


class FactFormatter:
    """Formats the facts of the rules for one locale.

    ``scope``: the locale whose documents' values it quotes (by default ``locale``
    itself): a page translated from another locale's text quotes that text's facts,
    written the reader's way.
    """

    def __init__(
        self,
        book: RuleBook,
        locale: str,
        translations: NullTranslations,
        scope: str | None = None,
    ) -> None:
        self.book = book
        self.locale = locale
        self.scope = scope or locale
        self.babel = SiteLocale(locale).babel
        self.gettext = translations.gettext
        self.ngettext = translations.ngettext
        self.pgettext = translations.pgettext
        self.channel_names = {
            channel.id: channel.label.get(locale) or next(iter(channel.label.values()))
            for programme in book.programmes.values()
            for channel in programme.channels
        }

    def value(self, fact_id: str) -> AnyFactValue:
        value = self.book.fact_value(fact_id, self.scope)
        if value is None:
            raise FactError(f"fact {fact_id!r} is not stated for locale {self.scope!r}")
        return value

    def text(self, fact_id: str) -> str:
        """A fact as running text shows it: ``{{ fact("ppi_price_home") }}``.

        >>> from kbgen.rules.model import Programme
        >>> book = RuleBook({"p": Programme.model_validate({
        ...     "id": "p", "name": {"fr": "p"},
        ...     "documents": {"d": {"locale": "fr", "label": {"fr": "d"}}},
        ...     "questions": [{"id": "q", "label": {"fr": "q"}, "unit": "day"}],
        ...     "outcomes": [{"id": "o", "title": {"fr": "o"}}],
        ...     "rules": [{"id": "r", "document": "d", "entry": "e", "grant": ["o"]}],
        ...     "facts": [{"id": "price", "kind": "money", "values": [{"locales": ["fr"],
        ...         "entry": "e", "value": [{"amount": "20.00", "currency": "USD"}]}]}]})})
        >>> FactFormatter(book, "fr", NullTranslations()).text("price")
        '20,00\\xa0$US'
        """
        value = self.value(fact_id)
        if isinstance(value, MoneyValue):
            prices = [
                format_currency(money.amount, money.currency, locale=self.babel)
                for money in value.value
            ]
            return format_list(prices, style="or", locale=self.babel)
        if isinstance(value, PercentValue):
            return format_percent(value.value / 100, locale=self.babel)
        if isinstance(value, DurationValue):
            return self.duration(value.value)
        if isinstance(value, HoursValue):
            return self.hours(value.value)
        if isinstance(value, ChannelsValue):
            return format_list(self.channels(fact_id), locale=self.babel)
        assert isinstance(value, FreeValue)
        return self.gettext("Free")

    def channels(self, fact_id: str) -> list[str]:
        """The names of the channels of a channels fact."""
        value = self.value(fact_id)
        assert isinstance(value, ChannelsValue)
        programme = self.book.fact_programme(fact_id)
        labels = {c.id: c.label for c in programme.channels} if programme else {}
        return [
            self.channel_names.get(channel)
            or labels[channel].get(self.locale)
            or labels[channel][self.scope]
            for channel in value.value
        ]

    def with_note(self, fact_id: str) -> str:
        """The fact and, in parentheses, what it applies to."""
        text = self.text(fact_id)
        note = self.value(fact_id).note.get(self.locale)
        return f"{text} ({note})" if note else text

    def duration(self, duration: Duration) -> str:
        number = format_decimal(duration.amount, locale=self.babel)
        if duration.unit == "business_hour":
            template = self.ngettext(
                "%(num)s business hour", "%(num)s business hours", duration.amount
            )
            return template % {"num": number}
        if duration.unit == "business_day":
            template = self.ngettext(
                "%(num)s business day", "%(num)s business days", duration.amount
            )
            return template % {"num": number}
        unit = f"duration-{duration.unit}"
        text = format_unit(duration.amount, unit, length="long", locale=self.babel)
        if unit in text:
            # Babel's CLDR data for Chinese has only the short forms ("30 天").
            text = format_unit(duration.amount, unit, length="short", locale=self.babel)
        return text

    def hours(self, hours: Hours) -> str:
        if hours == "always":
            return self.gettext("24 hours a day, 7 days a week")
        if hours == "all_day":
            return self.gettext("24 hours a day")
        if hours == "business_hours":
            return self.gettext("during business hours")
        text = self.gettext("%(hours)s a day and %(days)s a week") % {
            "hours": self.duration(Duration(amount=hours.hours_a_day, unit="hour")),
            "days": self.duration(Duration(amount=hours.days_a_week, unit="day")),
        }
        if hours.weekdays is not None:
            names = get_day_names("wide", locale=self.babel)
            first, last = (names[_WEEKDAYS.index(day)] for day in hours.weekdays)
            days = self.pgettext("weekdays", "from %(first)s to %(last)s") % {
                "first": first,
                "last": last,
            }
            text = self.gettext("%(schedule)s, %(more)s") % {"schedule": text, "more": days}
        if hours.time is not None:
            start, end = (format_time(t, format="short", locale=self.babel) for t in hours.time)
            times = self.pgettext("time of day", "from %(start)s to %(end)s") % {
                "start": start,
                "end": end,
            }
            if hours.timezone:
                times = f"{times} ({hours.timezone})"
            text = self.gettext("%(schedule)s, %(more)s") % {"schedule": text, "more": times}
        return text

    def first_response(self, item: FirstResponse) -> str:
        duration = self.text(item.fact)
        if item.channels:
            channels = format_list(
                [self.channel_names[c] for c in item.channels], locale=self.babel
            )
            if item.typically:
                return self.gettext("%(channels)s: usually %(duration)s") % {
                    "channels": channels,
                    "duration": duration,
                }
            return self.gettext("%(channels)s: %(duration)s") % {
                "channels": channels,
                "duration": duration,
            }
        if item.typically:
            return self.gettext("usually %(duration)s") % {"duration": duration}
        return duration

    def details(self, details: Details) -> dict[str, str]:
        """The details as text, leaving out facts that this locale's documents do not state."""
        shown: dict[str, str] = {}
        if details.channels and self._stated(details.channels):
            shown["channels"] = self.text(details.channels)
        if details.hours and self._stated(details.hours):
            shown["hours"] = self.text(details.hours)
        responses = [
            self.first_response(item)
            for item in details.first_response or []
            if self._stated(item.fact)
        ]
        if responses:
            shown["first_response"] = " · ".join(responses)
        prices = [self.with_note(fact) for fact in details.price or [] if self._stated(fact)]
        if prices:
            shown["price"] = " · ".join(prices)
        if details.validity and self._stated(details.validity):
            shown["validity"] = self.gettext("%(duration)s from the date of purchase") % {
                "duration": self.text(details.validity)
            }
        if details.note and self.locale in details.note:
            shown["note"] = details.note[self.locale]
        return shown

    def channel_list(self, details: Details) -> list[str]:
        """The channel names of the details, for machine-readable output."""
        if details.channels and self._stated(details.channels):
            return self.channels(details.channels)
        return []

    def labels(self) -> dict[str, str]:
        """The headings of the details, in this locale."""
        _ = self.gettext
        return {
            "channels": _("Channels"),
            "hours": _("Hours"),
            "first_response": _("First response"),
            "price": _("Price"),
            "validity": _("Valid for"),
            "note": _("Note"),
        }

    def _stated(self, fact_id: str) -> bool:
        return self.book.fact_value(fact_id, self.scope) is not None
