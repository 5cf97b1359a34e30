"""The only way WeasyPrint can read anything: a confined URL fetcher.

WeasyPrint asks its URL fetcher for every stylesheet, font and image. This one
serves ``data:`` URIs and ``file:`` URLs whose resolved path lies inside the
workspace or the lessonpress package, and refuses everything else (``http:``,
``https:``, ``ftp:``, ``file:`` elsewhere). Files are read with a size limit and
what is served is checked by content, for what the renderer will do with it: an
image must be a PNG, JPEG, GIF or WebP within the pixel limit or an SVG that
refers only to itself (:mod:`.images`), a font must start like a TrueType,
OpenType, WOFF or WOFF2 font, a stylesheet must be text. ``data:`` resources are
decoded and checked the same way. Refusals are fatal to the render and are kept
in :attr:`ConfinedFetcher.refused` so the error can name them.

Importing this module imports WeasyPrint; only the render step does.
"""

from __future__ import annotations

import mimetypes
import sys
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Literal
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from lessonpress.confine import MAX_RESOURCE_BYTES, OutsideError, check_inside, read_inside
from lessonpress.model.images import FONT_SIGNATURES, FONT_SUFFIXES, image_type
from lessonpress.model.raster import BadImage
from lessonpress.model.svgcheck import decode_data_uri, shown_reference
from lessonpress.render.cssguard import check_stylesheet

Kind = Literal["font", "stylesheet", "image"]
#: The most stylesheets one render may load through ``@import`` and ``<link>``.
MAX_STYLESHEETS = 32
# Which part of WeasyPrint asks decides what a resource must be (``weasyprint`` itself
# is the CSS class, loading linked and imported stylesheets); anything else (images,
# an SVG's <image> and <use>, attachments) must be an image.
_ASKERS: dict[str, Kind] = {
    "weasyprint": "stylesheet",
    "weasyprint.css": "stylesheet",
    "weasyprint.text.fonts": "font",
}


@dataclass(frozen=True)
class _Checked:
    """Why a resource may not be served (``None``: it may), and its type if known."""

    problem: str | None = None
    mime: str | None = None


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serve ``data:`` and files under ``roots``, each checked by content; refuse the rest."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(fail_on_errors=True, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []
        self.served: list[Path] = []  # every file handed to the renderer
        self.stylesheets = 0  # loaded by @import or <link>

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Return the resource at ``url`` or raise (WeasyPrint then stops the render)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return self._data(url, _asker())
        if scheme == "file":
            return self._file(url, _asker())
        return self._refuse(url, "network access is not allowed; use a file inside the workspace")

    def _data(self, url: str, asker: Kind | None) -> URLFetcherResponse:
        try:
            mime, data = decode_data_uri(url)
        except ValueError as exc:
            return self._refuse(url, f"it cannot be decoded ({exc})")
        kind = asker or _by_content(data, mime)
        checked = self._check(data, kind, "it")
        if checked.problem is not None:
            return self._refuse(url, checked.problem)
        return URLFetcherResponse(url, data, {"Content-Type": checked.mime or mime})

    def _file(self, url: str, asker: Kind | None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return self._refuse(url, "files on other machines are not allowed")
        try:
            path = check_inside(Path(url2pathname(parts.path)), self.roots)
            data = read_inside(path, self.roots, MAX_RESOURCE_BYTES)
        except OutsideError as exc:
            return self._refuse(url, str(exc))
        kind = asker or _by_content(data, path.name)
        checked = self._check(data, kind, f"'{self._shown(path)}'")
        if checked.problem is not None:
            return self._refuse(url, checked.problem)
        self.served.append(path)
        mime = checked.mime or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime})

    def _check(self, data: bytes, kind: Kind, name: str) -> _Checked:
        """Whether ``data`` may be served as a ``kind`` (named ``name`` in messages)."""
        if kind == "font":
            if data.startswith(FONT_SIGNATURES):
                return _Checked()
            return _Checked(f"{name} is not a font (use a TrueType, OpenType, WOFF or WOFF2 file)")
        if kind == "stylesheet":
            return _Checked(self._stylesheet(data, name))
        try:
            return _Checked(mime=image_type(data))  # the type its content shows
        except BadImage as exc:
            return _Checked(f"{exc}" if name == "it" else f"image {name} {exc}")

    def _stylesheet(self, data: bytes, name: str) -> str | None:
        self.stylesheets += 1
        if self.stylesheets > MAX_STYLESHEETS:
            return (
                f"{name} would be stylesheet number {self.stylesheets}; the limit is "
                f"{MAX_STYLESHEETS} (does a stylesheet @import itself?)"
            )
        if b"\x00" in data:
            return f"{name} is not a stylesheet (it is not text)"
        deep = check_stylesheet(data.decode("utf-8", "replace"))
        return None if deep is None else f"{name}:{deep}"

    def _shown(self, path: Path) -> str:
        """``path`` relative to the workspace (the first root), else as it is."""
        root = self.roots[0]
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    def _refuse(self, url: str, reason: str) -> URLFetcherResponse:
        self.refused.append(f"refused to load {shown_reference(url)}: {reason}")
        raise PermissionError(reason)


def _asker() -> Kind | None:
    """What the part of WeasyPrint asking for a resource will make of it (``None``: not
    asked by WeasyPrint, so judged by content)."""
    frame: FrameType | None = sys._getframe(2)
    for _ in range(12):
        if frame is None:
            break
        module = str(frame.f_globals.get("__name__", ""))
        if module.partition(".")[0] == "weasyprint" and module != "weasyprint.urls":
            return _ASKERS.get(module, "image")
        frame = frame.f_back
    return None


def _by_content(data: bytes, hint: str) -> Kind:
    """What a resource not asked for by WeasyPrint is: by its name or MIME type, else by
    its content."""
    mime = hint if "/" in hint else (mimetypes.guess_type(hint)[0] or "")
    if mime.startswith("image/"):
        return "image"
    if mime.startswith("font/") or hint.lower().endswith(FONT_SUFFIXES):
        return "font"
    if data.startswith(FONT_SIGNATURES):
        return "font"
    try:
        image_type(data)
    except BadImage:
        return "stylesheet" if b"\x00" not in data else "image"
    return "image"
