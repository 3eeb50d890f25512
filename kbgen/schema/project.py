"""The JSON Schemas of one project's content files: the generic schemas of
``kbgen.schema`` with the project's own vocabulary.

The package's schemas (``kbgen/schema/*.json``) know the format; an editor needs
more to complete and explain a file: the categories, products, locales and entry
ids that this project has, what each key means, and an example. ``kbgen schema``
writes these into the project's ``schema/`` folder (beside ``mkdocs.yml``), which
the ``yaml-language-server`` line at the top of each content file names; ``kbgen
schema --check`` (and a test) fails when they no longer match the content.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kbgen.content.loader import load_content
from kbgen.errors import display_path
from kbgen.project import Project
from kbgen.schema import render_schema, schemas

#: The folder of the project's schemas, beside ``mkdocs.yml``.
PROJECT_SCHEMA_DIR = "schema"

#: What each key of the content means, for editors' hover and completion; a key that
#: the model describes keeps its own words.
DESCRIPTIONS: dict[str, str] = {
    "id": "Stable id, lowercase ASCII words joined by hyphens; it appears in URLs and the "
    "file's name, and never comes from translated text.",
    "kind": "faq (a question and its answer) or article (title, summary, sections).",
    "category": "The category the entry is listed under (content/categories.yaml).",
    "products": "The products the entry is about (content/products.yaml).",
    "tags": "Lowercase English words joined by hyphens, for grouping.",
    "related": "Ids of related entries, linked at the end of the page.",
    "translations": "The entry's text in each locale, keyed by locale.",
    "question": "The question, as a customer asks it.",
    "answer": 'The answer, in Markdown; {{ fact("id") }} quotes a fact of the rules, '
    '{{ table("name") }} places a table, [text](entry:id) links an entry.',
    "title": "The article's title.",
    "summary": "One or two sentences on what the article covers.",
    "sections": "The article's parts, in order.",
    "heading": "The section's heading (optional).",
    "body": "The section's text, in Markdown.",
    "steps": "Ordered steps, each in Markdown.",
    "caption": "The table's caption (optional).",
    "columns": "The table's column headings.",
    "rows": "The table's rows, each with as many cells as there are columns.",
    "order": "Where the category comes in lists (smallest first).",
    "names": "The name in each of the site's locales.",
    "descriptions": "A description in each locale, shown on the category's page.",
    "vendor": "Who makes the product.",
    "tables": 'Tables of this translation by name, placed in a text with {{ table("name") }}.',
    # The rules (content/rules/*.yaml).
    "label": "What the reader sees, in each locale of the site (the quiz is the same in all).",
    "choices": "The answers to choose from (a choice question).",
    "channels": "Ways to reach support (ids of the programme's channels, or a channels fact).",
    "facts": "Prices, windows, hours and response times, each written once and quoted by "
    'texts with {{ fact("id") }}.',
    "values": "The fact's value as the documents of each group of locales state it.",
    "value": "The value itself, in the form its kind needs.",
    "rules": "When an outcome is granted or refused; every rule names the entry stating it.",
    "when": "The conditions, all of which must hold: question ids and the answers they need.",
    "grant": "Outcomes this rule gives.",
    "refuse": "Outcomes this rule takes away, whatever other rules give.",
    "details": "What comes with each outcome (channels, hours, first response, price, note).",
    "hours": "Opening hours: a fact of kind hours.",
    "first_response": "How soon support answers first: a fact of kind duration.",
    "price": "What it costs: facts of kind money.",
    "note": "A sentence in each locale, shown with the outcome.",
    "fact": "The id of a fact of the rules.",
    "amount": 'A number; a price is written quoted with a point, like "9.95".',
    "unit": "minute, hour, day, month, year, business_hour or business_day (a question: day "
    "or month).",
    "currency": "A currency code of three capital letters, like USD or EUR.",
    "days_a_week": "How many days a week (1-7).",
    "hours_a_day": "How many hours a day (1-24).",
    "at_most": "The answer is at most this number (or duration fact).",
    "at_least": "The answer is at least this number (or duration fact).",
    "below": "The answer is below this number (or duration fact).",
    "above": "The answer is above this number (or duration fact).",
}

_EXAMPLES: dict[str, list[Any]] = {
    "id": ["ppi-price"],
    "updated": ["2026-11-22"],
    "question": ["Combien coûte le support à l'incident ?"],
    "keywords": [["prix du support", "tarif incident"]],
    "source_hash": ["0123456789ab"],
}


def project_schemas(
    generic: Mapping[str, dict[str, Any]],
    locales: Iterable[str],
    categories: Iterable[str],
    products: Iterable[str],
    entries: Iterable[str],
    base: str,
) -> dict[str, dict[str, Any]]:
    """The generic content schemas with this project's enums, descriptions and examples.

    ``base`` is the ``$id`` prefix of the project's schemas.
    """
    vocabulary = {
        "locale": list(locales),
        "category": sorted(categories),
        "product": sorted(products),
        "entry": sorted(entries),
    }
    result = {}
    for name, schema in generic.items():
        schema = copy.deepcopy(schema)
        schema["$id"] = base + name
        _describe(schema)
        if name == "entry.schema.json":
            _entry_enums(schema, vocabulary)
        elif name in ("categories.schema.json", "products.schema.json"):
            for definition in schema.get("$defs", {}).values():
                _names_by_locale(definition, vocabulary["locale"])
        result[name] = schema
    return result


def _entry_enums(schema: dict[str, Any], vocabulary: dict[str, list[str]]) -> None:
    locales = vocabulary["locale"]
    for kind in ("FaqEntry", "ArticleEntry"):
        properties = schema["$defs"][kind]["properties"]
        properties["category"]["enum"] = vocabulary["category"]
        properties["products"]["items"]["enum"] = vocabulary["product"]
        properties["related"]["items"]["enum"] = vocabulary["entry"]
        properties["source_locale"]["enum"] = locales
        properties["translations"]["propertyNames"] = {"enum": locales}
    for kind in ("FaqTranslation", "ArticleTranslation"):
        origin = schema["$defs"][kind]["properties"]["translated_from"]
        for option in origin.get("anyOf", []):
            if option.get("type") == "string":
                option["enum"] = locales


def _names_by_locale(definition: dict[str, Any], locales: list[str]) -> None:
    for key in ("names", "descriptions"):
        found = definition.get("properties", {}).get(key)
        if found is not None:
            found["propertyNames"] = {"enum": locales}


def _describe(node: Any, key: str = "") -> None:
    """Give every property a description (and an example where one helps), recursively."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, value in properties.items():
                if isinstance(value, dict):
                    if "description" not in value and name in DESCRIPTIONS:
                        value["description"] = DESCRIPTIONS[name]
                    if "examples" not in value and name in _EXAMPLES:
                        value["examples"] = _EXAMPLES[name]
        for child_key, child in node.items():
            _describe(child, child_key)
    elif isinstance(node, list):
        for item in node:
            _describe(item, key)


