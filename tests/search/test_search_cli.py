"""`kbgen search`: Whoosh's ranking on the command line, as text or JSON."""

from __future__ import annotations

import json

from tests.conftest import ROOT, SmallProject
from tests.helpers import kbgen


def test_json_results_have_the_contract_fields() -> None:
    result = kbgen(
        "search", "--locale", "pl", "--json", "--limit", "3", "czas odpowiedzi", cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows][:1] == ["ms-response-times"]
    assert len(rows) <= 3
    first = rows[0]
    assert set(first) >= {"id", "title", "url", "score", "snippet"}
    assert first["url"] == "entries/ms-response-times/"
    assert first["title"] == "Jaki jest szacowany czas odpowiedzi?"
    assert "<mark>" in first["snippet"]
    assert rows == sorted(rows, key=lambda r: -r["score"])


def test_text_output_and_did_you_mean() -> None:
    result = kbgen("search", "--locale", "fr", "licnece", "copie", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1. Puis-je faire une copie du logiciel ?")
    assert lines[1] == "   entries/license-software-copy/"
    assert lines[-1] == "Did you mean: licence copie"


def test_no_results() -> None:
    result = kbgen("search", "--locale", "ro", "zzzzqqq", cwd=ROOT)
    assert result.returncode == 0
    assert result.stdout == "No results for 'zzzzqqq' in ro.\n"


def test_bad_arguments_are_messages(small_project: SmallProject) -> None:
    result = kbgen("search", "--locale", "de", "x", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr == "Error: unknown locale 'de'; the site's locales are fr, pl\n"
    result = kbgen("search", "--locale", "fr", "--category", "nope", "x", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr == "Error: unknown category 'nope'; known: licensing, support-plans\n"
    result = kbgen("search", "--locale", "fr", cwd=small_project.root)
    assert result.returncode == 1
    assert "Missing argument 'QUERY...'" in result.stderr
