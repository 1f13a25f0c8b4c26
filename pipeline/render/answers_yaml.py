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
import re
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
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


def _ruamel_yaml(data: dict[str, Any]) -> str:
    """The reference writer: ruamel.yaml, configured once for these bytes."""
    yaml = YAML()
    yaml.width = 4096  # one line per short answer: no folding that depends on the width
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(_plain(data), buffer)
    return buffer.getvalue()


class _NotSimple(Exception):
    """An answer the fast writer does not claim to write as ruamel.yaml would: ruamel writes it all."""


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+\Z")  # a float ruamel.yaml writes as its repr (1.0, 0.8)
_MAX_PLAIN = 1000  # far below ruamel's width (4096): a plain scalar is never folded


def _printable(ch: str) -> bool:
    """A character ruamel.yaml writes as itself (its ``analyze_scalar``, without supplementary planes)."""
    return "\x20" <= ch <= "\x7e" or (("\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd") and ch != "\ufeff")


@lru_cache(maxsize=1)
def _resolver() -> Any:
    return YAML().resolver


@lru_cache(maxsize=4096)
def _plain_scalar(text: str) -> bool:
    """Whether ruamel.yaml writes this one-line text plain (unquoted) as a block mapping value or
    sequence item: the conditions of its ``analyze_scalar`` and ``choose_scalar_style``, kept
    on the safe side (anything doubtful answers False and ruamel writes the whole document).
    Cached: the same names and places recur in every document of a dossier."""
    from ruamel.yaml.nodes import ScalarNode

    if (not text or len(text) > _MAX_PLAIN or text[0] in _FIRST_INDICATORS or text[0] == " " or text[-1] in " :"
            or text.startswith(("---", "...")) or (text[0] in "?:-" and (len(text) == 1 or text[1] == " "))
            or ": " in text or " #" in text or not all(map(_printable, text))):
        return False
    return bool(_resolver().resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str")


def _single_quoted(text: str) -> bool:
    """A one-line text that ruamel.yaml quotes with ``'`` as it is (a number as text, ``41877``):
    not plain, nothing to escape, no quote of its own, no space at either end."""
    return (0 < len(text) <= _MAX_PLAIN and "'" not in text and text[0] != " " and text[-1] != " "
            and all(map(_printable, text)))


def _scalar(value: Any) -> str:
    """One scalar on the line of its key or dash, exactly as ruamel.yaml writes it."""
    if isinstance(value, Enum):
        value = value.value
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and _DECIMAL.match(text := repr(value)):
        return text
    if isinstance(value, str):
        if _plain_scalar(value):
            return value
        if _single_quoted(value):
            return f"'{value}'"
    raise _NotSimple


def _literal(text: str, indent: int, out: list[str]) -> None:
    """A multi-line text as ruamel.yaml's literal block (``|`` or ``|-``) after its key."""
    if text[0] in " \n" or "\r" in text or not all(ch == "\n" or _printable(ch) for ch in text):
        raise _NotSimple  # an indentation indicator or special characters: ruamel decides
    if text.endswith("\n\n"):
        raise _NotSimple  # "|+" keeps the empty lines, and ruamel then may close the document ("...")
    chomp = "-" if text[-1] != "\n" else ""
    out.append(f" |{chomp}\n")
    body = text[:-1] if text.endswith("\n") else text
    pad = " " * indent
    for line in body.split("\n"):
        out.append(f"{pad}{line}\n" if line else "\n")


def _mapping(data: dict[str, Any], indent: int, out: list[str], first: str | None = None) -> None:
    """``data`` as a block mapping at ``indent``; ``first``: what starts its first line instead
    of the indentation (``"  - "`` for a mapping that is a sequence item)."""
    if not data:
        raise _NotSimple
    for n, (key, value) in enumerate(data.items()):
        if not isinstance(key, str) or not _KEY.match(key) or not _plain_scalar(key):
            raise _NotSimple
        out.append(first if n == 0 and first is not None else " " * indent)
        out.append(f"{key}:")
        if isinstance(value, dict | list | tuple) and not value:
            out.append(" {}\n" if isinstance(value, dict) else " []\n")
        elif isinstance(value, dict):
            out.append("\n")
            _mapping(value, indent + 2, out)
        elif isinstance(value, list | tuple):
            out.append("\n")
            _sequence(value, indent + 2, out)
        elif isinstance(value, str) and "\n" in value:
            _literal(value, indent + 2, out)
        else:
            out.append(f" {_scalar(value)}\n")


def _sequence(items: list[Any] | tuple[Any, ...], indent: int, out: list[str]) -> None:
    """A block sequence under a key: dashes at ``indent`` (offset 2), items at ``indent + 2``."""
    if not items:
        raise _NotSimple
    dash = " " * indent + "- "
    for item in items:
        if isinstance(item, dict):
            _mapping(item, indent + 2, out, first=dash)
        elif isinstance(item, list | tuple) or (isinstance(item, str) and "\n" in item):
            raise _NotSimple
        else:
            out.append(f"{dash}{_scalar(item)}\n")


def answers_text(data: dict[str, Any]) -> str:
    """``data`` as ruamel.yaml writes it (``_ruamel_yaml``), without ruamel for ordinary answers.

    ruamel.yaml is pure Python and took most of the time a PDF's embedded answers cost (some
    6 ms of a 230 ms document, four times per dossier). Answers are a closed set of shapes
    (mappings with identifier keys, lists, one-line names and numbers, multi-line Markdown),
    so this writer emits those directly and hands anything it does not claim to write
    identically (a text ruamel would quote, a float, a nested list) to ruamel, whole.
    tests/test_answers_yaml_fast.py holds both to the same bytes.
    """
    if not data:
        return _ruamel_yaml(data)
    out: list[str] = []
    try:
        _mapping(data, 0, out)
    except _NotSimple:
        return _ruamel_yaml(data)
    return "".join(out)


def canonical_answers(answers: BaseModel, document_id: str | None = None) -> bytes:
    """``answers`` as canonical YAML (UTF-8), without comments or empty answers; with
    ``document_id``, only the answers that document shows."""
    data = shown_answers(answers.model_dump(exclude_none=True), document_id)
    return answers_text(data).encode("utf-8")
