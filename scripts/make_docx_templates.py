"""Generate the four Word templates in ``templates/<id>/<id>.docx`` (run once, kept for reference).

The committed .docx files are the source a consultant edits in Word or LibreOffice; rerun
this script only to start over (it overwrites them). Run: ``.venv/bin/python
scripts/make_docx_templates.py [--out DIR]``.

Template conventions (docxtpl): ``{{ … }}`` in a run, ``{{p … |markdown }}`` alone in a
paragraph for Markdown answers, ``{%p … %}`` / ``{%tr … %}`` alone in their paragraph or
table row for paragraph and row loops/conditions. Variables are the top-level answer
fields (``arrangement``, ``scholen``, …) plus ``document``, ``doelsoorten`` and
``gemaakt_op``; filters ``datum``, ``ja_nee``, ``getal``, ``opsomming``, ``markdown``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent

NAVY = "1F3864"
ACCENT = "2F5496"
GREY = "595959"
LABEL_FILL = "EDF2F9"
BORDER = "A6B4C8"
FONT = "Carlito"  # metric-compatible with Calibri, which Word uses in its place
SYMBOL_FONT = "Segoe UI Symbol"  # ☒/☐; LibreOffice substitutes a font that has them

TEXT_WIDTH = Cm(16)  # A4 (21 cm) minus 2 × 2.5 cm margins

# ------------------------------------------------------------------------ styles
# Element order inside pPr/rPr follows the OOXML schema: Word rejects files that do not.

_FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def _pstyle(style_id: str, name: str, ppr: str = "", rpr: str = "", *, based: str = "Normal",
            next_style: str = "Normal", extra: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:customStyle="{int(style_id not in _BUILTIN)}" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based}"/><w:next w:val="{next_style}"/>{extra}'
        f"<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


_BUILTIN = {"Title", "Subtitle", "Heading1", "Heading2", "Heading3", "ListParagraph", "Quote",
            "Header", "Footer"}

STYLES_XML = f"""<w:styles {nsdecls("w")}>
<w:docDefaults>
  <w:rPrDefault><w:rPr>{_FONTS}<w:sz w:val="21"/><w:szCs w:val="21"/>
    <w:lang w:val="nl-NL" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
  <w:pPr><w:widowControl/></w:pPr><w:rPr><w:color w:val="1A1A1A"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
  <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>
  <w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>
  <w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>
  <w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>
{_pstyle("Title", "Title",
         '<w:keepNext/><w:spacing w:before="0" w:after="80" w:line="240" w:lineRule="auto"/>',
         f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="44"/><w:szCs w:val="44"/>',
         next_style="Subtitle")}
{_pstyle("Subtitle", "Subtitle",
         f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="8" w:color="{ACCENT}"/></w:pBdr>'
         '<w:spacing w:after="240" w:line="240" w:lineRule="auto"/>',
         f'<w:color w:val="{ACCENT}"/><w:sz w:val="30"/><w:szCs w:val="30"/>')}
{_pstyle("Bovenkop", "Bovenkop", '<w:spacing w:after="60"/>',
         f'<w:caps/><w:color w:val="{GREY}"/><w:spacing w:val="10"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
         next_style="Title")}
{_pstyle("Heading1", "heading 1",
         '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
         f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="28"/><w:szCs w:val="28"/>')}
{_pstyle("Heading2", "heading 2",
         '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/>',
         f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="24"/><w:szCs w:val="24"/>')}
{_pstyle("Heading3", "heading 3",
         '<w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="60"/><w:outlineLvl w:val="2"/>',
         f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/>')}
{_pstyle("ListParagraph", "List Paragraph", '<w:ind w:left="720"/><w:contextualSpacing/>')}
{_pstyle("Quote", "Quote", "", f'<w:i/><w:iCs/><w:color w:val="{GREY}"/>')}
{_pstyle("Veldnaam", "Veldnaam", '<w:spacing w:after="60"/>',
         f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/>')}
{_pstyle("Toelichting", "Toelichting", '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>',
         f'<w:color w:val="{GREY}"/><w:sz w:val="17"/><w:szCs w:val="17"/>')}
{_pstyle("Tabelkop", "Tabelkop", '<w:spacing w:before="20" w:after="40"/>',
         '<w:b/><w:bCs/><w:color w:val="FFFFFF"/>')}
{_pstyle("Header", "header",
         f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{BORDER}"/></w:pBdr>'
         '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/>',
         f'<w:color w:val="{GREY}"/><w:sz w:val="17"/><w:szCs w:val="17"/>')}
{_pstyle("Footer", "footer", '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
         f'<w:color w:val="{GREY}"/><w:sz w:val="17"/><w:szCs w:val="17"/>')}
{_pstyle("Slotregel", "Slotregel", '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
         '<w:sz w:val="4"/><w:szCs w:val="4"/>')}
<w:style w:type="table" w:styleId="Gegevenstabel"><w:name w:val="Gegevenstabel"/><w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/><w:qFormat/>
  <w:pPr><w:spacing w:before="60" w:after="60"/></w:pPr>
  <w:tblPr><w:tblBorders>
    <w:top w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>
    <w:left w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>
    <w:bottom w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>
    <w:right w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>
    <w:insideV w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>
  </w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
    <w:bottom w:w="28" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="Kaderloos"><w:name w:val="Kaderloos"/><w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/><w:pPr><w:spacing w:after="40"/></w:pPr>
  <w:tblPr><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>
    <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"""


def _replace_children(element, xml: str) -> None:
    """Swap an XML part's content for ours, keeping the part (and its relationship)."""
    new = parse_xml(xml)
    for child in list(element):
        element.remove(child)
    for child in list(new):
        element.append(child)


def new_document(title: str) -> DocumentObject:
    """A clean A4 document: our compact styles, no leftovers of python-docx's default."""
    doc = Document()
    _replace_children(doc.styles.element, STYLES_XML)
    _replace_children(doc.part.numbering_part.element, f"<w:numbering {nsdecls('w')}/>")
    # drop parts that only add weight (a 438 KB stylesWithEffects, a thumbnail, customXml)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.drop_rel(rel_id)
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rel_id)
    settings = doc.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "nl-NL")
    props = doc.core_properties
    props.title, props.subject, props.author, props.keywords = title, "", "", ""
    props.comments, props.last_modified_by, props.category = "", "", ""
    props.revision = 1

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.2)
    return doc


# ------------------------------------------------------------------ building blocks


def para(container, text: str = "", style: str | None = None, *, keep: bool = False,
         after_table: bool = False) -> Paragraph:
    """A paragraph with one run, so no Jinja tag is ever split across runs.

    ``keep`` keeps an introduction on the page of the table it introduces; ``after_table``
    adds the space that a table's last cell does not give.
    """
    paragraph = container.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    if after_table:
        paragraph.paragraph_format.space_before = Pt(10)
    return paragraph


def md(expression: str) -> str:
    """The docxtpl tag that replaces its paragraph by the Markdown answer's paragraphs."""
    return f"{{{{p {expression}|markdown }}}}"


@dataclass
class Rich:
    """A paragraph of several runs: (text, kind) with kind '', 'b', 'sup', 'sym', 'note'."""

    runs: list[tuple[str, str]]
    style: str | None = None


Content = str | Rich
Cell = Sequence[Content]


def fill(target, contents: Cell, *, first_in_cell: bool = False) -> None:
    """Write paragraphs into a cell (reusing its first empty paragraph) or the body."""
    for index, content in enumerate(contents):
        paragraph = target.paragraphs[0] if first_in_cell and index == 0 else target.add_paragraph()
        if isinstance(content, Rich):
            if content.style:
                paragraph.style = content.style
            for text, kind in content.runs:
                run = paragraph.add_run(text)
                if kind == "b":
                    run.bold = True
                elif kind == "sup":
                    run.font.superscript = True
                elif kind == "sym":
                    run.font.name = SYMBOL_FONT
                    rfonts = run._r.rPr.rFonts
                    rfonts.set(qn("w:eastAsia"), SYMBOL_FONT)
                    rfonts.set(qn("w:cs"), SYMBOL_FONT)
                elif kind == "note":
                    run.font.size = Pt(8.5)
                    run.font.color.rgb = RGBColor.from_string(GREY)
        elif content:
            paragraph.add_run(content)


def _shade(cell: _Cell, fill_colour: str) -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill_colour}"/>')
    )


def _widths(table: Table, widths: Sequence[int]) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid + every cell)."""
    table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = parse_xml(f'<w:tblW {nsdecls("w")}/>')
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(w // 635 for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _row_props(row, *, cant_split: bool = True, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if header:
        tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _tag_row(table: Table, tag: str) -> None:
    """A row holding only a ``{%tr … %}`` tag; docxtpl replaces the whole row by it."""
    row = table.add_row()
    row.cells[0].paragraphs[0].add_run(tag)


@dataclass
class Row:
    """One label/value row; ``when`` makes it conditional, ``loop`` repeats it."""

    label: str
    value: Cell
    note: str = ""
    when: str = ""
    loop: str = ""


def fields_table(doc: DocumentObject, rows: Sequence[Row], label_width: float = 5.0,
                 container=None, *, keep_together: bool = False) -> Table:
    """A two-column label/value table, labels shaded, as on DUO's and the region's forms.

    ``keep_together`` (for short tables) keeps every row with the next, so a page break
    never strands one row of, say, a contact person.
    """
    container = container or doc
    widths = [Cm(label_width), TEXT_WIDTH - Cm(label_width)]
    table = container.add_table(rows=0, cols=2)
    table.style = doc.styles["Gegevenstabel"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for spec in rows:
        if spec.when:
            _tag_row(table, f"{{%tr if {spec.when} %}}")
        if spec.loop:
            _tag_row(table, f"{{%tr for {spec.loop} %}}")
        row = table.add_row()
        _row_props(row, cant_split=True)
        label_cell, value_cell = row.cells
        _shade(label_cell, LABEL_FILL)
        fill(label_cell, [spec.label], first_in_cell=True)
        label_cell.paragraphs[0].style = "Veldnaam"
        if spec.note:
            para(label_cell, spec.note, "Toelichting")
        if keep_together and spec is not rows[-1]:
            for paragraph in label_cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
        fill(value_cell, spec.value, first_in_cell=True)
        if spec.loop:
            _tag_row(table, "{%tr endfor %}")
        if spec.when:
            _tag_row(table, "{%tr endif %}")
    _widths(table, widths)
    return table


def loop_table(doc: DocumentObject, columns: Sequence[tuple[str, float]], loop: str,
               cells: Sequence[Cell]) -> Table:
    """A table with a header row and one row per list item (``{%tr for %}``)."""
    widths = [Cm(w) for _, w in columns]
    assert abs(sum(w for _, w in columns) - 16) < 0.01, columns
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Gegevenstabel"]
    header = table.rows[0]
    _row_props(header, header=True)
    for cell, (title, _) in zip(header.cells, columns, strict=True):
        _shade(cell, ACCENT)
        fill(cell, [Rich([(title, "")], style="Tabelkop")], first_in_cell=True)
    _tag_row(table, f"{{%tr for {loop} %}}")
    row = table.add_row()
    _row_props(row)
    for cell, contents in zip(row.cells, cells, strict=True):
        fill(cell, contents, first_in_cell=True)
    _tag_row(table, "{%tr endfor %}")
    _widths(table, widths)
    return table


def _field_runs(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice update when laying out."""
    for xml in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        f"<w:t>{placeholder}</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}>{xml}</w:r>'))


def _fill_footer(footer, doc: DocumentObject, left: str) -> None:
    """Footer: document and arrangement on the left, 'Pagina X van Y' on the right."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = doc.styles["Footer"]
    table = footer.add_table(rows=1, cols=2, width=TEXT_WIDTH)
    table.style = doc.styles["Kaderloos"]
    left_cell, right_cell = table.rows[0].cells
    left_cell.paragraphs[0].style = doc.styles["Footer"]
    left_cell.paragraphs[0].add_run(left)
    page = right_cell.paragraphs[0]
    page.style = doc.styles["Footer"]
    page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page.add_run("Pagina ")
    _field_runs(page, "PAGE", "1")
    page.add_run(" van ")
    _field_runs(page, "NUMPAGES", "1")
    _widths(table, [Cm(12.5), Cm(3.5)])
    # a table must not be the last thing in a footer: move the empty paragraph after it
    paragraph._p.getparent().remove(paragraph._p)
    footer._element.append(paragraph._p)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(2)


def page_furniture(doc: DocumentObject, header: str, footer: str = "{{ document.titel }}") -> None:
    """Running header (not on the title page) and the page-numbered footer on every page."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    head = section.header
    head.is_linked_to_previous = False
    head.paragraphs[0].style = doc.styles["Header"]
    head.paragraphs[0].add_run(header)
    first_head = section.first_page_header
    first_head.is_linked_to_previous = False
    first_head.paragraphs[0].style = doc.styles["Normal"]
    _fill_footer(section.footer, doc, footer)
    _fill_footer(section.first_page_footer, doc, footer)


def title_block(doc: DocumentObject, kicker: str, meta: Sequence[tuple[str, str]]) -> None:
    """Kicker, document title, arrangement name, then a short who/when table."""
    para(doc, kicker, "Bovenkop")
    para(doc, "{{ document.titel }}", "Title")
    para(doc, "{{ arrangement.naam }}", "Subtitle")
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Kaderloos"]
    for label, value in meta:
        row = table.add_row()
        fill(row.cells[0], [Rich([(label, "b")])], first_in_cell=True)
        fill(row.cells[1], [value], first_in_cell=True)
    _widths(table, [Cm(4), Cm(12)])
    para(doc, "")


def closing(doc: DocumentObject) -> None:
    """A tiny last paragraph: the body must not end with a table."""
    para(doc, "", "Slotregel")


def heading(doc: DocumentObject, text: str, level: int = 1) -> None:
    doc.add_heading(text, level)


# -------------------------------------------------------------- shared fragments

def persoon_rows(prefix: str, label: str) -> list[Row]:
    """A person as label/value rows; e-mail and telephone only when filled in."""
    return [
        Row(label, [f"{{{{ {prefix}.naam }}}}"]),
        Row("Functie", [f"{{{{ {prefix}.functie }}}}"]),
        Row("Organisatie", [f"{{{{ {prefix}.organisatie }}}}"]),
        Row("E-mailadres", [f"{{{{ {prefix}.email }}}}"], when=f"{prefix}.email"),
        Row("Telefoonnummer", [f"{{{{ {prefix}.telefoon }}}}"], when=f"{prefix}.telefoon"),
    ]


DOELEN_GEKOZEN: Cell = [
    "{%p for d in doelsoorten if d.gekozen %}",
    Rich([("{{ d.naam }}", "b"), (" – {{ d.omschrijving }}", "")]),
    "{%p endfor %}",
]

def persoon_regels(p: str) -> list[Content]:
    """A person as three lines in one cell: name and function, organisation, contact details."""
    return [
        Rich([(f"{{{{ {p}.naam }}}}", "b"), (f", {{{{ {p}.functie }}}}", "")]),
        f"{{{{ {p}.organisatie }}}}",
        f"{{%p if {p}.email or {p}.telefoon %}}",
        Rich([(f"{{% if {p}.email %}}E-mail: {{{{ {p}.email }}}}{{% endif %}}"
               f"{{% if {p}.email and {p}.telefoon %}} · {{% endif %}}"
               f"{{% if {p}.telefoon %}}Telefoon: {{{{ {p}.telefoon }}}}{{% endif %}}", "")]),
        "{%p endif %}",
    ]


# ------------------------------------------------------------------ the documents


def aanvraaggegevens() -> DocumentObject:
    doc = new_document("Formulier aanvraaggegevens onderwijszorgarrangement")
    page_furniture(doc, "{{ document.titel }} · {{ arrangement.naam }}")
    title_block(doc, "Experiment onderwijszorgarrangementen · bijlage bij de aanvraag bij DUO", [
        ("Aanvrager", "{{ aanvrager.naam }}"),
        ("Aanvraagronde", "{{ aanvraagronde.naam }}"),
        ("Datum", "{{ gemaakt_op|datum }}"),
    ])

    heading(doc, "1. Aanvraagronde")
    fields_table(doc, [
        Row("Aanvraagronde", ["{{ aanvraagronde.naam }}"]),
        Row("Uiterste ontvangstdatum", ["{{ aanvraagronde.uiterste_ontvangstdatum|datum }}"],
            note="DUO moet de aanvraag uiterlijk op deze datum ontvangen hebben."),
        Row("Besluit uiterlijk op", ["{{ aanvraagronde.beslisdatum|datum }}"],
            when="aanvraagronde.beslisdatum"),
    ])

    heading(doc, "2. Aanvrager (bevoegd gezag)")
    fields_table(doc, [
        Row("Naam bevoegd gezag", ["{{ aanvrager.naam }}"]),
        Row("Soort organisatie", ["{{ aanvrager.soort }}"]),
        Row("Bevoegd-gezagnummer", ["{{ aanvrager.bevoegd_gezag_nummer }}"]),
        Row("Postadres", ["{{ aanvrager.adres.straat }}",
                          "{{ aanvrager.adres.postcode }} {{ aanvrager.adres.plaats }}"]),
    ])
    heading(doc, "Contactpersoon voor DUO", 2)
    fields_table(doc, persoon_rows("aanvrager.contactpersoon", "Naam"), keep_together=True)

    heading(doc, "3. School of scholen")
    para(doc, "De school of scholen waar de leerlingen ingeschreven zijn.", "Toelichting", keep=True)
    loop_table(doc, [("Naam school (vestiging)", 7.4), ("BRIN", 2.2), ("Onderwijssoort", 2.9),
                     ("Plaats", 3.5)], "s in scholen",
               [["{{ s.naam }}"], ["{{ s.brin }}"], ["{{ s.onderwijssoort }}"], ["{{ s.plaats }}"]])

    heading(doc, "4. Samenwerkingsverband passend onderwijs")
    fields_table(doc, [
        Row("Naam", ["{{ samenwerkingsverband.naam }}"]),
        Row("Code", ["{{ samenwerkingsverband.code }}"]),
        Row("Vestigingsplaats", ["{{ samenwerkingsverband.plaats }}"]),
    ])

    heading(doc, "5. Zorgaanbieder(s)")
    loop_table(doc, [("Naam zorgaanbieder", 6.5), ("Soort zorg", 6.0), ("Plaats", 3.5)],
               "z in zorgaanbieders", [["{{ z.naam }}"], ["{{ z.zorgsoort }}"], ["{{ z.plaats }}"]])

    heading(doc, "6. Geldverstrekker(s) van de zorgaanbieder")
    loop_table(doc, [("Soort", 3.0), ("Naam", 5.0), ("Wat wordt gefinancierd", 8.0)],
               "f in financiers", [["{{ f.soort }}"], ["{{ f.naam }}"], ["{{ f.bijdrage }}"]])

    heading(doc, "7. Regisseur of contactpersoon van het arrangement")
    fields_table(doc, persoon_rows("regisseur", "Naam"), keep_together=True)

    heading(doc, "8. Het arrangement")
    fields_table(doc, [
        Row("Naam arrangement", ["{{ arrangement.naam }}"]),
        Row("Soort arrangement", ["{{ arrangement.soort }}"]),
        Row("Onderwijs- en zorgbehoeften", [md("arrangement.omschrijving")],
            note="Korte omschrijving"),
        Row("Doel(en)", DOELEN_GEKOZEN),
        Row("Doelgroep", [md("arrangement.doelgroep.omschrijving")]),
        Row("Aantal leerlingen", ["{{ arrangement.doelgroep.aantal_leerlingen }}"],
            note="verwacht, tegelijk in het arrangement"),
        Row("Leeftijd", ["{{ arrangement.doelgroep.leeftijd_van }} tot en met "
                         "{{ arrangement.doelgroep.leeftijd_tot }} jaar"]),
        Row("Locatie", ["{{ arrangement.locatie }}"]),
        Row("Startdatum", ["{{ arrangement.startdatum|datum }}"]),
        Row("Looptijd", ["{{ arrangement.tijdsduur }}"]),
        Row("Financiering", [md("arrangement.financiering")],
            note="onderwijs- en zorggelden, co-financiering"),
    ])

    para(doc, "{%p if individuele_route %}")
    heading(doc, "Individuele route: aanvraag bij de gemeente", 2)
    fields_table(doc, [
        Row("Gemeente", ["{{ individuele_route.gemeente }}"]),
        Row("Ondersteuningsbehoefte samen met Toegang vastgesteld",
            ["{{ individuele_route.samen_met_toegang|ja_nee }}"]),
        Row("Ondersteuningsvraag", [md("individuele_route.ondersteuningsvraag")],
            note="zonder gegevens die tot de leerling te herleiden zijn"),
    ])
    para(doc, "{%p endif %}")

    heading(doc, "9. Afwijkingen van wet- en regelgeving")
    para(doc, "{%p if afwijkingen %}")
    loop_table(doc, [("Regel", 3.5), ("Toelichting", 12.5)], "a in afwijkingen",
               [["{{ a.regel }}"], [md("a.toelichting")]])
    para(doc, "{%p else %}")
    para(doc, "Het arrangement wijkt niet af van de regels over locatie, onderwijstijd, "
              "kerndoelen of bekostigingsvoorschriften.")
    para(doc, "{%p endif %}")

    heading(doc, "10. Bijlagen")
    fields_table(doc, [
        Row("Samenwerkingsovereenkomst", ["bijgevoegd"]),
        Row("Projectplan", ["bijgevoegd"]),
        Row("Advies MR van de school", ["{{ bijlagen.mr_advies_school }}"],
            when="bijlagen.mr_advies_school"),
        Row("Advies MR van het samenwerkingsverband", ["{{ bijlagen.mr_advies_samenwerkingsverband }}"],
            when="bijlagen.mr_advies_samenwerkingsverband"),
        Row("Instemming ondersteuningsplanraad", ["{{ bijlagen.opr_instemming }}"],
            when="bijlagen.opr_instemming"),
    ], label_width=6.0)

    heading(doc, "11. Ondertekening namens het bevoegd gezag")
    para(doc, "Ondergetekende verklaart dat dit formulier naar waarheid is ingevuld en dat de "
              "aanvraag is gedaan in samenwerking met de hierboven genoemde partijen.", keep=True)
    signature_table(doc, "aanvrager.ondertekenaar", "")
    closing(doc)
    return doc


def signature_table(doc: DocumentObject, who: str, place: str) -> Table:
    """One unsplittable row: who signs (name, function, organisation, place and date) and
    a ruled space for the signature.

    A single row keeps the block on one page in Word and LibreOffice alike; keep-with-next
    inside table rows makes LibreOffice drop rows at a page break.
    """
    place_value = f"{place}, " if place else ""
    table = doc.add_table(rows=1, cols=2)
    table.style = doc.styles["Gegevenstabel"]
    row = table.rows[0]
    _row_props(row)
    row.height = Cm(3.2)
    details, sign = row.cells
    fill(details, [
        Rich([("Naam: ", "b"), (f"{{{{ {who}.naam }}}}", "")]),
        Rich([("Functie: ", "b"), (f"{{{{ {who}.functie }}}}", "")]),
        Rich([("Organisatie: ", "b"), (f"{{{{ {who}.organisatie }}}}", "")]),
        Rich([("Plaats en datum: ", "b"), (f"{place_value}____________________", "")]),
    ], first_in_cell=True)
    fill(sign, [Rich([("Handtekening:", "b")])], first_in_cell=True)
    _shade(sign, LABEL_FILL)
    _widths(table, [Cm(9.5), Cm(6.5)])
    return table


def samenwerkingsovereenkomst() -> DocumentObject:
    doc = new_document("Samenwerkingsovereenkomst")
    page_furniture(doc, "{{ document.titel }} · {{ arrangement.naam }}")
    title_block(doc, "Experiment onderwijszorgarrangementen · format samenwerkingsovereenkomst", [
        ("Aanvrager", "{{ aanvrager.naam }}"),
        ("Looptijd", "{{ samenwerkingsovereenkomst.ingangsdatum|datum }} tot en met "
                     "{{ samenwerkingsovereenkomst.einddatum|datum }}"),
        ("Datum", "{{ gemaakt_op|datum }}"),
    ])

    heading(doc, "Partijen")
    para(doc, "De ondergetekenden:", keep=True)
    fields_table(doc, [
        Row("Bevoegd gezag (aanvrager)", [
            Rich([("{{ aanvrager.naam }}", "b")]),
            "{{ aanvrager.adres.straat }}, {{ aanvrager.adres.postcode }} {{ aanvrager.adres.plaats }}",
        ]),
        Row("School", [Rich([("{{ s.naam }}", "")])], loop="s in scholen"),
        Row("Samenwerkingsverband", ["{{ samenwerkingsverband.naam }}"]),
        Row("Zorgaanbieder", ["{{ z.naam }}"], loop="z in zorgaanbieders"),
        Row("Geldverstrekker", ["{{ f.naam }}"], loop="f in financiers"),
    ])
    para(doc, "hierna samen te noemen: partijen, komen het volgende overeen over het "
              "onderwijszorgarrangement “{{ arrangement.naam }}”, dat start op "
              "{{ arrangement.startdatum|datum }}.", after_table=True)

    heading(doc, "Artikel 1. Financiering van de activiteiten")
    para(doc, "Partijen maken de volgende afspraken over de financiering van de activiteiten "
              "in het onderwijszorgarrangement:")
    para(doc, md("samenwerkingsovereenkomst.financiering_activiteiten"))
    loop_table(doc, [("Geldverstrekker", 5.5), ("Bijdrage", 10.5)], "f in financiers",
               [["{{ f.naam }}"], ["{{ f.bijdrage }}"]])

    heading(doc, "Artikel 2. Taken, bevoegdheden en verantwoordelijkheden")
    para(doc, "{%p for t in samenwerkingsovereenkomst.taakverdeling %}")
    heading(doc, "2.{{ loop.index }} {{ t.partij }}", 2)
    fields_table(doc, [
        Row("Taken", [md("t.taken")]),
        Row("Bevoegdheden", [md("t.bevoegdheden")]),
        Row("Verantwoordelijkheden", [md("t.verantwoordelijkheden")]),
    ], label_width=4.5)
    para(doc, "{%p endfor %}")

    heading(doc, "Artikel 3. Leiding in de begeleiding van de jongeren")
    para(doc, "Partijen spreken af wie in welke gevallen de leiding heeft in de begeleiding van "
              "de jongeren in het onderwijszorgarrangement:", keep=True)
    loop_table(doc, [("In deze gevallen", 9.5), ("heeft de leiding", 6.5)],
               "l in samenwerkingsovereenkomst.leiding_begeleiding",
               [["{{ l.situatie }}"], ["{{ l.partij }}"]])

    heading(doc, "Artikel 4. Regie en aanspreekpunt")
    para(doc, "De regisseur van het arrangement is het aanspreekpunt voor partijen, ouders en "
              "jongeren:", keep=True)
    fields_table(doc, persoon_rows("regisseur", "Regisseur"), label_width=4.5, keep_together=True)

    heading(doc, "Artikel 5. Duur")
    para(doc, "Deze overeenkomst gaat in op {{ samenwerkingsovereenkomst.ingangsdatum|datum }} en "
              "eindigt op {{ samenwerkingsovereenkomst.einddatum|datum }}.")

    heading(doc, "Artikel 6. Tussentijdse beëindiging")
    para(doc, md("samenwerkingsovereenkomst.beeindiging"))

    heading(doc, "Artikel 7. Privacy en gegevensdeling")
    para(doc, md("samenwerkingsovereenkomst.privacy"))

    heading(doc, "Artikel 8. Geschillen")
    para(doc, "{%p if samenwerkingsovereenkomst.geschillen %}")
    para(doc, md("samenwerkingsovereenkomst.geschillen"))
    para(doc, "{%p else %}")
    para(doc, "Partijen lossen geschillen over deze overeenkomst in onderling overleg op.")
    para(doc, "{%p endif %}")

    heading(doc, "Ondertekening")
    para(doc, "Aldus overeengekomen en in {{ samenwerkingsovereenkomst.ondertekenaars|length }}-voud "
              "ondertekend te {{ samenwerkingsovereenkomst.plaats_ondertekening }}.")
    para(doc, "{%p for o in samenwerkingsovereenkomst.ondertekenaars %}")
    heading(doc, "Namens {{ o.organisatie }}", 3)
    signature_table(doc, "o", "{{ samenwerkingsovereenkomst.plaats_ondertekening }}")
    para(doc, "{%p endfor %}")
    closing(doc)
    return doc


def projectplan() -> DocumentObject:
    doc = new_document("Projectplan")
    page_furniture(doc, "{{ document.titel }} · {{ arrangement.naam }}")
    title_block(doc, "Experiment onderwijszorgarrangementen · format projectplan", [
        ("Aanvrager", "{{ aanvrager.naam }}"),
        ("Start", "{{ arrangement.startdatum|datum }}"),
        ("Datum", "{{ gemaakt_op|datum }}"),
    ])

    heading(doc, "1. Het arrangement in het kort")
    fields_table(doc, [
        Row("Naam arrangement", ["{{ arrangement.naam }}"]),
        Row("Soort arrangement", ["{{ arrangement.soort }}"]),
        Row("Aanvrager", ["{{ aanvrager.naam }}"]),
        Row("School", ["{{ s.naam }} ({{ s.onderwijssoort }}, {{ s.plaats }})"], loop="s in scholen"),
        Row("Samenwerkingsverband", ["{{ samenwerkingsverband.naam }}"]),
        Row("Zorgaanbieder", ["{{ z.naam }}: {{ z.zorgsoort }}"], loop="z in zorgaanbieders"),
        Row("Regisseur", persoon_regels("regisseur")),
        Row("Locatie", ["{{ arrangement.locatie }}"]),
        Row("Startdatum", ["{{ arrangement.startdatum|datum }}"]),
        Row("Gedragswetenschapper", persoon_regels("g"),
            loop="g in (achterhoek.gedragswetenschappers if achterhoek else [])"),
    ])

    heading(doc, "2. Aanleiding")
    para(doc, md("arrangement.aanleiding"))

    heading(doc, "3. Doel en plannen")
    para(doc, md("projectplan.doel_en_plannen"))
    para(doc, "Het arrangement heeft deze doelen:", "Veldnaam", keep=True)
    para(doc, "{%p for d in doelsoorten if d.gekozen %}")
    fill(doc, [Rich([("{{ d.naam }}", "b"), (" – {{ d.omschrijving }}", "")])])
    para(doc, "{%p endfor %}")

    heading(doc, "4. Doelgroep")
    para(doc, md("arrangement.doelgroep.omschrijving"))
    fields_table(doc, [
        Row("Aantal leerlingen", ["{{ arrangement.doelgroep.aantal_leerlingen }} tegelijk"]),
        Row("Leeftijd", ["{{ arrangement.doelgroep.leeftijd_van }} tot en met "
                         "{{ arrangement.doelgroep.leeftijd_tot }} jaar"]),
    ])
    heading(doc, "Onderwijs- en zorgbehoeften", 2)
    para(doc, md("arrangement.omschrijving"))
    para(doc, "{%p if achterhoek %}")
    heading(doc, "Criteria voor deelname", 2)
    para(doc, md("achterhoek.criteria_leerlingen"))
    heading(doc, "Toeleiding", 2)
    para(doc, md("achterhoek.toeleiding"))
    para(doc, "{%p endif %}")

    heading(doc, "5. Hoe het arrangement eruitziet")
    heading(doc, "Aanbod", 2)
    para(doc, md("arrangement.aanbod"))
    heading(doc, "Vormgeving", 2)
    para(doc, md("projectplan.vormgeving"))

    heading(doc, "6. Afwijkingen van wet- en regelgeving")
    para(doc, "{%p if afwijkingen %}")
    para(doc, "{%p for a in afwijkingen %}")
    heading(doc, "Afwijking: {{ a.regel }}", 2)
    para(doc, md("a.toelichting"))
    para(doc, "{%p endfor %}")
    para(doc, "{%p else %}")
    para(doc, "Het arrangement wijkt niet af van wet- en regelgeving.")
    para(doc, "{%p endif %}")

    heading(doc, "7. Leerlijnen en onderwijsmethodes")
    para(doc, md("projectplan.leerlijnen"))

    heading(doc, "8. Ontwikkeling van de jongeren volgen")
    para(doc, md("projectplan.ontwikkeling_volgen"))

    heading(doc, "9. Medewerkers en kwaliteit")
    loop_table(doc, [("Functie en organisatie", 4.0), ("Inzet", 1.5), ("Vakkennis en deskundigheid", 5.0),
                     ("Bijdrage aan de kwaliteit", 5.5)], "m in projectplan.medewerkers", [
        [Rich([("{{ m.functie }}", "b")]), "{{ m.organisatie }}"],
        ["{% if m.fte is not none %}{{ m.fte|getal }} fte{% else %}–{% endif %}"],
        ["{{ m.expertise }}"],
        ["{{ m.bijdrage_kwaliteit }}"],
    ])
    para(doc, "")  # the Markdown paragraphs below cannot carry a space-before of their own
    para(doc, md("projectplan.kwaliteit"))

    para(doc, "{%p if achterhoek %}")
    heading(doc, "10. Verantwoording en monitoring")
    para(doc, md("achterhoek.verantwoording_monitoring"))
    heading(doc, "11. Bijdrage aan het experiment")
    para(doc, "{%p else %}")
    heading(doc, "10. Bijdrage aan het experiment")
    para(doc, "{%p endif %}")
    para(doc, md("projectplan.bijdrage_experiment"))
    closing(doc)
    return doc


def aanmeldformulier() -> DocumentObject:
    doc = new_document("Aanmeldformulier collectief onderwijs-jeugdhulparrangement")
    page_furniture(doc, "Sociaal Domein Achterhoek · {{ arrangement.naam }}")
    title_block(doc, "Sociaal Domein Achterhoek · regionale adviesgroep onderwijs-jeugdhulparrangementen", [
        ("Aanvrager", "{{ aanvrager.naam }}"),
        ("Datum", "{{ gemaakt_op|datum }}"),
    ])

    partners: Cell = [
        Rich([("Aanvrager ({{ aanvrager.soort }}): ", "b"), ("{{ aanvrager.naam }}", "")]),
        "{%p for s in scholen %}",
        Rich([("School: ", "b"), ("{{ s.naam }}", "")]),
        "{%p endfor %}",
        Rich([("Samenwerkingsverband: ", "b"), ("{{ samenwerkingsverband.naam }}", "")]),
        "{%p for z in zorgaanbieders %}",
        Rich([("Zorgaanbieder: ", "b"), ("{{ z.naam }}", "")]),
        "{%p endfor %}",
        "{%p for f in financiers %}",
        Rich([("{{ 'Betrokken gemeente' if f.soort == 'gemeente' else 'Financier' }}: ", "b"),
              ("{{ f.naam }} ({{ f.soort }})", "")]),
        "{%p endfor %}",
    ]
    doel: Cell = [
        "{%p for d in doelsoorten %}",
        Rich([("{{ '☒' if d.gekozen else '☐' }}", "sym"), (" {{ d.naam }}", "b"), ("{{ d.nummer }}", "sup"),
              ("  {{ d.omschrijving }}", "note")]),
        "{%p endfor %}",
    ]
    fields_table(doc, [
        Row("Naam arrangement", ["{{ arrangement.naam }}"]),
        Row("Samenwerkende partners", partners,
            note="school(bestuur), samenwerkingsverband, betrokken gemeenten (er moet minimaal "
                 "één gemeente betrokken zijn)"),
        Row("Regisseur/contactpersoon", persoon_regels("regisseur")),
        Row("Aanleiding", [md("arrangement.aanleiding")]),
        Row("Korte omschrijving", [md("arrangement.omschrijving")], note="onderwijs en zorgbehoeften"),
        Row("Doel", doel, note="terugleiden, opbouwen, versterken, aanpassen, doorleiden; "
                               "de gekozen doelen zijn aangekruist"),
        Row("Doelgroep", [
            md("arrangement.doelgroep.omschrijving"),
            "Aantal leerlingen: {{ arrangement.doelgroep.aantal_leerlingen }}; leeftijd "
            "{{ arrangement.doelgroep.leeftijd_van }} tot en met {{ arrangement.doelgroep.leeftijd_tot }} jaar.",
        ]),
        Row("Aanbod", [md("arrangement.aanbod")]),
        Row("Locatie", ["{{ arrangement.locatie }}"]),
        Row("Tijdsduur", ["{{ arrangement.tijdsduur }}"]),
        Row("Financiering", [md("arrangement.financiering")]),
        Row("Opmerkingen", [
            "{%p if arrangement.opmerkingen %}",
            md("arrangement.opmerkingen"),
            "{%p else %}",
            "Geen.",
            "{%p endif %}",
        ]),
    ], label_width=4.8)
    heading(doc, "Criteria voor aanmelding")
    para(doc, "{%p if achterhoek %}")
    fields_table(doc, [
        Row("Vooraf afgestemd met betrokken partijen", ["{{ achterhoek.afgestemd_met_partijen|ja_nee }}"],
            note="scholen, schoolbesturen, samenwerkingsverband en gemeenten"),
        Row("Past binnen de Achterhoekse visie", ["{{ achterhoek.past_in_visie|ja_nee }}"],
            note="op onderwijs-jeugdhulparrangementen"),
        Row("Gedragswetenschapper(s)", [
            "{%p for g in achterhoek.gedragswetenschappers %}",
            *persoon_regels("g"),
            "{%p endfor %}",
            "{%p if not achterhoek.gedragswetenschappers %}",
            "Nog niet ingevuld.",
            "{%p endif %}",
        ], note="het plan is (mede) opgesteld door minimaal één gedragswetenschapper"),
        Row("Criteria voor leerlingen", [md("achterhoek.criteria_leerlingen")],
            note="welke leerlingen passen binnen het arrangement"),
        Row("Toeleiding", [md("achterhoek.toeleiding")],
            note="hoe individuele leerlingen naar het arrangement worden toegeleid"),
        Row("Verantwoording en monitoring", [md("achterhoek.verantwoording_monitoring")]),
        Row("Adviesvraag", [md("achterhoek.adviesvraag")],
            note="de concrete vraag aan de regionale adviesgroep"),
    ], label_width=4.8)
    para(doc, "{%p else %}")
    para(doc, "De gegevens voor de regionale adviesgroep (afstemming, visie, gedragswetenschapper, "
              "criteria, toeleiding, verantwoording en adviesvraag) zijn nog niet ingevuld.")
    para(doc, "{%p endif %}")
    para(doc, "")
    para(doc, "Stuur het ingevulde aanmeldformulier naar contact@sociaaldomeinachterhoek.nl. De regionale "
              "adviesgroep brengt uiterlijk 6 weken na het indienen een advies uit aan het ambtelijk "
              "overleg jeugd (AO Jeugd).", "Toelichting")
    closing(doc)
    return doc


BUILDERS: dict[str, Callable[[], DocumentObject]] = {
    "aanvraaggegevens": aanvraaggegevens,
    "samenwerkingsovereenkomst": samenwerkingsovereenkomst,
    "projectplan": projectplan,
    "aanmeldformulier": aanmeldformulier,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "templates")
    parser.add_argument("ids", nargs="*", default=list(BUILDERS))
    args = parser.parse_args(argv)
    for doc_id in args.ids:
        target = args.out / doc_id / f"{doc_id}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        BUILDERS[doc_id]().save(str(target))
        print(target)


if __name__ == "__main__":
    main()

