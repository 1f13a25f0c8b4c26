"""The tests' PDF memo (tests/pdfmemo.py) gives a page only where a real layout would give the same bytes.

Class: a page asked for from another folder than the one it was laid out in (every test works in its own
copy of the templates and the dossier). A false hit would let a test pass on another test's PDF; so each
way the page could depend on its folder is tried: a link that names the folder, a file it fetches that
differs there, and the case that may be served, whose bytes must then be a real layout's.
"""

from __future__ import annotations

import io
import os
import shutil
import uuid
from pathlib import Path

import pikepdf
import pytest

from pipeline.render import pdf
from pipeline.render.pdf import PdfOptions
from tests import pdfmemo

pytestmark = pytest.mark.skipif(os.environ.get("DOSSIER_TEST_PDF_MEMO", "1") == "0", reason="geen PDF-geheugen")


def _folder(root: Path, name: str, css: str = "p { color: #123456 }") -> PdfOptions:
    folder = root / name / "sjablonen"
    folder.mkdir(parents=True)
    (folder / "stijl.css").write_text(css, encoding="utf-8")
    return PdfOptions(base_url=folder, allowed_roots=(folder,), title="t", author="a", subject="s", keywords=(),
                      attachment=None)


def _page(body: str) -> str:
    return (f'<!DOCTYPE html><html><head><link rel="stylesheet" href="stijl.css"></head>'
            f"<body><p>{uuid.uuid4()}</p>{body}</body></html>")


def _uris(made: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(made)) as document:
        return [str(obj.A.URI) for obj in document.objects
                if isinstance(obj, pikepdf.Dictionary) and "/A" in obj and "/URI" in obj.A]


def _real(html: str, options: PdfOptions) -> bytes:
    was = pdfmemo.enable(False)
    try:
        return pdf.render_pdf(html, options)
    finally:
        pdfmemo.enable(was)


def test_a_page_that_names_its_folder_is_laid_out_again_in_another(tmp_path: Path) -> None:
    html = _page('<p><a href="bijlage.html">zie de bijlage</a></p>')
    first, second = _folder(tmp_path, "een"), _folder(tmp_path, "twee")
    assert _uris(pdf.render_pdf(html, first)) == [(first.base_url / "bijlage.html").as_uri()]
    hits = pdfmemo.counts()[0]
    assert _uris(pdf.render_pdf(html, second)) == [(second.base_url / "bijlage.html").as_uri()]
    assert pdfmemo.counts()[0] == hits


def test_a_page_whose_file_differs_in_another_folder_is_laid_out_again(tmp_path: Path) -> None:
    html = _page("")
    first, second = _folder(tmp_path, "een"), _folder(tmp_path, "twee", css="p { color: #654321 }")
    made = pdf.render_pdf(html, first)
    hits = pdfmemo.counts()[0]
    again = pdf.render_pdf(html, second)
    assert pdfmemo.counts()[0] == hits and again != made


def test_a_page_without_a_trace_of_its_folder_is_served_with_a_real_layouts_bytes(tmp_path: Path) -> None:
    html = _page("")
    first, second = _folder(tmp_path, "een"), _folder(tmp_path, "twee")
    pdf.render_pdf(html, first)
    hits = pdfmemo.counts()[0]
    served = pdf.render_pdf(html, second)
    assert pdfmemo.counts()[0] == hits + 1
    shutil.rmtree(first.base_url)  # what the real layout in the second folder makes owes nothing to the first
    assert served == _real(html, second)
