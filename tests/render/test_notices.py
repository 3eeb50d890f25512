"""Built pages: the outdated and fallback notices in the reader's language, and images."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import FAQ, SmallProject
from tests.helpers import kbgen
from tests.pages import find, find_all, page, text

POLISH = textwrap.indent(
    "pl:\n"
    "  updated: 2026-11-22\n"
    "  question: Czy mogę skopiować oprogramowanie?\n"
    "  answer: Możesz wykonać jedną kopię archiwalną.\n",
    "  ",
)


@pytest.fixture
def project(small_project: SmallProject) -> SmallProject:
    """software-copy in fr and pl (pl never marked, so outdated); only-french in fr only."""
    small_project.write(
        "content/entries/software-copy.yaml", FAQ.format(id="software-copy", related="[]") + POLISH
    )
    small_project.write(
        "content/entries/only-french.yaml",
        FAQ.format(id="only-french", related="[software-copy]").replace(
            "Puis-je faire une copie du logiciel ?", "Une question en français ?"
        ),
    )
    return small_project


def build(project: SmallProject, fallback: bool = False, site_url: str = "") -> Path:
    config = project.config_file
    if fallback:
        config.write_text(
            config.read_text("utf-8").replace(
                "locales: [fr, pl]", "locales: [fr, pl]\n      fallback_pages: true"
            )
        )
    if site_url:
        config.write_text(f"site_url: {site_url}\n" + config.read_text("utf-8"))
    site = project.root / "site"
    build_site(load_project(project.config_file), site, jobs=1)
    return site


def test_outdated_translation_says_so_in_the_readers_language(project: SmallProject) -> None:
    site = build(project)
    doc = page(site, "pl/entries/software-copy/")
    notice = find(doc, "div", **{"data-kb-notice": "outdated"})
    assert text(notice) == "To tłumaczenie może być nieaktualne. Zobacz oryginał (Français)"
    link = find(notice, "a")
    assert (link.get("href"), link.get("hreflang")) == ("../../../fr/entries/software-copy/", "fr")
    assert find(notice, "span").get("lang") == "fr"
    # The category page shows the answer inline, with the same notice.
    category = page(site, "pl/categories/licensing/")
    assert len(find_all(category, "div", **{"data-kb-notice": "outdated"})) == 1
    # The source, and a translation marked current, carry no notice.
    assert not find_all(
        page(site, "fr/entries/software-copy/"), "div", **{"data-kb-notice": "outdated"}
    )


def test_marked_translation_has_no_notice(project: SmallProject) -> None:
    kbgen("status", "--mark", "software-copy", "--locale", "pl", cwd=project.root)
    site = build(project)
    assert not [
        e for e in page(site, "pl/entries/software-copy/").iter() if e.get("data-kb-notice")
    ]


def test_no_fallback_pages_by_default(project: SmallProject) -> None:
    site = build(project)
    assert not (site / "pl/entries/only-french").exists()
    # The link goes to the French site, as before.
    doc = page(site, "pl/entries/software-copy/")
    assert not [e for e in doc.iter() if e.get("data-kb-notice") == "fallback"]


def test_fallback_pages_show_the_source_text_marked_with_its_language(
    project: SmallProject,
) -> None:
    site = build(project, fallback=True, site_url="https://kb.example.com/help/")
    doc = page(site, "pl/entries/only-french/")
    assert find(doc, "html").get("lang") == "pl"
    heading = find(doc, "h1")
    assert (text(heading), heading.get("lang")) == ("Une question en français ?", "fr")
    notice = find(doc, "div", **{"data-kb-notice": "fallback"})
    assert text(notice) == (
        "Ta strona nie została jeszcze przetłumaczona na Twój język; oto oryginał. (Français)"
    )
    answer = find(doc, "div", **{"class": "kb-answer"})
    assert answer.get("lang") == "fr"
    assert "Vous êtes autorisé" in text(answer)
    # The interface around it stays Polish, and the language menu stays on this page.
    assert "Ostatnia aktualizacja:" in text(find(doc, "div", **{"class": "kb-meta"}))
    menu = {
        a.get("data-kb-language"): a.get("href")
        for a in find_all(doc, "a")
        if a.get("data-kb-language")
    }
    assert menu == {
        "fr": "../../../fr/entries/only-french/",
        "pl": "../../../pl/entries/only-french/",
    }
    # Search engines index the French page, not its Polish stand-in.
    [robots] = [m for m in find_all(doc, "meta") if m.get("name") == "robots"]
    assert robots.get("content") == "noindex"
    hreflang = [link.get("hreflang") for link in find_all(doc, "link") if link.get("hreflang")]
    assert hreflang == ["fr", "x-default"]
    # Nor does a sitemap list it: neither the root one nor the locale's own.
    for sitemap in ("sitemap.xml", "pl/sitemap.xml"):
        urls = (site / sitemap).read_text("utf-8")
        assert "https://kb.example.com/help/pl/entries/software-copy/" in urls
        assert "https://kb.example.com/help/pl/entries/only-french/" not in urls
    assert "https://kb.example.com/help/fr/entries/only-french/" in (
        site / "fr/sitemap.xml"
    ).read_text("utf-8")
    source = page(site, "fr/entries/only-french/")
    assert not [m for m in find_all(source, "meta") if m.get("name") == "robots"]
    # Fallback pages are not listed: the home page counts the Polish entries only.
    assert text(find(page(site, "pl/"), "p", **{"class": "kb-count"})) == "1 wpis w tym języku"


def test_images_are_published_and_their_paths_rewritten(small_project: SmallProject) -> None:
    small_project.write("content/assets/screens/login.png", "not really a png")
    small_project.write(
        "content/entries/software-copy.yaml",
        FAQ.format(id="software-copy", related="[]").replace(
            "des fins d'archivage.",
            "des fins d'archivage.\n\n"
            '      ![Écran de connexion](screens/login.png "Connexion")\n\n'
            "      ![Logo](https://example.com/logo.png)",
        ),
    )
    site = build(small_project)
    for locale in ("fr", "pl"):
        assert (site / locale / "media/screens/login.png").read_text() == "not really a png"
    images = find_all(page(site, "fr/entries/software-copy/"), "img")
    assert [(i.get("src"), i.get("alt"), i.get("title")) for i in images] == [
        ("../../media/screens/login.png", "Écran de connexion", "Connexion"),
        ("https://example.com/logo.png", "Logo", None),
    ]
    category = find_all(page(site, "fr/categories/licensing/"), "img")
    assert category[0].get("src") == "../../media/screens/login.png"
    assert not list(site.glob("*/assets/screens"))
