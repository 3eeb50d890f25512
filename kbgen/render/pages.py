"""The pages of one locale, rendered from the knowledge base.

Pure functions of the content: nothing here knows MkDocs. Each page is
Markdown (with sanitized HTML blocks for content texts) that the site builder
hands to MkDocs as a virtual file.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from babel.support import Translations
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from kbgen.content.loader import AnyEntry, KnowledgeBase
from kbgen.content.model import ArticleEntry, Category, title_of
from kbgen.i18n import SiteLocale
from kbgen.render.markdown import ContentRenderer
from kbgen.rules.facts import FactFormatter

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


class LocaleRenderer:
    """Renders every page of one locale."""

    def __init__(
        self,
        kb: KnowledgeBase,
        locale: SiteLocale,
        translations: Translations,
        site_name: str,
    ) -> None:
        self.kb = kb
        self.locale = locale
        self.site_name = site_name
        self.translations = translations
        self.facts = FactFormatter(kb.rules, locale.tag, translations) if kb.rules else None
        self.content = ContentRenderer(fact=self.facts.text if self.facts else None)
        self.env = _environment(translations)
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
        path = ""
        markdown = self.env.get_template("pages/home.md").render(
            path=path, categories=self.categories, entry_count=len(self.entries)
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
        markdown = self.env.get_template("pages/category.md").render(
            path=path,
            category=category,
            name=name,
            faqs=faqs,
            articles=articles,
            html=lambda entry, text: self.render_text(entry, text, path),
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
        path = entry_path(entry.id)
        translation = entry.translations[self.locale.tag]
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
            category=self.kb.categories[entry.category],
            products=[self.kb.products[p] for p in entry.products],
            related=[self._link(path, other) for _id, other in related],
            html=lambda text: self.render_text(entry, text, path),
            updated=self.locale.format_date(translation.updated),
        )
        return Page(
            f"entries/{entry.id}.md",
            path,
            title,
            markdown,
            "entry",
            entry_id=entry.id,
            alternates=self.alternates(path, entry.id),
        )

    # -- helpers -------------------------------------------------------------

    def render_text(self, entry: AnyEntry, text: str, from_path: str) -> str:
        translation = entry.translations[self.locale.tag]
        return self.content.render(
            text, translation.tables, lambda target: self._entry_url(from_path, target)
        )

    def _entry_url(self, from_path: str, entry_id: str) -> str | None:
        entry = self.kb.entries.get(entry_id)
        if entry is None:
            return None
        if self.locale.tag in entry.translations:
            return relative_url(from_path, entry_path(entry_id))
        return cross_locale_url(from_path, entry.source_locale, entry_path(entry_id))

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
                available = tag in self.kb.entries[target].translations
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


def _environment(translations: Translations) -> Environment:
    env = Environment(
        loader=PackageLoader("kbgen", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["md_heading"] = md_heading
    env.globals["faq_jsonld"] = faq_jsonld
    return env
