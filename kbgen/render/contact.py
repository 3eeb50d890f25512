"""The contact page of a locale (``<locale>/contact/``): how to reach each vendor's support.

Generated from the rules (each programme's channels, the entry that says how to use
each, what to have ready before contacting, and, where a programme's documents name no
channel, where they send the reader instead) and written in the reader's language;
an entry or a label that the reader's language lacks is shown in its own, marked so.
Every page's header links here.
"""

from __future__ import annotations

from typing import Any

from kbgen.render.page import Page
from kbgen.render.quiz import QUIZ_PATH
from kbgen.render.renderer import LocaleRenderer
from kbgen.render.urls import CONTACT_PATH, relative_url
from kbgen.rules.model import Programme

CONTACT_SOURCE = "contact.md"


def contact_page(renderer: LocaleRenderer) -> Page:
    """The contact page: every programme, those with a document in the reader's language
    first."""
    path = CONTACT_PATH
    tag = renderer.locale.tag
    book = renderer.kb.rules
    programmes: list[Programme] = list(book.programmes.values()) if book else []
    programmes.sort(key=lambda p: (tag not in p.document_locales, p.id))
    sections = [_section(renderer, programme, path) for programme in programmes]
    title = renderer.translations.gettext("Contact support")
    markdown = renderer.env.get_template("pages/contact.md").render(
        path=path,
        title=title,
        sections=sections,
        quiz_href=relative_url(path, QUIZ_PATH) if programmes else None,
    )
    return Page(
        CONTACT_SOURCE,
        path,
        title,
        markdown,
        "contact",
        alternates=renderer.alternates(path, None, same_path=True),
    )


def _label(labels: dict[str, str], tag: str, programme: Programme) -> dict[str, str | None]:
    """A label in the reader's language, else in the programme's first language (marked)."""
    if tag in labels:
        return {"text": labels[tag], "lang": None}
    for other in programme.document_locales:
        if other in labels:
            return {"text": labels[other], "lang": other}
    return {"text": next(iter(labels.values()), ""), "lang": None}


def _section(renderer: LocaleRenderer, programme: Programme, path: str) -> dict[str, Any]:
    tag = renderer.locale.tag
    entries = renderer.kb.entries

    def link(entry_id: str | None) -> dict[str, Any] | None:
        if entry_id is None or entry_id not in entries:
            return None
        return renderer.link(path, entries[entry_id])

    channels = []
    for channel in programme.channels:
        channels.append(
            {"label": _label(channel.label, tag, programme), "how": link(channel.entry)}
        )
    return {
        "id": programme.id,
        "name": programme.id.capitalize(),
        "own": tag in programme.document_locales,
        "prepare": link(programme.contact.prepare),
        "channels": channels,
        "elsewhere": [item for item in map(link, programme.contact.entries) if item],
    }
