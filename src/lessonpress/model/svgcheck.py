"""SVG images that refer only to themselves: checked before anything renders them.

An SVG is XML that can name other files (``href``, ``xlink:href``, ``<use>``,
``url()`` in its styles), declare entities that expand to gigabytes or read
files, carry scripts and stylesheets. A logo or a map in a shared workspace
may only draw: :func:`check_svg` parses it with expat (which never fetches
anything) and refuses every reference that is not a part of the same SVG
(``#id``) or a ``data:`` image, itself checked the same way. Each refusal names
the line of the SVG where it was found.
"""

from __future__ import annotations

import base64
import re
from typing import NoReturn
from urllib.parse import unquote_to_bytes
from xml.parsers import expat

from lessonpress.model.raster import BadImage, raster_type

#: How deep ``data:`` SVGs may nest inside each other.
MAX_NESTING = 4
_ONLY_OWN = "an SVG may refer only to its own parts, #id, or to data: images"
_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))""", re.IGNORECASE)
_IMPORT_RE = re.compile(r"@import", re.IGNORECASE)
_REFERRING = ("href", "src")
_FORBIDDEN = {
    "script": "an SVG may not run scripts",
    "foreignobject": "HTML inside an SVG is not allowed",
    "iframe": "an SVG may not embed pages",
    "embed": "an SVG may not embed other files",
    "object": "an SVG may not embed other files",
}


class BadSvg(BadImage):
    """An SVG that refers outside itself or cannot be read; the message starts "line N: "."""


def check_svg(data: bytes, depth: int = 0) -> None:
    """Raise :class:`BadSvg` unless ``data`` is well-formed XML that refers only to itself."""
    _Checker(depth).run(data)


def shown_reference(value: str) -> str:
    """A reference as a message quotes it: a ``data:`` address is described, not printed."""
    value = value.strip()
    if value[:5].lower() == "data:":
        mime = value[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
        if mime == "image/svg+xml":
            return "an SVG given as a data: address"
        return f"a data: address ({mime or 'text/plain'}, {len(value):,} characters)"
    shown = value if len(value) <= 120 else value[:117] + "..."
    return f"'{shown}'"


def decode_data_uri(value: str) -> tuple[str, bytes]:
    """The MIME type and bytes of a ``data:`` URI (raises :class:`ValueError` if malformed)."""
    head, comma, body = value.strip()[5:].partition(",")
    if not comma:
        raise ValueError("a data: address without a comma")
    params = [p.strip().lower() for p in head.split(";")]
    mime = params[0] or "text/plain"
    raw = unquote_to_bytes(body)
    if "base64" in params[1:]:
        return mime, base64.b64decode(re.sub(rb"\s+", b"", raw), validate=True)
    return mime, raw


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].lower()


class _Checker:
    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.parser = expat.ParserCreate()
        self.style_depth = 0
        self.style_text: list[str] = []
        self.style_line = 0
        self.parser_line: int | None = None  # where CSS being checked is, if not expat's line
        parser = self.parser
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.EntityDeclHandler = self._entity
        parser.UnparsedEntityDeclHandler = self._entity
        parser.NotationDeclHandler = self._entity
        parser.AttlistDeclHandler = self._attlist
        parser.ExternalEntityRefHandler = self._external
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text

    def run(self, data: bytes) -> None:
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as exc:
            line = exc.lineno
            message = expat.errors.messages.get(exc.code, str(exc))
            raise BadSvg(f"line {line}: is not well-formed SVG ({message})") from None
        except RecursionError:
            raise BadSvg("is nested too deeply to be read") from None

    def fail(self, message: str) -> NoReturn:
        line = self.parser_line or self.parser.CurrentLineNumber
        raise BadSvg(f"line {line}: {message}")

    def _attlist(self, element: str, attribute: str, *_: object) -> None:
        self.fail(f"declares a default for '{attribute}' (an SVG may not declare defaults)")

    def _entity(self, name: str, *_: object) -> None:
        self.fail(f"declares the entity '{name}' (an SVG may not declare entities)")

    def _external(
        self, context: str, base: str | None, sysid: str | None, pubid: str | None
    ) -> int:
        self.fail(f"refers to the external entity {shown_reference(sysid or '')} ({_ONLY_OWN})")
        return 0

    def _instruction(self, target: str, data: str) -> None:
        self.fail(f"has the processing instruction '<?{target} ...?>' (not allowed in an SVG)")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local in _FORBIDDEN:
            self.fail(f"has a <{name}> element ({_FORBIDDEN[local]})")
        for attribute, value in attributes.items():
            kind = _local(attribute)
            if kind in _REFERRING:
                self._reference(value, use=local == "use")
            elif kind == "attributename" and _local(value) in _REFERRING:
                self.fail(f"<{name}> changes '{value}' (an SVG may not change its references)")
            if "url(" in value.lower() or "@import" in value.lower():
                self._css(value, self.parser.CurrentLineNumber)
        if local == "style":
            self.style_depth += 1
            self.style_line = self.parser.CurrentLineNumber

    def _end(self, name: str) -> None:
        if _local(name) == "style" and self.style_depth:
            self.style_depth -= 1
            self._css("".join(self.style_text), self.style_line)
            self.style_text = []

    def _text(self, text: str) -> None:
        if self.style_depth:
            self.style_text.append(text)

    def _css(self, text: str, line: int) -> None:
        """Check CSS text that starts on ``line``; a refusal names the line of the rule."""
        found = _IMPORT_RE.search(text)
        if found:
            self.parser_line = line + text.count("\n", 0, found.start())
            self.fail("its style has '@import' (an SVG may not load stylesheets)")
        for match in _URL_RE.finditer(text):
            self.parser_line = line + text.count("\n", 0, match.start())
            self._reference(next(g for g in match.groups() if g is not None))
        self.parser_line = None

    def _reference(self, value: str, *, use: bool = False) -> None:
        target = value.strip()
        if target.startswith("#"):
            return
        if use:
            self.fail(f"<use> refers to {shown_reference(target)} (<use> may only name #id)")
        if target[:11].lower() != "data:image/":
            self.fail(f"refers to {shown_reference(target)} ({_ONLY_OWN})")
        self._data_image(target)

    def _data_image(self, target: str) -> None:
        shown = shown_reference(target)
        try:
            mime, data = decode_data_uri(target)
        except ValueError as exc:
            self.fail(f"{shown} cannot be decoded ({exc})")
        if mime == "image/svg+xml" or looks_like_svg(data):
            if self.depth >= MAX_NESTING:
                self.fail(f"{shown} nests SVGs more than {MAX_NESTING} deep")
            try:
                check_svg(data, self.depth + 1)
            except BadSvg as exc:
                self.fail(f"{shown}, {exc}")
            return
        try:
            raster_type(data)
        except BadImage as exc:
            self.fail(f"{shown} {exc}")


def looks_like_svg(data: bytes) -> bool:
    """Whether ``data`` starts the way an SVG file does."""
    head = data[:4096].lstrip()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in head
