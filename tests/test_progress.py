"""Progress: shown on a terminal, silent in CI and in pipes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.progress import Progress, on_terminal
from kbgen.site import build_site
from tests.conftest import SmallProject


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_shown_on_a_terminal_unless_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert on_terminal(Terminal())
    assert not on_terminal(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not on_terminal(Terminal())


def test_a_build_on_a_terminal_reports_each_locale(
    small_project: SmallProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    project = load_project(small_project.config_file)
    build_site(project, tmp_path / "site", progress=Progress(terminal))
    output = terminal.getvalue()
    # The counter rewrites its line in place, then gives way to the notes.
    assert output.startswith("\r\x1b[KReading entries: 1/1\r\x1b[K[")
    notes = [line.split("] ", 1)[1] for line in output.split("\r\x1b[K")[-1].splitlines()]
    assert notes[0] == "Checked 1 entries"
    # Polish: home, search, contact, and the page that says the entry is in French only.
    assert sorted(notes[1:]) == ["Built fr: 5 pages", "Built pl: 4 pages"]
    # A comment in an entry's file: the build runs, and has no locale to build again.
    entry = small_project.root / "content" / "entries" / "software-copy.yaml"
    entry.write_text(entry.read_text("utf-8") + "# reviewed\n", "utf-8")
    terminal = Terminal()
    build_site(project, tmp_path / "site", progress=Progress(terminal))
    notes = [line.split("] ", 1)[1] for line in terminal.getvalue().splitlines() if "] " in line]
    assert sorted(notes[1:]) == [
        "Kept fr: 5 pages, unchanged since the last build",
        "Kept pl: 4 pages, unchanged since the last build",
    ]


def test_silent_when_not_a_terminal(small_project: SmallProject, tmp_path: Path) -> None:
    stream = io.StringIO()
    build_site(
        load_project(small_project.config_file), tmp_path / "site", progress=Progress(stream)
    )
    assert stream.getvalue() == ""
