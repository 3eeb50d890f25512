"""The quiz of one locale as JSON, for the quiz page's JavaScript evaluator.

The contract (``version`` 2: one quiz of every programme, the same in every
locale), which ``theme/assets/kbgen/quiz-engine.js`` reads::

    {
      "format": "kbgen-rules", "version": 2, "locale": "fr",
      "semantics": "...how to evaluate, in one paragraph...",
      "questions": [
        {"id": "programme", "label": "...", "choices": [{"id": "acronis", "label": "..."}]},
        {"id": "acronis.document", "label": "...", "programme": "acronis",
         "choices": [{"id": "ca_2011", "label": "..."}]},
        {"id": "acronis.request_type", "label": "...", "programme": "acronis",
         "choices": [{"id": "recovery_problem", "label": "...",
                      "when": {"question": "acronis.document", "in": ["ca_2011"]}}]},
        {"id": "acronis.days_since_purchase", "label": "...", "programme": "acronis",
         "unit": "day", "cuts": [31]}
      ],
      "outcomes": [{"id": "acronis.self_service", "programme": "acronis", "title": "...",
                    "summary": "..."}],
      "rules": [
        {"id": "acronis.fr_trial", "programme": "acronis", "document": "ca_2011",
         "when": [{"question": "programme", "in": ["acronis"]},
                  {"question": "acronis.days_since_purchase", "min": null, "max": 30}],
         "grant": ["..."], "refuse": [], "details": {"<outcome>": {"price": "..."}},
         "entry": {"id": "...", "title": "...", "href": "../entries/.../"}}
      ],
      "labels": {"price": "Prix", ...},
      "actions": {"contact": {"acronis": "../contact/#contact-acronis"},
                  "channels": {"<outcome>": {"<document>": [{"label": "chat",
                                                             "href": "../entries/.../"}]}}}
    }

Questions, outcomes and rules keep their order (it matters); a rule's details are
its outcome's own with the rule's in their place, as text already formatted for the
locale from the facts of the rule's document, so the browser formats nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from kbgen.rules.book import Condition, LocaleRules, LocalQuestion
from kbgen.rules.facts import FactFormatter

EXPORT_FORMAT = "kbgen-rules"
EXPORT_VERSION = 2
#: The largest number a quiz answer may be, in Python (``kbgen quiz``) and in the
#: browser alike (exported as ``limits.max_number``): far beyond any purchase window,
#: and exact in a JavaScript number.
MAX_NUMBER_ANSWER = 999_999

SEMANTICS = (
    "Take the questions in order; a question is asked when some rule whose conditions "
    "on the answers to earlier questions all hold (or are unanswered) has a condition on "
    "it; ignore answers to questions that are not asked, and a choice whose 'when' does "
    "not hold for the answers accepted so far (the question stays unanswered). "
    "A condition holds when the answer "
    "is one of 'in', or is a whole number with min <= answer <= max (null: no bound). A "
    "rule fires when all its conditions are answered and hold. The outcomes are those "
    "granted by a fired rule and refused by none, in the order of 'outcomes'; each of an "
    "outcome's details is the first fired rule's that grants it and gives that detail."
)

EntryLink = Callable[[str], Mapping[str, str]]
#: The formatter of the facts of one document's locale (its scope), in the reader's.
Formatters = Callable[[str], FactFormatter]


def export_rules(
    rules: LocaleRules,
    facts: Formatters,
    entry_link: EntryLink,
    labels: Mapping[str, str],
    actions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-ready contract for one locale; ``entry_link`` gives id, title and href.

    ``actions``: how to act on the outcomes, as the quiz page shows it: ``contact``
    (by programme, the href of its section of the contact page) and ``channels`` (by
    outcome and document: each channel's label and the href of the entry that says
    how to use it).
    """
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "locale": rules.locale,
        "semantics": SEMANTICS,
        "questions": [_question(q) for q in rules.questions],
        "outcomes": [
            {
                "id": outcome.id,
                "programme": outcome.programme,
                "title": outcome.outcome.title[rules.locale],
                "summary": outcome.outcome.summary[rules.locale]
                if outcome.outcome.summary
                else None,
            }
            for outcome in rules.outcomes
        ],
        "rules": [
            {
                "id": rule.id,
                "programme": rule.programme,
                "document": rule.document,
                "when": [_condition(c) for c in rule.conditions],
                "grant": list(rule.grant),
                "refuse": list(rule.refuse),
                "details": {
                    outcome: facts(rule.scope).details(details)
                    for outcome, details in rule.details.items()
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


def _question(question: LocalQuestion) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "label": question.label}
    if question.programme is not None:
        data["programme"] = question.programme
    if question.is_number:
        return {**data, "unit": question.unit, "cuts": list(question.cuts)}
    offered = dict(question.offered)
    choices = []
    for choice, label in question.choices:
        item: dict[str, Any] = {"id": choice, "label": label}
        if choice in offered:
            item["when"] = _condition(offered[choice])
        choices.append(item)
    return {**data, "choices": choices}


def _condition(condition: Condition) -> dict[str, Any]:
    if condition.values is not None:
        return {"question": condition.question, "in": list(condition.values)}
    return {"question": condition.question, "min": condition.low, "max": condition.high}
