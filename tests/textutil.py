"""Read documents back the way a reader would: all visible text, whitespace normalised."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.table import Table

from pipeline.cache import Kept
from pipeline.render.context import datum, getal, ja_nee
from pipeline.render.markdown import tokens


def normalise(text: str) -> str:
    """Whitespace collapsed; a line broken after a hyphen ('SKJ-\ngeregistreerd') rejoined."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


def _table_text(table: Table) -> list[str]:
    out = []
    for row in table.rows:
        for cell in row.cells:
            out.extend(p.text for p in cell.paragraphs)
            for inner in cell.tables:
                out.extend(_table_text(inner))
    return out


def docx_text(path: Path) -> str:
    return document_text(open_docx(str(path)))


def document_text(doc: Any) -> str:
    """The text of a python-docx Document (body, tables, headers and footers), normalised."""
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(_table_text(table))
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return normalise("\n".join(parts))


_PAGE_TEXTS: Kept[str, tuple[str, ...]] = Kept(64)  # sha256 of the PDF → its pages' texts


def page_texts(data: bytes) -> tuple[str, ...]:
    """Each page's text as PDFium reads it (what a viewer's 'select all' gives), not yet normalised.

    PDFium marks a hyphen at the end of a line as U+0002 and joins the line; it is given back as the
    hyphen it is. Normalised, every page of both examples reads the same as pypdf's extraction, at about
    a twentieth of the time. Kept by content: the tests read the same bytes many times (the PDF memo
    gives them, a watch test polls a file). Not ``check.advices._extract``: that one drops the hyphen (a word
    broken over two lines) and stops at an advice's limits of pages and characters."""
    import pypdfium2 as pdfium

    from pipeline.sign.read import _PDFIUM  # PDFium is not thread-safe: one document at a time

    digest = hashlib.sha256(data).hexdigest()
    known = _PAGE_TEXTS.get(digest)
    if known is not None:
        return known
    with _PDFIUM:
        document = pdfium.PdfDocument(data)
        try:
            texts = []
            for page in document:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_bounded().replace("\x02", "-").replace("\r\n", "\n"))
                textpage.close()
                page.close()
        finally:
            document.close()
    read = tuple(texts)
    _PAGE_TEXTS.put(digest, read)
    return read


def pdf_text(source: Path | bytes) -> str:
    """All the PDF's text, normalised (``normalise``)."""
    data = source if isinstance(source, bytes) else source.read_bytes()
    return normalise("\n".join(page_texts(data)))


def markdown_snippets(text: str) -> list[str]:
    """The plain text of each paragraph / list item of a Markdown answer (markup removed)."""
    snippets = []
    for tok in tokens(text):
        if tok.type != "inline" or not tok.content.strip():
            continue
        parts = []
        for child in tok.children or []:
            if child.type in {"text", "code_inline"}:
                parts.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                parts.append(" ")
        snippets.append(normalise("".join(parts)))
    return snippets


def expected_snippets(value: object, kind: str) -> list[str]:
    """What a reader must find in a document for one answer value."""
    if isinstance(value, bool):
        return [ja_nee(value)]
    if isinstance(value, date):
        return [datum(value)]
    if isinstance(value, Enum):
        return [str(value.value)]
    if isinstance(value, float):
        return [getal(value)]
    if isinstance(value, int):
        return [str(value)]
    if kind == "markdown":
        return markdown_snippets(str(value))
    if kind == "bijlage":  # an attachment is named by its number in DUO's list, never by its path
        return ["bijlage 4"]
    return [normalise(str(value))]


def html_rows(html: str) -> list[list[str]]:
    """Every table row of an HTML page as the normalised text of its cells (what a reader
    sees side by side), nested tables included."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    return [[normalise(cell.text_content()) for cell in row.xpath("./td|./th")] for row in root.iter("tr")]


def pdf_image_sizes(path: Path | bytes) -> list[tuple[int, int]]:
    """Width and height (pixels) of every image a PDF draws: inline on a page, and inside
    forms and tiling patterns (how CSS backgrounds are drawn), which ``page.images`` misses."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else str(path))
    found: dict[int | tuple[int, int], tuple[int, int]] = {}

    def visit(resources: object) -> None:
        resources = resources.get_object() if hasattr(resources, "get_object") else resources
        if not isinstance(resources, dict):
            return
        for group in ("/XObject", "/Pattern"):
            for ref in (resources.get(group) or {}).values():
                obj = ref.get_object()
                key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(obj)
                if key in found:
                    continue
                if obj.get("/Subtype") == "/Image":
                    found[key] = (int(obj["/Width"]), int(obj["/Height"]))
                else:
                    found[key] = (0, 0)  # a form or pattern: look inside once
                    visit(obj.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return [size for size in found.values() if size != (0, 0)]
