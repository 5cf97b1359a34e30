"""The template sandbox: what a template may reach, call and make, and for how long.

Templates travel between teachers, so they are treated like the lessons: as data
that must not read, write or run anything. Jinja2's own sandbox refuses only
underscore attributes; this one is an allowlist:

- **Attributes**: a template reads the fields of the context's records
  (:mod:`lessonpress.templatedata`), the documented attributes of ``loop``, the
  macros of an imported template, the blocks of ``self`` and the values it stored in
  a ``namespace()``. Every other attribute (a string's methods, a tuple's ``count``,
  ``__class__``) is refused.
- **Calls**: the macros (and ``caller()``), blocks (``self.name()``, ``super()``),
  ``loop.cycle()``, ``loop.changed()``, ``range()``, ``namespace()`` and the gettext
  functions (``_()``, ``gettext()``, ``ngettext()``, ``pgettext()``, ``npgettext()``).
  Filters and tests are called by Jinja2 itself; the ones that can make large text
  are bounded. ``str.format`` is not reachable, and the globals ``cycler``,
  ``joiner``, ``lipsum`` and ``dict`` are removed, as is the ``random`` filter
  (handouts are reproducible).
- **Work**: ``range()`` gives at most :data:`MAX_RANGE` numbers; no value a template
  makes (by ``*``, ``+``, ``%``, ``~`` or a filter) may exceed :data:`MAX_TEXT`
  characters; all the text a render makes, at every level, counts against
  :data:`MAX_OUTPUT`; macros and recursive loops nest at most :data:`MAX_DEPTH`
  deep; a render stops after :data:`MAX_SECONDS` seconds.

A refusal is a :class:`~jinja2.exceptions.SecurityError`, so it is reported like
any template error, with the template's file and line.
"""

from __future__ import annotations

import ctypes
import functools
import re
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.nodes import EvalContext
from jinja2.runtime import (
    BlockReference,
    Context,
    LoopContext,
    Macro,
    TemplateReference,
    Undefined,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from markupsafe import Markup

from .templatedata import Record

#: The most numbers ``range()`` gives.
MAX_RANGE = 10_000
#: The longest text (or list, counted by the text it holds) a template may make at once.
MAX_TEXT = 2_000_000
#: All the text one render may make, in characters, counted wherever it is printed.
MAX_OUTPUT = 20_000_000
#: How deep macros (and recursive loops) may call themselves.
MAX_DEPTH = 64
#: How long one render may run.
MAX_SECONDS = 10.0
#: The largest width, length or count a filter such as ``center`` or ``batch`` accepts.
MAX_FILTER_NUMBER = 10_000

#: What a template may read of ``loop``.
LOOP_FIELDS = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth"}
    | {"depth0", "previtem", "nextitem", "cycle", "changed"}
)
#: The gettext functions the i18n extension installs, callable from templates.
GETTEXT = ("_", "gettext", "ngettext", "pgettext", "npgettext")
#: Globals Jinja2 offers that templates do not need and that are not plain data.
REMOVED_GLOBALS = ("cycler", "joiner", "lipsum", "dict")
#: Filters that could make a handout differ between two builds of the same inputs.
REMOVED_FILTERS = ("random",)
#: Filters whose number arguments set the size of what they make.
SIZED_FILTERS = ("center", "indent", "truncate", "wordwrap", "batch", "slice", "filesizeformat")


class TemplateLimitError(SecurityError):
    """A template that tried to do more work than a handout needs."""


class TemplateTimeoutError(TemplateError):
    """Raised inside a render that ran longer than :data:`MAX_SECONDS`."""

    @property
    def message(self) -> str:
        return (
            f"the template ran longer than {MAX_SECONDS:g} seconds "
            "(look for a loop over a large range, or macros calling each other)"
        )


class _Budget(threading.local):
    """The text made and the depth reached by the render running in this thread."""

    def __init__(self) -> None:
        self.spent = 0
        self.depth = 0
        self.active = False


_BUDGET = _Budget()


def size(value: Any) -> int:
    """How much text ``value`` stands for: its length, or the sum over a list or mapping."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return len(value) + sum(size(item) for item in value)
    if isinstance(value, dict | types.MappingProxyType):
        return len(value) + sum(size(k) + size(v) for k, v in value.items())
    return 1


def _check_size(made: int, what: str) -> None:
    if made > MAX_TEXT:
        raise TemplateLimitError(
            f"{what} would make {made:,} characters; a template may make at most {MAX_TEXT:,}"
        )


def spend(value: Any) -> Any:
    """Count ``value`` against the render's budget; returns it unchanged."""
    state = _BUDGET
    if state.active:
        state.spent += len(value) if isinstance(value, str) else size(value)
        if state.spent > MAX_OUTPUT:
            raise TemplateLimitError(
                f"the template made more than {MAX_OUTPUT:,} characters of text"
            )
    return value


