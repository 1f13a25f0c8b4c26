"""Every page of a signed document says, machine-readably, which document, version and page it is.

One source: the Word template's footer holds a DISPLAYBARCODE field with PAGE and NUMPAGES inside,
which Word draws on every page; the PDF draws each page's own code where that field stands
(``render.qr_pdf``). The example's PDFs are read back here as a scan of a signed copy will be
(pypdfium2 at 150 dpi, zxing-cpp, ``sign.code.from_qr``), and a signed document's template without
the field is a lint error.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from docx import Document as open_docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from pipeline.commands.templates import templates_check
from pipeline.documents import BY_ID, DOCUMENTEN
from pipeline.read.validate import load_dossier
from pipeline.render.version import version_code
from pipeline.render.word_fields import PAGE_MARK, TOTAL_MARK, barcode, field_codes
from pipeline.sign.code import PageCode, from_qr, from_text
from pipeline.templates import TEMPLATES
from pipeline.ui import Reporter
from tests.conftest import EXAMPLE
from tests.runs import render_folder

SIGNED = [d.id for d in DOCUMENTEN if d.getekend]
DPI = 150  # what the scans of signed paper copies are read at


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    rendering = render_folder(EXAMPLE, output_root=out, only=[*SIGNED, "projectplan"])
    assert rendering.ok, rendering.errors
    return rendering.output


@pytest.fixture(scope="module")
def versions() -> dict[str, str]:
    loaded = load_dossier(EXAMPLE)
    return {doc_id: version_code(loaded, BY_ID[doc_id]) for doc_id in SIGNED}


def read_pages(pdf: Path) -> list[tuple[list[str], str]]:
    """Per page: the text of every QR code found on its image at ``DPI``, and its text layer."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            pages.append(([code.text for code in zxingcpp.read_barcodes(image)], page.get_textpage().get_text_range()))
        return pages
    finally:
        document.close()


@pytest.mark.parametrize("doc_id", SIGNED)
def test_every_page_of_a_signed_pdf_has_its_own_qr_code(built: Path, versions: dict[str, str], doc_id: str) -> None:
    pdf = built / BY_ID[doc_id].bestand("pdf")
    pages = read_pages(pdf)
    total = len(pages)
    assert total > 1
    for number, (codes, text) in enumerate(pages, start=1):
        assert from_text(text) == PageCode(versions[doc_id], number, total)  # the footer line people read…
        assert [from_qr(code) for code in codes] == [  # …and the code a machine reads
            PageCode(versions[doc_id], number, total, document=doc_id)]
    for page in PdfReader(pdf).pages:  # drawn after the page, in its own state, as no text
        content = page.get_contents().get_data()
        assert content.startswith(b"q\n") and content.endswith(b"Q\nEMC") and b"/Artifact BMC" in content


def test_a_document_that_is_not_signed_has_no_qr_code(built: Path) -> None:
    pages = read_pages(built / BY_ID["projectplan"].bestand("pdf"))
    assert pages and all(not codes for codes, _ in pages)


def test_the_word_footers_carry_the_field_with_the_rendered_version(built: Path, versions: dict[str, str]) -> None:
    for doc_id in SIGNED:
        section = open_docx(str(built / BY_ID[doc_id].bestand("docx"))).sections[0]
        assert section.different_first_page_header_footer
        for footer in (section.footer, section.first_page_footer):
            codes = [found for code in field_codes(footer._element) if (found := barcode(code)) is not None]
            assert [(code.data, code.kind) for code in codes] == [
                (f"OZA:{doc_id}:{versions[doc_id]}:{PAGE_MARK}:{TOTAL_MARK}", "QR")]
            assert codes[0].size_mm == pytest.approx(16, abs=0.1)  # 150 dpi: ≈2.7 pixels a module


@pytest.mark.parametrize(("code", "data", "kind", "error", "size"), [
    (' DISPLAYBARCODE "OZA:x:\ue000:\ue001" QR \\q 1 \\h 907 ', "OZA:x:\ue000:\ue001", "QR", "M", 16.0),
    (' displaybarcode "a \\"b\\"" qr \\q 3 \\h 850 \\s 50 ', 'a "b"', "QR", "H", 7.5),
    (" DISPLAYBARCODE 0123 CODE128 \\t", "0123", "CODE128", "M", 15.0),  # no \h: our default size
])
def test_a_barcode_field_is_read_as_word_reads_it(code: str, data: str, kind: str, error: str, size: float) -> None:
    found = barcode(code)
    assert found is not None
    assert (found.data, found.kind, found.error, found.size_mm) == (data, kind, error, pytest.approx(size, abs=0.01))
    assert barcode(" PAGE ") is None


