"""``kbgen status`` as text: a table of the locales, and what each locale's translators
have to do."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kbgen.content.status import LocaleStatus


def format_table(statuses: list[LocaleStatus]) -> str:
    """The status of each locale as a table, one row per locale.

    >>> from kbgen.content.status import LocaleStatus, Outdated
    >>> print(format_table([LocaleStatus("fr", 4, ["a", "b"], [Outdated("c", "c.yaml", 9)])]))
    locale  entries  translated  up to date  outdated  missing  coverage
    fr            4           3           2         1        0     50.0%
    """
    header = ["locale", "entries", "translated", "up to date", "outdated", "missing", "coverage"]
    rows = [
        [
            status.locale,
            str(status.entries),
            str(status.translated),
            str(len(status.up_to_date)),
            str(len(status.outdated)),
            str(len(status.missing)),
            f"{status.coverage:.1f}%",
        ]
        for status in statuses
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def format_work(status: LocaleStatus) -> str:
    """What needs work in a locale: each outdated translation and draft, at its file and line.

    >>> from kbgen.content.status import LocaleStatus, Outdated
    >>> print(format_work(LocaleStatus("fr", 4, ["a"], [Outdated("c", "c.yaml", 9)])))
    fr: 1 to review
      outdated  c  c.yaml:9
    """
    items = [("outdated", item) for item in status.outdated]
    items += [("draft", item) for item in status.drafts]
    if not items:
        return f"{status.locale}: nothing to review"
    lines = [f"{status.locale}: {len(items)} to review"]
    lines += [f"  {state:8}  {item.entry_id}  {item.path}:{item.line}" for state, item in items]
    return "\n".join(lines)


def format_lists(status: LocaleStatus, width: int = 100) -> str:
    """What a locale's translators have to do: the outdated and the missing entries."""
    lines = [f"{status.locale}:"]
    if status.outdated:
        lines.append(f"  outdated ({len(status.outdated)}):")
        lines += [f"    {item.entry_id}  {item.path}:{item.line}" for item in status.outdated]
    if status.drafts:
        lines.append(f"  drafts, not published until marked ({len(status.drafts)}):")
        lines += [f"    {item.entry_id}  {item.path}:{item.line}" for item in status.drafts]
    if status.missing:
        lines.append(f"  missing ({len(status.missing)}):")
        lines += textwrap.wrap(
            ", ".join(status.missing),
            width,
            initial_indent="    ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    if len(lines) == 1:
        lines.append("  every entry is translated and up to date")
    return "\n".join(lines)
