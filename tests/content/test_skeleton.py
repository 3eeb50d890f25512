"""`kbgen new`: a valid skeleton in the right place, never overwriting, never reusing an id."""

from __future__ import annotations

import pytest

from kbgen.content.skeleton import slugify
from kbgen.schema import SCHEMA_DIR
from tests.conftest import FAQ, SmallProject
from tests.helpers import kbgen


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")  # 2026-11-22, noon UTC


def test_new_faq_from_a_title(small_project: SmallProject) -> None:
    result = kbgen(
        "new", "faq", "--category", "licensing", "--locale", "pl",
        "--title", "Jak zgłosić błąd licencji?", cwd=small_project.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Created content/entries/zglosic-blad-licencji.yaml: "
        "replace its TODO placeholders, then run `kbgen check`.\n"
    )
    path = small_project.root / "content/entries/zglosic-blad-licencji.yaml"
    text = path.read_text("utf-8")
    # Editors find the committed schema from the file, wherever the project is.
    modeline = text.splitlines()[0]
    assert modeline.startswith("# yaml-language-server: $schema=")
    assert (path.parent / modeline.split("=", 1)[1]).resolve() == SCHEMA_DIR / "entry.schema.json"
    assert text.splitlines()[1:] == [
        "id: zglosic-blad-licencji",
        "kind: faq",
        "category: licensing",
        "products: []                # ids from content/products.yaml",
        "tags: []                    # lowercase English words joined by hyphens",
        "related: []                 # ids of related entries",
        "source_locale: pl",
        "translations:",
        "  pl:",
        "    question: Jak zgłosić błąd licencji?",
        "    answer: |",
        "      TODO: the answer, in Markdown.",
        "    keywords: []            # what customers type when they look for this entry",
    ]
    # Valid: the check finds nothing but the placeholder, and points at its line.
    check = kbgen("check", cwd=small_project.root)
    assert check.returncode == 0, check.stderr
    assert check.stderr == (
        "content/entries/zglosic-blad-licencji.yaml:13: warning KB203: "
        "translations.pl.answer: placeholder 'TODO' left in the text\n"
    )


def test_new_does_as_the_category_does(small_project: SmallProject) -> None:
    """The folder that holds the category's entries, their id's first word, a short id."""
    for name in ("license-a", "license-b"):
        text = FAQ.format(id=name, related="[]")
        small_project.write(f"content/entries/acronis-licensing/{name}.yaml", text)
    result = kbgen(
        "new", "faq", "--category", "licensing", "--locale", "fr",
        "--title", "Puis-je copier le logiciel sur un autre ordinateur ?", cwd=small_project.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Created content/entries/acronis-licensing/license-copier-logiciel-autre-ordinateur.yaml:"
    )
    # A category without entries gets a folder of its own name.
    result = kbgen(
        "new", "faq", "--category", "support-plans", "--locale", "fr",
        "--title", "Comment résilier l'abonnement ?", cwd=small_project.root,
    )  # fmt: skip
    assert result.stdout.startswith(
        "Created content/entries/support-plans/resilier-abonnement.yaml:"
    )


