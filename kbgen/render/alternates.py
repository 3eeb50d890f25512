"""The language switcher's links of a page: the same page in each locale, where it exists."""

from __future__ import annotations

from kbgen.i18n import SiteLocale
from kbgen.project import KnowledgeBase
from kbgen.render.page import Alternate
from kbgen.render.urls import cross_locale_url, missing_path

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
