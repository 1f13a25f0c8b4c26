"""What Word shows is what the PDF and the preview show: hidden text stays hidden, a header's logo appears.

Class (hidden): every way Word hides a run — its own ``w:vanish``, a character style, a paragraph style,
a style it is based on — leaves the text out, and a run that says ``w:vanish w:val="0"`` in a hidden
paragraph style shows. Class (pictures in headers and footers): a picture is found through the
relationships of the part it is in, not only the main text's.
"""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from pipeline.cli import run
from pipeline.render.docx_html import PageInfo, document_html, hidden_texts
from pipeline.render.pdf import PdfOptions, render_pdf
from pipeline.templates import TEMPLATES
from tests.conftest import EXAMPLE, word_override
from tests.test_docx_html import add, main_of, p, r, text, tree_of
from tests.textutil import normalise, pdf_image_sizes, pdf_text

VANISH = "<w:vanish/>"
# a 4×4 red PNG
LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAEAQMAAACTPww9AAAAA1BMVEX/AAAZ4gk3AAAAC0lEQVQI12NgQAYAAA4AAamRc7EAAAAASUVORK5CYII=")


def _styled(document: docx.document.Document, name: str, kind: WD_STYLE_TYPE, *, hidden: bool | None,
            based_on: str | None = None) -> None:
    style = document.styles.add_style(name, kind)
    if based_on:
        style.base_style = document.styles[based_on]
    if hidden is not None:
        rpr = style.element.get_or_add_rPr()
        vanish = rpr.makeelement(qn("w:vanish"), {} if hidden else {qn("w:val"): "0"})
        rpr.append(vanish)


def test_every_way_word_hides_a_run_leaves_it_out_and_an_explicit_unhide_shows() -> None:
    document = docx.Document()
    _styled(document, "Notitie", WD_STYLE_TYPE.CHARACTER, hidden=True)
    _styled(document, "NotitieAlinea", WD_STYLE_TYPE.PARAGRAPH, hidden=True)
    _styled(document, "AfgeleideNotitie", WD_STYLE_TYPE.PARAGRAPH, hidden=None, based_on="NotitieAlinea")
    add(document,
        p(r("Zichtbaar "), r("GEHEIM-1 klant betaalt slecht", VANISH), r("en verder.")),
        p(r("Ook "), r("GEHEIM-2", '<w:rStyle w:val="Notitie"/>'), r("zichtbaar.")),
        p(r("GEHEIM-3 hele alinea"), ppr='<w:pStyle w:val="NotitieAlinea"/>'),
        p(r("GEHEIM-4 via basedOn"), r(" toch getoond", '<w:vanish w:val="0"/>'),
          ppr='<w:pStyle w:val="AfgeleideNotitie"/>'),
        p(r("GEHEIM-5 met verborgen alineamarkering", VANISH), ppr=f"<w:rPr>{VANISH}</w:rPr>"),
        p(r("GEHEIM-6 met zichtbare alineamarkering", VANISH)),
        p(r("Slot.")))
    main = main_of(document)
    shown = text(main)
    assert "GEHEIM" not in shown, shown
    # a paragraph whose text and mark are hidden takes no line; one whose mark shows stays a (blank) line
    assert [text(paragraph) for paragraph in main.findall(".//p")] == [
        "Zichtbaar en verder.", "Ook zichtbaar.", "toch getoond", "", "Slot."]
    assert [t for _, t in hidden_texts(document)] == [
        "GEHEIM-1 klant betaalt slecht", "GEHEIM-2", "GEHEIM-3 hele alinea", "GEHEIM-4 via basedOn",
        "GEHEIM-5 met verborgen alineamarkering", "GEHEIM-6 met zichtbare alineamarkering"]


def test_hidden_text_in_a_header_is_left_out_too() -> None:
    document = docx.Document()
    document.add_paragraph("Tekst")
    header = document.sections[0].header.paragraphs[0]
    header.add_run("Kop ")
    header.add_run("GEHEIM in de kop").font.hidden = True
    tree = tree_of(document)
    assert normalise(tree.find(".//div[@class='kop']").text_content()) == "Kop"
    assert hidden_texts(document) == [("koptekst", "GEHEIM in de kop")]


def _logo_in_header(document: docx.document.Document) -> None:
    header = document.sections[0].header.paragraphs[0]
    header.add_run("Gemeente ").add_picture(io.BytesIO(LOGO), width=docx.shared.Mm(12))
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run().add_picture(io.BytesIO(LOGO), width=docx.shared.Mm(6))


def test_a_logo_in_the_header_and_footer_is_in_the_html_and_on_every_page_of_the_pdf() -> None:
    document = docx.Document()
    _logo_in_header(document)
    add(document, p(r("Eerste pagina")), p('<w:r><w:br w:type="page"/></w:r>'), p(r("Tweede pagina")))
    tree = tree_of(document)
    for kind, width in (("kop", "12.0mm"), ("voet", "6.0mm")):
        image = tree.find(f".//div[@class='{kind}']//img")
        assert image is not None and image.get("src", "").startswith("data:image/png;base64,"), kind
        assert f"width: {width}" in image.get("style", "")
    stylesheet = (TEMPLATES / "stijl.css").read_text(encoding="utf-8")
    html = document_html(document, info=PageInfo(title="Logo", document_id="logo"), stylesheet=stylesheet)
    pdf = render_pdf(html, PdfOptions(base_url=TEMPLATES, allowed_roots=(TEMPLATES,), title="Logo", author="T",
                                      subject="Logo", keywords=(), from_word=True))
    assert pdf_image_sizes(pdf) == [(4, 4)]  # one image object, drawn on both pages (header and footer)
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2 and all(page.images for page in pages)


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_a_templates_hidden_note_is_not_printed_and_the_lint_names_it(
    dossier: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a consultant would meet it: a hidden note typed into the projectplan template."""
    template = word_override(dossier, "projectplan")
    document = docx.Document(str(template))
    note = document.paragraphs[-1].add_run(" VERBORGEN-NOTITIE klant betaalt slecht")
    note.font.hidden = True
    document.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(LOGO), width=docx.shared.Mm(10))
    document.save(str(template))

    assert run(["templates", "check", str(dossier)]) == 1
    said = capsys.readouterr()
    assert "VERBORGEN-NOTITIE klant betaalt slecht" in said.out + said.err
    assert "verborgen tekst: staat niet in de PDF" in said.out + said.err

    out = tmp_path / "build"
    assert run(["build", str(dossier), "-o", str(out), "--geen-controle"]) == 0
    capsys.readouterr()
    pdf = (out / "x" / "projectplan.pdf").read_bytes()
    assert "VERBORGEN-NOTITIE" not in pdf_text(out / "x" / "projectplan.pdf")
    assert (4, 4) in pdf_image_sizes(pdf)  # the header's logo is printed
