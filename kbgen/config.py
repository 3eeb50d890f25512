"""The options of the ``kbgen`` plugin in ``mkdocs.yml``, declared and validated once."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class KbgenConfig(base.Config):
    """``plugins: - kbgen: {...}`` in ``mkdocs.yml``."""

    content_dir = c.Type(str, default="content")
    """The knowledge base: entries, categories, products and rules (relative to mkdocs.yml)."""

    locales_dir = c.Type(str, default="locales")
    """The gettext catalogs of the interface, ``<locale>/LC_MESSAGES/messages.po``."""

    locales = c.ListOfItems(c.Type(str), default=[])
    """The site's locale tags, in the order of the language menu, e.g. ``[zh-TW, fr]``."""

    default_locale = c.Optional(c.Type(str))
    """The locale that plain ``mkdocs build``/``serve`` renders; the first locale by default."""

    site_names = c.DictOfItems(c.Type(str), default={})
    """The site's name per locale; ``site_name`` where a locale has none."""

    fallback_pages = c.Type(bool, default=False)
    """Give an entry a page in every locale: where it is not translated, its source text,
    marked with its language, under a notice in the reader's language."""

    content_security_policy = c.Type(bool, default=True)
    """Give every page a Content-Security-Policy (``kbgen.render.policy``): scripts only
    from the site and the page's own inline scripts. Off: pages carry none (set one in
    the host's headers instead)."""

    cache = c.Type(bool, default=True)
    """Keep what a build did for the next one (parsed files, rendered texts, the
    published files' keys), so that a rebuild redoes only what changed."""

    cache_dir = c.Type(str, default=".cache/kbgen")
    """Where the cache lives (relative to mkdocs.yml); safe to delete at any time."""

    def validate_locales(self) -> list[str]:
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

    @property
    def main_locale(self) -> str:
        return self.default_locale or self.locales[0]
