"""Text analysis for search, declared once per locale and shared with the browser.

Each locale's analyzer is a Whoosh pipeline (``tokenizer | filter | ...``) and
describes itself as data (:meth:`LocaleAnalysis.describe`), which the exported
index carries so that the browser engine (``theme/assets/kbgen/search/``)
applies the very same steps to a query:

* every locale: Unicode NFKC, words are runs of letters and digits, lowercase;
* fr, ro, pl: stop words (where Whoosh has a list), Snowball stemming, then
  folding of diacritics (``ł`` included), so that a word typed without accents
  finds the accented one. A word yields the fold of its stem *and* the stem of
  its fold when they differ, at the same position: ``zgłoszenie`` and
  ``zgloszenie`` meet whichever way the writer or the reader typed it.
  Romanian cedilla letters (ş ţ) are read as the comma-below letters (ș ț).
* zh-TW, zh-CN: Han characters are folded to Simplified with OpenCC's
  character table and indexed as overlapping bigrams (a lone character as
  itself); Latin words inside Chinese text ("SKU", "PPI") stay words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any

import opencc
import snowballstemmer
from whoosh.analysis import Composable, Filter, LowercaseFilter, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.stopwords import stoplists

ANALYSIS_VERSION = 1

#: Words are runs of letters and digits (``[\p{L}\p{N}]+`` in JavaScript).
WORD = re.compile(r"[^\W_]+")

#: Han characters: the CJK Unified Ideographs blocks and the compatibility block.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))

#: Letters that Unicode does not decompose but readers type without their stroke.
FOLD_EXTRA = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ø": "o",
    "Ø": "O",
    "ħ": "h",
    "Ħ": "H",
    "\u0131": "i",  # dotless i
}
CEDILLA_TO_COMMA = {"ş": "ș", "ţ": "ț"}

_STEMMERS = {"fr": "french", "ro": "romanian", "pl": "polish"}
_STOPLISTS = {"fr": "fr"}  # Whoosh has no Romanian or Polish list
#: Words that Whoosh's copy of Snowball's lists lacks: French "les", the plural article,
#: is the most frequent word of French questions ("les mises à jour", "les licences").
_EXTRA_STOPWORDS = {"fr": ("les",)}


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Remove diacritics: ``reînnoire`` -> ``reinnoire``, ``zgłoszenie`` -> ``zgloszenie``.

    >>> fold("Résilier ŁÓDŹ ș")
    'Resilier LODZ s'
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", "".join(FOLD_EXTRA.get(c, c) for c in stripped))


def is_han(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in HAN_RANGES)


@cache
def simplified_map() -> dict[str, str]:
    """Traditional -> Simplified for every Han character OpenCC converts alone."""
    converter = opencc.OpenCC("t2s")
    chars = [chr(point) for low, high in HAN_RANGES for point in range(low, high + 1)]
    # One call, a character a line: OpenCC's phrases never span a line's end.
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        converted = [converter.convert(char) for char in chars]
    return {c: t for c, t in zip(chars, converted, strict=True) if t != c and len(t) == 1}


# -- Whoosh pipeline -----------------------------------------------------------


class WordTokenizer(Tokenizer):  # type: ignore[misc]
    """NFKC, then runs of letters and digits, with their character offsets."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = unicodedata.normalize("NFKC", value)
        for pos, match in enumerate(WORD.finditer(text)):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class IndexingAnalyzer(CompositeAnalyzer):  # type: ignore[misc]
    """The pipeline (``WordTokenizer`` and filters), with a shortcut for what Whoosh asks
    when it indexes (terms and boosts, no positions): each word's tokens are worked out
    once, by the pipeline's own filters, and remembered. Every filter here works on one
    word at a time, so a word gives the same tokens wherever it is; anything else (a
    query, positions, offsets) goes through the pipeline."""

    def __init__(self, *composables: Composable) -> None:
        super().__init__(*composables)
        self._words: dict[str, tuple[tuple[str, float, bool], ...]] = {}

    def __getstate__(self) -> dict[str, Any]:  # Whoosh pickles the schema with its index
        state = dict(self.__dict__)
        state.pop("_words", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._words = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.items == self.items

    def memory(self) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
        """What the analyzer worked out so far: each word's tokens, and each word's stems
        (``StemFoldFilter``). It is a function of the word and the code alone."""
        stems = [item.memo for item in self.items if isinstance(item, StemFoldFilter)]
        return dict(self._words), dict(stems[0]) if stems else {}

    def recall(self, memory: tuple[dict[str, Any], dict[str, tuple[str, str]]]) -> None:
        """Take what ``memory()`` gave, from an analyzer of the same code and settings."""
        words, stems = memory
        self._words = {**words, **self._words}
        for item in self.items:
            if isinstance(item, StemFoldFilter):
                item.memo = {**stems, **item.memo}

    __hash__ = None  # type: ignore[assignment]

    def __call__(self, value: str, no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:
        if no_morph or kwargs.get("mode") != "index" or not kwargs.keys() <= {"mode", "boosts"}:
            return super().__call__(value, no_morph=no_morph, **kwargs)  # type: ignore[no-any-return]
        return self._indexed(value, kwargs)

    def _indexed(self, value: str, kwargs: dict[str, Any]) -> Iterator[Token]:
        # As WordTokenizer reads the text, then each word's remembered tokens.
        token = Token(False, False, removestops=True, **kwargs)
        for match in WORD.finditer(unicodedata.normalize("NFKC", value)):
            word = match.group()
            tokens = self._words.get(word)
            if tokens is None:
                tokens = self._words[word] = self._tokens_of(word, kwargs)
            for text, boost, stopped in tokens:
                token.text, token.boost, token.stopped = text, boost, stopped
                yield token

    def _tokens_of(self, word: str, kwargs: dict[str, Any]) -> tuple[tuple[str, float, bool], ...]:
        token = Token(False, False, removestops=True, **kwargs)
        token.text, token.boost, token.stopped = word, 1.0, False
        stream: Iterator[Token] = iter([token])
        for item in self.items[1:]:
            stream = item(stream)
        return tuple((t.text, t.boost, t.stopped) for t in stream)


class CedillaFilter(Filter):  # type: ignore[misc]
    """Romanian: ş ţ (cedilla, legacy encodings) are ș ț (comma below)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = "".join(CEDILLA_TO_COMMA.get(c, c) for c in token.text)
            yield token


class FoldedStopFilter(Filter):  # type: ignore[misc]
    """Drops stop words, compared without diacritics ("ete" is "été")."""

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if fold(token.text) not in self.words:
                yield token


class StemFoldFilter(Filter):  # type: ignore[misc]
    """Snowball stem, then fold; plus the stem of the folded word when it differs."""

    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm
        self.stemmer = snowballstemmer.stemmer(algorithm)
        # Snowball in pure Python costs ~0.1 ms a word; a language has far fewer
        # distinct words than occurrences, so each is stemmed once.
        self.memo: dict[str, tuple[str, str]] = {}

    def forms(self, word: str) -> tuple[str, str]:
        found = self.memo.get(word)
        if found is None:
            stem = self.stemmer.stemWord
            found = (fold(stem(word)), fold(stem(fold(word))))
            self.memo[word] = found
        return found

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            first, second = self.forms(token.text)
            token.text = first
            yield token
            if second != first:
                token.text = second
                yield token


class HanBigramFilter(Filter):  # type: ignore[misc]
    """Han runs become Simplified overlapping bigrams; other runs stay words (folded)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        mapping = simplified_map()
        pos = 0
        for token in tokens:
            base = token.startchar if token.chars else 0
            for text, start, end in han_split(token.text, mapping):
                token.text = text
                if token.positions:
                    token.pos = pos
                if token.chars:
                    token.startchar, token.endchar = base + start, base + end
                yield token
                pos += 1


def han_split(word: str, mapping: dict[str, str]) -> Iterator[tuple[str, int, int]]:
    """Split a word into Han bigrams (folded to Simplified) and non-Han words.

    >>> list(han_split("備份sku失敗了", simplified_map()))
    [('备份', 0, 2), ('sku', 2, 5), ('失败', 5, 7), ('败了', 6, 8)]
    """
    index = 0
    length = len(word)
    while index < length:
        start = index
        han = is_han(word[index])
        while index < length and is_han(word[index]) == han:
            index += 1
        run = word[start:index]
        if not han:
            yield fold(run), start, index
            continue
        chars = [mapping.get(c, c) for c in run]
        if len(chars) == 1:
            yield chars[0], start, index
            continue
        for offset in range(len(chars) - 1):
            yield chars[offset] + chars[offset + 1], start + offset, start + offset + 2


# -- per-locale analysis -------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LocaleAnalysis:
    """How one locale's text becomes index terms, for Whoosh and for the browser."""

    locale: str
    kind: str
    stemmer: str | None = None
    stopwords: frozenset[str] = field(default_factory=frozenset)
    cedilla: bool = False

    @cached_property
    def analyzer(self) -> IndexingAnalyzer:
        pipeline: Composable = WordTokenizer() | LowercaseFilter()
        if self.kind == "han":
            return IndexingAnalyzer(pipeline | HanBigramFilter())
        if self.cedilla:
            pipeline = pipeline | CedillaFilter()
        if self.stopwords:
            pipeline = pipeline | FoldedStopFilter(self.stopwords)
        if self.stemmer:
            pipeline = pipeline | StemFoldFilter(self.stemmer)
        else:
            pipeline = pipeline | FoldFilter()
        return IndexingAnalyzer(pipeline)

    def terms(self, text: str) -> list[list[str]]:
        """The terms of a text, grouped by position (a word may give two forms)."""
        grouped: dict[int, list[str]] = {}
        for token in self.analyzer(text, positions=True, mode="query"):
            forms = grouped.setdefault(token.pos, [])
            if token.text not in forms:
                forms.append(token.text)
        return [grouped[pos] for pos in sorted(grouped)]

    def tokens(self, text: str) -> tuple[str, list[tuple[int, int, list[str]]]]:
        """The NFKC text and, for each kept word, its span in it and its terms."""
        normalized = unicodedata.normalize("NFKC", text)
        spans: dict[int, tuple[int, int, list[str]]] = {}
        for token in self.analyzer(normalized, positions=True, chars=True, mode="query"):
            span = spans.setdefault(token.pos, (token.startchar, token.endchar, []))
            if token.text not in span[2]:
                span[2].append(token.text)
        return normalized, [spans[pos] for pos in sorted(spans)]

    def surface_words(self, text: str) -> list[str]:
        """The words as typed, lowercased and folded (for "did you mean")."""
        if self.kind == "han":
            return []
        normalized = unicodedata.normalize("NFKC", text).lower()
        if self.cedilla:
            normalized = "".join(CEDILLA_TO_COMMA.get(c, c) for c in normalized)
        return [fold(word) for word in WORD.findall(normalized)]

    def describe(self) -> dict[str, Any]:
        """The analysis as data: what the browser engine needs to do the same."""
        steps: list[Any] = ["nfkc", "words", "lowercase"]
        if self.kind == "han":
            steps.append("han-bigrams")
        else:
            if self.cedilla:
                steps.append("cedilla-to-comma")
            if self.stopwords:
                steps.append("stop")
            steps.append("stem-fold" if self.stemmer else "fold")
        return {
            "version": ANALYSIS_VERSION,
            "locale": self.locale,
            "steps": steps,
            "stemmer": self.stemmer,
            "stopwords": sorted(self.stopwords),
            "fold_extra": FOLD_EXTRA,
            "cedilla_map": CEDILLA_TO_COMMA if self.cedilla else {},
            "han_ranges": [list(r) for r in HAN_RANGES],
        }


class FoldFilter(Filter):  # type: ignore[misc]
    """Folds diacritics (for languages without a stemmer)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


@cache
def analysis_for(locale: str) -> LocaleAnalysis:
    """The analysis of a locale tag; languages without a stemmer only fold."""
    language = locale.split("-")[0].lower()
    if language in {"zh", "ja"}:
        return LocaleAnalysis(locale, "han")
    stoplist = _STOPLISTS.get(language)
    words = [*stoplists[stoplist], *_EXTRA_STOPWORDS.get(language, ())] if stoplist else []
    stopwords = frozenset(fold(w) for w in words)
    return LocaleAnalysis(
        locale,
        "latin",
        stemmer=_STEMMERS.get(language),
        stopwords=stopwords,
        cedilla=language == "ro",
    )
