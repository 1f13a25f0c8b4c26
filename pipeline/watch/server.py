"""``dossier watch --serve``: a local preview of every document that reloads itself.

Standard library only (``http.server``), bound to 127.0.0.1: answers can hold personal
data, so nothing listens beyond this machine. Per document the page is the very HTML that
feeds the PDF (handed in as ``PreviewSource.render_page``) with a small script added that listens
to server-sent events and reloads when the build thread finished a batch touching this
dossier. Pages wait for a running build to finish, so nobody sees half a build, and when
the last build failed they show its Dutch error above the last good version.
"""

from __future__ import annotations

import contextlib
import errno
import html
import json
import mimetypes
import re
import secrets
import stat
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

from pipeline.documents import BY_ID, DOCUMENTEN, Document, documents_for
from pipeline.exceptions import DossierError, TemplateProblem
from pipeline.paths import CHECKLIST_HTML, CHECKLIST_PDF, Places, display_path, output_folder
from pipeline.read.validate import LoadedDossier
from pipeline.templates import TEMPLATES, role, template_dirs
from pipeline.watch.watcher import DossierState

HOST = "127.0.0.1"
EVENTS = "/_events"
CHECKLIST_NAMES = (CHECKLIST_HTML, CHECKLIST_PDF)
OUTPUT_NAMES = frozenset([*(d.bestand(fmt) for d in DOCUMENTEN for fmt in ("docx", "pdf")), *CHECKLIST_NAMES])
PRIVACY = "PRIV-"  # privacy findings come first and stand out: pupil data must never be sent
KEEPALIVE = 15.0  # seconds between SSE comments, so a closed tab is noticed
IDLE_TIMEOUT = 20.0  # a connection that sends no request in this time is closed
MAX_CONNECTIONS = 64  # open connections at once (each is a thread); more get 503
ALLOWED_HOSTS = frozenset({"127.0.0.1", "localhost"})  # a rebinding DNS name is refused
# The tool's own reload script (by nonce) and nothing else runs; nothing outside is reached.
CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
       "connect-src 'self'; script-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
IDLE_WAIT = 10.0  # longest a page request waits for a running build

_NONCE_MARK = "\x00nonce\x00"  # replaced per response by the nonce the CSP allows
_RELOAD_SCRIPT = """<script nonce="\x00nonce\x00">
(function () {{
  var events = new EventSource({url});
  events.addEventListener("herbouwd", function () {{ events.close(); location.reload(); }});
}})();
</script>"""

_ERROR_BOX = """<div id="dossier-fout" style="position:sticky;top:0;z-index:1000;margin:0 0 1em;\
padding:.8em 1em;background:#fff0f0;border:2px solid #c00;color:#600;font:14px/1.4 sans-serif">
<strong>Bouwen mislukt</strong> — u ziet de laatste goede versie.
<pre style="white-space:pre-wrap;margin:.5em 0 0;font:13px/1.4 monospace">{errors}</pre></div>"""


