"""A locale's pages, put together: what MkDocs builds for one locale.

The renderer (``kbgen.render.renderer``) makes the home, category and entry
pages; the search page and the quiz add theirs; this module orders them, with
the navigation and the files published beside the pages.
"""

from __future__ import annotations

from kbgen.render.category import category_page
from kbgen.render.contact import contact_page
from kbgen.render.missing import missing_entries, missing_page
from kbgen.render.page import NavItem, Page
from kbgen.render.quiz import QUIZ_PATH, quiz_files, quiz_invitation, quiz_nav, quiz_pages
from kbgen.render.renderer import LocaleRenderer
from kbgen.render.search_page import search_nav, search_page
from kbgen.render.urls import CONTACT_PATH, HOME_PATH


def locale_pages(renderer: LocaleRenderer) -> list[Page]:
    """Every page of the locale: home, categories, entries (and the pages saying which
    entries it lacks), search, contact, quiz."""
    renderer.next_steps = {
        "quiz": QUIZ_PATH if quiz_invitation(renderer, HOME_PATH) else None,
        "contact": CONTACT_PATH,
    }
    pages = [renderer.home_page(quiz_invitation(renderer, HOME_PATH))]
    pages += [category_page(renderer, c, entries) for c, entries in renderer.categories]
    pages += [renderer.entry_page(entry) for entry in renderer.entries]
    pages += [renderer.entry_page(entry) for entry in renderer.fallback_entries]
    pages += [missing_page(renderer, entry) for entry in missing_entries(renderer)]
    pages.append(search_page(renderer))
    pages.append(contact_page(renderer))
    pages += quiz_pages(renderer)
    return pages


def locale_nav(renderer: LocaleRenderer) -> list[NavItem]:
    """The site navigation of the locale: home, categories, the quiz, search."""
    return renderer.nav() + quiz_nav(renderer) + search_nav(renderer)


def locale_files(renderer: LocaleRenderer) -> dict[str, str]:
    """Files published beside the pages, by path: the quiz's exported rules."""
    return quiz_files(renderer)


def page_dates(pages: dict[str, Page], renderer: LocaleRenderer) -> dict[str, str]:
    """When the text of each entry page (by source path) last changed
    (``kbgen.content.dates``), as the page itself says, for the sitemap; the other pages
    have no such date."""
    dates = {}
    locale = renderer.locale.tag
    for uri, page in pages.items():
        entry = renderer.kb.entries.get(page.entry_id or "")
        translation = entry.translations.get(locale) if entry else None
        if translation is not None and translation.updated is not None:
            dates[uri] = translation.updated.isoformat()
    return dates
