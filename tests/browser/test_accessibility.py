"""No serious or critical accessibility violation (axe-core) on the pages readers use."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Browser

from tests.helpers import AXE

PAGES = {
    "zh-TW": ["", "categories/licensing/", "entries/ppi-price/", f"search/?q={quote('按件計費')}"],
    "zh-CN": [
        "",
        "categories/cases-and-severity/",
        "entries/handbook-severity-levels/",
        f"search/?q={quote('注册产品')}",
    ],
    "fr": ["", "categories/licensing/", "entries/license-software-copy/", "search/?q=licence"],
    "ro": [
        "",
        "categories/maintenance-renewal/",
        "entries/symantec-renewal-steps/",
        "search/?q=reinnoire",
    ],
    "pl": [
        "",
        "categories/cases-and-severity/",
        "entries/ms-response-times/",
        "search/?q=zgloszenie",
    ],
}


def violations(browser: Browser, url: str) -> list[str]:
    page = browser.new_page()
    page.goto(url)
    if "search/" in url:
        page.wait_for_selector("[data-kb-result]")
    page.evaluate(AXE)  # works under a strict Content-Security-Policy, unlike a script tag
    result = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    page.close()
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("locale", list(PAGES))
def test_pages_have_no_serious_violation(browser: Browser, site_url: str, locale: str) -> None:
    found = {path: violations(browser, f"{site_url}/{locale}/{path}") for path in PAGES[locale]}
    assert {path: v for path, v in found.items() if v} == {}


def test_root_chooser_has_no_serious_violation(browser: Browser, site_url: str) -> None:
    assert violations(browser, f"{site_url}/?choose") == []
