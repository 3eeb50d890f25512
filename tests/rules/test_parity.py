"""The browser's evaluator agrees with Python's on every combination of answers, in every locale.

The quiz is the same in every locale, so Python evaluates every combination once (of each
programme's questions: another programme's are never asked), with numbers at both ends of
every range between thresholds; only the details' text differs by locale, and is formatted
once per outcome and the rules behind it. One Node process then runs
``theme/assets/kbgen/quiz-engine.js`` over the same combinations with each locale's
exported rules (``<locale>/eligibility/rules.json``), and reports each distinct result
once, with the number of the result of each combination.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kbgen.i18n import load_translations
from kbgen.rules import FactFormatter, RuleBook
from kbgen.rules.book import Answer
from kbgen.rules.evaluator import OutcomeResult, Result
from tests.conftest import ROOT
from tests.rules.conftest import LOCALES

NODE = shutil.which("node") or "/usr/bin/node"
ENGINE = ROOT / "theme" / "assets" / "kbgen" / "quiz-engine.js"

HARNESS = """
import { readFileSync } from "node:fs";
const job = JSON.parse(readFileSync(process.argv[1], "utf8"));
const { evaluate, supported } = await import(job.engine);
const combinations = JSON.parse(readFileSync(job.combinations, "utf8"));
const out = {};
for (const [locale, path] of Object.entries(job.rules)) {
  const rules = JSON.parse(readFileSync(path, "utf8"));
  if (!supported(rules)) throw new Error(`unsupported rules in ${locale}`);
  const seen = new Map();
  const index = combinations.map((answers) => {
    const result = evaluate(rules, answers);
    const view = (o) => ({ id: o.id, details: o.details, reasons: o.reasons.map((r) => r.rule) });
    const key = JSON.stringify({
      asked: result.asked,
      missing: result.missing,
      outcomes: result.outcomes.map(view),
      refused: result.refused.map((o) => ({ id: o.id, reasons: o.reasons.map((r) => r.rule) })),
    });
    if (!seen.has(key)) seen.set(key, seen.size);
    return seen.get(key);
  });
  out[locale] = { table: [...seen.keys()], index };
}
process.stdout.write(JSON.stringify(out));
"""


class _Details:
    """The details of outcomes as a locale shows them; the same outcome from the same
    rules has the same details, formatted once."""

    def __init__(self, book: RuleBook, locale: str) -> None:
        self.book = book
        self.locale = locale
        self.translations = load_translations(ROOT / "locales", locale)
        self.formatters: dict[str, FactFormatter] = {}
        self.texts: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}

    def of(self, outcome: OutcomeResult) -> dict[str, str]:
        key = (outcome.id, tuple(r.rule for r in outcome.reasons))
        if key not in self.texts:
            if outcome.scope not in self.formatters:
                self.formatters[outcome.scope] = FactFormatter(
                    self.book, self.locale, self.translations, scope=outcome.scope
                )
            self.texts[key] = self.formatters[outcome.scope].details(outcome.details)
        return self.texts[key]


def _view(result: Result, details: Any) -> dict[str, Any]:
    return {
        "asked": list(result.asked),
        "missing": list(result.missing),
        "outcomes": [
            {"id": o.id, "details": details(o), "reasons": [r.rule for r in o.reasons]}
            for o in result.outcomes
        ],
        "refused": [{"id": o.id, "reasons": [r.rule for r in o.reasons]} for o in result.refused],
    }


@pytest.mark.skipif(not Path(NODE).exists(), reason="Node.js is not installed")
def test_python_and_javascript_agree_on_every_combination(
    book: RuleBook,
    every_combination: list[tuple[dict[str, Answer], Result]],
    shipped_site: Path,
    tmp_path: Path,
) -> None:
    # Node treats .js outside a "type": "module" package as CommonJS; the engine is an ES module.
    engine = tmp_path / "quiz-engine.mjs"
    shutil.copyfile(ENGINE, engine)
    answers = [a for a, _result in every_combination]
    results = [result for _answers, result in every_combination]
    (tmp_path / "combinations.json").write_text(json.dumps(answers), "utf-8")
    job = {
        "engine": engine.as_uri(),
        "combinations": str(tmp_path / "combinations.json"),
        "rules": {tag: str(shipped_site / tag / "eligibility" / "rules.json") for tag in LOCALES},
    }
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
        details = _Details(book, locale)
        table = [json.loads(text) for text in actual[locale]["table"]]
        index = actual[locale]["index"]
        assert len(index) == len(answers)
        for given, python, number in zip(answers, results, index, strict=True):
            assert table[number] == _view(python, details.of), (locale, given)
    assert len(answers) == 43212
    assert sum(1 for r in results if r.complete) == 38892


def test_javascript_ignores_invalid_answers_from_a_url(shipped_site: Path, tmp_path: Path) -> None:
    engine = tmp_path / "quiz-engine.mjs"
    shutil.copyfile(ENGINE, engine)
    script = (
        f'const {{ evaluate, queryString }} = await import("{engine.as_uri()}");\n'
        'import { readFileSync } from "node:fs";\n'
        f'const rules = JSON.parse(readFileSync("{shipped_site / "fr/eligibility/rules.json"}", "utf8"));\n'
        "const url = new URLSearchParams('programme=acronis&acronis.document=canada_2011"
        "&acronis.product_line=%3Cimg%20src%3Dx%3E&acronis.request_type=trial"
        "&acronis.days_since_purchase=-3&colour=red');\n"
        "const result = evaluate(rules, url);\n"
        "const other = evaluate(rules, new URLSearchParams("
        "'programme=acronis&acronis.document=china_2011&acronis.request_type=recovery_problem'));\n"
        "process.stdout.write(JSON.stringify([queryString(result.accepted), result.missing,"
        " queryString(other.accepted), other.missing.slice(0, 1)]));\n"
    )
    run = subprocess.run(
        [NODE, "--input-type=module", "-e", script], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [
        "programme=acronis&acronis.document=canada_2011&acronis.request_type=trial",
        ["acronis.product_line"],
        "programme=acronis&acronis.document=china_2011",
        ["acronis.request_type"],
    ]
