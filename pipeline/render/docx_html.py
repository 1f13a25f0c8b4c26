"""A rendered Word document → one standalone HTML page (input of the PDF and the preview).

The Word template is the only source of a document's text and order; this module shows
that rendered document as HTML, the way pandoc's reference-doc and mammoth's style maps
do: each *named Word style* becomes an HTML element or a CSS class, and one stylesheet
(``templates/stijl.css``) keyed on those names gives the PDF its look. Direct formatting
is carried over only where it carries meaning (bold, italic, underline, strike, super- and
subscript, alignment, cell shading, keep-with-next, page breaks); colour, font and size
belong in styles, and ``dossier templates check`` says where a template has them.

It walks the lxml tree python-docx already holds in memory after docxtpl rendered it, so
there is no second parse: a document converts in a few milliseconds (``make bench``
prints the median). mammoth was measured at 50–90 ms per document here and maps no
headers, footers, page geometry or cell merges.

Mapped: paragraphs (style → element/class), runs (b/i/u/strike/vertAlign, character
styles → ``<span class>``), line, column and page breaks, tabs, symbols (☒/☐), fields,
nested ones too (PAGE/NUMPAGES become page counters, a DISPLAYBARCODE QR code an empty box that
the PDF fills with each page's own code, other fields keep their result), hyperlinks (text
only: a submitted document carries no live links), content controls, tracked insertions
(deletions dropped), inline images (as data: URLs), bullet and numbered lists (nested,
continuing and restarting as Word counts them), tables (style, column widths, header rows,
``gridSpan``/``vMerge`` merges, shading, vertical alignment, rows that may not split),
the section's page size and margins, and its header and footer (first page separately
when the template says so) as CSS running elements.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.render.qr_pdf import CODE_ATTRIBUTE, ERROR_ATTRIBUTE
from pipeline.render.word_fields import Barcode, FieldStack, barcode, field_word

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Word styles with an HTML element of their own; every other style becomes a class.
ELEMENT_STYLES: dict[str, str] = {
    "Title": "h1",
    "Heading1": "h2",
    "Heading2": "h3",
    "Heading3": "h4",
    "Heading4": "h5",
    "Heading5": "h6",
    "Heading6": "h6",
}
# Styles that need no class: the HTML element already says it all.
PLAIN_STYLES = frozenset({"Normal", "ListParagraph", "TableNormal", "DefaultParagraphFont", "TableGrid"})

_ALIGN = {"center": "center", "right": "right", "end": "right", "both": "justify", "distribute": "justify"}
_VALIGN = {"center": "middle", "bottom": "bottom"}
_OL_TYPES = {"decimal": "1", "lowerLetter": "a", "upperLetter": "A", "lowerRoman": "i", "upperRoman": "I"}
_OFF = frozenset({"0", "false", "off", "none"})
_TWIPS_PER_MM = 1440 / 25.4
_EMU_PER_MM = 36000

# Word's paragraph layout rules, honoured as CSS classes of stijl.css (see ``_Blocks.paragraph``).
_LAYOUT_RULES = ("keepNext", "keepLines", "pageBreakBefore", "widowControl")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Skipped wholesale: they hold no visible text of the document.
_SKIP = frozenset({
    f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom", f"{W}proofErr", f"{W}bookmarkStart",
    f"{W}bookmarkEnd", f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}commentReference",
    f"{W}lastRenderedPageBreak", f"{W}footnoteReference", f"{W}endnoteReference", f"{W}sectPr",
    f"{W}permStart", f"{W}permEnd", f"{W}annotationRef",
})
# Wrappers whose children are ordinary content.
_DESCEND = frozenset({
    f"{W}hyperlink", f"{W}ins", f"{W}moveTo", f"{W}smartTag", f"{W}customXml", f"{W}sdtContent",
    f"{W}fldSimple", f"{W}dir", f"{W}bdo",
})

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: str) -> str:
    return text.translate(_ESCAPES)


def style_class(style_id: str) -> str:
    """The CSS class of a Word style: its id in lower case (``Veldnaam`` → ``veldnaam``)."""
    return re.sub(r"[^a-z0-9_-]", "", style_id.lower())


# ------------------------------------------------------------------ the document's parts


@dataclass(slots=True)
class _Level:
    ordered: bool
    ol_type: str
    start: int


@dataclass(slots=True)
class Parts:
    """What the walk needs from the package besides the body: styles, numbering, images."""

    paragraph_numbering: dict[str, tuple[str, int]]  # paragraph style id → (numId, ilvl)
    levels: dict[tuple[str, int], _Level]  # (numId, ilvl) → format and start
    related: dict[str, object]  # relationship id → part (images)
    # Word counts per list definition (abstractNum), shared by all numIds that use it;
    # a numId with a startOverride restarts those levels where it first appears.
    list_of: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    restarts: dict[str, frozenset[int]] = field(default_factory=dict)  # numId → overridden levels
    direct: dict[str, str] = field(default_factory=dict)  # declarations → class (see direct_class)
    hidden_styles: frozenset[str] = frozenset()  # style ids whose text Word hides (``w:vanish``)
    # paragraph style id → its layout rules (keepNext, keepLines, pageBreakBefore, widowControl) as
    # True/False, resolved along basedOn: Word applies a style's "keep with next" as if set on the paragraph
    paragraph_rules: dict[str, dict[str, bool]] = field(default_factory=dict)

    def rule(self, ppr: etree._Element | None, style: str, name: str, default: bool = False) -> bool:
        """A paragraph's layout rule: its own setting, else its style's, else Word's default."""
        own = ppr.find(f"{W}{name}") if ppr is not None else None
        if own is not None:
            return _on(own)
        return self.paragraph_rules.get(style, {}).get(name, default)

    def direct_class(self, css: list[str]) -> str:
        """One class per distinct combination of direct formatting (cell shading, alignment,
        column width, row height), not a ``style`` attribute per element.

        weasyprint shares a computed style between elements only when their rules and style
        attributes are the same objects, and every ``style`` attribute is parsed anew: 97
        shaded cells were 97 styles, each computed again for the cell and all it holds.
        As a class they are one, which made a PDF ≈6 % faster (``make bench``). The name has
        a colon, which ``style_class`` never yields, so it cannot meet a Word style's class.
        """
        declarations = "; ".join(css)
        name = self.direct.get(declarations)
        if name is None:
            name = self.direct[declarations] = f"direct:{len(self.direct) + 1}"
        return name

    def direct_css(self) -> str:
        """The direct-formatting classes; ``!important`` gives them the weight a ``style``
        attribute has over the stylesheet's rules."""
        rules = []
        for declarations, name in self.direct.items():
            selector = "." + name.replace(":", "\\:")
            rules.append(f"{selector} {{ {'; '.join(d + ' !important' for d in declarations.split('; '))} }}\n")
        return "".join(rules)

    @classmethod
    def of(cls, document: WordDocument) -> Parts:
        styles_el = document.styles.element
        ids, numbering = [], {}
        based: dict[str, str] = {}
        vanish: dict[str, bool] = {}  # a style's own hidden setting, where it has one
        own_rules: dict[str, dict[str, bool]] = {}
        for style in styles_el.iterchildren(f"{W}style"):
            sid = style.get(f"{W}styleId") or ""
            ids.append(sid)
            own = style.find(f"{W}rPr/{W}vanish")
            if own is not None:
                vanish[sid] = _on(own)
            ppr = style.find(f"{W}pPr")
            if ppr is not None:
                own_rules[sid] = {name: _on(el) for name in _LAYOUT_RULES if (el := ppr.find(f"{W}{name}")) is not None}
            base = style.find(f"{W}basedOn")
            if base is not None:
                based[sid] = base.get(f"{W}val") or ""
            num = style.find(f"{W}pPr/{W}numPr")
            if num is not None:
                num_id = num.find(f"{W}numId")
                ilvl = num.find(f"{W}ilvl")
                if num_id is not None:
                    numbering[sid] = (num_id.get(f"{W}val") or "0",
                                      int(ilvl.get(f"{W}val") or 0) if ilvl is not None else 0)
        for sid in ids:  # a style inherits its list from the style it is based on
            seen, current = set(), sid
            while current not in numbering and current in based and current not in seen:
                seen.add(current)
                current = based[current]
            if current in numbering:
                numbering.setdefault(sid, numbering[current])
        hidden = set()
        for sid in ids:  # hidden as the nearest style on its basedOn chain that says so
            seen, current = set(), sid
            while current not in vanish and current in based and current not in seen:
                seen.add(current)
                current = based[current]
            if vanish.get(current):
                hidden.add(sid)
        rules: dict[str, dict[str, bool]] = {}
        for sid in ids:  # nearest setting first: the style's own, then what it is based on
            merged: dict[str, bool] = {}
            seen, current = set(), sid
            while current and current not in seen:
                seen.add(current)
                for name, value in own_rules.get(current, {}).items():
                    merged.setdefault(name, value)
                current = based.get(current, "")
            if merged:
                rules[sid] = merged
        levels, list_of, restarts = _levels(document)
        return cls(numbering, levels, _related(document.part), list_of, restarts, hidden_styles=frozenset(hidden),
                   paragraph_rules=rules)

    def of_part(self, part: object) -> Parts:
        """The same document seen from another part (a header, a footer): its own relationships, so a
        logo in the header is found; styles, lists and direct classes stay shared."""
        return replace(self, related=_related(part))


