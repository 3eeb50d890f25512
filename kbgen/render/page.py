"""A page of a locale as data, and the HTML helpers and Jinja environment of page templates.

Nothing here knows MkDocs: a ``Page`` is the finished body (HTML in Markdown that
MkDocs passes through) and what the theme needs around it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NoReturn

from babel.support import Translations
from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from kbgen.i18n import install_interface_strings
from kbgen.incremental import own_page_key
from kbgen.render.markdown import RenderMemo, plain_text, sanitize


@dataclass(frozen=True)
class Alternate:
    """The same page (or the home page, when it is missing) in another locale."""

    locale: str
    name: str
    href: str
    available: bool
    current: bool
    #: Where the page is missing, the link lands on a page of that locale that says so
    #: (``kbgen.render.missing``), not on its home page.
    explained: bool = False


@dataclass(frozen=True)
class Page:
    """One page of a locale, ready for MkDocs."""

    src_uri: str
    path: str
    title: str
    markdown: str
    kind: str
    entry_id: str | None = None
    alternates: tuple[Alternate, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def own_key(self) -> str:
        """All that the page brings to the theme (``kbgen.incremental.own_page_key``): kept
        with the page in the render memo, so that a kept page is not hashed again."""
        return own_page_key(self)


@dataclass(frozen=True)
class NavItem:
    title: str
    src_uri: str


class PlainTexts:
    """The plain text of HTML fragments (``plain_text``: summaries, the search's documents),
    by a hash of the fragment; ``used`` holds what this build asked for."""

    def __init__(self, previous: dict[bytes, str] | None = None) -> None:
        self.previous = previous if isinstance(previous, dict) else {}
        self.used: dict[bytes, str] = {}

    def __call__(self, fragment: str) -> str:
        key = hashlib.blake2b(fragment.encode("utf-8"), digest_size=16).digest()
        text = self.used.get(key)
        if text is None:
            text = self.previous.get(key)
            self.used[key] = text = plain_text(fragment) if text is None else text
        return text


@dataclass
class LocaleMemo:
    """What rendering a locale keeps for the next build (``kbgen.cache``): the HTML of
    its texts and its entry pages, each checked on reuse (``RenderMemo``), and the plain
    text of the HTML it read (``PlainTexts``).

    It is kept in two parts: the whole, as a build used it, and the changes since, which a
    build that renders a few things anew adds to instead of writing the whole again (the
    whole is some megabytes a locale); they are written whole again, without what was no
    longer used, once the changes reach an eighth of it. Every value is kept by a key of
    all it was made from, so an unused one left in the whole is only never asked for.

    >>> memo = LocaleMemo.resume({"plain": {bytes([n]): str(n) for n in range(16)}})
    >>> memo.to_keep()
    (None, None)
    >>> memo.plain("<p>New</p>")
    'New'
    >>> whole, changes = memo.to_keep()
    >>> whole, list(changes["plain"].values())
    (None, ['New'])
    """

    texts: RenderMemo[str] = field(default_factory=RenderMemo)
    pages: RenderMemo[Page] = field(default_factory=RenderMemo)
    plain: PlainTexts = field(default_factory=PlainTexts)
    whole: int = 0
    """The number of values in the whole that this build started from."""
    changes: dict[str, dict[Any, Any]] = field(default_factory=dict)
    """The changes kept since that whole, by part."""

    @classmethod
    def resume(cls, kept: Any, changes: Any = None) -> LocaleMemo:
        """The memo of an earlier build (the whole and the changes of ``to_keep``, or the
        whole alone); anything else starts empty."""
        if not isinstance(kept, dict):
            return cls()
        since = changes if isinstance(changes, dict) else {}
        parts = {name: kept.get(name) or {} for name in _MEMO_PARTS}
        added = {name: since.get(name) or {} for name in _MEMO_PARTS}
        merged = {name: {**parts[name], **added[name]} for name in _MEMO_PARTS}
        return cls(
            RenderMemo(merged["texts"]),
            RenderMemo(merged["pages"]),
            PlainTexts(merged["plain"]),
            sum(len(part) for part in parts.values()),
            added,
        )

    def _parts(self) -> dict[str, Any]:
        return {"texts": self.texts, "pages": self.pages, "plain": self.plain}

    def kept(self) -> dict[str, Any]:
        """What this build rendered or reused, for the next: the whole."""
        return {name: m.used for name, m in self._parts().items()}

    def to_keep(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """What to keep for the next build, ``(whole, changes)``: nothing when this build
        rendered nothing new; the changes since the whole, while they are few beside it;
        else the whole as this build used it, with no changes."""
        room = self.whole // 8 - sum(len(part) for part in self.changes.values())
        new: dict[str, dict[Any, Any]] = {}
        for name, memo in self._parts().items():
            new[name] = part = {}
            for key, value in memo.used.items():
                if memo.previous.get(key) is not value:
                    part[key] = value
                    room -= 1
                    if room < 0:  # too many to keep apart (a first build: all of it)
                        return self.kept(), {name: {} for name in _MEMO_PARTS}
        if not any(new.values()):
            return None, None
        return None, {name: {**self.changes.get(name, {}), **new[name]} for name in new}


_MEMO_PARTS = ("texts", "pages", "plain")


def no_lookups(_name: str) -> NoReturn:
    """What a page kept by the keys of all it shows (``RenderMemo.get``) resolves: nothing,
    since it keeps no links or facts of its own."""
    raise AssertionError("a page kept by its key keeps no links or facts of its own")


def plain_texts(memo: LocaleMemo | None) -> Callable[[str], str]:
    """``plain_text``, through the memo of the locale's build if there is one."""
    return plain_text if memo is None else memo.plain


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)<a class="headerlink"', re.S)
_TAG = re.compile(r"<[^>]+>")


