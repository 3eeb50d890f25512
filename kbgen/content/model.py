"""The content model: entries, translations, categories and products.

These pydantic models are the one definition of the content format: the loader
validates every file with them and ``kbgen schema`` writes the JSON Schema that
editors use from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

#: Ids appear in URLs and file names; they never come from translated text.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Markdown = Annotated[str, StringConstraints(min_length=1)]

#: The JSON Schemas generated from these models (``kbgen.schema``), which editors use.
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def _number_as_text(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


#: A table cell: short Markdown; a number written bare in YAML is its text.
Cell = Annotated[str, BeforeValidator(_number_as_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Table(_Strict):
    """A table of facts, placed in a text with ``{{ table("name") }}``."""

    caption: Text | None = None
    columns: list[Cell] = Field(min_length=1)
    rows: list[list[Cell]] = Field(min_length=1)

    @field_validator("rows")
    @classmethod
    def _rows_fit_columns(cls, rows: list[list[str]], info: ValidationInfo) -> list[list[str]]:
        columns = info.data.get("columns")
        if columns is None:
            return rows
        for number, row in enumerate(rows, start=1):
            if len(row) != len(columns):
                raise ValueError(
                    f"row {number} has {len(row)} cell(s) but the table has {len(columns)} columns"
                )
        return rows


class _Translation(_Strict):
    updated: dt.date | None = Field(
        default=None,
        description="Date of the last change to this translation's text. Leave it out to let "
        "the site show the date of the last commit that changed the text (kbgen.content.dates).",
    )
    keywords: list[Text] = Field(
        default_factory=list,
        description="Symptoms and words customers type when they look for this entry.",
    )
    tables: dict[Id, Table] = Field(default_factory=dict)
    source_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] | None = Field(
        default=None,
        description="Fingerprint of the source translation this one was made from "
        "(written by `kbgen status --mark`, never by hand).",
    )
    independent: bool = Field(
        default=False,
        description="This translation is an original written from its own document, "
        "not a translation of the source: it is never out of date.",
    )
    draft: bool = Field(
        default=False,
        description="A translation not yet reviewed (`kbgen translate` starts one so): the site "
        "does not publish it until `kbgen status --mark` records that it follows its source.",
    )
    translated_from: str | None = Field(
        default=None,
        description="The locale whose text this translation was made from, when it is not "
        "the entry's source_locale (an entry with two originals, say); pages name it.",
    )


class FaqTranslation(_Translation):
    """A question and its answer in one locale."""

    question: Text
    answer: Markdown


class Section(_Strict):
    """A part of an article: a heading, Markdown text and/or ordered steps."""

    heading: Text | None = None
    body: Markdown | None = None
    steps: list[Markdown] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if self.body is None and not self.steps:
            raise ValueError("a section needs a body, steps, or both")
        return self


class ArticleTranslation(_Translation):
    """An article (title, summary, sections) in one locale."""

    title: Text
    summary: Text
    sections: list[Section] = Field(min_length=1)


Translation = FaqTranslation | ArticleTranslation


class _Entry(_Strict):
    id: Id
    category: Id
    products: list[Id] = Field(default_factory=list)
    tags: list[Id] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)
    order: StrictInt | None = Field(
        default=None,
        description="Where the entry comes in its category's lists (smallest first; "
        "entries without one follow, those that other entries name most as related first).",
    )
    source_locale: str = Field(description="The locale the other translations come from.")

    def origin_of(self, locale: str) -> str:
        """The locale the ``locale`` translation was made from (itself for an original)."""
        translation = self.translations[locale]  # type: ignore[attr-defined]
        if locale == self.source_locale or translation.independent:
            return locale
        return translation.translated_from or self.source_locale


class FaqEntry(_Entry):
    """A question and answer, with its translations."""

    kind: Literal["faq"]
    translations: dict[str, FaqTranslation] = Field(min_length=1)


class ArticleEntry(_Entry):
    """A knowledge-base article, with its translations."""

    kind: Literal["article"]
    translations: dict[str, ArticleTranslation] = Field(min_length=1)


Entry = Annotated[FaqEntry | ArticleEntry, Field(discriminator="kind")]
#: An entry of either kind, as the rest of kbgen handles it.
AnyEntry = FaqEntry | ArticleEntry


class Category(_Strict):
    """A group of entries, with a name in every locale."""

    id: Id
    order: int = 0
    icon: str | None = Field(default=None, description="A Material icon, e.g. material/key.")
    names: dict[str, Text] = Field(min_length=1)
    descriptions: dict[str, Text] = Field(default_factory=dict)


class Product(_Strict):
    """A product that entries are about, with a name in every locale."""

    id: Id
    vendor: Text
    names: dict[str, Text] = Field(min_length=1)


def title_of(translation: Translation) -> str:
    """The heading a translation is shown under: its question or its title."""
    if isinstance(translation, FaqTranslation):
        return translation.question
    return translation.title


def markdown_texts(
    translation: Translation,
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every Markdown text of a translation and its key: the answer, or the sections' texts."""
    if isinstance(translation, ArticleTranslation):
        for index, section in enumerate(translation.sections):
            if section.body is not None:
                yield ("sections", index, "body"), section.body
            for step_index, step in enumerate(section.steps):
                yield ("sections", index, "steps", step_index), step
    else:
        yield ("answer",), translation.answer
