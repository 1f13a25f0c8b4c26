"""``dossier watch --serve``: a local preview of every document that reloads itself.

Standard library only (``http.server``), bound to 127.0.0.1: answers can hold personal
data, so nothing listens beyond this machine. Per document the page is the very HTML that
feeds the PDF (``render_html(..., preview=True)``) with a small script added that listens
to server-sent events and reloads when the build thread finished a batch touching this
dossier. Pages wait for a running build to finish, so nobody sees half a build, and when
the last build failed they show its Dutch error above the last good version.
"""

from __future__ import annotations

import errno
import html
import json
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from pipeline.build import documents_for, output_folder
from pipeline.documents import BY_ID, DOCUMENTEN, Document
from pipeline.exceptions import DossierError, display_path
from pipeline.templates import template_dirs
from pipeline.validate import LoadedDossier
from pipeline.watch.watcher import DossierState, Watcher

HOST = "127.0.0.1"
EVENTS = "/_events"
CHECKLIST_NAMES = ("checklist.html", "checklist.pdf")
OUTPUT_NAMES = frozenset([*(d.bestand(fmt) for d in DOCUMENTEN for fmt in ("docx", "pdf")), *CHECKLIST_NAMES])
PRIVACY = "PRIV-"  # privacy findings come first and stand out: pupil data must never be sent
KEEPALIVE = 15.0  # seconds between SSE comments, so a closed tab is noticed
IDLE_WAIT = 10.0  # longest a page request waits for a running build

_RELOAD_SCRIPT = """<script>
(function () {{
  var events = new EventSource({url});
  events.addEventListener("herbouwd", function () {{ events.close(); location.reload(); }});
}})();
</script>"""

_ERROR_BOX = """<div id="dossier-fout" style="position:sticky;top:0;z-index:1000;margin:0 0 1em;\
padding:.8em 1em;background:#fff0f0;border:2px solid #c00;color:#600;font:14px/1.4 sans-serif">
<strong>Bouwen mislukt</strong> — u ziet de laatste goede versie.
<pre style="white-space:pre-wrap;margin:.5em 0 0;font:13px/1.4 monospace">{errors}</pre></div>"""


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server; request threads are daemons so Ctrl-C never waits for a browser."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, watcher: Watcher, port: int) -> None:
        self.watcher = watcher
        self.closing = False
        self.serving = False
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


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.0"  # one response per connection; event streams just stay open

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal belongs to the rebuild lines."""

    # ------------------------------------------------------------------ routing

    def do_GET(self) -> None:
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
    def watcher(self) -> Watcher:
        return self.server.watcher

    def _dossier(self, naam: str) -> Path | None:
        return next((d for d in self.watcher.layout.dossiers() if d.name == naam), None)

    # ------------------------------------------------------------------ pages

    def _index(self) -> None:
        self.watcher.wait_idle(IDLE_WAIT)
        generation = self.watcher.generation
        sections = []
        for dossier in self.watcher.layout.dossiers():
            state = self.watcher.states.get(dossier, DossierState())
            sections.append(_index_section(dossier, state, output_folder(dossier, self.watcher.output_root)))
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
        state = self.watcher.states.get(dossier, DossierState())
        version = state.page_versions.get(document.id, 0)
        page = state.pages.get(document.id)
        if page is not None:  # the HTML the PDF is made from, ready before the PDF is
            generation = max(self.watcher.generation, state.generation)
            reload_url = _events_url(dossier.name, generation, document.id, version)
            box = verdict_box(dossier, state)
            self._html(inject(page, reload_url=reload_url, errors=state.messages(), verdict=box))
            return
        self.watcher.wait_idle(IDLE_WAIT)
        generation = self.watcher.generation
        state = self.watcher.states.get(dossier, DossierState())
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
        from pipeline.render.html import render_html

        try:
            page = render_html(state.loaded, document.id, preview=True)
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
        while not (self.server.closing or self.watcher.stopping):
            changed = self._changed_since(naam, seen, document, version)
            if changed:
                self.wfile.write(f"event: herbouwd\ndata: {json.dumps(changed)}\n\n".encode())
                self.wfile.flush()
                return
            generation = self.watcher.generation
            if self.watcher.wait_for_generation(generation, KEEPALIVE) == generation:
                self.wfile.write(b": nog steeds aan het kijken\n\n")
                self.wfile.flush()

    def _changed_since(self, naam: str | None, seen: int, document: str | None = None, version: int = 0) -> list[str]:
        """Dossiers rebuilt after batch ``seen``, or (a preview page) whose ``document`` got a
        newer page than ``version`` in the batch still running."""
        def newer(state: DossierState) -> bool:
            return state.generation > seen or (document is not None and state.page_versions.get(document, 0) > version)

        states = list(self.watcher.states.items())
        return sorted(d.name for d, s in states if (naam is None or d.name == naam) and newer(s))

    # ------------------------------------------------------------------ files

    def _output(self, dossier: Path, name: str) -> None:
        """A built DOCX/PDF; only the file names the documents table knows are served."""
        path = output_folder(dossier, self.watcher.output_root) / name
        if not path.is_file():
            self._not_found(f"{name} is (nog) niet gebouwd")
            return
        self._file(path, inline=True)

    def _asset(self, dossier: Path, relative: str) -> None:
        """A file the HTML refers to relatively (an image, a font), from the template search path.

        The PDF resolves relative URLs against the templates folder; the preview page lives
        at ``/<naam>/<id>``, so the same URL arrives here as ``/<naam>/<url>``.
        """
        for root in template_dirs(dossier):
            path = (root / relative).resolve()
            if path.is_relative_to(root.resolve()) and path.is_file():
                self._file(path, inline=True)
                return
        self._not_found(relative)

    # ------------------------------------------------------------------ responses

    def _html(self, page: str) -> None:
        data = page.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _file(self, path: Path, *, inline: bool) -> None:
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        disposition = "inline" if inline and kind == "application/pdf" else "attachment"
        self.send_header("Content-Disposition", f'{disposition}; filename="{path.name}"')
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
            f"<table><tr><th>Document (voorbeeld)</th><th>Word</th><th>PDF</th></tr>{rows}</table></section>")
