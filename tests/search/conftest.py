"""Fixtures for search: each locale's Whoosh search, built once, and the Node engine."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kbgen.build import load_project
from kbgen.i18n import SiteLocale, load_translations
from kbgen.project import load_project_content as load_content
from kbgen.render.renderer import LocaleRenderer
from kbgen.search import LocaleSearch, build_locale_search
from tests.conftest import ROOT

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]
NODE = shutil.which("node") or "node"


@pytest.fixture(scope="session")
def searches() -> dict[str, LocaleSearch]:
    project = load_project(ROOT / "mkdocs.yml")
    kb = load_content(project)
    return {
        tag: build_locale_search(
            LocaleRenderer(kb, SiteLocale(tag), load_translations(project.locales_dir, tag), "KB")
        )
        for tag in LOCALES
    }


def run_node_engine(
    indexes: dict[str, Path], queries: dict[str, list[str]], limit: int | None = 10
) -> dict[str, list[dict[str, Any]]]:
    """The browser engine under Node on exported indexes (tests/search/engine_cli.mjs)."""
    request = {
        "indexes": {k: str(v) for k, v in indexes.items()},
        "queries": queries,
        "limit": limit,
    }
    result = subprocess.run(
        [NODE, str(ROOT / "tests/search/engine_cli.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    output: dict[str, list[dict[str, Any]]] = json.loads(result.stdout)
    return output
