"""A reader's way through the site in headless Chromium: root, locale, entry, switch language."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect


def test_root_sends_a_polish_browser_to_the_polish_site(browser: Browser, site_url: str) -> None:
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    page.goto(f"{site_url}/")
    expect(page).to_have_url(f"{site_url}/pl/")
    expect(page.locator("h1")).to_have_text(re.compile("Baza wiedzy pomocy technicznej"))
    context.close()


def test_root_tells_traditional_from_simplified_chinese(browser: Browser, site_url: str) -> None:
    for browser_locale, expected in [
        ("zh-HK", "zh-TW"),
        ("zh-SG", "zh-CN"),
        ("zh-Hans-TW", "zh-CN"),
    ]:
        context = browser.new_context(locale=browser_locale)
        page = context.new_page()
        page.goto(f"{site_url}/")
        expect(page).to_have_url(f"{site_url}/{expected}/")
        context.close()


def test_root_lists_languages_for_a_browser_it_cannot_serve(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{site_url}/")
    expect(page).to_have_url(f"{site_url}/")
    expect(page.locator("a")).to_have_text(
        ["中文 (繁體)", "中文 (简体)", "Français", "Română", "Polski"]
    )
    # The reader's choice is remembered for their next visit to the root.
    page.get_by_role("link", name="Română").click()
    expect(page).to_have_url(f"{site_url}/ro/")
    page.goto(f"{site_url}/")
    expect(page).to_have_url(f"{site_url}/ro/")
    context.close()


def test_open_an_entry_and_switch_language(browser: Browser, site_url: str) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{site_url}/")
    expect(page).to_have_url(f"{site_url}/fr/")
    page.locator(".kb-categories").get_by_role("link", name=re.compile("^Licences")).click()
    expect(page).to_have_url(f"{site_url}/fr/categories/licensing/")
    # The question opens in place; its answer links to the entry's own page.
    page.locator("#license-software-copy").click()
    page.locator('a[href="../../entries/license-software-copy/"]').click()
    expect(page).to_have_url(f"{site_url}/fr/entries/license-software-copy/")
    expect(page.locator("h1")).to_have_text(re.compile("Puis-je faire une copie du logiciel"))

    # The language menu opens on hover or focus; the zh-TW item lands on the same entry.
    page.locator(".md-header__option .md-select").hover()
    page.locator('[data-kb-language="zh-TW"]').click()
    expect(page).to_have_url(f"{site_url}/zh-TW/entries/license-software-copy/")
    expect(page.locator("h1")).to_have_text(re.compile("可以製作一份軟體的拷貝嗎"))

    # Every entry is in every language: the Polish item lands on the same entry too.
    page.locator(".md-header__option .md-select").hover()
    polish = page.locator('[data-kb-language="pl"]')
    expect(polish).not_to_contain_text("未翻譯")
    polish.click()
    expect(page).to_have_url(f"{site_url}/pl/entries/license-software-copy/")
    context.close()


def test_missing_page_shows_the_locale_404(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    response = page.goto(f"{site_url}/fr/404.html")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("404 - Not found")
    page.close()
