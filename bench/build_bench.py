"""Build benchmark: kbgen against mkdocs-material + mkdocs-static-i18n on the same pages.

    python bench/build_bench.py                       # 200 and 2,000 entries per locale
    python bench/build_bench.py --sizes 200
    python bench/build_bench.py --sizes 2000 --runs 3   # medians of three runs

For each size, writes the synthetic corpus (bench/make_corpus.py), builds it with
``kbgen build`` (search and quiz included), rebuilds it without a change, after
adding a keyword to one translation, after rewriting the source text of one entry
(the corpus marks no translation as current: its source locale alone changes), and
after rewriting the source text of an entry whose four translations were marked
current with it (its page then says so in every locale), and builds the same entry pages as
plain Markdown with mkdocs-material and mkdocs-static-i18n (one site, five
languages, the navigation cut to categories, the theme's own search on). Prints wall time, peak memory (the build and its
workers), output size and search index size for each. Run it on purpose.

Wall seconds depend on what else the machine runs; CPU seconds (user + system of
the build and every worker it waited for) do less, and are printed beside them.
"pages" counts the entry pages (one per entry and translation: the synthetic
entries in five locales and the shipped ones the quiz's rules name).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import LOCALES, make_corpus  # noqa: E402
from kbgen.content.model import ArticleEntry, FaqEntry  # noqa: E402
from kbgen.content.status import source_hash  # noqa: E402

BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds, the system's part of them and peak resident MiB of a
    command and its children."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{process.stderr.read().decode() if process.stderr else ''}"
        )
    # wait4's usage covers the process and the descendants it waited for (the build's
    # workers): CPU is the sum of their user and system time, ru_maxrss the peak of the
    # largest of them (each locale's worker holds one locale). System time is shown apart:
    # it is mostly the file system's making of files and folders, which varies with the
    # machine (see the README) more than the code does.
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_stime, usage.ru_maxrss / 1024


def size_mib(path: Path, pattern: str = "*") -> float:
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file()) / 2**20


def write_reference(corpus: Path, out: Path) -> None:
    """The corpus as Markdown pages for mkdocs-static-i18n (suffix structure)."""
    docs = out / "docs"
    categories = yaml.safe_load((corpus / "content" / "categories.yaml").read_text("utf-8"))
    by_category: dict[str, list[str]] = {c["id"]: [] for c in categories}
    for path in sorted((corpus / "content" / "entries").rglob("*.yaml")):
        entry = yaml.safe_load(path.read_text("utf-8"))
        by_category[entry["category"]].append(entry["id"])
        for tag, t in entry["translations"].items():
            if entry["kind"] == "faq":
                body = f"# {t['question']}\n\n{t['answer']}\n"
            else:
                body = f"# {t['title']}\n\n{t['summary']}\n"
                for section in t["sections"]:
                    body += f"\n## {section.get('heading', '')}\n\n{section.get('body', '')}\n"
                    body += "".join(f"\n1. {step}" for step in section.get("steps", [])) + "\n"
            target = docs / "entries" / f"{entry['id']}.{tag}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, "utf-8")
    nav = [{"Home": "index.md"}]
    for category in categories:
        for tag in LOCALES:
            lines = [f"# {category['names'][tag]}\n"]
            lines += [f"- [{i}](../entries/{i}.md)" for i in by_category[category["id"]]]
            (docs / "categories").mkdir(parents=True, exist_ok=True)
            (docs / "categories" / f"{category['id']}.{tag}.md").write_text(
                "\n".join(lines) + "\n", "utf-8"
            )
        nav.append({category["names"]["fr"]: f"categories/{category['id']}.md"})
    for tag in LOCALES:
        (docs / f"index.{tag}.md").write_text("# Knowledge base\n", "utf-8")
    languages = [
        {"locale": "fr" if tag == "fr" else tag, "name": tag, "build": True, "default": tag == "fr"}
        for tag in LOCALES
    ]
    for language in languages:
        if language["locale"] == "zh-CN":
            language["locale"] = "zh"  # mkdocs-material has no "zh-CN" language
    config = {
        "site_name": "Reference",
        "theme": {"name": "material", "font": False},
        "plugins": [
            "search",
            {"i18n": {"docs_structure": "suffix", "languages": languages}},
        ],
        "nav": nav,
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "ignore"}},
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    for language in languages:
        if language["locale"] == "zh":
            for page in docs.rglob("*.zh-CN.md"):
                page.rename(page.with_name(page.name.replace(".zh-CN.md", ".zh.md")))


def change_keyword(path: Path, run: int) -> None:
    """Add a keyword to the first translation of an entry (one locale's page and index)."""
    text = path.read_text("utf-8")
    path.write_text(text.replace("keywords:", f"keywords:\n    - changed{run}", 1), "utf-8")


def change_source_answer(path: Path, run: int) -> None:
    """Rewrite the source text of an entry: its page and index in the source locale
    change. (The corpus marks no translation as current, so the others were out of date
    before and say the same after: their locales are kept unbuilt.)"""
    entry = yaml.safe_load(path.read_text("utf-8"))
    source = entry["translations"][entry["source_locale"]]
    field = "answer" if entry["kind"] == "faq" else "summary"
    source[field] = f"{source[field]} (revised {run})"
    path.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), "utf-8")


