"""Watch mode on a private copy of the example: saves rebuild exactly what they feed.

Each test runs a real watcher (watchdog observer, build thread, forked PDF workers) on
copies of ``inputs/voorbeeld`` and ``templates/`` in a temp folder, saves files the way
editors do, and reads the documents back (python-docx, pypdf) the way a reader would.
Waits are generous limits for a slow machine, never assertions about speed.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from watchdog.events import (
    DirModifiedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from pipeline.exceptions import InvalidDossier
from pipeline.read.validate import load_dossier
from pipeline.ui import Reporter
from pipeline.watch.deps import Layout, Target, affected
from pipeline.watch.filter import EventFilter
from pipeline.watch.server import PreviewServer
from pipeline.watch.watcher import Watcher, warm_pdf_pool
from tests import pdfmemo
from tests.conftest import CTRL_C_AS_IN_A_TERMINAL, EXAMPLE, put_signed
from tests.textutil import docx_text, pdf_text

LIMIT = 60.0  # seconds before a wait gives up: a failure guard, not a speed requirement
NAME = "Samen op de Rails – onderwijs & zorg op de boerderij"
# The one new name the edits below save: each session starts from the example, so the same edit gives the
# same pages, laid out once per test run (tests/pdfmemo.py) instead of once per test.
NEW_NAME = "Samen op de Rails – leren en zorgen in de polder"
OUTPUTS = [f"{stem}.{fmt}" for stem in ("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan",
                                        "aanmeldformulier-collectief") for fmt in ("docx", "pdf")]


# ---------------------------------------------------------------------- helpers


def save_atomically(path: Path, text: str) -> None:
    """How VS Code, gedit and most tools save: a temp file renamed over the original."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def save_word(path: Path, document: Any) -> None:
    """How Word saves: a lock file beside the document, a scratch file renamed over it."""
    lock = path.with_name("~$" + path.name[2:])  # Word's lock file: must be ignored
    lock.write_bytes(b"lock")
    scratch = path.with_name("~WRL0003.tmp")
    document.save(str(scratch))
    os.replace(scratch, path)
    lock.unlink()


def save_like_vim(path: Path, text: str) -> None:
    """vim with backupcopy=no: probe file, original renamed to a backup, new file, backup removed."""
    probe = path.with_name("4913")
    probe.write_text("")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.replace(path, backup)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
    swap = path.with_name(f".{path.name}.swp")
    swap.write_bytes(b"\0" * 16)
    backup.unlink()
    swap.unlink()


def wait_until(check: Callable[[], bool], what: str, session: Session | None = None) -> None:
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, ValueError, KeyError):  # a file read while it is being replaced
            pass
        time.sleep(0.05)
    log = f"\nstdout:\n{session.stdout.getvalue()}\nstderr:\n{session.stderr.getvalue()}" if session else ""
    pytest.fail(f"timed out waiting for: {what}{log}")


def stamp(path: Path) -> tuple[int, int]:
    """Identity of a file version: atomic writes give a new inode, and a new mtime."""
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns)


@dataclass
class Session:
    inputs: Path
    templates: Path
    build: Path
    watcher: Watcher
    stdout: io.StringIO
    stderr: io.StringIO

    @property
    def dossier(self) -> Path:
        return self.inputs / "voorbeeld"

    @property
    def yaml(self) -> Path:
        return self.dossier / "dossier.yaml"

    def output(self, name: str, naam: str = "voorbeeld") -> Path:
        return self.build / naam / name

    def stamps(self, naam: str = "voorbeeld") -> dict[str, tuple[int, int]]:
        return {name: stamp(self.output(name, naam)) for name in OUTPUTS}

    def settle(self) -> None:
        """Let the batch that is pending or building finish."""
        self.watcher.wait_idle(LIMIT)


@pytest.fixture(scope="module")
def pool() -> Iterator[Executor]:
    """One warm PDF pool for all tests of this module (forked before any watcher thread)."""
    executor = warm_pdf_pool()
    yield executor
    executor.shutdown(wait=True, cancel_futures=True)


def start_session(project: Path, pool: Executor) -> Session:
    stdout, stderr = io.StringIO(), io.StringIO()
    layout = Layout(project / "templates", inputs=project / "inputs")
    watcher = Watcher(layout, output_root=project / "build", out=Reporter(stdout=stdout, stderr=stderr),
                      executor=pool)
    watcher.start()  # returns after the initial build
    return Session(project / "inputs", project / "templates", project / "build", watcher, stdout, stderr)


