"""Rebuilds: only what changed is built again, and the result is what a clean build makes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from kbgen.build import load_project
from kbgen.project import KnowledgeBase
from kbgen.site import BuildReport, build_site
from tests.conftest import ROOT, SmallProject
from tests.helpers import kbgen as run_kbgen
from tests.helpers import tree_digest

ENTRY = "content/entries/acronis-licensing/license-software-copy.yaml"
PRICES = "content/rules/acronis.yaml"


@pytest.fixture
def project_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped project (content, catalogs, theme, configuration)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = tmp_path / "project"
    for folder in ("content", "locales", "theme"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


#: The locales these tests build: two, of different scripts' neighbours (the shipped site
#: has five; every page kind and every key is exercised by two, at a third of the time).
BUILT = ["fr", "pl"]


def rebuild(root: Path) -> BuildReport:
    return build_site(load_project(root / "mkdocs.yml"), root / "site", jobs=2, locales=BUILT)


def clean_build(root: Path) -> Path:
    """The same project built from scratch into another folder, without the cache."""
    out = root.parent / "clean"
    shutil.rmtree(out, ignore_errors=True)
    build_site(load_project(root / "mkdocs.yml"), out, jobs=2, use_cache=False, locales=BUILT)
    return out


def differences(one: Path, other: Path) -> list[str]:
    """The files that differ between two sites, by path."""
    files = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()}
    others = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    changed = [
        path
        for path in sorted(files & others)
        if (one / path).read_bytes() != (other / path).read_bytes()
    ]
    return sorted(files ^ others) + changed


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def remove_entry(root: Path, entry_id: str) -> None:
    """Delete an entry and the links to it that other entries list as related."""
    for path in (root / "content" / "entries").rglob("*.yaml"):
        if path.stem == entry_id:
            path.unlink()
            continue
        text = path.read_text("utf-8")
        for form in (f", {entry_id}", f"{entry_id}, "):
            text = text.replace(form, "")
        path.write_text(text, "utf-8")


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


# Each change, made one after the other, and what the rebuilt site must then show.
CHANGES = [
    (
        "an answer",
        lambda root: edit(root, ENTRY, "à des fins d'archivage.", "pour l'archiver."),
        ("fr/entries/license-software-copy", "pour l'archiver"),
    ),
    (
        "a question that other entries list as related",
        lambda root: edit(
            root, ENTRY, "Puis-je faire une copie du logiciel ?", "Puis-je copier le logiciel ?"
        ),
        ("fr/entries/license-transfer-new-computer", "Puis-je copier le logiciel ?"),
    ),
    (
        "a price that answers quote from the rules",
        lambda root: edit(
            root,
            PRICES,
            'amount: "20.00", currency: USD}]\n\n  - id: ppi_price_b',
            'amount: "25.00", currency: USD}]\n\n  - id: ppi_price_b',
        ),
        ("fr/entries/home-user-support-options", "25,00"),
    ),
    (
        "an interface string",
        lambda root: edit(
            root, "locales/fr/LC_MESSAGES/messages.po", 'msgstr "Rechercher"', 'msgstr "Chercher"'
        ),
        ("fr/entries/license-software-copy", "Chercher"),
    ),
    (
        "the theme",
        lambda root: edit(root, "theme/main.html", "{% extends", "{# rebuilt #}\n{% extends"),
        ("pl", "<!doctype html>"),
    ),
    (
        "the configuration",
        lambda root: edit(
            root,
            "mkdocs.yml",
            "fr: Base de connaissances du support",
            "fr: Aide en ligne",
        ),
        ("fr/entries/license-software-copy", "Aide en ligne"),
    ),
    (
        "an entry removed",
        lambda root: remove_entry(root, "license-software-copy"),
        ("fr/categories/licensing", "!license-software-copy"),
    ),
]


def test_each_rebuild_publishes_what_a_clean_build_does(project_root: Path) -> None:
    first = rebuild(project_root)
    assert first.reused == 0
    site = project_root / "site"
    unchanged = site / "pl" / "index.html"
    inode = unchanged.stat().st_ino
    for name, change, (path, shown) in CHANGES:
        change(project_root)
        report = rebuild(project_root)
        assert report.reused > 0, name
        assert differences(site, clean_build(project_root)) == [], name
        # "!text": the page must no longer have it.
        if shown.startswith("!"):
            assert shown[1:] not in page(site, path), name
        else:
            assert shown in page(site, path), name
        if name == "an answer":
            # The Polish pages do not show the French answer: kept, not written again.
            assert unchanged.stat().st_ino == inode
    assert not (site / "fr" / "entries" / "license-software-copy").exists()


def test_a_locale_whose_view_of_the_content_is_unchanged_is_kept_unbuilt(
    project_root: Path,
) -> None:
    rebuild(project_root)
    site = project_root / "site"

    def files(tag: str) -> dict[str, tuple[int, int]]:
        found = (path for path in (site / tag).rglob("*") if path.is_file())
        return {
            p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in found
        }

    before = {tag: files(tag) for tag in BUILT}
    # A Polish keyword: the French pages read nothing of it (kbgen.content.views). Not
    # one French file is written, not even those every build of a locale writes (its
    # 404 page, its sitemap, the quiz's rules).
    edit(project_root, ENTRY, "jedna kopia]", "jedna kopia, egzemplarz archiwalny]")
    rebuild(project_root)
    assert files("fr") == before["fr"]
    assert files("pl") != before["pl"]
    assert differences(site, clean_build(project_root)) == []
    # A French file changed by hand: the French build runs, and puts it back.
    (site / "fr" / "404.html").write_text("edited", "utf-8")
    edit(project_root, ENTRY, "egzemplarz archiwalny]", "egzemplarz]")
    rebuild(project_root)
    assert differences(site, clean_build(project_root)) == []
    # The French source's text: the Polish translation, current until now, is out of
    # date (its page says so); edited again, the Polish pages have nothing new to say.
    edit(project_root, ENTRY, "à des fins d'archivage.", "pour l'archiver.")
    before = {tag: files(tag) for tag in BUILT}
    rebuild(project_root)
    assert all(files(tag) != before[tag] for tag in BUILT)
    assert differences(site, clean_build(project_root)) == []
    edit(project_root, ENTRY, "pour l'archiver.", "pour en garder une copie.")
    before = {tag: files(tag) for tag in BUILT}
    rebuild(project_root)
    assert files("fr") != before["fr"]
    assert files("pl") == before["pl"]
    assert differences(site, clean_build(project_root)) == []


def test_a_locale_kept_unbuilt_is_known_without_making_its_view(
    project_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(project_root)
    made: list[str] = []
    seen_from = KnowledgeBase.seen_from

    def recorded(kb: KnowledgeBase, locale: str, *states: Any) -> KnowledgeBase:
        made.append(locale)
        return seen_from(kb, locale, *states)

    monkeypatch.setattr(KnowledgeBase, "seen_from", recorded)
    # One process: the views made are recorded here. The entries' parts of the French
    # view's key are those the last build found (its entry changed; its view did not).
    edit(project_root, ENTRY, "jedna kopia]", "jedna kopia, egzemplarz archiwalny]")
    build_site(
        load_project(project_root / "mkdocs.yml"), project_root / "site", jobs=1, locales=BUILT
    )
    assert made == ["pl"]
    assert differences(project_root / "site", clean_build(project_root)) == []


def test_a_build_without_the_cache_is_one_the_next_build_keeps(project_root: Path) -> None:
    site = project_root / "site"
    build_site(
        load_project(project_root / "mkdocs.yml"), site, jobs=2, use_cache=False, locales=BUILT
    )
    assert rebuild(project_root).unchanged
    french = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (site / "fr").rglob("*")}
    # A Polish keyword: the French site, as the build without the cache left it, is kept.
    edit(project_root, ENTRY, "jedna kopia]", "jedna kopia, egzemplarz archiwalny]")
    assert not rebuild(project_root).unchanged
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (site / "fr").rglob("*")} == french
    assert differences(site, clean_build(project_root)) == []


def test_a_rebuild_without_changes_keeps_every_page(project_root: Path) -> None:
    first = rebuild(project_root)
    # Strict: MkDocs' warning about "dirty" builds does not apply to kbgen's, and is not shown.
    second = build_site(
        load_project(project_root / "mkdocs.yml"), project_root / "site", strict=True, locales=BUILT
    )
    assert second.pages == first.pages
    # Every page and search file; only the theme's assets and MkDocs' own files are copied.
    assert second.reused > first.pages
    assert differences(project_root / "site", clean_build(project_root)) == []


def test_a_build_with_nothing_changed_leaves_the_site_as_published(
    project_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rebuild(project_root)
    site = project_root / "site"
    home = site / "fr" / "index.html"
    identity = (home.stat().st_ino, home.stat().st_mtime_ns)
    again = rebuild(project_root)
    assert again.unchanged
    assert (again.pages, again.entries) == (first.pages, first.entries)
    assert (home.stat().st_ino, home.stat().st_mtime_ns) == identity
    # A published file gone, or changed, is noticed: the build puts it back.
    (site / "pl" / "search" / "index.html").unlink()
    again = rebuild(project_root)
    assert not again.unchanged
    assert differences(site, clean_build(project_root)) == []
    # So is an environment variable that the configuration reads (!ENV).
    monkeypatch.setenv("KBGEN_SITE_URL", "https://help.example.org/kb/")
    again = rebuild(project_root)
    assert not again.unchanged
    assert "https://help.example.org/kb/fr/" in page(site, "fr")
    assert differences(site, clean_build(project_root)) == []
    # The clean build renewed the Whoosh index kept for `kbgen search`: one build
    # checks it again, and the next has nothing to do.
    rebuild(project_root)
    assert rebuild(project_root).unchanged


def test_a_worker_that_builds_several_locales_keeps_none_of_the_last_one_s_index(
    project_root: Path,
) -> None:
    # Three locales on two workers: one worker builds two of them. Two locales' indexes
    # change, the third's is kept: the worker that builds it has just indexed another.
    locales = ["fr", "pl", "ro"]
    project = load_project(project_root / "mkdocs.yml")
    site = project_root / "site"
    first = build_site(project, site, jobs=2, locales=locales)
    edit(project_root, ENTRY, "une seule copie]", "une seule copie, copie unique]")
    edit(project_root, ENTRY, "jedna kopia]", "jedna kopia, pojedyncza kopia]")
    again = build_site(load_project(project_root / "mkdocs.yml"), site, jobs=2, locales=locales)
    assert (again.pages, again.reused > 0) == (first.pages, True)
    out = project_root / "clean"
    build_site(
        load_project(project_root / "mkdocs.yml"), out, jobs=2, use_cache=False, locales=locales
    )
    assert differences(site, out) == []


def test_a_new_entry_joins_every_listing(project_root: Path) -> None:
    rebuild(project_root)
    text = (project_root / ENTRY).read_text("utf-8")
    new = text.replace("id: license-software-copy", "id: license-second-copy").replace(
        "Puis-je faire une copie du logiciel ?", "Puis-je faire une deuxième copie ?"
    )
    (project_root / ENTRY).with_name("license-second-copy.yaml").write_text(new, "utf-8")
    rebuild(project_root)
    site = project_root / "site"
    assert "Puis-je faire une deuxième copie ?" in page(site, "fr/categories/licensing")
    assert differences(site, clean_build(project_root)) == []


def test_a_hand_edited_published_file_is_built_again(project_root: Path) -> None:
    rebuild(project_root)
    target = project_root / "site" / "fr" / "entries" / "license-software-copy" / "index.html"
    target.write_text("edited by hand", "utf-8")
    rebuild(project_root)
    assert differences(project_root / "site", clean_build(project_root)) == []


def test_a_failed_rebuild_leaves_the_site_and_the_next_one_works(project_root: Path) -> None:
    rebuild(project_root)
    site = project_root / "site"
    before = tree_digest(site)
    good = (project_root / ENTRY).read_text("utf-8")
    (project_root / ENTRY).write_text(good.replace("kind: faq", "kind: [faq"), "utf-8")
    with pytest.raises(Exception, match="problem"):
        rebuild(project_root)
    assert tree_digest(site) == before
    (project_root / ENTRY).write_text(good.replace("archivage.", "archivage !"), "utf-8")
    rebuild(project_root)
    assert "archivage !" in page(site, "fr/entries/license-software-copy")
    assert differences(site, clean_build(project_root)) == []


def test_a_damaged_cache_is_ignored(project_root: Path) -> None:
    rebuild(project_root)
    cache = project_root / ".cache" / "kbgen"
    damaged = sorted(p for p in cache.rglob("*.pickle"))
    assert damaged
    for path in damaged:
        path.write_bytes(b"not a pickle")
    report = rebuild(project_root)
    assert report.reused == 0
    assert differences(project_root / "site", clean_build(project_root)) == []


def test_cache_can_be_turned_off(small_project: SmallProject) -> None:
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8").replace(
            "      locales: [fr, pl]", "      locales: [fr, pl]\n      cache: false"
        ),
        "utf-8",
    )
    project = load_project(config)
    build_site(project, locales=BUILT)
    report = build_site(project, locales=BUILT)
    assert report.reused == 0
    assert not (small_project.root / ".cache").exists()


def test_the_cache_folder_is_an_option(small_project: SmallProject) -> None:
    config = small_project.config_file
    config.write_text(
        config.read_text("utf-8").replace(
            "      locales: [fr, pl]", "      locales: [fr, pl]\n      cache_dir: build-cache"
        ),
        "utf-8",
    )
    project = load_project(config)
    build_site(project, locales=BUILT)
    assert build_site(project, locales=BUILT).reused > 0
    assert (small_project.root / "build-cache" / "yaml.pickle").is_file()
    assert not (small_project.root / ".cache").exists()


def test_no_cache_builds_everything(project_root: Path) -> None:
    rebuild(project_root)
    project = load_project(project_root / "mkdocs.yml")
    report = build_site(project, project_root / "site", use_cache=False, locales=BUILT)
    assert report.reused == 0
    assert os.listdir(project_root / "site")


def test_manifests_of_removed_output_folders_are_dropped(small_project: SmallProject) -> None:
    project = load_project(small_project.config_file)
    one, two = small_project.root / "one", small_project.root / "two"
    build_site(project, one, locales=BUILT)
    build_site(project, two, locales=BUILT)
    sites = small_project.root / ".cache" / "kbgen" / "sites"
    assert len(list(sites.iterdir())) == 2
    shutil.rmtree(one)
    build_site(project, two, locales=BUILT)
    assert len(list(sites.iterdir())) == 1


def test_a_kept_rendering_is_checked_against_todays_links_and_facts() -> None:
    from kbgen.render.markdown import Rendered, RenderMemo

    kept = Rendered("<p>html</p>", (("other", "entries/other/"),), (("price", "20 $"),))
    memo: RenderMemo[str] = RenderMemo({"key": kept})

    def links(url: str | None) -> Callable[[str], str | None]:
        return lambda _target: url

    def price(text: str) -> Callable[[str], str]:
        return lambda _fact: text

    def gone(_fact: str) -> str:
        raise LookupError("no such fact")

    assert memo.get("key", links("entries/other/"), price("20 $")) is kept
    assert memo.get("key", links(None), price("20 $")) is None
    assert memo.get("key", links("entries/other/"), price("25 $")) is None
    assert memo.get("key", links("entries/other/"), gone) is None
    assert memo.get("other key", links("entries/other/"), price("20 $")) is None
    assert list(RenderMemo[str](memo.used).previous) == ["key"]


def test_a_first_pass_keeps_the_search_index_and_the_next_build_renews_it(
    project_root: Path,
) -> None:
    """The preview's first pass shows the edited page with the index it had; the build
    after it publishes what a clean build does, the search index included."""
    rebuild(project_root)
    site = project_root / "site"
    index = sorted((site / "fr" / "search" / "index").rglob("*"))
    before = {path: path.read_bytes() for path in index if path.is_file()}
    assert before
    polish = tree_digest(site / "pl")
    edit(project_root, ENTRY, "à des fins d'archivage.", "pour l'archiver.")
    project = load_project(project_root / "mkdocs.yml")
    build_site(project, site, jobs=1, locales=["fr"], others=["pl"], search_later=True)
    assert "pour l'archiver" in page(site, "fr/entries/license-software-copy")
    assert {path: path.read_bytes() for path in before} == before
    assert tree_digest(site / "pl") == polish
    rebuild(project_root)
    assert differences(site, clean_build(project_root)) == []
    assert any(path.read_bytes() != before[path] for path in before)


def test_a_change_inside_a_linked_folder_is_a_change(tmp_path: Path) -> None:
    from kbgen.incremental import tree_key

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "entry.yaml").write_text("id: a\n")
    tree = tmp_path / "content"
    tree.mkdir()
    (tree / "entries").symlink_to(outside, target_is_directory=True)
    before = tree_key(tree)
    (outside / "entry.yaml").write_text("id: b\n")
    assert tree_key(tree) != before


def test_a_rebuild_starts_with_the_locales_whose_translations_were_edited() -> None:
    from kbgen.content.reuse import edited_locales
    from kbgen.source import ParsedFiles

    def entry(entry_id: str, **texts: str) -> str:
        lines = [f"id: {entry_id}", "translations:"]
        for tag, answer in texts.items():
            lines += [f"  {tag.replace('_', '-')}:", f"    answer: {answer}"]
        return "\n".join(lines) + "\n"

    last = ParsedFiles()
    for text in (entry("a", fr="Oui.", ro="Da."), entry("b", fr="Non.", pl="Nie.")):
        last.parse(text)
    now = ParsedFiles(last.used)
    now.parse(entry("a", fr="Oui.", ro="Da, sigur."))  # one translation edited
    now.parse(entry("b", fr="Non.", pl="Nie."))  # unchanged
    now.parse(entry("c", zh_TW="是。"))  # a new entry
    assert edited_locales(now) == {"ro", "zh-TW"}
    assert edited_locales(ParsedFiles(now.used)) == set()


def test_a_locale_that_rendered_nothing_new_keeps_its_render_cache_as_it_is(
    project_root: Path,
) -> None:
    rebuild(project_root)
    memos = project_root / ".cache" / "kbgen" / "render"
    before = {path.name: path.stat().st_mtime_ns for path in memos.glob("*.pickle")}
    assert set(before) == {"fr.pickle", "fr-changes.pickle", "pl.pickle", "pl-changes.pickle"}
    # A French entry of its own: the Polish pages render nothing anew. (It relates to
    # no entry: its category's pages list the most related first, in every locale.)
    entry = yaml.safe_load((project_root / ENTRY).read_text("utf-8"))
    entry["id"], entry["source_locale"], entry["related"] = "copy-fr", "fr", []
    entry["translations"] = {"fr": entry["translations"]["fr"]}
    entry["translations"]["fr"].pop("source_hash", None)
    entry["translations"]["fr"].pop("translated_from", None)
    new = (project_root / ENTRY).with_name("copy-fr.yaml")
    new.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), "utf-8")
    rebuild(project_root)
    after = {path.name: path.stat().st_mtime_ns for path in memos.glob("*.pickle")}
    assert after["pl.pickle"] == before["pl.pickle"]
    assert after["pl-changes.pickle"] == before["pl-changes.pickle"]
    # A category's count changed: every French page was made anew, the memo kept whole.
    assert after["fr.pickle"] != before["fr.pickle"]
    # An answer: a few things made anew, kept as changes beside the whole.
    edit(project_root, ENTRY, "à des fins d'archivage.", "pour l'archiver.")
    rebuild(project_root)
    again = {path.name: path.stat().st_mtime_ns for path in memos.glob("*.pickle")}
    assert again["fr.pickle"] == after["fr.pickle"]
    assert again["fr-changes.pickle"] != after["fr-changes.pickle"]
    assert again["pl.pickle"] == after["pl.pickle"]
    assert differences(project_root / "site", clean_build(project_root)) == []


def test_a_rebuild_after_an_edit_writes_the_edited_file_s_parse_alone(project_root: Path) -> None:
    import pickle

    rebuild(project_root)
    cache = project_root / ".cache" / "kbgen"
    whole = (cache / "yaml.pickle").stat().st_mtime_ns

    def since() -> dict[str, object]:
        _fingerprint, value = pickle.loads((cache / "yaml-since.pickle").read_bytes())
        return value

    edit(project_root, ENTRY, "copie d'archivage,", "copie d'archivage, double du logiciel,")
    rebuild(project_root)
    assert (cache / "yaml.pickle").stat().st_mtime_ns == whole
    assert len(since()) == 1
    assert differences(project_root / "site", clean_build(project_root)) == []
    # Many edits: everything is written again, in one file.
    entries = sorted((project_root / "content" / "entries").rglob("*.yaml"))
    for path in entries[: len(entries) // 4]:
        path.write_text(path.read_text("utf-8") + "# edited\n", "utf-8")
    rebuild(project_root)
    assert (cache / "yaml.pickle").stat().st_mtime_ns != whole
    assert since() == {}
    assert differences(project_root / "site", clean_build(project_root)) == []


def test_a_rebuild_writes_the_search_index_files_that_changed_alone(project_root: Path) -> None:
    rebuild(project_root)
    index = project_root / "site" / "pl" / "search" / "index"

    def files() -> dict[str, int]:
        return {p.relative_to(index).as_posix(): p.stat().st_ino for p in index.rglob("*.json")}

    before = files()
    edit(project_root, ENTRY, "jedna kopia]", "jedna kopia, egzemplarz archiwalny]")
    rebuild(project_root)
    after = files()
    written = sorted(path for path in after if before.get(path) != after[path])
    # The new words' shards, and the field lengths' average: a few files of many.
    assert "meta.json" in written
    assert any(path.startswith("t/") for path in written)
    assert len(written) < len(after) / 4, written
    assert differences(project_root / "site", clean_build(project_root)) == []


def test_a_category_page_is_kept_while_its_entries_and_answers_are_unchanged(
    project_root: Path,
) -> None:
    from kbgen.i18n import SiteLocale, load_translations
    from kbgen.project import load_project_content
    from kbgen.render.category import category_page
    from kbgen.render.page import LocaleMemo, Page
    from kbgen.render.renderer import LocaleRenderer

    project = load_project(project_root / "mkdocs.yml")

    def pages(memo: LocaleMemo, rendering: bool = True) -> dict[str, Page]:
        kb = load_project_content(project)
        catalog = load_translations(project.locales_dir, "fr")
        renderer = LocaleRenderer(kb, SiteLocale("fr"), catalog, "KB", memo=memo)
        if not rendering:  # every category page must come from the memo

            def refuse(name: str) -> None:
                raise AssertionError(f"{name} rendered")

            renderer.env.get_template = refuse  # type: ignore[method-assign,assignment]
        return {c.id: category_page(renderer, c, entries) for c, entries in renderer.categories}

    first = LocaleMemo()
    before = pages(first)
    assert pages(LocaleMemo.resume(first.kept()), rendering=False) == before
    # An answer, and a price that another category's answer quotes from the rules.
    edit(project_root, ENTRY, "à des fins d'archivage.", "pour l'archiver.")
    edit(
        project_root, PRICES, 'amount: "20.00", currency: USD}]', 'amount: "25.00", currency: USD}]'
    )
    after = pages(LocaleMemo.resume(first.kept()))
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"licensing", "support-plans"}, changed
    assert "pour l'archiver" in after["licensing"].markdown
    assert after == pages(LocaleMemo())


def test_an_entry_s_key_is_its_file_s_text_with_its_locales_and_dates(project_root: Path) -> None:
    import datetime as dt

    from kbgen.incremental import EntryKeys
    from kbgen.progress import QUIET
    from kbgen.project import load_project_content
    from kbgen.source import ParsedFiles

    project = load_project(project_root / "mkdocs.yml")
    kb = load_project_content(project, QUIET, ParsedFiles())
    entry_id = "license-software-copy"
    entry, source = kb.entries[entry_id], {"e": kb.sources[entry_id]}
    fr = entry.translations["fr"].model_copy(update={"updated": dt.date(2020, 1, 1)})
    redated = entry.model_copy(update={"translations": {**entry.translations, "fr": fr}})
    drafts = {tag: t for tag, t in entry.translations.items() if tag != "pl"}
    fewer = entry.model_copy(update={"translations": drafts})
    keys = [EntryKeys({"e": e}, source)["e"] for e in (entry, redated, fewer)]
    assert keys[0] == kb.keys[entry_id] and len(set(keys)) == 3
    # Without its file's text (not parsed through the cache): the entry as JSON.
    assert EntryKeys({"e": entry})["e"] not in keys


def test_a_rebuild_keeps_the_theme_s_files_and_publishes_an_edited_one(
    project_root: Path,
) -> None:
    rebuild(project_root)
    fr = project_root / "site" / "fr"

    def inodes() -> dict[str, int]:
        files = [*(fr / "assets").rglob("*"), fr / "eligibility" / "rules.json"]
        return {p.relative_to(fr).as_posix(): p.stat().st_ino for p in files if p.is_file()}

    before = inodes()
    edit(project_root, ENTRY, "à des fins d'archivage.", "pour l'archiver.")
    rebuild(project_root)
    # The French pages are built again; the theme's files and the quiz's rules, unchanged,
    # stay as they were published.
    assert inodes() == before
    edit(project_root, "theme/assets/kbgen.css", "", "/* edited */\n")
    rebuild(project_root)
    assert (fr / "assets" / "kbgen.css").read_text("utf-8").startswith("/* edited */")
    assert differences(project_root / "site", clean_build(project_root)) == []


def test_the_quiz_table_is_kept_while_the_rules_and_the_entries_they_name_are_unchanged(
    project_root: Path,
) -> None:
    from kbgen.i18n import SiteLocale, load_translations
    from kbgen.project import load_project_content
    from kbgen.render.page import LocaleMemo, Page
    from kbgen.render.quiz import quiz_pages
    from kbgen.render.renderer import LocaleRenderer

    project = load_project(project_root / "mkdocs.yml")
    named = "content/entries/acronis-advantage/home-user-support-options.yaml"

    def table(memo: LocaleMemo, rendering: bool = True) -> Page:
        kb = load_project_content(project)
        catalog = load_translations(project.locales_dir, "fr")
        renderer = LocaleRenderer(kb, SiteLocale("fr"), catalog, "KB", memo=memo)
        if not rendering:  # the table must come from the memo
            get_template = renderer.env.get_template

            def refuse(name: str) -> Any:
                assert name != "pages/quiz_table.md", "the table was rendered"
                return get_template(name)

            renderer.env.get_template = refuse  # type: ignore[method-assign]
        return quiz_pages(renderer)[1]

    first = LocaleMemo()
    before = table(first)
    assert table(LocaleMemo.resume(first.kept()), rendering=False) == before
    # An entry that the rules do not name: kept.
    edit(project_root, ENTRY, "à des fins d'archivage.", "pour l'archiver.")
    assert table(LocaleMemo.resume(first.kept()), rendering=False) == before
    # The title of an entry that a rule names, then a price: made anew, as a clean render.
    edit(project_root, named, "à quelles options de support", "quelles options de support")
    after = table(LocaleMemo.resume(first.kept()))
    assert "True Image Home, quelles options de support" in after.markdown
    assert after == table(LocaleMemo())
    edit(project_root, PRICES, 'amount: "20.00"', 'amount: "25.00"')
    priced = table(LocaleMemo.resume(first.kept()))
    assert "25,00" in priced.markdown and priced == table(LocaleMemo())


def test_a_search_index_whose_inputs_are_unchanged_is_kept_without_its_documents(
    project_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kbgen.search

    rebuild(project_root)
    site = project_root / "site"
    entry_page = site / "pl" / "entries" / "license-software-copy" / "index.html"
    index = site / "pl" / "search" / "index"

    def files() -> dict[str, int]:
        return {p.relative_to(index).as_posix(): p.stat().st_ino for p in index.rglob("*")}

    before, page_before = files(), entry_page.stat().st_ino
    documents_for = kbgen.search.documents_for

    def polish_refused(renderer: Any) -> Any:  # inherited by the build's forked workers
        assert renderer.locale.tag != "pl", "the Polish search documents were made"
        return documents_for(renderer)

    monkeypatch.setattr(kbgen.search, "documents_for", polish_refused)
    # The French source of a Polish translation that was current: the Polish page now says
    # it is out of date, but nothing that the Polish index reads has changed.
    edit(project_root, ENTRY, "à des fins d'archivage.", "pour l'archiver.")
    rebuild(project_root)
    assert entry_page.stat().st_ino != page_before
    assert files() == before
    monkeypatch.setattr(kbgen.search, "documents_for", documents_for)
    # `kbgen search` still opens the index that the build kept, as it is the published one.
    found = run_kbgen("search", "--locale", "pl", "--json", "kopia", cwd=project_root)
    assert found.returncode == 0 and "indexing it for this search" not in found.stderr
    assert "license-software-copy" in found.stdout
    assert differences(site, clean_build(project_root)) == []
