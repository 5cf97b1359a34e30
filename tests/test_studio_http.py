"""The studio over plain HTTP: who may talk to it, what it serves, and that it writes
nothing a teacher saved meanwhile."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from studiorun import Running, copy_samples, studio

LESSON = "kirovabad-1988"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    root = copy_samples(tmp_path_factory.mktemp("studio") / "samples")
    with studio(root) as serving:
        yield serving


def test_the_address_is_printed_first_and_only_127_0_0_1_listens(running: Running) -> None:
    assert running.url.startswith(f"http://127.0.0.1:{running.port}/?token=")
    assert len(running.token) >= 40
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A"  # LISTEN
    ]
    assert f"0100007F:{running.port:04X}" in listening  # 127.0.0.1, not 0.0.0.0
    assert f"00000000:{running.port:04X}" not in listening


@pytest.mark.parametrize(
    "path", ["/", "/api/workspace", "/static/app.js", "/api/events", "/api/sources/x"]
)
def test_requests_without_the_token_are_refused(running: Running, path: str) -> None:
    status, _, body = running.request("GET", path)
    assert status == 403
    assert body == (
        b"lessonpress studio: refused: no valid access token: open the address "
        b"lessonpress studio printed\n"
    )
    wrong = running.request("GET", path, {"X-Studio-Token": running.token[:-1] + "x"})
    assert wrong[0] == 403
    assert running.request("GET", path + "?token=" + running.token)[0] == (
        303 if path == "/" else 403  # the token in the address opens the page only
    )


def test_the_token_sets_a_strict_cookie_that_opens_the_page(running: Running) -> None:
    status, headers, _ = running.request("GET", f"/?token={running.token}")
    assert status == 303 and headers["location"] == "/"
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"lessonpress-studio-{running.port}={running.token};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    sent = {"Cookie": f"lessonpress-studio-{running.port}={running.token}"}
    status, headers, body = running.request("GET", "/", sent)
    assert status == 200 and b'<script type="module" src="/static/app.js">' in body
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert running.request("GET", "/static/app.js", sent)[0] == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example:{port}"},  # DNS rebinding: a name resolving to 127.0.0.1
        {"Host": "127.0.0.1:1"},
        {"Host": "127.0.0.1"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:{other}"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_requests_from_another_host_or_origin_are_refused(
    running: Running, headers: dict[str, str]
) -> None:
    sent = {
        name: value.format(port=running.port, other=running.port + 1)
        for name, value in headers.items()
    }
    status, _, body = running.request(
        "GET", "/api/workspace", {"X-Studio-Token": running.token, **sent}
    )
    assert status == 403, body
    body_json = json.dumps({"source": "kirovabad-pogrom-wiki", "spans": [[1, 0, 20]]})
    status, _, _ = running.request(
        "POST",
        "/api/quote",
        {"X-Studio-Token": running.token, "Content-Type": "application/json", **sent},
        body_json.encode(),
    )
    assert status == 403


def test_its_own_origin_and_localhost_are_served(running: Running) -> None:
    own = {"Origin": f"http://127.0.0.1:{running.port}", "Sec-Fetch-Site": "same-origin"}
    assert running.api("GET", "/api/workspace", b"", **own)[0] == 200
    localhost = {"Host": f"localhost:{running.port}"}
    assert running.api("GET", "/api/workspace", b"", **localhost)[0] == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/static/..%2F..%2F..%2Fpyproject.toml", 404),
        ("/static/guard.py", 404),
        ("/api/sources/..%2F..%2Flessonpress.yaml", 404),
        ("/api/sources/%2Fetc%2Fpasswd", 404),
        ("/api/lessons/kirovabad-1988/pages/student/999", 404),
        ("/api/lessons/..%2F..%2Fetc/pdf/student", 404),
        ("/build/kirovabad-1988/kirovabad-1988-student.pdf", 404),
    ],
)
def test_only_the_workspace_pages_and_the_studio_assets_are_served(
    running: Running, path: str, status: int
) -> None:
    found, body = running.api("GET", path)
    assert found == status, body
    assert b"root:" not in body and b"[project]" not in body


def test_a_quote_by_selection_and_its_errors(running: Running) -> None:
    body = json.dumps({"source": "kirovabad-pogrom-wiki", "spans": [[3, 13, 50]]}).encode()
    status, data = running.api("POST", "/api/quote", body)
    assert status == 200
    assert json.loads(data)["quote"] == "[...] 23, martial law was declared in Kirovabad [...]"
    bad = json.dumps({"source": "kirovabad-pogrom-wiki", "spans": [[99, 0, 5]]}).encode()
    status, data = running.api("POST", "/api/quote", bad)
    assert status == 422
    assert json.loads(data) == {
        "error": "source 'kirovabad-pogrom-wiki' has no paragraph 99 (it has 8)",
        "hint": "select the passage again",
    }
    status, data = running.api("POST", "/api/quote", b"source=x", **{"Content-Type": "text/plain"})
    assert status == 400 and json.loads(data)["error"] == "the body must be JSON"


def test_nothing_is_written_over_a_file_saved_meanwhile(running: Running) -> None:
    path = running.root / "lessons" / f"{LESSON}.yaml"
    before = path.read_bytes()
    body = {
        "source": "kirovabad-pogrom-wiki",
        "spans": [[3, 13, 50]],
        "part": 1,
        "letter": "B",
        "digest": "0" * 64,  # what the page saw is not what is on disk
    }
    status, data = running.api(
        "POST", f"/api/lessons/{LESSON}/documents", json.dumps(body).encode()
    )
    assert status == 409
    answer = json.loads(data)
    assert answer["error"] == (
        f"lessons/{LESSON}.yaml changed on disk since the studio showed it (saved from your "
        "editor?); nothing was written"
    )
    assert path.read_bytes() == before


def test_a_taken_port_or_an_unknown_lesson_is_one_line(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        run = ws.run("studio", "--no-browser", "--port", str(port))
    assert run.code == 1
    assert run.err == (
        f"lessonpress: cannot listen on 127.0.0.1:{port}: Address already in use (choose "
        "another --port, or leave it out for any free one)\n"
    )
    run = ws.run("studio", "--no-browser", "nope")
    assert run.code == 2 and "lessonpress: no lesson 'nope'" in run.err
    assert "Traceback" not in run.err


def test_the_page_loads_nothing_from_elsewhere() -> None:
    static = Path(__file__).resolve().parent.parent / "src" / "lessonpress" / "studio" / "static"
    for path in static.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", ""), path.name
        assert "https://" not in text and "//cdn" not in text, path.name
        assert ".innerHTML" not in text and "insertAdjacentHTML" not in text, path.name


def test_saves_reach_the_page_as_server_sent_events(running: Running) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=30)
    try:
        connection.request(
            "GET",
            "/api/events",
            headers={"Host": f"127.0.0.1:{running.port}", "X-Studio-Token": running.token},
        )
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("content-type", "").startswith("text/event-stream")
        assert response.readline() == b"retry: 1000\n"
        source = running.root / "content" / "sources" / "kirovabad-pogrom-wiki.md"
        source.write_bytes(source.read_bytes())  # saved again, as an editor would
        lines = [response.readline() for _ in range(3)]
        while lines[0] == b"\n":
            lines = [*lines[1:], response.readline()]
    finally:
        connection.close()
    assert lines[0] == b"event: library\n"
    event = json.loads(lines[1].removeprefix(b"data: "))
    assert event == {"type": "library", "changed": ["content/sources/kirovabad-pogrom-wiki.md"]}