class PreviewSource(Protocol):
    """What the preview server is handed: the current results of the one build, a way to
    wait for the next ones, and the build's own page function. It reads nothing else."""

    output_root: Path

    @property
    def generation(self) -> int: ...

    @property
    def stopping(self) -> bool: ...

    def dossiers(self) -> list[Path]: ...

    def state(self, dossier: Path) -> DossierState: ...

    def wait_for_generation(self, seen: int, timeout: float) -> int: ...

    def wait_idle(self, timeout: float) -> None: ...

    def render_page(self, loaded: LoadedDossier, document_id: str) -> str: ...


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server; request threads are daemons so Ctrl-C never waits for a browser."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # accept a burst (a browser opens several) so the cap, not the backlog, decides

    def __init__(self, source: PreviewSource, port: int) -> None:
        self.source = source
        self.closing = False
        self.serving = False
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DossierError(f"poort {port} is al in gebruik; kies een andere met --port") from None
            raise DossierError(f"kan de voorbeeldserver niet starten op poort {port} ({exc.strerror})") from None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def start(self) -> None:
        """Serve from a daemon thread (so Ctrl-C never waits for it)."""
        self.serving = True
        threading.Thread(target=self.serve_forever, name="dossier-preview", daemon=True).start()

    def stop(self) -> None:
        """Stop serving (shutdown() would wait forever if serving never started) and free the port."""
        self.closing = True
        if self.serving:
            self.shutdown()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser closing a tab mid-response is normal, not worth a traceback."""

    def process_request(self, request: Any, client_address: Any) -> None:
        """At most ``MAX_CONNECTIONS`` at once: idle sockets must not pile up threads."""
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.0"  # one response per connection; event streams just stay open
    timeout = IDLE_TIMEOUT  # socket timeout while reading a request: idle connections end

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal belongs to the rebuild lines."""

    # ------------------------------------------------------------------ routing

    def do_GET(self) -> None:
        if not allowed_host(self.headers.get("Host")):  # DNS rebinding: another site's name pointing here
            self._refuse(HTTPStatus.MISDIRECTED_REQUEST, "alleen via 127.0.0.1 of localhost")
            return
        url = urlsplit(self.path)
        parts = [unquote(p) for p in url.path.split("/") if p]
        query = parse_qs(url.query)
        try:
            if not parts:
                self._index()
            elif parts == [EVENTS.strip("/")]:
                self._events(query)
            elif (dossier := self._dossier(parts[0])) is None:
                self._not_found(f"dossier ‘{parts[0]}’ onbekend")
            elif len(parts) == 1:
                self._redirect("/")
            elif len(parts) == 2 and parts[1] in BY_ID:
                self._preview(dossier, BY_ID[parts[1]])
            elif len(parts) == 2 and parts[1] in OUTPUT_NAMES:
                self._output(dossier, parts[1])
            else:  # relative to a preview page at /<naam>/<id>, as to the templates root in the PDF
                self._asset(dossier, "/".join(parts[1:]))
        except (BrokenPipeError, ConnectionResetError):
            pass

    @property
    def source(self) -> PreviewSource:
        return self.server.source

    def _dossier(self, naam: str) -> Path | None:
        return next((d for d in self.source.dossiers() if d.name == naam), None)

    # ------------------------------------------------------------------ pages

    def _index(self) -> None:
        self.source.wait_idle(IDLE_WAIT)
        generation = self.source.generation
        sections = []
        for dossier in self.source.dossiers():
            state = self.source.state(dossier)
            sections.append(_index_section(dossier, state, output_folder(dossier, self.source.output_root)))
        body = "\n".join(sections) or "<p>Geen dossiers gevonden.</p>"
        page = (
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Dossiers</title>'
            "<style>body{font:15px/1.5 sans-serif;margin:2em;max-width:60em}td,th{padding:.2em .8em;"
            "text-align:left}pre{white-space:pre-wrap;background:#fff0f0;border:1px solid #c00;padding:.5em}"
            "</style></head><body><h1>Dossiers</h1>\n"
            f"{body}\n</body></html>"
        )
        self._html(inject(page, reload_url=_events_url(None, generation)))

    def _preview(self, dossier: Path, document: Document) -> None:
        state = self.source.state(dossier)
        version = state.page_versions.get(document.id, 0)
        page = state.pages.get(document.id)
        if page is not None:  # the HTML the PDF is made from, ready before the PDF is
            generation = max(self.source.generation, state.generation)
            reload_url = _events_url(dossier.name, generation, document.id, version)
            box = verdict_box(dossier, state)
            self._html(inject(page, reload_url=reload_url, errors=state.messages(), verdict=box))
            return
        self.source.wait_idle(IDLE_WAIT)
        generation = self.source.generation
        state = self.source.state(dossier)
        errors = state.messages()
        reload_url = _events_url(dossier.name, generation, document.id, state.page_versions.get(document.id, 0))
        if state.loaded is None:
            page = _bare_page(document.titel, "")
            self._html(inject(page, reload_url=reload_url, errors=errors or ["Dit dossier is nog niet gebouwd."]))
            return
        skipped = {doc.id: reason for doc, reason in documents_for(state.loaded)[1]}
        if document.id in skipped:
            note = html.escape(f"{document.titel} hoort niet bij dit dossier: {skipped[document.id]}.")
            note = f"<p>{note}</p>"
            self._html(inject(_bare_page(document.titel, note), reload_url=reload_url, errors=errors))
            return
        try:
            page = self.source.render_page(state.loaded, document.id)
        except DossierError as exc:
            page = _bare_page(document.titel, "")
            errors = [*errors, str(exc)] if str(exc) not in errors else errors
        self._html(inject(page, reload_url=reload_url, errors=errors, verdict=verdict_box(dossier, state)))

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-sent events: ``herbouwd`` as soon as the page's dossier was rebuilt after ``gen``."""
        naam = query.get("dossier", [None])[0]
        document = query.get("document", [None])[0]
        try:
            seen = int(query.get("gen", ["-1"])[0])
            version = int(query.get("versie", ["0"])[0])
        except ValueError:
            seen, version = -1, 0
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(b"retry: 500\n\n")
        self.wfile.flush()
        while not (self.server.closing or self.source.stopping):
            changed = self._changed_since(naam, seen, document, version)
            if changed:
                self.wfile.write(f"event: herbouwd\ndata: {json.dumps(changed)}\n\n".encode())
                self.wfile.flush()
                return
            generation = self.source.generation
            if self.source.wait_for_generation(generation, KEEPALIVE) == generation:
                self.wfile.write(b": nog steeds aan het kijken\n\n")
                self.wfile.flush()

    def _changed_since(self, naam: str | None, seen: int, document: str | None = None, version: int = 0) -> list[str]:
        """Dossiers rebuilt after batch ``seen``, or (a preview page) whose ``document`` got a
        newer page than ``version`` in the batch still running."""
        def newer(state: DossierState) -> bool:
            return state.generation > seen or (document is not None and state.page_versions.get(document, 0) > version)

        return sorted(d.name for d in self.source.dossiers()
                      if (naam is None or d.name == naam) and newer(self.source.state(d)))

    # ------------------------------------------------------------------ files

    def _output(self, dossier: Path, name: str) -> None:
        """A built DOCX/PDF; only the file names the documents table knows are served."""
        path = output_folder(dossier, self.source.output_root) / name
        if not path.is_file():
            self._not_found(f"{name} is (nog) niet gebouwd")
            return
        self._file(path, inline=True)

    def _asset(self, dossier: Path, relative: str) -> None:
        """A file the HTML refers to relatively (an image, a font), from the template search path.

        The PDF resolves relative URLs against the templates folder; the preview page lives
        at ``/<naam>/<id>``, so the same URL arrives here as ``/<naam>/<url>``. Only what a
        stylesheet may use (``templates.role``: images, fonts, stylesheets) is served, only
        regular files, and only from template folders that are not a system or home folder
        (a dossier whose ``templates`` links to ``/`` must not serve the disk).
        """
        path = served_asset(_served_roots(dossier), relative)
        if path is None:
            self._not_found(relative)
            return
        self._file(path, inline=True)

    # ------------------------------------------------------------------ responses

    def _html(self, page: str) -> None:
        nonce = secrets.token_urlsafe(16)
        data = page.replace(_NONCE_MARK, nonce).encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", CSP.format(nonce=nonce))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        data = why.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _file(self, path: Path, *, inline: bool) -> None:
        if not _regular(path):  # a FIFO or device would block or stream forever
            self._not_found(path.name)
            return
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        # a PDF and the checklist (our own HTML: no script runs under this policy) show in the browser
        shown = inline and kind in ("application/pdf", "text/html")
        disposition = "inline" if shown else "attachment"
        self.send_header("Content-Disposition", f"{disposition}; {_filename_parameters(path.name)}")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, what: str) -> None:
        data = f"Niet gevonden: {html.escape(what)}".encode()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


