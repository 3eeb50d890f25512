"""Build the whole site: gather, then render, then write.

The knowledge base is loaded and checked once (``kbgen.project``); each locale is
built with MkDocs into a staging folder next to the output (``kbgen.build``); the
root files join it (``kbgen.render.root``); and the staging folder replaces the
output only when every locale has built (``kbgen.publish``). With the project's
cache, a rebuild keeps what nothing has changed (``kbgen.incremental``).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kbgen.ahead import parse_ahead
from kbgen.build import build_locales
from kbgen.cache import BuildCache, code_fingerprint, digest, published_files, tree_key
from kbgen.content.dates import history_state
from kbgen.content.reuse import edited_locales, keep_parsed, parsed_from, yaml_files
from kbgen.errors import ContentError, Problem
from kbgen.findings import skim
from kbgen.incremental import LastBuild, LocaleBuilt, manifest_of, site_inputs_key
from kbgen.jobs import LocaleResult, Previous, SiteJob
from kbgen.progress import QUIET, Progress
from kbgen.project import BuildError, KnowledgeBase, Project, load_project_content
from kbgen.publish import (
    Removals,
    beside,
    check_output,
    publish,
    remove_leftovers,
    remove_tree,
    turn,
    unwritable,
)
from kbgen.render.root import root_files
from kbgen.source import ParsedFiles

log = logging.getLogger("kbgen")


@dataclass(frozen=True)
class BuildReport:
    site_dir: Path
    locales: tuple[str, ...]
    pages: int
    entries: dict[str, int]
    seconds: float
    warnings: tuple[Problem, ...] = ()
    """The content's warnings, which did not stop this build (it was not strict)."""
    reused: int = 0
    """Files taken as they were from the last build, which nothing had changed."""
    unchanged: bool = False
    """Nothing the site depends on had changed since the last build: it stays as published."""


