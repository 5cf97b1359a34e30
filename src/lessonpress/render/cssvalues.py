"""CSS values read with tinycss2: ``var()`` replaced, lengths in points.

What :mod:`lessonpress.render.pagegeometry` needs to read the measures of a page from a
stylesheet's tokens, without laying anything out.
"""

from __future__ import annotations

from typing import Any

import tinycss2.ast

#: Points per unit of length.
POINTS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pc": 12.0, "px": 0.75}
POINTS["q"] = POINTS["mm"] / 4


def significant(tokens: list[Any]) -> list[Any]:
    """``tokens`` without whitespace and comments: one per component of a value."""
    return [t for t in tokens if t.type not in ("whitespace", "comment")]


def substitute(tokens: list[Any], custom: dict[str, list[Any]], depth: int = 0) -> list[Any]:
    """``tokens`` with every ``var()`` replaced by its custom property's value (or its
    fallback); an unknown property stays a ``var()``, which no reader accepts."""
    if depth > 16:  # properties using each other in a loop
        return tokens
    out: list[Any] = []
    for token in tokens:
        if token.type != "function":
            out.append(token)
            continue
        if token.lower_name == "var":
            out.extend(_variable(token, custom, depth))
            continue
        arguments = substitute(token.arguments, custom, depth + 1)
        out.append(
            tinycss2.ast.FunctionBlock(
                token.source_line, token.source_column, token.name, arguments
            )
        )
    return out


def _variable(token: Any, custom: dict[str, list[Any]], depth: int) -> list[Any]:
    """The value a ``var()`` stands for."""
    arguments = significant(token.arguments)
    name = arguments[0].value if arguments and arguments[0].type == "ident" else ""
    if name in custom:
        return substitute(custom[name], custom, depth + 1)
    comma = next((i for i, t in enumerate(token.arguments) if t == ","), None)
    if comma is not None:
        return substitute(token.arguments[comma + 1 :], custom, depth + 1)
    return [token]


def in_points(token: Any) -> float | None:
    """A length in points: ``17mm``, ``0``, or a ``calc()`` of one."""
    if token.type == "dimension" and token.lower_unit in POINTS:
        return POINTS[token.lower_unit] * float(token.value)
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type == "function" and token.lower_name == "calc":
        return _calc(significant(token.arguments))
    return None


def _calc(parts: list[Any]) -> float | None:
    """``calc()`` of a length, or of a length times or divided by a number."""
    if len(parts) == 1:
        return in_points(parts[0])
    if len(parts) != 3 or parts[1] not in ("*", "/"):
        return None
    left, operator, right = parts
    if operator == "*" and left.type == "number":
        left, right = right, left
    length = in_points(left)
    if length is None or right.type != "number" or (operator == "/" and right.value == 0):
        return None
    return length * float(right.value) if operator == "*" else length / float(right.value)
