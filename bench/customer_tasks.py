"""Customer tasks benchmark: can a customer get an answer, in each language, as a customer would?

    python bench/customer_tasks.py

Builds the shipped site, serves it on loopback and, in headless Chromium on a phone-sized
window, replays tasks per locale:

- **question**: open a page, type the question into the header's search box, click the
  first result; the task succeeds when the page reached is the entry that answers it and
  its answer shows the words the customer needs;
- **quiz**: open the eligibility quiz with the customer's answers; the task succeeds when
  an outcome shows, with a way to act on it (a link to the contact page).

Prints each task's result and the success rate per locale. Run it on purpose (it is not a
test); add a task whenever a customer's question goes unanswered.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_bench import CHROMIUM, serve  # noqa: E402
from kbgen.build import load_project  # noqa: E402
from kbgen.site import build_site  # noqa: E402

#: (question as typed, the entry that answers it (or several, as a|b), words its answer must show)
QUESTIONS: dict[str, list[tuple[str, str, str]]] = {
    "fr": [
        ("combien coûte un incident", "home-user-support-options", "20,00 $US"),
        ("support gratuit combien de jours", "acronis-free-support", "30 jours"),
        ("numéro de téléphone du support", "get-support-phone-number", "téléphone"),
        ("mon abonnement support a expiré", "support-contract-expiry-options", "abonnement"),
        ("licence machine virtuelle", "license-virtual-servers", "licence"),
        ("parler au même technicien", "same-technician", "technicien"),
    ],
    "zh-TW": [
        ("按件計費多少錢", "ppi-price", "US$9.95"),
        ("舊版產品還有支援嗎", "old-version-support", "支援"),
        ("AMPS 合約到期", "support-contract-expiry-options", "AMPS"),
        ("新電腦安裝", "license-transfer-new-computer", "電腦"),
    ],
    "zh-CN": [
        ("严重等级 A", "handbook-severity-levels", "严重"),
        ("联系客服之前要准备什么信息", "handbook-prepare-before-contacting-support", "信息"),
        ("首次响应时间 高级支持", "handbook-enhanced-support-types", "一天"),
        (
            "怎么注册产品",
            "handbook-register-account-and-products|handbook-why-register-products",
            "注册",
        ),
    ],
    "ro": [
        ("ce se întâmplă dacă nu reînnoiesc", "symantec-renewal-not-renewing", "actualizări"),
        ("pași reînnoire contract", "symantec-renewal-steps", "distribuitor"),
        ("de ce să reînnoiesc", "symantec-renewal-benefits", "actualizări"),
    ],
    "pl": [
        ("ile czasu na odpowiedź", "ms-response-times", "2 godziny"),
        ("co to jest zgłoszenie", "ms-incident-definition", "problem"),
        ("kiedy wygasa pakiet", "ms-five-pack-expiry", "1 rok"),
        ("pomoc na miejscu u klienta", "ms-not-covered", "miejscu"),
    ],
}

#: (the customer's answers, as the quiz page reads them from its address); the quiz is the
#: same in every locale: a reader may ask about any vendor, under any of its documents.
QUIZZES: dict[str, list[str]] = {
    "fr": [
        "programme=acronis&acronis.document=canada_2011&acronis.product_line=home"
        "&acronis.request_type=technical&acronis.subscription=none"
        "&acronis.product_version=current&acronis.days_since_purchase=10",
        "programme=acronis&acronis.document=canada_2011&acronis.product_line=business"
        "&acronis.request_type=technical&acronis.subscription=expired"
        "&acronis.product_version=current",
        "programme=microsoft&microsoft.request_type=onsite_support",
    ],
    "zh-TW": [
        "programme=acronis&acronis.document=taiwan_2009&acronis.product_line=home"
        "&acronis.subscription=none&acronis.product_version=current"
        "&acronis.days_since_purchase=10&acronis.region=europe",
        "programme=symantec&symantec.deployment=on_premises&symantec.contract_status=active"
        "&symantec.need=updates",
    ],
    "zh-CN": [
        "programme=acronis&acronis.document=china_2011&acronis.request_type=technical"
        "&acronis.subscription=advantage_premier&acronis.product_version=current"
        "&acronis.contact_time=night&acronis.severity=A",
    ],
    "ro": [
        "programme=symantec&symantec.deployment=on_premises&symantec.contract_status=active"
        "&symantec.need=technical_support",
        "programme=acronis&acronis.document=canada_2011&acronis.product_line=oem"
        "&acronis.request_type=technical&acronis.product_version=current",
    ],
    "pl": [
        "programme=microsoft&microsoft.request_type=technical&microsoft.lifecycle=mainstream"
        "&microsoft.severity=A&microsoft.handling=around_the_clock"
        "&microsoft.incident_purchase=single_incident&microsoft.months_since_purchase=3"
        "&microsoft.purchaser_account=available",
        "programme=acronis&acronis.document=taiwan_2009&acronis.product_line=home"
        "&acronis.product_version=current&acronis.days_since_purchase=40",
    ],
}


def main() -> int:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="kbgen-tasks-"))
    try:
        site = work / "site"
        build_site(load_project(ROOT / "mkdocs.yml"), site, use_cache=False)
        server, url = serve(site)
        rates: dict[str, tuple[int, int]] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic"]
            )
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            for locale in QUESTIONS:
                done = total = 0
                for question, entry, words in QUESTIONS[locale]:
                    total += 1
                    ok = _question(page, f"{url}/{locale}/", question, entry, words)
                    done += ok
                    print(f"{locale:6} question {'ok  ' if ok else 'FAIL'} {question!r} -> {entry}")
                for answers in QUIZZES[locale]:
                    total += 1
                    ok = _quiz(page, f"{url}/{locale}/eligibility/?{answers}")
                    done += ok
                    print(f"{locale:6} quiz     {'ok  ' if ok else 'FAIL'} {answers}")
                rates[locale] = (done, total)
            browser.close()
        server.shutdown()
        print()
        print("| locale | tasks | succeeded | rate |")
        print("|---|---|---|---|")
        for locale, (done, total) in rates.items():
            print(f"| {locale} | {total} | {done} | {100 * done / total:.0f}% |")
        done = sum(d for d, _t in rates.values())
        total = sum(t for _d, t in rates.values())
        print(f"| all | {total} | {done} | {100 * done / total:.0f}% |")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _question(page: object, home: str, question: str, entry: str, words: str) -> bool:
    """Type into the header box, click the first result, check the answer."""
    try:
        page.goto(home)  # type: ignore[attr-defined]
        box = page.locator("[data-kb-header-search]")  # type: ignore[attr-defined]
        box.click()
        box.press_sequentially(question, delay=15)
        first = page.locator("[data-kb-header-result]").first  # type: ignore[attr-defined]
        first.wait_for(timeout=5000)
        # The results of the whole question, not of its first letters, as a reader waits.
        page.wait_for_timeout(400)  # type: ignore[attr-defined]
        first.click()
        page.wait_for_url("**/entries/*/", timeout=5000)  # type: ignore[attr-defined]
        reached = page.url.rstrip("/").rsplit("/", 1)[-1]  # type: ignore[attr-defined]
        article = page.locator("article").inner_text()  # type: ignore[attr-defined]
        # Prices are written with non-breaking spaces, as the locale writes them.
        article = article.replace("\xa0", " ").replace("\u202f", " ")
        return reached in entry.split("|") and words in article
    except Exception:
        return False


def _quiz(page: object, address: str) -> bool:
    """The quiz with the customer's answers shows an outcome with a way to act on it."""
    try:
        page.goto(address)  # type: ignore[attr-defined]
        outcome = page.locator("[data-kb-outcome]").first  # type: ignore[attr-defined]
        outcome.wait_for(timeout=5000)
        return outcome.locator("[data-kb-act] [data-kb-contact]").count() > 0
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
