"""The project: its options and folders, and its knowledge base, loaded and checked.

``Project`` is what ``mkdocs.yml`` says, as plain data (``kbgen.build`` reads the
file with MkDocs). ``load_knowledge_base`` puts the content (``kbgen.content``)
and the rules (``kbgen.rules``) together and checks what each says of the other
(the facts that texts quote); nothing is rendered before every problem of every
file has been found.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kbgen.cache import CHECKED, digest
from kbgen.catalogs import catalog_problems
from kbgen.config import KbgenConfig
from kbgen.content.dates import dated
from kbgen.content.loader import Content, load_content
from kbgen.content.model import AnyEntry
from kbgen.content.status import State
from kbgen.content.views import Part, known_view_parts, locale_view, view_parts
from kbgen.errors import (
    ContentError,
    KbgenError,
    Problem,
    Severity,
    fold_consequences,
    unknown_locale,
)
from kbgen.i18n import LocaleError, SiteLocale, catalog_path, load_translations
from kbgen.incremental import EntryKeys
from kbgen.progress import QUIET, Progress
from kbgen.rules.book import RuleBook
from kbgen.rules.loader import load_rules
from kbgen.rules.quotes import quote_problems
from kbgen.source import ParsedFiles


class BuildError(KbgenError):
    """The site could not be built; the message says why, the old site is untouched."""


@dataclass(frozen=True)
class Project:
    """A site's configuration, as its ``mkdocs.yml`` gives it."""

    config_file: Path
    options: KbgenConfig
    site_name: str
    site_dir: Path
    site_url: str | None = None
    theme_dir: Path | None = None
    """The theme overrides (``theme.custom_dir``), if any."""
    favicon: str = "assets/images/favicon.png"

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def content_dir(self) -> Path:
        return self.root / self.options.content_dir

    @property
    def locales_dir(self) -> Path:
        return self.root / self.options.locales_dir

    @property
    def locales(self) -> list[str]:
        return list(self.options.locales)

    @property
    def cache_dir(self) -> Path | None:
        """Where builds keep their cache; ``None`` with ``cache: false``."""
        return self.root / self.options.cache_dir if self.options.cache else None

    def site_name_in(self, locale: str) -> str:
        """The site's name in a locale (``site_names``, else ``site_name``)."""
        return self.options.site_names.get(locale, self.site_name)

    def require_locale(self, tag: str) -> str:
        """``tag`` when it is one of the site's locales; else a ``BuildError`` naming them."""
        if tag not in self.options.locales:
            raise BuildError(unknown_locale(tag, self.options.locales))
        return tag


@dataclass
class KnowledgeBase(Content):
    """All the content and the rules, validated and cross-checked."""

    rules: RuleBook | None = None
    """The support programmes under ``content/rules/``; ``None`` when there are none."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop a build (``--strict`` makes them do so), sorted."""
    keys: EntryKeys = field(default_factory=EntryKeys, repr=False)
    """Each entry's key, for rebuilds (``kbgen.incremental``)."""
    written: dict[str, AnyEntry] = field(default_factory=dict)
    """Every entry as its file has it, draft translations included; ``entries`` holds
    what the site publishes, without them (``kbgen status`` reads these)."""

    states: dict[str, State] | None = None
    """In a locale's view (``seen_from``), the state of each entry's translation into it,
    found from the whole entry (``kbgen.content.status.translation_state``)."""

    def seen_from(self, locale: str, states: Mapping[str, State] | None = None) -> KnowledgeBase:
        """The knowledge base as the pages of ``locale`` read it: its entries are the
        locale's view of them (``kbgen.content.views``; ``states``: those known already)."""
        view, states = locale_view(self.entries, locale, states)
        return dataclasses.replace(self, entries=view, written=view, states=states)

    def view_parts(
        self, locale: str, known: Mapping[str, Part]
    ) -> tuple[Callable[[], KnowledgeBase], dict[str, Part]]:
        """Each entry's part of the key of the view of ``locale``, by entry id (``known``:
        those an earlier build found, by the entry's key), and the knowledge base seen from
        the locale: made if no part was known, else made when asked (a locale kept unbuilt
        needs none), with the states that the parts hold."""
        if not known:
            kb = self.seen_from(locale)
            return (lambda: kb), view_parts(kb.entries, kb.states or {})
        parts = known_view_parts(self.entries, self.keys.__getitem__, locale, known)
        states = {entry_id: state for entry_id, (_part, state) in parts.items()}
        return partial(self.seen_from, locale, states), parts