# ---------------------------------------------------------------------- page pieces


# A Host header: a name (or a bracketed address) and, after a colon, digits only (RFC 9110: port = *DIGIT).
_HOST_HEADER = re.compile(r"(?P<name>\[[^\]]*\]|[^:\[\]]+)(?::[0-9]*)?")


def allowed_host(header: str | None) -> bool:
    """The Host header names this machine the way the preview's own URL does: 127.0.0.1 or localhost,
    with any port (a request without one is a local tool's). Compared whole, after the port and the
    brackets of an address are taken off and the case folded: a rebinding DNS name is refused, and so
    is every name that merely starts or ends like an allowed one (``localhost.example``, ``127.0.0.1.``)
    and one whose 'port' is more than digits (``localhost:8000.evil.example``, no browser sends it)."""
    found = _HOST_HEADER.fullmatch(header or HOST)
    return found is not None and found["name"].strip("[]").lower() in ALLOWED_HOSTS


def served_asset(roots: list[Path], relative: str) -> Path | None:
    """The file ``relative`` (a URL path, decoded) names in the first template folder that has it, when
    it is something a stylesheet may use (``templates.role``: ``gedeeld``) and a regular file inside that
    folder once every link is followed; else None. A path with ``..``, an absolute one, a link out of
    the folder, a NUL or a link loop is refused the same way (nothing that could name a file elsewhere)."""
    for root in roots:
        try:
            path = (root / relative).resolve()
        except (OSError, ValueError, RuntimeError):  # a NUL in the name, a link loop
            continue
        if path.is_relative_to(root) and _regular(path) and role(path.relative_to(root), BY_ID) == ("gedeeld", ""):
            return path
    return None


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _served_roots(dossier: Path) -> list[Path]:
    """The template folders assets may come from (``template_dirs`` refuses a ``templates``
    link to ``/``, the home folder or around the dossier: then only the shipped ones)."""
    try:
        return [root.resolve() for root in template_dirs(dossier)]
    except TemplateProblem:
        return [TEMPLATES.resolve()]


