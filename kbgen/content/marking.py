"""Marking a translation current: its ``source_hash`` written into the entry's file.

``kbgen status --mark ID --locale L`` records that a translation follows its source
as it is now (``kbgen.content.status``), changing one line of the file and nothing
else, so that the writer's diff shows exactly that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kbgen.content.model import AnyEntry
from kbgen.content.status import source_hash
from kbgen.errors import KbgenError
from kbgen.source import Source, YamlDocument, YamlSyntaxError, parse_yaml


class StatusError(KbgenError):
    """A translation that cannot be marked; the message says why."""


@dataclass(frozen=True)
class Marked:
    path: Path
    line: int
    source_hash: str
    changed: bool


def mark_current(
    entries: Mapping[str, AnyEntry],
    sources: Mapping[str, Source],
    entry_id: str,
    locale: str,
    root: Path,
) -> Marked:
    """Record that the ``locale`` translation of ``entry_id`` follows its source as it is now.

    Writes the hash of the source's text as the translation's ``source_hash`` in the
    entry's file, changing that one line (or adding it under the locale's key) and
    nothing else of the file.
    """
    entry = entries.get(entry_id)
    if entry is None:
        raise StatusError(f"unknown entry {entry_id!r}")
    translation = entry.translations.get(locale)
    if translation is None:
        raise StatusError(f"{entry_id!r} has no {locale!r} translation to mark")
    if locale == entry.source_locale:
        raise StatusError(
            f"{locale!r} is the source translation of {entry_id!r}: it is always up to date; "
            "mark its other translations once they follow it"
        )
    if translation.independent:
        raise StatusError(
            f"the {locale!r} translation of {entry_id!r} is independent (an original of its "
            "own): it has no source to follow"
        )
    value = source_hash(entry.translations[entry.origin_of(locale)])
    source = sources[entry_id]
    path = root / source.path
    if translation.source_hash == value and not translation.draft:
        line = source.line(("translations", locale, "source_hash"))
        return Marked(path, line, value, changed=False)
    text = path.read_bytes().decode("utf-8")
    new_text, line = set_source_hash(text, locale, value)
    if translation.draft:
        new_text, line = clear_draft(new_text, locale, line)
    path.write_bytes(new_text.encode("utf-8"))
    return Marked(path, line, value, changed=True)


def clear_draft(text: str, locale: str, hash_line: int) -> tuple[str, int]:
    r"""The text without the ``draft:`` line of ``translations.<locale>``: it is reviewed.

    Returns the new text and where the ``source_hash`` line (at ``hash_line``) now is.

    >>> text = "translations:\n  fr:\n    draft: true   # review\n    source_hash: 0a\n"
    >>> new, line = clear_draft(text, "fr", 4)
    >>> print(new, end=""); line
    translations:
      fr:
        source_hash: 0a
    3
    """
    doc = _parse(text)
    loc = ("translations", locale, "draft")
    line = doc.lines.get(loc)
    if line is None:
        return text, hash_line
    lines = text.splitlines(keepends=True)
    if doc.scalars.get(loc, (0, None))[0] != line or not re.match(
        r"^\s*draft\s*:", lines[line - 1]
    ):
        raise _not_block_style(locale)
    del lines[line - 1]
    new_text = "".join(lines)
    expected = doc.data
    del expected["translations"][locale]["draft"]
    if _parse(new_text).data != expected:
        raise _not_block_style(locale)
    return new_text, hash_line - 1 if line < hash_line else hash_line


def _parse(text: str) -> YamlDocument:
    try:
        return parse_yaml(text)
    except YamlSyntaxError as error:
        raise StatusError(f"line {error.line}: {error.message}") from None


def set_source_hash(text: str, locale: str, value: str) -> tuple[str, int]:
    """The text of an entry file with ``translations.<locale>.source_hash`` set to ``value``.

    Only that line changes, or one line is added (after ``updated``, else first under
    the locale's key), with the indentation and line ending of its neighbours; returns
    the new text and the line. Raises ``StatusError`` when the translation is not
    written in block style.

    >>> text = "translations:\\n  fr:\\n    question: Q?\\n"
    >>> print(set_source_hash(text, "fr", "0123456789ab")[0], end="")
    translations:
      fr:
        source_hash: 0123456789ab
        question: Q?
    """
    try:
        doc = parse_yaml(text)
    except YamlSyntaxError as error:
        raise StatusError(f"line {error.line}: {error.message}") from None
    lines = text.splitlines(keepends=True)
    base = ("translations", locale)
    # A hash of digits alone would read back as a number: it is written quoted.
    written = f'"{value}"' if value.isdigit() else value
    existing = doc.lines.get((*base, "source_hash"))
    if existing is not None:
        index = existing - 1
        match = re.match(r"^(\s*source_hash\s*:[ \t]*)(\S+)?(.*)$", lines[index], re.DOTALL)
        if match is None or doc.scalars.get((*base, "source_hash"), (0, None))[0] != existing:
            raise _not_block_style(locale)
        lines[index] = match.group(1) + written + _after_value(match.group(3))
        line = existing
    else:
        # The new line goes after `updated` where there is one, else first under the
        # locale's key, as indented as `updated` or the key's first child.
        updated = doc.lines.get((*base, "updated"))
        after = updated or doc.lines.get(base)
        if after is None or doc.scalars.get(base) is not None:
            raise _not_block_style(locale)
        model = after - 1 if updated else after
        match = re.match(r"^([ \t]+)\S", lines[model]) if model < len(lines) else None
        if match is None:
            raise _not_block_style(locale)
        ending = _ending(lines[after - 1]) or _ending(lines[0]) or "\n"
        if not _ending(lines[after - 1]):
            lines[after - 1] += ending
        lines.insert(after, f"{match.group(1)}source_hash: {written}{ending}")
        line = after + 1
    new_text = "".join(lines)
    # Nothing else may have changed: the file must read as before, plus the hash.
    expected = parse_yaml(text).data
    expected["translations"][locale]["source_hash"] = value
    if parse_yaml(new_text).data != expected:
        raise _not_block_style(locale)
    return new_text, line


def _after_value(rest: str) -> str:
    """What follows the old value on its line: a comment and the line ending."""
    comment = re.search(r"\s+#.*$", rest, re.DOTALL)
    return comment.group(0) if comment else _ending(rest)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _not_block_style(locale: str) -> StatusError:
    return StatusError(
        f"cannot write translations.{locale}.source_hash: write the translation as a block "
        "of `key: value` lines, each on its own line"
    )
