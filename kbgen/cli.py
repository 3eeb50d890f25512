"""The ``kbgen`` command. It only wires options to the functions that do the work."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from functools import wraps
from html import unescape as html_unescape
from pathlib import Path
from typing import Any, TypeVar

import click

from kbgen.content import ContentError
from kbgen.site import BuildError, Project, build_site, load_content, load_project

F = TypeVar("F", bound=Callable[..., Any])

config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The site's MkDocs configuration, with the kbgen plugin.",
)


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "kbgen"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _not_built() -> str:
    context = click.get_current_context(silent=True)
    if context is not None and context.command.name == "build":
        return "\nNothing was built; the previous site is unchanged."
    return ""


def handle_errors(func: F) -> F:
    """Turn content and build errors into a message and exit code 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ContentError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            errors = sum(1 for p in error.problems if p.severity == "error")
            _fail(f"Found {errors} error(s) in the content.{_not_built()}")
        except BuildError as error:
            _fail(f"Error: {error}{_not_built()}")

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kbgen")
def main() -> None:
    """Build a static multilingual knowledge-base site from YAML content."""


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site (default: site_dir of mkdocs.yml).",
)
@click.option(
    "-l", "--locale", "locales", multiple=True, help="Build only this locale (repeatable)."
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Locales built at once (default: CPUs)."
)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
@handle_errors
def build(
    config_file: Path,
    strict: bool,
    site_dir: Path | None,
    locales: tuple[str, ...],
    jobs: int | None,
    verbose: bool,
) -> None:
    """Check the content and build every locale into the site folder."""
    _setup_logging(verbose)
    project = load_project(config_file)
    report = build_site(project, site_dir, strict=strict, locales=locales or None, jobs=jobs)
    counts = ", ".join(f"{tag} {n}" for tag, n in report.entries.items())
    click.echo(
        f"Built {report.pages} pages in {len(report.locales)} locales ({counts} entries) "
        f"in {report.seconds:.1f} s."
    )
    click.echo(
        f"The site is in {report.site_dir}. To open it, serve it (directory URLs need a server):\n"
        f"  python3 -m http.server --directory {report.site_dir} 8000\n"
        f"then open http://127.0.0.1:8000/"
    )


@main.command()
@config_option
@handle_errors
def check(config_file: Path) -> None:
    """Validate the content without building anything."""
    _setup_logging(False)
    project = load_project(config_file)
    kb = load_content(project)
    click.echo(
        f"No problems in {len(kb.entries)} entries, {len(kb.categories)} categories "
        f"and {len(kb.products)} products."
    )
    if kb.rules is not None:
        stats = kb.rules.stats.values()
        click.echo(
            f"The rules hold: {kb.rules.rule_count} rules in {len(kb.rules.programmes)} "
            f"programmes, {sum(s.cases for s in stats)} cases checked in {len(stats)} locales "
            f"({sum(s.combinations for s in stats)} combinations of answers)."
        )


@main.command()
@config_option
@click.option("-l", "--locale", help="The locale to preview (default: the default locale).")
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="IP:PORT to serve on."
)
@handle_errors
def serve(config_file: Path, locale: str | None, dev_addr: str) -> None:
    """Preview one locale, rebuilding and reloading the browser when a file changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _setup_logging(False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    project: Project = load_project(config_file)
    chosen = locale or project.options.main_locale
    if chosen not in project.locales:
        raise BuildError(
            f"unknown locale {chosen!r}; the site's locales are {', '.join(project.locales)}"
        )
    os.environ["KBGEN_LOCALE"] = chosen
    mkdocs_serve(config_file=str(project.config_file), dev_addr=dev_addr, livereload=True)


@main.command()
@click.option(
    "--check", "check_only", is_flag=True, help="Fail if a committed schema is out of date."
)
def schema(check_only: bool) -> None:
    """Write the JSON Schemas of the content files (kbgen/schema/) from the model."""
    from kbgen.content.schema import SCHEMA_DIR, render_schema, schemas

    if check_only:
        stale = [
            name
            for name, value in schemas().items()
            if not (SCHEMA_DIR / name).is_file()
            or (SCHEMA_DIR / name).read_text("utf-8") != render_schema(value)
        ]
        if stale:
            _fail(f"Out of date: {', '.join(stale)}; run `kbgen schema`.")
        click.echo("The content schemas are current.")
        return
    from kbgen.content.schema import write_schemas

    changed = write_schemas()
    click.echo(f"Wrote {len(changed)} schema file(s) to {SCHEMA_DIR}.")


@main.command()
@config_option
@click.option("-l", "--locale", required=True, help="The locale to search in.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--category", help="Only entries of this category (id).")
@click.option("--product", help="Only entries about this product (id).")
@click.argument("query", nargs=-1, required=True)
@handle_errors
def search(
    config_file: Path,
    locale: str,
    as_json: bool,
    limit: int,
    category: str | None,
    product: str | None,
    query: tuple[str, ...],
) -> None:
    """Search a locale with the site's Whoosh index and ranking."""
    import json

    from kbgen.site import locale_search

    _setup_logging(False)
    project = load_project(config_file)
    kb = load_content(project)
    search_ = locale_search(project, kb, locale, category=category, product=product)
    text = " ".join(query)
    result = search_.search(text, limit=limit, category=category, product=product)
    if as_json:
        rows = [
            {
                "id": hit.document.id,
                "title": hit.document.title,
                "url": hit.document.url,
                "score": round(hit.score, 6),
                "snippet": hit.snippet,
                "category": hit.document.category,
            }
            for hit in result.hits
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        if result.suggestion:
            click.echo(f"Did you mean: {result.suggestion}", err=True)
        return
    if not result.hits:
        click.echo(f"No results for {text!r} in {locale}.")
    for rank, hit in enumerate(result.hits, start=1):
        snippet = hit.snippet.replace("<mark>", "[").replace("</mark>", "]")
        click.echo(f"{rank}. {hit.document.title}  ({hit.score:.3f})")
        click.echo(f"   {hit.document.url}")
        click.echo(f"   {html_unescape(snippet)}")
    if result.total > len(result.hits):
        click.echo(f"({result.total} results in all)")
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")


def run() -> None:
    """The ``kbgen`` command: usage errors exit with 1 like content errors, not click's 2."""
    try:
        main.main(standalone_mode=False)
    except click.ClickException as error:
        error.show()
        sys.exit(1)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)


@main.command()
@config_option
@click.option("-l", "--locale", required=True, help="The locale whose quiz to answer.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcomes as a JSON list.")
@click.argument("answers", nargs=-1, metavar="KEY=VALUE...")
@handle_errors
def quiz(config_file: Path, locale: str, as_json: bool, answers: tuple[str, ...]) -> None:
    """Print the support options for answers such as product_line=home days_since_purchase=10.

    Answers to questions that do not apply are accepted and ignored.
    """
    import json

    from kbgen.i18n import load_translations
    from kbgen.rules import AnswerError
    from kbgen.rules.report import quiz_report

    _setup_logging(False)
    project = load_project(config_file)
    if locale not in project.locales:
        raise BuildError(
            f"unknown locale {locale!r}; the site's locales are {', '.join(project.locales)}"
        )
    kb = load_content(project)
    if kb.rules is None:
        raise BuildError(f"this site has no rules ({project.options.content_dir}/rules/)")
    translations = load_translations(project.locales_dir, locale)
    try:
        report = quiz_report(kb.rules, locale, translations, kb.entries, answers)
    except AnswerError as error:
        _fail(f"Error: {error}")
        return
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.as_text())
