"""Word → HTML (``pipeline/render/docx_html.py``): what a reader of the PDF or preview sees.

Each test builds a small Word document with python-docx (WordprocessingML injected where
python-docx has no API: numbering, merges, fields, symbols, content controls, revisions),
converts it and reads the HTML back as a structure (lxml.html), the way a browser or
weasyprint would. One test lays out a real PDF to check page numbers and headers.
"""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser
from xml.sax.saxutils import escape

import docx
import lxml.html
import pytest
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from pipeline.render.docx_html import PageInfo, document_html
from pipeline.render.pdf import PdfOptions, render_pdf
from pipeline.templates import TEMPLATES
from tests.textutil import normalise

# ------------------------------------------------------------------ building Word documents


def xml(fragment: str):
    """One WordprocessingML element from text; the w: and r: namespaces are declared for you."""
    return parse_xml(re.sub(r"^<([\w:]+)", lambda m: f"<{m.group(1)} {nsdecls('w', 'r')}", fragment, count=1))


def r(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*inner: str, ppr: str = "") -> str:
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{props}{''.join(inner)}</w:p>"


def num(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


BR_PAGE = '<w:r><w:br w:type="page"/></w:r>'


def add(document: WordDocument, *fragments: str) -> None:
    """Append body-level elements (paragraphs, tables, content controls) before the section."""
    sect = document.element.body.sectPr
    for fragment in fragments:
        sect.addprevious(xml(fragment))


def lists(document: WordDocument) -> WordDocument:
    """Own list definitions next to the template's:

    abstract 100: 1. / a. / i. — numIds 100 and 102 use it, 103 restarts it at 1, 104 at 5
    abstract 101: another 1. list — numId 101
    abstract 110: bullets — numId 110
    """
    root = document.part.numbering_part.element

    def abstract(abstract_id: int, formats: list[str]) -> str:
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%{i + 1}."/></w:lvl>'
            for i, fmt in enumerate(formats)
        )
        return f'<w:abstractNum w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'

    def instance(num_id: int, abstract_id: int, start: int | None = None) -> str:
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>' if start else ""
        )
        return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'

    first_num = root.find(qn("w:num"))
    for fragment in (
        abstract(100, ["decimal", "lowerLetter", "lowerRoman"]),
        abstract(101, ["decimal"]),
        abstract(110, ["bullet", "bullet"]),
    ):
        first_num.addprevious(xml(fragment))  # the schema wants every abstractNum before the first num
    for fragment in (instance(100, 100), instance(101, 101), instance(102, 100), instance(103, 100, 1),
                     instance(104, 100, 5), instance(110, 110)):
        root.append(xml(fragment))
    return document


# ------------------------------------------------------------------ reading the HTML


def page_of(document: WordDocument, **info: str) -> str:
    page_info = PageInfo(title=info.get("title", "Testdocument"), document_id=info.get("document_id", "test"))
    return document_html(document, info=page_info, stylesheet="/* stijl */")


def tree_of(document: WordDocument):
    return lxml.html.document_fromstring(page_of(document))


def main_of(document: WordDocument):
    main = tree_of(document).find(".//main")
    assert main is not None
    return main


def text(element) -> str:
    return normalise(element.text_content())


def classes(element) -> set[str]:
    """The element's classes from Word styles (its direct formatting: ``style_of``)."""
    return {name for name in (element.get("class") or "").split() if not name.startswith("direct:")}


def style_of(element) -> str | None:
    """An element's direct formatting as a ``style`` attribute would say it: the declarations
    of its ``direct:N`` class in the page's own stylesheet."""
    names = [name for name in (element.get("class") or "").split() if name.startswith("direct:")]
    if not names:
        return None
    assert len(names) == 1
    css = "".join(element.getroottree().xpath("//style/text()"))
    rules = dict(re.findall(r"\.(direct\\:\d+) \{ (.*?) \}", css))
    return rules[names[0].replace(":", "\\:")].replace(" !important", "")


def direct(element, tag: str) -> list:
    return [child for child in element if child.tag == tag]


