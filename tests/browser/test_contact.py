"""A customer on a phone finds how to contact support from any page, in Chromium."""

from __future__ import annotations

from playwright.sync_api import Browser, expect


def test_the_header_leads_a_polish_phone_reader_to_the_contact_page(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    page = context.new_page()
    page.goto(f"{site_url}/pl/entries/ms-response-times/")
    link = page.locator("[data-kb-contact-link]")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(f"{site_url}/pl/contact/")
    expect(page.locator("h1")).to_have_text("Kontakt z pomocą techniczną")
    expect(page.locator("[data-kb-contact=acronis] [data-kb-channel]")).to_have_count(5)
    context.close()
