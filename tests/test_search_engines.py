"""What search engines and Lighthouse read in the head: every page type describes itself,
canonical and hreflang links are absolute when site_url is set, rel values are exact, and
the stylesheet keeps pages from shifting as content arrives (bench/lighthouse_bench.py
measures the rest)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.i18n import load_translations
from kbgen.render.root import site_description
from kbgen.site import build_site
from tests.conftest import ROOT, SmallProject
from tests.pages import find_all, page, parse

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]
BASE = "https://kb.example.org/help/"


def _description(doc: object) -> str:
    found = [
        m.get("content") or "" for m in find_all(doc, "meta") if m.get("name") == "description"
    ]  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_type_has_a_meta_description(shipped_site: Path, locale: str) -> None:
    for path in [
        "",
        "search/",
        "contact/",
        "eligibility/",
        "eligibility/table/",
        "categories/licensing/",
    ]:
        if (shipped_site / locale / path / "index.html").is_file():
            assert _description(page(shipped_site, f"{locale}/{path}")).strip(), path
    # The pages without a text of their own say what the site is, in their language.
    expected = site_description(load_translations(ROOT / "locales", locale))
    assert _description(page(shipped_site, f"{locale}/search/")) == expected
    assert _description(parse(shipped_site / locale / "404.html")) == expected


def test_the_root_pages_describe_the_site_in_the_default_language(shipped_site: Path) -> None:
    expected = site_description(load_translations(ROOT / "locales", "fr"))
    assert expected.startswith("Des réponses")
    for name in ("index.html", "404.html"):
        assert _description(parse(shipped_site / name)) == expected


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = SmallProject(tmp_path_factory.mktemp("engines"))
    config = project.config_file
    config.write_text(f"site_url: {BASE}\n" + config.read_text("utf-8"), "utf-8")
    site = project.root / "site"
    build_site(load_project(config), site)
    return site


def _links(doc: object) -> list[tuple[str, str | None, str]]:
    return [(e.get("rel") or "", e.get("hreflang"), e.get("href") or "") for e in doc.iter("link")]  # type: ignore[attr-defined]


def test_the_root_page_links_absolute_alternates_and_canonical(hosted: Path) -> None:
    links = _links(parse(hosted / "index.html"))
    assert ("canonical", None, BASE) in links
    alternates = {lang: href for rel, lang, href in links if rel == "alternate"}
    assert alternates == {"fr": f"{BASE}fr/", "pl": f"{BASE}pl/", "x-default": BASE}


def test_locale_pages_link_absolute_alternates_with_an_exact_rel(hosted: Path) -> None:
    for path in ["fr/", "fr/entries/software-copy/", "pl/search/", "fr/contact/"]:
        links = _links(page(hosted, path))
        assert ("canonical", None, BASE + path) in links
        hreflang = [(rel, href) for rel, lang, href in links if lang]
        assert hreflang, path
        for rel, href in hreflang:
            assert rel == "alternate", (path, rel)
            assert href.startswith(BASE), (path, href)


def test_without_site_url_the_root_alternates_stay_relative(shipped_site: Path) -> None:
    links = _links(parse(shipped_site / "index.html"))
    assert not [rel for rel, _lang, _href in links if rel == "canonical"]
    assert ("alternate", "fr", "fr/") in links


def test_the_stylesheet_keeps_pages_from_shifting() -> None:
    css = (ROOT / "theme" / "assets" / "kbgen.css").read_text("utf-8")
    section = css[css.index("/* Browsing: stability */") :]
    # The scrollbar's place is kept: a page that comes to scroll does not move sideways.
    assert re.search(r"html\s*\{\s*scrollbar-gutter:\s*stable;\s*\}", section)
    # The search results and the quiz fill in below a page that is already a window tall.
    assert re.search(r"\[data-kb-search-page\]\s*\{\s*min-height:\s*100vh;", section)
    assert re.search(r"\.md-content__inner:has\(> \.kb-quiz\)\s*\{\s*min-height:\s*100vh;", section)
