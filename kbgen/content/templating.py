"""The small template language of content texts: ``{{ table("name") }}``, ``{{ fact("id") }}``.

Texts are Jinja templates in a sandbox, so a writer can place structured data
(a table, a fact from the rules) without being able to run anything. ``table``
places a table of the same translation; ``fact`` shows a price, window, response
time or hours from ``content/rules/``, formatted for the text's locale, so that
the value is written once, in the rules.

The sandbox offers what writers need and nothing else: the functions given to a
text (``fact``, ``table``), a bounded ``range``, conditions, loops that cannot
nest, and a few filters that change case or count. No attribute of any object,
no include, import, extends or macro, no value shown that is not text or a
number (a function would show its memory address), and no string, list or
output beyond ``MAX_SIZE``. Anything else is a ``TextError`` with the line of
the text, which ``kbgen check`` reports (``template_problems``) exactly as a
build would.
"""

from __future__ import annotations

import difflib
import re
import sys
import traceback
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NoReturn

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, Undefined, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.filters import FILTERS
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: The largest string, list or rendered text (in characters or items) a text may make.
MAX_SIZE = 100_000
#: The most numbers ``range()`` gives.
MAX_RANGE = 1_000
#: The filters a text may use: none of them can make a large value from a small one.
SAFE_FILTERS = frozenset(
    {"abs", "capitalize", "default", "d", "int", "length", "lower", "round", "title", "trim"}
) | {"upper"}
#: Template statements that reach outside the text, or repeat without bound.
_REFUSED: dict[type[nodes.Node], str] = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "import",
    nodes.Extends: "extends",
    nodes.Block: "block",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
}
_FUNCTIONS = frozenset({"fact", "table", "range"})
_LOOP_ATTRIBUTES = frozenset({"index", "index0", "first", "last", "length"})
_LOOP_ATTRIBUTES |= frozenset({"revindex", "revindex0", "previtem", "nextitem"})


class TextError(Exception):
    """A text's template cannot be shown: its line in the text (from 1) and why."""

    def __init__(self, message: str, line: int = 1, code: str = "KB010", name: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.code = code
        self.name = name
        """The name the error is about (an unknown name), to find its place on the line."""


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TextError(f"range() gives {len(numbers)} numbers; at most {MAX_RANGE}")
    return numbers


def _size(value: Any) -> int:
    """The size of a value: its length, or about a number's count of digits."""
    if isinstance(value, str | list | tuple):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() // 3
    return 0


def _product_size(left: Any, right: Any) -> int:
    """The size of ``left * right`` (``"a" * 10`` has 10 characters), before making it."""
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(times, int):
            return len(sequence) * times
    return _size(left) + _size(right)


def _bounded_concat(parts: Iterable[str]) -> str:
    total = 0
    collected = []
    for part in parts:
        total += len(part)
        if total > MAX_SIZE:
            raise TextError(f"the text would be longer than {MAX_SIZE} characters")
        collected.append(part)
    return "".join(collected)


def _finalize(value: Any) -> Any:
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, str | int | float) and not callable(value):
        return value
    if callable(value):
        raise TextError('{{ }} shows text or numbers, not a function; call it, e.g. fact("id")')
    raise TextError(f"{{{{ }}}} shows text or numbers, not a {type(value).__name__}")


class TextEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox of content texts (see the module's documentation)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    intercepted_unops = frozenset()

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            finalize=_finalize,
        )
        self.globals.clear()
        self.globals["range"] = _bounded_range
        self.filters = {name: FILTERS[name] for name in SAFE_FILTERS}
        self.concat = _bounded_concat  # type: ignore[method-assign]

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, LoopContext) and attr in _LOOP_ATTRIBUTES

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "%" and isinstance(left, str):
            raise TextError("% formatting is not available in texts")
        if operator_ == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            size = max(abs(left), 2).bit_length() * right // 3
        elif operator_ == "*":
            size = _product_size(left, right)
        else:
            size = _size(left) + _size(right)
        if size > MAX_SIZE:
            raise TextError(f"the result of {operator_} would be larger than {MAX_SIZE} characters")
        return super().call_binop(context, operator_, left, right)

    def unsafe_undefined(self, obj: Any, attribute: str) -> NoReturn:
        raise TextError(f"{attribute!r}: texts cannot use attributes of values")


