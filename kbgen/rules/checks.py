"""The rules' own checks: every reference, locale, label, unit and kind, with its line.

``RuleChecks`` looks at each programme as read (``kbgen.rules.loader``) and
collects every problem with its file, line and key: questions, answers,
outcomes, channels, documents and facts that rules name; entries that state them
in their document's locale; locales, and labels in every locale of the site (the
quiz is the same in all of them); fact kinds and units where outcomes use them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kbgen.content.model import AnyEntry
from kbgen.errors import Problem, unknown_locale
from kbgen.rules.book import DOCUMENT_QUESTION, PROGRAMME_QUESTION, RuleBook
from kbgen.rules.model import (
    ChannelsValue,
    Details,
    DurationFact,
    Fact,
    NumberCondition,
    Programme,
    Question,
)
from kbgen.source import Loc, Source, format_loc

#: The fact kinds each detail of an outcome takes.
_DETAIL_KINDS = {
    "channels": ("channels",),
    "hours": ("hours",),
    "first_response": ("duration",),
    "price": ("money", "percent", "free"),
    "validity": ("duration",),
}
#: Units of a duration fact that a number question in a unit can compare with.
_COMPARABLE = {"day": ("day",), "month": ("month", "year")}


class RuleChecks:
    """Collects the problems of the programmes of one rule book."""

    def __init__(
        self,
        book: RuleBook,
        entries: Mapping[str, AnyEntry],
        locales: tuple[str, ...],
    ) -> None:
        self.book = book
        self.entries = entries
        self.locales = locales
        self.problems: list[Problem] = []

    def add(self, source: Source, loc: Loc, message: str, code: str) -> None:
        self.problems.append(Problem(source.path, source.line(loc), format_loc(loc), message, code))

    # -- one programme -----------------------------------------------------------

    def programme(self, programme: Programme, source: Source) -> None:
        if programme.id == PROGRAMME_QUESTION:
            self.add(
                source,
                ("id",),
                f"programme id {PROGRAMME_QUESTION!r} is the quiz's own first question",
                "KB002",
            )
        for doc_id, document in programme.documents.items():
            if document.locale not in self.locales:
                self.add(
                    source,
                    ("documents", doc_id, "locale"),
                    unknown_locale(document.locale, self.locales),
                    "KB007",
                )
            if len(programme.documents) > 1 or document.label:
                self.labels(source, ("documents", doc_id, "label"), document.label)
        for index, channel in enumerate(programme.channels):
            if channel.entry is not None:
                self.entry(source, ("channels", index, "entry"), channel.entry, [])
        if programme.contact.prepare is not None:
            self.entry(source, ("contact", "prepare"), programme.contact.prepare, [])
        for index, entry_id in enumerate(programme.contact.entries):
            self.entry(source, ("contact", "entries", index), entry_id, [])
        self.labels(source, ("name",), programme.name)
        self.unique(source, "channels", [c.id for c in programme.channels], "channel")
        for index, channel in enumerate(programme.channels):
            self.labels(source, ("channels", index, "label"), channel.label)
        self.unique(source, "questions", [q.id for q in programme.questions], "question")
        for index, question in enumerate(programme.questions):
            self.question(programme, source, index, question)
        self.unique(source, "outcomes", [o.id for o in programme.outcomes], "outcome")
        for index, outcome in enumerate(programme.outcomes):
            loc: Loc = ("outcomes", index)
            self.labels(source, (*loc, "title"), outcome.title)
            if outcome.summary is not None:
                self.labels(source, (*loc, "summary"), outcome.summary)
            self.details(programme, source, (*loc, "details"), outcome.details, None)
        self.unique(source, "facts", [f.id for f in programme.facts], "fact")
        for index, fact in enumerate(programme.facts):
            self.fact(programme, source, index, fact)
        self.unique(source, "rules", [r.id for r in programme.rules], "rule")
        for index in range(len(programme.rules)):
            self.rule(programme, source, index)

    def question(
        self, programme: Programme, source: Source, index: int, question: Question
    ) -> None:
        loc: Loc = ("questions", index)
        if question.id == DOCUMENT_QUESTION:
            self.add(
                source,
                (*loc, "id"),
                f"question id {DOCUMENT_QUESTION!r} is the quiz's own question of which "
                "document applies",
                "KB002",
            )
        self.labels(source, (*loc, "label"), question.label)
        self.unique(source, (*loc, "choices"), [c.id for c in question.choices], "answer")
        for number, choice in enumerate(question.choices):
            where = (*loc, "choices", number)
            for place, doc_id in enumerate(choice.documents or []):
                if doc_id not in programme.documents:
                    self.add(
                        source,
                        (*where, "documents", place),
                        _unknown_document(programme, doc_id),
                        "KB101",
                    )
            self.labels(source, (*where, "label"), choice.label)
        if question.choices:
            for doc_id in programme.documents:
                offered_here = [c for c in question.choices if _offered(c.documents, doc_id)]
                if len(offered_here) < 2:
                    self.add(
                        source,
                        (*loc, "choices"),
                        f"question {question.id!r} offers fewer than two answers under "
                        f"document {doc_id!r}",
                        "KB002",
                    )

    def fact(self, programme: Programme, source: Source, index: int, fact: Fact) -> None:
        seen: dict[str, int] = {}
        channels = {c.id for c in programme.channels}
        for number, value in enumerate(fact.values):
            loc: Loc = ("facts", index, "values", number)
            self.within(source, (*loc, "locales"), value.locales, programme.document_locales)
            for tag in value.locales:
                if tag in seen:
                    self.add(
                        source,
                        (*loc, "locales"),
                        f"fact {fact.id!r} already has a value for locale {tag!r} "
                        f"(values[{seen[tag]}])",
                        "KB112",
                    )
                seen.setdefault(tag, number)
            self.entry(source, (*loc, "entry"), value.entry, value.locales)
            if value.note:
                self.labels(source, (*loc, "note"), value.note)
            if isinstance(value, ChannelsValue):
                for item, channel in enumerate(value.value):
                    if channel not in channels:
                        self.add(
                            source,
                            (*loc, "value", item),
                            f"unknown channel {channel!r}",
                            "KB101",
                        )

    def rule(self, programme: Programme, source: Source, index: int) -> None:
        rule = programme.rules[index]
        loc: Loc = ("rules", index)
        document = programme.documents.get(rule.document)
        if document is None:
            self.add(
                source, (*loc, "document"), _unknown_document(programme, rule.document), "KB101"
            )
        scope = [document.locale] if document is not None else []
        self.entry(source, (*loc, "entry"), rule.entry, scope)
        questions = {q.id: q for q in programme.questions}
        for name, condition in rule.when.items():
            where = (*loc, "when", name)
            question = questions.get(name)
            if question is None:
                self.add(source, where, f"unknown question {name!r}", "KB101")
                continue
            if isinstance(condition, NumberCondition):
                self.number_condition(source, where, question, condition, scope)
            elif question.unit is not None:
                self.add(
                    source,
                    where,
                    f"question {name!r} takes a number: give at_most, below, at_least or above",
                    "KB002",
                )
            else:
                self.choice_condition(source, where, question, condition, rule.document)
        outcomes = {o.id for o in programme.outcomes}
        for key in ("grant", "refuse"):
            for number, outcome in enumerate(getattr(rule, key)):
                if outcome not in outcomes:
                    self.add(source, (*loc, key, number), f"unknown outcome {outcome!r}", "KB101")
        for outcome, details in rule.details.items():
            where = (*loc, "details", outcome)
            if outcome not in rule.grant:
                self.add(
                    source,
                    where,
                    f"details for outcome {outcome!r}, which this rule does not grant",
                    "KB002",
                )
            self.details(programme, source, where, details, scope)

    def choice_condition(
        self, source: Source, loc: Loc, question: Question, values: list[str], document: str
    ) -> None:
        if question.unit is not None:
            return
        ids = [c.id for c in question.choices]
        for number, value in enumerate(values):
            where = (*loc, number) if len(values) > 1 else loc
            if value not in ids:
                self.add(
                    source,
                    where,
                    f"question {question.id!r} has no answer {value!r}; "
                    f"its answers are {', '.join(ids)}",
                    "KB101",
                )
                continue
            choice = next(c for c in question.choices if c.id == value)
            if not _offered(choice.documents, document):
                self.add(
                    source,
                    where,
                    f"answer {value!r} to {question.id!r} is not offered under "
                    f"document {document!r}",
                    "KB101",
                )

    def number_condition(
        self,
        source: Source,
        loc: Loc,
        question: Question,
        condition: NumberCondition,
        locales: list[str],
    ) -> None:
        if question.unit is None:
            self.add(
                source,
                loc,
                f"question {question.id!r} takes one of its answers, not number bounds",
                "KB002",
            )
            return
        for name, value in condition.bounds():
            if isinstance(value, int):
                continue
            where = (*loc, name)
            fact = self.book.facts.get(value)
            if fact is None:
                self.add(source, where, f"unknown fact {value!r}", "KB101")
                continue
            if not isinstance(fact, DurationFact):
                self.add(source, where, f"fact {value!r} is {fact.kind}, not a duration", "KB111")
                continue
            for fact_value in fact.values:
                unit = fact_value.value.unit
                if unit not in _COMPARABLE[question.unit]:
                    self.add(
                        source,
                        where,
                        f"fact {value!r} is in {unit}s; question {question.id!r} "
                        f"counts {question.unit}s",
                        "KB111",
                    )
                    break
            self.stated(source, where, value, locales)

    def details(
        self,
        programme: Programme,
        source: Source,
        loc: Loc,
        details: Details,
        locales: list[str] | None,
    ) -> None:
        """Facts of the right kind; a rule's (``locales`` given: its document's) stated there."""
        channels = {c.id for c in programme.channels}
        refs: list[tuple[Loc, str, str]] = []
        if details.channels is not None:
            refs.append(((*loc, "channels"), details.channels, "channels"))
        if details.hours is not None:
            refs.append(((*loc, "hours"), details.hours, "hours"))
        for number, item in enumerate(details.first_response or []):
            where = (*loc, "first_response", number)
            refs.append(((*where, "fact"), item.fact, "first_response"))
            for place, channel in enumerate(item.channels):
                if channel not in channels:
                    self.add(
                        source, (*where, "channels", place), f"unknown channel {channel!r}", "KB101"
                    )
        for number, fact_id in enumerate(details.price or []):
            refs.append(((*loc, "price", number), fact_id, "price"))
        if details.validity is not None:
            refs.append(((*loc, "validity"), details.validity, "validity"))
        for where, fact_id, key in refs:
            fact = self.book.facts.get(fact_id)
            if fact is None:
                self.add(source, where, f"unknown fact {fact_id!r}", "KB101")
                continue
            wanted = _DETAIL_KINDS[key]
            if fact.kind not in wanted:
                self.add(
                    source,
                    where,
                    f"fact {fact_id!r} is {fact.kind}; {key} takes {' or '.join(wanted)}",
                    "KB111",
                )
                continue
            if locales is not None:
                self.stated(source, where, fact_id, locales)
        if details.note is not None:
            self.labels(source, (*loc, "note"), details.note)

    # -- small checks ------------------------------------------------------------

    def stated(self, source: Source, loc: Loc, fact_id: str, locales: list[str]) -> None:
        for tag in locales:
            if self.book.fact_value(fact_id, tag) is None:
                self.add(source, loc, f"fact {fact_id!r} is not stated for locale {tag!r}", "KB110")

    def entry(self, source: Source, loc: Loc, entry_id: str, locales: list[str]) -> None:
        entry = self.entries.get(entry_id)
        if entry is None:
            self.add(source, loc, f"unknown entry {entry_id!r}", "KB102")
            return
        for tag in locales:
            if tag not in entry.translations:
                self.add(
                    source,
                    loc,
                    f"entry {entry_id!r} has no {tag!r} translation to state this in that locale",
                    "KB102",
                )

    def labels(self, source: Source, loc: Loc, labels: Mapping[str, str]) -> None:
        """A label for each locale of the site (each shows the quiz), and none for
        another locale."""
        for tag in self.locales:
            if tag not in labels:
                self.add(source, loc, f"no label for locale {tag!r}", "KB104")
        for tag in labels:
            if tag not in self.locales:
                self.add(source, (*loc, tag), unknown_locale(tag, self.locales), "KB007")

    def within(
        self, source: Source, loc: Loc, locales: Sequence[str], allowed: Sequence[str]
    ) -> None:
        for number, tag in enumerate(locales):
            if tag not in allowed:
                self.add(
                    source,
                    (*loc, number),
                    f"locale {tag!r} is not one of {', '.join(allowed)}",
                    "KB103",
                )

    def unique(self, source: Source, loc: str | Loc, ids: list[str], what: str) -> None:
        base: Loc = (loc,) if isinstance(loc, str) else loc
        seen: set[str] = set()
        for number, item in enumerate(ids):
            if item in seen:
                self.add(source, (*base, number, "id"), f"duplicate {what} id {item!r}", "KB003")
            seen.add(item)

    def across_programmes(self) -> None:
        facts: dict[str, str] = {}
        for programme in self.book.programmes.values():
            source = self.book.sources[programme.id]
            for number, fact in enumerate(programme.facts):
                if fact.id in facts and facts[fact.id] != programme.id:
                    other = self.book.sources[facts[fact.id]]
                    self.add(
                        source,
                        ("facts", number, "id"),
                        f"duplicate fact id {fact.id!r} (also in {other.path})",
                        "KB003",
                    )
                facts.setdefault(fact.id, programme.id)


def _offered(documents: list[str] | None, document: str) -> bool:
    return documents is None or document in documents


def _unknown_document(programme: Programme, doc_id: str) -> str:
    return f"unknown document {doc_id!r}; the documents are {', '.join(programme.documents)}"