@pytest.fixture
def session(project: Path, pool: Executor) -> Iterator[Session]:
    s = start_session(project, pool)
    yield s
    s.watcher.stop()


# ---------------------------------------------------------------------- YAML edits


def test_initial_build_makes_every_document(session: Session) -> None:
    for name in OUTPUTS:
        assert session.output(name).is_file(), name
    assert re.search(r"^\d\d:\d\d:\d\d voorbeeld: aanvraaggegevens, .+ \(docx\+pdf\) — \d+ ms$",
                     session.stdout.getvalue(), re.M)


@pytest.mark.parametrize("save", [save_atomically, save_like_vim], ids=["atomic-rename", "vim"])
def test_yaml_save_updates_docx_and_pdf(session: Session, save: Callable[[Path, str], None]) -> None:
    new_name = NEW_NAME
    before = session.stdout.getvalue()
    save(session.yaml, session.yaml.read_text(encoding="utf-8").replace(NAME, new_name))

    wait_until(lambda: new_name in docx_text(session.output("projectplan.docx")), "DOCX with new name", session)
    wait_until(lambda: new_name in pdf_text(session.output("projectplan.pdf")), "PDF with new name", session)
    session.settle()
    assert new_name in docx_text(session.output("aanvraaggegevens.docx"))
    assert new_name in pdf_text(session.output("samenwerkingsovereenkomst.pdf"))
    new_lines = session.stdout.getvalue()[len(before):].splitlines()
    assert len(new_lines) == 1, new_lines  # one save, one batch, one line
    assert re.fullmatch(r"\d\d:\d\d:\d\d voorbeeld: .*projectplan.* \(docx\+pdf\) — \d+ ms", new_lines[0])
    assert session.stderr.getvalue() == ""


def test_broken_yaml_reports_error_keeps_last_good_files_and_recovers(session: Session) -> None:
    good = session.yaml.read_text(encoding="utf-8")
    before = session.stamps()
    contents = {name: session.output(name).read_bytes() for name in OUTPUTS}

    broken = good.replace("  soort: collectief\n", "  soort: collectief\n\tstart: morgen\n", 1)
    save_atomically(session.yaml, broken)
    with pytest.raises(InvalidDossier) as expected:
        load_dossier(session.dossier)
    wait_until(lambda: str(expected.value) in session.stderr.getvalue(), "the located Dutch error", session)
    session.settle()

    assert "dossier.yaml:" in str(expected.value)  # located: file and line
    assert "mislukt — de laatste goede bestanden blijven staan" in session.stderr.getvalue()
    assert session.stamps() == before
    assert {name: session.output(name).read_bytes() for name in OUTPUTS} == contents

    fixed_name = NEW_NAME
    save_atomically(session.yaml, good.replace(NAME, fixed_name))
    wait_until(lambda: fixed_name in pdf_text(session.output("aanvraaggegevens.pdf")), "recovery", session)
    wait_until(lambda: fixed_name in docx_text(session.output("aanvraaggegevens.docx")), "recovery", session)


def test_plain_reads_do_not_rebuild(session: Session) -> None:
    """Opening and reading inputs and templates (as the build itself does) changes nothing."""
    generation = session.watcher.generation
    for _ in range(5):
        session.yaml.read_bytes()
        (session.templates / "stijl.css").read_bytes()
        (session.templates / "projectplan" / "projectplan.docx").read_bytes()
    marker = NEW_NAME
    save_atomically(session.yaml, session.yaml.read_text(encoding="utf-8").replace(NAME, marker))
    wait_until(lambda: marker in docx_text(session.output("projectplan.docx")), "the real save", session)
    session.settle()
    # The reads happened before the save: had they counted, they would have formed a batch
    # of their own (or joined the save's); either way exactly one batch shows there was none.
    assert session.watcher.generation == generation + 1


