"""Read a Word template the way docxtpl does: which paragraph a Jinja line is, and which
tags it cannot read.

docxtpl turns each XML part of the .docx into one Jinja source (``patch_xml`` removes the
run/proofing/bookmark markup Word puts inside a tag, and every paragraph starts a new
line). We run exactly that code, so a Jinja line number points at a paragraph and the
consultant is shown that paragraph's text instead of XML: by the build when rendering fails
(``render.docx``) and by ``dossier templates check`` (``lint``), at the same place.

What docxtpl cannot repair is found on the text as the consultant sees it in Word (``split_tags``):
a tag that starts in one paragraph or table cell and ends in another, and a closing ``}}``
whose opening was mangled (``{ {``, a brace inserted as a symbol).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docxtpl import DocxTemplate
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PROPERTIES = ("title", "subject", "author", "comments", "identifier", "language")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
OPENER = re.compile(r"\{\{|\{%")
CLOSER = re.compile(r"\}\}|%\}")
SPACED_OPENER = re.compile(r"\{\s+[{%]")
SEPARATOR = "\n"  # between paragraphs in the joined text; Word text has no raw newlines


@dataclass(frozen=True, slots=True)
class DocxPart:
    """One templated part of a .docx: what docxtpl hands to Jinja, and what Word shows."""

    label: str  # "" for the main text; "koptekst", "voettekst", "voetnoten", "eigenschap ‘title’"
    xml: str  # the part as stored (empty for document properties)
    source: str  # the Jinja source docxtpl renders

    def paragraph(self, line: int | None, needle: str = "") -> str:
        """The Word paragraph a Jinja line number points at, as the consultant sees it.

        docxtpl's ``{%p``/``{%tr`` tags remove paragraph boundaries, so a Jinja line can
        hold several paragraphs; ``needle`` (the text at fault) picks the right one.
        """
        lines = self.source.splitlines() or [""]
        if line is None:
            return ""
        index = min(max(line - 1, 0), len(lines) - 1)
        text = ""
        for probe in (index, index - 1, index + 1, index - 2, index + 2):
            if 0 <= probe < len(lines) and visible(lines[probe]).strip():
                text = visible(lines[probe])
                break
        if needle and self.xml:
            candidates = [t for t in _texts(self.xml) if needle in t]
            best = [c for c in candidates if c in text] or candidates
            if best:
                return snippet(best[0], best[0].index(needle))
        return snippet(text, text.find(needle) if needle and needle in text else 0)


@dataclass(frozen=True, slots=True)
class DocxFinding:
    """A tag docxtpl will not read (or not render) as the consultant meant it."""

    label: str
    paragraph: str
    message: str


def visible(xml: str) -> str:
    """Text of a stretch of WordprocessingML (markup dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def jinja_source(template: DocxTemplate, xml: str) -> str:
    """Exactly the Jinja source docxtpl renders for one part."""
    patched = template.patch_xml(xml)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)


def read_parts(path: Path) -> list[DocxPart]:
    """Every part docxtpl renders: body, headers, footers, footnotes, document properties."""
    template = DocxTemplate(path)
    template.init_docx()
    body = template.get_xml()
    parts = [DocxPart("", body, jinja_source(template, body))]
    for uri, label in ((template.HEADER_URI, "koptekst"), (template.FOOTER_URI, "voettekst")):
        for _, part in template.get_headers_footers(uri):
            xml = template.get_part_xml(part)
            parts.append(DocxPart(label, xml, jinja_source(template, xml)))
    for part in template.docx.part.package.parts:
        if part.content_type == FOOTNOTES:
            xml = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            parts.append(DocxPart("voetnoten", xml, jinja_source(template, xml)))
    for name in PROPERTIES:
        value = getattr(template.docx.core_properties, name) or ""
        if "{" in value:
            parts.append(DocxPart(f"documenteigenschap ‘{name}’", "", value))
    return parts


