"""Translation status: source hashes, marking a translation current, `kbgen status`."""

from __future__ import annotations

import json
import textwrap

import pytest

from kbgen.content.marking import StatusError, set_source_hash
from kbgen.content.status import State, locale_status, source_hash, translation_state
from kbgen.project import KnowledgeBase, load_knowledge_base
from tests.conftest import FAQ, ROOT, SmallProject
from tests.helpers import kbgen

LOCALES = ("fr", "pl")
POLISH = textwrap.indent(
    "pl:\n"
    "  updated: 2026-11-22\n"
    "  question: Czy mogę skopiować oprogramowanie?\n"
    "  answer: Możesz wykonać jedną kopię archiwalną.\n",
    "  ",
)


@pytest.fixture
def translated(small_project: SmallProject) -> SmallProject:
    """software-copy in French (the source) and Polish (never marked); other-entry in French."""
    small_project.write(
        "content/entries/software-copy.yaml", FAQ.format(id="software-copy", related="[]") + POLISH
    )
    small_project.write(
        "content/entries/other-entry.yaml", FAQ.format(id="other-entry", related="[]")
    )
    return small_project


def load(project: SmallProject) -> KnowledgeBase:
    return load_knowledge_base(project.root / "content", LOCALES, project.root)


def test_source_hash_follows_the_text_not_the_date(translated: SmallProject) -> None:
    source = load(translated).entries["software-copy"].translations["fr"]
    assert len(source_hash(source)) == 12
    assert source_hash(source.model_copy(update={"updated": "2027-01-01"})) == source_hash(source)
    assert source_hash(source.model_copy(update={"answer": "Autre."})) != source_hash(source)
    assert source_hash(source.model_copy(update={"keywords": ["copie"]})) != source_hash(source)


def test_unmarked_translation_is_outdated_until_marked(translated: SmallProject) -> None:
    path = translated.root / "content/entries/software-copy.yaml"
    before = path.read_bytes()
    entry = load(translated).entries["software-copy"]
    assert translation_state(entry, "fr") is State.SOURCE
    assert translation_state(entry, "pl") is State.OUTDATED

    result = kbgen("status", "--mark", "software-copy", "--locale", "pl", cwd=translated.root)
    assert result.returncode == 0, result.stderr
    value = source_hash(entry.translations["fr"])
    assert result.stdout == (
        "Marked: the pl translation of software-copy follows the current fr text "
        f"(source_hash {value}, content/entries/software-copy.yaml:16).\n"
    )
    # One line added after `updated`, the rest of the file byte for byte.
    lines = before.decode().splitlines(keepends=True)
    lines.insert(15, f"    source_hash: {value}\n")
    assert path.read_bytes() == "".join(lines).encode()
    assert translation_state(load(translated).entries["software-copy"], "pl") is State.CURRENT

    # The source changes: the translation is outdated again; marking again edits that line.
    path.write_text(path.read_text("utf-8").replace("une seule copie", "une copie"), "utf-8")
    entry = load(translated).entries["software-copy"]
    assert translation_state(entry, "pl") is State.OUTDATED
    edited = path.read_bytes()
    result = kbgen("status", "--mark", "software-copy", "--locale", "pl", cwd=translated.root)
    assert result.returncode == 0, result.stderr
    new_value = source_hash(entry.translations["fr"])
    assert path.read_bytes() == edited.replace(value.encode(), new_value.encode())
    assert translation_state(load(translated).entries["software-copy"], "pl") is State.CURRENT


def test_marking_keeps_comments_and_line_endings() -> None:
    text = (
        "id: a\r\ntranslations:\r\n  pl:\r\n    updated: 2026-11-22\r\n"
        "    source_hash: 000000000000   # by kbgen\r\n    question: Q?\r\n"
    )
    new, line = set_source_hash(text, "pl", "0123456789ab")
    assert line == 5
    assert new == text.replace("000000000000", "0123456789ab")


def test_marking_refuses_a_flow_style_translation() -> None:
    text = "id: a\ntranslations:\n  pl: {updated: 2026-11-22, question: Q?, answer: A}\n"
    with pytest.raises(StatusError, match="write the translation as a block"):
        set_source_hash(text, "pl", "0123456789ab")


def test_what_cannot_be_marked(translated: SmallProject) -> None:
    def mark(entry_id: str, locale: str) -> str:
        result = kbgen("status", "--mark", entry_id, "--locale", locale, cwd=translated.root)
        assert result.returncode == 1
        return result.stderr

    assert mark("software-copy", "fr") == (
        "Error: 'fr' is the source translation of 'software-copy': it is always up to date; "
        "mark its other translations once they follow it\n"
    )
    assert mark("other-entry", "pl") == "Error: 'other-entry' has no 'pl' translation to mark\n"
    assert mark("ghost", "pl") == "Error: unknown entry 'ghost'\n"
    result = kbgen("status", "--mark", "software-copy", cwd=translated.root)
    assert result.returncode == 1
    assert "Error: --mark needs the --locale of the translation to mark" in result.stderr