def items(ol) -> list[str]:
    """The text of each item of a list, its nested lists left out."""
    out = []
    for li in direct(ol, "li"):
        out.append(" ".join(text(child) for child in li if child.tag not in ("ol", "ul")))
    return out


# ------------------------------------------------------------------ paragraphs and runs


def test_title_and_headings_become_h1_h2_h3_and_other_styles_become_classes() -> None:
    document = docx.Document()
    document.styles.add_style("Veld naam", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Aanmelding", style="Title")
    document.add_paragraph("Gegevens", style="Heading 1")
    document.add_paragraph("Leerling", style="Heading 2")
    document.add_paragraph("Naam van de school", style="Veld naam")
    plain = document.add_paragraph("Gewone tekst")
    centred = document.add_paragraph("Midden")
    centred.alignment = 1  # WD_ALIGN_PARAGRAPH.CENTER

    main = main_of(document)
    assert [(child.tag, text(child)) for child in main] == [
        ("h1", "Aanmelding"), ("h2", "Gegevens"), ("h3", "Leerling"),
        ("p", "Naam van de school"), ("p", "Gewone tekst"), ("p", "Midden"),
    ]
    assert classes(main[3]) == {"veldnaam"}
    assert main[4].get("class") is None, f"Normal needs no class: {plain.text}"
    assert "text-align: center" in style_of(main[5])
    assert all(child.get("class") is None for child in main[:3])


def test_bold_italic_underline_strike_super_and_subscript_and_character_styles_show() -> None:
    document = docx.Document()
    document.styles.add_style("Vakje", WD_STYLE_TYPE.CHARACTER)
    add(document, p(
        r("vet", "<w:b/>"), r(" en nog vet", "<w:b/>"), r(" gewoon", '<w:b w:val="0"/>'),
        r("schuin", "<w:i/>"), r("onder", '<w:u w:val="single"/>'), r("geen streep", '<w:u w:val="none"/>'),
        r("doorgehaald", "<w:strike/>"), r("2", '<w:vertAlign w:val="superscript"/>'),
        r("x", '<w:vertAlign w:val="subscript"/>'), r("☐", '<w:rStyle w:val="Vakje"/>'),
    ))
    paragraph = main_of(document).find("p")
    strong = paragraph.findall(".//strong")
    assert [s.text_content() for s in strong] == ["vet en nog vet"], "neighbouring bold runs share one <strong>"
    assert [e.text_content() for e in paragraph.findall(".//em")] == ["schuin"]
    assert [e.text_content() for e in paragraph.findall(".//u")] == ["onder"]
    assert [e.text_content() for e in paragraph.findall(".//s")] == ["doorgehaald"]
    assert [e.text_content() for e in paragraph.findall(".//sup")] == ["2"]
    assert [e.text_content() for e in paragraph.findall(".//sub")] == ["x"]
    assert [e.text_content() for e in paragraph.findall(".//span[@class='vakje']")] == ["☐"]
    assert paragraph.text_content() == "vet en nog vet gewoonschuinondergeen streepdoorgehaald2x☐"


def test_line_break_and_tab_stay_inside_the_paragraph() -> None:
    document = docx.Document()
    add(document, p(r("Straat 1"), "<w:r><w:br/></w:r>", r("1234 AB"), "<w:r><w:tab/></w:r>", r("Utrecht")))
    main = main_of(document)
    assert len(main) == 1
    paragraph = main[0]
    assert len(paragraph.findall("br")) == 1
    assert [t.text for t in paragraph.findall("span[@class='tab']")] == ["\t"]
    assert paragraph.text_content() == "Straat 11234 AB\tUtrecht"


def test_page_break_inside_a_paragraph_splits_it_and_the_second_part_starts_a_new_page() -> None:
    document = docx.Document()
    document.styles.add_style("Toelichting", WD_STYLE_TYPE.PARAGRAPH)
    add(
        document,
        p(r("voor de pagina-einde"), BR_PAGE, r("erna"), ppr='<w:pStyle w:val="Toelichting"/>'),
        p(r("slot"), BR_PAGE),
        p(r("laatste"), ppr="<w:pageBreakBefore/>"),
        p(r("zelfde pagina"), '<w:r><w:lastRenderedPageBreak/><w:t xml:space="preserve"> nog steeds</w:t></w:r>'),
    )
    main = main_of(document)
    assert [(child.tag, text(child), classes(child)) for child in main] == [
        ("p", "voor de pagina-einde", {"toelichting"}),
        ("p", "erna", {"toelichting", "nieuwe-pagina"}),
        ("p", "slot", set()),
        ("div", "", {"nieuwe-pagina"}),  # break at the end: what follows starts a new page
        ("p", "laatste", {"nieuwe-pagina"}),
        ("p", "zelfde pagina nog steeds", set()),  # where Word last broke the page is no break
    ]


def test_checkbox_symbols_show_as_ticked_and_empty_ballot_boxes() -> None:
    document = docx.Document()
    add(document, p(
        '<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>', r(" ja "),
        '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>', r(" nee"),
    ))
    assert text(main_of(document)) == "☒ ja ☐ nee"


def test_page_number_fields_become_page_counters_and_other_fields_keep_their_result() -> None:
    document = docx.Document()
    page_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>7</w:t></w:r>'  # the stale number Word stored
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    total_field = '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>99</w:t></w:r></w:fldSimple>'
    no_result = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    merge_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD naam </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Jansen</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    add(document, p(r("Pagina "), page_field, r(" van "), total_field), p(no_result), p(r("Naam: "), merge_field))
    first, second, third = main_of(document)
    assert [(span.get("class"), span.text_content()) for span in first.findall("span")] == [
        ("paginanummer", ""), ("paginatotaal", "")]
    assert first.text_content() == "Pagina  van "  # weasyprint fills in the counters, not Word's 7 and 99
    assert [span.get("class") for span in second.findall("span")] == ["paginanummer"]
    assert text(third) == "Naam: Jansen"


def field(code: str, result: str | None = None, *inside: str) -> str:
    """A complex field: ``code`` pieces and whole fields (``inside``, put after the first piece of code)."""
    runs = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    pieces = code.split("|")
    runs += f'<w:r><w:instrText xml:space="preserve">{escape(pieces[0])}</w:instrText></w:r>'
    for nested, piece in zip(inside, pieces[1:], strict=True):
        runs += nested + f'<w:r><w:instrText xml:space="preserve">{escape(piece)}</w:instrText></w:r>'
    if result is not None:
        runs += f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{r(result)}'
    return runs + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def test_a_qr_code_field_with_the_page_inside_becomes_a_box_of_its_size_that_carries_its_text() -> None:
    document = docx.Document()
    qr = field(' DISPLAYBARCODE "OZA:verslag:K7F3-9QX2:|:|" QR \\q 2 \\h 907 ', None,
               field(" PAGE ", "3"), field(" NUMPAGES ", "9"))
    other = field(' DISPLAYBARCODE "12345" CODE128 ', "streepjes")
    add(document, p(r("Voor "), qr, r(" na")), p(r("Ander: "), other))
    first, second = main_of(document)
    box = first.find("span")
    assert box.get("class").split()[0] == "paginacode"
    assert box.get("data-paginacode") == "OZA:verslag:K7F3-9QX2:\ue000:\ue001"  # the page and total open
    assert box.get("data-paginacode-fout") == "Q"
    assert style_of(box) == "display: inline-block; width: 16.0mm; height: 16.0mm; vertical-align: top"
    assert first.text_content() == "Voor  na"  # the nested fields' stored 3 and 9 are not shown
    assert text(second) == "Ander: streepjes"  # a bar code the PDF does not draw: Word's stored result


def test_hyperlink_text_is_shown_but_is_no_live_link() -> None:
    document = docx.Document()
    rid = document.part.relate_to("https://voorbeeld.nl/geheim", RT.HYPERLINK, is_external=True)
    add(document, p(r("Zie "), f'<w:hyperlink r:id="{rid}"><w:r><w:t>de website</w:t></w:r></w:hyperlink>', r(".")))
    page = page_of(document)
    tree = lxml.html.document_fromstring(page)
    assert text(tree.find(".//main")) == "Zie de website."
    assert tree.findall(".//a") == []
    assert "voorbeeld.nl" not in page


def test_content_control_text_is_shown_in_paragraphs_and_table_cells() -> None:
    document = docx.Document()
    add(
        document,
        '<w:sdt><w:sdtPr><w:alias w:val="Blok"/></w:sdtPr><w:sdtContent>'
        + p(r("in een blok"))
        + "</w:sdtContent></w:sdt>",
        p(r("Naam: "), '<w:sdt><w:sdtPr><w:alias w:val="Veld"/></w:sdtPr><w:sdtContent>'
          + r("Fatima") + "</w:sdtContent></w:sdt>"),
        "<w:tbl><w:tr><w:tc>" + p(r("links")) + "</w:tc><w:sdt><w:sdtContent><w:tc>" + p(r("rechts"))
        + "</w:tc></w:sdtContent></w:sdt></w:tr></w:tbl>",
    )
    main = main_of(document)
    assert [child.tag for child in main] == ["p", "p", "table"]
    assert [text(child) for child in main[:2]] == ["in een blok", "Naam: Fatima"]
    assert [text(td) for td in main.findall(".//td")] == ["links", "rechts"]
    assert "Blok" not in text(main) and "Veld" not in text(main)


def test_tracked_deletion_is_gone_and_tracked_insertion_is_shown() -> None:
    document = docx.Document()
    add(document, p(
        r("Het plan "),
        '<w:del w:id="1" w:author="Jan"><w:r><w:delText>vervalt</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="Jan"><w:r><w:t>gaat door</w:t></w:r></w:ins>',
    ))
    page = page_of(document)
    assert text(lxml.html.document_fromstring(page).find(".//main")) == "Het plan gaat door"
    assert "vervalt" not in page


def test_inline_image_is_embedded_as_data_url_at_its_word_size() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 2), "red").save(buffer, format="PNG")
    document = docx.Document()
    document.add_picture(io.BytesIO(buffer.getvalue()), width=Mm(40))
    images = main_of(document).findall(".//img")
    assert len(images) == 1
    src = images[0].get("src")
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == buffer.getvalue()
    assert images[0].get("style") == "width: 40.0mm; height: 20.0mm"


