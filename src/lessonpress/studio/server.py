"""The studio's web server: its routes, served by uvicorn on 127.0.0.1 only.

Every route is listed in :func:`routes`; nothing else is served. Files come from two
places only: the studio's own assets (``static/``, read once, by name) and what the
public API returns for the workspace (page pictures, PDFs, a source's paragraphs).
Lesson and source ids are looked up by the API, which refuses any it does not know.
Every answer is JSON (or a picture or PDF); errors a teacher can cause come back as
``{"error", "hint"}`` with a 4xx status, anything else as a one-line 500 (the traceback
goes to the terminal, never to the page).

Updates reach the page as server-sent events on ``/api/events``: one ``lesson`` event
per new state of a lesson, one ``library`` event per batch of saved files.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

import lessonpress
from lessonpress.studio.engine import HANDOUTS, Engine
from lessonpress.studio.guard import Access, Guard

Handler = Callable[[Request], Awaitable[Response]]
_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
}
HEARTBEAT_S = 15.0  # a comment line on the event stream, so a dead page is noticed


def static_files() -> dict[str, tuple[bytes, str]]:
    """The studio's assets, by file name: bytes and content type."""
    folder = resources.files("lessonpress.studio") / "static"
    return {
        item.name: (item.read_bytes(), _TYPES[Path(item.name).suffix] + "; charset=utf-8")
        for item in folder.iterdir()
        if Path(item.name).suffix in _TYPES
    }


