"""The writers' and translators' commands: ``new``, ``status``, ``schema`` and ``i18n``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kbgen.cli.base import (
    config_option,
    fail,
    handle_errors,
    load_content,
    load_project,
    main,
    setup_logging,
)
from kbgen.cli.status import format_lists, format_table, format_work
from kbgen.errors import display_path


@main.command()
@config_option
@click.option(
    "--check", "check_only", is_flag=True, help="Fail if a committed schema is out of date."
)
@handle_errors
def schema(config_file: Path, check_only: bool) -> None:
    """Write the JSON Schemas of the content files: kbgen's own (kbgen/schema/), from the
    model, and the project's (schema/ beside mkdocs.yml), with its categories, products,
    locales and entry ids, which its content files' yaml-language-server lines name."""
    from kbgen.schema import SCHEMA_DIR, render_schema, schemas
    from kbgen.schema.project import stale_project_files, write_project_schemas

    project = load_project(config_file) if config_file.is_file() else None
    if check_only:
        stale = [
            name
            for name, value in schemas().items()
            if not (SCHEMA_DIR / name).is_file()
            or (SCHEMA_DIR / name).read_text("utf-8") != render_schema(value)
        ]
        if project is not None:
            stale += stale_project_files(project)
        if stale:
            fail(f"Out of date: {', '.join(stale)}; run `kbgen schema`.")
        click.echo("The content schemas are current.")
        return
    from kbgen.schema import write_schemas

    changed = write_schemas()
    click.echo(f"Wrote {len(changed)} schema file(s) to {SCHEMA_DIR}.")
    if project is not None:
        written, pointed = write_project_schemas(project)
        where = display_path(project.root / "schema", Path.cwd())
        click.echo(
            f"Wrote {len(written)} project schema file(s) to {where}/; "
            f"{len(pointed)} content file(s) now name them."
        )


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
    from kbgen.content.skeleton import NewEntry, create_entry
    from kbgen.errors import display_path

    project = load_project(config_file)
    request = NewEntry(kind, category, locale, entry_id, title)
    path = create_entry(request, project.content_dir, project.locales, project.root)
    if (project.root / "schema").is_dir():
        from kbgen.schema.project import write_project_schemas

        write_project_schemas(project)  # editors complete the new id in `related`
    click.echo(
        f"Created {display_path(path, project.root)}: replace its TODO placeholders, "
        "then run `kbgen check`."
    )


@main.command()
@config_option
@click.argument("entry_id", metavar="ID")
@click.argument("locale", metavar="LOCALE")
@click.option(
    "--from",
    "origin",
    metavar="LOCALE",
    help="Start from this translation instead of the entry's source_locale.",
)
@handle_errors
def translate(config_file: Path, entry_id: str, locale: str, origin: str | None) -> None:
    """Start the LOCALE translation of entry ID from its source text, as a draft.

    The source's text is copied into the entry's file under translations.LOCALE, with
    draft: true and translated_from; the site does not publish it until
    `kbgen status --mark ID --locale LOCALE` records that it is reviewed.
    """
    from kbgen.content.translating import start_translation

    setup_logging(False)
    project = load_project(config_file)
    kb = load_content(project)
    started = start_translation(
        kb.written, kb.sources, entry_id, locale, project.locales, project.root, origin
    )
    where = f"{display_path(started.path, project.root)}:{started.line}"
    click.echo(
        f"Started the {locale} translation of {entry_id} from its {started.origin} text at "
        f"{where} (a draft, not published). Translate it, then: "
        f"kbgen status --mark {entry_id} --locale {locale}"
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
@click.option(
    "--outdated",
    "outdated_only",
    is_flag=True,
    help="List only what needs work: outdated translations and drafts, with file and line.",
)
@click.option(
    "--diff",
    "diff",
    nargs=2,
    metavar="ID LOCALE",
    help="Show what changed in the source of ID since its LOCALE translation was marked.",
)
@handle_errors
def status(
    config_file: Path,
    locale: str | None,
    as_json: bool,
    fail_under: float | None,
    mark_ids: tuple[str, ...],
    outdated_only: bool,
    diff: tuple[str, str] | None,
) -> None:
    """Translation status per locale: translated, up to date, outdated, missing.

    A translation is outdated when its source changed since it was marked with
    --mark (or when it was never marked).
    """
    from kbgen.content.marking import mark_current
    from kbgen.content.status import locale_status

    setup_logging(False)
    project = load_project(config_file)
    if locale is not None:
        project.require_locale(locale)
    kb = load_content(project)
    if diff:
        from kbgen.content.history import source_changes

        entry_id, diff_locale = diff
        project.require_locale(diff_locale)
        changes = source_changes(kb.written, kb.sources, entry_id, diff_locale, project.root)
        origin = kb.written[entry_id].origin_of(diff_locale)
        if not changes:
            click.echo(
                f"The {origin} text of {entry_id} has not changed since its {diff_locale} "
                "translation was marked."
            )
        click.echo(changes, nl=False)
        return
    if mark_ids:
        if locale is None:
            raise click.UsageError("--mark needs the --locale of the translation to mark")
        for entry_id in mark_ids:
            source_path = kb.sources[entry_id].path if entry_id in kb.sources else ""
            pending = [
                str(p)
                for p in kb.warnings
                if p.code == "KB110"
                and p.path == source_path
                and p.key.startswith(f"translations.{locale}.")
            ]
            if pending:
                fail(
                    "\n".join(pending)
                    + f"\nThe {locale} draft of {entry_id} still quotes facts that {locale} does "
                    "not state; replace them before marking it."
                )
            marked = mark_current(kb.written, kb.sources, entry_id, locale, project.root)
            where = f"{display_path(marked.path, project.root)}:{marked.line}"
            state = "Marked" if marked.changed else "Already marked"
            source = kb.written[entry_id].origin_of(locale)
            click.echo(
                f"{state}: the {locale} translation of {entry_id} follows the current {source} "
                f"text (source_hash {marked.source_hash}, {where})."
            )
        return
    statuses = [
        locale_status(kb.written, kb.sources, tag)
        for tag in ([locale] if locale else project.locales)
    ]
    if as_json:
        click.echo(json.dumps([s.as_json() for s in statuses], ensure_ascii=False, indent=2))
    elif outdated_only:
        click.echo("\n".join(format_work(item) for item in statuses))
    else:
        click.echo(format_table(statuses))
        for item in statuses:
            click.echo("")
            click.echo(format_lists(item))
    if fail_under is not None:
        under = [s for s in statuses if s.coverage < fail_under]
        if under:
            shown = ", ".join(f"{s.locale} {s.coverage:.1f}%" for s in under)
            fail(
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
    from kbgen.catalogs import extract

    project = load_project(config_file)
    path, count = extract(project.root, project.locales_dir)
    click.echo(f"Extracted {count} messages into {display_path(path, project.root)}.")


@i18n.command("update")
@config_option
@handle_errors
def i18n_update(config_file: Path) -> None:
    """Merge locales/messages.pot into every locale's catalog (no fuzzy matching)."""
    from kbgen.catalogs import update

    project = load_project(config_file)
    results = update(project.locales_dir, project.locales)
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
        fail(f"Found {len(errors)} problem(s) in the catalogs; their .mo files were not written.")
