"""The options of the ``kbgen`` plugin in ``mkdocs.yml``, declared and validated once.

Plain data: MkDocs hands the plugin its options as a mapping, and
``KbgenConfig.parse`` checks them all (unknown keys, types, the locales against
each other) and says what is wrong with each, naming the key and the file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from kbgen.errors import KbgenError


class ConfigError(KbgenError):
    """The plugin's options are wrong; ``problems`` holds ``(key, message)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems))


#: The image formats a logo may have (what every browser shows in an ``<img>``).
LOGO_SUFFIXES = (".svg", ".png", ".webp", ".jpg", ".jpeg")


@dataclass(frozen=True)
class OwnerConfig:
    """``owner: {...}``: who runs the help centre, shown in every page's header and footer."""

    name: str | None = None
    """The owner's name (a company, a team), in the footer beside the copyright."""

    url: str | None = None
    """The owner's own web site (``https://...``), which the owner's name links to."""

    logo: str | None = None
    """An image of the owner's logo (SVG, PNG, WebP or JPEG; relative to mkdocs.yml), in
    the header of every page instead of the theme's icon."""

    legal_url: str | None = None
    """The owner's legal notice or terms (``https://...``), linked from every page's footer."""

    copyright: str | None = None
    """The copyright line of the footer, e.g. ``© 2026 Example Ltd``; MkDocs' own
    ``copyright`` where this is not set."""

    @classmethod
    def parse(cls, options: Any, where: str) -> tuple[OwnerConfig, list[tuple[str, str]]]:
        """The owner as ``options`` give it, and the problems of each key (``owner.<key>``).

        >>> owner, problems = OwnerConfig.parse({"name": "Ex", "legal_url": "ex.com"}, "mkdocs.yml")
        >>> owner.name, [key for key, message in problems]
        ('Ex', ['owner.legal_url'])
        """
        if not isinstance(options, dict):
            return cls(), [("owner", f"must be a mapping of the owner's {_keys(cls)} (in {where})")]
        problems: list[tuple[str, str]] = []
        values: dict[str, str] = {}
        known = {f.name for f in dataclasses.fields(cls)}
        for key, value in options.items():
            name = f"owner.{key}"
            if key not in known:
                problems.append((name, f"unknown key; the owner has {_keys(cls)} (in {where})"))
            elif not isinstance(value, str) or not value.strip():
                problems.append((name, f"must be a non-empty string (in {where})"))
            elif key.endswith("url") and not _is_web_address(value):
                problems.append(
                    (
                        name,
                        "must be an address starting with https:// or http://, like "
                        f"'https://example.com/legal', not {value!r} (in {where})",
                    )
                )
            elif key == "logo" and PurePosixPath(value).suffix.lower() not in LOGO_SUFFIXES:
                problems.append(
                    (
                        name,
                        f"must be an image ({', '.join(LOGO_SUFFIXES)}), "
                        f"not {value!r} (in {where})",
                    )
                )
            else:
                values[key] = value
        return cls(**values), problems


def _keys(cls: type) -> str:
    return ", ".join(f.name for f in dataclasses.fields(cls))


def _is_web_address(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) address with a host."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


