"""When each translation's text last changed: the writer's date, else the git history's.

An entry page says when its text in that language last changed: the ``updated``
key of the translation where the writer gave one, else the date of the last
commit that changed that translation's text. That commit is found by comparing a
hash of the translation's text (what ``kbgen.content.status`` counts as text: not
``updated``, ``source_hash`` and the other marks) across the file's first-parent
history, newest first: the oldest commit of the newest run of versions whose text
is today's is the one that wrote it. A change to another language of the same
file, or to a mark, moves no date.

The whole history is read with one ``git log`` and the versions' texts with one
``git cat-file --batch``; a version is hashed once per process (by its blob id).
Where there is no history to trust, there is no date (never the build's date):
no git, a shallow clone (its oldest commit would claim every older text), a file
or a translation not committed as it is now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kbgen.cache import CHECKED, digest
from kbgen.content.model import AnyEntry
from kbgen.content.status import NOT_TEXT
from kbgen.source import Source

# Only the data of old versions is needed, not the lines: the C parser where there is one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A translation's text hashes, by locale, of one version of an entry file.
TextHashes = dict[str, str]


def text_hashes(data: Any) -> TextHashes:
    """The hash of each translation's text in an entry file's data (its parsed YAML).

    >>> one = text_hashes({"translations": {"fr": {"updated": "2026-01-01", "question": "Q"}}})
    >>> one == text_hashes({"translations": {"fr": {"question": "Q", "draft": True}}})
    True
    >>> one == text_hashes({"translations": {"fr": {"question": "Q ?"}}})
    False
    """
    translations = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(translations, dict):
        return {}
    hashes = {}
    for locale, translation in translations.items():
        if isinstance(translation, dict):
            text = {k: v for k, v in translation.items() if k not in NOT_TEXT}
            canonical = json.dumps(text, sort_keys=True, ensure_ascii=False, default=str)
            hashes[str(locale)] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return hashes


@dataclass(frozen=True)
class Version:
    """One version of a file on the first-parent line: the commit's time and its blob."""

    time: int
    """The commit's time (seconds since the epoch, UTC)."""
    blob: str | None
    """The file's blob in that commit; ``None`` where the commit deleted it."""


def dated(
    entries: Mapping[str, AnyEntry], sources: Mapping[str, Source], root: Path, folder: Path
) -> dict[str, AnyEntry]:
    """The entries with each translation's ``updated`` as pages show it: the writer's where
    the file gives one, else the date of the commit that last changed its text, else none.

    ``folder`` holds the entry files (their history is read there, moves included).
    """
    files: dict[Path, TextHashes] = {}
    undated: dict[str, Path] = {}
    for entry_id, entry in entries.items():
        if any(t.updated is None for t in entry.translations.values()):
            path = root / sources[entry_id].path
            undated[entry_id] = path
            # Read as the versions in git are read, so that an unchanged text hashes the same.
            files[path] = _hashes_of(path.read_bytes())
    if not undated:
        return dict(entries)
    changes = last_changes(files, folder)
    result = dict(entries)
    for entry_id, path in undated.items():
        found = changes.get(path, {})
        entry = entries[entry_id]
        translations = {
            locale: t.model_copy(update={"updated": found.get(locale)}) if t.updated is None else t
            for locale, t in entry.translations.items()
        }
        result[entry_id] = entry.model_copy(update={"translations": translations})
    return result


def last_changes(files: Mapping[Path, TextHashes], folder: Path) -> dict[Path, dict[str, dt.date]]:
    """For each file (a path, with its translations' text hashes as they are now), the date
    each translation's text last changed, as the git history of ``folder`` says.

    A file or translation without a trustworthy date is left out; ``{}`` outside git
    or in a shallow clone.
    """
    if not folder.is_dir():
        return {}
    top = _git(folder, "rev-parse", "--show-toplevel")
    shallow = _git(folder, "rev-parse", "--is-shallow-repository")
    if top is None or shallow is None or shallow.strip() != "false" or not files:
        return {}
    top_dir = Path(top.strip()).resolve()
    wanted = {}
    for path in files:
        resolved = path.resolve()
        if resolved.is_relative_to(top_dir):
            wanted[resolved.relative_to(top_dir).as_posix()] = path
    log = _git(top_dir, *_LOG, "--", folder.resolve().relative_to(top_dir).as_posix())
    if log is None or not wanted:
        return {}
    versions = _versions(log.split("\0"), set(wanted))
    blobs = {v.blob for history in versions.values() for v in history if v.blob}
    hashes = _blob_hashes(top_dir, blobs)
    dates: dict[Path, dict[str, dt.date]] = {}
    for relative, path in wanted.items():
        found = {}
        for locale, now in files[path].items():
            time = _last_change(versions[relative], hashes, locale, now)
            if time is not None:
                found[locale] = dt.datetime.fromtimestamp(time, dt.UTC).date()
        dates[path] = found
    return dates


