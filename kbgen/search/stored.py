"""Each locale's Whoosh index as the build made it, kept for ``kbgen search``.

The build indexes every locale (``kbgen.search.index``) and exports the index for
the browser. It also writes the committed Whoosh index, file for file, into the
build cache (``<cache_dir>/search/<locale>/``, ``.cache/kbgen/search/fr/`` by
default) with its key: the locale's search key (``kbgen.incremental.search_key``:
its documents and names) and the identity of the code that indexes (this package's
files, the versions of Whoosh and of the libraries the analysis uses). ``kbgen
search`` computes the same key from the content it would index and opens the kept
index when the keys match,
instead of indexing the content again; any other case (no build yet, content or
code changed since, cache disabled, a folder that cannot be read) indexes the
content as before. The kept index is the very index the browser's copy was
exported from, so the results are the same either way.

The next build of the locale takes from it each segment (``kbgen.search.segments``)
whose documents have not changed (``kept_segments``): the key file lists each
segment's key (its documents and the code) and the hash of its files.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import TOC, Index

from kbgen.cache import digest, tree_digest
from kbgen.incremental import Manifest
from kbgen.render.urls import SEARCH_INDEX_DIR
from kbgen.search.analysis import LocaleAnalysis
from kbgen.search.engine import LocaleSearch
from kbgen.search.index import SearchDocument, schema_for
from kbgen.search.segments import WrittenSegment, segment_documents

#: The file beside the index's files that says what it was built from.
KEY_FILE = "kbgen-key.json"
#: Where a segment's reading is among its files, when hashed.
READING = "(reading)"
#: The file of what the analysis worked out of each word (``IndexingAnalyzer.memory``).
WORDS_FILE = "kbgen-words.pickle"


def _reading_file(segment: Any) -> str:
    """The file of what the export reads of a segment and its words
    (``kbgen.search.segments.Reading`` and ``Words``)."""
    return f"kbgen-reading-{segment.segment_id()}.pickle"


@cache
def _code() -> str:
    """What the index's bytes depend on besides its documents: the analysis, schema
    and indexing code (this package) and the libraries that write and stem."""
    libraries = ("whoosh-reloaded", "snowballstemmer", "opencc")
    versions = [f"{name}=={importlib.metadata.version(name)}" for name in libraries]
    return digest(sys.version, tree_digest(Path(__file__).parent), *versions)


def stored_key(search_key: str) -> str:
    """The key a kept index is filed under: the locale's search key and the code's."""
    return digest(search_key, _code())


def _analysis_key(analysis: LocaleAnalysis) -> str:
    return digest(_code(), json.dumps(analysis.describe(), sort_keys=True))


def recall_words(folder: Path, analysis: LocaleAnalysis) -> None:
    """Let the analysis take what the last build's worked out of each word (the index
    kept in ``folder``): a rebuild's new segment then stems only the words that are new.
    Anything unreadable, or of other code or settings, is left alone."""
    try:
        key, memory = pickle.loads((folder / WORDS_FILE).read_bytes())
    except Exception:
        return
    if key == _analysis_key(analysis):
        analysis.analyzer.recall(memory)


def folder_for(cache_dir: Path, locale: str) -> Path:
    return cache_dir / "search" / locale


def segment_keys(documents: Sequence[SearchDocument]) -> list[str]:
    """The key of each segment of an index of ``documents``: its documents and the code."""
    return [
        digest(_code(), *(json.dumps(dataclasses.astuple(d), ensure_ascii=False) for d in part))
        for part in segment_documents(documents)
    ]


def _files_hash(files: dict[str, bytes]) -> str:
    return digest(*(part for name in sorted(files) for part in (name, files[name])))


def kept_segments(
    folder: Path, keys: Sequence[str], analysis: LocaleAnalysis
) -> list[WrittenSegment | None]:
    """For each segment of an index (by its key, ``segment_keys``), the segment that the
    index kept in ``folder`` holds from the same documents, if it holds it; an unreadable
    or altered folder holds none."""
    try:
        meta = json.loads((folder / KEY_FILE).read_text("utf-8"))
        listed = meta["segments"]
        storage = FileStorage(str(folder), readonly=True)
        segments = TOC.read(storage, str(meta["index"]), schema=schema_for(analysis)).segments
        pairs = zip(listed, segments, strict=True)  # a mismatch: not what was written
        found = {key: (segment, hashed) for (key, hashed), segment in pairs}
        kept: list[WrittenSegment | None] = []
        for key in keys:
            if key not in found:
                kept.append(None)
                continue
            segment, hashed = found[key]
            files = {name: (folder / name).read_bytes() for name in segment.list_files(storage)}
            read = (folder / _reading_file(segment)).read_bytes()
            if _files_hash({**files, READING: read}) != hashed:
                kept.append(None)
                continue
            reading, words = pickle.loads(read)
            kept.append(WrittenSegment(segment, files, reading, words))
        return kept
    except Exception:  # no index kept, or not one of ours: index every segment
        return []


def keep_index(
    index: Index,
    folder: Path,
    key: str,
    segments: Sequence[WrittenSegment] = (),
    keys: Sequence[str] = (),
    analysis: LocaleAnalysis | None = None,
) -> bool:
    """Write a committed in-memory index into ``folder`` with its key; True if written.

    The files go into a new folder beside it, which then replaces the old one, so a
    reader finds either the old index or the new one, each with its own key. Failing
    to write (a full disk, a read-only cache, another build writing the same locale)
    costs only the speed of the next ``kbgen search`` and build: this one goes on.
    With its ``segments`` (``kbgen.search.segments``, each with what the export read of
    it) and their ``keys``, the segments are kept for the next build (``kept_segments``);
    with its ``analysis``, what that worked out of each word (``recall_words``)."""
    storage = index.storage
    if not isinstance(storage, RamStorage):
        return False
    old: Path | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{folder.name}-new-", dir=folder.parent))
        try:
            for name, data in storage.files.items():
                (new / name).write_bytes(data)
            meta: dict[str, object] = {"key": key, "index": index.indexname}
            complete = all(s.reading is not None and s.words is not None for s in segments)
            if segments and complete and len(keys) == len(segments):
                hashes = []
                for written in segments:
                    read = pickle.dumps((written.reading, written.words), protocol=5)
                    (new / _reading_file(written.segment)).write_bytes(read)
                    hashes.append(_files_hash({**written.files, READING: read}))
                meta["segments"] = list(zip(keys, hashes, strict=True))
            if analysis is not None:
                memory = (_analysis_key(analysis), analysis.analyzer.memory())
                (new / WORDS_FILE).write_bytes(pickle.dumps(memory, protocol=5))
            (new / KEY_FILE).write_text(json.dumps(meta), "utf-8")
            if folder.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{folder.name}-old-", dir=folder.parent))
                os.replace(folder, old / folder.name)
            os.replace(new, folder)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
    except OSError:
        return False
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return True


def kept_key(folder: Path) -> str | None:
    """The key of the index kept in ``folder``, or None if there is none."""
    try:
        meta = json.loads((folder / KEY_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    key = meta.get("key") if isinstance(meta, dict) else None
    return key if isinstance(key, str) else None


def searchable(cache_dir: Path, locale: str, published: Manifest) -> bool:
    """Whether the index kept for ``locale`` is the one that its published search index
    (in the locale's ``published`` files) was exported from."""
    prefix = f"{SEARCH_INDEX_DIR}/"
    keys = {file.key for path, file in published.items() if path.startswith(prefix)}
    return len(keys) == 1 and kept_key(folder_for(cache_dir, locale)) == stored_key(keys.pop())


def open_kept(
    folder: Path, key: str, documents: Sequence[SearchDocument], analysis: LocaleAnalysis
) -> LocaleSearch | None:
    """The search of the index kept in ``folder`` if it was built under ``key``, else None."""
    try:
        meta = json.loads((folder / KEY_FILE).read_text("utf-8"))
        if not isinstance(meta, dict) or meta.get("key") != key:
            return None
        storage = FileStorage(str(folder), readonly=True)
        index = storage.open_index(str(meta["index"]), schema=schema_for(analysis))
        if index.doc_count_all() != len(documents):
            return None
        search = LocaleSearch(documents, analysis, index=index)
    except Exception:  # an unreadable or foreign folder: index the content instead
        return None
    # A build may have replaced the folder meanwhile: then it is not known what was read.
    if kept_key(folder) != key:
        search.close()
        return None
    return search
