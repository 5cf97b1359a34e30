"""Checking YAML nodes against typed dataclasses, with located messages.

The lesson, source and settings formats are plain dataclasses whose fields
carry a help text in their metadata (see :func:`spec`). :func:`load_record`
walks a :class:`~lessonpress.model.yamlnodes.Node` tree against such a class and
either returns an instance or records located problems; it never stops at the
first one. The same definitions produce the format reference in the docs, so
the two cannot drift apart.

Field types understood: ``str`` (one piece of text), ``int`` (with ``min``/``max``),
``bool``, ``datetime.date``, ``Literal[...]`` choices, ``list[...]``, nested
dataclasses, ``X | None``, and those of :mod:`.fieldtypes`: :data:`Markdown`,
:data:`LanguageTag`, :data:`WebUrl`, :data:`CssColor` and :class:`PartialDate`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from lessonpress.errors import Pos, Problems, did_you_mean
from lessonpress.model.fieldtypes import CssColor, LanguageTag, Markdown, PartialDate, WebUrl
from lessonpress.model.yamlnodes import Mapping, Node, Scalar, Sequence, kind_name

T = TypeVar("T")

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
    """A format class's resolved type hints (resolving them is slow; formats never change)."""
    return typing.get_type_hints(cls, include_extras=True)


class _Checker:
    """Walks nodes against types; one instance per file."""

    def __init__(self, file: Path, problems: Problems) -> None:
        self.file = file
        self.problems = problems

    def error(self, pos: Pos, path: str, message: str, hint: str | None = None) -> Any:
        self.problems.error(self.file, pos, path or None, message, hint)
        return _INVALID

    def value(self, tp: Any, node: Node, path: str, meta: typing.Mapping[str, Any]) -> Any:
        origin = typing.get_origin(tp)
        if origin in (types.UnionType, typing.Union):
            inner = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            return self.value(inner[0], node, path, meta)
        if origin is list:
            return self.list_of(typing.get_args(tp)[0], node, path, meta)
        if dataclasses.is_dataclass(tp) and tp not in _PARSERS:
            return self.record(cast(type, tp), node, path)
        if not isinstance(node, Scalar):
            return self.error(node.pos, path, f"expected {describe(tp)}, found {kind_name(node)}")
        if origin is Literal:
            return self.choice(typing.get_args(tp), node, path)
        return self.scalar(tp, node, path, meta)

    def list_of(self, tp: Any, node: Node, path: str, meta: typing.Mapping[str, Any]) -> Any:
        if not isinstance(node, Sequence):
            return self.error(
                node.pos,
                path,
                f"expected a list, found {kind_name(node)}",
                "start each item on its own line with '- '",
            )
        low, high = meta.get("min_items"), meta.get("max_items")
        count = len(node.items)
        if (low is not None and count < low) or (high is not None and count > high):
            want = (
                f"exactly {low}"
                if low == high
                else f"at least {low}"
                if high is None
                else f"between {low} and {high}"
                if low
                else f"at most {high}"
            )
            self.error(node.pos, path, f"expected {want} items, found {count}")
            return _INVALID
        items = [self.value(tp, item, f"{path}[{i}]", {}) for i, item in enumerate(node.items)]
        return _INVALID if any(item is _INVALID for item in items) else items

    def record(self, cls: type, node: Node, path: str) -> Any:
        if not isinstance(node, Mapping):
            return self.error(
                node.pos,
                path,
                f"expected a mapping of fields, found {kind_name(node)}",
                "write 'field: value' lines",
            )
        hints = field_types(cls)
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
            value = self.value(hints[name], sub, join_path(path, name), fld.metadata)
            ok = ok and value is not _INVALID
            values[name] = value
        if not ok:
            return _INVALID
        where = Where(self.file, path, node.pos, {name: n.pos for name, n in node.entries.items()})
        return cast(Any, cls)(**values, at=where)

    def choice(self, options: tuple[str, ...], node: Scalar, path: str) -> Any:
        if node.text in options:
            return node.text
        hint = did_you_mean(node.text, options) or "one of: " + ", ".join(options)
        return self.error(node.pos, path, f"'{node.text}' is not allowed here", hint)

    def scalar(self, tp: Any, node: Scalar, path: str, meta: typing.Mapping[str, Any]) -> Any:
        parse = _PARSERS.get(tp)
        if parse is None:  # pragma: no cover - a programming error in a format definition
            raise TypeError(f"unsupported field type {tp!r}")
        try:
            return parse(node.text, meta)
        except ValueError as exc:
            message, _, hint = str(exc).partition("|")
            return self.error(node.pos, path, message, hint or None)


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


