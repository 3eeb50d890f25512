"""Starting a translation: the source's text copied into the entry's file, as a draft.

``kbgen translate ID LOCALE`` adds ``translations.<LOCALE>`` to the entry's file:
the text of the translation it is made from (the entry's source, or ``--from``),
copied line for line as the writer wrote it, with ``translated_from`` naming that
locale, and ``draft: true`` (no ``updated``: pages show the date of the commit that
last changed the text, ``kbgen.content.dates``). The translator then
replaces the text; the site does not publish a draft, and ``kbgen status`` lists
it, until ``kbgen status --mark ID --locale LOCALE`` records that it follows its
source (which also clears ``draft``). Nothing else of the file changes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kbgen.content.loader import unknown_entry
from kbgen.content.marking import StatusError
from kbgen.content.model import AnyEntry
from kbgen.errors import unknown_locale
from kbgen.source import Source, YamlSyntaxError, parse_yaml

#: Keys of a translation that say where it stands, not what it says: not copied.
_STANDING = ("updated", "source_hash", "independent", "draft", "translated_from")


@dataclass(frozen=True)
class Started:
    path: Path
    line: int
    origin: str


def start_translation(
    entries: Mapping[str, AnyEntry],
    sources: Mapping[str, Source],
    entry_id: str,
    locale: str,
    locales: Sequence[str],
    root: Path,
    origin: str | None = None,
) -> Started:
    """Add a draft ``locale`` translation of ``entry_id``, copied from ``origin``."""
    entry = entries.get(entry_id)
    if entry is None:
        raise StatusError(unknown_entry(entry_id, entries))
    if locale not in locales:
        raise StatusError(unknown_locale(locale, locales))
    if locale in entry.translations:
        raise StatusError(
            f"{entry_id!r} already has a {locale!r} translation; to see what changed in its "
            f"source since it was marked: kbgen status --diff {entry_id} {locale}"
        )
    origin = origin or entry.source_locale
    if origin not in entry.translations or entry.translations[origin].draft:
        have = ", ".join(sorted(k for k, v in entry.translations.items() if not v.draft))
        raise StatusError(
            f"{entry_id!r} has no {origin!r} translation to start from; it has {have}"
        )
    path = root / sources[entry_id].path
    text = path.read_bytes().decode("utf-8")
    new_text, line = add_translation(text, origin, locale)
    with path.open("wb") as handle:
        handle.write(new_text.encode("utf-8"))
    return Started(path, line, origin)


def add_translation(text: str, origin: str, locale: str) -> tuple[str, int]:
    r"""The text of an entry file with a draft ``locale`` translation copied from ``origin``.

    Returns the new text and the line of the new translation's key.

    >>> text = "id: a\ntranslations:\n  fr:\n    updated: 2026-01-02\n    question: Q ?\n"
    >>> print(add_translation(text, "fr", "pl")[0], end="")
    id: a
    translations:
      fr:
        updated: 2026-01-02
        question: Q ?
      pl:
        draft: true                 # not published until reviewed and marked
        translated_from: fr
        question: Q ?
    """
    try:
        doc = parse_yaml(text)
    except YamlSyntaxError as error:
        raise StatusError(f"line {error.line}: {error.message}") from None
    lines = text.splitlines(keepends=True)
    ending = _ending(lines[0]) if lines else "\n"
    start = doc.lines.get(("translations", origin))
    top = doc.lines.get(("translations",))
    if start is None or top is None:
        raise _not_block_style()
    key_indent = _indent(lines[start - 1])
    body: list[str] = []
    number = start
    while number < len(lines) and (
        not lines[number].strip() or _indent(lines[number]) > key_indent
    ):
        body.append(lines[number])
        number += 1
    while body and not body[-1].strip():
        body.pop()
    end_of_translations = number
    while end_of_translations < len(lines) and (
        not lines[end_of_translations].strip() or _indent(lines[end_of_translations]) > 0
    ):
        end_of_translations += 1
    while end_of_translations > start and not lines[end_of_translations - 1].strip():
        end_of_translations -= 1
    if not body:
        raise _not_block_style()
    child = " " * _indent(body[0])
    standing = re.compile(rf"^{child}({'|'.join(_STANDING)})\s*:")
    copied = [line for line in body if not standing.match(line)]
    if copied and not _ending(copied[-1]):
        copied[-1] += ending
    head = " " * key_indent
    block = [
        f"{head}{locale}:{ending}",
        f"{child}draft: true                 # not published until reviewed and marked{ending}",
        f"{child}translated_from: {origin}{ending}",
        *copied,
    ]
    before = lines[:end_of_translations]
    if before and not _ending(before[-1]):
        before[-1] += ending
    new_text = "".join([*before, *block, *lines[end_of_translations:]])
    expected = copy.deepcopy(doc.data)
    made = {k: v for k, v in doc.data["translations"][origin].items() if k not in _STANDING}
    expected["translations"][locale] = {
        "draft": True,
        "translated_from": origin,
        **made,
    }
    try:
        if parse_yaml(new_text).data != expected:
            raise _not_block_style()
    except YamlSyntaxError:
        raise _not_block_style() from None
    return new_text, len(before) + 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _not_block_style() -> StatusError:
    return StatusError(
        "cannot add the translation: write `translations:` as a block of `key: value` "
        "lines, each translation under its locale"
    )
