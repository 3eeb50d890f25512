"""The rules data: support programmes, their questions, outcomes, facts and rules.

One YAML file per programme under ``content/rules/``. Every programme is part of the
one quiz that every locale of the site publishes: everything in it that a reader sees
has a label in each of the site's locales. A programme names its source ``documents``
(the locale each is written in, the region it addresses, its year); each rule names
the document that states it, and where a programme has several, the quiz asks which
one applies to the reader. Facts (prices, windows, hours, response times) are written
once here and scoped to the locales whose documents state them; FAQ answers quote them
with ``{{ fact("id") }}``. Each rule names the entry that states it. These models are
the one definition of the format: the loader validates every file with them and
``kbgen schema`` writes the JSON Schema editors use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from kbgen.content.model import Id, Text

#: Ids of programmes, questions, outcomes, facts and rules: ``snake_case``.
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$", max_length=60)]
#: Ids of a question's choices: ``snake_case`` or a severity letter such as ``A``.
ChoiceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$")]
#: A text in each locale that shows it: ``{fr: ..., zh-TW: ...}``.
Labels = dict[str, Text]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DurationUnit = Literal["minute", "hour", "day", "month", "year", "business_hour", "business_day"]
#: A time of day as a document writes it, quoted: ``"08:00"``.
ClockTime = Annotated[
    dt.time,
    WithJsonSchema({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Channel(_Strict):
    """A way to reach support (chat, e-mail, phone, knowledge base...)."""

    id: Key
    label: Labels
    entry: Id | None = Field(
        default=None, description="The entry that says how to reach support this way."
    )


class Contact(_Strict):
    """How the contact page presents a programme: what to have ready, where to turn."""

    prepare: Id | None = Field(
        default=None, description="The entry that lists what to have ready before contacting."
    )
    entries: list[Id] = Field(
        default_factory=list,
        description="Entries that say where the programme's documents send the reader "
        "(for a programme whose documents name no channel, where they send them instead).",
    )


class Choice(_Strict):
    """One answer to a choice question."""

    id: ChoiceId
    label: Labels
    documents: list[Key] | None = Field(
        default=None,
        description="The documents under which this answer is offered; all of the "
        "programme's if unset.",
    )


class Question(_Strict):
    """A question of the quiz: a choice among ``choices``, or a number of ``unit``.

    It is asked where some rule that the earlier answers leave possible needs it.
    """

    id: Key
    label: Labels
    choices: list[Choice] = Field(default_factory=list)
    unit: Literal["day", "month"] | None = Field(
        default=None, description="A number question: the answer is a whole number of these."
    )

    @model_validator(mode="after")
    def _choices_or_unit(self) -> Question:
        if self.unit is None and len(self.choices) < 2:
            raise ValueError("a question needs at least two choices, or a unit for a number")
        if self.unit is not None and self.choices:
            raise ValueError("a question has choices or a unit, not both")
        return self

    @property
    def is_number(self) -> bool:
        return self.unit is not None


class FirstResponse(_Strict):
    """The first response by some channels (all when unset), from a duration fact."""

    fact: Key
    channels: list[Key] = Field(default_factory=list)
    typically: bool = Field(default=False, description="The document says 'usually'.")


class Details(_Strict):
    """What an outcome gives: each a fact, resolved in the reader's locale."""

    channels: Key | None = None
    hours: Key | None = None
    first_response: list[FirstResponse] | None = None
    price: list[Key] | None = None
    validity: Key | None = Field(default=None, description="A duration from the date of purchase.")
    note: Labels | None = None

    def given(self) -> list[str]:
        """The details that are set, in display order."""
        return [name for name in DETAIL_KEYS if getattr(self, name) is not None]


#: The details of an outcome, in the order pages show them.
DETAIL_KEYS = ("channels", "hours", "first_response", "price", "validity", "note")


class Outcome(_Strict):
    """What a customer can get (or must do), with its default details."""

    id: Key
    title: Labels
    summary: Labels | None = None
    details: Details = Field(default_factory=Details)


class Money(_Strict):
    amount: Decimal = Field(ge=0, description='Write it quoted ("9.95") so it stays exact.')
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Duration(_Strict):
    amount: int = Field(ge=1)
    unit: DurationUnit


class Schedule(_Strict):
    """Opening hours: so many hours a day, days a week, optionally which and when."""

    hours_a_day: int = Field(ge=1, le=24)
    days_a_week: int = Field(ge=1, le=7)
    weekdays: tuple[Weekday, Weekday] | None = Field(
        default=None, description="The first and last day, e.g. [monday, friday]."
    )
    time: tuple[ClockTime, ClockTime] | None = Field(
        default=None, description='Opening and closing time, quoted: ["08:00", "20:00"].'
    )
    timezone: str | None = Field(default=None, description="As the document writes it, e.g. EST.")


#: ``always``: 24 hours a day, 7 days a week; ``all_day``: 24 hours a day;
#: ``business_hours``: during business hours; or a ``Schedule``.
Hours = Literal["always", "all_day", "business_hours"] | Schedule


class _FactValue(_Strict):
    locales: list[str] = Field(min_length=1, description="The locales whose documents state it.")
    entry: Id = Field(description="The entry that states it.")
    note: Labels = Field(
        default_factory=dict, description="What it applies to, shown beside it in the quiz."
    )