def _related(part: object) -> dict[str, object]:
    """A part's internal relationships by id (its pictures); an external one is never followed."""
    rels = getattr(part, "rels", {})
    return {rid: rel.target_part for rid, rel in rels.items() if not rel.is_external}


def _levels(
    document: WordDocument,
) -> tuple[dict[tuple[str, int], _Level], dict[str, str], dict[str, frozenset[int]]]:
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}, {}, {}
    abstract: dict[str, dict[int, _Level]] = {}
    for node in root.iterchildren(f"{W}abstractNum"):
        levels = {}
        for lvl in node.iterchildren(f"{W}lvl"):
            fmt_el = lvl.find(f"{W}numFmt")
            fmt = fmt_el.get(f"{W}val") if fmt_el is not None else "decimal"
            start_el = lvl.find(f"{W}start")
            start = _int(start_el.get(f"{W}val") if start_el is not None else None, 1)
            ordered = fmt not in ("bullet", "none")
            levels[_int(lvl.get(f"{W}ilvl"), 0)] = _Level(ordered, _OL_TYPES.get(fmt or "", "1"), start)
        abstract[node.get(f"{W}abstractNumId") or ""] = levels
    result: dict[tuple[str, int], _Level] = {}
    list_of: dict[str, str] = {}
    restarts: dict[str, frozenset[int]] = {}
    for num in root.iterchildren(f"{W}num"):
        num_id = num.get(f"{W}numId") or ""
        ref = num.find(f"{W}abstractNumId")
        abstract_id = ref.get(f"{W}val") or "" if ref is not None else ""
        list_of[num_id] = abstract_id
        levels = abstract.get(abstract_id, {})
        for ilvl, level in levels.items():
            result[(num_id, ilvl)] = level
        restarted = set()
        for override in num.iterchildren(f"{W}lvlOverride"):
            ilvl = _int(override.get(f"{W}ilvl"), 0)
            start = override.find(f"{W}startOverride")
            if start is not None and (num_id, ilvl) in result:
                base = result[(num_id, ilvl)]
                result[(num_id, ilvl)] = _Level(base.ordered, base.ol_type, _int(start.get(f"{W}val"), 1))
                restarted.add(ilvl)
        restarts[num_id] = frozenset(restarted)
    return result, list_of, restarts


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(el: etree._Element | None) -> bool:
    """A Word toggle property (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    return el is not None and (el.get(f"{W}val") or "true").lower() not in _OFF


def _val(parent: etree._Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    el = parent.find(tag)
    return None if el is None else el.get(f"{W}val")


# ------------------------------------------------------------------ inline content


@dataclass(slots=True)
class _Inline:
    """Collects a paragraph's runs, merging neighbours with the same formatting."""

    parts: Parts
    out: list[str] = field(default_factory=list)
    open_format: tuple[str, ...] = ()
    fields: FieldStack = field(default_factory=FieldStack)  # the fields open here (``word_fields``)
    page_break_at: list[int] = field(default_factory=list)  # positions in ``out`` to split at
    hidden: bool = False  # the paragraph's style hides its text (a run may say otherwise)

    def _set_format(self, wanted: tuple[str, ...]) -> None:
        if wanted == self.open_format:
            return
        common = 0
        for a, b in zip(self.open_format, wanted, strict=False):
            if a != b:
                break
            common += 1
        for tag in reversed(self.open_format[common:]):
            self.out.append(f"</{tag.split(' ', 1)[0]}>")
        for tag in wanted[common:]:
            self.out.append(f"<{tag}>")
        self.open_format = wanted

    def close(self) -> str:
        self._set_format(())
        return "".join(self.out)

    def text(self, value: str, fmt: tuple[str, ...]) -> None:
        if value:
            self._set_format(fmt)
            self.out.append(esc(value))

    def raw(self, markup: str, fmt: tuple[str, ...]) -> None:
        self._set_format(fmt)
        self.out.append(markup)

    def walk(self, parent: etree._Element) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{W}r":
                self.run(child)
            elif tag in _DESCEND:
                if tag == f"{W}fldSimple":
                    self.simple_field(child)
                else:
                    self.walk(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.walk(content)
            elif tag == f"{MC}AlternateContent":
                fallback = child.find(f"{MC}Fallback")
                if fallback is not None:
                    self.walk(fallback)

    def simple_field(self, node: etree._Element) -> None:
        markup = _field_markup(node.get(f"{W}instr") or "", self.parts)
        if markup:
            self.raw(markup, ())
        else:
            self.walk(node)

    def run(self, run: etree._Element) -> None:
        rpr = run.find(f"{W}rPr")
        fmt = _run_format(rpr)
        fields = self.fields
        hidden = _hidden(rpr, self.parts, default=self.hidden)
        for child in run.iterchildren():
            tag = child.tag
            if tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    fields.begin()
                elif kind == "separate":
                    code = fields.separate()
                    markup = _field_markup(code, self.parts) if code is not None else ""
                    if markup:
                        self.raw(markup, fmt)
                        fields.shown()  # the result Word stored is stale: skipped
                elif kind == "end":
                    code = fields.end()  # a field without a stored result
                    if code is not None:
                        self.raw(_field_markup(code, self.parts), fmt)
                continue
            if tag == f"{W}instrText":
                fields.code(child.text or "")
                continue
            if fields.open:
                if fields.in_code:  # a field's code, or the value of a field inside it
                    if tag == f"{W}t":
                        fields.text(child.text or "")
                    continue
                if fields.hidden:
                    continue
            if hidden:  # Word neither shows nor prints it; a field's code above still counts
                continue
            if tag == f"{W}t":
                self.text(child.text or "", fmt)
            elif tag == f"{W}tab" or tag == f"{W}ptab":
                self.raw('<span class="tab">\t</span>', fmt)
            elif tag == f"{W}br":
                kind = child.get(f"{W}type")
                if kind == "page":
                    self._set_format(())
                    self.page_break_at.append(len(self.out))
                else:
                    self.raw("<br>", fmt)
            elif tag == f"{W}cr":
                self.raw("<br>", fmt)
            elif tag == f"{W}sym":
                self.text(_symbol(child), fmt)
            elif tag == f"{W}noBreakHyphen":
                self.text("\u2011", fmt)
            elif tag == f"{W}softHyphen":
                self.text("\u00ad", fmt)
            elif tag == f"{W}drawing":
                self.raw(_image(child, self.parts), fmt)
            elif tag == f"{MC}AlternateContent":
                fallback = child.find(f"{MC}Fallback")
                if fallback is not None:
                    self.run(fallback)


def _field_markup(code: str, parts: Parts) -> str:
    """What a field shows in place of the result Word stored: page counters, a page's QR code
    ("" for any other field: its stored result is shown)."""
    word = field_word(code)
    if word == "PAGE":
        return '<span class="paginanummer"></span>'
    if word in ("NUMPAGES", "SECTIONPAGES"):
        return '<span class="paginatotaal"></span>'
    if word == "DISPLAYBARCODE":
        found = barcode(code)
        if found is not None and found.kind == "QR":
            return _qr_box(found, parts)
    return ""


def _qr_box(code: Barcode, parts: Parts) -> str:
    """An empty box of the QR code's size; the PDF draws each page's code into it (``qr_pdf``)."""
    size = f"{code.size_mm:.1f}mm"
    box = parts.direct_class(["display: inline-block", f"width: {size}", f"height: {size}", "vertical-align: top"])
    return (f'<span class="paginacode {box}" {CODE_ATTRIBUTE}="{esc(code.data)}" '
            f'{ERROR_ATTRIBUTE}="{code.error}"></span>')


def _hidden(rpr: etree._Element | None, parts: Parts, *, default: bool) -> bool:
    """Is a run's text hidden in Word: its own ``w:vanish``, else its character style's, else the
    paragraph's style (``default``). ``w:webHidden`` hides only in web view: printed, so shown."""
    own = rpr.find(f"{W}vanish") if rpr is not None else None
    if own is not None:
        return _on(own)
    style = _val(rpr, f"{W}rStyle")
    return (style in parts.hidden_styles) if style else default


def _run_format(rpr: etree._Element | None) -> tuple[str, ...]:
    """The HTML tags for a run's formatting, outermost first, in a fixed order so
    neighbouring runs with the same formatting share their tags."""
    if rpr is None:
        return ()
    tags: list[str] = []
    style = _val(rpr, f"{W}rStyle")
    if style and style not in PLAIN_STYLES:
        tags.append(f'span class="{style_class(style)}"')
    if _on(rpr.find(f"{W}b")):
        tags.append("strong")
    if _on(rpr.find(f"{W}i")):
        tags.append("em")
    underline = _val(rpr, f"{W}u")
    if underline is not None and underline.lower() not in _OFF:
        tags.append("u")
    if _on(rpr.find(f"{W}strike")) or _on(rpr.find(f"{W}dstrike")):
        tags.append("s")
    vert = _val(rpr, f"{W}vertAlign")
    if vert == "superscript":
        tags.append("sup")
    elif vert == "subscript":
        tags.append("sub")
    return tuple(tags)


def _symbol(sym: etree._Element) -> str:
    code = sym.get(f"{W}char") or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # symbol fonts map their glyphs into the private use area
        return {0xF0FE: "☒", 0xF0A8: "☐", 0xF078: "☒", 0xF06F: "☐"}.get(value, "")
    return chr(value)


def _image(drawing: etree._Element, parts: Parts) -> str:
    blip = next(drawing.iter(f"{A}blip"), None)
    rid = blip.get(f"{R}embed") if blip is not None else None
    part = parts.related.get(rid or "")
    blob = getattr(part, "blob", None)
    content_type = getattr(part, "content_type", "")
    if not blob or not str(content_type).startswith("image/"):
        return ""
    extent = next(drawing.iter(f"{WP}extent"), None)
    size = ""
    if extent is not None:
        width = _int(extent.get("cx"), 0) / _EMU_PER_MM
        height = _int(extent.get("cy"), 0) / _EMU_PER_MM
        size = f' style="width: {width:.1f}mm; height: {height:.1f}mm"'
    data = base64.b64encode(blob).decode("ascii")
    return f'<img src="data:{content_type};base64,{data}" alt=""{size}>'


# ------------------------------------------------------------------ blocks


@dataclass(slots=True)
class _OpenList:
    num_id: str
    ordered: bool


@dataclass(slots=True)
class _Blocks:
    """Turns body-level content (paragraphs, tables) into HTML, keeping list state."""

    parts: Parts
    out: list[str] = field(default_factory=list)
    lists: list[_OpenList] = field(default_factory=list)  # one per open nesting level
    counters: dict[tuple[str, int], int] = field(default_factory=dict)  # (abstractNumId, ilvl) → last number
    started: set[str] = field(default_factory=set)  # numIds seen so far
    paragraphs: int = 0  # how many paragraphs this walk wrote, and how many of them keep with the next:
    kept_with_next: int = 0  # a table row whose paragraphs all do stays with the next row, as in Word

    def walk(self, parent: etree._Element) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child)
            elif tag == f"{W}tbl":
                self.close_lists()
                self.table(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.walk(content)
            elif tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                self.walk(child)
        self.close_lists()

    # -------------------------------------------------------------- paragraphs

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(f"{W}pPr")
        style = _val(ppr, f"{W}pStyle") or "Normal"
        hidden_style = style in self.parts.hidden_styles
        inline = _Inline(self.parts, hidden=hidden_style)
        inline.walk(p)
        content = inline.close()
        mark = ppr.find(f"{W}rPr") if ppr is not None else None
        if not content and _hidden(mark, self.parts, default=hidden_style) and _has_text_runs(p):
            return  # a paragraph whose text and mark Word hides takes no line
        numbering = self._numbering(ppr, style)

        element = ELEMENT_STYLES.get(style, "p")
        classes = [] if style in PLAIN_STYLES or style in ELEMENT_STYLES else [style_class(style)]
        css: list[str] = []
        if ppr is not None:
            align = _ALIGN.get(_val(ppr, f"{W}jc") or "")
            if align:
                css.append(f"text-align: {align}")
        rule = self.parts.rule
        heading = element in _HEADINGS  # the user-agent sheet keeps a heading whole and with what follows
        if rule(ppr, style, "keepNext"):
            classes += [] if heading else ["bij-volgende"]
            self.kept_with_next += 1
        if rule(ppr, style, "keepLines") and not heading:
            classes.append("regels-bijeen")
        if rule(ppr, style, "pageBreakBefore"):
            classes.append("nieuwe-pagina")
        if not rule(ppr, style, "widowControl", default=True):
            classes.append("los")  # Word may leave one line of it alone at a page's foot or head
        self.paragraphs += 1

        pieces = _split_at(content, inline)
        for index, piece in enumerate(pieces):
            piece_classes = classes + (["nieuwe-pagina"] if index > 0 else [])
            if not piece and index > 0:
                # a page break at the very end: the next block starts on a new page
                self.out.append('<div class="nieuwe-pagina"></div>')
                continue
            attrs = _attrs(piece_classes, css, self.parts)
            if numbering is not None and index == 0:
                self.list_item(numbering, f"<{element}{attrs}>{piece}</{element}>")
            else:
                self.close_lists()
                if not piece:
                    attrs = _attrs([*piece_classes, "leeg"], css, self.parts)
                self.out.append(f"<{element}{attrs}>{piece}</{element}>")

    def _numbering(self, ppr: etree._Element | None, style: str) -> tuple[str, int, _Level] | None:
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr, f"{W}numId")
            ilvl = _int(_val(num_pr, f"{W}ilvl"), 0)
        elif style in self.parts.paragraph_numbering:
            num_id, ilvl = self.parts.paragraph_numbering[style]
        else:
            return None
        if not num_id or num_id == "0":  # numId 0 switches a style's numbering off
            return None
        level = self.parts.levels.get((num_id, ilvl))
        if level is None:
            return None
        return num_id, ilvl, level

    # -------------------------------------------------------------- lists

    def list_item(self, numbering: tuple[str, int, _Level], paragraph: str) -> None:
        num_id, ilvl, level = numbering
        if num_id not in self.started:  # a restart in Word: the overridden levels count anew
            self.started.add(num_id)
            for restarted in self.parts.restarts.get(num_id, ()):
                self.counters.pop((self.parts.list_of.get(num_id, num_id), restarted), None)
        depth = ilvl + 1
        while len(self.lists) > depth:
            self._close_one()
        if len(self.lists) == depth:
            top = self.lists[-1]
            if top.num_id != num_id or top.ordered != level.ordered:
                self._close_one()
            else:
                self.out.append("</li>")
        while len(self.lists) < depth:  # a list may start deeper than level 1
            nesting = len(self.lists)
            self._open(num_id, nesting, level if nesting == ilvl else self.parts.levels.get((num_id, nesting), level))
            if nesting < ilvl:
                self.out.append('<li class="zonder-punt">')
        key = (self.parts.list_of.get(num_id, num_id), ilvl)
        self.counters[key] = self.counters.get(key, level.start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == key[0] and k[1] > ilvl]:
            del self.counters[deeper]  # Word restarts the sub-levels under a new item
        self.out.append(f"<li>{paragraph}")

    def _open(self, num_id: str, ilvl: int, level: _Level) -> None:
        if level.ordered:
            key = (self.parts.list_of.get(num_id, num_id), ilvl)
            start = self.counters.get(key, level.start - 1) + 1
            type_attr = "" if level.ol_type == "1" else f' type="{level.ol_type}"'
            start_attr = "" if start == 1 else f' start="{start}"'
            self.out.append(f"<ol{type_attr}{start_attr}>")
        else:
            self.out.append("<ul>")
        self.lists.append(_OpenList(num_id, level.ordered))

    def _close_one(self) -> None:
        top = self.lists.pop()
        self.out.append("</li></ol>" if top.ordered else "</li></ul>")

    def close_lists(self) -> None:
        while self.lists:
            self._close_one()

    # -------------------------------------------------------------- tables

    def table(self, tbl: etree._Element) -> None:
        tblpr = tbl.find(f"{W}tblPr")
        style = _val(tblpr, f"{W}tblStyle")
        classes = [style_class(style)] if style and style not in PLAIN_STYLES else []
        widths = [_int(col.get(f"{W}w"), 0) for col in tbl.iterfind(f"{W}tblGrid/{W}gridCol")]
        rows = _grid(tbl)
        self.out.append(f"<table{_attrs(classes, [], self.parts)}>")
        total = sum(widths)
        if total > 0:
            cols = "".join(f"<col{_attrs([], [f'width: {100 * w / total:.2f}%'], self.parts)}>" for w in widths)
            self.out.append(f"<colgroup>{cols}</colgroup>")
        in_head = bool(rows) and rows[0].header  # Word repeats leading header rows: <thead>
        self.out.append("<thead>" if in_head else "<tbody>")
        for row in rows:
            if in_head and not row.header:
                self.out.append("</thead><tbody>")
                in_head = False
            row_css = [f"height: {row.height:.1f}mm"] if row.height else []
            opening = len(self.out)
            self.out.append("")  # the row's tag, once its cells are known
            paragraphs = kept = 0
            for cell in row.cells:
                if cell.merged:
                    continue
                inner = self.cell(cell)
                paragraphs, kept = paragraphs + inner.paragraphs, kept + inner.kept_with_next
            row_classes = (["ondeelbaar"] if row.cant_split else []) + (
                ["bij-volgende"] if paragraphs and kept == paragraphs else [])
            self.out[opening] = f"<tr{_attrs(row_classes, row_css, self.parts)}>"
            self.out.append("</tr>")
        self.out.append("</thead></table>" if in_head else "</tbody></table>")

    def cell(self, cell: _Cell) -> _Blocks:
        attrs = ""
        if cell.span > 1:
            attrs += f' colspan="{cell.span}"'
        if cell.rowspan > 1:
            attrs += f' rowspan="{cell.rowspan}"'
        css = []
        tcpr = cell.element.find(f"{W}tcPr")
        if tcpr is not None:
            shd = tcpr.find(f"{W}shd")
            fill = shd.get(f"{W}fill") if shd is not None else None
            if fill and re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
                css.append(f"background: #{fill.lower()}")
            valign = _VALIGN.get(_val(tcpr, f"{W}vAlign") or "")
            if valign:
                css.append(f"vertical-align: {valign}")
        self.out.append(f"<td{attrs}{_attrs([], css, self.parts)}>")
        inner = _Blocks(self.parts, counters=self.counters, started=self.started)
        inner.walk(cell.element)
        self.out.extend(inner.out)
        self.out.append("</td>")
        return inner