def load_knowledge_base(
    content_dir: Path,
    locales: Iterable[str],
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    parsed: ParsedFiles | None = None,
    dates: bool = True,
) -> KnowledgeBase:
    """Read and check all the content and rules under ``content_dir``.

    Raises ``ContentError`` with every problem found when there are errors; the
    warnings of content that has none are in ``KnowledgeBase.warnings``.
    ``progress(done, total)`` is told of each entry file read; ``parsed`` keeps the
    files parsed by an earlier run (``kbgen.cache``); ``dates=False`` leaves the dates
    that only pages show unread (``kbgen check``: git's history is most of its time).
    """
    content, problems = load_content(content_dir, locales, root, progress, parsed)
    rules_dir = content_dir / "rules"
    rules, rule_problems = load_rules(rules_dir, content.entries, content.locales, root, parsed)
    problems += rule_problems
    problems += quote_problems(content.entries, content.sources, content.locales, rules)
    problems = fold_consequences(problems, content.unloaded | (rules.unloaded if rules else {}))
    if any(p.severity is Severity.ERROR for p in problems):
        raise ContentError(problems)
    published = {entry_id: without_drafts(entry) for entry_id, entry in content.entries.items()}
    # Each page says when its text last changed: the writer's date, else git's.
    if dates:
        published = dated(published, content.sources, root, content_dir / "entries")
    return KnowledgeBase(
        locales=content.locales,
        entries=published,
        written=content.entries,
        categories=content.categories,
        products=content.products,
        sources=content.sources,
        rules=rules,
        warnings=sorted(problems),
        keys=EntryKeys(published, content.sources),
    )


def without_drafts(entry: AnyEntry) -> AnyEntry:
    """The entry as the site publishes it: its draft translations left out."""
    drafts = [locale for locale, translation in entry.translations.items() if translation.draft]
    if not drafts:
        return entry
    kept = {k: v for k, v in entry.translations.items() if k not in drafts}
    return entry.model_copy(update={"translations": kept})


def load_project_content(
    project: Project,
    progress: Progress = QUIET,
    parsed: ParsedFiles | None = None,
    dates: bool = True,
) -> KnowledgeBase:
    """Load and check a project's knowledge base and the catalogs of its locales.

    Raises ``ContentError`` for the content and the catalogs' problems (KB3xx),
    ``LocaleError`` for a locale or a catalog that cannot be read.
    """
    catalogs = catalog_problems(project.locales_dir, project.locales, project.root)
    try:
        kb = load_knowledge_base(
            project.content_dir,
            project.locales,
            project.root,
            progress.counter("Reading entries"),
            parsed,
            dates,
        )
    except ContentError as error:
        raise ContentError([*error.problems, *catalogs]) from None
    if catalogs:
        raise ContentError(catalogs)
    for tag in project.locales:
        SiteLocale(tag).babel  # noqa: B018 (validates the tag)
        # Each catalog must compile; one that compiled as it is now still does.
        try:
            key = digest("compiles", tag, catalog_path(project.locales_dir, tag).read_bytes())
        except OSError:
            key = ""
        if not key or CHECKED.get(key) is None:
            load_translations(project.locales_dir, tag)
            if key:
                CHECKED.put(key, True)
    return kb


__all__ = [
    "BuildError",
    "KnowledgeBase",
    "LocaleError",
    "Project",
    "load_knowledge_base",
    "load_project_content",
]
