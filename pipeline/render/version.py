"""A document's version: a short code derived from what the document says, printed on every page.

Signatures cover a text; when an answer changes after signing, the signed copy and the current
document differ, and the code says so at a glance (``versie K7F3-9QX2 · pagina 2 van 5``). It is
made from the answers the document shows, what its template sees besides, its Word template and the
styles: not from the day it was built nor the tool's code, so a rebuild of the same text keeps it.
The DOCX and the PDF of a document carry the same code.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import templates as tmpl
from pipeline.cache import file_digest
from pipeline.render.answers_yaml import shown_answers
from pipeline.render.context import document_metadata, template_context

if TYPE_CHECKING:
    from pipeline.documents import Document
    from pipeline.read.validate import LoadedDossier

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U to misread


def shown(loaded: LoadedDossier, doc: Document, templates: list[Path], data: dict[str, Any]) -> bytes:
    """What a document shows: the answers the model lists for it (all of them when the dossier has a
    template of its own, which may show any answer), what the template sees besides (the parties,
    the goal types, the title) and the metadata both files carry. ``data``: the answers dumped once."""
    shipped = tmpl.TEMPLATES.resolve()
    own = any(not path.resolve().is_relative_to(shipped) for path in templates)  # the dossier's (or linked)
    global _memo
    if _memo[0] is not loaded:
        _memo = (loaded, {})
    found = _memo[1].get((doc.id, own))
    if found is None:
        found = _memo[1][doc.id, own] = _shown(loaded, doc, own, data)
    return found


# What the last dossier's documents show, per (document, own templates): a run asks it some
# thirteen times per dossier (two cache keys per document, the signing check's version codes,
# the footer's code) and it is the same each time, for a LoadedDossier is frozen (its model too).
_memo: tuple[object, dict[tuple[str, bool], bytes]] = (None, {})


def _shown(loaded: LoadedDossier, doc: Document, own: bool, data: dict[str, Any]) -> bytes:
    context = template_context(loaded.dossier, doc, today=None)
    derived = (context["partijen"], context["doelsoorten"], context["document"],
               document_metadata(loaded.dossier, doc), loaded.folder.resolve().name)
    answers = json.dumps(shown_answers(data, None if own else doc.id), ensure_ascii=False, default=str)
    return answers.encode() + b"\0" + repr(derived).encode()


def version_code(loaded: LoadedDossier, doc: Document, data: dict[str, Any] | None = None) -> str:
    """``K7F3-9QX2``: 40 bits of what the document says (its text, template and styles)."""
    templates = tmpl.dependencies(doc.id, "pdf", loaded.folder)  # the Word template and the styles
    data = data if data is not None else loaded.dossier.model_dump(exclude_none=True)
    digest = hashlib.sha256(shown(loaded, doc, templates, data))
    for path in templates:
        digest.update(path.name.encode() + b"\0" + file_digest(path))
    number = int.from_bytes(digest.digest()[:5], "big")
    chars = "".join(_ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{chars[:4]}-{chars[4:]}"
