"""The boxes that wide tables scroll in, so that the page itself never scrolls sideways."""

from __future__ import annotations

import html


def table_box(label: str) -> str:
    """The opening of the box a table scrolls in when it is wider than the page: a named,
    focusable region, so that keyboard readers can scroll it too.

    >>> table_box("Prix & délais")
    '<div class="kb-table" role="region" tabindex="0" aria-label="Prix &amp; délais">'
    """
    return f'<div class="kb-table" role="region" tabindex="0" aria-label="{html.escape(label)}">'


def boxed_tables(body: str, label: str) -> str:
    """Sanitized HTML with each of Markdown's tables (never nested) in its scrolling box.

    >>> boxed_tables("<table></table>", "T")
    '<div class="kb-table" role="region" tabindex="0" aria-label="T"><table></table></div>'
    """
    if "<table>" not in body:
        return body
    return body.replace("<table>", table_box(label) + "<table>").replace(
        "</table>", "</table></div>"
    )
