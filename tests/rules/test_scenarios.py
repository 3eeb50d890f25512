"""Scenarios written from the source documents: for these answers, exactly these outcomes,
in every locale (the quiz is the same in all of them)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from kbgen.i18n import load_translations
from kbgen.rules import AnswerError, FactFormatter, RuleBook, evaluate
from kbgen.rules.evaluator import Result
from tests.conftest import ROOT
from tests.rules.conftest import LOCALES

#: The source documents by their locale: the programme and the answer that chooses them.
DOCUMENTS = {
    "zh-TW": ("acronis", "taiwan_2009"),
    "fr": ("acronis", "canada_2011"),
    "zh-CN": ("acronis", "china_2011"),
    "ro": ("symantec", None),
    "pl": ("microsoft", None),
}


def quiz_answers(document: str, answers: Mapping[str, object]) -> dict[str, object]:
    """The quiz's answers for a programme's answers under the document of ``document``."""
    programme, chosen = DOCUMENTS[document]
    result: dict[str, object] = {"programme": programme}
    if chosen is not None:
        result[f"{programme}.document"] = chosen
    result.update({f"{programme}.{key}": value for key, value in answers.items()})
    return result


def ask(book: RuleBook, document: str, answers: Mapping[str, object], reader: str = "") -> Result:
    """The quiz in ``reader``'s locale (by default the document's), answered."""
    return evaluate(book, reader or document, quiz_answers(document, answers))


def local(ids: list[str]) -> list[str]:
    """Outcome ids without their programme's."""
    return [i.partition(".")[2] for i in ids]


