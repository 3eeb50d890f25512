"""Helpers shared by the tests: the command as a user runs it, hostile inputs, axe-core,
a running preview. (Fixtures are in ``conftest.py``.)"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import IO
from urllib.error import HTTPError
from xml.etree.ElementTree import Element

import html5lib

from tests.conftest import FAQ, SmallProject
from tests.pages import find_all, text


def kbgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "kbgen", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert "Traceback" not in result.stderr
    return result


def tree_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        digest.update(path.relative_to(directory).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


#: Markup and script payloads that must never run, fed through every input.
PAYLOADS = [
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 1">',
    '<svg onload="window.__xss = 1"></svg>',
    '<a href="javascript:window.__xss = 1">click</a>',
    "[click](javascript:window.__xss=1)",
    '<iframe src="javascript:window.__xss = 1"></iframe>',
    '"><script>window.__xss = 1</script>',
    '<details open ontoggle="window.__xss = 1">x</details>',
    "{{ '<script>window.__xss = 1</script>' }}",
]

#: axe-core, as the PyPI package bundles it.
AXE = (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")

#: A quiz answered to a result in each locale (query strings): the quiz is the same in
#: every locale; each answers it under the document written in its language.
RESULTS = {
    "zh-TW": "programme=acronis&acronis.document=taiwan_2009&acronis.product_line=business"
    "&acronis.subscription=advantage_premier&acronis.product_version=current"
    "&acronis.days_since_purchase=10&acronis.region=europe&acronis.contact_time=night"
    "&acronis.severity=A",
    "zh-CN": "programme=acronis&acronis.document=china_2011&acronis.request_type=technical"
    "&acronis.subscription=advantage_premier&acronis.product_version=current"
    "&acronis.contact_time=night&acronis.severity=A",
    "fr": "programme=acronis&acronis.document=canada_2011&acronis.product_line=business"
    "&acronis.request_type=technical&acronis.subscription=advantage_premier"
    "&acronis.product_version=current&acronis.contact_time=night&acronis.severity=A",
    "ro": "programme=symantec&symantec.deployment=on_premises&symantec.contract_status=active"
    "&symantec.need=technical_support",
    "pl": "programme=microsoft&microsoft.request_type=technical&microsoft.lifecycle=mainstream"
    "&microsoft.severity=A&microsoft.handling=around_the_clock"
    "&microsoft.incident_purchase=single_incident&microsoft.months_since_purchase=3"
    "&microsoft.purchaser_account=available",
}


ENTRY = "content/entries/software-copy.yaml"
ENTRY_PATH = "fr/entries/software-copy/"
OLD_ANSWER = "Vous êtes autorisé à réaliser une seule copie du logiciel à des fins d'archivage."
NEW_ANSWER = "Vous pouvez faire deux copies de sauvegarde."
EDITED = FAQ.format(id="software-copy", related="[]").replace(OLD_ANSWER, NEW_ANSWER)
BROKEN = "id: software-copy\nkind: faq\ncategory: [x\n"
YAML_ERROR = (
    "content/entries/software-copy.yaml:4: error KB001: did not find expected ',' or ']' "
    "(while parsing a flow sequence that starts at line 3)"
)


class Preview:
    """A running ``kbgen serve``: its address, its output so far, and HTTP helpers."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        # Read both pipes all along, so that the server never blocks on a full one.
        self._readers = [
            threading.Thread(target=self._read, args=(process.stdout, self.stdout), daemon=True),
            threading.Thread(target=self._read, args=(process.stderr, self.stderr), daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        self.url = self._wait_for_url()

    @staticmethod
    def _read(stream: IO[str] | None, lines: list[str]) -> None:
        assert stream is not None
        for line in stream:
            lines.append(line.rstrip("\n"))

    def _wait_for_url(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.stdout:
                if match := re.fullmatch(r"Serving the preview on (http://\S+/)", line):
                    return match[1]
            assert self.process.poll() is None, "\n".join(self.stdout + self.stderr)
            time.sleep(0.1)
        raise AssertionError("the preview did not start:\n" + "\n".join(self.stdout + self.stderr))

    def get(self, path: str) -> tuple[int, str]:
        """The status and the text of a served path."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def page(self, path: str) -> Element:
        status, body = self.get(path)
        assert status == 200, (path, status)
        document: Element = html5lib.parse(body, namespaceHTMLElements=False)
        return document

    def wait_for(
        self, path: str, condition: Callable[[Element], bool], timeout: float = 30
    ) -> Element:
        """The page at ``path`` once ``condition`` holds for it (the preview rebuilds)."""
        deadline = time.monotonic() + timeout
        while True:
            document = self.page(path)
            if condition(document):
                return document
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{path} never changed as expected:\n{text(document)}\n"
                    + "\n".join(self.stdout + self.stderr)
                )
            time.sleep(0.2)

    def wait_for_output(self, lines: list[str], pattern: str, timeout: float = 10) -> str:
        """The first line of ``lines`` (``self.stdout`` or ``self.stderr``) that matches."""
        deadline = time.monotonic() + timeout
        while True:
            for line in list(lines):
                if re.fullmatch(pattern, line):
                    return line
            assert time.monotonic() < deadline, "\n".join(self.stdout + self.stderr)
            time.sleep(0.1)

    def wait_for_status(self, path: str, status: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.get(path)[0] != status:
            assert time.monotonic() < deadline, "\n".join(self.stdout + self.stderr)
            time.sleep(0.2)

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=30)
        for reader in self._readers:
            reader.join(timeout=10)
        return code


@contextmanager
def running_preview(project: SmallProject, *args: str) -> Iterator[Preview]:
    """``kbgen serve`` on a free port of the loopback, with a private temporary folder."""
    tmp = project.root / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    # A shell starts background jobs with Ctrl-C ignored, and a child inherits that:
    # the preview must get SIGINT as it does in a terminal, wherever pytest runs.
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "kbgen", "serve", "--dev-addr", "127.0.0.1:0", *args],
            cwd=project.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield Preview(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def banner(document: Element) -> Element | None:
    found = [e for e in find_all(document, "div") if e.get("data-kb-preview-errors") is not None]
    assert len(found) <= 1
    return found[0] if found else None


def banner_items(document: Element) -> list[str]:
    element = banner(document)
    return [] if element is None else [text(item) for item in element.iter("li")]


def article_text(document: Element) -> str:
    return text(find_all(document, "article")[0])
