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
    expect(question(page, "product_line")).to_be_visible()
    expect(question(page, "request_type")).to_be_hidden()
    question(page, "product_line").get_by_text("Un produit pour les particuliers").click()
    question(page, "request_type").get_by_text("Un problème technique avec le produit").click()
    question(page, "product_version").get_by_text("La version actuelle").click()
    # A home product: no question about a subscription.
    expect(question(page, "subscription")).to_be_hidden()
    question(page, "days_since_purchase").get_by_role("spinbutton").fill("10")
    expect(page.locator("[data-kb-outcome]")).to_have_count(3)
    assert outcome_ids(page) == ["standard_30d_home", "pay_per_incident", "self_service"]
    expect(
        page.locator('[data-kb-outcome="pay_per_incident"] [data-kb-detail="price"]')
    ).to_have_text(re.compile(r"^20,00\s\$US$"))
    expect(page).to_have_url(
        f"{site_url}/fr/eligibility/?product_line=home&request_type=technical"
        "&product_version=current&days_since_purchase=10"
    )
    # More than 30 days after the purchase: no standard support any more.
    question(page, "days_since_purchase").get_by_role("spinbutton").fill("31")
    expect(page.locator("[data-kb-outcome]")).to_have_count(2)
    assert outcome_ids(page) == ["pay_per_incident", "self_service"]
    # Each outcome links to the entries that state it.
    page.locator('[data-kb-outcome="pay_per_incident"] a[data-kb-entry]').click()
    expect(page).to_have_url(f"{site_url}/fr/entries/home-user-support-options/")
    page.close()


def test_answer_the_quiz_with_the_keyboard(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/ro/eligibility/")
    page.locator('input[name="deployment"]').first.focus()
    page.keyboard.press("Space")  # on_premises
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # not_renewed
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # latest_version
    expect(page.locator("[data-kb-outcome]")).to_have_count(1)
    assert outcome_ids(page) == ["buy_new_license"]
    expect(page.locator('[data-kb-refused="free_version_upgrade"]')).to_have_count(1)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Show my options" moves the focus to the result
    expect(page.locator("[data-kb-quiz-result]")).to_be_focused()
    page.close()


def test_open_a_result_url(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(
        f"{site_url}/zh-TW/eligibility/?product_line=business&subscription=advantage_standard"
        "&product_version=current&contact_time=night"
    )
    expect(page.locator("[data-kb-outcome]")).to_have_count(3)
    assert outcome_ids(page) == [
        "upgrade_to_premier",
        "pay_per_incident",
        "wait_for_business_hours",
    ]
    expect(page.locator('[data-kb-refused="advantage_standard"]')).to_have_count(1)
    expect(page.locator('input[name="contact_time"][value="night"]')).to_be_checked()
    expect(page.locator('[data-kb-outcome="pay_per_incident"]')).to_contain_text("25%")
    expect(question(page, "severity")).to_be_hidden()
    page.close()


def test_result_url_works_under_a_sub_path(browser: Browser, sub_path_url: str) -> None:
    page = browser.new_page()
    page.goto(
        f"{sub_path_url}/pl/eligibility/?request_type=technical&lifecycle=extended&severity=A"
        "&handling=around_the_clock&incident_purchase=single_incident"
    )
    expect(page.locator("[data-kb-outcome]")).to_have_count(1)
    details = page.locator('[data-kb-outcome="professional_incident"] [data-kb-detail]')
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
        f"{site_url}/fr/eligibility/?product_line=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
        "&request_type=trial&days_since_purchase=%3Cb%3E"
    )
    expect(page).to_have_url(f"{site_url}/fr/eligibility/?request_type=trial")
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
    assert "product_line" in questions
    markup = page.locator(MARKUP).count()
    for payload in PAYLOADS:
        # The payload as every answer, as a question's name, and beside a real answer.
        query = "&".join(f"{q}={quote(payload)}" for q in questions)
        for url in (
            f"{query}&{quote(payload)}=1",
            f"product_line=home&request_type=trial&days_since_purchase={quote(payload)}",
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


# For each locale, answers to its programme's questions that get at least one outcome.


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
