"""Rebuilds that redo only what changed: every key that decides it, computed here.

A key is the hash of everything something depends on, from public data only (the
content as validated, the configuration as plain data, the files of the theme
and of the catalogs, the code's fingerprint in ``kbgen.cache``):

- ``file_key``: a content file's text (its parsed document is reused);
- ``EntryKeys``: an entry, every translation included;
- ``text_key``: a text as one locale renders it (its tables included);
- ``render_key``: what every page of a locale depends on (its name, catalog,
  categories, products, locales);
- ``entry_page_key``: an entry's page (the locale's render key, the entry, the
  entries it lists as related; its links and facts are checked on reuse);
- ``category_page_key``, ``quiz_table_key``: the pages that show other entries;
- ``search_key``: a locale's exported index (its documents, names, analysis);
- ``locale_key``: what every published file of a locale depends on besides its own
  page (the final configuration, the theme overrides, the catalog);
- ``page_key``, ``static_key``: one published page or other file (its locale's key and
  its own data);
- ``LocaleBuilt``: what a build recorded of a locale, with the key of all that its build
  read (a rebuild keeps a locale whose key is unchanged unbuilt, as published).

Every page is still rendered from the content (cheaply: ``LocaleMemo`` keeps
the Markdown and template work), which gives, for each file of a locale, a key: the hash of
everything its bytes depend on (the page's own HTML and data, the site's
configuration and navigation, the theme, the interface catalogs, the code).
A file whose key is the one the last build recorded, and which still lies in
the published folder as that build left it, is kept there instead of being
written again by MkDocs and its theme; every other file is built into the
staging folder, and moves in when the whole build has succeeded. The comparison
is with what was built, not a guess at what a change affects, so a rebuild
publishes the same bytes as a clean build.
"""

from __future__ import annotations

import dataclasses
import json
import sysconfig
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbgen.cache import digest, published_files, tree_digest, tree_key


@dataclass(frozen=True)
class Published:
    """A file as a build left it: its key, and its size and time to notice later edits."""

    key: str
    size: int
    mtime_ns: int


#: A locale's published files by path inside the locale's folder.
Manifest = dict[str, Published]


def file_key(text: str) -> str:
    """The key of a content file's text.

    >>> file_key("id: a\\n") == file_key("id: a\\n"), len(file_key(""))
    (True, 64)
    """
    return digest("file", text)


class EntryKeys:
    """The key of each entry: a hash of everything it holds, computed once per build.

    An entry whose file was parsed through ``ParsedFiles`` (its source's document has the
    key of the file's text) is all its text says, as validated, less its drafts, with
    the dates its translations got: its key is that text's key with its translations'
    locales and dates, which costs no serializing of the entry.

    >>> EntryKeys({})["missing"]
    ''
    """

    def __init__(
        self, entries: Mapping[str, Any] | None = None, sources: Mapping[str, Any] | None = None
    ) -> None:
        self.entries = entries or {}
        self.sources = sources or {}
        self._keys: dict[str, str] = {}

    def __getitem__(self, entry_id: str) -> str:
        known = self._keys.get(entry_id)
        if known is None:
            known = self._keys[entry_id] = self._key(entry_id)
        return known

    def _key(self, entry_id: str) -> str:
        entry = self.entries.get(entry_id)
        if entry is None:
            return ""
        source = self.sources.get(entry_id)
        text = source.doc.key if source is not None else ""
        if not text:
            return digest(entry.model_dump_json())
        dates = [f"{tag} {t.updated}" for tag, t in entry.translations.items()]
        return digest("entry file", text, *dates)

    def compute_all(self) -> None:
        """Compute every key now (before forking workers, which then share them)."""
        for entry_id in self.entries:
            self[entry_id]


def text_key(locale: str, text: str, tables: str) -> str:
    """A text as ``locale`` shows it, with the tables it places (JSON, or "")."""
    return digest(locale, text, tables)


def render_key(
    locale: str,
    site_name: str,
    catalog: str,
    fallback: bool,
    locales: Sequence[str],
    categories: Sequence[str],
    all_categories: Sequence[str],
    products: Sequence[str],
    links: str = "",
    site_url: str = "",
) -> str:
    """What every page of a locale depends on: its name, its catalog's key
    (``kbgen.i18n``), whether it has fallback pages, the site's locales, its
    categories (JSON, with their counts of entries here), all categories and
    products (JSON), the pages every entry links to (``links``: the quiz, contact),
    and the published address (absolute URLs in the pages' structured data)."""
    return digest(
        locale,
        site_name,
        catalog,
        str(fallback),
        repr(tuple(locales)),
        repr(list(categories)),
        repr(sorted(all_categories)),
        repr(sorted(products)),
        links,
        site_url,
    )


