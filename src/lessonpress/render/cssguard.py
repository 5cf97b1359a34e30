"""Stylesheets the renderer can parse without running out of stack.

tinycss2 parses nested blocks and functions recursively and cssselect2 compiles
selectors to Python expressions, so a shared ``custom.css`` of 100,000 ``{`` or
``(`` would crash the render with a ``RecursionError`` or a ``SyntaxError``.
:func:`check_stylesheet` finds such a stylesheet first, by a linear scan, and says
where it goes too deep. A stylesheet of a million selectors takes WeasyPrint
half a minute per handout, so blocks and selectors are counted too. And a size of
``1e30px`` or a million columns makes Pango or the layout crash or run for
minutes, so numbers are bounded: no handout needs one above 10,000.
"""

from __future__ import annotations

import re

#: How deep blocks, functions and brackets may nest in a stylesheet.
MAX_NESTING = 32
#: The most blocks (``{ ... }``), and the most selectors, a stylesheet may have.
MAX_BLOCKS = 10_000
MAX_SELECTORS = 10_000
#: The most ``var()`` one custom property may expand to.
MAX_VARIABLES = 1_000
_CUSTOM_RE = re.compile(r"--([-\w]+)\s*:([^;}]*)")
_VAR_RE = re.compile(r"var\(\s*--([-\w]+)")
#: The largest number (of any unit) a stylesheet may use.
MAX_NUMBER = 10_000
_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_WORD_RE = re.compile(r"[#@]?[-\w]*")
_OPEN = "{(["
_CLOSE = "})]"


def check_stylesheet(text: str) -> str | None:
    """``"LINE:COLUMN: message"`` where ``text`` nests more than :data:`MAX_NESTING` deep,
    has more than :data:`MAX_BLOCKS` blocks or :data:`MAX_SELECTORS` selectors, or a
    number above :data:`MAX_NUMBER`; ``None`` if it has none of these."""
    return _Scanner(text).run() or _check_variables(text)


def _check_variables(text: str) -> str | None:
    """Custom properties that expand to too many ``var()`` (each doubling the last)."""
    refs = {m[1]: _VAR_RE.findall(m[2]) for m in _CUSTOM_RE.finditer(text)}
    sizes: dict[str, int] = {}
    for root in refs:
        _size(root, refs, sizes)
        if sizes[root] > MAX_VARIABLES:
            line = text.count("\n", 0, text.find(f"--{root}")) + 1
            return (
                f"{line}: the custom property --{root} expands to more than "
                f"{MAX_VARIABLES:,} var() (custom properties using each other twice or more)"
            )
    return None


def _size(root: str, refs: dict[str, list[str]], sizes: dict[str, int]) -> None:
    """Record in ``sizes`` how many ``var()`` each property reached from ``root`` expands
    to (capped just above the limit; a loop counts once). Iterative: chains may be long."""
    stack = [(root, iter(refs[root]))]
    path, counts = {root}, {root: 1}
    while stack:
        name, todo = stack[-1]
        ref = next(todo, None)
        if ref is None:
            stack.pop()
            path.discard(name)
            sizes[name] = min(counts.pop(name), MAX_VARIABLES + 1)
            if stack:
                counts[stack[-1][0]] += sizes[name]
        elif ref in sizes or ref in path or ref not in refs:
            counts[name] += sizes.get(ref, 1)
        else:
            stack.append((ref, iter(refs[ref])))
            path.add(ref)
            counts[ref] = 1


class _TooMuch(Exception):
    pass


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.depth, self.line, self.start, self.blocks, self.selectors = 0, 1, 0, 0, 1

    def run(self) -> str | None:
        index, text = 0, self.text
        try:
            while index < len(text):
                index = self.step(text[index], index)
        except _TooMuch as exc:
            return f"{self.line}:{index - self.start + 1}: {exc}"
        return None

    def step(self, char: str, index: int) -> int:
        """Look at the token starting at ``index``; the index after it."""
        text = self.text
        if char == "\n":
            self.line, self.start = self.line + 1, index + 1
        elif char == "/" and text.startswith("/*", index):
            end = text.find("*/", index + 2)
            end = len(text) if end < 0 else end + 2
            self.line += text.count("\n", index, end)
            self.start = max(self.start, text.rfind("\n", index, end) + 1)
            return end
        elif char in "\"'":
            return _string_end(text, index)
        elif char == "\\":
            return index + 2
        elif char.isdigit() or (char in ".+-" and text[index + 1 : index + 2].isdigit()):
            return self.number(index)
        elif char.isalpha() or char in "#@_-":
            return self.word(index)
        else:
            self.punctuation(char)
        return index + 1

    def number(self, index: int) -> int:
        number = _NUMBER_RE.match(self.text, index)
        assert number is not None
        if abs(float(number[0])) > MAX_NUMBER:
            raise _TooMuch(f"the number {number[0]} is too large (at most {MAX_NUMBER:,})")
        return number.end()

    def word(self, index: int) -> int:
        """Skip a name, a hash (``#9e99ff``) or an unquoted ``url(...)``: digits in them
        are not numbers."""
        word = _WORD_RE.match(self.text, index)
        assert word is not None
        if word[0].lower() == "url" and self.text.startswith("(", word.end()):
            close = self.text.find(")", word.end())
            return len(self.text) if close < 0 else close + 1
        return max(word.end(), index + 1)

    def punctuation(self, char: str) -> None:
        if char == "," and self.depth == 0:
            self.selectors += 1
            if self.selectors > MAX_SELECTORS:
                raise _TooMuch(f"more than {MAX_SELECTORS:,} selectors")
        elif char in _OPEN:
            if char == "{":
                self.blocks += 1
                self.selectors += 1
                if self.blocks > MAX_BLOCKS:
                    raise _TooMuch(f"more than {MAX_BLOCKS:,} blocks {{ }}")
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise _TooMuch(f"blocks, brackets or functions nested more than {MAX_NESTING} deep")
        elif char in _CLOSE and self.depth:
            self.depth -= 1


def _string_end(text: str, index: int) -> int:
    """The index after the string starting at ``index`` (CSS strings end at a newline too)."""
    quote, index = text[index], index + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char in (quote, "\n"):
            return index + (char == quote)
        index += 1
    return index
