"""Locales: their names, their gettext catalogs and Babel formatting.

Locale tags are written as in the configuration (``zh-TW``, ``fr``); Babel,
mkdocs-material and HTML each want their own spelling of them, derived here.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import material
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations

from kbgen.cache import digest
from kbgen.errors import KbgenError

_MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"


class LocaleError(KbgenError):
    """A locale tag that Babel does not know, or a catalog that cannot be read."""


@dataclass(frozen=True)
class SiteLocale:
    """One locale of the site and its spellings for each library."""

    tag: str

    @property
    def babel(self) -> Locale:
        return _babel_locale(self.tag)

    @property
    def own_name(self) -> str:
        """The language's name in itself, e.g. ``Polski`` or ``中文 (繁體)``."""
        return own_language_name(self.tag)

    @property
    def material_language(self) -> str:
        """The ``theme.language`` that mkdocs-material knows for this locale."""
        return material_language(self.tag)

    def format_date(self, value: dt.date) -> str:
        """A date as this locale writes it in running text.

        >>> SiteLocale("fr").format_date(dt.date(2026, 11, 22))
        '22 novembre 2026'
        """
        return format_date(value, format="long", locale=self.babel)

    def format_number(self, value: float) -> str:
        return format_decimal(value, locale=self.babel)


@cache
def _babel_locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError) as error:
        raise LocaleError(f"unknown locale {tag!r}: {error}") from None


def own_language_name(tag: str) -> str:
    """The name of a language in that language, with its script for Chinese.

    >>> own_language_name("zh-TW"), own_language_name("zh-CN"), own_language_name("ro")
    ('中文 (繁體)', '中文 (简体)', 'Română')
    """
    locale = _babel_locale(tag)
    if locale.script:
        name = Locale(locale.language, script=locale.script).get_display_name(locale)
    else:
        name = Locale(locale.language).get_display_name(locale)
    name = name or tag
    return name[:1].upper() + name[1:]


def material_language(tag: str) -> str:
    """The mkdocs-material language for a tag: ``zh-CN`` is ``zh``, ``zh-TW`` is itself.

    >>> material_language("zh-CN"), material_language("zh-TW"), material_language("pl")
    ('zh', 'zh-TW', 'pl')
    """
    for candidate in (tag, tag.split("-")[0]):
        if (_MATERIAL_LANGUAGES / f"{candidate}.html").is_file():
            return candidate
    return "en"


def catalog_path(locales_dir: Path, tag: str) -> Path:
    return locales_dir / tag / "LC_MESSAGES" / "messages.po"


def read_catalog(locales_dir: Path, tag: str) -> Catalog:
    """Read the gettext catalog of a locale."""
    path = catalog_path(locales_dir, tag)
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=tag.replace("-", "_"), abort_invalid=True)
    except FileNotFoundError:
        raise LocaleError(f"{path}: the catalog of locale {tag!r} is missing") from None
    except PoFileError as error:
        raise LocaleError(describe_po_error(path, error)) from None


def describe_po_error(path: Path, error: PoFileError) -> str:
    """``file:line: problem``, the line counted from 1 (Babel counts from 0).

    >>> from babel.messages.catalog import Catalog
    >>> error = PoFileError("Unknown or misformatted keyword", Catalog(), 'msgtsr "x"', 217)
    >>> describe_po_error(Path("fr.po"), error)
    'fr.po:218: unknown or misformatted keyword: msgtsr "x"'
    """
    problem = str(error.args[0]).removesuffix(f" on {error.lineno}")
    problem = problem[:1].lower() + problem[1:]
    line = error.line.strip()
    return f"{path}:{error.lineno + 1}: {problem}" + (f": {line}" if line else "")


class SiteTranslations(Translations):
    """A locale's compiled catalog, with the key of its messages (``kbgen.incremental``)."""

    key: str = ""
    """The hash of the compiled catalog: equal catalogs translate every message alike."""


def load_translations(locales_dir: Path, tag: str) -> SiteTranslations:
    """The compiled catalog of a locale, compiled in memory with Babel.

    Compiled once per version of the file: a long-running process (``kbgen serve``)
    sees a translator's edit at its next build.
    """
    try:
        stat = catalog_path(locales_dir, tag).stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = (0, 0)  # read_catalog says what is wrong
    return _compiled(locales_dir, tag, version)


@lru_cache(maxsize=64)
def _compiled(locales_dir: Path, tag: str, version: tuple[int, int]) -> SiteTranslations:
    catalog = read_catalog(locales_dir, tag)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    translations = SiteTranslations(io.BytesIO(buffer.getvalue()), domain="messages")
    translations.key = digest(buffer.getvalue())
    return translations