def test_new_article_with_an_id(small_project: SmallProject) -> None:
    result = kbgen(
        "new", "article", "restore-guide", "--category", "support-plans", "--locale", "fr",
        cwd=small_project.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    check = kbgen("check", cwd=small_project.root)
    assert check.returncode == 0, check.stderr
    assert check.stderr.splitlines() == [
        "content/entries/support-plans/restore-guide.yaml:11: warning KB203: "
        "translations.fr.title: placeholder 'TODO' left in the text",
        "content/entries/support-plans/restore-guide.yaml:12: warning KB203: "
        "translations.fr.summary: placeholder 'TODO' left in the text",
        "content/entries/support-plans/restore-guide.yaml:14: warning KB203: "
        "translations.fr.sections[0].heading: placeholder 'TODO' left in the text",
        "content/entries/support-plans/restore-guide.yaml:16: warning KB203: "
        "translations.fr.sections[0].body: placeholder 'TODO' left in the text",
    ]
    assert kbgen("check", "--strict", cwd=small_project.root).returncode == 1


def test_new_refuses_to_overwrite_a_file(small_project: SmallProject) -> None:
    args = ("new", "faq", "copy-limits", "--category", "licensing", "--locale", "fr")
    assert kbgen(*args, cwd=small_project.root).returncode == 0
    path = small_project.root / "content/entries/copy-limits.yaml"
    path.write_text(path.read_text("utf-8") + "# my work\n", "utf-8")
    result = kbgen(*args, cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: content/entries/copy-limits.yaml already exists; it is left as it was\n"
    )
    assert path.read_text("utf-8").endswith("# my work\n")


def test_new_refuses_an_id_in_use_elsewhere(small_project: SmallProject) -> None:
    result = kbgen(
        "new", "faq", "software-copy", "--category", "support-plans", "--locale", "fr",
        cwd=small_project.root,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "Error: the id 'software-copy' is already used by content/entries/software-copy.yaml; "
        "choose another ID\n"
    )
    assert not (small_project.root / "content/entries/support-plans").exists()


def test_new_lists_the_valid_categories_and_locales(small_project: SmallProject) -> None:
    result = kbgen(
        "new", "faq", "x", "--category", "billing", "--locale", "fr", cwd=small_project.root
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: unknown category 'billing'; the categories of content/categories.yaml are "
        "licensing, support-plans\n"
    )
    result = kbgen(
        "new", "faq", "x", "--category", "licensing", "--locale", "de", cwd=small_project.root
    )
    assert result.returncode == 1
    assert result.stderr == "Error: unknown locale 'de'; the site's locales are fr, pl\n"


def test_new_needs_an_id_for_a_chinese_title(small_project: SmallProject) -> None:
    config = small_project.config_file
    config.write_text(config.read_text("utf-8").replace("[fr, pl]", "[fr, pl, zh-TW]"))
    result = kbgen(
        "new", "faq", "--category", "licensing", "--locale", "zh-TW",
        "--title", "如何註冊 PPI 支援?", cwd=small_project.root,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "Error: cannot derive an id from the title '如何註冊 PPI 支援?': it is not written in "
        "Latin letters (Chinese titles need one); give the ID, e.g. "
        "`kbgen new faq --category licensing --locale zh-TW ppi-price`\n"
    )


def test_new_rejects_an_invalid_id_or_no_id_at_all(small_project: SmallProject) -> None:
    result = kbgen(
        "new", "faq", "Copy_Limits", "-c", "licensing", "-l", "fr", cwd=small_project.root
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: 'Copy_Limits' is not a valid id: it must be lowercase ASCII words joined by "
        "hyphens, like ppi-price\n"
    )
    result = kbgen("new", "faq", "-c", "licensing", "-l", "fr", cwd=small_project.root)
    assert result.returncode == 1
    assert result.stderr == "Error: give the entry's ID, or a --title to derive it from\n"


def test_new_quotes_a_title_that_yaml_would_misread(small_project: SmallProject) -> None:
    result = kbgen(
        "new", "faq", "--category", "licensing", "--locale", "fr",
        "--title", "Licence : oui ou non ? #2", cwd=small_project.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (small_project.root / "content/entries/licence-oui-non-2.yaml").read_text()
    assert '    question: "Licence : oui ou non ? #2"\n' in text


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Puis-je résilier mon abonnement ?", "puis-je-resilier-mon-abonnement"),
        ("Zgłoszenie: łączność, źródło", "zgloszenie-lacznosc-zrodlo"),
        ("Reînnoire și licență", "reinnoire-si-licenta"),
        ("Œuvre straße", "oeuvre-strasse"),
        ("备份失败", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
