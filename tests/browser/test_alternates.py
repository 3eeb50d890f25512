"""The head's hreflang alternates are for search engines: the theme's script must not fetch
a sitemap.xml beside each (404s in the console), and the language menu still works."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, ConsoleMessage, Request, expect


def test_an_entry_page_fetches_no_sitemap_beside_its_alternates(
    browser: Browser, site_url: str
) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []

    def on_request(request: Request) -> None:
        requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("request", on_request)
    page.on("console", on_console)
    page.goto(f"{site_url}/fr/entries/license-software-copy/", wait_until="networkidle")
    alternates = page.locator('head link[rel="alternate"][hreflang]')
    expect(alternates).to_have_count(6)  # five languages and x-default
    assert [url for url in requests if url.endswith("/sitemap.xml")] == []
    assert errors == []
    # The language menu still leads to the same entry in another language.
    page.locator("[data-kb-language=pl]").dispatch_event("click")
    expect(page).to_have_url(re.compile(r"/pl/entries/license-software-copy/$"))
    page.close()
