"""The small template language of content texts: ``{{ table("name") }}``, ``{{ fact("id") }}``.

Texts are Jinja templates in a sandbox, so a writer can place structured data
(a table, a fact from the rules) without being able to run anything. ``table``
places a table of the same translation; ``fact`` shows a price, window, response
time or hours from ``content/rules/``, formatted for the text's locale, so that
the value is written once, in the rules.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment


@cache
def content_environment() -> SandboxedEnvironment:
    """The sandboxed Jinja environment that content texts are parsed with."""
    return SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )


def is_template(text: str) -> bool:
    """Whether a text uses the template language at all; most do not.

    >>> is_template("Plain *Markdown*."), is_template('{{ fact("ppi_price_home") }}')
    (False, True)
    """
    return "{{" in text or "{%" in text or "{#" in text


@lru_cache(maxsize=4096)
def compiled(text: str) -> Template:
    """A text compiled once: the same text is rendered on several pages and in search."""
    return content_environment().from_string(text)


def expand(text: str, **functions: Any) -> str:
    """Render a text's template (tables, facts); plain texts come back as they are."""
    if not is_template(text):
        return text
    return compiled(text).render(**functions)
