"""Build the whole site: every locale with MkDocs, the root files, an atomic publish.

Gather, then render, then write: the knowledge base is loaded and checked once,
each locale is built into a staging folder next to the output, and the staging
folder replaces the output only when every locale has built. Builds into the same
output take turns; an output that cannot be written is a ``BuildError``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from jinja2 import BytecodeCache, Environment, PackageLoader
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from kbgen.cache import BuildCache, digest
from kbgen.catalogs import catalog_problems
from kbgen.config import KbgenConfig
from kbgen.content import ContentError, KnowledgeBase, Problem, load_knowledge_base
from kbgen.content.yamlfile import ParsedFiles
from kbgen.i18n import LocaleError, SiteLocale, load_translations
from kbgen.incremental import Manifest, Reuse, manifest_of
from kbgen.plugin import KbgenPlugin
from kbgen.progress import QUIET, Progress
from kbgen.render.pages import LocaleMemo, category_path, entry_path
from kbgen.render.policy import OwnScripts, with_policy

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

    @property
    def cache_dir(self) -> Path | None:
        """Where builds keep their cache; ``None`` with ``cache: false``."""
        return self.root / self.options.cache_dir if self.options.cache else None


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


def load_content(
    project: Project, progress: Progress = QUIET, parsed: ParsedFiles | None = None
) -> KnowledgeBase:
    """Load and check the knowledge base; raises ``ContentError``."""
    catalogs = catalog_problems(project.locales_dir, project.locales, project.root)
    try:
        kb = load_knowledge_base(
            project.content_dir,
            project.locales,
            project.root,
            progress.counter("Reading entries"),
            parsed,
        )
    except ContentError as error:
        raise ContentError([*error.problems, *catalogs]) from None
    if catalogs:
        raise ContentError(catalogs)
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
    reused: int = 0
    """Files taken as they were from the last build, which nothing had changed."""


@dataclass(frozen=True)
class _LocaleResult:
    """What a locale's build sends back: its size and what the next build can reuse."""

    pages: int
    kept: frozenset[str]
    """The published files that this build keeps as they are."""
    keys: dict[str, str]
    """The key of each file of the locale that has one (``kbgen.incremental``)."""


