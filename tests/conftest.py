"""Shared fixtures: the example dossier and cheap ways to make broken copies of it."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import pipeline.templates

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "voorbeeld"
EXAMPLE_YAML = EXAMPLE / "dossier.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="property tests with ten times more examples")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--slow"):
        os.environ["HYPOTHESIS_PROFILE"] = "slow"
    if os.environ.get("HYPOTHESIS_PROFILE") != "slow":
        # make test and CI try the same examples every run (chosen per test from its name): a run that
        # lands must not fail on a draw of luck. ``--slow`` draws new ones, ten times as many: that is how
        # new cases are found (and then kept as tests of their own).
        from hypothesis import settings

        settings.register_profile("vast", derandomize=True, print_blob=True)
        settings.load_profile("vast")
    config.addinivalue_line("markers", "real_layout: this test checks layout reuse itself: no PDF memo "
                                       "(tests/pdfmemo.py)")


@pytest.fixture(scope="session", autouse=True)
def _ready_to_fork() -> None:
    """Once per test process, before any test: weasyprint imported, fontconfig set up, and what
    exists then frozen out of garbage collection. Every build a test runs in this process
    (``run(["build", ...])``) forks its PDF workers from here; each worker then finds weasyprint
    ready instead of importing it again, and its start-up ``gc.collect()`` (``tune_gc``) no
    longer walks, and so copies, the whole test process. Measured: ≈15 % less CPU for
    test_fences.py and test_messages_consultants.py (half from each). The cold path, a fresh
    ``dossier`` process, is what the tests that start one still run."""
    import gc

    from pipeline.render import pdf

    pdf.warm_up()
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _frozen_before_each_test(_ready_to_fork: None) -> None:
    """Before each test, what the process holds is collected and frozen again (as ``_ready_to_fork`` does
    once): a build in the test forks PDF workers, and each worker's start-up ``gc.collect()`` then walks
    only what the test itself made, instead of everything earlier tests left (measured on test_run.py and
    test_pipeline.py: that walk, copying the pages it touches, was 13 % of their samples)."""
    import gc

    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def _pdf_memo(_ready_to_fork: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each page the pipeline lays out is laid out once per session (tests/pdfmemo.py says why a hit is
    the same bytes): builds of the example in many tests then cost what their other stages cost.
    Shared by the xdist workers through the session's temporary folder. ``DOSSIER_TEST_PDF_MEMO=0``
    lays out everything, as the suite did before."""
    if os.environ.get("DOSSIER_TEST_PDF_MEMO", "1") == "0":
        yield
        return
    from tests import pdfmemo

    base = tmp_path_factory.getbasetemp()
    pdfmemo.install((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "pdf-memo")
    yield
    pdfmemo.uninstall()


@pytest.fixture(autouse=True)
def _real_layout(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test marked ``real_layout`` lays out every PDF itself (it checks what the layout cache reuses)."""
    if request.node.get_closest_marker("real_layout") is None:
        yield
        return
    from tests import pdfmemo

    was = pdfmemo.enable(False)
    yield
    pdfmemo.enable(was)


CTRL_C_AS_IN_A_TERMINAL = (
    "import signal\n"
    "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
)
"""The first lines of a script a test starts to press Ctrl-C in: a shell that starts ``make test`` in the
background (``make test &``, a CI runner, nohup) leaves SIGINT ignored, every child inherits that across
exec, and Python then keeps it ignored, so the Ctrl-C would never arrive. A terminal's foreground process
gets it; the script asks for that first."""


WEB_REQUESTS: list[str] = []  # every request the `web` fixture's server received


class _Recorder(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        WEB_REQUESTS.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG\r\n\x1a\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[str]:
    """A web server on this machine that records every request (to prove nothing is fetched)."""
    WEB_REQUESTS.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example dossier folder (bijlagen included)."""
    target = tmp_path / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private project: inputs/voorbeeld and templates/ copied, the templates root pointed there."""
    shutil.copytree(EXAMPLE, tmp_path / "inputs" / "voorbeeld")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.setattr(pipeline.templates, "TEMPLATES", tmp_path / "templates")
    return tmp_path


@pytest.fixture
def dossier_with(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text into a fresh dossier folder and return the folder."""

    def make(text: str, name: str = "x") -> Path:
        folder = tmp_path / "inputs" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "dossier.yaml").write_text(text, encoding="utf-8")
        return folder

    return make


def example_text() -> str:
    return EXAMPLE_YAML.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def word_override(
    folder: Path,
    document_id: str,
    *,
    add: Iterable[str] = (),
    replace: Mapping[str, str] | None = None,
) -> Path:
    """Give dossier ``folder`` its own Word template of ``document_id`` (the override a
    consultant makes): the shipped one, with the paragraphs ``add`` appended at the end and,
    in every paragraph that contains a key of ``replace``, that text replaced. Returns its path."""
    from docx import Document as open_docx

    from pipeline.templates import TEMPLATES

    document = open_docx(str(TEMPLATES / document_id / f"{document_id}.docx"))
    for old, new in (replace or {}).items():
        found = [p for p in _all_paragraphs(document) if old in p.text]
        assert found, f"{old!r} is not in the shipped {document_id}.docx"
        for paragraph in found:
            text = paragraph.text.replace(old, new)
            for run in paragraph.runs[1:]:
                run._element.getparent().remove(run._element)
            paragraph.runs[0].text = text
    for text in add:
        document.add_paragraph(text)
    target = folder / "templates" / document_id / f"{document_id}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def _all_paragraphs(document: Any) -> Iterator[Any]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


# ------------------------------------------------------------------ signed copies (the signing round)

_SIGNED: dict[str, dict[str, bytes]] = {}


def signed_now(folder: Path) -> dict[str, bytes]:
    """The form and agreement of the dossier in ``folder`` as it is now, rendered apart and digitally
    signed by everyone who must sign them (test keys made in this process): file name in
    ondertekend/ → bytes."""
    import tempfile

    from pipeline.check.signatures import sign_state
    from pipeline.documents import BY_ID
    from pipeline.paths import Places
    from pipeline.read.validate import load_dossier
    from tests.runs import render_folder
    from tests.signing import sign, signer

    state = sign_state(load_dossier(folder), None)
    with tempfile.TemporaryDirectory() as tmp:
        render_folder(folder, output_root=Path(tmp), only=tuple(state.nodig), formats=("pdf",))
        places = Places.of(folder, Path(tmp))
        return {
            f"{doc_id}.pdf": sign(places.document(BY_ID[doc_id].bestandsnaam, "pdf").read_bytes(),
                                  *(signer(s.naam, s.partij.naam) for s in signers))
            for doc_id, signers in state.nodig.items()
        }


def signed_copies(name: str = "voorbeeld") -> dict[str, bytes]:
    """The shipped example ``name``, signed by everyone (``signed_now``), made once per test process: a
    version code depends on what a document says, not on the day or where the folder is."""
    if name not in _SIGNED:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "inputs" / name
            shutil.copytree(ROOT / "inputs" / name, folder)
            _SIGNED[name] = signed_now(folder)
    return _SIGNED[name]


def put_signed(folder: Path, copies: Mapping[str, bytes] | None = None) -> Path:
    """``folder``/ondertekend/ with signed copies (default: of the shipped example of the same name, which
    hold while the answers the form and agreement show are the example's). Returns ondertekend/."""
    target = folder / "ondertekend"
    target.mkdir(exist_ok=True)
    for file, data in (copies if copies is not None else signed_copies(folder.name)).items():
        (target / file).write_bytes(data)
    return target


def sign_now(folder: Path) -> Path:
    """Sign the dossier in ``folder`` as it is now (after a test changed its answers)."""
    return put_signed(folder, signed_now(folder))


@pytest.fixture
def signed_example(example_copy: Path) -> Path:
    """A private copy of the example dossier, signed by every party: ready to submit, DUO's zip made."""
    put_signed(example_copy)
    return example_copy
