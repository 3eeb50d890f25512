"""The ``kbgen`` command group and what every command shares: options, logging, and the
one place where errors become messages and exit codes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from kbgen.errors import ContentError, KbgenError, Problem, Severity

if TYPE_CHECKING:
    from kbgen.progress import Progress
    from kbgen.project import KnowledgeBase, Project

F = TypeVar("F", bound=Callable[..., Any])

config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The site's MkDocs configuration, with the kbgen plugin.",
)


def setup_logging(verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "kbgen"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


# The commands import what they use when they run: `kbgen --version` or `--help` need
# none of MkDocs, Whoosh or the content model.


def load_project(config_file: Path, kept: bool = False) -> Project:
    """``kbgen.build.load_project``; with ``kept``, the project that the last check or
    build read from the same configuration, if the cache has it (``kbgen.findings``)."""
    from kbgen.build import load_project as load

    if not kept:
        return load(config_file)
    from kbgen.findings import inputs_of, keep_project, recall_project
    from kbgen.project import Project

    inputs = inputs_of(config_file.resolve(), content=False)
    project = recall_project(inputs) if inputs is not None else None
    if not isinstance(project, Project):
        project = load(config_file)
        if inputs is not None:
            keep_project(inputs, project)
    return project


def load_content(
    project: Project, progress: Progress | None = None, dates: bool = True
) -> KnowledgeBase:
    """``kbgen.project.load_project_content``, with its progress when given."""
    from kbgen.progress import QUIET
    from kbgen.project import load_project_content

    return load_project_content(project, progress or QUIET, dates=dates)


def fail(message: str) -> NoReturn:
    """Say what is wrong and exit with 1."""
    click.echo(message, err=True)
    sys.exit(1)


def _not_built() -> str:
    context = click.get_current_context(silent=True)
    if context is not None and context.command.name == "build":
        return "\nNothing was built; the previous site is unchanged."
    return ""


def found(problems: Sequence[Problem]) -> str:
    """The last line of a failed run: how many errors (and warnings) there are."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if not warnings:
        return f"Found {errors} error(s) in the content."
    found = f"Found {errors} error(s) and {warnings} warning(s) in the content"
    return f"{found}; --strict fails on warnings." if not errors else f"{found}."


def handle_errors(func: F) -> F:
    """Turn every ``KbgenError`` into a message and exit code 1, never a traceback.

    The content's problems are listed one per line, then counted; any other error is
    one line, ``Error: ...``.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ContentError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            fail(f"{found(error.problems)}{_not_built()}")
        except KbgenError as error:
            fail(f"Error: {error}{_not_built()}")

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kbgen")
def main() -> None:
    """Build a static multilingual knowledge-base site from YAML content."""