def mark_current(path: Path) -> None:
    """Mark every translation of an entry as current with its source (as ``kbgen status
    --mark`` does): a change of the source text then makes each one out of date, which
    its page says in every locale."""
    entry = yaml.safe_load(path.read_text("utf-8"))
    model = (FaqEntry if entry["kind"] == "faq" else ArticleEntry).model_validate(entry)
    fingerprint = source_hash(model.translations[model.source_locale])
    for tag, translation in entry["translations"].items():
        if tag != entry["source_locale"]:
            translation["source_hash"] = fingerprint
    path.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), "utf-8")


REBUILDS = [
    ("rebuild, no change", None),
    ("rebuild, 1 keyword", change_keyword),
    ("rebuild, 1 source text", change_source_answer),
]


Figures = dict[str, list[tuple[float, float, float, float, float, float]]]


def measure(
    figures: Figures, tool: str, command: list[str], cwd: Path, out: Path, index: str
) -> None:
    """Run a build; keep its wall, CPU and system time, peak memory, output and index sizes."""
    wall, cpu, system, peak = run(command, cwd)
    sizes = (size_mib(out), size_mib(out, index))
    figures.setdefault(tool, []).append((wall, cpu, system, peak, *sizes))


def median(values: list[float]) -> float:
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=1, help="runs of everything; medians shown")
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kbgen-build-bench-"))
    try:
        rows = _measure_sizes(args.sizes, args.runs, work)
    finally:
        if args.work is None:  # several hundred MiB a size
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"runs: {args.runs} (medians; wall/CPU seconds of each run in brackets; CPU is user"
        " + system time of the build and all its workers, sys s the system's part)"
    )
    print(
        f"{'tool':40} {'entries/locale':>14} {'pages':>7} {'wall s':>8} {'CPU s':>8} "
        f"{'sys s':>6} {'peak MiB':>9} {'output MiB':>11} {'search MiB':>11}  runs"
    )
    for tool, size, pages, wall, cpu, system, peak, output, index, values in rows:
        each = " ".join(f"{v[0]:.1f}/{v[1]:.1f}" for v in values)
        print(
            f"{tool:40} {size:14d} {pages:7d} {wall:8.1f} {cpu:8.1f} {system:6.1f} {peak:9.0f} "
            f"{output:11.1f} {index:11.1f}  [{each}]"
        )
    return 0


def _measure_sizes(sizes: list[int], runs: int, work: Path) -> list[tuple[Any, ...]]:
    """Every build of every size, ``runs`` times: a row of medians per tool and size."""
    rows = []
    for size in sizes:
        corpus = work / f"kb-{size}"
        reference = work / f"ref-{size}"
        site = corpus / "site"
        figures: Figures = {}

        for number in range(runs):
            shutil.rmtree(corpus, ignore_errors=True)
            make_corpus(corpus, size)
            kbgen = [str(BIN / "kbgen"), "build"]
            measure(figures, "kbgen", kbgen, corpus, site, "*/search/index/**/*")
            # The synthetic entries (the shipped ones the rules name are left as they are).
            entries = sorted((corpus / "content" / "entries").glob("[0-9]*/*.yaml"))
            for label, change in REBUILDS:
                if change is not None:
                    # A different entry each run, the same for every tool.
                    change(entries[(number * 7919) % len(entries)], number)
                measure(figures, f"kbgen {label}", kbgen, corpus, site, "*/search/index/**/*")
            # The same, where every translation was current with the source until then:
            # the change reaches every locale (marked first, in a build not measured).
            marked = entries[(number * 7919 + 1) % len(entries)]
            mark_current(marked)
            run(kbgen, corpus)
            change_source_answer(marked, number)
            label = "kbgen rebuild, 1 source text, 4 current"
            measure(figures, label, kbgen, corpus, site, "*/search/index/**/*")
            shutil.rmtree(reference, ignore_errors=True)
            write_reference(corpus, reference)
            measure(
                figures,
                "material+i18n",
                [str(BIN / "mkdocs"), "build", "-q"],
                reference,
                reference / "site",
                "search_index.json",
            )
            pages = sum(1 for _ in (reference / "docs" / "entries").glob("*.md"))
            shutil.rmtree(reference / "docs")
        for tool, values in figures.items():
            rows.append(
                (tool, size, pages, *(median([v[i] for v in values]) for i in range(6)), values)
            )
    return rows


if __name__ == "__main__":
    sys.exit(main())