# ------------------------------------------------------------------ lists


def test_numbered_list_interrupted_by_a_paragraph_continues_at_3() -> None:
    document = lists(docx.Document())
    add(document, p(r("een"), ppr=num(100)), p(r("twee"), ppr=num(100)), p(r("Tussendoor")),
        p(r("drie"), ppr=num(100)))
    main = main_of(document)
    assert [child.tag for child in main] == ["ol", "p", "ol"]
    assert [ol.get("start") for ol in direct(main, "ol")] == [None, "3"]
    assert [items(ol) for ol in direct(main, "ol")] == [["een", "twee"], ["drie"]]


def test_a_list_of_its_own_starts_again_at_1() -> None:
    document = lists(docx.Document())
    add(document, p(r("een"), ppr=num(100)), p(r("twee"), ppr=num(100)), p(r("Tussendoor")),
        p(r("opnieuw een"), ppr=num(101)), p(r("opnieuw twee"), ppr=num(101)))
    ols = direct(main_of(document), "ol")
    assert [(ol.get("start"), items(ol)) for ol in ols] == [
        (None, ["een", "twee"]), (None, ["opnieuw een", "opnieuw twee"])]


def test_restart_and_start_override_in_word_set_the_first_number() -> None:
    document = lists(docx.Document())
    add(document, p(r("een"), ppr=num(100)), p(r("twee"), ppr=num(100)), p(r("Tussendoor")),
        p(r("herstart"), ppr=num(103)), p(r("Tussendoor")), p(r("vijf"), ppr=num(104)), p(r("zes"), ppr=num(104)))
    ols = direct(main_of(document), "ol")
    assert [(ol.get("start"), items(ol)) for ol in ols] == [
        (None, ["een", "twee"]), (None, ["herstart"]), ("5", ["vijf", "zes"])]


