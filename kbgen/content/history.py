"""What changed in a translation's source since the translation was last marked.

``source_hash`` is the fingerprint of the source's text when the translator marked
the translation (``kbgen.content.status``). ``kbgen status --diff ID LOCALE`` looks
back through the entry file's git history for the version whose source text has
that fingerprint and shows, as a unified diff, how the source reads now against
how it read then: what the translator has to carry over.
"""

from __future__ import annotations

import difflib
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kbgen.content.loader import unknown_entry
from kbgen.content.marking import StatusError
from kbgen.content.model import AnyEntry, ArticleTranslation, FaqTranslation, Translation
from kbgen.content.status import NOT_TEXT, source_hash
from kbgen.source import Source, YamlSyntaxError, parse_yaml


def source_changes(
    entries: Mapping[str, AnyEntry],
    sources: Mapping[str, Source],
    entry_id: str,
    locale: str,
    root: Path,
) -> str:
    """The unified diff of the source's text since the ``locale`` translation was marked;
    empty when it has not changed. Raises ``StatusError`` when that cannot be known."""
    entry = entries.get(entry_id)
    if entry is None:
        raise StatusError(unknown_entry(entry_id, entries))
    translation = entry.translations.get(locale)
    if translation is None:
        raise StatusError(f"{entry_id!r} has no {locale!r} translation")
    origin = entry.origin_of(locale)
    if origin == locale:
        raise StatusError(
            f"the {locale!r} translation of {entry_id!r} is an original (the source, or "
            "independent): it follows no other text"
        )
    current = entry.translations[origin]
    marked = translation.source_hash
    if marked is None:
        raise StatusError(
            f"the {locale!r} translation of {entry_id!r} was never marked, so nothing records "
            f"which {origin!r} text it follows: compare it with the whole source, then "
            f"kbgen status --mark {entry_id} --locale {locale}"
        )
    if marked == source_hash(current):
        return ""
    path = root / sources[entry_id].path
    kind = type(current)
    for revision, old in _versions(path, origin, kind):
        if source_hash(old) == marked:
            return "".join(
                difflib.unified_diff(
                    readable(old).splitlines(keepends=True),
                    readable(current).splitlines(keepends=True),
                    f"{origin} when {locale} was marked ({revision[:12]}, source_hash {marked})",
                    f"{origin} now",
                )
            )
    raise StatusError(
        f"no version of {sources[entry_id].path} in git has the {origin!r} text that source_hash "
        f"{marked} fingerprints (was it marked before its last commit?): compare the translation "
        "with the whole source"
    )


def readable(translation: Translation) -> str:
    """A translation's text as YAML that reads well in a diff: texts as blocks."""
    data = translation.model_dump(mode="json", exclude=NOT_TEXT | {"translated_from"})
    text: str = yaml.dump(
        data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=10**6
    )
    return text


class _BlockDumper(yaml.SafeDumper):  # type: ignore[misc]
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _text)


def _versions(
    path: Path, origin: str, kind: type[FaqTranslation] | type[ArticleTranslation]
) -> Iterator[tuple[str, Translation]]:
    """Each committed version of the ``origin`` translation in ``path``, newest first."""
    log = _git(path.parent, "log", "--format=%H", "--", path.name)
    if log is None:
        raise StatusError(
            f"{path.parent} is not in a git repository (or git cannot be run): the source "
            "as it was when the translation was marked cannot be found"
        )
    for revision in log.split():
        text = _git(path.parent, "show", f"{revision}:./{path.name}")
        if text is None:
            continue
        try:
            data = parse_yaml(text).data
            yield revision, kind.model_validate(data["translations"][origin])
        except (YamlSyntaxError, ValidationError, KeyError, TypeError):
            continue


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
