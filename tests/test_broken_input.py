"""No input, however broken, makes `check`, `build` or `serve` print a traceback.

A corpus of broken texts, YAML and rules goes through all three: each says where
(file, line, and the column inside a text) and what is wrong, exits with 1 (the
preview shows it in its banner), and `build` says exactly what `check` said.
"""

from __future__ import annotations

import pytest

from kbgen.build import load_project
from kbgen.preview import SitePreview, render_banner
from tests.conftest import FAQ, SmallProject, run_kbgen
from tests.rules.demo import DEMO

ENTRY = "content/entries/software-copy.yaml"
RULES = "content/rules/demo.yaml"
ANSWER = "Vous êtes autorisé à réaliser une seule copie du logiciel à des fins d'archivage."

#: (file, text replaced, replacement, the first line that check prints)
CORPUS = [
    (
        ENTRY,
        ANSWER,
        "Prix : {{ demo_price }}.",
        f"{ENTRY}:12:14: error KB010: translations.fr.answer: template error: unknown name "
        "'demo_price'; a fact is quoted with fact(\"demo_price\")",
    ),
    (
        ENTRY,
        ANSWER,
        "Un.\nPrix : {{ fact(demo_price) }}.",
        f"{ENTRY}:13:14: error KB010: translations.fr.answer: template error: fact() takes "
        'the id of a fact in quotes: fact("demo_price")',
    ),
    (
        ENTRY,
        ANSWER,
        'Prix : {{ Fact("x") }}.',
        f"{ENTRY}:12:14: error KB010: translations.fr.answer: template error: unknown name "
        "'Fact'; did you mean 'fact'?",
    ),
    (
        ENTRY,
        ANSWER,
        'Un.\nDeux.\nPrix : {{ fact("a", "x") }}.',
        f"{ENTRY}:14:14: error KB010: translations.fr.answer: template error: fact() takes one "
        'argument, the id of a fact, e.g. fact("id")',
    ),
    (
        ENTRY,
        ANSWER,
        'Un.\nPrix : {{ fact("demo_prise") }}, voir {{ fact("demo_window") }}.',
        f"{ENTRY}:13:14: error KB109: translations.fr.answer: unknown fact 'demo_prise'; "
        "did you mean 'demo_price'?",
    ),
    (
        ENTRY,
        ANSWER,
        "Un.\nVoir [ici](entry:software-cop).",
        f"{ENTRY}:13:24: error KB004: translations.fr.answer: link to unknown entry "
        "'software-cop'; did you mean 'software-copy'?",
    ),
    (
        ENTRY,
        ANSWER,
        "{{ fact(",
        f"{ENTRY}:13:14: error KB010: translations.fr.answer: "
        "template error: expected token ',', got ':'",
    ),
    (
        ENTRY,
        "    updated: 2026-11-22",
        "\tupdated: 2026-11-22",
        f"{ENTRY}:9: error KB001: a tab: YAML indents with spaces only; replace the tab with "
        "spaces (6 other problems follow from this one: references elsewhere to "
        "software-copy, declared in this file; fix this one first)",
    ),
    (
        ENTRY,
        "question: Puis-je faire une copie du logiciel ?",
        "question: Copie : est-ce permis ?",
        f"{ENTRY}:10: error KB001: a ': ' inside an unquoted value, which YAML reads as a new "
        'key: put the whole value in quotes, e.g. question: "Prix : combien ?" (6 other '
        "problems follow from this one: references elsewhere to software-copy, declared in "
        "this file; fix this one first)",
    ),
    (
        ENTRY,
        "question: Puis-je faire une copie du logiciel ?",
        "question: Puis-je faire une copie du logiciel #1 ?",
        f"{ENTRY}:10:51: error KB013: translations.fr.question: the text stops at 'logiciel': "
        "YAML reads ' #1 ?' as a comment. If it belongs to the text, put the whole text in "
        "quotes; if it is a comment, put it on a line of its own",
    ),
    (
        ENTRY,
        "updated: 2026-11-22",
        "updated: 22/11/2026",
        f"{ENTRY}:9: error KB002: translations.fr.updated: must be a date written YYYY-MM-DD, "
        "like 2026-11-22, not '22/11/2026' (6 other problems follow from this one: "
        "references elsewhere to software-copy, declared in this file; fix this one first)",
    ),
    (
        ENTRY,
        "category: licensing",
        "category: licencing",
        f"{ENTRY}:3: error KB005: category: unknown category 'licencing'; did you mean "
        "'licensing'? The categories are licensing, support-plans",
    ),
    (
        RULES,
        'amount: "5.00"',
        'amount: "5,00"',
        f"{RULES}:45: error KB002: facts[2].values[0].value[0].amount: must be a number "
        "written with a point and quoted, like \"9.95\", not '5,00' (1 other problem follows "
        "from this one: references elsewhere to demo_price, declared in this file; fix this "
        "one first)",
    ),
    (
        RULES,
        "unit: day}",
        "unit: days}",
        f"{RULES}:33: error KB002: facts[0].values[0].value.unit: must be 'minute', 'hour', "
        "'day', 'month', 'year', 'business_hour' or 'business_day', not 'days'; did you mean "
        "'day'? (1 other problem follows from this one: references elsewhere to demo_price, "
        "declared in this file; fix this one first)",
    ),
    (
        RULES,
        "currency: EUR",
        "currency: eur",
        f"{RULES}:45: error KB002: facts[2].values[0].value[0].currency: must be a currency "
        "code of three capital letters, like USD or EUR, not 'eur' (1 other problem follows "
        "from this one: references elsewhere to demo_price, declared in this file; fix this "
        "one first)",
    ),
]


def broken_project(project: SmallProject, path: str, old: str, new: str) -> None:
    """The small project with the demo rules, a text that quotes a fact, and one change."""
    entry = FAQ.format(id="software-copy", related="[]").replace(
        ANSWER + "\n", ANSWER + '\n      Prix : {{ fact("demo_price") }}.\n'
    )
    files = {ENTRY: entry, RULES: DEMO}
    assert old in files[path], old
    if old == ANSWER:
        new = "\n      ".join(new.splitlines())
    files[path] = files[path].replace(old, new, 1)
    for name, content in files.items():
        small = project.root / name
        small.parent.mkdir(parents=True, exist_ok=True)
        small.write_text(content, "utf-8")


@pytest.mark.parametrize(("path", "old", "new", "message"), CORPUS)
def test_check_build_and_serve_say_where_and_what(
    small_project: SmallProject, path: str, old: str, new: str, message: str
) -> None:
    broken_project(small_project, path, old, new)
    check = run_kbgen("check", cwd=small_project.root)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0] == message
    build = run_kbgen("build", cwd=small_project.root)
    assert build.returncode == 1
    assert build.stderr.splitlines()[:-2] == check.stderr.splitlines()[:-1]
    assert build.stderr.splitlines()[-1] == "Nothing was built; the previous site is unchanged."
    preview = SitePreview(load_project(small_project.config_file), small_project.root / "preview")
    outcome = preview.build()
    assert outcome.report is None
    assert outcome.problems[0] == message
    assert message.replace("'", "&#x27;").replace('"', "&quot;") in render_banner(outcome.problems)