@dataclass(frozen=True)
class _Previous:
    """What the last build left for one locale's build."""

    published: Path | None
    manifest: Manifest
    use_cache: bool
    """Whether the build may reuse what the cache holds (not with ``--no-cache``)."""


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
    use_cache: bool = True,
) -> BuildReport:
    """Build every locale and publish the result to ``site_dir`` atomically.

    ``strict``: the content's warnings (``ContentError``) and MkDocs' stop the build.
    ``progress`` hears of the content read and of each locale as it is built.
    With the project's cache on, the build reuses what the last one did where nothing
    has changed (``kbgen.incremental``); ``use_cache=False`` starts from scratch (and
    leaves a fresh cache).
    """
    started = time.perf_counter()
    store = BuildCache(project.cache_dir)
    parsed = ParsedFiles(store.read("yaml") if use_cache else None)
    kb = load_content(project, progress, parsed)
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
    _check_output(project, output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with _turn(output):
            _remove_leftovers(output)
            site_cache = f"sites/{digest(str(output))[:16]}"
            previous = _previous_builds(store, site_cache, output, chosen, kb, use_cache)
            staging = _beside(output, "new")
            _SHARED["store"] = store
            _SHARED["build"] = build = staging.name
            try:
                results = _build_locales(
                    project,
                    kb,
                    chosen,
                    staging,
                    strict,
                    jobs,
                    previous,
                    store.templates(),
                    progress,
                )
                write_root_files(project, kb, staging, chosen)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                store.settle(build, keep=False)
                raise
            kept = {f"{tag}/{path}" for tag, result in results.items() for path in result.kept}
            publish(staging, output, kept)
            if store.enabled:
                _keep(store, build, parsed, output, site_cache, results)
    except OSError as error:
        # The output cannot be written (a full disk, a read-only folder): what was
        # published stays as it was.
        raise BuildError(_unwritable(output, error)) from None
    entries = {tag: len(kb.entries_in(tag)) for tag in chosen}
    seconds = time.perf_counter() - started
    pages = sum(result.pages for result in results.values())
    reused = len(kept)
    return BuildReport(output, tuple(chosen), pages, entries, seconds, tuple(kb.warnings), reused)


def _previous_builds(
    store: BuildCache,
    site_cache: str,
    output: Path,
    locales: list[str],
    kb: KnowledgeBase,
    use_cache: bool,
) -> dict[str, _Previous] | None:
    """What the last build published in ``output`` for each locale; ``None`` without a cache."""
    if not store.enabled:
        return None
    previous = {}
    for tag in locales:
        published = output / tag
        manifest = store.read(f"{site_cache}/{tag}") if use_cache else None
        previous[tag] = _Previous(
            published if published.is_dir() else None, manifest or {}, use_cache
        )
    # Computed once here, the workers share them.
    for entry_id in kb.entries:
        kb.fingerprint(entry_id)
    return previous


def _check_output(project: Project, output: Path) -> None:
    """Refuse an output folder whose replacement would delete the project's own files.

    Publishing replaces the output folder, so it must neither hold nor be the project,
    its content, catalogs, theme or cache, nor lie inside one of its sources.
    """
    theme = project.mkdocs.theme.custom_dir
    sources = [
        ("the content", project.content_dir),
        ("the interface catalogs", project.locales_dir),
        ("the theme overrides", Path(theme) if theme else None),
        ("the build cache", project.cache_dir),
    ]
    for what, folder in [("the project", project.root), *sources]:
        if folder is not None and folder.resolve().is_relative_to(output):
            raise BuildError(
                f"cannot write the site to {output}: building replaces that folder, "
                f"and it holds {what} ({folder.resolve()})"
            )
    for what, folder in sources:
        if folder is not None and output.is_relative_to(folder.resolve()):
            raise BuildError(
                f"cannot write the site to {output}: it is inside {what} ({folder.resolve()})"
            )


def _unwritable(output: Path, error: OSError) -> str:
    """The message for a build whose output could not be written."""
    where = error.filename2 or error.filename
    # The staging folder is this build's own business; name the file in the site.
    if isinstance(where, str) and Path(where).is_relative_to(output.parent):
        inside = Path(where).relative_to(output.parent).parts
        if inside and _is_beside(inside[0], output, "new"):
            where = str(output.joinpath(*inside[1:]))
    if isinstance(error, (FileExistsError, NotADirectoryError)) and where:
        return f"cannot write the site to {output}: {where} is not a folder"
    reason = error.strerror or str(error)
    return f"cannot write the site to {output}: {reason}" + (f" ({where})" if where else "")


@contextmanager
def _turn(output: Path) -> Iterator[None]:
    """Hold the output's parent folder: builds publishing there take turns.

    Two builds at once (``kbgen build`` while another runs, two CI jobs sharing a
    workspace) would otherwise read and replace the same ``site/`` under each other.
    The lock is the kernel's (``flock``) on the folder itself, so no lock file is left
    behind and a killed build never holds it. Where there is no ``flock`` (Windows,
    some network file systems) builds do not take turns.
    """
    try:
        import fcntl

        handle = os.open(output.parent, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # Said on every run, not only on a terminal: a CI log shows why a build waits.
            log.warning(f"waiting for another build into {output.parent} to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(handle)  # releases the lock


def _beside(output: Path, kind: str) -> Path:
    """A new folder beside ``output`` for a build: ``new`` to stage it, ``old`` to swap it out.

    Named ``.<output>-<kind>-<8 random characters>``, as ``_is_beside`` knows them.
    """
    return Path(tempfile.mkdtemp(prefix=f".{output.name}-{kind}-", dir=output.parent))


def _is_beside(name: str, output: Path, kinds: str = "new|old") -> bool:
    """Whether ``name`` is that of a folder ``_beside`` made for ``output``."""
    return (
        re.fullmatch(rf"\.{re.escape(output.name)}-({kinds})-[A-Za-z0-9_]{{8}}", name) is not None
    )


def _remove_leftovers(output: Path) -> None:
    """Remove what builds that were killed (not stopped: those clean up) left beside ``output``.

    Called with the turn held, so no running build owns them.
    """
    for folder in output.parent.iterdir():
        if _is_beside(folder.name, output) and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _keep(
    store: BuildCache,
    build: str,
    parsed: ParsedFiles,
    output: Path,
    site_cache: str,
    results: dict[str, _LocaleResult],
) -> None:
    """Leave this build's work for the next; the site is published whatever happens here."""
    try:
        if parsed.used.keys() != parsed.previous.keys():
            store.write("yaml", parsed.used)
        store.write(f"{site_cache}/output", str(output))
        _forget_removed_sites(store)
        for tag, result in results.items():
            store.write(f"{site_cache}/{tag}", manifest_of(output / tag, result.keys))
        store.settle(build, keep=True)
    except OSError as error:
        store.settle(build, keep=False)
        log.warning(f"the build cache could not be written ({error}); the next build starts over")


def _forget_removed_sites(store: BuildCache) -> None:
    """Drop the manifests of output folders that are gone (old previews, say)."""
    if store.directory is None:
        return
    for folder in sorted((store.directory / "sites").glob("*")):
        output = store.read(f"sites/{folder.name}/output")
        if not isinstance(output, str) or not Path(output).is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _build_locales(
    project: Project,
    kb: KnowledgeBase,
    locales: list[str],
    staging: Path,
    strict: bool,
    jobs: int | None,
    previous: dict[str, _Previous] | None,
    templates: BytecodeCache | None,
    progress: Progress = QUIET,
) -> dict[str, _LocaleResult]:
    workers = min(len(locales), jobs or os.cpu_count() or 1)
    tasks = [(str(project.config_file), tag, str(staging / tag), strict) for tag in locales]
    _SHARED["kb"] = kb
    _SHARED["previous"] = previous
    _SHARED["templates"] = templates
    results: dict[str, _LocaleResult] = {}

    def done(tag: str, result: _LocaleResult) -> None:
        reused = f" ({len(result.kept)} unchanged files kept)" if result.kept else ""
        progress.note(f"Built {tag}: {result.pages} pages{reused}")
        results[tag] = result

    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            done(task[1], _build_locale(*task))
        return results
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(_build_locale, *task): task[1] for task in tasks}
        for future in as_completed(futures):
            done(futures[future], future.result())
    return results


class _ErrorCollector(logging.Handler):
    """Keeps MkDocs' error and warning messages, which its ``Abort`` does not carry."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _DirtyBuildNotice(logging.Filter):
    """Drops MkDocs' warning about ``dirty`` builds: kbgen's are exact (``kbgen.incremental``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _build_locale(config_file: str, locale: str, out_dir: str, strict: bool) -> _LocaleResult:
    """Build one locale with MkDocs."""
    collector = _ErrorCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    build_log = logging.getLogger("mkdocs.commands.build")
    notice = _DirtyBuildNotice()
    build_log.addFilter(notice)
    previous: _Previous | None = (_SHARED["previous"] or {}).get(locale)
    reuse = memo = None
    if previous is not None:
        reuse = Reuse(previous.published, previous.manifest)
        store: BuildCache = _SHARED["store"]
        memo = LocaleMemo.resume(store.read(f"render/{locale}") if previous.use_cache else None)
    try:
        config = load_config(config_file, site_dir=out_dir, strict=strict)
        plugin = config.plugins["kbgen"]
        assert isinstance(plugin, KbgenPlugin)
        plugin.prepare(
            _SHARED["kb"],
            locale,
            reuse=reuse,
            memo=memo,
            bytecode_cache=_SHARED["templates"],
        )
        # Dirty: MkDocs skips the pages that the last build published as they are now.
        mkdocs_build(config, dirty=reuse is not None)
    except (Abort, ConfigurationError, PluginError) as error:
        reasons = "; ".join(collector.messages) or str(error)
        raise BuildError(f"locale {locale}: {reasons}") from None
    finally:
        mkdocs_log.removeHandler(collector)
        build_log.removeFilter(notice)
    if memo is not None:
        store.write_pending(f"render/{locale}", memo.kept(), _SHARED["build"])
    return _LocaleResult(
        len(plugin.pages),
        frozenset(reuse.kept) if reuse else frozenset(),
        reuse.keys if reuse else {},
    )


def publish(staging: Path, output: Path, kept: set[str] | None = None) -> None:
    """Make ``output`` the site built in ``staging``; nothing half-written is ever served.

    ``kept``: the published files (paths inside ``output``) that a rebuild keeps.
    Where they are fewer than the new files (a full build, or a rebuild after a change
    that most pages show), they join the new folder, a hard link each, and the folder
    replaces the old one with two renames. Otherwise each new file moves into ``output``
    with one rename, then what the site no longer has is removed: on a large site that
    costs a few hundred file operations instead of tens of thousands.
    """
    new = [
        (Path(folder) / name).relative_to(staging)
        for folder, _dirs, names in os.walk(staging)
        for name in names
    ]
    if not kept or not output.is_dir() or len(kept) <= len(new):
        ready: set[Path] = set()
        for path in sorted(kept or ()):
            target = staging / path
            _make_folders(staging, target.relative_to(staging).parent, ready)
            if not target.exists():
                _link_or_copy(output / path, target)
        _swap(staging, output)
        return
    moved: set[str] = set()
    ready = set()
    for relative in new:
        target = output / relative
        _make_folders(output, relative.parent, ready)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(staging / relative, target)
        moved.add(relative.as_posix())
    # What is neither kept nor new is gone from the site, and so are emptied folders.
    removed: set[str] = set()
    for folder, dirs, names in os.walk(output, topdown=False):
        prefix = os.path.relpath(folder, output).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        left = len(names)
        for name in names:
            if prefix + name not in kept and prefix + name not in moved:
                os.unlink(os.path.join(folder, name))
                left -= 1
        left += sum(1 for name in dirs if prefix + name not in removed)
        if left == 0 and prefix and not os.path.islink(folder):
            os.rmdir(folder)
            removed.add(prefix.rstrip("/"))
    shutil.rmtree(staging, ignore_errors=True)
    output.chmod(0o755)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def _make_folders(root: Path, relative: Path, ready: set[Path]) -> None:
    """Make the folders of ``relative`` under ``root``, replacing files in their way."""
    folder = root
    for part in relative.parts:
        folder = folder / part
        if folder in ready:
            continue
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        folder.mkdir(exist_ok=True)
        ready.add(folder)


def _swap(staging: Path, output: Path) -> None:
    if output.exists():
        old = _beside(output, "old")
        old.rmdir()
        output.rename(old)
        staging.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(output)
    output.chmod(0o755)


def write_root_files(
    project: Project, kb: KnowledgeBase, staging: Path, built: Sequence[str] | None = None
) -> None:
    """The language chooser, the root 404 page and the sitemap with alternates.

    ``built``: the locales this build writes (all by default); the root files
    offer only those, so that a build of one locale links to nothing missing.
    """
    env = Environment(loader=PackageLoader("kbgen", "templates"), autoescape=True)
    tags = [tag for tag in project.locales if built is None or tag in built]
    locales = [SiteLocale(tag) for tag in tags]
    languages = [
        {"tag": loc.tag, "name": loc.own_name, "primary": loc.babel.language} for loc in locales
    ]
    main = project.options.main_locale
    context = {
        "languages": languages,
        "default": main if main in tags else tags[0],
        "site_name": project.mkdocs.site_name,
        # Each locale's site carries the theme's favicon; the chooser uses its default's.
        "favicon": project.mkdocs.theme.get("favicon") or "assets/images/favicon.png",
    }
    for name in ("index.html", "404.html"):
        scripts = OwnScripts()
        page = env.get_template(f"root/{name}").render(context, scripts=scripts)
        if project.options.content_security_policy:
            page = with_policy(page, scripts.texts)
        (staging / name).write_text(page, "utf-8")
    robots = "User-agent: *\nAllow: /\n"
    if project.mkdocs.site_url:
        (staging / "sitemap.xml").write_text(_sitemap(project, kb, tags), "utf-8")
        robots += f"Sitemap: {project.mkdocs.site_url.rstrip('/')}/sitemap.xml\n"
    (staging / "robots.txt").write_text(robots, "utf-8")


def _sitemap(project: Project, kb: KnowledgeBase, tags: list[str]) -> str:
    base = (project.mkdocs.site_url or "").rstrip("/") + "/"
    groups: list[dict[str, str]] = [{tag: "" for tag in tags}]
    for category in sorted(kb.categories):
        groups.append(
            {
                tag: category_path(category)
                for tag in tags
                if any(
                    e.category == category and tag in e.translations for e in kb.entries.values()
                )
            }
        )
    for entry_id in sorted(kb.entries):
        entry = kb.entries[entry_id]
        groups.append({tag: entry_path(entry_id) for tag in tags if tag in entry.translations})
    # The quiz and its table: alternates only among the locales of the same programme.
    for programme in kb.rules.programmes.values() if kb.rules else []:
        for path in ("eligibility/", "eligibility/table/"):
            groups.append({tag: path for tag in tags if tag in programme.locales})
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
