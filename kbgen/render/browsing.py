"""How readers find their way: the order of a category's entries, and an entry's place
(breadcrumbs) for readers and as data.

Pure functions of the content: the renderer (``kbgen.render.renderer``) orders
categories with them, and the entry templates write their breadcrumbs with them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urljoin

from kbgen.content.model import AnyEntry
from kbgen.render.page import breadcrumb_jsonld

#: An entry's place in a category's lists (``entry_order``).
OrderKey = tuple[int, int, str, str]


def related_counts(entries: Iterable[AnyEntry]) -> dict[str, int]:
    """How many entries name each entry as related: how useful writers find it.

    >>> from kbgen.content.model import FaqEntry
    >>> def faq(i, related):
    ...     text = {"updated": "2026-11-22", "question": "Q?", "answer": "A."}
    ...     return FaqEntry(id=i, kind="faq", category="c", related=related,
    ...                     source_locale="fr", translations={"fr": text})
    >>> related_counts([faq("a", ["b", "c"]), faq("b", ["c"]), faq("c", [])])
    {'b': 1, 'c': 2}
    """
    counts: dict[str, int] = {}
    for entry in entries:
        for other in set(entry.related):
            counts[other] = counts.get(other, 0) + 1
    return dict(sorted(counts.items()))


def entry_order(entry: AnyEntry, title: str, counts: dict[str, int]) -> OrderKey:
    """An entry's place in its category: the writers' ``order`` first (smallest first),
    then the entries other entries name most often as related, then by title."""
    if entry.order is not None:
        return (0, entry.order, title.casefold(), entry.id)
    return (1, -counts.get(entry.id, 0), title.casefold(), entry.id)


def breadcrumbs(trail: Sequence[tuple[str, str]], page_url: str | None = None) -> dict[str, Any]:
    """A page's place (home › category › page) as links (name, href from the page), and
    as schema.org ``BreadcrumbList`` data, by absolute URL when ``page_url`` (the page's
    published address) is known.

    >>> crumbs = breadcrumbs([("Home", "../../"), ("Entry", "./")], "https://kb.example/fr/entries/x/")
    >>> crumbs["links"][0], "https://kb.example/fr/" in crumbs["jsonld"]
    ({'name': 'Home', 'href': '../../'}, True)
    """
    return {
        "links": [{"name": name, "href": href} for name, href in trail],
        "jsonld": breadcrumb_jsonld(
            [(name, urljoin(page_url, href) if page_url else href) for name, href in trail]
        ),
    }
