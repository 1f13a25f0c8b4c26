"""Each fence against a family of hostile values, not one.

A fence tested with one unrelated name ("aanvaller.example") passes when it is loosened to "starts
with localhost": the name an attacker picks is the one next to the allowed ones. So each fence is
tested with values generated around what it allows: prefixes and suffixes, case, IDN and punycode,
IPv6 forms, trailing dots, ports (the preview's Host check); ``..``, absolute paths, encodings, NUL,
links out and link loops (the preview's files, and the attachments a dossier names). And each with
what it must let through, so a fence that refuses everything fails too.
"""

from __future__ import annotations

import http.client
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from pipeline.check.attachments import Refused, read_attachment
from pipeline.watch import server as server_module
from pipeline.watch.server import ALLOWED_HOSTS, PreviewServer, allowed_host, served_asset

PORTS = ("", ":8000", ":1", ":65535")


def _allowed_forms() -> Iterator[str]:
    """Every way a browser on this machine names the preview: the allowed names, in any case, with a port."""
    for name in sorted(ALLOWED_HOSTS):
        for form in (name, name.upper(), name.capitalize(), name.swapcase()):
            for port in PORTS:
                yield form + port
    yield "[127.0.0.1]:8000"  # brackets are taken off an address


def _hostile_forms() -> Iterator[str]:
    """Names next to the allowed ones that are another host (or none a browser would send for this one)."""
    for name in sorted(ALLOWED_HOSTS):
        yield from (f"{name}.", f"{name}..", f".{name}", f"{name}.example", f"{name}.nip.io", f"x{name}",
                    f"X{name}", f"{name}x", f"{name}X", f"{name}-", f"-{name}", f"{name}_x", f"a.{name}",
                    f"{name}%00", f"{name}\t", f"{name}/", f"{name}@evil.example", f"evil.example@{name}",
                    f"{name} evil.example", f"{name}:8000:1", f"{name}:8000.evil.example", f"{name[:-1]}",
                    f"{name}{name}", f"{name}:8000@evil.example")
        for port in PORTS:
            yield from (f"{name}.{port}", f"{name}.example{port}", f"{name}.localdomain{port}")
    yield from (
        "127.0.0.2", "127.1", "127.000.000.001", "0x7f.0.0.1", "2130706433", "0.0.0.0", "0", "::1", "[::1]",
        "[::1]:8000", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]:8000", "[0:0:0:0:0:0:0:1]", "[fe80::1%25lo]",
        # IDN: look-alikes (a Roman numeral, full width, a Cyrillic o) and punycode
        "ⅼocalhost", "locaⅼhost", "ｌｏｃａｌｈｏｓｔ", "xn--localhost-", "xn--lcalhost-9ya", "lоcalhost",
        "LOCALHOST.", "evil.example", "aanvaller.example:8000", "localhost.evil.example:8000",
    )


@pytest.mark.parametrize("host", list(_allowed_forms()))
def test_the_preview_answers_to_its_own_names_in_every_form(host: str) -> None:
    assert allowed_host(host)


@pytest.mark.parametrize("host", list(_hostile_forms()))
def test_the_preview_refuses_every_name_next_to_its_own(host: str) -> None:
    assert not allowed_host(host)


def test_a_request_without_a_host_is_a_local_tools() -> None:
    """HTTP/1.0 clients (curl -0, scripts) send no Host; the server listens on 127.0.0.1 only."""
    assert allowed_host(None) and allowed_host("")


class _NoDossiers:
    """A preview source with no dossiers: enough to see what the Host check lets reach the routing."""

    generation = 0
    stopping = False
    output_root = Path("/nonexistent")

    def dossiers(self) -> list[Path]:
        return []


