"""``kbgen quiz`` as users run it: outcomes as text or JSON, clear errors, exit codes."""

from __future__ import annotations

import json

from tests.conftest import ROOT, SmallProject
from tests.helpers import kbgen

HOME_FR = [
    "programme=acronis",
    "acronis.document=canada_2011",
    "acronis.product_line=home",
    "acronis.request_type=technical",
    "acronis.product_version=current",
    "acronis.days_since_purchase=10",
]


def test_quiz_prints_the_outcomes_in_the_locales_language() -> None:
    result = kbgen("quiz", "--locale", "fr", *HOME_FR, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Support standard après l'achat (produits pour les particuliers)",
        "  Moyens de contact : chat en direct et e-mail",
        "  Validité : 30\xa0jours à compter de la date d'achat",
        "  Indiqué dans : J'utilise Acronis True Image Home, à quelles options de support "
        "puis-je avoir accès ? (fr/entries/home-user-support-options/) [acronis.fr_home_standard_30_days]",
        "Support Pay Per Incident (facturation à l'incident)",
        "  Moyens de contact : téléphone, chat en direct et e-mail",
        "  Prix : 20,00\xa0$US",
        "  Indiqué dans : J'utilise Acronis True Image Home, à quelles options de support "
        "puis-je avoir accès ? (fr/entries/home-user-support-options/) [acronis.fr_home_pay_per_incident]",
        "Libre-service",
        "  Moyens de contact : Base de connaissances et forum",
        "  Indiqué dans : Quelles sont les conditions requises pour bénéficier du support "
        "Acronis ? (fr/entries/support-options-eligibility/) [acronis.fr_home_self_service]",
    ]


def test_answers_to_questions_that_do_not_apply_are_ignored() -> None:
    plain = kbgen("quiz", "--locale", "fr", *HOME_FR, cwd=ROOT)
    extra = kbgen(
        "quiz",
        "--locale",
        "fr",
        *HOME_FR,
        "acronis.region=europe",
        "acronis.severity=A",
        "acronis.subscription=none",
        "microsoft.severity=A",
        cwd=ROOT,
    )
    assert extra.returncode == 0, extra.stderr
    assert extra.stdout == plain.stdout


def test_quiz_json() -> None:
    result = kbgen(
        "quiz",
        "--locale",
        "zh-TW",
        "--json",
        "programme=acronis",
        "acronis.document=taiwan_2009",
        "acronis.product_line=business",
        "acronis.subscription=advantage_standard",
        "acronis.product_version=current",
        "acronis.contact_time=night",
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    outcomes = json.loads(result.stdout)
    assert [o["id"] for o in outcomes] == [
        "acronis.upgrade_to_premier",
        "acronis.pay_per_incident",
        "acronis.wait_for_business_hours",
    ]
    ppi = outcomes[1]
    assert ppi["title"] == "按件計費支援 (PPI)"
    assert ppi["channels"] == []
    assert ppi["price"] == (
        "25% (單一授權費用的百分比) · "
        "US$20.00 (Snap Deploy Workstation 與 Acronis True Image Echo Workstation)"
    )
    assert ppi["reasons"] == [
        {
            "rule": "acronis.tw_standard_night",
            "entry": "standard-after-hours-failure",
            "title": "我有 Acronis Advantage Standard,我的系統在晚上突然故障了。我有哪些選項?",
            "path": "zh-TW/entries/standard-after-hours-failure/",
            "source": ppi["reasons"][0]["source"],
        }
    ]
    assert ppi["reasons"][0]["source"].startswith("content/rules/acronis.yaml:")
    assert outcomes[2]["hours"] == "上班時間"


def test_quiz_json_lists_channels() -> None:
    result = kbgen(
        "quiz",
        "-l",
        "zh-CN",
        "--json",
        "programme=acronis",
        "acronis.document=china_2011",
        "acronis.request_type=customer_service",
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    [outcome] = json.loads(result.stdout)
    assert outcome["id"] == "acronis.customer_service_free"
    assert outcome["channels"] == ["电子邮件", "实时答疑"]
    assert outcome["hours"] == "全天候"
    assert outcome["price"] == "免费"
    assert outcome["first_response"] == "电子邮件：1 个工作日 · 实时答疑：通常 2分钟"


def test_unknown_question() -> None:
    result = kbgen("quiz", "--locale", "ro", "programme=symantec", "need=updates", cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "Error: unknown question 'need'; the questions are: programme, acronis.document, "
    )
    assert result.stderr.endswith("symantec.deployment, symantec.contract_status, symantec.need\n")


def test_unknown_value() -> None:
    result = kbgen(
        "quiz",
        "--locale",
        "pl",
        "programme=microsoft",
        "microsoft.request_type=technical",
        "microsoft.severity=E",
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: unknown answer 'E' to 'microsoft.severity'; the answers are: A, B, C\n"
    )


def test_questions_still_to_answer() -> None:
    result = kbgen("quiz", "--locale", "zh-TW", cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: answer these questions too: programme (acronis, microsoft, symantec)\n"
    )
    result = kbgen("quiz", "--locale", "fr", *HOME_FR[:3], cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: answer these questions too: acronis.request_type (customer_service, technical, "
        "trial, recovery_problem); acronis.product_version (current, previous, older); "
        "acronis.days_since_purchase (a whole number of days)\n"
    )
    # Under the zh-CN handbook, a recovery problem is not offered.
    result = kbgen(
        "quiz",
        "--locale",
        "ro",
        "programme=acronis",
        "acronis.document=china_2011",
        "acronis.request_type=recovery_problem",
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        "Error: answer these questions too: acronis.request_type (customer_service, technical, "
        "trial); "
    )


def test_malformed_answers_and_numbers() -> None:
    result = kbgen("quiz", "--locale", "fr", "programme", cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == "Error: expected KEY=VALUE, not 'programme'\n"
    result = kbgen("quiz", "--locale", "fr", "acronis.days_since_purchase=soon", cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: 'acronis.days_since_purchase' takes a whole number of days from 0 to 999999, "
        "not 'soon'\n"
    )


def test_unknown_locale_and_missing_locale() -> None:
    result = kbgen("quiz", "--locale", "de", "x=y", cwd=ROOT)
    assert result.returncode == 1
    assert (
        result.stderr
        == "Error: unknown locale 'de'; the site's locales are zh-TW, zh-CN, fr, ro, pl\n"
    )
    result = kbgen("quiz", "product_line=home", cwd=ROOT)
    assert result.returncode == 1
    assert "Missing option '-l' / '--locale'" in result.stderr


def test_a_site_without_rules(small_project: SmallProject) -> None:
    result = kbgen("quiz", "--locale", "fr", "plan=gold", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr == "Error: this site has no rules (content/rules/)\n"


def test_the_same_quiz_in_every_locale(small_project: SmallProject) -> None:
    from tests.rules.demo import write_demo

    write_demo(small_project)
    for locale, title in (("fr", "Gratuit"), ("pl", "Bezpłatnie")):
        result = kbgen(
            "quiz", "--locale", locale, "programme=demo", "demo.plan=gold", cwd=small_project.root
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0] == title
