"""The built site: real pages in every locale, the switcher, the root chooser, safe publishing."""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import re
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.cache import published_files
from kbgen.errors import ContentError
from kbgen.project import BuildError
from kbgen.publish import Removals, publish
from kbgen.site import BuildReport, build_site
from tests.conftest import FAQ, SmallProject
from tests.helpers import tree_digest
from tests.pages import find, find_all, page, parse, text

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]


@pytest.mark.parametrize(
    ("path", "title", "sentence"),
    [
        (
            "zh-TW/entries/ppi-price/",
            "按件計費支援 (PPI) 的費用是多少?",
            "若為企業產品,PPI 的訂價為單一授權費用的 25%",
        ),
        ("zh-CN/entries/handbook-severity-levels/", "严重等级", "严重等级"),
        (
            "fr/entries/license-software-copy/",
            "Puis-je faire une copie du logiciel ?",
            "Vous êtes autorisé à réaliser une seule copie du logiciel à des fins d'archivage.",
        ),
        (
            "ro/entries/symantec-renewal-steps/",
            "Cum se poate reînnoi contractul?",
            "Determinați ce contracte de servicii necesită reînnoire.",
        ),
        (
            "pl/entries/ms-response-times/",
            "Jaki jest szacowany czas odpowiedzi?",
            "wstępna odpowiedź: maksymalnie 2 godziny",
        ),
    ],
)
def test_entry_page_in_each_locale(
    shipped_site: Path, path: str, title: str, sentence: str
) -> None:
    doc = page(shipped_site, path)
    assert text(find(doc, "h1")).startswith(title)
    assert sentence in text(find(doc, "article"))
    assert find(doc, "title").text.startswith(title)  # type: ignore[union-attr]


def test_theme_interface_is_in_the_locale(shipped_site: Path) -> None:
    expected = {"zh-TW": "zh-TW", "zh-CN": "zh-CN", "fr": "fr", "ro": "ro", "pl": "pl"}
    for tag, html_lang in expected.items():
        doc = page(shipped_site, f"{tag}/")
        assert find(doc, "html").get("lang") == html_lang
    # Material's own strings come from its language file: "Back to top" in Polish.
    assert "Powrót do góry" in text(page(shipped_site, "pl/"))
    assert "回到页面顶部" in text(page(shipped_site, "zh-CN/"))


def test_tables_are_rendered_as_tables(shipped_site: Path) -> None:
    doc = page(shipped_site, "pl/entries/ms-response-times/")
    table = find(doc, "table")
    headers = [text(th) for th in find_all(table, "th")]
    assert headers == ["Ważność", "Rodzaj problemu", "Czas odpowiedzi"]
    rows = [[text(td) for td in tr.iter("td")] for tr in table.iter("tr")][1:]
    assert rows[0] == [
        "Ważność A",
        "Ma krytyczne znaczenie biznesowe",
        "wstępna odpowiedź: maksymalnie 2 godziny",
    ]
    assert len(rows) == 3


def test_last_updated_date_is_formatted_for_the_locale(shipped_site: Path) -> None:
    dates = {
        "fr/entries/license-software-copy/": "22 novembre 2026",
        "pl/entries/ms-response-times/": "22 listopada 2026",
        "ro/entries/symantec-renewal-steps/": "22 noiembrie 2026",
        "zh-TW/entries/ppi-price/": "2026年11月22日",
    }
    for path, shown in dates.items():
        time = find(page(shipped_site, path), "time")
        assert time.get("datetime") == "2026-11-22"
        assert text(time) == shown


def test_home_lists_the_categories_with_counts(shipped_site: Path) -> None:
    doc = page(shipped_site, "fr/")
    cards = [text(li) for li in find_all(doc, "li", **{"class": "kb-category-card"})]
    assert cards[0].startswith("Offres de support et conditions")
    assert any(card.startswith("Licences") and card.endswith("entrées") for card in cards)
    links = [a.get("href") for a in find(doc, "nav", **{"class": "kb-categories"}).iter("a")]
    assert "categories/licensing/" in links


