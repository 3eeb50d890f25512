"""Content texts to safe HTML: templates, Markdown, entry links, sanitizing.

The policy, in one place: a writer's text is Markdown. It may place structured
tables with ``{{ table("name") }}``, quote a fact of the rules (a price, a window,
hours) with ``{{ fact("id") }}``, in a text or a table cell, and link to entries
with ``entry:<id>``.
Raw HTML in a text is kept only where it is on the allowlist below (formatting,
lists, tables, links to http, https and mailto); everything else, scripts,
event handlers, styles and other URL schemes included, is removed by
``nh3`` (the Ammonia sanitizer) after Markdown has run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kbgen.content.model import Table
from kbgen.content.templating import content_environment

#: Turns an entry id into the URL of its page as seen from the current page,
#: or ``None`` when the entry does not exist.
LinkResolver = Callable[[str], "str | None"]
#: Turns a fact id into its value as the locale writes it (``kbgen.rules.facts``).
FactText = Callable[[str], str]

_EXTENSIONS = ["tables", "sane_lists", "admonition", "def_list", "pymdownx.magiclink"]

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
_PLACEHOLDER = "KBTABLE{}KBEND"
_PLACEHOLDER_RE = re.compile(r"(?:<p>)?KBTABLE(\d+)KBEND(?:</p>)?")


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


class _EntryLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver) -> None:
        super().__init__(md)
        self.resolve = resolve

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


class _EntryLinkExtension(Extension):
    def __init__(self, resolve: LinkResolver) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_EntryLinks(md, self.resolve), "kbgen_entry_links", 5)


class ContentRenderer:
    """Renders the texts of one locale's pages to sanitized HTML."""

    def __init__(self, fact: FactText | None = None) -> None:
        self._fact = fact or _no_facts
        self._resolve: LinkResolver = lambda _id: None
        self._md = markdown.Markdown(
            extensions=[*_EXTENSIONS, _EntryLinkExtension(lambda i: self._resolve(i))],
            output_format="html",
        )
        self._inline = markdown.Markdown(extensions=["pymdownx.magiclink"], output_format="html")

    def render(
        self,
        text: str,
        tables: Mapping[str, Table],
        resolve: LinkResolver,
    ) -> str:
        """Render one text: expand its tables, Markdown to HTML, resolve links, sanitize."""
        self._resolve = resolve
        placed: list[str] = []

        def table(name: str) -> str:
            placed.append(self.render_table(tables[name]))
            return "\n\n" + _PLACEHOLDER.format(len(placed) - 1) + "\n\n"

        expanded = content_environment().from_string(text).render(table=table, fact=self._fact)
        self._md.reset()
        body = sanitize(self._md.convert(expanded))
        return _PLACEHOLDER_RE.sub(lambda m: placed[int(m.group(1))], body)

    def render_inline(self, text: str) -> str:
        self._inline.reset()
        rendered = self._inline.convert(text)
        rendered = rendered.removeprefix("<p>").removesuffix("</p>")
        return sanitize(rendered)

    def render_table(self, table: Table) -> str:
        """A structured table as an accessible HTML table."""
        parts = ['<div class="kb-table"><table>']
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
        return content_environment().from_string(cell).render(fact=self._fact)


def _no_facts(fact_id: str) -> str:
    raise LookupError(f"fact {fact_id!r}: this site has no rules (content/rules/)")
