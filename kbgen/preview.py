"""The live preview: build the site into a private folder, serve it, rebuild on change.

``kbgen serve`` builds the whole site (or one locale) exactly as ``kbgen build``
does, into a temporary folder, and serves that folder with a live-reload server
(``kbgen.preview_server``). A change to the content, the catalogs, the theme or
``mkdocs.yml`` rebuilds it, and the browser reloads.

A change that breaks the content or the build never takes the preview down: the
folder keeps the last good build (``build_site`` publishes atomically), and the
server adds a banner listing the problems to every HTML page as it serves it.
Nothing is written into the built pages, so the next good build is the banner's
end.
"""

from __future__ import annotations

import gettext
import html
import logging
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

import click
import jinja2

from kbgen.build import load_project
from kbgen.build_problems import TemplateProblem, template_problem
from kbgen.content import ContentError
from kbgen.errors import KbgenError, display_path
from kbgen.i18n import load_translations
from kbgen.preview_server import LiveServer
from kbgen.project import BuildError, Project
from kbgen.site import BuildReport, build_site

log = logging.getLogger("kbgen")


class PreviewError(KbgenError):
    """The preview cannot start: the address is taken or unusable."""


def parse_address(text: str) -> tuple[str, int]:
    """Split ``HOST:PORT`` (``[IPv6]:PORT`` too); port 0 asks for any free port.

    >>> parse_address("127.0.0.1:8000")
    ('127.0.0.1', 8000)
    >>> parse_address("[::1]:0")
    ('::1', 0)
    """
    host, colon, port = text.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not colon or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"{text!r} is not HOST:PORT, e.g. 127.0.0.1:8000")
    return host, int(port)


def page_url(host: str, port: int, path: str = "") -> str:
    """The address of a served path.

    >>> page_url("127.0.0.1", 8000, "fr/")
    'http://127.0.0.1:8000/fr/'
    >>> page_url("::1", 8000)
    'http://[::1]:8000/'
    """
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/{path}"


def _nobody(locales: Sequence[str] | None) -> None:
    """No one to tell that a build is visible."""


@dataclass(frozen=True)
class PreviewBuild:
    """One build of the preview: its report when it succeeded, else its problems."""

    report: BuildReport | None
    problems: tuple[str, ...]
    seconds: float


