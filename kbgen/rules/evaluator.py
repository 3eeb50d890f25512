"""Evaluate the rules: which questions are asked, which rules fire, what a customer gets.

The semantics, which ``theme/assets/kbgen/quiz-engine.js`` mirrors line for line:

1. Questions are taken in their order. A question is *asked* when some rule that
   the answers to earlier questions have not ruled out has a condition on it;
   answers to questions that are not asked are ignored, and so is an answer that
   the earlier answers do not offer (a choice limited to some documents): the
   question is then still to be answered.
2. A rule *fires* when every one of its conditions is answered and holds.
3. The outcomes are those granted by a fired rule and refused by none, in the
   quiz's order; each has, for every detail, the first fired rule's that grants it
   and gives that detail (a rule gives its outcome's own details, with its own in
   their place; the verification makes sure no two fired rules disagree), and the
   rules that granted it as reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kbgen.errors import KbgenError
from kbgen.rules.book import (
    PROGRAMME_QUESTION,
    Answer,
    LocaleRules,
    LocalRule,
    QuizOutcome,
    RuleBook,
)
from kbgen.rules.export import MAX_NUMBER_ANSWER
from kbgen.rules.model import DETAIL_KEYS, Details


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
    scope: str
    """The locale of the document whose facts the details quote."""


@dataclass(frozen=True)
class Result:
    """What the rules say for one locale and a set of answers."""

    locale: str
    programme: str | None
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

    Raises ``KeyError`` when the site has no such locale and
    ``AnswerError`` for an unknown question or value.
    """
    return evaluate_local(rules.for_locale(locale), answers)


def evaluate_local(rules: LocaleRules, answers: Mapping[str, object]) -> Result:
    """``evaluate`` for the quiz already seen from its locale."""
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
    programme = accepted.get(PROGRAMME_QUESTION)
    return Result(
        rules.locale,
        programme if isinstance(programme, str) else None,
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
    # The rules that the answers accepted so far leave possible, kept as they come.
    live = list(rules.rules)
    for question in rules.questions:
        if not any(question.id in rule.questions for rule in live):
            continue
        asked.append(question.id)
        answer = answers.get(question.id)
        if answer is not None and (question.is_number or question.offers(str(answer), accepted)):
            accepted[question.id] = answer
            live = [rule for rule in live if _holds_or_absent(rule, question.id, answer)]
        else:
            missing.append(question.id)
    return accepted, asked, missing


def _holds_or_absent(rule: LocalRule, question: str, answer: Answer) -> bool:
    condition = rule.questions.get(question)
    return condition is None or condition.holds(answer)


def is_asked(rules: LocaleRules, question: str, earlier: Mapping[str, Answer]) -> bool:
    """Some rule that the earlier answers leave possible depends on ``question``."""
    return any(rule.live(earlier) for rule in rules.mentioning.get(question, ()))


def merge_details(outcome: QuizOutcome, rules: Sequence[LocalRule]) -> Details:
    """Each detail from the first granting rule that gives it."""
    values = {key: getattr(outcome.outcome.details, key) for key in DETAIL_KEYS}
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
    """Check every answer against the quiz's questions.

    Numbers may be given as text (``"10"``), as on a command line or in a URL.
    """
    result: dict[str, Answer] = {}
    for key, value in answers.items():
        question = rules.question(key)
        if question is None:
            valid = ", ".join(q.id for q in rules.questions)
            raise AnswerError(f"unknown question {key!r}; the questions are: {valid}")
        if question.unit is not None:
            number = _whole_number(value)
            if number is None:
                text = str(value)
                shown = repr(value) if len(text) <= 20 else repr(f"{text[:20]}…")
                raise AnswerError(
                    f"{key!r} takes a whole number of {question.unit}s from 0 to "
                    f"{MAX_NUMBER_ANSWER}, not {shown}"
                )
            result[key] = number
            continue
        choices = question.choice_ids()
        if value not in choices:
            raise AnswerError(
                f"unknown answer {value!r} to {key!r}; the answers are: {', '.join(choices)}"
            )
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


def _result(rules: LocaleRules, outcome: QuizOutcome, by: Sequence[LocalRule]) -> OutcomeResult:
    own = outcome.outcome
    summary = own.summary[rules.locale] if own.summary else None
    return OutcomeResult(
        outcome.id,
        own.title[rules.locale],
        summary,
        merge_details(outcome, by),
        tuple(Reason(rule.id, rule.entry, rule.path, rule.line) for rule in by),
        by[0].scope,
    )