@dataclass(slots=True)
class _Cell:
    element: etree._Element
    column: int
    span: int
    merge: str | None  # "restart", "continue" or None
    rowspan: int = 1
    merged: bool = False  # covered by a cell above (vMerge continue): not emitted


@dataclass(slots=True)
class _Row:
    cells: list[_Cell]
    header: bool
    cant_split: bool
    height: float = 0.0  # mm, Word's minimum row height (a signature needs room)


def _grid(tbl: etree._Element) -> list[_Row]:
    """The table's rows with each cell's grid column, so vertical merges find their partner."""
    rows: list[_Row] = []
    for tr in _children(tbl, f"{W}tr"):
        trpr = tr.find(f"{W}trPr")
        header = trpr is not None and _on(trpr.find(f"{W}tblHeader"))
        cant_split = trpr is not None and _on(trpr.find(f"{W}cantSplit"))
        column = 0
        grid_before = _int(_val(trpr, f"{W}gridBefore"), 0) if trpr is not None else 0
        column += grid_before
        cells = []
        for tc in _children(tr, f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            span = max(1, _int(_val(tcpr, f"{W}gridSpan"), 1))
            merge_el = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            merge = None if merge_el is None else (merge_el.get(f"{W}val") or "continue")
            cells.append(_Cell(tc, column, span, merge))
            column += span
        height = trpr.find(f"{W}trHeight") if trpr is not None else None
        mm = _int(height.get(f"{W}val"), 0) / _TWIPS_PER_MM if height is not None else 0.0
        rows.append(_Row(cells, header, cant_split, mm))
    owners: dict[int, _Cell] = {}  # grid column → the restart cell above it
    for row in rows:
        for cell in row.cells:
            if cell.merge == "continue" and cell.column in owners:
                owners[cell.column].rowspan += 1
                cell.merged = True
            elif cell.merge == "restart":
                owners[cell.column] = cell
            else:
                owners.pop(cell.column, None)
    return rows


def hidden_texts(document: WordDocument) -> list[tuple[str, str]]:
    """Text Word hides, per part ("" for the main text, "koptekst", "voettekst"), by the same rule the
    conversion leaves it out with: for the lint, since the DOCX made from a template still carries it
    (anyone who shows hidden text reads it) while the PDF does not."""
    parts = Parts.of(document)
    sources = [("", document.element.body)]
    for section in document.sections:
        for label, owners in (("koptekst", (section.header, section.first_page_header, section.even_page_header)),
                              ("voettekst", (section.footer, section.first_page_footer, section.even_page_footer))):
            sources += [(label, o._element) for o in owners if not o.is_linked_to_previous]
    found: list[tuple[str, str]] = []
    for label, root in sources:
        for paragraph in root.iter(f"{W}p"):
            ppr = paragraph.find(f"{W}pPr")
            default = (_val(ppr, f"{W}pStyle") or "Normal") in parts.hidden_styles
            text = "".join(t.text or "" for run in paragraph.iter(f"{W}r")
                           if _hidden(run.find(f"{W}rPr"), parts, default=default) for t in run.iter(f"{W}t"))
            if text.strip() and (label, text.strip()) not in found:
                found.append((label, text.strip()))
    return found


def _has_text_runs(p: etree._Element) -> bool:
    """Had the paragraph anything to show before hiding (an empty paragraph is a deliberate blank line)?"""
    return any(True for _ in p.iter(f"{W}t", f"{W}drawing", f"{W}tab"))


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """``parent``'s ``tag`` children (rows of a table, cells of a row), also those Word wraps
    in a content control or custom XML."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == f"{W}customXml":
            yield from _children(child, tag)


def _split_at(content: str, inline: _Inline) -> list[str]:
    if not inline.page_break_at:
        return [content]
    joined, pieces, last = inline.out, [], 0
    for at in inline.page_break_at:
        pieces.append("".join(joined[last:at]))
        last = at
    pieces.append("".join(joined[last:]))
    return pieces


def _attrs(classes: list[str], css: list[str], parts: Parts) -> str:
    if css:
        classes = [*classes, parts.direct_class(css)]
    return f' class="{" ".join(classes)}"' if classes else ""


# ------------------------------------------------------------------ page and document


@dataclass(frozen=True, slots=True)
class Page:
    """The section's page: size and margins in mm, and whether page 1 has its own header."""

    width: float = 210.0
    height: float = 297.0
    top: float = 25.0
    right: float = 25.0
    bottom: float = 25.0
    left: float = 25.0
    first_page_own: bool = False

    def css(self) -> str:
        """Size and margins; what the margin boxes hold is ``_header_footer``'s."""
        return (
            f"@page {{ size: {self.width:.1f}mm {self.height:.1f}mm; "
            f"margin: {self.top:.1f}mm {self.right:.1f}mm {self.bottom:.1f}mm {self.left:.1f}mm }}"
        )


def _page(sect: etree._Element | None) -> Page:
    if sect is None:
        return Page()
    size = sect.find(f"{W}pgSz")
    margins = sect.find(f"{W}pgMar")

    def mm(el: etree._Element | None, attr: str, default: float) -> float:
        if el is None or el.get(f"{W}{attr}") is None:
            return default
        return abs(_int(el.get(f"{W}{attr}"), 0)) / _TWIPS_PER_MM

    defaults = Page()
    return Page(
        width=mm(size, "w", defaults.width), height=mm(size, "h", defaults.height),
        top=mm(margins, "top", defaults.top), right=mm(margins, "right", defaults.right),
        bottom=mm(margins, "bottom", defaults.bottom), left=mm(margins, "left", defaults.left),
        first_page_own=_on(sect.find(f"{W}titlePg")),
    )


def _header_footer(document: WordDocument, parts: Parts, sect: etree._Element | None, page: Page, *,
                   stylesheet: str, boxes: bool = True) -> tuple[str, str]:
    """Header and footer of the (last) section: (running elements, ``@page`` rules).

    A header or footer of plain text and page numbers becomes margin boxes (``render.margin_boxes``:
    the same look, laid out as a line instead of an element on every page); anything else, or
    all with ``boxes=False`` (the preview shows the header as an element on screen), a running
    element in the centre box. A side (top or bottom) is margin boxes only when the first page's
    own part can be too, so a first page never mixes the two.
    """
    from pipeline.render.margin_boxes import footer_boxes, header_boxes, page_rule

    if sect is None:
        return "", ""
    out, rules = [], []
    for kind, name, side, to_boxes in ((f"{W}headerReference", "kop", "top", header_boxes),
                                       (f"{W}footerReference", "voet", "bottom", footer_boxes)):
        refs = {ref.get(f"{W}type") or "default": ref.get(f"{R}id") for ref in sect.iterchildren(kind)}
        wanted = [("default", name, "")]
        if page.first_page_own:
            wanted.insert(0, ("first", f"{name}-eerste", " :first"))
        made = []
        for ref_type, css_class, selector in wanted:
            rel = document.part.rels.get(refs.get(ref_type) or "")
            if rel is not None and not rel.is_external:  # docxtpl replaces rendered parts in rels
                blocks = _Blocks(parts.of_part(rel.target_part))
                blocks.walk(rel.target_part.element)
            else:
                blocks = _Blocks(parts)
            html = "".join(blocks.out)
            names = {name: declarations for declarations, name in parts.direct.items()}  # this part's included
            made.append((css_class, selector, html, to_boxes(html, stylesheet, names) if boxes else None))
        as_boxes = all(found is not None for *_, found in made)
        for css_class, selector, html, found in made:
            if not as_boxes:
                out.append(f'<div class="{css_class}">{html}</div>')
            rules.append(page_rule(selector, side, found if as_boxes else None, css_class))
    # the pages' own rules after the default ones: ``@page :first`` wins by specificity anyway
    return "".join(out), " ".join(sorted(rules, key=lambda rule: ":first" in rule))


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the HTML head says about the document (the PDF's metadata is set separately)."""

    title: str
    document_id: str
    lang: str = "nl"


def document_html(document: WordDocument, *, info: PageInfo, stylesheet: str, preview: bool = False) -> str:
    """The whole page: head with the stylesheet, the page geometry and the margin boxes, then
    the header/footer that stay running elements, then the body in document order."""
    parts = Parts.of(document)
    body = document.element.body
    sect = body.find(f"{W}sectPr")
    page = _page(sect)
    blocks = _Blocks(parts)
    blocks.walk(body)
    body_class = f"{style_class(info.document_id)}{' voorbeeld' if preview else ''}"
    header_footer, boxes = _header_footer(document, parts, sect, page, stylesheet=stylesheet, boxes=not preview)
    direct = f"<style>\n{parts.direct_css()}</style>\n" if parts.direct else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(info.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(info.title)}</title>\n"
        f"<style>\n{stylesheet}\n</style>\n{direct}<style>{page.css()} {boxes}</style>\n</head>\n"
        f'<body class="{body_class}">\n{header_footer}\n'
        f'<main>\n{"".join(blocks.out)}\n</main>\n</body>\n</html>\n'
    )
