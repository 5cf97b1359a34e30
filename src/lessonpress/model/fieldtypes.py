"""The types a record's fields are written in, and the one walker over them.

:func:`classify` reads a field's type annotation once and says what kind of value it
is (a :data:`FieldType`): a scalar of some :class:`ScalarKind` (text, a whole number, a
date, ...), a choice among words (``Literal[...]``), a list, a tuple, ``X | None`` or a
nested record (a dataclass). Whatever is worked out from field types is a
:class:`FieldVisitor`, with one method per kind: the validator and the type names of
messages (:mod:`.schema`), the JSON Schemas (:mod:`.jsonschema`), the format reference
(:mod:`lessonpress.reference`) and the template context reference
(:mod:`lessonpress.render.contextdoc`).

A new field type is a :class:`ScalarKind` and a line in :data:`_SCALARS`; every
:class:`KindTable` that lacks it then fails on import, naming the kind. A new shape of
value (a mapping, say) is a class in :data:`FieldType` and an abstract method of
:class:`FieldVisitor`: mypy, and Python when a visitor is made, then ask every visitor for it.
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Set
from dataclasses import dataclass
from typing import Any, Generic, Literal, NewType, TypeAlias, TypeVar, assert_never

from markupsafe import Markup

#: Text that is rendered as CommonMark (no raw HTML).
Markdown = NewType("Markdown", str)
#: A language tag such as ``en``, ``hy`` or ``az-Latn``.
LanguageTag = NewType("LanguageTag", str)
#: An ``http://`` or ``https://`` address.
WebUrl = NewType("WebUrl", str)
#: A colour for CSS, ``#rgb`` or ``#rrggbb`` (so it is safe to write into a stylesheet).
CssColor = NewType("CssColor", str)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (``1996``, ``1988-11``, ``1988-11-26``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        """Print as people write dates: ``26 November 1988``, ``November 1988``, ``1996``."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    def iso(self) -> str:
        """The form it was written in: ``1988-11-26``, ``1988-11`` or ``1988``."""
        parts = [f"{self.year:04d}"]
        parts += [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)


class UnsupportedType(TypeError):
    """A field type that no visitor knows: a programming error in a record's definition."""


class ScalarKind(enum.Enum):
    """What one value is. The comments name the type a record's field is written in."""

    TEXT = enum.auto()  # str
    MARKDOWN = enum.auto()  # Markdown
    LANGUAGE = enum.auto()  # LanguageTag
    URL = enum.auto()  # WebUrl
    COLOR = enum.auto()  # CssColor
    INT = enum.auto()  # int
    BOOL = enum.auto()  # bool
    PARTIAL_DATE = enum.auto()  # PartialDate
    DATE = enum.auto()  # datetime.date
    # Only the template context (resolved records) holds these; no format does.
    FLOAT = enum.auto()  # float
    HTML = enum.auto()  # markupsafe.Markup


_SCALARS: dict[Any, ScalarKind] = {
    str: ScalarKind.TEXT,
    Markdown: ScalarKind.MARKDOWN,
    LanguageTag: ScalarKind.LANGUAGE,
    WebUrl: ScalarKind.URL,
    CssColor: ScalarKind.COLOR,
    int: ScalarKind.INT,
    bool: ScalarKind.BOOL,
    PartialDate: ScalarKind.PARTIAL_DATE,
    dt.date: ScalarKind.DATE,
    float: ScalarKind.FLOAT,
    Markup: ScalarKind.HTML,
}

#: The scalar kinds a format (lesson, source, settings) may use: the validator, the JSON
#: Schemas and the format reference each know all of them.
FORMAT_KINDS: frozenset[ScalarKind] = frozenset(ScalarKind) - {ScalarKind.FLOAT, ScalarKind.HTML}


@dataclass(frozen=True)
class ScalarType:
    """One value of a kind: text, a number, a date, ..."""

    kind: ScalarKind


@dataclass(frozen=True)
class ChoiceType:
    """One of some words (``Literal["a4", "letter"]``)."""

    options: tuple[str, ...]


@dataclass(frozen=True)
class ListType:
    """A list of values of one type (``list[str]``)."""

    item: FieldType


