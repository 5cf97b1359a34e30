"""A handout's pages as pictures for the browser: PDF pages to PNG with PDFium.

PDFium is not safe to call from two threads at once, so every call holds one lock. The
pictures of the pages on screen are kept (a few dozen at most); a new render of a
handout replaces them.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict

import pypdfium2 as pdfium

#: Pixels per PDF point: 110 dpi, sharp beside the text on a laptop screen.
SCALE = 110 / 72
_KEPT = 48  # pictures kept, the most recently shown


class PageImages:
    """Page counts and PNG pictures of PDFs, cached by a key naming the render."""

    def __init__(self) -> None:
        self._pdfium = threading.Lock()  # held while drawing
        self._kept = threading.Lock()  # held only to look up or keep a picture
        self._pictures: OrderedDict[tuple[str, int], bytes] = OrderedDict()

    def count(self, pdf: bytes) -> int:
        """The number of pages of ``pdf``."""
        with self._pdfium:
            document = pdfium.PdfDocument(pdf)
            try:
                return len(document)
            finally:
                document.close()

    def png(self, key: str, pdf: bytes, index: int) -> bytes:
        """Page ``index`` (from 0) of ``pdf`` as PNG; ``key`` names this render of it. A
        picture already drawn never waits for another being drawn."""
        found = self._kept_picture((key, index))
        if found is None:
            with self._pdfium:
                found = self._kept_picture((key, index)) or _render(pdf, index)
            with self._kept:
                self._pictures[(key, index)] = found
                while len(self._pictures) > _KEPT:
                    self._pictures.popitem(last=False)
        return found

    def _kept_picture(self, key: tuple[str, int]) -> bytes | None:
        with self._kept:
            found = self._pictures.get(key)
            if found is not None:
                self._pictures.move_to_end(key)
            return found


def _render(pdf: bytes, index: int) -> bytes:
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[index].render(scale=SCALE)
        image = bitmap.to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)  # fast: the picture crosses no network
    return out.getvalue()
