"""The options of the ``kbgen`` plugin in ``mkdocs.yml``, declared and validated once.

Plain data: MkDocs hands the plugin its options as a mapping, and
``KbgenConfig.parse`` checks them all (unknown keys, types, the locales against
each other) and says what is wrong with each, naming the key and the file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kbgen.errors import KbgenError


class ConfigError(KbgenError):
    """The plugin's options are wrong; ``problems`` holds ``(key, message)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems))


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
