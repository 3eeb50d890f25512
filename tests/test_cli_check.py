"""`kbgen check` and `kbgen build` as the writers' linter: warnings, --strict, --format json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kbgen.errors import CODES
from tests.conftest import FAQ, ROOT, SmallProject
from tests.helpers import kbgen

DRAFT = FAQ.format(id="draft", related="[]").replace(
    "des fins d'archivage.", "des fins d'archivage.\n      TODO: préciser le support."
)
LINKS = FAQ.format(id="links", related="[]").replace(
    "des fins d'archivage.", "des fins d'archivage, voir [ici](entry:software-copy#related)."
)


def test_warnings_are_printed_and_do_not_fail_without_strict(small_project: SmallProject) -> None:
    small_project.write("content/entries/draft.yaml", DRAFT)
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "content/entries/draft.yaml:13: warning KB203: translations.fr.answer: "
        "placeholder 'TODO' left in the text\n"
    )
    assert result.stdout == "No errors in 2 entries, 2 categories and 1 products; 1 warning(s).\n"


def test_strict_check_fails_on_warnings(small_project: SmallProject) -> None:
    small_project.write("content/entries/draft.yaml", DRAFT)
    result = kbgen("check", "--strict", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content/entries/draft.yaml:13: warning KB203: translations.fr.answer: "
        "placeholder 'TODO' left in the text",
        "Found 0 error(s) and 1 warning(s) in the content; --strict fails on warnings.",
    ]


def test_errors_and_warnings_are_reported_together(small_project: SmallProject) -> None:
    small_project.write("content/entries/draft.yaml", DRAFT)
    small_project.write("content/entries/links.yaml", LINKS)
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/entries/draft.yaml:13: warning KB203: translations.fr.answer: "
        "placeholder 'TODO' left in the text",
        "content/entries/links.yaml:12: error KB201: translations.fr.answer: link to entry "
        "'software-copy': its page has no anchor #related (it has no anchors)",
        "Found 1 error(s) and 1 warning(s) in the content.",
    ]


def test_format_json_lists_every_finding_for_ci(small_project: SmallProject) -> None:
    small_project.write("content/entries/draft.yaml", DRAFT)
    small_project.write("content/entries/links.yaml", LINKS)
    result = kbgen("check", "--format", "json", cwd=small_project.root)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "path": "content/entries/draft.yaml",
            "line": 13,
            "column": 0,
            "key": "translations.fr.answer",
            "code": "KB203",
            "severity": "warning",
            "message": "placeholder 'TODO' left in the text",
        },
        {
            "path": "content/entries/links.yaml",
            "line": 12,
            "column": 0,
            "key": "translations.fr.answer",
            "code": "KB201",
            "severity": "error",
            "message": "link to entry 'software-copy': its page has no anchor #related "
            "(it has no anchors)",
        },
    ]
    assert result.stderr == "Found 1 error(s) and 1 warning(s) in the content.\n"


def test_format_json_without_findings_keeps_stdout_pure_json(small_project: SmallProject) -> None:
    result = kbgen("check", "--format", "json", "--strict", cwd=small_project.root)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert result.stderr == "No problems in 1 entries, 2 categories and 1 products.\n"


def test_strict_build_refuses_content_warnings(small_project: SmallProject) -> None:
    small_project.write("content/entries/draft.yaml", DRAFT)
    result = kbgen("build", "--strict", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/entries/draft.yaml:13: warning KB203: translations.fr.answer: "
        "placeholder 'TODO' left in the text",
        "Found 0 error(s) and 1 warning(s) in the content; --strict fails on warnings.",
        "Nothing was built; the previous site is unchanged.",
    ]
    assert not (small_project.root / "site").exists()


def test_build_shows_warnings_and_builds(small_project: SmallProject) -> None:
    small_project.write("content/entries/draft.yaml", DRAFT)
    result = kbgen("build", cwd=small_project.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "content/entries/draft.yaml:13: warning KB203: translations.fr.answer: "
        "placeholder 'TODO' left in the text\n"
    )
    assert (small_project.root / "site/fr/entries/draft/index.html").is_file()


def test_the_shipped_content_passes_strict() -> None:
    result = kbgen("check", "--strict", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_readme_lists_every_code() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    listed = set(re.findall(r"^\| (KB\d{3}) \|", readme, re.MULTILINE))
    assert listed == set(CODES)


def test_progress_stays_out_of_ci_logs(small_project: SmallProject, tmp_path: Path) -> None:
    # Not a terminal here: only the summary lines, as in a CI log.
    result = kbgen("build", "--site-dir", str(tmp_path / "out"), cwd=small_project.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Built ")
