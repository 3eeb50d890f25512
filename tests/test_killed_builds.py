"""Builds killed at any moment leave nothing behind: no process, no lock, no folder.

Each test runs ``kbgen build`` as a user would, kills it with SIGKILL at some point of
its work, and checks that its worker processes died with it, that the next build
neither waits nor fails, that it removes what the killed one left beside the site,
and that nothing of the killed build is left in the system's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kbgen.publish import is_beside
from tests.conftest import ROOT
from tests.helpers import tree_digest


def _processes_of(site: Path) -> list[int]:
    """The processes whose command line names ``site``: a build into it and its workers."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(site).encode() in command:
            found.append(int(entry.name))
    return found


#: Three locales on two workers: a build of a few seconds, time to kill it anywhere.
LOCALES = ["-l", "fr", "-l", "pl", "-l", "ro"]


def _build(project: Path, site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kbgen", "build", "--jobs", "2", *LOCALES, "-d", str(site)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped project (its build takes a few seconds: time to kill it)."""
    root = tmp_path_factory.mktemp("killed") / "project"
    root.mkdir()
    for name in ("content", "locales", "theme", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy2(source, root / name)
    return root


@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_a_killed_build_leaves_no_process_lock_or_folder(project: Path, delay: float) -> None:
    site = project.parent / f"site-{delay}"
    first = _build(project, site)
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    published = tree_digest(site)
    temporary = set(Path(tempfile.gettempdir()).glob("kbgen_*"))

    killed = _build(project, site)
    time.sleep(delay)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    # Its workers die with it.
    deadline = time.monotonic() + 10
    while _processes_of(site) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_of(site) == []
    # Whatever it had done, the site is the last one published, whole.
    assert tree_digest(site) == published

    # The next build takes its turn at once and clears what the killed one left.
    started = time.monotonic()
    after = _build(project, site)
    _out, err = after.communicate(timeout=120)
    assert after.returncode == 0, err
    assert "waiting for another build" not in err
    assert time.monotonic() - started < 60
    left = [p.name for p in site.parent.iterdir() if is_beside(p.name, site)]
    assert left == []
    assert set(Path(tempfile.gettempdir()).glob("kbgen_*")) <= temporary
    assert tree_digest(site) == published


def test_a_site_that_cannot_be_replaced_stays_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output the build may not rename (``chattr +i``, a mount point): a clear error,
    the old site as it was, and no staging folder left beside it."""
    from kbgen.build import load_project
    from kbgen.project import BuildError
    from kbgen.site import build_site

    site = project.parent / "site-immutable"
    config = load_project(project / "mkdocs.yml")
    build_site(config, site, jobs=1, use_cache=False, locales=["ro"])
    published = tree_digest(site)
    rename = Path.rename

    def refuse(self: Path, target: str | os.PathLike[str]) -> Path:
        if self == site:
            raise PermissionError(1, "Operation not permitted", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse)
    with pytest.raises(BuildError) as raised:
        build_site(config, site, jobs=1, use_cache=False, locales=["ro"])
    assert str(raised.value) == (
        f"cannot write the site to {site}: Operation not permitted ({site})"
    )
    assert tree_digest(site) == published
    assert [p.name for p in site.parent.iterdir() if is_beside(p.name, site)] == []
