"""The site's commands: ``build``, ``check`` and ``serve``."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kbgen.cli.base import (
    config_option,
    fail,
    found,
    handle_errors,
    load_project,
    main,
    setup_logging,
)
from kbgen.errors import ContentError, Problem

if TYPE_CHECKING:
    from kbgen.findings import Findings, Inputs


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
    setup_logging(verbose)
    # Its tasks read the configuration with MkDocs: an unchanged one need not be read here.
    project = load_project(config_file, kept=not no_cache)
    from kbgen.progress import Progress
    from kbgen.site import build_site

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
    if report.unchanged:
        click.echo(
            f"Nothing has changed since the last build: its {report.pages} pages in "
            f"{len(report.locales)} locales ({counts} entries) are published as they are "
            f"({report.seconds:.1f} s)."
        )
    else:
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
    from kbgen.findings import inputs_of, keep, recall

    setup_logging(False)
    # The same inputs give the same findings: those of the last check are kept.
    inputs = inputs_of(config_file.resolve())
    findings = recall(inputs) if inputs is not None else None
    if findings is None:
        findings = _find(config_file, inputs)
        if inputs is not None:
            keep(inputs, findings)
    if findings.failed:
        if output_format == "json":
            _echo_findings_json(findings.problems)
        else:
            for problem in findings.problems:
                click.echo(str(problem), err=True)
        fail(found(findings.problems))
    warnings = findings.problems
    if output_format == "json":
        _echo_findings_json(warnings)
    else:
        for problem in warnings:
            click.echo(str(problem), err=True)
    if strict and warnings:
        fail(found(warnings))
    # With --format json, stdout holds the JSON and nothing else.
    echo = click.echo if output_format == "text" else partial(click.echo, err=True)
    for line in findings.summary:
        echo(line)


def _find(config_file: Path, inputs: Inputs | None) -> Findings:
    """Load and check the project's content: its problems, or the summary of its checks.

    The project read from an unchanged configuration, and the files parsed by the last
    check or build, are taken from the cache: after a change to a few content files,
    neither MkDocs nor the parser of the others is needed."""
    from kbgen.cache import BuildCache
    from kbgen.content.reuse import keep_parsed, parsed_from
    from kbgen.findings import Findings, keep_project, recall_project
    from kbgen.progress import Progress
    from kbgen.project import Project, load_project_content

    project = recall_project(inputs) if inputs is not None else None
    if not isinstance(project, Project):
        project = load_project(config_file)
        if inputs is not None:
            keep_project(inputs, project)
    store = inputs.store if inputs is not None else BuildCache(project.cache_dir)
    parsed = parsed_from(store)
    try:
        # Dates are for pages: a check has no use for git's history.
        kb = load_project_content(project, Progress(), parsed, dates=False)
    except ContentError as error:
        return Findings(tuple(error.problems), failed=True)
    finally:
        with contextlib.suppress(OSError):
            keep_parsed(store, parsed)
    counts = (
        f"{len(kb.entries)} entries, {len(kb.categories)} categories "
        f"and {len(kb.products)} products"
    )
    if kb.warnings:
        summary = [f"No errors in {counts}; {len(kb.warnings)} warning(s)."]
    else:
        summary = [f"No problems in {counts}."]
    if kb.rules is not None:
        stats = kb.rules.stats.values()
        per_programme = ", ".join(f"{s.programme} {s.cases}" for s in stats)
        summary.append(
            f"The rules hold: {kb.rules.rule_count} rules in {len(kb.rules.programmes)} "
            f"programmes, {sum(s.cases for s in stats)} cases checked ({per_programme}; "
            f"{sum(s.combinations for s in stats)} combinations of answers), one quiz in "
            f"{len(kb.rules.locales)} locales."
        )
    return Findings(tuple(kb.warnings), failed=False, summary=tuple(summary))


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
    from kbgen.preview import parse_address, serve_preview

    setup_logging(False)
    try:
        host, port = parse_address(dev_addr)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'-a' / '--dev-addr'") from None
    project = load_project(config_file)
    serve_preview(project, locale=locale, host=host, port=port, open_browser=open_browser)
