"""Read a Word template the way docxtpl does, and find tags Word has made unreadable.

docxtpl turns each XML part of the .docx into one Jinja source (``patch_xml`` removes the
run/proofing/bookmark markup Word puts inside a tag, and every paragraph starts a new
line). We run exactly that code, so a Jinja error's line number points at a paragraph and
we can show the consultant that paragraph's text instead of XML.

What docxtpl cannot repair is found on the text as the consultant sees it in Word:
a tag that starts in one paragraph or table cell and ends in another, a closing ``}}``
whose opening was mangled (``{ {``, a brace inserted as a symbol), and the
paragraph/row tags (``{%p``, ``{%tr``) that silently delete the other text around them.
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
# docxtpl's element tags: {%p …%} / {{p …}} replace their paragraph, {%tr …%} their table row.
ELEMENT_TAG = re.compile(r"\{[{%](p|tr|tc) (.*?)[}%]\}", re.S)  # docxtpl wants exactly one space
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
                return _snippet(best[0], best[0].index(needle))
        return _snippet(text, text.find(needle) if needle and needle in text else 0)


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
class _Paragraph:
    text: str
    row: etree._Element | None
    cell: etree._Element | None


def _paragraphs(xml: str) -> list[_Paragraph]:
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
        out.append(_Paragraph("".join(texts[p]), row, cell))
    return out


@lru_cache(maxsize=16)
def _texts(xml: str) -> tuple[str, ...]:
    return tuple(p.text for p in _paragraphs(xml))


def _snippet(text: str, start: int = 0, width: int = 70) -> str:
    """At most ``width`` characters of a paragraph, around ``start``."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    begin = max(0, min(start - width // 3, len(text) - width))
    out = text[begin : begin + width]
    return ("…" if begin else "") + out + ("…" if begin + width < len(text) else "")


def split_tags(part: DocxPart) -> list[DocxFinding]:
    """Tags in this part that Word has broken in a way docxtpl cannot repair."""
    if not part.xml:
        return []
    return list(_spanning_and_stray(part.label, _paragraphs(part.xml)))


def misplaced_tags(part: DocxPart) -> list[DocxFinding]:
    """Readable tags that would still produce a wrong document (lost text, broken XML)."""
    if not part.xml:
        return []
    paragraphs = _paragraphs(part.xml)
    return [*_element_tags(part.label, paragraphs), *_markdown_tags(part.label, paragraphs)]


def _spanning_and_stray(label: str, paragraphs: list[_Paragraph]) -> Iterator[DocxFinding]:
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
                label, _snippet(paragraphs[index].text, column),
                f"de tag ‘{first.strip()}…’ loopt door in de volgende alinea of tabelcel; docxtpl "
                "plakt die dan aan elkaar (een tabel raakt zo beschadigd). Zet de hele tag in één "
                "alinea",
            )
    rest = "".join(leftover)
    for match in SPACED_OPENER.finditer(rest):
        index, column = where(match.start())
        yield DocxFinding(
            label, _snippet(paragraphs[index].text, column),
            f"‘{match.group()}’ met iets ertussen is geen tag; schrijf ‘{{{match.group()[-1]}’ zonder spatie",
        )
    for match in OPENER.finditer(rest):
        index, column = where(match.start())
        yield DocxFinding(
            label, _snippet(paragraphs[index].text, column),
            f"‘{match.group()}’ wordt nergens gesloten met ‘{'}}' if match.group() == '{{' else '%}'}’",
        )
    for match in CLOSER.finditer(rest):
        index, column = where(match.start())
        yield DocxFinding(
            label, _snippet(paragraphs[index].text, column),
            f"losse ‘{match.group()}’: het begin van deze tag is onleesbaar voor docxtpl (bijv. een "
            "accolade als symbool ingevoegd, of iets tussen de twee tekens); typ de hele tag opnieuw",
        )


def _element_tags(label: str, paragraphs: list[_Paragraph]) -> Iterator[DocxFinding]:
    """``{%p``/``{%tr``/``{%tc`` replace their whole paragraph/row/cell: other text there is lost."""
    for p in paragraphs:
        for match in ELEMENT_TAG.finditer(p.text):
            kind = match.group(1)
            if kind == "p":
                scope_text, noun = p.text, "alinea"
            else:
                element = p.row if kind == "tr" else p.cell
                if element is None:
                    yield DocxFinding(
                        label, _snippet(p.text, match.start()),
                        f"‘{{%{kind} …%}}’ staat niet in een tabel; gebruik ‘{{%p …%}}’ of ‘{{% … %}}’",
                    )
                    continue
                scope_text = "".join(t.text or "" for t in element.iter(f"{W}t"))
                noun = "tabelrij" if kind == "tr" else "tabelcel"
            rest = " ".join(TAG.sub(" ", scope_text).split())
            if rest:
                yield DocxFinding(
                    label, _snippet(p.text, match.start()),
                    f"‘{match.group()}’ vervangt de hele {noun}, dus de tekst ‘{_snippet(rest, 0, 40)}’ "
                    f"die er ook in staat verdwijnt; zet de tag in een eigen {noun}",
                )


MARKDOWN_FILTER = re.compile(r"\|\s*markdown\b")


def _markdown_tags(label: str, paragraphs: list[_Paragraph]) -> Iterator[DocxFinding]:
    """``| markdown`` yields whole Word paragraphs, so it needs ``{{p …}}`` (and nothing else does)."""
    for p in paragraphs:
        for match in TAG.finditer(p.text):
            tag = match.group()
            if not tag.startswith("{{"):
                continue
            element = re.match(r"\{\{p ", tag) is not None
            markdown = MARKDOWN_FILTER.search(tag) is not None
            if markdown and not element:
                yield DocxFinding(
                    label, _snippet(p.text, match.start()),
                    f"‘{tag}’: het filter markdown maakt hele alinea's; schrijf "
                    f"‘{{{{p {tag[2:-2].strip()} }}}}’ in een eigen alinea",
                )
            elif element and not markdown:
                yield DocxFinding(
                    label, _snippet(p.text, match.start()),
                    f"‘{tag}’: ‘{{{{p …}}}}’ vervangt de hele alinea en is alleen voor ‘… | markdown’; "
                    "gebruik ‘{{ … }}’ voor gewone tekst",
                )
