"""What one build keeps for the next, so that a rebuild redoes only what changed.

The cache lives in a folder of the project (``cache_dir``, ``.cache/kbgen`` by
default) and holds three kinds of things, each a pure function of its key:

- the parsed YAML of each content file, by the hash of its text;
- each locale's rendered texts (Markdown to sanitized HTML), with the entry links
  and facts each one asked for, so that a hit is checked against today's values;
- for each output folder, the manifest of the files the last build published
  there, each with the hash of everything its bytes depend on
  (``kbgen.incremental``).

Every cache file is stamped with the fingerprint of the code that wrote it (kbgen's
own files and the version of every installed distribution): a different kbgen,
MkDocs, theme or Markdown library starts from scratch. A cache file that cannot be
read is ignored; the build then does all the work, as it does without a cache.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import kbgen

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

_FORMAT = 1

# What this process read or wrote, by path, with the file's identity then: a long-lived
# process (the preview) reads a value again only when its file has changed.
_Stamp = tuple[int, int, int, int]
_LOADED: dict[Path, tuple[_Stamp, Any]] = {}


def _stamp(path: Path) -> _Stamp | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def digest(*parts: str | bytes) -> str:
    """A SHA-256 of several parts, each length-prefixed so that no two splits collide.

    >>> digest("ab", "c") == digest("a", "bc")
    False
    """
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "little"))
        sha.update(data)
    return sha.hexdigest()


def tree_digest(*folders: Path) -> str:
    """The hash of every file under some folders: their paths and their bytes."""
    parts: list[str | bytes] = []
    for folder in folders:
        if not folder.is_dir():
            parts.append(f"{folder}: none")
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@cache
def code_fingerprint() -> str:
    """kbgen's own files and the name and version of every installed distribution.

    The distributions are read from the names of their metadata folders
    (``name-version.dist-info``), as ``importlib.metadata`` finds them, without
    parsing each one's metadata: 0.3 ms instead of 45.
    """
    versions = sorted(
        name
        for folder in sys.path
        if os.path.isdir(folder)
        for name in os.listdir(folder)
        if name.endswith((".dist-info", ".egg-info"))
    )
    return digest(str(_FORMAT), tree_digest(Path(kbgen.__file__).parent), *versions)


class BuildCache:
    """A folder of pickled values, each stamped with the code fingerprint.

    ``BuildCache(None)`` keeps nothing: every read misses, writes are dropped.
    The values are written by this program for this program (pickle is not for
    files from elsewhere); the folder is the project's, like ``site/``. A value read
    twice in one process, its file unchanged, is the same object: readers do not change
    what they read.
    """

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def templates(self) -> BytecodeCache | None:
        """Jinja's compiled templates (Jinja checks each against its template's source)."""
        from jinja2 import FileSystemBytecodeCache

        if self.directory is None:
            return None
        folder = self.directory / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))

    def _path(self, name: str) -> Path | None:
        return None if self.directory is None else self.directory / f"{name}.pickle"

    def read(self, name: str) -> Any:
        """The value stored under ``name`` by this same code, or ``None``."""
        path = self._path(name)
        stamp = None if path is None else _stamp(path)
        if path is None or stamp is None:
            return None
        loaded = _LOADED.get(path)
        if loaded is not None and loaded[0] == stamp:
            return loaded[1]
        try:
            with path.open("rb") as stream, _no_collection():
                fingerprint, value = pickle.load(stream)
        except Exception:
            return None
        if fingerprint != code_fingerprint():
            return None
        _LOADED[path] = (stamp, value)
        return value

    def write(self, name: str, value: Any) -> None:
        """Store ``value`` under ``name``; atomically, so a reader never sees half a file."""
        path = self._path(name)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((code_fingerprint(), value), stream, pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        stamp = _stamp(path)
        if stamp is not None:
            _LOADED[path] = (stamp, value)

    def write_pending(self, name: str, value: Any, build: str) -> None:
        """Store ``value`` for ``name``, to take effect when ``settle(build)`` is called.

        A worker writes what it kept itself (no copy through the parent process);
        the build settles it once the site is published, or discards it.
        """
        path = self._path(name)
        if path is not None:
            self.write(f"{name}.pending-{build}", value)

    def settle(self, build: str, *, keep: bool) -> None:
        """Make the values written pending by ``build`` current (``keep``), or drop them."""
        if self.directory is None or not self.directory.is_dir():
            return
        suffix = f".pending-{build}.pickle"
        for pending in self.directory.rglob(f"*{suffix}"):
            loaded = _LOADED.pop(pending, None)
            if keep:
                final = pending.with_name(pending.name.removesuffix(suffix) + ".pickle")
                os.replace(pending, final)
                if loaded is not None:  # a rename keeps the file's identity
                    _LOADED[final] = loaded
            else:
                pending.unlink(missing_ok=True)


class Checked:
    """Findings of checks that depend on nothing but their inputs (a text's template
    against the facts it may quote, a catalog's lines), by a key of those inputs.

    Kept from one build or check to the next with the parsed files (``parsed_from``,
    ``keep_parsed``); only what the latest run used is kept.

    >>> memo = Checked()
    >>> memo.put("k", ["a finding"]); memo.resume(None); memo.get("k"), memo.get("other")
    (['a finding'], None)
    """

    def __init__(self) -> None:
        self.previous: dict[str, Any] = {}
        self.used: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        value = self.used.get(key)
        if value is None:
            value = self.previous.get(key)
            if value is not None:
                self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        if len(self.used) >= _CHECKED_MAX:  # a process that loads many projects
            self.used.clear()
        self.used[key] = value

    def resume(self, kept: Any) -> None:
        """A run starts from what an earlier one kept (``None``: this process's last run)."""
        self.previous = kept if isinstance(kept, dict) else self.used or self.previous
        self.used = {}


#: The findings of checks, shared by every load of this process (``Checked``).
CHECKED = Checked()
_CHECKED_MAX = 200_000


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """No garbage collection while a value is unpickled: its many new objects would set off
    full collections, each going over all of a large build's objects (the knowledge base),
    though unpickling makes no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def tree_key(folder: Path, leave_out: Callable[[str], bool] | None = None) -> str:
    """The hash of the paths and bytes of every file under ``folder``, compiled catalogs
    (``.mo``, written from the ``.po`` files) and the paths ``leave_out`` says left out;
    one ``scandir`` a folder."""
    # Folders linked into the tree count as the loader reads them: by what they hold.
    files = sorted(
        path
        for path in _walk(folder, follow=True)
        if not path.endswith(".mo") and not (leave_out and leave_out(path))
    )
    return digest(*(part for path in files for part in (path, _read(folder / path))))


def published_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` (the output) with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    _walk(folder, stats=found)
    return found


def _walk(
    folder: Path,
    prefix: str = "",
    stats: dict[str, tuple[int, int]] | None = None,
    follow: bool = False,
) -> list[str]:
    """The paths of the files under ``folder``, relative to it (one ``scandir`` a folder);
    ``follow``: into linked folders too."""
    paths: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return paths
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        if entry.is_dir(follow_symlinks=follow):
            paths += _walk(Path(entry.path), f"{relative}/", stats, follow)
        else:
            paths.append(relative)
            if stats is not None:
                stat = entry.stat(follow_symlinks=False)
                stats[relative] = (stat.st_size, stat.st_mtime_ns)
    return paths


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"(unreadable)"