def test_another_instance_of_the_same_word_list_keeps_counting_like_word_does() -> None:
    # Word counts per list definition (abstractNum): numId 102 shares 100's and has no restart
    document = lists(docx.Document())
    add(document, p(r("een"), ppr=num(100)), p(r("twee"), ppr=num(100)), p(r("Tussendoor")),
        p(r("drie"), ppr=num(102)))
    ols = direct(main_of(document), "ol")
    assert [(ol.get("start"), items(ol)) for ol in ols] == [(None, ["een", "twee"]), ("3", ["drie"])]


def test_deeper_level_is_a_nested_list_inside_the_item_and_restarts_under_the_next_item() -> None:
    document = lists(docx.Document())
    add(document, p(r("een"), ppr=num(100)), p(r("een a"), ppr=num(100, 1)), p(r("een b"), ppr=num(100, 1)),
        p(r("een b i"), ppr=num(100, 2)), p(r("twee"), ppr=num(100)), p(r("twee a"), ppr=num(100, 1)))
    main = main_of(document)
    assert [child.tag for child in main] == ["ol"]
    outer = main[0]
    assert items(outer) == ["een", "twee"]
    first, second = direct(outer, "li")
    (nested,) = direct(first, "ol")
    assert (nested.get("type"), nested.get("start"), items(nested)) == ("a", None, ["een a", "een b"])
    (deepest,) = direct(direct(nested, "li")[1], "ol")
    assert (deepest.get("type"), items(deepest)) == ("i", ["een b i"])
    (again,) = direct(second, "ol")
    assert (again.get("type"), again.get("start"), items(again)) == ("a", None, ["twee a"])


