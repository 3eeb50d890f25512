"""Problems in the rules, and in the facts that texts quote: file, line, key, code, message."""

from __future__ import annotations

import json

import jsonschema
import yaml

from kbgen.project import load_knowledge_base
from kbgen.schema import SCHEMA_DIR
from tests.conftest import FAQ, ROOT, SmallProject
from tests.rules.demo import DEMO, problems, write_demo

PRICE_ANSWER = FAQ.format(id="price", related="[]").replace(
    "à des fins d'archivage.", 'pour {{ fact("demo_price") }}.'
)


def test_the_demo_programme_loads(small_project: SmallProject) -> None:
    write_demo(small_project)
    kb = load_knowledge_base(small_project.root / "content", ("fr", "pl"), small_project.root)
    assert kb.rules is not None
    assert list(kb.rules.programmes) == ["demo"]
    assert kb.rules.stats["demo"].cases == 3


def test_a_project_without_rules_has_none(small_project: SmallProject) -> None:
    kb = load_knowledge_base(small_project.root / "content", ("fr", "pl"), small_project.root)
    assert kb.rules is None


def test_kb101_references_that_do_not_exist(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        ("    when: {plan: gold}\n", "    when: {plan: platinum, colour: red}\n"),
        ("    grant: [paid]\n", "    grant: [unpaid]\n"),
        ("      channels: demo_channels", "      channels: demo_chanels"),
        ("        value: [email]", "        value: [fax]"),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:24: error KB101: outcomes[0].details.channels: unknown fact 'demo_chanels'",
        "content/rules/demo.yaml:39: error KB101: facts[1].values[0].value[0]: unknown channel 'fax'",
        "content/rules/demo.yaml:50: error KB101: rules[0].when.colour: unknown question 'colour'",
        "content/rules/demo.yaml:50: error KB101: rules[0].when.plan: question 'plan' has no answer 'platinum'; its answers are none, gold",
        "content/rules/demo.yaml:61: error KB101: rules[2].grant[0]: unknown outcome 'unpaid'",
        "content/rules/demo.yaml:63: error KB002: rules[2].details.paid: details for outcome 'paid', which this rule does not grant",
    ]


def test_kb102_entries_that_do_not_exist_or_are_not_translated(small_project: SmallProject) -> None:
    # A second document, in Polish: the entry exists in fr only.
    write_demo(
        small_project,
        (
            "  france: {locale: fr}\n",
            "  france: {locale: fr, label: {fr: France, pl: Francja}}\n"
            "  poland: {locale: pl, label: {fr: Pologne, pl: Polska}}\n",
        ),
        ("  - id: gold_free\n    document: france", "  - id: gold_free\n    document: poland"),
        (
            "  - id: late_paid\n    document: france\n    entry: software-copy",
            "  - id: late_paid\n    document: france\n    entry: software-kopy",
        ),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:50: error KB102: rules[0].entry: entry 'software-copy' has no 'pl' translation to state this in that locale",
        "content/rules/demo.yaml:60: error KB102: rules[2].entry: unknown entry 'software-kopy'",
    ]


def test_kb101_documents_that_do_not_exist_and_answers_they_do_not_offer(
    small_project: SmallProject,
) -> None:
    write_demo(
        small_project,
        (
            "  france: {locale: fr}\n",
            "  france: {locale: fr, label: {fr: France, pl: Francja}}\n"
            "  belgium: {locale: fr, label: {fr: Belgique, pl: Belgia}}\n",
        ),
        ("      - id: gold\n", "      - id: gold\n        documents: [belgium, spain]\n"),
        ("  - id: recent_free\n    document: france", "  - id: recent_free\n    document: monaco"),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:13: error KB002: questions[0].choices: question 'plan' offers fewer than two answers under document 'france'",
        "content/rules/demo.yaml:17: error KB101: questions[0].choices[1].documents[1]: unknown document 'spain'; the documents are france, belgium",
        "content/rules/demo.yaml:52: error KB101: rules[0].when.plan: answer 'gold' to 'plan' is not offered under document 'france'",
        "content/rules/demo.yaml:55: error KB101: rules[1].document: unknown document 'monaco'; the documents are france, belgium",
    ]


