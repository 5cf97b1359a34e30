"""Running ``lessonpress studio`` for the tests: a process on a copy of a workspace, its
address and token, and a headless Chromium (Debian's, driven by chromium-driver)."""

from __future__ import annotations

import http.client
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

REPO = Path(__file__).resolve().parent.parent
LESSONPRESS = str(Path(sys.executable).parent / "lessonpress")
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def copy_samples(folder: Path) -> Path:
    """The repository's sample workspace, copied into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("lessons", "content", "templates", "lessonpress.yaml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    return folder


@dataclass
class Running:
    """A studio being served."""

    root: Path
    url: str
    process: subprocess.Popen[str]
    errors: list[str]

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 0

    @property
    def token(self) -> str:
        return self.url.split("token=", 1)[1]

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        """One plain HTTP request to the studio: status, headers (lower-case), body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            found = {name.lower(): value for name, value in response.getheaders()}
            return response.status, found, response.read()
        finally:
            connection.close()

    def api(self, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[int, bytes]:
        """A request carrying the token, as the page's would (JSON body if any)."""
        sent = {"X-Studio-Token": self.token, **headers}
        if body:
            sent.setdefault("Content-Type", "application/json")
        status, _, data = self.request(method, path, sent, body)
        return status, data


@contextmanager
def studio(root: Path, *args: str) -> Iterator[Running]:
    """``lessonpress studio --no-browser`` on ``root`` until the block ends (then Ctrl-C,
    which must stop it cleanly)."""
    process = subprocess.Popen(
        [LESSONPRESS, "--root", str(root), "studio", "--no-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    errors: list[str] = []
    readers = [
        threading.Thread(target=_pump, args=(process.stdout, lines.put), daemon=True),
        threading.Thread(target=_pump, args=(process.stderr, errors.append), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        url = lines.get(timeout=60).strip()
    except queue.Empty:
        process.kill()
        raise AssertionError(f"the studio printed no address: {''.join(errors)}") from None
    running = Running(root, url, process, errors)
    try:
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError("Ctrl-C did not stop the studio within 20 s") from None
        for reader in readers:
            reader.join(timeout=5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        assert code == 0, "".join(errors)
        assert "lessonpress studio: stopped" in "".join(errors)


def _pump(stream: IO[str] | None, put: Callable[[str], object]) -> None:
    for line in stream or ():
        put(line)


def chrome() -> WebDriver:
    """A headless Chromium, 1400x950, driven by Selenium through Debian's chromium-driver."""
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    assert not missing, f"missing {missing}: run scripts/setup test (apt: chromium chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,950",
        "--no-first-run",
        "--disable-background-networking",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
