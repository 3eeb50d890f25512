"""``kbgen serve`` as writers run it: a live preview that follows their changes.

Each test starts the real command on a free loopback port, talks to it over
HTTP and always stops it, with Ctrl-C (SIGINT) or SIGTERM as a terminal would.
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import html5lib

from kbgen.build import load_project
from kbgen.preview import SitePreview
from tests.conftest import ROOT, SmallProject
from tests.helpers import (
    BROKEN,
    EDITED,
    ENTRY,
    ENTRY_PATH,
    NEW_ANSWER,
    OLD_ANSWER,
    YAML_ERROR,
    article_text,
    banner,
    banner_items,
    kbgen,
    running_preview,
)
from tests.pages import find_all, text


def test_serves_the_whole_site_and_follows_a_change(small_project: SmallProject) -> None:
    with running_preview(small_project) as preview:
        url = preview.url
        assert preview.stdout[0] == "Building the preview of fr, pl..."
        assert re.fullmatch(r"Built \d+ pages \(fr, pl\) in \d+\.\d s\.", preview.stdout[1])
        assert preview.stdout[2:5] == [
            f"Serving the preview on {url}",
            f"  fr: {url}fr/",
            f"  pl: {url}pl/",
        ]
        # What `kbgen build` produces: the root chooser, every locale, the search index.
        chooser = preview.page("")
        assert [a.get("data-kb-language") for a in find_all(chooser, "a")] == ["fr", "pl"]
        assert preview.get("pl/")[0] == 200
        assert preview.get("fr/search/")[0] == 200
        assert '"version"' in preview.get("fr/search/index/meta.json")[1]
        document = preview.page(ENTRY_PATH)
        assert OLD_ANSWER in article_text(document)
        assert banner(document) is None
        assert any("livereload(" in (s.text or "") for s in document.iter("script"))
        # Served without its Content-Security-Policy, which would refuse the reload script.
        assert not [m for m in document.iter("meta") if m.get("http-equiv")]

        small_project.write(ENTRY, EDITED)
        document = preview.wait_for(ENTRY_PATH, lambda d: NEW_ANSWER in article_text(d))
        assert OLD_ANSWER not in article_text(document)

        assert preview.stop(signal.SIGINT) == 0
    assert re.fullmatch(
        r"\[\d\d:\d\d:\d\d\] Rebuilt \d+ pages \(fr, pl\) in \d+\.\d s; the browser reloads\.",
        preview.stdout[-2],
    )
    assert preview.stdout[-1] == "Stopped."
    assert "Traceback" not in "\n".join(preview.stderr)
    assert list((small_project.root / "tmp").iterdir()) == []


def test_a_broken_entry_keeps_the_last_good_build_and_shows_why(
    small_project: SmallProject,
) -> None:
    with running_preview(small_project, "--locale", "fr") as preview:
        assert preview.stdout[2:4] == [
            f"Serving the preview on {preview.url}",
            f"  fr: {preview.url}fr/",
        ]
        assert OLD_ANSWER in article_text(preview.page(ENTRY_PATH))

        small_project.write(ENTRY, BROKEN)
        document = preview.wait_for(ENTRY_PATH, lambda d: banner(d) is not None)
        assert OLD_ANSWER in article_text(document)
        element = banner(document)
        assert element is not None
        assert element.get("role") == "alert"
        assert element.get("data-kb-preview-errors") == "1"
        assert banner_items(document) == [YAML_ERROR]
        # Every page says so, the language chooser at the root too.
        assert banner_items(preview.page("")) == [YAML_ERROR]
        preview.wait_for_output(preview.stderr, re.escape(YAML_ERROR))
        preview.wait_for_output(
            preview.stderr,
            r"\[\d\d:\d\d:\d\d\] The change does not build \(1 problem\(s\)\); still serving "
            r"the last good build, with the problems shown on every page\.",
        )

        small_project.write(ENTRY, EDITED)
        document = preview.wait_for(ENTRY_PATH, lambda d: banner(d) is None)
        assert NEW_ANSWER in article_text(document)
        assert banner(preview.page("")) is None

        assert preview.stop(signal.SIGTERM) == 0
    assert preview.stdout[-1] == "Stopped."
    assert "Traceback" not in "\n".join(preview.stderr)
    assert list((small_project.root / "tmp").iterdir()) == []


def test_content_that_never_built_shows_its_problems_as_text_until_fixed(
    small_project: SmallProject,
) -> None:
    good = small_project.root / ENTRY
    good_text = good.read_text("utf-8")
    small_project.write(ENTRY, good_text + '"<b onclick=alert(1)>note</b>": 1\n')
    with running_preview(small_project, "--locale", "fr") as preview:
        status, body = preview.get(ENTRY_PATH)
        assert status == 404
        document = html5lib.parse(body, namespaceHTMLElements=False)
        assert text(find_all(document, "h1")[0]) == "Nothing to preview yet"
        [item] = banner_items(document)
        assert item.startswith("content/entries/software-copy.yaml:")
        assert "<b onclick=alert(1)>note</b>" in item
        element = banner(document)
        assert element is not None
        assert list(element.iter("b")) == []
        assert "<b onclick" not in body

        small_project.write(ENTRY, good_text)
        preview.wait_for_status(ENTRY_PATH, 200)
        document = preview.page(ENTRY_PATH)
        assert OLD_ANSWER in article_text(document)
        assert banner(document) is None
        assert preview.stop() == 0


def test_a_broken_theme_template_is_a_problem_at_its_line(small_project: SmallProject) -> None:
    theme = small_project.root / "theme"
    shutil.copytree(ROOT / "theme", theme)
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8").replace(f"custom_dir: {ROOT / 'theme'}", "custom_dir: theme")
    )
    project = load_project(config)
    preview = SitePreview(project, small_project.root / "out", "fr")
    assert preview.watched_paths() == [
        small_project.root / "content",
        ROOT / "locales",
        theme,
        config,
    ]
    first = preview.build()
    assert first.report is not None
    assert first.problems == ()

    partial = theme / "partials" / "kb-search-box.html"
    partial.write_text("{{ no_such_function() }}\n" + partial.read_text("utf-8"), "utf-8")
    second = preview.build()
    assert second.report is None
    assert second.problems == (
        "theme/partials/kb-search-box.html:1: error: template: 'no_such_function' is undefined",
    )
    # The last good build is still there, whole.
    assert (
        small_project.root / "out" / "fr" / "entries" / "software-copy" / "index.html"
    ).is_file()


def test_plain_mkdocs_serve_reloads_pages_that_carry_a_policy(
    small_project: SmallProject,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=small_project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline, body = time.monotonic() + 60, ""
        while not body:
            assert process.poll() is None and time.monotonic() < deadline
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
    finally:
        # Stopped as a writer stops it (Ctrl-C): MkDocs then removes its temporary site.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "livereload(" in body
    assert "Content-Security-Policy" not in body
    # What `mkdocs build` writes keeps it.
    assert (
        subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=small_project.root).returncode
        == 0
    )
    assert "Content-Security-Policy" in (small_project.root / "site/index.html").read_text("utf-8")


def test_a_busy_port_is_a_clear_error(small_project: SmallProject) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = kbgen("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: cannot serve on 127.0.0.1:{port}: address already in use; is another "
        "preview running? Choose another address with --dev-addr.\n"
    )
    assert time.monotonic() - started < 20  # before building anything


def test_bad_arguments(small_project: SmallProject) -> None:
    result = kbgen("serve", "--locale", "de", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr == "Error: unknown locale 'de'; the site's locales are fr, pl\n"
    result = kbgen("serve", "--dev-addr", "8000", cwd=small_project.root)
    assert result.returncode == 1
    assert (
        "Invalid value for '-a' / '--dev-addr': '8000' is not HOST:PORT, e.g. 127.0.0.1:8000"
        in result.stderr
    )