def _status(port: int, host: str | None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", "/onbekend", skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_the_running_server_applies_the_check_to_each_form() -> None:
    """Through a real request: a refused name gets 421 before anything is looked up; an allowed one
    reaches the routing (404: no such dossier)."""
    srv = PreviewServer(_NoDossiers(), 0)  # type: ignore[arg-type]
    srv.start()
    try:
        port = srv.server_address[1]
        # a sample of each family: the check itself is tested with all of them above
        for host in ("localhost.example", "xlocalhost:8000", "127.0.0.1.", "[::1]:8000", "localhost:8000.evil.example",
                     "aanvaller.example"):
            assert _status(port, host) == 421, host
        for host in ("localhost", "LOCALHOST:8000", "127.0.0.1:1", None):
            assert _status(port, host) == 404, host
    finally:
        srv.stop()


# ------------------------------------------------------------------ the preview's files: template folders only


@pytest.fixture
def roots(tmp_path: Path) -> list[Path]:
    """A dossier's templates folder before the shipped one, with outside files next to them."""
    own = tmp_path / "inputs" / "x" / "templates"
    shipped = tmp_path / "templates"
    for root in (own, shipped):
        (root / "beeld").mkdir(parents=True)
        (root / "projectplan").mkdir()
        (root / "projectplan" / "projectplan.docx").write_bytes(b"PK")
    (own / "logo.png").write_bytes(b"\x89PNG eigen")
    (shipped / "logo.png").write_bytes(b"\x89PNG geleverd")
    (shipped / "stijl.css").write_text("body{}", encoding="utf-8")
    (shipped / "beeld" / "kop.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "geheim.png").write_bytes(b"\x89PNG buiten")
    (tmp_path / "inputs" / "x" / "dossier.yaml").write_text("geheim: ja\n", encoding="utf-8")
    return [own.resolve(), shipped.resolve()]


def test_what_a_stylesheet_uses_is_served_from_the_first_folder_that_has_it(roots: list[Path]) -> None:
    own, shipped = roots
    assert served_asset(roots, "logo.png") == own / "logo.png"  # the dossier's own shadows the shipped one
    assert served_asset(roots, "stijl.css") == shipped / "stijl.css"
    assert served_asset(roots, "beeld/kop.svg") == shipped / "beeld" / "kop.svg"
    assert served_asset(roots, "beeld/../stijl.css") == shipped / "stijl.css"  # stays inside: fine


def _escapes() -> Iterator[str]:
    """Names of files outside the template folders (the dossier's answers, a file next to them, the disk)."""
    for target in ("geheim.png", "inputs/x/dossier.yaml", "etc/passwd"):
        for depth in range(1, 5):
            yield "../" * depth + target
            yield "beeld/" + "../" * (depth + 1) + target
            yield "./" + "../" * depth + target
            yield ".//" + "..//" * depth + target
    yield from ("/etc/passwd", "//etc/passwd", str(Path("/etc/hostname")), "..", "../", ".", "", "/",
                "%2e%2e/geheim.png", "..%2fgeheim.png", "%2E%2E%2Fgeheim.png", "..\\geheim.png",
                "..%5cgeheim.png", "logo.png\x00.css", "\x00", "....//geheim.png", quote("../geheim.png"))


@pytest.mark.parametrize("relative", list(_escapes()))
def test_nothing_outside_the_template_folders_is_served(roots: list[Path], relative: str) -> None:
    assert served_asset(roots, relative) is None


@pytest.mark.parametrize("relative", ["projectplan/projectplan.docx", "projectplan", "beeld", "~$logo.png",
                                      ".logo.png", "logo.png~", "checklist/logo.png", "LOGO.PNG"])
def test_a_file_no_stylesheet_uses_is_not_served(roots: list[Path], relative: str) -> None:
    own, _ = roots
    for name in ("~$logo.png", ".logo.png", "logo.png~"):
        (own / name).write_bytes(b"\x89PNG")
    (own / "checklist").mkdir(exist_ok=True)
    (own / "checklist" / "logo.png").write_bytes(b"\x89PNG")
    assert served_asset(roots, relative) is None


def test_links_out_of_the_folder_and_link_loops_are_not_followed(roots: list[Path], tmp_path: Path) -> None:
    own, _ = roots
    (own / "uit.png").symlink_to(tmp_path / "geheim.png")  # a link to a file outside
    (own / "weg").symlink_to(tmp_path, target_is_directory=True)  # a folder link outside
    (own / "lus.png").symlink_to(own / "lus.png")  # a loop
    (own / "a.png").symlink_to(own / "b.png")
    (own / "b.png").symlink_to(own / "a.png")
    (own / "binnen.png").symlink_to(own / "logo.png")  # a link inside: fine
    for relative in ("uit.png", "weg/geheim.png", "lus.png", "a.png"):
        assert served_asset(roots, relative) is None, relative
    assert served_asset(roots, "binnen.png") == own / "logo.png"
    # out and back in names a file inside, which may be served: where a path leads decides, not its words
    assert served_asset(roots, "weg/inputs/x/templates/logo.png") == own / "logo.png"


def test_a_loop_in_the_dossiers_folder_falls_through_to_the_shipped_file(roots: list[Path]) -> None:
    own, shipped = roots
    (own / "stijl.css").symlink_to(own / "stijl.css")
    assert served_asset(roots, "stijl.css") == shipped / "stijl.css"


def test_a_fifo_or_a_device_is_not_served(roots: list[Path]) -> None:
    own, _ = roots
    os.mkfifo(own / "pijp.png")
    (own / "apparaat.png").symlink_to("/dev/zero")
    assert served_asset(roots, "pijp.png") is None
    assert served_asset(roots, "apparaat.png") is None


def test_the_handler_decodes_each_segment_once_before_the_fence(roots: list[Path], tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a real request: ``%2e%2e%2f`` is decoded to ``../`` (and refused), ``%252e`` only once."""
    dossier = tmp_path / "inputs" / "x"

    class _One(_NoDossiers):
        def dossiers(self) -> list[Path]:
            return [dossier]

    monkeypatch.setattr(server_module, "_served_roots", lambda d: roots if d == dossier else [])
    srv = PreviewServer(_One(), 0)  # type: ignore[arg-type]
    srv.start()
    try:
        port = srv.server_address[1]

        def get(path: str) -> tuple[int, bytes]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            connection.close()
            return response.status, body

        assert get("/x/logo.png") == (200, b"\x89PNG eigen")
        assert get("/x/beeld%2Fkop.svg")[0] == 200
        assert get("/x/beeld/kop.svg") == (200, b"<svg/>")  # a subfolder, as a stylesheet's url() names it
        status, headers, body = _get(port, "/x/logo.png")  # an image a stylesheet uses: shown, never a page
        assert headers["content-type"] == "image/png" and headers["content-length"] == str(len(body))
        assert headers["content-disposition"].startswith("attachment;")  # only a PDF or our HTML is inline
        assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
        assert headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        status, headers, _ = _get(port, "/x/stijl.css")
        assert (status, headers["content-type"]) == (200, "text/css; charset=utf-8")
        for path in ("/x/..%2Fgeheim.png", "/x/%2e%2e%2fgeheim.png", "/x/%2E%2E/geheim.png", "/x/..%2F..%2Fgeheim.png",
                     "/x/%252e%252e%252fgeheim.png", "/x/..%2Fdossier.yaml", "/x/%00", "/x/logo.png%00.css",
                     "/x/%2Fetc%2Fpasswd"):
            status, body = get(path)
            assert status == 404 and b"buiten" not in body and b"geheim: ja" not in body, path
    finally:
        srv.stop()


# ------------------------------------------------------------------ attachments: inside the dossier only


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs" / "x"
    (folder / "bijlagen").mkdir(parents=True)
    (folder / "bijlagen" / "advies.pdf").write_bytes(b"%PDF-1.7 advies")
    (tmp_path / "geheim.pdf").write_bytes(b"%PDF-1.7 buiten")
    (tmp_path / "inputs" / "ander").mkdir()
    (tmp_path / "inputs" / "ander" / "advies.pdf").write_bytes(b"%PDF-1.7 ander dossier")
    return folder


def test_an_attachment_inside_the_dossier_is_read_also_through_a_link_inside(dossier: Path) -> None:
    assert read_attachment(dossier, "bijlagen/advies.pdf") == b"%PDF-1.7 advies"
    assert read_attachment(dossier, "./bijlagen//advies.pdf") == b"%PDF-1.7 advies"
    assert read_attachment(dossier, "bijlagen/../bijlagen/advies.pdf") == b"%PDF-1.7 advies"
    (dossier / "kopie.pdf").symlink_to(dossier / "bijlagen" / "advies.pdf")
    assert read_attachment(dossier, "kopie.pdf") == b"%PDF-1.7 advies"


def _attachment_escapes() -> Iterator[str]:
    for target in ("geheim.pdf", "inputs/ander/advies.pdf", "ander/advies.pdf"):
        for depth in range(1, 5):
            yield "../" * depth + target
            yield "bijlagen/" + "../" * (depth + 1) + target
    yield from ("/etc/passwd", "//etc/passwd", "..", ".", "", "bijlagen", "bijlagen/", "advies.pdf\x00",
                "\x00", "bijlagen/niet-er.pdf")


@pytest.mark.parametrize("path", list(_attachment_escapes()))
def test_an_attachment_outside_the_dossier_or_no_file_is_refused(dossier: Path, path: str) -> None:
    with pytest.raises(Refused):
        read_attachment(dossier, path)


def test_links_out_of_the_dossier_and_loops_are_refused(dossier: Path, tmp_path: Path) -> None:
    (dossier / "uit.pdf").symlink_to(tmp_path / "geheim.pdf")
    (dossier / "weg").symlink_to(tmp_path, target_is_directory=True)
    (dossier / "lus.pdf").symlink_to(dossier / "lus.pdf")
    (dossier / "pijp.pdf").parent.mkdir(exist_ok=True)
    os.mkfifo(dossier / "pijp.pdf")
    (dossier / "nul.pdf").symlink_to("/dev/zero")
    for path in ("uit.pdf", "weg/geheim.pdf", "lus.pdf", "pijp.pdf", "nul.pdf"):
        with pytest.raises(Refused):
            read_attachment(dossier, path)


# ------------------------------------------------------------------ the preview's outputs: the documents' names only


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A running preview of one dossier ``x`` whose build folder holds its outputs and files that are none
    (one server for the module's tests: starting and stopping one costs half a second)."""
    from pipeline.paths import output_folder

    tmp_path = tmp_path_factory.mktemp("uitvoer")
    dossier = tmp_path / "inputs" / "x"
    dossier.mkdir(parents=True)

    from pipeline.watch.watcher import DossierState

    class _Built(_NoDossiers):
        output_root = tmp_path / "build"
        generation = 3

        def dossiers(self) -> list[Path]:
            return [dossier]

        def state(self, _: Path) -> DossierState:
            return DossierState(generation=3, pages={"projectplan": "<html><body>PAGINA</body></html>"})

        _stop = False

        @property
        def stopping(self) -> bool:  # true once, after a wait: an event stream with nothing new then ends
            stop, _Built._stop = _Built._stop, False
            return stop

        def wait_for_generation(self, seen: int, timeout: float) -> int:
            _Built._stop = True
            return seen

    out = output_folder(dossier, _Built.output_root)
    out.mkdir(parents=True)
    (out / "projectplan.pdf").write_bytes(b"%PDF projectplan")
    (out / "checklist.html").write_text("<p>checklist</p>", encoding="utf-8")
    (out / "x-aanvraag.zip").write_bytes(b"PK zip")
    (out / ".dossier-cache.json").write_text("{}", encoding="utf-8")
    (out / "geheim.pdf").write_bytes(b"%PDF geheim")
    srv = PreviewServer(_Built(), 0)  # type: ignore[arg-type]
    srv.start()
    try:
        yield srv.server_address[1], out
    finally:
        srv.stop()


def _get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    connection.close()
    return response.status, headers, body


def test_only_the_documents_and_the_checklist_are_served_from_the_build(outputs: tuple[int, Path]) -> None:
    port, _ = outputs
    status, headers, body = _get(port, "/x/projectplan.pdf")
    assert (status, body) == (200, b"%PDF projectplan") and headers["content-length"] == str(len(body))
    assert headers["content-type"] == "application/pdf" and headers["content-disposition"].startswith("inline;")
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    assert headers["content-security-policy"].startswith("default-src 'none'")
    status, headers, body = _get(port, "/x/checklist.html")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-disposition"].startswith("inline;")
    for path in ("/x/x-aanvraag.zip", "/x/.dossier-cache.json", "/x/geheim.pdf", "/x/PROJECTPLAN.PDF",
                 "/x/./projectplan.pdf/..", "/x/aanvraaggegevens.pdf",  # not built: 404
                 "/x/projectplan.docx"):
        status, _, body = _get(port, path)
        assert status == 404 and b"%PDF" not in body and b"PK" not in body and b"{}" not in body, path


def test_a_dossier_is_found_by_its_exact_name_only(outputs: tuple[int, Path]) -> None:
    port, _ = outputs
    for name in ("X", "x.", "x%00", " x", "x ", ".", "..", "inputs", "x\\", "%2578", "xx", "x%2F"):
        status, _, body = _get(port, f"/{quote(name, safe='%')}/projectplan.pdf")
        assert status == 404 and b"%PDF" not in body, name
    assert _get(port, "/x/projectplan.pdf")[0] == 200
    assert _get(port, "/%78/projectplan.pdf")[0] == 200  # one decoding: %78 is x


def test_the_preview_routes_a_document_page_and_the_event_stream(outputs: tuple[int, Path]) -> None:
    port, _ = outputs
    status, headers, body = _get(port, "/x/projectplan")
    assert status == 200 and b"PAGINA" in body and headers["content-type"] == "text/html; charset=utf-8"
    status, _, body = _get(port, "/_events?gen=1&dossier=x")  # rebuilt (3) since the page's batch (1)
    assert status == 200 and b"event: herbouwd" in body and b'["x"]' in body
    status, _, body = _get(port, "/_events?gen=3&dossier=x")  # nothing newer than what the page shows
    assert status == 200 and b"herbouwd" not in body and b"nog steeds aan het kijken" in body
    assert _get(port, "/x/projectplan/extra")[0] == 404  # not a page: an asset, and there is none


def test_the_served_roots_are_the_dossiers_templates_and_the_shipped_ones(tmp_path: Path) -> None:
    from pipeline.templates import TEMPLATES

    dossier = tmp_path / "inputs" / "x"
    (dossier / "templates").mkdir(parents=True)
    assert server_module._served_roots(dossier) == [(dossier / "templates").resolve(), TEMPLATES.resolve()]
    (dossier / "templates").rmdir()
    (dossier / "templates").symlink_to("/", target_is_directory=True)  # refused: only the shipped ones
    assert server_module._served_roots(dossier) == [TEMPLATES.resolve()]


def test_the_dossier_alone_leads_back_to_the_index(outputs: tuple[int, Path]) -> None:
    port, _ = outputs
    status, headers, _ = _get(port, "/x")
    assert status == 303 and headers["location"] == "/"
    status, _, body = _get(port, "/onbekend/projectplan.pdf")
    assert status == 404 and "dossier ‘onbekend’ onbekend".encode() in body


@pytest.mark.parametrize("name", [
    "a\r\nSet-Cookie: x=1.pdf", 'a"b.pdf', "a\\b.pdf", "ë.pdf", "a;b=c.pdf", "", "日本.pdf"])
def test_a_file_name_never_reaches_the_header_raw(name: str) -> None:
    value = server_module._filename_parameters(name)
    ascii_part = value.split('filename="', 1)[1].split('"', 1)[0]
    assert all(c.isascii() and (c.isalnum() or c in "._ -") for c in ascii_part) and ascii_part
    assert "\r" not in value and "\n" not in value and value.count('"') == 2
    assert value.endswith("filename*=UTF-8''" + quote(name, safe=""))
    assert server_module._filename_parameters("Projectplan v2.pdf") == (
        "filename=\"Projectplan v2.pdf\"; filename*=UTF-8''Projectplan%20v2.pdf")
    assert server_module._filename_parameters("ë/x.pdf") == "filename=\"__x.pdf\"; filename*=UTF-8''%C3%AB%2Fx.pdf"
    assert server_module._filename_parameters("") == "filename=\"bestand\"; filename*=UTF-8''"
