from __future__ import annotations

import datetime as dt

import pytest

from kbgen.source import YamlSyntaxError, format_loc, parse_yaml


def test_lines_of_keys_and_items() -> None:
    doc = parse_yaml("id: a\ntags:\n  - x\n  - y\nupdated: 2026-11-22\n")
    assert doc.data == {"id": "a", "tags": ["x", "y"], "updated": dt.date(2026, 11, 22)}
    assert doc.lines[("tags",)] == 2
    assert doc.lines[("tags", 1)] == 4
    assert doc.line_of(("tags", 1, "missing")) == 4
    assert doc.line_of(("nowhere",)) == 1


def test_duplicate_keys_are_recorded_with_both_lines() -> None:
    doc = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert doc.duplicates == [(("a",), 3, 1)]


def test_syntax_error_names_the_line_where_the_construct_starts() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("id: x\ncategory: [licensing\n")
    assert caught.value.line == 3
    assert caught.value.message == (
        "did not find expected ',' or ']' (while parsing a flow sequence that starts at line 2)"
    )


def test_impossible_date_is_kept_as_text_for_the_schema_to_report() -> None:
    assert parse_yaml("updated: 2026-13-01\n").data == {"updated": "2026-13-01"}


def test_format_loc() -> None:
    assert (
        format_loc(("translations", "fr", "sections", 0, "body"))
        == "translations.fr.sections[0].body"
    )