def test_starting_on_a_broken_dossier_reports_it_and_builds_after_the_fix(project: Path, pool: Executor) -> None:
    yaml = project / "inputs" / "voorbeeld" / "dossier.yaml"
    good = yaml.read_text(encoding="utf-8")
    yaml.write_text(good.replace("  soort: collectief\n", "  soort: collectief\n\tx: 1\n", 1), encoding="utf-8")
    session = start_session(project, pool)
    try:
        assert "dossier.yaml:" in session.stderr.getvalue()
        assert not session.output("projectplan.pdf").exists()
        save_atomically(yaml, good)
        wait_until(lambda: all(session.output(n).is_file() for n in OUTPUTS), "the first good build", session)
    finally:
        session.watcher.stop()


# ---------------------------------------------------------------------- template edits


def test_word_template_edit_rebuilds_that_documents_docx_and_pdf(session: Session) -> None:
    """The Word template is the document's only source: its DOCX and its PDF both follow."""
    before = session.stamps()
    template = session.templates / "samenwerkingsovereenkomst" / "samenwerkingsovereenkomst.docx"
    marker = "Aanvullende bepaling van de consulent 4712"
    document = open_docx(str(template))
    document.add_paragraph(marker)
    save_word(template, document)

    wait_until(lambda: marker in docx_text(session.output("samenwerkingsovereenkomst.docx")), "new DOCX", session)
    wait_until(lambda: marker in pdf_text(session.output("samenwerkingsovereenkomst.pdf")), "new PDF", session)
    session.settle()
    after = session.stamps()
    assert {name for name in OUTPUTS if after[name] != before[name]} == {
        "samenwerkingsovereenkomst.docx", "samenwerkingsovereenkomst.pdf"}
    assert re.search(r"^\d\d:\d\d:\d\d voorbeeld: samenwerkingsovereenkomst \(docx\+pdf\) — \d+ ms$",
                     session.stdout.getvalue(), re.M)


def test_shared_stylesheet_edit_rebuilds_all_pdfs_and_no_docx(session: Session) -> None:
    before = session.stamps()
    css = session.templates / "stijl.css"
    marker = "Huisstijl 2027"
    save_atomically(css, css.read_text(encoding="utf-8") + f'\nh1::after {{ content: " · {marker}"; }}\n')
    pdfs = [n for n in OUTPUTS if n.endswith(".pdf")]
    wait_until(lambda: all(marker in pdf_text(session.output(n)) for n in pdfs), "the new look in every PDF", session)
    session.settle()
    after = session.stamps()
    assert {name for name in OUTPUTS if after[name] != before[name]} == set(pdfs)
    assert re.search(r"^\d\d:\d\d:\d\d voorbeeld: .*projectplan.* \(pdf\) — \d+ ms$", session.stdout.getvalue(), re.M)


def test_template_error_is_reported_in_dutch_and_recovers(session: Session) -> None:
    template = session.templates / "projectplan" / "projectplan.docx"
    good = open_docx(str(template))
    broken = open_docx(str(template))
    broken.add_paragraph("Extra: {{ arrangement.bestaat_niet }}")
    before = {name: stamp(session.output(name)) for name in ("projectplan.docx", "projectplan.pdf")}
    save_word(template, broken)
    wait_until(lambda: "projectplan.pdf" in session.stderr.getvalue(), "the template error", session)
    session.settle()
    errors = session.stderr.getvalue()
    assert "projectplan.docx: onbekend veld ‘bestaat_niet’ (alinea ‘Extra: {{ arrangement.bestaat_niet }}’)" in errors
    assert {name: stamp(session.output(name)) for name in before} == before  # the last good files stay

    save_word(template, good)
    wait_until(lambda: all(stamp(session.output(name)) != before[name] for name in before), "recovery", session)


def test_dossier_override_rebuilds_only_that_dossier(project: Path, pool: Executor) -> None:
    shutil.copytree(project / "inputs" / "voorbeeld", project / "inputs" / "tweede")
    session = start_session(project, pool)
    try:
        before = {naam: session.stamps(naam) for naam in ("voorbeeld", "tweede")}
        override = session.dossier / "templates" / "projectplan" / "projectplan.docx"
        override.parent.mkdir(parents=True)
        marker = "Eigen projectplan van dit dossier 4713"
        document = open_docx(str(session.templates / "projectplan" / "projectplan.docx"))
        document.add_paragraph(marker)
        save_word(override, document)

        wait_until(lambda: marker in pdf_text(session.output("projectplan.pdf")), "the override used", session)
        wait_until(lambda: marker in docx_text(session.output("projectplan.docx")), "the override used", session)
        session.settle()
        assert session.stamps("tweede") == before["tweede"]
        after = session.stamps("voorbeeld")
        assert {n for n in OUTPUTS if after[n] != before["voorbeeld"][n]} == {"projectplan.docx", "projectplan.pdf"}
        assert marker not in pdf_text(session.output("projectplan.pdf", "tweede"))
    finally:
        session.watcher.stop()


