"""The Content-Security-Policy that every published page carries.

Static hosts (GitHub Pages among them) cannot send headers, so the policy is a
``<meta http-equiv>`` first in each page's head. Escaping and sanitizing
(``kbgen.render.markdown``) are what keep content markup from running; the policy
is the second line: scripts only from the site itself and the inline scripts that
kbgen and the theme wrote, named by their SHA-256, so that markup that slipped
through could neither run inline code nor load a script from elsewhere.

The hashes come from what kbgen's and the theme's own templates produce, never from
the finished page: a script in the page is listed only when it is one of those
(``OwnScripts`` records kbgen's as its templates write them; ``ThemeScripts``
renders the theme's script partials for the page being built). A script that a
translation or a text injected is in the page, but in neither list. Styles may be inline (the theme
and the language chooser use them); images may come from anywhere over the web, as
content may show them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import Environment, Template, TemplateNotFound, meta, nodes
from markupsafe import Markup

#: A script element and its text, as the HTML parser ends it (at the first ``</script``).
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<text>.*?)</script", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]*)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
#: The types a browser runs; other types (JSON, JSON-LD) are data.
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', re.I)
_HEAD_START = re.compile(r"<head\b[^>]*>\s*(?:<meta charset=[^>]*>)?", re.I)


#: The theme's partials that write inline scripts (mkdocs-material 9), as its
#: ``base.html`` and ``header.html`` include them.
THEME_SCRIPT_PARTIALS = (
    "partials/javascripts/base.html",
    "partials/javascripts/announce.html",
    "partials/javascripts/outdated.html",
    "partials/javascripts/palette.html",
    "partials/javascripts/content.html",
    "partials/javascripts/consent.html",
    "partials/integrations/analytics.html",
)


def inline_scripts(markup: str) -> list[str]:
    """The texts of the inline scripts that a browser runs, in markup kbgen or the theme wrote.

    >>> inline_scripts('<script>go()</script><script type="application/json">{}</script>'
    ...                '<script src="a.js"></script>')
    ['go()']
    """
    return [
        match["text"]
        for match in _SCRIPT.finditer(markup)
        if not _SRC.search(match["attrs"]) and _script_type(match["attrs"]) in _SCRIPT_TYPES
    ]


class OwnScripts:
    """The inline scripts that one rendering of kbgen's templates writes.

    A template writes its script with ``{% call scripts.inline() %}...{% endcall %}``;
    the text is recorded as it is written, for the page's policy.

    >>> from jinja2 import Environment
    >>> scripts = OwnScripts()
    >>> Environment().from_string("{% call s.inline() %}go(){% endcall %}").render(s=scripts)
    '<script>go()</script>'
    >>> scripts.texts
    ['go()']
    """

    def __init__(self) -> None:
        self.texts: list[str] = []

    def inline(self, caller: Any) -> Markup:
        text = str(caller())
        self.texts.append(text)
        return Markup(f"<script>{text}</script>")


#: What the theme's script partials may read and still be the same on every page of a
#: locale at the same depth: the configuration and features (one per build), and the
#: way to the site's root (``base_url``).
_PER_DEPTH = frozenset({"config", "features", "base_url"})


class ThemeScripts:
    """The inline scripts that the theme's partials write for a page, rendered for it.

    Partials that read nothing but ``_PER_DEPTH`` and include no other template (as
    mkdocs-material's do) are rendered once per ``base_url``; any other, for each page.
    """

    def __init__(self, env: Environment | None = None) -> None:
        self._templates: list[tuple[Template, bool]] = []
        for name in THEME_SCRIPT_PARTIALS if env is not None else ():
            assert env is not None
            try:
                template = env.get_template(name)
            except TemplateNotFound:
                continue
            self._templates.append((template, _reads_only(env, name, _PER_DEPTH)))
        self._kept: dict[tuple[int, str], list[str]] = {}

    def of(self, context: Mapping[str, Any]) -> list[str]:
        """The scripts of the theme for a page rendered with ``context``."""
        values = dict(context)
        # base.html sets it before it includes the partials.
        values.setdefault("features", values["config"].theme.get("features") or [])
        depth = values.get("base_url")
        scripts: list[str] = []
        for number, (template, per_depth) in enumerate(self._templates):
            if not (per_depth and isinstance(depth, str)):
                scripts += inline_scripts(template.render(values))
                continue
            kept = self._kept.get((number, depth))
            if kept is None:
                kept = self._kept[(number, depth)] = inline_scripts(template.render(values))
            scripts += kept
        return scripts


def _reads_only(env: Environment, name: str, names: frozenset[str]) -> bool:
    """Whether the template ``name`` reads no variable but ``names`` and includes nothing."""
    if env.loader is None:
        return False
    source = env.loader.get_source(env, name)[0]
    tree = env.parse(source)
    if any(True for _ in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport))):
        return False
    return meta.find_undeclared_variables(tree) <= names


def policy_for(scripts: Iterable[str]) -> str:
    """The policy that lets these inline scripts run, and scripts from the site itself.

    >>> print(policy_for(["go()"]))
    default-src 'self'; script-src 'self' 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; object-src 'none'; \
base-uri 'self'; form-action 'self'
    """
    hashes = sorted({_sha256(text) for text in scripts})
    sources = " ".join(["'self'", *(f"'sha256-{digest}'" for digest in hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {sources}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https: http:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(page: str, own: Iterable[str]) -> str:
    """``page`` with its policy first in its head (after the charset), before any script.

    ``own``: the inline scripts that kbgen and the theme wrote into the page. Those
    that the page holds are listed; nothing else in the page is.

    >>> page = '<html><head><meta charset="utf-8"><title>t</title></head></html>'
    >>> with_policy(page, [])[:79]
    '<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" co'
    """
    head = _HEAD_START.search(page)
    if head is None:
        return page
    present = set(inline_scripts(page))
    policy = policy_for(text for text in own if text in present)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return page[: head.end()] + meta + page[head.end() :]


def without_policy(page: bytes) -> bytes:
    """``page`` without its policy: the live preview adds a script of its own to each page."""
    return _POLICY_META.sub("", page.decode("utf-8"), count=1).encode("utf-8")


def _script_type(attrs: str) -> str:
    found = _TYPE.search(attrs)
    return found["type"].lower() if found else ""


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
