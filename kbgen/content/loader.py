"""Load the content's YAML files (categories, products, entries), validate them, collect problems.

Gather first, check everything, report everything: a writer sees every problem
of every file in one run, each with its file, line and key. The rules are read by
``kbgen.rules``; ``kbgen.project`` puts both together into the knowledge base.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kbgen.cache import CHECKED, digest
from kbgen.content.lint import LintContext, lint_entry
from kbgen.content.model import (
    AnyEntry,
    ArticleEntry,
    Category,
    FaqEntry,
    Product,
    Translation,
    markdown_texts,
)
from kbgen.content.reuse import Remembered, links_out, yaml_files
from kbgen.errors import ContentError, Problem, Severity, display_path, unknown_locale
from kbgen.source import (
    Loc,
    ParsedFiles,
    Source,
    YamlDocument,
    declared_ids,
    format_loc,
    read_source,
)
from kbgen.wording import schema_messages

M = TypeVar("M", bound=BaseModel)

ENTRY_LINK = re.compile(r"\]\(entry:([^)#\s]*)(?:#[^)\s]*)?\)")
#: Images of the texts, under the content folder; published in each locale's ``media/``.
ASSETS_DIR = "assets"


@dataclass
class Content:
    """The entries, categories and products, each read from its file (``sources``)."""

    locales: tuple[str, ...]
    entries: dict[str, AnyEntry] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    unloaded: dict[tuple[str, str], str] = field(default_factory=dict)
    """What the files that could not be loaded declare, ``("entry", id)`` and the like,
    with the file: references to them follow from that file's error
    (``kbgen.errors.fold_consequences``)."""

    def entries_in(self, locale: str) -> list[AnyEntry]:
        """Entries translated into ``locale``, in a stable order."""
        return [e for e in self.entries.values() if locale in e.translations]

    def translation(self, entry_id: str, locale: str) -> Translation | None:
        entry = self.entries.get(entry_id)
        return None if entry is None else entry.translations.get(locale)


class _Collector:
    def __init__(self, root: Path, parsed: ParsedFiles | None = None) -> None:
        self.root = root
        self.parsed = parsed or ParsedFiles()
        self.problems: list[Problem] = []

    def add(
        self,
        path: str,
        line: int,
        key: str,
        message: str,
        code: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(path, line, key, message, code, severity))

    def read(self, path: Path) -> tuple[str, YamlDocument] | None:
        source, problems = read_source(path, self.root, self.parsed)
        self.problems += problems
        return None if source is None else (source.path, source.doc)

    def validate(self, model: type[M], data: Any, source: Source, base: Loc = ()) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for loc, message in schema_messages(error.errors(), model):
                self.problems.append(source.problem((*base, *loc), message, "KB002"))
            return None


#: Entries, by the parsed document and the model they were validated with, and the
#: linter's findings, by document, path and locales (``kbgen.content.reuse``; the
#: findings also by the document's text, from one run to the next: ``kbgen.cache.CHECKED``).
VALIDATED: Remembered[AnyEntry] = Remembered()
LINTED: Remembered[list[Problem]] = Remembered()


def load_content(
    content_dir: Path,
    locales: Iterable[str],
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    parsed: ParsedFiles | None = None,
) -> tuple[Content, list[Problem]]:
    """Read and check the entries, categories and products under ``content_dir``.

    Returns what could be read and every problem found (errors and warnings);
    ``progress(done, total)`` is told of each entry file read; ``parsed`` keeps the
    files parsed by an earlier run (``kbgen.cache``). A missing folder is a
    ``ContentError`` at once: there is nothing else to check.
    """
    content = Content(locales=tuple(locales))
    collector = _Collector(root, parsed)
    if not content_dir.is_dir():
        shown = display_path(content_dir, root)
        raise ContentError([Problem(shown, 0, "", "the content folder does not exist", "KB001")])
    _load_named(collector, content_dir / "categories.yaml", Category, content.categories, content)
    _load_named(collector, content_dir / "products.yaml", Product, content.products, content)
    entry_files = yaml_files(content_dir / "entries")
    VALIDATED.begin()
    LINTED.begin()
    for number, path in enumerate(entry_files, start=1):
        _load_entry(collector, path, content)
        if progress is not None:
            progress(number, len(entry_files))
    VALIDATED.rotate()
    for entry in content.entries.values():
        _check_references(collector, entry, content)
    lint = LintContext(
        content.entries, content_dir / ASSETS_DIR, display_path(content_dir / ASSETS_DIR, root)
    )
    for entry_id, entry in content.entries.items():
        source = content.sources[entry_id]
        where = (source.path, content.locales)
        found = LINTED.get(source.doc, where)
        if found is None:
            alone = entry.order is None and not links_out(source.doc)  # else others decide
            key = digest("lint", source.doc.key, source.path, *content.locales) if alone else ""
            found = CHECKED.get(key) if key else None
            if found is None:
                found = lint_entry(entry, source.path, source.doc, content.locales, lint)
                if key:
                    CHECKED.put(key, found)
            if alone:
                LINTED.put(source.doc, where, found)
        collector.problems += found
    LINTED.rotate()
    return content, collector.problems


def entry_texts(entry: AnyEntry) -> Iterator[tuple[Loc, str, str]]:
    """Every text of an entry that may quote the rules: ``(loc, text, locale)``.

    The Markdown texts of each translation, and the table cells that hold a template.
    """
    for locale, translation in entry.translations.items():
        for loc, text in markdown_texts(translation):
            yield ("translations", locale, *loc), text, locale
        for name, table in translation.tables.items():
            for row_number, row in enumerate(table.rows):
                for cell_number, cell in enumerate(row):
                    if "{{" in cell or "{%" in cell or "](entry:" in cell:
                        loc = ("translations", locale, "tables", name, "rows", row_number)
                        yield (*loc, cell_number), cell, locale


def _load_named(
    collector: _Collector,
    path: Path,
    model: type[Category] | type[Product],
    into: dict[str, Any],
    kb: Content,
) -> None:
    shown = display_path(path, collector.root)
    if not path.is_file():
        collector.add(shown, 0, "", "the file is missing", "KB001")
        return
    what = "category" if model is Category else "product"
    read = collector.read(path)
    if read is None:
        kb.unloaded.update(dict.fromkeys(((what, i) for i in declared_ids(path)), shown))
        return
    shown, doc = read
    source = Source(shown, doc)
    _check_cut_texts(collector, source)
    if not isinstance(doc.data, list):
        collector.add(shown, 1, "", "must be a list of items with an id", "KB002")
        return
    for index, item in enumerate(doc.data):
        value = collector.validate(model, item, source, (index,))
        if value is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                kb.unloaded[(what, item["id"])] = shown
            continue
        if value.id in into:
            collector.add(
                shown,
                source.line((index, "id")),
                f"[{index}].id",
                f"duplicate id {value.id!r}",
                "KB003",
            )
            continue
        into[value.id] = value
        for locale in value.names:
            if locale not in kb.locales:
                collector.add(
                    shown,
                    source.line((index, "names", locale)),
                    f"[{index}].names.{locale}",
                    unknown_locale(locale, kb.locales),
                    "KB007",
                )
        for locale in kb.locales:
            if locale not in value.names:
                collector.add(
                    shown,
                    source.line((index, "names")),
                    f"[{index}].names",
                    f"no name for locale {locale!r}",
                    "KB012",
                )


def _load_entry(collector: _Collector, path: Path, kb: Content) -> None:
    read = collector.read(path)
    if read is None or not _read_entry(collector, path, read, kb):
        shown = display_path(path, collector.root)
        for entry_id in {path.stem, *declared_ids(path)}:
            kb.unloaded.setdefault(("entry", entry_id), shown)


def _read_entry(
    collector: _Collector, path: Path, read: tuple[str, YamlDocument], kb: Content
) -> bool:
    """Check a parsed entry file against the model and the other files; keep its entry."""
    shown, doc = read
    source = Source(shown, doc)
    _check_cut_texts(collector, source)
    data = doc.data
    if not isinstance(data, dict):
        collector.add(shown, 1, "", "an entry file must be a mapping of keys", "KB002")
        return False
    kind = data.get("kind")
    model: type[FaqEntry] | type[ArticleEntry]
    if kind == "faq":
        model = FaqEntry
    elif kind == "article":
        model = ArticleEntry
    else:
        message = (
            "required key is missing"
            if kind is None
            else f"must be 'faq' or 'article', not {kind!r}"
        )
        collector.add(shown, source.line(("kind",)), "kind", message, "KB002")
        return False
    entry = VALIDATED.get(doc, model) or collector.validate(model, data, source)
    if entry is None:
        return False
    VALIDATED.put(doc, model, entry)
    if entry.id != path.stem:
        collector.add(
            shown,
            source.line(("id",)),
            "id",
            f"the id {entry.id!r} differs from the file name {path.name!r}",
            "KB009",
        )
    if entry.id in kb.entries:
        first = kb.sources[entry.id]
        collector.add(
            shown,
            source.line(("id",)),
            "id",
            f"duplicate id {entry.id!r} (also in {first.path}:{first.line(('id',))})",
            "KB003",
        )
        return True
    kb.entries[entry.id] = entry
    kb.sources[entry.id] = source
    return True


#: Keys whose values are texts that a reader sees: a comment after one is suspect.
_TEXT_KEYS = frozenset({"question", "title", "summary", "heading", "caption", "keywords"})
_TEXT_KEYS |= frozenset({"names", "descriptions", "vendor"})


def _check_cut_texts(collector: _Collector, source: Source) -> None:
    """Texts that YAML cut at a `` #`` (the rest of the line read as a comment) and that
    end in a dangling word: the writer meant the ``#`` as text (KB013)."""
    for loc, comment in source.doc.comments.items():
        if not _TEXT_KEYS.intersection(part for part in loc if isinstance(part, str)):
            continue
        value: Any = source.doc.data
        for part in loc:
            value = value[part]
        if isinstance(value, str) and value[-1:].isalnum():
            line, column = source.doc.text_position(loc, 0, len(value))
            message = (
                f"the text stops at {value.split()[-1]!r}: YAML reads ' {comment}' as a comment. "
                "If it belongs to the text, put the whole text in quotes; if it is a comment, "
                "put it on a line of its own"
            )
            collector.problems.append(
                Problem(source.path, line, format_loc(loc), message, "KB013", column=column + 1)
            )


