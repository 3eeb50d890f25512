"""Output fit to publish: reproducible, safe to serve, with sitemap and robots.txt."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import ROOT, SmallProject
from tests.helpers import tree_digest


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
    # lastmod is when the entry's text changed (its `updated`), not the build's date.
    sitemap = (first / "fr" / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("<lastmod>") == 1
    assert "<lastmod>2026-11-22</lastmod>" in sitemap


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
    data = [json.loads(s.text or "") for s in scripts]
    return [d for d in data if d["@type"] == "FAQPage"]


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


WORKFLOW = ROOT / ".github/workflows/publish.yml"


def test_the_publishing_workflow_is_a_valid_github_workflow(tmp_path: Path) -> None:
    def check(path: Path) -> subprocess.CompletedProcess[str]:
        command = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema"]
        command += ["vendor.github-workflows", str(path)]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    assert check(WORKFLOW).returncode == 0, check(WORKFLOW).stdout
    # The check can fail: a job without a runner is not a workflow.
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text("utf-8").replace("runs-on:", "runs_on:"), "utf-8")
    assert check(broken).returncode == 1


def test_the_publishing_workflow_tests_then_builds_what_ci_builds() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    # The whole history, trusted by git in the container: pages date their texts from it.
    assert build["steps"][0]["with"] == {"fetch-depth": 0}
    assert runs[1] == 'git config --global --add safe.directory "$GITHUB_WORKSPACE"'
    assert runs[2] == "CI=true bash .ci/run"
    assert "export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" in runs[3]
    assert runs[3].rstrip().endswith("make site")
    assert "make site" in (ROOT / "README.md").read_text("utf-8")
    assert build["env"]["KBGEN_SITE_URL"].startswith("https://${{ github.repository_owner }}")
    assert "site_url: !ENV [KBGEN_SITE_URL, null]" in (ROOT / "mkdocs.yml").read_text("utf-8")
    assert build["steps"][-1] == {
        "uses": "actions/upload-pages-artifact@v3",
        "with": {"path": "site"},
    }
    assert deploy["needs"] == "build"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
