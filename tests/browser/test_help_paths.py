"""A customer never reaches a dead end: the header box answers as they type, and a
search that finds nothing offers the quiz, contact, useful entries and the categories."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.helpers import RESULTS


def test_the_header_box_shows_results_as_the_reader_types(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/pl/entries/ms-not-covered/")
    box = page.locator("[data-kb-header-search]")
    box.click()
    box.press_sequentially("czas odpowiedzi", delay=20)
    results = page.locator("[data-kb-header-result]")
    expect(results.first).to_have_attribute("data-kb-id", "ms-response-times")
    expect(box).to_have_attribute("aria-expanded", "true")
    # Arrow down chooses the first result, Enter opens it.
    box.press("ArrowDown")
    expect(page.locator("#kb-header-result-0")).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page).to_have_url(f"{site_url}/pl/entries/ms-response-times/")


def test_enter_without_a_chosen_result_opens_the_search_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/")
    box = page.locator("[data-kb-header-search]")
    box.click()
    box.press_sequentially("incident", delay=20)
    expect(page.locator("[data-kb-header-result]").first).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(f"{site_url}/fr/search/?q=incident")


def test_a_search_that_finds_nothing_offers_other_ways(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/ro/search/?q={quote('xyzzy qwerty')}")
    help_block = page.locator("[data-kb-no-results]")
    expect(help_block).to_be_visible()
    expect(help_block.locator("[data-kb-next=quiz]")).to_have_attribute("href", "../eligibility/")
    expect(help_block.locator("[data-kb-next=contact]")).to_have_attribute("href", "../contact/")
    expect(help_block.locator(".kb-search__useful a").first).to_be_visible()
    expect(help_block.locator(".kb-search__categories a").first).to_be_visible()
    # Found again, the block goes away.
    page.locator("[data-kb-search]").fill("reînnoire")
    expect(page.locator("[data-kb-result]").first).to_be_visible()
    expect(help_block).to_be_hidden()


def test_a_quiz_outcome_says_how_to_act_and_a_refusal_says_why(page: Page, site_url: str) -> None:
    answers = (
        "programme=acronis&acronis.document=canada_2011&acronis.product_line=home"
        "&acronis.request_type=technical&acronis.subscription=none"
        "&acronis.product_version=older&acronis.days_since_purchase=10"
    )
    page.goto(f"{site_url}/fr/eligibility/?{answers}")
    granted = page.locator('[data-kb-outcome="acronis.self_service"]')
    act = granted.locator("[data-kb-act]")
    expect(act).to_contain_text("Comment en bénéficier")
    expect(act.locator("[data-kb-channel]").first).to_have_attribute(
        "href", "../entries/access-support-resources/"
    )
    expect(act.locator("[data-kb-contact]")).to_have_attribute(
        "href", "../contact/#contact-acronis"
    )
    refused = page.locator('[data-kb-refused="acronis.pay_per_incident"]')
    why = refused.locator("[data-kb-ruled-out]")
    expect(why).to_contain_text("Exclu par vos réponses :")
    expect(why).to_contain_text("Quelle version du produit utilisez-vous ?")
    instead = refused.locator("[data-kb-instead]")
    expect(instead.locator("a").first).to_have_attribute("href", "#kb-outcome-acronis.self_service")
    expect(instead.locator("[data-kb-contact]")).to_be_visible()


def test_every_locale_has_an_outcome_that_is_not_a_refusal(page: Page, site_url: str) -> None:
    cases = {locale: RESULTS[locale] for locale in ("ro", "pl", "zh-CN")}
    for locale, answers in cases.items():
        page.goto(f"{site_url}/{locale}/eligibility/?{answers}")
        expect(page.locator("[data-kb-outcome]").first).to_be_visible()
        expect(
            page.locator("[data-kb-outcome] [data-kb-act] [data-kb-contact]").first
        ).to_be_visible()
