"""The writers' words for what YAML and the models refuse.

A parser says "found character '\\t' that cannot start any token" or "Input should
be a valid decimal"; a writer needs to read "a tab: YAML indents with spaces only"
or "must be a number written with a point, like "9.95", not '25,00'". Every
message says what is wrong and what would be valid. Content and rules use the same
words (``kbgen.source`` for YAML, both loaders for the models).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any


def schema_message(detail: Mapping[str, Any], model: Any = None) -> str:
    """A pydantic validation error in the writers' words (content and rules alike).

    Each says what is wrong and what would be valid, and shows the value written.

    >>> print(schema_message({"type": "decimal_parsing", "msg": "", "input": "25,00"}))
    must be a number written with a point and quoted, like "9.95", not '25,00'
    >>> schema_message({"type": "string_type", "msg": "", "input": {"Prix": "20 $"}})
    "must be text, but an unquoted ': ' made it a key and a value: put the whole text in quotes"
    """
    kind = detail["type"]
    value = detail.get("input")
    shown = _shown(value)
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        loc = tuple(detail.get("loc", ()))
        keys = _keys_at(model, loc[:-1]) if model is not None and loc else None
        if not keys:
            return "unknown key"
        close = difflib.get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"unknown key; {hint}the keys here are {', '.join(keys)}"
    if kind == "string_pattern_mismatch":
        pattern = str(detail.get("ctx", {}).get("pattern", ""))
        if pattern == "^[A-Z]{3}$":
            return f"must be a currency code of three capital letters, like USD or EUR{shown}"
        if "_" in pattern:
            return (
                f"must be lowercase ASCII words joined by underscores, like ppi_price_home{shown}"
            )
        return f"must be lowercase ASCII words joined by hyphens, like ppi-price{shown}"
    if kind == "union_tag_invalid":
        return f"must be one of {detail.get('ctx', {}).get('expected_tags', '')}{shown}"
    if kind.startswith(("date_", "datetime_")):
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return f"{value!r} is not a day of the calendar (month 01-12, a day that month has)"
        return f"must be a date written YYYY-MM-DD, like 2026-11-22{shown}"
    if kind.startswith("decimal_"):
        return f'must be a number written with a point and quoted, like "9.95"{shown}'
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, like 30{shown}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false{shown}"
    if kind == "string_type":
        if isinstance(value, dict) and len(value) == 1:
            return (
                "must be text, but an unquoted ': ' made it a key and a value: "
                "put the whole text in quotes"
            )
        return f"must be text{_kind_of(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "list_type":
        return f"must be a list, like [a, b] or one '- item' per line{_kind_of(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a group of `key: value` lines{_kind_of(value)}"
    if kind == "too_short":
        least = detail.get("ctx", {}).get("min_length", 1)
        return f"must have at least {least} item{'s' if least != 1 else ''}"
    if kind == "literal_error":
        expected = str(detail.get("ctx", {}).get("expected", ""))
        choices = [part.strip("'") for part in expected.replace(" or ", ", ").split(", ")]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close and isinstance(value, str) else ""
        return f"must be {expected}{shown}{hint}"
    message = str(detail["msg"]).removeprefix("Value error, ")
    if message.startswith("Input should be "):
        message = "must be " + message.removeprefix("Input should be ") + shown
    return message


def _keys_at(model: Any, loc: Sequence[str | int]) -> list[str] | None:
    """The keys a pydantic model allows at ``loc`` (through its lists and mappings)."""
    annotation: Any = model
    for part in (*loc, None):
        while True:
            origin = typing.get_origin(annotation)
            if origin is typing.Annotated:
                annotation = typing.get_args(annotation)[0]
            elif origin in (typing.Union, types.UnionType):
                models = [a for a in typing.get_args(annotation) if _is_model(a)]
                if len(models) != 1:
                    return None
                annotation = models[0]
            else:
                break
        if part is None:
            break
        origin = typing.get_origin(annotation)
        if _is_model(annotation) and isinstance(part, str) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        elif origin in (list, dict) and typing.get_args(annotation):
            annotation = typing.get_args(annotation)[-1]
        else:
            return None
    return sorted(annotation.model_fields) if _is_model(annotation) else None


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and hasattr(value, "model_fields")


def _shown(value: Any) -> str:
    """``, not '25,00'``: the value written, when it is short enough to show."""
    if (isinstance(value, str | int | float) and not isinstance(value, bool)) or value is None:
        text = repr(value)
        return f", not {text}" if len(text) <= 60 else ""
    return _kind_of(value)


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return ", not a group of `key: value` lines"
    if isinstance(value, list):
        return ", not a list"
    if isinstance(value, bool):
        return f", not {str(value).lower()}"
    if isinstance(value, int | float):
        return f", not the number {value}"
    return ""


#: YAML's own words for its commonest traps, and the writers' words for them.
_YAML_WORDS: tuple[tuple[str, str], ...] = (
    (
        "found a tab character",
        "a tab: YAML indents with spaces only; replace the tab with spaces",
    ),
    (
        "mapping values are not allowed",
        "a ': ' inside an unquoted value, which YAML reads as a new key: put the whole value "
        'in quotes, e.g. question: "Prix : combien ?"',
    ),
    (
        "could not find expected ':'",
        "a line that is neither `key: value` nor a continuation of the value above "
        "(a missing ':' or a quote that is not closed?)",
    ),
    (
        "found unexpected end of stream",
        "a quote that is never closed",
    ),
    (
        "expected <block end>, but found",
        "this line is indented differently from the keys above it: align it with them",
    ),
    (
        "did not find expected key",
        "this line is indented differently from the keys above it: align it with them",
    ),
    (
        "did not find expected '-' indicator",
        "a list item that is not aligned with the '- ' items above it",
    ),
)


def yaml_words(message: str, character: str = "") -> str:
    r"""YAML's message in plain words, where it is one of its commonest traps.

    ``character`` is the one YAML stopped at: a tab is called a tab.

    >>> yaml_words("found character that cannot start any token", "\t")
    'a tab: YAML indents with spaces only; replace the tab with spaces'
    """
    if character == "\t":
        return _YAML_WORDS[0][1]
    for theirs, ours in _YAML_WORDS:
        if message.startswith(theirs):
            return ours
    return message


def schema_messages(
    details: Sequence[Mapping[str, Any]], model: Any = None
) -> list[tuple[tuple[str | int, ...], str]]:
    """Each validation error with its place and message, one per cause: a misspelt key
    is reported as such, not also as the required key it was meant to be."""
    found = [(tuple(detail["loc"]), schema_message(detail, model)) for detail in details]
    meant = set()
    for loc, message in found:
        if message.startswith("unknown key; did you mean '"):
            meant.add((*loc[:-1], message.split("'")[1]))
    return [
        (loc, message)
        for loc, message in found
        if not (message == "required key is missing" and loc in meant)
    ]
