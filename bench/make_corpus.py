"""Write a synthetic knowledge base of realistic size, in kbgen's own content format.

    python bench/make_corpus.py --entries-per-locale 2000 /tmp/kb-2000

writes ``/tmp/kb-2000/mkdocs.yml``, ``content/`` and ``locales/``; ``kbgen build``
run inside it builds the site. The text of each language is drawn from the
shipped knowledge base of that language (itself the seed documents), sentence by
sentence, with a fixed random seed: the same arguments always give the same corpus.
Every entry is translated into the five locales, so N entries per locale make
5 x N entry pages. The shipped rules (``content/rules/``) and the shipped entries are
copied as they are, so that the corpus builds the eligibility quiz and its decision
table in every locale as the shipped site does: the rules name shipped entries, and
those entries link to each other. They add the shipped entries' pages (a few dozen per
locale) to the N synthetic ones.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["zh-TW", "zh-CN", "fr", "ro", "pl"]
SENTENCE = re.compile(r"[^.!?。！？]+[.!?。！？]?")
CJK = {"zh-TW", "zh-CN"}


def corpus_texts(content: Path) -> dict[str, list[str]]:
    """Sentences of each locale's shipped entries (Chinese falls back to both scripts)."""
    sentences: dict[str, list[str]] = {tag: [] for tag in LOCALES}
    for path in sorted((content / "entries").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for tag, translation in data["translations"].items():
            texts = [translation.get("answer", ""), translation.get("summary", "")]
            for section in translation.get("sections", []):
                texts.append(section.get("body") or "")
                texts += section.get("steps", [])
            for text in texts:
                text = re.sub(
                    r"\{\{.*?\}\}|\{%.*?%\}|\[([^\]]*)\]\([^)]*\)|<[^>]*>|[*#|`]", r"\1", text
                )
                for sentence in SENTENCE.findall(" ".join(text.split())):
                    sentence = sentence.strip(" -")
                    if len(sentence) >= 12:
                        sentences[tag].append(sentence)
    return sentences


def words_of(sentences: list[str], tag: str) -> list[str]:
    if tag in CJK:
        return [w for s in sentences for w in re.findall(r"[\u4e00-\u9fff]{2,4}", s)]
    return [w for s in sentences for w in re.findall(r"[^\W\d_]{4,}", s)]


def question(rng: random.Random, sentences: list[str], tag: str) -> str:
    base = rng.choice(sentences).rstrip(".!?。！？")
    if tag in CJK:
        return base[:30] + "?"
    return " ".join(base.split()[:12]) + " ?" if tag == "fr" else " ".join(base.split()[:12]) + "?"


def paragraph(rng: random.Random, sentences: list[str], count: int) -> str:
    return " ".join(rng.choice(sentences) for _ in range(count))


def make_corpus(out: Path, per_locale: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    content = ROOT / "content"
    sentences = corpus_texts(content)
    vocab = {tag: words_of(sentences[tag], tag) for tag in LOCALES}
    if out.exists():
        shutil.rmtree(out)
    (out / "content" / "entries").mkdir(parents=True)
    for shipped in sorted((content / "entries").iterdir()):
        if shipped.is_dir():
            shutil.copytree(shipped, out / "content" / "entries" / shipped.name)
    shutil.copytree(content / "rules", out / "content" / "rules")
    shutil.copy(content / "categories.yaml", out / "content" / "categories.yaml")
    shutil.copy(content / "products.yaml", out / "content" / "products.yaml")
    shutil.copytree(ROOT / "locales", out / "locales")
    config = (
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    )
    (out / "mkdocs.yml").write_text(config, "utf-8")
    categories = [c["id"] for c in yaml.safe_load((content / "categories.yaml").read_text("utf-8"))]
    products = [p["id"] for p in yaml.safe_load((content / "products.yaml").read_text("utf-8"))]
    ids = [f"entry-{n:05d}" for n in range(per_locale)]
    for number, entry_id in enumerate(ids):
        kind = "faq" if rng.random() < 0.7 else "article"
        entry = {
            "id": entry_id,
            "kind": kind,
            "category": rng.choice(categories),
            "products": sorted(rng.sample(products, rng.randint(0, 2))),
            "tags": [],
            "related": sorted({rng.choice(ids) for _ in range(3)} - {entry_id}),
            "source_locale": rng.choice(LOCALES),
            "translations": {},
        }
        for tag in LOCALES:
            pool = sentences[tag]
            translation: dict[str, object] = {
                "updated": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            }
            if kind == "faq":
                translation["question"] = question(rng, pool, tag)
                translation["answer"] = "\n\n".join(
                    paragraph(rng, pool, rng.randint(1, 4)) for _ in range(rng.randint(1, 3))
                )
            else:
                translation["title"] = question(rng, pool, tag).rstrip("?").strip()
                translation["summary"] = paragraph(rng, pool, 1)
                translation["sections"] = [
                    {
                        "heading": question(rng, pool, tag).rstrip("?").strip(),
                        "body": paragraph(rng, pool, rng.randint(1, 3)),
                        "steps": [rng.choice(pool) for _ in range(rng.randint(0, 4))],
                    }
                    for _ in range(rng.randint(1, 3))
                ]
            translation["keywords"] = sorted({rng.choice(vocab[tag]) for _ in range(4)})
            entry["translations"][tag] = translation
        path = out / "content" / "entries" / f"{number // 500:02d}" / f"{entry_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            handle.write(
                "# yaml-language-server: $schema=../../../kbgen/schema/entry.schema.json\n"
            )
            yaml.safe_dump(entry, handle, allow_unicode=True, sort_keys=False, width=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries-per-locale", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.entries_per_locale < 1:
        parser.error("--entries-per-locale must be at least 1")
    make_corpus(args.out, args.entries_per_locale, args.seed)
    print(f"Wrote {args.entries_per_locale} entries in {len(LOCALES)} locales to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
