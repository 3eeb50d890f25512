"""The browser's evaluator agrees with Python's on every combination of answers, in every locale.

Node runs ``theme/assets/kbgen/quiz-engine.js`` once over the rules that the build
exported (``<locale>/eligibility/rules.json``) and every combination of answers, with
numbers at both ends of every range between thresholds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kbgen.rules import RuleBook, evaluate
from kbgen.rules.verification import combinations
from tests.conftest import ROOT
from tests.rules.conftest import LOCALES, formatter

NODE = shutil.which("node") or "/usr/bin/node"
ENGINE = ROOT / "theme" / "assets" / "kbgen" / "quiz-engine.js"

HARNESS = """
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(process.argv[1], "utf8"));
const { evaluate, supported } = await import(job.engine);
const out = {};
for (const [locale, task] of Object.entries(job.locales)) {
  const rules = JSON.parse(readFileSync(task.rules, "utf8"));
  if (!supported(rules)) throw new Error(`unsupported rules in ${locale}`);
  out[locale] = task.combinations.map((answers) => {
    const result = evaluate(rules, answers);
    return {
      outcomes: result.outcomes.map((o) => o.id),
      refused: result.refused.map((o) => o.id),
      asked: result.asked,
      details: result.outcomes.map((o) => o.details),
    };
  });
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(not Path(NODE).exists(), reason="Node.js is not installed")
def test_python_and_javascript_agree_on_every_combination(
    book: RuleBook, shipped_site: Path, tmp_path: Path
) -> None:
    # Node treats .js outside a "type": "module" package as CommonJS; the engine is an ES module.
    engine = tmp_path / "quiz-engine.mjs"
    shutil.copyfile(ENGINE, engine)
    job: dict[str, object] = {"engine": engine.as_uri(), "locales": {}}
    expected: dict[str, list[dict[str, object]]] = {}
    for locale in LOCALES:
        facts = formatter(book, locale)
        answers = list(combinations(book.for_locale(locale), both_ends=True))
        results = [evaluate(book, locale, a) for a in answers]
        expected[locale] = [
            {
                "outcomes": r.outcome_ids,
                "refused": [o.id for o in r.refused],
                "asked": list(r.asked),
                "details": [facts.details(o.details) for o in r.outcomes],
            }
            for r in results
        ]
        rules = shipped_site / locale / "eligibility" / "rules.json"
        job["locales"][locale] = {"rules": str(rules), "combinations": answers}  # type: ignore[index]
    (tmp_path / "job.json").write_text(json.dumps(job), "utf-8")
    run = subprocess.run(
        [NODE, "--input-type=module", "-e", HARNESS, str(tmp_path / "job.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    actual = json.loads(run.stdout)
    for locale in LOCALES:
        assert len(actual[locale]) == len(expected[locale])
        for answers, python, javascript in zip(
            job["locales"][locale]["combinations"],  # type: ignore[index]
            expected[locale],
            actual[locale],
            strict=True,
        ):
            assert javascript == python, (locale, answers)
    assert {tag: len(expected[tag]) for tag in LOCALES} == {
        "zh-TW": 3456,
        "zh-CN": 216,
        "fr": 4608,
        "ro": 12,
        "pl": 1728,
    }


def test_javascript_ignores_invalid_answers_from_a_url(shipped_site: Path, tmp_path: Path) -> None:
    engine = tmp_path / "quiz-engine.mjs"
    shutil.copyfile(ENGINE, engine)
    script = (
        f'const {{ evaluate, queryString }} = await import("{engine.as_uri()}");\n'
        'import { readFileSync } from "node:fs";\n'
        f'const rules = JSON.parse(readFileSync("{shipped_site / "fr/eligibility/rules.json"}", "utf8"));\n'
        "const url = new URLSearchParams('product_line=%3Cimg%20src%3Dx%3E&request_type=trial"
        "&days_since_purchase=-3&colour=red');\n"
        "const result = evaluate(rules, url);\n"
        "process.stdout.write(JSON.stringify([queryString(result.accepted), result.missing]));\n"
    )
    run = subprocess.run(
        [NODE, "--input-type=module", "-e", script], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ["request_type=trial", ["product_line"]]
