"""The one walker over field types: what it classifies, refuses and asks of its visitors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import pytest
from markupsafe import Markup

from lessonpress.model.fieldtypes import (
    FORMAT_KINDS,
    ChoiceType,
    FieldVisitor,
    KindTable,
    LanguageTag,
    ListType,
    Markdown,
    OptionalType,
    PartialDate,
    RecordType,
    ScalarKind,
    ScalarType,
    TupleType,
    UnsupportedType,
    classify,
)
from lessonpress.model.jsonschema import SCHEMAS
from lessonpress.model.schema import describe, field_type, public_fields
from lessonpress.model.spec import Lesson, Pair
from lessonpress.render import contextdoc
from lessonpress.render.templatedata import template_fields


class _Leaves(FieldVisitor[set[str]]):
    """Every scalar kind and shape a field type holds, records followed into their fields."""

    def __init__(self, seen: set[type]) -> None:
        self.seen = seen

    def scalar(self, ft: ScalarType) -> set[str]:
        return {ft.kind.name}

    def choice(self, ft: ChoiceType) -> set[str]:
        return {"choice"}

    def list_of(self, ft: ListType) -> set[str]:
        return self.visit(ft.item)

    def tuple_of(self, ft: TupleType) -> set[str]:
        return {"tuple"}.union(*(self.visit(item) for item in ft.items))

    def optional(self, ft: OptionalType) -> set[str]:
        return self.visit(ft.inner)

    def record(self, ft: RecordType) -> set[str]:
        if ft.cls in self.seen:
            return set()
        self.seen.add(ft.cls)
        fields = [field_type(ft.cls, f.name) for f in public_fields(ft.cls)]
        return {"record"}.union(*(self.visit(field) for field in fields))


def test_every_field_of_the_formats_has_a_format_kind() -> None:
    seen: set[type] = set()
    found = set().union(*(_Leaves(seen).visit(RecordType(cls)) for cls in SCHEMAS.values()))
    kinds = {kind.name for kind in FORMAT_KINDS}
    assert found - kinds == {"choice", "record"}
    assert Pair in seen
    assert PartialDate not in seen  # a scalar, though it is a dataclass


def test_every_field_templates_see_is_classified() -> None:
    for cls in contextdoc.OBJECTS:
        for name in template_fields(cls):
            field_type(cls, name)  # raises UnsupportedType for a type no visitor knows


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (str, ScalarType(ScalarKind.TEXT)),
        (Markdown | None, OptionalType(ScalarType(ScalarKind.MARKDOWN))),
        (list[LanguageTag], ListType(ScalarType(ScalarKind.LANGUAGE))),
        (Literal["a4", "letter"], ChoiceType(("a4", "letter"))),
        (PartialDate, ScalarType(ScalarKind.PARTIAL_DATE)),
        (dt.date, ScalarType(ScalarKind.DATE)),
        (Lesson | None, OptionalType(RecordType(Lesson))),
        (
            list[tuple[str, Markup]],
            ListType(TupleType((ScalarType(ScalarKind.TEXT), ScalarType(ScalarKind.HTML)))),
        ),
    ],
)
def test_classify_says_what_an_annotation_is(annotation: Any, expected: Any) -> None:
    assert classify(annotation) == expected


@pytest.mark.parametrize(
    "annotation",
    [Path, dict[str, int], str | int, list, tuple[str, ...], Literal[1, 2]],
)
def test_an_unknown_type_is_refused_by_name(annotation: Any) -> None:
    with pytest.raises(UnsupportedType, match="is not a field type lessonpress knows"):
        classify(annotation)


def test_a_visitor_must_take_every_kind() -> None:
    class NoTuples(FieldVisitor[str]):
        def scalar(self, ft: ScalarType) -> str:
            return "scalar"

        def choice(self, ft: ChoiceType) -> str:
            return "choice"

        def list_of(self, ft: ListType) -> str:
            return "list"

        def optional(self, ft: OptionalType) -> str:
            return "optional"

        def record(self, ft: RecordType) -> str:
            return "record"

    with pytest.raises(TypeError, match=r"abstract method '?tuple_of"):
        NoTuples()  # type: ignore[abstract]


def test_a_table_by_kind_must_have_every_kind() -> None:
    with pytest.raises(UnsupportedType, match="no entry for scalar kind DATE, PARTIAL_DATE"):
        KindTable({kind: kind.name for kind in FORMAT_KINDS if "DATE" not in kind.name})
    table = KindTable({kind: kind.name for kind in FORMAT_KINDS})
    with pytest.raises(UnsupportedType, match="no entry for scalar kind HTML"):
        table[ScalarKind.HTML]


def test_formats_have_no_tuples_or_html() -> None:
    with pytest.raises(UnsupportedType, match="cannot be a tuple"):
        describe(classify(tuple[str, str]))
    with pytest.raises(UnsupportedType, match="HTML"):
        describe(classify(Markup))