# (document's locale, answers, outcomes, refused); each comment says what the document states.
SCENARIOS = [
    # zh-TW 000: home products bought in the last 30 days get standard support; PPI for all.
    (
        "zh-TW",
        {"product_line": "home", "product_version": "current", "days_since_purchase": 10},
        ["standard_30d_home", "pay_per_incident"],
        [],
    ),
    (
        "zh-TW",
        {"product_line": "home", "product_version": "current", "days_since_purchase": 31},
        ["pay_per_incident"],
        [],
    ),
    # fr 002: home and home-office products, 30 days from the purchase, PPI, knowledge base.
    (
        "fr",
        {
            "product_line": "home",
            "request_type": "technical",
            "product_version": "previous",
            "days_since_purchase": 30,
        },
        ["standard_30d_home", "pay_per_incident", "self_service"],
        [],
    ),
    # zh-TW 000: European business customers who bought in the last 60 days.
    (
        "zh-TW",
        {
            "product_line": "business",
            "subscription": "none",
            "product_version": "current",
            "days_since_purchase": 60,
            "region": "europe",
        },
        ["standard_60d_eu_business", "buy_advantage", "pay_per_incident"],
        [],
    ),
    # ... other regions depend on their Advantage contract: no free standard support.
    (
        "zh-TW",
        {
            "product_line": "business",
            "subscription": "none",
            "product_version": "current",
            "days_since_purchase": 10,
            "region": "other",
        },
        ["buy_advantage", "pay_per_incident"],
        [],
    ),
    # zh-TW 000: OEM and custom products, pay-per-incident at their own price.
    ("zh-TW", {"product_line": "oem", "product_version": "current"}, ["pay_per_incident"], []),
    # fr 002: OEM products (except FlexDock) can buy a single-incident licence.
    (
        "fr",
        {"product_line": "oem", "request_type": "technical", "product_version": "current"},
        ["pay_per_incident", "self_service"],
        [],
    ),
    # zh-TW 000: an expiring contract: a new Advantage subscription or single-incident support.
    (
        "zh-TW",
        {"product_line": "business", "subscription": "expired", "product_version": "current"},
        ["buy_advantage", "pay_per_incident"],
        [],
    ),
    # fr 002: expired: renew, pay per incident, or the knowledge base.
    (
        "fr",
        {
            "product_line": "business",
            "request_type": "technical",
            "subscription": "expired",
            "product_version": "current",
        },
        ["buy_advantage", "pay_per_incident", "self_service"],
        [],
    ),
    # zh-TW 000: Advantage Standard, system down at night: upgrade, PPI or wait.
    (
        "zh-TW",
        {
            "product_line": "business",
            "subscription": "advantage_standard",
            "product_version": "current",
            "contact_time": "night",
        },
        ["upgrade_to_premier", "pay_per_incident", "wait_for_business_hours"],
        ["advantage_standard"],
    ),
    # fr 002: Standard is open 8:00 to 20:00 EST on weekdays; no PPI with a valid subscription.
    (
        "fr",
        {
            "product_line": "business",
            "request_type": "technical",
            "subscription": "advantage_standard",
            "product_version": "current",
            "contact_time": "night",
        },
        ["wait_for_business_hours"],
        ["advantage_standard"],
    ),
    # fr 002: Premier is 24/7; outside office hours, in English only.
    (
        "fr",
        {
            "product_line": "business",
            "request_type": "technical",
            "subscription": "advantage_premier",
            "product_version": "current",
            "contact_time": "night",
            "severity": "A",
        },
        ["advantage_premier"],
        [],
    ),
    # zh-TW 000: older versions: the knowledge base; "best effort" under maintenance.
    (
        "zh-TW",
        {
            "product_line": "business",
            "subscription": "advantage_standard",
            "product_version": "older",
        },
        ["self_service", "best_effort_old_version"],
        ["pay_per_incident"],
    ),
    # fr 002: older versions: knowledge base and forum only.
    (
        "fr",
        {"product_line": "home", "request_type": "technical", "product_version": "older"},
        ["self_service"],
        ["standard_30d_home", "pay_per_incident"],
    ),
    # zh-CN 001 Table A: only the current and previous versions are supported, Premier too.
    (
        "zh-CN",
        {
            "request_type": "technical",
            "subscription": "advantage_premier",
            "product_version": "older",
        },
        ["self_service"],
        ["advantage_premier", "pay_per_incident"],
    ),
    # zh-CN 001: no subscription: per-incident support, and the self-service options.
    (
        "zh-CN",
        {
            "request_type": "technical",
            "subscription": "none",
            "product_version": "current",
            "severity": "B",
        },
        ["pay_per_incident", "self_service"],
        [],
    ),
    # fr 002 and zh-CN 001: trial support is free; zh-CN's only in business hours.
    ("fr", {"product_line": "business", "request_type": "trial"}, ["trial_support_free"], []),
    (
        "zh-CN",
        {"request_type": "trial", "contact_time": "night"},
        ["trial_support_free", "wait_for_business_hours"],
        [],
    ),
    # fr 002: recovery problems of home products: free assistance.
    (
        "fr",
        {"product_line": "home", "request_type": "recovery_problem"},
        ["recovery_assistance_free"],
        [],
    ),
    # fr 002 and zh-CN 001: customer service questions are free.
    (
        "fr",
        {"product_line": "oem", "request_type": "customer_service"},
        ["customer_service_free"],
        [],
    ),
    ("zh-CN", {"request_type": "customer_service"}, ["customer_service_free"], []),
    # pl 004: severities and their response times; lifecycle; what is not covered; 5-packs.
    (
        "pl",
        {
            "request_type": "technical",
            "lifecycle": "extended",
            "severity": "A",
            "handling": "around_the_clock",
            "incident_purchase": "single_incident",
        },
        ["professional_incident"],
        [],
    ),
    (
        "pl",
        {"request_type": "technical", "lifecycle": "ended"},
        ["not_covered"],
        ["professional_incident"],
    ),
    ("pl", {"request_type": "onsite_support"}, ["not_covered"], ["professional_incident"]),
    (
        "pl",
        {
            "request_type": "technical",
            "lifecycle": "mainstream",
            "severity": "C",
            "handling": "business_hours",
            "incident_purchase": "five_pack",
            "months_since_purchase": 11,
            "purchaser_account": "unavailable",
        },
        ["professional_incident", "five_pack_incident", "five_pack_order_number"],
        [],
    ),
    (
        "pl",
        {
            "request_type": "technical",
            "lifecycle": "mainstream",
            "severity": "B",
            "handling": "business_hours",
            "incident_purchase": "five_pack",
            "months_since_purchase": 12,
        },
        ["professional_incident", "five_pack_expired"],
        ["five_pack_incident"],
    ),
    # ro 003: renewing keeps updates and support; not renewing loses them.
    (
        "ro",
        {"deployment": "on_premises", "contract_status": "active", "need": "updates"},
        ["renew_before_expiry", "software_updates"],
        [],
    ),
    (
        "ro",
        {"deployment": "on_premises", "contract_status": "not_renewed", "need": "latest_version"},
        ["buy_new_license"],
        ["free_version_upgrade"],
    ),
    (
        "ro",
        {
            "deployment": "on_premises",
            "contract_status": "not_renewed",
            "need": "technical_support",
        },
        ["no_technical_support"],
        ["technical_support"],
    ),
    ("ro", {"deployment": "cloud"}, ["cloud_license_renewal"], []),
]


