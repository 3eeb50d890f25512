"""What a long-lived process (the preview) reuses when it loads the content again, and
the listing of content files that a load starts with.

``ParsedFiles`` gives back the same parsed document while a file's text is unchanged.
Keyed by that document, the entry validated from it and the linter's findings about it
are kept from one load to the next, so that a load after one saved file validates and
lints that file alone. Only what the latest load used is kept: the memo does not grow
with each edit. Entries and findings are immutable.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from kbgen.cache import CHECKED, BuildCache, digest
from kbgen.source import ParsedFiles, YamlDocument

T = TypeVar("T")


class Remembered(Generic[T]):
    """Values computed from parsed documents, with what else they depend on (``extra``).

    >>> memo: Remembered[str] = Remembered()
    >>> doc = YamlDocument({"id": "a"})
    >>> memo.put(doc, "fr", "value"); memo.rotate()
    >>> memo.get(doc, "fr"), memo.get(doc, "pl"), memo.get(YamlDocument({"id": "a"}), "fr")
    ('value', None, None)
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[YamlDocument, Hashable, T]] = {}
        self._now: dict[int, tuple[YamlDocument, Hashable, T]] = {}

    def get(self, doc: YamlDocument, extra: Hashable) -> T | None:
        """The value computed from this very document with the same ``extra``, if any."""
        item = self._kept.get(id(doc))
        if item is None or item[0] is not doc or item[1] != extra:
            return None
        self._now[id(doc)] = item
        return item[2]

    def put(self, doc: YamlDocument, extra: Hashable, value: T) -> None:
        self._now[id(doc)] = (doc, extra, value)

    def begin(self) -> None:
        """A load starts: forget what an interrupted one put."""
        self._now = {}

    def rotate(self) -> None:
        """A load has ended: keep what it used or put, and only that."""
        self._kept, self._now = self._now, {}


#: The build cache's entries for the parsed files (``ParsedFiles``: all of them as one
#: run left them, and those parsed since, apart) and the findings of checks (``CHECKED``),
#: shared by builds and checks.
_PARSED = "yaml"
_PARSED_SINCE = "yaml-since"
_CHECKED = "checked"


def parsed_from(store: BuildCache | None) -> ParsedFiles:
    """The files parsed by the last build or check that used ``store`` (none without one);
    ``CHECKED`` resumes from the findings it kept."""
    if store is None:
        CHECKED.resume(None)
        return ParsedFiles()
    CHECKED.resume(store.read(_CHECKED))
    kept, since = store.read(_PARSED), store.read(_PARSED_SINCE)
    if isinstance(kept, dict) and isinstance(since, dict):
        kept = {**kept, **since}
    return ParsedFiles(kept)


def keep_parsed(store: BuildCache, parsed: ParsedFiles) -> None:
    """Keep the files this run parsed or reused, and the findings of its checks, for the
    next one (each unless nothing changed).

    The files parsed since the last full write are written apart while they are few (a
    rebuild after an edit writes one file's document, not every file's)."""
    kept = store.read(_PARSED)
    if not isinstance(kept, dict):
        kept = {}
    since = {key: doc for key, doc in parsed.used.items() if key not in kept}
    unused = len(kept) - (len(parsed.used) - len(since))
    if since.keys() - parsed.previous.keys() or unused > len(parsed.used) // 2:
        if kept and len(since) <= len(parsed.used) // 8 and unused <= len(parsed.used) // 2:
            store.write(_PARSED_SINCE, since)
        else:
            store.write(_PARSED, parsed.used)
            store.write(_PARSED_SINCE, {})
    if CHECKED.used.keys() != CHECKED.previous.keys():
        store.write(_CHECKED, CHECKED.used)


def edited_locales(parsed: ParsedFiles) -> set[str]:
    """The locales whose translations differ in the entry files this run parsed anew from
    the same entries' files as the last run parsed them: where a rebuild's work is (an
    edited translation's pages and search index). A guess for ordering work: a new entry
    counts in its every locale, a removed one in none."""
    old = {
        str(doc.data.get("id")): doc.data
        for key, doc in parsed.previous.items()
        if key not in parsed.used and isinstance(doc.data, dict)
    }
    edited: set[str] = set()
    for key, doc in parsed.used.items():
        if key in parsed.previous or not isinstance(doc.data, dict):
            continue
        before = old.get(str(doc.data.get("id")))
        now = doc.data.get("translations")
        then = before.get("translations") if isinstance(before, dict) else None
        if not isinstance(now, dict):
            continue
        if not isinstance(then, dict):
            edited.update(tag for tag in now if isinstance(tag, str))
            continue
        edited.update(
            tag for tag in {*now, *then} if isinstance(tag, str) and now.get(tag) != then.get(tag)
        )
    return edited


def yaml_files(folder: Path) -> list[Path]:
    """The ``.yaml`` files under ``folder``, in the order of ``sorted(folder.rglob("*.yaml"))``
    (by their parts), without its cost: it hashes every path it meets."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for directory, dirs, names in os.walk(folder):
        base = Path(directory)
        parts = base.relative_to(folder).parts
        # A folder named like a file is listed too: reading it is reported.
        found += [((*parts, name), base / name) for name in dirs + names if name.endswith(".yaml")]
    return [path for _parts, path in sorted(found)]


def links_out(doc: YamlDocument) -> bool:
    """Whether a document's texts link to an entry or show an image: checks of those
    depend on other entries and files, not on the document alone (kept in ``CHECKED``
    by the document's text)."""
    key = digest("links out", doc.key) if doc.key else ""
    found = CHECKED.get(key) if key else None
    if found is None:
        found = any("](entry:" in text or "![" in text for text in _strings(doc.data))
        if key:
            CHECKED.put(key, found)
    return bool(found)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
