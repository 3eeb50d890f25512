"""The writers' linter: content that validates but will not read or render as meant.

Run by the loader on every entry once all entries are read (links need their
targets), in every locale. Each finding points at the line inside the text where
the problem is, not only at the key, so that an editor or a CI annotation lands
on it:

- KB201 (error): a link ``[x](entry:id#anchor)`` to an anchor the target page lacks;
- KB202 (warning): a link to an entry that has no translation in the text's locale;
- KB203 (warning): an empty text, or a placeholder (TODO, TBD, FIXME, XXX, lorem ipsum,
  and the ``TODO:`` lines that ``kbgen new`` writes) left in a translation;
- KB204 (error): a code fence that is never closed;
- KB205 (error): a pipe table whose rows do not have as many cells as its header,
  or that has no separator row;
- KB206 (error): ``{{ table("x") }}`` that is not on a line of its own;
- KB207 (error): an image that does not exist under ``content/assets/``;
- KB208 (warning): an ``order`` that another entry of the same category has too, which
  leaves the order between them to the default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from kbgen.content.model import (
    AnyEntry,
    ArticleTranslation,
    Translation,
    markdown_texts,
)
from kbgen.errors import Problem, Severity
from kbgen.source import Loc, YamlDocument, format_loc

#: Records a finding: where (key, line offset in its text), message, code, severity.
_Add = Callable[[Loc, int, str, str, Severity], None]

#: ``[text](entry:id)`` or ``[text](entry:id#anchor)``.
_ENTRY_LINK = re.compile(r"\]\(entry:([^)#\s]*)(?:#([^)\s]*))?\)")
#: ``![alt](path)`` or ``![alt](path "title")``.
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_TABLE_REF = re.compile(r"""\{\{\s*table\(\s*["'][^"']*["']\s*\)\s*\}\}""")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Placeholders: the capitals only as a word of their own (not inside "XXXL" or a code),
#: which also works in Chinese text, where every character is a word character.
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z0-9_])(?:TODO|TBD|FIXME|XXX)(?![A-Za-z0-9_])|lorem ipsum", re.IGNORECASE
)
_CAPITALS = ("TODO", "TBD", "FIXME", "XXX")
_LOWERED = ("todo", "tbd", "fixme", "xxx", "lorem ipsum")


@dataclass(frozen=True)
class LintContext:
    """What the checks of one entry need from the rest of the knowledge base."""

    entries: dict[str, AnyEntry]
    assets_dir: Path
    assets_shown: str
    """The assets folder as messages show it, e.g. ``content/assets``."""


def find_placeholder(text: str) -> str | None:
    """The first placeholder in a text, as written, or ``None``.

    >>> find_placeholder("TODO: the answer"), find_placeholder("Todo list")
    ('TODO', None)
    >>> find_placeholder("答案TBD。"), find_placeholder("taille XXXL"), find_placeholder("ok")
    ('TBD', None, None)
    """
    # Most texts have none: a plain search for the lowercase words is far cheaper.
    lowered = text.lower()
    if not any(word in lowered for word in _LOWERED):
        return None
    for match in PLACEHOLDER.finditer(text):
        word = match.group(0)
        # Case matters for the capitals: "todo" or "xxx" are words in some languages.
        if word.lower() == "lorem ipsum" or word in _CAPITALS:
            return word
    return None


def page_anchors(
    entry: AnyEntry, translation: Translation, entries: dict[str, AnyEntry]
) -> list[str]:
    """The anchors that an entry's page offers to links, in page order.

    ``section-N`` for an article's Nth section that has a heading, and ``related``
    when the page lists related entries (``kbgen/templates/pages/``).
    """
    anchors = []
    if isinstance(translation, ArticleTranslation):
        anchors += [
            f"section-{number}"
            for number, section in enumerate(translation.sections, start=1)
            if section.heading
        ]
    if any(other in entries for other in entry.related):
        anchors.append("related")
    return anchors


def lint_entry(
    entry: AnyEntry, path: str, doc: YamlDocument, locales: Iterable[str], context: LintContext
) -> list[Problem]:
    """Every finding in one entry, in every one of the site's locales."""
    problems: list[Problem] = []

    def add(loc: Loc, offset: int, message: str, code: str, severity: Severity) -> None:
        line = doc.text_line(loc, offset)
        problems.append(Problem(path, line, format_loc(loc), message, code, severity))

    _check_order(add, entry, context)
    for locale in locales:
        translation = entry.translations.get(locale)
        if translation is None:
            continue
        base: Loc = ("translations", locale)
        plain = list(_plain_texts(translation))
        blocks = list(markdown_texts(translation))
        # One scan of all the texts finds whether any has a placeholder (almost none do).
        scan = find_placeholder("\n".join(text for _loc, text in plain + blocks)) is not None
        for loc, text in plain:
            # A table's corner or an empty cell is a blank on purpose.
            _check_placeholder(add, (*base, *loc), text, scan, may_be_empty=loc[0] == "tables")
        for loc, text in blocks:
            where = (*base, *loc)
            _check_placeholder(add, where, text, scan)
            _check_markdown(add, where, text, locale, context)
    return problems


