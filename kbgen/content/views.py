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
"""

from __future__ import annotations

from collections.abc import Mapping

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


def locale_view(
    entries: Mapping[str, AnyEntry], locale: str
) -> tuple[dict[str, AnyEntry], dict[str, State]]:
    """The entries as the pages of ``locale`` read them, in the same order, and the state
    of each one's translation into ``locale``."""
    view: dict[str, AnyEntry] = {}
    states: dict[str, State] = {}
    for entry_id, entry in entries.items():
        states[entry_id] = translation_state(entry, locale)
        whole = shown(entry, locale)
        if len(entry.translations) == 1:
            view[entry_id] = entry
            continue
        translations = {
            tag: translation if tag == whole else stub(translation)
            for tag, translation in entry.translations.items()
        }
        view[entry_id] = entry.model_copy(update={"translations": translations})
    return view, states


def view_key(view: Mapping[str, AnyEntry], states: Mapping[str, State], locale: str) -> str:
    """The key of a locale's view (``locale_view``): all that it holds, as JSON."""
    return digest(
        "view",
        locale,
        *(f"{states.get(entry_id)} {entry.model_dump_json()}" for entry_id, entry in view.items()),
    )
