"""Rules: support programmes as data, their evaluation, verification and facts.

``model``         the YAML format of ``content/rules/*.yaml`` (pydantic)
``loader``        reading and checking it against the content, with file, line and key
``book``          the rule book, and the one quiz of every programme as a locale labels it
``evaluator``     which questions are asked, which rules fire, what a customer gets
``verification``  every combination of answers, checked once for every locale at each build
``facts``         prices, durations and hours as each locale writes them (Babel)
``export``        the JSON contract the quiz page's JavaScript evaluator reads
"""

from __future__ import annotations

from kbgen.rules.book import LocaleRules, RuleBook
from kbgen.rules.evaluator import AnswerError, Result, evaluate
from kbgen.rules.facts import FactFormatter
from kbgen.rules.loader import load_rules

__all__ = [
    "AnswerError",
    "FactFormatter",
    "LocaleRules",
    "Result",
    "RuleBook",
    "evaluate",
    "load_rules",
]
