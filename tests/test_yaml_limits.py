"""YAML input is bounded: alias bombs, unknown tags and invalid UTF-8 are errors with a line."""

from __future__ import annotations

import time

import pytest

from kbgen.source import MAX_VALUES, YamlSyntaxError, parse_yaml
from tests.conftest import CATEGORIES, FAQ, SmallProject, run_kbgen


def bomb(levels: int = 9) -> str:
    """A billion laughs: each level repeats the one before nine times."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        items = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{items}]")
    return "\n".join(lines) + "\n"


EXPANDS = f"this value expands (through its aliases) to more than {MAX_VALUES} values"


def test_an_alias_bomb_is_refused_in_well_under_a_second() -> None:
    started = time.perf_counter()
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(bomb())
    assert time.perf_counter() - started < 1
    assert (raised.value.line, raised.value.message) == (6, EXPANDS)


def test_aliases_within_the_budget_still_work() -> None:
    assert parse_yaml("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_an_alias_bomb_in_an_entry_is_an_error(small_project: SmallProject) -> None:
    entry = FAQ.format(id="software-copy", related="[]") + bomb()
    small_project.write("content/entries/software-copy.yaml", entry)
    started = time.perf_counter()
    result = run_kbgen("check", cwd=small_project.root)
    assert time.perf_counter() - started < 20
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"content/entries/software-copy.yaml:19: error KB001: {EXPANDS}",
        "Found 1 error(s) in the content.",
    ]


def test_an_alias_bomb_in_the_categories_stops_the_build(small_project: SmallProject) -> None:
    site = small_project.root / "site"
    site.mkdir()
    (site / "kept.html").write_text("the last site", "utf-8")
    categories = bomb().replace("lol0: ", "- id: x\n  lol0: ").replace("\nlol", "\n  lol")
    small_project.write("content/categories.yaml", CATEGORIES + categories)
    result = run_kbgen("build", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        # Without its categories, the entry's is unknown: that follows from this error.
        f"content/categories.yaml:11: error KB001: {EXPANDS} (1 other problem follows from "
        "this one: references elsewhere to licensing, declared in this file; fix this one first)",
        "Found 1 error(s) in the content.",
        "Nothing was built; the previous site is unchanged.",
    ]
    assert [p.name for p in site.iterdir()] == ["kept.html"]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
        ("!secret x", "!secret"),
    ],
)
def test_an_unknown_tag_is_an_error(small_project: SmallProject, value: str, tag: str) -> None:
    entry = FAQ.format(id="software-copy", related="[]").replace(
        "keywords: [copie, sauvegarde]", f"keywords: {value}"
    )
    small_project.write("content/entries/software-copy.yaml", entry)
    result = run_kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"content/entries/software-copy.yaml:13: error KB001: unknown tag {tag!r}: "
        "content is plain YAML",
        "Found 1 error(s) in the content.",
    ]


def test_invalid_utf8_is_reported_at_its_line(small_project: SmallProject) -> None:
    path = small_project.root / "content/entries/software-copy.yaml"
    path.write_bytes(path.read_bytes().replace("réaliser".encode(), b"r\xe9aliser"))
    result = run_kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/entries/software-copy.yaml:12: error KB001: "
        "the file is not UTF-8 text (invalid continuation byte)",
        "Found 1 error(s) in the content.",
    ]