@pytest.mark.parametrize(
    ("locale", "button"),
    [
        ("zh-TW", "查看您的支援選項"),
        ("zh-CN", "查看您的支持选项"),
        ("fr", "Vérifier vos options de support"),
        ("ro", "Verificați opțiunile de asistență"),
        ("pl", "Sprawdź dostępne opcje pomocy technicznej"),
    ],
)
def test_home_invites_to_the_quiz_with_its_own_title(
    shipped_site: Path, locale: str, button: str
) -> None:
    card = find(page(shipped_site, f"{locale}/"), "section", **{"class": "kb-quiz-card"})
    quiz = page(shipped_site, f"{locale}/eligibility/")
    assert text(find(card, "h2")) == text(find(quiz, "h1"))
    assert text(find(card, "p")) == text(find(quiz, "p", **{"class": "kb-lead"}))
    link = find(card, "a")
    assert (link.get("href"), text(link)) == ("eligibility/", button)


def head_meta(site: Path, path: str) -> dict[str, str]:
    doc = page(site, path)
    return {
        str(meta.get("name") or meta.get("property")): str(meta.get("content"))
        for meta in find_all(doc, "meta")
        if meta.get("content") is not None
    }


def test_pages_describe_themselves_for_search_engines_and_link_previews(
    shipped_site: Path,
) -> None:
    meta = head_meta(shipped_site, "fr/entries/license-software-copy/")
    assert meta["description"] == (
        "Vous êtes autorisé à réaliser une seule copie du logiciel à des fins d'archivage."
    )
    assert {key: meta[key] for key in meta if key.startswith("og:")} == {
        "og:site_name": "Base de connaissances du support",
        "og:type": "article",
        "og:title": "Puis-je faire une copie du logiciel ?",
        "og:description": meta["description"],
        "og:locale": "fr",  # no og:url without a site_url
    }
    article = page(shipped_site, "zh-CN/entries/handbook-case-follow-up-emails/")
    summary = text(find(article, "p", **{"class": "kb-summary"}))
    assert head_meta(shipped_site, "zh-CN/entries/handbook-case-follow-up-emails/") == {
        **head_meta(shipped_site, "zh-CN/entries/handbook-case-follow-up-emails/"),
        "description": summary,
        "og:description": summary,
        "og:type": "article",
    }
    # A long answer is cut, Chinese characters counting two columns of 160.
    described = head_meta(shipped_site, "zh-TW/entries/ppi-price/")["description"]
    assert described.startswith("若為企業產品,PPI 的訂價為單一授權費用的 25%")
    assert (
        described.endswith("…")
        and 140 < sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in described) <= 160
    )
    # The home and the quiz say what they are for; a category lists what it answers.
    quiz = page(shipped_site, "ro/eligibility/")
    intro = text(find(quiz, "p", **{"class": "kb-lead"}))
    assert head_meta(shipped_site, "ro/eligibility/")["description"] == intro
    assert head_meta(shipped_site, "ro/eligibility/table/")["description"] == intro
    home = text(find(page(shipped_site, "pl/"), "p", **{"class": "kb-lead"}))
    assert head_meta(shipped_site, "pl/")["description"] == home
    category = head_meta(shipped_site, "pl/categories/support-plans/")
    # Its own description, or the titles of what it answers (in the page's order), cut at
    # 160 columns.
    listed = page(shipped_site, "pl/categories/support-plans/")
    first = text(find(listed, "h3", **{"class": "kb-question__title"}))
    assert category["description"].startswith(first + " · ")
    assert len(category["description"]) <= 161
    assert category["og:type"] == "website" and category["og:locale"] == "pl"
    assert head_meta(shipped_site, "zh-TW/")["og:locale"] == "zh_TW"


def test_polish_plural_forms(shipped_site: Path) -> None:
    # 88 entries: "wpisów" (many); categories of 2 to 4 (or 22 to 24) entries: "wpisy" (few).
    doc = page(shipped_site, "pl/")
    assert text(find(doc, "p", **{"class": "kb-count"})) == "88 wpisów w tym języku"
    counts = [text(s) for s in find_all(doc, "span", **{"class": "kb-category-card__count"})]
    expected = {
        1: "wpis",
        **{n: "wpisy" for n in (2, 3, 4, 22, 23, 24)},
    }
    for count in counts:
        number, word = count.split()
        assert word == expected.get(int(number), "wpisów"), count


