"""The answers a PDF carries: rewritten from the validated model, not the file as typed.

Each document's PDF embeds the answers it was made from (machine-readable for DUO's
systems and for a later check). The file as typed holds comments, which can hold anything
(a pupil's name, a note to a colleague); the model holds only validated answers, and its
paths are relative to the dossier. So the PDF embeds the model written as YAML: keys in
the model's order, multi-line texts as ``|`` blocks, empty answers left out. The same
answers give the same bytes, whatever the comments, the layout or the quoting.

A document's PDF carries only the answers that document shows (the model's ``documenten``
per field): DUO's PDFs do not carry the gemeente's case of the individual route, and no
PDF carries the privacy waivers, which no document shows.
"""

from __future__ import annotations

import io
from enum import Enum
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString


def _plain(value: Any) -> Any:
    """Plain YAML data: choices as their text, dates as dates (unquoted, as typed), and
    multi-line texts as literal blocks, so the Markdown answers stay readable."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _shown_in(data: dict[str, Any], prefix: str, document_id: str) -> dict[str, Any]:
    """The part of ``data`` (the answers at ``prefix``) that document ``document_id`` shows."""
    from pipeline.model.fields import by_path

    kept: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            value = _shown_in(value, f"{path}.", document_id)
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            value = [shown for item in value if (shown := _shown_in(item, f"{path}[].", document_id))]
        else:
            spec = by_path().get(path)
            value = value if spec is not None and document_id in spec.documenten else None
        if value not in (None, {}, []):
            kept[key] = value
    return kept


def shown_answers(data: dict[str, Any], document_id: str | None) -> dict[str, Any]:
    """The answers (``model_dump(exclude_none=True)``) that document ``document_id`` shows (None: all)."""
    return data if document_id is None else _shown_in(data, "", document_id)


def canonical_answers(answers: BaseModel, document_id: str | None = None) -> bytes:
    """``answers`` as canonical YAML (UTF-8), without comments or empty answers; with
    ``document_id``, only the answers that document shows."""
    yaml = YAML()
    yaml.width = 4096  # one line per short answer: no folding that depends on the width
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = shown_answers(answers.model_dump(exclude_none=True), document_id)
    buffer = io.StringIO()
    yaml.dump(_plain(data), buffer)
    return buffer.getvalue().encode("utf-8")
