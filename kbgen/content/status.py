"""Translation status: which translations are up to date with their source, outdated or missing.

Each entry has a source translation (``source_locale``); the others are made
from it. A translation records which version of the source it was made from in
``source_hash``: the source's *fingerprint* when the translator finished, written
by ``kbgen status --mark ID --locale L``, never by hand. The fingerprint is the
first 12 hex digits of the SHA-256 of the canonical JSON (sorted keys, no spaces,
UTF-8) of the source translation's translatable fields, as validated: question
and answer, or title, summary and sections; keywords and tables; not ``updated``,
``source_hash`` or ``independent``. So a new date alone changes nothing, and any
change to the text does.

A translation is then, in one locale:

- **up to date**: it is the source, or it is ``independent: true`` (an original
  written from its own document, such as the zh-TW and fr documents that state
  the same questions), or its ``source_hash`` is the source's fingerprint;
- **outdated**: its ``source_hash`` differs, or is missing (it was never marked,
  so nothing says which source it follows: it counts as outdated until marked);
- **missing**: the entry has no translation in that locale.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from kbgen.content.loader import AnyEntry, KnowledgeBase
from kbgen.content.model import Translation
from kbgen.content.yamlfile import YamlSyntaxError, parse_yaml

FINGERPRINT_DIGITS = 12
#: Fields of a translation that are not its text: they do not change the fingerprint.
_NOT_TEXT = {"updated", "source_hash", "independent"}


class StatusError(ValueError):
    """A translation that cannot be marked; the message says why."""


class State(enum.StrEnum):
    SOURCE = "source"
    INDEPENDENT = "independent"
    CURRENT = "current"
    OUTDATED = "outdated"
    MISSING = "missing"

    @property
    def up_to_date(self) -> bool:
        return self in (State.SOURCE, State.INDEPENDENT, State.CURRENT)


def fingerprint(translation: Translation) -> str:
    """The fingerprint of a translation's text (see the module's documentation).

    >>> import datetime as dt
    >>> from kbgen.content.model import FaqTranslation
    >>> one = FaqTranslation(updated=dt.date(2026, 1, 1), question="Q?", answer="A.")
    >>> fingerprint(one)
    'f2ab05f38545'
    >>> canonical = '{"answer":"A.","keywords":[],"question":"Q?","tables":{}}'
    >>> hashlib.sha256(canonical.encode()).hexdigest()[:12]
    'f2ab05f38545'
    >>> fingerprint(one.model_copy(update={"updated": dt.date(2026, 2, 2)})) == fingerprint(one)
    True
    """
    data = translation.model_dump(mode="json", exclude=_NOT_TEXT)
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:FINGERPRINT_DIGITS]


def translation_state(entry: AnyEntry, locale: str) -> State:
    """Where the translation of ``entry`` into ``locale`` stands."""
    translation = entry.translations.get(locale)
    if translation is None:
        return State.MISSING
    if locale == entry.source_locale:
        return State.SOURCE
    if translation.independent:
        return State.INDEPENDENT
    source = entry.translations.get(entry.source_locale)
    if source is not None and translation.source_hash == fingerprint(source):
        return State.CURRENT
    return State.OUTDATED


@dataclass(frozen=True)
class Outdated:
    entry_id: str
    path: str
    line: int


@dataclass
class LocaleStatus:
    """The translations of one locale, against all the entries of the knowledge base."""

    locale: str
    entries: int
    up_to_date: list[str] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return len(self.up_to_date) + len(self.outdated)

    @property
    def coverage(self) -> float:
        """Up-to-date translations, in percent of all entries."""
        return 100.0 * len(self.up_to_date) / self.entries if self.entries else 100.0

    def as_json(self) -> dict[str, object]:
        return {
            "locale": self.locale,
            "entries": self.entries,
            "translated": self.translated,
            "up_to_date": len(self.up_to_date),
            "outdated": [
                {"id": item.entry_id, "path": item.path, "line": item.line}
                for item in self.outdated
            ],
            "missing": list(self.missing),
            "coverage": round(self.coverage, 1),
        }


def locale_status(kb: KnowledgeBase, locale: str) -> LocaleStatus:
    """The status of every entry's translation into ``locale``, in id order."""
    status = LocaleStatus(locale, len(kb.entries))
    for entry_id in sorted(kb.entries):
        state = translation_state(kb.entries[entry_id], locale)
        if state is State.MISSING:
            status.missing.append(entry_id)
        elif state is State.OUTDATED:
            source = kb.sources[entry_id]
            line = source.line(("translations", locale))
            status.outdated.append(Outdated(entry_id, source.path, line))
        else:
            status.up_to_date.append(entry_id)
    return status


