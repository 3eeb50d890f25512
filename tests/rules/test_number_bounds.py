"""Every number a quiz answer takes is bounded the same way in `kbgen quiz` and the browser."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kbgen.rules.export import MAX_NUMBER_ANSWER
from tests.conftest import ROOT, run_kbgen

ENGINE = ROOT / "theme/assets/kbgen/quiz-engine.js"
NODE = shutil.which("node") or "/usr/bin/node"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("9" * 4301, "'" + "9" * 20 + "…'"),
        ("1" * 16, "'" + "1" * 16 + "'"),
        (str(MAX_NUMBER_ANSWER + 1), f"'{MAX_NUMBER_ANSWER + 1}'"),
    ],
)
def test_the_cli_refuses_a_number_beyond_the_bound(value: str, shown: str) -> None:
    result = run_kbgen("quiz", "--locale", "fr", f"acronis.days_since_purchase={value}", cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: 'acronis.days_since_purchase' takes a whole number of days from 0 to "
        f"{MAX_NUMBER_ANSWER}, not {shown}\n"
    )


def test_the_browser_reads_the_same_bound_from_the_export(
    shipped_site: Path, tmp_path: Path
) -> None:
    engine = tmp_path / "quiz-engine.mjs"
    shutil.copyfile(ENGINE, engine)
    rules = shipped_site / "fr/eligibility/rules.json"
    assert json.loads(rules.read_text("utf-8"))["limits"] == {"max_number": MAX_NUMBER_ANSWER}
    values = [str(MAX_NUMBER_ANSWER), str(MAX_NUMBER_ANSWER + 1), "1" * 16, "9" * 4301]
    script = (
        f'const {{ normalize }} = await import("{engine.as_uri()}");\n'
        'import { readFileSync } from "node:fs";\n'
        f'const rules = JSON.parse(readFileSync("{rules}", "utf8"));\n'
        f"const values = {json.dumps(values)};\n"
        'const kept = values.map((v) => normalize(rules, { "acronis.days_since_purchase": v })'
        '.get("acronis.days_since_purchase") ?? null);\n'
        "process.stdout.write(JSON.stringify(kept));\n"
    )
    run = subprocess.run(
        [NODE, "--input-type=module", "-e", script], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [MAX_NUMBER_ANSWER, None, None, None]
