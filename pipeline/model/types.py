"""Reusable field types and the ``veld`` helper that attaches Dutch descriptions.

Every field is declared once, here and in ``answers.py``; the JSON Schema, the field
reference, the template lint and the scaffold all read this metadata back.
"""

from __future__ import annotations

import datetime as dt
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


# Answers that stand in for an answer (compared whole: case, spacing and final punctuation aside, so
# "n.v.t." is one and "n.v.t. voor het vso, want …" is an answer). One list for the model, which
# treats such an optional answer as not given (the documents leave it out), and for the check,
# which reports it in a required answer. ``LEEG_BEDOELD`` says "there is nothing here"; the
# others say "still to write" (the check warns about those in an optional answer too).
LEEG_BEDOELD = frozenset({
    "nvt", "n.v.t", "n v t", "niet van toepassing", "-", "--", "—", "–", "geen", "geen opmerkingen",
})
NOG_TE_SCHRIJVEN = frozenset({
    "volgt", "volgt nog", "volgt later", "pm", "p.m", "todo", "…", "...", "xxx", "zie bijlage", "zie bijlagen",
    "idem", "idem dito", "?", "nog invullen", "in te vullen", "tbd",
})
PLACEHOLDERS = LEEG_BEDOELD | NOG_TE_SCHRIJVEN
_ZIE_BIJLAGE = re.compile(r"^(?:zie|volgt in) (?:de )?bijlagen?\b.{0,20}$")


def _whole(value: str) -> str:
    return " ".join(value.split()).casefold().rstrip(".!:;, ")


def opvultekst(value: Any) -> bool:
    """Is this whole answer a placeholder ("n.v.t.", "PM", "…", "zie bijlage") rather than an answer?"""
    if not isinstance(value, str) or not value.strip():
        return False
    whole = _whole(normalise_text(value))  # as the answer will be kept: '-' plus a pasted control character is '-'
    return whole in PLACEHOLDERS or not whole or bool(_ZIE_BIJLAGE.match(whole))


def _placeholder_pattern() -> str:
    """The editor's regex for what ``opvultekst`` accepts (JSON Schema has no case-insensitive flag)."""
    words = "|".join(r"\s+".join(_any_case({part}) for part in word.split(" ")) for word in sorted(PLACEHOLDERS))
    see = r"\s+".join(_any_case({w}) for w in ("zie",)) + "|" + r"\s+".join(_any_case({w}) for w in ("volgt", "in"))
    attachment = rf"(?:{see})\s+(?:{_any_case({'de'})}\s+)?{_any_case({'bijlage'})}(?:[nN])?\b.{{0,20}}"
    words = words.replace("\\-", "-")  # re.escape's "\-" is no valid escape for an editor's (ECMAScript) regex
    return rf"^\s*(?:(?:{words})[.!:;,\s]*|[.!:;,\s]*[.!:;,][.!:;,\s]*|{attachment})$"


def bedoeld_leeg(value: Any) -> bool:
    """Does this placeholder say there is nothing to answer ("n.v.t.", "-", "geen"), not "later"?"""
    return opvultekst(value) and _whole(value) in LEEG_BEDOELD


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("leeg", "is nog leeg; vul dit in")
    return value.strip()


class BijlageMarker:
    """Marks a path to an attachment: the documents show it by its number (‘bijlage 4’), never the path."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "Bijlage"


class MarkdownMarker:
    """Marks a text field whose value is Markdown (paragraphs, lists, bold/italic)."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "Markdown"


# Upper bounds on answers. Not a style rule: a whole pasted report (a 1 MB field) would
# take minutes to lay out as PDF in every document that shows it; an applicant is better
# served by a clear error. Twenty thousand characters is about eight printed pages.
MAX_TEKST = 1_000
MAX_MARKDOWN = 20_000

# What the editor's schema says about "not blank": at least one character that is not a space.
NIET_LEEG = {"pattern": r"\S"}

# Short, one-line text that must be filled in.
Tekst = Annotated[
    str,
    Field(max_length=MAX_TEKST, json_schema_extra=NIET_LEEG),
    BeforeValidator(normalise_text),
    AfterValidator(_not_blank),
]
# Long text in Markdown; rendered as real paragraphs/lists in DOCX and HTML.
Markdown = Annotated[
    str,
    Field(max_length=MAX_MARKDOWN),
    BeforeValidator(normalise_text),
    AfterValidator(_not_blank),
    MarkdownMarker(),
    Field(json_schema_extra={"contentMediaType": "text/markdown", **NIET_LEEG}),
]

_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$"  # one pattern: the validator's and the editor's (schema)
_EMAIL = re.compile(_EMAIL_PATTERN)


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "is geen geldig e-mailadres")
    return value