# ---------------------------------------------------------------------- which events count


def _collect(root: Path, action: Callable[[], None]) -> set[Path]:
    """Run ``action`` under a real observer; the paths the filter reports as changed.

    A sentinel file written last marks the end: inotify delivers a watch's events in order.
    """
    seen: set[Path] = set()
    done = threading.Event()
    sentinel = root / "zz-sentinel"
    event_filter = EventFilter([root])

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            for path in event_filter.changed_paths(event):
                if path == sentinel:
                    done.set()
                else:
                    seen.add(path)

    observer = Observer()
    observer.schedule(Handler(), str(root), recursive=True)
    observer.start()
    try:
        action()
        sentinel.write_text("x")
        assert done.wait(LIMIT), "sentinel event never arrived"
    finally:
        observer.stop()
        observer.join()
    return seen


def test_real_events_reads_are_ignored_saves_count_once(tmp_path: Path) -> None:
    yaml = tmp_path / "dossier.yaml"
    yaml.write_text("a: 1\n")
    assert _collect(tmp_path, lambda: [yaml.read_text() for _ in range(3)]) == set()
    assert _collect(tmp_path, lambda: save_atomically(yaml, "a: 2\n")) == {yaml}
    assert _collect(tmp_path, lambda: save_like_vim(yaml, "a: 3\n")) == {yaml}


@pytest.mark.parametrize(
    ("event", "changed"),
    [
        (FileModifiedEvent("/p/inputs/v/dossier.yaml"), ["/p/inputs/v/dossier.yaml"]),
        (FileClosedEvent("/p/inputs/v/dossier.yaml"), ["/p/inputs/v/dossier.yaml"]),
        (FileOpenedEvent("/p/inputs/v/dossier.yaml"), []),
        (FileClosedNoWriteEvent("/p/inputs/v/dossier.yaml"), []),
        (DirModifiedEvent("/p/inputs/v"), []),
        (FileMovedEvent("/p/inputs/v/.dossier.yaml.tmp", "/p/inputs/v/dossier.yaml"), ["/p/inputs/v/dossier.yaml"]),
        (FileMovedEvent("/p/inputs/v/dossier.yaml", "/p/inputs/v/dossier.yaml~"), ["/p/inputs/v/dossier.yaml"]),
        (FileModifiedEvent("/p/inputs/v/.dossier.yaml.swp"), []),
        (FileCreatedEvent("/p/inputs/v/4913"), []),
        (FileCreatedEvent("/p/inputs/v/.#dossier.yaml"), []),
        (FileCreatedEvent("/p/templates/projectplan/~$ojectplan.docx"), []),
        (FileCreatedEvent("/p/templates/projectplan/~WRL0001.tmp"), []),
        (FileCreatedEvent("/p/templates/projectplan/.~lock.projectplan.docx#"), []),
        (FileModifiedEvent("/p/inputs/v/.git/index"), []),
        (FileModifiedEvent("/p/inputs/build/v/projectplan.pdf"), []),
    ],
)
def test_filter_keeps_real_files_only(event: FileSystemEvent, changed: list[str]) -> None:
    event_filter = EventFilter([Path("/p/inputs"), Path("/p/templates")], ignored_roots=[Path("/p/inputs/build")])
    assert event_filter.changed_paths(event) == [Path(p) for p in changed]


def test_filter_judges_only_below_the_watched_root() -> None:
    """A project inside a hidden folder (~/.local/…) is still watched."""
    event_filter = EventFilter([Path("/home/x/.werk/inputs")])
    event = FileModifiedEvent("/home/x/.werk/inputs/v/dossier.yaml")
    assert event_filter.changed_paths(event) == [Path("/home/x/.werk/inputs/v/dossier.yaml")]


# ---------------------------------------------------------------------- what a change feeds


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    for naam in ("a", "b"):
        (tmp_path / "inputs" / naam).mkdir(parents=True)
        (tmp_path / "inputs" / naam / "dossier.yaml").write_text("x: 1\n")
    (tmp_path / "inputs" / "a" / "templates" / "projectplan").mkdir(parents=True)
    (tmp_path / "inputs" / "a" / "templates" / "projectplan" / "projectplan.docx").write_text("eigen")
    return Layout(tmp_path / "templates", inputs=tmp_path / "inputs")


