"""Read documents back the way a reader would: all visible text, whitespace normalised."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import Enum
from pathlib import Path

from docx import Document as open_docx
from docx.table import Table
from pypdf import PdfReader

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
    doc = open_docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(_table_text(table))
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return normalise("\n".join(parts))


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return normalise("\n".join(page.extract_text() or "" for page in reader.pages))


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
    return [normalise(str(value))]
