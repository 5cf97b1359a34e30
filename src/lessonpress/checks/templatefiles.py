"""The templates as Jinja2 parses them, for the checks on templates (LP402).

A :class:`TemplateLibrary` loads each template through the renderer's loader chain (so the
file that wins for a name is the one a handout uses: the workspace's, else the built-in),
parses it once and makes its ``{% extends %}`` chain once. Nothing is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, TemplateError, nodes

from lessonpress.errors import Pos

Attrs = tuple[str, ...]  # a name and its attributes: ("doc", "source", "info", "title")


@dataclass(frozen=True)
class TemplateFile:
    """One template file as parsed, with what its statements name."""

    path: Path
    lines: list[str]
    tree: nodes.Template
    ours: bool  # the workspace's own file, not a built-in
    names: dict[str, Attrs]  # {% set name = doc.source.info %}: what each name stands for
    macros: dict[str, nodes.Macro]
    imports: dict[str, str]  # {% import "partials/macros.html" as m %}: m -> the template
    imported: dict[str, tuple[str, str]]  # {% from "t.html" import a as b %}: b -> (t, a)


@dataclass(frozen=True)
class Chain:
    """A template as it renders: the files of its extends chain (the winner first)."""

    files: list[TemplateFile]
    #: Each block's definitions, the one nearest the winning file first.
    blocks: dict[str, list[tuple[TemplateFile, nodes.Block]]]


class TemplateLibrary:
    """The templates as ``env``'s loader finds them: each file parsed once, each chain made
    once (shared by the walks of one run)."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._files: dict[str, TemplateFile | None] = {}
        self._chains: dict[str, Chain | None] = {}

    def file(self, name: str) -> TemplateFile | None:
        """Template ``name``, parsed; ``None`` if it cannot be loaded or parsed."""
        if name not in self._files:
            self._files[name] = parse(self.env, name)
        return self._files[name]

    def chain(self, name: str) -> Chain | None:
        """The extends chain of ``name``; ``None`` if a file of it cannot be used."""
        if name not in self._chains:
            self._chains[name] = self._make_chain(name)
        return self._chains[name]

    def _make_chain(self, name: str) -> Chain | None:
        """Follow ``{% extends %}`` from ``name`` to the root; collect every block."""
        files: list[TemplateFile] = []
        seen: set[str] = set()
        current: str | None = name
        while current is not None:
            file = self.file(current)
            if file is None or current in seen:
                return None
            seen.add(current)
            files.append(file)
            current = parent(file.tree)
        blocks: dict[str, list[tuple[TemplateFile, nodes.Block]]] = {}
        for file in files:
            for block in file.tree.find_all(nodes.Block):
                blocks.setdefault(block.name, []).append((file, block))
        return Chain(files, blocks)


def parse(env: Environment, name: str) -> TemplateFile | None:
    """Load and parse one template; ``None`` on any template error (rendering reports it)."""
    if env.loader is None:
        return None
    try:
        text, filename, _ = env.loader.get_source(env, name)
        tree = env.parse(text, name, filename)
    except TemplateError:
        return None
    ours = not name.startswith("builtin/") and is_workspace(env, name)
    return TemplateFile(Path(filename or name), text.splitlines(), tree, ours, *_named(tree))


def _named(
    tree: nodes.Template,
) -> tuple[dict[str, Attrs], dict[str, nodes.Macro], dict[str, str], dict[str, tuple[str, str]]]:
    """What a template's statements name: its ``{% set %}`` names, macros and imports."""
    names: dict[str, Attrs] = {}
    for assign in tree.find_all(nodes.Assign):
        if isinstance(assign.target, nodes.Name):
            names[assign.target.name] = attributes(assign.node, names)
    macros = {macro.name: macro for macro in tree.find_all(nodes.Macro)}
    imports = {
        node.target: found[0]
        for node in tree.find_all(nodes.Import)
        if (found := template_names(node.template))
    }
    imported = {
        alias: (found[0], macro)
        for node in tree.find_all(nodes.FromImport)
        if (found := template_names(node.template))
        for macro, alias in (n if isinstance(n, tuple) else (n, n) for n in node.names)
    }
    return names, macros, imports, imported


def is_workspace(env: Environment, name: str) -> bool:
    """Whether ``name`` is found in the workspace: not the file ``builtin/NAME`` names."""
    assert env.loader is not None
    try:
        _, builtin, _ = env.loader.get_source(env, f"builtin/{name}")
        _, winner, _ = env.loader.get_source(env, name)
    except TemplateError:
        return True  # no built-in of that name: the workspace's own
    return winner != builtin


def parent(tree: nodes.Template) -> str | None:
    """The template ``tree`` extends, when named by a constant."""
    for node in tree.find_all(nodes.Extends):
        names = template_names(node.template)
        return names[0] if names else None
    return None


def template_names(node: nodes.Expr) -> list[str]:
    """The template names an include or extends gives as constants (a list: the first found)."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, nodes.List | nodes.Tuple):
        return [n for item in node.items for n in template_names(item)]
    return []


def attributes(node: nodes.Node, names: dict[str, Attrs]) -> Attrs:
    """``doc.source.info.title`` as ``("doc", "source", "info", "title")``, a name set with
    ``{% set %}`` replaced by what it stands for; ``()`` for anything else."""
    found: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            found.append(node.attr)
        node = node.node
    if not isinstance(node, nodes.Name):
        return ()
    head = names.get(node.name, (node.name,))
    return (*head, *reversed(found))


def tag_pos(file: TemplateFile, line: int, keyword: str, name: str = "") -> Pos:
    """Where the ``{% keyword name %}`` tag on ``line`` starts (column 1 if not found)."""
    text = file.lines[line - 1] if 0 < line <= len(file.lines) else ""
    found = re.search(r"\{%[-+]?\s*" + keyword + r"\b\s*" + re.escape(name) + r"\b", text)
    return Pos(line, found.start() + 1 if found else 1)
