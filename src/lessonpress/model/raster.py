"""Raster images (PNG, JPEG, GIF, WebP): their type, once they decode within the pixel limit.

Opened with Pillow (which WeasyPrint uses too) and their size checked before any
pixel is decoded, so a decompression bomb is refused cheaply; then decoded once, so
a truncated or corrupt file is an error at ``check`` time, not a gap in a handout.
"""

from __future__ import annotations

import io
import warnings

from lessonpress.errors import Refused

#: The most pixels an image may have (a 6000 x 6000 scan is 36 million).
MAX_PIXELS = 40_000_000
_RASTER = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
KINDS = "PNG, JPEG, GIF, WebP or SVG"


class BadImage(Refused):
    """An image that cannot or should not be embedded; the message completes "image '...' "."""


def raster_type(data: bytes) -> str:
    """The MIME type of a raster image; raises :class:`BadImage` if it is none or too big."""
    from PIL import Image, ImageFile, UnidentifiedImageError  # noqa: PLC0415 - only with images

    # WeasyPrint tells Pillow to accept truncated images (it paints the rest grey); a
    # handout should rather say the file is broken, so this check does not.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in _RASTER:
                    raise BadImage(f"is a {image.format} image; use {KINDS}")
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
        raise BadImage(f"is not a {KINDS} image") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadImage(f"cannot be read ({exc})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
