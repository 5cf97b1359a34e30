"""Reading YAML into a tree of located nodes.

Lesson specs and source front matter travel between teachers, so they are read
at ``yaml.safe_load`` level or below: PyYAML only *composes* the document into
nodes (no object construction at all), and this module turns those nodes into
:class:`Scalar`, :class:`Mapping` and :class:`Sequence` values that remember
their line and column. Scalars keep their raw text; the schema decides what a
value means, so ``NO``, ``1.10`` or ``1:30`` typed in a text field stay text.

Refused with a located error: duplicate keys, aliases (``*name``, which also
rules out alias bombs), tags other than YAML's standard ones, non-text keys,
invalid UTF-8, NUL bytes and files over :data:`MAX_BYTES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

from lessonpress.confine import OutsideError, read_inside
from lessonpress.errors import InputError, Pos, Problem, Problems

#: The largest YAML text accepted (lesson specs are a few kilobytes).
MAX_BYTES = 1_000_000
#: The deepest nesting of lists and mappings accepted (lesson specs use five levels).
MAX_DEPTH = 64

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Scalar:
    """A single value as typed: ``text`` is the raw string, never converted."""

    text: str
    pos: Pos
    is_null: bool
    quoted: bool


@dataclass(frozen=True)
class Mapping:
    """A YAML mapping; ``key_pos`` keeps where each key was written."""

    entries: dict[str, Node]
    key_pos: dict[str, Pos]
    pos: Pos


@dataclass(frozen=True)
class Sequence:
    """A YAML list."""

    items: list[Node]
    pos: Pos


Node = Scalar | Mapping | Sequence


def kind_name(node: Node) -> str:
    """Describe a node's shape for messages ("a list", "a mapping", "text")."""
    if isinstance(node, Mapping):
        return "a mapping of fields"
    if isinstance(node, Sequence):
        return "a list"
    return "nothing" if node.is_null else f"'{_short(node.text)}'"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _pos(mark: yaml.Mark, line_offset: int) -> Pos:
    return Pos(mark.line + 1 + line_offset, mark.column + 1)


