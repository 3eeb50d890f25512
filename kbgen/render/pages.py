"""The pages of one locale, rendered from the knowledge base.

Pure functions of the content: nothing here knows MkDocs. Each page is
Markdown (with sanitized HTML blocks for content texts) that the site builder
hands to MkDocs as a virtual file.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from babel.support import Translations
from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from kbgen.cache import digest
from kbgen.content.loader import AnyEntry, KnowledgeBase
from kbgen.content.model import ArticleEntry, ArticleTranslation, Category, Translation, title_of
from kbgen.content.status import State, translation_state
from kbgen.content.templating import is_template
from kbgen.i18n import SiteLocale, install_interface_strings
from kbgen.render.markdown import (
    MEDIA_PATH,
    ContentRenderer,
    Rendered,
    RenderMemo,
    description_of,
    sanitize,
    shorten,
)
from kbgen.rules.facts import FactFormatter

#: Stands for the locale's root in a rendered text until a page puts its own depth there.
_ROOT_TOKEN = "kb-root-0e5f9c2a/"

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|")  # < > & are HTML-escaped by the templates


def md_heading(text: str) -> str:
    r"""Escape text so that Markdown shows it as written in a heading.

    >>> md_heading("Q: *wow* {#x}")
    'Q: \\*wow\\* \\{\\#x\\}'
    """
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in " ".join(text.split()))


def entry_path(entry_id: str) -> str:
    """The URL path of an entry page, relative to its locale's root."""
    return f"entries/{entry_id}/"


def category_path(category_id: str) -> str:
    return f"categories/{category_id}/"


@lru_cache(maxsize=65536)
def relative_url(from_path: str, to_path: str) -> str:
    """A link from one directory URL to another, both relative to the locale root.

    >>> relative_url("entries/a/", "entries/b/"), relative_url("entries/a/", "")
    ('../b/', '../../')
    >>> relative_url("", "categories/c/")
    'categories/c/'
    """
    target = posixpath.relpath(to_path.rstrip("/") or ".", from_path.rstrip("/") or ".")
    return "./" if target == "." else target + "/"


def cross_locale_url(from_path: str, locale: str, to_path: str) -> str:
    """A link to a page of another locale: up to the site root, then down."""
    up = relative_url(from_path, "")
    return ("" if up == "./" else up) + f"../{locale}/{to_path}"


def media_files(assets_dir: Path) -> dict[str, Path]:
    """The files of ``content/assets/`` by the path each locale publishes them at."""
    if not assets_dir.is_dir():
        return {}
    files = {}
    for path in sorted(assets_dir.rglob("*")):
        relative = path.relative_to(assets_dir)
        # Hidden files (.DS_Store, editors' backups) are not the writers' images.
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            files[MEDIA_PATH + relative.as_posix()] = path
    return files


@dataclass(frozen=True)
class Alternate:
    """The same page (or the home page, when it is missing) in another locale."""

    locale: str
    name: str
    href: str
    available: bool
    current: bool


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


@dataclass(frozen=True)
class NavItem:
    title: str
    src_uri: str


@dataclass
class LocaleMemo:
    """What rendering a locale keeps for the next build (``kbgen.cache``): the HTML of
    its texts and its entry pages, each checked on reuse (``RenderMemo``)."""

    texts: RenderMemo[str] = field(default_factory=RenderMemo)
    pages: RenderMemo[Page] = field(default_factory=RenderMemo)

    @classmethod
    def resume(cls, kept: Any) -> LocaleMemo:
        """The memo of an earlier build (``kept()``); anything else starts empty."""
        if not isinstance(kept, dict):
            return cls()
        return cls(RenderMemo(kept.get("texts")), RenderMemo(kept.get("pages")))

    def kept(self) -> dict[str, Any]:
        """What this build rendered or reused, for the next."""
        return {"texts": self.texts.used, "pages": self.pages.used}


#: The catalog of a locale, for fallback pages that show another locale's text.
CatalogLoader = Callable[[str], Translations]


