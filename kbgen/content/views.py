"""What one locale's pages read of the entries: the locale's view of them, and its key.

A locale's pages show its own translations, and little of the others: which locales
have an entry (the language menu), the title of each (the page of an entry missing
here lists them), and the whole of the texts a page shows or follows (the entry's
source, which a page without a translation here falls back on, and the text a
translation was made from, whose fingerprint says whether it is current). The view
(``locale_view``) holds the entries with exactly that: every other translation is cut
to its title (``stub``). A locale's build reads the entries through its
view only, so the view's key (``view_key``) is the key of all that its pages read of
them: a French keyword changes the French view and no other.

>>> from kbgen.content.model import FaqEntry
>>> entry = FaqEntry.model_validate({"id": "reset", "kind": "faq", "category": "c",
...     "source_locale": "fr", "translations": {
...         "fr": {"question": "Mot de passe ?", "answer": "Réinitialisez-le."},
...         "pl": {"question": "Hasło?", "answer": "Zresetuj je.", "keywords": ["hasło"]},
...         "ro": {"question": "Parola?", "answer": "Resetați-o."}}})
>>> seen = locale_view({"reset": entry}, "ro")["reset"].translations
>>> seen["ro"].answer, seen["fr"].answer, seen["pl"].question, seen["pl"].answer
('Resetați-o.', 'Réinitialisez-le.', 'Hasło?', '')
>>> edited = entry.model_copy(update={"translations": {**entry.translations,
...     "pl": entry.translations["pl"].model_copy(update={"keywords": ["reset"]})}})
>>> def key(entry, tag): return view_key(locale_view({"reset": entry}, tag), tag)
>>> [key(entry, tag) == key(edited, tag) for tag in ("fr", "pl", "ro")]
[True, False, True]
"""

from __future__ import annotations

from collections.abc import Mapping

from kbgen.cache import digest
from kbgen.content.model import AnyEntry, ArticleTranslation, FaqTranslation, Translation


def followed(entry: AnyEntry, locale: str) -> set[str]:
    """The locales whose whole translations of ``entry`` the pages of ``locale`` read: the
    text they show (``locale``'s, else the source's), the source, and the text the shown
    one was made from."""
    shown = locale if locale in entry.translations else entry.source_locale
    return {shown, entry.source_locale, entry.origin_of(shown)}


def stub(translation: Translation) -> Translation:
    """A translation as other locales' pages see it: its title (or question) alone."""
    if isinstance(translation, FaqTranslation):
        return FaqTranslation.model_construct(question=translation.question, answer="")
    return ArticleTranslation.model_construct(title=translation.title, summary="", sections=[])


def locale_view(entries: Mapping[str, AnyEntry], locale: str) -> dict[str, AnyEntry]:
    """The entries as the pages of ``locale`` read them, in the same order."""
    view: dict[str, AnyEntry] = {}
    for entry_id, entry in entries.items():
        whole = followed(entry, locale)
        if whole.issuperset(entry.translations):
            view[entry_id] = entry
            continue
        translations = {
            tag: translation if tag in whole else stub(translation)
            for tag, translation in entry.translations.items()
        }
        view[entry_id] = entry.model_copy(update={"translations": translations})
    return view


def view_key(view: Mapping[str, AnyEntry], locale: str) -> str:
    """The key of a locale's view (``locale_view``): all that it holds, as JSON."""
    return digest("view", locale, *(entry.model_dump_json() for entry in view.values()))