class _RefusedAlias(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _Checks:
    """Composer checks shared by both parsers: no aliases (refused before they are
    expanded), no nesting deeper than :data:`MAX_DEPTH`."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            raise _RefusedAlias(self.peek_event().start_mark)  # type: ignore[attr-defined]
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)  # type: ignore[attr-defined]
        try:
            return Composer.compose_node(self, parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


class _Composer(_Checks, yaml.SafeLoader):
    """PyYAML's pure-Python safe composer, with the checks: exact error messages."""


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastComposer(_Checks, CParser, Composer, Resolver):
        """libyaml's C parser feeding the same Python composer, about 15x faster.

        Used for every file; on any YAML error the file is read again with
        :class:`_Composer`, so messages and positions are always the same.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)

        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document
        compose_sequence_node = Composer.compose_sequence_node
        compose_mapping_node = Composer.compose_mapping_node
        compose_scalar_node = Composer.compose_scalar_node

    def _compose(text: str) -> yaml.Node | None:
        try:
            return _FastComposer(text).get_single_node()
        except yaml.YAMLError:
            return yaml.compose(text, Loader=_Composer)

else:  # pragma: no cover - PyYAML built without libyaml

    def _compose(text: str) -> yaml.Node | None:
        return yaml.compose(text, Loader=_Composer)


def decode(data: bytes, path: Path) -> str:
    """Decode a text file, refusing binary content and stripping a BOM."""
    if len(data) > MAX_BYTES:
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    None,
                    f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}",
                    "split it into smaller files",
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [
                Problem(
                    path,
                    Pos(line, column),
                    None,
                    "the file is not valid UTF-8 text",
                    "save it as UTF-8 in your editor",
                )
            ]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            [
                Problem(
                    path,
                    Pos(line, 1),
                    None,
                    "the file contains a NUL byte",
                    "is this a binary file?",
                )
            ]
        )
    return text


def read_text(path: Path, problems: Problems, roots: list[Path]) -> str | None:
    """Read a UTF-8 text file inside ``roots``; ``None`` with a problem recorded on failure."""
    try:
        return decode(read_inside(path, roots, MAX_BYTES, shown=""), path)
    except InputError as exc:
        problems.extend(exc.problems)
    except OutsideError as exc:
        problems.error(path, None, None, str(exc), _hint(exc))
    return None


def _hint(exc: OutsideError) -> str | None:
    if "the limit is" in str(exc):
        return "split it into smaller files"
    if "link" in str(exc):
        return "copy the file into the workspace instead of linking to it"
    return None


def read_yaml(text: str, path: Path, problems: Problems, line_offset: int = 0) -> Node | None:
    """Parse YAML text; ``None`` with problems recorded for syntax errors or an empty file."""
    try:
        return parse(text, path, line_offset)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def parse(text: str, path: Path, line_offset: int = 0) -> Node | None:
    """Parse one YAML document; ``None`` for an empty document.

    ``line_offset`` shifts reported lines, for YAML embedded in a larger file
    (a source's front matter starts on line 2).
    """
    try:
        root = _compose(text)
    except _RefusedAlias as exc:
        raise InputError(
            [
                Problem(
                    path,
                    _pos(exc.mark, line_offset),
                    None,
                    "YAML aliases (*name) are not allowed in lesson files",
                    "write the value out in full",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(exc, text, path, line_offset)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, None, None, f"YAML error: {exc}")]) from None
    except _TooDeep as exc:
        raise InputError(
            [
                Problem(
                    path,
                    _pos(exc.mark, line_offset),
                    None,
                    f"the YAML is nested more than {MAX_DEPTH} levels deep",
                    "lesson files need a few levels",
                )
            ]
        ) from None
    if root is None:
        return None
    problems: list[Problem] = []
    node = _convert(root, path, line_offset, problems)
    if problems:
        raise InputError(problems)
    return node


def _convert(node: yaml.Node, path: Path, offset: int, problems: list[Problem]) -> Node:
    pos = _pos(node.start_mark, offset)
    if node.tag not in _STANDARD_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(
            Problem(
                path,
                pos,
                None,
                f"YAML tag '{shown}' is not allowed",
                "remove the '!' tag",
            )
        )
    if isinstance(node, yaml.ScalarNode):
        return Scalar(
            text=node.value,
            pos=pos,
            is_null=node.tag == _NULL_TAG and not node.style,  # libyaml says "" for plain
            quoted=node.style in ("'", '"'),
        )
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(item, path, offset, problems) for item in node.value], pos)
    assert isinstance(node, yaml.MappingNode)
    entries: dict[str, Node] = {}
    key_pos: dict[str, Pos] = {}
    for key_node, value_node in node.value:
        kpos = _pos(key_node.start_mark, offset)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(path, kpos, None, "a key must be a plain name"))
            continue
        key = key_node.value
        if key in entries:
            first = key_pos[key]
            problems.append(
                Problem(
                    path,
                    kpos,
                    key,
                    "duplicate key",
                    f"already set on line {first.line}; keep one of them",
                )
            )
            continue
        entries[key] = _convert(value_node, path, offset, problems)
        key_pos[key] = kpos
    return Mapping(entries, key_pos, pos)


# (text in PyYAML's message, more text it must contain, our message, hint)
_FRIENDLY = (
    ("cannot start any token", "'\\t'", "a tab character", "indent with spaces, not tabs"),
    (
        "found unexpected end of stream",
        "quoted scalar",
        "unclosed quote",
        "close the quote at the end of the value",
    ),
    (
        "found unknown escape character",
        "",
        "a backslash escape inside double quotes",
        "use single quotes, or write \\\\ for a backslash",
    ),
    (
        "mapping values are not allowed here",
        "",
        "a ': ' inside text, or a bad indent",
        "put text containing ': ' in quotes, or fix the indentation",
    ),
    (
        "could not find expected ':'",
        "",
        "a line that is not 'field: value'",
        "check the indentation and the quotes of this line and the one above",
    ),
    (
        "expected <block end>, but found",
        "",
        "bad indentation",
        "line this up with the fields above it",
    ),
    (
        "did not find expected '-' indicator",
        "",
        "bad indentation in a list",
        "list items must line up",
    ),
    ("did not find expected key", "", "bad indentation", "line this up with the fields above it"),
    (
        "while parsing a flow",
        "",
        "a [ or { that is not closed",
        "close it, or put the whole value in quotes",
    ),
    (
        "found '<stream end>'",
        "",
        "the file ends in the middle of a value",
        "finish the value, or put it in quotes",
    ),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: Path, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        mark = exc.context_mark  # where the quote opened, not the end of the file
    pos = _pos(mark, offset) if mark is not None else None
    raw = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    lines = text.splitlines()
    error_line = mark.line if mark is not None else len(lines)
    unclosed = _unclosed_quote(lines[:error_line])
    if unclosed is not None:
        column = lines[unclosed].index(_value(lines[unclosed])[:1]) + 1
        return Problem(
            path,
            Pos(unclosed + 1 + offset, column),
            None,
            "YAML syntax error: unclosed quote",
            "close the quote at the end of the value",
        )
    line = lines[error_line] if error_line < len(lines) else ""
    if "found '<scalar>'" in raw and _value(line)[:1] in ("'", '"'):
        return Problem(
            path,
            pos,
            None,
            "YAML syntax error: text after the closing quote",
            "to use quotes inside a value, wrap the whole value in the other kind "
            "of quote: 'He said \"no\"'",
        )
    for needle, also, friendly, hint in _FRIENDLY:
        if needle in raw and also in raw:
            return Problem(path, pos, None, f"YAML syntax error: {friendly}", hint)
    return Problem(path, pos, None, f"YAML syntax error: {exc.problem or raw}")


def _value(line: str) -> str:
    """The value part of a ``key: value`` or ``- value`` line."""
    value = line.split(": ", 1)[1] if ": " in line else line.lstrip().removeprefix("- ")
    return value.strip()


def _unclosed_quote(lines: list[str]) -> int | None:
    """The last of ``lines`` (0-based) whose quoted value is never closed."""
    found = None
    for number, line in enumerate(lines):
        if _is_unclosed(_value(line)):
            found = number
    return found


def _is_unclosed(value: str) -> bool:
    if value[:1] == '"':
        return len(re.findall(r'(?<!\\)"', value)) % 2 == 1
    if value[:1] == "'":
        return value.count("'") % 2 == 1  # '' inside single quotes is an escaped quote
    return False
