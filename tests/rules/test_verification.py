"""The exhaustive verification: the shipped rules hold, and each kind of failure is reported."""

from __future__ import annotations

from kbgen.rules import RuleBook, evaluate
from kbgen.rules.verification import cases, combinations
from tests.conftest import SmallProject
from tests.rules.demo import problems, write_demo


def test_shipped_rules_are_checked_in_every_locale(book: RuleBook) -> None:
    assert book.rule_count == 63
    assert {
        tag: (s.programme, s.rules, s.cases, s.combinations) for tag, s in book.stats.items()
    } == {
        "zh-TW": ("acronis", 14, 44, 1728),
        "zh-CN": ("acronis", 10, 30, 216),
        "fr": ("acronis", 19, 86, 2304),
        "pl": ("microsoft", 11, 54, 864),
        "ro": ("symantec", 9, 7, 12),
    }


def test_every_combination_of_answers_has_an_outcome_and_no_contradiction(book: RuleBook) -> None:
    for locale in ("zh-TW", "zh-CN", "fr", "ro", "pl"):
        rules = book.for_locale(locale)
        fired_somewhere: set[str] = set()
        for answers in combinations(rules, both_ends=True):
            result = evaluate(book, locale, answers)
            assert result.complete, (locale, answers)
            assert result.outcomes, (locale, answers)
            assert not set(result.outcome_ids) & {o.id for o in result.refused}
            fired_somewhere.update(
                r.rule for o in (*result.outcomes, *result.refused) for r in o.reasons
            )
        only_details = {r.id for r in rules.rules if not r.grant}
        assert {r.id for r in rules.rules} - only_details <= fired_somewhere


def test_cases_split_numbers_at_every_threshold(book: RuleBook) -> None:
    rules = book.for_locale("zh-TW")
    days = rules.question("days_since_purchase")
    assert days is not None
    assert days.intervals() == [(0, 30), (31, 60), (61, None)]
    months = book.for_locale("pl").question("months_since_purchase")
    assert months is not None and months.intervals() == [(0, 11), (12, None)]
    home = [case for case in cases(rules) if case["product_line"] == "home"]
    assert len(home) == 7


def test_kb105_a_combination_without_outcome(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        (
            "    when: {plan: gold}\n    grant: [free]",
            "    when: {plan: gold, days: {at_most: 10}}\n    grant: [free]",
        ),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:46: error KB105: rules: no outcome in locale fr when plan=gold, days=11-30",
        "content/rules/demo.yaml:46: error KB105: rules: no outcome in locale fr when plan=gold, days=31+",
    ]


def test_kb106_an_outcome_granted_and_refused(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        (
            "    when: {plan: gold}\n    grant: [free]",
            "    when: {plan: gold}\n    grant: [free, paid]",
        ),
        extra="  - id: gold_not_paid\n    locales: [fr]\n    entry: software-copy\n"
        "    when: {plan: gold}\n    refuse: [paid]\n",
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:64: error KB106: rules[3]: outcome 'paid' is granted by rule 'gold_free' (content/rules/demo.yaml:47) and refused by rule 'gold_not_paid' in locale fr when plan=gold",
    ]


def test_kb107_a_rule_that_never_fires(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        extra="  - id: never\n    locales: [fr]\n    entry: software-copy\n"
        "    when: {plan: none, days: {at_least: 40, at_most: 20}}\n    grant: [paid]\n",
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:64: error KB107: rules[3]: rule 'never' never fires in locale fr: no combination of answers meets all its conditions",
    ]


def test_kb108_two_rules_give_different_details(small_project: SmallProject) -> None:
    price = (
        "  - id: demo_price_2\n    kind: money\n    values:\n      - locales: [fr]\n"
        '        entry: software-copy\n        value: [{amount: "6.00", currency: EUR}]\nrules:\n'
    )
    write_demo(
        small_project,
        ("rules:\n", price),
        extra="  - id: late_paid_again\n    locales: [fr]\n    entry: software-copy\n"
        "    when: {plan: none, days: {above: 60}}\n    grant: [paid]\n"
        "    details:\n      paid: {price: [demo_price_2]}\n",
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:70: error KB108: rules[3]: rules 'late_paid' (content/rules/demo.yaml:63) and 'late_paid_again' give outcome 'paid' different price in locale fr when plan=none, days=61+",
    ]
