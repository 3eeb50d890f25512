"""Build benchmark: kbgen against mkdocs-material + mkdocs-static-i18n on the same pages.

    python bench/build_bench.py                       # 200 and 2,000 entries per locale
    python bench/build_bench.py --sizes 200

For each size, writes the synthetic corpus (bench/make_corpus.py), builds it with
``kbgen build`` (search and quiz included), rebuilds it after changing one entry,
and builds the same entry pages as plain Markdown with mkdocs-material and
mkdocs-static-i18n (one site, five languages, the navigation cut to categories,
the theme's own search on). Prints wall time, peak memory (the build and its
workers), output size and search index size for each. Run it on purpose.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import LOCALES, make_corpus  # noqa: E402

BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of a command and its children."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{process.stderr.read().decode() if process.stderr else ''}"
        )
    # wait4's ru_maxrss covers the process and the workers it waited for: the peak of
    # the largest of them (each locale's worker holds one locale).
    return wall, usage.ru_maxrss / 1024


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
                    body += f"\n## {section['heading']}\n\n{section['body']}\n"
                    body += "".join(f"\n1. {step}" for step in section["steps"]) + "\n"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kbgen-build-bench-"))
    rows = []
    for size in args.sizes:
        corpus = work / f"kb-{size}"
        make_corpus(corpus, size)
        wall, peak = run([str(BIN / "kbgen"), "build"], corpus)
        site = corpus / "site"
        rows.append(
            ("kbgen", size, wall, peak, size_mib(site), size_mib(site, "*/search/index/**/*"))
        )
        # Change one entry, rebuild.
        entry = next((corpus / "content" / "entries").rglob("*.yaml"))
        entry.write_text(
            entry.read_text("utf-8").replace("updated:", "updated:", 1) + "\n", "utf-8"
        )
        text = entry.read_text("utf-8")
        entry.write_text(text.replace("keywords:", "keywords:\n    - changed", 1), "utf-8")
        rewall, repeak = run([str(BIN / "kbgen"), "build"], corpus)
        rows.append(
            (
                "kbgen rebuild 1",
                size,
                rewall,
                repeak,
                size_mib(site),
                size_mib(site, "*/search/index/**/*"),
            )
        )
        reference = work / f"ref-{size}"
        write_reference(corpus, reference)
        wall, peak = run([str(BIN / "mkdocs"), "build", "-q"], reference)
        out = reference / "site"
        rows.append(
            ("material+i18n", size, wall, peak, size_mib(out), size_mib(out, "search_index.json"))
        )
        shutil.rmtree(reference / "docs")
    print(
        f"{'tool':16} {'entries/locale':>14} {'pages':>7} {'wall s':>8} {'peak MiB':>9} {'output MiB':>11} {'search MiB':>11}"
    )
    for tool, size, wall, peak, output, index in rows:
        print(
            f"{tool:16} {size:14d} {size * 5:7d} {wall:8.1f} {peak:9.0f} {output:11.1f} {index:11.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
