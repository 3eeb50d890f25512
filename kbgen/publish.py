"""Publishing: builds take turns, and a finished build replaces the site atomically.

A build writes into a staging folder beside the output (``.site-new-*``) and
publishes it only when everything has built; the reader's host never serves a
half-written site. Builds into the same output take turns under a lock; what
killed builds left beside the output is removed by the next one. An output that
cannot be written is a ``BuildError`` naming the file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from kbgen.cache import published_files
from kbgen.project import BuildError, Project

log = logging.getLogger("kbgen")


def check_output(project: Project, output: Path) -> None:
    """Refuse an output folder whose replacement would delete the project's own files.

    Publishing replaces the output folder, so it must neither hold nor be the project,
    its content, catalogs, theme or cache, nor lie inside one of its sources.
    """
    sources = [
        ("the content", project.content_dir),
        ("the interface catalogs", project.locales_dir),
        ("the theme overrides", project.theme_dir),
        ("the build cache", project.cache_dir),
    ]
    for what, folder in [("the project", project.root), *sources]:
        if folder is not None and folder.resolve().is_relative_to(output):
            raise BuildError(
                f"cannot write the site to {output}: building replaces that folder, "
                f"and it holds {what} ({folder.resolve()})"
            )
    for what, folder in sources:
        if folder is not None and output.is_relative_to(folder.resolve()):
            raise BuildError(
                f"cannot write the site to {output}: it is inside {what} ({folder.resolve()})"
            )


def unwritable(output: Path, error: OSError) -> str:
    """The message for a build whose output could not be written."""
    where = error.filename2 or error.filename
    # The staging folder is this build's own business; name the file in the site.
    if isinstance(where, str) and Path(where).is_relative_to(output.parent):
        inside = Path(where).relative_to(output.parent).parts
        if inside and is_beside(inside[0], output, "new"):
            where = str(output.joinpath(*inside[1:]))
    if isinstance(error, (FileExistsError, NotADirectoryError)) and where:
        return f"cannot write the site to {output}: {where} is not a folder"
    reason = error.strerror or str(error)
    return f"cannot write the site to {output}: {reason}" + (f" ({where})" if where else "")


@contextmanager
def turn(output: Path) -> Iterator[int | None]:
    """Hold the output's parent folder: builds publishing there take turns.

    Two builds at once (``kbgen build`` while another runs, two CI jobs sharing a
    workspace) would otherwise read and replace the same ``site/`` under each other.
    The lock is the kernel's (``flock``) on the folder itself, so no lock file is left
    behind and a killed build never holds it: yields the locked descriptor, which a
    build's worker processes close (``kbgen.build``), so that only the build holds
    it. Where there is no ``flock`` (Windows, some network file systems) builds do
    not take turns, and this yields ``None``.
    """
    try:
        import fcntl

        handle = os.open(output.parent, os.O_RDONLY | os.O_CLOEXEC)
    except (ImportError, OSError):
        yield None
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # Said on every run, not only on a terminal: a CI log shows why a build waits.
            log.warning(f"waiting for another build into {output.parent} to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass
        yield handle
    finally:
        os.close(handle)  # releases the lock


def beside(output: Path, kind: str) -> Path:
    """A new folder beside ``output`` for a build: ``new`` to stage it, ``old`` to swap it
    out, ``tmp`` for its temporary files.

    Named ``.<output>-<kind>-<8 random characters>``, as ``is_beside`` knows them.
    """
    return Path(tempfile.mkdtemp(prefix=f".{output.name}-{kind}-", dir=output.parent))


def is_beside(name: str, output: Path, kinds: str = "new|old|tmp") -> bool:
    """Whether ``name`` is that of a folder ``beside`` made for ``output``."""
    return (
        re.fullmatch(rf"\.{re.escape(output.name)}-({kinds})-[A-Za-z0-9_]{{8}}", name) is not None
    )


def remove_leftovers(output: Path) -> None:
    """Remove what builds that were killed (not stopped: those clean up) left beside ``output``.

    Called with the turn held, so no running build owns them.
    """
    for folder in output.parent.iterdir():
        if is_beside(folder.name, output) and folder.is_dir() and not folder.is_symlink():
            remove_tree(folder)


def remove_tree(folder: Path) -> bool:
    """Remove a folder of this build's own, read-only parts included; whether it is gone.

    A site published read-only (``chmod -R a-w``) is still the build's to replace:
    its folders are made writable for their owner on the way.
    """

    def writable_then_retry(function: object, path: str, _error: object) -> None:
        parent = os.path.dirname(path)
        try:
            os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR | stat.S_IXUSR | stat.S_IRUSR)
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
        except OSError:
            pass

    shutil.rmtree(folder, onerror=writable_then_retry)
    return not folder.exists()


def publish(
    staging: Path,
    output: Path,
    kept: Mapping[str, tuple[int, int]] | None = None,
    kept_folders: Iterable[str] = (),
    removals: Removals | None = None,
) -> dict[str, tuple[int, int]]:
    """Make ``output`` the site built in ``staging``; nothing half-written is ever served.

    ``kept``: the published files (paths inside ``output``) that a rebuild keeps, each
    with its size and time as the build found it there;
    ``kept_folders``: folders of ``output`` kept whole, as they are (locales not built).
    Where there are no such folders and the kept files are fewer than the new ones (a
    full build, or a rebuild after a change that most pages show), they join the new
    folder, a hard link each, and the folder replaces the old one with two renames.
    Otherwise each new file moves into ``output`` with one rename, then what the site no
    longer has is removed: on a large site that costs a few hundred file operations
    instead of tens of thousands. Returns every file of the site outside the kept
    folders with its size and time (``kbgen.cache.published_files``), as the one walk of
    ``staging`` found the new ones (a rename keeps both) and the others as the build
    found them: the site is not walked again. The site replaced by a new folder is
    removed by ``removals``, if given (beside the build's last steps), else before this
    returns.
    """
    # One walk finds the new files and their stamps: renames keep a file's size and time.
    found = published_files(staging)
    new = [Path(path) for path in found]
    whole = {folder for folder in kept_folders if (output / folder).is_dir()}
    kept = kept or {}
    if not whole and (not kept or not output.is_dir() or len(kept) <= len(new)):
        ready: set[Path] = set()
        for path in sorted(kept):
            target = staging / path
            _make_folders(staging, target.relative_to(staging).parent, ready)
            if not target.exists():
                _link_or_copy(output / path, target)  # the same file, or a copy of its time
                found[path] = kept[path]
        _swap(staging, output, removals)
        return found
    moved: set[str] = set()
    ready = set()
    for relative in new:
        target = output / relative
        _make_folders(output, relative.parent, ready)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(staging / relative, target)
        moved.add(relative.as_posix())
    # What is neither kept nor new is gone from the site, and so are emptied folders.
    left: dict[str, tuple[int, int]] = {}
    _prune(str(output), "", kept, moved, whole, left)
    shutil.rmtree(staging, ignore_errors=True)
    output.chmod(0o755)
    return left


def _prune(
    folder: str,
    prefix: str,
    kept: Mapping[str, tuple[int, int]],
    moved: set[str],
    skip: set[str],
    left: dict[str, tuple[int, int]],
) -> bool:
    """Remove the files under ``folder`` (at ``prefix`` in the output) that are neither
    ``kept`` nor ``moved`` in, and the folders this empties, but the top folders in
    ``skip``; put the size and time of each file left in ``left`` (a kept file's as the
    build found it: no need to look again). Returns whether ``folder`` is now empty."""
    empty = True
    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            pruned = (prefix or entry.name not in skip) and _prune(
                entry.path, relative + "/", kept, moved, skip, left
            )
            if pruned:
                os.rmdir(entry.path)
            else:
                empty = False
        elif (stamp := kept.get(relative)) is not None:
            left[relative] = stamp
            empty = False
        elif relative in moved or (entry.is_symlink() and entry.is_dir()):
            stat = entry.stat(follow_symlinks=False)  # a linked folder is left as it is
            left[relative] = (stat.st_size, stat.st_mtime_ns)
            empty = False
        else:
            os.unlink(entry.path)
    return empty


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def _make_folders(root: Path, relative: Path, ready: set[Path]) -> None:
    """Make the folders of ``relative`` under ``root``, replacing files in their way."""
    folder = root
    for part in relative.parts:
        folder = folder / part
        if folder in ready:
            continue
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        folder.mkdir(exist_ok=True)
        ready.add(folder)


class Removals:
    """Folders that a build no longer needs, each removed in a thread of its own while the
    build does what is left (keeping its work for the next); leaving the ``with`` block
    waits for them. Used under the output's lock, which a removal then still holds."""

    def __init__(self) -> None:
        self._threads: list[tuple[Path, threading.Thread, list[bool]]] = []

    def start(self, folder: Path) -> None:
        """Remove ``folder`` (``remove_tree``) beside the caller's work: the folders in it
        (a site's locales) at once, since the file system removes the files of different
        folders side by side (a site of 27,000 files and folders: 4.1-5.1 s in one
        thread, 2.8-3.1 s in four)."""
        removed: list[bool] = []

        def remove() -> None:
            with contextlib.suppress(OSError), os.scandir(folder) as entries:
                parts = [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
                with ThreadPoolExecutor(max_workers=4) as pool:
                    list(pool.map(remove_tree, parts))
            removed.append(remove_tree(folder))

        thread = threading.Thread(target=remove)
        thread.start()
        self._threads.append((folder, thread, removed))

    def __enter__(self) -> Removals:
        return self

    def __exit__(self, *_exc: object) -> None:
        for folder, thread, removed in self._threads:
            thread.join()
            if removed != [True]:
                log.warning(
                    f"the previous site could not be removed entirely: {folder} is left over"
                )
        self._threads.clear()


def _swap(staging: Path, output: Path, removals: Removals | None) -> None:
    if output.exists():
        old = beside(output, "old")
        old.rmdir()
        output.rename(old)
        try:
            staging.rename(output)
        except OSError:
            old.rename(output)  # the site as it was
            raise
        if removals is not None:
            removals.start(old)
        else:
            with Removals() as now:
                now.start(old)
    else:
        staging.rename(output)
    output.chmod(0o755)
