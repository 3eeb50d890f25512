"""The Content-Security-Policy of every page: nothing the site does breaks it, and it
refuses a script that is not the page's own."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.helpers import RESULTS

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]
QUERY = {"zh-TW": "備份", "zh-CN": "备份", "fr": "licence", "ro": "reinnoire", "pl": "zgłoszenie"}

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def watched(browser: Browser) -> Page:
    page = browser.new_page()
    page.add_init_script(WATCH)
    return page


def visit(page: Page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    violations: list[str] = page.evaluate("window.__violations")
    return violations


@pytest.mark.parametrize("locale", LOCALES)
def test_every_kind_of_page_works_within_its_policy(
    browser: Browser, site_url: str, locale: str
) -> None:
    page = watched(browser)
    home = f"{site_url}/{locale}/"
    assert visit(page, home) == []
    category = page.locator(".kb-category-card a").first.get_attribute("href")
    assert visit(page, f"{home}{category}") == []
    entry = page.locator("article a[href*='entries/']").first.get_attribute("href")
    assert visit(page, page.url + str(entry)) == []
    assert visit(page, f"{home}search/?q={QUERY[locale]}") == []
    assert page.locator("[data-kb-result]").count() > 0
    assert visit(page, f"{home}eligibility/?{RESULTS[locale]}") == []
    assert page.locator("[data-kb-outcome]").count() > 0
    assert visit(page, f"{home}eligibility/table/") == []
    assert visit(page, f"{home}404.html") == []
    page.close()


def test_the_root_pages_work_within_their_policy(browser: Browser, site_url: str) -> None:
    page = watched(browser)
    assert visit(page, f"{site_url}/?choose") == []
    assert visit(page, f"{site_url}/404.html") == []
    page.close()
    # The chooser's own script runs: it sends a French reader to the French site.
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.add_init_script(WATCH)
    page.goto(f"{site_url}/")
    page.wait_for_url(f"{site_url}/fr/")
    assert page.evaluate("window.__violations") == []
    context.close()


def test_a_script_that_is_not_the_pages_own_is_refused(browser: Browser, site_url: str) -> None:
    """Markup that slipped into a page could neither run inline nor load a script."""
    injected = (
        "<script>window.__xss = 1</script>"
        '<img src="x" onerror="window.__xss = 1">'
        '<script src="https://scripts.example/x.js"></script>'
    )

    def inject(route: Route) -> None:
        response = route.fetch()
        body = response.text().replace("</article>", injected + "</article>", 1)
        route.fulfill(response=response, body=body)

    page = watched(browser)
    url = f"{site_url}/fr/entries/license-software-copy/"
    page.route(url, inject)
    violations = visit(page, url)
    assert page.evaluate("window.__xss") is None
    assert sorted(v.split()[0] for v in violations) == [
        "script-src-attr",
        "script-src-elem",
        "script-src-elem",
    ]
    # The page itself still works: its own scripts ran (the theme's search box, say).
    assert page.evaluate("typeof window.__md_scope") == "object"
    page.close()