class MoneyValue(_FactValue):
    value: list[Money] = Field(min_length=1, description="One price, or alternatives.")


class PercentValue(_FactValue):
    value: Decimal = Field(gt=0)


class DurationValue(_FactValue):
    value: Duration


class HoursValue(_FactValue):
    value: Hours


class ChannelsValue(_FactValue):
    value: list[Key] = Field(min_length=1)


class FreeValue(_FactValue):
    pass


class _Fact(_Strict):
    id: Key


class MoneyFact(_Fact):
    """A price with its currency (or the same price in several currencies)."""

    kind: Literal["money"]
    values: list[MoneyValue] = Field(min_length=1)


class PercentFact(_Fact):
    kind: Literal["percent"]
    values: list[PercentValue] = Field(min_length=1)


class DurationFact(_Fact):
    """A window, a validity or a response time."""

    kind: Literal["duration"]
    values: list[DurationValue] = Field(min_length=1)


class HoursFact(_Fact):
    kind: Literal["hours"]
    values: list[HoursValue] = Field(min_length=1)


class ChannelsFact(_Fact):
    kind: Literal["channels"]
    values: list[ChannelsValue] = Field(min_length=1)


class FreeFact(_Fact):
    """A price that is nothing."""

    kind: Literal["free"]
    values: list[FreeValue] = Field(min_length=1)


Fact = Annotated[
    MoneyFact | PercentFact | DurationFact | HoursFact | ChannelsFact | FreeFact,
    Field(discriminator="kind"),
]
AnyFactValue = MoneyValue | PercentValue | DurationValue | HoursValue | ChannelsValue | FreeValue

#: A number threshold: a number, or the id of a duration fact in the question's unit.
Threshold = Annotated[int, Field(ge=0)] | Key


class NumberCondition(_Strict):
    """Bounds on a number answer; every bound that is set must hold."""

    at_most: Threshold | None = None
    below: Threshold | None = None
    at_least: Threshold | None = None
    above: Threshold | None = None

    @model_validator(mode="after")
    def _has_a_bound(self) -> NumberCondition:
        if not self.bounds():
            raise ValueError("give at_most, below, at_least or above")
        return self

    def bounds(self) -> list[tuple[str, int | str]]:
        return [
            (name, value)
            for name in ("at_most", "below", "at_least", "above")
            if (value := getattr(self, name)) is not None
        ]


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


#: A condition on one answer: one choice, a list of choices, or number bounds.
Condition = Annotated[
    NumberCondition | list[ChoiceId],
    BeforeValidator(
        _one_or_many, json_schema_input_type=NumberCondition | ChoiceId | list[ChoiceId]
    ),
]


class Rule(_Strict):
    """When every condition holds, grant (or refuse) outcomes, naming the stating entry."""

    id: Key
    document: Key = Field(description="The document that states it (one of ``documents``).")
    entry: Id = Field(description="The entry that states this rule, in its document's locale.")
    when: dict[Key, Condition] = Field(default_factory=dict)
    grant: list[Key] = Field(default_factory=list)
    refuse: list[Key] = Field(default_factory=list)
    details: dict[Key, Details] = Field(
        default_factory=dict, description="Details this rule gives a granted outcome."
    )

    @model_validator(mode="after")
    def _does_something(self) -> Rule:
        if not self.grant and not self.refuse:
            raise ValueError("a rule grants or refuses at least one outcome")
        return self


class Document(_Strict):
    """A source document: its locale, and where and when what it states applies."""

    locale: str = Field(description="The locale the document is written in.")
    label: Labels = Field(
        default_factory=dict,
        description="How the quiz names it, in every locale, when the programme has "
        "several documents: the region and year it applies to.",
    )
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None,
        description="The country the document addresses (ISO 3166 code, e.g. TW, CA); "
        "pages name it in the reader's language.",
    )
    year: int | None = Field(
        default=None, ge=1990, le=2100, description="The year the document speaks of."
    )


class Programme(_Strict):
    """A support programme and its quiz: one file under ``content/rules/``."""

    id: Key
    name: Labels = Field(description="The programme as the quiz's first question offers it.")
    contact: Contact = Field(
        default_factory=Contact,
        description="How the contact page presents the programme: what to have ready, "
        "where its documents send the reader.",
    )
    documents: dict[Key, Document] = Field(
        min_length=1,
        description="The source documents the programme's rules and facts come from, by id: "
        "the quiz asks which applies where there are several; pages quoting a fact say "
        "whose it is, and where and when it applies.",
    )
    channels: list[Channel] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1, description="In the order they are asked.")
    outcomes: list[Outcome] = Field(min_length=1, description="In the order results list them.")
    facts: list[Fact] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)

    def document_for(self, locale: str) -> Document | None:
        """The document written in ``locale``, whose facts that locale's texts quote."""
        return next((d for d in self.documents.values() if d.locale == locale), None)

    @property
    def document_locales(self) -> list[str]:
        """The locales of the programme's documents, in the order they are declared."""
        return list(dict.fromkeys(d.locale for d in self.documents.values()))
