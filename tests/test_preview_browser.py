"""The live preview in a real browser: headless Chromium sees a save without a manual reload.

Chromium is driven over the Chrome DevTools Protocol with a tiny WebSocket client (the
standard library has none). The test opens a document's preview page, marks the page's
JavaScript world, saves the YAML, and waits for the new text: the mark being gone proves
the page reloaded itself (we never navigate). A broken save then shows the Dutch error
in the page, and the next good save clears it.

Needs the Debian package ``chromium`` (``bash scripts/system-deps.sh chromium``).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import pipeline.templates
from pipeline.ui import Reporter
from pipeline.watch.deps import Layout
from pipeline.watch.server import PreviewServer
from pipeline.watch.watcher import Watcher
from tests.conftest import EXAMPLE, ROOT

LIMIT = 60.0  # a failure guard for slow machines, not a speed requirement
NAME = "Samen op de Rails – onderwijs & zorg op de boerderij"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium ontbreekt: bash scripts/system-deps.sh chromium")


class DevTools:
    """Just enough WebSocket (RFC 6455, text frames, client masking) to speak CDP to one page."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=LIMIT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert head.split(b"\r\n", 1)[0].split(b" ")[1] == b"101", head
        self.next_id = 0

    def close(self) -> None:
        self.sock.close()

    def _exactly(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            data += chunk
        return data

    def _send(self, text: str) -> None:
        payload = text.encode()
        mask = os.urandom(4)
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x81, 0x80 | size)
        elif size < 1 << 16:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, size)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, size)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _receive(self) -> str:
        message = b""
        while True:
            first, second = self._exactly(2)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._exactly(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._exactly(8))[0]
            payload = self._exactly(size)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the connection")
            if opcode in (0x9, 0xA):  # ping/pong: not used by Chromium's DevTools, skip
                continue
            message += payload
            if first & 0x80:
                return message.decode()

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self._receive())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply["result"]

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")


def save_atomically(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def page_text(page: DevTools) -> str:
    return page.evaluate("document.body ? document.body.innerText : ''") or ""


def wait_for(page: DevTools, wanted: str, *, present: bool = True) -> str:
    """The page's text once it shows (or no longer shows) ``wanted``: read in the same look, so a reload
    that starts right after cannot leave the caller an empty page."""
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        try:
            text = page_text(page)
            if (wanted in text) == present:
                return text
        except RuntimeError:  # evaluated while the page was being replaced: ask again
            pass
        time.sleep(0.1)
    pytest.fail(f"page {'never showed' if present else 'kept showing'} {wanted!r}:\n{page_text(page)[:2000]}")


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[PreviewServer, Path]]:
    """Watch mode with --serve on a private copy of the example."""
    shutil.copytree(EXAMPLE, tmp_path / "inputs" / "voorbeeld")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.setattr(pipeline.templates, "TEMPLATES", tmp_path / "templates")
    layout = Layout(tmp_path / "templates", inputs=tmp_path / "inputs")
    watcher = Watcher(layout, output_root=tmp_path / "build", out=Reporter(quiet=True))
    server = PreviewServer(watcher, 0)
    watcher.start()
    server.start()
    try:
        yield server, tmp_path / "inputs" / "voorbeeld" / "dossier.yaml"
    finally:
        server.stop()
        watcher.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Path]:
    """Headless Chromium with DevTools on a free port; yields its profile folder."""
    profile = tmp_path / "chromium-profiel"
    assert CHROMIUM is not None
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield profile
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # Chromium's own helper processes are in its group
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def open_page(profile: Path, url: str) -> DevTools:
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + LIMIT
    while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
        assert time.monotonic() < deadline, "Chromium did not start its DevTools server"
        time.sleep(0.05)
    port = int(port_file.read_text().splitlines()[0])
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=LIMIT) as response:
        targets = json.load(response)
    target = next(t for t in targets if t["type"] == "page")
    page = DevTools(target["webSocketDebuggerUrl"])
    page.call("Page.navigate", url=url)  # the only navigation this test ever asks for
    return page


def test_preview_updates_itself_after_a_save(preview: tuple[PreviewServer, Path], browser: Path) -> None:
    server, yaml = preview
    page = open_page(browser, server.url + "voorbeeld/projectplan")
    try:
        wait_for(page, NAME)
        good = yaml.read_text(encoding="utf-8")

        new_name = "Samen op de Rails – live bijgewerkt"
        page.evaluate("window.nietHerladen = true")
        save_atomically(yaml, good.replace(NAME, new_name))
        wait_for(page, new_name)
        assert page.evaluate("window.nietHerladen === undefined"), "the page changed without reloading?"

        page.evaluate("window.nietHerladen = true")
        save_atomically(yaml, good.replace("  soort: collectief\n", "  soort: collectief\n\tx: 1\n", 1))
        text = wait_for(page, "Bouwen mislukt")
        assert "dossier.yaml:" in text and "tab-teken" in text  # the located Dutch error
        assert new_name in text  # under it, the last good version
        assert page.evaluate("window.nietHerladen === undefined")

        save_atomically(yaml, good)
        wait_for(page, "Bouwen mislukt", present=False)
        wait_for(page, NAME)
    finally:
        page.close()
