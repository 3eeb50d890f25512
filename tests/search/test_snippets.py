"""Search snippets show whole terms: a Chinese word's bigrams marked as one, and a
French, Romanian or Polish text cut between words, never inside one."""

from __future__ import annotations

import html
import re
import unicodedata

from kbgen.search import LocaleSearch
from tests.search.conftest import LOCALES
from tests.search.test_parity import parity_queries


def test_a_chinese_word_is_marked_whole(searches: dict[str, LocaleSearch]) -> None:
    for locale, word in (("zh-CN", "技术支持"), ("zh-TW", "技術支援")):
        hits = searches[locale].search(word, limit=10).hits
        assert hits, locale
        snippets = [hit.snippet for hit in hits]
        assert any(f"<mark>{word}</mark>" in snippet for snippet in snippets), snippets
        # Marks never touch: what touches is one mark.
        assert not [s for s in snippets if "</mark><mark>" in s], locale


def test_snippets_end_between_words(searches: dict[str, LocaleSearch]) -> None:
    checked = 0
    for locale in [tag for tag in LOCALES if not tag.startswith("zh")]:
        search = searches[locale]
        for query in parity_queries(search, locale)[:60]:
            for hit in search.search(query, limit=5).hits:
                if not hit.snippet.endswith("…"):
                    continue
                shown = html.unescape(re.sub("</?mark>", "", hit.snippet))[:-1].split()
                body = " ".join(unicodedata.normalize("NFKC", hit.document.body).split())
                last = shown[-1]
                assert re.search(re.escape(last) + r"(\s|$)", body), (locale, query, last)
                checked += 1
    assert checked > 100
