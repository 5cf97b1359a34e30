"""Images named in lesson Markdown: what they really are, and whether they are safe to embed.

The type comes from the file's content, not its name. Raster images are checked
by :mod:`.raster` (size before pixels, then decoded once). SVG is parsed (see
:mod:`.svgcheck`) and refused if it refers to anything but its own parts and
``data:`` images, declares entities or carries scripts; the renderer's confined
fetcher checks every image it serves again.
"""

from __future__ import annotations

import base64
from pathlib import Path

from lessonpress.confine import MAX_RESOURCE_BYTES, OutsideError, read_inside, resolve_inside
from lessonpress.model.raster import BadImage, raster_type
from lessonpress.model.svgcheck import check_svg, looks_like_svg

#: How every font format the renderer reads starts: TrueType, OpenType, Apple TrueType,
#: WOFF, WOFF2 and TrueType collections (a font is served only if it starts so).
FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"wOFF", b"wOF2", b"ttcf")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")


def image_type(data: bytes) -> str:
    """The MIME type of an image, once it is known to decode within the pixel limit
    (a raster image) or to pass :func:`.svgcheck.check_svg` (an SVG); raises
    :class:`~.raster.BadImage` (:class:`~.svgcheck.BadSvg` for an SVG) if it does not."""
    if not looks_like_svg(data):
        return raster_type(data)
    check_svg(data)
    return "image/svg+xml"


def embed(name: str, base_dir: Path, roots: list[Path], read: set[Path]) -> str:
    """A workspace image as a ``data:`` URI, so the renderer never opens it itself.

    ``name`` is relative to ``base_dir`` and must stay inside ``roots``; the file is
    added to ``read``. Raises :class:`BadImage`, whose message completes "image 'NAME' ...".
    """
    try:
        path = resolve_inside(name, base_dir, roots)
        data = read_inside(path, roots, MAX_RESOURCE_BYTES, shown=name)
    except OutsideError as exc:
        raise BadImage(str(exc).removeprefix(f"'{name}' ")) from None
    read.add(path)
    return data_uri(data, image_type(data))


def data_uri(data: bytes, mime: str) -> str:
    """Encode ``data`` as a ``data:`` URI."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
