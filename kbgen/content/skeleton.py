"""New entries: a valid skeleton in the right place, so a writer never starts from a blank file.

``kbgen new faq|article`` writes ``content/entries/<category>/<id>.yaml`` with the
schema line editors use, every required key, and ``TODO:`` placeholders where the
writer's text goes; ``kbgen check`` passes on it except for those placeholders
(KB203), which it keeps pointing at until they are replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from kbgen.content.model import SCHEMA_DIR
from kbgen.errors import KbgenError, display_path
from kbgen.source import YamlSyntaxError, parse_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_MAX_ID = 80
#: Letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
    }
)


class SkeletonError(KbgenError):
    """The entry cannot be created; the message says why and what to do."""


def slugify(title: str) -> str:
    """An entry id from a title: ASCII words joined by hyphens, accents folded.

    Letters without an ASCII form (Chinese, for one) are dropped, so a Chinese
    title gives no id: the writer names the entry.

    >>> slugify("Comment résilier l'abonnement ?"), slugify("Jak zgłosić błąd (2026)")
    ('comment-resilier-l-abonnement', 'jak-zglosic-blad-2026')
    >>> slugify("Cum se reînnoiește licența?"), slugify("如何註冊 PPI 支援")
    ('cum-se-reinnoieste-licenta', 'ppi')
    """
    folded = unicodedata.normalize("NFKD", title.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text))
    if len(slug) > _MAX_ID:
        slug = slug[:_MAX_ID].rsplit("-", 1)[0]
    return slug


def today() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` (UTC) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


@dataclass(frozen=True)
class NewEntry:
    """What ``kbgen new`` is asked to create."""

    kind: str
    """``faq`` or ``article``."""
    category: str
    locale: str
    entry_id: str | None = None
    title: str | None = None


#: Words that say little in an id (question words, articles, pronouns), in the
#: site's Latin-script languages and English: a short id keeps the others.
_SMALL_WORDS = frozenset(
    " ".join(
        (
            "a au aux avec ce ces cet cette comment d dans de des du en est et il ils je l la le",
            "les leur mes mon ne nous on ou par pas peut peux pour puis qu que quel quelle",
            "quels quelles qui sa se ses si son sont sur un une vous votre vos y",
            "an and are can could do does for from how i in is it my of on or the to what when",
            "where which who why with you your",
            "al ale ca care cu cum din este fi mea meu nu o pe pentru si sunt unei unui",
            "czy co do jak jaki jest mam mi mnie moge na nie od po sie to w z za",
        )
    ).split()
)
#: The most words of a proposed id.
_SHORT_WORDS = 4


def short_id(slug: str, prefix: str = "") -> str:
    """A short id from a title's slug: its meaningful words, at most four, after ``prefix``.

    >>> short_id("puis-je-copier-le-logiciel-sur-un-autre-ordinateur", "license")
    'license-copier-logiciel-autre-ordinateur'
    >>> short_id("comment-resilier-l-abonnement")
    'resilier-abonnement'
    """
    words = [word for word in slug.split("-") if word not in _SMALL_WORDS] or slug.split("-")
    if prefix:
        words = [word for word in words if word != prefix]
    return "-".join(([prefix] if prefix else []) + words[:_SHORT_WORDS])


def entry_id_for(request: NewEntry) -> str:
    """The id given, or one derived from the title; raises ``SkeletonError``."""
    if request.entry_id is not None:
        if not ID_PATTERN.match(request.entry_id) or len(request.entry_id) > _MAX_ID:
            raise SkeletonError(
                f"{request.entry_id!r} is not a valid id: it must be lowercase ASCII words "
                "joined by hyphens, like ppi-price"
            )
        return request.entry_id
    if not request.title:
        raise SkeletonError("give the entry's ID, or a --title to derive it from")
    slug = slugify(request.title)
    # A title with few Latin letters ("如何註冊 PPI 支援" gives "ppi") says nothing in an id.
    latin = sum(1 for char in request.title if char.isascii() and char.isalnum())
    letters = sum(1 for char in request.title if char.isalnum())
    if not slug or latin * 2 < letters:
        raise SkeletonError(
            f"cannot derive an id from the title {request.title!r}: it is not written in "
            "Latin letters (Chinese titles need one); give the ID, e.g. "
            f"`kbgen new {request.kind} --category {request.category} "
            f"--locale {request.locale} ppi-price`"
        )
    return slug


@dataclass(frozen=True)
class CategoryHabits:
    """Where a category's entries live and how they are named, to do as they do."""

    folder: str
    """The folder under ``content/entries/`` that holds most of them."""
    prefix: str = ""
    """The first word that most of their ids share (``license`` in ``license-...``)."""


def category_habits(entries_dir: Path, category: str) -> CategoryHabits:
    """The folder and id prefix of the existing entries of ``category``.

    A category without entries gets a folder of its own name and no prefix.
    """
    folders: Counter[str] = Counter()
    firsts: Counter[str] = Counter()
    pattern = re.compile(rf"^category:\s*['\"]?{re.escape(category)}['\"]?\s*(#.*)?$", re.M)
    for path in sorted(entries_dir.rglob("*.yaml")) if entries_dir.is_dir() else []:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if pattern.search(text):
            folders[path.parent.relative_to(entries_dir).as_posix()] += 1
            firsts[path.stem.split("-")[0]] += 1
    if not folders:
        return CategoryHabits(category)
    total = sum(folders.values())
    first, count = firsts.most_common(1)[0]
    prefix = first if count >= 2 and count * 2 > total else ""
    return CategoryHabits(folders.most_common(1)[0][0], prefix)