def test_category_page_has_faq_anchors_from_entry_ids(shipped_site: Path) -> None:
    doc = page(shipped_site, "fr/categories/licensing/")
    heading = find(doc, "h3", id="license-software-copy")
    assert text(heading).startswith("Puis-je faire une copie du logiciel ?")
    links = [a.get("href") for a in doc.iter("a")]
    assert "../../entries/license-software-copy/" in links


def test_navigation_lists_categories_not_entries(shipped_site: Path) -> None:
    doc = page(shipped_site, "fr/entries/license-software-copy/")
    primary = find(doc, "nav", **{"class": "md-nav md-nav--primary"})
    hrefs = [a.get("href") for a in primary.iter("a") if a.get("href")]
    assert not [h for h in hrefs if "entries/" in h]
    assert "../../categories/licensing/" in hrefs


def test_related_entries(shipped_site: Path) -> None:
    doc = page(shipped_site, "pl/entries/ms-response-times/")
    related = find(doc, "ul", **{"class": "kb-related"})
    assert [a.get("href") for a in related.iter("a")] == [
        "../ms-incident-definition/",
        "../ms-acceptable-resolution/",
    ]


def switcher(site: Path, path: str) -> dict[str, tuple[str, bool, str]]:
    doc = page(site, path)
    menu = find(doc, "ul", **{"data-kb-languages": ""})
    return {
        a.get("data-kb-language", ""): (
            a.get("href", ""),
            a.get("data-kb-available") == "true",
            text(a),
        )
        for a in menu.iter("a")
    }


def test_switcher_lands_on_the_same_entry_or_that_locales_home_saying_so(
    shipped_site: Path,
) -> None:
    # Every entry is in every language of the shipped site: each link is the same entry.
    links = switcher(shipped_site, "fr/entries/license-software-copy/")
    assert links["zh-TW"] == ("../../../zh-TW/entries/license-software-copy/", True, "中文 (繁體)")
    assert links["fr"][0] == "../../../fr/entries/license-software-copy/"
    assert links["pl"] == ("../../../pl/entries/license-software-copy/", True, "Polski")
    assert links["ro"][1] is True
    for target, _available, _label in links.values():
        assert (
            (shipped_site / "fr/entries/license-software-copy" / target / "index.html")
            .resolve()
            .is_file()
        )


def test_switcher_from_a_category_and_from_home(shipped_site: Path) -> None:
    links = switcher(shipped_site, "pl/categories/cases-and-severity/")
    assert links["fr"] == ("../../../fr/categories/cases-and-severity/", True, "Français")
    assert links["ro"][:2] == ("../../../ro/categories/cases-and-severity/", True)
    home = switcher(shipped_site, "ro/")
    assert {tag: href for tag, (href, _a, _l) in home.items()} == {t: f"../{t}/" for t in LOCALES}


def test_root_chooser_lists_every_language_in_its_own_name(shipped_site: Path) -> None:
    doc = parse(shipped_site / "index.html")
    links = [(a.get("href"), a.get("lang"), text(a)) for a in find_all(doc, "a")]
    assert links == [
        ("zh-TW/", "zh-TW", "中文 (繁體)"),
        ("zh-CN/", "zh-CN", "中文 (简体)"),
        ("fr/", "fr", "Français"),
        ("ro/", "ro", "Română"),
        ("pl/", "pl", "Polski"),
    ]
    icons = [link.get("href") for link in find_all(doc, "link") if link.get("rel") == "icon"]
    assert len(icons) == 1 and (shipped_site / str(icons[0])).is_file(), icons


def test_each_locale_has_a_404_page(shipped_site: Path) -> None:
    for tag in LOCALES:
        assert (shipped_site / tag / "404.html").is_file()
    assert (shipped_site / "404.html").is_file()


