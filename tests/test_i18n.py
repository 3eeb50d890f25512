"""Interface strings: catalogs complete in every locale, plural forms, current template."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kbgen.i18n import SiteLocale, load_translations, material_language, read_catalog

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]


def extracted(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract",
         "-F", "locales/babel.cfg", "-o", str(pot), "--no-location", "."],
        cwd=ROOT, check=True,
    )  # fmt: skip
    with pot.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_committed_template_is_current(tmp_path: Path) -> None:
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert committed == extracted(tmp_path)


@pytest.mark.parametrize("tag", LOCALES)
def test_catalog_is_complete_without_fuzzy_entries(tag: str, tmp_path: Path) -> None:
    catalog = read_catalog(ROOT / "locales", tag)
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    present = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        present[key] = message
        assert not message.fuzzy, f"{tag}: fuzzy {key!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{tag}: untranslated {key!r}"
        assert len(strings) == (catalog.num_plurals if message.pluralizable else 1)
    assert wanted <= set(present), f"{tag}: missing {sorted(wanted - set(present))}"
    assert not list(catalog.check()), f"{tag}: {list(catalog.check())}"


def test_plural_forms() -> None:
    polish = load_translations(ROOT / "locales", "pl")
    assert [
        polish.ngettext("%(num)d entry", "%(num)d entries", n) % {"num": n} for n in (1, 3, 5, 22)
    ] == [
        "1 wpis",
        "3 wpisy",
        "5 wpisów",
        "22 wpisy",
    ]
    romanian = load_translations(ROOT / "locales", "ro")
    assert [
        romanian.ngettext("%(num)d entry", "%(num)d entries", n) % {"num": n} for n in (1, 2, 20)
    ] == [
        "1 intrare",
        "2 intrări",
        "20 de intrări",
    ]
    assert read_catalog(ROOT / "locales", "pl").num_plurals == 3
    assert read_catalog(ROOT / "locales", "ro").num_plurals == 3


def test_locale_spellings() -> None:
    assert [SiteLocale(t).own_name for t in LOCALES] == [
        "中文 (繁體)",
        "中文 (简体)",
        "Français",
        "Română",
        "Polski",
    ]
    assert [material_language(t) for t in LOCALES] == ["zh-TW", "zh", "fr", "ro", "pl"]
    assert SiteLocale("pl").format_date(dt.date(2026, 1, 5)) == "5 stycznia 2026"