def _filename_parameters(name: str) -> str:
    """``filename=`` for any file name: no CR/LF or quotes can reach the header (RFC 6266)."""
    ascii_name = re.sub(r'[^A-Za-z0-9._ -]', "_", name) or "bestand"
    return f'filename="{ascii_name}"; filename*=UTF-8\'\'{quote(name, safe="")}'


def _events_url(naam: str | None, generation: int, document: str | None = None, version: int = 0) -> str:
    query = f"gen={generation}" + (f"&dossier={quote(naam)}" if naam else "")
    if document is not None:
        query += f"&document={quote(document)}&versie={version}"
    return f"{EVENTS}?{query}"


def _bare_page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body>{body}</body></html>")


def verdict_box(dossier: Path, state: DossierState) -> str:
    """The verdict of the last check on every preview page: klaar or not, privacy first."""
    if not state.verdict:
        return ""
    link = f'<a href="/{quote(dossier.name)}/checklist.html" style="color:inherit">controlelijst</a>'
    if state.klaar:
        return (f'<div id="dossier-oordeel" style="{_BOX}background:#edf7ee;border:2px solid #2e7d32;color:#1b5e20">'
                f"<strong>✓ Klaar om in te dienen</strong> — zie de {link}.</div>")
    if state.niveau == "klaar om te laten tekenen":
        items = "".join(f"<li>{html.escape(f.message)} <small>({html.escape(f.id)} · {html.escape(f.location)})"
                        "</small></li>" for f in state.findings if f.severity == "fout")
        return (f'<div id="dossier-oordeel" style="{_BOX}background:#fff8e1;border:2px solid #8a6d00;color:#5d4a00">'
                f"<strong>✓ Klaar om te laten tekenen</strong> — nog niet om in te dienen; zie de {link}."
                f'<ul style="margin:.4em 0 0 1.2em;padding:0">{items}</ul></div>')
    findings = sorted(state.findings, key=lambda f: (not f.id.startswith(PRIVACY), f.id))
    items = "".join(
        (f'<li style="font-weight:bold">Privacy: {html.escape(f.message)}' if f.id.startswith(PRIVACY)
         else f"<li>{html.escape(f.message)}")
        + f" <small>({html.escape(f.id)} · {html.escape(f.location)})</small></li>"
        for f in findings[:8]
    )
    more = f"<li>en nog {len(findings) - 8} — zie de {link}</li>" if len(findings) > 8 else ""
    privacy = any(f.id.startswith(PRIVACY) for f in findings)
    title = "✗ Niet klaar — gegevens die naar een leerling leiden" if privacy else "✗ Niet klaar om in te dienen"
    return (f'<div id="dossier-oordeel" style="{_BOX}background:#fdecea;border:2px solid #b71c1c;color:#8e1414">'
            f"<strong>{title}</strong> — zie de {link}.<ul style=\"margin:.4em 0 0 1.2em;padding:0\">"
            f"{items}{more}</ul></div>")


