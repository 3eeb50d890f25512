"""`kbgen search` opens the Whoosh index the build kept, while it is current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import SmallProject
from tests.helpers import kbgen

NOTE = "indexing it for this search"


def kept(root: Path, locale: str) -> Path:
    return root / ".cache" / "kbgen" / "search" / locale


def search(root: Path, *query: str, locale: str = "fr") -> tuple[list[dict[str, object]], str]:
    result = kbgen("search", "--locale", locale, "--json", *query, cwd=root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_search_opens_the_kept_index_with_the_same_results(small_project: SmallProject) -> None:
    root = small_project.root
    assert kbgen("build", cwd=root).returncode == 0
    # One per locale (the Polish one has no documents: its entry is French only).
    for locale in ("fr", "pl"):
        assert (kept(root, locale) / "kbgen-key.json").is_file()
    assert any(p.suffix == ".seg" for p in kept(root, "fr").iterdir())
    rows, stderr = search(root, "copie", "archivage")
    assert [row["id"] for row in rows] == ["software-copy"]
    assert NOTE not in stderr

    # Without the kept index, the content is indexed for the search: the same results.
    shutil.rmtree(root / ".cache" / "kbgen" / "search")
    fresh, stderr = search(root, "copie", "archivage")
    assert NOTE in stderr
    assert fresh == rows

    # A kept index that cannot be read (a file lost) is not used either.
    assert kbgen("build", cwd=root).returncode == 0
    assert NOTE not in search(root, "copie")[1]
    for segment in kept(root, "fr").glob("*.seg"):
        segment.unlink()
    rows_again, stderr = search(root, "copie", "archivage")
    assert NOTE in stderr
    assert rows_again == rows


def test_a_change_since_the_build_is_searched_at_once(small_project: SmallProject) -> None:
    root = small_project.root
    assert kbgen("build", cwd=root).returncode == 0
    assert search(root, "licorne")[0] == []
    entry = root / "content" / "entries" / "software-copy.yaml"
    entry.write_text(
        entry.read_text("utf-8").replace("[copie, sauvegarde]", "[copie, sauvegarde, licorne]"),
        "utf-8",
    )
    # The kept index is of the content before the change: the search indexes it anew.
    rows, stderr = search(root, "licorne")
    assert NOTE in stderr
    assert [row["id"] for row in rows] == ["software-copy"]
    # The next build keeps the index of the changed content.
    assert kbgen("build", cwd=root).returncode == 0
    rows_after, stderr = search(root, "licorne")
    assert NOTE not in stderr
    assert rows_after == rows


def test_a_rebuild_that_reuses_the_exported_index_keeps_one(small_project: SmallProject) -> None:
    root = small_project.root
    assert kbgen("build", cwd=root).returncode == 0
    shutil.rmtree(root / ".cache" / "kbgen" / "search")
    # Nothing changed: the rebuild keeps the published search index, and the Whoosh
    # index it was exported from is kept again for `kbgen search`.
    assert kbgen("build", cwd=root).returncode == 0
    assert (kept(root, "fr") / "kbgen-key.json").is_file()
    rows, stderr = search(root, "copie")
    assert NOTE not in stderr
    assert [row["id"] for row in rows] == ["software-copy"]


def test_without_a_cache_nothing_is_kept_and_search_says_nothing(
    small_project: SmallProject,
) -> None:
    root = small_project.root
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "      cache: false\n", "utf-8")
    assert kbgen("build", cwd=root).returncode == 0
    assert not (root / ".cache").exists()
    rows, stderr = search(root, "copie")
    assert [row["id"] for row in rows] == ["software-copy"]
    assert stderr == ""
