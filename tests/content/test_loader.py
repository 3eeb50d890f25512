"""Every kind of bad content, each reported with file, line and key, all in one run."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kbgen.errors import ContentError
from kbgen.project import load_knowledge_base
from tests.conftest import FAQ, SmallProject

LOCALES = ("fr", "pl")


def problems(project: SmallProject) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_knowledge_base(project.root / "content", LOCALES, project.root)
    return [str(p) for p in caught.value.problems]


def test_small_project_loads(small_project: SmallProject) -> None:
    kb = load_knowledge_base(small_project.root / "content", LOCALES, small_project.root)
    assert list(kb.entries) == ["software-copy"]
    assert [e.id for e in kb.entries_in("fr")] == ["software-copy"]
    assert kb.entries_in("pl") == []
    assert kb.categories["licensing"].names["pl"] == "Licencjonowanie"


def test_malformed_yaml(small_project: SmallProject) -> None:
    small_project.write(
        "content/entries/broken.yaml", "id: broken\nkind: faq\ncategory: [licensing\n"
    )
    assert problems(small_project) == [
        "content/entries/broken.yaml:4: error KB001: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 3)"
    ]


def test_schema_violations_are_all_reported(small_project: SmallProject) -> None:
    small_project.write(
        "content/entries/schema.yaml",
        """\
        id: schema
        kind: faq
        category: Licensing
        colour: red
        source_locale: fr
        translations:
          fr:
            updated: 2026-13-01
            answer: hi
        """,
    )
    assert problems(small_project) == [
        "content/entries/schema.yaml:3: error KB002: category: "
        "must be lowercase ASCII words joined by hyphens, like ppi-price, not 'Licensing'",
        "content/entries/schema.yaml:4: error KB002: colour: unknown key; the keys here are "
        "category, id, kind, order, products, related, source_locale, tags, translations",
        "content/entries/schema.yaml:7: error KB002: translations.fr.question: required key is missing",
        "content/entries/schema.yaml:8: error KB002: translations.fr.updated: "
        "'2026-13-01' is not a day of the calendar (month 01-12, a day that month has)",
    ]


def test_unknown_kind(small_project: SmallProject) -> None:
    small_project.write("content/entries/howto.yaml", "id: howto\nkind: howto\n")
    assert problems(small_project) == [
        "content/entries/howto.yaml:2: error KB002: kind: must be 'faq' or 'article', not 'howto'"
    ]


def test_table_rows_must_fit_the_columns(small_project: SmallProject) -> None:
    text = FAQ.format(id="tables", related="[]") + textwrap.indent(
        "tables:\n  levels:\n    columns: [A, B]\n    rows:\n      - [1, 2]\n      - [3]\n", "    "
    )
    small_project.write("content/entries/tables.yaml", text)
    assert problems(small_project) == [
        "content/entries/tables.yaml:17: error KB002: translations.fr.tables.levels.rows: "
        "row 2 has 1 cell(s) but the table has 2 columns"
    ]


def test_duplicate_id(small_project: SmallProject) -> None:
    small_project.write(
        "content/entries/other/software-copy.yaml", FAQ.format(id="software-copy", related="[]")
    )
    assert problems(small_project) == [
        "content/entries/software-copy.yaml:1: error KB003: id: duplicate id 'software-copy' "
        "(also in content/entries/other/software-copy.yaml:1)"
    ]


def test_id_must_match_file_name(small_project: SmallProject) -> None:
    small_project.write("content/entries/copy.yaml", FAQ.format(id="copy-two", related="[]"))
    assert problems(small_project) == [
        "content/entries/copy.yaml:1: error KB009: id: the id 'copy-two' differs from the file name 'copy.yaml'"
    ]


def test_duplicate_key(small_project: SmallProject) -> None:
    small_project.write(
        "content/entries/twice.yaml", FAQ.format(id="twice", related="[]") + "kind: faq\n"
    )
    assert problems(small_project) == [
        "content/entries/twice.yaml:14: error KB008: kind: duplicate key (first at line 2)"
    ]


def test_references_to_missing_entry_category_product_and_unknown_locales(
    small_project: SmallProject,
) -> None:
    small_project.write(
        "content/entries/refs.yaml",
        """\
        id: refs
        kind: article
        category: nowhere
        products: [acme, ghost]
        related: [software-copy, missing-entry]
        source_locale: de
        translations:
          de:
            updated: 2026-11-22
            title: Titel
            summary: Zusammenfassung
            sections:
              - body: Text
          fr:
            updated: 2026-11-22
            title: Titre
            summary: Résumé
            sections:
              - body: |
                  Voir [la copie](entry:no-such-entry).

                  {{ table("missing") }}
              - steps:
                  - "{{ broken("
        """,
    )
    assert problems(small_project) == [
        "content/entries/refs.yaml:3: error KB005: category: unknown category 'nowhere'; "
        "the categories are licensing, support-plans",
        "content/entries/refs.yaml:4: error KB006: products[1]: unknown product 'ghost'; "
        "the products are acme",
        "content/entries/refs.yaml:5: error KB004: related[1]: unknown entry 'missing-entry'",
        "content/entries/refs.yaml:6: error KB007: source_locale: "
        "unknown locale 'de'; the site's locales are fr, pl",
        "content/entries/refs.yaml:8: error KB007: translations.de: "
        "unknown locale 'de'; the site's locales are fr, pl",
        "content/entries/refs.yaml:20:33: error KB004: translations.fr.sections[0].body: "
        "link to unknown entry 'no-such-entry'",
        "content/entries/refs.yaml:22:11: error KB011: translations.fr.sections[0].body: "
        "unknown table 'missing'",
        "content/entries/refs.yaml:24:14: error KB010: translations.fr.sections[1].steps[0]: "
        "template error: unexpected 'end of template'",
    ]


def test_category_names_must_cover_every_locale(small_project: SmallProject) -> None:
    small_project.write(
        "content/categories.yaml",
        "- id: licensing\n  names: {fr: Licences, de: Lizenzen}\n"
        "- id: support-plans\n  names: {fr: Offres, pl: Plany}\n",
    )
    assert problems(small_project) == [
        "content/categories.yaml:2: error KB012: [0].names: no name for locale 'pl'",
        "content/categories.yaml:2: error KB007: [0].names.de: unknown locale 'de'; "
        "the site's locales are fr, pl",
    ]


def test_missing_content_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_knowledge_base(tmp_path / "content", LOCALES, tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "content: error KB001: the content folder does not exist"
    ]


def test_not_utf8(small_project: SmallProject) -> None:
    (small_project.root / "content/entries/latin1.yaml").write_bytes(
        "id: caf\xe9\n".encode("latin-1")
    )
    assert problems(small_project) == [
        "content/entries/latin1.yaml:1: error KB001: the file is not UTF-8 text (invalid continuation byte)"
    ]


def test_a_file_that_cannot_be_read(small_project: SmallProject) -> None:
    (small_project.root / "content/entries/folder.yaml").mkdir()
    (small_project.root / "content/entries/broken.yaml").symlink_to("nowhere.yaml")
    (small_project.root / "content/rules").mkdir(exist_ok=True)
    (small_project.root / "content/rules/plans.yaml").mkdir()
    assert problems(small_project) == [
        "content/entries/broken.yaml:1: error KB001: the file cannot be read (no such file or directory)",
        "content/entries/folder.yaml:1: error KB001: the file cannot be read (is a directory)",
        "content/rules/plans.yaml:1: error KB001: the file cannot be read (is a directory)",
    ]


def test_an_id_cannot_name_a_path_outside_the_output(small_project: SmallProject) -> None:
    for number, hostile in enumerate(["../../etc/passwd", "a/b", "/abs", "ok/..", "UPPER", "é"]):
        small_project.write(
            f"content/entries/hostile-{number}.yaml",
            FAQ.format(id=f'"{hostile}"', related="[]"),
        )
    found = problems(small_project)
    assert (
        len([p for p in found if "KB002: id: must be lowercase ASCII words joined by hyphens" in p])
        == 6
    )


def test_entry_links_in_table_cells_are_checked(small_project: SmallProject) -> None:
    text = FAQ.format(id="cells", related="[]") + textwrap.indent(
        "tables:\n  t:\n    columns: [A]\n    rows:\n      - ['[x](entry:nowhere)']\n", "    "
    )
    small_project.write("content/entries/cells.yaml", text)
    assert problems(small_project) == [
        "content/entries/cells.yaml:18:25: error KB004: translations.fr.tables.t.rows[0][0]: "
        "link to unknown entry 'nowhere'"
    ]
