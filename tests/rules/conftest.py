"""The shipped knowledge base with its rules, loaded once for the rules tests."""

from __future__ import annotations

import pytest

from kbgen.i18n import load_translations
from kbgen.project import KnowledgeBase, load_knowledge_base
from kbgen.rules import FactFormatter, RuleBook
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