@cache
def content_environment() -> TextEnvironment:
    """The sandboxed Jinja environment that content texts are parsed and shown with."""
    return TextEnvironment()


def is_template(text: str) -> bool:
    """Whether a text uses the template language at all; most do not.

    >>> is_template("Plain *Markdown*."), is_template('{{ fact("ppi_price_home") }}')
    (False, True)
    """
    return "{{" in text or "{%" in text or "{#" in text


@lru_cache(maxsize=4096)
def compiled(text: str) -> Template:
    """A text compiled once (the same text is shown on several pages and in search).

    Raises ``TextError`` for a syntax error or a statement texts may not use.
    """
    env = content_environment()
    try:
        tree = env.parse(text)
    except TemplateSyntaxError as error:
        raise TextError(error.message or "syntax error", error.lineno) from None
    _check_tree(tree)
    try:
        return env.from_string(tree)
    except TemplateSyntaxError as error:  # an unknown filter or test
        message = (error.message or "syntax error").rstrip(".")
        if message.startswith("No filter named"):
            allowed = ", ".join(sorted(SAFE_FILTERS))
            message = f"unknown filter {message.split()[-1]}; texts may use {allowed}"
        raise TextError(message, error.lineno) from None


def _check_tree(tree: nodes.Template) -> None:
    for node in tree.find_all(nodes.Node):
        refused = _REFUSED.get(type(node))
        if refused is not None:
            raise TextError(f"{{% {refused} %}} is not available in texts", node.lineno)
        if isinstance(node, nodes.For):
            if node.recursive:
                raise TextError("recursive loops are not available in texts", node.lineno)
            if any(True for _ in node.find_all(nodes.For)):
                raise TextError("loops cannot be nested in texts", node.lineno)
        is_loop = isinstance(node, nodes.Getattr) and getattr(node.node, "name", "") == "loop"
        if isinstance(node, nodes.Getattr) and not is_loop:
            raise TextError(f"'.{node.attr}': texts cannot use attributes of values", node.lineno)
    functions = {
        id(call.node) for call in tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name)
    }
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name in _FUNCTIONS and id(name) not in functions:
            raise TextError(
                f"{name.name} is a function: call it, e.g. {name.name}(...)", name.lineno
            )


def expand(text: str, **functions: Any) -> str:
    """Render a text's template (tables, facts); plain texts come back as they are.

    Raises ``TextError`` with the line in the text of what cannot be shown.
    """
    if not is_template(text):
        return text
    template = compiled(text)
    try:
        return template.render(**functions)
    except TextError as error:
        error.line = _template_line(error) or error.line
        raise
    except UndefinedError as error:
        message = str(error.message)
        name = message.removesuffix(" is undefined").strip("'") if _UNDEFINED.match(message) else ""
        line = _template_line(error) or 1
        raise TextError(_undefined(message), line, name=name) from None
    except SecurityError as error:
        raise TextError(str(error), _template_line(error) or 1) from None
    except (TypeError, ValueError, LookupError, ArithmeticError, RecursionError) as error:
        raise TextError(f"{error}", _template_line(error) or 1) from None


_UNDEFINED = re.compile(r"^'[^']*' is undefined$")


def _undefined(message: str) -> str:
    # "'foo' is undefined" -> "unknown name 'foo'"
    if message.endswith(" is undefined"):
        return f"unknown name {message.removesuffix(' is undefined')}"
    return message


def _template_line(error: BaseException) -> int | None:
    """The line of the text where ``error`` happened (Jinja maps template frames)."""
    line = None
    for frame, number in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = number
    return line


