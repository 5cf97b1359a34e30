"""Who may talk to the studio: a page it served, on this machine, holding its token.

The studio listens on 127.0.0.1 only, but a web page from anywhere, open in the same
browser, can still send requests to it, and a site whose name resolves to 127.0.0.1 (DNS
rebinding) can even read the answers. So every request must:

- name the studio itself in ``Host`` (``127.0.0.1:PORT`` or ``localhost:PORT``): a
  rebound name is refused;
- come from the studio's own page when it says where from (``Origin``, and
  ``Sec-Fetch-Site`` where the browser sends it): another site is refused;
- carry the random token printed with the address: in the address once (``?token=``,
  which sets a cookie and is then dropped from the address bar), then in that cookie
  (HttpOnly, SameSite=Strict) or an ``X-Studio-Token`` header. Compared in constant time.

Refusals are plain ``403`` answers saying why, and nothing else is read or done.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_HEADER = "x-studio-token"
#: Security headers on every answer: the page may load only its own scripts, styles and
#: images; no frame may hold it; no address leaves it as a referrer.
HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; frame-src 'self'; object-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
}


@dataclass(frozen=True)
class Access:
    """The studio's address and token."""

    port: int
    token: str

    @classmethod
    def new(cls, port: int) -> Access:
        """A fresh random token (32 bytes) for a studio on ``port``."""
        return cls(port, secrets.token_urlsafe(32))

    @property
    def cookie(self) -> str:
        """The cookie's name: one per port, so two studios do not mix their tokens."""
        return f"lessonpress-studio-{self.port}"

    @property
    def hosts(self) -> frozenset[str]:
        """The ``Host`` values that name this studio."""
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    @property
    def origins(self) -> frozenset[str]:
        """The ``Origin`` values of the studio's own page."""
        return frozenset(f"http://{host}" for host in self.hosts)

    @property
    def url(self) -> str:
        """The address to open, token included."""
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def refusal(self, scope: Scope) -> str | None:
        """Why the request of ``scope`` is refused, or ``None`` if it may go on."""
        headers = _headers(scope)
        if headers.get("host") not in self.hosts:
            return "this address is not the studio's (only 127.0.0.1 and localhost are)"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return "requests from other sites are refused"
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "requests from other sites are refused"
        if not self.holds_token(scope, headers):
            return "no valid access token: open the address lessonpress studio printed"
        return None

    def holds_token(self, scope: Scope, headers: dict[str, str]) -> bool:
        """Whether the request carries the token (cookie, header, or ``?token=`` on ``/``)."""
        offered = [headers.get(TOKEN_HEADER, "")]
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:
            cookie = SimpleCookie()
        if self.cookie in cookie:
            offered.append(cookie[self.cookie].value)
        if scope.get("path") == "/":
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            offered += query.get("token", [])
        return any(secrets.compare_digest(value, self.token) for value in offered if value)


def _headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in scope.get("headers", [])
    }


class Guard:
    """ASGI middleware: refuses what :meth:`Access.refusal` refuses, adds :data:`HEADERS`."""

    def __init__(self, app: ASGIApp, access: Access) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self.access.refusal(scope)
        if refused is not None:
            await _refuse(send, refused)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name.encode(), value.encode())
                    for name, value in HEADERS.items()
                    if name.encode() not in names
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(send: Send, reason: str) -> None:
    body = f"lessonpress studio: refused: {reason}\n".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    headers += [(name.encode(), value.encode()) for name, value in HEADERS.items()]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": body})
