"""Catalogs that are broken or hostile: `check`, `build` and `i18n compile` name the line."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, SmallProject, run_kbgen, translate

CATALOG = "locales/fr/LC_MESSAGES/messages.po"


@pytest.fixture
def project(small_project: SmallProject) -> SmallProject:
    """A small project with catalogs of its own, and a site built from them."""
    shutil.copytree(ROOT / "locales", small_project.root / "locales")
    config = small_project.config_file
    config.write_text(config.read_text("utf-8").replace(str(ROOT / "locales"), "locales"), "utf-8")
    return small_project


def line_of(project: SmallProject, text: str) -> int:
    lines = (project.root / CATALOG).read_text("utf-8").splitlines()
    return lines.index(text) + 1


def assert_refused(project: SmallProject, expected: list[str]) -> None:
    """``check``, ``build`` (which keeps the last site) and ``compile`` report ``expected``."""
    site = project.root / "site"
    site.mkdir(exist_ok=True)
    (site / "kept.html").write_text("the last site", "utf-8")
    found = f"Found {len(expected)} error(s) in the content."
    checked = run_kbgen("check", cwd=project.root)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [*expected, found]
    built = run_kbgen("build", cwd=project.root)
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        *expected,
        found,
        "Nothing was built; the previous site is unchanged.",
    ]
    assert [p.name for p in site.iterdir()] == ["kept.html"]
    compiled = run_kbgen("i18n", "compile", cwd=project.root)
    assert compiled.returncode == 1
    assert not (project.root / CATALOG).with_suffix(".mo").exists()


def test_an_unterminated_string_is_an_error_at_its_line(project: SmallProject) -> None:
    path = project.root / CATALOG
    path.write_text(path.read_text("utf-8").replace('msgstr "Accueil"', 'msgstr "Accueil'), "utf-8")
    line = line_of(project, 'msgstr "Accueil')
    assert_refused(
        project, [f'{CATALOG}:{line}: error KB301: msgstr: unterminated string: msgstr "Accueil']
    )
    compiled = run_kbgen("i18n", "compile", cwd=project.root)
    assert f'{path}:{line}: unterminated string: msgstr "Accueil' in compiled.stderr.splitlines()


def test_markup_in_a_translation_is_an_error(project: SmallProject) -> None:
    translate(project.root / "locales", "fr", {"Last updated:": '"><script>window.x=1</script>'})
    line = line_of(project, 'msgstr "\\"><script>window.x=1</script>"')
    assert_refused(
        project,
        [
            f"{CATALOG}:{line}: error KB304: msgstr: markup in the translation of "
            "'Last updated:', whose original has none (interface strings are text): "
            "'\"><script>window.x=1</script>'"
        ],
    )


def test_a_placeholder_that_differs_is_an_error(project: SmallProject) -> None:
    translate(project.root / "locales", "fr", {"Every case: %(title)s": "Tout : %(titre)s"})
    line = line_of(project, 'msgstr "Tout : %(titre)s"')
    assert_refused(
        project,
        [
            f"{CATALOG}:{line}: error KB302: msgstr: the translation of 'Every case: %(title)s' "
            "has placeholders %(titre)s where the original has %(title)s"
        ],
    )


def test_a_bare_percent_sign_is_an_error(project: SmallProject) -> None:
    translate(project.root / "locales", "fr", {"Home": "100 % gratuit"})
    line = line_of(project, 'msgstr "100 % gratuit"')
    assert_refused(
        project,
        [
            f"{CATALOG}:{line}: error KB303: msgstr: the translation of 'Home' cannot be "
            "formatted: write a literal % as %% ('100 % gratuit')"
        ],
    )


def test_invalid_utf8_is_reported_at_its_line(project: SmallProject) -> None:
    path = project.root / CATALOG
    line = line_of(project, 'msgstr "Accueil"')
    path.write_bytes(path.read_bytes().replace(b'msgstr "Accueil"', b'msgstr "Acc\xe9il"'))
    assert_refused(project, [f"{CATALOG}:{line}: error KB301: invalid UTF-8 (byte 0xe9)"])


def test_a_literal_percent_sign_written_twice_is_fine(project: SmallProject) -> None:
    translate(project.root / "locales", "fr", {"Home": "Accueil (100 %% gratuit)"})
    checked = run_kbgen("check", cwd=project.root)
    assert checked.returncode == 0, checked.stderr
