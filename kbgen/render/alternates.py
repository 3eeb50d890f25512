"""The language switcher's links of a page: the same page in each locale, where it exists."""

from __future__ import annotations

from urllib.parse import urljoin

from kbgen.i18n import SiteLocale
from kbgen.project import KnowledgeBase
from kbgen.render.page import Alternate, Page
from kbgen.render.urls import cross_locale_url, missing_path, relative_url

#: Where a reader's browser keeps the language they chose (in the language menu of any
#: page, or on the root page's chooser), which the root page then goes to before the
#: browser's own languages.
LOCALE_STORAGE_KEY = "kbgen.locale"


def page_alternates(
    kb: KnowledgeBase,
    current: str,
    path: str,
    target: str | None,
    *,
    category: bool = False,
    same_path: bool = False,
    missing_pages: bool = False,
) -> tuple[Alternate, ...]:
    """The page at ``path`` in each locale; where a locale lacks it, that locale's home,
    or, for an entry with ``missing_pages``, its page saying that it lacks the entry.

    ``target``: the entry (or, with ``category``, the category) the page shows, or
    ``None`` for a page every locale has (at ``path`` with ``same_path``, else home).
    """
    result = []
    for tag in kb.locales:
        other = SiteLocale(tag)
        if target is None:
            available = True
            to_path = path if same_path else ""
        elif category:
            available = any(
                e.category == target and tag in e.translations for e in kb.entries.values()
            )
            to_path = path if available else ""
        else:
            # A fallback page is this locale's own page of the entry.
            available = tag in kb.entries[target].translations or tag == current
            to_path = path if available else ""
            if not available and missing_pages:
                to_path = missing_path(target)
        result.append(
            Alternate(
                locale=tag,
                name=other.own_name,
                href=cross_locale_url(path, tag, to_path),
                available=available,
                current=tag == current,
                explained=not available and bool(to_path),
            )
        )
    return tuple(result)


def hreflang(kb_page: Page, canonical_url: str | None) -> list[tuple[str, str]]:
    """The page in each other language, and the language chooser as ``x-default``: the
    head's alternate links. Absolute when the page has a canonical address (the site has
    a ``site_url``; search engines want them so), relative otherwise."""
    base = canonical_url or ""
    # A page that is not indexed (a fallback page) is no one's alternate, its own included.
    indexed = "robots" not in kb_page.meta
    pairs = [
        (alt.locale, urljoin(base, alt.href) if base else alt.href)
        for alt in kb_page.alternates
        if alt.available and (indexed or not alt.current)
    ]
    root = relative_url(kb_page.path, "") + "../"
    pairs.append(("x-default", urljoin(base, root) if base else root))
    return pairs