class SitePreview:
    """Builds the site, or one locale, into ``site_dir``, which keeps the last good build.

    Content and build errors are the writer's to fix, so they become the build's
    ``problems`` instead of exceptions; the preview goes on serving.
    """

    def __init__(self, project: Project, site_dir: Path, locale: str | None = None) -> None:
        self.project = project
        self.site_dir = site_dir
        self.locale = locale
        self.problems: tuple[str, ...] = ()
        """The latest build's problems, set before the pages it published reload."""

    @property
    def locales(self) -> list[str]:
        """The locales this preview builds."""
        return [self.locale] if self.locale else self.project.locales

    def watched_paths(self) -> list[Path]:
        """What a build reads: the content (rules included), the catalogs, the theme, mkdocs.yml."""
        project = self.project
        paths = [project.content_dir, project.locales_dir]
        if project.theme_dir is not None:
            paths.append(project.theme_dir)
        paths.append(project.config_file)
        resolved = [path.resolve() for path in paths if path.exists()]
        return list(dict.fromkeys(resolved))

    def build(
        self, first: Sequence[str] = (), shown: Callable[[Sequence[str] | None], None] = _nobody
    ) -> PreviewBuild:
        """Read ``mkdocs.yml`` again and build; a failed build leaves ``site_dir`` as it was.

        ``first``: the locales of the pages being read. When the site has built before,
        those are built and published first, and ``shown`` hears of them (their pages
        reload), then the others; ``shown(None)`` when everything changed at once (the
        first build, a failed one).
        """
        started = time.perf_counter()
        problems: tuple[str, ...] = ()
        report = None
        try:
            project = load_project(self.project.config_file)
            # Kept even if the build fails: mkdocs.yml may name other folders to watch.
            self.project = project
            locales = [tag for tag in self.locales if tag in project.locales] or self.locales
            early = [tag for tag in locales if tag in first]
            later = [tag for tag in locales if tag not in early]
            built_before = all((self.site_dir / tag).is_dir() for tag in locales)
            # One process: the preview's server and file watcher run in threads, and
            # forking a process with threads is asking for a deadlock.
            if early and built_before:
                # The pages being read first, with the search index they had; then
                # every locale, the search indexes with them.
                first_pass = build_site(
                    project,
                    self.site_dir,
                    locales=early,
                    jobs=1,
                    others=later,
                    search_later=True,
                    published=self._built,
                )
                shown([*early, ""])  # the pages that reload now built
                report = build_site(project, self.site_dir, locales=locales, jobs=1)
                shown(later)
                report = replace(report, seconds=report.seconds + first_pass.seconds)
            else:
                report = build_site(
                    project, self.site_dir, locales=locales, jobs=1, published=self._built
                )
                shown(None)
        except ContentError as error:
            problems = tuple(str(problem) for problem in error.problems)
        except TemplateProblem as error:
            problems = (str(error),)
        except BuildError as error:
            problems = (f"error: {error}",)
        except jinja2.TemplateError as error:
            problems = (self._template_problem(error),)
        except Exception as error:
            # A bug, not the writer's doing: the terminal gets the traceback, and the
            # server goes on, where MkDocs' own would hang until the next good build.
            log.exception("The preview's build failed unexpectedly")
            problems = (f"error: the build failed unexpectedly: {type(error).__name__}: {error}",)
        if problems:
            report = None
            self.problems = problems
            shown(None)
        return PreviewBuild(report, problems, time.perf_counter() - started)

    def _built(self) -> None:
        """The site is a good build's: no page served from now on shows the last one's
        problems."""
        self.problems = ()

    def _template_problem(self, error: jinja2.TemplateError) -> str:
        """A theme template's error, at its file and line when Jinja knows them."""
        return template_problem(error, self.project.root)


#: Shown where a page would be before the first good build.
NOTHING_BUILT = (
    b'<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
    b"<title>kbgen preview</title></head>\n<body>\n<main><h1>Nothing to preview yet</h1>\n"
    b"<p>The site has not built. Fix the problems below; this page reloads by itself.</p>"
    b"</main>\n</body>\n</html>\n"
)

# Inline, so that the banner reads the same whatever the theme (or a broken stylesheet).
_BANNER_STYLE = (
    "position:fixed;z-index:1000;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;"
    "margin:0;padding:0.75rem 1.25rem;background:#fff1f0;color:#1f2328;"
    "border-top:4px solid #cf222e;box-shadow:0 -2px 8px rgba(0,0,0,0.25);"
    "font:14px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;text-align:left"
)
_LIST_STYLE = (
    "margin:0.5rem 0 0;padding-left:1.25rem;"
    "font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace;white-space:pre-wrap"
)


