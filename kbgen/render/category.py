"""A category's page, as a help centre's section: its articles, then its questions,
each collapsed under a one-line summary of its answer and opening in place, in the
order of ``kbgen.render.browsing``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kbgen.content.model import AnyEntry, Category, title_of
from kbgen.incremental import category_page_key
from kbgen.render.markdown import Rendered, plain_text, shorten
from kbgen.render.page import Page, no_lookups, plain_texts
from kbgen.render.urls import category_path

if TYPE_CHECKING:
    from kbgen.render.renderer import LocaleRenderer


# Summaries by a hash of their answer: the preview renders every category page again
# after each save, of every locale. Emptied when full, so that it stays small.
_SUMMARIES: dict[bytes, str] = {}
_KEPT = 65536


def summary_of(answer: str, plain: Callable[[str], str] = plain_text) -> str:
    """What a collapsed question shows of its answer (HTML): its first line or so.

    >>> summary_of("<p>Yes, <b>once</b>.</p><p>More.</p>")
    'Yes, once. More.'
    """
    key = hashlib.blake2b(answer.encode("utf-8"), digest_size=16).digest()
    summary = _SUMMARIES.get(key)
    if summary is None:
        if len(_SUMMARIES) >= _KEPT:
            _SUMMARIES.clear()
        summary = _SUMMARIES[key] = shorten(plain(answer), 120)
    return summary


def category_page(
    renderer: LocaleRenderer, category: Category, entries: Sequence[AnyEntry]
) -> Page:
    """A category's page: its articles, then its questions, each collapsed; from the
    memo when its entries and the HTML of their answers are unchanged."""
    path = category_path(category.id)
    tag = renderer.locale.tag
    faqs = [e for e in entries if e.kind == "faq"]
    articles = [e for e in entries if e.kind == "article"]
    answers = {e.id: renderer.render_text(e, e.translations[tag].answer, path) for e in faqs}
    # The links to the page in other locales: of the whole knowledge base, found anew.
    alternates = renderer.alternates(path, category.id, category=True)
    memo = renderer.memo
    key = ""
    if memo is not None:
        keys = [renderer.kb.keys[entry.id] for entry in entries]
        json = category.model_dump_json()
        key = category_page_key(renderer.pages_key, json, keys, [*answers.values()])
        kept = memo.pages.get(key, no_lookups, no_lookups)
        if kept is not None:
            return replace(kept.value, alternates=alternates)
    # Its own description, or what it answers: the titles of its entries.
    about = category.descriptions.get(tag) or " · ".join(
        title_of(renderer.shown(entry)[1]) for entry in faqs + articles
    )
    markdown = renderer.env.get_template("pages/category.md").render(
        path=path,
        category=category,
        name=category.names[tag],
        description=shorten(about),
        faqs=faqs,
        articles=articles,
        answers=answers,
        notice_for=lambda entry: renderer.notice(entry, path),
        # What a collapsed question shows of its answer: its first line or so.
        summary_of=lambda answer: summary_of(answer, plain_texts(memo)),
    )
    page = Page(
        f"categories/{category.id}.md",
        path,
        category.names[tag],
        markdown,
        "category",
        alternates=alternates,
    )
    if memo is not None:
        memo.pages.put(key, Rendered(page, (), ()))
    return page
