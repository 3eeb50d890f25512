"""The Whoosh index of a locale's documents, in segments that a rebuild reuses.

The index holds the documents in segments of ``SEGMENT_DOCUMENTS``, in entry-id
order, each written by its own commit and never merged: a segment whose documents
are unchanged since the last build is taken as that build wrote it
(``kbgen.search.stored``), so a rebuild after one edit indexes one segment.
Segments change neither scores nor numbers: Whoosh scores with the whole index's
statistics (document count, field lengths, term frequencies, all summed over the
segments) and numbers the documents of the segments one after the other, so the
index reads exactly as if it had been written in one commit.

With each segment goes what the export needs of it (``Reading``): the postings
Whoosh wrote, as its writer hands them to the segment's files, with each
document's field length as the segment stores it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import TOC, Index
from whoosh.util.numeric import byte_to_length, length_to_byte

from kbgen.search.analysis import LocaleAnalysis
from kbgen.search.index import FIELDS, SearchDocument, schema_for

#: Documents per segment: a rebuild after one edit indexes this many documents again.
SEGMENT_DOCUMENTS = 512

#: A posting as Whoosh's writer hands it to a segment: field, term, document, weight, value.
Posting = tuple[str, bytes, int, float, bytes]

#: What a segment holds, as the export reads it: ``{field: {term: (number of the last
#: document, [gap, weight, length, ...])}}``, the numbers within the segment.
Reading = dict[str, dict[str, tuple[int, list[float | int]]]]


#: Each word of a segment's documents as typed (folded; three letters or more, as
#: "did you mean" offers them): how often it occurs, and the terms a query of it seeks.
Words = dict[str, tuple[int, tuple[str, ...]]]


@dataclass(frozen=True)
class WrittenSegment:
    """One segment of an index: Whoosh's description of it (as its table of contents
    lists it), its files, and what the export reads of it, when known."""

    segment: Any
    """A ``whoosh.codec.base.Segment``."""
    files: dict[str, bytes]
    reading: Reading | None = None
    words: Words | None = None


def segment_documents(
    documents: Sequence[SearchDocument], size: int | None = None
) -> list[Sequence[SearchDocument]]:
    """The documents of each segment (of ``size``, by default ``SEGMENT_DOCUMENTS``)."""
    size = size or SEGMENT_DOCUMENTS
    return [documents[start : start + size] for start in range(0, len(documents), size)]


def build_segments(
    documents: Sequence[SearchDocument],
    analysis: LocaleAnalysis,
    kept: Sequence[WrittenSegment | None] = (),
    size: int | None = None,
) -> list[WrittenSegment]:
    """The segments of an index of the documents, ``size`` documents each; ``kept[n]``,
    when given, is segment ``n`` as an earlier build wrote it from the same documents."""
    name = _index_name(analysis)
    schema = schema_for(analysis)
    segments = []
    terms: dict[str, tuple[str, ...]] = {}
    for number, part in enumerate(segment_documents(documents, size)):
        written = kept[number] if number < len(kept) else None
        if written is None:
            written = write_segment(part, schema, name)
            written = replace(written, words=segment_words(part, analysis, terms))
        segments.append(written)
    return segments


def _index_name(analysis: LocaleAnalysis) -> str:
    """Whoosh's writer spills to a temporary folder named after the index: the name is
    the process's and the locale's, or locales built in parallel share (and delete) it."""
    return f"kbgen_{analysis.locale}_{os.getpid()}"


def segment_words(
    documents: Sequence[SearchDocument],
    analysis: LocaleAnalysis,
    terms: dict[str, tuple[str, ...]] | None = None,
) -> Words:
    """The words of the documents (``terms``: each word's terms, known so far)."""
    terms = {} if terms is None else terms
    counts: Counter[str] = Counter()
    for document in documents:
        text = "\n".join((document.title, document.keywords, document.body))
        counts.update(word for word in analysis.surface_words(text) if len(word) >= 3)
    words: Words = {}
    for word, count in counts.items():
        sought = terms.get(word)
        if sought is None:
            forms = {form for forms in analysis.terms(word) for form in forms}
            sought = terms[word] = tuple(sorted(forms))
        words[word] = (count, sought)
    return words


def vocabulary_of(segments: Sequence[WrittenSegment]) -> Counter[str] | None:
    """The words "did you mean" offers (``LocaleSearch.vocabulary``: those with a term
    in the index) from what the segments hold; None when one's words are unknown."""
    indexed: set[str] = set()
    counts: Counter[str] = Counter()
    sought: dict[str, tuple[str, ...]] = {}
    for written in segments:
        if written.reading is None or written.words is None:
            return None
        for terms in written.reading.values():
            indexed.update(terms)
        for word, (count, forms) in written.words.items():
            counts[word] += count
            sought[word] = forms
    return Counter(
        {word: n for word, n in counts.items() if any(t in indexed for t in sought[word])}
    )


def index_of(segments: Sequence[WrittenSegment], analysis: LocaleAnalysis) -> Index:
    """The in-memory index of these segments, in this order."""
    name = _index_name(analysis)
    schema = schema_for(analysis)
    storage = RamStorage()
    for written in segments:
        storage.files.update(written.files)
    TOC(schema, [written.segment for written in segments], 1).write(storage, name)
    return storage.open_index(name, schema=schema)


def build_index(
    documents: Sequence[SearchDocument], analysis: LocaleAnalysis, size: int | None = None
) -> Index:
    """A fresh in-memory Whoosh index of the documents."""
    return index_of(build_segments(documents, analysis, size=size), analysis)


def write_segment(documents: Sequence[SearchDocument], schema: Schema, name: str) -> WrittenSegment:
    """The documents indexed by one commit, as one segment."""
    storage = RamStorage()
    index = storage.create_index(schema, indexname=name)
    # Blocks of postings as they are (Whoosh compresses each with zlib by default): this
    # costs a tenth of the indexing time, and the index is never published.
    writer = index.writer(codec=W3Codec(compression=0))
    lengths = _recorded_lengths(writer)
    for document in documents:
        writer.add_document(
            id=document.id,
            title=document.title,
            keywords=document.keywords,
            body=document.body,
            category=document.category,
            products=" ".join(document.products),
        )
    # The postings as the writer hands them to the segment's files, sorted by field,
    # term and document.
    pool = writer.pool
    postings: list[Posting] = list(pool.iter_postings())
    pool.iter_postings = lambda: iter(postings)
    writer.commit()
    [segment] = TOC.read(storage, name, schema=schema).segments
    files = {f: storage.files[f] for f in segment.list_files(storage)}
    return WrittenSegment(segment, files, _reading_of(postings, lengths))


def _recorded_lengths(writer: Any) -> dict[str, dict[int, int]]:
    """Each document's length in each scored field, by document number, as the writer
    stores it (in a byte, ``length_to_byte``: what a reader reads back), recorded as it
    hands them to the segment (reading them back from the segment's columns cost a tenth
    of the indexing)."""
    lengths: dict[str, dict[int, int]] = {name: {} for name in FIELDS}
    perdoc = writer.perdocwriter
    add_field = perdoc.add_field

    def recorded(fieldname: str, fieldobj: Any, value: Any, length: int) -> None:
        column = lengths.get(fieldname)
        if column is not None and length:
            column[writer.docnum] = byte_to_length(length_to_byte(length))
        add_field(fieldname, fieldobj, value, length)

    perdoc.add_field = recorded
    return lengths


def _reading_of(postings: list[Posting], lengths: dict[str, dict[int, int]]) -> Reading | None:
    """The reading of a segment from the postings its writer wrote, or None where those
    may read back otherwise: a weight that is not a whole number (stored as a 32-bit
    float, it could read as another number)."""
    by_field: dict[str, dict[bytes, list[float | int]]] = {name: {} for name in FIELDS}
    flat: list[float | int] = []
    previous = 0
    last: tuple[str, bytes] | None = None
    for field, text, docnum, weight, _value in postings:
        terms = by_field.get(field)
        if terms is None:
            continue  # a field the search does not score (id, category, products)
        if not float(weight).is_integer() or abs(weight) >= 2**24:
            return None
        if (field, text) != last:
            flat = terms[text] = []
            previous, last = 0, (field, text)
        flat += [docnum - previous, int(weight), lengths[field][docnum]]
        previous = docnum
    # The last document of each term: the sum of its gaps.
    return {
        name: {
            text.decode("utf-8"): (sum(cast("list[int]", flat[0::3])), flat)
            for text, flat in terms.items()
        }
        for name, terms in by_field.items()
    }


def read_segment(segment: Any) -> Reading:
    """Read the postings of one segment's reader (a ``whoosh.reading.SegmentReader``)."""
    reading: Reading = {}
    count = segment.doc_count_all()
    for name in FIELDS:
        lengths = [segment.doc_field_length(n, name, 1) for n in range(count)]
        terms: dict[str, tuple[int, list[float | int]]] = {}
        for raw in segment.lexicon(name):
            flat: list[float | int] = []
            previous = 0
            for docnum, weight in segment.postings(name, raw).items_as("weight"):
                flat += [docnum - previous, _number(weight), lengths[docnum]]
                previous = docnum
            terms[raw.decode("utf-8")] = (previous, flat)
        reading[name] = terms
    return reading


def _number(weight: float) -> float | int:
    return int(weight) if float(weight).is_integer() else weight
