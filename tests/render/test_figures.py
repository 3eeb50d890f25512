"""Whose figures a page shows: sources of facts that differ, and translations that name
the language they were made from and quote the facts of its document."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FAQ, SmallProject, copy_project, run_kbgen
from tests.pages import find, find_all, page, text


def test_a_fact_that_documents_state_differently_names_each_source(shipped_site: Path) -> None:
    doc = page(shipped_site, "fr/entries/home-user-support-options/")
    note = find(doc, "div", **{"data-kb-figures": ""})
    items = [
        text(item) for item in find_all(note, "li") if item.get("data-kb-fact") == "ppi_price_home"
    ]
    assert items == [
        "20,00 $US — Source : français · Canada · 2011",
        "9,95 $US ou 11,95 € — Source : chinois (traditionnel) · Taïwan · 2009 — "
        "Combien coûte le support Pay Per Incident (PPI) ?",
    ]
    shown = [i for i in find_all(note, "li") if i.get("data-kb-shown") is not None]
    assert {i.get("data-kb-fact") for i in shown} >= {"ppi_price_home"}
    link = find_all(note, "a")[0]
    assert link.get("href") == "../ppi-price/"


def test_a_page_whose_facts_are_its_own_alone_has_no_note(shipped_site: Path) -> None:
    doc = page(shipped_site, "pl/entries/ms-response-times/")
    assert [d for d in find_all(doc, "div") if d.get("data-kb-figures") is not None] == []


def test_a_translation_quotes_the_facts_of_the_document_it_follows(shipped_site: Path) -> None:
    """The pl translation of a zh-TW answer quotes the zh-TW document's prices, the pl way."""
    doc = page(shipped_site, "pl/entries/ppi-price/")
    answer = find(doc, "div", **{"data-kb-entry": "ppi-price"})
    assert "9,95 USD lub 11,95 €" in text(answer)
    origin = find(doc, "p", **{"data-kb-translated-from": "zh-TW"})
    assert text(origin) == "Przetłumaczono z języka: chiński (tradycyjne)."
    note = find(doc, "div", **{"data-kb-figures": ""})
    items = [
        text(item) for item in find_all(note, "li") if item.get("data-kb-fact") == "ppi_price_home"
    ]
    assert items[0] == "9,95 USD lub 11,95 € — Źródło: chiński (tradycyjne) · Tajwan · 2009"
    assert items[1].startswith("20,00 USD — Źródło: francuski · Kanada · 2011 — ")


def test_a_translation_is_marked_against_the_text_it_was_made_from(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    entry = root / "content/entries/acronis-advantage/ppi-price.yaml"
    text_ = entry.read_text("utf-8")
    entry.write_text(
        text_.replace("按件計費支援 (PPI) 的費用是多少?", "PPI 的費用是多少?", 1), "utf-8"
    )
    outdated = run_kbgen("status", "--locale", "pl", "--json", cwd=root)
    assert '"id": "ppi-price"' in outdated.stdout
    result = run_kbgen("status", "--mark", "ppi-price", "--locale", "pl", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Marked: the pl translation of ppi-price follows the current zh-TW text"
    )
    again = run_kbgen("status", "--locale", "pl", "--json", cwd=root)
    assert '"id": "ppi-price"' not in again.stdout


def test_a_translation_cannot_be_translated_from_itself(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    entry = root / "content/entries/acronis-advantage/ppi-price.yaml"
    lines = entry.read_text("utf-8").splitlines()
    start = lines.index("  pl:")
    at = next(i for i in range(start, len(lines)) if lines[i] == "    translated_from: zh-TW")
    lines[at] = "    translated_from: pl"
    entry.write_text("\n".join(lines) + "\n", "utf-8")
    result = run_kbgen("check", cwd=root)
    assert result.returncode == 1
    assert (
        f"content/entries/acronis-advantage/ppi-price.yaml:{at + 1}: error KB002: "
        "translations.pl.translated_from: a translation cannot be translated from itself"
    ) in result.stderr


def test_translated_from_must_name_a_translation_of_the_entry(small_project: SmallProject) -> None:
    polish = (
        "  pl:\n    updated: 2026-11-22\n    translated_from: ro\n"
        "    question: Czy mogę zrobić kopię?\n    answer: Tak.\n"
    )
    path = small_project.write(
        "content/entries/copy.yaml", FAQ.format(id="copy", related="[]") + polish
    )
    result = run_kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    line = path.read_text("utf-8").splitlines().index("    translated_from: ro") + 1
    assert (
        f"content/entries/copy.yaml:{line}: error KB002: translations.pl.translated_from: "
        "there is no 'ro' translation to be translated from; this entry has fr, pl"
    ) in result.stderr
