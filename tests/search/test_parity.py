"""The browser engine ranks exactly as Whoosh does, on every locale's exported index."""

from __future__ import annotations

from pathlib import Path

import opencc

from kbgen.search import LocaleSearch
from kbgen.search.analysis import fold
from tests.search.conftest import LOCALES, run_node_engine
from tests.search.relevance import EVALUATION

# Queries no customer should type, that must still behave (results or none, never an error).
ODD = [
    "",
    "   ",
    "le la les de",
    "<script>alert(1)</script>",
    "a*b?(c",
    "\u200b",
    "😀 support",
    "x" * 300,
]

EXTRA = {
    "ro": [
        "reînnoire",
        "reinnoire",
        "contractul de întreținere",
        "contractul de intretinere",
        "licențiere",
        "licentiere",
        "asistență tehnică",
        "asistenta tehnica",
        "ţară şi licenţă",
        "actualizați produsul",
        "actualizati produsul",
        "Symantec",
    ],
}


def parity_queries(search: LocaleSearch, locale: str) -> list[str]:
    """Evaluation queries, each entry's keywords as typed, without accents or in the
    other Chinese script, extra ones, and odd ones."""
    queries = [query for query, _expected in EVALUATION[locale]]
    other_script = opencc.OpenCC("t2s" if locale == "zh-TW" else "s2t")
    for document in search.documents:
        keywords = document.keywords.splitlines()
        queries += keywords[:1]
        if len(keywords) > 1:
            queries.append(
                other_script.convert(keywords[1]) if locale.startswith("zh") else fold(keywords[1])
            )
        queries.append(" ".join(document.title.split()[:4]))
    return queries + EXTRA.get(locale, []) + ODD


def test_every_locale_has_at_least_30_queries(searches: dict[str, LocaleSearch]) -> None:
    for locale in LOCALES:
        assert len(parity_queries(searches[locale], locale)) >= 30, locale


def test_browser_engine_ranks_as_whoosh(
    shipped_site: Path, searches: dict[str, LocaleSearch]
) -> None:
    queries = {locale: parity_queries(searches[locale], locale) for locale in LOCALES}
    indexes = {locale: shipped_site / locale / "search" / "index" for locale in LOCALES}
    browser = run_node_engine(indexes, queries, limit=None)
    for locale in LOCALES:
        for query, answer in zip(queries[locale], browser[locale], strict=True):
            whoosh = searches[locale].search(query, limit=None)
            assert answer["ids"] == [h.document.id for h in whoosh.hits], (locale, query)
            assert answer["total"] == whoosh.total
            for mine, theirs in zip(answer["scores"], [h.score for h in whoosh.hits], strict=True):
                assert abs(mine - theirs) < 1e-9, (locale, query)
            assert answer["suggestion"] == whoosh.suggestion, (locale, query)


def test_filters_agree(shipped_site: Path, searches: dict[str, LocaleSearch]) -> None:
    indexes = {"fr": shipped_site / "fr" / "search" / "index"}
    whoosh = searches["fr"].search("support licence", limit=None, category="licensing")
    assert whoosh.hits and all(h.document.category == "licensing" for h in whoosh.hits)
    import json
    import subprocess

    from tests.search.conftest import NODE, ROOT

    request = {
        "indexes": {"fr": str(indexes["fr"])},
        "queries": {"fr": ["support licence"]},
        "limit": None,
        "filters": {"category": "licensing"},
    }
    out = subprocess.run(
        [NODE, str(ROOT / "tests/search/engine_cli.mjs")],
        input=json.dumps(request), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(out.stdout)["fr"][0]["ids"] == [h.document.id for h in whoosh.hits]


def test_browser_snippets_mark_and_cut_as_whoosh_side(
    shipped_site: Path, searches: dict[str, LocaleSearch]
) -> None:
    """The same text around the same marks: whole terms (a Chinese word's bigrams as
    one mark), cut between words."""
    queries = {locale: parity_queries(searches[locale], locale) for locale in LOCALES}
    indexes = {locale: shipped_site / locale / "search" / "index" for locale in LOCALES}
    browser = run_node_engine(indexes, queries, limit=10)
    compared = 0
    for locale in LOCALES:
        for query, answer in zip(queries[locale], browser[locale], strict=True):
            python = [h.snippet for h in searches[locale].search(query, limit=10).hits]
            assert answer["snippets"] == python, (locale, query)
            compared += len(python)
    assert compared > 1000