@pytest.mark.parametrize(("document", "answers", "outcomes", "refused"), SCENARIOS)
def test_scenario(
    book: RuleBook,
    document: str,
    answers: dict[str, object],
    outcomes: list[str],
    refused: list[str],
) -> None:
    for reader in LOCALES:
        result = ask(book, document, answers, reader)
        assert result.complete, reader
        assert local(result.outcome_ids) == outcomes, reader
        assert local([o.id for o in result.refused]) == refused, reader


def details(
    book: RuleBook, locale: str, answers: dict[str, object], outcome: str, reader: str = ""
) -> dict[str, str]:
    """An outcome's details under the document of ``locale``, as ``reader`` reads them."""
    result = ask(book, locale, answers, reader)
    programme = DOCUMENTS[locale][0]
    found = next(o for o in result.outcomes if o.id == f"{programme}.{outcome}")
    assert found.scope == locale
    reader = reader or locale
    translations = load_translations(ROOT / "locales", reader)
    return FactFormatter(book, reader, translations, scope=found.scope).details(found.details)


def test_each_locale_shows_its_own_price_of_pay_per_incident(book: RuleBook) -> None:
    home = {"product_line": "home", "product_version": "current", "days_since_purchase": 40}
    assert details(book, "zh-TW", home, "pay_per_incident") == {"price": "US$9.95或€11.95"}
    home_fr = {**home, "request_type": "technical"}
    assert details(book, "fr", home_fr, "pay_per_incident") == {
        "channels": "téléphone, chat en direct et e-mail",
        "price": "20,00\xa0$US",
    }
    oem = {"product_line": "oem", "product_version": "current"}
    assert details(book, "zh-TW", oem, "pay_per_incident") == {"price": "US$29.95"}
    business = {"product_line": "business", "subscription": "expired", "product_version": "current"}
    assert details(book, "zh-TW", business, "pay_per_incident") == {
        "price": "25% (單一授權費用的百分比) · "
        "US$20.00 (Snap Deploy Workstation 與 Acronis True Image Echo Workstation)"
    }


