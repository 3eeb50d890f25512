"""Parts of the theme's pages that are the same on many pages, rendered once.

Material renders its navigation sidebar (``partials/nav.html``) for every page: at
2,000 entries a locale, an eighth of the build. On a page that the navigation does
not list (an entry page), nothing in it depends on the page but the way its links
are written, relative to the page's folder: every entry page of a locale gets the
same HTML. ``theme/partials/nav.html`` asks ``FragmentCache`` for it, under a key
that says so (``nav_key``); pages the navigation lists are rendered as they are.
``theme/main.html`` does the same for the theme's styles, its configuration for its
scripts and the footer, by the page's depth (and the footer's link to the contact page).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from markupsafe import Markup

#: Where the templates of the theme itself stay reachable, under its overrides.
THEME_PREFIX = "material"


class FragmentCache:
    """``{% call kb_cached(key) %}...{% endcall %}``: the block's HTML, rendered once per
    key (``None``: every time). One per MkDocs build (one locale)."""

    def __init__(self) -> None:
        self._kept: dict[str, Markup] = {}

    def __call__(self, key: object, caller: Callable[[], str]) -> Markup:
        if not isinstance(key, str):  # None, or undefined where no page sets it
            return Markup(caller())
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = Markup(caller())
        return kept


def nav_key(url: str, listed: bool) -> str | None:
    """The navigation's key for the page at ``url``: its folder's depth, or ``None`` if
    the navigation lists the page (it marks the page, and shows its table of contents).

    >>> nav_key("entries/backup/", False) == nav_key("entries/restore/", False)
    True
    >>> nav_key("entries/backup/", True) is None
    True
    """
    return None if listed else f"nav:{url.count('/')}"


def install_fragments(env: Environment, theme_dirs: Collection[Path | str]) -> None:
    """Add ``kb_cached`` to the templates, and the theme's own templates under
    ``material/`` (so that an override can wrap the template it overrides)."""
    env.globals["kb_cached"] = FragmentCache()
    own = [str(d) for d in theme_dirs if (Path(d) / "partials" / "nav.html").is_file()]
    base: BaseLoader | None = env.loader
    if own and base is not None:
        theme = PrefixLoader({THEME_PREFIX: FileSystemLoader(own[-1])})
        env.loader = ChoiceLoader([base, theme])
