"""The project's JSON Schemas: its vocabulary, a description for every key, always current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from kbgen.build import load_project
from kbgen.schema.project import stale_project_files, undescribed
from tests.conftest import FAQ, SmallProject
from tests.helpers import kbgen

ROOT = Path(__file__).resolve().parents[2]


def schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((ROOT / "schema" / name).read_text("utf-8"))
    return loaded


def test_the_shipped_project_schemas_are_current() -> None:
    assert stale_project_files(load_project(ROOT / "mkdocs.yml")) == []


def test_every_content_file_names_the_project_schema() -> None:
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.parent == ROOT / "schema", path


def test_the_entry_schema_knows_the_projects_words() -> None:
    entry = schema("entry.schema.json")
    faq = entry["$defs"]["FaqEntry"]["properties"]  # type: ignore[index]
    categories = [item["id"] for item in yaml.safe_load((ROOT / "content/categories.yaml").open())]
    assert faq["category"]["enum"] == sorted(categories)
    assert "acronis-home" in faq["products"]["items"]["enum"]
    assert "ppi-price" in faq["related"]["items"]["enum"]
    assert faq["source_locale"]["enum"] == ["zh-TW", "zh-CN", "fr", "ro", "pl"]
    assert faq["translations"]["propertyNames"] == {"enum": ["zh-TW", "zh-CN", "fr", "ro", "pl"]}
    for name in ("entry", "categories", "products", "rules"):
        assert undescribed(schema(f"{name}.schema.json")) == [], name


def test_the_schema_refuses_what_check_refuses() -> None:
    faq = {**schema("entry.schema.json"), "$ref": "#/$defs/FaqEntry"}
    faq.pop("discriminator", None)
    faq.pop("oneOf", None)
    validator = jsonschema.Draft202012Validator(faq)
    text = FAQ.format(id="x", related="[ppi-prize]").replace("licensing", "licencing")
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    messages = sorted(
        error.message.split(" is not one of")[0] for error in validator.iter_errors(data)
    )
    assert messages == ["'acme'", "'licencing'", "'ppi-prize'"]


def test_schema_writes_and_checks_a_projects_schemas(small_project: SmallProject) -> None:
    assert kbgen("schema", "--check", cwd=small_project.root).returncode == 1
    result = kbgen("schema", cwd=small_project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "Wrote 4 project schema file(s) to schema/; 0 content file(s) now name them."
    )
    assert kbgen("schema", "--check", cwd=small_project.root).stdout == (
        "The content schemas are current.\n"
    )
    # A new entry is an id editors complete in `related` at once.
    kbgen("new", "faq", "copy-limits", "-c", "licensing", "-l", "fr", cwd=small_project.root)
    text = (small_project.root / "schema/entry.schema.json").read_text("utf-8")
    assert '"copy-limits"' in text
    assert kbgen("schema", "--check", cwd=small_project.root).returncode == 0
    new = (small_project.root / "content/entries/copy-limits.yaml").read_text("utf-8")
    assert new.splitlines()[0] == "# yaml-language-server: $schema=../../schema/entry.schema.json"