def build_site(
    project: Project,
    site_dir: Path | None = None,
    *,
    strict: bool = False,
    locales: Sequence[str] | None = None,
    jobs: int | None = None,
    progress: Progress = QUIET,
    use_cache: bool = True,
    others: Sequence[str] = (),
    search_later: bool = False,
    published: Callable[[], None] | None = None,
) -> BuildReport:
    """Build every locale and publish the result to ``site_dir`` atomically.

    ``strict``: the content's warnings (``ContentError``) and MkDocs' stop the build.
    ``progress`` hears of the content read and of each locale as it is built.
    With the project's cache on, the build reuses what the last one did where nothing
    has changed (``kbgen.incremental``); ``use_cache=False`` starts from scratch (and
    leaves a fresh cache). ``others``: locales not built this time whose published
    folders stay as they are (the preview builds the locale being read first, then
    these); the root files list them too. ``search_later``: each locale keeps the
    search index that the last build published (the preview's first pass, so that the
    page being read shows sooner; the next build indexes the pages anew). ``published``
    hears when the site in ``site_dir`` is this build's (before the build's work is kept
    for the next).
    """
    started = time.perf_counter()
    store = BuildCache(project.cache_dir)
    chosen = [project.require_locale(tag) for tag in locales or project.locales]
    output = (site_dir or project.site_dir).resolve()
    site_cache = f"sites/{digest(str(output))[:16]}"
    keys = None
    if store.enabled and not others and not search_later:
        # Recorded by a build without the cache too: its output is a rebuild's.
        keys = _inputs_key(project, strict, chosen, output)
        last = store.read(f"{site_cache}/whole") if keys and use_cache else None
        same = isinstance(last, LastBuild) and keys is not None and last.key == keys.whole
        if same and isinstance(last, LastBuild) and _as_left(output, store, last):
            if published is not None:
                published()
            files = sum(1 for path in last.files if not path.startswith("(search)/"))
            seconds = time.perf_counter() - started
            return BuildReport(
                output, tuple(chosen), last.pages, last.entries, seconds, last.warnings, files, True
            )
    parsed = parsed_from(store if use_cache else None)
    with _frozen():
        # New files are parsed on every core before the rest of the loading.
        entry_files = yaml_files(project.content_dir / "entries")
        parse_ahead(entry_files, parsed, jobs or os.cpu_count() or 1)
        kb = load_project_content(project, progress, parsed)
        progress.note(f"Checked {len(kb.entries)} entries")
        if strict and kb.warnings:
            raise ContentError(kb.warnings)
        check_output(project, output)

        def done(tag: str, result: LocaleResult) -> None:
            if result.unchanged:
                progress.note(f"Kept {tag}: {result.pages} pages, unchanged since the last build")
                return
            reused = f" ({len(result.kept)} unchanged files kept)" if result.kept else ""
            progress.note(f"Built {tag}: {result.pages} pages{reused}")

        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            # The site a build replaces is removed while the build keeps its work.
            with turn(output) as lock, Removals() as removals:
                remove_leftovers(output)
                previous = _previous_builds(store, site_cache, output, chosen, kb, use_cache)
                staging = beside(output, "new")
                temp_dir = beside(output, "tmp")
                job = SiteJob(
                    project.config_file,
                    kb,
                    staging,
                    strict,
                    store,
                    staging.name,
                    previous,
                    temp_dir,
                    lock,
                    search_later,
                    besides_entries=keys.besides_entries if keys else None,
                )
                try:
                    # The locales with an edited translation first: their search indexes,
                    # the longest tasks of a rebuild, start while the others' pages build.
                    edited = edited_locales(parsed)
                    order = sorted(chosen, key=lambda tag: tag not in edited)
                    results = build_locales(job, order, jobs, done)
                    listed = [tag for tag in project.locales if tag in chosen or tag in others]
                    for name, text in root_files(project, kb, listed).items():
                        (staging / name).write_text(text, "utf-8")
                    # The files kept, with their size and time as each task found them.
                    last = previous or {}
                    kept = {
                        f"{tag}/{path}": stamp
                        for tag, result in results.items()
                        if result.kept
                        for path, stamp in _stamps(last[tag], output / tag, result.kept)
                    }
                    # The locales kept unbuilt stay as they are, with the files their last
                    # build left (each checked by its task).
                    unbuilt = {t: last[t].files for t, r in results.items() if r.unchanged}
                    whole = [*(t for t in others if t not in chosen), *unbuilt]
                    left = publish(staging, output, kept, whole, removals)
                    if published is not None:
                        published()
                    left.update(
                        (f"{tag}/{path}", stamp)
                        for tag, files in unbuilt.items()
                        for path, stamp in files.items()
                    )
                    reused = len(kept) + sum(len(files) for files in unbuilt.values())
                except BaseException:
                    remove_tree(staging)
                    store.settle(job.build, keep=False)
                    raise
                finally:
                    remove_tree(temp_dir)
                outputs = {}
                if store.enabled:
                    # A first pass leaves the parsed files to the build that follows it.
                    kept_parse = None if search_later else parsed
                    outputs = _keep(store, job.build, kept_parse, output, site_cache, results, left)
        except OSError as error:
            # The output cannot be written (a full disk, a read-only folder): what was
            # published stays as it was.
            raise BuildError(unwritable(output, error)) from None
        entries = {tag: len(kb.entries_in(tag)) for tag in chosen}
        pages = sum(result.pages for result in results.values())
        if keys is not None:
            last = LastBuild(keys.whole, outputs, pages, entries, tuple(kb.warnings))
            with contextlib.suppress(OSError):
                store.write(f"{site_cache}/whole", last)
        seconds = time.perf_counter() - started
        return BuildReport(
            output, tuple(chosen), pages, entries, seconds, tuple(kb.warnings), reused
        )


def _stamps(
    previous: Previous, folder: Path, kept: Iterable[str]
) -> Iterator[tuple[str, tuple[int, int]]]:
    """The size and time of each file that a locale's build kept (by its path in the
    locale's ``folder``), as its last build left it, which the build checked
    (``kbgen.incremental.Reuse``)."""
    manifest = previous.manifest
    for path in kept:
        file = manifest.get(path)
        if file is not None:
            yield path, (file.size, file.mtime_ns)
        else:
            stat = (folder / path).stat()
            yield path, (stat.st_size, stat.st_mtime_ns)


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """The objects there are now (the parsed files, read from the cache), and those that
    the block leaves out too (the knowledge base, when ``build_locales`` forks its tasks),
    are left out of garbage collections until the end of the block: the loading makes many
    objects, and each full collection would go over all of those again (at the build's
    end, keeping its work for the next went 0.4 s into such collections at 2,000 entries
    a locale). A long-lived process (the preview) builds again: they are let back in."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _as_left(output: Path, store: BuildCache, last: LastBuild) -> bool:
    """Whether every file the last build left is still as it was (under the output's lock,
    so that no build is writing); an output that cannot be locked is left to the build,
    which says why."""
    try:
        with turn(output):
            if _outputs(output, store) != last.files:
                return False
            _forget_removed_sites(store)
            return True
    except OSError:
        return False


def _outputs(
    output: Path, store: BuildCache, published: dict[str, tuple[int, int]] | None = None
) -> dict[str, tuple[int, int]]:
    """What a build leaves: the published files (``published``, if known), and the search
    indexes it keeps in the cache for ``kbgen search`` (``kbgen.search.stored``), each
    with its size and time."""
    files = published_files(output) if published is None else dict(published)
    if store.directory is not None:
        kept = published_files(store.directory / "search")
        files.update({f"(search)/{path}": stamp for path, stamp in kept.items()})
    return files


@dataclass(frozen=True)
class _InputsKeys:
    whole: str
    """The key of all the build's inputs (``kbgen.incremental.site_inputs_key``)."""
    besides_entries: str
    """The key of all but the entry files: with a locale's view of the entries, the key
    of all that the locale's build reads (``kbgen.build.SiteJob.besides_entries``)."""


