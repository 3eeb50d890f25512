"""The quiz and decision-table pages in the built site, and one fact changed in one place."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kbgen.build import load_project
from kbgen.i18n import SiteLocale, load_translations
from kbgen.project import KnowledgeBase
from kbgen.render.quiz import quiz_files
from kbgen.render.renderer import LocaleRenderer
from kbgen.rules import RuleBook, evaluate
from kbgen.rules.verification import cases
from kbgen.site import build_site
from tests.conftest import ROOT
from tests.pages import find, find_all, page, text
from tests.rules.conftest import LOCALES

#: The quiz's questions, the same in every locale: the programme, then each programme's.
QUESTIONS = [
    "programme",
    "acronis.document",
    "acronis.product_line",
    "acronis.request_type",
    "acronis.subscription",
    "acronis.product_version",
    "acronis.days_since_purchase",
    "acronis.region",
    "acronis.contact_time",
    "acronis.severity",
    "microsoft.request_type",
    "microsoft.lifecycle",
    "microsoft.severity",
    "microsoft.handling",
    "microsoft.incident_purchase",
    "microsoft.months_since_purchase",
    "microsoft.purchaser_account",
    "symantec.deployment",
    "symantec.contract_status",
    "symantec.need",
]


@pytest.mark.parametrize("locale", LOCALES)
def test_quiz_page_has_a_fieldset_per_question(shipped_site: Path, locale: str) -> None:
    doc = page(shipped_site, f"{locale}/eligibility/")
    form = find(doc, "form", **{"data-kb-quiz": ""})
    fieldsets = find_all(form, "fieldset")
    assert [f.get("data-kb-question") for f in fieldsets] == QUESTIONS
    for fieldset in fieldsets:
        assert text(find(fieldset, "legend"))
        for label in find_all(fieldset, "label"):
            assert find(label, "input").get("name") == fieldset.get("data-kb-question")
    script = find(doc, "script", type="module")
    assert script.get("src") == "../assets/kbgen/quiz.js"
    assert (shipped_site / locale / "assets/kbgen/quiz.js").is_file()
    assert (shipped_site / locale / "assets/kbgen/quiz-engine.js").is_file()
    assert form.get("data-kb-rules") == "./rules.json"
    rules = json.loads((shipped_site / locale / "eligibility/rules.json").read_text("utf-8"))
    assert (rules["format"], rules["version"], rules["locale"]) == ("kbgen-rules", 2, locale)
    assert [q["id"] for q in rules["questions"]] == QUESTIONS
    table_link = find(doc, "p", **{"class": "kb-quiz__table"})
    assert find(table_link, "a").get("href") == "table/"


def test_quiz_page_speaks_the_locale(shipped_site: Path) -> None:
    doc = page(shipped_site, "pl/eligibility/")
    assert text(find(doc, "h1")).startswith("Z jakiej pomocy technicznej mogę skorzystać?")
    assert text(find(doc, "button", type="submit")) == "Pokaż moje możliwości"
    assert "miesięcy" in text(
        find(doc, "fieldset", **{"data-kb-question": "microsoft.months_since_purchase"})
    )
    programme = find(doc, "fieldset", **{"data-kb-question": "programme"})
    assert text(find(programme, "legend")) == (
        "Którego dostawcy pomocy technicznej dotyczy Twoje pytanie?"
    )
    assert "Acronis: Acronis Advantage, pomoc techniczna Pay Per Incident" in text(programme)
    # The Acronis documents, which the Polish reader chooses among, named in Polish.
    document = text(find(doc, "fieldset", **{"data-kb-question": "acronis.document"}))
    assert "Tajwan: najczęściej zadawane pytania o Acronis Advantage (2009)" in document
    assert "Chiny: podręcznik obsługi klienta Acronis dla produktów biznesowych (2011)" in document
    primary = find(doc, "nav", **{"class": "md-nav md-nav--primary"})
    assert "Uprawnienia do pomocy technicznej" in text(primary)


def test_export_is_deterministic_and_what_the_build_wrote(
    shipped_site: Path, shipped_kb: KnowledgeBase
) -> None:
    for locale in LOCALES:
        renderer = LocaleRenderer(
            shipped_kb, SiteLocale(locale), load_translations(ROOT / "locales", locale), "KB"
        )
        first, second = quiz_files(renderer), quiz_files(renderer)
        assert first == second
        built = (shipped_site / locale / "eligibility/rules.json").read_text("utf-8")
        assert first == {"eligibility/rules.json": built}
        assert (
            json.dumps(json.loads(built), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            + "\n"
            == built
        )


def test_decision_table_lists_every_case_without_javascript(
    shipped_site: Path, book: RuleBook
) -> None:
    doc = page(shipped_site, "zh-TW/eligibility/table/")
    assert not [s for s in doc.iter("script") if "quiz" in (s.get("src") or "")]
    rules = book.for_locale("zh-TW")
    sections = {
        div.get("data-kb-programme"): div
        for div in find_all(doc, "div")
        if div.get("data-kb-programme")
    }
    assert list(sections) == ["acronis", "microsoft", "symantec"]
    counts = {}
    for programme, section in sections.items():
        rows = find_all(find(section, "tbody"), "tr")
        all_cases = list(cases(rules, programme))
        counts[programme] = len(rows)
        assert len(rows) == len(all_cases)
        for row, case in zip(rows, all_cases, strict=True):
            shown = [
                div.get("data-kb-case-outcome")
                for div in find_all(row, "div")
                if div.get("data-kb-case-outcome")
            ]
            assert shown == evaluate(book, "zh-TW", case).outcome_ids
    assert counts == {"acronis": 154, "microsoft": 54, "symantec": 7}
    rows = find_all(find(sections["acronis"], "tbody"), "tr")
    night = next(
        row
        for row in rows
        if "晚上 (上班時間以外)" in text(row) and "Standard" in text(row) and "台灣" in text(row)
    )
    assert "價格：25% (單一授權費用的百分比) · US$20.00" in text(night)
    assert "無法使用：Acronis Advantage Standard" in text(night)
    link = find(night, "th").find("a")
    assert link is not None
    assert link.get("href") == (
        "../?programme=acronis&acronis.document=taiwan_2009&acronis.product_line=business"
        "&acronis.subscription=advantage_standard&acronis.product_version=current"
        "&acronis.contact_time=night"
    )
    for href in {
        a.get("href") for a in doc.iter("a") if (a.get("href") or "").startswith("../../entries/")
    }:
        assert (
            (shipped_site / "zh-TW/eligibility/table" / str(href) / "index.html")
            .resolve()
            .is_file()
        )


def test_a_fact_changed_in_the_rules_changes_the_answer_the_tables_and_the_quiz(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "locales", "theme"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    rules = project / "content/rules/acronis.yaml"
    source = rules.read_text("utf-8")
    changed = source.replace(
        '        value: [{amount: "20.00", currency: USD}]\n\n  - id: ppi_price_business',
        '        value: [{amount: "24.50", currency: USD}]\n\n  - id: ppi_price_business',
    ).replace(
        "  - id: ppi_first_response_chat_phone\n    kind: duration\n    values:\n"
        "      - locales: [zh-CN]\n        entry: handbook-support-offerings-table-a\n"
        "        value: {amount: 2, unit: minute}",
        "  - id: ppi_first_response_chat_phone\n    kind: duration\n    values:\n"
        "      - locales: [zh-CN]\n        entry: handbook-support-offerings-table-a\n"
        "        value: {amount: 5, unit: minute}",
    )
    assert changed.count("24.50") == 1 and changed.count("amount: 5, unit: minute") == 1
    rules.write_text(changed, "utf-8")
    site = tmp_path / "site"
    build_site(load_project(project / "mkdocs.yml"), site, locales=["fr", "zh-CN"], jobs=1)

    # fr: the FAQ answer, the decision table and the quiz's export.
    answer = text(find(page(site, "fr/entries/home-user-support-options/"), "article"))
    assert "Le tarif pour un support à l'incident est de 24,50 $US (« chat »" in answer
    assert "20,00" not in answer
    assert "Prix : 24,50 $US" in text(page(site, "fr/eligibility/table/"))
    export = (site / "fr/eligibility/rules.json").read_text("utf-8")
    assert '"price":"24,50\xa0$US"' in export and '"price":"20,00\xa0$US"' not in export

    # zh-CN: the answer, the content table (Table A), the decision table and the export.
    types = text(find(page(site, "zh-CN/entries/handbook-enhanced-support-types/"), "article"))
    assert "（通常不超过 5分钟的等待时间）" in types
    table_a = find(page(site, "zh-CN/entries/handbook-support-offerings-table-a/"), "table")
    cells = [text(td) for td in table_a.iter("td")]
    assert "电子邮件为 1 个工作日，实时答疑和电话通常在 5分钟之内" in cells
    assert "实时答疑和电话：通常 5分钟" in text(page(site, "zh-CN/eligibility/table/"))
    assert "实时答疑和电话：通常 5分钟" in (site / "zh-CN/eligibility/rules.json").read_text(
        "utf-8"
    )
