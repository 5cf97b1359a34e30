"""Source notes: LP402, a rule on the templates (each document is printed with its source note).

The rule is checked on the templates' source, as Jinja2 parses it, not on the pages they
make: a page can show a source's title elsewhere (the teacher guide's Sources list does),
and a problem in a template belongs on the template's line. Starting from a version's
template (``student.html``), the templates are followed as they render: the file that wins
for each name (the workspace's, else the built-in), its ``{% extends %}`` chain with each
block taken from the file nearest the winner (``{{ super() }}`` reaching the one it
replaces), every ``{% include %}`` and the macros called.

A stretch of template prints *one document* when it is a loop's body or a whole template;
it prints the document's excerpt when it reads ``.paragraphs`` (not a translation's) or
``.excerpt.text``. Such a stretch must also print the source note: the ``source_note``
block of ``partials/document.html`` (kept, or overridden with ``{{ super() }}``), the
``source_note`` macro of ``partials/macros.html``, or the source's title
(``doc.source.info.title``), directly or through ``{% set %}`` and macros.

A stretch without one is reported once, where a teacher fixes it: at an overriding
``source_note`` block (the block that dropped the note), else at the loop, else at line 1 of
the workspace's template. The templates' problems are found once per run
(:meth:`TemplateNotes.unprinted`); each lesson gets them for the versions that print its
documents (:meth:`TemplateNotes.check`), so ``check`` of any lesson reports them, at that
lesson's levels.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from jinja2 import Environment, nodes

from lessonpress.checks.templatefiles import (
    Attrs,
    Chain,
    TemplateFile,
    TemplateLibrary,
    attributes,
    tag_pos,
    template_names,
)
from lessonpress.errors import Pos, Problem, Problems
from lessonpress.quotes.resolve import ResolvedLesson

#: The block of ``partials/document.html`` and the macro of ``partials/macros.html``.
NOTE = "source_note"
NOTE_TEMPLATE = "partials/document.html"
_PRINT = "{{ m.source_note(doc) }} or at least {{ doc.source.info.title }}"
_HINTS = {
    "block": f"call {{{{ super() }}}} in the block, or print {_PRINT} in it",
    "template": f"extend builtin/{NOTE_TEMPLATE} and keep its {NOTE} block, or print {_PRINT}",
    "loop": f"print {_PRINT} in the loop, with each document",
}
#: Statements and expressions a walk looks at, at most: a template whose includes and macros
#: fan out (each calling the next twice, say) is followed this far and no further.
MAX_VISITS = 20_000
#: Statements that print nothing where they are written.
_DEFINITIONS = (nodes.Macro, nodes.Extends, nodes.Import, nodes.FromImport)


@dataclass
class _Unit:
    """A stretch printed once per document: a loop's body or a whole template."""

    file: Path
    pos: Pos
    what: Literal["loop", "template"]
    reads: bool = False  # it prints a document's excerpt
    noted: bool = False  # it prints a source note
    overrides: list[tuple[TemplateFile, nodes.Block]] = field(default_factory=list)


@dataclass(frozen=True)
class _Scope:
    """Where the walk is: the file a node comes from, its names, the chain, the block."""

    file: TemplateFile
    names: dict[str, Attrs]
    chain: Chain
    block: tuple[str, int] | None = None  # the block being walked and its definition


class TemplateNotes:
    """LP402 on one set of templates (as ``env``'s loader finds them): the problems of each
    version's templates found once, every file parsed once."""

    def __init__(self, env: Environment) -> None:
        self._library = TemplateLibrary(env)
        self._found: dict[str, list[Problem]] = {}

    def unprinted(self, version: str) -> list[Problem]:
        """Where the templates of ``version`` print a document without its source note.

        A template that cannot be loaded or parsed is left out: rendering reports it.
        """
        if version not in self._found:
            walk = _Walk(self._library)
            with contextlib.suppress(_BudgetSpent):  # what was found so far stands
                walk.template(f"{version}.html")
            self._found[version] = walk.found
        return self._found[version]

    def check(self, lesson: ResolvedLesson, version: str, problems: Problems) -> None:
        """LP402: the templates' problems, for a version of ``lesson`` printing the documents."""
        if "pairs" in getattr(lesson.settings.sections, version):
            problems.extend(self.unprinted(version))