@contextmanager
def budget(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Run one render under the text budget and the time limit (in this thread).

    The time limit is enforced by a timer thread that raises
    :class:`TemplateTimeoutError` in the rendering thread, so even a loop that calls
    nothing is stopped; the exception carries the template's line in its traceback.
    """
    _BUDGET.spent, _BUDGET.depth, _BUDGET.active = 0, 0, True
    watchdog = _Watchdog(threading.get_ident(), seconds)
    try:
        yield
    finally:
        watchdog.stop()
        _BUDGET.active = False


class _Watchdog:
    """Raises :class:`TemplateTimeoutError` in thread ``ident`` after ``seconds``
    unless stopped first."""

    def __init__(self, ident: int, seconds: float) -> None:
        self.ident = ident
        self.lock = threading.Lock()
        self.running = True
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        with self.lock:
            if self.running:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self.ident), ctypes.py_object(TemplateTimeoutError)
                )

    def stop(self) -> None:
        with self.lock:
            self.running = False
        self.timer.cancel()


def bounded_range(*args: int) -> range:
    """``range()`` for templates: at most :data:`MAX_RANGE` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(
            f"range() of {len(numbers):,} numbers; a template may use at most {MAX_RANGE:,}"
        )
    return numbers


class BoundedNamespace(Namespace):
    """``namespace()`` whose stored values count against the render's budget."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_size(size(value), f"setting {name}")
        spend(value)
        super().__setitem__(name, value)


_PRINTF_RE = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_printf(fmt: str, args: Any) -> None:
    """Refuse a ``%`` format whose widths or arguments would make too much text."""
    for match in _PRINTF_RE.finditer(fmt):
        for number in match.groups():
            if number == "*" or (number is not None and int(number) > MAX_FILTER_NUMBER):
                raise TemplateLimitError(
                    f"a format width or precision above {MAX_FILTER_NUMBER:,} is not allowed"
                )
    widths = len(_PRINTF_RE.findall(fmt)) * MAX_FILTER_NUMBER
    _check_size(len(fmt) + size(args) + widths, "the format")


def _checked_binop(operator: str, left: Any, right: Any) -> None:
    numbers = (int, float)
    if operator == "*":
        if isinstance(left, int) and not isinstance(right, numbers):
            left, right = right, left
        if isinstance(right, int) and not isinstance(left, numbers):
            _check_size(size(left) * max(right, 0), "'*'")
    elif operator == "+" and not isinstance(left, numbers):
        _check_size(size(left) + size(right), "'+'")
    elif operator == "**" and isinstance(right, int) and abs(right) > 1_000:
        if isinstance(left, int | float) and abs(left) > 1:
            raise TemplateLimitError("a power above 1,000 is not allowed in a template")
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (a Jinja2 filter) with its arguments checked and its result counted."""
    checks = _FILTER_CHECKS.get(name)

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        passed = [a for a in args if isinstance(a, Environment | Context | EvalContext)]
        values = args[len(passed) :]
        if name == "join" and values and not isinstance(values[0], str):
            values = (_items(values[0]), *values[1:])  # a generator is measured before joining
            args = (*passed, *values)
        if name in SIZED_FILTERS:
            for number in [*values[1:], *kwargs.values()]:
                if isinstance(number, int) and number > MAX_FILTER_NUMBER:
                    raise TemplateLimitError(
                        f"|{name} with {number:,}; the limit is {MAX_FILTER_NUMBER:,}"
                    )
        if checks is not None:
            checks(*values, **kwargs)
        result = function(*args, **kwargs)
        if isinstance(result, str | list | tuple):
            _check_size(size(result), f"|{name}")
            spend(result)
        return result

    return bounded


def _items(iterable: Any) -> list[Any]:
    """The items of ``iterable`` as a list, refused past :data:`MAX_TEXT` items."""
    items = []
    for item in iterable:
        items.append(item)
        if len(items) > MAX_TEXT:
            raise TemplateLimitError(f"a list of more than {MAX_TEXT:,} items")
    return items


def _check_join(value: Any, d: str = "", attribute: Any = None) -> None:
    if isinstance(value, list | tuple):
        _check_size(size(value) + len(value) * len(str(d)), "|join")


def _check_replace(s: Any, old: Any, new: Any, count: int | None = None) -> None:
    text, old, new = str(s), str(old), str(new)
    times = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        times = min(times, count)
    _check_size(len(text) + times * max(len(new) - len(old), 0), "|replace")


def _check_indent(s: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    step = len(width) if isinstance(width, str) else int(width)
    _check_size(len(str(s)) + (str(s).count("\n") + 1) * step, "|indent")


def _check_format(value: Any, *args: Any, **kwargs: Any) -> None:
    _check_printf(str(value), (args, kwargs))


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "join": _check_join,
    "replace": _check_replace,
    "indent": _check_indent,
    "format": _check_format,
}


class _CodeGenerator(CodeGenerator):
    """Jinja2's compiler, with every piece of text a template prints or joins counted."""

    def _output_const_repr(self, group: Any) -> str:
        return f"environment.spend({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.spend(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), ")
        # the join function, chosen as Jinja2's compiler chooses it
        if frame.eval_ctx.volatile:
            self.write("(markup_join if context.eval_ctx.volatile else str_join))")
        elif frame.eval_ctx.autoescape:
            self.write("markup_join)")
        else:
            self.write("str_join)")


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox turned into an allowlist, with bounded work (see the module doc)."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in REMOVED_GLOBALS:
            self.globals.pop(name, None)
        for name in REMOVED_FILTERS:
            self.filters.pop(name, None)
        self.globals["range"] = bounded_range
        self.globals["namespace"] = BoundedNamespace
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self._callables: frozenset[int] | None = None
        #: Counts printed text against the render's budget (called by compiled templates).
        self.spend = spend

    def add_filter(self, name: str, function: Callable[..., Any]) -> None:
        """Register a lessonpress filter (bounded like the built-in ones)."""
        self.filters[name] = _bounded_filter(name, function)

    @property
    def callables(self) -> frozenset[int]:
        """Ids of the global functions a template may call (fixed once the first render ran)."""
        if self._callables is None:
            names = (*GETTEXT, "range", "namespace")
            self._callables = frozenset(id(self.globals[n]) for n in names if n in self.globals)
        return self._callables

    def checked_concat(self, parts: tuple[Any, ...], join: Callable[[Any], str]) -> Any:
        """``a ~ b``, refused when the result would be too large (called by compiled templates)."""
        _check_size(sum(size(part) for part in parts), "'~'")
        return spend(join(parts))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Only the fields of records and the documented attributes of Jinja2's own objects."""
        if isinstance(obj, Record):
            return attr in type(obj).FIELDS
        allowed = {
            LoopContext: attr in LOOP_FIELDS,
            BlockReference: attr == "super",
            TemplateReference: isinstance(value, BlockReference),
            BoundedNamespace: True,
            TemplateModule: isinstance(value, Macro | str),
        }
        return not attr.startswith("_") and allowed.get(type(obj), False)

    def is_safe_callable(self, obj: Any) -> bool:
        """Only macros, blocks, loop helpers and the documented global functions."""
        if isinstance(obj, Macro | BlockReference | LoopContext):
            return True
        if id(obj) in self.callables:
            return True
        owner = getattr(obj, "__self__", None)
        return isinstance(owner, LoopContext) and getattr(obj, "__name__", "") in (
            "cycle",
            "changed",
        )

    def wrap_str_format(self, value: Any) -> None:
        """``str.format`` is not offered at all (a string's attributes are refused)."""

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``+``, ``**`` and ``%``, refused when the result would be too large."""
        _checked_binop(operator, left, right)
        return spend(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """An attribute of a missing or refused value is that value: its error names the first
        step that failed (``lesson.__class__`` in ``lesson.__class__.__init__``)."""
        if isinstance(obj, Undefined):
            return obj
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Like :meth:`getattr`: an item of a missing or refused value is that value."""
        if isinstance(obj, Undefined):
            return obj
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """The error for an attribute outside the allowlist."""
        kind = "text" if isinstance(obj, str) else _a(type(obj).__name__)
        return self.undefined(
            f"'{attribute}' of {kind} is not available: templates see data only "
            "(use a filter, e.g. |upper, |join or |length; see docs/templates.md)",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call an allowed callable; macros and recursive loops count towards the depth."""
        if isinstance(__obj, Undefined):
            return __obj()  # raises the undefined name's own error (e.g. a refused attribute)
        if not __self.is_safe_callable(__obj):
            raise SecurityError(
                f"{_describe(__obj)} cannot be called in a template (templates may call "
                "macros, blocks, loop.cycle(), range(), namespace() and _(); "
                "see docs/templates.md)"
            )
        if not isinstance(__obj, Macro | LoopContext):
            return __context.call(__obj, *args, **kwargs)
        if _BUDGET.depth >= MAX_DEPTH:
            name = getattr(__obj, "name", "loop")
            raise TemplateLimitError(f"'{name}' calls itself more than {MAX_DEPTH} levels deep")
        _BUDGET.depth += 1
        try:
            return __context.call(__obj, *args, **kwargs)
        finally:
            _BUDGET.depth -= 1


def _describe(obj: Any) -> str:
    name = getattr(obj, "__name__", None)
    if isinstance(obj, str | Markup):
        return "text"
    return f"'{name}'" if isinstance(name, str) else _a(type(obj).__name__)


def _a(noun: str) -> str:
    """``a tuple``, ``an int``."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