def entry_page_key(render: str, entry: str, related: Sequence[str], figures: str = "") -> str:
    """An entry's page: its locale's render key, its entry's key, its related entries',
    and the rules' facts whose sources it names (``kbgen.render.figures.figures_key``)."""
    return digest("entry page", render, entry, figures, *related)


def category_page_key(
    render: str, category: str, entries: Sequence[str], answers: Sequence[str]
) -> str:
    """A category's page: its locale's render key, the category (as JSON), the keys of the
    entries it lists, in their order, and the HTML of the answers it shows (which the
    texts' memo holds to their links and facts)."""
    return digest("category page", render, category, *entries, "answers", *answers)


def quiz_table_key(render: str, rules: Sequence[str], entries: Sequence[str]) -> str:
    """The quiz's decision table: its locale's render key, the rules' programmes (as JSON)
    and the keys of the entries they name."""
    return digest("quiz table", render, *rules, "entries", *entries)


def search_key(locale: str, documents: Sequence[Any], names: Any) -> str:
    """What a locale's exported index depends on: its documents, names and analysis."""
    return digest(locale, repr(list(documents)), repr(names))


def _plain(value: Any) -> Any:
    """A configuration value as JSON-able data in a stable order (sets sorted)."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(item)) for item in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)


def locale_key(
    options: Mapping[str, Any], theme_dirs: Sequence[Path], locales_dir: Path, locale: str
) -> str:
    """What every page of a locale depends on besides its own content.

    ``options``: the final configuration as plain data (navigation, site name and
    URL, theme options, the plugins' options; not the output folder, which is a new
    one each build, nor strictness: MkDocs has nothing to check in kbgen's pages,
    which are finished HTML, and kbgen checks all the content at every build);
    ``theme_dirs``: the theme's folders, of which those that are not an installed
    package count by their files (the installed ones are in the code fingerprint of
    ``kbgen.cache``); and the locale's interface catalog. (What the pages quote from
    other locales' catalogs, on fallback pages, is in the pages themselves.)
    """
    packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    own = [folder for folder in theme_dirs if not folder.resolve().is_relative_to(packages)]
    return digest(
        json.dumps(_plain(options), sort_keys=True, ensure_ascii=False),
        tree_digest(*own),
        tree_digest(locales_dir / locale),
    )


def static_key(locale: str, *parts: str) -> str:
    """A file that is not a page: its locale's key and its source (a theme file's path,
    whose bytes the locale's key covers) or its content."""
    return digest("static file", locale, *parts)


def page_key(locale: str, page: Any) -> str:
    """A page's key: its locale's key and all that the page itself brings to the theme
    (a ``kbgen.render.page.Page``: its ``own_key``)."""
    return digest(locale, page.own_key)


def own_page_key(page: Any) -> str:
    """All that a page itself brings to the theme: its Markdown, and its other fields."""
    return digest(page.markdown, repr(dataclasses.replace(page, markdown="")))


