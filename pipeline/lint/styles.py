"""Word styles and direct formatting the PDF would not show as Word does.

The PDF and the preview are made from the rendered Word document with one stylesheet
keyed on the template's style names (``pipeline/render/docx_html.py``). So a consultant
who adds a style in Word must also give it a look in ``stijl.css``, and colour, font or
size typed directly on text (instead of through a style) is dropped on the way to the
PDF. Both are found here, each with the paragraph it is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from lxml import etree

from pipeline.render.docx_html import ELEMENT_STYLES, PLAIN_STYLES, W, style_class

_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Direct run formatting the converter drops, with how a consultant would name it.
DROPPED_RUN_FORMATTING = {
    "color": "tekstkleur", "sz": "tekengrootte", "rFonts": "lettertype", "highlight": "markering",
    "shd": "arcering", "caps": "hoofdletters", "smallCaps": "kleinkapitalen", "spacing": "tekenafstand",
}
_KINDS = {"pStyle": "alineastijl", "tblStyle": "tabelstijl", "rStyle": "tekenstijl"}


@lru_cache(maxsize=16)
def known_styles(css: str) -> frozenset[str]:
    """The CSS classes a stylesheet gives a look to."""
    return frozenset(_CLASS.findall(_COMMENT.sub("", css)))


def _text(el: etree._Element) -> str:
    paragraph = el if el.tag == f"{W}p" else next(el.iterancestors(f"{W}p"), None)
    if paragraph is None:  # a table style: show the first cell's text
        paragraph = next(el.getparent().getparent().iter(f"{W}p"), None) if el.getparent() is not None else None
    if paragraph is None:
        return ""
    text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"


def _visible_effect(prop: etree._Element) -> bool:
    """Word adds font hints and 'automatic' colours that change nothing on paper."""
    name = prop.tag[len(W):]
    if name == "rFonts":
        return any(prop.get(f"{W}{a}") for a in ("ascii", "hAnsi"))
    if name == "color":
        return (prop.get(f"{W}val") or "auto").lower() != "auto"
    if name == "shd":
        return (prop.get(f"{W}fill") or "auto").lower() not in ("auto", "ffffff")
    if name == "highlight":
        return (prop.get(f"{W}val") or "none") != "none"
    return (prop.get(f"{W}val") or "true").lower() not in ("0", "false", "off")


def style_problems(parts: list[tuple[str, etree._Element]], styles: dict[str, str],
                   css: str) -> Iterator[tuple[str, str, str]]:
    """(part label, paragraph text, message) for unknown styles and dropped formatting.

    ``parts`` are (label, root element) of the body, headers and footers; ``styles`` maps
    a style id to the name Word shows.
    """
    classes = known_styles(css)
    for label, root in parts:
        reported: set[tuple[str, str]] = set()
        for el in root.iter(f"{W}pStyle", f"{W}tblStyle", f"{W}rStyle"):
            style = el.get(f"{W}val") or ""
            if style in ELEMENT_STYLES or style in PLAIN_STYLES or style_class(style) in classes:
                continue
            kind = _KINDS[el.tag[len(W):]]
            text = _text(el.getparent().getparent() if kind != "tabelstijl" else el)
            if (style, text) in reported:
                continue
            reported.add((style, text))
            name = styles.get(style, style)
            yield label, text, (
                f"{kind} ‘{name}’ heeft geen opmaak in stijl.css; geef de klasse .{style_class(style)} "
                "daar een opmaak, of gebruik een stijl die er al is (de PDF toont deze tekst anders dan Word)"
            )
        for rpr in root.iter(f"{W}rPr"):
            run = rpr.getparent()
            if run is None or run.tag != f"{W}r":
                continue  # paragraph mark or style definition: not shown as text
            dropped = [DROPPED_RUN_FORMATTING[child.tag[len(W):]] for child in rpr
                       if child.tag[len(W):] in DROPPED_RUN_FORMATTING and _visible_effect(child)]
            if not dropped:
                continue
            text = _text(run)
            key = (",".join(dropped), text)
            if key in reported:
                continue
            reported.add(key)
            yield label, text, (
                f"directe opmaak ({', '.join(dropped)}) komt niet in de PDF; maak er een tekenstijl van "
                "en geef die een opmaak in stijl.css"
            )


def docx_style_parts(path: Path) -> tuple[list[tuple[str, etree._Element]], dict[str, str], dict[str, str]]:
    """The body, headers and footers of a Word file, and its style id → name and id → kind
    (paragraph, character, table) tables."""
    from docx import Document

    document = Document(str(path))
    parts: list[tuple[str, etree._Element]] = [("", document.element.body)]
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype.endswith("/header"):
            parts.append(("koptekst", rel.target_part.element))
        elif rel.reltype.endswith("/footer"):
            parts.append(("voettekst", rel.target_part.element))
    names, kinds = {}, {}
    for style in document.styles.element.iterchildren(f"{W}style"):
        sid = style.get(f"{W}styleId") or ""
        name = style.find(f"{W}name")
        names[sid] = name.get(f"{W}val") if name is not None else ""
        kinds[sid] = style.get(f"{W}type") or "paragraph"
    return parts, names, kinds
