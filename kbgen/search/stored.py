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
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index

from kbgen.cache import digest, tree_digest
from kbgen.search.analysis import LocaleAnalysis
from kbgen.search.engine import LocaleSearch
from kbgen.search.index import SearchDocument, schema_for

#: The file beside the index's files that says what it was built from.
KEY_FILE = "kbgen-key.json"


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


def folder_for(cache_dir: Path, locale: str) -> Path:
    return cache_dir / "search" / locale


def keep_index(index: Index, folder: Path, key: str) -> bool:
    """Write a committed in-memory index into ``folder`` with its key; True if written.

    The files go into a new folder beside it, which then replaces the old one, so a
    reader finds either the old index or the new one, each with its own key. Failing
    to write (a full disk, a read-only cache, another build writing the same locale)
    costs only the speed of the next ``kbgen search``: the build goes on."""
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
            meta = {"key": key, "index": index.indexname}
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
