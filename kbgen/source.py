"""YAML sources with positions: the line of every key, for messages that point at it.

Content and rules read their files here alike: ``read_source`` turns a file into a
``Source`` (its shown path and parsed document) or into problems (KB001 unreadable
or invalid YAML, KB008 duplicate keys); ``kbgen.wording`` puts YAML's and the
models' errors in the writers' words.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbgen.errors import KbgenError, Problem, display_path, unreadable
from kbgen.incremental import file_key
from kbgen.wording import yaml_words

Loc = tuple[str | int, ...]
_POSITIONS = ("lines", "scalars", "columns")
_PACKED = "_positions"


@dataclass
class YamlDocument:
    """The data of one YAML file and the line (1-based) of every key and item."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    duplicates: list[tuple[Loc, int, int]] = field(default_factory=list)
    scalars: dict[Loc, tuple[int, str | None]] = field(default_factory=dict)
    """Where each scalar value starts (line of its first character) and its style."""
    comments: dict[Loc, str] = field(default_factory=dict)
    """The comment (`` # ...``) on the line of each unquoted one-line value that has one:
    YAML cut the value there, which a writer may not have meant."""
    columns: dict[Loc, int] = field(default_factory=dict)
    """The column (from 1) of each scalar's first character of text: after the quote of
    a quoted value, at the indentation of a block text (``|``, ``>``)."""
    key: str = field(default="", compare=False)
    """The key of the text it was parsed from (``file_key``), when ``ParsedFiles`` parsed it."""

    # Pickled (the parse cache), the positions that only messages read are packed apart,
    # and unpacked when first read: a rebuild loads every file's data, few files' lines.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if "lines" in state:
            state[_PACKED] = pickle.dumps(tuple(state.pop(name) for name in _POSITIONS), 5)
        return state

    def __getattr__(self, name: str) -> Any:
        packed = self.__dict__.pop(_PACKED, None) if name in _POSITIONS else None
        if packed is None:
            raise AttributeError(name)
        self.__dict__.update(zip(_POSITIONS, pickle.loads(packed), strict=True))
        return self.__dict__[name]

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest ancestor that has one."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1

    def text_line(self, loc: Loc, offset: int) -> int:
        """The file line of line ``offset`` (0-based) of the text at ``loc``.

        Exact for literal block texts (``|``), the usual form of a Markdown text;
        the line where the value starts for any other style, whose lines YAML folds.

        >>> doc = parse_yaml("id: a\\nanswer: |\\n  one\\n  two\\nq: x\\n")
        >>> doc.text_line(("answer",), 1), doc.text_line(("q",), 0)
        (4, 5)
        """
        start = self.scalars.get(loc)
        if start is None:
            return self.line_of(loc)
        line, style = start
        # A literal block's text begins on the line after its indicator.
        return line + 1 + offset if style == "|" else line

    def text_position(self, loc: Loc, offset: int, column: int) -> tuple[int, int]:
        r"""The file line and column (from 1) of a place inside the text at ``loc``.

        ``offset`` is the line in the text (from 0), ``column`` the place on it
        (from 0). Exact for literal block texts and for one-line values; in a
        folded text, the place where the value starts.

        >>> doc = parse_yaml('id: a\nanswer: |\n  one\n  two {{ x }}\nq: "x y"\n')
        >>> doc.text_position(("answer",), 1, 4), doc.text_position(("q",), 0, 2)
        ((4, 7), (5, 7))
        """
        start = self.scalars.get(loc)
        first = self.columns.get(loc, 0)
        if start is None or not first:
            return self.line_of(loc), 0
        line, style = start
        if style == "|":
            return line + 1 + offset, first + column
        if style in (None, "", "'", '"') and offset == 0:
            return line, first + column
        return line, first