class _BudgetSpent(Exception):
    """A walk looked at :data:`MAX_VISITS` nodes."""


class _Walk:
    """A walk through the templates as they render, noting what each stretch prints."""

    def __init__(self, library: TemplateLibrary) -> None:
        self.library = library
        self.found: list[Problem] = []
        self._units: list[_Unit] = []
        self._including: list[str] = []  # the templates being walked, the entry first
        self._following: list[int] = []  # the macros being followed (their ids)
        self._visits = 0

    def template(self, name: str) -> None:
        """Walk template ``name`` (the entry, or an include) as one stretch."""
        chain = None if name in self._including else self.library.chain(name)
        if chain is None:  # unusable, or including itself: rendering reports it
            return
        winner = next((f for f in chain.files if f.ours), chain.files[0])
        root = chain.files[-1]
        self._including.append(name)
        unit = _Unit(winner.path, Pos(1, 1), "template")
        self._stretch(unit, root.tree.body, _Scope(root, root.names, chain))
        self._including.pop()

    def _stretch(self, unit: _Unit, body: list[nodes.Node], scope: _Scope) -> None:
        """Walk ``body`` as ``unit``, then report it if it prints an excerpt but no note."""
        self._units.append(unit)
        self._body(body, scope)
        self._units.pop()
        if unit.reads and not unit.noted and _problem(unit) not in self.found:
            self.found.append(_problem(unit))

    def _body(self, body: Iterable[nodes.Node], scope: _Scope) -> None:
        """Walk statements in order."""
        for node in body:
            self._node(node, scope)

    def _spend(self) -> None:
        """Count one node looked at; raises :class:`_BudgetSpent` past :data:`MAX_VISITS`."""
        self._visits += 1
        if self._visits > MAX_VISITS:
            raise _BudgetSpent

    def _node(self, node: nodes.Node, scope: _Scope) -> None:
        """Walk one statement."""
        self._spend()
        if isinstance(node, nodes.Block):
            self._block(node.name, scope, fallback=node)
        elif isinstance(node, nodes.Include):
            for name in template_names(node.template)[:1]:
                self.template(name)
        elif isinstance(node, nodes.For):
            self._loop(node, scope)
        elif isinstance(node, nodes.Output | nodes.CallBlock):
            self._children(node, scope, printing=True)
        elif not isinstance(node, _DEFINITIONS):
            self._children(node, scope, printing=False)

    def _children(self, node: nodes.Node, scope: _Scope, *, printing: bool) -> None:
        """Walk a statement's expressions (printed by ``{{ }}`` and ``{% call %}``) and body."""
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self._expr(child, scope, printing=printing)
            else:
                self._node(child, scope)

    def _loop(self, node: nodes.For, scope: _Scope) -> None:
        """Walk a loop: its body is a stretch of its own (once per document, over documents)."""
        self._expr(node.iter, scope, printing=False)
        pos = tag_pos(scope.file, node.lineno, "for")
        self._stretch(_Unit(scope.file.path, pos, "loop"), node.body, scope)
        self._body(node.else_, scope)

    def _block(
        self, name: str, scope: _Scope, index: int = 0, fallback: nodes.Block | None = None
    ) -> None:
        """Walk definition ``index`` of block ``name`` (0: the one nearest the winning file;
        each ``{{ super() }}`` the next). ``fallback``: a block outside the chain's files."""
        found = scope.chain.blocks.get(name) or ([(scope.file, fallback)] if fallback else [])
        if index >= len(found):
            return
        file, block = found[index]
        if name == NOTE and file.ours:
            for unit in self._units:
                unit.overrides.append((file, block))
        self._body(block.body, _Scope(file, file.names, scope.chain, (name, index)))

    def _expr(self, node: nodes.Node, scope: _Scope, *, printing: bool) -> None:
        """Walk an expression: note what it reads and prints, follow the macros it calls."""
        self._spend()
        if isinstance(node, nodes.Call) and self._call(node, scope):
            return
        if isinstance(node, nodes.Getattr) or (isinstance(node, nodes.Name) and node.ctx == "load"):
            found = attributes(node, scope.names)
            if _is_excerpt(found):
                self._units[-1].reads = True
            if printing and found[-2:] == ("info", "title"):
                self._note()
        for child in node.iter_child_nodes():
            self._expr(child, scope, printing=printing)

    def _call(self, node: nodes.Call, scope: _Scope) -> bool:
        """Follow a call: ``super()``, the source_note macro, a macro of the templates.
        True when the call is dealt with (its arguments included)."""
        callee = node.node
        name = callee.name if isinstance(callee, nodes.Name) else getattr(callee, "attr", None)
        if name == "super" and scope.block is not None:
            self._block(scope.block[0], scope, scope.block[1] + 1)
            return True
        if name == NOTE:  # the macro, even when {% set %} keeps its note to print later
            self._note()
            return False
        macro = self._macro(callee, scope)
        if macro is None or id(macro[1]) in self._following:
            return False
        file, definition = macro
        names = dict(file.names)
        for param, arg in zip(definition.args, node.args, strict=False):
            names[param.name] = attributes(arg, scope.names)
        for keyword in node.kwargs:
            names[keyword.key] = attributes(keyword.value, scope.names)
        self._following.append(id(definition))
        self._body(definition.body, _Scope(file, names, scope.chain))
        self._following.pop()
        return True

    def _macro(self, callee: nodes.Expr, scope: _Scope) -> tuple[TemplateFile, nodes.Macro] | None:
        """The macro a call names: the file's own (or its chain's), or an imported one."""
        if isinstance(callee, nodes.Name):
            for file in [scope.file, *scope.chain.files]:
                if callee.name in file.macros:
                    return file, file.macros[callee.name]
            module, name = scope.file.imported.get(callee.name, ("", ""))
        elif isinstance(callee, nodes.Getattr) and isinstance(callee.node, nodes.Name):
            module, name = scope.file.imports.get(callee.node.name, ""), callee.attr
        else:
            return None
        found = self.library.file(module) if module else None
        if found is None or name not in found.macros:
            return None
        return found, found.macros[name]

    def _note(self) -> None:
        """A source note printed: it counts for every stretch around it."""
        for unit in self._units:
            unit.noted = True


def _is_excerpt(found: Attrs) -> bool:
    """Whether an expression is a document's excerpt (its paragraphs or text)."""
    if found[-1:] == ("paragraphs",):
        return found[-2:-1] != ("translation",)
    return found[-2:] == ("excerpt", "text")


def _problem(unit: _Unit) -> Problem:
    """The LP402 warning for a stretch printing an excerpt without its source note."""
    if unit.overrides:
        file, block = unit.overrides[0]
        pos = tag_pos(file, block.lineno, "block", NOTE)
        message = f"this {NOTE} block prints no source note: the documents go without their source"
        return _warning(file.path, pos, message, _HINTS["block"])
    if unit.what == "loop":
        message = "this loop prints documents without their source notes"
    else:
        message = "this template prints a document without its source note"
    return _warning(unit.file, unit.pos, message, _HINTS[unit.what])


def _warning(file: Path, pos: Pos, message: str, hint: str) -> Problem:
    """An LP402 warning at ``file:pos``."""
    return Problem(file, pos, None, message, hint, "warning", "LP402")