def existing_ids(entries_dir: Path) -> dict[str, Path]:
    """The ids in use under ``content/entries/``: each file's name and its ``id:``."""
    found: dict[str, Path] = {}
    for path in sorted(entries_dir.rglob("*.yaml")):
        found.setdefault(path.stem, path)
        match = re.search(r"^id:\s*['\"]?([^'\"\s#]+)", path.read_text("utf-8"), re.MULTILINE)
        if match:
            found.setdefault(match.group(1), path)
    return found


def category_ids(categories_file: Path) -> list[str]:
    """The ids of ``content/categories.yaml`` (empty when it is missing or unreadable)."""
    try:
        data = parse_yaml(categories_file.read_text("utf-8")).data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return []
    if not isinstance(data, list):
        return []
    return [str(item["id"]) for item in data if isinstance(item, dict) and "id" in item]


def create_entry(
    request: NewEntry,
    content_dir: Path,
    locales: Iterable[str],
    root: Path,
    updated: dt.date | None = None,
) -> Path:
    """Write the skeleton of a new entry and return its path; raises ``SkeletonError``."""
    locales = list(locales)
    if request.kind not in ("faq", "article"):
        raise SkeletonError(f"unknown kind {request.kind!r}; write faq or article")
    if request.locale not in locales:
        raise SkeletonError(
            f"unknown locale {request.locale!r}; the site's locales are {', '.join(locales)}"
        )
    categories_file = content_dir / "categories.yaml"
    categories = category_ids(categories_file)
    if request.category not in categories:
        known = ", ".join(sorted(categories)) or "none"
        raise SkeletonError(
            f"unknown category {request.category!r}; the categories of "
            f"{display_path(categories_file, root)} are {known}"
        )
    entries_dir = content_dir / "entries"
    habits = category_habits(entries_dir, request.category)
    used = existing_ids(entries_dir) if entries_dir.is_dir() else {}
    entry_id = entry_id_for(request)
    if request.entry_id is None:
        proposed = short_id(entry_id, habits.prefix)
        if proposed not in used and len(proposed) <= _MAX_ID:
            entry_id = proposed
    path = entries_dir / habits.folder / f"{entry_id}.yaml"
    if entry_id in used and used[entry_id] != path:
        raise SkeletonError(
            f"the id {entry_id!r} is already used by {display_path(used[entry_id], root)}; "
            "choose another ID"
        )
    if path.exists():
        raise SkeletonError(f"{display_path(path, root)} already exists; it is left as it was")
    # No date unless one is given: the site takes it from the commit that writes the text.
    text = skeleton(request, entry_id, updated, _schema_reference(path, root))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite, even in a race
        handle.write(text)
    return path


def _schema_reference(path: Path, root: Path) -> str:
    """The project's entry schema (``kbgen schema`` writes it), else kbgen's own."""
    schema = root / "schema" / "entry.schema.json"
    if not schema.is_file():
        schema = SCHEMA_DIR / "entry.schema.json"
    return os.path.relpath(schema, path.parent).replace(os.sep, "/")


def skeleton(request: NewEntry, entry_id: str, updated: dt.date | None, schema: str) -> str:
    """The text of a new entry file (with ``updated`` only where a date is given).

    >>> print(skeleton(NewEntry("faq", "licensing", "fr", title="Puis-je copier ?"),
    ...                "copy", None, "schema.json"), end="")
    # yaml-language-server: $schema=schema.json
    id: copy
    kind: faq
    category: licensing
    products: []                # ids from content/products.yaml
    tags: []                    # lowercase English words joined by hyphens
    related: []                 # ids of related entries
    source_locale: fr
    translations:
      fr:
        question: Puis-je copier ?
        answer: |
          TODO: the answer, in Markdown.
        keywords: []            # what customers type when they look for this entry
    """
    locale = request.locale
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"id: {entry_id}",
        f"kind: {request.kind}",
        f"category: {request.category}",
        "products: []                # ids from content/products.yaml",
        "tags: []                    # lowercase English words joined by hyphens",
        "related: []                 # ids of related entries",
        f"source_locale: {_scalar(locale)}",
        "translations:",
        f"  {_scalar(locale)}:",
    ]
    if updated is not None:
        lines.append(f"    updated: {updated.isoformat()}")
    if request.kind == "faq":
        question = request.title or "TODO: the question, as a customer asks it"
        lines += [
            f"    question: {_scalar(question)}",
            "    answer: |",
            "      TODO: the answer, in Markdown.",
        ]
    else:
        title = request.title or "TODO: the title"
        lines += [
            f"    title: {_scalar(title)}",
            f"    summary: {_scalar('TODO: one or two sentences on what the article covers.')}",
            "    sections:",
            f"      - heading: {_scalar('TODO: the first heading (or remove this line)')}",
            "        body: |",
            "          TODO: the text, in Markdown; steps go in a list under `steps:`.",
        ]
    lines.append("    keywords: []            # what customers type when they look for this entry")
    return "\n".join(lines) + "\n"


def _scalar(text: str) -> str:
    """A YAML value for one line of text: as written when YAML reads it back so, else quoted.

    >>> _scalar("Puis-je copier ?"), _scalar("TODO: the title"), _scalar("yes")
    ('Puis-je copier ?', '"TODO: the title"', '"yes"')
    """
    try:
        plain = yaml.safe_load(f"key: {text}")
    except yaml.YAMLError:
        plain = None
    if isinstance(plain, dict) and plain.get("key") == text and "#" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)
