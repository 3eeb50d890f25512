"""What a build hands each locale's build, and what it gets back (``kbgen.build``).

Plain data, shared with forked workers without pickling (``SiteJob``) or sent back
from them (``LocaleResult``); the plugin receives a ``LocaleJob``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kbgen.cache import BuildCache
from kbgen.incremental import Manifest, Reuse
from kbgen.project import KnowledgeBase
from kbgen.render.page import LocaleMemo

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

    from kbgen.search import SearchTask


@dataclass(frozen=True)
class LocaleJob:
    """What ``kbgen build`` hands the plugin for one locale: the loaded knowledge base,
    the last build's files it may keep (``kbgen.incremental``), its rendered texts and
    pages (``memo``) and the compiled templates (``kbgen.cache``)."""

    kb: KnowledgeBase
    locale: str
    reuse: Reuse | None = None
    memo: LocaleMemo | None = None
    bytecode_cache: BytecodeCache | None = None
    search_later: bool = False
    """Keep the search index the last build published (``SiteJob.search_later``)."""
    cache_dir: Path | None = None
    """Where to keep each locale's Whoosh index for ``kbgen search`` (the build cache's
    folder; ``kbgen.search.stored``), or None to keep none."""
    index_apart: bool = False
    """Leave the search index to be built apart (``LocaleResult.search``), by another
    worker while other locales' pages are built."""
    search_unchanged: bool = False
    """Nothing the search index reads has changed (``content_key_of`` and all the inputs
    but the entries): the published index is kept without making its documents."""


@dataclass(frozen=True)
class Previous:
    """What the last build left for one locale's build."""

    published: Path | None
    manifest: Manifest
    use_cache: bool
    """Whether the build may reuse what the cache holds (not with ``--no-cache``)."""
    inputs: str = ""
    """The key of all that the locale's last build read (``LocaleResult.inputs``)."""
    pages: int = 0
    """The number of pages it built."""
    files: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)
    """All the files it published, with their size and time."""


@dataclass(frozen=True)
class LocaleResult:
    """What a locale's build sends back: its size and what the next build can reuse."""

    pages: int
    kept: frozenset[str]
    """The published files that this build keeps as they are."""
    keys: dict[str, str]
    """The key of each file of the locale that has one (``kbgen.incremental``)."""
    search: SearchTask | None = None
    """The locale's search index, still to be built (``LocaleJob.index_apart``)."""
    inputs: str = ""
    """The key of all that the build of the locale read (``SiteJob.besides_entries``
    and the locale's view of the entries), or "" if unknown."""
    unchanged: bool = False
    """Nothing that the locale's build reads had changed: all the files the last build
    published there (``Previous.files``) are kept, unbuilt; ``kept`` and ``keys`` are
    left empty."""


@dataclass(frozen=True)
class SiteJob:
    """Everything the locales' builds share, handed to forked workers without pickling."""

    config_file: Path
    kb: KnowledgeBase
    staging: Path
    strict: bool
    store: BuildCache
    build: str
    """The build's name, for the cache values it writes pending (``BuildCache.settle``)."""
    previous: dict[str, Previous] | None
    temp_dir: Path
    """Where the build's temporary files go: beside the site, removed by the next build."""
    lock: int | None = None
    """The descriptor of the output's lock, which workers close (``kbgen.publish.turn``)."""
    search_later: bool = False
    """Keep each locale's search index as the last build published it, if there is one
    (the preview's first pass: its next build indexes the pages anew)."""
    index_apart: bool = True
    """Build each locale's search index in a task of its own (``build_locales``)."""
    besides_entries: str | None = None
    """The key of all the build's inputs but the entry files (the configuration, the
    theme, the catalogs, the rest of the content, the code), or None if unknown. A
    locale's build reads the entries through the locale's view of them
    (``KnowledgeBase.seen_from``): with the view's key, this is the key of all that it
    reads, and a locale whose key is the last build's is kept as that build left it."""
