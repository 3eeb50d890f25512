"""The pages that say an entry is not in a locale, and offer it in the locales that have it.

A reader who picks a language in the menu of an entry that this language lacks lands
here, in the language they picked, rather than on its home page with no word of why.
Without fallback pages (``fallback_pages``), each locale has one such page per entry it
lacks, at ``missing/<id>/``: static, so that it works without JavaScript; ``noindex``,
and in no navigation, search or sitemap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kbgen.content.model import AnyEntry, title_of
from kbgen.i18n import SiteLocale
from kbgen.render.page import Alternate, Page
from kbgen.render.urls import (
    HOME_PATH,
    SEARCH_PATH,
    cross_locale_url,
    entry_path,
    missing_path,
    relative_url,
)

if TYPE_CHECKING:
    from kbgen.render.renderer import LocaleRenderer


def missing_entries(renderer: LocaleRenderer) -> list[AnyEntry]:
    """The entries the locale has no page of (none, with fallback pages)."""
    if renderer.fallback_catalogs is not None:
        return []
    tag = renderer.locale.tag
    return [e for e in renderer.kb.entries.values() if tag not in e.translations]


def missing_page(renderer: LocaleRenderer, entry: AnyEntry) -> Page:
    """The page of a locale that says it lacks ``entry``, linking it where it is."""
    path = missing_path(entry.id)
    _ = renderer.translations.gettext
    offers = [
        {
            "href": cross_locale_url(path, tag, entry_path(entry.id)),
            "lang": tag,
            "language": SiteLocale(tag).own_name,
            "title": title_of(entry.translations[tag]),
        }
        for tag in renderer.kb.locales
        if tag in entry.translations
    ]
    title = _("This entry is not available in this language")
    markdown = renderer.env.get_template("pages/missing.md").render(
        path=path,
        title=title,
        offers=offers,
        home_href=relative_url(path, HOME_PATH),
        search_href=relative_url(path, SEARCH_PATH),
    )
    return Page(
        f"missing/{entry.id}.md",
        path,
        title,
        markdown,
        "missing",
        alternates=_alternates(renderer, entry, path),
        meta={"robots": "noindex"},
    )


def _alternates(renderer: LocaleRenderer, entry: AnyEntry, path: str) -> tuple[Alternate, ...]:
    """The entry in each locale that has it; in the others, their page saying so."""
    result = []
    for tag in renderer.kb.locales:
        available = tag in entry.translations
        result.append(
            Alternate(
                locale=tag,
                name=SiteLocale(tag).own_name,
                href=cross_locale_url(path, tag, entry_path(entry.id) if available else path),
                available=available,
                current=tag == renderer.locale.tag,
                explained=not available,
            )
        )
    return tuple(result)
