"""Browsing like a help centre: a category's questions in the writers' order, collapsed
with a one-line summary; an entry's place (home › category › entry), also as data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest

from kbgen.build import load_project
from kbgen.errors import ContentError
from kbgen.project import load_knowledge_base
from kbgen.site import build_site
from tests.conftest import SmallProject, run_kbgen
from tests.pages import find, find_all, page, text


def faq(entry_id: str, question: str, related: str = "[]", order: str = "") -> str:
    return (
        f"id: {entry_id}\nkind: faq\ncategory: licensing\nrelated: {related}\n{order}"
        "source_locale: fr\ntranslations:\n  fr:\n    updated: 2026-11-22\n"
        f"    question: {question}\n    answer: |\n"
        f"      La réponse à « {question} » commence ici. Puis elle continue.\n"
    )


@pytest.fixture
def ordered(small_project: SmallProject) -> SmallProject:
    """Five questions: two placed by the writers, three by how often others name them."""
    (small_project.root / "content/entries/software-copy.yaml").unlink()
    write = small_project.write
    write("content/entries/zeta.yaml", faq("zeta", "Zeta ?", order="order: 2\n"))
    write("content/entries/alpha.yaml", faq("alpha", "Alpha ?"))
    write("content/entries/beta.yaml", faq("beta", "Beta ?", related="[alpha]"))
    write("content/entries/gamma.yaml", faq("gamma", "Gamma ?", "[beta, delta]", "order: 1\n"))
    write("content/entries/delta.yaml", faq("delta", "Delta ?", related="[beta]"))
    return small_project


def build(project: SmallProject, site_url: str = "") -> Path:
    if site_url:
        config = project.config_file
        config.write_text(f"site_url: {site_url}\n" + config.read_text("utf-8"))
    site = project.root / "site"
    build_site(load_project(project.config_file), site, jobs=1)
    return site


def test_category_lists_writers_order_then_most_named_then_title(ordered: SmallProject) -> None:
    site = build(ordered)
    doc = page(site, "fr/categories/licensing/")
    items = find_all(doc, "details", **{"class": "kb-question"})
    # order 1, order 2; then beta (named twice), alpha and delta (once each) by title.
    assert [item.get("data-kb-faq") for item in items] == [
        "gamma",
        "zeta",
        "beta",
        "alpha",
        "delta",
    ]
    # Each collapsed: the question (its #id deep link) and one line of the answer.
    first = items[0]
    assert first.get("open") is None
    summary = find(first, "summary")
    assert find(summary, "h3").get("id") == "gamma"
    assert text(find(summary, "h3")) == "Gamma ?"
    assert text(find(summary, "span", **{"class": "kb-question__summary"})) == (
        "La réponse à « Gamma ? » commence ici. Puis elle continue."
    )
    answer = find(first, "div", **{"class": "kb-answer"})
    assert "Puis elle continue." in text(answer)
    assert find(answer, "a").get("href") == "../../entries/gamma/"
    # The page loads the script that opens the item a link names (as every page does).
    scripts = [s.get("src") for s in doc.iter("script") if s.get("src")]
    assert "../../assets/kbgen/questions.js" in scripts
    assert (site / "fr/assets/kbgen/questions.js").is_file()


def test_shipped_categories_put_the_most_named_entries_first(shipped_site: Path) -> None:
    kb_related: dict[str, int] = {}
    for path in (Path(__file__).parent.parent / "content/entries").rglob("*.yaml"):
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("related: ["):
                for other in line.removeprefix("related: [").rstrip("]").split(","):
                    if other.strip():
                        kb_related[other.strip()] = kb_related.get(other.strip(), 0) + 1
    doc = page(shipped_site, "fr/categories/support-plans/")
    ids = [item.get("data-kb-faq") or "" for item in find_all(doc, "details")]
    counts = [kb_related.get(entry_id, 0) for entry_id in ids]
    assert len(ids) > 10
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > counts[-1]


def test_order_must_be_a_whole_number(ordered: SmallProject) -> None:
    ordered.write("content/entries/alpha.yaml", faq("alpha", "Alpha ?", order="order: first\n"))
    result = run_kbgen("check", cwd=ordered.root)
    assert result.returncode == 1
    assert "content/entries/alpha.yaml:5" in result.stdout + result.stderr
    assert "order" in result.stdout + result.stderr


def test_two_entries_in_the_same_place_are_a_warning(ordered: SmallProject) -> None:
    ordered.write("content/entries/alpha.yaml", faq("alpha", "Alpha ?", order="order: 2\n"))
    try:
        kb = load_knowledge_base(ordered.root / "content", ("fr", "pl"), ordered.root)
    except ContentError as error:  # pragma: no cover - a failure shows the problems
        raise AssertionError(error.problems) from None
    assert [str(p) for p in kb.warnings] == [
        "content/entries/alpha.yaml:5: warning KB208: order: order 2 is also that of zeta in "
        "category 'licensing': give each entry its own place",
        "content/entries/zeta.yaml:5: warning KB208: order: order 2 is also that of alpha in "
        "category 'licensing': give each entry its own place",
    ]


def test_an_entry_that_takes_another_s_place_warns_about_both_at_the_next_load(
    ordered: SmallProject,
) -> None:
    """The other entry's file is unchanged: its findings cannot come from the last load."""
    from kbgen.source import ParsedFiles

    parsed = ParsedFiles()
    first = load_knowledge_base(ordered.root / "content", ("fr", "pl"), ordered.root, None, parsed)
    assert not [p for p in first.warnings if p.code == "KB208"]
    ordered.write("content/entries/alpha.yaml", faq("alpha", "Alpha ?", order="order: 2\n"))
    parsed = ParsedFiles(parsed.used)
    again = load_knowledge_base(ordered.root / "content", ("fr", "pl"), ordered.root, None, parsed)
    assert sorted(p.path for p in again.warnings if p.code == "KB208") == [
        "content/entries/alpha.yaml",
        "content/entries/zeta.yaml",
    ]


