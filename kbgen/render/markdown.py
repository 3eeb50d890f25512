"""Content texts to safe HTML: templates, Markdown, entry links, sanitizing.

The policy, in one place: a writer's text is Markdown. It may place structured
tables with ``{{ table("name") }}``, quote a fact of the rules (a price, a window,
hours) with ``{{ fact("id") }}``, in a text or a table cell, and link to entries
with ``entry:<id>``. Images are http(s) URLs or paths inside ``content/assets/``,
which each locale publishes as ``media/`` (the paths are rewritten here).
Raw HTML in a text is kept only where it is on the allowlist below (formatting,
lists, tables, links to http, https and mailto; no images: those come from Markdown,
with a source, alternative text and title only); everything else, scripts,
event handlers, styles and other URL schemes included, is removed by
``nh3`` (the Ammonia sanitizer) after Markdown has run.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Generic, TypeVar
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kbgen.content.model import Table
from kbgen.content.templating import expand
from kbgen.render.tables import boxed_tables, table_box

#: Turns an entry id into the URL of its page as seen from the current page,
#: or ``None`` when the entry does not exist.
LinkResolver = Callable[[str], "str | None"]
#: Turns a fact id into its value as the locale writes it (``kbgen.rules.facts``).
FactText = Callable[[str], str]
#: Turns a path inside ``content/assets/`` into its URL as seen from the current page.
AssetResolver = Callable[[str], str]

T = TypeVar("T")

#: Where each locale publishes ``content/assets/``, relative to its root.
MEDIA_PATH = "media/"

_EXTENSIONS = [
    "tables",
    "sane_lists",
    "admonition",
    "def_list",
    "pymdownx.magiclink",
    "pymdownx.superfences",
]

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
    "code": {"class"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_REMOTE = re.compile(r"^https?://", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PLACEHOLDER = "KBTABLE{}KBEND"
_PLACEHOLDER_RE = re.compile(r"(?:<p>)?KBTABLE(\d+)KBEND(?:</p>)?")
_IMAGE_PLACEHOLDER = "KBIMAGE{}KBEND"
_IMAGE_PLACEHOLDER_RE = re.compile(r"KBIMAGE(\d+)KBEND")


def sanitize_image(tag: str) -> str:
    """One image of a text: ``src`` (http, https or relative), ``alt`` and ``title`` only.

    >>> sanitize_image('<img src="javascript:x" alt="a" onerror="x()">')
    '<img alt="a">'
    """
    return nh3.clean(
        tag,
        tags={"img"},
        attributes={"img": {"src", "alt", "title"}},
        url_schemes={"http", "https"},
    )


def sanitize(fragment: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes.

    >>> sanitize('<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">a</a></p>')
    '<p>Hi <a rel="noopener noreferrer">a</a></p>'
    """
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset(
        {"p", "li", "td", "th", "tr", "div", "h2", "h3", "h4", "br", "caption", "dd", "dt"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, one line per block.

    >>> plain_text("<p>Hello <b>you</b></p><ul><li>a &amp; b</li></ul>")
    'Hello you\\na & b'
    """
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def description_of(fragment: str) -> str:
    """A page's description for search engines and link previews: the start of its text.

    >>> description_of("<p>Short answer.</p><p>Two lines.</p>")
    'Short answer. Two lines.'
    """
    return shorten(plain_text(fragment))


def shorten(text: str, width: int = 160) -> str:
    """``text`` on one line, in at most ``width`` columns, a Chinese character taking two
    (as search engines show them); cut between words where the text has spaces.

    >>> shorten("word " * 50, 30)
    'word word word word word word…'
    >>> shorten("words " * 50, 27)
    'words words words words…'
    >>> shorten("備份" * 50, 10)
    '備份備份…'
    """
    text = " ".join(text.split())
    # Columns are counted only as far as the cut: an answer may be long.
    used, end = 0, -1
    for index, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if end < 0 and used + 1 > width:  # the ellipsis takes a column
            end = index
        if used > width:
            break
    else:
        return text
    cut = text[:end]
    space = cut.rfind(" ")
    if text[end] != " " and space > end // 2:  # not in the middle of a word
        cut = cut[:space]
    return cut.rstrip(" ,;:·") + "…"


class _EntryLinks(Treeprocessor):
    """Points ``entry:`` links at the entry's page and takes the Markdown images out.

    Raw HTML images are not on the allowlist; a Markdown image becomes a
    placeholder that ``ContentRenderer.render`` replaces, after sanitizing, by the
    image with its source pointed at the locale's media (or kept when it is http(s)).
    """

    def __init__(self, md: markdown.Markdown, resolve: LinkResolver, asset: AssetResolver) -> None:
        super().__init__(md)
        self.resolve = resolve
        self.asset = asset
        self.images: list[str] = []

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("entry:"):
                target, _, anchor = href.removeprefix("entry:").partition("#")
                url = self.resolve(target)
                if url is None:
                    link.attrib.pop("href")
                else:
                    link.set("href", url + (f"#{anchor}" if anchor else ""))
        for parent in list(root.iter()):
            for index, image in reversed(list(enumerate(parent))):
                if image.tag == "img":
                    self._take_out(parent, index, image)

    def _take_out(self, parent: Element, index: int, image: Element) -> None:
        source = image.get("src", "")
        attributes = {"alt": image.get("alt", "")}
        if image.get("title"):
            attributes["title"] = image.get("title", "")
        if _REMOTE.match(source):
            attributes["src"] = source
        elif not (_SCHEME.match(source) or source.startswith("/") or ".." in source.split("/")):
            attributes["src"] = self.asset(source)
        # Anything else is not a file of content/assets/ (KB207): no source.
        shown = " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items())
        self.images.append(sanitize_image(f"<img {shown}>"))
        text = _IMAGE_PLACEHOLDER.format(len(self.images) - 1) + (image.tail or "")
        if index == 0:
            parent.text = (parent.text or "") + text
        else:
            before = parent[index - 1]
            before.tail = (before.tail or "") + text
        parent.remove(image)


class _EntryLinkExtension(Extension):
    def __init__(self, resolve: LinkResolver, asset: AssetResolver) -> None:
        super().__init__()
        self.resolve = resolve
        self.asset = asset

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.processor = _EntryLinks(md, self.resolve, self.asset)
        md.treeprocessors.register(self.processor, "kbgen_entry_links", 5)


class ContentRenderer:
    """Renders the texts of one locale's pages to sanitized HTML.

    ``facts_used`` holds the facts that the last ``render`` quoted, by id, as it
    showed them: with the links it resolved, all that its HTML depends on besides
    the text and its tables (``RenderedTexts`` checks them on reuse).
    """

    def __init__(self, fact: FactText | None = None, table_label: str = "Table") -> None:
        self.fact_text = fact or _no_facts
        self.table_label = table_label  # a table's name, without a caption (reader's words)
        self.facts_used: dict[str, str] = {}
        self._fact = self._quote
        self._resolve: LinkResolver = lambda _id: None
        self._asset: AssetResolver = lambda path: MEDIA_PATH + path
        self._links = _EntryLinkExtension(lambda i: self._resolve(i), lambda p: self._asset(p))
        self._md = markdown.Markdown(extensions=[*_EXTENSIONS, self._links], output_format="html")
        # Table cells: inline Markdown, with the same entry links and images as texts.
        self._cell_links = _EntryLinkExtension(lambda i: self._resolve(i), lambda p: self._asset(p))
        self._inline = markdown.Markdown(
            extensions=["pymdownx.magiclink", self._cell_links], output_format="html"
        )

    def render(
        self,
        text: str,
        tables: Mapping[str, Table],
        resolve: LinkResolver,
        asset: AssetResolver | None = None,
    ) -> str:
        """Render one text: expand its tables, Markdown to HTML, resolve links, sanitize.

        ``asset`` gives the URL of an image of ``content/assets/`` from the page;
        by default, ``media/<path>`` (a page at the locale's root).
        """
        self._resolve = resolve
        self._asset = asset or (lambda path: MEDIA_PATH + path)
        self.facts_used = {}
        placed: list[str] = []

        def table(name: str) -> str:
            placed.append(self.render_table(tables[name]))
            return "\n\n" + _PLACEHOLDER.format(len(placed) - 1) + "\n\n"

        expanded = expand(text, table=table, fact=self._fact)
        self._md.reset()
        images = self._links.processor.images
        images.clear()
        body = boxed_tables(sanitize(self._md.convert(expanded)), self.table_label)
        # A writer who types a placeholder gets it back as text, not someone else's table.
        body = _PLACEHOLDER_RE.sub(lambda m: _nth(placed, m), body)
        return _IMAGE_PLACEHOLDER_RE.sub(lambda m: _nth(images, m), body)

    def _quote(self, fact_id: str) -> str:
        text = self.fact_text(fact_id)
        self.facts_used[fact_id] = text
        return text

    def render_inline(self, text: str) -> str:
        self._inline.reset()
        images = self._cell_links.processor.images
        images.clear()
        rendered = self._inline.convert(text)
        rendered = sanitize(rendered.removeprefix("<p>").removesuffix("</p>"))
        return _IMAGE_PLACEHOLDER_RE.sub(lambda m: _nth(images, m), rendered)

    def render_table(self, table: Table) -> str:
        """A structured table as an accessible HTML table, in its scrolling box."""
        parts = [table_box(table.caption or self.table_label), "<table>"]
        if table.caption:
            parts.append(f"<caption>{html.escape(table.caption)}</caption>")
        parts.append("<thead><tr>")
        parts.extend(f'<th scope="col">{html.escape(c)}</th>' for c in table.columns)
        parts.append("</tr></thead><tbody>")
        for row in table.rows:
            parts.append("<tr>")
            parts.extend(f"<td>{self.render_inline(self._expand(cell))}</td>" for cell in row)
            parts.append("</tr>")
        parts.append("</tbody></table></div>")
        return "".join(parts)

    def _expand(self, cell: str) -> str:
        """A table cell with its facts in place (cells hold no tables)."""
        if "{{" not in cell and "{%" not in cell:
            return cell
        return expand(cell, fact=self._fact)


def _nth(items: list[str], match: re.Match[str]) -> str:
    number = int(match.group(1))
    return items[number] if number < len(items) else match.group(0)


def _no_facts(fact_id: str) -> str:
    raise LookupError(f"fact {fact_id!r}: this site has no rules (content/rules/)")


@dataclass(frozen=True)
class Rendered(Generic[T]):
    """Something rendered (a text's HTML, a page) and what it was rendered with besides
    its own content: the entry links it resolved and the facts it quoted."""

    value: T
    links: tuple[tuple[str, str | None], ...]
    """Each entry linked to, and the URL it got (``None``: no such entry)."""
    facts: tuple[tuple[str, str], ...]
    """Each fact quoted, as it showed it."""


class RenderMemo(Generic[T]):
    """Rendered things kept from one build for the next (``kbgen.cache``), by key.

    The key covers the thing's own content; a kept value is reused when its links
    still lead where they led and its facts still read as they read, and rendered
    again otherwise. ``used`` holds what this build rendered or reused.
    """

    def __init__(self, previous: dict[str, Rendered[T]] | None = None) -> None:
        self.previous = previous or {}
        self.used: dict[str, Rendered[T]] = {}

    def get(self, key: str, resolve: LinkResolver, fact: FactText) -> Rendered[T] | None:
        """What is kept under ``key`` if it is still right, else ``None``."""
        kept = self.used.get(key) or self.previous.get(key)
        if kept is None:
            return None
        try:
            if any(resolve(target) != url for target, url in kept.links):
                return None
            if any(fact(fact_id) != text for fact_id, text in kept.facts):
                return None
        except LookupError:
            return None
        self.used[key] = kept
        return kept

    def put(self, key: str, rendered: Rendered[T]) -> None:
        self.used[key] = rendered
