"""The slim user-agent stylesheet (``pipeline/render/word_ua.css``) changes nothing a reader sees.

The document PDFs are laid out with it instead of weasyprint's full HTML sheet, because
the converter writes a closed set of elements. These tests hold it to that: every element
and pseudo-element of the examples' documents and of a Word document using every construct
the converter maps gets the same computed value for every CSS property under both sheets,
and a whole document's PDF comes out byte for byte the same.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Mm
from hypothesis import HealthCheck, given, settings

from pipeline.documents import BY_ID, documents_for
from pipeline.read.validate import load_dossier
from pipeline.render.documents import document_pdf_options
from pipeline.render.docx_html import PageInfo, document_html
from pipeline.render.html import render_html
from pipeline.render.pdf import render_pdf, word_html_class
from pipeline.templates import TEMPLATES
from tests.test_docx_html import (
    BLOCKS,
    BR_PAGE,
    add,
    first_page_of_its_own,
    generated_document,
    lists,
    num,
    p,
    page_of,
    r,
    xml,
)

EXAMPLES = ("voorbeeld", "voorbeeld-individueel")
PSEUDO = (None, "before", "after", "marker")


def _every_construct() -> str:
    """A Word document with each thing the converter maps: headings, character formatting,
    breaks and tabs, nested ordered and bulleted lists, a table with a head row, merges,
    shading and widths, an image, a page break, and headers and footers with page fields."""
    from PIL import Image

    document = lists(docx.Document())
    document.styles.add_style("Vakje", WD_STYLE_TYPE.CHARACTER)
    document.add_heading("Titel", level=0)
    for level in range(1, 7):
        document.add_heading(f"Kop {level}", level=level)
    add(document,
        p(r("vet", "<w:b/>"), r("schuin", "<w:i/>"), r("onder", '<w:u w:val="single"/>'),
          r("weg", "<w:strike/>"), r("2", '<w:vertAlign w:val="superscript"/>'),
          r("x", '<w:vertAlign w:val="subscript"/>'), r("☐", '<w:rStyle w:val="Vakje"/>'),
          '<w:r><w:t>regel</w:t><w:br/><w:t>volgende</w:t><w:tab/><w:t>na tab</w:t></w:r>',
          ppr='<w:jc w:val="center"/><w:keepNext/>'),
        p(r("een"), ppr=num(100)), p(r("een a"), ppr=num(100, 1)), p(r("een a i"), ppr=num(100, 2)),
        p(r("punt"), ppr=num(110)), p(r("punt in punt"), ppr=num(110, 1)),
        p(r("voor de pagina"), BR_PAGE, r("na de pagina")), p())
    table = document.add_table(rows=3, cols=3)
    table.columns[0].width = Cm(4)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"{i}{j}"
    table.rows[0]._tr.get_or_add_trPr().append(xml("<w:tblHeader/>"))
    table.rows[1]._tr.get_or_add_trPr().append(xml("<w:cantSplit/>"))
    table.rows[2].height = Mm(12)
    table.cell(0, 0)._tc.get_or_add_tcPr().append(xml('<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>'))
    table.cell(1, 0).merge(table.cell(1, 1))
    table.cell(1, 2).merge(table.cell(2, 2))
    picture = io.BytesIO()
    Image.new("RGB", (4, 2), "red").save(picture, format="PNG")
    document.add_picture(io.BytesIO(picture.getvalue()), width=Mm(20))
    first_page_of_its_own(document, "Kop", "Kop voorblad")
    css = (TEMPLATES / "stijl.css").read_text(encoding="utf-8")
    return document_html(document, info=PageInfo(title="Alles", document_id="alles"), stylesheet=css)


def _pages() -> list[tuple[str, str]]:
    pages = [("alles", _every_construct())]
    for example in EXAMPLES:
        loaded = load_dossier(TEMPLATES.parent / "inputs" / example)
        pages += [(f"{example}/{doc.id}", render_html(loaded, doc.id)) for doc in documents_for(loaded)[0]]
    return pages


def _computed(html_class: type, page: str) -> list[tuple[tuple[str, str | None, str | None], dict[str, str]]]:
    """Every element's (and pseudo-element's) computed value of every property, in tree order.

    A ``::marker`` is compared only where one is drawn (``display: list-item``); weasyprint's
    sheet gives every element a marker style that is never used.
    """
    from weasyprint.css import get_all_computed_styles
    from weasyprint.css.properties import INITIAL_VALUES

    from pipeline.render.pdf import font_configuration

    html = html_class(string=page, base_url=str(TEMPLATES))
    style_for = get_all_computed_styles(html, font_config=font_configuration())
    found = []
    for wrapper in html.wrapper_element.iter_subtree():
        element = wrapper.etree_element
        for pseudo in PSEUDO:
            if pseudo == "marker" and "list-item" not in style_for(element)["display"]:
                continue
            style = style_for(element, pseudo)
            if style is not None:
                key = (element.tag, pseudo, element.get("class"))
                found.append((key, {name: repr(style[name]) for name in INITIAL_VALUES}))
    return found


PAGES = _pages()


def _assert_same_styles(page: str) -> None:
    from weasyprint import HTML

    full, slim = _computed(HTML, page), _computed(word_html_class(), page)
    assert [key for key, _ in slim] == [key for key, _ in full], "the same elements and pseudo-elements"
    differences = [
        f"{key} {prop}: {full_style[prop]} ≠ {slim_style[prop]}"
        for (key, full_style), (_, slim_style) in zip(full, slim, strict=True)
        for prop in full_style if full_style[prop] != slim_style[prop]
    ]
    assert not differences, differences[:10]


@pytest.mark.parametrize(("name", "page"), PAGES, ids=[name for name, _ in PAGES])
def test_every_element_gets_the_same_computed_style_as_under_weasyprints_own_sheet(name: str, page: str) -> None:
    _assert_same_styles(page)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BLOCKS)
def test_any_generated_word_document_gets_the_same_computed_styles(blocks: list) -> None:
    """Paragraph styles, lists three deep, tables with lists in their cells, breaks: in any mix."""
    _assert_same_styles(page_of(generated_document(blocks)))


def _named_in_sheet() -> set[str]:
    from pipeline.render.pdf import WORD_UA

    rules = re.sub(r"/\*.*?\*/", "", WORD_UA.read_text(encoding="utf-8"), flags=re.S)
    rules = re.sub(r"@page\s*\{.*?\n\}", "", rules, flags=re.S)  # page rules name no elements
    named = set(re.findall(r"(?<![\w:-])([a-z][a-z0-9]*)(?=[\s,{):.\[])", re.sub(r"\{[^}]*\}", "{}", rules)))
    return named - {"is", "marker", "before"}


def test_the_feature_page_uses_every_element_the_slim_sheet_names() -> None:
    """So the comparison above covers the sheet: each element it has rules for is on the page."""
    missing = _named_in_sheet() - set(re.findall(r"<([a-z][a-z0-9]*)", PAGES[0][1]))
    assert not missing, f"not on the feature page: {sorted(missing)}"


def test_every_element_the_converter_writes_is_one_the_slim_sheet_knows() -> None:
    """A new element in docx_html (a link, a caption) has no rules here yet: it must be added to the
    sheet and to the feature page, or weasyprint's defaults for it are silently lost. Only
    ``span`` has no user-agent rules in either sheet."""
    written = {tag for _, page in PAGES for tag in re.findall(r"<([a-z][a-z0-9]*)", page)}
    assert written - _named_in_sheet() <= {"span"}, sorted(written - _named_in_sheet())


DOCUMENTS = [(example, doc.id) for example in EXAMPLES
             for doc in documents_for(load_dossier(TEMPLATES.parent / "inputs" / example))[0]]


@pytest.mark.parametrize(("example", "document_id"), DOCUMENTS, ids=[f"{e}/{d}" for e, d in DOCUMENTS])
def test_every_document_pdf_is_byte_for_byte_the_same_with_the_slim_sheet(example: str, document_id: str) -> None:
    loaded = load_dossier(TEMPLATES.parent / "inputs" / example)
    html = render_html(loaded, document_id)
    options = document_pdf_options(loaded, BY_ID[document_id])
    assert options.from_word, "the build lays out its documents with the slim sheet"
    assert render_pdf(html, options) == render_pdf(html, replace(options, from_word=False))


MARGIN_BOXES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner", "left-top",
                "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom", "bottom-left-corner",
                "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner")


def test_a_stylesheet_that_fills_every_margin_box_lays_out_the_same() -> None:
    """A dossier's own stijl.css may put text in any page margin box: the page's user-agent rules
    (alignment per box) are weasyprint's own, so the PDF is byte for byte the same."""
    from pipeline.render.pdf import PdfOptions

    boxes = " ".join(f"@{box} {{ content: '{box} ' counter(page); }}" for box in MARGIN_BOXES)
    page = PAGES[0][1].replace("</style>", f"@page {{ {boxes} }}</style>", 1)
    options = PdfOptions(base_url=TEMPLATES, allowed_roots=(TEMPLATES,), title="t", author="a", subject="s",
                         keywords=(), from_word=True)
    assert render_pdf(page, options) == render_pdf(page, replace(options, from_word=False))
