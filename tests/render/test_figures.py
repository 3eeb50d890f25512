"""Whose figures a page shows: sources of facts that differ, and translations that name
the language they were made from and quote the facts of its document."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import copy_project, run_kbgen
from tests.pages import find, find_all, page, text

#: A Polish translation of the zh-TW entry that quotes the pay-per-incident prices.
POLISH_PPI = """\
  pl:
    updated: 2026-12-06
    translated_from: zh-TW
    question: Ile kosztuje pomoc techniczna płatna za zgłoszenie (PPI)?
    answer: |
      Cena pomocy za zgłoszenie dla produktów Acronis True Image Home wynosi {{ fact("ppi_price_home") }} za zgłoszenie.
    keywords: [cena PPI]
"""


def test_a_fact_that_documents_state_differently_names_each_source(shipped_site: Path) -> None:
    doc = page(shipped_site, "fr/entries/home-user-support-options/")
    note = find(doc, "div", **{"data-kb-figures": ""})
    items = [
        text(item) for item in find_all(note, "li") if item.get("data-kb-fact") == "ppi_price_home"
    ]
    assert items == [
        "20,00 $US — Source : français · Canada · 2011",
        "9,95 $US ou 11,95 € — Source : chinois (traditionnel) · Taïwan · 2009 — "
        "按件計費支援 (PPI) 的費用是多少?",
    ]
    shown = [i for i in find_all(note, "li") if i.get("data-kb-shown") is not None]
    assert {i.get("data-kb-fact") for i in shown} >= {"ppi_price_home"}
    link = find_all(note, "a")[0]
    assert link.get("href") == "../../../zh-TW/entries/ppi-price/"
    assert link.get("lang") == "zh-TW"


def test_a_page_whose_facts_are_its_own_alone_has_no_note(shipped_site: Path) -> None:
    doc = page(shipped_site, "pl/entries/ms-response-times/")
    assert [d for d in find_all(doc, "div") if d.get("data-kb-figures") is not None] == []


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    root = copy_project(tmp_path)
    entry = root / "content/entries/acronis-advantage/ppi-price.yaml"
    entry.write_text(entry.read_text("utf-8").rstrip("\n") + "\n" + POLISH_PPI, "utf-8")
    return root


def test_a_translation_quotes_the_facts_of_the_document_it_follows(translated: Path) -> None:
    result = run_kbgen("check", cwd=translated)
    assert result.returncode == 0, result.stderr
    site = translated / "site"
    build_site(load_project(translated / "mkdocs.yml"), site, jobs=1, locales=["pl"])
    doc = page(site, "pl/entries/ppi-price/")
    answer = find(doc, "div", **{"data-kb-entry": "ppi-price"})
    assert "9,95 USD lub 11,95 € za zgłoszenie" in text(answer)
    origin = find(doc, "p", **{"data-kb-translated-from": "zh-TW"})
    assert text(origin) == "Przetłumaczono z języka: chiński (tradycyjne)."
    note = find(doc, "div", **{"data-kb-figures": ""})
    assert next(text(item) for item in find_all(note, "li")) == (
        "9,95 USD lub 11,95 € — Źródło: chiński (tradycyjne) · Tajwan · 2009"
    )


def test_a_translation_is_marked_against_the_text_it_was_made_from(translated: Path) -> None:
    result = run_kbgen("status", "--mark", "ppi-price", "--locale", "pl", cwd=translated)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Marked: the pl translation of ppi-price follows the current zh-TW text"
    )
    status = run_kbgen("status", "--locale", "pl", "--json", cwd=translated)
    assert '"outdated": []' in status.stdout.replace("\n", "").replace("  ", "") or (
        "ppi-price" not in status.stdout.split('"missing"')[0]
    )


def test_translated_from_must_name_a_translation_of_the_entry(translated: Path) -> None:
    entry = translated / "content/entries/acronis-advantage/ppi-price.yaml"
    entry.write_text(
        entry.read_text("utf-8").replace("translated_from: zh-TW", "translated_from: ro"), "utf-8"
    )
    result = run_kbgen("check", cwd=translated)
    assert result.returncode == 1
    line = entry.read_text("utf-8").splitlines().index("    translated_from: ro") + 1
    assert (
        f"content/entries/acronis-advantage/ppi-price.yaml:{line}: error KB002: "
        "translations.pl.translated_from: there is no 'ro' translation to be translated from; "
        "this entry has pl, zh-TW"
    ) in result.stderr