def _pairs(targets: set[Target]) -> set[tuple[str, str, str]]:
    return {(t.dossier.name, t.document, t.fmt) for t in targets}


ALL_DOCS = ("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan", "aanmeldformulier")
TARGET_DOCS = (*ALL_DOCS, "onderbouwing")  # a change is a target for every document; the build skips the other route


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ("inputs/a/dossier.yaml", {("a", d, f) for d in TARGET_DOCS for f in ("docx", "pdf")}),
        ("inputs/b/bijlagen/mr-advies.pdf", {("b", d, f) for d in TARGET_DOCS for f in ("docx", "pdf")}),
        # what was sent, kept by the run itself: no rebuild of its own
        ("inputs/a/ingediend/2027-03-20/a-aanvraag.zip", set()),
        # a signed copy, who signed, a step done: read by the check, no document changes
        ("inputs/a/ondertekend/samenwerkingsovereenkomst.pdf", {("a", "checklist", "html")}),
        ("inputs/b/voortgang.yaml", {("b", "checklist", "html")}),
        # a document's Word template: its DOCX and its PDF (dossier a has its own projectplan)
        ("templates/projectplan/projectplan.docx", {("b", "projectplan", "docx"), ("b", "projectplan", "pdf")}),
        ("templates/aanvraaggegevens/aanvraaggegevens.docx", {(n, "aanvraaggegevens", f) for n in "ab"
                                                               for f in ("docx", "pdf")}),
        ("inputs/a/templates/projectplan/projectplan.docx", {("a", "projectplan", f) for f in ("docx", "pdf")}),
        # the stylesheet: every PDF, no DOCX
        ("templates/stijl.css", {(n, d, "pdf") for n in "ab" for d in TARGET_DOCS}),
        ("inputs/b/templates/stijl.css", {("b", d, "pdf") for d in TARGET_DOCS}),
        # what the stylesheet uses (an image, a font), also in a shared subfolder: every PDF
        ("templates/beeld/logo.png", {(n, d, "pdf") for n in "ab" for d in TARGET_DOCS}),
        ("inputs/a/templates/letters/huisstijl.woff2", {("a", d, "pdf") for d in TARGET_DOCS}),
        # Word's lock file next to a template it has open feeds nothing
        ("templates/projectplan/~$ojectplan.docx", set()),
        # HTML files are no document's source any more
        ("templates/projectplan/projectplan.html", set()),
        ("templates/base.html", set()),
        ("inputs/a/templates/projectplan/projectplan.html", set()),
        ("templates/LEESMIJ.md", set()),
        # the checklist's template: every dossier's checklist, no document
        ("templates/checklist/checklist.html", {(n, "checklist", "html") for n in "ab"}),
        ("inputs/a/templates/checklist/checklist.html", {("a", "checklist", "html")}),
        ("inputs/LEESMIJ.md", set()),
        ("inputs/zonder-dossier/notities.txt", set()),
    ],
)
def test_dependencies_follow_the_template_layout(layout: Layout, changed: str, expected: set[tuple[str, str, str]]
                                                 ) -> None:
    root = layout.templates.parent
    assert _pairs(affected(root / changed, layout)) == expected


# ---------------------------------------------------------------------- the preview server


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=LIMIT) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def server(session: Session) -> Iterator[PreviewServer]:
    srv = PreviewServer(session.watcher, 0)
    srv.start()
    yield srv
    srv.stop()


def test_server_listens_on_localhost_only(server: PreviewServer) -> None:
    assert server.server_address[0] == "127.0.0.1"


def test_index_links_previews_and_built_files(session: Session, server: PreviewServer) -> None:
    index = _get(server.url)
    assert "voorbeeld" in index
    for doc in ALL_DOCS:
        assert f'href="/voorbeeld/{doc}"' in index
    assert 'href="/voorbeeld/projectplan.docx"' in index and 'href="/voorbeeld/projectplan.pdf"' in index
    with urllib.request.urlopen(server.url + "voorbeeld/projectplan.pdf", timeout=LIMIT) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read() == session.output("projectplan.pdf").read_bytes()


