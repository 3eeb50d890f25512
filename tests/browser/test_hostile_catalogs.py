"""Translations are text: hostile catalog strings show as text and never run, with the
Content-Security-Policy and without it. The policy lists exactly the scripts that kbgen
and the theme wrote."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import copy_project, serve_directory, translate
from tests.helpers import RESULTS

#: Strings shown on entry pages, the quiz, its table, the search page and the header.
HOSTILE = {
    "Last updated:": '"><script>window.x=1</script>',
    "Category:": '<svg onload="window.x=1">',
    "Your options": '<img src=x onerror="window.x=1">',
    "Back to the quiz": "</a><script>window.x=1</script>",
    "All categories": '</option><option value="javascript:window.x=1">x',
    "Search the knowledge base": '<a href="javascript:window.x=1">s</a>',
    "No results for “%(query)s”.": '<img src=x onerror="window.x=1"> %(query)s',
    "Search": '"><svg onload="window.x=1">',
}
QUIZ = RESULTS["fr"]
INJECTED = "svg[onload], img[onerror], option[value^='javascript'], a[href^='javascript']"


@pytest.fixture(scope="module", params=[True, False], ids=["policy", "no-policy"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Iterator[str]:
    root = copy_project(tmp_path_factory.mktemp("hostile-catalogs"))
    translate(root / "locales", "fr", HOSTILE)
    # The copy has no git history: the entry gives its own date, so that its page shows
    # the "Last updated:" line, whose translation is hostile.
    entry = root / "content/entries/acronis-advantage/acronis-free-support.yaml"
    text = entry.read_text("utf-8").replace("\n  fr:\n", "\n  fr:\n    updated: 2026-11-22\n", 1)
    entry.write_text(text, "utf-8")
    if not request.param:
        config = root / "mkdocs.yml"
        text = config.read_text("utf-8")
        config.write_text(
            text.replace(
                "      default_locale:",
                "      content_security_policy: false\n      default_locale:",
            ),
            "utf-8",
        )
    # `kbgen check` refuses these catalogs (KB304); escaping must hold without that check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kbgen.i18n._message_problems", lambda message, lines: iter(()))
        project = load_project(root / "mkdocs.yml")
        assert project.options.content_security_policy is request.param
        build_site(project, root / "site", locales=["fr"], jobs=1, use_cache=False)
    server, url = serve_directory(root / "site")
    yield url
    server.shutdown()


def visit(browser: Browser, url: str) -> Page:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.x") == "undefined"
    assert dialogs == []
    assert page.locator(INJECTED).count() == 0
    scripts = page.locator("script:not([type]), script[type=module]").evaluate_all(
        "ss => ss.map(s => s.textContent)"
    )
    assert not [text for text in scripts if "window.x" in text]
    return page


def test_an_entry_page_shows_its_translations_as_text(browser: Browser, hostile_site: str) -> None:
    page = visit(browser, f"{hostile_site}/fr/entries/acronis-free-support/")
    meta = page.locator(".kb-meta").inner_text()
    assert HOSTILE["Last updated:"] in meta
    assert HOSTILE["Category:"] in meta
    assert page.locator("[data-kb-header-search]").get_attribute("placeholder") == HOSTILE["Search"]
    page.close()


def test_the_quiz_and_its_table_show_their_translations_as_text(
    browser: Browser, hostile_site: str
) -> None:
    page = visit(browser, f"{hostile_site}/fr/eligibility/table/")
    for head in page.locator("thead").all():  # one table per programme
        assert HOSTILE["Your options"] in head.inner_text()
    assert HOSTILE["Back to the quiz"] in page.locator(".kb-quiz__back").inner_text()
    page.close()
    page = visit(browser, f"{hostile_site}/fr/eligibility/?{QUIZ}")
    page.wait_for_selector("[data-kb-outcome]")
    assert HOSTILE["Your options"] in page.locator("[data-kb-quiz-result]").inner_text()
    page.close()


def test_the_search_page_shows_its_translations_as_text(
    browser: Browser, hostile_site: str
) -> None:
    page = visit(browser, f"{hostile_site}/fr/search/?q=zzzzqqq")
    page.wait_for_selector("[data-kb-status]:not(:empty)")
    assert page.locator("[data-kb-status]").inner_text() == HOSTILE[
        "No results for “%(query)s”."
    ].replace("%(query)s", "zzzzqqq")
    options = page.locator("[data-kb-filter=category] option").all_inner_texts()
    assert options[0] == HOSTILE["All categories"]
    assert page.locator(".kb-search__label").inner_text() == HOSTILE["Search the knowledge base"]
    assert page.evaluate("typeof window.x") == "undefined"
    page.close()


def _hashes(page: Page) -> tuple[set[str], set[str]]:
    """The script hashes that a page's policy lists, and those of its inline scripts."""
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    listed = set(re.findall(r"'sha256-([^']+)'", policy or ""))
    texts: list[str] = page.evaluate(
        """() => [...document.querySelectorAll("script:not([src])")]
            .filter(s => ["", "text/javascript", "module"].includes(s.type))
            .map(s => s.textContent)"""
    )
    found = {base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in texts}
    return listed, found