@dataclass(frozen=True)
class Marked:
    path: Path
    line: int
    fingerprint: str
    changed: bool


def mark_current(kb: KnowledgeBase, entry_id: str, locale: str, root: Path) -> Marked:
    """Record that the ``locale`` translation of ``entry_id`` follows its source as it is now.

    Writes the source's fingerprint as the translation's ``source_hash`` in the
    entry's file, changing that one line (or adding it after ``updated``) and
    nothing else of the file.
    """
    entry = kb.entries.get(entry_id)
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
    value = fingerprint(entry.translations[entry.source_locale])
    source = kb.sources[entry_id]
    path = root / source.path
    if translation.source_hash == value:
        line = source.line(("translations", locale, "source_hash"))
        return Marked(path, line, value, changed=False)
    text = path.read_bytes().decode("utf-8")
    new_text, line = set_source_hash(text, locale, value)
    path.write_bytes(new_text.encode("utf-8"))
    return Marked(path, line, value, changed=True)


def set_source_hash(text: str, locale: str, value: str) -> tuple[str, int]:
    """The text of an entry file with ``translations.<locale>.source_hash`` set to ``value``.

    Only that line changes, or one line is added after ``updated``, with the
    indentation and line ending of its neighbours; returns the new text and the
    line. Raises ``StatusError`` when the translation is not written in block style.

    >>> text = "translations:\\n  fr:\\n    updated: 2026-11-22\\n    question: Q?\\n"
    >>> print(set_source_hash(text, "fr", "0123456789ab")[0], end="")
    translations:
      fr:
        updated: 2026-11-22
        source_hash: 0123456789ab
        question: Q?
    """
    try:
        doc = parse_yaml(text)
    except YamlSyntaxError as error:
        raise StatusError(f"line {error.line}: {error.message}") from None
    lines = text.splitlines(keepends=True)
    base = ("translations", locale)
    existing = doc.lines.get((*base, "source_hash"))
    if existing is not None:
        index = existing - 1
        match = re.match(r"^(\s*source_hash\s*:[ \t]*)(\S+)?(.*)$", lines[index], re.DOTALL)
        if match is None or doc.scalars.get((*base, "source_hash"), (0, None))[0] != existing:
            raise _not_block_style(locale)
        lines[index] = match.group(1) + value + _after_value(match.group(3))
        line = existing
    else:
        updated = doc.lines.get((*base, "updated"))
        if updated is None or doc.scalars.get((*base, "updated"), (0, None))[0] != updated:
            raise _not_block_style(locale)
        match = re.match(r"^([ \t]*)updated\s*:", lines[updated - 1])
        if match is None:
            raise _not_block_style(locale)
        ending = _ending(lines[updated - 1]) or _ending(lines[0]) or "\n"
        if not _ending(lines[updated - 1]):
            lines[updated - 1] += ending
        lines.insert(updated, f"{match.group(1)}source_hash: {value}{ending}")
        line = updated + 1
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


def format_table(statuses: list[LocaleStatus]) -> str:
    """The status of each locale as a table, one row per locale.

    >>> print(format_table([LocaleStatus("fr", 4, ["a", "b"], [Outdated("c", "c.yaml", 9)])]))
    locale  entries  translated  up to date  outdated  missing  coverage
    fr            4           3           2         1        0     50.0%
    """
    header = ["locale", "entries", "translated", "up to date", "outdated", "missing", "coverage"]
    rows = [
        [
            status.locale,
            str(status.entries),
            str(status.translated),
            str(len(status.up_to_date)),
            str(len(status.outdated)),
            str(len(status.missing)),
            f"{status.coverage:.1f}%",
        ]
        for status in statuses
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def format_lists(status: LocaleStatus, width: int = 100) -> str:
    """What a locale's translators have to do: the outdated and the missing entries."""
    lines = [f"{status.locale}:"]
    if status.outdated:
        lines.append(f"  outdated ({len(status.outdated)}):")
        lines += [f"    {item.entry_id}  {item.path}:{item.line}" for item in status.outdated]
    if status.missing:
        lines.append(f"  missing ({len(status.missing)}):")
        lines += textwrap.wrap(
            ", ".join(status.missing),
            width,
            initial_indent="    ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    if len(lines) == 1:
        lines.append("  every entry is translated and up to date")
    return "\n".join(lines)
