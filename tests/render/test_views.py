"""A locale's pages read the entries through the locale's view of them, and nothing more.

A rebuild keeps a locale unbuilt when its view's key is unchanged (``kbgen.build``): that
is sound only if the view holds all that the locale's pages and search documents read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kbgen.build import load_project
from kbgen.content.views import view_key
from kbgen.i18n import SiteLocale, load_translations
from kbgen.project import KnowledgeBase, load_project_content
from kbgen.render.pages import locale_pages
from kbgen.render.renderer import LocaleRenderer
from kbgen.search.index import documents_for
from tests.conftest import ROOT

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]


def _with_gaps(kb: KnowledgeBase) -> KnowledgeBase:
    """The shipped knowledge base with translations left out here and there (the shipped
    one has every entry in every locale), so that pages of missing entries, links to
    other locales and fallback pages are read too."""
    entries = {}
    for number, (entry_id, entry) in enumerate(kb.entries.items()):
        gone = {LOCALES[number % 5], LOCALES[(number * 3) % 5]} - {entry.source_locale}
        kept = {tag: t for tag, t in entry.translations.items() if tag not in gone}
        entries[entry_id] = entry.model_copy(update={"translations": kept})
    return KnowledgeBase(
        locales=kb.locales,
        entries=entries,
        written=entries,
        categories=kb.categories,
        products=kb.products,
        sources=kb.sources,
        rules=kb.rules,
    )


@pytest.fixture(scope="module")
def knowledge_bases() -> dict[str, KnowledgeBase]:
    kb = load_project_content(load_project(ROOT / "mkdocs.yml"))
    return {"shipped": kb, "with gaps": _with_gaps(kb)}


def _everything(kb: KnowledgeBase, tag: str, fallback: bool) -> list[Any]:
    """Every page of a locale and its search documents."""
    locales = ROOT / "locales"
    catalogs: Callable[[str], Any] | None = (
        (lambda other: load_translations(locales, other)) if fallback else None
    )
    renderer = LocaleRenderer(kb, SiteLocale(tag), load_translations(locales, tag), "KB", catalogs)
    return [*locale_pages(renderer), *documents_for(renderer)]


@pytest.mark.parametrize("fallback", [False, True], ids=["missing pages", "fallback pages"])
@pytest.mark.parametrize("content", ["shipped", "with gaps"])
@pytest.mark.parametrize("tag", LOCALES)
def test_a_locale_s_pages_are_those_of_its_view(
    knowledge_bases: dict[str, KnowledgeBase], content: str, fallback: bool, tag: str
) -> None:
    kb = knowledge_bases[content]
    view = kb.seen_from(tag)
    # The view leaves out most of the other locales' texts...
    cut = sum(
        view.entries[entry_id].translations[other] != translation
        for entry_id, entry in kb.entries.items()
        for other, translation in entry.translations.items()
    )
    assert cut > len(kb.entries)
    # ...and the locale's pages and search documents are the same from it.
    assert _everything(view, tag, fallback) == _everything(kb, tag, fallback)


def test_a_text_changes_the_views_that_read_it(
    knowledge_bases: dict[str, KnowledgeBase],
) -> None:
    kb = knowledge_bases["shipped"]
    entry = next(e for e in kb.entries.values() if e.source_locale == "fr" and e.kind == "faq")
    keys = {tag: view_key(kb.seen_from(tag).entries, tag) for tag in LOCALES}

    def changed(tag: str, **update: Any) -> set[str]:
        translation = entry.translations[tag].model_copy(update=update)
        edited = entry.model_copy(update={"translations": {**entry.translations, tag: translation}})
        other = KnowledgeBase(
            locales=kb.locales, entries={**kb.entries, entry.id: edited}, rules=kb.rules
        )
        return {t for t in LOCALES if view_key(other.seen_from(t).entries, t) != keys[t]}

    # A Polish keyword: the Polish view alone. The French source's keywords: every
    # view (each translation's state follows its source's text).
    assert changed("pl", keywords=["nowe słowo"]) == {"pl"}
    assert changed("fr", keywords=["mot nouveau"]) == set(LOCALES)
    # A Romanian translation's date and title: the Romanian view; the title every view
    # (the page of an entry missing from a locale lists its titles in the others).
    assert changed("ro", updated=None) == {"ro"}
    assert changed("ro", question="Întrebare nouă?") == set(LOCALES)
