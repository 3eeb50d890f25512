"""Where each page of a locale lives, and the links between pages.

Every path is relative to the locale's root (``site/<locale>/``), as directory
URLs; links are relative too, so that a site works under any prefix.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kbgen.render.markdown import MEDIA_PATH

HOME_PATH = ""
SEARCH_PATH = "search/"
#: The contact page (``kbgen.render.contact``), which every page's header links.
CONTACT_PATH = "contact/"
#: Where the exported index lives, relative to the locale's root.
SEARCH_INDEX_DIR = "search/index"


def entry_path(entry_id: str) -> str:
    """The URL path of an entry page, relative to its locale's root."""
    return f"entries/{entry_id}/"


def missing_path(entry_id: str) -> str:
    """Where a locale says that it lacks an entry (``kbgen.render.missing``)."""
    return f"missing/{entry_id}/"


def category_path(category_id: str) -> str:
    return f"categories/{category_id}/"


@lru_cache(maxsize=65536)
def relative_url(from_path: str, to_path: str) -> str:
    """A link from one directory URL to another, both relative to the locale root.

    >>> relative_url("entries/a/", "entries/b/"), relative_url("entries/a/", "")
    ('../b/', '../../')
    >>> relative_url("", "categories/c/"), relative_url("search/", "search/")
    ('categories/c/', './')
    """
    # As posixpath.relpath, without asking for the working directory (once a link).
    source = [part for part in from_path.split("/") if part not in ("", ".")]
    target = [part for part in to_path.split("/") if part not in ("", ".")]
    common = 0
    for one, other in zip(source, target, strict=False):
        if one != other:
            break
        common += 1
    parts = [".."] * (len(source) - common) + target[common:]
    return "/".join(parts) + "/" if parts else "./"


def cross_locale_url(from_path: str, locale: str, to_path: str) -> str:
    """A link to a page of another locale: up to the site root, then down."""
    up = relative_url(from_path, "")
    return ("" if up == "./" else up) + f"../{locale}/{to_path}"


def media_files(assets_dir: Path) -> dict[str, Path]:
    """The files of ``content/assets/`` by the path each locale publishes them at."""
    if not assets_dir.is_dir():
        return {}
    files = {}
    for path in sorted(assets_dir.rglob("*")):
        relative = path.relative_to(assets_dir)
        # Hidden files (.DS_Store, editors' backups) are not the writers' images.
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            files[MEDIA_PATH + relative.as_posix()] = path
    return files