def test_bullets_are_an_unordered_list() -> None:
    document = lists(docx.Document())
    add(document, p(r("appel"), ppr=num(110)), p(r("peer"), ppr=num(110)), p(r("gieser"), ppr=num(110, 1)))
    main = main_of(document)
    assert [child.tag for child in main] == ["ul"]
    assert items(main[0]) == ["appel", "peer"]
    assert items(direct(direct(main[0], "li")[1], "ul")[0]) == ["gieser"]
    assert main.findall(".//ol") == []


def test_list_paragraph_styles_are_numbered_and_num_id_0_switches_that_off() -> None:
    document = docx.Document()
    document.styles.add_style("Stap", WD_STYLE_TYPE.PARAGRAPH).base_style = document.styles["List Number"]
    document.add_paragraph("eerste stap", style="List Number")
    document.add_paragraph("tweede stap", style="Stap")  # inherits the list from its base style
    add(document, p(r("geen nummer"), ppr='<w:pStyle w:val="ListNumber"/><w:numPr><w:numId w:val="0"/></w:numPr>'))
    main = main_of(document)
    assert [child.tag for child in main] == ["ol", "p"]
    assert items(main[0]) == ["eerste stap", "tweede stap"]
    assert (text(main[1]), classes(main[1])) == ("geen nummer", {"listnumber"})


# ------------------------------------------------------------------ tables


def test_table_keeps_its_style_class_and_column_widths() -> None:
    document = docx.Document()
    document.styles.add_style("Gegevenstabel", WD_STYLE_TYPE.TABLE)
    table = document.add_table(rows=1, cols=2, style="Gegevenstabel")
    table.columns[0].width = Cm(4)
    table.columns[1].width = Cm(12)
    table.cell(0, 0).text, table.cell(0, 1).text = "Naam", "Jansen"
    html_table = main_of(document).find("table")
    assert classes(html_table) == {"gegevenstabel"}
    assert [style_of(col) for col in html_table.findall("colgroup/col")] == ["width: 25.00%", "width: 75.00%"]
    assert [text(td) for td in html_table.findall(".//td")] == ["Naam", "Jansen"]


