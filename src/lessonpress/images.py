"""Images named in lesson Markdown: what they really are, and whether they are safe to embed.

The type comes from the file's content, not its name. Raster images are opened
with Pillow (which WeasyPrint uses too) and their size checked before any pixel
is decoded, so a decompression bomb is refused cheaply; then they are decoded
once, so a truncated or corrupt file is an error at ``check`` time, not a gap in
a printed handout. SVG is parsed (see :mod:`.svgcheck`) and refused if it refers
to anything but its own parts and ``data:`` images, declares entities or carries
scripts; the renderer's confined fetcher checks every image it serves again.
"""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

from .confine import MAX_RESOURCE_BYTES, OutsideError, read_inside, resolve_inside
from .svgcheck import BadSvg, check_svg

#: The most pixels an image may have (a 6000 x 6000 scan is 36 million).
MAX_PIXELS = 40_000_000
_RASTER = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
_KINDS = "PNG, JPEG, GIF, WebP or SVG"


#: How every font format the renderer reads starts: TrueType, OpenType, Apple TrueType,
#: WOFF, WOFF2 and TrueType collections (a font is served only if it starts so).
FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"wOFF", b"wOF2", b"ttcf")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")


class BadImage(ValueError):
    """An image that cannot or should not be embedded; the message completes "image '...' "."""


def image_type(data: bytes) -> str:
    """The MIME type of an image, once it is known to decode within the pixel limit.

    An SVG must also pass :func:`.svgcheck.check_svg`.
    """
    if looks_like_svg(data):
        try:
            check_svg(data)
        except BadSvg as exc:
            raise BadImage(str(exc)) from None
        return "image/svg+xml"
    from PIL import Image, ImageFile, UnidentifiedImageError  # noqa: PLC0415 - only with images

    # WeasyPrint tells Pillow to accept truncated images (it paints the rest grey); a
    # handout should rather say the file is broken, so this check does not.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in _RASTER:
                    raise BadImage(f"is a {image.format} image; use {_KINDS}")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise BadImage(
                        f"is {width:,} x {height:,} pixels; the limit is {MAX_PIXELS:,} pixels"
                    )
                image.load()
                return _RASTER[image.format]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage(f"has far too many pixels; the limit is {MAX_PIXELS:,}") from None
    except UnidentifiedImageError:
        raise BadImage(f"is not a {_KINDS} image") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadImage(f"cannot be read ({exc})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def looks_like_svg(data: bytes) -> bool:
    """Whether ``data`` starts the way an SVG file does."""
    head = data[:4096].lstrip()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in head


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
