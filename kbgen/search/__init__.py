"""Search: analysis per locale, the Whoosh index, ranking, and its export for the browser."""

from __future__ import annotations

from pathlib import Path

from kbgen.render.pages import LocaleRenderer
from kbgen.search.analysis import analysis_for
from kbgen.search.engine import LocaleSearch
from kbgen.search.export import ExportReport, export_index
from kbgen.search.index import documents_for

__all__ = ["LocaleSearch", "build_locale_search", "export_locale_search"]


def build_locale_search(renderer: LocaleRenderer) -> LocaleSearch:
    """A fresh Whoosh index of one locale's entries, as the reader sees them."""
    return LocaleSearch(documents_for(renderer), analysis_for(renderer.locale.tag))


def export_locale_search(renderer: LocaleRenderer, out: Path) -> ExportReport:
    """Build a locale's index and write its browser copy into ``out``."""
    search = build_locale_search(renderer)
    try:
        tag = renderer.locale.tag
        categories = {c.id: c.names[tag] for c in renderer.kb.categories.values()}
        products = {p.id: p.names[tag] for p in renderer.kb.products.values()}
        return export_index(search, out, categories, products)
    finally:
        search.close()
