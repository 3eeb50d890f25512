"""The Whoosh index of one locale: its documents, schema and build.

Whoosh is the search engine of record: ``kbgen.search.segments`` writes the
index of these documents, from the same rendered text the reader sees.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from whoosh.fields import ID, KEYWORD, TEXT, Schema

from kbgen.content.model import ArticleTranslation, FaqTranslation
from kbgen.render.page import plain_texts
from kbgen.render.renderer import LocaleRenderer
from kbgen.render.urls import entry_path
from kbgen.search.analysis import LocaleAnalysis

#: The searched fields and their boosts, declared once (Whoosh applies a field's
#: boost to the weight of each of its terms at indexing time).
FIELD_BOOSTS: dict[str, float] = {"title": 3.0, "keywords": 2.0, "body": 1.0}
FIELDS: tuple[str, ...] = tuple(FIELD_BOOSTS)


@dataclass(frozen=True)
class SearchDocument:
    """What the index knows of one entry in one locale."""

    id: str
    url: str
    title: str
    keywords: str
    body: str
    category: str
    products: tuple[str, ...]


def documents_for(renderer: LocaleRenderer) -> list[SearchDocument]:
    """The search documents of a locale, in entry-id order (their Whoosh numbers)."""
    documents = []
    locale = renderer.locale.tag
    plain = plain_texts(renderer.memo)
    for entry in sorted(renderer.entries, key=lambda e: e.id):
        translation = entry.translations[locale]
        path = entry_path(entry.id)
        texts: list[str] = []
        if isinstance(translation, FaqTranslation):
            title = translation.question
            texts.append(renderer.render_text(entry, translation.answer, path))
        else:
            assert isinstance(translation, ArticleTranslation)
            title = translation.title
            texts.append(html.escape(translation.summary))
            for section in translation.sections:
                if section.heading:
                    texts.append(f"<h2>{html.escape(section.heading)}</h2>")
                if section.body:
                    texts.append(renderer.render_text(entry, section.body, path))
                texts += [f"<p>{renderer.render_text(entry, s, path)}</p>" for s in section.steps]
        documents.append(
            SearchDocument(
                id=entry.id,
                url=path,
                title=title,
                keywords="\n".join(translation.keywords),
                body=plain("".join(texts)),
                category=entry.category,
                products=tuple(entry.products),
            )
        )
    return documents


def schema_for(analysis: LocaleAnalysis) -> Schema:
    analyzer = analysis.analyzer
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["title"], phrase=False),
        keywords=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["keywords"], phrase=False),
        body=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["body"], phrase=False),
        category=KEYWORD(stored=True),
        products=KEYWORD(stored=True),
    )
