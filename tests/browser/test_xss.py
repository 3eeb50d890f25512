"""Markup from content, page titles, search queries and snippets never runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import SmallProject, serve_directory
from tests.helpers import PAYLOADS

DESCRIPTION_PAYLOAD = '"&gt;&lt;img src=x onerror="window.__xss = 1"&gt;'

ENTRY = """\
id: hostile
kind: faq
category: licensing
products: [acme]
tags: []
related: []
source_locale: fr
translations:
  fr:
    updated: 2026-11-22
    question: {question}
    answer: |
{answer}
    keywords: [{keyword}]
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile")
    project = SmallProject(root)
    answer = "\n\n".join(f"      Payload {n}: {p}" for n, p in enumerate(PAYLOADS))
    # Text (escaped in Markdown) that would break out of an attribute: the page's description.
    answer = f"      {DESCRIPTION_PAYLOAD}\n\n{answer}"
    project.write(
        "content/entries/hostile.yaml",
        ENTRY.format(
            question='"Titre <script>window.__xss = 1</script> <img src=x onerror=window.__xss=1>"',
            answer=answer,
            keyword='"<img src=x onerror=window.__xss=1>"',
        ),
    )
    # Escaping must hold on its own: the Content-Security-Policy, the second line, is off.
    with project.config_file.open("a", encoding="utf-8") as handle:
        handle.write("      content_security_policy: false\n")
    site = root / "site"
    build_site(load_project(project.config_file), site)
    server, url = serve_directory(site)
    yield url
    server.shutdown()


def visit(browser: Browser, url: str) -> Page:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    return page


def test_content_payloads_are_inert_on_entry_and_category_pages(
    browser: Browser, hostile_site: str
) -> None:
    for path in ["fr/entries/hostile/", "fr/categories/licensing/", "fr/"]:
        page = visit(browser, f"{hostile_site}/{path}")
        hostile = "article script:not([type='application/ld+json']), article img, article svg, article iframe"
        assert page.locator(hostile).count() == 0
        links = page.locator("article a").evaluate_all(
            "as => as.map(a => a.getAttribute('href') || '')"
        )
        assert not [h for h in links if h.lower().startswith("javascript")]
        page.close()


def test_description_is_text(browser: Browser, hostile_site: str) -> None:
    page = visit(browser, f"{hostile_site}/fr/entries/hostile/")
    text = '"><img src=x onerror="window.__xss = 1">'
    for meta in ["meta[name=description]", "meta[property='og:description']"]:
        assert page.locator(meta).get_attribute("content", timeout=1000).startswith(text)
    assert page.locator("head img").count() == 0
    page.close()


def test_title_is_text(browser: Browser, hostile_site: str) -> None:
    page = visit(browser, f"{hostile_site}/fr/entries/hostile/")
    assert "<script>" in page.locator("h1").inner_text()
    assert "<script>" in page.title()
    page.close()


@pytest.mark.parametrize(
    "query", ["<img src=x onerror=window.__xss=1>", "script window", "onerror", "payload"]
)
def test_search_queries_and_snippets_are_text(
    browser: Browser, hostile_site: str, query: str
) -> None:
    page = visit(browser, f"{hostile_site}/fr/search/?q={quote(query)}")
    page.wait_for_selector("[data-kb-status]:not(:empty)")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    assert (
        page.locator(
            "[data-kb-results] img, [data-kb-results] script, [data-kb-status] img"
        ).count()
        == 0
    )
    page.close()


def test_sanitized_html_keeps_safe_formatting(tmp_path: Path) -> None:
    from kbgen.render.markdown import sanitize

    assert sanitize('<p><strong>ok</strong> <a href="https://x.org" onclick="y()">x</a></p>') == (
        '<p><strong>ok</strong> <a href="https://x.org" rel="noopener noreferrer">x</a></p>'
    )
