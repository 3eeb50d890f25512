"""True dates: an entry page says when its text in that language last changed (the
writer's ``updated``, else the last commit that changed that text), never the build's
date; the sitemaps agree; builds stay reproducible and rebuilds see a new date."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.content.dates import text_hashes
from kbgen.project import load_knowledge_base
from kbgen.site import build_site
from tests.conftest import FAQ, SmallProject, run_kbgen
from tests.helpers import tree_digest
from tests.pages import find_all, page

ENTRY = "content/entries/software-copy.yaml"
#: The small project's entry, as the shipped content now writes it: no `updated:`.
UNDATED = FAQ.format(id="software-copy", related="[]").replace("    updated: 2026-11-22\n", "")
PL = """\
  pl:
    question: Czy mogę zrobić kopię oprogramowania?
    answer: |
      Możesz wykonać jedną kopię oprogramowania do celów archiwalnych.
"""


def git(root: Path, *args: str, day: str = "2026-01-01") -> str:
    """``git args`` in ``root``, committing (where it does) at noon UTC on ``day``."""
    when = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    result = subprocess.run(
        ["git", "-c", "user.name=w", "-c", "user.email=w@example.org", *args],
        cwd=root, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout


def commit(project: SmallProject, day: str, text: str | None = None) -> None:
    if text is not None:
        project.write(ENTRY, text)
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "--allow-empty", "-m", f"on {day}", day=day)


def dates(project: SmallProject) -> dict[str, dt.date | None]:
    kb = load_knowledge_base(project.root / "content", ("fr", "pl"), project.root)
    return {k: t.updated for k, t in kb.entries["software-copy"].translations.items()}


@pytest.fixture
def history(small_project: SmallProject) -> SmallProject:
    """The small project in git: fr written on 1 Jan, pl added on 2 Feb."""
    git(small_project.root, "init", "-q", "-b", "main")
    commit(small_project, "2026-01-01", UNDATED)
    commit(small_project, "2026-02-02", UNDATED + PL)
    return small_project


def test_each_translation_dates_from_the_commit_that_last_changed_its_text(
    history: SmallProject,
) -> None:
    assert dates(history) == {"fr": dt.date(2026, 1, 1), "pl": dt.date(2026, 2, 2)}
    # A change to the pl text moves only pl's date; marks (source_hash, draft...) move none.
    edited = (UNDATED + PL).replace("jedną kopię", "jedną kopię zapasową")
    commit(history, "2026-03-03", edited)
    marked = edited.replace("  pl:\n", "  pl:\n    source_hash: 0123456789ab\n")
    commit(history, "2026-04-04", marked)
    commit(history, "2026-05-05")  # a commit that does not touch the file
    assert dates(history) == {"fr": dt.date(2026, 1, 1), "pl": dt.date(2026, 3, 3)}
    # A text changed and changed back dates from the change back.
    commit(history, "2026-06-06", marked.replace("archiwalnych", "archiwizacji"))
    commit(history, "2026-07-07", marked)
    assert dates(history) == {"fr": dt.date(2026, 1, 1), "pl": dt.date(2026, 7, 7)}


def test_a_check_reads_no_history(history: SmallProject) -> None:
    """Dates are for pages: `kbgen check` loads the content without them."""
    kb = load_knowledge_base(history.root / "content", ("fr", "pl"), history.root, dates=False)
    assert {t.updated for t in kb.entries["software-copy"].translations.values()} == {None}
    result = run_kbgen("check", cwd=history.root)
    assert result.returncode == 0, result.stderr


def test_renamed_files_keep_their_history(history: SmallProject) -> None:
    (history.root / "content/entries/licensing").mkdir()
    git(history.root, "mv", ENTRY, "content/entries/licensing/software-copy.yaml")
    commit(history, "2026-03-03")
    assert dates(history) == {"fr": dt.date(2026, 1, 1), "pl": dt.date(2026, 2, 2)}


def test_an_uncommitted_text_has_no_date_and_a_written_date_wins(history: SmallProject) -> None:
    history.write(ENTRY, (UNDATED + PL).replace("jedną kopię", "dwie kopie"))
    assert dates(history) == {"fr": dt.date(2026, 1, 1), "pl": None}
    history.write(ENTRY, UNDATED.replace("  fr:\n", "  fr:\n    updated: 2025-12-24\n") + PL)
    assert dates(history) == {"fr": dt.date(2025, 12, 24), "pl": dt.date(2026, 2, 2)}


def test_no_git_or_a_shallow_clone_gives_no_date(history: SmallProject, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{history.root}", str(clone)], check=True
    )
    # A shallow clone's one commit would claim every older text: no date at all.
    shallow = load_knowledge_base(clone / "content", ("fr", "pl"), clone)
    assert {t.updated for t in shallow.entries["software-copy"].translations.values()} == {None}
    subprocess.run(["rm", "-rf", str(history.root / ".git")], check=True)
    assert dates(history) == {"fr": None, "pl": None}


def test_the_page_and_the_sitemaps_show_the_date_and_builds_are_reproducible(
    history: SmallProject, tmp_path: Path
) -> None:
    config = history.config_file
    config.write_text("site_url: https://example.com/kb/\n" + config.read_text("utf-8"))
    commit(history, "2026-03-03")
    project = load_project(config)
    one, two = tmp_path / "one", tmp_path / "two"
    build_site(project, one, use_cache=False)
    build_site(project, two, use_cache=False)
    assert tree_digest(one) == tree_digest(two)
    times = find_all(page(one, "pl/entries/software-copy/"), "time", data_kb_updated="")
    assert [t.get("datetime") for t in times] == ["2026-02-02"]
    assert "2 lutego 2026" in (times[0].text or "")
    root_map = (one / "sitemap.xml").read_text("utf-8")
    assert (
        "<url><loc>https://example.com/kb/fr/entries/software-copy/</loc>\n"
        "<lastmod>2026-01-01</lastmod>"
    ) in root_map
    assert "<lastmod>2026-02-02</lastmod>" in root_map
    assert root_map.count("<lastmod>") == 2  # entries only: other pages have no text date
    pl_map = (one / "pl" / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2026-02-02</lastmod>" in pl_map
    assert pl_map.count("<lastmod>") == 1
    today = dt.date.today().isoformat()
    for path in one.rglob("*"):
        if path.suffix in (".html", ".xml"):
            assert today not in path.read_text("utf-8"), path


def test_a_rebuild_shows_a_new_date_of_the_same_text(history: SmallProject, tmp_path: Path) -> None:
    project = load_project(history.config_file)
    out = tmp_path / "site"
    build_site(project, out)
    entry = "pl/entries/software-copy/"
    assert find_all(page(out, entry), "time")[0].get("datetime") == "2026-02-02"
    text = (history.root / ENTRY).read_text("utf-8")
    commit(history, "2026-03-03", text.replace("archiwalnych", "archiwizacji"))
    commit(history, "2026-04-04", text)
    build_site(load_project(history.config_file), out)
    assert find_all(page(out, entry), "time")[0].get("datetime") == "2026-04-04"
    fresh = tmp_path / "fresh"
    build_site(load_project(history.config_file), fresh, use_cache=False)
    assert tree_digest(out) == tree_digest(fresh)


def test_text_hashes_ignore_the_marks_and_see_every_text() -> None:
    base = {"translations": {"fr": {"question": "Q ?", "answer": "R."}}}
    marked = {"translations": {"fr": {"question": "Q ?", "answer": "R.", "updated": "2026-01-01",
                                      "source_hash": "0123456789ab", "draft": False}}}  # fmt: skip
    assert text_hashes(base) == text_hashes(marked)
    assert text_hashes(base) != text_hashes({"translations": {"fr": {"question": "Q ?"}}})
    assert text_hashes([]) == {} and text_hashes({"translations": "x"}) == {}
