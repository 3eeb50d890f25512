"""Errors and problems: the one exception base, and the content's problems with their codes.

Two kinds of failure reach a user:

- a ``KbgenError`` stops a command with one message (an unknown locale, an output
  folder that cannot be written, a catalog that cannot be read); the CLI prints it
  and exits with 1, never with a traceback;
- ``ContentError`` is the ``KbgenError`` of the content: every ``Problem`` of every
  file, each with its file, line, key and stable code, collected and reported
  together (Babel's line-numbered errors, MkDocs' strict mode).

Everything else is a bug, and fails at once.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


# Stable codes: writers and CI annotations refer to them, so never renumber.
CODES: dict[str, str] = {
    "KB001": "YAML syntax error",
    "KB002": "value does not match the content schema",
    "KB003": "duplicate id",
    "KB004": "reference to an entry that does not exist",
    "KB005": "reference to a category that does not exist",
    "KB006": "reference to a product that does not exist",
    "KB007": "unknown locale",
    "KB008": "duplicate key in a YAML mapping",
    "KB009": "entry id does not match its file name",
    "KB010": "template error in a text",
    "KB011": "reference to a table that does not exist",
    "KB012": "missing name for a locale",
    "KB013": "a text cut short by ' #', which YAML reads as the start of a comment",
    # The rules under content/rules/ (kbgen.rules).
    "KB101": "reference in the rules to a question, answer, outcome, channel or fact "
    "that does not exist",
    "KB102": "a rule or fact names an entry that does not exist or is not translated "
    "into its locales",
    "KB103": "a locale that the programme (or the question) is not published in",
    "KB104": "missing label for a locale where the programme is published",
    "KB105": "a combination of answers gets no outcome",
    "KB106": "an outcome is both granted and refused",
    "KB107": "a rule that can never fire",
    "KB108": "two rules give an outcome different details",
    "KB109": "fact() in a text names a fact that does not exist",
    "KB110": "a fact that is not stated for the locale that uses it",
    "KB111": "a fact of the wrong kind (or unit) where it is used",
    "KB112": "more than one programme, or fact value, for one locale",
    # The writers' linter (kbgen.content.lint): content that validates but will not
    # read or render as meant.
    "KB201": "link to an anchor that the target entry's page does not have",
    "KB202": "link to an entry that is not translated into the text's locale",
    "KB203": "empty text or placeholder (TODO, TBD, FIXME, XXX, lorem ipsum) left in a text",
    "KB204": "code fence that is never closed",
    "KB205": "pipe table whose rows do not have as many cells as its header",
    "KB206": 'table reference {{ table("x") }} not on a line of its own',
    "KB207": "image that does not exist (or is not an http(s) URL or a file in content/assets/)",
    "KB208": "order that another entry of the same category has too",
    # The interface strings' catalogs under locales/ (kbgen.i18n).
    "KB301": "catalog syntax error (an unterminated string, an unknown keyword, invalid UTF-8)",
    "KB302": "a translation whose placeholders differ from its original's",
    "KB303": "a translation that cannot be %-formatted (a literal % is written %%)",
    "KB304": "markup in a translation whose original has none",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at one line (and column, inside a text), under one key."""

    path: str
    line: int
    key: str
    message: str
    code: str = "KB002"
    severity: Severity = field(default=Severity.ERROR, compare=False)
    column: int = 0
    """The column (from 1) where the problem starts on its line; 0 when not known."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.line and self.column:
            where += f":{self.column}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}: {self.severity} {self.code}:{key} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "message": self.message,
            "code": self.code,
            "severity": str(self.severity),
        }


class KbgenError(Exception):
    """A failure the user can fix, told in one message (no traceback)."""


def unknown_locale(tag: str, locales: Iterable[str]) -> str:
    """The one wording of an unknown locale, wherever one is named.

    >>> unknown_locale("de", ["fr", "pl"])
    "unknown locale 'de'; the site's locales are fr, pl"
    """
    return f"unknown locale {tag!r}; the site's locales are {', '.join(locales)}"


_CONSEQUENCE = re.compile(r"unknown (entry|fact|category|product) '([^']+)'")


def fold_consequences(
    problems: Iterable[Problem], unloaded: Mapping[tuple[str, str], str]
) -> list[Problem]:
    """One cause, one message: drop the problems that only follow from a file that could
    not be loaded, and count them under that file's first error.

    ``unloaded`` maps what such a file declares, ``("entry", id)``, ``("fact", id)``,
    ``("category", id)`` or ``("product", id)``, to the file's shown path. A reference
    to one of those from another file is not an error of its own: it goes away when
    the file is fixed.
    """
    kept: list[Problem] = []
    followers: dict[str, list[str]] = {}
    for problem in problems:
        match = _CONSEQUENCE.search(problem.message)
        cause = unloaded.get((match.group(1), match.group(2))) if match else None
        if cause is not None and cause != problem.path:
            followers.setdefault(cause, []).append(match.group(2) if match else "")
            continue
        kept.append(problem)
    for path, names in followers.items():
        errors = [
            index
            for index, problem in enumerate(kept)
            if problem.path == path and problem.severity is Severity.ERROR
        ]
        if not errors:
            continue
        first = min(errors, key=lambda index: (kept[index].line, kept[index].column))
        shown = sorted(set(names))
        listed = ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")
        count = len(names)
        note = (
            f" ({count} other problem{'s' if count != 1 else ''} follow{'s' if count == 1 else ''}"
            f" from this one: references elsewhere to {listed}, declared in this file; "
            "fix this one first)"
        )
        kept[first] = replace(kept[first], message=kept[first].message + note)
    return kept


class ContentError(KbgenError):
    """The content has problems; the build must stop before rendering."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the content")


def display_path(path: Path, root: Path) -> str:
    """Return ``path`` relative to ``root`` when it is inside it, for messages."""
    # Most paths are found under the (resolved) project root: no need to resolve them,
    # nor to ask pathlib (the loader shows every file it reads).
    if path.is_absolute():
        text, prefix = os.fspath(path), os.path.join(os.fspath(root), "")
        if text.startswith(prefix) and ".." not in text.split(os.sep):
            return text[len(prefix) :].replace(os.sep, "/")
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def unreadable(error: OSError) -> str:
    """The message for a content file that cannot be read.

    >>> unreadable(IsADirectoryError(21, "Is a directory"))
    'the file cannot be read (is a directory)'
    """
    reason = error.strerror or str(error)
    return f"the file cannot be read ({reason[:1].lower()}{reason[1:]})"