def test_failed_build_leaves_the_previous_site_as_it_was(small_project: SmallProject) -> None:
    project = load_project(small_project.config_file)
    site = small_project.root / "site"
    build_site(project, site)
    before = tree_digest(site)
    assert (site / "fr/entries/software-copy/index.html").is_file()

    small_project.write("content/entries/bad.yaml", FAQ.format(id="bad", related="[nowhere]"))
    with pytest.raises(ContentError):
        build_site(project, site)
    assert tree_digest(site) == before
    # The build cache stays (kbgen.cache); no staging folder does.
    assert sorted(p.name for p in small_project.root.iterdir()) == [
        ".cache",
        "content",
        "mkdocs.yml",
        "site",
    ]


def test_failure_inside_mkdocs_leaves_the_previous_site_as_it_was(
    small_project: SmallProject,
) -> None:
    project = load_project(small_project.config_file)
    site = small_project.root / "site"
    build_site(project, site)
    before = tree_digest(site)
    # A MkDocs hook that fails while building the second locale, after the first is written.
    small_project.write(
        "hooks.py",
        """\
        from mkdocs.exceptions import PluginError

        def on_post_build(config):
            if config.site_dir.endswith("pl"):
                raise PluginError("the disk is full")
        """,
    )
    with small_project.config_file.open("a", encoding="utf-8") as handle:
        handle.write("hooks: [hooks.py]\n")
    with pytest.raises(BuildError, match="locale pl: the disk is full"):
        build_site(load_project(small_project.config_file), site, jobs=1)
    assert tree_digest(site) == before
    leftovers = sorted(p.name for p in small_project.root.iterdir())
    assert leftovers == [".cache", "content", "hooks.py", "mkdocs.yml", "site"]


def test_a_build_lets_its_objects_back_into_garbage_collections(
    small_project: SmallProject,
) -> None:
    """The preview builds again and again in one process: what a build leaves out of
    collections while its tasks fork (the knowledge base) is let back in at its end,
    whether it published or failed."""
    project = load_project(small_project.config_file)
    site = small_project.root / "site"
    build_site(project, site, jobs=2)
    assert gc.get_freeze_count() == 0
    small_project.write(
        "hooks.py",
        """\
        from mkdocs.exceptions import PluginError

        def on_post_build(config):
            raise PluginError("the disk is full")
        """,
    )
    with small_project.config_file.open("a", encoding="utf-8") as handle:
        handle.write("hooks: [hooks.py]\n")
    with pytest.raises(BuildError, match="the disk is full"):
        build_site(load_project(small_project.config_file), site, jobs=2)
    assert gc.get_freeze_count() == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 16 MiB file system (tmpfs), to fill up."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    yield disk
    subprocess.run(["umount", "--lazy", str(disk)], check=True)


def test_a_full_disk_leaves_the_previous_site_as_it_was(
    small_project: SmallProject, small_disk: Path
) -> None:
    project = load_project(small_project.config_file)
    site = small_disk / "site"
    build_site(project, site, jobs=1)
    before = tree_digest(site)
    filler = (small_disk / "filler").open("wb", buffering=0)
    with filler, pytest.raises(OSError, match="No space left on device"):
        while True:
            filler.write(b"\0" * 2**16)
    with pytest.raises(
        BuildError, match=rf"^cannot write the site to {site}: No space left on device \({site}/"
    ):
        build_site(project, site, jobs=1, use_cache=False)
    assert tree_digest(site) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "site"]
    (small_disk / "filler").unlink()
    build_site(project, site, jobs=1, use_cache=False)
    assert tree_digest(site) == before


def test_build_replaces_the_site(small_project: SmallProject) -> None:
    project = load_project(small_project.config_file)
    site = small_project.root / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", "utf-8")
    report = build_site(project, site)
    assert not (site / "stale.html").exists()
    assert report.entries == {"fr": 1, "pl": 0}
    assert (site / "pl/index.html").is_file()


class _Heard(logging.Handler):
    """Tells when kbgen logs a message containing ``words``."""

    def __init__(self, words: str) -> None:
        super().__init__()
        self.words, self.heard, self.messages = words, threading.Event(), list[str]()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        if self.words in record.getMessage():
            self.heard.set()


