"""The template sandbox: what a template may reach, call and make, and for how long.

Templates travel between teachers, so they are treated like the lessons: as data
that must not read, write or run anything. Jinja2's own sandbox refuses only
underscore attributes; this one is an allowlist:

- **Attributes**: a template reads the fields of the context's records
  (:mod:`lessonpress.render.templatedata`), the documented attributes of ``loop``, the
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
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
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

from lessonpress.render.templatedata import Record

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
#: How deep the lists a template makes may nest (``[[[...]]]``).
MAX_NESTING = 64
#: The most bits an integer a template computes may have (about 20,000 digits).
MAX_INT_BITS = 65_536

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
SIZED_FILTERS = (
    "center",
    "indent",
    "truncate",
    "wordwrap",
    "batch",
    "slice",
    "filesizeformat",
    "tojson",
)
#: Filters that print their value as text: it is measured before it is printed.
PRINTING_FILTERS = (
    "string",
    "pprint",
    "tojson",
    "e",
    "escape",
    "forceescape",
    "safe",
    "striptags",
    "title",
    "capitalize",
    "upper",
    "lower",
    "trim",
    "urlencode",
    "urlize",
    "wordwrap",
    "wordcount",
    "xmlattr",
    "list",
    "unique",
)
#: The longest text ``|urlize`` reads (its pattern slows down steeply on long runs).
MAX_URLIZE = 20_000


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


def size(value: Any, depth: int = 0) -> int:
    """How much text ``value`` prints as: its length, or the sum over what it holds.

    A record prints as its name, so it counts little; a ``namespace()`` prints what it holds.
    """
    if isinstance(value, str):
        return len(value)
    if depth > MAX_NESTING:
        raise TemplateLimitError(f"lists or namespaces nested more than {MAX_NESTING} deep")
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) + sum(size(item, depth + 1) for item in value)
    if isinstance(value, dict | types.MappingProxyType):
        return len(value) + sum(size(k, depth + 1) + size(v, depth + 1) for k, v in value.items())
    if isinstance(value, Namespace):
        return size(object.__getattribute__(value, "_Namespace__attrs"), depth + 1)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 1
    return 24


def _field(item: Any, attribute: str) -> Any:
    """``item.attribute`` as the ``attribute=`` of a filter would read it (for measuring)."""
    for name in str(attribute).split("."):
        if isinstance(item, Record) and name in type(item).FIELDS:
            item = getattr(item, name)
        elif isinstance(item, Namespace):
            item = object.__getattribute__(item, "_Namespace__attrs").get(name)
        elif isinstance(item, dict | types.MappingProxyType):
            item = item.get(name)
        else:
            return None
    return item


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
    Code that catches every exception (a Jinja2 test, compile-time folding) cannot
    swallow it for good: it is raised again every :data:`REFIRE_SECONDS` until the
    render ends, and a render that ends after its time is an error all the same.
    """
    _BUDGET.spent, _BUDGET.depth, _BUDGET.active = 0, 0, True
    watchdog = _Watchdog(threading.get_ident(), seconds)
    try:
        yield
    finally:
        watchdog.stop()
        _BUDGET.active = False
    if watchdog.fired:
        raise TemplateTimeoutError()


#: How often the time limit is raised again in a render that swallowed it.
REFIRE_SECONDS = 0.25


class _Watchdog:
    """Raises :class:`TemplateTimeoutError` in thread ``ident`` after ``seconds``, and
    again every :data:`REFIRE_SECONDS`, until stopped."""

    def __init__(self, ident: int, seconds: float) -> None:
        self.ident = ident
        self.lock = threading.Lock()
        self.running = True
        self.fired = False
        self.timer = self._arm(seconds)

    def _arm(self, seconds: float) -> threading.Timer:
        timer = threading.Timer(seconds, self._fire)
        timer.daemon = True
        timer.start()
        return timer

    def _fire(self) -> None:
        with self.lock:
            if not self.running:
                return
            self.fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.ident), ctypes.py_object(TemplateTimeoutError)
            )
            self.timer = self._arm(REFIRE_SECONDS)

    def stop(self) -> None:
        with self.lock:
            self.running = False
            timer = self.timer
        timer.cancel()


def bounded_range(*args: int) -> range:
    """``range()`` for templates: at most :data:`MAX_RANGE` numbers."""
    try:
        numbers = range(*args)
        count = len(numbers)
    except OverflowError:
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        shown = f"{count:,}" if count <= MAX_RANGE * 1000 else "too many"
        raise TemplateLimitError(
            f"range() of {shown} numbers; a template may use at most {MAX_RANGE:,}"
        )
    return numbers


