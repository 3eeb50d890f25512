"""The eligibility quiz in headless Chromium: answered by clicking, by keyboard, from a URL."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.helpers import PAYLOADS, RESULTS


def outcome_ids(page: Page) -> list[str]:
    ids: list[str] = page.locator("[data-kb-outcome]").evaluate_all(
        "nodes => nodes.map(node => node.dataset.kbOutcome)"
    )
    return ids


def question(page: Page, question_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-kb-question="{question_id}"]')


def test_answer_the_quiz_by_clicking(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/fr/eligibility/")
    # One question at a time: the next one appears when the previous is answered.
    expect(question(page, "programme")).to_be_visible()
    expect(question(page, "acronis.document")).to_be_hidden()
    question(page, "programme").get_by_text("Acronis : Acronis Advantage").click()
    question(page, "acronis.document").get_by_text("Canada : FAQ du support Acronis").click()
    expect(question(page, "acronis.product_line")).to_be_visible()
    expect(question(page, "acronis.request_type")).to_be_hidden()
    question(page, "acronis.product_line").get_by_text("Un produit pour les particuliers").click()
    request = question(page, "acronis.request_type")
    # The fr FAQ offers help with a recovery problem.
    expect(request.get_by_text("Un problème pour récupérer des données")).to_be_visible()
    request.get_by_text("Un problème technique avec le produit").click()
    question(page, "acronis.product_version").get_by_text("La version actuelle").click()
    # A home product: no question about a subscription.
    expect(question(page, "acronis.subscription")).to_be_hidden()
    question(page, "acronis.days_since_purchase").get_by_role("spinbutton").fill("10")
    expect(page.locator("[data-kb-outcome]")).to_have_count(3)
    assert outcome_ids(page) == [
        "acronis.standard_30d_home",
        "acronis.pay_per_incident",
        "acronis.self_service",
    ]
    expect(
        page.locator('[data-kb-outcome="acronis.pay_per_incident"] [data-kb-detail="price"]')
    ).to_have_text(re.compile(r"^20,00\s\$US$"))
    expect(page).to_have_url(
        f"{site_url}/fr/eligibility/?programme=acronis&acronis.document=canada_2011"
        "&acronis.product_line=home&acronis.request_type=technical"
        "&acronis.product_version=current&acronis.days_since_purchase=10"
    )
    # More than 30 days after the purchase: no standard support any more.
    question(page, "acronis.days_since_purchase").get_by_role("spinbutton").fill("31")
    expect(page.locator("[data-kb-outcome]")).to_have_count(2)
    assert outcome_ids(page) == ["acronis.pay_per_incident", "acronis.self_service"]
    # Under the zh-CN handbook, there is no recovery problem to choose, nor a home product.
    question(page, "acronis.document").get_by_text("Chine : guide du support client").click()
    expect(question(page, "acronis.product_line")).to_be_hidden()
    expect(request.get_by_text("Un problème pour récupérer des données")).to_be_hidden()
    expect(request.get_by_text("Un problème technique avec le produit")).to_be_visible()
    question(page, "acronis.document").get_by_text("Canada : FAQ du support Acronis").click()
    # Each outcome links to the entries that state it.
    page.locator('[data-kb-outcome="acronis.pay_per_incident"] a[data-kb-entry]').click()
    expect(page).to_have_url(f"{site_url}/fr/entries/home-user-support-options/")
    page.close()


def test_every_locale_asks_the_same_questions(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/pl/eligibility/?programme=acronis&acronis.document=taiwan_2009")
    expect(question(page, "acronis.product_line")).to_be_visible()
    expect(question(page, "acronis.product_line")).to_contain_text(
        "Jakiego rodzaju produktu Acronis używasz?"
    )
    page.goto(f"{site_url}/zh-TW/eligibility/")
    question(page, "programme").get_by_text("Microsoft：專業支援事件").click()
    expect(question(page, "microsoft.request_type")).to_be_visible()
    expect(question(page, "acronis.document")).to_be_hidden()
    page.close()


def test_answer_the_quiz_with_the_keyboard(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/ro/eligibility/")
    page.locator('input[name="programme"]').first.focus()
    page.keyboard.press("ArrowDown")  # microsoft
    page.keyboard.press("ArrowDown")  # symantec
    expect(question(page, "symantec.deployment")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # on_premises
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # not_renewed
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # latest_version
    expect(page.locator("[data-kb-outcome]")).to_have_count(1)
    assert outcome_ids(page) == ["symantec.buy_new_license"]
    expect(page.locator('[data-kb-refused="symantec.free_version_upgrade"]')).to_have_count(1)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Show my options" moves the focus to the result
    expect(page.locator("[data-kb-quiz-result]")).to_be_focused()
    page.close()


def test_open_a_result_url(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(
        f"{site_url}/zh-TW/eligibility/?programme=acronis&acronis.document=taiwan_2009"
        "&acronis.product_line=business&acronis.subscription=advantage_standard"
        "&acronis.product_version=current&acronis.contact_time=night"
    )
    expect(page.locator("[data-kb-outcome]")).to_have_count(3)
    assert outcome_ids(page) == [
        "acronis.upgrade_to_premier",
        "acronis.pay_per_incident",
        "acronis.wait_for_business_hours",
    ]
    expect(page.locator('[data-kb-refused="acronis.advantage_standard"]')).to_have_count(1)
    expect(page.locator('input[name="acronis.contact_time"][value="night"]')).to_be_checked()
    expect(page.locator('[data-kb-outcome="acronis.pay_per_incident"]')).to_contain_text("25%")
    expect(question(page, "acronis.severity")).to_be_hidden()
    page.close()


def test_the_quiz_waits_unseen_for_its_script_and_shows_without_it(
    browser: Browser, site_url: str
) -> None:
    """Nothing a reader sees moves when the script hides the questions that do not apply;
    and a quiz whose rules cannot be read still shows its form, every question in it."""
    page = browser.new_page()
    page.route("**/eligibility/rules.json", lambda route: route.abort())
    page.goto(f"{site_url}/pl/eligibility/")
    expect(page.locator("[data-kb-quiz]")).to_have_attribute("data-kb-ready", "")
    expect(question(page, "programme")).to_be_visible()
    expect(question(page, "microsoft.severity")).to_be_visible()
    expect(page.locator(".kb-quiz__table a")).to_be_visible()
    page.close()
    page = browser.new_page()
    page.add_init_script(
        "new PerformanceObserver((list) => { for (const e of list.getEntries())"
        " window.__shift = (window.__shift || 0) + e.value; })"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(f"{site_url}/ro/eligibility/?{RESULTS['ro']}")
    expect(page.locator("[data-kb-outcome]").first).to_be_visible()
    expect(question(page, "acronis.severity")).to_be_hidden()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shift || 0") < 0.05
    page.close()


def test_result_url_works_under_a_sub_path(browser: Browser, sub_path_url: str) -> None:
    page = browser.new_page()
    page.goto(
        f"{sub_path_url}/pl/eligibility/?programme=microsoft&microsoft.request_type=technical"
        "&microsoft.lifecycle=extended&microsoft.severity=A"
        "&microsoft.handling=around_the_clock&microsoft.incident_purchase=single_incident"
    )
    expect(page.locator("[data-kb-outcome]")).to_have_count(1)
    details = page.locator('[data-kb-outcome="microsoft.professional_incident"] [data-kb-detail]')
    expect(details).to_have_text(
        [
            "24 godziny na dobę",
            "2 godziny",
            re.compile("^Jeśli wybrano wsparcie 24-godzinne"),
        ]
    )
    page.close()


def test_values_from_the_url_never_become_markup(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(
        f"{site_url}/fr/eligibility/?programme=acronis&acronis.document=canada_2011"
        "&acronis.product_line=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
        "&acronis.request_type=trial&acronis.days_since_purchase=%3Cb%3E"
    )
    expect(page).to_have_url(
        f"{site_url}/fr/eligibility/?programme=acronis&acronis.document=canada_2011"
        "&acronis.request_type=trial"
    )
    expect(page.locator(".kb-quiz__incomplete")).to_be_visible()
    assert page.locator("main img, main b").count() == 0
    assert dialogs == []
    page.close()


MARKUP = "main script, main img, main svg, main iframe, main details, main a[href^=javascript]"


def test_payloads_in_every_answer_and_name_of_the_url_never_run(
    browser: Browser, site_url: str
) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{site_url}/fr/eligibility/")
    questions: list[str] = page.locator("[data-kb-question]").evaluate_all(
        "nodes => nodes.map(node => node.dataset.kbQuestion)"
    )
    assert "acronis.product_line" in questions
    markup = page.locator(MARKUP).count()
    for payload in PAYLOADS:
        # The payload as every answer, as a question's name, and beside a real answer.
        query = "&".join(f"{q}={quote(payload)}" for q in questions)
        for url in (
            f"{query}&{quote(payload)}=1",
            "programme=acronis&acronis.document=canada_2011&acronis.product_line=home"
            f"&acronis.request_type=trial&acronis.days_since_purchase={quote(payload)}",
        ):
            page.goto(f"{site_url}/fr/eligibility/?{url}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__xss") is None, payload
            assert page.locator(MARKUP).count() == markup, payload
            assert payload not in page.locator("main").inner_html(), payload
    assert dialogs == []
    page.close()


def serious_violations(page: Page) -> list[str]:
    from importlib import resources

    axe = (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
    page.evaluate(axe)
    result = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


# For each locale, answers under its own language's document that get at least one outcome.


@pytest.mark.parametrize("locale", list(RESULTS))
def test_quiz_with_a_result_and_table_have_no_serious_accessibility_violation(
    browser: Browser, site_url: str, locale: str
) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/{locale}/eligibility/?{RESULTS[locale]}")
    expect(page.locator("[data-kb-outcome]").first).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"{site_url}/{locale}/eligibility/table/")
    assert serious_violations(page) == []
    page.close()
