"""The ``kbgen`` command. It only wires options to the functions that do the work."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial, wraps
from html import unescape as html_unescape
from pathlib import Path
from typing import Any, TypeVar

import click

from kbgen.content import ContentError, Problem
from kbgen.content.problems import Severity
from kbgen.progress import Progress
from kbgen.site import BuildError, build_site, load_content, load_project

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


def _found(problems: Sequence[Problem]) -> str:
    """The last line of a failed run: how many errors (and warnings) there are."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if not warnings:
        return f"Found {errors} error(s) in the content."
    found = f"Found {errors} error(s) and {warnings} warning(s) in the content"
    return f"{found}; --strict fails on warnings." if not errors else f"{found}."


def handle_errors(func: F) -> F:
    """Turn content and build errors into a message and exit code 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ContentError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            _fail(f"{_found(error.problems)}{_not_built()}")
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
@click.option(
    "--no-cache",
    is_flag=True,
    help="Rebuild everything instead of keeping what has not changed since the last build.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
@handle_errors
def build(
    config_file: Path,
    strict: bool,
    site_dir: Path | None,
    locales: tuple[str, ...],
    jobs: int | None,
    no_cache: bool,
    verbose: bool,
) -> None:
    """Check the content and build every locale into the site folder.

    A rebuild keeps the files of the last build that nothing has changed (the cache
    is in cache_dir, .cache/kbgen by default); --no-cache builds everything.
    """
    _setup_logging(verbose)
    project = load_project(config_file)
    report = build_site(
        project,
        site_dir,
        strict=strict,
        locales=locales or None,
        jobs=jobs,
        progress=Progress(),
        use_cache=not no_cache,
    )
    for problem in report.warnings:
        click.echo(str(problem), err=True)
    counts = ", ".join(f"{tag} {n}" for tag, n in report.entries.items())
    kept = f", {report.reused} unchanged files kept from the last build" if report.reused else ""
    click.echo(
        f"Built {report.pages} pages in {len(report.locales)} locales ({counts} entries{kept}) "
        f"in {report.seconds:.1f} s."
    )
    click.echo(
        f"The site is in {report.site_dir}. To open it, serve it (directory URLs need a server):\n"
        f"  python3 -m http.server --directory {report.site_dir} 8000\n"
        f"then open http://127.0.0.1:8000/"
    )


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: print the findings as a JSON list (path, line, key, code, severity, "
    "message), for CI annotations.",
)
@handle_errors
def check(config_file: Path, strict: bool, output_format: str) -> None:
    """Validate and lint the content without building anything; report every finding."""
    _setup_logging(False)
    project = load_project(config_file)
    try:
        kb = load_content(project, Progress())
    except ContentError as error:
        if output_format != "json":
            raise
        _echo_findings_json(error.problems)
        _fail(_found(error.problems))
        return
    if output_format == "json":
        _echo_findings_json(kb.warnings)
    else:
        for problem in kb.warnings:
            click.echo(str(problem), err=True)
    if strict and kb.warnings:
        _fail(_found(kb.warnings))
    counts = (
        f"{len(kb.entries)} entries, {len(kb.categories)} categories "
        f"and {len(kb.products)} products"
    )
    # With --format json, stdout holds the JSON and nothing else.
    echo = click.echo if output_format == "text" else partial(click.echo, err=True)
    if kb.warnings:
        echo(f"No errors in {counts}; {len(kb.warnings)} warning(s).")
    else:
        echo(f"No problems in {counts}.")
    if kb.rules is not None:
        stats = kb.rules.stats.values()
        echo(
            f"The rules hold: {kb.rules.rule_count} rules in {len(kb.rules.programmes)} "
            f"programmes, {sum(s.cases for s in stats)} cases checked in {len(stats)} locales "
            f"({sum(s.combinations for s in stats)} combinations of answers)."
        )


def _echo_findings_json(problems: Sequence[Problem]) -> None:
    click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))


@main.command()
@config_option
@click.option("-l", "--locale", help="Preview only this locale (faster; default: every locale).")
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to serve the preview (port 0: any free port).",
)
@click.option("-o", "--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@handle_errors
def serve(config_file: Path, locale: str | None, dev_addr: str, open_browser: bool) -> None:
    """Preview the site, rebuilding it and reloading the browser when a file changes."""
    from kbgen.preview import PreviewError, parse_address, serve_preview

    _setup_logging(False)
    try:
        host, port = parse_address(dev_addr)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'-a' / '--dev-addr'") from None
    project = load_project(config_file)
    try:
        serve_preview(project, locale=locale, host=host, port=port, open_browser=open_browser)
    except PreviewError as error:
        _fail(f"Error: {error}")


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
    # The work is done and written. Like mypy's hard exit: freeing a large build's objects
    # one by one at interpreter exit takes most of a second and serves no one.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


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


@main.command()
@config_option
@click.argument("kind", type=click.Choice(["faq", "article"]))
@click.argument("entry_id", metavar="[ID]", required=False)
@click.option("-c", "--category", required=True, help="The entry's category (id).")
@click.option("-l", "--locale", required=True, help="The locale it is written in: its source.")
@click.option(
    "-t", "--title", help="The question or title; the ID is derived from it if not given."
)
@handle_errors
def new(
    config_file: Path,
    kind: str,
    entry_id: str | None,
    category: str,
    locale: str,
    title: str | None,
) -> None:
    """Create an entry skeleton, content/entries/CATEGORY/ID.yaml, to fill in.

    It never overwrites a file or reuses an id; `kbgen check` points at its TODO
    placeholders until they are replaced.
    """
    from kbgen.content.problems import display_path
    from kbgen.content.skeleton import NewEntry, SkeletonError, create_entry

    project = load_project(config_file)
    request = NewEntry(kind, category, locale, entry_id, title)
    try:
        path = create_entry(request, project.content_dir, project.locales, project.root)
    except SkeletonError as error:
        _fail(f"Error: {error}")
        return
    click.echo(
        f"Created {display_path(path, project.root)}: replace its TODO placeholders, "
        "then run `kbgen check`."
    )


@main.command()
@config_option
@click.option("-l", "--locale", help="Only this locale (required with --mark).")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Exit with 1 when a locale has fewer up-to-date translations, in percent of all entries.",
)
@click.option(
    "--mark",
    "mark_ids",
    multiple=True,
    metavar="ID",
    help="Record that the --locale translation of entry ID follows its source as it is now "
    "(repeatable).",
)
@handle_errors
def status(
    config_file: Path,
    locale: str | None,
    as_json: bool,
    fail_under: float | None,
    mark_ids: tuple[str, ...],
) -> None:
    """Translation status per locale: translated, up to date, outdated, missing.

    A translation is outdated when its source changed since it was marked with
    --mark (or when it was never marked).
    """
    from kbgen.content.problems import display_path
    from kbgen.content.status import (
        StatusError,
        format_lists,
        format_table,
        locale_status,
        mark_current,
    )

    _setup_logging(False)
    project = load_project(config_file)
    if locale is not None and locale not in project.locales:
        raise BuildError(
            f"unknown locale {locale!r}; the site's locales are {', '.join(project.locales)}"
        )
    kb = load_content(project)
    if mark_ids:
        if locale is None:
            raise click.UsageError("--mark needs the --locale of the translation to mark")
        for entry_id in mark_ids:
            try:
                marked = mark_current(kb, entry_id, locale, project.root)
            except StatusError as error:
                _fail(f"Error: {error}")
                return
            where = f"{display_path(marked.path, project.root)}:{marked.line}"
            state = "Marked" if marked.changed else "Already marked"
            source = kb.entries[entry_id].source_locale
            click.echo(
                f"{state}: the {locale} translation of {entry_id} follows the current {source} "
                f"text (source_hash {marked.fingerprint}, {where})."
            )
        return
    statuses = [locale_status(kb, tag) for tag in ([locale] if locale else project.locales)]
    if as_json:
        click.echo(json.dumps([s.as_json() for s in statuses], ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(statuses))
        for item in statuses:
            click.echo("")
            click.echo(format_lists(item))
    if fail_under is not None:
        under = [s for s in statuses if s.coverage < fail_under]
        if under:
            shown = ", ".join(f"{s.locale} {s.coverage:.1f}%" for s in under)
            _fail(
                f"Up-to-date translations under {fail_under:g}% of the {len(kb.entries)} "
                f"entries: {shown}."
            )


@main.group()
def i18n() -> None:
    """Keep the interface strings' catalogs (locales/) in step with the templates."""