def test_schema_describes_order() -> None:
    schema = json.loads(
        (Path(__file__).parent.parent / "kbgen/schema/entry.schema.json").read_text("utf-8")
    )
    order = schema["$defs"]["FaqEntry"]["properties"]["order"]
    assert {"type": "integer"} in order["anyOf"]
    assert order["description"].startswith("Where the entry comes in its category's lists")


def breadcrumbs(doc: Element) -> tuple[list[tuple[str, str | None]], dict[str, Any]]:
    nav = find(doc, "nav", **{"class": "kb-breadcrumbs"})
    links = [
        (text(li), (li.find("a").get("href") if li.find("a") is not None else None))
        for li in nav.iter("li")
    ]
    [data] = [
        json.loads(s.text or "")
        for s in doc.iter("script")
        if s.get("type") == "application/ld+json" and "BreadcrumbList" in (s.text or "")
    ]
    return links, data


def test_entry_page_shows_its_place_and_says_it_as_data(shipped_site: Path) -> None:
    doc = page(shipped_site, "pl/entries/ms-response-times/")
    links, data = breadcrumbs(doc)
    title = text(find(doc, "h1"))
    assert links == [
        ("Strona główna", "../../"),
        ("Zgłoszenia, incydenty i poziomy ważności", "../../categories/cases-and-severity/"),
        (title, None),
    ]
    nav = find(doc, "nav", **{"class": "kb-breadcrumbs"})
    assert nav.get("aria-label") == "Ścieżka strony"
    assert find(nav, "span").get("aria-current") == "page"
    # Without site_url, the data's URLs are relative to the page.
    assert data["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in data["itemListElement"]] == [
        (1, "Strona główna", "../../"),
        (2, "Zgłoszenia, incydenty i poziomy ważności", "../../categories/cases-and-severity/"),
        (3, title, "./"),
    ]


def test_breadcrumb_data_is_absolute_with_a_site_url(ordered: SmallProject) -> None:
    site = build(ordered, site_url="https://kb.example.com/help/")
    _links, data = breadcrumbs(page(site, "fr/entries/beta/"))
    assert [i["item"] for i in data["itemListElement"]] == [
        "https://kb.example.com/help/fr/",
        "https://kb.example.com/help/fr/categories/licensing/",
        "https://kb.example.com/help/fr/entries/beta/",
    ]


def test_locale_lacking_an_entry_has_a_page_saying_so(small_project: SmallProject) -> None:
    site = build(small_project, site_url="https://kb.example.com/")
    doc = page(site, "pl/missing/software-copy/")
    assert find(doc, "html").get("lang") == "pl"
    assert text(find(doc, "h1")) == "Ten wpis nie jest dostępny w tym języku"
    robots = [m.get("content") for m in doc.iter("meta") if m.get("name") == "robots"]
    assert robots == ["noindex"]
    offers = find_all(doc, "li", **{"data-kb-offer": "fr"})
    assert [(a.get("href"), a.get("lang"), text(a)) for o in offers for a in o.iter("a")] == [
        ("../../../fr/entries/software-copy/", "fr", "Puis-je faire une copie du logiciel ?")
    ]
    # The French entry's menu leads there, saying so in French.
    menu = find(page(site, "fr/entries/software-copy/"), "ul", **{"data-kb-languages": ""})
    polish = find(menu, "a", **{"data-kb-language": "pl"})
    assert polish.get("href") == "../../../pl/missing/software-copy/"
    assert text(polish) == "Polski (non traduit)"
    # A category this locale lacks still leads to its home page, saying so.
    menu = find(page(site, "fr/categories/licensing/"), "ul", **{"data-kb-languages": ""})
    polish = find(menu, "a", **{"data-kb-language": "pl"})
    assert (polish.get("href"), text(polish)) == (
        "../../../pl/",
        "Polski (non traduit : page d'accueil)",
    )
    # Search engines are not sent there.
    for sitemap in ("sitemap.xml", "pl/sitemap.xml", "fr/sitemap.xml"):
        assert "missing/" not in (site / sitemap).read_text("utf-8"), sitemap


def test_with_fallback_pages_no_page_says_an_entry_is_missing(
    small_project: SmallProject,
) -> None:
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8").replace(
            "locales: [fr, pl]", "locales: [fr, pl]\n      fallback_pages: true"
        )
    )
    site = build(small_project)
    assert not (site / "pl/missing").exists()
    assert (site / "pl/entries/software-copy/index.html").is_file()
