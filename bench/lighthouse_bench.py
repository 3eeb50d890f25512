"""Lighthouse over every page type of every locale, on a phone and on a desktop.

    make lighthouse                      # installs Lighthouse (bench/lighthouse/), then runs
    python bench/lighthouse_bench.py --locales fr pl --pages search quiz --form-factors mobile

Builds the shipped site with ``site_url`` set to where it is served (canonical and
hreflang links are then absolute, as on a real host), serves it on loopback as a static
host does (a missing path gets the site's 404 page with status 404), and runs Lighthouse
12.8.2 (``bench/lighthouse/package-lock.json``, Node 20) in Debian's chromium on each page.
Prints one row per page and form factor: the performance, accessibility, best-practices
and SEO scores, the cumulative layout shift and the longest main-thread task, then the
audits that cost a category its 100. Run it on purpose: it is slow (10-20 s a page), not
a test. Chromium shows classic scrollbars here (``--hide-scrollbars`` is not passed), as a
desktop reader's browser does, so a page whose scrollbar comes and goes shifts as it would.

The 404 page answers with status 404, as it should: the browser logs that as an error,
which Lighthouse's best-practices category counts against it (``errors-in-console``).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kbgen.build import load_project  # noqa: E402
from kbgen.content.model import ArticleEntry, FaqEntry  # noqa: E402
from kbgen.project import KnowledgeBase, load_project_content  # noqa: E402
from kbgen.site import build_site  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]
PAGES = [
    "root",
    "home",
    "category",
    "entry",
    "article",
    "search",
    "quiz",
    "table",
    "contact",
    "404",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

#: A query per locale that has results, as a reader types it.
QUERIES = {
    "zh-TW": "按件計費",
    "zh-CN": "严重等级",
    "fr": "support gratuit",
    "ro": "reînnoire contract",
    "pl": "czas odpowiedzi",
}


@dataclass(frozen=True)
class Row:
    page: str
    locale: str
    form_factor: str
    url: str
    scores: dict[str, int]
    cls: float
    longest_task: float
    failing: list[str]


class _StaticHost(SimpleHTTPRequestHandler):
    """A static host: files as they are, the site's 404 page (status 404) for the rest."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def pages_of(kb: KnowledgeBase, locale: str) -> dict[str, str]:
    """The path of each page type in ``locale`` (relative to the site's root)."""
    entries = kb.entries_in(locale)
    faq = next(e for e in entries if isinstance(e, FaqEntry))
    articles = [e for e in entries if isinstance(e, ArticleEntry)]
    article = next(
        (e for e in articles if e.translations[locale].tables), articles[0] if articles else faq
    )
    category = faq.category
    quiz = ""
    if kb.rules is not None and kb.rules.programmes:  # one quiz, in every locale
        from tests.helpers import RESULTS

        quiz = RESULTS.get(locale, "")
    return {
        "root": "",
        "home": f"{locale}/",
        "category": f"{locale}/categories/{category}/",
        "entry": f"{locale}/entries/{faq.id}/",
        "article": f"{locale}/entries/{article.id}/",
        "search": f"{locale}/search/?q={QUERIES.get(locale, faq.id)}",
        "quiz": f"{locale}/eligibility/?{quiz}",
        "table": f"{locale}/eligibility/table/",
        "contact": f"{locale}/contact/",
        "404": f"{locale}/no-such-page/",
    }


def lighthouse(url: str, form_factor: str) -> dict[str, Any]:
    """Lighthouse's report (JSON) of one page."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0 or not result.stdout.strip():
        raise SystemExit(f"lighthouse failed on {url}: {result.stderr.strip()[-2000:]}")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def row_of(page: str, locale: str, form_factor: str, url: str, report: dict[str, Any]) -> Row:
    categories = report["categories"]
    audits = report["audits"]
    scores = {name: round((categories[name]["score"] or 0) * 100) for name in CATEGORIES}
    cls = audits.get("cumulative-layout-shift", {}).get("numericValue") or 0.0
    tasks = (audits.get("long-tasks", {}).get("details") or {}).get("items") or []
    longest = max((item.get("duration", 0.0) for item in tasks), default=0.0)
    failing = []
    for name in CATEGORIES[1:]:
        for ref in categories[name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{name}: {ref['id']}")
    return Row(page, locale, form_factor, url, scores, cls, longest, failing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--locales", nargs="+", default=LOCALES, choices=LOCALES)
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument(
        "--form-factors", nargs="+", default=["mobile", "desktop"], choices=["mobile", "desktop"]
    )
    parser.add_argument("--json", type=Path, help="also write every row to this file")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        raise SystemExit(
            "Lighthouse is not installed: run `make lighthouse` (npm ci in bench/lighthouse)"
        )

    work = Path(tempfile.mkdtemp(prefix="kbgen-lighthouse-"))
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(work / "site"))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    os.environ["KBGEN_SITE_URL"] = base
    try:
        project = load_project(ROOT / "mkdocs.yml")
        kb = load_project_content(project)
        build_site(project, work / "site", use_cache=False)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        rows = []
        for locale in args.locales:
            paths = pages_of(kb, locale)
            for page in args.pages:
                if page == "root" and locale != args.locales[0]:
                    continue  # one root page for all locales
                shown = "-" if page == "root" else locale
                for form_factor in args.form_factors:
                    url = base + paths[page]
                    report = lighthouse(url, form_factor)
                    rows.append(row_of(page, shown, form_factor, url, report))
                    print(_line(rows[-1]), flush=True)
        print()
        print(_table(rows))
        failing = sorted({f for row in rows for f in row.failing})
        if failing:
            print("\nAudits that cost a category its 100:")
            for row in rows:
                if row.failing:
                    print(f"  {row.page} {row.locale} {row.form_factor}: {', '.join(row.failing)}")
        if args.json:
            args.json.write_text(json.dumps([row.__dict__ for row in rows], indent=1), "utf-8")
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


def _line(row: Row) -> str:
    s = row.scores
    return (
        f"{row.page:9} {row.locale:6} {row.form_factor:8} "
        f"{s['performance']:5} {s['accessibility']:5} {s['best-practices']:5} {s['seo']:5} "
        f"{row.cls:7.3f} {row.longest_task:8.0f}"
    )


def _table(rows: list[Row]) -> str:
    header = "| page | locale | form factor | perf | a11y | BP | SEO | CLS | longest task (ms) |"
    lines = [header, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        s = row.scores
        lines.append(
            f"| {row.page} | {row.locale} | {row.form_factor} | {s['performance']} | "
            f"{s['accessibility']} | {s['best-practices']} | {s['seo']} | {row.cls:.3f} | "
            f"{row.longest_task:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