def test_kb104_labels_missing_in_a_locale_of_the_site(small_project: SmallProject) -> None:
    write_demo(
        small_project, ("    title: {fr: Payant, pl: Płatnie}", "    title: {fr: Payant, en: Paid}")
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:26: error KB104: outcomes[1].title: no label for locale 'pl'",
        "content/rules/demo.yaml:26: error KB007: outcomes[1].title.en: unknown locale 'en'; the site's locales are fr, pl",
    ]


def test_several_documents_need_a_label_each(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        ("  france: {locale: fr}\n", "  france: {locale: fr}\n  poland: {locale: pl}\n"),
    )
    assert problems(small_project)[:2] == [
        "content/rules/demo.yaml:5: error KB104: documents.france.label: no label for locale 'fr'",
        "content/rules/demo.yaml:5: error KB104: documents.france.label: no label for locale 'pl'",
    ]


def test_a_document_locale_must_be_a_site_locale(small_project: SmallProject) -> None:
    write_demo(small_project, ("  france: {locale: fr}\n", "  france: {locale: de}\n"))
    assert problems(small_project)[:1] == [
        "content/rules/demo.yaml:5: error KB007: documents.france.locale: unknown locale 'de'; the site's locales are fr, pl",
    ]


def test_kb109_a_text_quotes_a_fact_that_does_not_exist(small_project: SmallProject) -> None:
    write_demo(small_project)
    small_project.write(
        "content/entries/price.yaml", PRICE_ANSWER.replace("demo_price", "demo_prize")
    )
    assert problems(small_project) == [
        "content/entries/price.yaml:12:70: error KB109: translations.fr.answer: unknown fact 'demo_prize'; did you mean 'demo_price'?",
    ]


def test_kb109_a_text_quotes_a_fact_in_a_site_without_rules(small_project: SmallProject) -> None:
    small_project.write("content/entries/price.yaml", PRICE_ANSWER)
    assert problems(small_project) == [
        "content/entries/price.yaml:12:70: error KB109: translations.fr.answer: unknown fact 'demo_price' (there is no content/rules/ folder)",
    ]


def test_kb110_a_text_quotes_a_fact_its_locale_does_not_state(small_project: SmallProject) -> None:
    """An original (not a translation of the fr text, which may quote fr's facts)."""
    write_demo(small_project)
    polish = (
        "  pl:\n    updated: 2026-11-22\n    independent: true\n    question: Czy mogę zrobić kopię?\n"
        '    answer: |\n      Tak, za {{ fact("demo_price") }}.\n'
    )
    small_project.write("content/entries/price.yaml", PRICE_ANSWER + polish)
    assert problems(small_project) == [
        "content/entries/price.yaml:19:15: error KB110: translations.pl.answer: fact 'demo_price' is not stated for locale 'pl' (only for fr)",
    ]


def test_kb109_table_cells_are_checked_too(small_project: SmallProject) -> None:
    write_demo(small_project)
    table = (
        "    tables:\n      prices:\n        columns: [Offre, Prix]\n"
        "        rows:\n          - [Copie, '{{ fact(\"demo_prise\") }}']\n"
    )
    small_project.write("content/entries/price.yaml", PRICE_ANSWER + table)
    assert problems(small_project) == [
        "content/entries/price.yaml:18:22: error KB109: translations.fr.tables.prices.rows[0][1]: unknown fact 'demo_prise'; did you mean 'demo_price'?",
    ]


def test_kb111_facts_of_the_wrong_kind(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        (
            "    when: {plan: none, days: {at_most: demo_window}}",
            "    when: {plan: none, days: {at_most: demo_price}}",
        ),
        ("      channels: demo_channels", "      channels: demo_window"),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:24: error KB111: outcomes[0].details.channels: fact 'demo_window' is duration; channels takes channels",
        "content/rules/demo.yaml:55: error KB111: rules[1].when.days.at_most: fact 'demo_price' is money, not a duration",
    ]


def test_kb112_two_values_for_one_locale(small_project: SmallProject) -> None:
    value = "      - locales: [fr]\n        entry: software-copy\n        value: [email]"
    write_demo(small_project, (value, value + "\n" + value))
    assert problems(small_project) == [
        "content/rules/demo.yaml:40: error KB112: facts[1].values[1].locales: fact 'demo_channels' already has a value for locale 'fr' (values[0])",
    ]