def history_state(folder: Path) -> str:
    """What the dates of ``folder``'s files depend on besides their texts: the commit
    checked out and whether the clone is shallow ("" outside git)."""
    if not folder.is_dir():
        return ""
    return _git(folder, "rev-parse", "HEAD", "--is-shallow-repository") or ""


def _last_change(
    history: list[Version], hashes: Mapping[str, TextHashes], locale: str, now: str
) -> int | None:
    """The time of the commit that wrote today's text; ``None`` if the newest has another."""
    found = None
    for version in history:  # newest first
        if version.blob is None or hashes.get(version.blob, {}).get(locale) != now:
            break
        found = version.time
    return found


def _git(root: Path, *args: str, stdin: bytes | None = None) -> str | None:
    """The output of ``git args`` in ``root``; ``None`` where git fails or is missing."""
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "surrogateescape")


#: ``git log`` of every first-parent commit that changed a file of the folders: its time,
#: then one ``--raw`` record per file (the new blob, the status, the paths), renames found.
_LOG = (
    "-c",
    "core.quotePath=false",
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--raw",
    "--no-abbrev",
    "-M",
    "-z",
    "--format=%x01%ct",
)


def _versions(fields: Iterable[str], wanted: set[str]) -> dict[str, list[Version]]:
    """Each wanted file's versions, newest first, following it back through renames.

    ``fields``: ``git log --raw -z`` output split at NULs: a commit's ``\\x01<time>``
    (after a newline), then for each file ``:<modes> <old> <new> <status>``, its path
    (and its new path, for a rename or copy).
    """
    commits: list[tuple[int, list[tuple[str, str, str, str | None]]]] = []
    items = iter(fields)
    for item in items:
        item = item.strip("\n")
        if item.startswith("\x01"):
            commits.append((int(item[1:]), []))
        elif item.startswith(":") and commits:
            _mode_a, _mode_b, _old, new, status = item[1:].split(" ")
            path = next(items, "")
            target = next(items, "") if status[0] in "RC" else None
            commits[-1][1].append((status[0], new, path, target))
    # Follow each wanted file from its name today back through its renames.
    names = {path: path for path in wanted}  # the name in the commits being read -> today's
    versions: dict[str, list[Version]] = {path: [] for path in wanted}
    for time, changes in commits:
        renamed: dict[str, str] = {}
        for status, new, path, target in changes:
            now_name = target if target is not None else path
            today = names.get(now_name)
            if today is None:
                continue
            deleted = status == "D" or set(new) == {"0"}
            versions[today].append(Version(time, None if deleted else new))
            if status == "R" and target is not None:
                renamed[target] = path
        for newer, older in renamed.items():
            names[older] = names.pop(newer)
    return versions


def _blob_hashes(top: Path, blobs: set[str]) -> dict[str, TextHashes]:
    """The translations' text hashes of each blob, read in one ``git cat-file --batch``."""
    missing = sorted(blob for blob in blobs if _known(blob) is None)
    if missing:
        out = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=top,
            input="".join(f"{blob}\n" for blob in missing).encode(),
            capture_output=True,
            check=False,
        ).stdout
        at = 0
        for blob in missing:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) != 3 or header[1] != b"blob":
                _remember(blob, {})
                continue
            size = int(header[2])
            _remember(blob, _hashes_of(out[at : at + size]))
            at += size + 1
    return {blob: _known(blob) or {} for blob in blobs}


def _hashes_of(content: bytes) -> TextHashes:
    """The text hashes of one version of an entry file (``{}`` if it does not parse),
    kept in ``CHECKED`` by its bytes."""
    key = digest("text hashes", content)
    found = CHECKED.get(key)
    if found is None:
        try:
            found = text_hashes(yaml.load(content.decode("utf-8"), Loader=_Loader))
        except (UnicodeDecodeError, yaml.YAMLError):
            found = {}
        CHECKED.put(key, found)
    return dict(found)


#: What each blob read so far holds (a blob never changes): a preview that reloads the
#: content on every save reads only the versions it has not seen.
_READ: dict[str, TextHashes] = {}


def _known(blob: str) -> TextHashes | None:
    return _READ.get(blob)


def _remember(blob: str, hashes: TextHashes) -> None:
    _READ[blob] = hashes
