"""Scale benchmark: builds of 10,000 and 100,000 pages, and the search page's first query.

    python bench/scale_bench.py                                  # 2,000 and 20,000 per locale
    python bench/scale_bench.py --sizes 20000 --work /tmp/scale --reuse

For each size, writes the synthetic corpus (bench/make_corpus.py), builds it with
``kbgen build --no-cache`` and prints wall and CPU seconds (the build and every
worker), the peak memory of the whole process tree (the sum of the processes'
proportional set sizes, sampled every 0.1 s, so that pages the forked workers share
with the build count once; and the largest single process's peak RSS), the pages
and the output's size per page, to show how the output grows. Then, in headless
Chromium on a loopback server, opens each locale's search page with a query and a
cold cache, and prints what the first query costs: the bytes of the search engine
and index data it fetched (gzip-compressed, as a static host serves them; the page
and the theme's files beside), and the milliseconds from the search script's
arrival to the first result shown (and from the navigation's start). Run it on
purpose; the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_bench import size_mib  # noqa: E402
from bench.make_corpus import LOCALES, make_corpus  # noqa: E402
from bench.search_bench import CHROMIUM, gz_size, queries_for, serve  # noqa: E402

BIN = Path(sys.executable).parent


def _tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                for child in stream.read().split():
                    found += _tree(int(child))
    except OSError:
        pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def build(project: Path) -> dict[str, float]:
    """Build the corpus from scratch: wall s, CPU s, peak MiB of the tree and of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "kbgen"), "build", "--no-cache"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], sum(_pss_kib(pid) for pid in _tree(process.pid)))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(process.stderr.read().decode() if process.stderr else "build failed")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "tree_mib": peak[0] / 1024,
        "process_mib": usage.ru_maxrss / 1024,
    }


# Records when the first result shows, and when the search page's script arrived.
WATCH = """
new MutationObserver((_, observer) => {
  if (document.querySelector("[data-kb-result]")) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""

TIMES = """
() => {
  const script = performance.getEntriesByType("resource").find((e) => e.name.includes("/assets/kbgen/search/page.js"));
  return [window.__firstResult, script ? script.responseEnd : 0];
}
"""


def first_queries(site: Path, project: Path, runs: int) -> list[dict[str, float | str]]:
    """Each locale's search page opened with a query, cold: bytes and milliseconds."""
    from playwright.sync_api import sync_playwright

    server, url = serve(site)
    rows: list[dict[str, float | str]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-gpu", "--disable-quic", "--disable-background-networking"],
        )
        for tag in LOCALES:
            for query in queries_for(project, tag, runs, shipped=False):
                context = browser.new_context()
                page = context.new_page()
                page.add_init_script(WATCH)
                fetched: list[str] = []
                page.on("requestfinished", lambda request, f=fetched: f.append(request.url))
                page.goto(f"{url}/{tag}/search/?q={urllib.parse.quote(query)}")
                page.wait_for_selector("[data-kb-result]", timeout=30_000)
                shown, script = page.evaluate(TIMES)
                context.close()
                files = [
                    site / urllib.parse.unquote(u.split("/", 3)[3].split("?")[0]) for u in fetched
                ]
                files = [f / "index.html" if f.is_dir() else f for f in files]
                search = [
                    f for f in files if "/search/index/" in str(f) or "/kbgen/search/" in str(f)
                ]
                rows.append(
                    {
                        "locale": tag,
                        "query": query,
                        "search_kib": sum(gz_size(f) for f in search if f.is_file()) / 1024,
                        "page_kib": sum(gz_size(f) for f in files if f.is_file()) / 1024,
                        "answer_ms": shown - script,
                        "navigation_ms": shown,
                    }
                )
        browser.close()
    server.shutdown()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--queries", type=int, default=5, help="queries per locale")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--reuse", action="store_true", help="keep corpora and sites in --work")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kbgen-scale-"))
    for size in args.sizes:
        project = work / f"corpus-{size}"
        site = project / "site"
        if not (args.reuse and site.is_dir()):
            shutil.rmtree(project, ignore_errors=True)
            make_corpus(project, size)
            figures = build(project)
            pages = sum(1 for _ in site.rglob("index.html"))
            output = size_mib(site)
            print(
                f"{size} entries per locale: {pages} pages, built in {figures['wall']:.1f} s wall, "
                f"{figures['cpu']:.1f} CPU s; peak memory {figures['tree_mib']:.0f} MiB (all "
                f"processes, PSS), {figures['process_mib']:.0f} MiB (largest process, RSS); "
                f"output {output:.0f} MiB ({output * 1024 / pages:.1f} KiB a page), search "
                f"index {size_mib(site, '*.json') / len(LOCALES):.1f} MiB a locale",
                flush=True,
            )
        rows = first_queries(site, project, args.queries)
        for tag in LOCALES:
            mine = [row for row in rows if row["locale"] == tag]

            def med(key: str, rows: list[dict[str, float | str]] = mine) -> float:
                return statistics.median(float(row[key]) for row in rows)

            worst = max(float(row["answer_ms"]) for row in mine)
            print(
                f"  {tag:6} first query: search data {med('search_kib'):.1f} KiB "
                f"(max {max(float(r['search_kib']) for r in mine):.1f}), with the page "
                f"{med('page_kib'):.1f} KiB; answered {med('answer_ms'):.0f} ms after the "
                f"search script (worst {worst:.0f}), {med('navigation_ms'):.0f} ms after "
                f"navigation",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
