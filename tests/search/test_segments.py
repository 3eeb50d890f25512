"""A locale's Whoosh index in segments reads, ranks and exports as if written in one
commit, and a rebuild indexes only the segments whose documents changed."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import pytest

import kbgen.search.segments
from kbgen.build import load_project
from kbgen.search import LocaleSearch
from kbgen.search.analysis import LocaleAnalysis
from kbgen.search.export import export_index
from kbgen.search.segments import build_index, build_segments, index_of, read_segment
from kbgen.search.stored import WORDS_FILE, keep_index, recall_words, segment_keys
from kbgen.site import build_site
from tests.conftest import ROOT
from tests.search.conftest import LOCALES
from tests.test_incremental import ENTRY, clean_build, differences, edit


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_an_index_in_segments_is_the_index_of_one_commit(
    searches: dict[str, LocaleSearch], locale: str, tmp_path: Path
) -> None:
    whole = searches[locale]
    documents = whole.documents
    segmented = LocaleSearch(
        documents, whole.analysis, index=build_index(documents, whole.analysis, size=7)
    )
    try:
        leaves = segmented.searcher.reader().leaf_readers()
        assert len(leaves) == -(-len(documents) // 7) > 1
        # What each segment holds is what the whole index holds for its documents.
        names = (
            {d.category: d.category for d in documents},
            {p: p for d in documents for p in d.products},
        )
        export_index(whole, tmp_path / "one", *names)
        export_index(segmented, tmp_path / "segments", *names)
        assert files(tmp_path / "one") == files(tmp_path / "segments")
        # Whoosh ranks with the whole index's statistics: the same scores, the same numbers.
        for document in documents[::5]:
            query = f"{document.title} {document.keywords.split()[0] if document.keywords else ''}"
            one, other = whole.search(query, limit=None), segmented.search(query, limit=None)
            assert [(h.docnum, h.score) for h in one.hits] == [
                (h.docnum, h.score) for h in other.hits
            ]
            assert one.hits
    finally:
        segmented.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_a_segment_reads_as_its_writer_wrote_it(
    searches: dict[str, LocaleSearch], locale: str
) -> None:
    """What the export takes from a segment's writer is what it would read back."""
    search = searches[locale]
    segments = build_segments(search.documents, search.analysis, size=40)
    index = kbgen.search.segments.index_of(segments, search.analysis)
    with index.reader() as reader:
        leaves = reader.leaf_readers()
        assert len(leaves) == len(segments) > 1
        for written, (leaf, _offset) in zip(segments, leaves, strict=True):
            assert written.reading is not None
            assert written.reading == read_segment(leaf)
            assert pickle.loads(pickle.dumps(written.reading)) == written.reading
    assert sum(len(t) for w in segments if w.reading for t in w.reading.values()) > 1000
    # "Did you mean" offers the words the index itself knows.
    vocabulary = kbgen.search.segments.vocabulary_of(segments)
    assert vocabulary == search.vocabulary
    assert vocabulary or search.analysis.kind == "han"


def kept_segments(root: Path, locale: str) -> set[str]:
    return {p.name for p in (root / ".cache" / "kbgen" / "search" / locale).glob("*.seg")}


def test_a_rebuild_indexes_the_changed_segment_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(kbgen.search.segments, "SEGMENT_DOCUMENTS", 6)
    root = tmp_path / "project"
    for folder in ("content", "locales", "theme"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")

    def rebuild() -> None:
        build_site(load_project(root / "mkdocs.yml"), root / "site", jobs=2, locales=["fr", "pl"])

    rebuild()
    before = kept_segments(root, "fr")
    assert len(before) > 3
    # One French keyword: one segment of the French index is written again.
    edit(root, ENTRY, "copie d'archivage,", "copie d'archivage, double du logiciel,")
    rebuild()
    after = kept_segments(root, "fr")
    assert len(before - after) == len(after - before) == 1
    assert kept_segments(root, "pl") and differences(root / "site", clean_build(root)) == []
    # The build without the cache indexed every segment anew, and kept them.
    cleaned = kept_segments(root, "fr")
    assert len(cleaned) == len(after) and not cleaned & after

    # A kept segment whose files were altered is written again, not trusted.
    folder = root / ".cache" / "kbgen" / "search" / "fr"
    altered = sorted(folder.glob("kbgen-reading-*.pickle"))[-1]
    altered.write_bytes(pickle.dumps({"title": {}, "keywords": {}, "body": {}}))
    edit(root, ENTRY, "double du logiciel,", "")
    rebuild()
    again = kept_segments(root, "fr")
    assert altered.name.removeprefix("kbgen-reading-").replace(".pickle", ".seg") not in again
    assert 1 <= len(cleaned - again) <= 2
    assert differences(root / "site", clean_build(root)) == []


@pytest.mark.parametrize("locale", ["zh-TW", "fr", "ro"])
def test_the_words_an_index_s_analysis_worked_out_are_kept_for_the_next_build(
    searches: dict[str, LocaleSearch], locale: str, tmp_path: Path
) -> None:
    documents = searches[locale].documents

    def fresh() -> LocaleAnalysis:  # a new analyzer, which remembers nothing yet
        return dataclasses.replace(searches[locale].analysis)

    first = fresh()
    segments = build_segments(documents, first)
    folder = tmp_path / "kept"
    index = index_of(segments, first)
    assert keep_index(index, folder, "key", segments, segment_keys(documents), first)
    memory = first.analyzer.memory()
    assert memory[0] and (locale == "zh-TW" or memory[1])
    # The next build's analysis takes them, and indexes the same from them.
    second = fresh()
    assert second.analyzer.memory() == ({}, {})
    recall_words(folder, second)
    assert second.analyzer.memory() == memory
    names = (
        {d.category: d.category for d in documents},
        {p: p for d in documents for p in d.products},
    )
    again = LocaleSearch(
        documents, second, index=index_of(build_segments(documents, second), second)
    )
    before = LocaleSearch(documents, first, index=index)
    try:
        export_index(before, tmp_path / "before", *names)
        export_index(again, tmp_path / "again", *names)
        assert files(tmp_path / "before") == files(tmp_path / "again")
    finally:
        again.close()
        before.close()
    # Words of another analysis, or a damaged file, are left alone.
    other = dataclasses.replace(first, locale="xx")
    recall_words(folder, other)
    assert other.analyzer.memory() == ({}, {})
    (folder / WORDS_FILE).write_bytes(b"not a pickle")
    third = fresh()
    recall_words(folder, third)
    assert third.analyzer.memory() == ({}, {})