@dataclass(frozen=True)
class KbgenConfig:
    """``plugins: - kbgen: {...}`` in ``mkdocs.yml``."""

    content_dir: str = "content"
    """The knowledge base: entries, categories, products and rules (relative to mkdocs.yml)."""

    locales_dir: str = "locales"
    """The gettext catalogs of the interface, ``<locale>/LC_MESSAGES/messages.po``."""

    locales: tuple[str, ...] = ()
    """The site's locale tags, in the order of the language menu, e.g. ``[zh-TW, fr]``."""

    default_locale: str | None = None
    """The locale that plain ``mkdocs build``/``serve`` renders; the first locale by default."""

    site_names: Mapping[str, str] = field(default_factory=dict)
    """The site's name per locale; ``site_name`` where a locale has none."""

    fallback_pages: bool = False
    """Give an entry a page in every locale: where it is not translated, its source text,
    marked with its language, under a notice in the reader's language."""

    content_security_policy: bool = True
    """Give every page a Content-Security-Policy (``kbgen.render.policy``): scripts only
    from the site and the page's own inline scripts. Off: pages carry none (set one in
    the host's headers instead)."""

    cache: bool = True
    """Keep what a build did for the next one (parsed files, rendered texts, the
    published files' keys), so that a rebuild redoes only what changed."""

    cache_dir: str = ".cache/kbgen"
    """Where the cache lives (relative to mkdocs.yml); safe to delete at any time."""

    owner: OwnerConfig = field(default_factory=OwnerConfig)
    """Who runs the help centre (``kbgen.config.OwnerConfig``): name, web site, logo,
    legal notice, copyright. The footer names them and links the locale's contact page;
    it credits the theme only where ``extra.generator: true`` asks for it."""

    @property
    def main_locale(self) -> str:
        return self.default_locale or self.locales[0]

    @classmethod
    def parse(cls, options: Mapping[str, Any], where: str = "mkdocs.yml") -> KbgenConfig:
        """The options as given in ``where``; a ``ConfigError`` names every wrong key.

        >>> KbgenConfig.parse({"locales": ["fr", "pl"]}).main_locale
        'fr'
        >>> KbgenConfig.parse({"locales": ["fr"], "colour": "red"})
        Traceback (most recent call last):
        kbgen.config.ConfigError: colour: unknown option of the kbgen plugin in mkdocs.yml
        """
        problems: list[tuple[str, str]] = []
        known = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, value in options.items():
            if key not in known:
                problems.append((key, f"unknown option of the kbgen plugin in {where}"))
                continue
            if key == "owner":
                values[key], owner_problems = OwnerConfig.parse(value, where)
                problems += owner_problems
                continue
            checked = _check(known[key].type, value)
            if checked is None:
                problems.append((key, f"{_expected(known[key].type)} (in {where})"))
            else:
                values[key] = checked[0]
        if problems:
            raise ConfigError(problems)
        config = cls(**values)
        problems = [("locales", f"{problem} (in {where})") for problem in config._locale_problems()]
        if problems:
            raise ConfigError(problems)
        return config

    def _locale_problems(self) -> list[str]:
        """Problems with the locale options that no single option can see."""
        problems = []
        if not self.locales:
            problems.append("'locales' must list at least one locale tag")
        duplicates = {tag for tag in self.locales if self.locales.count(tag) > 1}
        problems += [f"locale {tag!r} is listed twice in 'locales'" for tag in sorted(duplicates)]
        if self.default_locale is not None and self.default_locale not in self.locales:
            problems.append(f"'default_locale' {self.default_locale!r} is not one of 'locales'")
        problems += [
            f"'site_names' has locale {tag!r}, which is not one of 'locales'"
            for tag in self.site_names
            if tag not in self.locales
        ]
        return problems


def _check(kind: object, value: Any) -> tuple[Any] | None:
    """``(value,)`` as the option keeps it when it is of ``kind`` (a field's annotation)."""
    if kind == "str":
        return (value,) if isinstance(value, str) else None
    if kind == "bool":
        return (value,) if isinstance(value, bool) else None
    if kind == "str | None":
        return (value,) if value is None or isinstance(value, str) else None
    if kind == "tuple[str, ...]":
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return (tuple(value),) if ok else None
    if kind == "Mapping[str, str]":
        ok = isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        )
        return (dict(value),) if ok else None
    raise AssertionError(f"no check for options of type {kind}")


def _expected(kind: object) -> str:
    return {
        "str": "must be a string",
        "bool": "must be true or false",
        "str | None": "must be a string",
        "tuple[str, ...]": "must be a list of strings",
        "Mapping[str, str]": "must be a mapping of strings to strings",
    }[str(kind)]
