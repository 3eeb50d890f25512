"""The contact page of every locale, from the rules, and the header link to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.site import build_site
from tests.conftest import FAQ, SmallProject, copy_project, run_kbgen
from tests.pages import find, find_all, page, text

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]


def _sections(site: Path, locale: str) -> list[str]:
    doc = page(site, f"{locale}/contact/")
    return [s.get("data-kb-contact") for s in find_all(doc, "section") if s.get("data-kb-contact")]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_a_contact_page_with_its_own_programme_first(
    shipped_site: Path, locale: str
) -> None:
    own = {
        "zh-TW": "acronis",
        "zh-CN": "acronis",
        "fr": "acronis",
        "ro": "symantec",
        "pl": "microsoft",
    }
    sections = _sections(shipped_site, locale)
    assert sections[0] == own[locale]
    assert sorted(sections) == ["acronis", "microsoft", "symantec"]


@pytest.mark.parametrize(
    "path",
    [
        "",
        "entries/ms-response-times/",
        "search/",
        "categories/cases-and-severity/",
        "eligibility/",
    ],
)
def test_every_page_header_links_the_contact_page(shipped_site: Path, path: str) -> None:
    doc = page(shipped_site, f"pl/{path}")
    link = find(doc, "a", **{"data-kb-contact-link": ""})
    assert text(link) == "Kontakt"
    target = (shipped_site / "pl" / path / link.get("href", "")).resolve()
    assert target == (shipped_site / "pl" / "contact").resolve()


def test_a_polish_reader_sees_each_vendors_channels_and_where_the_documents_send(
    shipped_site: Path,
) -> None:
    doc = page(shipped_site, "pl/contact/")
    assert text(find(doc, "h1")) == "Kontakt z pomocą techniczną"
    microsoft, acronis, symantec = (s for s in find_all(doc, "section") if s.get("data-kb-contact"))
    assert "nie wskazują żadnego kanału pomocy technicznej" in text(microsoft)
    assert [
        a.get("href")
        for a in find_all(microsoft, "a")
        if "headerlink" not in (a.get("class") or "")
    ] == ["../entries/ms-five-pack-purchaser-left/"]
    channels = [i for i in find_all(acronis, "li") if i.get("data-kb-channel") is not None]
    assert [text(find(i, "strong")) for i in channels] == [
        "czat na żywo",
        "e-mail",
        "telefon",
        "baza wiedzy",
        "forum",
    ]
    # How to use each channel: the entry that says so, in the reader's language.
    how = find(channels[0], "a")
    assert how.get("lang") is None
    assert how.get("href") == "../entries/use-live-chat/"
    assert text(how) == "Jak korzystać z czatu na żywo?"
    prepare = find(acronis, "p", **{"class": "kb-contact__prepare"})
    assert text(prepare).startswith("Zanim skontaktujesz się z pomocą techniczną:")
    assert "Jak odnowić umowę?" in text(symantec)


def test_an_unknown_entry_in_the_contact_data_names_its_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    rules = root / "content/rules/acronis.yaml"
    rules.write_text(
        rules.read_text("utf-8").replace("entry: use-live-chat", "entry: use-live-chatt"), "utf-8"
    )
    result = run_kbgen("check", cwd=root)
    assert result.returncode == 1
    line = rules.read_text("utf-8").splitlines().index("    entry: use-live-chatt") + 1
    assert (
        f"content/rules/acronis.yaml:{line}: error KB102: channels[0].entry: "
        "unknown entry 'use-live-chatt'"
    ) in result.stderr


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_page_ends_with_next_steps(shipped_site: Path, locale: str) -> None:
    entries = sorted((shipped_site / locale / "entries").iterdir())
    assert entries
    for folder in entries:
        doc = page(shipped_site, f"{locale}/entries/{folder.name}/")
        section = find(doc, "section", **{"data-kb-next-steps": ""})
        targets = {
            a.get("data-kb-next"): a.get("href")
            for a in find_all(section, "a")
            if a.get("data-kb-next")
        }
        assert targets == {"quiz": "../../eligibility/", "contact": "../../contact/"}, folder.name


def test_a_related_entry_in_another_language_names_it(small_project: SmallProject) -> None:
    polish = "  pl:\n    updated: 2026-11-22\n    question: Pytanie?\n    answer: Odpowiedź.\n"
    small_project.write(
        "content/entries/both.yaml", FAQ.format(id="both", related="[only-fr]") + polish
    )
    small_project.write("content/entries/only-fr.yaml", FAQ.format(id="only-fr", related="[]"))
    site = small_project.root / "site"
    build_site(load_project(small_project.config_file), site, jobs=1)
    doc = page(site, "pl/entries/both/")
    related = find(doc, "ul", **{"class": "kb-related"})
    item = find_all(related, "li")[0]
    assert find(item, "a").get("lang") == "fr"
    assert text(item).endswith("(francuski)")