def _check_order(add: _Add, entry: AnyEntry, context: LintContext) -> None:
    if entry.order is None:
        return
    same = sorted(
        other.id
        for other in context.entries.values()
        if other.order == entry.order and other.category == entry.category and other is not entry
    )
    if same:
        add(
            ("order",),
            0,
            f"order {entry.order} is also that of {', '.join(same)} in category "
            f"{entry.category!r}: give each entry its own place",
            "KB208",
            Severity.WARNING,
        )


def _plain_texts(translation: Translation) -> Iterator[tuple[Loc, str]]:
    """The texts of a translation that are not Markdown blocks: titles, keywords, tables."""
    if isinstance(translation, ArticleTranslation):
        yield ("title",), translation.title
        yield ("summary",), translation.summary
        for index, section in enumerate(translation.sections):
            if section.heading is not None:
                yield ("sections", index, "heading"), section.heading
    else:
        yield ("question",), translation.question
    for index, keyword in enumerate(translation.keywords):
        yield ("keywords", index), keyword
    for name, table in translation.tables.items():
        if table.caption is not None:
            yield ("tables", name, "caption"), table.caption
        for index, column in enumerate(table.columns):
            yield ("tables", name, "columns", index), column
        for row_index, row in enumerate(table.rows):
            for cell_index, cell in enumerate(row):
                yield ("tables", name, "rows", row_index, cell_index), cell


def _check_placeholder(
    add: _Add, loc: Loc, text: str, scan: bool, may_be_empty: bool = False
) -> None:
    if not text.strip():
        if not may_be_empty:
            add(loc, 0, "the text is empty", "KB203", Severity.WARNING)
        return
    if not scan:
        return
    for offset, line in enumerate(text.split("\n")):
        word = find_placeholder(line)
        if word is not None:
            add(loc, offset, f"placeholder {word!r} left in the text", "KB203", Severity.WARNING)
            return


def _check_markdown(add: _Add, loc: Loc, text: str, locale: str, context: LintContext) -> None:
    lines = text.split("\n")
    fence: tuple[int, str] | None = None
    block: list[tuple[int, str]] = []
    blocks: list[list[tuple[int, str]]] = []
    for offset, line in enumerate(lines):
        opener = _FENCE.match(line)
        if fence is not None:
            # A fence closes with the same character, at least as long, and nothing after it.
            closer = line.strip()
            if closer and set(closer) == {fence[1][0]} and len(closer) >= len(fence[1]):
                fence = None
            continue
        if opener:
            fence = (offset, opener.group(1))
            blocks.append(block)
            block = []
            continue
        if line.strip():
            block.append((offset, line))
            _check_line(add, loc, offset, line, locale, context)
        else:
            blocks.append(block)
            block = []
    blocks.append(block)
    if fence is not None:
        add(
            loc,
            fence[0],
            f"the code fence {fence[1]} is never closed",
            "KB204",
            Severity.ERROR,
        )
    for lines_of_block in blocks:
        _check_table(add, loc, lines_of_block)


