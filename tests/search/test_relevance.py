"""Recall@5 of the evaluation set: the right entries come first, in every locale."""

from __future__ import annotations

import pytest

from kbgen.search import LocaleSearch
from tests.search.conftest import LOCALES
from tests.search.relevance import EVALUATION


def recall_at_5(search: LocaleSearch, locale: str) -> float:
    total = 0.0
    for query, expected in EVALUATION[locale]:
        top = {hit.document.id for hit in search.search(query, limit=5).hits}
        total += len(top.intersection(expected)) / len(expected)
    return total / len(EVALUATION[locale])


@pytest.mark.parametrize("locale", LOCALES)
def test_recall_at_5_is_at_least_0_9(searches: dict[str, LocaleSearch], locale: str) -> None:
    assert len(EVALUATION[locale]) >= 12
    assert recall_at_5(searches[locale], locale) >= 0.9


def test_expected_entries_exist(searches: dict[str, LocaleSearch]) -> None:
    for locale in LOCALES:
        ids = {d.id for d in searches[locale].documents}
        for query, expected in EVALUATION[locale]:
            assert set(expected) <= ids, (locale, query)