def _check_references(collector: _Collector, entry: AnyEntry, kb: Content) -> None:
    source = kb.sources[entry.id]

    def add(loc: Loc, message: str, code: str) -> None:
        collector.add(source.path, source.line(loc), format_loc(loc), message, code)

    if entry.category not in kb.categories:
        add(("category",), unknown("category", entry.category, kb.categories), "KB005")
    for index, product in enumerate(entry.products):
        if product not in kb.products:
            add(("products", index), unknown("product", product, kb.products), "KB006")
    for index, related in enumerate(entry.related):
        if related not in kb.entries:
            add(("related", index), unknown_entry(related, kb.entries), "KB004")
        elif related == entry.id:
            add(("related", index), "an entry cannot be related to itself", "KB004")
    if entry.source_locale not in kb.locales:
        add(("source_locale",), unknown_locale(entry.source_locale, kb.locales), "KB007")
    elif entry.source_locale not in entry.translations:
        add(
            ("source_locale",),
            f"there is no {entry.source_locale!r} translation to be the source",
            "KB002",
        )
    elif entry.translations[entry.source_locale].draft:
        add(
            ("translations", entry.source_locale, "draft"),
            "the source translation cannot be a draft: the others are made from it",
            "KB002",
        )
    for locale, translation in entry.translations.items():
        if locale not in kb.locales:
            add(("translations", locale), unknown_locale(locale, kb.locales), "KB007")
        origin = translation.translated_from
        if origin is not None and origin not in entry.translations:
            add(
                ("translations", locale, "translated_from"),
                f"there is no {origin!r} translation to be translated from; this entry has "
                f"{', '.join(sorted(entry.translations))}",
                "KB002",
            )
        elif origin == locale:
            add(
                ("translations", locale, "translated_from"),
                "a translation cannot be translated from itself",
                "KB002",
            )
    for loc, text, locale in entry_texts(entry):
        if locale in kb.locales:
            _check_links(collector, source, loc, text, kb)


