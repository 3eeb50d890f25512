"""The writers' linter: each finding with its file, the line inside the text, key, code, severity."""

from __future__ import annotations

import pytest

from kbgen.content.lint import find_placeholder
from kbgen.content.loader import load_content
from kbgen.errors import ContentError
from kbgen.project import load_knowledge_base
from kbgen.source import ParsedFiles
from tests.conftest import SmallProject

LOCALES = ("fr", "pl")

GUIDE = """\
id: guide
kind: article
category: licensing
related: [software-copy]
source_locale: fr
translations:
  fr:
    updated: 2026-11-22
    title: Guide
    summary: Un guide en deux parties.
    sections:
      - heading: Installer
        body: Installez.
      - body: Sans titre.
      - heading: Activer
        body: Activez.
  pl:
    updated: 2026-11-22
    title: Przewodnik
    summary: Przewodnik w dwóch częściach.
    sections:
      - heading: Instalacja
        body: Zainstaluj.
"""


def findings(project: SmallProject) -> list[str]:
    """Every finding as the command prints it, errors and warnings alike."""
    try:
        kb = load_knowledge_base(project.root / "content", LOCALES, project.root)
    except ContentError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in kb.warnings]


def test_links_to_anchors_are_checked_in_every_locale(small_project: SmallProject) -> None:
    small_project.write("content/entries/guide.yaml", GUIDE)
    small_project.write(
        "content/entries/links.yaml",
        """\
        id: links
        kind: faq
        category: licensing
        source_locale: fr
        translations:
          fr:
            updated: 2026-11-22
            question: Où lire la suite ?
            answer: |
              Lisez [l'installation](entry:guide#section-1), [l'activation](entry:guide#section-3)
              et [les entrées liées](entry:guide#related).

              Pas de [section 2](entry:guide#section-2) ni de [lien](entry:software-copy#related).
          pl:
            updated: 2026-11-22
            question: Gdzie czytać dalej?
            answer: "Zobacz [aktywację](entry:guide#section-3) i [FAQ](entry:software-copy#software-copy)."
        """,
    )
    assert findings(small_project) == [
        "content/entries/links.yaml:13: error KB201: translations.fr.answer: link to entry "
        "'guide': its page has no anchor #section-2 (its anchors are #section-1, #section-3, #related)",
        "content/entries/links.yaml:13: error KB201: translations.fr.answer: link to entry "
        "'software-copy': its page has no anchor #related (it has no anchors)",
        "content/entries/links.yaml:17: error KB201: translations.pl.answer: link to entry "
        "'guide': its page has no anchor #section-3 (its anchors are #section-1, #related)",
        "content/entries/links.yaml:17: warning KB202: translations.pl.answer: link to entry "
        "'software-copy', which is not translated into 'pl': the reader gets its 'fr' text",
        "content/entries/links.yaml:17: error KB201: translations.pl.answer: link to entry "
        "'software-copy': its page has no anchor #software-copy (it has no anchors)",
    ]


def test_placeholders_and_empty_texts_are_warnings(small_project: SmallProject) -> None:
    small_project.write(
        "content/entries/draft.yaml",
        """\
        id: draft
        kind: article
        category: licensing
        source_locale: fr
        translations:
          fr:
            updated: 2026-11-22
            title: "TODO: the title"
            summary: Un résumé.
            sections:
              - heading: Étapes
                steps:
                  - Ouvrez le logiciel.
                  - "   "
              - body: |
                  Premier paragraphe.

                  Lorem ipsum dolor sit amet.
            keywords: [licence, TBD]
          pl:
            updated: 2026-11-22
            title: Szkic
            summary: Streszczenie.
            sections:
              - body: Treść XXX do uzupełnienia.
            tables:
              t:
                columns: ["", Cena]
                rows:
                  - [Produkt, FIXME]
        """,
    )
    assert findings(small_project) == [
        "content/entries/draft.yaml:8: warning KB203: translations.fr.title: "
        "placeholder 'TODO' left in the text",
        "content/entries/draft.yaml:14: warning KB203: translations.fr.sections[0].steps[1]: "
        "the text is empty",
        "content/entries/draft.yaml:18: warning KB203: translations.fr.sections[1].body: "
        "placeholder 'Lorem ipsum' left in the text",
        "content/entries/draft.yaml:19: warning KB203: translations.fr.keywords[1]: "
        "placeholder 'TBD' left in the text",
        "content/entries/draft.yaml:25: warning KB203: translations.pl.sections[0].body: "
        "placeholder 'XXX' left in the text",
        "content/entries/draft.yaml:30: warning KB203: translations.pl.tables.t.rows[0][1]: "
        "placeholder 'FIXME' left in the text",
    ]