def _inputs_key(
    project: Project, strict: bool, locales: list[str], output: Path
) -> _InputsKeys | None:
    """The keys of everything a whole build depends on, and of all that but the entries;
    ``None`` where the configuration reads files that the keys cannot know of
    (``INHERIT``, ``hooks``)."""
    try:
        text = project.config_file.read_bytes()
        logo = project.options.owner.logo
        logo_bytes = (project.root / logo).read_bytes() if logo is not None else b""
    except OSError:
        return None
    skimmed = skim(text)
    if skimmed is None or "hooks" in skimmed[0]:
        return None
    config, _options, env_names = skimmed
    docs_dir = config.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        return None
    content = project.content_dir
    folders = {content, project.locales_dir, project.root / docs_dir}
    if project.theme_dir is not None:
        folders.add(project.root / project.theme_dir)
    environment = [f"{name}={os.environ.get(name)}" for name in sorted(env_names)]
    parts: list[str | bytes] = [
        code_fingerprint(),
        text,
        logo_bytes,
        *environment,
        f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH')}",
        repr(project),
        repr(strict),
    ]
    whole = site_inputs_key(
        *parts,
        repr((locales, str(output))),
        history_state(content / "entries"),
        folders=sorted(folders),
    )
    # A locale's build reads neither the other locales built with it nor git: the
    # dates that git gives its translations are in its view of the entries.
    besides = site_inputs_key(
        *parts,
        tree_key(content, lambda path: path.startswith("entries/") and path.endswith(".yaml")),
        folders=sorted(folders - {content}),
    )
    return _InputsKeys(whole, besides)


def _previous_builds(
    store: BuildCache,
    site_cache: str,
    output: Path,
    locales: list[str],
    kb: KnowledgeBase,
    use_cache: bool,
) -> dict[str, Previous] | None:
    """What the last build published in ``output`` for each locale; ``None`` without a cache."""
    if not store.enabled:
        return None
    previous = {}
    for tag in locales:
        published = output / tag
        built = store.read(f"{site_cache}/{tag}") if use_cache else None
        if not isinstance(built, LocaleBuilt):
            built = LocaleBuilt("", 0, {}, {})
        previous[tag] = Previous(
            published if published.is_dir() else None,
            built.manifest,
            use_cache,
            built.inputs,
            built.pages,
            built.files,
        )
    # Computed once here, the workers share them.
    kb.keys.compute_all()
    return previous


def _keep(
    store: BuildCache,
    build: str,
    parsed: ParsedFiles | None,
    output: Path,
    site_cache: str,
    results: dict[str, LocaleResult],
    published: dict[str, tuple[int, int]],
) -> dict[str, tuple[int, int]]:
    """Leave this build's work for the next; the site is published whatever happens here.
    Returns what the build left (``_outputs``), whose published files (``published``)
    give the locales' manifests; ``parsed`` is left out if None."""
    by_locale: dict[str, dict[str, tuple[int, int]]] = {tag: {} for tag in results}
    for path, stamp in published.items():
        tag, _, inside = path.partition("/")
        if tag in by_locale:
            by_locale[tag][inside] = stamp
    try:
        if parsed is not None:
            keep_parsed(store, parsed)
        store.write(f"{site_cache}/output", str(output))
        _forget_removed_sites(store)
        for tag, result in results.items():
            if not result.unchanged:  # else recorded as it is
                manifest = manifest_of(result.keys, by_locale[tag])
                built = LocaleBuilt(result.inputs, result.pages, manifest, by_locale[tag])
                store.write(f"{site_cache}/{tag}", built)
        store.settle(build, keep=True)
    except OSError as error:
        store.settle(build, keep=False)
        log.warning(f"the build cache could not be written ({error}); the next build starts over")
    return _outputs(output, store, published)


def _forget_removed_sites(store: BuildCache) -> None:
    """Drop the manifests of output folders that are gone (old previews, say)."""
    if store.directory is None:
        return
    for folder in sorted((store.directory / "sites").glob("*")):
        output = store.read(f"sites/{folder.name}/output")
        if not isinstance(output, str) or not Path(output).is_dir():
            shutil.rmtree(folder, ignore_errors=True)
