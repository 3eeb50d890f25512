"""Evaluate the rules: which questions are asked, which rules fire, what a customer gets.

The semantics, which ``theme/assets/kbgen/quiz-engine.js`` mirrors line for line:

1. Questions are taken in their order. A question is *asked* when some rule that
   the answers to earlier questions have not ruled out has a condition on it;
   answers to questions that are not asked are ignored.
2. A rule *fires* when every one of its conditions is answered and holds.
3. The outcomes are those granted by a fired rule and refused by none, in the
   programme's order; each keeps the details its outcome declares, where a fired
   rule that grants it gives a detail, the first such rule's (the verification
   makes sure no two fired rules disagree), and the rules that granted it as reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kbgen.errors import KbgenError
from kbgen.rules.book import Answer, LocaleRules, LocalRule, RuleBook
from kbgen.rules.export import MAX_NUMBER_ANSWER
from kbgen.rules.model import DETAIL_KEYS, Details, Outcome


class AnswerError(KbgenError):
    """An answer to a question that does not exist, or a value the question does not take."""


@dataclass(frozen=True)
class Reason:
    """A rule behind an outcome and the entry that states it."""

    rule: str
    entry: str
    path: str
    line: int


@dataclass(frozen=True)
class OutcomeResult:
    """One outcome for the answers given: its details (facts) and why."""

    id: str
    title: str
    summary: str | None
    details: Details
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Result:
    """What the rules say for one locale and a set of answers."""

    locale: str
    programme: str
    answers: Mapping[str, Answer]
    asked: tuple[str, ...]
    missing: tuple[str, ...]
    outcomes: tuple[OutcomeResult, ...]
    refused: tuple[OutcomeResult, ...]

    @property
    def complete(self) -> bool:
        """Every question that is asked has an answer."""
        return not self.missing

    @property
    def outcome_ids(self) -> list[str]:
        return [outcome.id for outcome in self.outcomes]


def evaluate(rules: RuleBook, locale: str, answers: Mapping[str, object]) -> Result:
    """The outcomes for ``answers`` (question id -> choice id or number) in ``locale``.

    Raises ``KeyError`` when no programme is published in ``locale`` and
    ``AnswerError`` for an unknown question or value.
    """
    return evaluate_local(rules.for_locale(locale), answers)


def evaluate_local(rules: LocaleRules, answers: Mapping[str, object]) -> Result:
    """``evaluate`` for one programme already seen from its locale."""
    accepted, asked, missing = ask(rules, normalize_answers(rules, answers))
    fired = [rule for rule in rules.rules if rule.fires(accepted)]
    refused_ids = {outcome for rule in fired for outcome in rule.refuse}
    granted_ids = {outcome for rule in fired for outcome in rule.grant}
    outcomes = tuple(
        _result(rules, outcome, [r for r in fired if outcome.id in r.grant])
        for outcome in rules.outcomes
        if outcome.id in granted_ids and outcome.id not in refused_ids
    )
    refused = tuple(
        _result(rules, outcome, [r for r in fired if outcome.id in r.refuse])
        for outcome in rules.outcomes
        if outcome.id in refused_ids
    )
    return Result(
        rules.locale,
        rules.programme.id,
        accepted,
        tuple(asked),
        tuple(missing),
        outcomes,
        refused,
    )


def ask(
    rules: LocaleRules, answers: Mapping[str, Answer]
) -> tuple[dict[str, Answer], list[str], list[str]]:
    """The answers that count, the questions asked and those asked but not answered."""
    accepted: dict[str, Answer] = {}
    asked: list[str] = []
    missing: list[str] = []
    for question in rules.questions:
        if not is_asked(rules, question.id, accepted):
            continue
        asked.append(question.id)
        if question.id in answers:
            accepted[question.id] = answers[question.id]
        else:
            missing.append(question.id)
    return accepted, asked, missing


def is_asked(rules: LocaleRules, question: str, earlier: Mapping[str, Answer]) -> bool:
    """Some rule that the earlier answers leave possible depends on ``question``."""
    return any(rule.mentions(question) and rule.live(earlier) for rule in rules.rules)


def merge_details(outcome: Outcome, rules: Sequence[LocalRule]) -> Details:
    """The outcome's own details, with those the granting rules give in their place."""
    values = {key: getattr(outcome.details, key) for key in DETAIL_KEYS}
    given: set[str] = set()
    for rule in rules:
        details = rule.details.get(outcome.id)
        if details is None:
            continue
        for key in details.given():
            if key not in given:
                values[key] = getattr(details, key)
                given.add(key)
    return Details(**values)


def normalize_answers(rules: LocaleRules, answers: Mapping[str, object]) -> dict[str, Answer]:
    """Check every answer against the programme; keep those asked in this locale.

    Numbers may be given as text (``"10"``), as on a command line or in a URL.
    """
    programme = rules.programme
    known = {q.id: q for q in programme.questions}
    result: dict[str, Answer] = {}
    for key, value in answers.items():
        question = known.get(key)
        if question is None:
            valid = ", ".join(q.id for q in rules.questions)
            raise AnswerError(f"unknown question {key!r}; the questions are: {valid}")
        local = rules.question(key)
        if question.unit is not None:
            number = _whole_number(value)
            if number is None:
                text = str(value)
                shown = repr(value) if len(text) <= 20 else repr(f"{text[:20]}…")
                raise AnswerError(
                    f"{key!r} takes a whole number of {question.unit}s from 0 to "
                    f"{MAX_NUMBER_ANSWER}, not {shown}"
                )
            if local is not None:
                result[key] = number
            continue
        choices = local.choice_ids() if local is not None else [c.id for c in question.choices]
        if value not in choices:
            raise AnswerError(
                f"unknown answer {value!r} to {key!r}; the answers are: {', '.join(choices)}"
            )
        if local is not None:
            assert isinstance(value, str)
            result[key] = value
    return result


def _whole_number(value: object) -> int | None:
    """A whole number from 0 to ``MAX_NUMBER_ANSWER``, as the browser's quiz takes it.

    >>> _whole_number("10"), _whole_number("1" * 4301), _whole_number(-1)
    (10, None, None)
    """
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value) if len(value) <= len(str(MAX_NUMBER_ANSWER)) else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= MAX_NUMBER_ANSWER else None


def _result(rules: LocaleRules, outcome: Outcome, by: Sequence[LocalRule]) -> OutcomeResult:
    summary = outcome.summary[rules.locale] if outcome.summary else None
    return OutcomeResult(
        outcome.id,
        outcome.title[rules.locale],
        summary,
        merge_details(outcome, by),
        tuple(Reason(rule.id, rule.entry, rule.path, rule.line) for rule in by),
    )