def _check_line(
    add: _Add, loc: Loc, offset: int, line: str, locale: str, context: LintContext
) -> None:
    # Each check runs only on a line that has its marker (most lines have none).
    for match in _TABLE_REF.finditer(line) if "{{" in line else ():
        if line.strip() != match.group(0):
            add(
                loc,
                offset,
                f"{match.group(0)} must be on a line of its own",
                "KB206",
                Severity.ERROR,
            )
    # A link or an image shown as code (`![x](y)`) is not one.
    if "`" in line:
        line = _CODE_SPAN.sub("", line)
    for match in _ENTRY_LINK.finditer(line) if "](entry:" in line else ():
        target_id, anchor = match.group(1), match.group(2)
        target = context.entries.get(target_id)
        if target is None:
            continue  # KB004, reported by the loader
        translation = target.translations.get(locale)
        if translation is None:
            add(
                loc,
                offset,
                f"link to entry {target_id!r}, which is not translated into {locale!r}: "
                f"the reader gets its {target.source_locale!r} text",
                "KB202",
                Severity.WARNING,
            )
            translation = target.translations.get(target.source_locale)
        if not anchor or translation is None:
            continue
        anchors = page_anchors(target, translation, context.entries)
        if anchor not in anchors:
            offered = (
                "its anchors are " + ", ".join(f"#{a}" for a in anchors)
                if anchors
                else "it has no anchors"
            )
            add(
                loc,
                offset,
                f"link to entry {target_id!r}: its page has no anchor #{anchor} ({offered})",
                "KB201",
                Severity.ERROR,
            )
    for match in _IMAGE.finditer(line) if "![" in line else ():
        _check_image(add, loc, offset, match.group(1), context)


def _check_image(add: _Add, loc: Loc, offset: int, target: str, context: LintContext) -> None:
    if target.lower().startswith(("http://", "https://")):
        return
    relative = unquote(target.split("#")[0].split("?")[0])
    parts = relative.split("/")
    if _SCHEME.match(target) or target.startswith("/") or ".." in parts:
        add(
            loc,
            offset,
            f"image {target!r}: write an http(s) URL or a path inside {context.assets_shown}/",
            "KB207",
            Severity.ERROR,
        )
    elif not (context.assets_dir / relative).is_file():
        add(
            loc,
            offset,
            f"image {target!r} does not exist (no file {context.assets_shown}/{relative})",
            "KB207",
            Severity.ERROR,
        )


def _split_row(row: str) -> list[str]:
    r"""The cells of a pipe-table row: outer pipes optional, ``\|`` and code spans kept.

    >>> _split_row("| a | `b|c` | d \\| e |")
    ['a', '`b|c`', 'd \\| e']
    """
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells, current, in_code, escaped = [], "", False, False
    for char in row:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            current += char
            escaped = True
        elif char == "`":
            in_code = not in_code
            current += char
        elif char == "|" and not in_code:
            cells.append(current.strip())
            current = ""
        else:
            current += char
    cells.append(current.strip())
    return cells


def _check_table(add: _Add, loc: Loc, block: list[tuple[int, str]]) -> None:
    if len(block) < 2 or "|" not in block[0][1]:
        return
    rows = [(offset, line.strip()) for offset, line in block]
    header = _split_row(rows[0][1])
    separator_offset, separator = rows[1]
    if "|" not in separator and not rows[0][1].startswith("|"):
        return  # "Text | more" over "---" is a heading, not a table
    if not _SEPARATOR.match(separator):
        if all(line.startswith("|") for _offset, line in rows):
            add(
                loc,
                separator_offset,
                "this looks like a table but has no separator row (| --- |) under its "
                "header: it will show as text",
                "KB205",
                Severity.ERROR,
            )
        return
    cells = len(_split_row(separator))
    if cells != len(header):
        add(
            loc,
            separator_offset,
            f"the separator row has {cells} cell(s) but the header has {len(header)}: "
            "it will show as text, not as a table",
            "KB205",
            Severity.ERROR,
        )
        return
    for offset, row in rows[2:]:
        count = len(_split_row(row))
        if count != len(header):
            add(
                loc,
                offset,
                f"this row has {count} cell(s) but the table's header has {len(header)}",
                "KB205",
                Severity.ERROR,
            )
