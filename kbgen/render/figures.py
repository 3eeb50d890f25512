"""What a page says of its own text: whose figures it shows, which language it was
translated from, and whether it may be out of date.

Whose figures: each fact an entry quotes, with the document that states it.

The support documents come from different regions and years and do not always agree
(a price, a response time). A page never shows one of them silently: where the fact
it quotes has more than one source, or comes from another locale's document (a
translated page), a note under the text names the document of each figure (its
language, the region it addresses, its year, from the rules' ``documents``) and links
to the entry that states the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from babel import Locale

from kbgen.content.model import AnyEntry, markdown_texts
from kbgen.content.status import State, translation_state
from kbgen.i18n import SiteLocale
from kbgen.render.urls import cross_locale_url, entry_path
from kbgen.rules.book import RuleBook
from kbgen.rules.facts import FactFormatter

_FACT = re.compile(r"""\bfact\(\s*["']([^"']*)["']\s*\)""")


def quoted_facts(entry: AnyEntry, locale: str) -> list[str]:
    """The facts a translation's texts quote, in the order they first appear."""
    translation = entry.translations[locale]
    texts = [text for _loc, text in markdown_texts(translation)]
    texts += [cell for table in translation.tables.values() for row in table.rows for cell in row]
    found: dict[str, None] = {}
    if not any("fact(" in text for text in texts):  # most texts quote none
        return []
    for text in texts:
        for match in _FACT.finditer(text):
            found.setdefault(match.group(1), None)
    return list(found)


def figures_key(book: RuleBook | None, entry: AnyEntry, shown: str) -> str:
    """All that the figures note of an entry's page depends on: every value of the facts
    its text quotes, and the documents of their programmes (for rebuilds)."""
    if book is None:
        return ""
    parts = []
    for fact_id in quoted_facts(entry, shown):
        fact = book.facts.get(fact_id)
        programme = book.fact_programme(fact_id)
        if fact is not None and programme is not None:
            documents = {tag: doc.model_dump_json() for tag, doc in programme.documents.items()}
            parts.append(f"{fact.model_dump_json()} {sorted(documents.items())}")
    return "\n".join(parts)


def document_name(book: RuleBook, fact_id: str, scope: str, reader: str) -> str:
    """The document of ``scope`` that states a fact, named in the reader's language:
    its language, then the region and year it applies to where the rules give them.

    >>> from kbgen.rules.model import Programme
    >>> book = RuleBook({"p": Programme.model_validate({
    ...     "id": "p", "name": {"fr": "p"},
    ...     "documents": {"tw": {"locale": "zh-TW", "label": {"fr": "Taïwan"}, "region": "TW",
    ...                          "year": 2009}},
    ...     "questions": [{"id": "q", "label": {"fr": "q"}, "unit": "day"}],
    ...     "outcomes": [{"id": "o", "title": {"fr": "o"}}],
    ...     "rules": [{"id": "r", "document": "tw", "entry": "e", "grant": ["o"]}],
    ...     "facts": [{"id": "f", "kind": "free", "values": [{"locales": ["zh-TW"],
    ...         "entry": "e"}]}]})})
    >>> document_name(book, "f", "zh-TW", "fr")
    'chinois (traditionnel) · Taïwan · 2009'
    """
    reader_babel = SiteLocale(reader).babel
    source = SiteLocale(scope).babel
    language = Locale(source.language, script=source.script).get_display_name(reader_babel)
    parts = [language or scope]
    programme = book.fact_programme(fact_id)
    document = programme.document_for(scope) if programme else None
    if document is not None and document.region:
        parts.append(reader_babel.territories.get(document.region, document.region))
    if document is not None and document.year:
        parts.append(str(document.year))
    return " · ".join(parts)


def translation_notice(
    entry: AnyEntry, reader: str, from_path: str, state: State | None = None
) -> dict[str, str] | None:
    """The notice over a translation that may be out of date (with the text it follows),
    or over another locale's text shown where the reader's language lacks it; ``state``:
    the translation's (``translation_state``), if known."""
    state = translation_state(entry, reader) if state is None else state
    if state is not State.OUTDATED and state is not State.MISSING:
        return None
    source = entry.origin_of(reader) if state is State.OUTDATED else entry.source_locale
    return {
        "kind": "outdated" if state is State.OUTDATED else "fallback",
        "href": cross_locale_url(from_path, source, entry_path(entry.id)),
        "lang": source,
        "language": SiteLocale(source).own_name,
    }


def translation_origin(entry: AnyEntry, shown: str, reader: str) -> dict[str, str] | None:
    """The language a page's text was translated from, named in the reader's language;
    ``None`` for an original, or for another locale's text shown as it is."""
    origin = entry.origin_of(shown)
    if shown != reader or origin == shown:
        return None
    language = SiteLocale(origin).babel
    name = Locale(language.language, script=language.script).get_display_name(
        SiteLocale(reader).babel
    )
    return {"lang": origin, "language": name or origin}


def figure_notes(
    book: RuleBook,
    entry: AnyEntry,
    reader: str,
    shown: str,
    origin: str,
    translations: Any,
    link: Callable[[str], dict[str, Any]],
) -> list[dict[str, Any]]:
    """The note of each fact an entry's page quotes whose source the reader must be told.

    ``shown``: the locale of the text on the page; ``origin``: the locale whose
    document that text follows; ``link``: a link to an entry, as the page writes it.
    Each note has the figure as the page shows it and its document, then the other
    documents' figures with a link to the entry that states each.
    """
    notes = []
    for fact_id in quoted_facts(entry, shown):
        fact = book.facts.get(fact_id)
        if fact is None:
            continue
        values = list(fact.values)
        if len(values) < 2 and origin == reader:
            continue
        figures = []
        for value in values:
            scope = origin if origin in value.locales else value.locales[0]
            formatter = FactFormatter(book, reader, translations, scope=scope)
            figures.append(
                {
                    "text": formatter.text(fact_id),
                    "document": document_name(book, fact_id, scope, reader),
                    "shown": origin in value.locales,
                    "entry": link(value.entry),
                    "here": value.entry == entry.id,
                }
            )
        figures.sort(key=lambda figure: not figure["shown"])
        notes.append({"id": fact_id, "figures": figures})
    return notes
