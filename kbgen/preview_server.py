"""The preview's web server: serves a built site, watches the files, reloads the browser.

A small live-reload server of kbgen's own, on the standard library: it serves the
folder that the preview builds into; it watches the project's files and calls the
builder when one changes; and every HTML page it serves carries a script that asks
``/livereload/<epoch>`` whether a newer build is visible, and reloads when one is
(a long poll: the answer waits until there is news, or a minute). Pages are served
without their Content-Security-Policy, which would refuse that inline script, and
with the builder's problems as a banner while the latest change does not build.
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import threading
import webbrowser
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from kbgen.render.policy import without_policy

#: How often the watched files are looked at, and how long a change may settle: an
#: editor's save takes a few milliseconds, and every tenth of a second counts.
POLL_SECONDS = 0.1
#: How long a reload request waits for news before it answers "nothing new".
LONG_POLL_SECONDS = 60.0

# A page that the writer opened (not one this script reloaded) says so once: the
# preview builds its locale first.
_RELOAD_SCRIPT = """<script>
function livereload(epoch, opened) {
  const page = encodeURIComponent(window.location.pathname);
  fetch("/livereload/" + epoch + "?page=" + page + (opened ? "&opened=1" : ""), {cache: "no-store"})
    .then((response) => response.text())
    .then((text) => {
      if (parseInt(text, 10) > epoch) {
        sessionStorage.setItem("kbgen-reloaded", "1");
        window.location.reload();
      } else livereload(epoch, false);
    })
    .catch(() => setTimeout(() => livereload(epoch, false), 1000));
}
window.addEventListener("load", () => {
  const opened = !sessionStorage.getItem("kbgen-reloaded");
  sessionStorage.removeItem("kbgen-reloaded");
  livereload(%d, opened);
});
</script>"""
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Every file under ``paths`` with its modification time and size."""
    files: dict[str, tuple[int, int]] = {}
    for path in paths:
        with contextlib.suppress(OSError):
            stat = path.stat()
            if path.is_file():
                files[str(path)] = (stat.st_mtime_ns, stat.st_size)
            elif path.is_dir():
                _scan(str(path), files)
    return files


