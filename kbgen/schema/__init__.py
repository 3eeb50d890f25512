"""JSON Schemas of the content files, generated from the model.

The committed copies beside this module (``kbgen/schema/*.json``) are what editors validate and
complete with (through the ``yaml-language-server`` line at the top of each
file); ``kbgen schema`` rewrites them and a test checks they are current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from kbgen.content.model import SCHEMA_DIR, Category, Entry, Product
from kbgen.rules.model import Programme

__all__ = ["SCHEMA_DIR", "render_schema", "schemas", "write_schemas"]
_BASE = "https://kbgen.invalid/schema/"


def schemas() -> dict[str, dict[str, Any]]:
    """Every content schema by file name."""
    entry = TypeAdapter(Entry).json_schema()
    entry["title"] = "kbgen entry"
    entry["description"] = (
        "One FAQ entry or article with its translations (content/entries/**.yaml)."
    )
    categories = TypeAdapter(list[Category]).json_schema()
    categories["title"] = "kbgen categories"
    categories["description"] = "The categories of the knowledge base (content/categories.yaml)."
    products = TypeAdapter(list[Product]).json_schema()
    products["title"] = "kbgen products"
    products["description"] = "The products entries are about (content/products.yaml)."
    rules = TypeAdapter(Programme).json_schema()
    rules["title"] = "kbgen rules"
    rules["description"] = (
        "A support programme: its quiz questions, outcomes, facts and rules (content/rules/*.yaml)."
    )
    result = {
        "entry.schema.json": entry,
        "categories.schema.json": categories,
        "products.schema.json": products,
        "rules.schema.json": rules,
    }
    for name, schema in result.items():
        result[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": _BASE + name,
            **schema,
        }
    return result


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema; returns the files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, schema in schemas().items():
        path = directory / name
        text = render_schema(schema)
        if not path.is_file() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
            changed.append(path)
    return changed
