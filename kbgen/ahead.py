"""Parsing a first build's content files on every core before it loads them.

``kbgen.source`` parses one file at a time; a first build (or one after most files
changed) has thousands to parse, which ``parse_ahead`` does on every core, in forked
workers, into the ``ParsedFiles`` that the loading then reads from.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kbgen.incremental import file_key
from kbgen.source import ParsedFiles, YamlDocument, YamlSyntaxError, parse_yaml

# The texts that the workers of ``parse_ahead`` parse (forked: shared, not pickled).
_AHEAD: list[str] = []

#: Fewer new files than this are parsed in the build's own process.
AHEAD_MINIMUM = 200


def parse_ahead(paths: Sequence[Path], parsed: ParsedFiles, jobs: int) -> int:
    """Parse on ``jobs`` cores the files of ``paths`` that ``parsed`` does not hold yet,
    so that loading them is not a serial step of a first build; returns how many.

    Only texts that parse are kept (a file with an error is parsed again when it is
    read, for its message); with few new files, or one core, nothing is done here.
    """
    global _AHEAD
    if jobs < 2 or len(paths) - len(parsed.previous) < AHEAD_MINIMUM:
        return 0  # a rebuild: the cache holds (nearly) every file
    texts: dict[str, str] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # its reader reports it
        parsed.texts[path] = text  # for its reader: a file is read once
        key = file_key(text)
        if key not in parsed.previous:
            texts[key] = text
    workers = min(jobs, len(texts) // (AHEAD_MINIMUM // 2))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    _AHEAD = list(texts.values())
    chunks = [range(start, len(_AHEAD), workers * 4) for start in range(workers * 4)]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for documents in pool.map(_parse_chunk, chunks):
                parsed.ahead.update(documents)
    finally:
        _AHEAD = []
    return len(texts)


def _parse_chunk(numbers: range) -> dict[str, YamlDocument]:
    documents = {}
    for number in numbers:
        text = _AHEAD[number]
        with contextlib.suppress(YamlSyntaxError):  # reported when the file is read
            documents[file_key(text)] = parse_yaml(text)
    return documents
