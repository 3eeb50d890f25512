"""The kbgen command as users run it: exit codes and messages, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FAQ, ROOT, SmallProject
from tests.helpers import kbgen, tree_digest


def test_check_the_shipped_content() -> None:
    result = kbgen("check", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "No problems in 88 entries, 9 categories and 9 products.\n"
        "The rules hold: 63 rules in 3 programmes, 215 cases checked (acronis 154, "
        "microsoft 54, symantec 7; 21612 combinations of answers), one quiz in 5 locales.\n"
    )


def test_check_reports_every_problem_and_exits_1(small_project: SmallProject) -> None:
    small_project.write("content/entries/a.yaml", FAQ.format(id="a", related="[ghost]"))
    small_project.write("content/entries/b.yaml", "id: b\nkind: faq\ncategory: [x\n")
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content/entries/a.yaml:5: error KB004: related[0]: unknown entry 'ghost'",
        "content/entries/b.yaml:4: error KB001: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 3)",
        "Found 2 error(s) in the content.",
    ]


def test_build_with_bad_content_says_nothing_was_built(small_project: SmallProject) -> None:
    small_project.write("content/entries/a.yaml", FAQ.format(id="a", related="[ghost]"))
    result = kbgen("build", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "Found 1 error(s) in the content.",
        "Nothing was built; the previous site is unchanged.",
    ]
    assert not (small_project.root / "site").exists()


def test_build_and_where_to_open_it(small_project: SmallProject, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = kbgen("build", "--site-dir", str(out), cwd=small_project.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        r"Built \d+ pages in 2 locales \(fr 1, pl 0 entries\) in \d+\.\d s\.", lines[0]
    )
    assert lines[1:] == [
        f"The site is in {out}. To open it, serve it (directory URLs need a server):",
        f"  python3 -m http.server --directory {out} 8000",
        "then open http://127.0.0.1:8000/",
    ]
    assert (out / "fr/entries/software-copy/index.html").is_file()


def test_a_rebuild_says_what_it_kept(small_project: SmallProject) -> None:
    assert kbgen("build", cwd=small_project.root).returncode == 0
    again = kbgen("build", cwd=small_project.root)
    assert re.match(
        r"Nothing has changed since the last build: its \d+ pages in 2 locales \(fr 1, pl 0 "
        r"entries\) are published as they are \(\d+\.\d s\)\.$",
        again.stdout.splitlines()[0],
    )
    small_project.write("content/entries/backup.yaml", FAQ.format(id="backup", related="[]"))
    again = kbgen("build", cwd=small_project.root)
    assert re.match(
        r"Built \d+ pages in 2 locales \(fr 2, pl 0 entries, \d+ unchanged files kept from "
        r"the last build\) in \d+\.\d s\.$",
        again.stdout.splitlines()[0],
    )
    clean = kbgen("build", "--no-cache", cwd=small_project.root)
    assert "kept" not in clean.stdout


def test_a_build_reads_an_unchanged_configuration_with_mkdocs_once(
    small_project: SmallProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    import kbgen.build
    from kbgen.cli import main

    read: list[Path] = []
    load = kbgen.build.load_project

    def counted(path: Path) -> Any:
        read.append(path)
        return load(path)

    monkeypatch.setattr(kbgen.build, "load_project", counted)
    monkeypatch.chdir(small_project.root)

    def build(*options: str) -> None:
        result = CliRunner().invoke(main, ["build", *options])
        assert result.exit_code == 0, result.output

    build()
    build()  # the configuration as the last build read it, from the cache
    small_project.write("content/entries/backup.yaml", FAQ.format(id="backup", related="[]"))
    build()
    assert len(read) == 1
    config = small_project.config_file
    config.write_text(config.read_text("utf-8").replace("Test KB", "Aide KB"), "utf-8")
    build()
    assert len(read) == 2
    assert "Aide KB" in (small_project.root / "site/fr/index.html").read_text("utf-8")
    build("--no-cache")
    assert len(read) == 3


def test_unknown_locale_argument(small_project: SmallProject) -> None:
    result = kbgen("build", "--locale", "de", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: unknown locale 'de'; the site's locales are fr, pl\n"
        "Nothing was built; the previous site is unchanged.\n"
    )


def test_a_site_folder_that_cannot_be_made(small_project: SmallProject) -> None:
    (small_project.root / "public").write_text("a file, not a folder", "utf-8")
    out = small_project.root / "public" / "site"
    result = kbgen("build", "--site-dir", str(out), cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: cannot write the site to {out}: {out.parent} is not a folder\n"
        "Nothing was built; the previous site is unchanged.\n"
    )


@pytest.mark.parametrize(
    ("site_dir", "reason"),
    [
        ("content", "building replaces that folder, and it holds the content ({root}/content)"),
        (".", "building replaces that folder, and it holds the project ({root})"),
        ("..", "building replaces that folder, and it holds the project ({root})"),
        ("content/entries", "it is inside the content ({root}/content)"),
        (
            ".cache",
            "building replaces that folder, and it holds the build cache ({root}/.cache/kbgen)",
        ),
    ],
)
def test_a_site_folder_that_would_replace_the_project(
    small_project: SmallProject, site_dir: str, reason: str
) -> None:
    root = small_project.root
    assert kbgen("build", cwd=root).returncode == 0  # the cache exists
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    result = kbgen("build", "--site-dir", site_dir, cwd=root)
    assert result.returncode == 1
    out = (root / site_dir).resolve()
    assert result.stderr == (
        f"Error: cannot write the site to {out}: {reason.format(root=root)}\n"
        "Nothing was built; the previous site is unchanged.\n"
    )
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*")) == before


def test_missing_configuration_file(tmp_path: Path) -> None:
    result = kbgen("check", "-f", "nowhere.yml", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr
        == f"Error: {tmp_path / 'nowhere.yml'}: the configuration file does not exist\n"
    )


def test_unknown_plugin_option_names_the_key_and_the_file(small_project: SmallProject) -> None:
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8").replace(
            "locales: [fr, pl]", "locales: [fr, pl]\n      colour: red"
        )
    )
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert "colour" in result.stderr
    assert f"unknown option of the kbgen plugin in {config}" in result.stderr


def test_default_locale_must_be_a_site_locale(small_project: SmallProject) -> None:
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8").replace(
            "locales: [fr, pl]", "locales: [fr, pl]\n      default_locale: de"
        )
    )
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert "'default_locale' 'de' is not one of 'locales'" in result.stderr


def test_missing_catalog_for_a_locale(small_project: SmallProject, tmp_path: Path) -> None:
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8").replace(str(ROOT / "locales"), str(tmp_path / "none"))
    )
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    catalog = tmp_path / "none" / "fr" / "LC_MESSAGES" / "messages.po"
    assert result.stderr == f"Error: {catalog}: the catalog of locale 'fr' is missing\n"


def test_schema_check_passes_on_the_committed_schemas() -> None:
    result = kbgen("schema", "--check", cwd=ROOT)
    assert result.returncode == 0
    assert result.stdout == "The content schemas are current.\n"


def test_usage_errors_exit_with_1(tmp_path: Path) -> None:
    result = kbgen("nosuch", cwd=tmp_path)
    assert result.returncode == 1
    assert "Error: No such command 'nosuch'." in result.stderr
    result = kbgen("build", "--jobs", "0", cwd=tmp_path)
    assert result.returncode == 1
    assert "Invalid value for '-j' / '--jobs'" in result.stderr


def test_a_typo_in_a_theme_template_names_its_file_and_line(
    small_project: SmallProject, tmp_path: Path
) -> None:
    # The small project's theme is the shipped one: a copy of it, with a typo.
    theme = small_project.root / "theme"
    shutil.copytree(ROOT / "theme", theme)
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8").replace(f"custom_dir: {ROOT / 'theme'}", "custom_dir: theme"),
        "utf-8",
    )
    assert kbgen("build", cwd=small_project.root).returncode == 0
    before = tree_digest(small_project.root / "site")
    partial = theme / "partials" / "kb-search-box.html"
    partial.write_text("{{ no_such_function() }}\n" + partial.read_text("utf-8"), "utf-8")
    for jobs in ("1", "2"):  # in this process, and in workers
        result = kbgen("build", "--jobs", jobs, cwd=small_project.root)
        assert result.returncode == 1
        assert result.stderr == (
            "Error: theme/partials/kb-search-box.html:1: error: template: 'no_such_function' "
            "is undefined\nNothing was built; the previous site is unchanged.\n"
        )
    assert tree_digest(small_project.root / "site") == before
