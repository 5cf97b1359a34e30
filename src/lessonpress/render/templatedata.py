"""The template context as data: read-only records of text, numbers and lists.

Templates travel between teachers, so what a template can reach is data only:
strings (and :class:`~markupsafe.Markup`), numbers, booleans, ``None``, tuples,
read-only mappings and :class:`Record` s, which are built here from the resolved
lesson's dataclasses. A record has the dataclass's fields, no methods, and cannot
be changed; fields that hold files (``Path``) or positions in files are left out.
Nothing a template sees can open a file, reach the lessonpress objects it was
made from, or be changed in place.

:func:`to_data` is the one way in; the sandbox (:mod:`lessonpress.render.sandbox`) lets
templates read a record's fields and nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from markupsafe import Markup

from lessonpress.model.fieldtypes import PartialDate
from lessonpress.model.schema import Where

#: The values a template may hold, besides records, tuples and mappings of them.
SCALARS = (str, int, float, bool, type(None))
#: Types of dataclass fields that templates never see: files and places in files.
_HIDDEN = (Path, Where)


class Record:
    """A read-only record of data, made for templates (see :func:`to_data`)."""

    __slots__ = ()
    #: The record's fields, in order: the only attributes a template may read.
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **values: Any) -> None:
        for name in self.FIELDS:
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class DateRecord(Record):
    """A date (``accessed``) or a partial date (``published``): prints as its source wrote it.

    ``year``, ``month`` and ``day`` are numbers (``month`` and ``day`` none when unknown),
    ``iso`` is ``1988-11-26``, ``1988-11`` or ``1988``, and printing a partial date
    gives ``26 November 1988``; printing a full date gives its ``iso`` form.
    """

    __slots__ = ("day", "iso", "month", "text", "year")
    FIELDS = ("year", "month", "day", "iso", "text")

    def __str__(self) -> str:
        return str(object.__getattribute__(self, "text"))


def hidden(tp: Any) -> bool:
    """Whether a field of type ``tp`` holds files or positions (left out of records)."""
    if tp in _HIDDEN:
        return True
    return any(hidden(arg) for arg in typing.get_args(tp))


@functools.cache
def template_fields(cls: type) -> tuple[str, ...]:
    """The fields of dataclass ``cls`` that templates see, in order."""
    hints = typing.get_type_hints(cls)
    return tuple(f.name for f in dataclasses.fields(cls) if not hidden(hints[f.name]))


@functools.cache
def record_type(cls: type) -> type[Record]:
    """The record class standing for dataclass ``cls`` in templates (same name, same fields,
    so an error message names the class a teacher reads about in docs/templates.md)."""
    fields = template_fields(cls)
    extra = ("text",) if cls.__name__ == "Excerpt" else ()
    names = fields + extra
    namespace = {"__slots__": names, "FIELDS": names, "__module__": cls.__module__}
    return type(cls.__name__, (Record,), namespace)


def to_data(value: Any) -> Any:
    """``value`` as template data; raises :class:`TypeError` for anything that is not data."""
    return _Converter().data(value)


class _Converter:
    """One conversion; a dataclass met twice (a source quoted twice) becomes one record."""

    def __init__(self) -> None:
        self.records: dict[int, tuple[Any, Record]] = {}

    def data(self, value: Any) -> Any:
        if isinstance(value, Markup | bool | int | float | Record) or value is None:
            return value  # (a record is data already)
        if isinstance(value, str):
            return str(value)  # a plain str, whatever str subclass the field had
        if isinstance(value, list | tuple):
            return tuple(self.data(item) for item in value)
        if isinstance(value, Mapping):
            return types.MappingProxyType({self.data(k): self.data(v) for k, v in value.items()})
        if isinstance(value, PartialDate | dt.date):
            return _date(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.record(value)
        raise TypeError(f"{type(value).__name__} is not template data")

    def record(self, value: Any) -> Record:
        known = self.records.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        kind: type = type(value)
        cls = record_type(kind)
        values = {name: self.data(getattr(value, name)) for name in template_fields(kind)}
        if "text" in cls.FIELDS and "text" not in values:
            values["text"] = self.data(value.text)
        made = cls(**values)
        self.records[id(value)] = (value, made)
        return made


def _date(value: PartialDate | dt.date) -> DateRecord:
    """A partial date prints as people write it, a full date (``accessed``) as ISO."""
    iso = value.iso() if isinstance(value, PartialDate) else value.isoformat()
    text = str(value) if isinstance(value, PartialDate) else iso
    return DateRecord(year=value.year, month=value.month, day=value.day, iso=iso, text=text)


def is_data(value: Any) -> bool:
    """Whether ``value`` is template data, all the way down."""
    if isinstance(value, Record):
        return all(is_data(getattr(value, name)) for name in value.FIELDS)
    if isinstance(value, tuple):
        return all(is_data(item) for item in value)
    if isinstance(value, types.MappingProxyType):
        return all(is_data(k) and is_data(v) for k, v in value.items())
    return type(value) in (*SCALARS, Markup)
