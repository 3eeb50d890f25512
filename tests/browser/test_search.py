"""The search page in Chromium: Whoosh's ranking, typing, URL, keyboard, filters, safety."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from kbgen.build import load_project
from kbgen.i18n import SiteLocale, load_translations
from kbgen.project import load_project_content as load_content
from kbgen.render.renderer import LocaleRenderer
from kbgen.search import build_locale_search
from tests.conftest import ROOT


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == []


def whoosh_ids(locale: str, query: str, limit: int = 10, category: str | None = None) -> list[str]:
    project = load_project(ROOT / "mkdocs.yml")
    kb = load_content(project)
    renderer = LocaleRenderer(
        kb, SiteLocale(locale), load_translations(project.locales_dir, locale), "KB"
    )
    search = build_locale_search(renderer)
    return [h.document.id for h in search.search(query, limit=limit, category=category).hits]


def result_ids(page: Page) -> list[str]:
    return page.locator("[data-kb-result]").evaluate_all("els => els.map(e => e.dataset.kbId)")


def test_query_from_the_url_ranks_as_whoosh(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/search/?q={quote('licence copie logiciel')}")
    expect(page.locator("[data-kb-result]").first).to_have_attribute(
        "data-kb-id", "license-software-copy"
    )
    assert result_ids(page) == whoosh_ids("fr", "licence copie logiciel")
    expect(page.locator("[data-kb-status]")).to_have_text(
        re.compile(r"^\d+ résultats pour « licence copie logiciel »$")
    )
    first = page.locator(".kb-search__result").first
    expect(first.locator("mark").first).to_be_visible()
    page.locator("[data-kb-result]").first.click()
    expect(page).to_have_url(f"{site_url}/fr/entries/license-software-copy/")


def test_more_results_follow_whoosh_s_ranking_ten_at_a_time(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/search/?q=support")
    more = page.locator("[data-kb-more]")
    expect(more).to_be_visible()
    expect(more).to_have_text("Plus de résultats")
    assert result_ids(page) == whoosh_ids("fr", "support")
    everything = whoosh_ids("fr", "support", limit=50)
    assert len(everything) > 20
    more.click()
    expect(page.locator("[data-kb-result]")).to_have_count(20)
    # The reader goes on from the first new result.
    expect(page.locator("[data-kb-result]").nth(10)).to_be_focused()
    assert result_ids(page) == everything[:20]
    shown = 20
    while shown < len(everything):
        more.click()
        shown = min(shown + 10, len(everything))
        expect(page.locator("[data-kb-result]")).to_have_count(shown)
    expect(more).to_be_hidden()
    assert result_ids(page) == everything
    # A new query starts again from its first ten.
    box = page.locator("[data-kb-search]")
    box.fill("licence copie logiciel")
    expect(page.locator("[data-kb-result]").first).to_have_attribute(
        "data-kb-id", "license-software-copy"
    )
    expect(page.locator("[data-kb-result]")).to_have_count(10)
    assert result_ids(page) == whoosh_ids("fr", "licence copie logiciel")


def test_search_works_under_a_sub_path(page: Page, sub_path_url: str) -> None:
    page.goto(f"{sub_path_url}/ro/search/?q=reinnoire")
    expect(page.locator("[data-kb-result]").first).to_be_visible()
    assert result_ids(page) == whoosh_ids("ro", "reinnoire")
    href = page.locator("[data-kb-result]").first.get_attribute("href")
    page.locator("[data-kb-result]").first.click()
    expect(page).to_have_url(re.compile(re.escape(sub_path_url) + r"/ro/entries/[a-z0-9-]+/$"))
    assert href and not href.startswith("/")


def test_results_while_typing_and_the_query_kept_in_the_url(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/pl/search/")
    page.locator("[data-kb-search]").press_sequentially("zgloszenie pakiet", delay=20)
    expect(page.locator("[data-kb-result]").first).to_have_attribute(
        "data-kb-id", "ms-five-pack-sign-in"
    )
    expect(page).to_have_url(re.compile(r"\?q=zgloszenie\+pakiet$"))
    # The results of "zgloszenie pak" may show a moment before those of the whole query.
    expected = whoosh_ids("pl", "zgloszenie pakiet")
    shown = "[...document.querySelectorAll('[data-kb-result]')].map(e => e.dataset.kbId)"
    page.wait_for_function(f"ids => JSON.stringify({shown}) === JSON.stringify(ids)", arg=expected)
    assert result_ids(page) == expected
    expect(page.locator("[data-kb-status]")).to_have_attribute("role", "status")


def test_other_chinese_script_finds_the_same_entries(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/zh-CN/search/?q={quote('嚴重等級')}")
    expect(page.locator("[data-kb-result]").first).to_have_attribute(
        "data-kb-id", "advantage-severity-levels"
    )
    assert "handbook-severity-levels" in result_ids(page)[:3]
    page.goto(f"{site_url}/zh-TW/search/?q={quote('按件计费 价格')}")
    expect(page.locator("[data-kb-result]").first).to_have_attribute("data-kb-id", "ppi-price")


def test_keyboard_navigation(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/search/?q=licence")
    expect(page.locator("[data-kb-result]").nth(2)).to_be_visible()
    box = page.locator("[data-kb-search]")
    box.focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("[data-kb-result]").first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("[data-kb-result]").nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()


def test_did_you_mean(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/search/?q=licnece")
    suggestion = page.locator("[data-kb-suggestion]")
    expect(suggestion).to_have_text("Vouliez-vous dire : licence")
    suggestion.locator("a").click()
    expect(page.locator("[data-kb-search]")).to_have_value("licence")
    expect(page.locator("[data-kb-result]").first).to_be_visible()


def test_filters_by_category_and_product(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/search/?q=support&category=licensing")
    expect(page.locator('[data-kb-filter="category"]')).to_have_value("licensing")
    expect(page.locator("[data-kb-result]").first).to_be_visible()
    assert result_ids(page) == whoosh_ids("fr", "support", category="licensing")
    page.select_option('[data-kb-filter="category"]', "")
    page.select_option('[data-kb-filter="product"]', "acronis-oem")
    expect(page).to_have_url(re.compile(r"product=acronis-oem"))
    # The category's results may still show a moment before the product's replace them.
    expect(page.locator('[data-kb-result][data-kb-id="oem-product-support"]')).to_be_visible()


def test_search_in_all_languages_is_opt_in(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/fr/search/?q=Acronis")
    expect(page.locator("[data-kb-result]").first).to_be_visible()
    assert page.locator("[data-kb-result][lang]").count() == 0
    page.locator('[data-kb-filter="all"]').check()
    expect(page.locator('[data-kb-result][lang="zh-CN"]').first).to_be_visible()
    other = page.locator('[data-kb-result][lang="zh-CN"]').first.get_attribute("href")
    assert other is not None and other.startswith("../../zh-CN/entries/")


def test_header_search_box_leads_to_the_search_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/ro/entries/symantec-renewal-steps/")
    box = page.locator("[data-kb-header-search]")
    box.fill("reinnoire contract")
    box.press("Enter")
    expect(page).to_have_url(f"{site_url}/ro/search/?q=reinnoire+contract")
    expect(page.locator("[data-kb-result]").first).to_have_attribute(
        "data-kb-id", "symantec-renewal-steps"
    )


BAD_QUERIES = [
    "<img src=x onerror=window.__xss=1>",
    '"><script>window.__xss=1</script>',
    "le la les de des",
    "a.*b+?(c|d)[e]{2}\\",
    "😀🔥 sauvegarde",
    "x" * 10_000,
    "\ud800 lone \udfff surrogates",
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_queries_return_results_or_none_and_never_markup(
    page: Page, site_url: str, query: str
) -> None:
    page.goto(f"{site_url}/fr/search/")
    box = page.locator("[data-kb-search]")
    box.evaluate("(el, q) => { el.value = q; el.dispatchEvent(new Event('input')); }", query)
    status = page.locator("[data-kb-status]")
    expect(status).not_to_have_text(re.compile("^(Saisissez|Recherche…)"))
    assert page.evaluate("window.__xss") is None
    assert page.locator("[data-kb-search-page] img, [data-kb-results] script").count() == 0
    if "<img" in query:
        expect(status).to_contain_text(query)