def test_two_programmes_make_one_quiz(small_project: SmallProject) -> None:
    write_demo(small_project)
    other = DEMO.replace("id: demo\n", "id: other\n").replace("demo_", "other_")
    small_project.write("content/rules/other.yaml", other)
    kb = load_knowledge_base(small_project.root / "content", ("fr", "pl"), small_project.root)
    assert kb.rules is not None
    quiz = kb.rules.for_locale("pl")
    assert [q.id for q in quiz.questions] == [
        "programme",
        "demo.plan",
        "demo.days",
        "other.plan",
        "other.days",
    ]
    assert quiz.questions[0].choices == (("demo", "Demo"), ("other", "Demo"))
    assert {k: (s.rules, s.cases) for k, s in kb.rules.stats.items()} == {
        "demo": (3, 3),
        "other": (3, 3),
    }


def test_schema_problems_with_their_lines(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        ("  - id: gold_free\n", "  - id: Gold-Free\n    colour: red\n"),
        ("    unit: day\n", "    unit: week\n"),
        ("        value: {amount: 30, unit: day}", "        value: {amount: 30, unit: fortnight}"),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:18: error KB002: questions[1].unit: must be 'day' or 'month', not 'week'",
        "content/rules/demo.yaml:33: error KB002: facts[0].values[0].value.unit: must be 'minute', 'hour', 'day', 'month', 'year', 'business_hour' or 'business_day', not 'fortnight'",
        "content/rules/demo.yaml:47: error KB002: rules[0].id: must be lowercase ASCII words joined by underscores, like ppi_price_home, not 'Gold-Free'",
        "content/rules/demo.yaml:48: error KB002: rules[0].colour: unknown key; "
        "the keys here are details, document, entry, grant, id, refuse, when",
    ]


def test_conditions_must_fit_their_question(small_project: SmallProject) -> None:
    write_demo(
        small_project, ("    when: {plan: gold}\n", "    when: {plan: {at_least: 3}, days: gold}\n")
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:50: error KB002: rules[0].when.days: question 'days' takes a number: give at_most, below, at_least or above",
        "content/rules/demo.yaml:50: error KB002: rules[0].when.plan: question 'plan' takes one of its answers, not number bounds",
    ]


def test_yaml_errors_duplicates_and_duplicate_ids(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        ("  - id: paid\n", "  - id: free\n"),
        (
            "    title: {fr: Gratuit, pl: Bezpłatnie}\n",
            "    title: {fr: Gratuit, pl: Bezpłatnie}\n    title: {fr: Libre, pl: Wolne}\n",
        ),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:23: error KB008: outcomes[0].title: duplicate key (first at line 22)",
        "content/rules/demo.yaml:26: error KB003: outcomes[1].id: duplicate outcome id 'free'",
        "content/rules/demo.yaml:62: error KB101: rules[2].grant[0]: unknown outcome 'paid'",
    ]
    write_demo(small_project, ("  france: {locale: fr}", "  france: {locale: [fr}"))
    assert problems(small_project) == [
        "content/rules/demo.yaml:5: error KB001: did not find expected ',' or ']' (while parsing a flow sequence)",
    ]


def test_committed_json_schema_validates_the_shipped_rules() -> None:
    schema = json.loads((SCHEMA_DIR / "rules.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    files = sorted((ROOT / "content" / "rules").glob("*.yaml"))
    assert [path.name for path in files] == ["acronis.yaml", "microsoft.yaml", "symantec.yaml"]
    for path in files:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        assert not list(validator.iter_errors(data)), path


def test_the_quiz_keeps_its_own_question_ids(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        ("id: demo\n", "id: programme\n"),
        ("  - id: days\n", "  - id: document\n"),
        ("days: {at_most: demo_window}", "document: {at_most: demo_window}"),
        ("days: {above: demo_window}", "document: {above: demo_window}"),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:2: error KB002: id: programme id 'programme' is the quiz's own first question",
        "content/rules/demo.yaml:17: error KB002: questions[1].id: question id 'document' is the quiz's own question of which document applies",
    ]
