"""Reading built pages in tests: parse with html5lib, find by attribute, get text."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib


def parse(path: Path) -> Element:
    document: Element = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    return document


def page(site: Path, url_path: str) -> Element:
    """The document at a directory URL such as ``fr/entries/x/``."""
    return parse(site / url_path / "index.html")


def text(element: Element | None) -> str:
    return "" if element is None else " ".join("".join(element.itertext()).split())


def find_all(root: Element, tag: str = "*", **attributes: str) -> list[Element]:
    found = []
    for element in root.iter(tag):
        if all(element.get(key.replace("_", "-")) == value for key, value in attributes.items()):
            found.append(element)
    return found


def find(root: Element, tag: str = "*", **attributes: str) -> Element:
    found = find_all(root, tag, **attributes)
    assert found, f"no <{tag}> with {attributes}"
    return found[0]