@dataclass(frozen=True)
class TupleType:
    """A fixed number of values (``tuple[str, str]``); only the template context has these."""

    items: tuple[FieldType, ...]


@dataclass(frozen=True)
class OptionalType:
    """A value or ``None`` (``X | None``)."""

    inner: FieldType


@dataclass(frozen=True)
class RecordType:
    """A nested record: a dataclass with fields of its own."""

    cls: type


FieldType: TypeAlias = ScalarType | ChoiceType | ListType | TupleType | OptionalType | RecordType


@functools.cache
def classify(tp: Any) -> FieldType:
    """What kind of value annotation ``tp`` stands for; :class:`UnsupportedType` if none."""
    if tp in _SCALARS:
        return ScalarType(_SCALARS[tp])
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        return _optional(tp, args)
    if origin is Literal and all(isinstance(arg, str) for arg in args):
        return ChoiceType(args)
    if origin is list and len(args) == 1:
        return ListType(classify(args[0]))
    if origin is tuple and args and Ellipsis not in args:
        return TupleType(tuple(classify(arg) for arg in args))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return RecordType(tp)
    raise UnsupportedType(f"{tp!r} is not a field type lessonpress knows ({__name__})")


def _optional(tp: Any, args: tuple[Any, ...]) -> OptionalType:
    """``X | None``; other unions (``str | int``) have no kind."""
    inner = [arg for arg in args if arg is not type(None)]
    if len(inner) != 1:
        raise UnsupportedType(f"{tp!r} is not a field type lessonpress knows: only X | None")
    return OptionalType(classify(inner[0]))


R = TypeVar("R")
V = TypeVar("V")


class FieldVisitor(abc.ABC, Generic[R]):
    """Works something out from a field type, with one method per kind.

    Every method is abstract, so a visitor that misses a kind cannot be made (mypy
    says so too); :meth:`visit` is the only dispatch on kinds.
    """

    def visit(self, ft: FieldType) -> R:
        """Call the method for ``ft``'s kind."""
        match ft:
            case ScalarType():
                return self.scalar(ft)
            case ChoiceType():
                return self.choice(ft)
            case ListType():
                return self.list_of(ft)
            case TupleType():
                return self.tuple_of(ft)
            case OptionalType():
                return self.optional(ft)
            case RecordType():
                return self.record(ft)
            case _:
                assert_never(ft)

    @abc.abstractmethod
    def scalar(self, ft: ScalarType) -> R:
        """A single value of ``ft.kind``."""

    @abc.abstractmethod
    def choice(self, ft: ChoiceType) -> R:
        """One of ``ft.options``."""

    @abc.abstractmethod
    def list_of(self, ft: ListType) -> R:
        """A list of ``ft.item``."""

    @abc.abstractmethod
    def tuple_of(self, ft: TupleType) -> R:
        """A tuple of ``ft.items``."""

    @abc.abstractmethod
    def optional(self, ft: OptionalType) -> R:
        """``ft.inner`` or ``None``."""

    @abc.abstractmethod
    def record(self, ft: RecordType) -> R:
        """A nested record of class ``ft.cls``."""


class FormatVisitor(FieldVisitor[R]):
    """A visitor of the formats' fields only, which are never tuples."""

    def tuple_of(self, ft: TupleType) -> R:
        """Refused: tuples appear only in the template context."""
        raise UnsupportedType(f"a format field cannot be a tuple ({ft})")


class KindTable(dict[ScalarKind, V]):
    """A visitor's entry for each scalar kind it takes, complete or not made at all.

    ``kinds`` are the kinds it must have (every format kind, unless it says): a kind
    added to :class:`ScalarKind` fails here, on import, until the table has it. Looking
    up a kind it does not take raises :class:`UnsupportedType`.
    """

    def __init__(self, entries: dict[ScalarKind, V], kinds: Set[ScalarKind] = FORMAT_KINDS) -> None:
        missing = sorted(kind.name for kind in kinds - entries.keys())
        if missing:
            raise UnsupportedType(f"no entry for scalar kind {', '.join(missing)}")
        super().__init__(entries)

    def __missing__(self, kind: ScalarKind) -> V:
        raise UnsupportedType(f"no entry for scalar kind {kind.name} (not a format kind)")
