"""The pages of one locale's knowledge base: home, categories and entries.

Pure functions of the content: nothing here knows MkDocs. Each page is
Markdown (with sanitized HTML blocks for content texts) that the site builder
hands to MkDocs as a virtual file. The search page (``kbgen.render.search_page``)
and the quiz (``kbgen.render.quiz``) build on this renderer;
``kbgen.render.pages`` puts a locale's pages together.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from babel.support import Translations
from jinja2 import BytecodeCache

from kbgen.content.model import (
    AnyEntry,
    ArticleEntry,
    ArticleTranslation,
    Category,
    Translation,
    title_of,
)
from kbgen.content.status import State, translation_state
from kbgen.content.templating import is_template
from kbgen.i18n import SiteLocale, SiteTranslations
from kbgen.incremental import entry_page_key, render_key, text_key
from kbgen.project import KnowledgeBase
from kbgen.render.alternates import page_alternates
from kbgen.render.browsing import OrderKey, breadcrumbs, entry_order, related_counts
from kbgen.render.figures import (
    figure_notes,
    figures_key,
    translation_notice,
    translation_origin,
)
from kbgen.render.markdown import (
    MEDIA_PATH,
    ContentRenderer,
    Rendered,
    description_of,
    shorten,
)
from kbgen.render.page import Alternate, LocaleMemo, NavItem, Page, page_environment
from kbgen.render.urls import (
    HOME_PATH,
    category_path,
    cross_locale_url,
    entry_path,
    relative_url,
)
from kbgen.rules.facts import FactFormatter

#: Stands for the locale's root in a rendered text until a page puts its own depth there.
_ROOT_TOKEN = "kb-root-0e5f9c2a/"


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
        translations: SiteTranslations,
        site_name: str,
        fallback_catalogs: CatalogLoader | None = None,
        memo: LocaleMemo | None = None,
        bytecode_cache: BytecodeCache | None = None,
        site_url: str | None = None,
    ) -> None:
        self.kb = kb
        #: The locale's published address (``<site_url>/<locale>/``), when it is known:
        #: structured data (breadcrumbs) then names pages by absolute URL.
        self.base_url = f"{site_url.rstrip('/')}/{locale.tag}/" if site_url else None
        self.memo = memo
        self.locale = locale
        self.site_name = site_name
        self.translations = translations
        self.fallback_catalogs = fallback_catalogs
        #: Where a reader who still needs help goes from an entry (set by
        #: ``kbgen.render.pages``): the quiz (if the locale has one) and the contact page.
        self.next_steps: dict[str, str | None] = {}
        self.facts = FactFormatter(kb.rules, locale.tag, translations) if kb.rules else None
        #: A table's name in its scrolling box when it has no caption.
        self.table_label = translations.gettext("Table")
        self.content = ContentRenderer(
            fact=self.facts.text if self.facts else None, table_label=self.table_label
        )
        self._fallback_content: dict[str, ContentRenderer] = {}
        self._rendered: dict[tuple[str, str], Rendered[str]] = {}
        self._states: dict[str, State] = dict(kb.states or {})  # a locale's view has them
        # The texts an entry page being rendered used (for the page memo).
        self._trace: list[Rendered[str]] | None = None
        self.env = page_environment(translations, bytecode_cache)
        self.env.globals.update(
            kb=kb,
            locale=locale,
            site_name=site_name,
            title_of=title_of,
            relative_url=relative_url,
            entry_path=entry_path,
            category_path=category_path,
            breadcrumbs=breadcrumbs,
            base_url=self.base_url,
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

    @cached_property
    def _related_counts(self) -> dict[str, int]:
        return related_counts(self.kb.entries.values())

    def _sort_key(self, entry: AnyEntry) -> OrderKey:
        title = title_of(entry.translations[self.locale.tag])
        return entry_order(entry, title, self._related_counts)

    def nav(self) -> list[NavItem]:
        """The navigation's own items: home and the categories (``kbgen.render.pages``
        adds the quiz and search)."""
        _ = self.translations.gettext
        items = [NavItem(_("Home"), "index.md")]
        items += [
            NavItem(category.names[self.locale.tag], f"categories/{category.id}.md")
            for category, _entries in self.categories
        ]
        return items

    # -- pages ---------------------------------------------------------------

    def home_page(self, quiz: Mapping[str, str] | None = None) -> Page:
        """The home page; ``quiz``: its invitation (title, intro, href), if there is a quiz."""
        path = HOME_PATH
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

    def entry_page(self, entry: AnyEntry) -> Page:
        """An entry's page; from the memo when its inputs, links and facts are unchanged."""
        if self.memo is None:
            return self._entry_page(entry)
        key = entry_page_key(
            self.pages_key,
            self.kb.keys[entry.id],
            [self.kb.keys[other] for other in entry.related],
            figures_key(self.kb.rules, entry, self.shown(entry)[0]),
        )
        resolve = self._entry_url_from_root
        fact = self._content_for(*self.origin(entry)).fact_text
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

    @cached_property
    def pages_key(self) -> str:
        """What every page of this locale depends on (``kbgen.incremental.render_key``)."""
        return render_key(
            self.locale.tag,
            self.site_name,
            self.translations.key,
            self.fallback_catalogs is not None,
            self.kb.locales,
            [f"{c.model_dump_json()} {len(e)}" for c, e in self.categories],
            [c.model_dump_json() for c in self.kb.categories.values()],
            [p.model_dump_json() for p in self.kb.products.values()],
            repr(sorted(self.next_steps.items())),
            self.base_url or "",
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
            related=[self.link(path, other) for _id, other in related],
            html=lambda text: self.render_text(entry, text, path),
            updated=(self.locale.format_date(translation.updated) if translation.updated else None),
            notice=self.notice(entry, path),
            # The language of the entry's own text, where it is not this page's.
            content_lang=None if shown_locale == self.locale.tag else shown_locale,
            translated_from=translation_origin(entry, shown_locale, self.locale.tag),
            figures=self._figures(entry, shown_locale, path),
            next_steps={
                name: relative_url(path, target)
                for name, target in self.next_steps.items()
                if target is not None
            },
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
        """The notice over a text that may be out of date, or that is another locale's
        (asked by the entry's page and by its category's: its state is found once)."""
        state = self._states.get(entry.id)
        if state is None:
            state = self._states[entry.id] = translation_state(entry, self.locale.tag)
        return translation_notice(entry, self.locale.tag, from_path, state)

    def render_text(self, entry: AnyEntry, text: str, from_path: str) -> str:
        """A text of an entry as HTML for the page at ``from_path``.

        Each text is rendered once per locale, with its links written from the locale's
        root; each page then only adjusts that root to its own depth. (An FAQ answer
        appears on its entry page, on its category page and in the search index.)
        """
        record = self._rendered.get((entry.id, text))
        if record is None:
            record = self._rendered[(entry.id, text)] = self._render_text(entry, text)
        if self._trace is not None:
            self._trace.append(record)
        html = record.value
        up = relative_url(from_path, "")
        return html.replace(_ROOT_TOKEN, "" if up == "./" else up)

    def _render_text(self, entry: AnyEntry, text: str) -> Rendered[str]:
        shown_locale, translation = self.shown(entry)
        origin = entry.origin_of(shown_locale)
        content = self._content_for(shown_locale, origin)
        # The tables matter only to a text that places them.
        tables = (
            json.dumps({k: t.model_dump() for k, t in translation.tables.items()}, sort_keys=True)
            if is_template(text)
            else ""
        )
        key = text_key(f"{shown_locale}<{origin} {self.table_label}", text, tables)
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

    def _figures(self, entry: AnyEntry, shown_locale: str, path: str) -> list[dict[str, Any]]:
        """Whose figures the page shows (``kbgen.render.figures``), in the reader's words."""
        if self.kb.rules is None:
            return []
        origin = entry.origin_of(shown_locale)
        return figure_notes(
            self.kb.rules,
            entry,
            self.locale.tag,
            shown_locale,
            origin,
            self.translations,
            lambda entry_id: self.link(path, self.kb.entries[entry_id]),
        )

    def _content_for(self, tag: str, origin: str | None = None) -> ContentRenderer:
        """The renderer of a locale's texts. A translation quotes the facts of the
        document it was made from (``origin``), formatted its own way; another locale's
        text (on a fallback page) quotes that locale's facts, formatted its way."""
        origin = origin or tag
        if tag == self.locale.tag and origin == tag:
            return self.content
        key = f"{tag}<{origin}"
        if key not in self._fallback_content:
            catalog = (
                self.translations
                if tag == self.locale.tag or not self.fallback_catalogs
                else self.fallback_catalogs(tag)
            )
            facts = (
                FactFormatter(self.kb.rules, tag, catalog, scope=origin) if self.kb.rules else None
            )
            self._fallback_content[key] = ContentRenderer(
                fact=facts.text if facts else None, table_label=self.table_label
            )
        return self._fallback_content[key]

    def origin(self, entry: AnyEntry) -> tuple[str, str]:
        """The locale of the text an entry's page shows here, and the one it follows."""
        shown_locale = self.shown(entry)[0]
        return shown_locale, entry.origin_of(shown_locale)

    def link(self, from_path: str, entry: AnyEntry) -> dict[str, Any]:
        """A link to an entry, in this locale or, failing that, in its source locale."""
        translation = entry.translations.get(self.locale.tag)
        shown_locale = self.locale.tag if translation else entry.source_locale
        shown = translation or entry.translations[entry.source_locale]
        return {
            "href": self._entry_url(from_path, entry.id),
            "title": title_of(shown),
            "lang": shown_locale,
            "other_locale": translation is None,
            # The language of an entry in another one, named in the reader's language.
            "language": SiteLocale(shown_locale).babel.get_display_name(self.locale.babel)
            if translation is None
            else None,
        }

    def alternates(
        self, path: str, target: str | None, category: bool = False, same_path: bool = False
    ) -> tuple[Alternate, ...]:
        """The language switcher's links for a page (``kbgen.render.alternates``)."""
        return page_alternates(
            self.kb,
            self.locale.tag,
            path,
            target,
            category=category,
            same_path=same_path,
            missing_pages=self.fallback_catalogs is None,
        )