def _check_links(collector: _Collector, source: Source, loc: Loc, text: str, kb: Content) -> None:
    """Links to entries name entries that exist, reported at the link's own place.
    (What a text's template may do, its facts and tables included, is checked with
    the rules: ``kbgen.rules.quotes``.)"""
    for match in ENTRY_LINK.finditer(text):
        target = match.group(1)
        if target not in kb.entries:
            start = match.start(1)
            offset = text.count("\n", 0, start)
            column = start - (text.rfind("\n", 0, start) + 1)
            line, column = source.doc.text_position(loc, offset, column)
            message = "link to " + unknown_entry(target, kb.entries)
            collector.problems.append(
                Problem(source.path, line, format_loc(loc), message, "KB004", column=column)
            )


def unknown(what: str, name: str, known: Iterable[str]) -> str:
    """An unknown id, with the valid ones (or the closest of many).

    >>> print(unknown("category", "licensing", ["acronis-licensing", "contact"]))
    unknown category 'licensing'; did you mean 'acronis-licensing'? The categories are \
acronis-licensing, contact
    """
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    message = f"unknown {what} {name!r}"
    if close:
        message += f"; did you mean {close[0]!r}?"
    if len(names) <= 20:
        plural = "categories" if what == "category" else f"{what}s"
        message += f"{' The' if close else '; the'} {plural} are {', '.join(names)}"
    return message


def unknown_entry(name: str, known: Iterable[str]) -> str:
    """An unknown entry id, with the closest existing ones.

    >>> unknown_entry("ppi-prize", ["ppi-price", "ppi-payment-methods"])
    "unknown entry 'ppi-prize'; did you mean 'ppi-price'?"
    """
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    if not close:
        return f"unknown entry {name!r}"
    return f"unknown entry {name!r}; did you mean " + " or ".join(map(repr, close)) + "?"
