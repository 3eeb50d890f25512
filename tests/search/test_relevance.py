"""Recall@5 of the evaluation set: the right entries come first, in every locale."""

from __future__ import annotations

import html
import re

import pytest

from kbgen.search import LocaleSearch
from tests.search.conftest import LOCALES
from tests.search.relevance import EVALUATION, FACT_QUERIES


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


@pytest.mark.parametrize("locale", sorted(FACT_QUERIES))
def test_a_question_about_a_figure_finds_it_in_the_top_3_snippets(
    searches: dict[str, LocaleSearch], locale: str
) -> None:
    for query, entry, figure in FACT_QUERIES[locale]:
        hits = searches[locale].search(query, limit=3).hits
        found = [hit for hit in hits if hit.document.id == entry]
        assert found, (query, [hit.document.id for hit in hits])
        assert figure in html.unescape(re.sub("</?mark>", "", found[0].snippet)), query
