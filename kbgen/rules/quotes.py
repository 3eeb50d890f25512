"""The rules as the content's texts quote them: every template in a text is parsed and
run as a build would run it (``kbgen.content.templating``), so that ``{{ fact("id") }}``
names a fact of the rules stated for the text's locale (KB109, KB110), ``table()`` a
table of its translation (KB011), and nothing else fails (KB010)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from kbgen.cache import CHECKED, digest
from kbgen.content.loader import entry_texts
from kbgen.content.model import AnyEntry
from kbgen.content.templating import is_template, template_problems
from kbgen.errors import Problem, Severity
from kbgen.rules.book import RuleBook
from kbgen.source import Source, format_loc


def quote_problems(
    entries: Mapping[str, AnyEntry],
    sources: Mapping[str, Source],
    locales: Sequence[str],
    rules: RuleBook | None,
) -> list[Problem]:
    """Every problem of every text's template, at its line and column in the file."""
    problems = []
    facts_by_locale = {tag: facts_of(rules, tag) for tag in locales}
    # What a template's findings depend on besides its text (``CHECKED`` keeps them).
    facts_keys: dict[str, str] = {}
    for entry_id, entry in entries.items():
        source = sources[entry_id]
        for loc, text, locale in entry_texts(entry):
            if locale not in locales or not is_template(text):
                continue
            translation = entry.translations[locale]
            tables = None if "tables" in loc else translation.tables
            # A translation quotes the facts of the document it was made from.
            origin = entry.origin_of(locale)
            facts = facts_by_locale.get(origin) or facts_of(rules, origin)
            if origin not in facts_keys:
                facts_keys[origin] = digest(json.dumps(facts, sort_keys=True))
            names = "-" if tables is None else json.dumps(sorted(tables))
            key = digest("quotes", facts_keys[origin], names, str(rules is None), text)
            found = CHECKED.get(key)
            if found is None:
                found = template_problems(text, facts, tables, no_rules=rules is None)
                CHECKED.put(key, found)
            for problem in found:
                line, column = source.doc.text_position(loc, problem.line - 1, problem.column)
                message = problem.message
                if problem.code == "KB010":
                    message = f"template error: {message}"
                severity = Severity.ERROR
                if problem.code == "KB110" and translation.draft:
                    # Not published: the translator replaces it before marking it.
                    severity = Severity.WARNING
                    message += "; this draft must quote its own locale's facts before it is marked"
                where = format_loc(loc)
                problems.append(
                    Problem(source.path, line, where, message, problem.code, severity, column)
                )
    return problems


def facts_of(rules: RuleBook | None, locale: str) -> dict[str, str | None]:
    """Every fact of the rules: ``None`` if ``locale`` states it, else why not (KB110)."""
    if rules is None:
        return {}
    facts: dict[str, str | None] = {}
    for fact_id, fact in rules.facts.items():
        facts[fact_id] = None
        if rules.fact_value(fact_id, locale) is None:
            stated = sorted(tag for value in fact.values for tag in value.locales)
            facts[fact_id] = (
                f"fact {fact_id!r} is not stated for locale {locale!r} "
                f"(only for {', '.join(stated)})"
            )
    return facts
