"""Load every YAML file of the knowledge base, validate it, and collect problems.

Gather first, check everything, report everything: a writer sees every problem
of every file in one run, each with its file, line and key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from kbgen.cache import digest
from kbgen.content.lint import LintContext, lint_entry
from kbgen.content.model import (
    ArticleEntry,
    Category,
    FaqEntry,
    Product,
    Translation,
    markdown_texts,
)
from kbgen.content.problems import ContentError, Problem, Severity, display_path, unreadable
from kbgen.content.templating import is_template, template_problems
from kbgen.content.yamlfile import (
    Loc,
    ParsedFiles,
    YamlDocument,
    YamlSyntaxError,
    format_loc,
    utf8_error_line,
)

if TYPE_CHECKING:
    from kbgen.rules.book import RuleBook

AnyEntry = FaqEntry | ArticleEntry
M = TypeVar("M", bound=BaseModel)

ENTRY_LINK = re.compile(r"\]\(entry:([^)#\s]*)(?:#[^)\s]*)?\)")
TABLE_REF = re.compile(r"""\{\{\s*table\(\s*["']([^"']*)["']\s*\)\s*\}\}""")
FACT_REF = re.compile(r"""\bfact\(\s*["']([^"']*)["']\s*\)""")
#: Images of the texts, under the content folder; published in each locale's ``media/``.
ASSETS_DIR = "assets"


@dataclass(frozen=True)
class Source:
    """Where a piece of content was read from, for messages."""

    path: str
    doc: YamlDocument

    def line(self, loc: Loc) -> int:
        return self.doc.line_of(loc)


@dataclass
class KnowledgeBase:
    """All the content, validated and cross-checked."""

    locales: tuple[str, ...]
    entries: dict[str, AnyEntry] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    rules: RuleBook | None = None
    """The support programmes under ``content/rules/``; ``None`` when there are none."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop a build (``--strict`` makes them do so), sorted."""
    _fingerprints: dict[str, str] = field(default_factory=dict, repr=False)

    def fingerprint(self, entry_id: str) -> str:
        """A hash of everything an entry holds, every translation included ("" if none)."""
        known = self._fingerprints.get(entry_id)
        if known is None:
            entry = self.entries.get(entry_id)
            known = "" if entry is None else digest(entry.model_dump_json())
            self._fingerprints[entry_id] = known
        return known

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
        shown = display_path(path, self.root)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            line = utf8_error_line(error)
            self.add(shown, line, "", f"the file is not UTF-8 text ({error.reason})", "KB001")
            return None
        except OSError as error:  # a folder named like a file, a broken link
            self.add(shown, 1, "", unreadable(error), "KB001")
            return None
        try:
            doc = self.parsed.parse(text)
        except YamlSyntaxError as error:
            self.add(shown, error.line, "", error.message, "KB001")
            return None
        for loc, line, first in doc.duplicates:
            self.add(
                shown, line, format_loc(loc), f"duplicate key (first at line {first})", "KB008"
            )
        return shown, doc

    def validate(self, model: type[M], data: Any, source: Source, base: Loc = ()) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for detail in error.errors():
                loc = (*base, *detail["loc"])
                self.add(
                    source.path,
                    source.line(loc),
                    format_loc(loc),
                    _message(detail),
                    "KB002",
                )
            return None


def _message(detail: Mapping[str, Any]) -> str:
    kind = detail["type"]
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "string_pattern_mismatch":
        return "must be lowercase ASCII words joined by hyphens, like ppi-price"
    message = str(detail["msg"])
    return message.removeprefix("Value error, ")


def load_knowledge_base(
    content_dir: Path,
    locales: Iterable[str],
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    parsed: ParsedFiles | None = None,
) -> KnowledgeBase:
    """Read and check all the content under ``content_dir``.

    Raises ``ContentError`` with every problem found when there are errors; the
    warnings of content that has none are in ``KnowledgeBase.warnings``.
    ``progress(done, total)`` is told of each entry file read; ``parsed`` keeps the
    files parsed by an earlier run (``kbgen.cache``).
    """
    kb = KnowledgeBase(locales=tuple(locales))
    collector = _Collector(root, parsed)
    if not content_dir.is_dir():
        shown = display_path(content_dir, root)
        raise ContentError([Problem(shown, 0, "", "the content folder does not exist", "KB001")])
    _load_named(collector, content_dir / "categories.yaml", Category, kb.categories, kb)
    _load_named(collector, content_dir / "products.yaml", Product, kb.products, kb)
    entry_files = sorted((content_dir / "entries").rglob("*.yaml"))
    for number, path in enumerate(entry_files, start=1):
        _load_entry(collector, path, kb)
        if progress is not None:
            progress(number, len(entry_files))
    # Imported here: kbgen.rules reads its YAML with kbgen.content, which imports this module.
    from kbgen.rules.loader import load_rules

    kb.rules, rule_problems = load_rules(content_dir / "rules", kb.entries, kb.locales, root)
    collector.problems += rule_problems
    for entry in kb.entries.values():
        _check_references(collector, entry, kb)
    lint = LintContext(
        kb.entries, content_dir / ASSETS_DIR, display_path(content_dir / ASSETS_DIR, root)
    )
    for entry_id, entry in kb.entries.items():
        source = kb.sources[entry_id]
        collector.problems += lint_entry(entry, source.path, source.doc, kb.locales, lint)
    errors = [p for p in collector.problems if p.severity is Severity.ERROR]
    if errors:
        raise ContentError(collector.problems)
    kb.warnings = sorted(collector.problems)
    return kb


