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
import re
import threading
import webbrowser
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kbgen.render.policy import without_policy

#: How often the watched files are looked at, and how long a change may settle.
POLL_SECONDS = 0.25
#: How long a reload request waits for news before it answers "nothing new".
LONG_POLL_SECONDS = 60.0

_RELOAD_SCRIPT = """<script>
function livereload(epoch) {
  fetch("/livereload/" + epoch, {cache: "no-store"})
    .then((response) => response.text())
    .then((text) => {
      if (parseInt(text, 10) > epoch) window.location.reload();
      else livereload(epoch);
    })
    .catch(() => setTimeout(() => livereload(epoch), 1000));
}
window.addEventListener("load", () => livereload(%d));
</script>"""
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Every file under ``paths`` with its modification time and size."""
    files: dict[str, tuple[int, int]] = {}
    for path in paths:
        candidates = [path] if not path.is_dir() else sorted(path.rglob("*"))
        for candidate in candidates:
            with contextlib.suppress(OSError):
                stat = candidate.stat()
                if candidate.is_file():
                    files[str(candidate)] = (stat.st_mtime_ns, stat.st_size)
    return files


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

    ``banner``, when set, returns the HTML that every served page shows first (the
    problems of the latest build).
    """

    daemon_threads = True

    def __init__(
        self,
        builder: Callable[[], None],
        host: str,
        port: int,
        root: Path,
        banner: Callable[[], str | None] = lambda: None,
        not_built: bytes = b"",
    ) -> None:
        self.address_family = _family(host)
        super().__init__((host, port), _Handler, bind_and_activate=False)
        self.builder = builder
        self.root = root
        self.banner = banner
        self.not_built = not_built
        self.epoch = 1
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
            self.builder()
            with self._watch_lock:
                last = snapshot(self._watched)
            with self._epoch_changed:
                self.epoch += 1
                self._epoch_changed.notify_all()

    def wait_for_news(self, epoch: int, timeout: float = LONG_POLL_SECONDS) -> int:
        """The visible build's epoch, once it is past ``epoch`` (or at the timeout)."""
        with self._epoch_changed:
            self._epoch_changed.wait_for(
                lambda: self.epoch > epoch or self._stopping.is_set(), timeout=timeout
            )
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

    def page(self, content: bytes) -> bytes:
        """An HTML page as the preview serves it: no policy, the reload script, the banner."""
        content = without_policy(content)
        script = (_RELOAD_SCRIPT % self.epoch).encode("utf-8")
        match = _HEAD_END.search(content)
        at = match.start() if match else len(content)
        content = content[:at] + script + content[at:]
        banner = self.banner()
        return insert_banner(content, banner) if banner else content


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
            epoch = self.server.wait_for_news(int(news.group(1)))
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
            content = self.server.page(content)
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
        self._send(
            HTTPStatus.NOT_FOUND, self.server.page(content), "text/html; charset=utf-8", head
        )

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
