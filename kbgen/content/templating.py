"""The small template language of content texts: ``{{ table("name") }}``.

Texts are Jinja templates in a sandbox, so a writer can place structured data
(a table, later a fact from the rules) without being able to run anything.
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
