"""Export a locale's Whoosh index for the browser engine, as compact static files.

The layout (version 2), under ``<locale>/search/index/``:

``meta.json``
    What every query needs, and no more than a few kilobytes whatever the number
    of documents: the format ``version`` (the browser refuses another one), the
    analysis (self-describing, see ``LocaleAnalysis.describe``), BM25F parameters,
    the limits both engines apply (``engine.Limits``), per-field average lengths,
    the document count, the categories and products, and the shard counts.
``t/<n>.json``
    Terms whose FNV-1a hash (32 bits, over UTF-8) modulo the term-shard count is
    ``n``: ``{term: {field: [gap, weight, length, gap, weight, length, ...]}}``:
    for each document holding the term in that field, the distance from the
    previous one's number (the first: its number), the weight as Whoosh stores it
    (term frequency times the field's boost), and the document's length in that
    field *as Whoosh stores it* (one byte, rounded above 10). Everything a term
    adds to a score is in its shard.
``d/<n>.json``
    Documents ``n * chunk`` to ``(n + 1) * chunk - 1``: ``[id, url, title,
    category, text]``, the text cut for snippets.
``filters.json``
    Each document's category and products (``{"category": [...], "products":
    [[...], ...]}``, indexes into ``meta.json``'s lists), loaded only by a query
    with a filter.
``w/<n>.json``
    Words as typed (folded) with their counts, by the hash of their first
    letter, loaded only to suggest a correction for a word that matches nothing.
``stem.js``
    The locale's Snowball stemmer (``kbgen.search.snowball_js``).

A query fetches ``meta.json``, one shard per distinct term, and the chunks of
the documents it shows: at 20,000 documents a locale, tens of kilobytes.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbgen.search.analysis import is_han, simplified_map
from kbgen.search.engine import K1, LIMITS, SCORE_PRECISION, B, LocaleSearch
from kbgen.search.index import FIELD_BOOSTS, FIELDS
from kbgen.search.segments import Reading, read_segment
from kbgen.search.snowball_js import stemmer_source

FORMAT_VERSION = 2
DOC_CHUNK = 2
_POSTINGS_PER_SHARD = 1500
_WORDS_PER_SHARD = 400


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes of ``text`` (the browser computes the same).

    >>> fnv1a("licenc")
    3300327705
    """
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


Same = Callable[[str, bytes], bool]
"""Whether the published copy of one of the index's files (by its path in the index's
folder) holds these bytes: then it is kept as it is instead of written
(``kbgen.incremental.Reuse.take_same``)."""


@dataclass
class _Files:
    """Writes the index's files into ``out``, but those ``same`` says the site has."""

    out: Path
    same: Same | None
    files: int = 0
    bytes: int = 0
    _folders: set[Path] = dataclasses.field(default_factory=set)

    def dump(self, relative: str, data: Any) -> None:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        self.write(relative, text)

    def write(self, relative: str, text: str) -> None:
        data = text.encode("utf-8")
        self.files += 1
        self.bytes += len(data)
        if self.same is not None and self.same(relative, data):
            return
        path = self.out / relative
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        path.write_bytes(data)


@dataclass(frozen=True)
class ExportReport:
    files: int
    bytes: int
    terms: int
    documents: int


def export_index(
    search: LocaleSearch,
    out: Path,
    categories: dict[str, str],
    products: dict[str, str],
    readings: dict[str, Reading] | None = None,
    vocabulary: Counter[str] | None = None,
    same: Same | None = None,
) -> ExportReport:
    """Write the browser's copy of ``search``'s index into ``out``.

    ``readings``: what some of its segments hold, by segment id, as their writer or an
    earlier export read them; the others are read from the index, and added to it.
    ``vocabulary``: ``search.vocabulary``, if known (``segments.vocabulary_of``).
    ``same``: which files the site already has as they would be written (a rebuild)."""
    out.mkdir(parents=True, exist_ok=True)
    files = _Files(out, same)
    readings = {} if readings is None else readings
    reader = search.searcher.reader()
    doc_count = reader.doc_count_all()
    postings: dict[str, dict[str, list[float | int]]] = defaultdict(dict)
    # Segment by segment (``kbgen.search.segments``), whose documents are numbered one
    # after the other: each list gets its documents in order.
    last: dict[tuple[str, str], int] = {}
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment()
        if segment is None:
            continue  # an index of no documents
        reading = readings.get(segment.segment_id())
        if reading is None:
            reading = readings[segment.segment_id()] = read_segment(leaf)
        for field, terms in reading.items():
            for term, (end, flat) in terms.items():
                by_field = postings[term]
                before = last.get((term, field))
                if before is None:
                    by_field[field] = [flat[0] + offset, *flat[1:]]
                else:
                    target = by_field[field]
                    target.append(flat[0] + offset - before)
                    target += flat[1:]
                last[term, field] = end + offset
    total_postings = sum(len(flat) // 3 for f in postings.values() for flat in f.values())
    term_shards = max(1, math.ceil(total_postings / _POSTINGS_PER_SHARD))
    shards: dict[int, dict[str, Any]] = defaultdict(dict)
    for term, by_field in postings.items():
        shards[fnv1a(term) % term_shards][term] = by_field
    for number, content in shards.items():
        files.dump(f"t/{number}.json", content)

    category_ids = sorted(categories)
    product_ids = sorted(products)
    documents = search.documents
    for start in range(0, len(documents), DOC_CHUNK):
        chunk = [
            [d.id, d.url, d.title, category_ids.index(d.category), d.body[: LIMITS.snippet_text]]
            for d in documents[start : start + DOC_CHUNK]
        ]
        files.dump(f"d/{start // DOC_CHUNK}.json", chunk)

    vocabulary = search.vocabulary if vocabulary is None else vocabulary
    word_shards = max(1, math.ceil(len(vocabulary) / _WORDS_PER_SHARD))
    words: dict[int, dict[str, int]] = defaultdict(dict)
    for word, count in vocabulary.items():
        words[fnv1a(word[:1]) % word_shards][word] = count
    for number, content in words.items():
        files.dump(f"w/{number}.json", content)

    analysis = search.analysis.describe()
    if search.analysis.kind == "han":
        indexed = {char for term in postings for char in term if is_han(char)}
        analysis["han_map"] = {t: s for t, s in simplified_map().items() if s in indexed}
    if search.analysis.stemmer:
        files.write("stem.js", stemmer_source(search.analysis.stemmer))
    meta = {
        "version": FORMAT_VERSION,
        "locale": search.analysis.locale,
        "analysis": analysis,
        "scoring": {"model": "BM25F", "B": B, "K1": K1, "precision": SCORE_PRECISION},
        "limits": LIMITS.as_json(),
        "fields": list(FIELDS),
        "boosts": FIELD_BOOSTS,
        "avgfl": {name: search.searcher.avg_field_length(name) or 1 for name in FIELDS},
        "doc_count": doc_count,
        "hash": "fnv1a32-utf8",
        "term_shards": term_shards,
        "word_shards": word_shards,
        "doc_chunk": DOC_CHUNK,
        "categories": [[c, categories[c]] for c in category_ids],
        "products": [[p, products[p]] for p in product_ids],
    }
    files.dump("meta.json", meta)
    filters = {
        "category": [category_ids.index(d.category) for d in documents],
        "products": [sorted(product_ids.index(p) for p in d.products) for d in documents],
    }
    files.dump("filters.json", filters)
    return ExportReport(files.files, files.bytes, len(postings), len(documents))
