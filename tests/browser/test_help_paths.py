"""A customer never reaches a dead end: the header box answers as they type, and a
search that finds nothing offers the quiz, contact, useful entries and the categories."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect


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