_BOX = "position:sticky;top:0;z-index:999;margin:0 0 1em;padding:.6em 1em;font:14px/1.4 sans-serif;"


def inject(page: str, *, reload_url: str, errors: list[str] | None = None, verdict: str = "") -> str:
    """Add the reload script, the verdict and (after a failed build) the error box to a page."""
    page = page.replace(_NONCE_MARK, "")  # only the script added here may carry the nonce
    if verdict:
        at = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
        page = page[:at] + verdict + page[at:]
    if errors:
        box = _ERROR_BOX.format(errors=html.escape("\n\n".join(errors)))
        at = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
        page = page[:at] + box + page[at:]
    script = _RELOAD_SCRIPT.format(url=json.dumps(reload_url))
    end = page.rfind("</body>")
    return page[:end] + script + page[end:] if end >= 0 else page + script


def _links(folder: Path, document: Document, naam: str) -> str:
    cells = []
    for fmt in ("docx", "pdf"):
        name = document.bestand(fmt)
        cells.append(f'<a href="/{quote(naam)}/{quote(name)}">{fmt.upper()}</a>' if (folder / name).is_file()
                     else "—")
    return "".join(f"<td>{c}</td>" for c in cells)


def _index_section(dossier: Path, state: DossierState, folder: Path) -> str:
    naam = dossier.name
    loaded: LoadedDossier | None = state.loaded
    wanted = documents_for(loaded)[0] if loaded is not None else list(DOCUMENTEN)
    rows = "".join(
        f'<tr><td><a href="/{quote(naam)}/{doc.id}">{html.escape(doc.titel)}</a></td>{_links(folder, doc, naam)}</tr>'
        for doc in wanted
    )
    errors = state.messages()
    problem = f"<pre>{html.escape(chr(10).join(errors))}</pre>" if errors else ""
    return (f"<section><h2>{html.escape(naam)}</h2><p>{html.escape(display_path(dossier))} → "
            f"{html.escape(display_path(folder))}/</p>{problem}"
            f"<table><tr><th>Document (voorbeeld)</th><th>Word</th><th>PDF</th></tr>{rows}</table>"
            f"{_route_map(loaded, folder)}</section>")


def _route_map(loaded: LoadedDossier | None, folder: Path) -> str:
    """The route map (inline SVG: no script, nothing fetched) and what is due next."""
    if loaded is None:
        return ""
    from datetime import date

    from pipeline.dates import datum
    from pipeline.route.svg import map_ident, route_svg
    from pipeline.route.view import route_view

    view = route_view(loaded, today=date.today(), places=Places(loaded.folder, folder))
    if view.route is None:
        return f"<h3>Route</h3><pre>{html.escape(view.problem or '')}</pre>"
    due = view.route.next_due
    lines = []
    if due is not None and due.termijn is not None:
        late = " — te laat" if due in view.route.overdue else ""
        lines.append(f"Eerstvolgende termijn: {datum(due.termijn)}{late}: {due.titel} (wie: {due.wie}).")
    if view.sent is not None:
        lines.append(view.sent.message[:1].upper() + view.sent.message[1:] + ".")
    text = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    svg = route_svg(view.route, ident=map_ident(loaded.naam))
    return f'<h3>Route</h3>{text}<div style="max-width:760px">{svg}</div>'