class Broadcast:
    """Hands events from the engine's thread to every open event stream."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.listeners: set[asyncio.Queue[dict[str, Any] | None]] = set()

    def publish(self, event: dict[str, Any]) -> None:
        """Called from any thread."""
        if self.loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closing
                self.loop.call_soon_threadsafe(self._put, event)

    def _put(self, event: dict[str, Any] | None) -> None:
        for listener in list(self.listeners):
            listener.put_nowait(event)

    def close(self) -> None:
        """End every event stream (on shutdown)."""
        self._put(None)


class Studio:
    """The application: the engine, the workspace's API, the routes."""

    def __init__(self, root: Path, access: Access, jobs: int) -> None:
        self.root = root
        self.access = access
        self.broadcast = Broadcast()
        self.engine = Engine(root, jobs, self.broadcast.publish)
        self.assets = static_files()

    def app(self) -> Guard:
        """The ASGI application, every request through the guard."""
        return Guard(Starlette(routes=self.routes(), lifespan=self._lifespan), self.access)

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.broadcast.loop = asyncio.get_running_loop()
        yield
        self.broadcast.close()

    def routes(self) -> list[Route]:
        """Everything the studio serves."""
        return [
            Route("/", self.index),
            Route("/static/{name}", self.asset),
            Route("/api/workspace", _answer(self.workspace)),
            Route("/api/view", _answer(self.view), methods=["POST"]),
            Route("/api/lessons", _answer(self.new_lesson), methods=["POST"]),
            Route("/api/lessons/{lesson}/pages/{handout}/{page:int}", self.page),
            Route("/api/lessons/{lesson}/pdf/{handout}", self.pdf),
            Route("/api/lessons/{lesson}/documents", _answer(self.add), methods=["POST"]),
            Route("/api/sources", _answer(self.new_source), methods=["POST"]),
            # "Import a source" (lessonpress import, issue 17) adds its route here, beside
            # new_source, calling the public API's import; the library view has its button.
            Route("/api/sources/{source}", _answer(self.source)),
            Route("/api/sources/{source}/find", _answer(self.find)),
            Route("/api/quote", _answer(self.quote), methods=["POST"]),
            Route("/api/events", self.events),
        ]

    async def index(self, request: Request) -> Response:
        """The page; opened with ``?token=``, it sets the cookie and drops the token."""
        if "token" in request.query_params:
            response: Response = RedirectResponse("/", status_code=303)
            response.set_cookie(
                self.access.cookie, self.access.token, httponly=True, samesite="strict"
            )
            return response
        body, kind = self.assets["index.html"]
        return Response(body, media_type=kind)

    async def asset(self, request: Request) -> Response:
        """One of the studio's own files, by name (nothing else)."""
        found = self.assets.get(request.path_params["name"])
        if found is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(found[0], media_type=found[1])

    def _workspace(self) -> lessonpress.Workspace:
        return lessonpress.open_workspace(self.root)

    def workspace(self, request: Request) -> dict[str, Any]:
        """The library: lessons and sources as ``lessons`` and ``sources`` list them."""
        workspace = self._workspace()
        return {
            "name": self.root.name,
            "lessons": workspace.lessons().as_dicts(),
            "sources": workspace.sources().as_dicts(),
        }

    def view(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """The page shows a handout of a lesson: its state (rendered if need be)."""
        lesson = self._lesson_id(_text(body, "lesson"))
        return self.engine.view(lesson, _text(body, "handout"))

    def _lesson_id(self, lesson: str) -> str:
        (lesson_id, _), *_ = self._workspace().select([lesson]).items()
        return lesson_id

    async def page(self, request: Request) -> Response:
        """A page of a lesson's handout as PNG."""
        params = request.path_params
        png = await run_in_threadpool(
            self.engine.page, params["lesson"], params["handout"], params["page"]
        )
        if png is None:
            return Response("no such page", status_code=404, media_type="text/plain")
        # The address names the render (?g=), so a picture never changes: the browser may keep it.
        cache = {"cache-control": "private, max-age=3600, immutable"}
        return Response(png, media_type="image/png", headers=cache)

    async def pdf(self, request: Request) -> Response:
        """A lesson's handout as PDF (the last good one), to print."""
        lesson, handout = request.path_params["lesson"], request.path_params["handout"]
        data = self.engine.pdf(lesson, handout)
        if data is None or handout not in HANDOUTS:
            return Response("not rendered yet", status_code=404, media_type="text/plain")
        disposition = f'inline; filename="{lesson}-{handout}.pdf"'
        # Not the page's policy: object-src 'none' or a sandbox would keep the browser's PDF
        # viewer from showing it. Framing it elsewhere stays refused.
        headers = {
            "content-disposition": disposition,
            "content-security-policy": "frame-ancestors 'none'",
        }
        return Response(data, media_type="application/pdf", headers=headers)

    def source(self, request: Request) -> dict[str, Any]:
        """A source's paragraphs and what its note says."""
        found = self._workspace().source_text(request.path_params["source"])
        return {
            "id": found.id,
            "title": found.title,
            "perspective": found.perspective,
            "language": found.language,
            "license": found.license,
            "excerpted": found.excerpted,
            "paragraphs": found.paragraphs,
        }

    def find(self, request: Request) -> dict[str, Any]:
        """The passages of a source holding some words, as ``lessonpress find`` finds them."""
        words = request.query_params.get("words", "")
        found = self._workspace().find(request.path_params["source"], words)
        return {
            "exact": found.exact,
            "passages": [{"paragraph": p.paragraph, "text": p.text} for p in found.passages],
        }

    def quote(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """The quote the selected spans make (shown before it is written)."""
        selected = self._workspace().quote_from_selection(_text(body, "source"), _spans(body))
        return {
            "quote": selected.quote,
            "paragraphs": selected.paragraphs,
            "words": selected.words,
            "notes": selected.notes,
        }

    def add(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """Write the quote of the selected spans into the lesson as Document A/B of a part."""
        workspace = self._workspace()
        source = _text(body, "source")
        selected = workspace.quote_from_selection(source, _spans(body))
        part = body.get("part")
        if part is not None and (not isinstance(part, int) or isinstance(part, bool)):
            raise _BadRequest("part must be a number or null")
        written = workspace.add_document(
            request.path_params["lesson"],
            source,
            selected.quote,
            part=part,
            letter=_text(body, "letter"),
            expected_digest=_text(body, "digest"),
        )
        return {
            "path": str(written.path.relative_to(self.root)),
            "digest": written.digest,
            "part": written.part,
            "letter": written.letter,
            "replaced": written.replaced,
            "review": written.review,
            "quote": selected.quote,
        }

    def new_lesson(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """Write a lesson skeleton (as ``lessonpress new lesson``)."""
        path = self._workspace().new_lesson(_text(body, "name"))
        return {"id": path.stem, "path": str(path.relative_to(self.root))}

    def new_source(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """Write a source skeleton (as ``lessonpress new source``)."""
        path = self._workspace().new_source(_text(body, "name"))
        return {"id": path.stem, "path": str(path.relative_to(self.root))}

    async def events(self, request: Request) -> Response:
        """Server-sent events: each new state of a lesson, each batch of saved files."""
        listener: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.broadcast.listeners.add(listener)

        async def stream() -> AsyncIterator[str]:
            try:
                yield "retry: 1000\n\n"
                while True:
                    try:
                        event = await asyncio.wait_for(listener.get(), HEARTBEAT_S)
                    except TimeoutError:
                        yield ": still here\n\n"
                        continue
                    if event is None:
                        return
                    yield f"event: {event['type']}\ndata: {json.dumps(event)}\n\n"
            finally:
                self.broadcast.listeners.discard(listener)

        headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


class _BadRequest(Exception):
    """A request the page would never send (a field missing or of the wrong kind)."""


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        raise _BadRequest(f"{key} must be text")
    return value


def _spans(body: dict[str, Any]) -> list[lessonpress.Span]:
    """``spans`` of a request: ``[[paragraph, start, end], ...]``, whole numbers."""
    spans = body.get("spans")
    if not isinstance(spans, list) or not spans or len(spans) > 100:
        raise _BadRequest("spans must be a list of 1 to 100 [paragraph, start, end]")
    found = []
    for span in spans:
        numbers = span if isinstance(span, list) and len(span) == 3 else None
        if numbers is None or not all(type(n) is int for n in numbers):
            raise _BadRequest("each span must be [paragraph, start, end]")
        found.append(lessonpress.Span(*numbers))
    return found


def _answer(
    handler: Callable[..., dict[str, Any]],
) -> Handler:
    """A JSON route around ``handler(request)`` or, for POST, ``handler(request, body)``,
    run in a thread; errors become ``{"error", "hint"}`` answers, never a traceback."""

    async def route(request: Request) -> Response:
        try:
            if request.method == "POST":
                body = await _json(request)
                return JSONResponse(await run_in_threadpool(handler, request, body))
            return JSONResponse(await run_in_threadpool(handler, request))
        except Exception as exc:  # every failure is an answer the page can show
            return _failure(exc)

    return route


def _failure(exc: Exception) -> JSONResponse:
    """The answer for a failed request: what a teacher can act on, with a hint; for a bug,
    one line (the traceback goes to the terminal)."""
    statuses = (
        (_BadRequest, 400),
        (lessonpress.SelectionError, 404),
        (lessonpress.EditConflict, 409),
        (lessonpress.LessonpressError, 422),
    )
    status = next((code for kind, code in statuses if isinstance(exc, kind)), 500)
    message, hint = str(exc), getattr(exc, "hint", None)
    if isinstance(exc, lessonpress.InputError):
        message = "; ".join(p.format() for p in exc.problems)
    elif isinstance(exc, lessonpress.Refused | lessonpress.EditConflict):
        message = exc.message
    elif status == 500:
        traceback.print_exc()
        message, hint = f"internal error: {type(exc).__name__}: {exc}", "see the terminal"
    return _error(status, message, hint if isinstance(hint, str) else None)


async def _json(request: Request) -> dict[str, Any]:
    """The JSON body of a POST, which must say it is JSON (so no plain form can send it)."""
    if request.headers.get("content-type", "").split(";")[0] != "application/json":
        raise _BadRequest("the body must be JSON")
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise _BadRequest("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise _BadRequest("the body must be a JSON object")
    return body


def _error(status: int, message: str, hint: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "hint": hint}, status_code=status)


def listen(port: int) -> socket.socket:
    """A socket listening on 127.0.0.1 (never another address) at ``port`` (0: any free
    port); :class:`OSError` if it is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
    except OSError:
        sock.close()
        raise
    return sock


def serve(studio: Studio, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Serve ``studio`` on ``sock`` until Ctrl-C (or SIGTERM); ``on_ready`` is called once
    it answers. The render workers start first (they are forked before any thread)."""
    config = uvicorn.Config(
        studio.app(),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    server = _Server(config, on_ready, studio.broadcast.close)
    studio.engine.start()
    # uvicorn handles Ctrl-C and SIGTERM while it serves, then raises them again for the
    # handlers it found: those of the command line would announce a build stopping.
    found = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    for number in found:
        signal.signal(number, _ignore)
    try:
        server.run(sockets=[sock])
    finally:
        studio.broadcast.close()
        studio.engine.stop()
        for number, handler in found.items():
            signal.signal(number, handler)


def _ignore(number: int, frame: object) -> None:
    """A signal uvicorn already acted on."""


class _Server(uvicorn.Server):
    """uvicorn's server, telling when it answers and ending the event streams first when
    it stops (they would otherwise hold it for its grace period)."""

    def __init__(
        self, config: uvicorn.Config, on_ready: Callable[[], None], on_stop: Callable[[], None]
    ) -> None:
        super().__init__(config)
        self._on_ready = on_ready
        self._on_stop = on_stop

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        if self.started:
            self._on_ready()

    async def shutdown(self, sockets: Any = None) -> None:
        self._on_stop()
        await super().shutdown(sockets)