def render_banner(
    problems: Sequence[str], translations: gettext.NullTranslations | None = None, lang: str = "en"
) -> str:
    """The banner that every served page shows while the latest change does not build.

    Its sentences speak the page's language (``translations``, the locale's catalog;
    ``lang`` its tag); the problems are kbgen's messages, as the terminal shows them,
    in English. Each is text, escaped here, so nothing in a message can become markup.

    >>> banner = render_banner(["a.yaml:2: error KB002: title: <b>bold</b>"])
    >>> "<b>" in banner, "&lt;b&gt;bold&lt;/b&gt;" in banner
    (False, True)
    """
    _ = (translations or gettext.NullTranslations()).gettext
    items = "".join(f'<li lang="en">{html.escape(problem)}</li>' for problem in problems)
    lead = html.escape(_("The latest change does not build."))
    rest = html.escape(
        _(
            "Until it does, the preview shows the last build that did. Fix these problems "
            "and the page reloads by itself:"
        )
    )
    return (
        f'<div role="alert" data-kb-preview-errors="{len(problems)}" '
        f'lang="{html.escape(lang)}" dir="ltr" style="{_BANNER_STYLE}"><p style="margin:0">'
        f"<strong>{lead}</strong> {rest}</p>"
        f'<ul style="{_LIST_STYLE}" dir="ltr">{items}</ul></div>'
    )


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve_preview(
    project: Project,
    *,
    locale: str | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
) -> None:
    """Serve a live preview until Ctrl-C (or SIGTERM); a busy address is a ``PreviewError``."""
    if locale is not None:
        project.require_locale(locale)
    workdir = Path(tempfile.mkdtemp(prefix="kbgen-preview-"))
    preview = SitePreview(project, workdir / "site", locale)
    first = True

    def rebuild(viewed: Sequence[str], shown: Callable[[Sequence[str] | None], None]) -> None:
        nonlocal first
        outcome = preview.build(viewed, shown)
        server.watch_only(preview.watched_paths())
        _report(outcome, first=first, built=preview.site_dir.is_dir())
        first = False

    def banner_in(locale: str) -> str:
        problems = preview.problems
        if locale not in preview.project.locales:
            return render_banner(problems)
        try:
            translations = load_translations(preview.project.locales_dir, locale)
        except KbgenError:  # a broken catalog is among the problems shown
            return render_banner(problems)
        return render_banner(problems, translations, locale)

    server = LiveServer(
        rebuild,
        host,
        port,
        preview.site_dir,
        banner=lambda locale: banner_in(locale) if preview.problems else None,
        not_built=NOTHING_BUILT,
    )
    previous_sigint = signal.getsignal(signal.SIGINT)
    previous_sigterm = signal.signal(signal.SIGTERM, _stop)
    try:
        try:
            port = server.listen()
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            address = page_url(host, port).removeprefix("http://").rstrip("/")
            raise PreviewError(
                f"cannot serve on {address}: {reason}; "
                "is another preview running? Choose another address with --dev-addr."
            ) from None
        where = ", ".join(preview.locales)
        click.echo(f"Building the preview of {where}...")
        rebuild([], server.shown)
        url = page_url(host, port)
        click.echo(f"Serving the preview on {url}")
        for tag in preview.locales:
            click.echo(f"  {tag}: {page_url(host, port, tag + '/')}")
        folders = ", ".join(
            display_path(path, Path.cwd()) + ("/" if path.is_dir() else "")
            for path in preview.watched_paths()
        )
        click.echo(f"Rebuilding when a file changes in {folders}; press Ctrl-C to stop.")
        opened = page_url(host, port, locale + "/") if locale is not None else url
        server.serve(open_in_browser=opened if open_browser else None)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not interrupt the clean-up.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        server.stop()
        server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous_sigterm)
        signal.signal(signal.SIGINT, previous_sigint)
    click.echo("Stopped.")


def _report(outcome: PreviewBuild, *, first: bool, built: bool) -> None:
    """Say in the terminal what the build did; the page says it with its banner."""
    stamp = "" if first else time.strftime("[%H:%M:%S] ")
    if outcome.report is not None:
        report = outcome.report
        done = "Built" if first else "Rebuilt"
        click.echo(
            f"{stamp}{done} {report.pages} pages ({', '.join(report.locales)}) "
            f"in {outcome.seconds:.1f} s{'' if first else '; the browser reloads'}."
        )
        return
    for problem in outcome.problems:
        click.echo(problem, err=True)
    count = len(outcome.problems)
    if not built:
        click.echo(
            f"{stamp}The site does not build ({count} problem(s)); until it does, the "
            "preview shows them on a placeholder page.",
            err=True,
        )
    else:
        click.echo(
            f"{stamp}The change does not build ({count} problem(s)); still serving the "
            "last good build, with the problems shown on every page.",
            err=True,
        )
