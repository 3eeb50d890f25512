"""The eligibility quiz of a locale and its decision table, both from the rules.

The quiz is the same in every locale: which vendor's programme, then that
programme's questions (``kbgen.rules.book``). ``<locale>/eligibility/`` is a form
with one fieldset per question, readable without JavaScript;
``theme/assets/kbgen/quiz.js`` hides the questions and answers that do not apply,
keeps the answers in the query string and shows the result, using the rules
exported next to the page (``eligibility/rules.json``).
``<locale>/eligibility/table/`` lists every case of every programme with its
outcomes, for every reader, JavaScript or not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from kbgen.content.model import title_of
from kbgen.i18n import SiteLocale
from kbgen.incremental import quiz_table_key
from kbgen.render.markdown import Rendered
from kbgen.render.page import Alternate, NavItem, Page, no_lookups
from kbgen.render.renderer import LocaleRenderer
from kbgen.render.urls import CONTACT_PATH, cross_locale_url, entry_path, relative_url
from kbgen.rules.book import (
    DOCUMENT_QUESTION,
    PROGRAMME_QUESTION,
    Answer,
    LocaleRules,
    LocalQuestion,
    RuleBook,
    qualified,
)
from kbgen.rules.evaluator import evaluate_local
from kbgen.rules.export import dumps, export_rules
from kbgen.rules.facts import FactFormatter
from kbgen.rules.model import ChannelsValue
from kbgen.rules.verification import cases, number_range

QUIZ_PATH = "eligibility/"
QUIZ_SOURCE = "eligibility.md"
TABLE_PATH = "eligibility/table/"
TABLE_SOURCE = "eligibility/table.md"
RULES_FILE = "eligibility/rules.json"
#: The quiz script, as MkDocs copies the theme's assets into each locale's site.
SCRIPT_PATH = "assets/kbgen/quiz.js"


def quiz_pages(renderer: LocaleRenderer) -> list[Page]:
    """The quiz and the decision table, when the site has rules."""
    quiz = _Quiz.of(renderer)
    return [] if quiz is None else [quiz.quiz_page(), quiz.kept_table_page()]


def quiz_nav(renderer: LocaleRenderer) -> list[NavItem]:
    """The quiz's item of the navigation, when the locale has a quiz."""
    if _Quiz.of(renderer) is None:
        return []
    return [NavItem(renderer.translations.gettext("Support eligibility"), QUIZ_SOURCE)]


def quiz_invitation(renderer: LocaleRenderer, from_path: str) -> dict[str, str] | None:
    """The quiz's own title and introduction, which invite to it (from the home page)."""
    quiz = _Quiz.of(renderer)
    if quiz is None:
        return None
    return {
        "title": quiz.title,
        "intro": quiz.intro,
        "href": relative_url(from_path, QUIZ_PATH),
    }


def quiz_files(renderer: LocaleRenderer) -> dict[str, str]:
    """The exported rules the quiz page reads, by their path in the locale's site."""
    quiz = _Quiz.of(renderer)
    return {} if quiz is None else {RULES_FILE: dumps(quiz.export())}


def named_entries(book: RuleBook) -> list[str]:
    """Every entry the rules name: each rule's, fact value's and channel's, and those the
    contact page lists, once each, sorted."""
    found: set[str] = set()
    for programme in book.programmes.values():
        found.update(rule.entry for rule in programme.rules)
        found.update(value.entry for fact in programme.facts for value in fact.values)
        found.update(channel.entry for channel in programme.channels if channel.entry)
        found.update(programme.contact.entries)
        if programme.contact.prepare is not None:
            found.add(programme.contact.prepare)
    return sorted(found)


@dataclass(frozen=True)
class _Link:
    href: str
    title: str


