"""Word's page-break rules hold in the PDF wherever the page happens to end.

Class: a rule a consultant sets in Word — keep with next (on the paragraph or in its style, or on every
paragraph of a table row), keep lines together, a row that may not split — keeps what it binds on one
page. Each test slides the bound content down the page one filler line at a time, so the page ends
at every possible place, including right after the label.
"""

from __future__ import annotations

from collections.abc import Callable

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from pipeline.render.docx_html import PageInfo, document_html
from pipeline.render.pdf import PdfOptions, render_pdf
from pipeline.templates import TEMPLATES
from tests.test_docx_html import add, p, r
from tests.textutil import normalise, page_texts

STYLESHEET = (TEMPLATES / "stijl.css").read_text(encoding="utf-8")
OPTIONS = PdfOptions(base_url=TEMPLATES, allowed_roots=(TEMPLATES,), title="Proef", author="T", subject="Proef",
                     keywords=(), from_word=True)
FILLERS = range(26, 37)  # 34 single lines fill an A4 page in the house style: the break passes every spot
Fill = Callable[[docx.document.Document, int], None]


def _pages(document: docx.document.Document) -> list[str]:
    html = document_html(document, info=PageInfo(title="Proef", document_id="proef"), stylesheet=STYLESHEET)
    return [normalise(text) for text in page_texts(render_pdf(html, OPTIONS))]


def _page_of(pages: list[str], needle: str) -> int:
    found = [i for i, text in enumerate(pages) if needle in text]
    assert found, needle
    return found[0]


def _fillers(document: docx.document.Document, n: int) -> None:
    add(document, *[p(r(f"Vulregel {i}.")) for i in range(n)])


def _label_by_style(document: docx.document.Document, n: int) -> None:
    style = document.styles.add_style("Label", WD_STYLE_TYPE.PARAGRAPH)
    style.paragraph_format.keep_with_next = True  # set in the style, as a consultant does
    _fillers(document, n)
    add(document, p(r("LABEL Opmerkingen"), ppr='<w:pStyle w:val="Label"/>'), p(r("WAARDE Geen.")))


def _label_direct(document: docx.document.Document, n: int) -> None:
    _fillers(document, n)
    add(document, p(r("LABEL Handtekening"), ppr="<w:keepNext/>"), p(r("WAARDE Naam en datum")))


def _label_row(document: docx.document.Document, n: int) -> None:
    _fillers(document, n)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 0).text = "LABEL Namens", "WAARDE Handtekening"
    for cell in table.rows[0].cells:  # Word keeps a row with the next when all its paragraphs say so
        cell.paragraphs[0].paragraph_format.keep_with_next = True


CASES: dict[str, Fill] = {
    "keep with next in the paragraph's style": _label_by_style,
    "keep with next on the paragraph": _label_direct,
    "a table row whose paragraphs all keep with next": _label_row,
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_label_never_ends_a_page_without_what_it_labels(case: str) -> None:
    for n in FILLERS:
        document = docx.Document()
        CASES[case](document, n)
        pages = _pages(document)
        assert _page_of(pages, "LABEL") == _page_of(pages, "WAARDE"), (case, n, pages[-2:])


def test_keep_lines_together_and_a_row_that_may_not_split_stay_on_one_page() -> None:
    for n in FILLERS:
        document = docx.Document()
        _fillers(document, n)
        block = document.add_paragraph("BEGIN " + "regel " * 60 + "EINDE")
        block.paragraph_format.keep_together = True
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "RIJBEGIN"
        table.cell(0, 1).text = "x " * 150 + "RIJEINDE"
        row_properties = table.rows[0]._tr.get_or_add_trPr()
        row_properties.append(row_properties.makeelement(qn("w:cantSplit"), {}))
        pages = _pages(document)
        assert _page_of(pages, "BEGIN") == _page_of(pages, "EINDE"), (n, pages[-2:])
        assert _page_of(pages, "RIJBEGIN") == _page_of(pages, "RIJEINDE"), (n, pages[-2:])


def test_without_the_rule_the_page_may_end_after_the_label() -> None:
    """The control: the same content without keep-with-next does get separated somewhere in the range, so
    the tests above prove the rule and not a lucky page length."""
    separated = []
    for n in FILLERS:
        document = docx.Document()
        _fillers(document, n)
        add(document, p(r("LABEL Opmerkingen")), p(r("WAARDE Geen.")))
        pages = _pages(document)
        separated.append(_page_of(pages, "LABEL") != _page_of(pages, "WAARDE"))
    assert any(separated)
