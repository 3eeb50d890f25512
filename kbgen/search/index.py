"""The Whoosh index of one locale: its documents, schema and build.

Whoosh is the search engine of record. The index holds the documents in
segments of ``SEGMENT_DOCUMENTS``, in entry-id order, each written by its own
commit and never merged: a segment whose documents are unchanged since the last
build is taken as that build wrote it (``kbgen.search.stored``), so a rebuild
after one edit indexes one segment. Segments change neither scores nor numbers:
Whoosh scores with the whole index's statistics (document count, field lengths,
term frequencies, all summed over the segments) and numbers the documents of
the segments one after the other, so the index reads exactly as if it had been
written in one commit.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import TOC

from kbgen.content.model import ArticleTranslation, FaqTranslation
from kbgen.render.markdown import plain_text
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
                body=plain_text("".join(texts)),
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


#: Documents per segment: a rebuild after one edit indexes this many documents again.
SEGMENT_DOCUMENTS = 512


@dataclass(frozen=True)
class WrittenSegment:
    """One segment of an index: Whoosh's description of it (as its table of contents
    lists it) and its files."""

    segment: Any
    """A ``whoosh.codec.base.Segment``."""
    files: dict[str, bytes]
    reading: Any = None
    """What the export read of it (``kbgen.search.export.Reading``), if it was kept."""


def segment_documents(
    documents: Sequence[SearchDocument], size: int | None = None
) -> list[Sequence[SearchDocument]]:
    """The documents of each segment (of ``size``, by default ``SEGMENT_DOCUMENTS``)."""
    size = size or SEGMENT_DOCUMENTS
    return [documents[start : start + size] for start in range(0, len(documents), size)]


def build_index(
    documents: Sequence[SearchDocument],
    analysis: LocaleAnalysis,
    kept: Sequence[WrittenSegment | None] = (),
    size: int | None = None,
) -> whoosh_index.Index:
    """An in-memory Whoosh index of the documents, a segment of ``size`` at a time;
    ``kept[n]``, when given, is segment ``n`` as an earlier build wrote it from the
    very same documents."""
    # Whoosh's writer spills to a temporary folder named after the index: name it
    # per process and locale, or locales built in parallel share (and delete) it.
    name = f"kbgen_{analysis.locale}_{os.getpid()}"
    schema = schema_for(analysis)
    storage = RamStorage()
    segments = []
    for number, part in enumerate(segment_documents(documents, size)):
        written = kept[number] if number < len(kept) else None
        if written is None:
            written = write_segment(part, schema, name)
        storage.files.update(written.files)
        segments.append(written.segment)
    TOC(schema, segments, 1).write(storage, name)
    return storage.open_index(name, schema=schema)


def write_segment(documents: Sequence[SearchDocument], schema: Schema, name: str) -> WrittenSegment:
    """The documents indexed by one commit, as one segment."""
    storage = RamStorage()
    index = storage.create_index(schema, indexname=name)
    writer = index.writer()
    for document in documents:
        writer.add_document(
            id=document.id,
            title=document.title,
            keywords=document.keywords,
            body=document.body,
            category=document.category,
            products=" ".join(document.products),
        )
    writer.commit()
    [segment] = TOC.read(storage, name, schema=schema).segments
    return WrittenSegment(segment, {f: storage.files[f] for f in segment.list_files(storage)})
