"""Every page type of every locale fits a phone and a desktop screen, in Chromium.

A page that is wider than the screen scrolls sideways, which readers on a phone take
for a broken page: ``document.documentElement.scrollWidth`` never exceeds the
viewport. Wide tables scroll inside their own box instead, which keyboard readers
can reach.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import SmallProject, serve_directory

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
#: An FAQ answer that places a table, and an article that does.
TABLE_FAQ = "ms-response-times"
TABLE_ARTICLE = "handbook-support-offerings-table-a"

_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""}`);
  return { scrollWidth: document.documentElement.scrollWidth, wide };
}"""


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    yield page
    context.close()


def assert_fits(page: Page, what: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    found = page.evaluate(_OVERFLOW)
    assert found["scrollWidth"] <= width, f"{what}: {found['scrollWidth']} px wide: {found['wide']}"


def page_types(site_url: str, locale: str) -> dict[str, str]:
    base = f"{site_url}/{locale}/"
    return {
        "home": base,
        "category": base + "categories/licensing/",
        "entry": base + "entries/license-software-copy/",
        "entry with a table": base + f"entries/{TABLE_FAQ}/",
        "article with tables": base + f"entries/{TABLE_ARTICLE}/",
        "quiz": base + "eligibility/",
        "decision table": base + "eligibility/table/",
        "contact": base + "contact/",
        "404": base + "404.html",
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_type_scrolls_sideways(screen: Page, site_url: str, locale: str) -> None:
    for kind, url in page_types(site_url, locale).items():
        screen.goto(url)
        assert_fits(screen, f"{locale} {kind}")
    # Search with results: the title of an entry as the query.
    screen.goto(f"{site_url}/{locale}/entries/{TABLE_FAQ}/")
    query = screen.locator("h1").inner_text().strip()
    screen.goto(f"{site_url}/{locale}/search/?q={quote(query)}")
    expect(screen.locator("[data-kb-result]").first).to_be_visible()
    assert_fits(screen, f"{locale} search results")
    # The language menu, open, stays on screen too.
    screen.locator(".md-header__option .md-select button").click()
    menu = screen.locator(".md-header__option .md-select__inner")
    expect(screen.locator('[data-kb-language="pl"]')).to_be_visible()
    assert_within_screen(screen, menu.bounding_box(), f"{locale} language menu")
    assert_fits(screen, f"{locale} search results, language menu open")


def test_root_pages_fit(screen: Page, site_url: str) -> None:
    for url in (f"{site_url}/?choose", f"{site_url}/404.html"):
        screen.goto(url)
        assert_fits(screen, url)


def assert_within_screen(page: Page, box: dict[str, float] | None, what: str) -> None:
    assert box is not None, what
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{what}: {box}"


def test_wide_tables_scroll_in_their_own_box(screen: Page, site_url: str) -> None:
    screen.goto(f"{site_url}/fr/eligibility/table/")
    box = screen.locator(".kb-decision-table").first
    sizes = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1], "the decision table is wider than both screens"
    assert_fits(screen, "decision table")

    screen.goto(f"{site_url}/pl/entries/{TABLE_FAQ}/")
    table = screen.locator(".kb-table").first
    expect(table).to_have_attribute("role", "region")
    expect(table).to_have_attribute("tabindex", "0")
    expect(table).to_have_attribute("aria-label", "Czas odpowiedzi według ważności")


LONG_URL = "https://example.com/" + "very-long-path-segment-" * 12 + "end"
WIDE_TABLE = (
    "| " + " | ".join(f"Colonne{n}" for n in range(14)) + " |\n"
    "|" + "---|" * 14 + "\n"
    "| " + " | ".join("Supercalifragilisticexpialidocious" for _ in range(14)) + " |\n"
)


@pytest.fixture(scope="module")
def awkward_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose answer holds an unbroken URL, a very long word and a wide Markdown table."""
    project = SmallProject(tmp_path_factory.mktemp("awkward"))
    # The site's styles, as the shipped configuration names them.
    with project.config_file.open("a", encoding="utf-8") as config:
        config.write("extra_css:\n  - assets/kbgen.css\n")
    answer = (
        f"Voir {LONG_URL} ou Anticonstitutionnellementanticonstitutionnellementencore.\n\n"
        + WIDE_TABLE
    )
    indented = "\n".join("      " + line for line in answer.splitlines())
    project.write(
        "content/entries/awkward.yaml",
        "id: awkward\nkind: faq\ncategory: licensing\nsource_locale: fr\ntranslations:\n"
        "  fr:\n    updated: 2026-11-22\n    question: Une question ?\n    answer: |\n"
        f"{indented}\n",
    )
    out = project.root / "site"
    build_site(load_project(project.config_file), out, strict=False)
    server, url = serve_directory(out)
    yield url
    server.shutdown()


def test_long_words_urls_and_markdown_tables_stay_in_the_page(
    screen: Page, awkward_site: str
) -> None:
    # On the category page, the question opened (its #id) shows the same answer.
    for url in (
        f"{awkward_site}/fr/entries/awkward/",
        f"{awkward_site}/fr/categories/licensing/#awkward",
    ):
        screen.goto(url)
        assert_fits(screen, url)
        table = screen.locator(".md-typeset .kb-table").first
        expect(table).to_have_attribute("role", "region")
        expect(table).to_have_attribute("aria-label", "Tableau")
        expect(screen.get_by_role("link", name=LONG_URL)).to_be_visible()
        # Keyboard readers scroll the table: its box takes the focus, the arrow keys move it.
        assert table.evaluate("el => el.scrollWidth > el.clientWidth")
        table.focus()
        screen.keyboard.press("ArrowRight")
        expect(table).to_be_focused()
        screen.wait_for_function("el => el.scrollLeft > 0", arg=table.element_handle())


def test_tables_box_is_in_the_page_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}/zh-TW/entries/{TABLE_ARTICLE}/")
    assert_fits(page, "zh-TW article with tables, no JavaScript")
    expect(page.locator(".kb-table[role=region]").first).to_be_attached()
    context.close()


# -- a category's questions: collapsed, opening in place ------------------------------


def test_questions_open_in_place_and_deep_links_open_theirs(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    category = f"{site_url}/fr/categories/licensing/"
    page.goto(category)
    items = page.locator("details.kb-question")
    assert items.count() > 5
    expect(page.locator("details.kb-question[open]")).to_have_count(0)
    answer = page.locator("details[data-kb-faq='license-software-copy'] .kb-answer")
    expect(answer).to_be_hidden()
    # A reader taps a question: its answer opens under it, and the address names it.
    page.locator("#license-software-copy").click()
    expect(answer).to_be_visible()
    expect(answer).to_contain_text("archivage")
    expect(page).to_have_url(category + "#license-software-copy")
    # A link to another question opens that one, on arrival and when the hash changes.
    page.goto(category + "#license-multiple-os")
    other = page.locator("details[data-kb-faq='license-multiple-os']")
    expect(other).to_have_attribute("open", "")
    assert other.locator("summary").evaluate("el => el.getBoundingClientRect().top") < 844
    page.evaluate("location.hash = '#license-virtual-servers'")
    expect(page.locator("details[data-kb-faq='license-virtual-servers']")).to_have_attribute(
        "open", ""
    )
    context.close()


def test_deep_link_shows_its_answer_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/fr/categories/licensing/#license-multiple-os")
    expect(page.locator("details[data-kb-faq='license-multiple-os'] .kb-answer")).to_be_visible()
    expect(page.locator("details[data-kb-faq='license-software-copy'] .kb-answer")).to_be_hidden()
    context.close()


# -- the language menu ----------------------------------------------------------------

OWN_NAMES = ["中文 (繁體)", "中文 (简体)", "Français", "Română", "Polski"]


def test_language_menu_is_on_screen_in_own_names_with_the_current_marked(
    screen: Page, site_url: str
) -> None:
    screen.goto(f"{site_url}/ro/entries/{TABLE_FAQ}/")
    screen.locator(".md-header__option .md-select button").click()
    links = screen.locator("[data-kb-languages] a[data-kb-language]")
    expect(links).to_have_text(OWN_NAMES)
    for index in range(links.count()):
        expect(links.nth(index)).to_be_visible()
        assert_within_screen(screen, links.nth(index).bounding_box(), f"item {index}")
    expect(screen.locator("[data-kb-languages] [aria-current=page]")).to_have_count(1)
    expect(screen.locator("[data-kb-languages] [aria-current=page]")).to_have_attribute(
        "data-kb-language", "ro"
    )


def test_root_remembers_the_language_picked_in_a_pages_menu(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{site_url}/")
    expect(page).to_have_url(f"{site_url}/fr/")
    page.goto(f"{site_url}/fr/entries/license-software-copy/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('[data-kb-languages] [data-kb-language="pl"]').click()
    expect(page).to_have_url(f"{site_url}/pl/entries/license-software-copy/")
    # The browser asks for French; the reader chose Polish, and the root page remembers.
    page.goto(f"{site_url}/")
    expect(page).to_have_url(f"{site_url}/pl/")
    context.close()


@pytest.fixture(scope="module")
def partly_translated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """fr and pl; the entry software-copy in French only."""
    project = SmallProject(tmp_path_factory.mktemp("partly"))
    with project.config_file.open("a", encoding="utf-8") as config:
        config.write("extra_css:\n  - assets/kbgen.css\n")
    out = project.root / "site"
    build_site(load_project(project.config_file), out, strict=False)
    server, url = serve_directory(out)
    yield url
    server.shutdown()


def test_picking_a_language_that_lacks_the_entry_says_so_and_offers_it(
    screen: Page, partly_translated_site: str
) -> None:
    site = partly_translated_site
    screen.goto(f"{site}/fr/entries/software-copy/")
    screen.locator(".md-header__option .md-select button").click()
    polish = screen.locator('[data-kb-languages] [data-kb-language="pl"]')
    expect(polish).to_contain_text("Polski")
    expect(polish.locator(".kb-untranslated")).to_have_text("(non traduit)")
    polish.click()
    expect(screen).to_have_url(f"{site}/pl/missing/software-copy/")
    expect(screen.locator("html")).to_have_attribute("lang", "pl")
    expect(screen.locator("h1")).to_have_text("Ten wpis nie jest dostępny w tym języku")
    expect(screen.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    offer = screen.locator("[data-kb-offer=fr] a")
    expect(offer).to_have_text("Puis-je faire une copie du logiciel ?")
    expect(offer).to_have_attribute("lang", "fr")
    assert_fits(screen, "missing page")
    offer.click()
    expect(screen).to_have_url(f"{site}/fr/entries/software-copy/")


def test_missing_page_works_without_javascript(
    browser: Browser, partly_translated_site: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{partly_translated_site}/fr/entries/software-copy/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('[data-kb-languages] [data-kb-language="pl"]').click()
    expect(page).to_have_url(f"{partly_translated_site}/pl/missing/software-copy/")
    expect(page.locator("[data-kb-offer=fr] a")).to_be_visible()
    context.close()


# -- typography -------------------------------------------------------------------------


def test_each_chinese_script_gets_its_own_system_fonts(browser: Browser, site_url: str) -> None:
    page = browser.new_page()
    font = "el => getComputedStyle(el).fontFamily"
    page.goto(f"{site_url}/zh-TW/")
    traditional = page.locator("h1").evaluate(font)
    assert "PingFang TC" in traditional and "Microsoft JhengHei" in traditional
    assert "PingFang SC" not in traditional
    page.goto(f"{site_url}/zh-CN/")
    simplified = page.locator("h1").evaluate(font)
    assert "PingFang SC" in simplified and "Microsoft YaHei" in simplified
    # On a French page, each language of the menu shows in its own script's faces.
    page.goto(f"{site_url}/fr/")
    assert "PingFang TC" in page.locator('[data-kb-language="zh-TW"]').evaluate(font)
    assert "PingFang SC" in page.locator('[data-kb-language="zh-CN"]').evaluate(font)
    assert "PingFang" not in page.locator("h1").evaluate(font)
    # No web font is fetched: the reader's own fonts only.
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site_url}/zh-CN/entries/{TABLE_FAQ}/")
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if "font" in url] == []
    page.close()
