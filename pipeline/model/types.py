"""Reusable field types and the ``veld`` helper that attaches Dutch descriptions.

Every field is declared once, here and in ``answers.py``; the JSON Schema, the field
reference, the template lint and the scaffold all read this metadata back.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from pipeline.documents import DocumentId

# C0 control characters other than tab/newline/carriage return are illegal in XML (DOCX)
# and invisible in a PDF. Applicants paste them from PDFs; we drop them (documented), and
# also the invisible C1 controls (U+0080–U+009F, from mis-decoded Windows text) and the
# non-characters U+FFFE/U+FFFF, which XML forbids too. NEL (U+0085) is a line break, like CR.
_ILLEGAL_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n|[\r\x85]")


def normalise_text(value: Any) -> Any:
    """Drop XML-illegal and invisible control characters and unify line endings before validation."""
    if isinstance(value, str):
        value = _ILLEGAL_CONTROL.sub("", _LINE_BREAKS.sub("\n", value))
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("leeg", "is nog leeg; vul dit in")
    return value.strip()


class MarkdownMarker:
    """Marks a text field whose value is Markdown (paragraphs, lists, bold/italic)."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "Markdown"


# Upper bounds on answers. Not a style rule: a whole pasted report (a 1 MB field) would
# take minutes to lay out as PDF in every document that shows it; an applicant is better
# served by a clear error. Twenty thousand characters is about eight printed pages.
MAX_TEKST = 1_000
MAX_MARKDOWN = 20_000

# Short, one-line text that must be filled in.
Tekst = Annotated[
    str, Field(max_length=MAX_TEKST), BeforeValidator(normalise_text), AfterValidator(_not_blank)
]
# Long text in Markdown; rendered as real paragraphs/lists in DOCX and HTML.
Markdown = Annotated[
    str,
    Field(max_length=MAX_MARKDOWN),
    BeforeValidator(normalise_text),
    AfterValidator(_not_blank),
    MarkdownMarker(),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "is geen geldig e-mailadres")
    return value


Email = Annotated[str, BeforeValidator(normalise_text), AfterValidator(_email)]


_JA = {"ja", "j", "yes", "true", "waar"}
_NEE = {"nee", "n", "no", "false", "onwaar"}


def _ja_nee(value: Any) -> Any:
    """Accept the Dutch ``ja``/``nee`` that applicants naturally type (YAML 1.2 reads them as text)."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _JA:
            return True
        if lowered in _NEE:
            return False
        raise PydanticCustomError("ja_nee", "moet ja of nee zijn")
    return value


JaNee = Annotated[
    bool,
    BeforeValidator(_ja_nee),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": ["ja", "nee"]}]}),
]


def veld(
    beschrijving: str,
    *documenten: DocumentId,
    default: Any = ...,
    **kwargs: Any,
) -> Any:
    """A model field with its Dutch description and the documents that show it.

    ``documenten`` is the traceability table: the template lint checks that each of these
    documents' templates really uses the field.
    """
    extra = {"x-documenten": list(documenten)} if documenten else None
    return Field(default, description=beschrijving, json_schema_extra=extra, **kwargs)