@pytest.mark.parametrize(
    "path", ["/", "/404.html", "/fr/", "/fr/entries/acronis-free-support/", "/fr/search/"]
)
def test_the_policy_lists_exactly_the_scripts_kbgen_and_the_theme_wrote(
    browser: Browser, site_url: str, path: str
) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}{path}?choose")
    listed, found = _hashes(page)
    assert listed == found
    assert listed  # the theme's scripts (the root pages: kbgen's own)
    page.close()


def test_the_policy_does_not_list_a_script_that_was_injected() -> None:
    from kbgen.render.policy import OwnScripts, with_policy

    own = OwnScripts()
    template = "<head><meta charset=utf-8></head><p>{}</p>{}"
    written = own.inline(lambda: "go()")
    page = with_policy(template.format("<script>window.x=1</script>", written), own.texts)
    listed = set(re.findall(r"'sha256-([^']+)'", page))
    assert listed == {base64.b64encode(hashlib.sha256(b"go()").digest()).decode()}


def test_the_policy_hashes_come_from_the_templates(tmp_path: Path) -> None:
    """A theme script is listed because the theme's partial wrote it for this page."""
    from jinja2 import DictLoader, Environment

    from kbgen.render.policy import ThemeScripts

    env = Environment(
        loader=DictLoader({"partials/javascripts/base.html": "<script>s({{ base_url }})</script>"})
    )

    class Theme(dict[str, Any]):
        pass

    class Config:
        theme = Theme()

    assert ThemeScripts(env).of({"config": Config(), "base_url": "../.."}) == ["s(../..)"]


def test_theme_scripts_that_read_only_the_depth_are_rendered_once_a_depth() -> None:
    """Material's script partials are the same on every page at one depth; a partial
    that reads the page (an override, say) is rendered for each page."""
    from dataclasses import dataclass

    from jinja2 import DictLoader, Environment

    from kbgen.render.policy import ThemeScripts

    env = Environment(
        loader=DictLoader(
            {
                "partials/javascripts/base.html": "<script>s({{ base_url }})</script>",
                "partials/javascripts/content.html": "<script>p({{ page.url }})</script>",
            }
        )
    )

    class Theme(dict[str, Any]):
        pass

    class Config:
        theme = Theme()

    @dataclass
    class Page:
        url: str

    scripts = ThemeScripts(env)
    one = scripts.of({"config": Config(), "base_url": "..", "page": Page("a/")})
    two = scripts.of({"config": Config(), "base_url": "..", "page": Page("b/")})
    deeper = scripts.of({"config": Config(), "base_url": "../..", "page": Page("c/d/")})
    assert (one, two, deeper) == (["s(..)", "p(a/)"], ["s(..)", "p(b/)"], ["s(../..)", "p(c/d/)"])
    assert sorted(scripts._kept) == [(0, ".."), (0, "../..")]
