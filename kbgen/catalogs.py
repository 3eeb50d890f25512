"""The interface strings' catalogs: extract, update and compile them with Babel's Python API.

``kbgen i18n extract`` writes ``locales/messages.pot`` from the templates and the
code, as ``locales/babel.cfg`` says (the same as ``pybabel extract
--no-location --sort-output``); ``update`` merges it into every locale's
``messages.po`` without fuzzy matching (a changed string is new, never guessed
from a similar one); ``compile`` checks each catalog and writes its ``.mo`` file
beside it. A build does not need the ``.mo`` files: it compiles in memory
(``kbgen.i18n``); they serve other gettext tools and are git-ignored.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po
from jinja2 import TemplateSyntaxError

from kbgen.cache import CHECKED, digest
from kbgen.errors import KbgenError, Problem, display_path
from kbgen.i18n import LocaleError, catalog_path, describe_po_error, lint_catalog

TEMPLATE = "messages.pot"
MAPPING = "babel.cfg"
#: Line width of the written catalogs: pybabel's for the template, the catalogs' own.
_POT_WIDTH = 76
_PO_WIDTH = 100


class CatalogError(KbgenError):
    """A catalog or the extraction configuration cannot be read."""


def _now() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC)


def extract(root: Path, locales_dir: Path) -> tuple[Path, int]:
    """Extract every interface string under ``root`` into ``<locales_dir>/messages.pot``.

    Returns the template's path and its number of messages.
    """
    mapping = locales_dir / MAPPING
    try:
        with mapping.open(encoding="utf-8") as handle:
            method_map, options_map = parse_mapping_cfg(handle, str(mapping))  # type: ignore[no-untyped-call]
    except OSError as error:
        raise CatalogError(f"{mapping}: {error.strerror}") from None
    catalog = Catalog(
        project="kbgen",
        version=package_version("kbgen"),
        copyright_holder="kbgen",
        charset="utf-8",
        creation_date=_now(),
    )
    current: list[str] = []

    def reading(filename: str, method: str, options: dict[str, str]) -> None:
        current[:] = [filename]

    found = extract_from_dir(
        str(root),
        method_map,
        options_map,
        comment_tags=(),
        strip_comment_tags=False,
        callback=reading,
    )
    try:
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message, None, [(filename, lineno)], auto_comments=comments, context=context
            )
    except TemplateSyntaxError as error:
        # A template that does not parse would lose its strings from every catalog.
        where = current[0] if current else "a template"
        raise CatalogError(
            f"{where}:{error.lineno}: the template does not parse ({error.message}); "
            "nothing was extracted"
        ) from None
    output = locales_dir / TEMPLATE
    _write(output, catalog, _POT_WIDTH)
    return output, len(catalog)


@dataclass(frozen=True)
class Updated:
    """One locale's catalog after ``update``."""

    locale: str
    path: Path
    untranslated: list[str] = field(default_factory=list)


def update(locales_dir: Path, locales: Iterable[str]) -> list[Updated]:
    """Merge the template into every locale's catalog, without fuzzy matching."""
    template = _read(locales_dir / TEMPLATE, None)
    results = []
    for tag in locales:
        path = catalog_path(locales_dir, tag)
        if path.is_file():
            catalog = _read(path, tag)
        else:
            catalog = Catalog(locale=tag.replace("-", "_"), project="kbgen", fuzzy=False)
            path.parent.mkdir(parents=True, exist_ok=True)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        _write(path, catalog, _PO_WIDTH)
        untranslated = [_key(m.id) for m in catalog if m.id and not _translated(m.string)]
        results.append(Updated(tag, path, untranslated))
    return results


@dataclass(frozen=True)
class Compiled:
    """One locale's catalog after ``compile``: its ``.mo`` file, or why it has none."""

    locale: str
    path: Path
    messages: int
    errors: list[str] = field(default_factory=list)
    """``file:line: message`` for each problem; the ``.mo`` file is not written then."""


def compile_catalogs(locales_dir: Path, locales: Iterable[str]) -> list[Compiled]:
    """Check every locale's catalog and write its ``.mo`` file next to it."""
    results = []
    for tag in locales:
        path = catalog_path(locales_dir, tag)
        try:
            read, lint = lint_catalog(path, tag)
        except LocaleError:
            read, lint = None, []  # missing or unreadable: reading it says so
        try:
            if read is None and lint:
                raise CatalogError("\n".join(f"{path}:{p.line}: {p.message}" for p in lint))
            catalog = _read(path, tag)
        except CatalogError as error:
            results.append(Compiled(tag, path.with_suffix(".mo"), 0, [str(error)]))
            continue
        # Babel's own check (below) names a placeholder that differs.
        errors = [f"{path}:{p.line}: {p.message}" for p in lint if p.code != "KB302"]
        errors += [
            f"{path}:{message.lineno}: {_key(message.id)!r}: {problem}"
            for message, problems in catalog.check()
            for problem in problems
        ]
        errors += [
            f"{path}:{message.lineno}: {_key(message.id)!r}: fuzzy (not used until reviewed)"
            for message in catalog
            if message.id and message.fuzzy
        ]
        errors += [
            f"{path}:{message.lineno}: {_key(message.id)!r}: not translated"
            for message in catalog
            if message.id and not _translated(message.string)
        ]
        mo = path.with_suffix(".mo")
        if not errors:
            with mo.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
        results.append(Compiled(tag, mo, sum(1 for m in catalog if m.id), errors))
    return results


def _write(path: Path, catalog: Catalog, width: int) -> None:
    """Write a catalog when its messages changed; a new date alone is no change."""

    def render() -> bytes:
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=width, no_location=True, sort_output=True)
        return buffer.getvalue()

    if path.is_file() and _without_dates(path.read_bytes()) == _without_dates(render()):
        return
    if catalog.locale is not None:
        catalog.revision_date = _now()
    path.write_bytes(render())


def _without_dates(text: bytes) -> list[bytes]:
    dates = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')
    return [line for line in text.splitlines() if not line.startswith(dates)]


def _read(path: Path, tag: str | None) -> Catalog:
    try:
        with path.open("rb") as handle:
            locale = tag.replace("-", "_") if tag else None
            return read_po(handle, locale=locale, abort_invalid=True)
    except FileNotFoundError:
        raise CatalogError(f"{path}: the file does not exist") from None
    except PoFileError as error:
        raise CatalogError(describe_po_error(path, error)) from None


def _key(message_id: str | Sequence[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _translated(string: str | Sequence[str] | None) -> bool:
    strings = (string,) if string is None or isinstance(string, str) else string
    return all(strings)


def catalog_problems(locales_dir: Path, locales: Iterable[str], root: Path) -> list[Problem]:
    """Every problem in the locales' catalogs, as ``kbgen check`` reports them (KB3xx).

    A missing catalog is not one of them: reading it says so.
    """
    problems = []
    for tag in locales:
        path = catalog_path(locales_dir, tag)
        try:
            key = digest("catalog", tag, path.read_bytes())
        except OSError:
            continue  # reading it says what is wrong
        found = CHECKED.get(key)
        if found is None:
            try:
                _, found = lint_catalog(path, tag)
            except LocaleError:
                continue
            CHECKED.put(key, found)
        shown = display_path(path, root)
        problems += [Problem(shown, p.line, p.key, p.message, p.code) for p in found]
    return problems
