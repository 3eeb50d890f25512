"""Analysis per locale: stemming, folding, Chinese bigrams across scripts, and the
browser's analysis giving the very same terms as Whoosh's."""

from __future__ import annotations

import json
import subprocess

import pytest

from kbgen.search import LocaleSearch
from kbgen.search.analysis import analysis_for, fold, han_split, simplified_map
from tests.conftest import ROOT
from tests.search.conftest import LOCALES, NODE


def test_fold_removes_diacritics_including_polish_l() -> None:
    assert (
        fold("Résilier zgłoszenie reînnoire licență ŁÓDŹ")
        == "Resilier zgloszenie reinnoire licenta LODZ"
    )


@pytest.mark.parametrize(
    ("locale", "typed", "written"),
    [
        ("fr", "resilier", "résilier"),
        ("fr", "licences", "licence"),
        ("ro", "reinnoire", "reînnoire"),
        ("ro", "licenta", "licența"),
        ("ro", "licenţa", "licența"),  # cedilla and comma below are one letter
        ("pl", "zgloszenie", "zgłoszenie"),
        ("pl", "zgłoszeń", "zgłoszenie"),
    ],
)
def test_words_typed_without_diacritics_or_inflected_meet(
    locale: str, typed: str, written: str
) -> None:
    analysis = analysis_for(locale)
    [typed_forms] = analysis.terms(typed)
    [written_forms] = analysis.terms(written)
    assert set(typed_forms) & set(written_forms)


def test_french_stop_words_are_dropped_with_or_without_accents() -> None:
    assert analysis_for("fr").terms("le la été ete support") == [["support"]]


def test_chinese_bigrams_fold_traditional_to_simplified() -> None:
    assert list(han_split("備份sku失敗", simplified_map())) == [
        ("备份", 0, 2),
        ("sku", 2, 5),
        ("失败", 5, 7),
    ]
    assert analysis_for("zh-TW").terms("嚴重等級") == analysis_for("zh-CN").terms("严重等级")
    assert analysis_for("zh-CN").terms("按件計費 PPI") == [["按件"], ["件计"], ["计费"], ["ppi"]]


def test_latin_words_inside_chinese_are_words() -> None:
    assert ["sku"] in analysis_for("zh-TW").terms("SKU 會改變嗎")


def test_analysis_describes_itself() -> None:
    description = analysis_for("ro").describe()
    assert description["steps"] == ["nfkc", "words", "lowercase", "cedilla-to-comma", "stem-fold"]
    assert description["stemmer"] == "romanian"
    assert analysis_for("zh-TW").describe()["steps"] == [
        "nfkc",
        "words",
        "lowercase",
        "han-bigrams",
    ]


def test_browser_analysis_gives_whooshs_terms_for_every_word_of_the_content(
    searches: dict[str, LocaleSearch],
) -> None:
    root = ROOT.as_posix()
    script = f"""
    import {{ readFileSync }} from "node:fs";
    import {{ Analyzer }} from "{root}/theme/assets/kbgen/search/analysis.js";
    const request = JSON.parse(readFileSync(0, "utf8"));
    const out = {{}};
    for (const [locale, job] of Object.entries(request)) {{
      const stem = job.stemmer ? (await import(job.stemmer)).stem : null;
      const analyzer = new Analyzer(job.analysis, stem);
      out[locale] = job.texts.map((t) => analyzer.tokens(t).tokens.map((x) => x.forms));
    }}
    process.stdout.write(JSON.stringify(out));
    """
    import tempfile
    from pathlib import Path

    from kbgen.search.snowball_js import stemmer_source

    request = {}
    expected = {}
    with tempfile.TemporaryDirectory() as tmp:
        for locale in LOCALES:
            analysis = analysis_for(locale)
            description = analysis.describe()
            description["han_map"] = simplified_map()
            stemmer = None
            if analysis.stemmer:
                path = Path(tmp) / f"{analysis.stemmer}.mjs"
                path.write_text(stemmer_source(analysis.stemmer), "utf-8")
                stemmer = path.as_uri()
            texts = []
            for document in searches[locale].documents:
                texts += [document.title, document.keywords, document.body]
            # Cedilla letters, full-width Latin, a ligature, a superscript, an underscore,
            # a typographic apostrophe: each normalised alike on both sides.
            texts += [
                "Ş ţ ŞTIINŢĂ",
                "\uff33\uff2b\uff35 \ufb01n \u00b2",
                "x_y",
                "l'évaluation d\u2019accès",
            ]
            request[locale] = {"analysis": description, "stemmer": stemmer, "texts": texts}
            expected[locale] = [[forms for _s, _e, forms in analysis.tokens(t)[1]] for t in texts]
        script_path = Path(tmp) / "analyze.mjs"
        script_path.write_text(script, "utf-8")
        result = subprocess.run(
            [NODE, str(script_path)],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            check=True,
        )
    browser = json.loads(result.stdout)
    for locale in LOCALES:
        assert browser[locale] == expected[locale], locale


def test_french_plural_article_is_a_stop_word() -> None:
    analysis = analysis_for("fr")
    assert analysis.terms("les licences") == analysis.terms("licences")
    assert "les" in analysis.describe()["stopwords"]


TRICKY = [
    "Résilier l'abonnement: les mises à jour ÉTÉ été",
    "Reînnoire licenţă licență ŞŢ şţ",
    "zgłoszenie ZGŁOSZENIE pakiet Łódź",
    "備份SKU失敗了 按件計費價格 ppi PPI 2024年",
    "ﬁle ＡＢＣ full-width ①② e\u0301te\u0301",
    "",
    "   ",
]


def test_indexing_shortcut_gives_the_pipeline_s_tokens(
    searches: dict[str, LocaleSearch],
) -> None:
    """What Whoosh indexes (terms, boosts) is what the analysis pipeline gives, word for
    word, on every text of the content and on tricky ones."""
    from whoosh.analysis import CompositeAnalyzer

    compared = 0
    for locale in LOCALES:
        analyzer = analysis_for(locale).analyzer
        texts = [
            *TRICKY,
            *(t for d in searches[locale].documents for t in (d.title, d.keywords, d.body)),
        ]
        for text in texts:
            fast = [(t.text, t.boost, t.stopped) for t in analyzer(text, mode="index", boosts=True)]
            pipeline = CompositeAnalyzer.__call__(analyzer, text, mode="index", boosts=True)
            assert fast == [(t.text, t.boost, t.stopped) for t in pipeline], (locale, text)
            compared += len(fast)
        # Queries, positions and offsets go through the pipeline itself.
        positions = {t.pos for t in analyzer("backup restore", mode="query", positions=True)}
        assert positions == {0, 1}
    assert compared > 50_000
