"""Driving MkDocs: the project's configuration, and one MkDocs build per locale.

With ``kbgen.plugin``, the only code that knows MkDocs. ``load_project`` reads
``mkdocs.yml`` into a plain ``Project``; ``build_locales`` builds each locale's
site with MkDocs and mkdocs-material into the staging folder, in worker processes
(forked: they share the loaded knowledge base without copying it), handing each
locale's prepared pages to the plugin.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import importlib
import logging
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import jinja2
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from kbgen.build_problems import DirtyBuildNotice, ErrorCollector, TemplateProblem, template_problem
from kbgen.cache import digest
from kbgen.config import KbgenConfig
from kbgen.content.views import content_key_of, view_key_of
from kbgen.errors import ContentError, KbgenError
from kbgen.forks import Early, Forks, die_with_parent
from kbgen.i18n import own_language_name
from kbgen.incremental import Reuse, folder_keys
from kbgen.jobs import LocaleJob, LocaleResult, Previous, SiteJob
from kbgen.project import BuildError, KnowledgeBase, Project, load_project_content
from kbgen.render.page import LocaleMemo

if TYPE_CHECKING:
    from kbgen.search import SearchTask


class _Plugin(Protocol):
    """What the build needs of ``kbgen.plugin.KbgenPlugin`` (which imports this module)."""

    options: KbgenConfig
    pages: dict[str, Any]
    search: SearchTask | None

    def prepare(self, job: LocaleJob) -> None: ...


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
    options = getattr(plugin, "options", None)
    if not isinstance(options, KbgenConfig):
        raise BuildError(f"{config_file}: the kbgen plugin is not enabled ('plugins: - kbgen')")
    return project_of(config_file, config, options)


def project_of(config_file: Path, config: MkDocsConfig, options: KbgenConfig) -> Project:
    """The plain ``Project`` of a loaded MkDocs configuration."""
    custom_dir = config.theme.custom_dir
    return Project(
        config_file=config_file,
        options=options,
        site_name=config.site_name,
        site_dir=Path(config.site_dir),
        site_url=config.site_url or None,
        theme_dir=Path(custom_dir) if custom_dir else None,
        favicon=config.theme.get("favicon") or "assets/images/favicon.png",
    )


def standalone_job(config: MkDocsConfig, options: KbgenConfig) -> LocaleJob:
    """The job of a plain ``mkdocs build`` or ``mkdocs serve``: the default locale (or
    ``$KBGEN_LOCALE``), with the knowledge base loaded here; a content problem is
    MkDocs' ``PluginError``, its warnings MkDocs' warnings (which ``--strict`` counts)."""
    project = project_of(Path(config.config_file_path or "mkdocs.yml").resolve(), config, options)
    locale = os.environ.get("KBGEN_LOCALE") or options.main_locale
    if locale not in options.locales:
        raise PluginError(f"locale {locale!r} is not one of the site's locales")
    try:
        kb = load_project_content(project)
    except ContentError as error:
        raise PluginError("\n".join(str(p) for p in error.problems)) from None
    except KbgenError as error:
        raise PluginError(str(error)) from None
    for problem in kb.warnings:
        logging.getLogger("mkdocs.plugins.kbgen").warning(str(problem))
    return LocaleJob(kb, locale)


# The job of a worker process, set by its initializer (forked: nothing is pickled).
_JOB: SiteJob | None = None


def build_locales(
    job: SiteJob,
    locales: list[str],
    jobs: int | None,
    done: Callable[[str, LocaleResult], None],
) -> dict[str, LocaleResult]:
    """Build each locale into ``job.staging/<locale>``; ``done`` hears of each as it ends.

    In worker processes, each locale's pages are one task and its search index, when it
    must be built anew, another (queued as the pages end): the cores stay busy to the
    end of the build instead of waiting for the last locale's index. The objects there
    are when the tasks fork stay out of garbage collections (``gc.freeze``) for the
    caller to let back in.
    """
    _import_tasks_modules()
    workers = min(len(locales), jobs or os.cpu_count() or 1)
    results: dict[str, LocaleResult] = {}
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        saved = tempfile.tempdir
        tempfile.tempdir = str(job.temp_dir)
        try:
            for tag in locales:
                result = _build_locale(job, tag)
                if result.search is not None:
                    result = _with_index(result, _index_locale(job, result.search))
                results[tag] = result
                done(tag, result)
        finally:
            tempfile.tempdir = saved
        return results
    # Shared with the workers copy-on-write, the knowledge base stays out of collections
    # (which write into objects' headers). Only young garbage goes first: a full collection
    # would go over all the loaded content (0.1 s at 2,000 entries a locale). The caller
    # lets them back in (``gc.unfreeze``) once it is done with them (``kbgen.site``).
    _warm_forks(job.kb.locales)
    gc.collect(1)
    gc.freeze()
    return _build_in_workers(job, locales, workers, done)


def _import_tasks_modules() -> None:
    """Import what the tasks use (Whoosh, MkDocs' build, the plugin) once for all of their
    forks, and not in the commands that only read the configuration (``kbgen check``)."""
    for module in ("kbgen.search", "mkdocs.commands.build", "kbgen.plugin"):
        importlib.import_module(module)


def _warm_forks(locales: Sequence[str]) -> None:
    """Before forking: find and import the installed themes, the texts' Markdown extensions
    and each locale's data in Babel (which every page's language menu reads) once, instead
    of in every task. Only a head start: a theme that fails to load here is left to the
    task that uses it, which reports it as MkDocs does."""
    from mkdocs.utils import get_themes

    from kbgen.render.markdown import ContentRenderer

    for theme in get_themes().values():
        with contextlib.suppress(Exception):
            theme.load()
    ContentRenderer()
    for tag in locales:
        own_language_name(tag)


def _build_in_workers(
    job: SiteJob, locales: list[str], workers: int, done: Callable[[str, LocaleResult], None]
) -> dict[str, LocaleResult]:
    """Each task has a process of its own (``kbgen.forks``: the memory of a locale's
    pages is given back when they are written), at most ``workers`` at a time. In a first
    build every locale's index is built anew: the pages go first, and the indexes fill
    the end. In a rebuild, few are: an index (the longest task) goes before the pages of
    the locales not started yet, and is handed over by its pages' task as soon as their
    texts are known (``kbgen.forks.Early``), to be built beside the rest of them."""
    results: dict[str, LocaleResult] = {}
    waiting = list(locales)
    indexes: list[SearchTask] = []
    pages: dict[str, LocaleResult] = {}
    built: dict[str, _Index] = {}
    apart: set[str] = set()  # the locales whose index is a task of its own
    rebuild = any(p.published and p.manifest for p in (job.previous or {}).values())
    # Each task's key: its locale, and whether it is its index.
    with Forks[tuple[str, bool]](partial(_start_worker, job)) as forks:

        def start_index(task: SearchTask) -> None:
            what = f"building the search index of locale {task.locale}"
            forks.start((task.locale, True), what, partial(_index_locale, job), task)

        while waiting or indexes or len(forks):
            # In a rebuild, an index starts at once, even beside a full set of workers.
            while indexes and rebuild and len(forks) <= workers:
                start_index(indexes.pop(0))
            while len(forks) < workers and (waiting or indexes):
                if indexes and not waiting:
                    start_index(indexes.pop(0))
                else:
                    tag = waiting.pop(0)
                    forks.start(
                        (tag, False), f"building the pages of locale {tag}", _worker_build, tag
                    )
            for (tag, index), value in forks.finished():
                if isinstance(value, Early):  # its index, sent before the pages' end
                    indexes.append(value.value)
                    apart.add(tag)
                    continue
                if index:
                    built[tag] = value
                else:
                    pages[tag] = value
                    if value.search is not None:
                        indexes.append(value.search)
                        apart.add(tag)
                if tag in pages and (tag not in apart or tag in built):
                    result = pages.pop(tag)
                    result = _with_index(result, built.pop(tag)) if tag in apart else result
                    results[tag] = result
                    done(tag, result)
    return results


@dataclass(frozen=True)
class _Index:
    """What building a locale's search index sends back."""

    keys: dict[str, str]
    """The key of each of the index's files."""
    kept: frozenset[str]
    """The published files of the index that the build keeps as they are."""


