"""Build the whole site: every locale with MkDocs, the root files, an atomic publish.

Gather, then render, then write: the knowledge base is loaded and checked once,
each locale is built into a staging folder next to the output, and the staging
folder replaces the output only when every locale has built.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment, PackageLoader
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from kbgen.config import KbgenConfig
from kbgen.content import ContentError, KnowledgeBase, Problem, load_knowledge_base
from kbgen.i18n import LocaleError, SiteLocale, load_translations
from kbgen.plugin import KbgenPlugin
from kbgen.progress import QUIET, Progress
from kbgen.render.pages import category_path, entry_path

if TYPE_CHECKING:
    from kbgen.search import LocaleSearch

log = logging.getLogger("kbgen")


class BuildError(Exception):
    """The site could not be built; the message says why, the old site is untouched."""


@dataclass(frozen=True)
class Project:
    """A site's configuration, read from its ``mkdocs.yml``."""

    config_file: Path
    mkdocs: MkDocsConfig
    options: KbgenConfig

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def content_dir(self) -> Path:
        return self.root / self.options.content_dir

    @property
    def locales_dir(self) -> Path:
        return self.root / self.options.locales_dir

    @property
    def locales(self) -> list[str]:
        return list(self.options.locales)

    @property
    def site_dir(self) -> Path:
        return Path(self.mkdocs.site_dir)


def load_project(config_file: Path) -> Project:
    """Read ``mkdocs.yml``; a missing file or a bad option is a ``BuildError``."""
    config_file = config_file.resolve()
    if not config_file.is_file():
        raise BuildError(f"{config_file}: the configuration file does not exist")
    try:
        config = load_config(str(config_file))
    except (ConfigurationError, Abort) as error:
        raise BuildError(f"{config_file}: {error}") from None
    plugin = config.plugins.get("kbgen")
    if not isinstance(plugin, KbgenPlugin):
        raise BuildError(f"{config_file}: the kbgen plugin is not enabled ('plugins: - kbgen')")
    return Project(config_file, config, plugin.config)


def load_content(project: Project, progress: Progress = QUIET) -> KnowledgeBase:
    """Load and check the knowledge base; raises ``ContentError``."""
    kb = load_knowledge_base(
        project.content_dir, project.locales, project.root, progress.counter("Reading entries")
    )
    for tag in project.locales:
        try:
            SiteLocale(tag).babel  # noqa: B018 (validates the tag)
            load_translations(project.locales_dir, tag)
        except LocaleError as error:
            raise BuildError(str(error)) from None
    return kb


@dataclass(frozen=True)
class BuildReport:
    site_dir: Path
    locales: tuple[str, ...]
    pages: int
    entries: dict[str, int]
    seconds: float
    warnings: tuple[Problem, ...] = ()
    """The content's warnings, which did not stop this build (it was not strict)."""


# The knowledge base, shared with forked workers without pickling it.
_SHARED: dict[str, Any] = {}


def build_site(
    project: Project,
    site_dir: Path | None = None,
    *,
    strict: bool = False,
    locales: Sequence[str] | None = None,
    jobs: int | None = None,
    progress: Progress = QUIET,
) -> BuildReport:
    """Build every locale and publish the result to ``site_dir`` atomically.

    ``strict``: the content's warnings (``ContentError``) and MkDocs' stop the build.
    ``progress`` hears of the content read and of each locale as it is built.
    """
    started = time.perf_counter()
    kb = load_content(project, progress)
    progress.note(f"Checked {len(kb.entries)} entries")
    if strict and kb.warnings:
        raise ContentError(kb.warnings)
    chosen = list(locales or project.locales)
    for tag in chosen:
        if tag not in project.locales:
            raise BuildError(
                f"unknown locale {tag!r}; the site's locales are {', '.join(project.locales)}"
            )
    output = (site_dir or project.site_dir).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        pages = _build_locales(project, kb, chosen, staging, strict, jobs, progress)
        write_root_files(project, kb, staging)
        publish(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    entries = {tag: len(kb.entries_in(tag)) for tag in chosen}
    seconds = time.perf_counter() - started
    return BuildReport(output, tuple(chosen), pages, entries, seconds, tuple(kb.warnings))


def _build_locales(
    project: Project,
    kb: KnowledgeBase,
    locales: list[str],
    staging: Path,
    strict: bool,
    jobs: int | None,
    progress: Progress = QUIET,
) -> int:
    workers = min(len(locales), jobs or os.cpu_count() or 1)
    tasks = [(str(project.config_file), tag, str(staging / tag), strict) for tag in locales]
    _SHARED["kb"] = kb
    total = 0
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            pages = _build_locale(*task)
            progress.note(f"Built {task[1]}: {pages} pages")
            total += pages
        return total
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(_build_locale, *task): task[1] for task in tasks}
        for future in as_completed(futures):
            pages = future.result()
            progress.note(f"Built {futures[future]}: {pages} pages")
            total += pages
    return total


