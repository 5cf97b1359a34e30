"""JSON Schemas of the formats, for editors: completion and checking as the teacher types.

Generated from the same dataclasses the validator walks (:mod:`.schema`), so the
two cannot drift apart. ``lessonpress schema`` writes them to ``schemas/`` in the
workspace, and the skeletons lessonpress writes name them in a
``# yaml-language-server: $schema=...`` comment, which VS Code (with the YAML
extension) and other editors using the YAML language server read.

The schemas follow what the validator accepts, as an editor sees YAML (YAML 1.2:
``1988-11-26`` is text, ``50`` a number): a text field takes any scalar (the
validator reads ``title: 1984`` as the text "1984"), ``null`` is accepted where
the validator takes it as "not given", and dates are text (or a bare year).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from lessonpress.model.fieldtypes import (
    FORMAT_KINDS,
    ChoiceType,
    FormatVisitor,
    KindTable,
    ListType,
    OptionalType,
    RecordType,
    ScalarKind,
    ScalarType,
)
from lessonpress.model.schema import (
    COLOR_RE,
    LANGUAGE_RE,
    TEXT_KINDS,
    Meta,
    field_type,
    is_required,
    max_characters,
    public_fields,
)
from lessonpress.model.settings import Settings
from lessonpress.model.sources import SourceInfo
from lessonpress.model.spec import Lesson

DIALECT = "http://json-schema.org/draft-07/schema#"
#: The schema files ``lessonpress schema`` writes, and the format each describes.
SCHEMAS: dict[str, type] = {
    "lesson.schema.json": Lesson,
    "source.schema.json": SourceInfo,
    "settings.schema.json": Settings,
}
#: Where the workspace keeps them (relative to its root).
SCHEMA_DIR = "schemas"

_SCALAR = ["string", "number", "boolean"]  # what a text field accepts from YAML
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# The validator's URL_RE, spelt without its ignore-case flag (JSON Schema has none).
_URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/$.?#][^\s]*$"


# ``patternErrorMessage`` is what VS Code's editors show instead of the bare pattern.
_FIXED: KindTable[dict[str, Any]] = KindTable(
    {
        ScalarKind.LANGUAGE: {
            "type": "string",
            "pattern": LANGUAGE_RE.pattern,
            "patternErrorMessage": "Write a language tag such as en, hy, ru or az.",
        },
        ScalarKind.URL: {
            "type": "string",
            "pattern": _URL_PATTERN,
            "patternErrorMessage": "Write a web address as https://...",
        },
        ScalarKind.COLOR: {
            "type": "string",
            "pattern": COLOR_RE.pattern,
            "patternErrorMessage": "Write a colour as #rrggbb, for example #1f4e79.",
        },
        ScalarKind.BOOL: {"type": "boolean"},
        # A bare year is a number to a YAML 1.2 reader.
        ScalarKind.PARTIAL_DATE: {
            "type": ["string", "integer"],
            "pattern": _DATE_PATTERN,
            "minimum": 1000,
            "maximum": 9999,
            "patternErrorMessage": "Write YYYY-MM-DD, YYYY-MM or YYYY (or null if unknown).",
        },
        ScalarKind.DATE: {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "patternErrorMessage": "Write the date as YYYY-MM-DD.",
        },
    },
    kinds=FORMAT_KINDS - TEXT_KINDS - {ScalarKind.INT},
)


def _scalar(kind: ScalarKind, meta: Meta) -> dict[str, Any]:
    """The schema of one value; text and numbers take their limits from the field."""
    if kind in TEXT_KINDS:
        return {"type": _SCALAR, "minLength": 1, "maxLength": max_characters(kind, meta)}
    if kind is ScalarKind.INT:
        found: dict[str, Any] = {"type": "integer"}
        if meta.get("min") is not None:
            found["minimum"] = meta["min"]
        if meta.get("max") is not None:
            found["maximum"] = meta["max"]
        return found
    return dict(_FIXED[kind])


class _Property(FormatVisitor[dict[str, Any]]):
    """The schema of one field's value, with the limits of the field's ``meta``."""

    def __init__(self, builder: _Builder, meta: Meta) -> None:
        self.builder = builder
        self.meta = meta

    def scalar(self, ft: ScalarType) -> dict[str, Any]:
        return _scalar(ft.kind, self.meta)

    def choice(self, ft: ChoiceType) -> dict[str, Any]:
        return {"enum": list(ft.options)}

    def list_of(self, ft: ListType) -> dict[str, Any]:
        items = _Property(self.builder, {}).visit(ft.item)
        found: dict[str, Any] = {"type": "array", "items": items}
        if self.meta.get("min_items") is not None:
            found["minItems"] = self.meta["min_items"]
        if self.meta.get("max_items") is not None:
            found["maxItems"] = self.meta["max_items"]
        return found

    def optional(self, ft: OptionalType) -> dict[str, Any]:
        return self.visit(ft.inner)  # _Builder.record adds null, by whether the field is required

    def record(self, ft: RecordType) -> dict[str, Any]:
        return {"$ref": f"#/definitions/{self.builder.record(ft.cls)}"}


class _Builder:
    """Turns format classes into schemas, each record class defined once."""

    def __init__(self) -> None:
        self.definitions: dict[str, dict[str, Any]] = {}

    def record(self, cls: type) -> str:
        name = cls.__name__
        if name in self.definitions:
            return name
        self.definitions[name] = {}  # placeholder: records may refer to themselves
        properties: dict[str, Any] = {}
        required: list[str] = []
        for fld in public_fields(cls):
            meta = fld.metadata
            prop = _Property(self, meta).visit(field_type(cls, fld.name))
            if not is_required(fld) or meta.get("nullable"):
                # The validator reads null as "not given" (or, when nullable, "unknown").
                prop = _or_null(prop)
            prop["description"] = meta.get("help", "")
            default = _json_default(fld)
            if default is not None:
                prop["default"] = default
            if meta.get("example"):
                prop["examples"] = [meta["example"]]
            properties[fld.name] = prop
            if is_required(fld):
                required.append(fld.name)
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        record: dict[str, Any] = {
            "type": "object",
            "description": " ".join(doc.split()),
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            record["required"] = required
        self.definitions[name] = record
        return name


def _or_null(prop: dict[str, Any]) -> dict[str, Any]:
    """``prop`` that also accepts null, said so that an editor's messages stay direct."""
    if "type" in prop:
        kinds = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
        return {**prop, "type": [*kinds, "null"]}
    if "enum" in prop:
        return {**prop, "enum": [*prop["enum"], None]}
    return {"anyOf": [prop, {"type": "null"}]}


def _json_default(fld: dataclasses.Field[Any]) -> Any:
    """A field's default as JSON, where it is a plain value (lists and records are left out)."""
    value = fld.default
    if value is dataclasses.MISSING or value is None:
        if fld.default_factory is dataclasses.MISSING:
            return None
        value = fld.default_factory()
    if isinstance(value, str | int | bool) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value) and value
    ):
        return value
    return None


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of one format (a lesson, a source's front matter or the settings)."""
    builder = _Builder()
    top = builder.record(cls)
    root = builder.definitions.pop(top)
    return {
        "$schema": DIALECT,
        "title": f"lessonpress {cls.__name__}",
        **root,
        "definitions": dict(sorted(builder.definitions.items())),
    }


def schema_texts() -> dict[str, str]:
    """Every schema file's name and its text (stable: the same lessonpress writes the same)."""
    return {
        name: json.dumps(json_schema(cls), indent=2, ensure_ascii=False) + "\n"
        for name, cls in SCHEMAS.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (created if needed); the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
