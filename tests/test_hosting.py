"""The site works at a sub-path as well as at a domain root: crawl it over HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import html5lib
import pytest

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import ROOT

PREFIX = "/help/"


def prefixed_handler(directory: Path) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        """Serves ``directory`` under PREFIX only, as a static host serving a project site."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(directory), **kwargs)

        def translate_path(self, path: str) -> str:
            if not path.startswith(PREFIX):
                return str(directory / "__nowhere__")
            return super().translate_path("/" + path[len(PREFIX) :])

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The shipped site built for https://kb.example.org/help/ and served at /help/."""
    config = tmp_path_factory.mktemp("hosted") / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text = text.replace(
        "site_url: !ENV [KBGEN_SITE_URL, null]", "site_url: https://kb.example.org/help/"
    )
    text = text.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    text = text.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    text = text.replace(
        "      default_locale: fr",
        f"      default_locale: fr\n      content_dir: {ROOT / 'content'}\n      locales_dir: {ROOT / 'locales'}",
    )
    config.write_text(text, "utf-8")
    site = config.parent / "site"
    build_site(load_project(config), site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), prefixed_handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", site
    server.shutdown()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, b""


def references(base: str, body: bytes) -> list[str]:
    document = html5lib.parse(body, namespaceHTMLElements=False)
    found = []
    for element in document.iter():
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value and not value.startswith(("mailto:", "javascript:", "data:", "#")):
                found.append(urljoin(base, value).split("#")[0])
    return found


def test_every_page_link_and_asset_resolves_under_the_sub_path(hosted: tuple[str, Path]) -> None:
    root, _site = hosted
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(root))
    seen: set[str] = set()
    queue = [root]
    broken = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body = fetch(url)
        if status != 200:
            broken.append(f"{url}: {status}")
            continue
        if url.endswith("/") or url.endswith(".html"):
            for ref in references(url, body):
                if ref.startswith(origin) and ref not in seen:
                    queue.append(ref.split("?")[0])
    assert broken == []
    pages = [u for u in seen if u.endswith("/")]
    assert len(pages) > 150  # every locale's home, categories, entries, search and quiz pages
    # What scripts fetch at run time resolves too: search index and quiz rules.
    for locale in ["zh-TW", "zh-CN", "fr", "ro", "pl"]:
        assert fetch(f"{root}{locale}/search/index/meta.json")[0] == 200
        assert fetch(f"{root}{locale}/eligibility/rules.json")[0] == 200


def test_canonical_and_hreflang_are_absolute_with_the_sub_path(hosted: tuple[str, Path]) -> None:
    root, site = hosted
    document = html5lib.parse(
        fetch(f"{root}fr/entries/license-software-copy/")[1], namespaceHTMLElements=False
    )
    links = [(e.get("rel"), e.get("hreflang"), e.get("href")) for e in document.iter("link")]
    assert (
        "canonical",
        None,
        "https://kb.example.org/help/fr/entries/license-software-copy/",
    ) in links
    alternates = {h: href for rel, h, href in links if rel and rel.split() == ["alternate"] and h}
    assert alternates == {
        **{
            tag: f"https://kb.example.org/help/{tag}/entries/license-software-copy/"
            for tag in ("zh-TW", "zh-CN", "fr", "ro", "pl")
        },
        "x-default": "https://kb.example.org/help/",
    }
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://kb.example.org/help/fr/entries/license-software-copy/</loc>" in sitemap
    # A link preview points at the same address.
    og = {e.get("property"): e.get("content") for e in document.iter("meta") if e.get("property")}
    assert og["og:url"] == "https://kb.example.org/help/fr/entries/license-software-copy/"


def test_locale_404_page_resolves_its_assets_from_any_depth(hosted: tuple[str, Path]) -> None:
    root, _site = hosted
    status, body = fetch(f"{root}pl/404.html")
    assert status == 200
    for ref in references(f"{root}pl/entries/no/such/page/", body):
        if ref.startswith(root) and ("/assets/" in ref):
            assert fetch(ref)[0] == 200, ref