def test_repeated_header_rows_are_the_table_head() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for i, row in enumerate(table.rows):
        row.cells[0].text, row.cells[1].text = f"r{i}a", f"r{i}b"
    table.rows[0]._tr.get_or_add_trPr().append(xml("<w:tblHeader/>"))
    html_table = main_of(document).find("table")
    assert [[text(td) for td in tr] for tr in html_table.findall("thead/tr")] == [["r0a", "r0b"]]
    assert [[text(td) for td in tr] for tr in html_table.findall("tbody/tr")] == [["r1a", "r1b"], ["r2a", "r2b"]]


def test_merged_cells_span_columns_and_rows_and_covered_cells_are_gone() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"{i}{j}"
    table.cell(0, 0).merge(table.cell(0, 1))  # gridSpan
    table.cell(1, 2).merge(table.cell(2, 2))  # vMerge
    rows = main_of(document).findall(".//tr")
    shape = [[(td.get("colspan"), td.get("rowspan")) for td in tr.findall("td")] for tr in rows]
    assert shape == [
        [("2", None), (None, None)],
        [(None, None), (None, None), (None, "2")],
        [(None, None), (None, None)],  # the cell under the merge is not repeated
    ]
    assert [text(x) for x in rows[0].findall("td")[0]] == ["00", "01"]  # Word keeps both cells' text
    assert [text(x) for x in rows[1].findall("td")[2]] == ["12", "22"]
    assert [text(td) for td in rows[2].findall("td")] == ["20", "21"]


def test_cell_shading_vertical_alignment_row_height_and_unsplittable_rows_show() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "kop"
    tcpr = table.cell(0, 0)._tc.get_or_add_tcPr()
    tcpr.append(xml('<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>'))
    tcpr.append(xml('<w:vAlign w:val="center"/>'))
    table.rows[1].height = Mm(20)
    table.rows[1]._tr.get_or_add_trPr().append(xml("<w:cantSplit/>"))
    first, second = main_of(document).findall(".//tr")
    assert style_of(first.findall("td")[0]) == "background: #d9e2f3; vertical-align: middle"
    assert classes(first) == set() and style_of(first) is None
    assert classes(second) == {"ondeelbaar"}
    assert style_of(second) == "height: 20.0mm"
    assert not main_of(document).xpath("//*[@style]")  # direct formatting is a class, never an attribute


def test_the_same_direct_formatting_is_one_class_and_still_beats_the_stylesheet() -> None:
    """97 shaded cells were 97 style attributes, each a style weasyprint computed anew; as one
    class they share it. ``!important`` keeps the weight of an attribute: a stylesheet rule
    for the same cells does not win over the template's shading or alignment."""
    from weasyprint import HTML

    document = docx.Document()
    table = document.add_table(rows=3, cols=1)
    for n, row in enumerate(table.rows):
        row.cells[0].text = f"cel {n}"
        tcpr = row.cells[0]._tc.get_or_add_tcPr()
        tcpr.append(xml('<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>'))
        row.cells[0].paragraphs[0].alignment = 2  # right
    page = document_html(document, info=PageInfo(title="t", document_id="t"),
                         stylesheet="main td[class] { background: #ffffff; } main td p[class] { text-align: left; }")
    cells = lxml.html.document_fromstring(page).findall(".//td")
    assert len({cell.get("class") for cell in cells}) == 1
    assert {style_of(cell) for cell in cells} == {"background: #d9e2f3"}

    laid_out = HTML(string=page).render()
    found = []

    def walk(box) -> None:
        if type(box).__name__ == "TableCellBox":
            found.append(box)
        for child in getattr(box, "children", []):
            walk(child)

    walk(laid_out.pages[0]._page_box)
    assert len(found) == 3
    for cell in found:
        assert tuple(round(c, 3) for c in cell.style["background_color"]) == (0.851, 0.886, 0.953, 1.0)
        assert cell.children[0].style["text_align_all"] == "right"


# ------------------------------------------------------------------ page, header and footer


def page_css(page: str) -> str:
    return re.findall(r"<style>(.*?)</style>", page, re.S)[-1]