def _index_locale(job: SiteJob, task: SearchTask) -> _Index:
    """Build a locale's search index (a worker's task), writing only the files that the
    published index does not hold as they are (``Reuse.take_same``)."""
    from kbgen.search import run_search_task

    locale_dir = task.out.parent.parent
    folder = task.out.relative_to(locale_dir).as_posix()
    previous = (job.previous or {}).get(task.locale)
    if previous is not None and not previous.use_cache:
        task = dataclasses.replace(task, reuse=False)  # every segment indexed anew
    reuse = None if previous is None else Reuse(previous.published, previous.manifest)
    if reuse is None:
        run_search_task(task)
    else:
        kept = reuse  # the site's copy of the index, for the files it holds as they are
        run_search_task(task, lambda name, data: kept.take_same(f"{folder}/{name}", data, task.key))
    keys = folder_keys(locale_dir, folder, task.key)
    if reuse is None:
        return _Index(keys, frozenset())
    return _Index({**keys, **reuse.keys}, frozenset(reuse.kept))


def _with_index(pages: LocaleResult, index: _Index) -> LocaleResult:
    """A locale's result, with its search index built."""
    keys, kept = {**pages.keys, **index.keys}, pages.kept | index.kept
    return dataclasses.replace(pages, keys=keys, kept=kept, search=None)


