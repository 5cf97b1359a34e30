"""The settings as a stylesheet: the visual settings turned into CSS.

Layered between the built-in stylesheet (``handout.css``) and the workspace's
``custom.css``: the paper size, hyphenation, the theme's colours, the text size and the
excerpts' line height as custom properties, and the line numbers' strips. Only validated
values (colours, numbers, choices) reach this CSS; text such as the school name is
printed by templates, escaped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from lessonpress.model.settings import LARGE_PRINT_PT, Settings
from lessonpress.render.linenumbers import number_css
from lessonpress.render.templating import Stylesheet

_PAPER = {"a4": "A4", "letter": "letter"}
#: The excerpts' line height, as a multiple of their text size.
EXCERPT_LINE = 1.41


def large_print(settings: Settings) -> Settings:
    """The settings of a large-print handout: text of at least ``LARGE_PRINT_PT`` points,
    and no word broken at a line end."""
    size = max(settings.font_size, LARGE_PRINT_PT)
    return dataclasses.replace(settings, font_size=size, hyphenate=False)


def excerpt_line_height(settings: Settings) -> float:
    """The excerpts' line height in points (line numbers are drawn to it)."""
    return round(settings.font_size * EXCERPT_LINE, 2)


def stylesheet(settings: Settings) -> str:
    """The CSS the settings stand for, line numbers included."""
    hyphens = "html { hyphens: auto; }\n" if settings.hyphenate else ""
    return (
        f"@page {{ size: {_PAPER[settings.paper]}; }}\n{hyphens}"
        f":root {{ --accent: {settings.theme.accent}; --muted: {settings.theme.muted}; "
        f"--font-size: {settings.font_size}pt; "
        f"--excerpt-line: {excerpt_line_height(settings)}pt; }}\n"
        + number_css(settings.line_numbers)
    )


def layered(files: Sequence[Stylesheet], settings: Settings) -> list[Stylesheet]:
    """The stylesheets a handout is rendered with: the first of ``files`` (the built-in
    ``handout.css`` or the workspace's), the settings', then the rest (``custom.css``)."""
    return [files[0], Stylesheet(stylesheet(settings), files[0].path), *files[1:]]