# ------------------------------------------------------------------ paragraphs


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One Word paragraph: its text, and the table row and cell it is in (if any)."""

    text: str
    row: etree._Element | None
    cell: etree._Element | None


def paragraphs_of(xml: str) -> list[Paragraph]:
    """Paragraphs in document order with the text Word shows (only ``w:t``, like docxtpl)."""
    root = etree.fromstring(xml.encode("utf-8"))
    order: list[etree._Element] = list(root.iter(f"{W}p"))
    texts: dict[etree._Element, list[str]] = {p: [] for p in order}
    for t in root.iter(f"{W}t"):
        owner = next(t.iterancestors(f"{W}p"), None)
        if owner is not None:
            texts[owner].append(t.text or "")
    out = []
    for p in order:
        row = next(p.iterancestors(f"{W}tr"), None)
        cell = next(p.iterancestors(f"{W}tc"), None)
        out.append(Paragraph("".join(texts[p]), row, cell))
    return out


@lru_cache(maxsize=16)
def _texts(xml: str) -> tuple[str, ...]:
    return tuple(p.text for p in paragraphs_of(xml))


def snippet(text: str, start: int = 0, width: int = 70) -> str:
    """At most ``width`` characters of a paragraph, around ``start``."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    begin = max(0, min(start - width // 3, len(text) - width))
    out = text[begin : begin + width]
    return ("…" if begin else "") + out + ("…" if begin + width < len(text) else "")


# ------------------------------------------------------------------ tags docxtpl cannot read


def split_tags(part: DocxPart) -> list[DocxFinding]:
    """Tags in this part that Word has broken in a way docxtpl cannot repair."""
    if not part.xml:
        return []
    return list(_spanning_and_stray(part.label, paragraphs_of(part.xml)))


def _spanning_and_stray(label: str, paragraphs: list[Paragraph]) -> Iterator[DocxFinding]:
    starts: list[int] = []
    offset = 0
    for p in paragraphs:
        starts.append(offset)
        offset += len(p.text) + len(SEPARATOR)
    joined = SEPARATOR.join(p.text for p in paragraphs)

    def where(position: int) -> tuple[int, int]:
        index = max(i for i, s in enumerate(starts) if s <= position)
        return index, position - starts[index]

    leftover = list(joined)
    for match in TAG.finditer(joined):
        for i in range(match.start(), match.end()):
            leftover[i] = " " if joined[i] != SEPARATOR else SEPARATOR
        if SEPARATOR in match.group() and not match.group().startswith("{#"):
            index, column = where(match.start())
            first = match.group().split(SEPARATOR, 1)[0]
            yield DocxFinding(
                label, snippet(paragraphs[index].text, column),
                f"de tag ‘{first.strip()}…’ loopt door in de volgende alinea of tabelcel; docxtpl "
                "plakt die dan aan elkaar (een tabel raakt zo beschadigd). Zet de hele tag in één "
                "alinea",
            )
    rest = "".join(leftover)
    for match in SPACED_OPENER.finditer(rest):
        index, column = where(match.start())
        yield DocxFinding(
            label, snippet(paragraphs[index].text, column),
            f"‘{match.group()}’ met iets ertussen is geen tag; schrijf ‘{{{match.group()[-1]}’ zonder spatie",
        )
    for match in OPENER.finditer(rest):
        index, column = where(match.start())
        yield DocxFinding(
            label, snippet(paragraphs[index].text, column),
            f"‘{match.group()}’ wordt nergens gesloten met ‘{'}}' if match.group() == '{{' else '%}'}’",
        )
    for match in CLOSER.finditer(rest):
        index, column = where(match.start())
        yield DocxFinding(
            label, snippet(paragraphs[index].text, column),
            f"losse ‘{match.group()}’: het begin van deze tag is onleesbaar voor docxtpl (bijv. een "
            "accolade als symbool ingevoegd, of iets tussen de twee tekens); typ de hele tag opnieuw",
        )