def _start_worker(job: SiteJob) -> None:
    """A worker dies with its build, never holds the build's lock, and keeps its
    temporary files beside the site."""
    global _JOB
    _JOB = job
    die_with_parent()
    if job.lock is not None:
        with contextlib.suppress(OSError):
            os.close(job.lock)
    tempfile.tempdir = str(job.temp_dir)


def _worker_build(locale: str) -> LocaleResult:
    assert _JOB is not None
    return _build_locale(_JOB, locale)


def _inputs(
    job: SiteJob, locale: str, previous: Previous | None
) -> tuple[str, str, Callable[[], KnowledgeBase]]:
    """The key of all that the locale's build reads (``LocaleResult.inputs``) and of all
    that its search index reads, each entry's part of its view's key as the last build
    found it, and the knowledge base seen from the locale, made when asked
    (``KnowledgeBase.view_parts``: a locale kept needs none)."""
    name, kb, besides = f"views/{locale}", job.kb, job.besides_entries
    if besides is None:
        return "", "", partial(kb.seen_from, locale)
    known = job.store.read(name) if previous is not None and previous.use_cache else None
    view, parts = kb.view_parts(locale, known if isinstance(known, dict) else {})
    if (now := {kb.keys[entry]: part for entry, part in parts.items()}) != known:
        job.store.write_pending(name, now, job.build)
    search = digest("search", besides, content_key_of(locale, parts.values()))
    return digest("locale", besides, view_key_of(locale, parts.values())), search, view


def _build_locale(job: SiteJob, locale: str) -> LocaleResult:
    """Build one locale with MkDocs, or keep it as the last build left it when nothing
    that its build reads has changed since (``SiteJob.besides_entries``)."""
    from mkdocs.commands.build import build as mkdocs_build

    from kbgen.search.stored import searchable

    previous = (job.previous or {}).get(locale)
    inputs, search_inputs, view = _inputs(job, locale, previous)
    reuse = memo = None
    search_unchanged = False  # nothing that the search index reads has changed
    if previous is not None:
        reuse = Reuse(previous.published, previous.manifest)
        same = inputs == previous.inputs != "" and previous.use_cache and not job.search_later
        cache = job.store.directory
        same = same and (cache is None or searchable(cache, locale, previous.manifest))
        if same and reuse.keep_all(previous.files):  # all its files, as they are
            return LocaleResult(previous.pages, frozenset(), {}, None, inputs, True)
        kept = job.store.read(f"render/{locale}") if previous.use_cache else None
        changes = job.store.read(f"render/{locale}-changes") if previous.use_cache else None
        memo = LocaleMemo.resume(kept, changes)
        searched = job.store.read(f"search/{locale}") if previous.use_cache else None
        search_unchanged = searched == search_inputs != "" and (
            cache is None or searchable(cache, locale, previous.manifest)
        )
    kb = view()
    collector = ErrorCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    build_log = logging.getLogger("mkdocs.commands.build")
    notice = DirtyBuildNotice()
    build_log.addFilter(notice)
    out_dir = str(job.staging / locale)
    try:
        config = load_config(str(job.config_file), site_dir=out_dir, strict=job.strict)
        plugin: _Plugin = config.plugins["kbgen"]  # type: ignore[assignment]
        plugin.prepare(
            LocaleJob(
                kb,
                locale,
                reuse,
                memo,
                job.store.templates(),
                job.search_later,
                job.store.directory,
                index_apart=job.index_apart,
                search_unchanged=search_unchanged and not job.search_later,
            )
        )
        # Dirty: MkDocs skips the pages that the last build published as they are now.
        mkdocs_build(config, dirty=reuse is not None)
    except (Abort, ConfigurationError, PluginError) as error:
        reasons = "; ".join(collector.messages) or str(error)
        raise BuildError(f"locale {locale}: {reasons}") from None
    except jinja2.TemplateError as error:
        raise TemplateProblem(template_problem(error, job.config_file.parent)) from None
    finally:
        mkdocs_log.removeHandler(collector)
        build_log.removeFilter(notice)
    whole, changes = memo.to_keep() if memo is not None else (None, None)
    if whole is not None:
        job.store.write_pending(f"render/{locale}", whole, job.build)
    if changes is not None:
        job.store.write_pending(f"render/{locale}-changes", changes, job.build)
    if search_inputs and not search_unchanged and not job.search_later:
        job.store.write_pending(f"search/{locale}", search_inputs, job.build)
    return LocaleResult(
        len(plugin.pages),
        frozenset(reuse.kept) if reuse else frozenset(),
        reuse.keys if reuse else {},
        plugin.search,
        inputs,
    )
