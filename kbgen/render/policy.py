"""The Content-Security-Policy that every published page carries.

Static hosts (GitHub Pages among them) cannot send headers, so the policy is a
``<meta http-equiv>`` first in each page's head. Escaping and sanitizing
(``kbgen.render.markdown``) are what keep content markup from running; the policy
is the second line: scripts only from the site itself and the page's own inline
scripts, named by their SHA-256, so that markup that slipped through could neither
run inline code nor load a script from elsewhere. Styles may be inline (the theme
and the language chooser use them); images may come from anywhere over the web, as
content may show them.
"""

from __future__ import annotations

import base64
import hashlib
import re

#: A script element and its text, as the HTML parser ends it (at the first ``</script``).
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<text>.*?)</script", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]*)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
#: The types a browser runs; other types (JSON, JSON-LD) are data.
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', re.I)
_HEAD_START = re.compile(r"<head\b[^>]*>\s*(?:<meta charset=[^>]*>)?", re.I)


def policy_for(page: str) -> str:
    """The policy of a page: its inline scripts by hash, everything else from the site.

    >>> print(policy_for('<script>go()</script><script type="application/json">{}</script>'))
    default-src 'self'; script-src 'self' 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; object-src 'none'; \
base-uri 'self'; form-action 'self'
    """
    hashes = sorted(
        {
            _sha256(match["text"])
            for match in _SCRIPT.finditer(page)
            if not _SRC.search(match["attrs"]) and _script_type(match["attrs"]) in _SCRIPT_TYPES
        }
    )
    scripts = " ".join(["'self'", *(f"'sha256-{digest}'" for digest in hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https: http:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(page: str) -> str:
    """``page`` with its policy first in its head (after the charset), before any script.

    >>> with_policy('<html><head><meta charset="utf-8"><title>t</title></head></html>')[:79]
    '<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" co'
    """
    head = _HEAD_START.search(page)
    if head is None:
        return page
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(page)}">'
    return page[: head.end()] + meta + page[head.end() :]


def without_policy(page: bytes) -> bytes:
    """``page`` without its policy: the live preview adds a script of its own to each page."""
    return _POLICY_META.sub("", page.decode("utf-8"), count=1).encode("utf-8")


def _script_type(attrs: str) -> str:
    found = _TYPE.search(attrs)
    return found["type"].lower() if found else ""


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