def toc_tokens(body: str) -> list[dict[str, Any]]:
    """The table of contents of a page's HTML: its h2 headings, each with its h3s.

    >>> toc_tokens(heading(2, "A", "a") + heading(3, "B & C", "b"))[0]["children"][0]["name"]
    'B &amp; C'
    """
    tokens: list[dict[str, Any]] = []
    for level, anchor, inner in _HEADING.findall(body):
        token = {"level": int(level), "id": anchor, "name": _TAG.sub("", inner), "children": []}
        if token["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def heading(level: int, text: str, anchor: str | None = None, lang: str | None = None) -> Markup:
    """A heading as the theme expects it, with a permalink when it has an anchor.

    Pages are written in HTML, not Markdown (MkDocs does not convert them again), so
    headings carry their ``id`` and permalink here and the plugin reads the table of
    contents from them.

    >>> print(heading(2, "Q & A", "faq"))
    <h2 id="faq">Q &amp; A<a class="headerlink" href="#faq" title="Permanent link">&para;</a></h2>
    """
    attributes = f' id="{escape(anchor)}"' if anchor else ""
    attributes += f' lang="{escape(lang)}"' if lang else ""
    permalink = (
        f'<a class="headerlink" href="#{escape(anchor)}" title="Permanent link">&para;</a>'
        if anchor
        else ""
    )
    return Markup(f"<h{level}{attributes}>{escape(text)}{permalink}</h{level}>")


def faq_jsonld(pairs: Sequence[tuple[str, str]]) -> Markup:
    r"""schema.org ``FAQPage`` data for questions and their (sanitized HTML) answers.

    >>> script = faq_jsonld([("Q?", "<p>A & B</p>")])
    >>> "<p>" in script, "\\u003cp\\u003eA \\u0026 B" in script
    (False, True)
    """
    return _jsonld(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": question,
                    "acceptedAnswer": {"@type": "Answer", "text": answer},
                }
                for question, answer in pairs
            ],
        }
    )


def breadcrumb_jsonld(trail: Sequence[tuple[str, str]]) -> Markup:
    """schema.org ``BreadcrumbList`` data for a page's trail of (name, URL), itself last.

    >>> print(breadcrumb_jsonld([("Home", "https://kb.example/fr/"), ("A </b>", "./")]))
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList",\
"itemListElement":[{"@type":"ListItem","item":"https://kb.example/fr/","name":"Home","position":1},\
{"@type":"ListItem","item":"./","name":"A \\u003c/b\\u003e","position":2}]}</script>
    """
    return _jsonld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": number, "name": name, "item": url}
                for number, (name, url) in enumerate(trail, start=1)
            ],
        }
    )


def _jsonld(data: dict[str, Any]) -> Markup:
    """Structured data in a script element that nothing in its text can end early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script>, "</script>" or "<!--" in the text must not end the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def page_environment(
    translations: Translations, bytecode_cache: BytecodeCache | None = None
) -> Environment:
    env = Environment(
        bytecode_cache=bytecode_cache,
        loader=PackageLoader("kbgen", "templates"),
        # A build renders thousands of pages from templates that do not change under it.
        auto_reload=False,
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    install_interface_strings(env, translations, sanitize)
    env.globals["faq_jsonld"] = faq_jsonld
    env.globals["heading"] = heading
    return env
