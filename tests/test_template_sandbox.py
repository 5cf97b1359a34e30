"""The template sandbox: templates see data only, call only what is listed, and are bounded.

The hostile templates themselves are a corpus (tests/corpus/templates/, run by
tests/test_hostile.py); these tests check the pieces: every value reachable from a real
lesson's context is data, every attribute outside the allowlist is refused, the allowed
features still work, and the limits stop a render (in any thread) with the template's line.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Undefined
from jinja2.exceptions import SecurityError, TemplateError

from conftest import MakeWorkspace
from lessonpress.build.pipeline import Pipeline
from lessonpress.errors import Problems
from lessonpress.model.workspace import open_workspace
from lessonpress.render.sandbox import (
    MAX_DEPTH,
    TemplateLimitError,
    TemplateTimeoutError,
    budget,
)
from lessonpress.render.templatedata import Record, is_data, to_data
from lessonpress.render.templating import Handout, Templates

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.stem for p in (REPO / "lessons").glob("*.yaml"))


def sample_context(lesson_id: str, version: str = "teacher") -> dict[str, Any]:
    """The context the templates of a sample lesson's handout see."""
    pipeline = Pipeline(open_workspace(REPO, Problems()))
    problems = Problems()
    lesson = pipeline.prepare(lesson_id, REPO / "lessons" / f"{lesson_id}.yaml", problems)
    assert lesson is not None, [p.format() for p in problems]
    context = pipeline.templates.context(lesson, Handout(version))  # type: ignore[arg-type]
    del pipeline, lesson
    gc.collect()  # the renderer's font set is freed now, not at interpreter exit
    return context


@pytest.fixture(scope="module")
def contexts() -> dict[str, dict[str, Any]]:
    return {lesson_id: sample_context(lesson_id) for lesson_id in SAMPLES}


def children(value: Any) -> list[tuple[str, Any]]:
    """The values a template can reach in one step from ``value``, with the step."""
    if isinstance(value, Record):
        return [(f".{name}", getattr(value, name)) for name in value.FIELDS]
    if isinstance(value, tuple):
        return [(f"[{i}]", item) for i, item in enumerate(value)]
    if isinstance(value, types.MappingProxyType):
        return [(f"[{key!r}]", item) for key, item in value.items()]
    return []


@pytest.mark.parametrize("lesson_id", SAMPLES)
def test_every_value_reachable_from_a_sample_lesson_is_data(
    contexts: dict[str, dict[str, Any]], lesson_id: str
) -> None:
    seen = 0
    stack: list[tuple[str, Any]] = list(contexts[lesson_id].items())
    while stack:
        path, value = stack.pop()
        seen += 1
        assert is_data(value), f"{path} is a {type(value).__name__}"
        assert not isinstance(value, Path | bytes), path
        stack += [(path + step, child) for step, child in children(value)]
    assert seen > 200  # the walk really went through the lesson


def test_records_are_read_only(contexts: dict[str, dict[str, Any]]) -> None:
    lesson = contexts["kirovabad-1988"]["lesson"]
    with pytest.raises(AttributeError):
        lesson.title = "changed"
    with pytest.raises(AttributeError):
        del lesson.title
    assert isinstance(lesson.pairs, tuple)
    assert not hasattr(lesson, "path") and not hasattr(lesson, "files")
    assert not hasattr(lesson.sources[0], "path")


def test_anything_else_is_not_template_data() -> None:
    for value in (Path("/etc/passwd"), open, object(), b"bytes", {1, 2}):
        with pytest.raises(TypeError, match="is not template data"):
            to_data(value)


@st.composite
def attribute_paths(draw: st.DrawFn, context: dict[str, Any]) -> tuple[str, list[str]]:
    """A variable and a path of attribute names from it: real fields, and any name Python
    knows for the value (methods, dunders), which the sandbox must refuse."""
    name = draw(st.sampled_from(sorted(context)))
    value: Any = context[name]
    steps: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        names = sorted(value.FIELDS) if isinstance(value, Record) else []
        names += sorted(dir(value))
        step = draw(st.sampled_from(names))
        steps.append(step)
        if isinstance(value, Record) and step in value.FIELDS:
            value = getattr(value, step)
            if isinstance(value, tuple) and value:
                value = value[draw(st.integers(0, len(value) - 1))]
        else:
            break
    return name, steps


KIROVABAD = sample_context("kirovabad-1988")
ENV = Templates(None).env


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(attribute_paths(KIROVABAD))
def test_every_attribute_path_ends_in_data_or_a_refusal(path: tuple[str, list[str]]) -> None:
    name, steps = path
    value: Any = KIROVABAD[name]
    for step in steps:
        try:
            value = ENV.getattr(value, step)
        except SecurityError:
            return  # refused: an error naming the template line
        if isinstance(value, Undefined):
            return  # not there: using it is an error naming the template line
        if isinstance(value, tuple) and value:
            value = value[0]
    assert is_data(value), f"{name}.{'.'.join(steps)} is a {type(value).__name__}"


