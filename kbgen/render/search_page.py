"""The search page of a locale (``<locale>/search/``) and the strings its script shows."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kbgen.content.model import AnyEntry, title_of
from kbgen.i18n import SiteLocale
from kbgen.render.page import NavItem, Page
from kbgen.render.renderer import LocaleRenderer
from kbgen.render.urls import SEARCH_INDEX_DIR, SEARCH_PATH, category_path, relative_url

SEARCH_SOURCE = "search.md"


def plural_templates(renderer: LocaleRenderer, message: Callable[[int], str]) -> dict[str, str]:
    """A gettext plural message by CLDR category, for ``Intl.PluralRules`` in the browser.

    The catalog has one string per gettext form; the browser picks by CLDR
    category, so each category the integers reach gets the string of an integer
    in it.
    """
    rule = renderer.locale.babel.plural_form
    templates: dict[str, str] = {}
    for number in range(0, 200):
        category = rule(number)
        if category not in templates:
            templates[category] = message(number)
    return templates


def search_strings(renderer: LocaleRenderer) -> dict[str, Any]:
    _ = renderer.translations.gettext
    ngettext = renderer.translations.ngettext
    return {
        "results": plural_templates(
            renderer,
            lambda n: ngettext(
                "%(num)d result for “%(query)s”", "%(num)d results for “%(query)s”", n
            ),
        ),
        "none": _("No results for “%(query)s”."),
        "empty": _("Type a question, a symptom or a few words."),
        "loading": _("Searching…"),
        "unavailable": _("Search is unavailable right now; please try again later."),
        "didYouMean": _("Did you mean:"),
        "otherLanguage": _("in %(language)s"),
    }


def search_page(renderer: LocaleRenderer) -> Page:
    path = SEARCH_PATH
    tag = renderer.locale.tag
    kb = renderer.kb
    locales = [
        {
            "tag": other,
            "name": SiteLocale(other).own_name,
            "index": f"../../{other}/{SEARCH_INDEX_DIR}/",
        }
        for other in kb.locales
        if kb.entries_in(other)
    ]
    categories = [(c.id, c.names[tag]) for c, _entries in renderer.categories]
    products = sorted(
        {p for e in renderer.entries for p in e.products},
        key=lambda p: kb.products[p].names[tag].casefold(),
    )
    markdown = renderer.env.get_template("pages/search.md").render(
        path=path,
        title=renderer.translations.gettext("Search"),
        categories=categories,
        category_links=[
            (relative_url(path, category_path(c.id)), c.names[tag])
            for c, _entries in renderer.categories
        ],
        useful=[renderer.link(path, entry) for entry in useful_entries(renderer)],
        next_steps={
            name: relative_url(path, target)
            for name, target in renderer.next_steps.items()
            if target is not None
        },
        products=[(p, kb.products[p].names[tag]) for p in products],
        config=json.dumps(
            {
                "index": "index/",
                "locale": tag,
                "locales": locales,
                "strings": search_strings(renderer),
            },
            ensure_ascii=False,
            sort_keys=True,
        ).replace("<", "\\u003c"),
    )
    title = renderer.translations.gettext("Search")
    return Page(
        SEARCH_SOURCE,
        path,
        title,
        markdown,
        "search",
        alternates=renderer.alternates(path, None, same_path=True),
    )


def useful_entries(renderer: LocaleRenderer, count: int = 5) -> list[AnyEntry]:
    """The entries of the locale that most others point readers to (as related), FAQ
    first, then by title: what a reader whose search found nothing may want."""
    pointed: dict[str, int] = {}
    for entry in renderer.kb.entries.values():
        for other in entry.related:
            pointed[other] = pointed.get(other, 0) + 1
    ranked = sorted(
        renderer.entries,
        key=lambda e: (
            -pointed.get(e.id, 0),
            e.kind != "faq",
            title_of(e.translations[renderer.locale.tag]).casefold(),
        ),
    )
    return ranked[:count]


def search_nav(renderer: LocaleRenderer) -> list[NavItem]:
    """The search page's item of the navigation."""
    return [NavItem(renderer.translations.gettext("Search"), SEARCH_SOURCE)]
