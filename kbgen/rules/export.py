"""The rules of one locale as JSON, for the quiz page's JavaScript evaluator.

The contract (``version`` 1), which ``theme/assets/kbgen/quiz-engine.js`` reads::

    {
      "format": "kbgen-rules", "version": 1, "locale": "fr", "programme": "acronis",
      "semantics": "...how to evaluate, in one paragraph...",
      "questions": [
        {"id": "product_line", "label": "...", "choices": [{"id": "home", "label": "..."}]},
        {"id": "days_since_purchase", "label": "...", "unit": "day", "cuts": [31]}
      ],
      "outcomes": [{"id": "...", "title": "...", "summary": "...", "details": {"price": "..."}}],
      "rules": [
        {"id": "...", "when": [{"question": "product_line", "in": ["home"]},
                               {"question": "days_since_purchase", "min": null, "max": 30}],
         "grant": ["..."], "refuse": [], "details": {"<outcome>": {"price": "..."}},
         "entry": {"id": "...", "title": "...", "href": "../entries/.../"}}
      ],
      "labels": {"price": "Prix", ...},
      "actions": {"contact": "../contact/#contact-acronis",
                  "channels": {"<outcome>": [{"label": "chat", "href": "../entries/.../"}]}}
    }

Questions, outcomes and rules keep their order (it matters); details are text
already formatted for the locale, so the browser formats nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from kbgen.rules.book import Condition, LocaleRules
from kbgen.rules.facts import FactFormatter

EXPORT_FORMAT = "kbgen-rules"
EXPORT_VERSION = 1
#: The largest number a quiz answer may be, in Python (``kbgen quiz``) and in the
#: browser alike (exported as ``limits.max_number``): far beyond any purchase window,
#: and exact in a JavaScript number.
MAX_NUMBER_ANSWER = 999_999

SEMANTICS = (
    "Take the questions in order; a question is asked when some rule whose conditions "
    "on the answers to earlier questions all hold (or are unanswered) has a condition on "
    "it; ignore answers to questions that are not asked. A condition holds when the answer "
    "is one of 'in', or is a whole number with min <= answer <= max (null: no bound). A "
    "rule fires when all its conditions are answered and hold. The outcomes are those "
    "granted by a fired rule and refused by none, in the order of 'outcomes'; an outcome's "
    "details are its own, each replaced by the first fired rule that grants it and gives "
    "that detail."
)

EntryLink = Callable[[str], Mapping[str, str]]


def export_rules(
    rules: LocaleRules,
    facts: FactFormatter,
    entry_link: EntryLink,
    labels: Mapping[str, str],
    actions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-ready contract for one locale; ``entry_link`` gives id, title and href.

    ``actions``: how to act on the outcomes, as the quiz page shows it: ``contact``
    (the href of the contact page) and ``channels`` (by outcome: each channel's label
    and the href of the entry that says how to use it).
    """
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "locale": rules.locale,
        "programme": rules.programme.id,
        "semantics": SEMANTICS,
        "questions": [
            {"id": q.id, "label": q.label, "unit": q.unit, "cuts": list(q.cuts)}
            if q.is_number
            else {
                "id": q.id,
                "label": q.label,
                "choices": [{"id": c, "label": label} for c, label in q.choices],
            }
            for q in rules.questions
        ],
        "outcomes": [
            {
                "id": outcome.id,
                "title": outcome.title[rules.locale],
                "summary": outcome.summary[rules.locale] if outcome.summary else None,
                "details": facts.details(outcome.details),
            }
            for outcome in rules.outcomes
        ],
        "rules": [
            {
                "id": rule.id,
                "when": [_condition(c) for c in rule.conditions],
                "grant": list(rule.grant),
                "refuse": list(rule.refuse),
                "details": {
                    outcome: facts.details(details) for outcome, details in rule.details.items()
                },
                "entry": dict(entry_link(rule.entry)),
            }
            for rule in rules.rules
        ],
        "labels": dict(labels),
        "limits": {"max_number": MAX_NUMBER_ANSWER},
        "actions": dict(actions or {}),
    }


def dumps(data: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 text as it is."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def _condition(condition: Condition) -> dict[str, Any]:
    if condition.values is not None:
        return {"question": condition.question, "in": list(condition.values)}
    return {"question": condition.question, "min": condition.low, "max": condition.high}
