"""The rule book: every programme, and each programme as one locale sees it.

``LocaleRules`` is the contract between the Python evaluator, the verification,
the pages and the browser: the questions asked in that locale with the answers
offered there, and the rules scoped to it with every threshold resolved to a
number. The exported JSON (``kbgen.rules.export``) is this object as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from kbgen.rules.model import (
    AnyFactValue,
    Details,
    DurationValue,
    Fact,
    NumberCondition,
    Outcome,
    Programme,
    Question,
)
from kbgen.source import Source

#: An answer: a choice id, or a whole number for a number question.
Answer = str | int

#: Months in one unit of a duration, for thresholds on a question in months.
_MONTHS = {"month": 1, "year": 12}


@dataclass(frozen=True)
class Condition:
    """One condition of a rule: the answer is one of ``values``, or ``low <= answer <= high``."""

    question: str
    values: tuple[str, ...] | None = None
    low: int | None = None
    high: int | None = None

    def holds(self, answer: Answer) -> bool:
        if self.values is not None:
            return answer in self.values
        assert isinstance(answer, int)
        return (self.low is None or answer >= self.low) and (
            self.high is None or answer <= self.high
        )


@dataclass(frozen=True)
class LocalQuestion:
    """A question as asked in one locale."""

    id: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    unit: str | None = None
    cuts: tuple[int, ...] = ()
    """Number questions: the answers at which some rule starts or stops holding."""

    @property
    def is_number(self) -> bool:
        return self.unit is not None

    def choice_ids(self) -> list[str]:
        return [choice for choice, _label in self.choices]

    def intervals(self) -> list[tuple[int, int | None]]:
        """Number questions: the ranges of answers that every rule treats alike.

        >>> LocalQuestion("days", "Days", unit="day", cuts=(31, 61)).intervals()
        [(0, 30), (31, 60), (61, None)]
        """
        starts = [0, *self.cuts]
        ends: list[int | None] = [start - 1 for start in self.cuts]
        return list(zip(starts, [*ends, None], strict=True))


@dataclass(frozen=True)
class LocalRule:
    """A rule as it applies in one locale, with its thresholds as numbers."""

    id: str
    index: int
    entry: str
    conditions: tuple[Condition, ...]
    grant: tuple[str, ...]
    refuse: tuple[str, ...]
    details: Mapping[str, Details]
    path: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def key(self) -> str:
        return f"rules[{self.index}]"

    def mentions(self, question: str) -> bool:
        return any(c.question == question for c in self.conditions)

    def live(self, answers: Mapping[str, Answer]) -> bool:
        """No answer given so far rules it out."""
        return all(
            c.question not in answers or c.holds(answers[c.question]) for c in self.conditions
        )

    def fires(self, answers: Mapping[str, Answer]) -> bool:
        """Every condition is answered and holds."""
        return all(c.question in answers and c.holds(answers[c.question]) for c in self.conditions)


@dataclass(frozen=True)
class LocaleRules:
    """One programme in one locale: what the quiz asks there and the rules that apply."""

    locale: str
    programme: Programme
    questions: tuple[LocalQuestion, ...]
    rules: tuple[LocalRule, ...]
    path: str

    @property
    def outcomes(self) -> list[Outcome]:
        return self.programme.outcomes

    def question(self, question_id: str) -> LocalQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def outcome(self, outcome_id: str) -> Outcome:
        return next(o for o in self.programme.outcomes if o.id == outcome_id)

    def title(self, outcome_id: str) -> str:
        return self.outcome(outcome_id).title[self.locale]

    def combinations(self) -> int:
        """How many combinations of answers there are, numbers split at every threshold."""
        total = 1
        for question in self.questions:
            total *= len(question.intervals()) if question.is_number else len(question.choices)
        return total


@dataclass(frozen=True)
class CheckStats:
    """What the verification went through in one locale."""

    programme: str
    rules: int
    cases: int
    combinations: int


@dataclass
class RuleBook:
    """Every programme of the site, validated, with where each was read from."""

    programmes: dict[str, Programme] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    stats: dict[str, CheckStats] = field(default_factory=dict)
    unloaded: dict[tuple[str, str], str] = field(default_factory=dict)
    """The facts of the files that could not be loaded, ``("fact", id)``, with the file."""
    _compiled: dict[str, LocaleRules] = field(default_factory=dict, repr=False)

    @property
    def locales(self) -> list[str]:
        return [tag for programme in self.programmes.values() for tag in programme.locales]

    @property
    def rule_count(self) -> int:
        return sum(len(p.rules) for p in self.programmes.values())

    def programme_for(self, locale: str) -> Programme | None:
        return next((p for p in self.programmes.values() if locale in p.locales), None)

    @cached_property
    def facts(self) -> dict[str, Fact]:
        return {fact.id: fact for p in self.programmes.values() for fact in p.facts}

    def fact_programme(self, fact_id: str) -> Programme | None:
        """The programme that holds a fact."""
        return next(
            (p for p in self.programmes.values() if any(f.id == fact_id for f in p.facts)),
            None,
        )

    def fact_value(self, fact_id: str, locale: str) -> AnyFactValue | None:
        """The value of a fact that the documents of ``locale`` state, if any."""
        fact = self.facts.get(fact_id)
        if fact is None:
            return None
        return next((value for value in fact.values if locale in value.locales), None)

    def for_locale(self, locale: str) -> LocaleRules:
        """The programme published in ``locale``; ``KeyError`` when there is none."""
        if locale not in self._compiled:
            programme = self.programme_for(locale)
            if programme is None:
                raise KeyError(locale)
            self._compiled[locale] = _compile(self, programme, locale)
        return self._compiled[locale]


def question_locales(programme: Programme, question: Question) -> list[str]:
    return question.locales or programme.locales


def choice_locales(programme: Programme, question: Question, choice_id: str) -> list[str]:
    choice = next(c for c in question.choices if c.id == choice_id)
    return choice.locales or question_locales(programme, question)


def threshold_value(book: RuleBook, value: int | str, unit: str, locale: str) -> int:
    """A threshold as a number in the question's unit: a number, or a duration fact."""
    if isinstance(value, int):
        return value
    fact_value = book.fact_value(value, locale)
    assert isinstance(fact_value, DurationValue), value
    duration = fact_value.value
    if unit == "day":
        assert duration.unit == "day", value
        return duration.amount
    return duration.amount * _MONTHS[duration.unit]


