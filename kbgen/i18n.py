"""Locales: their names, their gettext catalogs and Babel formatting.

Locale tags are written as in the configuration (``zh-TW``, ``fr``); Babel,
mkdocs-material and HTML each want their own spelling of them, derived here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import material
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import Environment
from markupsafe import Markup, escape

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


@cache
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
    """Read the gettext catalog of a locale; raises ``LocaleError`` with every problem."""
    path = catalog_path(locales_dir, tag)
    catalog, problems = lint_catalog(path, tag)
    if problems:
        raise LocaleError("\n".join(f"{path}:{p.line}: {p.message}" for p in problems))
    assert catalog is not None
    return catalog


@dataclass(frozen=True)
class CatalogProblem:
    """One problem in a catalog: its line (from 1), a stable code and a message."""

    line: int
    code: str
    key: str
    message: str


#: A line of a catalog that holds a string: a keyword and a string, or a continuation.
_STRING_LINE = re.compile(r'^\s*(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*"')
_WHOLE_STRING = re.compile(
    r'^\s*(?:(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*)?"(?:[^"\\]|\\.)*"\s*$'
)
#: A ``%`` placeholder with its name, as Python formats it: ``%(name)s``, ``%d``, ``%%``.
_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<kind>.)?", re.S
)
#: What a browser would read as markup: a tag, a comment or a character reference.
_MARKUP = re.compile(r"<[A-Za-z!/?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")


def lint_catalog(path: Path, tag: str) -> tuple[Catalog | None, list[CatalogProblem]]:
    """Read a catalog and find what would break or inject markup when it is used.

    Babel reads some broken catalogs without a word (``msgstr "Accueil`` without its
    closing quote is taken as ``Accueil``), so the lines are checked first. Then each
    translation must keep its original's placeholders, format as it (``%`` alone
    breaks a formatted message) and hold no markup that its original does not: the
    interface strings are text, escaped wherever they are shown.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LocaleError(f"{path}: the catalog of locale {tag!r} is missing") from None
    except OSError as error:
        raise LocaleError(f"{path}: the catalog cannot be read ({error.strerror})") from None
    problems = list(_syntax_problems(raw))
    if problems:
        return None, problems
    try:
        catalog = read_po(io.BytesIO(raw), locale=tag.replace("-", "_"), abort_invalid=True)
    except PoFileError as error:
        described = describe_po_error(path, error).removeprefix(f"{path}:{error.lineno + 1}: ")
        return None, [CatalogProblem(error.lineno + 1, "KB301", "", described)]
    except (ValueError, LookupError) as error:  # a header that names no known charset
        return None, [CatalogProblem(1, "KB301", "", f"the catalog cannot be read: {error}")]
    lines = raw.decode("utf-8").splitlines()
    for message in catalog:
        if not message.id or not message.string:
            continue
        problems.extend(_message_problems(message, lines))
    return catalog, sorted(problems, key=lambda p: p.line)


def _syntax_problems(raw: bytes) -> Iterator[CatalogProblem]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        at = raw[: error.start].count(b"\n") + 1
        yield CatalogProblem(at, "KB301", "", f"invalid UTF-8 (byte 0x{raw[error.start]:02x})")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        found = _STRING_LINE.match(line)
        if found and not _WHOLE_STRING.match(line):
            yield CatalogProblem(
                number, "KB301", found["keyword"] or "", f"unterminated string: {line.strip()}"
            )


def _message_problems(message: Message, lines: list[str]) -> Iterator[CatalogProblem]:
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    original = ids[0]
    names: set[str] = set().union(*(_placeholders(i) for i in ids))
    formatted = all(_formats(i) for i in ids)
    has_markup = any(_MARKUP.search(i) for i in ids)
    for index, string in enumerate(strings):
        if not string:
            continue
        keyword = "msgstr" if isinstance(message.string, str) else f"msgstr[{index}]"
        line = _line_of(lines, message.lineno, keyword)
        if not has_markup and _MARKUP.search(string):
            yield CatalogProblem(
                line,
                "KB304",
                keyword,
                f"markup in the translation of {original!r}, whose original has none "
                f"(interface strings are text): {string!r}",
            )
        found = _placeholders(string)
        if formatted and not _formats(string):
            yield CatalogProblem(
                line,
                "KB303",
                keyword,
                f"the translation of {original!r} cannot be formatted: write a literal % as %% "
                f"({string!r})",
            )
        elif found != names and (len(strings) == 1 or found - names):
            # A plural form may leave out the number (``one``: "une entrée").
            yield CatalogProblem(
                line,
                "KB302",
                keyword,
                f"the translation of {original!r} has placeholders "
                f"{_listed(found)} where the original has {_listed(names)}",
            )


def _placeholders(text: str) -> set[str]:
    """The named placeholders of a %-formatted message.

    >>> sorted(_placeholders("%(num)d entries in %(name)s, 100%%"))
    ['%(name)s', '%(num)d']
    """
    return {m[0] for m in _PLACEHOLDER.finditer(text) if m["name"] is not None}


class _AnyValue(dict[str, int]):
    def __missing__(self, key: str) -> int:
        return 1


def _formats(text: str) -> bool:
    """Whether a message can be %-formatted, as templates always format them.

    >>> _formats("100 %% free, %(num)d entries"), _formats("100 % gratuit")
    (True, False)
    """
    try:
        text % _AnyValue()
    except (ValueError, TypeError, KeyError):
        return False
    return True


def _listed(placeholders: set[str]) -> str:
    return ", ".join(sorted(placeholders)) if placeholders else "none"


def _line_of(lines: list[str], start: int | None, keyword: str) -> int:
    """The line of a message's ``keyword`` (Babel keeps the line of its ``msgid``)."""
    first = max(start or 1, 1)
    for number in range(first, min(first + 200, len(lines)) + 1):
        if lines[number - 1].lstrip().startswith(keyword + " ") or lines[
            number - 1
        ].lstrip().startswith(keyword + '"'):
            return number
    return first


def describe_po_error(path: Path, error: PoFileError) -> str:
    """``file:line: problem``, the line counted from 1 (Babel counts from 0).

    >>> from babel.messages.catalog import Catalog, Message
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


def install_interface_strings(
    env: Environment, translations: Translations, sanitize: Callable[[str], str]
) -> None:
    """Give a template environment ``_``, ``gettext`` and ``ngettext`` that return text.

    A translation is text, whatever it holds: it comes back escaped for HTML (Jinja's
    own gettext marks translations safe), and so does every value formatted into it.
    ``markup_gettext`` is for a string that a template declares to be markup: its
    translation comes back through ``sanitize``, as content does.
    """

    def gettext(message: str) -> Markup:
        return escape(translations.gettext(message))

    def ngettext(singular: str, plural: str, n: int) -> Markup:
        return escape(translations.ngettext(singular, plural, n))

    def markup_gettext(message: str, **variables: object) -> Markup:
        text = translations.gettext(message) % {k: escape(v) for k, v in variables.items()}
        return Markup(sanitize(text))

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["markup_gettext"] = markup_gettext
