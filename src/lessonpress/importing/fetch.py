"""Fetching a web address for ``import URL``: the only place lessonpress opens the network.

Only ``http:`` and ``https:`` addresses are fetched, and a redirect may only lead to
another of them (never ``file:``, ``ftp:`` or ``data:``). The whole download is bounded
in time (:data:`TIMEOUT` seconds, including the wait for each byte) and in size
(:data:`LIMIT` bytes); past either, nothing is imported.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from lessonpress.errors import SourceImportError
from lessonpress.version import __version__

#: Seconds the whole download may take.
TIMEOUT = 20.0
#: Bytes a page or file may have.
LIMIT = 20_000_000
#: Redirects followed before giving up.
MAX_REDIRECTS = 5
_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: its bytes, the address they came from, and their type."""

    url: str  # the address asked for
    final_url: str  # after redirects
    data: bytes
    content_type: str  # e.g. "text/html" (no parameters), "" if the server said none
    charset: str | None
    timeout: float
    limit: int


def is_url(target: str) -> bool:
    """Whether ``target`` is written as a web address (any scheme but a drive letter)."""
    scheme = urlsplit(target).scheme
    return len(scheme) > 1 and "://" in target


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to ``http(s):`` addresses only, at most :data:`MAX_REDIRECTS`."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage
    ) -> Any:
        location = headers.get("Location") or headers.get("URI") or ""
        target = urljoin(req.full_url, location)
        if urlsplit(target).scheme.lower() not in _SCHEMES:
            raise SourceImportError(
                f"{req.full_url}: redirects to '{target}'; only http and https addresses are "
                "fetched (save the page in a browser and import the file instead)"
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    """An opener for http(s) only: no file:, ftp: or data: handlers at all."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _Redirects(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, timeout: float | None = None, limit: int | None = None) -> Fetched:
    """Download ``url`` (see the module doc); raises :class:`SourceImportError`."""
    timeout = TIMEOUT if timeout is None else timeout
    limit = LIMIT if limit is None else limit
    if urlsplit(url).scheme.lower() not in _SCHEMES:
        raise SourceImportError(
            f"{url}: only http and https addresses can be imported (for a file, give its path)"
        )
    request = urllib.request.Request(url, headers={"User-Agent": f"lessonpress/{__version__}"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            data = _read(response, url, time.monotonic() + timeout, limit)
            headers = response.headers
            final = response.geturl()
    except SourceImportError:
        raise
    except urllib.error.HTTPError as exc:
        raise SourceImportError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SourceImportError(f"{url}: could not be fetched ({_reason(exc)})") from None
    kind = headers.get_content_type() if headers.get("Content-Type") else ""
    return Fetched(url, final, data, kind, headers.get_content_charset(), timeout, limit)


def _read(response: Any, url: str, deadline: float, limit: int) -> bytes:
    """The body, in pieces, stopped past ``limit`` bytes or past ``deadline``."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_big(url, limit)
    chunks: list[bytes] = []
    size = 0
    read = getattr(response, "read1", response.read)  # what has arrived, not a full 64 KiB
    while chunk := read(65536):
        size += len(chunk)
        if size > limit:
            raise _too_big(url, limit)
        if time.monotonic() > deadline:
            raise SourceImportError(f"{url}: took longer than the time limit; nothing was imported")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(url: str, limit: int) -> SourceImportError:
    return SourceImportError(
        f"{url}: is larger than {limit:,} bytes, the limit; nothing was imported"
    )


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "no answer within the time limit"
    return str(reason) or type(reason).__name__
