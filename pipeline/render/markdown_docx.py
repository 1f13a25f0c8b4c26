"""Markdown answers → WordprocessingML paragraphs, for docxtpl's ``{{p … |markdown }}`` tag.

docxtpl replaces the whole paragraph holding a ``{{p }}`` tag by whatever the expression
renders, so the filter returns complete ``<w:p>`` elements (at least one, so a table cell
still ends with a paragraph). Lists become real Word list paragraphs: every list gets its
own ``<w:num>`` in the document's numbering part, so each numbered list restarts at 1.
Links keep only their text (plus a web address in parentheses): a generated document must
never carry live ``file:`` or relative hyperlinks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.parts.numbering import NumberingPart
from lxml import etree
from markdown_it.token import Token
from markupsafe import Markup

from pipeline.render import markdown

# The same answers appear in several documents of one build: parse each text once.
tokens = lru_cache(maxsize=1024)(markdown.tokens)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Characters XML 1.0 forbids even when escaped; the model already drops C0 controls, this
# also covers lone surrogates and U+FFFE/U+FFFF so a bad paste can never break the file.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHOWN_SCHEMES = ("http://", "https://", "mailto:")

INDENT = 360  # twips per list level (0.635 cm): lists also fit in narrow table cells
LEVELS = 9
BULLETS = ("•", "–", "▪")
MONO_FONT = "Courier New"  # LibreOffice maps it to the metric-compatible Liberation Mono


def xml_text(value: str) -> str:
    """Escape text for a ``<w:t>`` and drop characters XML cannot carry."""
    return escape(_XML_ILLEGAL.sub("", value))


def _abstract_num_xml(abstract_id: int, ordered: bool) -> str:
    levels = []
    for level in range(LEVELS):
        if ordered:
            fmt, text, font = "decimal", f"%{level + 1}.", ""
        else:
            fmt, text = "bullet", BULLETS[level % len(BULLETS)]
            font = '<w:rPr><w:rFonts w:ascii="Carlito" w:hAnsi="Carlito" w:hint="default"/></w:rPr>'
        left = INDENT * (level + 1)
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{INDENT}"/></w:pPr>{font}</w:lvl>'
        )
    return (
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
    )


class ListNumbering:
    """The numbering definitions of one document, extended with our own list formats.

    We add our own abstract definitions instead of relying on ones in the template: a
    consultant who edits the template in Word may renumber or drop them at will.
    """

    def __init__(self, document: Document) -> None:
        self._root = self._numbering_element(document)
        self._abstract: dict[bool, int] = {}
        self._bullet_num: int | None = None

    @staticmethod
    def _numbering_element(document: Document) -> etree._Element:
        part = document.part
        try:
            numbering = part.part_related_by(RT.NUMBERING)
        except KeyError:  # python-docx cannot create one itself (NumberingPart.new)
            numbering = NumberingPart(
                PackURI("/word/numbering.xml"),
                CT.WML_NUMBERING,
                parse_xml(f'<w:numbering xmlns:w="{W_NS}"/>'),
                part.package,
            )
            part.relate_to(numbering, RT.NUMBERING)
        return numbering.element

    def _ids(self, tag: str, attr: str) -> list[int]:
        return [int(e.get(qn(attr))) for e in self._root.iterchildren(qn(tag))]

    def _abstract_id(self, ordered: bool) -> int:
        if ordered not in self._abstract:
            new_id = max(self._ids("w:abstractNum", "w:abstractNumId"), default=-1) + 1
            element = parse_xml(_abstract_num_xml(new_id, ordered))
            # the schema wants every abstractNum before the first num
            existing = list(self._root.iterchildren(qn("w:abstractNum")))
            if existing:
                existing[-1].addnext(element)
            else:
                self._root.insert(0, element)
            self._abstract[ordered] = new_id
        return self._abstract[ordered]

    def _add_num(self, abstract_id: int, level: int | None = None, start: int = 1) -> int:
        num_id = max(self._ids("w:num", "w:numId"), default=0) + 1
        override = (
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if level is not None
            else ""
        )
        element = parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
        nums = list(self._root.iterchildren(qn("w:num")))
        if nums:
            nums[-1].addnext(element)
        else:
            abstracts = list(self._root.iterchildren(qn("w:abstractNum")))
            abstracts[-1].addnext(element)
        return num_id

    def bullet_list(self) -> int:
        """The numId for bullets; one is enough, bullets need no restart."""
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self._abstract_id(ordered=False))
        return self._bullet_num

    def numbered_list(self, level: int, start: int = 1) -> int:
        """A fresh numId per numbered list, so that Word and LibreOffice restart counting."""
        return self._add_num(self._abstract_id(ordered=True), level, start)


@dataclass(slots=True)
class _List:
    num_id: int
    level: int
    paragraphs_in_item: int = 0


@dataclass(slots=True)
class _Paragraph:
    """Collects the runs and properties of one output paragraph."""

    properties: list[str] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)

    def xml(self) -> str:
        ppr = f"<w:pPr>{''.join(self.properties)}</w:pPr>" if self.properties else ""
        return f"<w:p>{ppr}{''.join(self.runs)}</w:p>"


@dataclass(slots=True)
class _RunStyle:
    bold: int = 0
    italic: int = 0

    def rpr(self, code: bool = False) -> str:
        props = []
        if code:
            props.append(f'<w:rFonts w:ascii="{MONO_FONT}" w:hAnsi="{MONO_FONT}" w:cs="{MONO_FONT}"/>')
        if self.bold:
            props.append("<w:b/><w:bCs/>")
        if self.italic:
            props.append("<w:i/><w:iCs/>")
        return f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""


def _run(text: str, rpr: str) -> str:
    """One run; tabs become real Word tabs (docxtpl would otherwise rewrite raw ``\\t``)."""
    parts = xml_text(text).split("\t")
    body = '</w:t><w:tab/><w:t xml:space="preserve">'.join(parts)
    return f'<w:r>{rpr}<w:t xml:space="preserve">{body}</w:t></w:r>'


def _shown_url(href: str, label: str) -> str | None:
    """The address to print after a link's text, if it is a web or mail address worth showing."""
    if not href.lower().startswith(_SHOWN_SCHEMES):
        return None
    def bare(value: str) -> str:
        value = value.strip()
        return value[len("mailto:"):] if value.lower().startswith("mailto:") else value

    shown = bare(href)
    return None if shown in (label.strip(), bare(label)) else shown