@dataclass(frozen=True)
class Source:
    """Where a piece of content or a programme was read from, for messages."""

    path: str
    doc: YamlDocument

    def line(self, loc: Loc) -> int:
        return self.doc.line_of(loc)

    def problem(self, loc: Loc, message: str, code: str) -> Problem:
        """A problem at ``loc`` of this file."""
        return Problem(self.path, self.line(loc), format_loc(loc), message, code)


def read_source(
    path: Path, root: Path, parsed: ParsedFiles | None = None
) -> tuple[Source | None, list[Problem]]:
    """Read and parse one YAML file; ``None`` and its problems when it cannot be used.

    Duplicate keys are problems of a usable source. ``parsed`` keeps the documents
    parsed by an earlier run (``kbgen.cache``).
    """
    shown = display_path(path, root)
    try:
        text = parsed.texts.pop(path, None) if parsed is not None else None
        if text is None:
            text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        message = f"the file is not UTF-8 text ({error.reason})"
        return None, [Problem(shown, utf8_error_line(error), "", message, "KB001")]
    except OSError as error:  # a folder named like a file, a broken link
        return None, [Problem(shown, 1, "", unreadable(error), "KB001")]
    try:
        doc = parsed.parse(text) if parsed is not None else parse_yaml(text)
    except YamlSyntaxError as error:
        return None, [Problem(shown, error.line, "", error.message, "KB001")]
    problems = [
        Problem(shown, line, format_loc(loc), f"duplicate key (first at line {first})", "KB008")
        for loc, line, first in doc.duplicates
    ]
    return Source(shown, doc), problems


class YamlSyntaxError(KbgenError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The most values a document may hold once its aliases are expanded. Aliases let a
#: few lines stand for billions of values ("billion laughs"); no content file comes
#: near this.
MAX_VALUES = 100_000
#: The tags that content may carry (YAML's core schema); ``!!python/...`` and the
#: like are refused, not dropped.
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)


def utf8_error_line(error: UnicodeDecodeError) -> int:
    r"""The line (from 1) of the first byte that is not UTF-8.

    >>> try:
    ...     b"a: 1\nb: \xe9\n".decode("utf-8")
    ... except UnicodeDecodeError as error:
    ...     utf8_error_line(error)
    2
    """
    return bytes(error.object[: error.start]).count(b"\n") + 1


