"""The preview server runs on the applicant's machine next to their browser: it must serve the
documents and nothing else, to this machine only, and run no script but its own.

Each test is an attack from SECURITY.md's threat model (a dossier or template folder from
someone else, a web page the applicant has open) against a running preview.
"""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import pipeline.watch.server as server_module
from pipeline.watch.server import PreviewServer
from tests.test_watch import LIMIT, Session, pool, session  # noqa: F401  (fixtures)


@pytest.fixture
def server(session: Session) -> Iterator[PreviewServer]:  # noqa: F811
    srv = PreviewServer(session.watcher, 0)
    srv.start()
    yield srv
    srv.stop()


def _request(srv: PreviewServer, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=LIMIT)
    connection.putrequest("GET", path, skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    connection.close()
    return response.status, headers, body


def test_another_host_name_is_refused_dns_rebinding(server: PreviewServer) -> None:
    port = server.server_address[1]
    status, _, body = _request(server, "/voorbeeld/projectplan", host=f"aanvaller.example:{port}")
    assert status == 421 and b"Projectplan" not in body
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        status, _, body = _request(server, "/voorbeeld/projectplan", host=host)
        assert status == 200 and b"Projectplan" in body


def test_a_templates_link_to_the_root_does_not_serve_the_disk(session: Session, server: PreviewServer) -> None:  # noqa: F811
    own = session.dossier / "templates"
    if own.exists():
        own.rmdir()
    own.symlink_to("/", target_is_directory=True)
    for path in ("/voorbeeld/etc/passwd", "/voorbeeld/etc/hostname", "/voorbeeld/..%2F..%2Fetc%2Fpasswd"):
        status, _, body = _request(server, path)
        assert status == 404, path
        assert b"root:" not in body


def test_only_files_a_stylesheet_can_use_are_served_and_only_regular_ones(
    session: Session, server: PreviewServer  # noqa: F811
) -> None:
    own = session.dossier / "templates"
    own.mkdir(exist_ok=True)
    (own / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (own / "notities.txt").write_text("geheim", encoding="utf-8")
    os.mkfifo(own / "pijp.png")
    status, _headers, body = _request(server, "/voorbeeld/logo.png")
    assert status == 200 and body.startswith(b"\x89PNG")  # what a stylesheet may use is served
    assert _request(server, "/voorbeeld/notities.txt")[0] == 404  # other files are not
    started = time.monotonic()
    assert _request(server, "/voorbeeld/pijp.png")[0] == 404  # a FIFO is not opened at all
    assert time.monotonic() - started < 5


def test_pages_allow_the_reload_script_and_nothing_else(server: PreviewServer) -> None:
    status, headers, body = _request(server, "/voorbeeld/projectplan")
    assert status == 200
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    page = body.decode("utf-8")
    assert page.count(f'nonce="{nonce}"') == 1 and page.count("<script") == 1  # only the reload script
    assert headers["x-content-type-options"] == "nosniff"
    again = _request(server, "/voorbeeld/projectplan")[1]["content-security-policy"]
    assert again != policy  # a fresh nonce per response
    checklist = _request(server, "/voorbeeld/checklist.html")
    assert checklist[0] == 200 and "script-src" not in checklist[1]["content-security-policy"]
    # the preview's 'controlelijst' link shows the checklist in the browser instead of downloading it
    assert checklist[1]["content-disposition"].startswith("inline;")
    assert checklist[1]["content-type"] == "text/html; charset=utf-8" and b"<svg" in checklist[2]


def test_a_file_name_cannot_inject_response_headers(session: Session, server: PreviewServer) -> None:  # noqa: F811
    own = session.dossier / "templates"
    own.mkdir(exist_ok=True)
    name = "x\r\nSet-Cookie: sessie=gestolen\r\nX-Test: y.png"
    (own / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    status, headers, _ = _request(server, "/voorbeeld/" + urllib.request.quote(name))
    assert status == 200
    assert "set-cookie" not in headers and "x-test" not in headers
    assert "\r" not in headers["content-disposition"] and "\n" not in headers["content-disposition"]


def test_idle_connections_are_capped_and_closed(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """500 idle sockets once gave 509 threads: now at most the cap, the rest are turned away."""
    monkeypatch.setattr(server_module, "MAX_CONNECTIONS", 8)
    monkeypatch.setattr(server_module._Handler, "timeout", 3.0)
    srv = PreviewServer(session.watcher, 0)
    srv.start()
    before = threading.active_count()
    sockets = []
    try:
        for _ in range(40):  # connect and say nothing, as a slow-loris client does
            sockets.append(socket.create_connection(("127.0.0.1", srv.server_address[1]), timeout=LIMIT))
        time.sleep(0.5)
        assert threading.active_count() - before <= 8 + 1  # the cap, plus the server's own thread
        answers = []
        for s in sockets:
            s.settimeout(LIMIT)
            answers.append(s.recv(64))  # 503 at once, or closed by the server after the idle timeout
        turned_away = sum(a.startswith(b"HTTP/1.0 503") for a in answers)
        assert turned_away >= 30, answers
        assert all(a == b"" for a in answers if not a.startswith(b"HTTP/1.0 503"))  # idle ones were closed
        time.sleep(0.3)
        assert threading.active_count() - before <= 1
        status, _, _ = _request(srv, "/voorbeeld/projectplan")
        assert status == 200  # and it still serves
    finally:
        for s in sockets:
            s.close()
        srv.stop()


def test_a_templates_link_to_the_root_is_a_clear_error_not_a_walk_over_the_disk(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import shutil

    from pipeline.cli import run
    from tests.conftest import EXAMPLE

    folder = tmp_path / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, folder)
    (folder / "templates").symlink_to("/", target_is_directory=True)
    for command in (["build", str(folder), "-o", str(tmp_path / "build")], ["templates", "check", str(folder)]):
        started = time.monotonic()
        code = run(command)
        output = capsys.readouterr()
        assert code == 1, command
        assert time.monotonic() - started < 10  # nothing below / was read
        assert f"{folder / 'templates'} verwijst naar /: dat kan geen sjabloonmap zijn" in output.err
        assert "Traceback" not in output.err
