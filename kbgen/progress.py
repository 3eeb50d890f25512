"""Progress of long operations: shown on a terminal, silent in CI logs and pipes.

A build or a check of a large knowledge base takes a while; on a terminal the
writer sees what it is doing (a counter of the files read, a line per locale
built). In CI (``$CI`` set) or when stderr is not a terminal, nothing is written
but the commands' own summary lines, so logs stay short.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

#: Reports ``done`` of ``total`` items.
Counter = Callable[[int, int], None]


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether progress should be shown: the stream is a terminal and this is not CI."""
    stream = stream or sys.stderr
    return stream.isatty() and not os.environ.get("CI")


class Progress:
    """Writes progress to a stream (stderr) when enabled, and nothing otherwise."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = on_terminal(self.stream) if enabled is None else enabled
        self.started = time.perf_counter()
        self._counting = False

    def note(self, message: str) -> None:
        """One line, e.g. a locale that has been built."""
        if not self.enabled:
            return
        self._clear()
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"[{elapsed:5.1f} s] {message}\n")
        self.stream.flush()

    def counter(self, label: str) -> Counter:
        """A counter that rewrites one line (``Reading entries: 120/2000``) as it advances."""
        last = 0.0

        def count(done: int, total: int) -> None:
            nonlocal last
            now = time.perf_counter()
            if not self.enabled or (done < total and now - last < 0.1):
                return
            last = now
            self.stream.write(f"\r\x1b[K{label}: {done}/{total}")
            self.stream.flush()
            self._counting = True
            if done >= total:
                self._clear()

        return count

    def _clear(self) -> None:
        if self._counting:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._counting = False


#: Progress that is never shown, for library callers and tests.
QUIET = Progress(enabled=False)
