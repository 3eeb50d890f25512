"""The small template language of content texts: ``{{ table("name") }}``, ``{{ fact("id") }}``.

Texts are Jinja templates in a sandbox, so a writer can place structured data
(a table, a fact from the rules) without being able to run anything. ``table``
places a table of the same translation; ``fact`` shows a price, window, response
time or hours from ``content/rules/``, formatted for the text's locale, so that
the value is written once, in the rules.
"""

from __future__ import annotations

from functools import cache

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment


@cache
def content_environment() -> SandboxedEnvironment:
    """The sandboxed Jinja environment that content texts are parsed with."""
    return SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