def test_each_locale_shows_its_own_hours_and_first_response_of_advantage(book: RuleBook) -> None:
    standard = {
        "product_line": "business",
        "request_type": "technical",
        "subscription": "advantage_standard",
        "product_version": "current",
        "contact_time": "business_hours",
        "severity": "A",
    }
    assert details(book, "fr", standard, "advantage_standard") == {
        "channels": "chat en direct, e-mail et téléphone",
        "hours": "12\xa0heures par jour et 5\xa0jours par semaine, du lundi au vendredi, "
        "de 08:00 à 20:00 (EST)",
        "first_response": "1 jour ouvré",
    }
    standard_tw = {k: v for k, v in standard.items() if k != "request_type"}
    assert details(book, "zh-TW", standard_tw, "advantage_standard") == {
        "channels": "即時交談、電子郵件和電話",
        "hours": "上班時間",
        "first_response": "1 個工作天",
    }
    premier = {**standard, "subscription": "advantage_premier", "contact_time": "night"}
    assert details(book, "fr", premier, "advantage_premier") == {
        "channels": "chat en direct, e-mail et téléphone",
        "hours": "24h/24 et 7j/7",
        "first_response": "1\xa0heure",
        "note": "En dehors des heures de bureau, le support est uniquement disponible en anglais.",
    }
    premier_cn = {
        "request_type": "technical",
        "subscription": "advantage_premier",
        "product_version": "current",
        "severity": "A",
    }
    assert details(book, "zh-CN", premier_cn, "advantage_premier") == {
        "channels": "电话、实时答疑和电子邮件",
        "hours": "全天候",
        "first_response": "电子邮件：1天 · 电话和实时答疑：通常 2分钟",
    }


def test_every_locale_reads_each_documents_own_facts_in_its_own_language(book: RuleBook) -> None:
    home = {"product_line": "home", "product_version": "current", "days_since_purchase": 40}
    assert details(book, "zh-TW", home, "pay_per_incident", reader="pl") == {
        "price": "9,95\xa0USD lub 11,95\xa0€"
    }
    home_fr = {**home, "request_type": "technical"}
    assert details(book, "fr", home_fr, "pay_per_incident", reader="ro") == {
        "channels": "telefon, chat live și e-mail",
        "price": "20,00\xa0USD",
    }
    business = {"product_line": "business", "subscription": "expired", "product_version": "current"}
    assert details(book, "zh-TW", business, "pay_per_incident", reader="fr") == {
        "price": "25\xa0% (pourcentage du prix d'une licence unique) · "
        "20,00\xa0$US (Snap Deploy Workstation et Acronis True Image Echo Workstation)"
    }
    incident = {
        "request_type": "technical",
        "lifecycle": "mainstream",
        "handling": "around_the_clock",
        "incident_purchase": "single_incident",
        "severity": "B",
    }
    assert details(book, "pl", incident, "professional_incident", reader="zh-TW") == {
        "first_response": "4 個工作小時",
        "hours": "每天 24 小時",
        "note": "如果選擇 24 小時支援，貴公司應安排人員處理該事件，而且可能需要每天 24 小時待命。",
    }


def test_microsoft_response_time_follows_the_severity(book: RuleBook) -> None:
    incident = {
        "request_type": "technical",
        "lifecycle": "mainstream",
        "handling": "around_the_clock",
        "incident_purchase": "single_incident",
    }
    responses = [
        details(book, "pl", {**incident, "severity": s}, "professional_incident")["first_response"]
        for s in "ABC"
    ]
    assert responses == ["2 godziny", "4 godziny robocze", "8 godzin roboczych"]
    assert (
        details(book, "pl", {**incident, "severity": "A"}, "professional_incident")["hours"]
        == "24 godziny na dobę"
    )


def test_questions_that_do_not_apply_are_not_asked_and_their_answers_ignored(
    book: RuleBook,
) -> None:
    answers = {
        "product_line": "home",
        "request_type": "customer_service",
        "days_since_purchase": 5,
        "severity": "A",
        "region": "europe",
    }
    result = ask(book, "fr", answers)
    assert result.asked == (
        "programme",
        "acronis.document",
        "acronis.product_line",
        "acronis.request_type",
    )
    assert dict(result.answers) == {
        "programme": "acronis",
        "acronis.document": "canada_2011",
        "acronis.product_line": "home",
        "acronis.request_type": "customer_service",
    }
    assert result.outcome_ids == ["acronis.customer_service_free"]
    # The other programmes' questions are not asked either.
    other = {**quiz_answers("fr", answers), "microsoft.severity": "A"}
    assert evaluate(book, "pl", other).outcome_ids == ["acronis.customer_service_free"]


