"""The shipped knowledge base with its rules, loaded once for the rules tests."""

from __future__ import annotations

import pytest

from kbgen.i18n import load_translations
from kbgen.project import KnowledgeBase, load_knowledge_base
from kbgen.rules import FactFormatter, RuleBook, evaluate
from kbgen.rules.book import Answer
from kbgen.rules.evaluator import Result
from kbgen.rules.verification import combinations
from tests.conftest import ROOT

LOCALES = ("zh-TW", "zh-CN", "fr", "ro", "pl")


@pytest.fixture(scope="session")
def shipped_kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "content", LOCALES, ROOT)


@pytest.fixture(scope="session")
def book(shipped_kb: KnowledgeBase) -> RuleBook:
    assert shipped_kb.rules is not None
    return shipped_kb.rules


def formatter(book: RuleBook, locale: str) -> FactFormatter:
    return FactFormatter(book, locale, load_translations(ROOT / "locales", locale))


@pytest.fixture(scope="session")
def every_combination(book: RuleBook) -> list[tuple[dict[str, Answer], Result]]:
    """Every combination of answers to each programme's questions (numbers at both ends of
    every range), evaluated once: the quiz and its verdicts are the same in every locale."""
    quiz = book.for_locale(LOCALES[0])
    answers = [a for p in book.programmes for a in combinations(quiz, p, both_ends=True)]
    return [(a, evaluate(book, LOCALES[0], a)) for a in answers]
