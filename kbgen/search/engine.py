"""Searching one locale with Whoosh: ranking, filters, snippets, "did you mean".

The ranking is Whoosh's BM25F over an ``Or`` of every (field, term) pair of the
query, with one documented tie-break that the browser engine applies too:
scores are compared at a precision of 1e-6 (sums of the same terms in another
order may differ in their last bits), then by document number.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from whoosh.index import Index
from whoosh.query import Or, Term
from whoosh.scoring import BM25F

from kbgen.search.analysis import LocaleAnalysis, is_han
from kbgen.search.index import FIELDS, SearchDocument
from kbgen.search.segments import build_index

B = 0.75
K1 = 1.2
SCORE_PRECISION = 1e6


@dataclass(frozen=True)
class Limits:
    """What the browser's engine must do exactly as this one: exported in ``meta.json``
    (``limits``) and read from there by ``theme/assets/kbgen/search/engine.js``."""

    query_chars: int = 2000
    """A query is cut to this many characters before it is analysed."""
    snippet_chars: int = 200
    """A snippet shows about this many characters of the text."""
    snippet_lead: int = 40
    """... starting this many characters before the first match (at a word's start)."""
    snippet_text: int = 1200
    """... taken from the start of the body, as far as this many characters (the
    browser's documents keep only these)."""
    short_word: int = 4
    """Did you mean: a word of at most this many letters is corrected by at most
    ``short_edits`` edits, a longer one by at most ``long_edits``."""
    short_edits: int = 1
    long_edits: int = 2

    def as_json(self) -> dict[str, int]:
        return dataclasses.asdict(self)


LIMITS = Limits()


@dataclass(frozen=True)
class Hit:
    docnum: int
    document: SearchDocument
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    terms: list[str] = field(default_factory=list)
    suggestion: str | None = None


def rank_key(score: float, docnum: int) -> tuple[int, int]:
    """Sort key of a hit: score at 1e-6 precision, descending, then document number."""
    return (-math.floor(score * SCORE_PRECISION + 0.5), docnum)


class LocaleSearch:
    """The Whoosh index of one locale and the searches it answers."""

    def __init__(
        self,
        documents: Sequence[SearchDocument],
        analysis: LocaleAnalysis,
        index: Index | None = None,
    ) -> None:
        """Index ``documents``, or search ``index`` if given: the index of these very
        documents, in this order, kept by a build (``kbgen.search.stored``)."""
        self.documents = list(documents)
        self.analysis = analysis
        self.index = build_index(self.documents, analysis) if index is None else index
        self.searcher = self.index.searcher(weighting=BM25F(B=B, K1=K1))

    def close(self) -> None:
        self.searcher.close()

    def query_terms(self, query: str) -> list[str]:
        return sorted({form for forms in self.analysis.terms(query) for form in forms})

    def search(
        self,
        query: str,
        limit: int | None = 10,
        category: str | None = None,
        product: str | None = None,
    ) -> SearchResult:
        query = query[: LIMITS.query_chars]
        terms = self.query_terms(query)
        if not terms:
            return SearchResult(query, [], 0, terms, None)
        whoosh_query = Or([Term(name, term) for term in terms for name in FIELDS])
        results = self.searcher.search(whoosh_query, limit=None)
        scored = [(hit.score, hit.docnum) for hit in results]
        scored = [
            (score, docnum)
            for score, docnum in scored
            if (category is None or self.documents[docnum].category == category)
            and (product is None or product in self.documents[docnum].products)
        ]
        scored.sort(key=lambda pair: rank_key(*pair))
        chosen = scored if limit is None else scored[:limit]
        hits = [
            Hit(docnum, self.documents[docnum], score, self.snippet(self.documents[docnum], terms))
            for score, docnum in chosen
        ]
        return SearchResult(query, hits, len(scored), terms, self.suggest(query))

    # -- "did you mean" ------------------------------------------------------

    @cached_property
    def vocabulary(self) -> Counter[str]:
        """Words of the documents as typed (folded), which have indexed terms."""
        counts: Counter[str] = Counter()
        for document in self.documents:
            text = "\n".join((document.title, document.keywords, document.body))
            counts.update(w for w in self.analysis.surface_words(text) if len(w) >= 3)
        return Counter({w: n for w, n in counts.items() if self._known(w)})

    def _known(self, word: str) -> bool:
        terms = {form for forms in self.analysis.terms(word) for form in forms}
        reader = self.searcher.reader()
        return any(reader.doc_frequency(name, term) for term in terms for name in FIELDS)

    def suggest(self, query: str) -> str | None:
        """The query with each word that matches nothing replaced by the closest known word."""
        words = self.analysis.surface_words(query[: LIMITS.query_chars])
        if not words:
            return None
        changed = False
        suggested = []
        for word in words:
            replacement = None
            if not self._known(word) and self.analysis.terms(word):
                replacement = closest_word(word, self.vocabulary)
            suggested.append(replacement or word)
            changed = changed or replacement is not None
        return " ".join(suggested) if changed else None

    # -- snippets ------------------------------------------------------------

    def snippet(self, document: SearchDocument, terms: Sequence[str]) -> str:
        """About 200 characters of the body around its first match, matches in ``<mark>``."""
        wanted = set(terms)
        body = document.body[: LIMITS.snippet_text]
        text, spans = self.analysis.tokens(body or document.title)
        matches = [(start, end) for start, end, forms in spans if wanted.intersection(forms)]
        return highlight(text, matches)


def highlight(
    text: str, matches: Sequence[tuple[int, int]], length: int = LIMITS.snippet_chars
) -> str:
    """Escaped text around the first match, with the matches marked: whole terms, as
    matches that overlap or touch (a Chinese word's bigrams) are marked as one, and
    the text is cut between words where it has spaces
    (``theme/assets/kbgen/search/engine.js`` does the same).

    >>> highlight("Je veux <b>résilier</b> ma licence", [(11, 19)])
    'Je veux &lt;b&gt;<mark>résilier</mark>&lt;/b&gt; ma licence'
    >>> highlight("备份失败怎么办", [(0, 2), (1, 3), (2, 4)])
    '<mark>备份失败</mark>怎么办'
    >>> highlight("une licence perpétuelle", [(4, 11)], length=18)
    'une <mark>licence</mark>…'
    """
    matches = merge_spans(matches)
    start = 0
    if matches:
        start = max(0, matches[0][0] - LIMITS.snippet_lead)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < matches[0][0] else start
    end = min(len(text), start + length)
    if end < len(text) and _in_spaced_word(text[end - 1]) and _in_spaced_word(text[end]):
        # Not inside a word of a script that spaces its words (Chinese does not),
        # unless the words are too long to allow it.
        space = max(text.rfind(c, start, end) for c in _SPACES)
        end = space if space > start + length // 2 else end
    parts = ["…" if start else ""]
    cursor = start
    for match_start, match_end in matches:
        if match_start < cursor or match_end > end:
            continue
        parts.append(html.escape(text[cursor:match_start], quote=False))
        parts.append("<mark>" + html.escape(text[match_start:match_end], quote=False) + "</mark>")
        cursor = match_end
    parts.append(html.escape(text[cursor:end], quote=False))
    parts.append("…" if end < len(text) else "")
    return " ".join("".join(parts).split())


#: Where a snippet may end between words.
_SPACES = " \n\t"


def _in_spaced_word(char: str) -> bool:
    """Part of a word (letters, digits, "11.5", "l'accès") of a script that writes
    spaces between its words: not a space, not Chinese."""
    return char not in _SPACES and not is_han(char)


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, those that overlap or touch merged into one.

    >>> merge_spans([(0, 2), (1, 3), (2, 4), (6, 8), (9, 10)])
    [(0, 4), (6, 8), (9, 10)]
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (transpositions count one), capped at ``limit + 1``.

    >>> edit_distance("licnece", "licence", 2), edit_distance("abc", "xyz", 2)
    (1, 3)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def closest_word(word: str, vocabulary: Counter[str]) -> str | None:
    """The known word nearest to ``word``: same first letter, at most 1 edit (2 above 4
    letters, ``Limits``); ties go to the more frequent, then the alphabetically first."""
    limit = LIMITS.short_edits if len(word) <= LIMITS.short_word else LIMITS.long_edits
    best: tuple[int, int, str] | None = None
    for candidate, count in vocabulary.items():
        if candidate[:1] != word[:1] or candidate == word:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance > limit:
            continue
        key = (distance, -count, candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None
