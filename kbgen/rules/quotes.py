"""The facts that the content's texts quote: ``{{ fact("id") }}`` must name a fact of the
rules that is stated for the text's locale (KB109, KB110)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from kbgen.content.loader import entry_texts
from kbgen.content.model import AnyEntry
from kbgen.errors import Problem
from kbgen.rules.book import RuleBook
from kbgen.source import Source

FACT_REF = re.compile(r"""\bfact\(\s*["']([^"']*)["']\s*\)""")


def quote_problems(
    entries: Mapping[str, AnyEntry],
    sources: Mapping[str, Source],
    locales: Sequence[str],
    rules: RuleBook | None,
) -> list[Problem]:
    """Every quote of a fact that does not exist, or that its text's locale does not state."""
    problems = []
    for entry_id, entry in entries.items():
        source = sources[entry_id]
        for loc, text, locale in entry_texts(entry):
            if locale not in locales:
                continue
            for match in FACT_REF.finditer(text):
                fact_id = match.group(1)
                if rules is None or fact_id not in rules.facts:
                    where = "" if rules is not None else " (there is no content/rules/ folder)"
                    problems.append(
                        source.problem(loc, f"unknown fact {fact_id!r}{where}", "KB109")
                    )
                elif rules.fact_value(fact_id, locale) is None:
                    stated = sorted(
                        tag for value in rules.facts[fact_id].values for tag in value.locales
                    )
                    message = (
                        f"fact {fact_id!r} is not stated for locale {locale!r} "
                        f"(only for {', '.join(stated)})"
                    )
                    problems.append(source.problem(loc, message, "KB110"))
    return problems
