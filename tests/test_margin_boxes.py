"""Headers and footers of plain text and page numbers are laid out as ``@page`` margin boxes
(``render.margin_boxes``), the rest stays a running element; what a reader sees is the same:
the same header and footer text on every page, the page numbers right on every page (a first
page with a header of its own included), the same pixels, and the QR code footer of a signed
document still working."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from pipeline.documents import BY_ID, documents_for
from pipeline.read.validate import LoadedDossier, load_dossier
from pipeline.render import margin_boxes
from pipeline.render.documents import document_pdf_options
from pipeline.render.html import render_html
from pipeline.render.margin_boxes import footer_boxes, header_boxes
from pipeline.render.pdf import render_pdf
from pipeline.render.qr_pdf import has_page_codes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "inputs" / "voorbeeld", ROOT / "inputs" / "voorbeeld-individueel"]
STYLESHEET = (ROOT / "templates" / "stijl.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.name)
def example(request: pytest.FixtureRequest) -> LoadedDossier:
    return load_dossier(request.param)


def _running(monkeypatch: pytest.MonkeyPatch) -> None:
    """The converter as it was: every header and footer a running element."""
    monkeypatch.setattr(margin_boxes, "header_boxes", lambda *_: None)
    monkeypatch.setattr(margin_boxes, "footer_boxes", lambda *_: None)


def _pdf(loaded: LoadedDossier, document_id: str) -> bytes:
    return render_pdf(render_html(loaded, document_id), document_pdf_options(loaded, BY_ID[document_id]))


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _images(pdf: bytes) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    return [page.render(scale=60 / 72).to_pil().convert("L") for page in document]


def _differing(a: Image.Image, b: Image.Image) -> tuple[int, int]:
    """How many pixels differ, and by at most how much (0–255)."""
    histogram = ImageChops.difference(a, b).histogram()
    return sum(histogram[1:]), max((level for level, count in enumerate(histogram) if count), default=0)


def test_every_page_has_the_same_header_and_footer_and_its_own_page_number(
        example: LoadedDossier, monkeypatch: pytest.MonkeyPatch) -> None:
    for doc in documents_for(example)[0]:
        boxes = _pdf(example, doc.id)
        with monkeypatch.context() as patched:
            _running(patched)
            running = _pdf(example, doc.id)
        pages = _pages(boxes)
        assert pages == _pages(running), doc.id  # every page's text, header and footer included
        for number, text in enumerate(pages, start=1):
            assert f"pagina {number} van {len(pages)}" in text, (doc.id, number)
        header = re.search(r'<p class="header">([^<]*)</p>', render_html(example, doc.id, preview=True))
        assert header is not None
        title = header.group(1).replace("&amp;", "&")
        assert title not in pages[0]  # the first page has a header of its own (empty here)
        assert all(title in text for text in pages[1:]), doc.id


def test_the_pages_look_the_same_as_with_running_elements(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_dossier(EXAMPLES[0])
    for document_id in ("projectplan", "aanmeldformulier"):
        boxes = _images(_pdf(loaded, document_id))
        with monkeypatch.context() as patched:
            _running(patched)
            running = _images(_pdf(loaded, document_id))
        assert len(boxes) == len(running)
        for number, (a, b) in enumerate(zip(boxes, running, strict=True), start=1):
            count, most = _differing(a, b)
            # the same pixels; at most the edges of a few glyphs of the page numbers, placed a fraction of
            # a pixel apart (the margin box's one line against the element's inline boxes)
            assert count <= 40 and most <= 48, (document_id, number, count, most)


def test_plain_headers_and_footers_become_margin_boxes_and_the_qr_footer_stays_running(
        example: LoadedDossier) -> None:
    plan = render_html(example, "projectplan")
    assert 'class="kop' not in plan and 'class="voet' not in plan
    assert "@top-center { content: \"Projectplan" in plan
    assert 'counter(page) " van " counter(pages)' in plan
    signed = render_html(example, "samenwerkingsovereenkomst")  # the footer holds the page's QR code
    assert '<div class="voet">' in signed and has_page_codes(signed)
    assert "content: element(voet)" in signed and 'class="kop"' not in signed


def test_the_preview_keeps_its_header_on_screen(example: LoadedDossier) -> None:
    assert '<div class="kop"><p class="header">' in render_html(example, "projectplan", preview=True)


FOOTER = ('<table class="kaderloos"><colgroup><col class="direct:1"><col class="direct:2"></colgroup><tbody><tr>'
          '<td><p class="footer">Projectplan</p></td><td><p class="footer direct:3">pagina '
          '<span class="paginanummer"></span> van <span class="paginatotaal"></span></p></td></tr></tbody></table>')
DIRECT = {"direct:1": "width: 60%", "direct:2": "width: 40%", "direct:3": "text-align: right"}


def test_what_the_converter_turns_into_margin_boxes() -> None:
    header = header_boxes('<p class="header">Plan · &quot;De Brug&quot; &amp; co</p>', STYLESHEET, {})
    assert header is not None
    assert header["top-center"].startswith('content: "Plan · \\"De Brug\\" & co"')
    assert "font-size: 8.5pt" in header["top-center"] and "margin-bottom: 3mm" in header["top-center"]
    footer = footer_boxes(FOOTER, STYLESHEET, DIRECT)
    assert footer is not None and set(footer) == {"bottom-left", "bottom-right"}
    assert footer["bottom-right"].startswith('content: "pagina " counter(page) " van " counter(pages)')
    assert header_boxes('<p class="leeg"></p>', STYLESHEET, {}) == {}  # an empty header: nothing drawn


@pytest.mark.parametrize("html", [
    '<p class="header">Plan <b>vet</b></p>',  # formatting within the text
    '<p class="header">Plan</p><p class="header">twee</p>',  # two paragraphs
    '<p class="header"><img src="logo.png"></p>',  # an image
    FOOTER.replace("</tr>", '<td><p class="footer">derde</p></td></tr>'),  # a third column
    FOOTER.replace('<p class="footer direct:3">', '<p class="footer">'),  # page numbers not right-aligned
])
def test_anything_else_stays_a_running_element(html: str) -> None:
    to_boxes = footer_boxes if html.startswith("<table") else header_boxes
    assert to_boxes(html, STYLESHEET, DIRECT) is None


def test_a_style_the_converter_does_not_know_keeps_the_running_element() -> None:
    shaded = STYLESHEET + "\n.header { background: #eee; }\n"
    assert header_boxes('<p class="header">Plan</p>', shaded, {}) is None
    spaced = STYLESHEET + "\n.header { margin: 0 0 4pt; }\n"
    assert header_boxes('<p class="header">Plan</p>', spaced, {}) is None


@pytest.mark.parametrize("name", ['</style><script>alert(1)</script>', 'Zorg & Co <b>vet</b> "dubbel" \\ slash'])
def test_an_answer_in_a_margin_box_stays_text_in_the_page_and_in_the_pdf(name: str) -> None:
    """Class: text from an answer inside the page's <style> (a margin box's CSS string): no element can
    end the style or start markup, and the PDF prints the answer as typed."""
    from dataclasses import replace as with_

    loaded = load_dossier(Path(__file__).resolve().parent.parent / "inputs" / "voorbeeld")
    arrangement = loaded.dossier.arrangement.model_copy(update={"naam": name})
    loaded = with_(loaded, dossier=loaded.dossier.model_copy(update={"arrangement": arrangement}))
    html = render_html(loaded, "projectplan")
    style = html.split("<style", 1)[1].split("</style>", 1)[0]
    assert "<" not in style.split(">", 1)[1] and "</style><script" not in html
    pages = _pages(_pdf(loaded, "projectplan"))
    assert all(name.replace("\\", "\\") in page for page in pages[1:]), pages[1][:200]
