"""The answers a PDF carries: rewritten from the validated model, not the file as typed.

Each document's PDF embeds the answers it was made from (machine-readable for DUO's
systems and for a later check). The file as typed holds comments, which can hold anything
(a pupil's name, a note to a colleague); the model holds only validated answers, and its
paths are relative to the dossier. So the PDF embeds the model written as YAML: keys in
the model's order, multi-line texts as ``|`` blocks, empty answers left out. The same
answers give the same bytes, whatever the comments, the layout or the quoting.
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


def canonical_answers(answers: BaseModel) -> bytes:
    """``answers`` as canonical YAML (UTF-8), without comments or empty answers."""
    yaml = YAML()
    yaml.width = 4096  # one line per short answer: no folding that depends on the width
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(_plain(answers.model_dump(exclude_none=True)), buffer)
    return buffer.getvalue().encode("utf-8")