def test_a_build_waits_for_another_into_the_same_folder(small_project: SmallProject) -> None:
    project = load_project(small_project.config_file)
    site = small_project.root / "site"
    heard = _Heard("waiting for another build")
    logging.getLogger("kbgen").addHandler(heard)
    # Another build holds the folder: the same lock any kbgen build takes.
    other = os.open(small_project.root, os.O_RDONLY)
    fcntl.flock(other, fcntl.LOCK_EX)
    reports: list[BuildReport] = []
    waiting = threading.Thread(target=lambda: reports.append(build_site(project, site)))
    waiting.start()
    try:
        assert heard.heard.wait(60)
        assert heard.messages == [f"waiting for another build into {small_project.root} to finish"]
        # It cannot go on before the other build lets go.
        assert waiting.is_alive() and not site.exists()
    finally:
        os.close(other)
        waiting.join(120)
        logging.getLogger("kbgen").removeHandler(heard)
    assert reports and (site / "fr/entries/software-copy/index.html").is_file()


def test_a_build_removes_what_killed_builds_left(small_project: SmallProject) -> None:
    project = load_project(small_project.config_file)
    root = small_project.root
    left = [".site-new-k4_2x9qa", ".site-old-0abcdefg"]
    others = [".site-new-notmine", ".sitemap-new-k4_2x9qa", "site-new-k4_2x9qa"]
    for name in left + others:
        write_tree(root / name, {"fr/index.html": "half written"})
    build_site(project, root / "site")
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [".cache", "content", "mkdocs.yml", "site", *others]
    )


def write_tree(root: Path, files: dict[str, str]) -> None:
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content, "utf-8")


