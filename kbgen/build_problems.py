"""What goes wrong in a locale's MkDocs build, as kbgen says it: a theme template's error
at its file and line, and MkDocs' own messages (``kbgen.build``)."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import jinja2

from kbgen.errors import display_path
from kbgen.project import BuildError


class TemplateProblem(BuildError):
    """An error in a theme template (a typo in an override, say), at its file and line."""


def template_problem(error: jinja2.TemplateError, root: Path) -> str:
    """A theme template's error, at its file and line (relative to ``root``) when Jinja
    knows them: ``theme/main.html:3: error: template: 'x' is undefined``."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        name, line = error.filename or error.name or "", error.lineno
    else:
        # Jinja rewrites the traceback of an error in a template so that its frames
        # point into the templates: the last of those is where it happened.
        frames = traceback.extract_tb(error.__traceback__)
        in_templates = [f for f in frames if not f.filename.endswith(".py")]
        last = in_templates[-1] if in_templates else None
        name, line = (last.filename, last.lineno or 0) if last else ("", 0)
    where = f"{display_path(Path(name), root)}:{line}: " if name else ""
    return f"{where}error: template: {error.message or type(error).__name__}"


class ErrorCollector(logging.Handler):
    """Keeps MkDocs' error and warning messages, which its ``Abort`` does not carry."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class DirtyBuildNotice(logging.Filter):
    """Drops MkDocs' warning about ``dirty`` builds: kbgen's are exact (``kbgen.incremental``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


__all__ = ["DirtyBuildNotice", "ErrorCollector", "TemplateProblem", "template_problem"]
