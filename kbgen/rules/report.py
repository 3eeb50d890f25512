"""The quiz on the command line: answers from ``KEY=VALUE`` pairs, outcomes as text or JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from gettext import NullTranslations
from typing import Any

from kbgen.content.model import ArticleEntry, FaqEntry, title_of
from kbgen.rules.book import RuleBook
from kbgen.rules.evaluator import AnswerError, OutcomeResult, Result, evaluate
from kbgen.rules.facts import FactFormatter


def parse_pairs(pairs: Sequence[str]) -> dict[str, str]:
    """``["product_line=home", "days_since_purchase=10"]`` as a mapping.

    >>> parse_pairs(["product_line=home", "days_since_purchase=10"])
    {'product_line': 'home', 'days_since_purchase': '10'}
    """
    answers: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not equals or not key or not value:
            raise AnswerError(f"expected KEY=VALUE, not {pair!r}")
        if key in answers:
            raise AnswerError(f"{key!r} is answered twice")
        answers[key] = value
    return answers


@dataclass(frozen=True)
class QuizReport:
    """The outcomes for a set of answers, formatted for one locale."""

    result: Result
    outcomes: list[dict[str, Any]]
    refused: list[dict[str, Any]]
    details: list[dict[str, str]]
    """The details of each outcome as text, channels included."""
    labels: Mapping[str, str]
    gettext: Any

    def as_json(self) -> list[dict[str, Any]]:
        return self.outcomes

    def as_text(self) -> str:
        line = self.gettext("%(label)s: %(value)s")
        lines: list[str] = []
        for outcome, details in zip(self.outcomes, self.details, strict=True):
            lines.append(outcome["title"])
            for key, value in details.items():
                lines.append("  " + line % {"label": self.labels[key], "value": value})
            for reason in outcome["reasons"]:
                shown = f"{reason['title']} ({reason['path']}) [{reason['rule']}]"
                lines.append("  " + line % {"label": self.labels["stated_in"], "value": shown})
        if self.refused:
            titles = ", ".join(outcome["title"] for outcome in self.refused)
            lines.append(line % {"label": self.labels["not_available"], "value": titles})
        return "\n".join(lines)


def quiz_report(
    book: RuleBook,
    locale: str,
    translations: NullTranslations,
    entries: Mapping[str, FaqEntry | ArticleEntry],
    pairs: Sequence[str],
) -> QuizReport:
    """Evaluate ``KEY=VALUE`` answers in ``locale``; ``AnswerError`` says what is wrong."""
    if locale not in book.locales:
        raise AnswerError(
            f"no quiz is published in locale {locale!r}; "
            f"the quiz's locales are {', '.join(book.locales)}"
        )
    result = evaluate(book, locale, parse_pairs(pairs))
    rules = book.for_locale(locale)
    if result.missing:
        wanted = []
        # Until the programme is chosen, every programme's questions may come: ask for it first.
        missing = result.missing[:1] if result.programme is None else result.missing
        for question_id in missing:
            question = rules.question(question_id)
            assert question is not None
            values = (
                f"a whole number of {question.unit}s"
                if question.unit
                else ", ".join(question.offered_ids(result.answers))
            )
            wanted.append(f"{question_id} ({values})")
        raise AnswerError(f"answer these questions too: {'; '.join(wanted)}")
    facts = FactFormatter(book, locale, translations)
    scoped: dict[str, FactFormatter] = {}

    def formatter(scope: str) -> FactFormatter:
        if scope not in scoped:
            scoped[scope] = FactFormatter(book, locale, translations, scope=scope)
        return scoped[scope]

    _ = translations.gettext
    labels = {
        **facts.labels(),
        "stated_in": _("Stated in"),
        "not_available": _("Not available"),
    }

    def view(outcome: OutcomeResult) -> dict[str, Any]:
        facts = formatter(outcome.scope)
        details = facts.details(outcome.details)
        return {
            "id": outcome.id,
            "title": outcome.title,
            "summary": outcome.summary,
            "channels": facts.channel_list(outcome.details),
            "hours": details.get("hours"),
            "first_response": details.get("first_response"),
            "price": details.get("price"),
            "validity": details.get("validity"),
            "note": details.get("note"),
            "reasons": [
                {
                    "rule": reason.rule,
                    "entry": reason.entry,
                    "title": _entry_title(entries[reason.entry], locale),
                    "path": f"{locale}/entries/{reason.entry}/",
                    "source": f"{reason.path}:{reason.line}",
                }
                for reason in outcome.reasons
            ],
        }

    return QuizReport(
        result,
        [view(outcome) for outcome in result.outcomes],
        [view(outcome) for outcome in result.refused],
        [formatter(outcome.scope).details(outcome.details) for outcome in result.outcomes],
        labels,
        translations.gettext,
    )


def _entry_title(entry: FaqEntry | ArticleEntry, locale: str) -> str:
    """The entry's title in ``locale``, else in the language it was written in."""
    translation = entry.translations.get(locale) or entry.translations[entry.source_locale]
    return title_of(translation)