def _number_condition(
    book: RuleBook, question: str, condition: NumberCondition, unit: str, locale: str
) -> Condition:
    low: int | None = None
    high: int | None = None
    for name, value in condition.bounds():
        number = threshold_value(book, value, unit, locale)
        if name == "at_most":
            high = number if high is None else min(high, number)
        elif name == "below":
            high = number - 1 if high is None else min(high, number - 1)
        elif name == "at_least":
            low = number if low is None else max(low, number)
        else:
            low = number + 1 if low is None else max(low, number + 1)
    return Condition(question, low=low, high=high)


def _compile(book: RuleBook, programme: Programme, locale: str) -> LocaleRules:
    source = book.sources[programme.id]
    questions: list[LocalQuestion] = []
    units: dict[str, str] = {}
    for question in programme.questions:
        if locale not in question_locales(programme, question):
            continue
        choices = tuple(
            (choice.id, choice.label[locale])
            for choice in question.choices
            if locale in choice_locales(programme, question, choice.id)
        )
        questions.append(LocalQuestion(question.id, question.label[locale], choices, question.unit))
        if question.unit is not None:
            units[question.id] = question.unit
    order = {q.id: [c for c, _ in q.choices] for q in questions}
    rules: list[LocalRule] = []
    for index, rule in enumerate(programme.rules):
        if locale not in rule.locales:
            continue
        conditions = tuple(
            _number_condition(book, name, condition, units[name], locale)
            if isinstance(condition, NumberCondition)
            else Condition(name, values=tuple(c for c in order[name] if c in condition))
            for name, condition in rule.when.items()
        )
        rules.append(
            LocalRule(
                id=rule.id,
                index=index,
                entry=rule.entry,
                conditions=conditions,
                grant=tuple(rule.grant),
                refuse=tuple(rule.refuse),
                details=rule.details,
                path=source.path,
                line=source.line(("rules", index)),
            )
        )
    cut_questions = []
    for local in questions:
        cuts: set[int] = set()
        for compiled in rules:
            for condition in compiled.conditions:
                if condition.question == local.id:
                    if condition.low is not None:
                        cuts.add(condition.low)
                    if condition.high is not None:
                        cuts.add(condition.high + 1)
        cut_questions.append(replace(local, cuts=tuple(sorted(c for c in cuts if c > 0))))
    return LocaleRules(locale, programme, tuple(cut_questions), tuple(rules), source.path)