def test_an_answer_that_the_document_does_not_offer_is_still_to_answer(book: RuleBook) -> None:
    # Only the fr FAQ offers help with a recovery problem; the zh-CN handbook does not.
    answers = {"request_type": "recovery_problem"}
    assert ask(book, "fr", answers).missing[0] == "acronis.product_line"
    result = ask(book, "zh-CN", answers)
    assert result.missing[0] == "acronis.request_type"
    assert "acronis.request_type" not in result.answers


def test_questions_still_to_answer(book: RuleBook) -> None:
    result = ask(book, "zh-TW", {"product_line": "business"})
    assert not result.complete
    assert result.missing == (
        "acronis.subscription",
        "acronis.product_version",
        "acronis.days_since_purchase",
        "acronis.region",
        "acronis.contact_time",
        "acronis.severity",
    )
    assert ask(book, "zh-CN", {}).asked == (
        "programme",
        "acronis.document",
        "acronis.request_type",
        "acronis.subscription",
        "acronis.product_version",
        "acronis.contact_time",
        "acronis.severity",
    )
    # Before the programme is chosen, every question may be asked; the page shows the first.
    assert evaluate(book, "ro", {}).missing[0] == "programme"
    assert evaluate(book, "ro", {"programme": "symantec"}).missing == (
        "symantec.deployment",
        "symantec.contract_status",
        "symantec.need",
    )


def test_reasons_name_the_rule_and_the_entry(book: RuleBook) -> None:
    result = ask(
        book, "ro", {"deployment": "on_premises", "contract_status": "active", "need": "updates"}
    )
    renew = result.outcomes[0]
    assert [(r.rule, r.entry) for r in renew.reasons] == [
        ("symantec.ro_active_renew", "symantec-renewal-benefits"),
        ("symantec.ro_active_renewal_steps", "symantec-renewal-steps"),
    ]
    assert renew.reasons[0].path == "content/rules/symantec.yaml"


@pytest.mark.parametrize(
    ("locale", "answers", "message"),
    [
        (
            "fr",
            {"colour": "red"},
            "unknown question 'colour'; the questions are: programme, acronis.document, "
            "acronis.product_line, acronis.request_type, acronis.subscription, "
            "acronis.product_version, acronis.days_since_purchase, acronis.region, "
            "acronis.contact_time, acronis.severity, microsoft.request_type, "
            "microsoft.lifecycle, microsoft.severity, microsoft.handling, "
            "microsoft.incident_purchase, microsoft.months_since_purchase, "
            "microsoft.purchaser_account, symantec.deployment, symantec.contract_status, "
            "symantec.need",
        ),
        (
            "fr",
            {"acronis.product_line": "car"},
            "unknown answer 'car' to 'acronis.product_line'; the answers are: home, business, oem",
        ),
        (
            "zh-CN",
            {"programme": "norton"},
            "unknown answer 'norton' to 'programme'; the answers are: acronis, microsoft, symantec",
        ),
        (
            "fr",
            {"acronis.days_since_purchase": "ten"},
            "'acronis.days_since_purchase' takes a whole number of days from 0 to 999999, "
            "not 'ten'",
        ),
        (
            "fr",
            {"acronis.days_since_purchase": -1},
            "'acronis.days_since_purchase' takes a whole number of days from 0 to 999999, not -1",
        ),
    ],
)
def test_unknown_questions_and_values(
    book: RuleBook, locale: str, answers: dict[str, object], message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        evaluate(book, locale, answers)
    assert str(caught.value) == message
