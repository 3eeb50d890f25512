"""The site owner's identity from the configuration: name, logo, footer links, copyright."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.config import KbgenConfig, OwnerConfig
from kbgen.site import build_site
from tests.conftest import SmallProject
from tests.helpers import kbgen
from tests.pages import find, find_all, page, text

OWNER = """\
      owner:
        name: Exemple & Fils
        url: https://example.com/
        logo: logo.svg
        legal_url: https://example.com/legal
        copyright: © 2026 Exemple & Fils
"""

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
)


def _with_owner(project: SmallProject, owner: str = OWNER) -> None:
    config = project.config_file
    config.write_text(config.read_text("utf-8") + owner, "utf-8")
    project.write("logo.svg", LOGO)


def test_the_footer_names_the_owner_and_links_contact_and_legal(
    small_project: SmallProject, tmp_path: Path
) -> None:
    _with_owner(small_project)
    out = tmp_path / "out"
    build_site(load_project(small_project.config_file), out, strict=True)
    for path, contact in [("fr/", "contact/"), ("fr/entries/software-copy/", "../../contact/")]:
        doc = page(out, path)
        footer = find(doc, "div", data_kb_owner="")
        assert text(footer).startswith("© 2026 Exemple & Fils Exemple & Fils")
        assert find(footer, "a", data_kb_owner_link="").get("href") == "https://example.com/"
        assert find(footer, "a", data_kb_footer_contact="").get("href") == contact
        legal = find(footer, "a", data_kb_legal="")
        assert legal.get("href") == "https://example.com/legal"
        assert "Made with" not in text(footer)
        logo = find(find(doc, "a", data_md_component="logo"), "img")
        assert logo.get("src", "").endswith("assets/kbgen/owner-logo.svg")
    assert text(find(page(out, "fr/"), "a", data_kb_legal="")) == "Mentions légales"
    assert text(find(page(out, "pl/"), "a", data_kb_legal="")) == "Nota prawna"
    assert (out / "fr" / "assets" / "kbgen" / "owner-logo.svg").read_text("utf-8") == LOGO


def test_a_new_logo_in_the_same_file_is_published_by_the_next_build(
    small_project: SmallProject, tmp_path: Path
) -> None:
    # The logo lies beside the configuration, outside the content, catalogs and theme.
    _with_owner(small_project)
    out = tmp_path / "out"
    build_site(load_project(small_project.config_file), out)
    new = LOGO.replace('height="1"', 'height="0.5"')
    small_project.write("logo.svg", new)
    report = build_site(load_project(small_project.config_file), out)
    assert not report.unchanged
    assert (out / "fr" / "assets" / "kbgen" / "owner-logo.svg").read_text("utf-8") == new


def test_without_an_owner_the_footer_links_contact_and_credits_no_one(
    small_project: SmallProject, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build_site(load_project(small_project.config_file), out)
    footer = find(page(out, "fr/"), "div", data_kb_owner="")
    assert text(footer) == "Contact"
    assert find_all(footer, "a", data_kb_legal="") == []


def test_the_theme_credit_only_where_the_site_asks_for_it(
    small_project: SmallProject, tmp_path: Path
) -> None:
    config = small_project.config_file
    config.write_text(config.read_text("utf-8") + "extra:\n  generator: true\n", "utf-8")
    out = tmp_path / "out"
    build_site(load_project(small_project.config_file), out)
    assert "Made with Material for MkDocs" in text(find(page(out, "fr/"), "div", data_kb_owner=""))


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        (
            "      owner:\n        legal_url: example.com/legal\n",
            "'owner.legal_url': must be an address starting with https:// or http://, like "
            "'https://example.com/legal', not 'example.com/legal' (in {config})",
        ),
        (
            "      owner:\n        url: 'https://exa mple.com'\n",
            "'owner.url': must be an address starting with https:// or http://, like "
            "'https://example.com/legal', not 'https://exa mple.com' (in {config})",
        ),
        (
            "      owner:\n        phone: 123\n",
            "'owner.phone': unknown key; the owner has name, url, logo, legal_url, copyright "
            "(in {config})",
        ),
        (
            "      owner:\n        logo: missing.png\n",
            "'owner.logo': the file 'missing.png' does not exist (relative to {config})",
        ),
        (
            "      owner:\n        logo: logo.pdf\n",
            "'owner.logo': must be an image (.svg, .png, .webp, .jpg, .jpeg), not 'logo.pdf' "
            "(in {config})",
        ),
        (
            "      owner: Exemple\n",
            "'owner': must be a mapping of the owner's name, url, logo, legal_url, copyright "
            "(in {config})",
        ),
        (
            "      owner:\n        name: ''\n",
            "'owner.name': must be a non-empty string (in {config})",
        ),
    ],
)
def test_a_wrong_owner_option_names_the_key_and_the_file(
    small_project: SmallProject, owner: str, message: str
) -> None:
    _with_owner(small_project, owner)
    result = kbgen("check", cwd=small_project.root)
    assert result.returncode == 1
    assert message.format(config=small_project.config_file) in result.stderr


def test_owner_options_parse_into_their_own_class() -> None:
    config = KbgenConfig.parse(
        {"locales": ["fr"], "owner": {"name": "Exemple", "url": "http://example.com"}}
    )
    assert config.owner == OwnerConfig(name="Exemple", url="http://example.com")
    assert KbgenConfig.parse({"locales": ["fr"]}).owner == OwnerConfig()
