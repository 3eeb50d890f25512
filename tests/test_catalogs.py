"""`kbgen i18n extract|update|compile` on a copy of the project's catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from tests.helpers import kbgen

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The project's configuration, templates, theme and catalogs, copied."""
    for name in ("mkdocs.yml", "content", "locales", "theme"):
        source = ROOT / name
        if source.is_dir():
            # What is in git: compiled catalogs (ignored) would pass for this test's own.
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    shutil.copytree(ROOT / "kbgen", tmp_path / "kbgen", ignore=shutil.ignore_patterns("*.pyc"))
    return tmp_path


def messages(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return {
            m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(handle) if m.id
        }


def test_extract_finds_what_pybabel_finds(project: Path) -> None:
    (project / "locales/messages.pot").unlink()
    result = kbgen("i18n", "extract", cwd=project)
    assert result.returncode == 0, result.stderr
    committed = messages(ROOT / "locales/messages.pot")
    assert result.stdout == f"Extracted {len(committed)} messages into locales/messages.pot.\n"
    assert messages(project / "locales/messages.pot") == committed
    text = (project / "locales/messages.pot").read_text("utf-8")
    assert "#: " not in text  # --no-location


def test_update_adds_a_new_string_to_every_catalog(project: Path) -> None:
    template = project / "kbgen/templates/pages/home.md"
    template.write_text(template.read_text("utf-8") + '\n{{ _("A brand new string") }}\n')
    assert kbgen("i18n", "extract", cwd=project).returncode == 0
    before = (project / "locales/fr/LC_MESSAGES/messages.po").read_bytes()
    result = kbgen("i18n", "update", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"locales/{tag}/LC_MESSAGES/messages.po: 1 to translate: 'A brand new string'"
        for tag in LOCALES
    ]
    after = messages(project / "locales/fr/LC_MESSAGES/messages.po")
    assert after["A brand new string"] == ""
    assert {k: v for k, v in after.items() if k != "A brand new string"} == messages(
        ROOT / "locales/fr/LC_MESSAGES/messages.po"
    )
    assert (project / "locales/fr/LC_MESSAGES/messages.po").read_bytes() != before
    # Compiling refuses the incomplete catalogs.
    result = kbgen("i18n", "compile", cwd=project)
    assert result.returncode == 1
    assert "'A brand new string': not translated" in result.stderr


def test_update_without_changes_leaves_the_catalogs_as_they_are(project: Path) -> None:
    before = {
        tag: (project / f"locales/{tag}/LC_MESSAGES/messages.po").read_bytes() for tag in LOCALES
    }
    result = kbgen("i18n", "update", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"locales/{tag}/LC_MESSAGES/messages.po: every message is translated." for tag in LOCALES
    ]
    for tag in LOCALES:
        assert (project / f"locales/{tag}/LC_MESSAGES/messages.po").read_bytes() == before[tag]


def test_compile_writes_mo_files_beside_the_catalogs(project: Path) -> None:
    result = kbgen("i18n", "compile", cwd=project)
    assert result.returncode == 0, result.stderr
    count = len(messages(ROOT / "locales/messages.pot"))
    assert result.stdout.splitlines() == [
        f"Compiled locales/{tag}/LC_MESSAGES/messages.mo ({count} messages)." for tag in LOCALES
    ]
    with (project / "locales/pl/LC_MESSAGES/messages.mo").open("rb") as handle:
        catalog = read_mo(handle)
    assert catalog.get("Search").string == "Szukaj"  # type: ignore[union-attr]


def test_compile_reports_a_placeholder_that_differs(project: Path) -> None:
    path = project / "locales/fr/LC_MESSAGES/messages.po"
    text = path.read_text("utf-8")
    assert 'msgstr "%(label)s : %(value)s"' in text
    path.write_text(
        text.replace('msgstr "%(label)s : %(value)s"', 'msgstr "%(libellé)s : %(value)s"')
    )
    result = kbgen("i18n", "compile", cwd=project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:")
    assert lines[0].endswith("'%(label)s: %(value)s': unknown named placeholder 'libellé'")
    assert lines[1] == "Found 1 problem(s) in the catalogs; their .mo files were not written."
    assert not (project / "locales/fr/LC_MESSAGES/messages.mo").exists()
    assert (project / "locales/pl/LC_MESSAGES/messages.mo").exists()


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        ('msgtsr "Droit au support"', 'unknown or misformatted keyword: msgtsr "Droit au support"'),
        ("", "missing msgstr for msgid 'Support eligibility'"),
    ],
)
def test_a_malformed_catalog_names_its_line(project: Path, broken: str, problem: str) -> None:
    path = project / "locales/fr/LC_MESSAGES/messages.po"
    lines = path.read_text("utf-8").splitlines()
    number = lines.index('msgstr "Droit au support"')
    msgid = number if broken else number - 1  # Babel names the msgid without its msgstr
    lines[number] = broken
    path.write_text("\n".join(lines) + "\n", "utf-8")
    expected = f"{path}:{msgid + 1}: {problem}"
    compiled = kbgen("i18n", "compile", cwd=project)
    assert compiled.returncode == 1
    assert compiled.stderr.splitlines()[0] == expected
    built = kbgen("build", cwd=project)
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        f"locales/fr/LC_MESSAGES/messages.po:{msgid + 1}: error KB301: {problem}",
        "Found 1 error(s) in the content.",
        "Nothing was built; the previous site is unchanged.",
    ]


def test_a_template_that_does_not_parse_stops_extraction(project: Path) -> None:
    """Its strings would otherwise vanish from the template, then from every catalog."""
    template = project / "kbgen/templates/pages/_entry_footer.md"
    template.write_text(template.read_text("utf-8") + "{% endif %}\n", "utf-8")
    line = len(template.read_text("utf-8").splitlines())
    before = (project / "locales/messages.pot").read_bytes()
    result = kbgen("i18n", "extract", cwd=project)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: kbgen/templates/pages/_entry_footer.md:{line}: the template does not parse "
        "(Encountered unknown tag 'endif'.); nothing was extracted\n"
    )
    assert (project / "locales/messages.pot").read_bytes() == before