def test_independent_translations_are_originals(translated: SmallProject) -> None:
    path = translated.root / "content/entries/software-copy.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "  pl:\n    updated: 2026-11-22\n",
            "  pl:\n    updated: 2026-11-22\n    independent: true\n",
        ),
        "utf-8",
    )
    entry = load(translated).entries["software-copy"]
    assert translation_state(entry, "pl") is State.INDEPENDENT
    result = kbgen("status", "--mark", "software-copy", "--locale", "pl", cwd=translated.root)
    assert result.stderr == (
        "Error: the 'pl' translation of 'software-copy' is independent (an original of its "
        "own): it has no source to follow\n"
    )


def test_status_table_and_lists(translated: SmallProject) -> None:
    result = kbgen("status", cwd=translated.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "locale  entries  translated  up to date  outdated  missing  coverage\n"
        "fr            2           2           2         0        0    100.0%\n"
        "pl            2           1           0         1        1      0.0%\n"
        "\n"
        "fr:\n"
        "  every entry is translated and up to date\n"
        "\n"
        "pl:\n"
        "  outdated (1):\n"
        "    software-copy  content/entries/software-copy.yaml:14\n"
        "  missing (1):\n"
        "    other-entry\n"
    )


def test_status_json_for_one_locale(translated: SmallProject) -> None:
    result = kbgen("status", "--locale", "pl", "--json", cwd=translated.root)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "locale": "pl",
            "entries": 2,
            "translated": 1,
            "up_to_date": 0,
            "outdated": [
                {"id": "software-copy", "path": "content/entries/software-copy.yaml", "line": 14}
            ],
            "missing": ["other-entry"],
            "drafts": [],
            "coverage": 0.0,
        }
    ]


def test_fail_under_gates_on_up_to_date_coverage(translated: SmallProject) -> None:
    result = kbgen("status", "--json", "--fail-under", "50", cwd=translated.root)
    assert result.returncode == 1
    assert result.stderr == "Up-to-date translations under 50% of the 2 entries: pl 0.0%.\n"
    kbgen("status", "--mark", "software-copy", "--locale", "pl", cwd=translated.root)
    result = kbgen("status", "--json", "--fail-under", "50", cwd=translated.root)
    assert result.returncode == 0, result.stderr
    result = kbgen("status", "--locale", "fr", "--fail-under", "100", cwd=translated.root)
    assert result.returncode == 0, result.stderr


def test_shipped_translations_are_all_up_to_date() -> None:
    kb = load_knowledge_base(ROOT / "content", ("zh-TW", "zh-CN", "fr", "ro", "pl"), ROOT)
    statuses = {tag: locale_status(kb.entries, kb.sources, tag) for tag in kb.locales}
    assert {tag: s.outdated for tag, s in statuses.items()} == {tag: [] for tag in kb.locales}
    assert {tag: len(s.up_to_date) for tag, s in statuses.items()} == {
        tag: 88 for tag in kb.locales
    }
    # The 20 questions that the zh-TW and fr documents both state are two originals.
    shared = [
        e
        for e in kb.entries.values()
        if {"zh-TW", "fr"} <= {tag for tag in e.translations if e.origin_of(tag) == tag}
    ]
    assert len(shared) == 20
    assert all(
        translation_state(e, tag) in (State.SOURCE, State.INDEPENDENT)
        for e in shared
        for tag in ("zh-TW", "fr")
    )


def test_status_of_the_shipped_content() -> None:
    result = kbgen("status", "--fail-under", "100", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:6] == [
        "locale  entries  translated  up to date  outdated  missing  coverage",
        "zh-TW        88          88          88         0        0    100.0%",
        "zh-CN        88          88          88         0        0    100.0%",
        "fr           88          88          88         0        0    100.0%",
        "ro           88          88          88         0        0    100.0%",
        "pl           88          88          88         0        0    100.0%",
    ]


def test_a_hash_of_digits_alone_is_written_so_that_it_reads_back_as_text() -> None:
    text = "translations:\n  fr:\n    updated: 2026-11-22\n    question: Q?\n"
    new_text, line = set_source_hash(text, "fr", "645455755600")
    assert new_text.splitlines()[line - 1] == '    source_hash: "645455755600"'
    changed, _line = set_source_hash(new_text, "fr", "0123456789ab")
    assert changed.splitlines()[line - 1] == "    source_hash: 0123456789ab"