@i18n.command("extract")
@config_option
@handle_errors
def i18n_extract(config_file: Path) -> None:
    """Write locales/messages.pot from the templates and code (locales/babel.cfg)."""
    from kbgen.catalogs import CatalogError, extract
    from kbgen.content.problems import display_path

    project = load_project(config_file)
    try:
        path, count = extract(project.root, project.locales_dir)
    except CatalogError as error:
        _fail(f"Error: {error}")
        return
    click.echo(f"Extracted {count} messages into {display_path(path, project.root)}.")


@i18n.command("update")
@config_option
@handle_errors
def i18n_update(config_file: Path) -> None:
    """Merge locales/messages.pot into every locale's catalog (no fuzzy matching)."""
    from kbgen.catalogs import CatalogError, update
    from kbgen.content.problems import display_path

    project = load_project(config_file)
    try:
        results = update(project.locales_dir, project.locales)
    except CatalogError as error:
        _fail(f"Error: {error}")
        return
    for result in results:
        shown = display_path(result.path, project.root)
        if result.untranslated:
            missing = ", ".join(repr(m) for m in result.untranslated)
            click.echo(f"{shown}: {len(result.untranslated)} to translate: {missing}")
        else:
            click.echo(f"{shown}: every message is translated.")


@i18n.command("compile")
@config_option
@handle_errors
def i18n_compile(config_file: Path) -> None:
    """Check every locale's catalog and write its .mo file beside it."""
    from kbgen.catalogs import compile_catalogs
    from kbgen.content.problems import display_path

    project = load_project(config_file)
    results = compile_catalogs(project.locales_dir, project.locales)
    errors = [error for result in results for error in result.errors]
    for result in results:
        if not result.errors:
            shown = display_path(result.path, project.root)
            click.echo(f"Compiled {shown} ({result.messages} messages).")
    for error in errors:
        click.echo(error, err=True)
    if errors:
        _fail(f"Found {len(errors)} problem(s) in the catalogs; their .mo files were not written.")
