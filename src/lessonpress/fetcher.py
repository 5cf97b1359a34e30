"""The only way WeasyPrint can read anything: a confined URL fetcher.

WeasyPrint asks its URL fetcher for every stylesheet, font and image. This one
serves ``data:`` URIs and ``file:`` URLs whose resolved path lies inside the
workspace or the lessonpress package, and refuses everything else (``http:``,
``https:``, ``ftp:``, ``file:`` elsewhere). Refusals are fatal to the render
and are kept in :attr:`ConfinedFetcher.refused` so the error can name them.

Importing this module imports WeasyPrint; only the render step does.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from .confine import OutsideError, check_inside


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serve ``data:`` and files under ``roots``; refuse the rest."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(fail_on_errors=True, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []
        self.served: list[Path] = []  # every file handed to the renderer

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Return the resource at ``url`` or raise (WeasyPrint then stops the render)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._file(url)
        return self._refuse(url, "network access is not allowed; use a file inside the workspace")

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return self._refuse(url, "files on other machines are not allowed")
        try:
            path = check_inside(Path(url2pathname(parts.path)), self.roots)
        except OutsideError as exc:
            return self._refuse(url, str(exc))
        self.served.append(path)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    def _refuse(self, url: str, reason: str) -> URLFetcherResponse:
        shown = url if len(url) < 120 else url[:117] + "..."
        self.refused.append(f"refused to load '{shown}': {reason}")
        raise PermissionError(reason)
