"""The format and command reference in the README, generated from the code.

``python -m lessonpress.reference`` rewrites the part of README.md (the formats
and commands) and of docs/templates.md (the template context, see
:mod:`lessonpress.render.contextdoc`) between the reference markers; a test fails when
they differ from the code, so neither can drift.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import click

from lessonpress.codes import CHECKS
from lessonpress.model.fieldtypes import (
    FieldType,
    ListType,
    OptionalType,
    RecordType,
    ScalarType,
)
from lessonpress.model.schema import (
    TEXT_KINDS,
    Describe,
    field_type,
    max_characters,
    public_fields,
)
from lessonpress.model.settings import CheckSettings, Logo, Sections, Settings, Side, Theme
from lessonpress.model.sources import SourceInfo
from lessonpress.model.spec import (
    Document,
    Figure,
    Lesson,
    Pair,
    Question,
    SkippedCheck,
    VocabularyEntry,
)

BEGIN = "<!-- BEGIN GENERATED REFERENCE: python -m lessonpress.reference -->"
END = "<!-- END GENERATED REFERENCE -->"

_FORMATS: list[tuple[str, type]] = [
    ("Lesson spec (`lessons/<id>.yaml`)", Lesson),
    ("Pair (an item of `pairs`)", Pair),
    ("Document (an item of `documents`)", Document),
    ("Question (an item of `questions` and `discussion`)", Question),
    ("Vocabulary entry (an item of `vocabulary`)", VocabularyEntry),
    ("Source front matter (`content/sources/<id>.md`)", SourceInfo),
    ("Settings (`lessonpress.yaml`, and a lesson's `settings:`; every key optional)", Settings),
    ("Theme (`theme` in the settings)", Theme),
    ("Sections (`sections` in the settings)", Sections),
    ("Logo (`logo` in the settings)", Logo),
    ("Checks (`checks` in the settings)", CheckSettings),
    ("Side (an item of `sides` in `checks`)", Side),
    ("Figure (an item of a lesson's `figures`)", Figure),
    ("Skipped check (an item of a lesson's `skip_checks`)", SkippedCheck),
]


def _required(field: dataclasses.Field[Any]) -> str:
    if field.metadata.get("nullable"):
        return "yes (`null` = unknown)"
    missing = dataclasses.MISSING
    return "yes" if field.default is missing and field.default_factory is missing else "no"


def _default(field: dataclasses.Field[Any]) -> str:
    if field.default is not dataclasses.MISSING and field.default is not None:
        value = field.default
        text = str(value).lower() if isinstance(value, bool) else str(value)
        return f" Default: `{text}`."
    return ""


#: Records listed in a field of their own, with a table below: what the list holds.
_NAMES = {
    Pair: "pairs",
    Document: "documents",
    Question: "questions",
    VocabularyEntry: "vocabulary entries",
}


#: Records held by one field, with a table below: what the field holds.
_RECORDS: dict[type, str] = {
    Settings: "settings",
    Theme: "colours",
    Sections: "sections",
    Logo: "an image",
}


class _TypeColumn(Describe):
    """A table's Type column: the type's short name, pointing to the tables of records."""

    def list_of(self, ft: ListType) -> str:
        if isinstance(ft.item, RecordType) and ft.item.cls in _NAMES:
            return f"a list of {_NAMES[ft.item.cls]} (see below)"
        return super().list_of(ft)

    def record(self, ft: RecordType) -> str:
        if ft.cls in _RECORDS:
            return f"{_RECORDS[ft.cls]} (see below)"
        return super().record(ft)


def _limits(field: dataclasses.Field[Any], ft: FieldType) -> str:
    meta = field.metadata
    if meta.get("min") is not None:
        return f" From {meta['min']} to {meta['max']}."
    low, high = meta.get("min_items"), meta.get("max_items")
    if low is not None and low == high:
        return f" Exactly {low} items."
    if low is not None or high is not None:
        if not high:
            return f" At least {low} item{'s' if low != 1 else ''}."
        return f" {low} to {high} items." if low else f" At most {high} items."
    base = ft.inner if isinstance(ft, OptionalType) else ft
    if isinstance(base, ScalarType) and base.kind in TEXT_KINDS:
        return f" At most {max_characters(base.kind, meta):,} characters."
    return ""


def format_table(cls: type) -> str:
    """One Markdown table describing the fields of a format."""
    rows = ["| Field | Type | Required | Meaning |", "| --- | --- | --- | --- |"]
    for field in public_fields(cls):
        ft = field_type(cls, field.name)
        meaning = str(field.metadata.get("help", "")) + _limits(field, ft) + _default(field)
        example = field.metadata.get("example")
        if example:
            meaning += f" Example: `{example}`."
        rows.append(
            f"| `{field.name}` | {_TypeColumn().visit(ft)} | {_required(field)} | {meaning} |"
        )
    return "\n".join(rows)


def _command_section(name: str, command: click.Command) -> str:
    ctx = click.Context(command, info_name=name)
    usage = " ".join(command.collect_usage_pieces(ctx))
    paragraphs = [" ".join(p.split()) for p in (command.help or "").strip().split("\n\n")]
    lines = [f"#### `lessonpress {name} {usage}`", "", "\n\n".join(paragraphs), ""]
    for param in command.params:
        if isinstance(param, click.Option):
            names = ", ".join(f"`{opt}`" for opt in param.opts)
            choices = ""
            if isinstance(param.type, click.Choice):
                choices = " (" + " \\| ".join(str(c) for c in param.type.choices) + ")"
            default = f" Default: `{param.default}`." if param.show_default else ""
            lines.append(f"- {names}{choices}: {param.help}{default}")
    return "\n".join(lines).rstrip()


def commands() -> str:
    """The command reference, from the click definitions."""
    from lessonpress.cli import cli  # noqa: PLC0415 - cli imports this module's neighbours

    sections = ["#### Global options", "", "- `-h`, `--help`: Show help, with examples, and exit."]
    for param in cli.params:
        if isinstance(param, click.Option):
            sections.append(f"- {', '.join(f'`{o}`' for o in param.opts)}: {param.help}")
    for name, command in sorted(cli.commands.items()):
        if isinstance(command, click.Group):
            for sub, subcommand in sorted(command.commands.items()):
                sections += ["", _command_section(f"{name} {sub}", subcommand)]
        else:
            sections += ["", _command_section(name, command)]
    return "\n".join(sections)


def checks_table() -> str:
    """The source and pedagogy checks, with their ids and default levels."""
    lines = [
        "`check` and `build` run these on every lesson; each message names its id. Set "
        "levels under `checks:` in the settings (`off`, `warnings`, `errors`), or turn a "
        "check off for one lesson under `skip_checks:` with a reason the teacher guide "
        "prints. Fixed checks cannot be turned down.",
        "",
        "| Id | Check | Rule | Default |",
        "| --- | --- | --- | --- |",
    ]
    for check in CHECKS.values():
        level = check.level + (", fixed" if check.fixed else "")
        lines.append(f"| {check.code} | {check.name} | {check.rule} | {level} |")
    return "\n".join(lines)


def generate() -> str:
    """The whole generated reference."""
    parts = ["## Reference", "", "### Formats", ""]
    for title, cls in _FORMATS:
        parts += [f"#### {title}", "", format_table(cls), ""]
    parts += ["### Checks", "", checks_table(), ""]
    parts += ["### Commands", "", commands()]
    return "\n".join(parts).rstrip() + "\n"


def replace_in(text: str, generated: str | None = None) -> str:
    """``text`` with the part between the markers replaced (by :func:`generate` by default)."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + (generated or generate()) + text[end:]


def generated_for(path: Path) -> str:
    """What belongs between the markers of ``path``: the template context or the reference."""
    from lessonpress.render import contextdoc  # noqa: PLC0415

    return contextdoc.generate() if path.name == "templates.md" else generate()


def main(argv: list[str]) -> int:
    """Rewrite the generated part of each named file (README.md, docs/templates.md)."""
    for path in [Path(a) for a in argv] or [Path("README.md"), Path("docs/templates.md")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(replace_in(text, generated_for(path)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
