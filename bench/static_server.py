"""A static file server for the benchmarks, on loopback, in a process of its own.

    python bench/static_server.py DIRECTORY     # prints its port, serves until killed

It serves as static hosts do: connections kept open between requests, and each
response sent at once (``TCP_NODELAY``: without it a small body waits for the ACK
of its header, about 40 ms on loopback). In its own process, it does not wait for
the interpreter lock of the Playwright client that measures the pages.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A page closed while its last requests were under way.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Served:
    """A server process for a directory; ``url`` is where it serves it."""

    def __init__(self, directory: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(directory)], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        port = int(self.process.stdout.readline())
        self.url = f"http://127.0.0.1:{port}"

    def shutdown(self) -> None:
        self.process.terminate()
        self.process.wait()


def main() -> None:
    handler = functools.partial(Handler, directory=sys.argv[1])
    server = Server(("127.0.0.1", 0), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
