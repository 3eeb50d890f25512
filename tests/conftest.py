"""Shared fixtures: the shipped site built once, a loopback server, small projects."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kbgen.build import load_project
from kbgen.site import build_site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, built once for the whole session."""
    out = tmp_path_factory.mktemp("shipped") / "site"
    build_site(load_project(ROOT / "mkdocs.yml"), out, strict=True)
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_directory(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(shipped_site: Path) -> Iterator[str]:
    """The shipped site served over HTTP on loopback."""
    server, url = serve_directory(shipped_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def sub_path_url(shipped_site: Path) -> Iterator[str]:
    """The site served from a sub-path: ``/<folder>/``."""
    server, url = serve_directory(shipped_site.parent)
    yield f"{url}/{shipped_site.name}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Debian's chromium: Playwright cannot download its own browser here.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


MKDOCS_YML = """\
site_name: Test KB
docs_dir: content
site_dir: site
theme:
  name: material
  custom_dir: {theme}
  font: false
plugins:
  - kbgen:
      locales: [fr, pl]
      locales_dir: {locales}
"""

CATEGORIES = """\
- id: licensing
  names: {fr: Licences, pl: Licencjonowanie}
- id: support-plans
  names: {fr: Offres, pl: Plany}
"""

PRODUCTS = """\
- id: acme
  vendor: Acme
  names: {fr: Acme, pl: Acme}
"""

FAQ = """\
id: {id}
kind: faq
category: licensing
products: [acme]
related: {related}
source_locale: fr
translations:
  fr:
    updated: 2026-11-22
    question: Puis-je faire une copie du logiciel ?
    answer: |
      Vous êtes autorisé à réaliser une seule copie du logiciel à des fins d'archivage.
    keywords: [copie, sauvegarde]
"""


class SmallProject:
    """A two-locale project in a temporary folder, for error and build tests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content" / "entries").mkdir(parents=True)
        (root / "mkdocs.yml").write_text(
            MKDOCS_YML.format(theme=ROOT / "theme", locales=ROOT / "locales"), "utf-8"
        )
        self.write("content/categories.yaml", CATEGORIES)
        self.write("content/products.yaml", PRODUCTS)
        self.write(
            "content/entries/software-copy.yaml", FAQ.format(id="software-copy", related="[]")
        )

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
        return path

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"


@pytest.fixture
def small_project(tmp_path: Path) -> SmallProject:
    return SmallProject(tmp_path)


def run_kbgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``kbgen ARGS`` in a fresh process, as a writer runs it; never a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "kbgen", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


def copy_project(root: Path) -> Path:
    """The shipped project (configuration, content, catalogs, theme) copied under ``root``."""
    for name in ("mkdocs.yml", "content", "locales", "theme"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(source, root / name)
    return root


def translate(locales_dir: Path, locale: str, translations: dict[str, str]) -> Path:
    """Set the translation of existing messages in a locale's catalog (``msgid: msgstr``)."""
    path = locales_dir / locale / "LC_MESSAGES" / "messages.po"
    lines = path.read_text("utf-8").splitlines()
    for msgid, msgstr in translations.items():
        quoted = msgid.replace("\\", "\\\\").replace('"', '\\"')
        at = lines.index(f'msgid "{quoted}"')
        assert lines[at + 1].startswith("msgstr "), lines[at + 1]
        escaped = msgstr.replace("\\", "\\\\").replace('"', '\\"')
        lines[at + 1] = f'msgstr "{escaped}"'
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path