def read_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text("utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_rebuild_that_keeps_most_files_moves_the_new_ones_in(tmp_path: Path) -> None:
    output, staging = tmp_path / "site", tmp_path / ".site-new"
    kept = {f"fr/entries/e{n}/index.html" for n in range(5)}
    write_tree(output, {path: "kept" for path in kept})
    write_tree(output, {"fr/index.html": "old", "fr/entries/gone/index.html": "removed"})
    write_tree(staging, {"fr/index.html": "new", "pl/index.html": "added"})
    # A folder linked into the site by hand is left as it is.
    (tmp_path / "elsewhere").mkdir()
    (output / "fr" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    folder, kept_file = output.stat().st_ino, (output / sorted(kept)[0]).stat().st_ino
    stamps = published_files(output)  # as the build found the kept files
    left = publish(staging, output, {path: stamps[path] for path in kept})
    # What it left, as the build's manifests are made of: every file with its size and time.
    assert left == published_files(output)
    assert "fr/linked" in left and (output / "fr" / "linked").is_symlink()
    (output / "fr" / "linked").unlink()
    assert read_tree(output) == {
        **{path: "kept" for path in kept},
        "fr/index.html": "new",
        "pl/index.html": "added",
    }
    # In place: the same folder and the same kept files; the emptied folder is gone.
    assert output.stat().st_ino == folder
    assert (output / sorted(kept)[0]).stat().st_ino == kept_file
    assert not (output / "fr/entries/gone").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "site"]


def test_a_rebuild_that_changes_most_files_swaps_in_a_new_folder(tmp_path: Path) -> None:
    output, staging = tmp_path / "site", tmp_path / ".site-new"
    write_tree(output, {"fr/search/index.json": "kept", "fr/old/index.html": "removed"})
    write_tree(output, {f"fr/entries/e{n}/index.html": "old" for n in range(3)})
    write_tree(staging, {f"fr/entries/e{n}/index.html": "new" for n in range(3)})
    folder, kept_file = output.stat().st_ino, (output / "fr/search/index.json").stat().st_ino
    stamps = published_files(output)  # as the build found the kept file
    left = publish(staging, output, {"fr/search/index.json": stamps["fr/search/index.json"]})
    assert output.stat().st_ino != folder
    # Every file with its size and time, from the one walk of the new folder: the site is
    # not walked again.
    assert left == published_files(output)
    assert read_tree(output) == {
        "fr/search/index.json": "kept",
        **{f"fr/entries/e{n}/index.html": "new" for n in range(3)},
    }
    # The kept file joined the new folder as it was (the same file, linked).
    assert (output / "fr/search/index.json").stat().st_ino == kept_file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_replaced_site_is_removed_beside_the_build_s_last_steps(tmp_path: Path) -> None:
    output, staging = tmp_path / "site", tmp_path / ".site-new"
    write_tree(output, {f"fr/entries/e{n}/index.html": "old" for n in range(50)})
    write_tree(staging, {"fr/index.html": "new"})
    with Removals() as removals:
        publish(staging, output, {}, (), removals)
        # The new site is in place at once; the old one goes while the build keeps its work.
        assert read_tree(output) == {"fr/index.html": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_every_local_asset_and_link_of_a_page_resolves(shipped_site: Path) -> None:
    for path in [
        "fr/",
        "zh-CN/categories/support-plans/",
        "pl/entries/ms-response-times/",
        "ro/404.html",
    ]:
        file = shipped_site / path / "index.html" if path.endswith("/") else shipped_site / path
        doc = parse(file)
        refs = [e.get("href") for e in doc.iter("link")] + [
            e.get("src") for e in doc.iter("script")
        ]
        refs += [e.get("href") for e in doc.iter("a")]
        for ref in refs:
            if not ref or ref.startswith(("http:", "https:", "#", "mailto:", "javascript:")):
                continue
            base = shipped_site if ref.startswith("/") else file.parent
            target = (base / ref.split("#")[0].lstrip("/")).resolve()
            if ref.split("#")[0].endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{path}: {ref} does not resolve"
    assert not list(shipped_site.glob("*/**/*.yaml")), "content files must not be published"


def test_entry_links_in_table_cells_resolve(small_project: SmallProject) -> None:
    from tests.conftest import FAQ as ENTRY

    text = (
        ENTRY.format(id="cells", related="[]").replace(
            "d'archivage.\n", 'd\'archivage.\n\n      {{ table("t") }}\n'
        )
        + '    tables:\n      t:\n        columns: [A]\n        rows:\n          - ["voir [la copie](entry:software-copy)"]\n'
    )
    small_project.write("content/entries/cells.yaml", text)
    site = small_project.root / "site"
    build_site(load_project(small_project.config_file), site)
    cell = find(page(site, "fr/entries/cells/"), "td")
    [href] = [a.get("href") or "" for a in cell.iter("a")]
    target = (site / "fr/entries/cells" / href / "index.html").resolve()
    assert target == (site / "fr/entries/software-copy/index.html").resolve()


def test_a_build_of_some_locales_offers_only_those(small_project: SmallProject) -> None:
    config = small_project.config_file
    config.write_text(config.read_text("utf-8") + "site_url: https://kb.example.org/\n", "utf-8")
    site = small_project.root / "site"
    build_site(load_project(config), site, locales=["pl"])
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["pl"]
    for name in ("index.html", "404.html"):
        html = (site / name).read_text("utf-8")
        assert 'data-kb-language="pl"' in html, name
        assert 'data-kb-language="fr"' not in html, name
    assert '<html lang="pl">' in (site / "index.html").read_text("utf-8")
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "https://kb.example.org/pl/" in sitemap
    assert "/fr/" not in sitemap


def test_the_parts_rendered_once_a_depth_are_each_page_s_own(shipped_site: Path) -> None:
    """The theme's styles, configuration and footer are rendered once for the pages they
    are the same on (theme/main.html): on every page they point where its own would."""
    import json

    for file in sorted((shipped_site / "pl").rglob("index.html")):
        text = file.read_text("utf-8")
        where = file.relative_to(shipped_site / "pl").parent
        depth = len(where.parts)
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text)
        assert config is not None, file
        assert json.loads(config.group(1))["base"] == ("/".join([".."] * depth) or "."), file
        styles = re.search(r'<link rel="stylesheet" href="([^"]*)assets/stylesheets/main', text)
        assert styles is not None and styles.group(1) == "../" * depth, file
        contact = re.search(r'<a href="([^"]*)" data-kb-footer-contact>', text)
        assert contact is not None, file
        written = os.path.relpath(shipped_site / "pl" / "contact", file.parent)
        assert contact.group(1) == ("./" if written == "." else written + "/"), file
