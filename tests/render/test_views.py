"""A locale's pages read the entries through the locale's view of them, and nothing more.

A rebuild keeps a locale unbuilt when its view's key is unchanged (``kbgen.build``): that
is sound only if the view holds all that the locale's pages and search documents read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kbgen.build import load_project
from kbgen.content.status import State
from kbgen.content.views import known_view_parts, view_key, view_key_of, view_parts
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


def _keys(kb: KnowledgeBase) -> dict[str, str]:
    views = {tag: kb.seen_from(tag) for tag in LOCALES}
    return {tag: view_key(view.entries, view.states or {}, tag) for tag, view in views.items()}


def _edited(kb: KnowledgeBase, entry_id: str, tag: str, **update: Any) -> KnowledgeBase:
    entry = kb.entries[entry_id]
    translation = entry.translations[tag].model_copy(update=update)
    edited = entry.model_copy(update={"translations": {**entry.translations, tag: translation}})
    entries = {**kb.entries, entry_id: edited}
    return KnowledgeBase(locales=kb.locales, entries=entries, written=entries, rules=kb.rules)


def test_a_text_changes_the_views_that_read_it(
    knowledge_bases: dict[str, KnowledgeBase],
) -> None:
    kb = knowledge_bases["shipped"]
    # A French FAQ that every other locale translates, each translation current.
    entry = next(
        e
        for e in kb.entries.values()
        if e.source_locale == "fr"
        and e.kind == "faq"
        and all((kb.seen_from(tag).states or {}).get(e.id) is State.CURRENT for tag in ("ro", "pl"))
    )
    keys = _keys(kb)

    def changed(edited: KnowledgeBase) -> set[str]:
        now = _keys(edited)
        return {tag for tag in LOCALES if now[tag] != keys[tag]}

    # A Polish keyword: the Polish view alone.
    assert changed(_edited(kb, entry.id, "pl", keywords=["nowe słowo"])) == {"pl"}
    # The French source's keywords: the French view, and those whose translation of it
    # was current and now is out of date (their pages say so)...
    once = _edited(kb, entry.id, "fr", keywords=["mot nouveau"])
    assert {"fr", "ro", "pl"} <= changed(once)
    # ...and once they are, a further edit of the source changes the French view alone.
    keys = _keys(once)
    assert changed(_edited(once, entry.id, "fr", keywords=["mot neuf"])) == {"fr"}
    # A Romanian translation's date: the Romanian view; its title every view (the page
    # of an entry missing from a locale lists its titles in the others).
    keys = _keys(kb)
    assert changed(_edited(kb, entry.id, "ro", updated=None)) == {"ro"}
    assert changed(_edited(kb, entry.id, "ro", question="Întrebare nouă?")) == set(LOCALES)


def test_a_view_s_key_from_the_parts_an_earlier_build_found_is_the_same(
    knowledge_bases: dict[str, KnowledgeBase],
) -> None:
    kb = knowledge_bases["with gaps"]
    keys = {entry_id: f"key of {entry_id}" for entry_id in kb.entries}
    first = next(iter(kb.entries))
    for tag in LOCALES:
        view = kb.seen_from(tag)
        parts = view_parts(view.entries, view.states or {})
        assert view_key_of(tag, parts.values()) == view_key(view.entries, view.states or {}, tag)
        known = {keys[entry_id]: part for entry_id, part in parts.items()}
        assert known_view_parts(kb.entries, keys.__getitem__, tag, known) == parts
        assert known_view_parts(kb.entries, keys.__getitem__, tag, {}) == parts
        # A part is taken by its entry's key as it was found: an entry whose key changed
        # (its file was edited) has its part found anew.
        stale = {**known, keys[first]: ("stale", State.DRAFT)}
        found = known_view_parts(kb.entries, keys.__getitem__, tag, stale)
        assert found[first] == ("stale", State.DRAFT)
        # The parts hold the states, and the view made from them is the same.
        states = {entry_id: state for entry_id, (_part, state) in parts.items()}
        assert states == view.states
        assert kb.seen_from(tag, states) == view
        edited = {**keys, first: "key of the edited file"}
        assert known_view_parts(kb.entries, edited.__getitem__, tag, stale) == parts
