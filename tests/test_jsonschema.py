"""The JSON Schemas for editors: they accept what lessonpress accepts and refuse what it refuses."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from lessonpress.cli import cli
from lessonpress.errors import Problems
from lessonpress.model.jsonschema import SCHEMA_DIR, SCHEMAS, json_schema, schema_texts
from lessonpress.model.scaffold import SCAFFOLD_DIR
from lessonpress.model.schema import load_record, public_fields
from lessonpress.model.spec import Lesson
from lessonpress.model.yamlnodes import read_yaml

REPO = Path(__file__).resolve().parent.parent


class Yaml12Loader(yaml.SafeLoader):
    """YAML as editors read it (YAML 1.2 core schema): 1988-11-26 is text, not a date."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader: safe


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads(schema_texts()[name])
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n")[1]


def errors(name: str, data: Any) -> list[str]:
    return [e.message for e in validator(name).iter_errors(data)]


LESSONS = sorted((REPO / "lessons").glob("*.yaml"))
SOURCES = sorted((REPO / "content" / "sources").glob("*.md"))


def test_the_samples_are_there() -> None:
    assert len(LESSONS) >= 4 and len(SOURCES) >= 6


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_sample_lesson_validates(path: Path) -> None:
    assert errors("lesson.schema.json", load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_every_sample_source_validates(path: Path) -> None:
    assert errors("source.schema.json", load(front_matter(path))) == []


def test_the_settings_validate() -> None:
    assert errors("settings.schema.json", load((REPO / "lessonpress.yaml").read_text())) == []
    scaffold = (SCAFFOLD_DIR / "settings.yaml").read_text()
    assert errors("settings.schema.json", load(scaffold) or {}) == []
    example = load((SCAFFOLD_DIR / "example-lesson.yaml").read_text())
    assert errors("lesson.schema.json", example) == []


BROKEN = [
    ("duraton: 50", "duration: 50", "Additional properties are not allowed ('duraton'"),
    ("duration: 50", 'duration: "fifty"', "'fifty' is not of type 'integer'"),
    ("duration: 50", "duration: 2", "2 is less than the minimum of 5"),
    ("title:", "titel:", "'title' is a required property"),
    ("        answer_lines: 3", "        answer_lines: many", "is not of type 'integer'"),
    ("language: en", "language: English", "does not match"),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[b[1] for b in BROKEN])
def test_a_broken_lesson_is_refused_by_both(old: str, new: str, message: str) -> None:
    text = (REPO / "lessons" / "kirovabad-1988.yaml").read_text(encoding="utf-8")
    if old == "duraton: 50":  # a misspelt field
        text = text.replace("duration: 50", "duraton: 50", 1)
    else:
        assert old in text
        text = text.replace(old, new, 1)
    found = errors("lesson.schema.json", load(text))
    assert any(message in e for e in found), found
    problems = Problems()
    node = read_yaml(text, Path("lesson.yaml"), problems)
    assert load_record(Lesson, node, Path("lesson.yaml"), problems) is None  # the validator too


def test_a_pair_needs_two_documents() -> None:
    data = load((REPO / "lessons" / "kirovabad-1988.yaml").read_text(encoding="utf-8"))
    data["pairs"][0]["documents"].pop()
    assert any("is too short" in e for e in errors("lesson.schema.json", data))


def test_a_source_with_a_bad_type_or_date_is_refused() -> None:
    data = load(front_matter(REPO / "content" / "sources" / "kirovabad-pogrom-wiki.md"))
    assert errors("source.schema.json", {**data, "type": "blog"})
    assert errors("source.schema.json", {**data, "published": "November 1988"})
    assert errors("source.schema.json", {**data, "published": 1988}) == []  # a bare year
    assert errors("source.schema.json", {**data, "publisher": None}) == []  # null: unknown
    missing = dict(data)
    del missing["publisher"]  # must be written, even as null
    assert "'publisher' is a required property" in errors("source.schema.json", missing)


def test_every_format_field_is_in_the_schema() -> None:
    for cls in SCHEMAS.values():
        schema = json_schema(cls)
        assert set(schema["properties"]) == {f.name for f in public_fields(cls)}
        for definition in schema["definitions"].values():
            assert definition["additionalProperties"] is False
            assert all(p.get("description") for p in definition["properties"].values())


def test_the_committed_schemas_are_current() -> None:
    """The repository is a workspace too; its schemas/ must match the code (refresh with
    `lessonpress schema`)."""
    for name, text in schema_texts().items():
        assert (REPO / SCHEMA_DIR / name).read_text(encoding="utf-8") == text, name


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_sample_lessons_name_their_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/lesson.schema.json"


def test_schema_command_writes_and_prints(tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    runner = CliRunner()
    with contextlib.chdir(tmp_path):
        first = runner.invoke(cli, ["schema"])
        again = runner.invoke(cli, ["schema"])
        printed = runner.invoke(cli, ["schema", "--print", "lesson"])
    assert first.exit_code == 0, first.output
    assert re.findall(r"^wrote schemas/(\S+)$", first.stdout, re.MULTILINE) == list(SCHEMAS)
    assert again.stdout.count("up to date") == 3
    written = (tmp_path / "schemas" / "lesson.schema.json").read_text()
    assert printed.stdout == written
    assert json.loads(written)["$schema"] == "http://json-schema.org/draft-07/schema#"
