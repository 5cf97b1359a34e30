"""QR codes of source addresses, printed beside source notes (the ``source_qr`` setting).

A student with a phone can open the source a document was quoted from. The code is made
by segno (a well-kept, pure-Python QR encoder, ISO/IEC 18004) as an SVG of paths, with
medium error correction so a crease or a copier's smudge still scans, and embedded as a
``data:`` image: vector on the page, nothing fetched, the same bytes on every build.
"""

from __future__ import annotations

import io

import segno

from lessonpress.model.images import data_uri


def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG ``data:`` URI (black modules, four modules of margin)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=4, xmldecl=False, svgclass=None, lineclass=None)
    return data_uri(out.getvalue(), "image/svg+xml")
