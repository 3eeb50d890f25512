"""The shipped knowledge base: nothing from the seed documents silently dropped."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from kbgen.project import load_knowledge_base
from kbgen.schema import SCHEMA_DIR

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("zh-TW", "zh-CN", "fr", "ro", "pl")

# Every question, answer and handbook section of the five seed documents.
# Change these numbers only on purpose, when the content really gains or loses entries.
EXPECTED_PER_LOCALE = {tag: 88 for tag in ("zh-TW", "zh-CN", "fr", "ro", "pl")}


def load() -> object:
    return load_knowledge_base(ROOT / "content", LOCALES, ROOT)


def test_entries_per_locale() -> None:
    kb = load_knowledge_base(ROOT / "content", LOCALES, ROOT)
    assert {tag: len(kb.entries_in(tag)) for tag in LOCALES} == EXPECTED_PER_LOCALE


def test_shared_questions_are_one_entry_with_two_translations() -> None:
    """The questions both the zh-TW and fr documents state: one entry, two originals."""
    kb = load_knowledge_base(ROOT / "content", LOCALES, ROOT)
    shared = sorted(
        e.id
        for e in kb.entries.values()
        if {"zh-TW", "fr"} <= {tag for tag in e.translations if e.origin_of(tag) == tag}
    )
    assert len(shared) == 20
    assert "license-software-copy" in shared
    assert "advantage-what-is" in shared


def test_each_locale_keeps_its_own_documents_facts() -> None:
    # The answers quote the price from the rules, where each locale has its document's own.
    kb = load_knowledge_base(ROOT / "content", LOCALES, ROOT)
    home = kb.entries["home-user-support-options"].translations
    assert '{{ fact("ppi_price_home") }}' in home["fr"].answer  # type: ignore[union-attr]
    assert '{{ fact("ppi_price_home") }}' in home["zh-TW"].answer  # type: ignore[union-attr]
    assert kb.rules is not None
    prices = {
        tag: [(str(m.amount), m.currency) for m in kb.rules.fact_value("ppi_price_home", tag).value]  # type: ignore[union-attr]
        for tag in ("fr", "zh-TW")
    }
    assert prices == {"fr": [("20.00", "USD")], "zh-TW": [("9.95", "USD"), ("11.95", "EUR")]}


def test_no_page_furniture_left() -> None:
    furniture = ["往上 ^", "Haut de la page", "p>", "▶", "Articole similare", "Trimiteți-le"]
    for path in sorted((ROOT / "content" / "entries").rglob("*.yaml")):
        text = path.read_text("utf-8")
        for residue in furniture:
            assert residue not in text, f"{path.name} still has {residue!r}"


def test_committed_json_schema_validates_every_shipped_file() -> None:
    def validator(name: str) -> jsonschema.Draft202012Validator:
        schema = json.loads((SCHEMA_DIR / name).read_text("utf-8"))
        return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    def as_json(path: Path) -> object:
        # YAML dates become the strings an editor's language server sees.
        return json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))

    entry = validator("entry.schema.json")
    for path in sorted((ROOT / "content" / "entries").rglob("*.yaml")):
        assert not list(entry.iter_errors(as_json(path))), path
    assert not list(
        validator("categories.schema.json").iter_errors(as_json(ROOT / "content/categories.yaml"))
    )
    assert not list(
        validator("products.schema.json").iter_errors(as_json(ROOT / "content/products.yaml"))
    )


def test_every_content_file_points_editors_at_the_schema() -> None:
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"


def test_committed_schemas_are_current() -> None:
    from kbgen.schema import render_schema, schemas

    for name, schema in schemas().items():
        assert (SCHEMA_DIR / name).read_text("utf-8") == render_schema(schema), name


def test_every_translation_names_the_locale_it_was_made_from() -> None:
    """Each of the 332 translations made for a knowledge base in five languages says which
    text it follows, and no translation follows a translation."""
    kb = load_knowledge_base(ROOT / "content", LOCALES, ROOT)
    made = [
        (entry.id, tag, entry.origin_of(tag))
        for entry in kb.entries.values()
        for tag in entry.translations
        if entry.origin_of(tag) != tag
    ]
    assert len(made) >= 332
    for entry_id, tag, origin in made:
        entry = kb.entries[entry_id]
        assert entry.origin_of(origin) == origin, (entry_id, tag, origin)
