"""Translation status: which translations are up to date with their source, outdated or missing.

Each entry has a source translation (``source_locale``); the others are made
from it. A translation records which version of the source it was made from in
``source_hash``: the *hash* of the source's text when the translator finished, written
by ``kbgen status --mark ID --locale L``, never by hand. The hash is the
first 12 hex digits of the SHA-256 of the canonical JSON (sorted keys, no spaces,
UTF-8) of the source translation's translatable fields, as validated: question
and answer, or title, summary and sections; keywords and tables; not ``updated``,
``source_hash``, ``independent``, ``translated_from`` or ``draft``. So a new date alone
changes nothing, and any change to the text does.

A translation is then, in one locale:

- **up to date**: it is the source, or it is ``independent: true`` (an original
  written from its own document, such as the zh-TW and fr documents that state
  the same questions), or its ``source_hash`` is the source's hash;
- **outdated**: its ``source_hash`` differs, or is missing (it was never marked,
  so nothing says which source it follows: it counts as outdated until marked);
- **missing**: the entry has no translation in that locale.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from kbgen.content.model import AnyEntry, Translation
from kbgen.source import Source

SOURCE_HASH_DIGITS = 12
#: Fields of a translation that are not its text: they do not change its hash.
NOT_TEXT = {"updated", "source_hash", "independent", "translated_from", "draft"}


class State(enum.StrEnum):
    SOURCE = "source"
    INDEPENDENT = "independent"
    CURRENT = "current"
    OUTDATED = "outdated"
    DRAFT = "draft"
    MISSING = "missing"

    @property
    def up_to_date(self) -> bool:
        return self in (State.SOURCE, State.INDEPENDENT, State.CURRENT)


def source_hash(translation: Translation) -> str:
    """The ``source_hash`` of a translation's text (see the module's documentation).

    >>> import datetime as dt
    >>> from kbgen.content.model import FaqTranslation
    >>> one = FaqTranslation(updated=dt.date(2026, 1, 1), question="Q?", answer="A.")
    >>> source_hash(one)
    'f2ab05f38545'
    >>> canonical = '{"answer":"A.","keywords":[],"question":"Q?","tables":{}}'
    >>> hashlib.sha256(canonical.encode()).hexdigest()[:12]
    'f2ab05f38545'
    >>> source_hash(one.model_copy(update={"updated": dt.date(2026, 2, 2)})) == source_hash(one)
    True
    """
    data = translation.model_dump(mode="json", exclude=NOT_TEXT)
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:SOURCE_HASH_DIGITS]


def translation_state(entry: AnyEntry, locale: str) -> State:
    """Where the translation of ``entry`` into ``locale`` stands."""
    translation = entry.translations.get(locale)
    if translation is None:
        return State.MISSING
    if locale == entry.source_locale:
        return State.SOURCE
    if translation.draft:
        return State.DRAFT
    if translation.independent:
        return State.INDEPENDENT
    source = entry.translations.get(entry.origin_of(locale))
    if source is not None and translation.source_hash == source_hash(source):
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
    drafts: list[Outdated] = field(default_factory=list)
    """Translations started (``kbgen translate``) and not yet reviewed: not published."""

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
            "drafts": [
                {"id": item.entry_id, "path": item.path, "line": item.line} for item in self.drafts
            ],
            "coverage": round(self.coverage, 1),
        }


def locale_status(
    entries: Mapping[str, AnyEntry], sources: Mapping[str, Source], locale: str
) -> LocaleStatus:
    """The status of every entry's translation into ``locale``, in id order."""
    status = LocaleStatus(locale, len(entries))
    for entry_id in sorted(entries):
        state = translation_state(entries[entry_id], locale)
        if state is State.MISSING:
            status.missing.append(entry_id)
        elif state in (State.OUTDATED, State.DRAFT):
            source = sources[entry_id]
            line = source.line(("translations", locale))
            found = status.outdated if state is State.OUTDATED else status.drafts
            found.append(Outdated(entry_id, source.path, line))
        else:
            status.up_to_date.append(entry_id)
    return status