def test_page_size_and_margins_come_from_the_word_section() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.right_margin = Mm(20), Mm(15)
    section.bottom_margin, section.left_margin = Mm(30), Mm(25)
    css = page_css(page_of(document))
    size = re.search(r"size: ([\d.]+)mm ([\d.]+)mm", css)
    margin = re.search(r"margin: ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm", css)
    assert size and margin
    assert [float(v) for v in size.groups()] == pytest.approx([297, 210], abs=0.1)
    assert [float(v) for v in margin.groups()] == pytest.approx([20, 15, 30, 25], abs=0.1)


def test_header_and_footer_are_running_elements_and_page_1_gets_its_own_only_when_word_says_so() -> None:
    document = docx.Document()
    document.add_paragraph("Tekst")
    section = document.sections[0]
    section.header.paragraphs[0].text = "Kop van elke pagina"
    section.footer.paragraphs[0].text = "Voet van elke pagina"
    tree = lxml.html.document_fromstring(page_of(document))
    assert [(div.get("class"), text(div)) for div in tree.find("body").findall("div")] == [
        ("kop", "Kop van elke pagina"), ("voet", "Voet van elke pagina")]
    assert ":first" not in page_css(page_of(document))

    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Voorblad"
    page = page_of(document)
    tree = lxml.html.document_fromstring(page)
    assert [(div.get("class"), text(div)) for div in tree.find("body").findall("div")] == [
        ("kop-eerste", "Voorblad"), ("kop", "Kop van elke pagina"),
        ("voet-eerste", ""), ("voet", "Voet van elke pagina"),  # Word leaves page 1's footer empty
    ]
    assert "@page :first" in page_css(page)
    assert text(tree.find(".//main")) == "Tekst"


def page_number_footer(footer, field_text: str = "Pagina ") -> None:
    footer.paragraphs[0]._p.addnext(xml(p(
        r(field_text),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        r(" van "),
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
    )))


