"""Reading a document's text the way a reader meets it, in DOCX and in PDF, for the parity tests.

A document has one source, its Word template; these helpers let a test compare what the
DOCX says with what the PDF (made from it) says, page furniture and list markers aside.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
from docx import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# List markers are drawn by the layout (Word numbering, CSS markers), not typed text.
_MARKER = re.compile(r"^(?:[•–▪■◦]|\d+\.|[a-z]\.|[ivx]+\.)$")


def normalise(text: str) -> str:
    """Whitespace collapsed, list-marker tokens dropped, case folded (Word's "all caps" and
    CSS's uppercase show the same text) and a hyphen at a line end joined, on both sides alike."""
    text = re.sub(r"-\s+", "-", text.casefold())
    return " ".join(t for t in text.split() if not _MARKER.match(t))


def docx_paragraphs(data: bytes | Path) -> list[str]:
    """Every paragraph of the body, table cells included, in document order."""
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    body = Document(source).element.body
    texts = []
    for p in body.iter(f"{W}p"):
        text = "".join(
            (el.text or "") if el.tag == f"{W}t" else "\t" if el.tag == f"{W}tab" else "\n"
            for el in p.iter(f"{W}t", f"{W}tab", f"{W}br")
        )
        if text.strip():
            texts.append(text)
    return texts


def docx_text(data: bytes | Path) -> str:
    return normalise(" ".join(docx_paragraphs(data)))


def pdf_body_text(data: bytes | Path, margin_pt: float) -> str:
    """The PDF's text in reading order without what sits in the page margins (header, footer)."""
    reader = pypdf.PdfReader(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    chunks: list[str] = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        last_y: list[float | None] = [None]

        def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object,
                  height: float = height, last_y: list[float | None] = last_y) -> None:
            if not text:
                return
            y = cm[5] + tm[5] * cm[3] + tm[4] * cm[1]
            if y > height - margin_pt or y < margin_pt:
                return
            if last_y[0] is not None and abs(y - last_y[0]) > 5:  # a new line, not a superscript
                chunks.append(" ")
            last_y[0] = y
            chunks.append(text)

        page.extract_text(visitor_text=visit)
        chunks.append(" ")
    return normalise("".join(chunks))


def docx_margin_pt(data: bytes | Path) -> float:
    """The Word section's top margin (header and footer live outside it)."""
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    section = Document(source).sections[-1]
    return min(section.top_margin.pt, section.bottom_margin.pt) - 1