def render(source: str, **context: Any) -> str:
    with budget():
        return ENV.from_string(source).render(context)


def test_what_templates_are_meant_to_use_still_works() -> None:
    lesson = KIROVABAD["lesson"]
    source = """
{%- macro box(title) %}[{{ title }}:{{ caller() }}]{% endmacro -%}
{%- set ns = namespace(count=0) -%}
{%- for pair in lesson.pairs %}{% set ns.count = ns.count + pair.documents|length %}
{{- loop.index }}{{ loop.cycle("a", "b") }}{% endfor -%}
|{{ ns.count }}|{{ range(3)|join(",") }}|{{ _("Vocabulary") }}
|{% call box(lesson.title|upper|truncate(12)) %}{{ lesson.sources|map(attribute="id")|first }}
{%- endcall %}|{{ "%s-%s"|format(1, 2) }}|{{ "a@b"|split("@")|join("+") }}
|{{ lesson.sources[0].info.accessed.iso }}|{{ lesson.pairs[0]["title"] }}"""
    out = render(source, lesson=lesson)
    accessed = lesson.sources[0].info.accessed
    assert out == (
        "1a2b|4|0,1,2|Vocabulary\n|[KIROVABAD...:kirovabad-pogrom-wiki]|1-2|a+b\n"
        f"|{accessed.year}-{accessed.month:02d}-{accessed.day:02d}|{lesson.pairs[0].title}"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ lesson.title.upper() }}", "'upper' of text is not available"),
        ("{{ lesson.pairs.count(1) }}", "'count' of a tuple is not available"),
        ("{{ '{0}'.format(1) }}", "'format' of text is not available"),
        ("{{ lesson.__class__ }}", "'__class__' of a ResolvedLesson is not available"),
        ("{{ settings.checks.off.__len__() }}", "'__len__' of a tuple is not available"),
        ("{% set d = {'a': 1} %}{{ d.items() }}", "'items' of a dict is not available"),
        ("{{ lesson.sources[0].info.accessed.isoformat() }}", "no attribute 'isoformat'"),
    ],
)
def test_methods_of_values_are_refused(source: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        render(source, **KIROVABAD)


def test_only_listed_functions_can_be_called() -> None:
    with pytest.raises(SecurityError, match="cannot be called in a template"):
        render("{{ f() }}", f=print)
    with pytest.raises(TemplateError, match="'cycler' is undefined"):
        render("{{ cycler(1, 2) }}")


def test_macros_nest_only_so_deep() -> None:
    with pytest.raises(TemplateLimitError, match=f"more than {MAX_DEPTH} levels deep"):
        render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")
    # a macro may call itself a few times
    out = render(
        "{% macro f(n) %}{{ n }}{% if n < 5 %}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}"
    )
    assert out == "012345"


def endless() -> str:
    return "{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}"


def test_a_render_that_runs_too_long_stops_at_its_line() -> None:
    start = time.monotonic()
    with pytest.raises(TemplateTimeoutError) as caught, budget(seconds=0.3):
        ENV.from_string("line one\n" + endless()).render()
    assert time.monotonic() - start < 5
    assert "ran longer than" in str(caught.value.message)


def test_the_time_limit_works_in_any_thread_and_never_fires_late() -> None:
    errors: list[BaseException] = []

    def slow() -> None:
        try:
            with budget(seconds=0.3):
                ENV.from_string(endless()).render()
        except TemplateTimeoutError as exc:
            errors.append(exc)

    thread = threading.Thread(target=slow)
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and len(errors) == 1
    # a quick render under a short limit: the timer is stopped, nothing fires afterwards
    with budget(seconds=0.2):
        ENV.from_string("{{ 1 }}").render()
    time.sleep(0.4)


def test_a_timed_out_template_is_reported_with_its_file_and_line(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lessonpress.render.sandbox.MAX_SECONDS", 0.5)
    monkeypatch.setattr("lessonpress.render.templating.budget", lambda: budget(seconds=0.5))
    ws = make_workspace({"templates/partials/background.html": "\n\n" + endless()})
    run = ws.run("build")
    assert run.code == 1
    assert run.err.startswith("templates/partials/background.html:3:1: template error: ")
    assert "ran longer than" in run.err
    assert not (ws.root / "build" / "demo").exists()


def busy() -> None:
    """Loop until interrupted (as a template's loop would)."""
    while True:
        pass


def test_a_swallowed_timeout_is_raised_again() -> None:
    # Jinja2 catches every exception in places (the 'sequence' test, compile-time folding)
    swallowed = 0
    start = time.monotonic()
    with pytest.raises(TemplateTimeoutError), budget(seconds=0.2):
        try:
            busy()
        except TemplateTimeoutError:
            swallowed += 1
        busy()
    assert swallowed == 1
    assert time.monotonic() - start < 5


def test_a_render_that_swallowed_its_timeout_and_finished_is_still_an_error() -> None:
    swallow = contextlib.suppress(TemplateTimeoutError)
    with pytest.raises(TemplateTimeoutError), budget(seconds=0.2), swallow:
        busy()