def running_line() -> int:
    """The line of the text whose template is running, asked by a function it calls."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if frame.f_code.co_filename == "<template>" and isinstance(template, Template):
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back  # type: ignore[assignment]
    return 1


_TAG = re.compile(r"\{\{.*?(?:\}\}|$)|\{%.*?(?:%\}|$)|\{#.*?(?:#\}|$)")


def expression_column(text: str, line: int, needle: str = "") -> int:
    """The column (from 0) of the template tag on line ``line`` (from 1) of ``text``.

    The tag that holds ``needle`` (a name, a fact's id), else the line's first tag.

    >>> expression_column('One {{ fact("a") }}, two {{ fact("b") }}.', 1, '"b"')
    25
    """
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return 0
    tags = list(_TAG.finditer(lines[line - 1]))
    for tag in tags:
        if needle and re.search(rf"(?<![\w-]){re.escape(needle)}(?![\w-])", tag.group(0)):
            return tag.start()
    return tags[0].start() if tags else 0


@dataclass(frozen=True)
class TextProblem:
    """What ``kbgen check`` reports about one text's template, at its line and column
    in the text (from 1 and from 0)."""

    line: int
    message: str
    code: str = "KB010"
    column: int = 0


def template_problems(
    text: str,
    facts: Mapping[str, str | None],
    tables: Collection[str] | None,
    *,
    no_rules: bool = False,
) -> list[TextProblem]:
    """Parse and run a text's template as a build would, with stand-ins for its values.

    ``facts``: every fact of the rules, with ``None`` for one this locale states or
    why it cannot be quoted here (KB110); ``tables``: the tables of the translation,
    or ``None`` where ``table()`` is not available (in a table cell).

    >>> template_problems('{{ fact("ppi_prise") }}', {"ppi_price": None}, [])[0].message
    "unknown fact 'ppi_prise'; did you mean 'ppi_price'?"
    >>> template_problems("{{ ''.__class__ }}", {}, [])[0].message
    "'.__class__': texts cannot use attributes of values"
    """
    problems: list[TextProblem] = []
    reported: set[str] = set()

    def fact(fact_id: Any) -> str:
        if isinstance(fact_id, Undefined):
            name = str(fact_id._undefined_name)
            raise TextError(
                f'fact() takes the id of a fact in quotes: fact("{name}")',
                running_line(),
                name=name,
            )
        if not isinstance(fact_id, str):
            raise TextError(f"fact() takes the id of a fact, as text, not {fact_id!r}")
        if fact_id not in facts:
            message = f"unknown fact {fact_id!r}"
            if no_rules:
                message += " (there is no content/rules/ folder)"
            else:
                message += _did_you_mean(fact_id, facts)
            _once(message, "KB109", repr(fact_id)[1:-1])
        elif facts[fact_id] is not None and fact_id not in reported:
            _once(str(facts[fact_id]), "KB110", fact_id)
        return "1"

    def table(name: Any) -> str:
        assert tables is not None
        if not isinstance(name, str):
            raise TextError(f"table() takes the name of a table, as text, not {name!r}")
        if name not in tables:
            known = f"; this translation has {', '.join(sorted(tables))}" if tables else ""
            _once(f"unknown table {name!r}{known}", "KB011", name)
        return ""

    def _once(message: str, code: str, needle: str) -> None:
        if message not in reported:
            reported.add(message)
            line = running_line()
            column = expression_column(text, line, needle)
            problems.append(TextProblem(line, message, code, column))

    functions: dict[str, Callable[..., str]] = {"fact": _checked_call(fact, "fact", 1)}
    if tables is not None:
        functions["table"] = _checked_call(table, "table", 1)
    try:
        expand(text, **functions)
    except TextError as error:
        message = error.message
        if error.name and message.startswith("unknown name"):
            message += _name_hint(error.name, facts, functions)
        column = expression_column(text, error.line, error.name)
        problems.append(TextProblem(error.line, message, error.code, column))
    return problems


def _name_hint(name: str, facts: Collection[str], functions: Collection[str]) -> str:
    """What an unknown name in a text was probably meant to be."""
    if name in facts:
        return f'; a fact is quoted with fact("{name}")'
    lowered = {known.lower(): known for known in [*functions, "range"]}
    if name.lower() in lowered:
        return f"; did you mean {lowered[name.lower()]!r}?"
    close = _did_you_mean(name, facts)
    if close:
        usable = ", ".join(sorted(functions))
        return f'; texts can use {usable}; to quote a fact, fact("id"){close}'
    return f"; texts can use {', '.join(sorted(lowered.values()))}"


def _checked_call(function: Callable[[Any], str], name: str, count: int) -> Callable[..., str]:
    def call(*args: Any, **kwargs: Any) -> str:
        if kwargs or len(args) != count:
            raise TextError(f'{name}() takes one argument, the {_WHAT[name]}, e.g. {name}("id")')
        return function(*args)

    return call


_WHAT = {"fact": "id of a fact", "table": "name of a table"}


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=3)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"
