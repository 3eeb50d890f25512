"""Output fit to publish: reproducible, safe to serve, with sitemap and robots.txt."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kbgen.site import build_site, load_project
from tests.conftest import SmallProject
from tests.test_site import tree_digest


def test_two_builds_are_byte_identical_with_source_date_epoch(
    small_project: SmallProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    config = small_project.config_file
    config.write_text(config.read_text("utf-8") + "site_url: https://kb.example.org/\n", "utf-8")
    project = load_project(config)
    first = small_project.root / "one"
    second = small_project.root / "two"
    build_site(project, first, jobs=1)
    build_site(project, second, jobs=2)
    assert tree_digest(first) == tree_digest(second)
    sitemap = (first / "fr" / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2026-01-01</lastmod>" in sitemap


def test_sitemap_has_alternates_and_x_default(small_project: SmallProject) -> None:
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8") + "site_url: https://kb.example.org/help/\n", "utf-8"
    )
    site = small_project.root / "site"
    build_site(load_project(config), site)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    entry = urls["https://kb.example.org/help/fr/entries/software-copy/"]
    links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert links == {
        "fr": "https://kb.example.org/help/fr/entries/software-copy/",
        "x-default": "https://kb.example.org/help/",
    }
    home = {
        link.get("hreflang")
        for link in urls["https://kb.example.org/help/pl/"].findall("x:link", ns)
    }
    assert home == {"fr", "pl", "x-default"}
    assert (site / "robots.txt").read_text("utf-8") == (
        "User-agent: *\nAllow: /\nSitemap: https://kb.example.org/help/sitemap.xml\n"
    )


def test_robots_without_site_url(small_project: SmallProject, tmp_path: Path) -> None:
    build_site(load_project(small_project.config_file), tmp_path / "out")
    assert (tmp_path / "out" / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"
    assert not (tmp_path / "out" / "sitemap.xml").exists()
    assert os.environ.get("SOURCE_DATE_EPOCH") is None


def faq_data(site: Path, path: str) -> list[dict[str, object]]:
    import json

    from tests.pages import find_all, page

    scripts = find_all(page(site, path), "script", type="application/ld+json")
    return [json.loads(s.text or "") for s in scripts]


def test_faq_pages_carry_faqpage_json_ld(shipped_site: Path) -> None:
    [data] = faq_data(shipped_site, "fr/entries/license-software-copy/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    [question] = data["mainEntity"]  # type: ignore[misc]
    assert question["@type"] == "Question"
    assert question["name"] == "Puis-je faire une copie du logiciel ?"
    assert question["acceptedAnswer"]["@type"] == "Answer"
    assert "à des fins d'archivage" in question["acceptedAnswer"]["text"]
    [category] = faq_data(shipped_site, "fr/categories/licensing/")
    assert len(category["mainEntity"]) == 15  # type: ignore[arg-type]
    assert faq_data(shipped_site, "ro/entries/symantec-renewal-steps/") == []  # an article
