"""Rebuilds that redo only what changed: the published files a new build can keep.

Every page is still rendered from the content (cheaply: ``LocaleMemo`` keeps
the Markdown and template work), which gives, for each file of a locale, a key: the hash of
everything its bytes depend on (the page's own HTML and data, the site's
configuration and navigation, the theme, the interface catalogs, the code).
A file whose key is the one the last build recorded, and which still lies in
the published folder as that build left it, is kept there instead of being
written again by MkDocs and its theme; every other file is built into the
staging folder, and moves in when the whole build has succeeded. The comparison
is with what was built, not a guess at what a change affects, so a rebuild
publishes the same bytes as a clean build.
"""

from __future__ import annotations

import dataclasses
import json
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.theme import Theme

from kbgen.cache import digest, tree_digest
from kbgen.render.pages import Page


@dataclass(frozen=True)
class Published:
    """A file as a build left it: its key, and its size and time to notice later edits."""

    key: str
    size: int
    mtime_ns: int


#: A locale's published files by path inside the locale's folder.
Manifest = dict[str, Published]


def _plain(value: Any) -> Any:
    """A configuration value as JSON-able data in a stable order (sets sorted)."""
    if isinstance(value, Theme):
        return {"dirs": value.dirs, "vars": _plain(dict(value.items()))}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(item)) for item in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)


def _plugin(plugin: Any) -> Any:
    """A plugin's options; a hook (a module of the project) by its source."""
    if hasattr(plugin, "config"):
        return _plain(dict(plugin.config))
    path = getattr(plugin, "__file__", None)
    return digest(Path(path).read_bytes()) if path else repr(plugin)


def locale_key(config: MkDocsConfig, locales_dir: Path, locale: str) -> str:
    """What every page of a locale depends on besides its own content.

    The final configuration (navigation, site name and URL, theme options, the
    plugins' options), the files of the theme folders that are not an installed
    package (the installed ones are in the code fingerprint of ``kbgen.cache``),
    and the locale's interface catalog. (What the pages quote from other locales'
    catalogs, on fallback pages, is in the pages themselves.) Not strictness: MkDocs
    has nothing to check in kbgen's pages, which are finished HTML, and kbgen checks
    all the content at every build.
    """
    # The output folder is a new one each build: where the files go is not what they hold.
    options = {
        key: _plain(value)
        for key, value in config.items()
        if key not in ("plugins", "hooks", "site_dir", "strict")
    }
    options["plugins"] = {name: _plugin(plugin) for name, plugin in config.plugins.items()}
    packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    theme_dirs = [
        Path(d) for d in config.theme.dirs if not Path(d).resolve().is_relative_to(packages)
    ]
    return digest(
        json.dumps(options, sort_keys=True, ensure_ascii=False),
        tree_digest(*theme_dirs),
        tree_digest(locales_dir / locale),
    )


def page_key(locale: str, page: Page) -> str:
    """A page's key: its locale's key and all that the page itself brings to the theme."""
    return digest(locale, page.markdown, repr(dataclasses.replace(page, markdown="")))


class Reuse:
    """One locale's files of the last build, and the keys of this build's files.

    ``published`` is the locale's published folder, ``previous`` its manifest. A
    file that this build would write as the last one did is *kept*: it stays where
    it is, and the new files join it there when the build has succeeded
    (``kbgen.site.publish``).
    """

    def __init__(self, published: Path | None, previous: Manifest) -> None:
        self.published = published
        self.previous = previous if published is not None else {}
        self.keys: dict[str, str] = {}
        self.kept: set[str] = set()

    def _unchanged(self, path: str, key: str) -> bool:
        old = self.previous.get(path)
        if old is None or old.key != key or self.published is None:
            return False
        try:
            stat = (self.published / path).stat()
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == (old.size, old.mtime_ns)

    def take(self, path: str, key: str) -> bool:
        """Keep the published file at ``path`` if it has ``key``; returns whether it does.

        Either way, this build's file at ``path`` has ``key``.
        """
        self.keys[path] = key
        if not self._unchanged(path, key):
            return False
        self.kept.add(path)
        return True

    def take_folder(self, folder: str, key: str) -> bool:
        """Keep the published files under ``folder`` if they all have ``key``.

        A folder is written as a whole (the search index); when it is not kept, the
        caller writes it and then calls ``record_folder``.
        """
        prefix = folder.rstrip("/") + "/"
        paths = [path for path in self.previous if path.startswith(prefix)]
        if not paths or not all(self._unchanged(path, key) for path in paths):
            return False
        for path in paths:
            self.keys[path] = key
            self.kept.add(path)
        return True

    def record_folder(self, out_dir: Path, folder: str, key: str) -> None:
        """This build wrote ``folder`` in ``out_dir``: all its files have ``key``."""
        for path in sorted((out_dir / folder).rglob("*")):
            if path.is_file():
                self.keys[path.relative_to(out_dir).as_posix()] = key


def manifest_of(folder: Path, keys: Mapping[str, str]) -> Manifest:
    """Each file with a key, as it lies in ``folder`` now (the published locale)."""
    result: Manifest = {}
    for path, key in keys.items():
        try:
            stat = (folder / path).stat()
        except OSError:  # not written (MkDocs skips empty pages)
            continue
        result[path] = Published(key, stat.st_size, stat.st_mtime_ns)
    return result
