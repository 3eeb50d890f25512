"""The customers' questions, answered from the terminal: ``search`` and ``quiz``."""

from __future__ import annotations

import json
from html import unescape as html_unescape
from pathlib import Path

import click

from kbgen.cli.base import (
    config_option,
    handle_errors,
    load_content,
    load_project,
    main,
    setup_logging,
)


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
    from kbgen.search import locale_search

    setup_logging(False)
    project = load_project(config_file)
    kb = load_content(project)
    search_ = locale_search(
        project,
        kb,
        locale,
        category=category,
        product=product,
        note=lambda text: click.echo(text, err=True),
    )
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
    from kbgen.i18n import load_translations
    from kbgen.rules.report import quiz_report

    setup_logging(False)
    project = load_project(config_file)
    project.require_locale(locale)
    kb = load_content(project)
    if kb.rules is None:
        from kbgen.project import BuildError

        raise BuildError(f"this site has no rules ({project.options.content_dir}/rules/)")
    translations = load_translations(project.locales_dir, locale)
    report = quiz_report(kb.rules, locale, translations, kb.entries, answers)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.as_text())
