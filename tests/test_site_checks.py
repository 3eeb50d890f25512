"""Checks on the whole built site: every page parses and carries its policy, no broken
internal link or anchor."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from tests.pages import parse


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_parses_without_errors(shipped_site: Path) -> None:
    problems = []
    for path in html_files(shipped_site):
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(path.read_bytes())
        errors = [e for e in parser.errors if e[1] not in {"unexpected-doctype"}]
        if errors:
            problems.append(f"{path.relative_to(shipped_site)}: {errors[:3]}")
    assert problems == []


def test_every_page_carries_its_content_security_policy_first(shipped_site: Path) -> None:
    missing = []
    for path in html_files(shipped_site):
        head = parse(path).find("head")
        first = [e for e in head if e.tag == "meta"][:2] if head is not None else []
        if [e.get("http-equiv") for e in first] != [None, "Content-Security-Policy"]:
            missing.append(str(path.relative_to(shipped_site)))
    assert missing == []


@cache
def anchors(path: Path) -> frozenset[str]:
    return frozenset(e.get("id", "") for e in parse(path).iter() if e.get("id"))


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


@pytest.mark.parametrize("locale", ["zh-TW", "zh-CN", "fr", "ro", "pl"])
def test_no_broken_internal_link_or_anchor(shipped_site: Path, locale: str) -> None:
    broken = []
    for page in html_files(shipped_site / locale):
        if page.name == "404.html":
            continue  # written for any depth; checked by the hosting tests
        doc = parse(page)
        refs = [
            (e.tag, e.get("href") or e.get("src") or "")
            for e in doc.iter()
            if e.tag in {"a", "link", "script", "img"}
        ]
        for tag, ref in refs:
            if not ref or (tag == "link" and ref.startswith("http")):
                continue
            resolved = resolve(shipped_site, page, ref)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.is_file():
                broken.append(f"{page.relative_to(shipped_site)}: {ref}")
            elif fragment and target.suffix == ".html" and fragment not in anchors(target):
                broken.append(f"{page.relative_to(shipped_site)}: {ref} (no such anchor)")
    assert broken == []
