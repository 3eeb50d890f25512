"""`kbgen.source`: parsing many new files ahead, on every core."""

from __future__ import annotations

from pathlib import Path

from kbgen.ahead import AHEAD_MINIMUM, parse_ahead
from kbgen.source import ParsedFiles, parse_yaml, read_source


def _files(folder: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = folder / f"entry-{number:04d}.yaml"
        path.write_text(f"id: entry-{number}\ntranslations:\n  fr:\n    question: Q{number} ?\n")
        paths.append(path)
    return paths


def test_new_files_are_parsed_ahead_as_they_would_be_one_by_one(tmp_path: Path) -> None:
    paths = _files(tmp_path, AHEAD_MINIMUM + 50)
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntranslations: [\n")
    parsed = ParsedFiles()
    assert parse_ahead([*paths, broken], parsed, 2) == len(paths) + 1
    assert len(parsed.ahead) == len(paths)  # not the one that does not parse
    text = paths[7].read_text()
    assert parsed.parse(text) == parse_yaml(text)
    # A broken file is reported when it is read, as without parsing ahead.
    source, problems = read_source(broken, tmp_path, parsed)
    assert source is None
    assert [(p.line, p.code) for p in problems] == [(3, "KB001")]


def test_a_file_read_to_be_parsed_ahead_is_not_read_again(tmp_path: Path) -> None:
    paths = _files(tmp_path, AHEAD_MINIMUM + 50)
    parsed = ParsedFiles()
    parse_ahead(paths, parsed, 2)
    # The build reads its content once: what changes after that is the next build's.
    paths[3].write_text("id: changed-since\n")
    source, problems = read_source(paths[3], tmp_path, parsed)
    assert source is not None and not problems
    assert source.doc.data["id"] == "entry-3"
    assert paths[3] not in parsed.texts  # given to its reader, then let go
    source, _problems = read_source(paths[3], tmp_path, parsed)
    assert source is not None and source.doc.data["id"] == "changed-since"


def test_few_new_files_or_one_core_are_left_to_the_build_s_own_process(tmp_path: Path) -> None:
    paths = _files(tmp_path, AHEAD_MINIMUM + 50)
    assert parse_ahead(paths, ParsedFiles(), 1) == 0
    assert parse_ahead(paths[: AHEAD_MINIMUM - 1], ParsedFiles(), 2) == 0
    # Files parsed by an earlier build are not parsed again.
    earlier = ParsedFiles()
    for path in paths:
        earlier.parse(path.read_text())
    assert parse_ahead(paths, ParsedFiles(earlier.used), 2) == 0


def test_a_kept_document_unpacks_the_positions_only_messages_read() -> None:
    import pickle

    doc = parse_yaml("id: a\nanswer: |\n  one\n  two\nq: x  # a note\n")
    kept = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(doc))))  # kept twice
    # The data and what every load reads are there; the lines wait until asked for.
    assert kept.data == doc.data and kept.comments == doc.comments
    assert "lines" not in vars(kept)
    assert kept.text_line(("answer",), 1) == 4 and kept.line_of(("q",)) == 5
    assert "lines" in vars(kept) and kept == doc
    assert pickle.loads(pickle.dumps(kept)) == doc