def _scan(folder: str, files: dict[str, tuple[int, int]]) -> None:
    """Add the files under ``folder``: one ``scandir`` per folder, one ``stat`` per file
    (a snapshot runs ten times a second, over thousands of files)."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.is_dir():
                    _scan(entry.path, files)
                elif entry.is_file():
                    stat = entry.stat()
                    files[entry.path] = (stat.st_mtime_ns, stat.st_size)


def insert_banner(page: bytes, banner: str) -> bytes:
    """``page`` with ``banner`` first in its body, where a screen reader meets it first.

    >>> insert_banner(b'<html><body class="x"><p>page</p></body></html>', "<div>!</div>")
    b'<html><body class="x"><div>!</div><p>page</p></body></html>'
    """
    match = _BODY_TAG.search(page)
    at = match.end() if match else 0
    return page[:at] + banner.encode("utf-8") + page[at:]


class LiveServer(ThreadingHTTPServer):
    """Serves ``root``, rebuilds with ``builder`` when a watched file changes, and tells
    the open pages to reload when the build is done.

    ``builder(viewed, shown)`` is told the first folders of the pages open now (their
    locales, from their reload requests) so that it can build those first, and calls
    ``shown(folders)`` each time a part of the site is visible (``None``: all of it):
    the pages under those folders reload then, the others when their part is ready.
    ``banner(folder)``, when set, returns the HTML that every served page under that
    first folder shows first (the problems of the latest build, in its language).
    """

    daemon_threads = True

    def __init__(
        self,
        builder: Callable[[list[str], Callable[[Sequence[str] | None], None]], None],
        host: str,
        port: int,
        root: Path,
        banner: Callable[[str], str | None] = lambda locale: None,
        not_built: bytes = b"",
    ) -> None:
        self.address_family = _family(host)
        super().__init__((host, port), _Handler, bind_and_activate=False)
        self.builder = builder
        self.root = root
        self.banner = banner
        self.not_built = not_built
        self.epoch = 1
        self._changed: dict[str, int] = {}
        """The epoch of the last build that changed each first folder (``""``: the root)."""
        self._viewers: Counter[str] = Counter()
        self._last_read = ""
        """The first folder of the page the writer opened last."""
        self._epoch_changed = threading.Condition()
        self._watched: list[Path] = []
        self._watch_lock = threading.Lock()
        self._stopping = threading.Event()

    # -- watching and building -------------------------------------------------

    def watch_only(self, paths: Iterable[Path]) -> None:
        """Watch exactly ``paths`` from now on (``mkdocs.yml`` may have moved a folder)."""
        with self._watch_lock:
            self._watched = list(paths)

    def _watch(self) -> None:
        """Rebuild after a change, once the files have stopped changing for a moment."""
        with self._watch_lock:
            last = snapshot(self._watched)
        while not self._stopping.wait(POLL_SECONDS):
            with self._watch_lock:
                now = snapshot(self._watched)
            if now == last:
                continue
            # An editor saves in several steps: wait until the files hold still.
            while not self._stopping.wait(POLL_SECONDS):
                with self._watch_lock:
                    settled = snapshot(self._watched)
                if settled == now:
                    break
                now = settled
            if self._stopping.is_set():
                return
            self.builder(self.viewed(), self.shown)
            with self._watch_lock:
                last = snapshot(self._watched)

    def viewed(self) -> list[str]:
        """The first folder (locale) of the page the writer reads: of those open now, the
        one opened last."""
        with self._epoch_changed:
            open_now = [folder for folder, count in self._viewers.most_common() if count > 0]
            if self._last_read in open_now:
                return [self._last_read]
            return open_now[:1]

    def shown(self, folders: Sequence[str] | None) -> None:
        """A build of ``folders`` (``None``: the whole site) is visible: their pages reload."""
        with self._epoch_changed:
            self.epoch += 1
            if folders is None:
                self._changed.clear()
                self._changed["*"] = self.epoch
            else:
                for folder in folders:
                    self._changed[folder] = self.epoch
            self._epoch_changed.notify_all()

    def _news_for(self, folder: str) -> int:
        return max(self._changed.get(folder, 0), self._changed.get("*", 0))

    def wait_for_news(
        self,
        epoch: int,
        timeout: float = LONG_POLL_SECONDS,
        folder: str | None = None,
        opened: bool = False,
    ) -> int:
        """The epoch of the visible build, once one past ``epoch`` changed ``folder`` (any
        part of the site when ``None``), or at the timeout. ``opened``: the page asking
        was opened by the writer (not reloaded by the preview): the one read now."""
        with self._epoch_changed:
            if folder is not None:
                self._viewers[folder] += 1
                if opened:
                    self._last_read = folder
            try:
                self._epoch_changed.wait_for(
                    lambda: (
                        (self.epoch if folder is None else self._news_for(folder)) > epoch
                        or self._stopping.is_set()
                    ),
                    timeout=timeout,
                )
            finally:
                if folder is not None:
                    self._viewers[folder] -= 1
            return self.epoch

    # -- serving ---------------------------------------------------------------

    def listen(self) -> int:
        """Take the address now (a busy port fails before anything is built); the port."""
        try:
            self.server_bind()
            self.server_activate()
        except OSError:
            self.server_close()
            raise
        return int(self.server_address[1])

    def serve(self, open_in_browser: str | None = None) -> None:
        """Serve and watch until ``KeyboardInterrupt`` (Ctrl-C) or ``shutdown``."""
        watcher = threading.Thread(target=self._watch, name="kbgen-watch", daemon=True)
        watcher.start()
        if open_in_browser:
            webbrowser.open(open_in_browser)
        try:
            self.serve_forever(poll_interval=0.2)
        finally:
            self.stop()
            watcher.join(timeout=30)

    def stop(self) -> None:
        """Stop watching and release the reload requests that wait."""
        self._stopping.set()
        with self._epoch_changed:
            self._epoch_changed.notify_all()

    def page(self, content: bytes, folder: str = "") -> bytes:
        """An HTML page as the preview serves it: no policy, the reload script, the banner."""
        content = without_policy(content)
        script = (_RELOAD_SCRIPT % self.epoch).encode("utf-8")
        match = _HEAD_END.search(content)
        at = match.start() if match else len(content)
        content = content[:at] + script + content[at:]
        banner = self.banner(folder)
        return insert_banner(content, banner) if banner else content


def _first_folder(path: str) -> str:
    """The first folder of a URL path (a locale's), ``""`` for a file at the root.

    >>> _first_folder("/fr/entries/ppi-price/"), _first_folder("/index.html")
    ('fr', '')
    """
    parts = path.strip("/").split("/")
    return parts[0] if len(parts) > 1 or (path.endswith("/") and parts[0]) else ""


def _family(host: str) -> int:
    import socket

    return socket.AF_INET6 if ":" in host else socket.AF_INET


class _Handler(BaseHTTPRequestHandler):
    server: LiveServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows builds, not requests

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        news = re.fullmatch(r"/livereload/([0-9]+)", path)
        if news:
            query = parse_qs(urlsplit(self.path).query)
            folder = _first_folder(query["page"][0]) if "page" in query else None
            opened = query.get("opened") == ["1"]
            epoch = self.server.wait_for_news(int(news.group(1)), folder=folder, opened=opened)
            self._send(HTTPStatus.OK, b"%d" % epoch, "text/plain", head)
            return
        target = self._file(path)
        if target is None:
            self._not_found(head)
            return
        if target.is_dir():
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            content = self.server.page(content, _first_folder(path))
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, content, kind, head)

    def _file(self, path: str) -> Path | None:
        """The file (or folder) of the site at a URL path, never one outside it."""
        root = self.server.root
        relative = path.lstrip("/")
        target = (root / relative).resolve() if relative else root.resolve()
        if not target.is_relative_to(root.resolve()):
            return None
        if path.endswith("/") or not relative:
            target = target / "index.html"
        if target.is_dir() and not path.endswith("/"):
            return target
        return target if target.is_file() else None

    def _not_found(self, head: bool) -> None:
        """The site's 404 page (or, before the first good build, a placeholder), live."""
        page = self.server.root / "404.html"
        try:
            content = page.read_bytes()
        except OSError:
            content = self.server.not_built
        content = self.server.page(content, _first_folder(unquote(urlsplit(self.path).path)))
        self._send(HTTPStatus.NOT_FOUND, content, "text/html; charset=utf-8", head)

    def _send(self, status: HTTPStatus, content: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            with contextlib.suppress(ConnectionError):
                self.wfile.write(content)


__all__ = ["LiveServer", "insert_banner", "snapshot"]
