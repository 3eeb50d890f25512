"""The rule book: every programme, and the one quiz they make, as one locale sees it.

The quiz is the same in every locale: first which programme (``programme``), then
that programme's questions, their ids qualified by the programme's
(``acronis.severity``), the first of them, where the programme has several
documents, which document applies (``acronis.document``). Each rule holds where
its programme and its document are chosen, with every threshold resolved to a
number from its document's facts. ``LocaleRules`` is this quiz with one locale's
labels: the contract between the Python evaluator, the verification, the pages and
the browser; the exported JSON (``kbgen.rules.export``) is this object as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from kbgen.rules.model import (
    DETAIL_KEYS,
    AnyFactValue,
    Details,
    DurationValue,
    Fact,
    NumberCondition,
    Outcome,
    Programme,
)
from kbgen.source import Source

#: An answer: a choice id, or a whole number for a number question.
Answer = str | int

#: The first question of the quiz: which programme.
PROGRAMME_QUESTION = "programme"
#: A programme's question of which of its documents applies (qualified by its id).
DOCUMENT_QUESTION = "document"

#: Months in one unit of a duration, for thresholds on a question in months.
_MONTHS = {"month": 1, "year": 12}


def qualified(programme: str, local_id: str) -> str:
    """The quiz's id of a programme's question, outcome or rule.

    >>> qualified("acronis", "severity")
    'acronis.severity'
    """
    return f"{programme}.{local_id}"


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
    programme: str | None = None
    """The programme whose question it is; ``None`` for the choice of programme."""
    offered: tuple[tuple[str, Condition], ...] = ()
    """The choices offered only where a condition on an earlier answer holds."""

    @property
    def is_number(self) -> bool:
        return self.unit is not None

    def choice_ids(self) -> list[str]:
        return [choice for choice, _label in self.choices]

    def offers(self, choice: str, answers: Mapping[str, Answer]) -> bool:
        """Whether ``choice`` is offered after ``answers`` (an unanswered condition: no)."""
        for restricted, condition in self.offered:
            if restricted == choice:
                answer = answers.get(condition.question)
                return answer is not None and condition.holds(answer)
        return True

    def offered_ids(self, answers: Mapping[str, Answer]) -> list[str]:
        return [choice for choice in self.choice_ids() if self.offers(choice, answers)]

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
    """By granted outcome: the outcome's own details, with the rule's in their place."""
    path: str
    line: int
    programme: str
    document: str
    scope: str
    """The locale of the rule's document, whose facts its details quote."""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def key(self) -> str:
        return f"rules[{self.index}]"

    def mentions(self, question: str) -> bool:
        return question in self.questions

    @cached_property
    def questions(self) -> dict[str, Condition]:
        """Its condition on each question it has one on (one per question)."""
        return {c.question: c for c in self.conditions}

    def live(self, answers: Mapping[str, Answer]) -> bool:
        """No answer given so far rules it out."""
        return all(
            c.question not in answers or c.holds(answers[c.question]) for c in self.conditions
        )

    def fires(self, answers: Mapping[str, Answer]) -> bool:
        """Every condition is answered and holds."""
        return all(c.question in answers and c.holds(answers[c.question]) for c in self.conditions)


@dataclass(frozen=True)
class QuizOutcome:
    """An outcome of a programme, under its qualified id."""

    id: str
    programme: str
    outcome: Outcome


@dataclass(frozen=True)
class LocaleRules:
    """The quiz in one locale: its questions with that locale's labels, and every rule."""

    locale: str
    programmes: tuple[Programme, ...]
    questions: tuple[LocalQuestion, ...]
    rules: tuple[LocalRule, ...]
    outcomes: tuple[QuizOutcome, ...]

    def question(self, question_id: str) -> LocalQuestion | None:
        return self._questions.get(question_id)

    @cached_property
    def _questions(self) -> dict[str, LocalQuestion]:
        return {q.id: q for q in self.questions}

    @cached_property
    def mentioning(self) -> dict[str, tuple[LocalRule, ...]]:
        """By question: the rules with a condition on it, in order (what asks it)."""
        return {
            q.id: tuple(rule for rule in self.rules if rule.mentions(q.id)) for q in self.questions
        }

    def outcome(self, outcome_id: str) -> QuizOutcome:
        return next(o for o in self.outcomes if o.id == outcome_id)

    def title(self, outcome_id: str) -> str:
        return self.outcome(outcome_id).outcome.title[self.locale]

    def programme_questions(self, programme: str) -> list[LocalQuestion]:
        """The questions of one programme, its choice included, in order."""
        return [q for q in self.questions if q.programme == programme or q.id == PROGRAMME_QUESTION]

    def combinations(self, programme: str) -> int:
        """How many combinations of answers to one programme's questions there are,
        numbers split at every threshold (the other programmes' are never asked)."""
        total = 1
        for question in self.programme_questions(programme):
            if question.id == PROGRAMME_QUESTION:
                continue
            total *= len(question.intervals()) if question.is_number else len(question.choices)
        return total