class BoundedNamespace(Namespace):
    """``namespace()`` whose stored values count against the render's budget."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_size(size(value), f"setting {name}")
        spend(value)
        super().__setitem__(name, value)


_PRINTF_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_printf(fmt: str, args: Any) -> None:
    """Refuse a ``%`` format whose widths or arguments would make too much text."""
    widths = 0
    for match in _PRINTF_RE.finditer(fmt):
        for number in match.groups():
            too_big = number is not None and (len(number) > 6 or int(number) > MAX_FILTER_NUMBER)
            if number == "*" or too_big:
                raise TemplateLimitError(
                    f"a format width or precision above {MAX_FILTER_NUMBER:,} is not allowed"
                )
            widths += int(number or 0)
    _check_size(len(fmt) + size(args) + widths, "the format")


def _checked_binop(operator: str, left: Any, right: Any) -> None:
    numbers = (int, float)
    if _is_int(left) and _is_int(right):
        _check_int(operator, left, right)
    elif operator == "*":
        if isinstance(left, int) and not isinstance(right, numbers):
            left, right = right, left
        if isinstance(right, int) and not isinstance(left, numbers):
            _check_size(size(left) * max(right, 0), "'*'")
    elif operator == "+" and not isinstance(left, numbers):
        _check_size(size(left) + size(right), "'+'")
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_int(operator: str, left: int, right: int) -> None:
    """Refuse integer arithmetic whose result would be huge (slow to compute, even in C)."""
    bits = max(left.bit_length(), right.bit_length())
    if operator == "*":
        bits = left.bit_length() + right.bit_length()
    elif operator == "**":
        if right > 1_000 and abs(left) > 1:
            raise TemplateLimitError("a power above 1,000 is not allowed in a template")
        bits = left.bit_length() * max(right, 1)
    if bits > MAX_INT_BITS:
        raise TemplateLimitError(
            f"'{operator}' would make a number of about {bits * 3 // 10:,} digits; "
            f"a template may compute with at most {MAX_INT_BITS * 3 // 10:,}"
        )


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
        if name in PRINTING_FILTERS and values:
            _check_size(size(values[0]), f"|{name}")
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
        items = value if attribute is None else [_field(item, attribute) for item in value]
        _check_size(size(items) + len(value) * len(str(d)), "|join")


def _check_sum(iterable: Any, attribute: Any = None, start: Any = 0) -> None:
    if not _is_number(start):
        raise TemplateLimitError("|sum adds numbers only")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_urlize(value: Any, *args: Any, **kwargs: Any) -> None:
    if len(str(value)) > MAX_URLIZE:
        raise TemplateLimitError(f"|urlize of more than {MAX_URLIZE:,} characters")


def _check_wordwrap(s: Any, width: int = 79, *args: Any, **kwargs: Any) -> None:
    text = str(s)
    wrap = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
    lines = text.count("\n") + 1 + len(text) // max(int(width), 1)
    _check_size(len(text) + lines * len(str(wrap or "\n")), "|wordwrap")


def _check_tojson(value: Any, indent: Any = None) -> None:
    step = int(indent) if isinstance(indent, int) else len(str(indent or ""))
    _check_size(size(value) * (2 + step), "|tojson")


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
    "sum": _check_sum,
    "urlize": _check_urlize,
    "wordwrap": _check_wordwrap,
    "tojson": _check_tojson,
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
        self.write("environment.measured(")

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")
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
    intercepted_binops = frozenset({"*", "+", "-", "**", "%", "//", "/"})

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

    def measured(self, value: Any) -> Any:
        """A value about to be printed, refused if it would print as too much text."""
        if not isinstance(value, str):
            _check_size(size(value), "printing a value")
        return value

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
        """An attribute outside the allowlist is an error at once (even inside a filter)."""
        kind = "text" if isinstance(obj, str) else _a(type(obj).__name__)
        raise SecurityError(
            f"'{attribute}' of {kind} is not available: templates see data only "
            "(use a filter, e.g. |upper, |join or |length; see docs/templates.md)"
        )

    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Compile a template; a template Python cannot compile (nested too deeply, a
        number too long) is a syntax error of that template, not of its includer."""
        try:
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]
        except TemplateError:
            raise
        except RecursionError:
            message = "the template is nested too deeply to compile"
        except (SyntaxError, ValueError, OverflowError, MemoryError) as exc:
            message = f"the template cannot be compiled ({exc})"
        raise TemplateSyntaxError(message, 1, name, filename)

    def wrap_gettext(self) -> None:
        """Check the texts ``_()`` and ``{% trans %}`` format (after gettext is installed)."""
        for name in GETTEXT:
            if name in self.globals:
                self.globals[name] = _checked_gettext(self.globals[name])  # type: ignore[arg-type]
        self._callables = None

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
        if not isinstance(__obj, Macro | LoopContext | BlockReference):
            return __context.call(__obj, *args, **kwargs)
        if _BUDGET.depth >= MAX_DEPTH:
            name = getattr(__obj, "name", "loop")
            raise TemplateLimitError(f"'{name}' calls itself more than {MAX_DEPTH} levels deep")
        _BUDGET.depth += 1
        try:
            return __context.call(__obj, *args, **kwargs)
        finally:
            _BUDGET.depth -= 1


def _checked_gettext(function: Callable[..., Any]) -> Callable[..., Any]:
    """A gettext function whose message and variables are measured before formatting."""

    @functools.wraps(function)
    def checked(*args: Any, **variables: Any) -> Any:
        for text in args:
            if isinstance(text, str):
                _check_printf(text, variables)
        return spend(function(*args, **variables))

    return checked


def _describe(obj: Any) -> str:
    name = getattr(obj, "__name__", None)
    if isinstance(obj, str | Markup):
        return "text"
    return f"'{name}'" if isinstance(name, str) else _a(type(obj).__name__)


def _a(noun: str) -> str:
    """``a tuple``, ``an int``."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