def _text(raw: str, meta: typing.Mapping[str, Any], limit: int = MAX_TEXT) -> str:
    text = raw.strip()
    if not text:
        raise ValueError("must not be empty")
    limit = meta.get("max_length") or limit
    if len(text) > limit:
        raise ValueError(f"is {len(text):,} characters long; the limit is {limit:,}|shorten it")
    return text


def _markdown(raw: str, meta: typing.Mapping[str, Any]) -> str:
    return Markdown(_text(raw, meta, MAX_MARKDOWN))


def _language(raw: str, meta: typing.Mapping[str, Any]) -> str:
    if not LANGUAGE_RE.match(raw.strip()):
        raise ValueError(f"'{raw}' is not a language tag|write a code such as en, hy, ru or az")
    return LanguageTag(raw.strip())


def _url(raw: str, meta: typing.Mapping[str, Any]) -> str:
    if not URL_RE.match(raw.strip()):
        raise ValueError(f"'{raw}' is not a web address|write it as https://...")
    return WebUrl(raw.strip())


def _color(raw: str, meta: typing.Mapping[str, Any]) -> str:
    if not COLOR_RE.match(raw.strip()):
        raise ValueError(f"'{raw}' is not a colour|write it as #rrggbb, for example #1f4e79")
    return CssColor(raw.strip())


def _int(raw: str, meta: typing.Mapping[str, Any]) -> int:
    try:
        number = int(raw.strip())
    except ValueError:
        raise ValueError(f"expected a whole number, found '{raw}'") from None
    low, high = meta.get("min"), meta.get("max")
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"{number} is out of range|use a number from {low} to {high}")
    return number


def _bool(raw: str, meta: typing.Mapping[str, Any]) -> bool:
    word = raw.strip().lower()
    if word in ("true", "false"):
        return word == "true"
    raise ValueError(f"expected true or false, found '{raw}'")


def _partial_date(raw: str, meta: typing.Mapping[str, Any]) -> PartialDate:
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
    raise ValueError(f"'{raw}' is not a date|write YYYY-MM-DD, YYYY-MM or YYYY, or null if unknown")


def _date(raw: str, meta: typing.Mapping[str, Any]) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"'{raw}' is not a date|write it as YYYY-MM-DD") from None


_PARSERS: dict[Any, Callable[[str, typing.Mapping[str, Any]], Any]] = {
    str: _text,
    Markdown: _markdown,
    LanguageTag: _language,
    WebUrl: _url,
    CssColor: _color,
    int: _int,
    bool: _bool,
    PartialDate: _partial_date,
    dt.date: _date,
}

_DESCRIPTIONS: dict[Any, str] = {
    str: "text",
    Markdown: "text (Markdown)",
    LanguageTag: "a language tag",
    WebUrl: "a web address",
    CssColor: "a colour (#rrggbb)",
    int: "a whole number",
    bool: "true or false",
    PartialDate: "a date",
    dt.date: "a date",
}


def describe(tp: Any) -> str:
    """A short human name for a field type, used in messages and the docs."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return describe(inner[0])
    if origin is list:
        return f"a list of {describe(typing.get_args(tp)[0])}"
    if origin is Literal:
        return "one of " + ", ".join(typing.get_args(tp))
    if tp in _DESCRIPTIONS:
        return _DESCRIPTIONS[tp]
    if dataclasses.is_dataclass(tp):
        return "a mapping of fields"
    return str(tp)


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
    before = len(problems.errors)
    result = _Checker(file, problems).record(cls, node, path)
    if result is _INVALID or len(problems.errors) > before:
        return None
    return cast(T, result)
