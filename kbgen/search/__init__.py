"""Search: analysis per locale, the Whoosh index, ranking, and its export for the browser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kbgen import incremental
from kbgen.i18n import SiteLocale, load_translations
from kbgen.project import BuildError, KnowledgeBase, Project
from kbgen.render.renderer import LocaleRenderer
from kbgen.search.analysis import analysis_for
from kbgen.search.engine import LocaleSearch
from kbgen.search.export import ExportReport, Same, export_index
from kbgen.search.index import SearchDocument, documents_for
from kbgen.search.segments import build_segments, index_of, vocabulary_of

from kbgen.search import stored  # isort: skip (imports the engine, as above)

__all__ = [
    "LocaleSearch",
    "SearchDocument",
    "SearchTask",
    "build_locale_search",
    "documents_for",
    "keep_locale_search",
    "locale_search",
    "run_search_task",
    "search_key",
    "search_preloads",
    "search_task",
]


def build_locale_search(renderer: LocaleRenderer) -> LocaleSearch:
    """A fresh Whoosh index of one locale's entries, as the reader sees them."""
    return LocaleSearch(documents_for(renderer), analysis_for(renderer.locale.tag))


@dataclass(frozen=True)
class SearchTask:
    """A locale's index to build and export: all it needs, apart from the pages, so that
    ``kbgen.build`` can run it in a worker of its own while other locales' pages build."""

    locale: str
    documents: list[SearchDocument]
    names: tuple[dict[str, str], dict[str, str]]
    """The names of the categories and of the products (``export_names``)."""
    out: Path
    """The folder of the browser's copy (``<locale site>/search/index``)."""
    key: str
    """The index's key (``search_key``)."""
    cache_dir: Path | None = None
    """Where to keep the Whoosh index for ``kbgen search``, if anywhere."""
    reuse: bool = True
    """Whether the segments kept there may be taken (not in a build without the cache)."""


def search_task(
    renderer: LocaleRenderer,
    out: Path,
    documents: list[SearchDocument] | None = None,
    cache_dir: Path | None = None,
) -> SearchTask:
    """The task of indexing ``documents`` (by default the locale's) into ``out``."""
    if documents is None:
        documents = documents_for(renderer)
    key = search_key(renderer, documents)
    return SearchTask(renderer.locale.tag, documents, export_names(renderer), out, key, cache_dir)


def run_search_task(task: SearchTask, same: Same | None = None) -> ExportReport:
    """Build a locale's Whoosh index and write its browser copy (but the files ``same``
    says the site has); keep the index itself in the task's ``cache_dir``, if given, for
    ``kbgen search`` (``kbgen.search.stored``)."""
    analysis = analysis_for(task.locale)
    folder = None if task.cache_dir is None else stored.folder_for(task.cache_dir, task.locale)
    # The segments of the last build's index whose documents are unchanged.
    keys = [] if folder is None else stored.segment_keys(task.documents)
    kept = [] if folder is None or not task.reuse else stored.kept_segments(folder, keys, analysis)
    if folder is not None and task.reuse:
        stored.recall_words(folder, analysis)  # new segments stem only the words that are new
    segments = build_segments(task.documents, analysis, kept)
    index = index_of(segments, analysis)
    search = LocaleSearch(task.documents, analysis, index=index)
    readings = {s.segment.segment_id(): s.reading for s in segments if s.reading is not None}
    try:
        vocabulary = vocabulary_of(segments)
        report = export_index(search, task.out, *task.names, readings, vocabulary, same)
        if folder is not None:
            stored.keep_index(index, folder, stored.stored_key(task.key), segments, keys, analysis)
        return report
    finally:
        search.close()


def keep_locale_search(task: SearchTask) -> None:
    """Make sure the task's ``cache_dir`` keeps the Whoosh index of its documents (a build
    that reuses the exported index it published last time, when that build kept none)."""
    if task.cache_dir is None:
        return
    folder = stored.folder_for(task.cache_dir, task.locale)
    key = stored.stored_key(task.key)
    if stored.kept_key(folder) == key:
        return
    search = LocaleSearch(task.documents, analysis_for(task.locale))
    try:
        stored.keep_index(search.index, folder, key)
    finally:
        search.close()


def search_preloads(locale: str) -> list[tuple[str, str]]:
    """What the search page's first query needs before its script can ask for it, as
    ``(href from the search page, "module" or "fetch")``: the page's script and the
    engine's modules, the index's description and the locale's stemmer, fetched at once
    instead of one after the other. The page's script is ``async``: it starts the query
    without waiting for the theme's scripts."""
    preloads = [
        ("../assets/kbgen/search/page.js", "module"),
        ("../assets/kbgen/search/engine.js", "module"),
        ("../assets/kbgen/search/analysis.js", "module"),
        ("index/meta.json", "fetch"),
    ]
    if analysis_for(locale).stemmer:
        preloads.append(("index/stem.js", "module"))
    return preloads


def export_names(renderer: LocaleRenderer) -> tuple[dict[str, str], dict[str, str]]:
    """The names of the categories and products, as the exported index shows them."""
    tag = renderer.locale.tag
    categories = {c.id: c.names[tag] for c in renderer.kb.categories.values()}
    products = {p.id: p.names[tag] for p in renderer.kb.products.values()}
    return categories, products


def search_key(renderer: LocaleRenderer, documents: list[SearchDocument]) -> str:
    """What a locale's exported index depends on (``kbgen.incremental.search_key``)."""
    return incremental.search_key(renderer.locale.tag, documents, export_names(renderer))


def locale_search(
    project: Project,
    kb: KnowledgeBase,
    locale: str,
    *,
    category: str | None = None,
    product: str | None = None,
    note: Callable[[str], None] | None = None,
) -> LocaleSearch:
    """The Whoosh search of one locale, as the build indexes it; checks the arguments.

    Opens the index the last build kept (``kbgen.search.stored``) if it indexed the
    content as it is now; else indexes the content, and says so to ``note``."""
    project.require_locale(locale)
    if category is not None and category not in kb.categories:
        raise BuildError(
            f"unknown category {category!r}; known: {', '.join(sorted(kb.categories))}"
        )
    if product is not None and product not in kb.products:
        raise BuildError(f"unknown product {product!r}; known: {', '.join(sorted(kb.products))}")
    translations = load_translations(project.locales_dir, locale)
    renderer = LocaleRenderer(kb, SiteLocale(locale), translations, project.site_name_in(locale))
    documents = documents_for(renderer)
    if project.cache_dir is not None:
        # The index the last build made, if it indexed these very documents.
        folder = stored.folder_for(project.cache_dir, locale)
        key = stored.stored_key(search_key(renderer, documents))
        kept = stored.open_kept(folder, key, documents, analysis_for(locale))
        if kept is not None:
            return kept
        if note is not None:
            note(
                f"No index of the {locale} content as it is now in {folder} (kbgen build "
                "keeps one there): indexing it for this search."
            )
    return LocaleSearch(documents, analysis_for(locale))
