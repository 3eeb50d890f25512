"""`kbgen check` and `kbgen build` as the writers' linter: warnings, --strict, --format json."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kbgen.errors import CODES
from kbgen.findings import _skim, inputs_of
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


def _imported(stderr: str) -> set[str]:
    """The modules that ``python -X importtime`` says a run imported."""
    return {
        line.split("|")[-1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_a_second_check_of_the_same_content_repeats_its_findings_without_mkdocs(
    small_project: SmallProject,
) -> None:
    small_project.write("content/entries/draft.yaml", DRAFT)
    first = kbgen("check", cwd=small_project.root)
    command = [sys.executable, "-X", "importtime", "-m", "kbgen", "check"]
    second = subprocess.run(command, cwd=small_project.root, capture_output=True, text=True)
    assert first.returncode == second.returncode == 0
    assert second.stdout == first.stdout
    findings = [line for line in second.stderr.splitlines() if not line.startswith("import time:")]
    assert findings == first.stderr.splitlines()
    imported = _imported(second.stderr)
    assert "kbgen.findings" in imported
    assert not {"mkdocs", "pydantic", "jinja2", "kbgen.project"} & imported


def test_a_check_after_a_content_change_needs_no_mkdocs_for_an_unchanged_configuration(
    small_project: SmallProject,
) -> None:
    assert kbgen("check", cwd=small_project.root).returncode == 0
    small_project.write("content/entries/links.yaml", LINKS)
    command = [sys.executable, "-X", "importtime", "-m", "kbgen", "check"]
    result = subprocess.run(command, cwd=small_project.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert "links.yaml:12: error KB201" in result.stderr
    assert "kbgen.project" in _imported(result.stderr)
    assert not {"mkdocs", "kbgen.build"} & _imported(result.stderr)
    # The same content through MkDocs, without the cache, gives the same findings.
    shutil.rmtree(small_project.root / ".cache")
    fresh = kbgen("check", cwd=small_project.root)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("import time:")]
    assert (fresh.returncode, fresh.stderr.splitlines()) == (1, lines)


def test_a_check_after_a_change_reads_the_content_again(small_project: SmallProject) -> None:
    assert kbgen("check", cwd=small_project.root).returncode == 0
    small_project.write("content/entries/links.yaml", LINKS)
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert "links.yaml:12: error KB201" in result.stderr
    (small_project.root / "content/entries/links.yaml").unlink()
    result = kbgen("check", "--format", "json", cwd=small_project.root)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    # A new catalog, or a new option, is a new input too.
    config = small_project.config_file.read_text("utf-8")
    small_project.config_file.write_text(config + "      fallback_pages: maybe\n", "utf-8")
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert "fallback_pages" in result.stderr


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("plugins: [kbgen]", ({}, set())),
        ("plugins:\n  kbgen: {content_dir: kb}", ({"content_dir": "kb"}, set())),
        (
            "site_url: !ENV [SITE, URL, null]\nplugins:\n  - search\n  - kbgen: {locales: [fr]}",
            ({"locales": ["fr"]}, {"SITE", "URL"}),
        ),
        ("INHERIT: base.yml\nplugins: [kbgen]", None),
        ("plugins: [search]", None),
        ("plugins: [kbgen", None),
    ],
)
def test_the_configuration_is_skimmed_for_the_check_s_inputs(
    config: str, expected: tuple[dict[str, object], set[str]] | None
) -> None:
    assert _skim(config.encode()) == expected


def test_a_folder_named_by_a_tag_or_an_unused_cache_leaves_the_check_to_mkdocs(
    tmp_path: Path,
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("plugins:\n  - kbgen: {content_dir: !ENV [KB, content]}\n", "utf-8")
    assert inputs_of(config) is None
    config.write_text("plugins:\n  - kbgen: {cache: false}\n", "utf-8")
    assert inputs_of(config) is None
    config.write_text("plugins:\n  - kbgen: {locales: [fr]}\n", "utf-8")
    inputs = inputs_of(config)
    assert inputs is not None and inputs.store.directory == tmp_path / ".cache/kbgen"


def test_a_check_after_an_edit_finds_what_a_check_from_scratch_finds(tmp_path: Path) -> None:
    """The findings kept from one check to the next (a text's template against the facts,
    a catalog, the rules' verification) are those of the files as they are now."""
    root = tmp_path / "project"
    for folder in ("content", "locales", "theme"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    entry = root / "content/entries/microsoft-incidents/ms-five-pack-expiry.yaml"
    catalog = root / "locales/fr/LC_MESSAGES/messages.po"

    def check() -> tuple[int, str, str]:
        cached = kbgen("check", cwd=root)
        shutil.move(root / ".cache", tmp_path / "kept")
        fresh = kbgen("check", cwd=root)
        shutil.rmtree(root / ".cache")
        shutil.move(tmp_path / "kept", root / ".cache")
        assert (cached.returncode, cached.stdout, cached.stderr) == (
            fresh.returncode,
            fresh.stdout,
            fresh.stderr,
        )
        return cached.returncode, cached.stdout, cached.stderr

    assert check()[0] == 0
    text = entry.read_text("utf-8")
    entry.write_text(
        text.replace('fact("five_pack_validity") }} od', 'fact("five_pack_valid") }} od')
    )
    code, _out, err = check()
    assert code == 1
    assert "ms-five-pack-expiry.yaml:13:" in err and "five_pack_valid'" in err
    entry.write_text(text, "utf-8")
    assert check()[0] == 0
    po = catalog.read_text("utf-8")
    catalog.write_text(po.replace("résultat pour « %(query)s »", "résultat pour « %(q)s »"))
    code, _out, err = check()
    assert code == 1 and "messages.po:64" in err
    catalog.write_text(po, "utf-8")
    assert check()[0] == 0
    # A linter's warning in one file, then an edit to another: the warning stays.
    entry.write_text(text.replace("po tym czasie wygasa.", "po tym czasie wygasa. TODO"))
    code, _out, err = check()
    assert code == 0 and "ms-five-pack-expiry.yaml:13:" in err and "KB203" in err
    catalog.write_text(po + "\n", "utf-8")
    assert check()[2] == err
