"""Exhaustive checks of the rules, run by ``kbgen check`` and by every build.

Numbers are split at every threshold the rules use, so the ranges between
thresholds are the only number answers that can behave differently; with the
choices, that makes a finite set of combinations of answers. Walking the quiz as
a reader would (a question only where it is asked, a choice only where it is
offered) visits each distinct *case* once; every combination of answers is one of
these cases with answers to questions that are not asked, which are ignored. For
every case: at least one outcome, no outcome both granted and refused, no two
rules giving the same outcome different details; and every rule fires in some case.
The quiz is the same in every locale (only its labels differ), so it is checked
once, for every locale.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import replace

from kbgen.errors import Problem
from kbgen.rules.book import (
    PROGRAMME_QUESTION,
    Answer,
    CheckStats,
    LocaleRules,
    LocalQuestion,
    LocalRule,
    RuleBook,
)
from kbgen.rules.evaluator import is_asked

#: Cases without an outcome reported per programme before the rest are counted.
_MAX_EXAMPLES = 5


def verify(book: RuleBook) -> list[Problem]:
    """Check the quiz; records what was checked, by programme, in ``book.stats``."""
    if not book.locales or not book.programmes:
        return []
    rules = book.for_locale(book.locales[0])
    problems: list[Problem] = []
    for programme in book.programmes:
        problems += _verify_programme(book, rules, programme)
    return problems


def question_values(
    question: LocalQuestion, answers: Mapping[str, Answer] | None = None
) -> list[Answer]:
    """One answer per range of a number (split at every threshold), or each choice
    (offered after ``answers``, if given)."""
    if question.is_number:
        return [low for low, _high in question.intervals()]
    if answers is None:
        return list(question.choice_ids())
    return list(question.offered_ids(answers))


def intervals_after(
    rules: LocaleRules, question: LocalQuestion, earlier: Mapping[str, Answer]
) -> list[tuple[int, int | None]]:
    """The ranges of a number answer that the rules still possible after the ``earlier``
    answers treat alike: only their thresholds split it (not another document's)."""
    cuts: set[int] = set()
    for rule in rules.mentioning.get(question.id, ()):
        condition = rule.questions[question.id]
        if rule.live(earlier):
            if condition.low is not None:
                cuts.add(condition.low)
            if condition.high is not None:
                cuts.add(condition.high + 1)
    return replace(question, cuts=tuple(sorted(c for c in cuts if c > 0))).intervals()


def number_range(
    rules: LocaleRules, question: LocalQuestion, answers: Mapping[str, Answer]
) -> tuple[int, int | None]:
    """The range, among those after the earlier answers, that a number answer falls in."""
    order = [q.id for q in rules.questions]
    earlier = {
        k: v for k, v in answers.items() if k in order and order.index(k) < order.index(question.id)
    }
    value = answers[question.id]
    assert isinstance(value, int)
    return next(
        (low, high)
        for low, high in intervals_after(rules, question, earlier)
        if high is None or value <= high
    )


def cases(rules: LocaleRules, programme: str | None = None) -> Iterator[dict[str, Answer]]:
    """Every distinct case (of one programme, if given): the answers to the questions
    that are asked, in order."""

    def values(question: LocalQuestion, answers: Mapping[str, Answer]) -> list[Answer]:
        if question.is_number:
            return [low for low, _high in intervals_after(rules, question, answers)]
        return question_values(question, answers)

    def walk(start: int, answers: dict[str, Answer]) -> Iterator[dict[str, Answer]]:
        for index in range(start, len(rules.questions)):
            question = rules.questions[index]
            if is_asked(rules, question.id, answers):
                for value in values(question, answers):
                    yield from walk(index + 1, {**answers, question.id: value})
                return
        yield answers

    if programme is None:
        yield from walk(0, {})
    else:
        yield from walk(1, {PROGRAMME_QUESTION: programme})


def combinations(
    rules: LocaleRules, programme: str, *, both_ends: bool = False
) -> Iterator[dict[str, Answer]]:
    """Every combination of answers to the questions of one programme (those of the
    others are never asked), every choice included, offered or not.

    With ``both_ends``, numbers take the first and the last value of each range
    (and one well above the last threshold), to test that nothing depends on
    where in a range an answer falls.
    """
    axes: list[list[Answer]] = []
    for question in rules.programme_questions(programme):
        if question.id == PROGRAMME_QUESTION:
            axes.append([programme])
            continue
        if not question.is_number:
            axes.append(list(question.choice_ids()))
        elif both_ends:
            ends: list[Answer] = []
            for low, high in question.intervals():
                ends += [low, high if high is not None else low + 1000]
            axes.append(sorted(set(ends), key=int))
        else:
            axes.append(question_values(question))
    ids = [question.id for question in rules.programme_questions(programme)]
    for values in itertools.product(*axes):
        yield dict(zip(ids, values, strict=True))


def describe(rules: LocaleRules, answers: Mapping[str, Answer]) -> str:
    """``product_line=home, days_since_purchase=31-60`` for messages."""
    parts = []
    for question in rules.questions:
        if question.id not in answers:
            continue
        value = answers[question.id]
        if question.is_number:
            low, high = number_range(rules, question, answers)
            shown = f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")
            parts.append(f"{question.id}={shown}")
        else:
            parts.append(f"{question.id}={value}")
    return ", ".join(parts) or "no question is asked"


def _verify_programme(book: RuleBook, rules: LocaleRules, programme: str) -> list[Problem]:
    source = book.sources[programme]
    own = [rule for rule in rules.rules if rule.programme == programme]
    problems: list[Problem] = []
    fired_ever: set[str] = set()
    without_outcome: list[dict[str, Answer]] = []
    clashes: dict[tuple[str, ...], Problem] = {}
    count = 0
    for case in cases(rules, programme):
        count += 1
        fired = [rule for rule in own if rule.fires(case)]
        fired_ever.update(rule.id for rule in fired)
        granted = {outcome for rule in fired for outcome in rule.grant}
        refused = {outcome for rule in fired for outcome in rule.refuse}
        if not granted - refused:
            without_outcome.append(case)
        for outcome in sorted(granted & refused):
            for by, against in itertools.product(fired, fired):
                if outcome in by.grant and outcome in against.refuse:
                    clashes.setdefault(
                        ("refuse", by.id, against.id, outcome),
                        _at(
                            against,
                            f"outcome {outcome!r} is granted by rule {by.id!r} ({by.where}) "
                            f"and refused by rule {against.id!r} when "
                            f"{describe(rules, case)}",
                            "KB106",
                        ),
                    )
        for outcome in sorted(granted):
            _check_details(rules, case, outcome, fired, clashes)
    for case in without_outcome[:_MAX_EXAMPLES]:
        problems.append(
            Problem(
                source.path,
                source.line(("rules",)),
                "rules",
                f"no outcome when {describe(rules, case)}",
                "KB105",
            )
        )
    if len(without_outcome) > _MAX_EXAMPLES:
        problems.append(
            Problem(
                source.path,
                source.line(("rules",)),
                "rules",
                f"no outcome in {len(without_outcome) - _MAX_EXAMPLES} more case(s)",
                "KB105",
            )
        )
    problems += clashes.values()
    for rule in own:
        if rule.id not in fired_ever:
            problems.append(
                _at(
                    rule,
                    f"rule {rule.id!r} never fires: "
                    "no combination of answers meets all its conditions",
                    "KB107",
                )
            )
    book.stats[programme] = CheckStats(programme, len(own), count, rules.combinations(programme))
    return problems


def _check_details(
    rules: LocaleRules,
    case: Mapping[str, Answer],
    outcome: str,
    fired: list[LocalRule],
    clashes: dict[tuple[str, ...], Problem],
) -> None:
    giving = [rule for rule in fired if outcome in rule.details and outcome in rule.grant]
    for first, second in itertools.combinations(giving, 2):
        a, b = first.details[outcome], second.details[outcome]
        for key in sorted(set(a.given()) & set(b.given())):
            if getattr(a, key) != getattr(b, key):
                clashes.setdefault(
                    ("details", first.id, second.id, outcome, key),
                    _at(
                        second,
                        f"rules {first.id!r} ({first.where}) and {second.id!r} give outcome "
                        f"{outcome!r} different {key} when "
                        f"{describe(rules, case)}",
                        "KB108",
                    ),
                )


def _at(rule: LocalRule, message: str, code: str) -> Problem:
    return Problem(rule.path, rule.line, rule.key, message, code)