def _check_size(root: yaml.Node) -> None:
    """Refuse a document whose aliases would expand it beyond ``MAX_VALUES``, or a tag."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if node.tag not in _CORE_TAGS:
            line = node.start_mark.line + 1
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlSyntaxError(f"unknown tag {tag!r}: content is plain YAML", line)
        sizes[id(node)] = 0  # a node that contains itself counts once
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        if total > MAX_VALUES:
            line = node.start_mark.line + 1
            raise YamlSyntaxError(
                f"this value expands (through its aliases) to more than {MAX_VALUES} values",
                line,
            )
        sizes[id(node)] = total
        return total

    size(root)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document, recording lines and duplicate keys.

    >>> doc = parse_yaml("id: a\\nnames:\\n  fr: Licences\\n")
    >>> doc.data, doc.lines[("names", "fr")]
    ({'id': 'a', 'names': {'fr': 'Licences'}}, 3)
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = YamlDocument(data=None)
        if node is not None:
            _check_size(node)
            ends: dict[Loc, tuple[int, int]] = {}
            doc.data = _build(loader, node, (), doc, ends)
            _block_columns(doc, text)
            _trailing_comments(doc, text, ends)
        return doc
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        message = str(error.problem or "invalid YAML")
        character = ""
        if mark is not None:
            row = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
            character = row[mark.column : mark.column + 1]
        plain = yaml_words(message, character)
        if plain != message:
            raise YamlSyntaxError(plain, line) from None
        if error.context:
            context = str(error.context)
            if error.context_mark is not None and error.context_mark.line + 1 != line:
                context += f" that starts at line {error.context_mark.line + 1}"
            message += f" ({context})"
        raise YamlSyntaxError(message, line) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(str(error), 1) from None
    finally:
        loader.dispose()


class ParsedFiles:
    """Parsed documents by the hash of their text, kept from one build for the next.

    Parsing with line numbers is most of the cost of reading the content; a
    rebuild parses only the files whose text changed. ``used`` holds what this
    run parsed or reused, which is what the next run needs.

    >>> memo = ParsedFiles()
    >>> memo.parse("id: a\\n") is memo.parse("id: a\\n"), len(memo.used)
    (True, 1)
    """

    def __init__(self, previous: dict[str, YamlDocument] | None = None) -> None:
        self.previous = previous or {}
        self.used: dict[str, YamlDocument] = {}
        self.ahead: dict[str, YamlDocument] = {}
        """Documents parsed by ``parse_ahead`` for this run."""
        self.texts: dict[Path, str] = {}
        """The texts that ``parse_ahead`` read for this run, by path: each file is read
        once (``read_source`` takes its text from here)."""

    def parse(self, text: str) -> YamlDocument:
        """``parse_yaml(text)``, or its result from before; raises ``YamlSyntaxError``."""
        key = file_key(text)
        doc = self.used.get(key) or self.previous.get(key) or self.ahead.pop(key, None)
        if doc is None:
            doc = parse_yaml(text)
        doc.key = key
        self.used[key] = doc
        return doc


def _build(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    loc: Loc,
    doc: YamlDocument,
    ends: dict[Loc, tuple[int, int]],
) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                key = str(key)
            child = (*loc, key)
            line = key_node.start_mark.line + 1
            if key in result:
                doc.duplicates.append((child, line, doc.lines[child]))
            else:
                doc.lines[child] = line
            result[key] = _build(loader, value_node, child, doc, ends)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*loc, index)
            doc.lines[child] = item.start_mark.line + 1
            items.append(_build(loader, item, child, doc, ends))
        return items
    if isinstance(node, yaml.ScalarNode):
        doc.scalars[loc] = (node.start_mark.line + 1, node.style)
        quoted = node.style in ("'", '"')
        doc.columns[loc] = node.start_mark.column + 1 + quoted
        if not node.style and node.start_mark.line == node.end_mark.line:
            ends[loc] = (node.end_mark.line, node.end_mark.column)
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        # An impossible date such as 2026-13-01: keep the text, the schema reports it.
        return node.value


def _block_columns(doc: YamlDocument, text: str) -> None:
    """Set the column of each block text (``|``, ``>``) to its indentation."""
    lines: list[str] | None = None
    for loc, (line, style) in doc.scalars.items():
        if style not in ("|", ">"):
            continue
        lines = lines if lines is not None else text.splitlines()
        for body in lines[line:]:
            if body.strip():
                doc.columns[loc] = len(body) - len(body.lstrip(" ")) + 1
                break


def _trailing_comments(doc: YamlDocument, text: str, ends: dict[Loc, tuple[int, int]]) -> None:
    """Record the comment after each unquoted one-line value that has one on its line."""
    lines: list[str] | None = None
    for loc, (line, column) in ends.items():
        lines = lines if lines is not None else text.splitlines()
        rest = lines[line][column:] if line < len(lines) else ""
        if re.match(r"[ \t]+#", rest):
            doc.comments[loc] = rest.strip()


_DECLARED_ID = re.compile(r"^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*[\"']?([A-Za-z0-9_-]+)", re.M)


def declared_ids(path: Path) -> set[str]:
    r"""The ids a YAML file declares (``id: x`` lines), read as text: what a file that
    cannot be loaded would have defined, so that references to it are not each an error.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".yaml") as file:
    ...     _ = file.write("facts:\n  - id: ppi_price\n    bad: [\n")
    ...     file.flush()
    ...     sorted(declared_ids(Path(file.name)))
    ['ppi_price']
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return set(_DECLARED_ID.findall(text))


def format_loc(loc: Loc) -> str:
    """``('translations', 'fr', 'sections', 0)`` -> ``translations.fr.sections[0]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
