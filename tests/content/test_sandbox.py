"""Texts' templates run in a sandbox: `check` runs every one of them as a build would."""

from __future__ import annotations

import time

import pytest

from kbgen.content.templating import expand, template_problems
from tests.conftest import FAQ, SmallProject, run_kbgen

WHERE = "content/entries/hostile.yaml:12:7: error KB010: translations.fr.answer: "


def entry_with(answer: str) -> str:
    text = FAQ.format(id="hostile", related="[]")
    return text.replace(
        "      Vous êtes autorisé à réaliser une seule copie du logiciel à des fins d'archivage.\n",
        "".join(f"      {line}\n" for line in answer.splitlines()),
    )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("{{ config }}", "template error: unknown name 'config'; texts can use fact, range, table"),
        (
            "Un\n{{ ''.__class__.__mro__ }}",
            "template error: '.__mro__': texts cannot use attributes of values",
        ),
        (
            '{% include "/etc/passwd" %}',
            "template error: {% include %} is not available in texts",
        ),
        (
            "{% for i in range(10**9) %}x{% endfor %}",
            "template error: range() gives 1000000000 numbers; at most 1000",
        ),
        (
            "{{ 'a'*10**9 }}",
            "template error: the result of * would be larger than 100000 characters",
        ),
        (
            "{{ table }}",
            "template error: table is a function: call it, e.g. table(...)",
        ),
        (
            "{{ lipsum() }}",
            "template error: unknown name 'lipsum'; texts can use fact, range, table",
        ),
        (
            '{{ fact("a", "b") }}',
            'template error: fact() takes one argument, the id of a fact, e.g. fact("id")',
        ),
        ("{{ fact(", "template error: unexpected 'end of template'"),
        (
            "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
            "template error: {% macro %} is not available in texts",
        ),
        (
            "{{ 'x'|center(10**9) }}",
            "template error: unknown filter 'center'; texts may use "
            "abs, capitalize, d, default, int, length, lower, round, title, trim, upper",
        ),
        (
            "{% for i in range(1000) %}{{ 'a' * 999 }}{% endfor %}",
            "template error: the text would be longer than 100000 characters",
        ),
        (
            "{{ [1, 2] }}",
            "template error: {{ }} shows text or numbers, not a list",
        ),
    ],
)
def test_check_refuses_what_texts_cannot_do(
    small_project: SmallProject, answer: str, message: str
) -> None:
    small_project.write("content/entries/hostile.yaml", entry_with(answer))
    started = time.perf_counter()
    result = run_kbgen("check", cwd=small_project.root)
    assert time.perf_counter() - started < 20
    assert result.returncode == 1
    where = WHERE.replace(":12:", ":13:") if answer.startswith("Un\n") else WHERE
    assert result.stderr.splitlines() == [where + message, "Found 1 error(s) in the content."]


def test_build_refuses_a_text_and_keeps_the_last_site(small_project: SmallProject) -> None:
    site = small_project.root / "site"
    site.mkdir()
    (site / "kept.html").write_text("the last site", "utf-8")
    small_project.write("content/entries/hostile.yaml", entry_with("{{ ''.__class__ }}"))
    result = run_kbgen("build", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        WHERE + "template error: '.__class__': texts cannot use attributes of values",
        "Found 1 error(s) in the content.",
        "Nothing was built; the previous site is unchanged.",
    ]
    assert [p.name for p in site.iterdir()] == ["kept.html"]


def test_an_unknown_table_and_fact_are_named() -> None:
    problems = template_problems(
        '{{ table("prises") }}\n{{ fact("ppi_prise_home") }}',
        {"ppi_price_home": None, "ppi_price_business": None},
        ["prices"],
    )
    assert [(p.code, p.line, p.column) for p in problems] == [("KB011", 1, 0), ("KB109", 2, 0)]
    assert [(p.code, p.message) for p in problems] == [
        ("KB011", "unknown table 'prises'; this translation has prices"),
        (
            "KB109",
            "unknown fact 'ppi_prise_home'; did you mean 'ppi_price_home' or 'ppi_price_business'?",
        ),
    ]


def test_what_writers_use_still_works() -> None:
    text = '{% for i in range(2) %}{{ loop.index }}{% endfor %} {{ fact("p")|upper }} {{ 3 * 4 }}'
    assert expand(text, fact=lambda fact_id: "dix euros") == "12 DIX EUROS 12"
