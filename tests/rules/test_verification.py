"""The exhaustive verification: the shipped rules hold, and each kind of failure is reported."""

from __future__ import annotations

from kbgen.rules import RuleBook
from kbgen.rules.book import Answer
from kbgen.rules.evaluator import Result
from kbgen.rules.verification import cases, intervals_after
from tests.conftest import SmallProject
from tests.rules.demo import problems, write_demo


def test_shipped_rules_are_checked_once_for_every_locale(book: RuleBook) -> None:
    assert book.rule_count == 63
    assert book.locales == ("zh-TW", "zh-CN", "fr", "ro", "pl")
    assert {
        tag: (s.programme, s.rules, s.cases, s.combinations) for tag, s in book.stats.items()
    } == {
        "acronis": ("acronis", 43, 154, 20736),
        "microsoft": ("microsoft", 11, 54, 864),
        "symantec": ("symantec", 9, 7, 12),
    }


def test_the_quiz_is_the_same_in_every_locale_but_its_labels(book: RuleBook) -> None:
    quizzes = [book.for_locale(tag) for tag in book.locales]
    shapes = {
        tuple((q.id, tuple(q.choice_ids()), q.unit, q.cuts, q.offered) for q in quiz.questions)
        for quiz in quizzes
    }
    assert len(shapes) == 1
    assert all(quiz.rules == quizzes[0].rules for quiz in quizzes)
    labels = [quiz.question("acronis.region") for quiz in quizzes]
    assert [q.label if q else None for q in labels] == [
        "您的公司位於哪個地區?",
        "您的公司位于哪个地区？",
        "Dans quelle région votre entreprise se trouve-t-elle ?",
        "În ce regiune se află compania dumneavoastră?",
        "W jakim regionie znajduje się Twoja firma?",
    ]


def test_every_combination_of_answers_has_an_outcome_and_no_contradiction(
    book: RuleBook, every_combination: list[tuple[dict[str, Answer], Result]]
) -> None:
    rules = book.for_locale("fr")
    fired_somewhere: set[str] = set()
    for answers, result in every_combination:
        if not result.complete:
            # Only an answer that the chosen document does not offer leaves a question open.
            for missing in result.missing:
                question = rules.question(missing)
                assert question is not None
                assert answers[missing] not in question.offered_ids(result.answers), answers
            continue
        assert result.outcomes, answers
        assert not set(result.outcome_ids) & {o.id for o in result.refused}
        fired_somewhere.update(
            r.rule for o in (*result.outcomes, *result.refused) for r in o.reasons
        )
    assert {r.id for r in rules.rules} == fired_somewhere


def test_cases_split_numbers_at_every_threshold(book: RuleBook) -> None:
    rules = book.for_locale("zh-TW")
    days = rules.question("acronis.days_since_purchase")
    assert days is not None
    assert days.intervals() == [(0, 30), (31, 60), (61, None)]
    months = book.for_locale("pl").question("microsoft.months_since_purchase")
    assert months is not None and months.intervals() == [(0, 11), (12, None)]
    home = [
        case
        for case in cases(rules, "acronis")
        if case["acronis.document"] == "taiwan_2009" and case["acronis.product_line"] == "home"
    ]
    # Under the zh-TW FAQ, a home product's window is 30 days: the 60 days of a business in
    # Europe do not split its answers.
    assert len(home) == 5
    earlier = {k: v for k, v in home[0].items() if k != "acronis.days_since_purchase"}
    assert intervals_after(rules, days, earlier) == [(0, 30), (31, None)]
    business = {**earlier, "acronis.product_line": "business", "acronis.subscription": "none"}
    assert intervals_after(rules, days, business) == [(0, 60), (61, None)]


def test_kb105_a_combination_without_outcome(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        (
            "    when: {plan: gold}\n    grant: [free]",
            "    when: {plan: gold, days: {at_most: 10}}\n    grant: [free]",
        ),
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:46: error KB105: rules: no outcome when programme=demo, demo.plan=gold, demo.days=11+",
    ]


def test_kb106_an_outcome_granted_and_refused(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        (
            "    when: {plan: gold}\n    grant: [free]",
            "    when: {plan: gold}\n    grant: [free, paid]",
        ),
        extra="  - id: gold_not_paid\n    document: france\n    entry: software-copy\n"
        "    when: {plan: gold}\n    refuse: [paid]\n",
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:64: error KB106: rules[3]: outcome 'demo.paid' is granted by rule 'demo.gold_free' (content/rules/demo.yaml:47) and refused by rule 'demo.gold_not_paid' when programme=demo, demo.plan=gold",
    ]


def test_kb107_a_rule_that_never_fires(small_project: SmallProject) -> None:
    write_demo(
        small_project,
        extra="  - id: never\n    document: france\n    entry: software-copy\n"
        "    when: {plan: none, days: {at_least: 40, at_most: 20}}\n    grant: [paid]\n",
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:64: error KB107: rules[3]: rule 'demo.never' never fires: no combination of answers meets all its conditions",
    ]


def test_kb108_two_rules_give_different_details(small_project: SmallProject) -> None:
    price = (
        "  - id: demo_price_2\n    kind: money\n    values:\n      - locales: [fr]\n"
        '        entry: software-copy\n        value: [{amount: "6.00", currency: EUR}]\nrules:\n'
    )
    write_demo(
        small_project,
        ("rules:\n", price),
        extra="  - id: late_paid_again\n    document: france\n    entry: software-copy\n"
        "    when: {plan: none, days: {above: 60}}\n    grant: [paid]\n"
        "    details:\n      paid: {price: [demo_price_2]}\n",
    )
    assert problems(small_project) == [
        "content/rules/demo.yaml:70: error KB108: rules[3]: rules 'demo.late_paid' (content/rules/demo.yaml:63) and 'demo.late_paid_again' give outcome 'demo.paid' different price when programme=demo, demo.plan=none, demo.days=61+",
    ]