# ------------------------------------------------------------------ the lint


def lint(folder: Path) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = templates_check([folder], out=Reporter(stdout=stdout, stderr=stderr))
    return code, stdout.getvalue() + stderr.getvalue()


def agreement_override(folder: Path, edit: Callable[[WordDocument], None]) -> Path:
    """The dossier's own samenwerkingsovereenkomst: the shipped one with ``edit`` done to it."""
    name = "samenwerkingsovereenkomst"
    document = open_docx(str(TEMPLATES / name / f"{name}.docx"))
    edit(document)
    target = folder / "templates" / name / f"{name}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def _codes(document: WordDocument) -> list:
    section = document.sections[0]
    return [t for footer in (section.footer, section.first_page_footer) for t in footer._element.iter(qn("w:instrText"))
            if "DISPLAYBARCODE" in (t.text or "")]


def without_qr_code(document: WordDocument) -> None:
    for instr in _codes(document):
        paragraph = instr.getparent().getparent()
        for run in paragraph.findall(qn("w:r")):
            paragraph.remove(run)


def with_the_title_for_the_document(document: WordDocument) -> None:
    for instr in _codes(document):
        instr.text = instr.text.replace("{{ document.id }}", "{{ document.titel }}")


def without_a_first_page_footer(document: WordDocument) -> None:
    sect = document.sections[0]._sectPr
    for ref in sect.findall(qn("w:footerReference")):
        if ref.get(qn("w:type")) == "first":
            sect.remove(ref)


def test_a_signed_template_without_the_qr_code_is_an_error(example_copy: Path) -> None:
    path = agreement_override(example_copy, without_qr_code)
    code, output = lint(example_copy)
    assert code == 1
    for footer in ("voettekst", "voettekst van de eerste pagina"):
        assert (f"{path} ({footer}): Samenwerkingsovereenkomst wordt ondertekend, maar deze voettekst heeft geen "
                "QR-code: zonder die code is een gescande pagina niet terug te vinden") in output
    assert '{ DISPLAYBARCODE "OZA:{{ document.id }}:{{ document.versie }}:{ PAGE }:{ NUMPAGES }" QR' in output
    assert "2 problemen" in output


def test_a_qr_code_that_does_not_name_the_document_is_an_error(example_copy: Path) -> None:
    path = agreement_override(example_copy, with_the_title_for_the_document)
    code, output = lint(example_copy)
    assert code == 1
    assert (f"{path} (voettekst): de QR-code zegt ‘OZA:{{{{ document.titel }}}}:{{{{ document.versie }}}}:{{ PAGE }}:"
            "{ NUMPAGES }’, maar moet het document, de versie, de pagina en het aantal pagina's dragen") in output


def test_a_first_page_that_shows_no_footer_is_an_error(example_copy: Path) -> None:
    """Word's 'different first page' with no footer of its own leaves page 1 without a code."""
    path = agreement_override(example_copy, without_a_first_page_footer)
    code, output = lint(example_copy)
    assert code == 1
    assert (f"{path} (voettekst van de eerste pagina): Samenwerkingsovereenkomst wordt ondertekend, maar deze "
            "pagina's hebben geen voettekst") in output
    assert f"{path} (voettekst):" not in output


@pytest.mark.parametrize("expression", ["{{ 1/0 }}", "{{ 'x'.encode('a') }}", "{{ 10**400 * 1.0 }}",
                                        "{{ 'x'|truncate(-1) }}", "{{ document.id|int }}"])
def test_a_qr_code_whose_expression_fails_is_a_lint_error_not_a_crash(example_copy: Path, expression: str) -> None:
    """Class: any error an expression in the code's field raises (not only Jinja's own): the lint says the code
    does not read back, the consultant sees where, and ``dossier templates check`` never ends in a traceback."""
    def failing(document: WordDocument) -> None:
        for instr in _codes(document):
            instr.text = instr.text.replace("{{ document.id }}", expression)

    path = agreement_override(example_copy, failing)
    code, output = lint(example_copy)
    assert code == 1 and "Traceback" not in output, output
    assert f"{path} (voettekst): de QR-code zegt ‘OZA:{expression}:" in output, output
