"""Golden output: a handful of built files compared with reviewed copies in tests/golden/.

A change to the output shows here as a diff to review. When the change is meant,
regenerate the copies on purpose and commit them with the change:

    make golden        (KBGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py)
"""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
#: The files compared: an entry quoting the rules' facts, a category, the quiz, a
#: search index's description and one of its term shards, the sitemap.
FILES = {
    "fr-entry-home-user-support-options.html": "fr/entries/home-user-support-options/index.html",
    "fr-category-pay-per-incident.html": "fr/categories/pay-per-incident/index.html",
    "pl-quiz.html": "pl/eligibility/index.html",
    "zh-TW-search-meta.json": "zh-TW/search/index/meta.json",
    "ro-search-terms-0.json": "ro/search/index/t/0.json",
    "sitemap.xml": "sitemap.xml",
}
UPDATE = os.environ.get("KBGEN_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped content built as it is published: with a site URL, dated by the epoch.

    Built from a copy without the git history, so that the copies do not change with each
    commit or clone: an entry's date comes from the history (``kbgen.content.dates``,
    tested on its own), and a copy has none.
    """
    saved = {key: os.environ.get(key) for key in ("KBGEN_SITE_URL", "SOURCE_DATE_EPOCH")}
    os.environ["KBGEN_SITE_URL"] = "https://support.example.com/kb/"
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # 2026-01-01
    try:
        root = tmp_path_factory.mktemp("golden")
        for folder in ("content", "locales", "theme"):
            ignore = shutil.ignore_patterns("*.mo")
            shutil.copytree(ROOT / folder, root / "project" / folder, ignore=ignore)
        shutil.copy(ROOT / "mkdocs.yml", root / "project" / "mkdocs.yml")
        out = root / "site"
        project = load_project(root / "project" / "mkdocs.yml")
        build_site(project, out, strict=True, use_cache=False)
        yield out
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.mark.parametrize("name", sorted(FILES))
def test_built_file_is_the_reviewed_one(golden_site: Path, name: str) -> None:
    built = (golden_site / FILES[name]).read_text("utf-8")
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(built, "utf-8")
    assert golden.is_file(), f"{golden} is missing: run `make golden` and review it"
    expected = golden.read_text("utf-8")
    if built != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    built.splitlines(keepends=True),
                    f"tests/golden/{name}",
                    f"built {FILES[name]}",
                )
            )[:80]
        )
        pytest.fail(f"{FILES[name]} differs from tests/golden/{name}:\n{diff}")
