"""`kbgen translate` starts a draft from the source; `kbgen status` lists what needs work
(`--outdated`) and shows what changed in the source since a translation was marked (`--diff`)."""

from __future__ import annotations

import subprocess

import pytest

from kbgen.project import load_knowledge_base
from tests.conftest import SmallProject
from tests.helpers import kbgen

ENTRY = "content/entries/software-copy.yaml"


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")  # 2026-11-22, noon UTC


def git(project: SmallProject, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=w", "-c", "user.email=w@example.org", *args],
        cwd=project.root, check=True, capture_output=True,
    )  # fmt: skip


def test_translate_starts_a_draft_that_is_not_published(small_project: SmallProject) -> None:
    before = (small_project.root / ENTRY).read_text("utf-8")
    result = kbgen("translate", "software-copy", "pl", cwd=small_project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Started the pl translation of software-copy from its fr text at {ENTRY}:14 (a draft, "
        "not published). Translate it, then: kbgen status --mark software-copy --locale pl\n"
    )
    after = (small_project.root / ENTRY).read_text("utf-8")
    assert after == before + (
        "  pl:\n"
        "    draft: true                 # not published until reviewed and marked\n"
        "    translated_from: fr\n"
        "    question: Puis-je faire une copie du logiciel ?\n"
        "    answer: |\n"
        "      Vous êtes autorisé à réaliser une seule copie du logiciel à des fins d'archivage.\n"
        "    keywords: [copie, sauvegarde]\n"
    )
    kb = load_knowledge_base(small_project.root / "content", ("fr", "pl"), small_project.root)
    assert sorted(kb.written["software-copy"].translations) == ["fr", "pl"]
    assert sorted(kb.entries["software-copy"].translations) == ["fr"]
    status = kbgen("status", "--outdated", cwd=small_project.root)
    assert status.stdout == (
        f"fr: nothing to review\npl: 1 to review\n  draft     software-copy  {ENTRY}:14\n"
    )
    again = kbgen("translate", "software-copy", "pl", cwd=small_project.root)
    assert again.returncode == 1
    assert again.stderr == (
        "Error: 'software-copy' already has a 'pl' translation; to see what changed in its "
        "source since it was marked: kbgen status --diff software-copy pl\n"
    )
    mark = kbgen("status", "--mark", "software-copy", "--locale", "pl", cwd=small_project.root)
    assert mark.returncode == 0, mark.stderr
    marked = (small_project.root / ENTRY).read_text("utf-8")
    assert "draft:" not in marked
    assert "    source_hash: " in marked
    kb = load_knowledge_base(small_project.root / "content", ("fr", "pl"), small_project.root)
    assert sorted(kb.entries["software-copy"].translations) == ["fr", "pl"]


def test_translate_names_what_it_does_not_know(small_project: SmallProject) -> None:
    result = kbgen("translate", "software-cpy", "pl", cwd=small_project.root)
    assert result.stderr == ("Error: unknown entry 'software-cpy'; did you mean 'software-copy'?\n")
    result = kbgen("translate", "software-copy", "de", cwd=small_project.root)
    assert result.stderr == "Error: unknown locale 'de'; the site's locales are fr, pl\n"
    assert result.returncode == 1


def test_diff_shows_what_changed_in_the_source_since_the_mark(
    small_project: SmallProject,
) -> None:
    git(small_project, "init", "-q")
    kbgen("translate", "software-copy", "pl", cwd=small_project.root)
    kbgen("status", "--mark", "software-copy", "--locale", "pl", cwd=small_project.root)
    git(small_project, "add", "-A")
    git(small_project, "commit", "-qm", "pl")
    same = kbgen("status", "--diff", "software-copy", "pl", cwd=small_project.root)
    assert same.stdout == (
        "The fr text of software-copy has not changed since its pl translation was marked.\n"
    )
    path = small_project.root / ENTRY
    path.write_text(path.read_text("utf-8").replace("une seule copie", "deux copies", 1), "utf-8")
    diff = kbgen("status", "--diff", "software-copy", "pl", cwd=small_project.root)
    assert diff.returncode == 0, diff.stderr
    lines = diff.stdout.splitlines()
    assert lines[0].startswith("--- fr when pl was marked (")
    assert lines[1] == "+++ fr now"
    assert [line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++")] == [
        "-  Vous êtes autorisé à réaliser une seule copie du logiciel à des fins d'archivage.",
        "+  Vous êtes autorisé à réaliser deux copies du logiciel à des fins d'archivage.",
    ]
    outdated = kbgen("status", "--outdated", "--locale", "pl", cwd=small_project.root)
    assert outdated.stdout == f"pl: 1 to review\n  outdated  software-copy  {ENTRY}:14\n"
