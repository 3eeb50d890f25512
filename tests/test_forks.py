"""kbgen.forks: a process per task; answers, errors and deaths reach the parent."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from kbgen.forks import Early, Forks, TaskDied, tell_parent
from kbgen.project import BuildError

SET_UP: list[int] = []


def _pid_and_setup(n: int) -> tuple[int, int, list[int]]:
    return n * n, os.getpid(), SET_UP


def _fail(message: str) -> None:
    raise BuildError(message)


class _Unpicklable(Exception):
    def __init__(self) -> None:
        super().__init__("it holds a lock")
        self.lock = threading.Lock()


def _raise_unpicklable(_: object) -> None:
    raise _Unpicklable


def _die(_: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_each_task_has_a_fresh_process_set_up_first() -> None:
    with Forks(lambda: SET_UP.append(1)) as forks:
        for n in range(4):
            forks.start(n, f"task {n}", _pid_and_setup, n)
        answers = {}
        while len(forks):
            answers.update(forks.finished())
    assert {key: value[0] for key, value in answers.items()} == {0: 0, 1: 1, 2: 4, 3: 9}
    pids = {value[1] for value in answers.values()}
    assert len(pids) == 4 and os.getpid() not in pids
    # The setup ran in each child (once), not in the parent.
    assert all(value[2] == [1] for value in answers.values())
    assert SET_UP == []


def _tell_then_wait(path: str) -> str:
    # The parent hears of the first value while this task still runs: it answers by
    # writing the file that the task waits for.
    assert tell_parent(f"early from {os.getpid()}")
    deadline = time.monotonic() + 30
    while not os.path.exists(path):
        assert time.monotonic() < deadline, "the parent never heard"
        time.sleep(0.01)
    return "done"


def test_a_task_tells_the_parent_a_value_before_its_end(tmp_path: Path) -> None:
    flag = tmp_path / "heard"
    heard: list[tuple[str, object]] = []
    with Forks(lambda: None) as forks:
        forks.start("fr", "telling early", _tell_then_wait, str(flag))
        while len(forks):
            for key, value in forks.finished():
                heard.append((key, value))
                if isinstance(value, Early):
                    assert len(forks) == 1  # still running
                    flag.write_text("yes", "utf-8")
    assert [key for key, _value in heard] == ["fr", "fr"]
    first, last = heard[0][1], heard[1][1]
    assert isinstance(first, Early) and str(first.value).startswith("early from ")
    assert str(first.value) != f"early from {os.getpid()}"
    assert last == "done"
    # Outside a task, there is no parent to tell.
    assert not tell_parent("nobody")


def test_an_error_is_raised_in_the_parent_as_it_was() -> None:
    with Forks(lambda: None) as forks, pytest.raises(BuildError, match=r"^locale fr: no$"):
        forks.start("fr", "building fr", _fail, "locale fr: no")
        forks.finished()


def test_a_killed_task_is_named_and_the_others_are_ended() -> None:
    started = time.monotonic()
    with pytest.raises(TaskDied) as raised, Forks(lambda: None) as forks:
        forks.start("slow", "sleeping", time.sleep, 60)
        forks.start("fr", "building the pages of locale fr", _die, None)
        while True:
            forks.finished()
    assert str(raised.value) == (
        "building the pages of locale fr: its process ended early (killed by SIGKILL; "
        "out of memory?)"
    )
    assert len(forks) == 0
    assert time.monotonic() - started < 30


def test_an_error_that_cannot_be_pickled_is_still_told() -> None:
    with (
        Forks(lambda: None) as forks,
        pytest.raises(TaskDied, match=r"^_Unpicklable: it holds a lock$"),
    ):
        forks.start("x", "x", _raise_unpicklable, None)
        forks.finished()