def _load_named(
    collector: _Collector,
    path: Path,
    model: type[Category] | type[Product],
    into: dict[str, Any],
    kb: KnowledgeBase,
) -> None:
    shown = display_path(path, collector.root)
    if not path.is_file():
        collector.add(shown, 0, "", "the file is missing", "KB001")
        return
    read = collector.read(path)
    if read is None:
        return
    shown, doc = read
    source = Source(shown, doc)
    if not isinstance(doc.data, list):
        collector.add(shown, 1, "", "must be a list of items with an id", "KB002")
        return
    for index, item in enumerate(doc.data):
        value = collector.validate(model, item, source, (index,))
        if value is None:
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
                    _unknown_locale(locale, kb.locales),
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


def _unknown_locale(locale: str, locales: tuple[str, ...]) -> str:
    return f"unknown locale {locale!r}; the site's locales are {', '.join(locales)}"


def _load_entry(collector: _Collector, path: Path, kb: KnowledgeBase) -> None:
    read = collector.read(path)
    if read is None:
        return
    shown, doc = read
    source = Source(shown, doc)
    data = doc.data
    if not isinstance(data, dict):
        collector.add(shown, 1, "", "an entry file must be a mapping of keys", "KB002")
        return
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
        return
    entry = collector.validate(model, data, source)
    if entry is None:
        return
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
        return
    kb.entries[entry.id] = entry
    kb.sources[entry.id] = source


def _check_references(collector: _Collector, entry: AnyEntry, kb: KnowledgeBase) -> None:
    source = kb.sources[entry.id]

    def add(loc: Loc, message: str, code: str) -> None:
        collector.add(source.path, source.line(loc), format_loc(loc), message, code)

    if entry.category not in kb.categories:
        add(("category",), f"unknown category {entry.category!r}", "KB005")
    for index, product in enumerate(entry.products):
        if product not in kb.products:
            add(("products", index), f"unknown product {product!r}", "KB006")
    for index, related in enumerate(entry.related):
        if related not in kb.entries:
            add(("related", index), f"unknown entry {related!r}", "KB004")
        elif related == entry.id:
            add(("related", index), "an entry cannot be related to itself", "KB004")
    if entry.source_locale not in kb.locales:
        add(("source_locale",), _unknown_locale(entry.source_locale, kb.locales), "KB007")
    elif entry.source_locale not in entry.translations:
        add(
            ("source_locale",),
            f"there is no {entry.source_locale!r} translation to be the source",
            "KB002",
        )
    for locale, translation in entry.translations.items():
        if locale not in kb.locales:
            add(("translations", locale), _unknown_locale(locale, kb.locales), "KB007")
            continue
        for loc, text in markdown_texts(translation):
            _check_text(add, ("translations", locale, *loc), text, translation, kb)
        for name, table in translation.tables.items():
            for row_number, row in enumerate(table.rows):
                for cell_number, cell in enumerate(row):
                    if "{{" in cell or "{%" in cell or "](entry:" in cell:
                        loc = ("translations", locale, "tables", name, "rows", row_number)
                        _check_text(add, (*loc, cell_number), cell, translation, kb)


def _check_text(add: Any, loc: Loc, text: str, translation: Translation, kb: KnowledgeBase) -> None:
    if is_template(text):
        locale, cell = str(loc[1]), "tables" in loc
        tables = None if cell else translation.tables
        found = template_problems(text, _facts_of(kb, locale), tables, no_rules=kb.rules is None)
        for problem in found:
            message = problem.message
            if problem.code == "KB010":
                message = f"template error on line {problem.line} of the text: {message}"
            add(loc, message, problem.code)
    for match in ENTRY_LINK.finditer(text):
        if match.group(1) not in kb.entries:
            add(loc, f"link to unknown entry {match.group(1)!r}", "KB004")


def _facts_of(kb: KnowledgeBase, locale: str) -> dict[str, str | None]:
    """Every fact of the rules: ``None`` if ``locale`` states it, else why not (KB110)."""
    if kb.rules is None:
        return {}
    facts: dict[str, str | None] = {}
    for fact_id, fact in kb.rules.facts.items():
        facts[fact_id] = None
        if kb.rules.fact_value(fact_id, locale) is None:
            stated = sorted(tag for value in fact.values for tag in value.locales)
            facts[fact_id] = (
                f"fact {fact_id!r} is not stated for locale {locale!r} "
                f"(only for {', '.join(stated)})"
            )
    return facts
