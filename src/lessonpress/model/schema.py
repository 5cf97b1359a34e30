"""Checking YAML nodes against typed dataclasses, with located messages.

The lesson, source and settings formats are plain dataclasses whose fields
carry a help text in their metadata (see :func:`spec`). :func:`load_record`
walks a :class:`~lessonpress.model.yamlnodes.Node` tree against such a class and
either returns an instance or records located problems; it never stops at the
first one. The same definitions produce the format reference in the docs, so
the two cannot drift apart.

Field types are classified once by :mod:`.fieldtypes`; the checker here, like the
JSON Schemas and the docs, is one of its visitors. ``int`` fields take ``min``/``max``,
lists ``min_items``/``max_items``, text ``max_length`` (see :func:`spec`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias, TypeVar, cast

from lessonpress.errors import Pos, Problems, Refused, did_you_mean
from lessonpress.model.fieldtypes import (
    ChoiceType,
    CssColor,
    FieldType,
    FormatVisitor,
    KindTable,
    LanguageTag,
    ListType,
    Markdown,
    OptionalType,
    PartialDate,
    RecordType,
    ScalarKind,
    ScalarType,
    WebUrl,
    classify,
)
from lessonpress.model.yamlnodes import Mapping, Node, Scalar, Sequence, kind_name

T = TypeVar("T")
#: A field's metadata: its help text and limits (see :func:`spec`).
Meta: TypeAlias = typing.Mapping[str, Any]

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Where:
    """Where a record and each of its fields were written."""

    file: Path
    path: str
    pos: Pos
    fields: dict[str, Pos] = field(default_factory=dict)

    def of(self, name: str) -> tuple[Path, Pos, str]:
        """File, position and field path of one field (the record's own if unset)."""
        return self.file, self.fields.get(name, self.pos), join_path(self.path, name)


#: Placeholder for the ``at`` field of records built in code rather than loaded.
NOWHERE = Where(Path("<memory>"), "", Pos(1, 1))


def spec(
    help: str,
    *,
    default: Any = dataclasses.MISSING,
    default_factory: Callable[[], Any] | Any = dataclasses.MISSING,
    min: int | None = None,
    max: int | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
    example: str | None = None,
    nullable: bool = False,
    max_length: int | None = None,
) -> Any:
    """Declare a field of a spec format with its help text and limits.

    ``nullable`` fields must be written but may be ``null`` (meaning "unknown").
    ``max_length`` caps a text field (otherwise :data:`MAX_TEXT`, or :data:`MAX_MARKDOWN`).
    """
    metadata = {
        "help": help,
        "min": min,
        "max": max,
        "min_items": min_items,
        "max_items": max_items,
        "example": example,
        "nullable": nullable,
        "max_length": max_length,
    }
    return field(default=default, default_factory=default_factory, metadata=metadata)


def location_field() -> Any:
    """The ``at`` field every record carries: where it was written."""
    return field(default=NOWHERE, compare=False, repr=False, metadata={"internal": True})


def join_path(parent: str, name: str) -> str:
    """``pairs[0]`` + ``title`` -> ``pairs[0].title``."""
    return f"{parent}.{name}" if parent else name


def public_fields(cls: type) -> list[dataclasses.Field[Any]]:
    """The fields a user writes (everything but the internal ``at``)."""
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


_INVALID: Any = object()


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """A record class's resolved type hints (resolving them is slow; classes never change)."""
    return typing.get_type_hints(cls, include_extras=True)


@functools.cache
def field_type(cls: type, name: str) -> FieldType:
    """What kind of value field ``name`` of dataclass ``cls`` holds (see :mod:`.fieldtypes`).

    Cached per field, so the validator classifies each field once per run, not per value.
    """
    return classify(field_types(cls)[name])


class _Checker:
    """Walks nodes against records; one instance per file."""

    def __init__(self, file: Path, problems: Problems) -> None:
        self.file = file
        self.problems = problems

    def error(self, pos: Pos, path: str, message: str, hint: str | None = None) -> Any:
        self.problems.error(self.file, pos, path or None, message, hint)
        return _INVALID

    def value(self, ft: FieldType, node: Node, path: str, meta: Meta) -> Any:
        """``node`` as a value of type ``ft``, or ``_INVALID`` with its problems recorded."""
        return _Value(self, node, path, meta).visit(ft)

    def record(self, cls: type, node: Node, path: str) -> Any:
        if not isinstance(node, Mapping):
            return self.error(
                node.pos,
                path,
                f"expected a mapping of fields, found {kind_name(node)}",
                "write 'field: value' lines",
            )
        known = {f.name: f for f in public_fields(cls)}
        misspelt: set[str] = set()
        for key, kpos in node.key_pos.items():
            if key not in known:
                hint = did_you_mean(key, known)
                if hint:
                    misspelt.add(hint.split("'")[1])
                self.error(
                    kpos,
                    join_path(path, key),
                    f"unknown field '{key}'",
                    hint or "allowed: " + ", ".join(known),
                )
        values: dict[str, Any] = {}
        ok = True
        for name, fld in known.items():
            sub = node.entries.get(name)
            if sub is None or (isinstance(sub, Scalar) and sub.is_null):
                if sub is not None and fld.metadata.get("nullable"):
                    values[name] = None
                elif is_required(fld):
                    if name not in misspelt:  # already reported as a misspelt key
                        self.error(
                            node.pos if sub is None else sub.pos,
                            path,
                            f"missing required field '{name}'",
                            _add_hint(name, fld),
                        )
                    ok = False
                continue
            value = self.value(field_type(cls, name), sub, join_path(path, name), fld.metadata)
            ok = ok and value is not _INVALID
            values[name] = value
        if not ok:
            return _INVALID
        where = Where(self.file, path, node.pos, {name: n.pos for name, n in node.entries.items()})
        return cast(Any, cls)(**values, at=where)


class _Value(FormatVisitor[Any]):
    """One node checked against one field type; its problems go to the file's checker."""

    def __init__(self, checker: _Checker, node: Node, path: str, meta: Meta) -> None:
        self.checker = checker
        self.node = node
        self.path = path
        self.meta = meta

    def optional(self, ft: OptionalType) -> Any:
        return self.visit(ft.inner)  # the record took null; here a value was written

    def record(self, ft: RecordType) -> Any:
        return self.checker.record(ft.cls, self.node, self.path)

    def list_of(self, ft: ListType) -> Any:
        node, path = self.node, self.path
        if not isinstance(node, Sequence):
            return self.checker.error(
                node.pos,
                path,
                f"expected a list, found {kind_name(node)}",
                "start each item on its own line with '- '",
            )
        low, high = self.meta.get("min_items"), self.meta.get("max_items")
        wrong = _wrong_count(len(node.items), low, high)
        if wrong:
            return self.checker.error(node.pos, path, wrong)
        items = [
            self.checker.value(ft.item, item, f"{path}[{i}]", {})
            for i, item in enumerate(node.items)
        ]
        return _INVALID if any(item is _INVALID for item in items) else items

    def choice(self, ft: ChoiceType) -> Any:
        node = self.scalar_node(ft)
        if node is None:
            return _INVALID
        if node.text in ft.options:
            return node.text
        hint = did_you_mean(node.text, ft.options) or "one of: " + ", ".join(ft.options)
        return self.checker.error(node.pos, self.path, f"'{node.text}' is not allowed here", hint)

    def scalar(self, ft: ScalarType) -> Any:
        node = self.scalar_node(ft)
        if node is None:
            return _INVALID
        try:
            return _PARSERS[ft.kind](node.text, self.meta)
        except Refused as exc:
            return self.checker.error(node.pos, self.path, exc.message, exc.hint)

    def scalar_node(self, ft: FieldType) -> Scalar | None:
        """The node, if it is a single value; else ``None``, with the problem recorded."""
        if isinstance(self.node, Scalar):
            return self.node
        found = kind_name(self.node)
        self.checker.error(self.node.pos, self.path, f"expected {describe(ft)}, found {found}")
        return None


def _wrong_count(count: int, low: int | None, high: int | None) -> str | None:
    """What is wrong with a list of ``count`` items, if it is too short or too long."""
    if (low is None or count >= low) and (high is None or count <= high):
        return None
    want = (
        f"exactly {low}"
        if low == high
        else f"at least {low}"
        if high is None
        else f"between {low} and {high}"
        if low
        else f"at most {high}"
    )
    return f"expected {want} items, found {count}"


def _add_hint(name: str, fld: dataclasses.Field[Any]) -> str:
    help_text = str(fld.metadata.get("help", "")).rstrip(".")
    example = fld.metadata.get("example")
    shown = f"{name}: {example}" if example else f"{name}: ..."
    return f"add '{shown}'" + (f"; {help_text[:1].lower()}{help_text[1:]}" if help_text else "")


def is_required(fld: dataclasses.Field[Any]) -> bool:
    return fld.default is dataclasses.MISSING and fld.default_factory is dataclasses.MISSING


#: Longest text accepted, in characters, where a field does not set its own limit.
MAX_TEXT = 1_000
MAX_MARKDOWN = 10_000
#: The kinds of free text: they take a length limit (:func:`max_characters`).
TEXT_KINDS = frozenset({ScalarKind.TEXT, ScalarKind.MARKDOWN})


def max_characters(kind: ScalarKind, meta: Meta) -> int:
    """The longest text a field of ``kind`` takes: its ``max_length``, else the kind's limit."""
    limit: int = meta.get("max_length") or (
        MAX_MARKDOWN if kind is ScalarKind.MARKDOWN else MAX_TEXT
    )
    return limit


def _checked_text(raw: str, limit: int) -> str:
    text = raw.strip()
    if not text:
        raise Refused("must not be empty")
    if len(text) > limit:
        raise Refused(f"is {len(text):,} characters long; the limit is {limit:,}", "shorten it")
    return text


def _text(raw: str, meta: Meta) -> str:
    return _checked_text(raw, max_characters(ScalarKind.TEXT, meta))


def _markdown(raw: str, meta: Meta) -> str:
    return Markdown(_checked_text(raw, max_characters(ScalarKind.MARKDOWN, meta)))


def _language(raw: str, meta: Meta) -> str:
    if not LANGUAGE_RE.match(raw.strip()):
        raise Refused(f"'{raw}' is not a language tag", "write a code such as en, hy, ru or az")
    return LanguageTag(raw.strip())


def _url(raw: str, meta: Meta) -> str:
    if not URL_RE.match(raw.strip()):
        raise Refused(f"'{raw}' is not a web address", "write it as https://...")
    return WebUrl(raw.strip())


def _color(raw: str, meta: Meta) -> str:
    if not COLOR_RE.match(raw.strip()):
        raise Refused(f"'{raw}' is not a colour", "write it as #rrggbb, for example #1f4e79")
    return CssColor(raw.strip())


def _int(raw: str, meta: Meta) -> int:
    try:
        number = int(raw.strip())
    except ValueError:
        raise Refused(f"expected a whole number, found '{raw}'") from None
    low, high = meta.get("min"), meta.get("max")
    if (low is not None and number < low) or (high is not None and number > high):
        raise Refused(f"{number} is out of range", f"use a number from {low} to {high}")
    return number


def _bool(raw: str, meta: Meta) -> bool:
    word = raw.strip().lower()
    if word in ("true", "false"):
        return word == "true"
    raise Refused(f"expected true or false, found '{raw}'")


def _partial_date(raw: str, meta: Meta) -> PartialDate:
    match = _DATE_RE.match(raw.strip())
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            pass
        else:
            return PartialDate(year, month, day)
    raise Refused(f"'{raw}' is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY, or null if unknown")


def _date(raw: str, meta: Meta) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise Refused(f"'{raw}' is not a date", "write it as YYYY-MM-DD") from None


_PARSERS: KindTable[Callable[[str, Meta], Any]] = KindTable(
    {
        ScalarKind.TEXT: _text,
        ScalarKind.MARKDOWN: _markdown,
        ScalarKind.LANGUAGE: _language,
        ScalarKind.URL: _url,
        ScalarKind.COLOR: _color,
        ScalarKind.INT: _int,
        ScalarKind.BOOL: _bool,
        ScalarKind.PARTIAL_DATE: _partial_date,
        ScalarKind.DATE: _date,
    }
)

_DESCRIPTIONS: KindTable[str] = KindTable(
    {
        ScalarKind.TEXT: "text",
        ScalarKind.MARKDOWN: "text (Markdown)",
        ScalarKind.LANGUAGE: "a language tag",
        ScalarKind.URL: "a web address",
        ScalarKind.COLOR: "a colour (#rrggbb)",
        ScalarKind.INT: "a whole number",
        ScalarKind.BOOL: "true or false",
        ScalarKind.PARTIAL_DATE: "a date",
        ScalarKind.DATE: "a date",
    }
)


class Describe(FormatVisitor[str]):
    """Short human names of field types ("a list of text"), for messages and the docs."""

    def scalar(self, ft: ScalarType) -> str:
        return _DESCRIPTIONS[ft.kind]

    def choice(self, ft: ChoiceType) -> str:
        return "one of " + ", ".join(ft.options)

    def list_of(self, ft: ListType) -> str:
        return f"a list of {self.visit(ft.item)}"

    def optional(self, ft: OptionalType) -> str:
        return self.visit(ft.inner)

    def record(self, ft: RecordType) -> str:
        return "a mapping of fields"


def describe(ft: FieldType) -> str:
    """A short human name for a field type, used in messages and the docs."""
    return Describe().visit(ft)


def load_record(
    cls: type[T], node: Node | None, file: Path, problems: Problems, path: str = ""
) -> T | None:
    """Check ``node`` against ``cls``; the instance, or ``None`` with problems recorded.

    ``path`` is the record's field path within its file (empty for the whole file).
    """
    if node is None:
        problems.error(
            file, Pos(1, 1), None, "the file is empty", "see the format reference in the README"
        )
        return None
    found = Problems()
    result = _Checker(file, found).record(cls, node, path)
    problems.extend(found)
    if result is _INVALID or found.errors:
        return None
    return cast(T, result)