def first_page_of_its_own(document: WordDocument, header: str, first_header: str) -> None:
    """Word's "different first page": a header for page 1 and one for the rest, and a
    "Pagina X van Y" footer on both."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = header
    section.first_page_header.paragraphs[0].text = first_header
    page_number_footer(section.footer)
    page_number_footer(section.first_page_footer)


def test_pdf_footer_says_page_1_of_2_and_page_2_of_2_and_the_first_page_has_its_own_header() -> None:
    document = docx.Document()
    first_page_of_its_own(document, "Kop vervolgpagina", "Kop voorblad")
    add(document, p(r("Eerste pagina")), p(BR_PAGE), p(r("Tweede pagina")))
    stylesheet = (TEMPLATES / "stijl.css").read_text(encoding="utf-8")
    html = document_html(document, info=PageInfo(title="Proef", document_id="proef"), stylesheet=stylesheet)
    options = PdfOptions(base_url=TEMPLATES, allowed_roots=(TEMPLATES,), title="Proef", author="Test",
                         subject="Proef", keywords=("proef",), from_word=True)
    pdf = render_pdf(html, options)
    pages = [normalise(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == 2, pages
    assert "Pagina 1 van 2" in pages[0] and "Pagina 2 van 2" in pages[1], pages
    assert "Kop voorblad" in pages[0] and "Kop vervolgpagina" not in pages[0], pages
    assert "Kop vervolgpagina" in pages[1] and "Kop voorblad" not in pages[1], pages
    assert "Eerste pagina" in pages[0] and "Tweede pagina" in pages[1], pages


# ------------------------------------------------------------------ escaping


def test_markup_in_the_text_stays_text() -> None:
    hostile = '<script>alert("x")</script> & "quotes" \'single\' <b>niet vet</b>'
    document = docx.Document()
    document.add_paragraph(hostile)
    document.add_table(rows=1, cols=1).cell(0, 0).text = hostile
    document.sections[0].header.paragraphs[0].text = hostile
    page = page_of(document, title=hostile, document_id='x" onload="alert(1)')
    tree = lxml.html.document_fromstring(page)
    assert tree.findall(".//script") == [] and tree.findall(".//b") == []
    assert tree.find(".//title").text == hostile
    assert tree.find(".//main/p").text_content() == hostile
    assert tree.find(".//td").text_content() == hostile
    assert tree.find(".//div[@class='kop']").text_content() == hostile
    assert tree.find("body").get("onload") is None
    assert "<script>" not in page


# ------------------------------------------------------------------ property: no text is lost or reordered

ALPHABET = st.one_of(
    st.sampled_from(list('abcXYZ019 &<>"\'é€☒')),
    st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\t\n\r\x0b\x0c"),
)
WORDS = st.text(ALPHABET, min_size=1, max_size=12)
RUN = st.tuples(WORDS, st.booleans(), st.booleans())  # text, bold, italic
PARAGRAPH = st.fixed_dictionaries({
    "runs": st.lists(RUN, min_size=1, max_size=4),
    "style": st.sampled_from([None, "Heading 1", "Title", "List Number", "Quote"]),
    "list": st.sampled_from([None, None, (100, 0), (100, 1), (100, 2), (101, 0), (110, 0), (110, 1)]),
    "extra": st.sampled_from(["", "", "tab", "br", "page"]),
})
TABLE = st.lists(st.lists(st.lists(PARAGRAPH, min_size=1, max_size=2), min_size=1, max_size=3),
                 min_size=1, max_size=3)
BLOCKS = st.lists(st.one_of(PARAGRAPH.map(lambda x: ("p", x)), TABLE.map(lambda x: ("table", x))),
                  min_size=1, max_size=8)


def _fill(paragraph, spec: dict) -> None:
    if spec["style"]:
        paragraph.style = spec["style"]
    for index, (words, bold, italic) in enumerate(spec["runs"]):
        run = paragraph.add_run(words)
        run.bold, run.italic = bold, italic
        if index == 0 and spec["extra"]:
            run._r.append(xml({"tab": "<w:tab/>", "br": "<w:br/>", "page": '<w:br w:type="page"/>'}[spec["extra"]]))
    if spec["list"]:
        paragraph._p.get_or_add_pPr().append(xml(num(*spec["list"])))


def generated_document(blocks: list) -> WordDocument:
    document = lists(docx.Document())
    for kind, spec in blocks:
        if kind == "p":
            _fill(document.add_paragraph(), spec)
            continue
        table = document.add_table(rows=len(spec), cols=max(len(row) for row in spec))
        for row, cells in zip(table.rows, spec, strict=True):
            for cell, paragraphs in zip(row.cells, cells, strict=False):
                _fill(cell.paragraphs[0], paragraphs[0])
                for extra in paragraphs[1:]:
                    _fill(cell.add_paragraph(), extra)
    return document


class _Balance(HTMLParser):
    """Every element closed, in the right order (a mis-nested list or <strong> fails)."""

    VOID = frozenset({"br", "col", "img", "meta"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def _collapse(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BLOCKS)
def test_every_word_of_a_generated_document_appears_in_order_and_the_markup_is_balanced(blocks: list) -> None:
    document = generated_document(blocks)
    page = page_of(document)
    checker = _Balance()
    checker.feed(page)
    checker.close()
    assert checker.stack == []

    main = lxml.html.document_fromstring(page).find(".//main")
    shown = _collapse(main.text_content())
    position = 0
    for node in document.element.body.iter(qn("w:t")):
        needle = _collapse(node.text or "")
        found = shown.find(needle, position)
        assert found >= 0, f"{needle!r} missing or out of order after {shown[max(0, position - 40):position]!r}"
        position = found + len(needle)

    numbered = [ppr for ppr in document.element.body.iter(qn("w:pPr")) if ppr.find(qn("w:numPr")) is not None]
    numbered += [p for p in document.element.body.iter(qn("w:p"))
                 if p.style in ("ListNumber",) and p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None]
    list_items = [li for li in main.iter("li") if "zonder-punt" not in classes(li)]
    assert len(list_items) == len(numbered)
