"""Load the rules under ``content/rules/``, check them against the content, verify them.

Like the content loader, it collects every problem with its file, line and key:
YAML and schema errors first, then references (questions, answers, outcomes,
facts, entries, locales, labels; ``kbgen.rules.checks``), then, when all of that
holds, the exhaustive verification (``kbgen.rules.verification``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kbgen.cache import CHECKED, digest
from kbgen.content.model import AnyEntry
from kbgen.errors import Problem, Severity, display_path
from kbgen.rules.book import RuleBook
from kbgen.rules.checks import RuleChecks
from kbgen.rules.model import Programme
from kbgen.rules.verification import verify
from kbgen.source import Loc, ParsedFiles, declared_ids, read_source
from kbgen.wording import schema_message


def load_rules(
    rules_dir: Path,
    entries: Mapping[str, AnyEntry],
    locales: Sequence[str],
    root: Path,
    parsed: ParsedFiles | None = None,
) -> tuple[RuleBook | None, list[Problem]]:
    """Read, check and verify every programme; ``None`` when there is no rules folder.
    ``parsed`` keeps the files parsed by an earlier run (``kbgen.cache``)."""
    if not rules_dir.is_dir():
        return None, []
    book = RuleBook(locales=tuple(locales))
    checks = RuleChecks(book, entries, tuple(locales))
    paths = sorted(rules_dir.glob("*.yaml"))
    for path in paths:
        _read(checks, path, root, parsed)
    for programme in book.programmes.values():
        checks.programme(programme, book.sources[programme.id])
    checks.across_programmes()
    if not any(p.severity is Severity.ERROR for p in checks.problems):
        checks.problems += _verified(book, paths, root)
    return book, checks.problems


def _verified(book: RuleBook, paths: Sequence[Path], root: Path) -> list[Problem]:
    """``verify(book)``, or its findings and figures when an earlier run verified the
    same files for the same locales (``kbgen.cache.CHECKED``)."""
    try:
        files = [part for path in paths for part in (display_path(path, root), path.read_bytes())]
    except OSError:
        return verify(book)
    key = digest("verify", repr(book.locales), *files)
    kept = CHECKED.get(key)
    if kept is None:
        kept = (verify(book), dict(book.stats))
        CHECKED.put(key, kept)
    problems, stats = kept
    book.stats.update(stats)
    return list(problems)


def _read(checks: RuleChecks, path: Path, root: Path, parsed: ParsedFiles | None) -> None:
    """Read one programme's file into the book, or its problems into ``checks``."""
    source, problems = read_source(path, root, parsed)
    checks.problems += problems
    if source is None:
        shown = display_path(path, root)
        checks.book.unloaded.update(dict.fromkeys((("fact", i) for i in declared_ids(path)), shown))
        return
    doc = source.doc
    try:
        programme = Programme.model_validate(doc.data)
    except ValidationError as error:
        seen: set[Loc] = set()
        for detail in error.errors():
            loc = _data_loc(doc.data, detail["loc"], detail["type"] == "missing")
            if loc not in seen:
                seen.add(loc)
                checks.add(source, loc, schema_message(detail, Programme), "KB002")
        ids = declared_ids(path)
        checks.book.unloaded.update(dict.fromkeys((("fact", i) for i in ids), source.path))
        return
    if programme.id in checks.book.programmes:
        other = checks.book.sources[programme.id]
        checks.add(
            source,
            ("id",),
            f"duplicate programme id {programme.id!r} (also in {other.path})",
            "KB003",
        )
        return
    checks.book.programmes[programme.id] = programme
    checks.book.sources[programme.id] = source


def _data_loc(data: Any, loc: Sequence[str | int], missing: bool) -> Loc:
    """The part of a pydantic error location that is in the YAML (no union tags)."""
    kept: list[str | int] = []
    node = data
    for number, part in enumerate(loc):
        child = _child(node, part)
        if child is not _ABSENT:
            node = child
            kept.append(part)
        elif missing and number == len(loc) - 1:
            kept.append(part)
    return tuple(kept)


_ABSENT = object()


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part, _ABSENT)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _ABSENT