class Reuse:
    """One locale's files of the last build, and the keys of this build's files.

    ``published`` is the locale's published folder, ``previous`` its manifest. A
    file that this build would write as the last one did is *kept*: it stays where
    it is, and the new files join it there when the build has succeeded
    (``kbgen.publish``).
    """

    def __init__(self, published: Path | None, previous: Manifest) -> None:
        self.published = published
        self.previous = previous if published is not None else {}
        self.keys: dict[str, str] = {}
        self.kept: set[str] = set()

    def _unchanged(self, path: str, key: str) -> bool:
        old = self.previous.get(path)
        if old is None or old.key != key or self.published is None:
            return False
        try:
            stat = (self.published / path).stat()
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == (old.size, old.mtime_ns)

    def take(self, path: str, key: str) -> bool:
        """Keep the published file at ``path`` if it has ``key``; returns whether it does.

        Either way, this build's file at ``path`` has ``key``.
        """
        self.keys[path] = key
        if not self._unchanged(path, key):
            return False
        self.kept.add(path)
        return True

    def take_same(self, path: str, data: bytes, key: str) -> bool:
        """Keep the published file at ``path`` if it holds ``data``, as this build's file
        with ``key``; returns whether it does. For files written whole by a task of their
        own (the search index's), whose bytes are known before they are written: a
        rebuild writes only those that differ."""
        old = self.previous.get(path)
        if old is None or old.size != len(data) or not self._unchanged(path, old.key):
            return False
        assert self.published is not None
        try:
            if (self.published / path).read_bytes() != data:
                return False
        except OSError:
            return False
        self.keys[path] = key
        self.kept.add(path)
        return True

    def keep_all(self, files: Mapping[str, tuple[int, int]]) -> bool:
        """Keep all the files the last build published (``files``, with their size and
        time), if each lies in the published folder as that build left it (one walk of
        the folder); returns whether they do."""
        if self.published is None or not files:
            return False
        found = published_files(self.published)
        if any(found.get(path) != stamp for path, stamp in files.items()):
            return False
        self.keys.update({path: old.key for path, old in self.previous.items()})
        self.kept.update(files)
        return True

    def take_folder(self, folder: str, key: str) -> bool:
        """Keep the published files under ``folder`` if they all have ``key``.

        A folder is written as a whole (the search index); when it is not kept, the
        caller writes it and then calls ``record_folder``.
        """
        prefix = folder.rstrip("/") + "/"
        paths = [path for path in self.previous if path.startswith(prefix)]
        if not paths or not all(self._unchanged(path, key) for path in paths):
            return False
        for path in paths:
            self.keys[path] = key
            self.kept.add(path)
        return True

    def keep_folder(self, folder: str) -> bool:
        """Keep the published files under ``folder`` as they are, whatever this build's
        key: they keep the key they were built with, so the next build that checks the
        folder's key (``take_folder``) writes it anew. Returns whether there was one.
        """
        prefix = folder.rstrip("/") + "/"
        old = {path: self.previous[path].key for path in self.previous if path.startswith(prefix)}
        if not old or not all(self._unchanged(path, key) for path, key in old.items()):
            return False
        self.keys.update(old)
        self.kept.update(old)
        return True

    def record_folder(self, out_dir: Path, folder: str, key: str) -> None:
        """This build wrote ``folder`` in ``out_dir``: all its files have ``key``."""
        self.keys.update(folder_keys(out_dir, folder, key))


def folder_keys(out_dir: Path, folder: str, key: str) -> dict[str, str]:
    """Every file under ``folder`` in ``out_dir``, by its path there, with ``key``."""
    return {
        path.relative_to(out_dir).as_posix(): key
        for path in sorted((out_dir / folder).rglob("*"))
        if path.is_file()
    }


def manifest_of(keys: Mapping[str, str], files: Mapping[str, tuple[int, int]]) -> Manifest:
    """Each file with a key, as it lies in the published locale now: ``files`` holds
    the size and time of each of the locale's files (``published_files``)."""
    result: Manifest = {}
    for path, key in keys.items():
        stamp = files.get(path)
        if stamp is not None:  # None: not written (MkDocs skips empty pages)
            result[path] = Published(key, *stamp)
    return result


@dataclass(frozen=True)
class LocaleBuilt:
    """What a build recorded of one locale: the key of all that its build read (the
    locale's view of the entries and everything else but the entries: ``kbgen.build``),
    its number of pages, the published files that have a key (``Manifest``), and all
    its published files with their size and time."""

    inputs: str
    pages: int
    manifest: Manifest
    files: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class LastBuild:
    """What a whole build published in an output folder, under the key of its inputs
    (``site_inputs_key``): a build with the same key would publish the same bytes, so
    while every file still lies there as it left it, there is nothing to do."""

    key: str
    files: dict[str, tuple[int, int]]
    """Every published file, by path in the output, with its size and time."""
    pages: int
    entries: dict[str, int]
    warnings: tuple[Any, ...]


def site_inputs_key(*parts: str | bytes, folders: Sequence[Path]) -> str:
    """The key of a whole build: some parts (the code's fingerprint, the configuration
    file and what it reads from the environment, the options of the build, the git
    commit that dates come from) and the paths and bytes of every file in ``folders``
    (content, catalogs, theme overrides; compiled catalogs left out)."""
    return digest("site", *parts, *(digest(str(folder), tree_key(folder)) for folder in folders))