class MarkdownDocx:
    """Converter bound to one document (its numbering part); usable as a Jinja filter."""

    def __init__(self, document: Document) -> None:
        self._numbering = ListNumbering(document)
        style_ids = {s.style_id for s in document.styles}
        self._list_style = "ListParagraph" if "ListParagraph" in style_ids else None
        self._quote_style = "Quote" if "Quote" in style_ids else None

    def __call__(self, value: object) -> Markup:
        if value is None:
            return Markup("<w:p/>")
        return Markup(self.to_xml(str(value)))

    def to_xml(self, text: str) -> str:
        paragraphs = list(self._blocks(tokens(text)))
        return "".join(paragraphs) or "<w:p/>"

    # ------------------------------------------------------------------ blocks

    def _blocks(self, stream: Sequence[Token]) -> Iterable[str]:
        lists: list[_List] = []
        quote_depth = 0
        heading = False
        for token in stream:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                level = min(len(lists), LEVELS - 1)
                if kind == "ordered_list_open":
                    start = int(token.attrGet("start") or 1)
                    num_id = self._numbering.numbered_list(level, start)
                else:
                    num_id = self._numbering.bullet_list()
                lists.append(_List(num_id, level))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                lists[-1].paragraphs_in_item = 0
            elif kind == "blockquote_open":
                quote_depth += 1
            elif kind == "blockquote_close":
                quote_depth -= 1
            elif kind == "heading_open":
                heading = True
            elif kind == "heading_close":
                heading = False
            elif kind == "inline":
                paragraph = self._paragraph(lists, quote_depth, heading)
                paragraph.runs.extend(self._inline(token.children or [], bold=heading))
                yield paragraph.xml()
            elif kind in ("code_block", "fence"):
                paragraph = self._paragraph(lists, quote_depth, False)
                rpr = _RunStyle().rpr(code=True)
                lines = token.content.rstrip("\n").split("\n")
                paragraph.runs.append("<w:r><w:br/></w:r>".join(_run(line, rpr) for line in lines))
                yield paragraph.xml()
            elif kind == "hr":
                yield (
                    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" '
                    'w:color="A6A6A6"/></w:pBdr></w:pPr></w:p>'
                )

    def _paragraph(self, lists: list[_List], quote_depth: int, heading: bool) -> _Paragraph:
        paragraph = _Paragraph()
        if lists:
            current = lists[-1]
            if self._list_style:
                paragraph.properties.append(f'<w:pStyle w:val="{self._list_style}"/>')
            if heading:
                paragraph.properties.append("<w:keepNext/>")
            if current.paragraphs_in_item == 0:
                paragraph.properties.append(
                    f'<w:numPr><w:ilvl w:val="{current.level}"/>'
                    f'<w:numId w:val="{current.num_id}"/></w:numPr>'
                )
            else:  # a further paragraph of the same item: aligned with its text, no bullet
                paragraph.properties.append(
                    f'<w:ind w:left="{INDENT * (current.level + 1) + quote_depth * INDENT}"/>'
                )
            current.paragraphs_in_item += 1
            return paragraph
        if quote_depth:
            if self._quote_style:
                paragraph.properties.append(f'<w:pStyle w:val="{self._quote_style}"/>')
            paragraph.properties.append(
                '<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="BFBFBF"/></w:pBdr>'
                f'<w:ind w:left="{INDENT * quote_depth}"/>'
            )
        if heading:
            paragraph.properties.append("<w:keepNext/>")
        return paragraph

    # ------------------------------------------------------------------ inline

    def _inline(self, children: Sequence[Token], *, bold: bool = False) -> list[str]:
        """Runs for one paragraph; adjacent text with the same formatting shares one run."""
        style = _RunStyle(bold=int(bold))
        runs: list[str] = []
        pending: tuple[str, list[str]] | None = None  # run properties and texts not yet emitted
        link: tuple[str, list[str]] | None = None  # href and the text seen so far

        def text(value: str, rpr: str) -> None:
            nonlocal pending
            if pending and pending[0] == rpr:
                pending[1].append(value)
                return
            flush()
            pending = (rpr, [value])

        def flush() -> None:
            nonlocal pending
            if pending:
                runs.append(_run("".join(pending[1]), pending[0]))
                pending = None

        for child in children:
            kind = child.type
            if kind == "strong_open":
                style.bold += 1
            elif kind == "strong_close":
                style.bold -= 1
            elif kind == "em_open":
                style.italic += 1
            elif kind == "em_close":
                style.italic -= 1
            elif kind == "softbreak":
                text(" ", style.rpr())
            elif kind == "hardbreak":
                flush()
                runs.append("<w:r><w:br/></w:r>")
            elif kind == "code_inline":
                text(child.content, style.rpr(code=True))
                if link:
                    link[1].append(child.content)
            elif kind == "link_open":
                link = (str(child.attrGet("href") or ""), [])
            elif kind == "link_close":
                if link:
                    shown = _shown_url(link[0], "".join(link[1]))
                    if shown:
                        text(f" ({shown})", style.rpr())
                link = None
            elif child.content:  # text, text_special and anything else that carries text
                text(child.content, style.rpr())
                if link:
                    link[1].append(child.content)
        flush()
        return runs
