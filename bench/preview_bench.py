"""Save to page: how long after a writer saves an entry does the page they read show it.

    python bench/preview_bench.py [--sizes 0 2000] [--runs 5]

Size 0 is the shipped content; N builds a synthetic knowledge base of N entries per
locale (``bench/make_corpus.py``). For each, ``kbgen serve`` runs in its own process;
headless Chromium (Debian's, through Playwright) opens one entry's page in French and,
in another tab, the Polish home page; the benchmark then rewrites that entry's French
question and measures, from the moment the file is written, the time until the French
tab shows the new question (the locale being read is built first) and until the
Polish tab has reloaded (its locale is built after). It prints the median and the
worst of the runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import make_corpus  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def project(size: int, work: Path) -> tuple[Path, Path, str]:
    """A project to preview, the entry file to edit and its id."""
    out = work / f"kb-{size or 'shipped'}"
    if size:
        make_corpus(out, size)
    else:
        out.mkdir(parents=True)
        for name in ("content", "locales", "theme", "mkdocs.yml"):
            source = ROOT / name
            copy = shutil.copytree if source.is_dir() else shutil.copy2
            copy(source, out / name)
    for path in sorted((out / "content" / "entries").rglob("*.yaml")):
        text = path.read_text("utf-8")
        if "  fr:\n" in text and "kind: faq" in text:
            return out, path, path.stem
    raise SystemExit("no FAQ entry in fr to edit")


def start(root: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """``kbgen serve`` in ``root``, its address, and the file its output goes to."""
    log = root / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "kbgen", "serve", "--dev-addr", "127.0.0.1:0"],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.time() + 1800
    while time.time() < deadline and process.poll() is None:
        text = log.read_text("utf-8", errors="replace")
        if "Rebuilding when" in text:
            url = text.split("Serving the preview on ", 1)[1].split()[0]
            return process, url, log
        time.sleep(0.2)
    raise SystemExit(f"kbgen serve did not start:\n{log.read_text('utf-8', errors='replace')}")


def wait_for(page: Page, marker: str) -> None:
    page.wait_for_function(
        "(marker) => document.body && document.body.textContent.includes(marker)",
        arg=marker,
        timeout=120_000,
        polling=20,
    )


def measure(size: int, runs: int, work: Path) -> dict[str, list[float]]:
    root, entry, entry_id = project(size, work)
    process, url, log = start(root)
    times: dict[str, list[float]] = {"fr (read)": [], "pl (other tab)": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic"]
            )
            other = browser.new_page()
            other.goto(f"{url}pl/")
            # Opened last: the page the writer reads.
            read = browser.new_page()
            read.goto(f"{url}fr/entries/{entry_id}/")
            other.evaluate("window.__kbBench = true")
            time.sleep(1)  # the pages' reload requests are waiting
            original = entry.read_text("utf-8")
            for run in range(runs):
                marker = f"Preview{run}x{int(time.time())}"
                text = original.replace("  fr:\n", "  fr:\n", 1)
                head, fr = text.split("  fr:\n", 1)
                fr = fr.replace("question: ", f"question: {marker} ", 1)
                saved = time.perf_counter()
                entry.write_text(head + "  fr:\n" + fr, "utf-8")
                wait_for(read, marker)
                times["fr (read)"].append(time.perf_counter() - saved)
                times["pl (other tab)"].append(_reloaded_after(other, saved))
                time.sleep(1.5)  # let the second half of the build finish before the next run
            entry.write_text(original, "utf-8")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=60)
    rebuilt = [line for line in log.read_text("utf-8").splitlines() if "Rebuilt" in line]
    print(f"kbgen serve said: {rebuilt[-1] if rebuilt else '(no rebuild)'}", file=sys.stderr)
    return times


def _reloaded_after(page: Page, saved: float) -> float:
    """Seconds from ``saved`` to the tab's next load (it reloads when its locale is built).

    Each load stamps the page; the stamp is gone once the tab has reloaded.
    """
    page.wait_for_function("() => !window.__kbBench", timeout=120_000, polling=20)
    elapsed = time.perf_counter() - saved
    page.wait_for_load_state()
    page.evaluate("window.__kbBench = true")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 2000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kbgen-preview-bench-"))
    print("| content | tab | median s | worst s |")
    print("|---|---|---|---|")
    for size in args.sizes:
        figures = measure(size, args.runs, work)
        label = "shipped" if size == 0 else f"{size:,} entries/locale"
        for tab, values in figures.items():
            print(f"| {label} | {tab} | {statistics.median(values):.2f} | {max(values):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
