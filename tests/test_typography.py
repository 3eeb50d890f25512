"""Typography per locale: Chinese interface strings use full-width punctuation, and
the site loads no web font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT

#: Han characters, CJK punctuation and full-width forms.
_CJK = "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
#: A placeholder (%(name)s, %(num)d) stands for a word of either kind.
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
#: Half-width , . : ; ? ! ( ) with a Chinese character next to it (spaces between allowed).
HALF_WIDTH = re.compile(rf"(?<={_CJK})\s*[,.:;?!()]|[,.:;?!()](?=\s*{_CJK})")


def half_width_punctuation(text: str) -> list[str]:
    """The half-width marks of a Chinese string that should be full-width.

    >>> half_width_punctuation("在一張表中查看所有情況 (不需要 JavaScript)")
    [' (']
    >>> half_width_punctuation("找到 %(num)d 個項目：JavaScript, CSS")
    []
    """
    return [match.group() for match in HALF_WIDTH.finditer(_PLACEHOLDER.sub("", text))]


@pytest.mark.parametrize("locale", ["zh-TW", "zh-CN"])
def test_chinese_interface_strings_use_full_width_punctuation(locale: str) -> None:
    path = ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    found = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if message.id and string and half_width_punctuation(string):
                found.append(f"{path.relative_to(ROOT)}:{message.lineno}: {string}")
    assert found == []


def test_the_lint_finds_what_it_is_for() -> None:
    assert half_width_punctuation("請先登入,然後再試一次.") == [",", "."]
    assert half_width_punctuation("需要幫助?") == ["?"]
    assert half_width_punctuation("Besoin d'aide ? (en français)") == []


def test_no_page_loads_a_web_font(shipped_site: Path) -> None:
    pages = list(shipped_site.rglob("*.html"))
    assert len(pages) > 400
    for page in pages:
        html = page.read_text("utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