def test_preview_is_the_pdf_html_and_listens_for_rebuilds(session: Session, server: PreviewServer) -> None:
    from pipeline.render.html import render_html

    page = _get(server.url + "voorbeeld/projectplan")
    expected = render_html(load_dossier(session.dossier), "projectplan", preview=True)
    body = expected[expected.index(">", expected.index("<body")) + 1:expected.rindex("</body>")]
    assert len(body) > 1000 and body in page  # the whole document, unchanged
    assert "EventSource" in page and "/_events?" in page


def test_events_announce_a_rebuild_and_pages_show_errors(session: Session, server: PreviewServer) -> None:
    generation = session.watcher.generation
    url = f"{server.url}_events?gen={generation}&dossier=voorbeeld"
    good = session.yaml.read_text(encoding="utf-8")
    with urllib.request.urlopen(url, timeout=LIMIT) as stream:
        assert stream.readline().startswith(b"retry:")
        save_atomically(session.yaml, good.replace("  soort: collectief\n", "  soort: collectief\n\tx: 1\n", 1))
        lines = [stream.readline()]
        while not (lines[-1] == b"\n" and any(line.startswith(b"event:") for line in lines)):
            lines.append(stream.readline())
        assert lines[-3:] == [b"event: herbouwd\n", b'data: ["voorbeeld"]\n', b"\n"]

    with pytest.raises(InvalidDossier) as expected:
        load_dossier(session.dossier)
    page = html.unescape(_get(server.url + "voorbeeld/projectplan"))
    assert "Bouwen mislukt" in page
    assert str(expected.value) in page
    assert NAME in page  # the last good version stays visible under the error
    assert str(expected.value) in html.unescape(_get(server.url))

    save_atomically(session.yaml, good)
    wait_until(lambda: "Bouwen mislukt" not in _get(server.url + "voorbeeld/projectplan"), "recovered page", session)


def test_preview_of_a_document_the_dossier_does_not_need(session: Session, server: PreviewServer) -> None:
    text = session.yaml.read_text(encoding="utf-8")
    save_atomically(session.yaml, text.replace("  soort: collectief\n", "  soort: individueel\n", 1))
    wait_until(lambda: 'href="/voorbeeld/aanmeldformulier"' not in _get(server.url), "index without the form", session)
    page = html.unescape(_get(server.url + "voorbeeld/aanmeldformulier"))
    assert "hoort niet bij dit dossier: alleen voor een collectief arrangement" in page


def test_files_the_html_refers_to_are_served_as_in_the_pdf(session: Session, server: PreviewServer) -> None:
    """``url(logo.png)`` in stijl.css means templates/logo.png in the PDF, and in the preview too."""
    (session.templates / "logo.png").write_bytes(b"\x89PNG fake")
    with urllib.request.urlopen(server.url + "voorbeeld/logo.png", timeout=LIMIT) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read() == b"\x89PNG fake"


def test_unknown_paths_are_not_found(server: PreviewServer) -> None:
    for path in ("onbekend/projectplan", "voorbeeld/../../etc/passwd", "voorbeeld/dossier.yaml",
                 "voorbeeld/../inputs/voorbeeld/dossier.yaml", "voorbeeld/projectplan/../../../etc/passwd"):
        with pytest.raises(urllib.error.HTTPError) as error:
            _get(server.url + path)
        error.value.close()
        assert error.value.code == 404, path


# ---------------------------------------------------------------------- the command


_WATCH = """
import sys
from pathlib import Path
from pipeline.commands.watch import watch
from pipeline.ui import Reporter
sys.exit(watch([Path(sys.argv[1])], serve=True, port=0, out=Reporter(), output_root=Path(sys.argv[2])))
"""