class LocaleRenderer:
    """Renders every page of one locale.

    With ``fallback_catalogs`` (the plugin's ``fallback_pages: true``), an entry
    that this locale lacks also gets a page here, showing its source text marked
    with its language, under a notice in the reader's language; those pages are
    reached by links, not listed in categories, search or the sitemap.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        locale: SiteLocale,
        translations: Translations,
        site_name: str,
        fallback_catalogs: CatalogLoader | None = None,
        memo: LocaleMemo | None = None,
        bytecode_cache: BytecodeCache | None = None,
    ) -> None:
        self.kb = kb
        self.memo = memo
        self.locale = locale
        self.site_name = site_name
        self.translations = translations
        self.fallback_catalogs = fallback_catalogs
        self.facts = FactFormatter(kb.rules, locale.tag, translations) if kb.rules else None
        self.content = ContentRenderer(fact=self.facts.text if self.facts else None)
        self._fallback_content: dict[str, ContentRenderer] = {}
        self._rendered: dict[tuple[str, str], Rendered[str]] = {}
        # The texts an entry page being rendered used (for the page memo).
        self._trace: list[Rendered[str]] | None = None
        self.env = _environment(translations, bytecode_cache)
        self.env.globals.update(
            kb=kb,
            locale=locale,
            site_name=site_name,
            title_of=title_of,
            relative_url=relative_url,
            entry_path=entry_path,
            category_path=category_path,
        )

    @cached_property
    def entries(self) -> list[AnyEntry]:
        return self.kb.entries_in(self.locale.tag)

    @cached_property
    def fallback_entries(self) -> list[AnyEntry]:
        """Entries without a translation here, shown from their source text (when enabled)."""
        if self.fallback_catalogs is None:
            return []
        return [e for e in self.kb.entries.values() if self.locale.tag not in e.translations]

    def shown(self, entry: AnyEntry) -> tuple[str, Translation]:
        """The locale whose text an entry's page shows here, and that translation."""
        translation = entry.translations.get(self.locale.tag)
        if translation is not None:
            return self.locale.tag, translation
        return entry.source_locale, entry.translations[entry.source_locale]

    @cached_property
    def categories(self) -> list[tuple[Category, list[AnyEntry]]]:
        """Categories that have entries in this locale, in their order."""
        by_category: dict[str, list[AnyEntry]] = {}
        for entry in self.entries:
            by_category.setdefault(entry.category, []).append(entry)
        ordered = sorted(self.kb.categories.values(), key=lambda c: (c.order, c.id))
        return [
            (category, sorted(by_category[category.id], key=self._sort_key))
            for category in ordered
            if category.id in by_category
        ]

    def _sort_key(self, entry: AnyEntry) -> tuple[int, str, str]:
        # FAQ first, then articles; within each, by title as the locale reads it.
        title = title_of(entry.translations[self.locale.tag])
        return (entry.kind != "faq", title.casefold(), entry.id)

    def nav(self) -> list[NavItem]:
        _ = self.translations.gettext
        items = [NavItem(_("Home"), "index.md")]
        items += [
            NavItem(category.names[self.locale.tag], f"categories/{category.id}.md")
            for category, _entries in self.categories
        ]
        if self.kb.rules is not None and self.kb.rules.programme_for(self.locale.tag):
            items.append(NavItem(_("Support eligibility"), "eligibility.md"))
        items.append(NavItem(_("Search"), "search.md"))
        return items

    def pages(self) -> list[Page]:
        """Every page of the locale: home, categories, entries, search, quiz."""
        pages = [self.home_page()]
        pages += [self.category_page(c, entries) for c, entries in self.categories]
        pages += [self.entry_page(entry) for entry in self.entries]
        pages += [self.entry_page(entry) for entry in self.fallback_entries]
        pages += self.search_pages()
        pages += self.quiz_pages()
        return pages

    def search_pages(self) -> list[Page]:
        """The search page (``kbgen.render.search``)."""
        from kbgen.render.search import search_page

        return [search_page(self)]

    def quiz_pages(self) -> list[Page]:
        """The eligibility quiz and its decision table (``kbgen.render.quiz``)."""
        # Imported here: the quiz pages are built from this module's pages and links.
        from kbgen.render.quiz import quiz_pages

        return quiz_pages(self)

    def static_files(self) -> dict[str, str]:
        """Files published beside the pages, by path: the quiz's exported rules."""
        from kbgen.render.quiz import quiz_files

        return quiz_files(self)

    # -- pages ---------------------------------------------------------------

    def home_page(self) -> Page:
        from kbgen.render.quiz import QUIZ_PATH  # the quiz pages are built from this module

        path = ""
        programme = self.kb.rules.programme_for(self.locale.tag) if self.kb.rules else None
        # The quiz's own title and introduction invite to it from the home page.
        quiz = (
            {
                "title": programme.title[self.locale.tag],
                "intro": programme.intro[self.locale.tag],
                "href": relative_url(path, QUIZ_PATH),
            }
            if programme
            else None
        )
        markdown = self.env.get_template("pages/home.md").render(
            path=path, categories=self.categories, entry_count=len(self.entries), quiz=quiz
        )
        return Page(
            "index.md",
            path,
            self.site_name,
            markdown,
            "home",
            alternates=self.alternates(path, None),
        )

    def category_page(self, category: Category, entries: Sequence[AnyEntry]) -> Page:
        path = category_path(category.id)
        name = category.names[self.locale.tag]
        faqs = [e for e in entries if e.kind == "faq"]
        articles = [e for e in entries if e.kind == "article"]
        # Its own description, or what it answers: the titles of its entries.
        about = category.descriptions.get(self.locale.tag) or " · ".join(
            title_of(self.shown(entry)[1]) for entry in faqs + articles
        )
        markdown = self.env.get_template("pages/category.md").render(
            path=path,
            category=category,
            name=name,
            description=shorten(about),
            faqs=faqs,
            articles=articles,
            html=lambda entry, text: self.render_text(entry, text, path),
            notice_for=lambda entry: self.notice(entry, path),
        )
        return Page(
            f"categories/{category.id}.md",
            path,
            name,
            markdown,
            "category",
            alternates=self.alternates(path, category.id, category=True),
        )

    def entry_page(self, entry: AnyEntry) -> Page:
        """An entry's page; from the memo when its inputs, links and facts are unchanged."""
        if self.memo is None:
            return self._entry_page(entry)
        key = self._entry_page_key(entry)
        resolve = self._entry_url_from_root
        fact = self._content_for(self.shown(entry)[0]).fact_text
        kept = self.memo.pages.get(key, resolve, fact)
        if kept is not None:
            return kept.value
        self._trace = []
        try:
            page = self._entry_page(entry)
            links = {target: url for record in self._trace for target, url in record.links}
            facts = {fact_id: text for record in self._trace for fact_id, text in record.facts}
        finally:
            self._trace = None
        self.memo.pages.put(key, Rendered(page, tuple(links.items()), tuple(facts.items())))
        return page

    def _entry_page_key(self, entry: AnyEntry) -> str:
        """All that an entry's page depends on besides the links and facts of its texts:
        the locale's settings, the entry, and the entries it lists as related."""
        related = [self.kb.fingerprint(other) for other in entry.related]
        return digest("entry page", self._render_key, self.kb.fingerprint(entry.id), *related)

    @cached_property
    def _render_key(self) -> str:
        """What every page of this locale depends on: its settings, catalog and categories."""
        catalog = getattr(self.translations, "_catalog", {})
        return digest(
            self.locale.tag,
            self.site_name,
            repr(sorted(catalog.items(), key=repr)),
            str(self.fallback_catalogs is not None),
            repr(self.kb.locales),
            repr([(c.model_dump_json(), len(e)) for c, e in self.categories]),
            repr(sorted(c.model_dump_json() for c in self.kb.categories.values())),
            repr(sorted(p.model_dump_json() for p in self.kb.products.values())),
        )

    def _entry_page(self, entry: AnyEntry) -> Page:
        path = entry_path(entry.id)
        shown_locale, translation = self.shown(entry)
        title = title_of(translation)
        related = [
            (other, self.kb.entries[other]) for other in entry.related if other in self.kb.entries
        ]
        template = "pages/article.md" if isinstance(entry, ArticleEntry) else "pages/faq.md"
        markdown = self.env.get_template(template).render(
            path=path,
            entry=entry,
            translation=translation,
            title=title,
            description=(
                shorten(translation.summary)
                if isinstance(translation, ArticleTranslation)
                else description_of(self.render_text(entry, translation.answer, path))
            ),
            category=self.kb.categories[entry.category],
            category_href=self._category_url(path, entry.category, shown_locale),
            products=[self.kb.products[p] for p in entry.products],
            related=[self._link(path, other) for _id, other in related],
            html=lambda text: self.render_text(entry, text, path),
            updated=self.locale.format_date(translation.updated),
            notice=self.notice(entry, path),
            # The language of the entry's own text, where it is not this page's.
            content_lang=None if shown_locale == self.locale.tag else shown_locale,
        )
        return Page(
            f"entries/{entry.id}.md",
            path,
            title,
            markdown,
            "entry",
            entry_id=entry.id,
            alternates=self.alternates(path, entry.id),
            # A fallback page repeats another locale's page: search engines index that one.
            meta={"robots": "noindex"} if shown_locale != self.locale.tag else {},
        )

    # -- helpers -------------------------------------------------------------

    def notice(self, entry: AnyEntry, from_path: str) -> dict[str, str] | None:
        """The notice over a text that may be out of date, or that is another locale's."""
        state = translation_state(entry, self.locale.tag)
        if state is not State.OUTDATED and state is not State.MISSING:
            return None
        source = entry.source_locale
        return {
            "kind": "outdated" if state is State.OUTDATED else "fallback",
            "href": cross_locale_url(from_path, source, entry_path(entry.id)),
            "lang": source,
            "language": SiteLocale(source).own_name,
        }

    def render_text(self, entry: AnyEntry, text: str, from_path: str) -> str:
        """A text of an entry as HTML for the page at ``from_path``.

        Each text is rendered once per locale, with its links written from the locale's
        root; each page then only adjusts that root to its own depth. (An FAQ answer
        appears on its entry page, on its category page and in the search index.)
        """
        record = self._rendered.get((entry.id, text))
        if record is None:
            record = self._render_text(entry, text)
            self._rendered[(entry.id, text)] = record
        if self._trace is not None:
            self._trace.append(record)
        html = record.value
        up = relative_url(from_path, "")
        return html.replace(_ROOT_TOKEN, "" if up == "./" else up)

    def _render_text(self, entry: AnyEntry, text: str) -> Rendered[str]:
        shown_locale, translation = self.shown(entry)
        content = self._content_for(shown_locale)
        # The tables matter only to a text that places them.
        tables = (
            json.dumps({k: t.model_dump() for k, t in translation.tables.items()}, sort_keys=True)
            if is_template(text)
            else ""
        )
        key = digest(shown_locale, text, tables)
        if self.memo is not None:
            kept = self.memo.texts.get(key, self._entry_url_from_root, content.fact_text)
            if kept is not None:
                return kept
        links: dict[str, str | None] = {}

        def resolve(target: str) -> str | None:
            links[target] = self._entry_url_from_root(target)
            return links[target]

        html = content.render(
            text, translation.tables, resolve, lambda asset: _ROOT_TOKEN + MEDIA_PATH + asset
        )
        record = Rendered(html, tuple(links.items()), tuple(content.facts_used.items()))
        if self.memo is not None:
            self.memo.texts.put(key, record)
        return record

    def _entry_url_from_root(self, entry_id: str) -> str | None:
        url = self._entry_url("", entry_id)
        return None if url is None else _ROOT_TOKEN + url

    def _entry_url(self, from_path: str, entry_id: str) -> str | None:
        entry = self.kb.entries.get(entry_id)
        if entry is None:
            return None
        if self.locale.tag in entry.translations or self.fallback_catalogs is not None:
            return relative_url(from_path, entry_path(entry_id))
        return cross_locale_url(from_path, entry.source_locale, entry_path(entry_id))

    def _category_url(self, from_path: str, category_id: str, fallback_locale: str) -> str:
        """A category's page here, or, where this locale has none, in the given locale."""
        if any(category.id == category_id for category, _entries in self.categories):
            return relative_url(from_path, category_path(category_id))
        return cross_locale_url(from_path, fallback_locale, category_path(category_id))

    def _content_for(self, tag: str) -> ContentRenderer:
        """The renderer of a locale's texts: another locale's text (on a fallback page)
        quotes that locale's facts, formatted its way."""
        if tag == self.locale.tag:
            return self.content
        if tag not in self._fallback_content:
            catalog = self.fallback_catalogs(tag) if self.fallback_catalogs else self.translations
            facts = FactFormatter(self.kb.rules, tag, catalog) if self.kb.rules else None
            self._fallback_content[tag] = ContentRenderer(fact=facts.text if facts else None)
        return self._fallback_content[tag]

    def _link(self, from_path: str, entry: AnyEntry) -> dict[str, Any]:
        """A link to an entry, in this locale or, failing that, in its source locale."""
        translation = entry.translations.get(self.locale.tag)
        shown_locale = self.locale.tag if translation else entry.source_locale
        shown = translation or entry.translations[entry.source_locale]
        return {
            "href": self._entry_url(from_path, entry.id),
            "title": title_of(shown),
            "lang": shown_locale,
            "other_locale": translation is None,
        }

    def alternates(
        self, path: str, target: str | None, category: bool = False, same_path: bool = False
    ) -> tuple[Alternate, ...]:
        """The language switcher's links for a page: same page, or that locale's home."""
        result = []
        for tag in self.kb.locales:
            other = SiteLocale(tag)
            if target is None:
                available = True
                to_path = path if same_path else ""
            elif category:
                available = any(
                    e.category == target and tag in e.translations for e in self.kb.entries.values()
                )
                to_path = path if available else ""
            else:
                # A fallback page is this locale's own page of the entry.
                available = tag in self.kb.entries[target].translations or tag == self.locale.tag
                to_path = path if available else ""
            result.append(
                Alternate(
                    locale=tag,
                    name=other.own_name,
                    href=cross_locale_url(path, tag, to_path),
                    available=available,
                    current=tag == self.locale.tag,
                )
            )
        return tuple(result)


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
    data = {
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
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script>, "</script>" or "<!--" in the text must not end the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _environment(
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
    env.filters["md_heading"] = md_heading
    env.globals["faq_jsonld"] = faq_jsonld
    env.globals["heading"] = heading
    return env