class _Quiz:
    def __init__(self, renderer: LocaleRenderer, rules: LocaleRules, facts: FactFormatter) -> None:
        self.renderer = renderer
        self.facts = facts
        self.locale = renderer.locale.tag
        _ = renderer.translations.gettext
        self.gettext = _
        self.unit_labels = {"day": _("days"), "month": _("months")}
        # The quiz's own questions (which programme, which document) speak the interface's
        # language; the programmes' questions come with their labels from the rules.
        own = {
            PROGRAMME_QUESTION: _("Which vendor's support is your question about?"),
            DOCUMENT_QUESTION: _("Which document's terms apply to you?"),
        }
        self.rules = replace(
            rules,
            questions=tuple(
                replace(q, label=own[q.id.rpartition(".")[2]]) if not q.label else q
                for q in rules.questions
            ),
        )
        self._formatters: dict[str, FactFormatter] = {}

    @classmethod
    def of(cls, renderer: LocaleRenderer) -> _Quiz | None:
        book = renderer.kb.rules
        if book is None or renderer.facts is None or not book.programmes:
            return None
        return cls(renderer, book.for_locale(renderer.locale.tag), renderer.facts)

    @property
    def title(self) -> str:
        return self.gettext("Which support am I entitled to?")

    @property
    def intro(self) -> str:
        return self.gettext(
            "Answer a few questions to learn which support options you are entitled to, "
            "how to contact support, how fast you will get an answer and at what price."
        )

    def formatter(self, scope: str) -> FactFormatter:
        """The facts of one document's locale, written the reader's way."""
        if scope not in self._formatters:
            self._formatters[scope] = FactFormatter(
                self.facts.book, self.locale, self.renderer.translations, scope=scope
            )
        return self._formatters[scope]

    def labels(self) -> dict[str, str]:
        """The interface strings of the quiz script, in this locale."""
        _ = self.gettext
        return {
            **self.facts.labels(),
            "your_options": _("Your options"),
            "not_available": _("Not available"),
            "stated_in": _("Stated in"),
            "incomplete": _("Answer the questions above to see your options."),
            "share": _("Link to these answers"),
            "how_to_act": _("How to get it"),
            "contact": _("Contact support"),
            "ruled_out": _("Ruled out by your answers:"),
            "instead": _("What you can do instead:"),
        }

    def export(self) -> dict[str, Any]:
        return export_rules(
            self.rules,
            self.formatter,
            lambda entry: self._entry(QUIZ_PATH, entry),
            self.labels(),
            self.actions(QUIZ_PATH),
        )

    def actions(self, from_path: str) -> dict[str, Any]:
        """How to act on each outcome: the channels it offers under each document, each
        with the entry that says how to use it, and the contact page's section of each
        programme."""
        book = self.facts.book
        by_outcome: dict[str, dict[str, list[dict[str, str | None]]]] = {}
        contact: dict[str, str] = {}
        for programme in self.rules.programmes:
            contact[programme.id] = (
                relative_url(from_path, CONTACT_PATH) + f"#contact-{programme.id}"
            )
            channels = {channel.id: channel for channel in programme.channels}
            for outcome in programme.outcomes:
                fact_id = outcome.details.channels
                if fact_id is None:
                    continue
                for doc_id, document in programme.documents.items():
                    value = book.fact_value(fact_id, document.locale)
                    if not isinstance(value, ChannelsValue):
                        continue
                    items = []
                    for channel_id in value.value:
                        channel = channels.get(str(channel_id))
                        if channel is None:
                            continue
                        how = channel.entry
                        entries = self.renderer.kb.entries
                        items.append(
                            {
                                "label": channel.label.get(self.locale, channel.id),
                                "href": self.renderer.link(from_path, entries[how])["href"]
                                if how and how in entries
                                else None,
                            }
                        )
                    key = qualified(programme.id, outcome.id)
                    by_outcome.setdefault(key, {})[doc_id] = items
        return {"contact": contact, "channels": by_outcome}

    def quiz_page(self) -> Page:
        markdown = self.renderer.env.get_template("pages/quiz.md").render(
            path=QUIZ_PATH,
            title=self.title,
            intro=self.intro,
            questions=self.rules.questions,
            unit_labels=self.unit_labels,
            rules_href=relative_url(QUIZ_PATH, QUIZ_PATH) + "rules.json",
            table_href=relative_url(QUIZ_PATH, TABLE_PATH),
            script_src=relative_url(QUIZ_PATH, "") + SCRIPT_PATH,
            labels=self.labels(),
        )
        return Page(
            QUIZ_SOURCE,
            QUIZ_PATH,
            self.title,
            markdown,
            "quiz",
            alternates=self._alternates(QUIZ_PATH),
        )

    def kept_table_page(self) -> Page:
        """The decision table (the longest of a locale's pages to make: every case of every
        programme); from the memo while all that every page of the locale depends on, the
        rules and the entries they name are unchanged."""
        memo = self.renderer.memo
        if memo is None:
            return self.table_page()
        book, keys = self.facts.book, self.renderer.kb.keys
        rules = [programme.model_dump_json() for programme in book.programmes.values()]
        entries = [keys[entry_id] for entry_id in named_entries(book)]
        key = quiz_table_key(self.renderer.pages_key, rules, entries)
        kept = memo.pages.get(key, no_lookups, no_lookups)
        if kept is not None:
            return kept.value
        page = self.table_page()
        memo.pages.put(key, Rendered(page, (), ()))
        return page

    def table_page(self) -> Page:
        _ = self.gettext
        title = _("Every case: %(title)s") % {"title": self.title}
        detail_labels = self.facts.labels()
        sections = []
        for programme in self.rules.programmes:
            questions = [
                q
                for q in self.rules.programme_questions(programme.id)
                if q.id != PROGRAMME_QUESTION
            ]
            rows = []
            for case in cases(self.rules, programme.id):
                result = evaluate_local(self.rules, case)
                outcomes = []
                sources: dict[str, _Link] = {}
                for outcome in result.outcomes:
                    shown = self.formatter(outcome.scope).details(outcome.details)
                    details = [
                        _("%(label)s: %(value)s") % {"label": detail_labels[key], "value": value}
                        for key, value in shown.items()
                    ]
                    outcomes.append({"id": outcome.id, "title": outcome.title, "details": details})
                    for reason in outcome.reasons:
                        sources.setdefault(reason.entry, self._entry_link(TABLE_PATH, reason.entry))
                rows.append(
                    {
                        "answers": [self._answer(q, case) for q in questions],
                        "outcomes": outcomes,
                        "refused": [outcome.title for outcome in result.refused],
                        "sources": list(sources.values()),
                        "href": relative_url(TABLE_PATH, QUIZ_PATH) + "?" + urlencode(case),
                    }
                )
            sections.append(
                {
                    "id": programme.id,
                    "name": programme.name[self.locale],
                    "questions": questions,
                    "rows": rows,
                }
            )
        markdown = self.renderer.env.get_template("pages/quiz_table.md").render(
            path=TABLE_PATH,
            title=title,
            sections=sections,
            quiz_href=relative_url(TABLE_PATH, QUIZ_PATH),
            quiz_title=self.title,
            intro=self.intro,
        )
        return Page(
            TABLE_SOURCE,
            TABLE_PATH,
            title,
            markdown,
            "quiz-table",
            alternates=self._alternates(TABLE_PATH),
        )

    # -- helpers -------------------------------------------------------------

    def _answer(self, question: LocalQuestion, case: dict[str, Answer]) -> str:
        if question.id not in case:
            return "—"
        value = case[question.id]
        if not question.is_number:
            return dict(question.choices)[str(value)]
        locale = self.renderer.locale
        low, high = number_range(self.rules, question, case)
        if high is None:
            return self.gettext("%(low)s or more") % {"low": locale.format_number(low)}
        if low == high:
            return locale.format_number(low)
        return self.gettext("%(low)s to %(high)s") % {
            "low": locale.format_number(low),
            "high": locale.format_number(high),
        }

    def _entry(self, from_path: str, entry_id: str) -> dict[str, str]:
        link = self._entry_link(from_path, entry_id)
        return {"id": entry_id, "title": link.title, "href": link.href}

    def _entry_link(self, from_path: str, entry_id: str) -> _Link:
        entry = self.renderer.kb.entries[entry_id]
        return _Link(
            relative_url(from_path, entry_path(entry_id)),
            title_of(
                entry.translations.get(self.locale) or entry.translations[entry.source_locale]
            ),
        )

    def _alternates(self, path: str) -> tuple[Alternate, ...]:
        """The same quiz in every other locale."""
        return tuple(
            Alternate(
                locale=tag,
                name=SiteLocale(tag).own_name,
                href=cross_locale_url(path, tag, path),
                available=True,
                current=tag == self.locale,
            )
            for tag in self.renderer.kb.locales
        )
