"""What one locale's pages read of the entries: the locale's view of them, and its key.

A locale's pages show its own translations, and little of the others: which locales
have an entry (the language menu), the title of each (the page of an entry missing
here lists them), the source's whole text where the locale has no translation (a
fallback page shows it), and whether each translation is current (a notice says when
the text it was made from has changed since). The view (``locale_view``) holds
exactly that: the entries, each other translation cut to its title (``stub``), and the
state of each translation here (``kbgen.content.status.translation_state``, found
from the whole entry). A locale's build reads the entries through its view only, so
the view's key (``view_key``) is the key of all that its pages read of them: a French
keyword changes the French view and no other; a French source text changes the
others' only where a translation it was current for becomes out of date.

The key is made of one part for each entry (``view_parts``), which depends on the entry
and the locale alone: a rebuild takes the part of each entry unchanged since the last
build from that build (``known_view_parts``, by the entry's key, ``kbgen.incremental``),
and finds a locale it can keep without making the view.

>>> from kbgen.content.model import FaqEntry
>>> entry = FaqEntry.model_validate({"id": "reset", "kind": "faq", "category": "c",
...     "source_locale": "fr", "translations": {
...         "fr": {"question": "Mot de passe ?", "answer": "Réinitialisez-le."},
...         "pl": {"question": "Hasło?", "answer": "Zresetuj je.", "keywords": ["hasło"]},
...         "ro": {"question": "Parola?", "answer": "Resetați-o."}}})
>>> view, states = locale_view({"reset": entry}, "ro")
>>> seen = view["reset"].translations
>>> seen["ro"].answer, seen["fr"].answer, seen["fr"].question, seen["pl"].answer, states
('Resetați-o.', '', 'Mot de passe ?', '', {'reset': <State.OUTDATED: 'outdated'>})
>>> edited = entry.model_copy(update={"translations": {**entry.translations,
...     "pl": entry.translations["pl"].model_copy(update={"keywords": ["reset"]})}})
>>> def key(entry, tag): return view_key(*locale_view({"reset": entry}, tag), tag)
>>> [key(entry, tag) == key(edited, tag) for tag in ("fr", "pl", "ro")]
[True, False, True]
>>> parts = view_parts(*locale_view({"reset": entry}, "ro"))
>>> key(entry, "ro") == view_key_of("ro", parts.values())
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from kbgen.cache import digest
from kbgen.content.model import AnyEntry, ArticleTranslation, FaqTranslation, Translation
from kbgen.content.status import State, translation_state


def shown(entry: AnyEntry, locale: str) -> str:
    """The locale whose whole translation of ``entry`` the pages of ``locale`` read: its
    own, else the source."""
    return locale if locale in entry.translations else entry.source_locale


#: A translation with nothing but an empty title, of each kind (made once, unvalidated).
_BLANK_FAQ = FaqTranslation.model_construct(question="", answer="")
_BLANK_ARTICLE = ArticleTranslation.model_construct(title="", summary="", sections=[])


def stub(translation: Translation) -> Translation:
    """A translation as other locales' pages see it: its title (or question) alone.

    Made from a blank one, not as a copy of the translation: a copy would touch each of
    its values, and so, in a forked worker, copy the memory of every text it holds."""
    if isinstance(translation, FaqTranslation):
        return _BLANK_FAQ.model_copy(update={"question": translation.question})
    return _BLANK_ARTICLE.model_copy(update={"title": translation.title})


def entry_view(entry: AnyEntry, locale: str, state: State | None = None) -> tuple[AnyEntry, State]:
    """One entry as the pages of ``locale`` read it, and the state of its translation
    into ``locale`` (found from the whole entry, unless ``state`` says it)."""
    state = translation_state(entry, locale) if state is None else state
    if len(entry.translations) == 1:
        return entry, state
    whole = shown(entry, locale)
    translations = {
        tag: translation if tag == whole else stub(translation)
        for tag, translation in entry.translations.items()
    }
    return entry.model_copy(update={"translations": translations}), state


def locale_view(
    entries: Mapping[str, AnyEntry], locale: str, states: Mapping[str, State] | None = None
) -> tuple[dict[str, AnyEntry], dict[str, State]]:
    """The entries as the pages of ``locale`` read them, in the same order, and the state
    of each one's translation into ``locale`` (``states``: those known already)."""
    view: dict[str, AnyEntry] = {}
    found: dict[str, State] = {}
    known = states or {}
    for entry_id, entry in entries.items():
        view[entry_id], found[entry_id] = entry_view(entry, locale, known.get(entry_id))
    return view, found


#: An entry's part of a view's key, and its translation's state (which the part holds).
Part = tuple[str, State]


def view_part(entry: AnyEntry, state: State) -> Part:
    """One entry's part of a view's key: a digest of all that the view holds of it, and
    its state."""
    return digest(entry.model_dump_json()), state


def view_parts(view: Mapping[str, AnyEntry], states: Mapping[str, State]) -> dict[str, Part]:
    """Each entry's part of a view's key, by entry id, in the view's order."""
    return {entry_id: view_part(entry, states[entry_id]) for entry_id, entry in view.items()}


def known_view_parts(
    entries: Mapping[str, AnyEntry],
    keys: Callable[[str], str],
    locale: str,
    known: Mapping[str, Part],
) -> dict[str, Part]:
    """Each entry's part of the key of the view of ``locale``, by entry id, in order:
    ``known`` holds parts found earlier, by the entry's key (``keys(entry_id)``, which
    changes with anything the entry holds); the others are found from the entry."""
    parts: dict[str, Part] = {}
    for entry_id, entry in entries.items():
        part = known.get(keys(entry_id))
        parts[entry_id] = view_part(*entry_view(entry, locale)) if part is None else part
    return parts


def view_key_of(locale: str, parts: Iterable[Part]) -> str:
    """The key of a locale's view, from its entries' parts in order (``view_parts``)."""
    return digest("view", locale, *(f"{part} {state}" for part, state in parts))


def content_key_of(locale: str, parts: Iterable[Part]) -> str:
    """The key of what a locale's view holds of the entries, their translations' states
    left out (which the search index does not read), from the entries' parts in order."""
    return digest("view content", locale, *(part for part, _state in parts))


def view_key(view: Mapping[str, AnyEntry], states: Mapping[str, State], locale: str) -> str:
    """The key of a locale's view (``locale_view``): all that it holds."""
    return view_key_of(locale, view_parts(view, states).values())