Email = Annotated[
    str,
    BeforeValidator(normalise_text),
    AfterValidator(_email),
    Field(json_schema_extra={"pattern": _EMAIL_PATTERN}),
]


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
    if not isinstance(value, bool):  # 1 or 0 is no answer to a yes/no question (the editor agrees)
        raise PydanticCustomError("ja_nee", "moet ja of nee zijn")
    return value


def _any_case(words: set[str]) -> str:
    """``ja`` → ``[jJ][aA]``: JSON Schema patterns have no case-insensitive flag."""
    return "|".join(
        "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word) for word in sorted(words)
    )


# An optional answer written as a placeholder is "not given" (``Basis``); the editor accepts it too.
OPVULTEKST_PATTERN = _placeholder_pattern()

# The editor accepts exactly what _ja_nee accepts: a YAML boolean or one of its words, any case.
JaNee = Annotated[
    bool,
    BeforeValidator(_ja_nee),
    WithJsonSchema({"anyOf": [
        {"type": "boolean"},
        {"enum": ["ja", "nee"]},
        {"type": "string", "pattern": rf"^\s*(?:{_any_case(_JA | _NEE)})\s*$"},
    ]}),
]


# Numbers and dates come as YAML numbers and dates, never as quoted text: the editor's
# schema cannot check a number inside text ("10" against 1–10.000), so the tool does not
# accept one either, and says how to write it instead.
_GETAL_TEKST = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_KOMMA_GETAL = re.compile(r"([+-]?[0-9]+),([0-9]+)")
_MAX_DIGITS = 100
_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _number(kind: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError("getal", f"moet {kind} zijn, geen ja of nee")
        if isinstance(value, str) and value.strip():
            text = value.strip()
            comma = _KOMMA_GETAL.fullmatch(text)
            if comma:
                raise PydanticCustomError(
                    "getal", f"moet {kind} zijn; gebruik een punt: {comma[1]}.{comma[2]}"
                )
            if len(text) > _MAX_DIGITS and text.isdigit():  # YAML could not make it a number: too long
                raise PydanticCustomError("getal", "heeft te veel cijfers; vul een gewoon geheel getal in")
            if _GETAL_TEKST.fullmatch(text):
                raise PydanticCustomError(
                    "getal", f"moet {kind} zijn; laat de aanhalingstekens weg: {text}"
                )
            raise PydanticCustomError("getal", f"moet {kind} zijn")
        return value

    return check


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("datum", "moet een datum zijn zonder tijd, in de vorm JJJJ-MM-DD")
    if isinstance(value, (bool, int, float)) or (
        isinstance(value, str) and value.strip() and not _DATUM.fullmatch(value)
    ):
        raise PydanticCustomError("datum", "moet een datum zijn in de vorm JJJJ-MM-DD, bijv. 2023-07-31")
    return value


# Every date in dossier.yaml and voortgang.yaml lies in 2000–2100. The experiment runs from 2023
# to 2028 and an agreement lasts a few school years, so a year outside this range is a typo
# (``9999-12-31`` meant as "no end", ``0202`` for ``2022``), not an answer. The bound also keeps
# every computed date far inside what a Python date can hold (year 9999): the furthest is the
# first evaluation after a start on 2100-12-31 at the longest interval, 60 months (a note names
# it); the advice term (+6 weeks) and the calendar's day after each due date add less. The same
# bound holds for ``--vandaag`` (pipeline.cli). tests/test_route.py builds the route and runs the
# check and ``dossier status`` for dates at both ends.
EERSTE_DATUM = dt.date(2000, 1, 1)
LAATSTE_DATUM = dt.date(2100, 12, 31)
# The same bound for the editor (schema): the year of a JJJJ-MM-DD text.
_DATUM_BEREIK = r"^(?:20[0-9]{2}|2100)-"


def _date_in_range(value: dt.date) -> dt.date:
    if not EERSTE_DATUM <= value <= LAATSTE_DATUM:
        raise PydanticCustomError(
            "datum",
            f"het jaar {value.year} kan niet kloppen: gebruik een datum tussen {EERSTE_DATUM.isoformat()} "
            f"en {LAATSTE_DATUM.isoformat()} (vorm JJJJ-MM-DD)",
        )
    return value


Geheel = Annotated[int, BeforeValidator(_number("een geheel getal"))]
Getal = Annotated[float, BeforeValidator(_number("een getal"))]
# The one date type of both files (answers.py and route/progress.py): written as JJJJ-MM-DD, no
# time, within EERSTE_DATUM–LAATSTE_DATUM.
Datum = Annotated[
    dt.date,
    BeforeValidator(_date),
    AfterValidator(_date_in_range),
    Field(json_schema_extra={"pattern": _DATUM_BEREIK}),
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
    # no json_schema_extra at all without documents: None would wipe the type's own (Tekst's pattern)
    extra = {"json_schema_extra": {"x-documenten": list(documenten)}} if documenten else {}
    return Field(default, description=beschrijving, **extra, **kwargs)
