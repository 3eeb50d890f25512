"""Search benchmark: kbgen's static engine against Pagefind and mkdocs-material's lunr search.

    python bench/search_bench.py                          # the shipped content
    python bench/search_bench.py --entries-per-locale 2000

Builds the same site once with kbgen (whose build exports its index), runs Pagefind
(``pagefind-bin-extended``) over that site, and builds it again with the theme's own
search plugin; then, in headless Chromium on a loopback server, measures per locale:
the bytes a browser fetches for its first query (scripts, stemmer, index data;
the page excluded; gzip-compressed, as a static host serves them), the time to the
first answer, and the latency of each query (median, p95). Also prints each
engine's index size per locale and index build time. Run it on purpose; the
machine is shared, so compare the engines within one run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
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

from bench.make_corpus import make_corpus  # noqa: E402
from bench.static_server import Served  # noqa: E402
from kbgen.build import load_project  # noqa: E402
from kbgen.i18n import SiteLocale, load_translations  # noqa: E402
from kbgen.project import load_project_content as load_content  # noqa: E402
from kbgen.render.renderer import LocaleRenderer  # noqa: E402
from kbgen.search import build_locale_search  # noqa: E402
from kbgen.search.export import export_index  # noqa: E402
from kbgen.site import build_site  # noqa: E402

LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def serve(directory: Path) -> tuple[Served, str]:
    """A loopback server for the directory (``bench.static_server``) and its URL."""
    server = Served(directory)
    return server, server.url


def gz_size(path: Path) -> int:
    data = path.read_bytes()
    return min(len(data), len(gzip.compress(data, 6, mtime=0)))


def tree_size(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())


def queries_for(project_dir: Path, locale: str, count: int, shipped: bool) -> list[str]:
    if shipped:
        from tests.search.relevance import EVALUATION

        return [q for q, _e in EVALUATION[locale]][:count]
    rng = random.Random(7)
    words: list[str] = []
    files = sorted((project_dir / "content" / "entries").rglob("*.yaml"))
    for path in rng.sample(files, min(len(files), 200)):
        data = yaml.safe_load(path.read_text("utf-8"))
        words += data["translations"][locale]["keywords"]
    words = sorted({w.strip() for w in words if w.strip()})
    return [" ".join(rng.sample(words, rng.choice([1, 2, 2, 3]))) for _ in range(count)]


# Each engine: a first query on a fresh page (what it fetches, how long to the first
# answer), then every query once more, timed, on the now loaded engine.
KBGEN_JS = """
async ([base, query]) => {
  const t0 = performance.now();
  const { SearchIndex } = await import(base + "../../assets/kbgen/search/engine.js");
  const index = await SearchIndex.open(new URL(base, location.href));
  const r = await index.search(query, { limit: 10 });
  await index.documents(r.hits.map((h) => h.docnum));
  window.__engine = async (q) => {
    const r = await index.search(q, { limit: 10 });
    await index.documents(r.hits.map((h) => h.docnum));
  };
  return performance.now() - t0;
}
"""

PAGEFIND_JS = """
async ([base, query]) => {
  const t0 = performance.now();
  const pagefind = await import(base + "pagefind.js");
  await pagefind.init();
  const r = await pagefind.search(query);
  await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  window.__engine = async (q) => {
    const r = await pagefind.search(q);
    await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  };
  return performance.now() - t0;
}
"""

LUNR_JS = """
async ([worker, indexUrl, query]) => {
  const t0 = performance.now();
  const data = await (await fetch(indexUrl)).json();
  const w = new Worker(worker);
  const ask = (message, want) => new Promise((resolve) => {
    const on = (event) => { if (event.data.type === want) { w.removeEventListener("message", on); resolve(event.data); } };
    w.addEventListener("message", on);
    w.postMessage(message);
  });
  await ask({ type: 0, data: { config: data.config, docs: data.docs, options: { suggest: false } } }, 1);
  await ask({ type: 2, data: query }, 3);
  window.__engine = (q) => ask({ type: 2, data: q }, 3);
  return performance.now() - t0;
}
"""

TIMED_JS = """
async (queries) => {
  const times = [];
  for (const q of queries) {
    const s = performance.now();
    await window.__engine(q);
    times.push(performance.now() - s);
  }
  return times;
}
"""


def measure(
    browser: Any,
    url: str,
    site: Path,
    locale: str,
    script: str,
    args: list[Any],
    queries: list[str],
) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/{locale}/404.html")
    page.wait_for_load_state("networkidle")
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    first = page.evaluate(script, [*args, queries[0]])
    files = [site / u.split("/", 3)[3].split("?")[0] for u in fetched if u.startswith(url)]
    times = page.evaluate(TIMED_JS, queries[1:] or queries)
    context.close()
    return {
        "first": first,
        "times": times,
        "bytes": sum(gz_size(f) for f in files if f.is_file()),
        "requests": len(files),
    }


def stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries-per-locale", type=int, default=0, help="0: the shipped content")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the sites already built in --work"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="kbgen-search-bench-"))
    shipped = args.entries_per_locale == 0
    project_dir = ROOT if shipped else work / "corpus"
    reuse = args.reuse and (work / "lunr-site").is_dir()
    if not shipped and not reuse:
        make_corpus(project_dir, args.entries_per_locale)
    print(
        f"corpus: {'shipped content' if shipped else f'{args.entries_per_locale} entries per locale'}"
    )

    # kbgen: the site, and the index build alone per locale (Whoosh + export), best of 3.
    project = load_project(project_dir / "mkdocs.yml")
    site = work / "kbgen-site"
    if not reuse:
        build_site(project, site)
    kb = load_content(project)
    build_time: dict[str, float] = {}
    for tag in LOCALES:
        renderer = LocaleRenderer(
            kb, SiteLocale(tag), load_translations(project.locales_dir, tag), "KB"
        )
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            search = build_locale_search(renderer)
            categories = {c.id: c.names[tag] for c in kb.categories.values()}
            products = {p.id: p.names[tag] for p in kb.products.values()}
            export_index(search, work / "scratch" / tag, categories, products)
            runs.append(time.perf_counter() - started)
        build_time[tag] = statistics.median(runs)

    # Pagefind over the same site (its extended binary segments Chinese).
    started = time.perf_counter()
    if not reuse:
        subprocess.run(
            [sys.executable, "-m", "pagefind_bin_extended", "--site", str(site), "--output-subdir", "_pagefind"],
            check=True, capture_output=True,
        )  # fmt: skip
    pagefind_time = time.perf_counter() - started

    # The theme's own search: the same site built with mkdocs-material's search plugin.
    config = (project_dir / "mkdocs.yml").read_text("utf-8")
    config = config.replace("\nplugins:\n", "\nplugins:\n  - search\n", 1)
    config = config.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    lunr_config = project_dir / "mkdocs-lunr.yml"
    lunr_config.write_text(config, "utf-8")
    lunr_site = work / "lunr-site"
    started = time.perf_counter()
    if not reuse:
        build_site(load_project(lunr_config), lunr_site)
    lunr_build = time.perf_counter() - started
    lunr_config.unlink()

    rows = []
    server, url = serve(site)
    lunr_server, lunr_url = serve(lunr_site)
    worker = next((lunr_site / "fr/assets/javascripts/workers").glob("search.*.min.js")).name
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-gpu", "--disable-quic", "--disable-background-networking"],
        )
        for tag in LOCALES:
            queries = queries_for(project_dir, tag, args.queries, shipped)
            kb_index = site / tag / "search" / "index"
            kb_result = measure(
                browser, url, site, tag, KBGEN_JS, [f"{url}/{tag}/search/index/"], queries
            )
            # The search page's own script is part of what a first query costs.
            kb_result["bytes"] += gz_size(site / tag / "assets/kbgen/search/page.js")
            kb_result["requests"] += 1
            pf = measure(browser, url, site, tag, PAGEFIND_JS, [f"{url}/_pagefind/"], queries)
            lunr = measure(
                browser, lunr_url, lunr_site, tag, LUNR_JS,
                [f"{lunr_url}/{tag}/assets/javascripts/workers/{worker}", f"{lunr_url}/{tag}/search/search_index.json"],
                queries,
            )  # fmt: skip
            key = tag.lower()
            pf_files = [
                p
                for p in (site / "_pagefind").rglob("*")
                if p.name.startswith(f"{key}_")
                or f".{key}_" in p.name
                or p.name == f"wasm.{key}.pagefind"
            ]
            sizes = {
                "kbgen": tree_size(list(kb_index.rglob("*"))),
                "pagefind": tree_size(pf_files),
                "lunr": (lunr_site / tag / "search" / "search_index.json").stat().st_size,
            }
            for engine, result in (("kbgen", kb_result), ("pagefind", pf), ("lunr", lunr)):
                median, p95 = stats(result["times"])
                rows.append(
                    {
                        "locale": tag,
                        "engine": engine,
                        "first_query_kib": result["bytes"] / 1024,
                        "requests": result["requests"],
                        "first_answer_ms": result["first"],
                        "median_ms": median,
                        "p95_ms": p95,
                        "index_kib": sizes[engine] / 1024,
                        "build_s": {
                            "kbgen": build_time[tag],
                            "pagefind": pagefind_time / len(LOCALES),
                            "lunr": None,
                        }[engine],
                    }
                )
        browser.close()
    server.shutdown()
    lunr_server.shutdown()

    print(
        f"pagefind indexed all locales in {pagefind_time:.1f} s; the lunr variant built in {lunr_build:.1f} s"
    )
    header = f"{'locale':6} {'engine':9} {'1st query KiB':>13} {'req':>4} {'1st answer ms':>13} {'median ms':>9} {'p95 ms':>7} {'index KiB':>10} {'build s':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        build = "in browser" if row["build_s"] is None else f"{row['build_s']:.2f}"
        print(
            f"{row['locale']:6} {row['engine']:9} {row['first_query_kib']:13.1f} {row['requests']:4d} "
            f"{row['first_answer_ms']:13.0f} {row['median_ms']:9.1f} {row['p95_ms']:7.1f} "
            f"{row['index_kib']:10.1f} {build:>8}"
        )
    (work / "search-bench.json").write_text(json.dumps(rows, indent=2), "utf-8")
    print(
        f"(pagefind build time is its whole run divided by the locales; raw rows in {work / 'search-bench.json'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