def undescribed(node: Any, where: str = "") -> list[str]:
    """The properties without a description, as paths: what an editor cannot explain."""
    missing = []
    if isinstance(node, dict):
        for name, value in (node.get("properties") or {}).items():
            if isinstance(value, dict) and "description" not in value:
                missing.append(f"{where}.{name}")
        for child_key, child in node.items():
            missing += undescribed(child, f"{where}/{child_key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            missing += undescribed(item, f"{where}[{index}]")
    return missing


_MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S*?)([a-z]+\.schema\.json)\s*$")
_FILES = {
    "categories.yaml": "categories.schema.json",
    "products.yaml": "products.schema.json",
}


def project_files(project: Project) -> dict[str, str]:
    """Each of the project's schema files (path inside the project) and its text."""
    content, _problems = load_content(project.content_dir, project.locales, project.root)
    made = project_schemas(
        schemas(),
        project.locales,
        content.categories,
        content.products,
        content.entries,
        "https://kbgen.invalid/project/schema/",
    )
    return {f"{PROJECT_SCHEMA_DIR}/{name}": render_schema(value) for name, value in made.items()}


def modelines(project: Project) -> dict[Path, str]:
    """The content files whose ``yaml-language-server`` line should name the project's
    schema, with the line it should be."""
    content_dir = project.content_dir
    files = [(content_dir / name, schema) for name, schema in _FILES.items()]
    files += [(path, "entry.schema.json") for path in sorted(content_dir.glob("entries/**/*.yaml"))]
    files += [(path, "rules.schema.json") for path in sorted(content_dir.glob("rules/*.yaml"))]
    wanted = {}
    for path, name in files:
        try:
            with path.open(encoding="utf-8") as handle:
                first = handle.readline()
        except (OSError, UnicodeDecodeError):
            continue
        match = _MODELINE.match(first)
        if match is None or match.group(2) != name:
            continue
        target = os.path.relpath(project.root / PROJECT_SCHEMA_DIR / name, path.parent)
        line = f"# yaml-language-server: $schema={Path(target).as_posix()}"
        if first.rstrip("\r\n") != line:
            wanted[path] = line
    return wanted


def write_project_schemas(project: Project) -> tuple[list[Path], list[Path]]:
    """Write the project's schemas and point its content files' modelines at them.

    Returns the schema files and the content files that changed.
    """
    written = []
    for relative, text in project_files(project).items():
        path = project.root / relative
        if not path.is_file() or path.read_text("utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            written.append(path)
    pointed = []
    for path, line in modelines(project).items():
        text = path.read_bytes().decode("utf-8")
        first, newline, rest = text.partition("\n")
        ending = "\r" if first.endswith("\r") else ""
        path.write_bytes(f"{line}{ending}{newline}{rest}".encode())
        pointed.append(path)
    return written, pointed


def stale_project_files(project: Project) -> list[str]:
    """What ``kbgen schema`` would change in the project, as paths inside it."""
    stale = [
        relative
        for relative, text in project_files(project).items()
        if not (project.root / relative).is_file()
        or (project.root / relative).read_text("utf-8") != text
    ]
    stale += [display_path(path, project.root) for path in modelines(project)]
    return stale
