"""Tasks in forked processes: one process per task, as many at a time as asked.

A process that built a locale of 20,000 pages keeps most of the memory it took
(Python's allocator returns little of it), and the next task of a pooled worker
would start from there: each task here has a fresh fork of the parent instead,
which shares the parent's loaded knowledge base copy-on-write and gives all its
memory back when it ends. ``multiprocessing``'s pools cannot do this with ``fork``
(``max_tasks_per_child`` needs another start method, which would copy the knowledge
base into every task).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from kbgen.errors import KbgenError

K = TypeVar("K")  # what the caller knows a task by


class TaskDied(KbgenError):
    """A task's process ended without an answer (killed, or out of memory)."""


class Early:
    """A value that a task sent before its end (``tell_parent``)."""

    def __init__(self, value: Any) -> None:
        self.value = value


# In a task's process, where its answer goes.
_PARENT: Connection | None = None


def die_with_parent() -> None:
    """Make this process end with its parent (Linux's parent-death signal); end it now if
    the parent has died already."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before this process started
        os._exit(1)


def tell_parent(value: Any) -> bool:
    """In a task, send ``value`` to the parent now (``Forks.finished`` gives it as an
    ``Early``, the task still running); False when not in a task of ``Forks``."""
    if _PARENT is None:
        return False
    _PARENT.send((None, value))
    return True


def _child(
    setup: Callable[[], None], work: Callable[[Any], Any], argument: Any, answer: Connection
) -> None:
    global _PARENT
    _PARENT = answer
    try:
        setup()
        reply: tuple[bool, Any] = (True, work(argument))
    except BaseException as error:  # raised again in the parent
        reply = (False, error)
    try:
        answer.send(reply)
    except Exception as error:  # an answer that cannot be pickled: say what it was
        what = reply[1] if not reply[0] else error
        answer.send((False, TaskDied(f"{type(what).__name__}: {what}")))
    answer.close()


class Forks(Generic[K]):
    """Runs ``work(argument)`` in a forked process per task; ``setup()`` first in each.

    ``start`` a task under a key, ``finished()`` waits for at least one to end and
    gives the keys and results of those that ended (and of those that sent a value
    before their end, as an ``Early``); a task's exception is raised in the parent as
    it was raised. Leaving the ``with`` block ends the tasks still
    running (after an error, or an interrupt).
    """

    def __init__(self, setup: Callable[[], None]) -> None:
        self.setup = setup
        self.context = multiprocessing.get_context("fork")
        self.running: dict[Connection, tuple[K, str, BaseProcess]] = {}

    def __enter__(self) -> Forks[K]:
        return self

    def __exit__(self, *exc: object) -> None:
        for _key, _name, process in self.running.values():
            process.kill()
        for answer, (_key, _name, process) in self.running.items():
            process.join()
            answer.close()
        self.running.clear()

    def __len__(self) -> int:
        return len(self.running)

    def start(self, key: K, name: str, work: Callable[[Any], Any], argument: Any) -> None:
        """Start ``work(argument)`` in a new process; ``name`` says what it does, for
        the message when it dies."""
        answer, sent = self.context.Pipe(duplex=False)
        process = self.context.Process(target=_child, args=(self.setup, work, argument, sent))
        process.start()
        sent.close()  # the parent's copy: reading sees the end when the child's closes
        self.running[answer] = (key, name, process)

    def finished(self) -> list[tuple[K, Any]]:
        """Wait for at least one task to end, or to send a value before its end: the keys
        and results of those that did (an ``Early`` for a value sent before the end)."""
        done: list[tuple[K, Any]] = []
        for ready in wait(list(self.running)):
            assert isinstance(ready, Connection)
            key, name, process = self.running[ready]
            try:
                ok, value = ready.recv()
            except EOFError:
                del self.running[ready]
                ready.close()
                process.join()
                raise TaskDied(f"{name}: its process ended early ({_how(process)})") from None
            if ok is None:
                done.append((key, Early(value)))
                continue
            del self.running[ready]
            ready.close()
            process.join()
            if not ok:
                raise value
            done.append((key, value))
        return done


def _how(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}; out of memory?"
    return f"exit code {code}"