class _ErrorCollector(logging.Handler):
    """Keeps MkDocs' error and warning messages, which its ``Abort`` does not carry."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build_locale(config_file: str, locale: str, out_dir: str, strict: bool) -> int:
    """Build one locale with MkDocs; returns its number of pages."""
    collector = _ErrorCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    try:
        config = load_config(config_file, site_dir=out_dir, strict=strict)
        plugin = config.plugins["kbgen"]
        assert isinstance(plugin, KbgenPlugin)
        plugin.prepare(_SHARED["kb"], locale)
        mkdocs_build(config)
    except (Abort, ConfigurationError, PluginError) as error:
        reasons = "; ".join(collector.messages) or str(error)
        raise BuildError(f"locale {locale}: {reasons}") from None
    finally:
        mkdocs_log.removeHandler(collector)
    return len(plugin.pages)


def publish(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames; nothing half-written is ever served."""
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        old.rmdir()
        output.rename(old)
        staging.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(output)
    output.chmod(0o755)


def write_root_files(project: Project, kb: KnowledgeBase, staging: Path) -> None:
    """The language chooser, the root 404 page and the sitemap with alternates."""
    env = Environment(loader=PackageLoader("kbgen", "templates"), autoescape=True)
    locales = [SiteLocale(tag) for tag in project.locales]
    languages = [
        {"tag": loc.tag, "name": loc.own_name, "primary": loc.babel.language} for loc in locales
    ]
    context = {
        "languages": languages,
        "default": project.options.main_locale,
        "site_name": project.mkdocs.site_name,
    }
    for name in ("index.html", "404.html"):
        (staging / name).write_text(env.get_template(f"root/{name}").render(context), "utf-8")
    robots = "User-agent: *\nAllow: /\n"
    if project.mkdocs.site_url:
        (staging / "sitemap.xml").write_text(_sitemap(project, kb), "utf-8")
        robots += f"Sitemap: {project.mkdocs.site_url.rstrip('/')}/sitemap.xml\n"
    (staging / "robots.txt").write_text(robots, "utf-8")


def _sitemap(project: Project, kb: KnowledgeBase) -> str:
    base = (project.mkdocs.site_url or "").rstrip("/") + "/"
    groups: list[dict[str, str]] = [{tag: "" for tag in project.locales}]
    for category in sorted(kb.categories):
        groups.append(
            {
                tag: category_path(category)
                for tag in project.locales
                if any(
                    e.category == category and tag in e.translations for e in kb.entries.values()
                )
            }
        )
    for entry_id in sorted(kb.entries):
        entry = kb.entries[entry_id]
        groups.append(
            {tag: entry_path(entry_id) for tag in project.locales if tag in entry.translations}
        )
    # The quiz and its table: alternates only among the locales of the same programme.
    for programme in kb.rules.programmes.values() if kb.rules else []:
        for path in ("eligibility/", "eligibility/table/"):
            groups.append({tag: path for tag in project.locales if tag in programme.locales})
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for group in groups:
        for tag, path in group.items():
            lines.append(f"<url><loc>{xml_escape(base + tag + '/' + path)}</loc>")
            for other, other_path in group.items():
                href = xml_escape(base + other + "/" + other_path)
                lines.append(f'<xhtml:link rel="alternate" hreflang="{other}" href="{href}"/>')
            # Readers whose language is none of these get the language chooser.
            lines.append(
                f'<xhtml:link rel="alternate" hreflang="x-default" href="{xml_escape(base)}"/>'
            )
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def locale_search(
    project: Project,
    kb: KnowledgeBase,
    locale: str,
    *,
    category: str | None = None,
    product: str | None = None,
) -> LocaleSearch:
    """The Whoosh search of one locale, as the build indexes it; checks the arguments."""
    from kbgen.render.pages import LocaleRenderer
    from kbgen.search import build_locale_search

    if locale not in project.locales:
        raise BuildError(
            f"unknown locale {locale!r}; the site's locales are {', '.join(project.locales)}"
        )
    if category is not None and category not in kb.categories:
        raise BuildError(
            f"unknown category {category!r}; known: {', '.join(sorted(kb.categories))}"
        )
    if product is not None and product not in kb.products:
        raise BuildError(f"unknown product {product!r}; known: {', '.join(sorted(kb.products))}")
    translations = load_translations(project.locales_dir, locale)
    site_name = project.options.site_names.get(locale, project.mkdocs.site_name)
    renderer = LocaleRenderer(kb, SiteLocale(locale), translations, site_name)
    return build_locale_search(renderer)