def test_markdown_that_will_not_render_as_meant(small_project: SmallProject) -> None:
    small_project.write(
        "content/entries/layout.yaml",
        """\
        id: layout
        kind: faq
        category: licensing
        source_locale: fr
        translations:
          fr:
            updated: 2026-11-22
            question: Quels sont les tarifs ?
            answer: |
              | Produit | Prix |
              | --- | --- |
              | Home | 9,95 |
              | Business | 25 % | en plus |
              | Seul |

              Voir le tableau {{ table("prices") }} ci-dessous.

              | A | B |
              | --- |
              | 1 | 2 |

              | A | B |
              | 1 | 2 |

              ```
              | pas | un | tableau |
              | --- |
              ```

              Un titre | pas un tableau
              ---

              ~~~sh
              ls
            tables:
              prices:
                columns: [Produit, Prix]
                rows:
                  - [Home, "9,95"]
        """,
    )
    assert findings(small_project) == [
        "content/entries/layout.yaml:13: error KB205: translations.fr.answer: "
        "this row has 3 cell(s) but the table's header has 2",
        "content/entries/layout.yaml:14: error KB205: translations.fr.answer: "
        "this row has 1 cell(s) but the table's header has 2",
        "content/entries/layout.yaml:16: error KB206: translations.fr.answer: "
        '{{ table("prices") }} must be on a line of its own',
        "content/entries/layout.yaml:19: error KB205: translations.fr.answer: "
        "the separator row has 1 cell(s) but the header has 2: it will show as text, not as a table",
        "content/entries/layout.yaml:23: error KB205: translations.fr.answer: "
        "this looks like a table but has no separator row (| --- |) under its header: "
        "it will show as text",
        "content/entries/layout.yaml:33: error KB204: translations.fr.answer: "
        "the code fence ~~~ is never closed",
    ]


def test_images_must_exist_in_the_assets_folder(small_project: SmallProject) -> None:
    small_project.write("content/assets/screens/login.png", "png")
    small_project.write(
        "content/entries/pictures.yaml",
        """\
        id: pictures
        kind: faq
        category: licensing
        source_locale: fr
        translations:
          fr:
            updated: 2026-11-22
            question: À quoi ressemble l'écran ?
            answer: |
              ![Connexion](screens/login.png "L'écran de connexion")
              ![Logo](https://example.com/logo.png) and, as code, `![x](not/an/image.png)`
              ![Absente](screens/missing.png) ![Ailleurs](../mkdocs.yml)
              ![Racine](/etc/hosts) ![Script](data:image/png;base64,AAAA)
        """,
    )
    assert findings(small_project) == [
        "content/entries/pictures.yaml:12: error KB207: translations.fr.answer: "
        "image '../mkdocs.yml': write an http(s) URL or a path inside content/assets/",
        "content/entries/pictures.yaml:12: error KB207: translations.fr.answer: "
        "image 'screens/missing.png' does not exist (no file content/assets/screens/missing.png)",
        "content/entries/pictures.yaml:13: error KB207: translations.fr.answer: "
        "image '/etc/hosts': write an http(s) URL or a path inside content/assets/",
        "content/entries/pictures.yaml:13: error KB207: translations.fr.answer: "
        "image 'data:image/png;base64,AAAA': write an http(s) URL or a path inside content/assets/",
    ]


def test_warnings_alone_do_not_stop_loading(small_project: SmallProject) -> None:
    small_project.write(
        "content/entries/software-copy.yaml",
        (small_project.root / "content/entries/software-copy.yaml")
        .read_text("utf-8")
        .replace("archivage.", "archivage. TODO"),
    )
    kb = load_knowledge_base(small_project.root / "content", LOCALES, small_project.root)
    assert [(p.code, p.severity) for p in kb.warnings] == [("KB203", "warning")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("TODO: write the answer", "TODO"),
        ("未完成 TODO", "TODO"),
        ("答案TBD。", "TBD"),
        ("lorem IPSUM", "lorem IPSUM"),
        ("Todo, todo, xxx and XXXL are words", None),
        ("MY_TODO_LIST", None),
    ],
)
def test_placeholder_words(text: str, found: str | None) -> None:
    assert find_placeholder(text) == found


def test_a_long_lived_process_lints_again_what_depends_on_a_changed_entry(
    small_project: SmallProject,
) -> None:
    """The preview loads the content again after each save, reusing what is unchanged:
    an unchanged entry that links to a changed one is checked again."""
    small_project.write("content/entries/guide.yaml", GUIDE)
    small_project.write(
        "content/entries/links.yaml",
        """\
        id: links
        kind: faq
        category: licensing
        source_locale: fr
        translations:
          fr:
            updated: 2026-11-22
            question: Où lire la suite ?
            answer: Lisez [l'activation](entry:guide#section-3).
        """,
    )
    small_project.write(
        "content/entries/note.yaml",
        """        id: note
        kind: faq
        category: licensing
        source_locale: fr
        translations:
          fr:
            updated: 2026-11-22
            question: Une note ?
            answer: TODO
        """,
    )
    content_dir = small_project.root / "content"
    parsed = ParsedFiles()
    _content, first = load_content(content_dir, LOCALES, small_project.root, parsed=parsed)
    placeholder = [str(p) for p in first if p.code == "KB203"]
    assert placeholder and not [p for p in first if p.code == "KB201"]
    small_project.write(
        "content/entries/guide.yaml", GUIDE.replace("- heading: Activer\n        body", "- body")
    )
    again = ParsedFiles(parsed.used)
    _content, second = load_content(content_dir, LOCALES, small_project.root, parsed=again)
    assert [str(p) for p in second if p.code == "KB203"] == placeholder
    assert [str(p) for p in second if p.code == "KB201"] == [
        "content/entries/links.yaml:9: error KB201: translations.fr.answer: link to entry "
        "'guide': its page has no anchor #section-3 (its anchors are #section-1, #related)"
    ]