@pytest.mark.parametrize(
    "stop",
    [lambda pid: os.killpg(pid, signal.SIGINT),  # a terminal's Ctrl-C: the whole process group
     lambda pid: os.kill(pid, signal.SIGTERM)],  # an IDE or `kill` stopping the task
    ids=["ctrl-c", "sigterm"],
)
def test_stops_cleanly(tmp_path: Path, stop: Callable[[int], None]) -> None:
    dossier = tmp_path / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, dossier)
    program = CTRL_C_AS_IN_A_TERMINAL + pdfmemo.in_a_child() + _WATCH
    proc = subprocess.Popen([sys.executable, "-c", program, str(dossier), str(tmp_path / "build")], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Bewaakt"):
                break
        assert any(line.startswith("Voorbeeld in de browser: http://127.0.0.1:") for line in lines), lines
        stop(proc.pid)
        out, err = proc.communicate(timeout=LIMIT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in err, err
    assert out.rstrip().endswith("Gestopt.")
    assert (tmp_path / "build" / "voorbeeld" / "projectplan.pdf").is_file()


def test_output_inside_a_watched_folder_is_refused(tmp_path: Path) -> None:
    from pipeline.commands.watch import watch
    from pipeline.exceptions import DossierError

    dossier = tmp_path / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, dossier)
    with pytest.raises(DossierError, match="ligt in de bewaakte map"):
        watch([dossier], serve=False, out=Reporter(stdout=io.StringIO()), output_root=dossier / "build")


# ---------------------------------------------------------------------- the one pipeline in watch mode

BSN = "111222333"  # passes the elfproef


def signed_by_everyone(session: Session) -> Path:
    """The signed copies saved into ondertekend/ while watching: DUO's zip is made (no document again)."""
    zip_path = session.output("voorbeeld-aanvraag.zip")
    assert not zip_path.exists()  # the example, unsigned: ready to be signed, not to submit
    put_signed(session.dossier)
    wait_until(zip_path.is_file, "DUO's zip once everyone signed", session)
    return zip_path


def test_an_edit_in_watch_mode_refreshes_the_checklist_and_the_zip(session: Session) -> None:
    """Watch runs the whole pipeline: the zip goes when the dossier stops being ready, and comes back."""
    zip_path = signed_by_everyone(session)
    checklist = session.output("checklist.html")
    wait_until(lambda: "Klaar om in te dienen" in checklist.read_text(encoding="utf-8"), "checklist klaar", session)
    good = session.yaml.read_text(encoding="utf-8")
    save_atomically(session.yaml, good.replace("  naam: Samen op de Rails", f"  naam: Samen op de Rails {BSN}", 1))
    wait_until(lambda: not zip_path.exists() and "PRIV-BSN" in checklist.read_text(encoding="utf-8"),
               "zip removed and checklist showing the BSN", session)
    assert "Nog niet klaar" in checklist.read_text(encoding="utf-8")
    save_atomically(session.yaml, good)
    wait_until(lambda: zip_path.is_file() and "Klaar om in te dienen" in checklist.read_text(encoding="utf-8"),
               "zip back and checklist klaar", session)


def test_an_invalid_save_in_watch_mode_removes_the_zip_and_the_checklist(session: Session) -> None:
    zip_path = signed_by_everyone(session)
    good = session.yaml.read_text(encoding="utf-8")
    save_atomically(session.yaml, good.replace("aantal_leerlingen: 12", "aantal_leerlingen: twaalf"))
    wait_until(lambda: not zip_path.exists() and not session.output("checklist.html").exists(),
               "zip and checklist removed", session)
    assert session.output("projectplan.pdf").is_file()  # the last good documents stay for the preview
    save_atomically(session.yaml, good)
    wait_until(zip_path.is_file, "zip back", session)


def test_a_bsn_saved_into_an_answer_shows_on_every_preview_page(session: Session, server: PreviewServer) -> None:
    signed_by_everyone(session)
    wait_until(lambda: "✓ Klaar om in te dienen" in _get(server.url + "voorbeeld/projectplan"), "klaar", session)
    assert 'href="/voorbeeld/checklist.html"' in _get(server.url + "voorbeeld/projectplan")
    good = session.yaml.read_text(encoding="utf-8")
    save_atomically(session.yaml, good.replace("  naam: Samen op de Rails", f"  naam: Samen op de Rails {BSN}", 1))
    wait_until(lambda: "PRIV-BSN" in _get(server.url + "voorbeeld/projectplan"), "the verdict on the page", session)
    for doc in ALL_DOCS:
        page = _get(server.url + f"voorbeeld/{doc}")
        verdict = page[page.index('id="dossier-oordeel"'):]
        verdict = verdict[:verdict.index("</div>")]
        assert "Niet klaar — gegevens die naar een leerling leiden" in verdict, doc
        assert "Privacy:" in verdict and "PRIV-BSN" in verdict, doc
    checklist = _get(server.url + "voorbeeld/checklist.html")
    assert "PRIV-BSN" in checklist


def test_a_saved_checklist_template_makes_the_checklist_again_and_no_document(session: Session) -> None:
    """The checklist's template fed nothing in watch mode: a consultant's edit showed only after the
    next save of a dossier."""
    before = session.stamps()
    template = session.templates / "checklist" / "checklist.html"
    marker = "Nagekeken door het regiobureau."
    text = template.read_text(encoding="utf-8")
    save_atomically(template, text.replace("</body>", f"<p>{marker}</p></body>", 1))
    wait_until(lambda: marker in session.output("checklist.html").read_text(encoding="utf-8"),
               "checklist from the new template", session)
    session.settle()
    assert session.stamps() == before
    assert re.search(r"^\d\d:\d\d:\d\d voorbeeld: controlelijst — \d+ ms$", session.stdout.getvalue(), re.M)


def test_an_edit_renders_again_only_the_document_that_shows_it(session: Session) -> None:
    """An answer only the projectplan shows: the projectplan is made again, DOCX and PDF; the other
    documents keep their files (bytes and mtime), in watch mode as in a build."""
    lines_before = len(session.stdout.getvalue().splitlines())
    before = session.stamps()
    good = session.yaml.read_text(encoding="utf-8")
    marker = "Een extra zin die alleen het projectplan toont."
    at = good.index("  bijdrage_experiment:")
    end = good.index("\n", at)
    save_atomically(session.yaml, good[:end + 1] + f"    {marker}\n" + good[end + 1:])
    wait_until(lambda: marker in pdf_text(session.output("projectplan.pdf")), "projectplan PDF updated", session)
    session.settle()
    new_lines = session.stdout.getvalue().splitlines()[lines_before:]
    assert [re.sub(r"^\S+ | — \d+ ms$", "", x) for x in new_lines] == ["voorbeeld: projectplan (docx+pdf)"]
    after = session.stamps()
    assert sorted(name for name in before if after[name] != before[name]) == ["projectplan.docx", "projectplan.pdf"]


def test_the_preview_server_needs_only_the_results_it_is_handed(tmp_path: Path) -> None:
    """No watcher: a stand-in with the build's results and page function is enough (the seam)."""
    from pipeline.watch.server import PreviewServer
    from pipeline.watch.watcher import DossierState

    dossier = tmp_path / "inputs" / "proef"
    shutil.copytree(EXAMPLE, dossier)
    loaded = load_dossier(dossier)
    state = DossierState(loaded=loaded, klaar=True, verdict="klaar om in te dienen", generation=3)
    state.pages["projectplan"] = "<!DOCTYPE html><html><body><p>Pagina van de build</p></body></html>"

    class Results:
        output_root = tmp_path / "build"
        generation = 3
        stopping = False

        def dossiers(self) -> list[Path]:
            return [dossier]

        def state(self, folder: Path) -> DossierState:
            return state

        def wait_for_generation(self, seen: int, timeout: float) -> int:
            return 3

        def wait_idle(self, timeout: float) -> None:
            return None

        def render_page(self, loaded: Any, document_id: str) -> str:
            return f"<!DOCTYPE html><html><body><p>Gemaakt: {document_id}</p></body></html>"

    srv = PreviewServer(Results(), 0)
    srv.start()
    try:
        page = _get(srv.url + "proef/projectplan")
        assert "Pagina van de build" in page and "✓ Klaar om in te dienen" in page
        assert "Gemaakt: samenwerkingsovereenkomst" in _get(srv.url + "proef/samenwerkingsovereenkomst")
    finally:
        srv.stop()


def test_a_broken_voortgang_is_said_in_the_terminal_and_the_documents_stay(session: Session) -> None:
    """Progress is no input of a document: a typo in voortgang.yaml is said, as ``dossier build``
    says it, and leaves every document as it was."""
    before = {name: session.output(name).read_bytes() for name in OUTPUTS}
    save_atomically(session.dossier / "voortgang.yaml", "ingediend_bij_duo: gisteren\n")
    wait_until(lambda: "voortgang.yaml" in session.stderr.getvalue(), "the progress problem", session)
    session.settle()
    assert "voortgang.yaml:1" in session.stderr.getvalue() and "ingediend_bij_duo" in session.stderr.getvalue()
    assert {name: session.output(name).read_bytes() for name in OUTPUTS} == before