@dataclass(frozen=True)
class CheckStats:
    """What the verification went through for one programme."""

    programme: str
    rules: int
    cases: int
    combinations: int


@dataclass
class RuleBook:
    """Every programme of the site, validated, with where each was read from."""

    programmes: dict[str, Programme] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    locales: tuple[str, ...] = ()
    """The site's locales: every one of them publishes the quiz."""
    stats: dict[str, CheckStats] = field(default_factory=dict)
    unloaded: dict[tuple[str, str], str] = field(default_factory=dict)
    """The facts of the files that could not be loaded, ``("fact", id)``, with the file."""
    _compiled: dict[str, LocaleRules] = field(default_factory=dict, repr=False)

    @property
    def rule_count(self) -> int:
        return sum(len(p.rules) for p in self.programmes.values())

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
        """The quiz in ``locale``; ``KeyError`` when the site has no such locale."""
        if locale not in self._compiled:
            if locale not in self.locales:
                raise KeyError(locale)
            self._compiled[locale] = _compile(self, locale)
        return self._compiled[locale]


def document_question(programme: Programme) -> str | None:
    """The id of the question of which document applies; ``None`` with one document."""
    if len(programme.documents) < 2:
        return None
    return qualified(programme.id, DOCUMENT_QUESTION)


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


def merged_details(outcome: Outcome, own: Details | None) -> Details:
    """An outcome's own details, with those a rule gives in their place."""
    if own is None:
        return outcome.details
    values = {key: getattr(outcome.details, key) for key in DETAIL_KEYS}
    values.update({key: getattr(own, key) for key in own.given()})
    return Details(**values)


def _compile(book: RuleBook, locale: str) -> LocaleRules:
    programmes = tuple(book.programmes.values())
    questions: list[LocalQuestion] = [
        LocalQuestion(
            PROGRAMME_QUESTION,
            "",
            tuple((p.id, p.name[locale]) for p in programmes),
        )
    ]
    rules: list[LocalRule] = []
    outcomes: list[QuizOutcome] = []
    for programme in programmes:
        _compile_programme(book, programme, locale, questions, rules)
        outcomes += [
            QuizOutcome(qualified(programme.id, o.id), programme.id, o) for o in programme.outcomes
        ]
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
    return LocaleRules(locale, programmes, tuple(cut_questions), tuple(rules), tuple(outcomes))


def _compile_programme(
    book: RuleBook,
    programme: Programme,
    locale: str,
    questions: list[LocalQuestion],
    rules: list[LocalRule],
) -> None:
    source = book.sources[programme.id]
    which = document_question(programme)
    if which is not None:
        questions.append(
            LocalQuestion(
                which,
                "",
                tuple((doc_id, doc.label[locale]) for doc_id, doc in programme.documents.items()),
                programme=programme.id,
            )
        )
    units: dict[str, str] = {}
    order: dict[str, list[str]] = {}
    for question in programme.questions:
        offered = tuple(
            (choice.id, Condition(which, values=tuple(choice.documents)))
            for choice in question.choices
            if choice.documents is not None and which is not None
        )
        questions.append(
            LocalQuestion(
                qualified(programme.id, question.id),
                question.label[locale],
                tuple((choice.id, choice.label[locale]) for choice in question.choices),
                question.unit,
                programme=programme.id,
                offered=offered,
            )
        )
        order[question.id] = [c.id for c in question.choices]
        if question.unit is not None:
            units[question.id] = question.unit
    outcomes = {o.id: o for o in programme.outcomes}
    for index, rule in enumerate(programme.rules):
        scope = programme.documents[rule.document].locale
        conditions = [Condition(PROGRAMME_QUESTION, values=(programme.id,))]
        if which is not None:
            conditions.append(Condition(which, values=(rule.document,)))
        conditions += [
            _number_condition(book, qualified(programme.id, name), condition, units[name], scope)
            if isinstance(condition, NumberCondition)
            else Condition(
                qualified(programme.id, name),
                values=tuple(c for c in order[name] if c in condition),
            )
            for name, condition in rule.when.items()
        ]
        rules.append(
            LocalRule(
                id=qualified(programme.id, rule.id),
                index=index,
                entry=rule.entry,
                conditions=tuple(conditions),
                grant=tuple(qualified(programme.id, o) for o in rule.grant),
                refuse=tuple(qualified(programme.id, o) for o in rule.refuse),
                details={
                    qualified(programme.id, o): merged_details(outcomes[o], rule.details.get(o))
                    for o in rule.grant
                },
                path=source.path,
                line=source.line(("rules", index)),
                programme=programme.id,
                document=rule.document,
                scope=scope,
            )
        )
