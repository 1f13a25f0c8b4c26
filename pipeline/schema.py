"""JSON Schema of the answers model, for editors (yaml-language-server) and tools.

The editor must give the same verdict as ``dossier validate`` (tests/test_messages_schema.py
runs both over one corpus). pydantic's schema says what a value *is* after validation; two
things the model also accepts are added here, from the model itself:

- a number where text is expected (``bevoegd_gezag_nummer: 22914``): the model makes it text
  (``coerce_numbers_to_str``), so free text also allows numbers, and a text with a pattern
  allows the whole numbers whose digits fit that pattern;
- a blank optional answer (``email: ""``, as ``dossier new`` writes it), which means "not given";
  so does a placeholder as an optional answer (``geschillen: n.v.t.``, ``email: -``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.model.answers import FILLED_BY_ROUND, Aanvraagronde, Dossier
from pipeline.model.fields import all_fields
from pipeline.model.types import NIET_LEEG, OPVULTEKST_PATTERN
from pipeline.output import write_atomic
from pipeline.rounds import known_numbers

SCHEMA_PATH = Path("schema/dossier.schema.json")
_BLANK = {"type": "string", "pattern": r"^\s*$"}
_MAX_DIGITS = 20
_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _digit_counts(pattern: str) -> list[int]:
    """How many digits a whole number may have for its text to match ``pattern``; [] if none
    or if the pattern treats numbers of one length differently (then numbers stay refused)."""
    regex = re.compile(pattern)
    counts = []
    for n in range(1, _MAX_DIGITS + 1):
        samples = ["1" + "0" * (n - 1), "9" * n, ("1234567890" * 2)[:n]]
        hits = {bool(regex.search(s)) for s in samples}
        if len(hits) > 1:
            return []
        if hits == {True}:
            counts.append(n)
    if counts and counts != list(range(counts[0], counts[-1] + 1)):
        return []
    return counts


def _allow_numbers(node: Any) -> None:
    """Every text schema in ``node`` also takes the numbers the model turns into fitting text."""
    if isinstance(node, list):
        for item in node:
            _allow_numbers(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key not in {"properties", "$defs"} or not isinstance(value, dict):
            _allow_numbers(value)
        else:
            for child in value.values():
                _allow_numbers(child)
    for python, json_name in _BOUNDS.items():  # pydantic leaves bounds behind a validator unnamed
        if python in node and node.get("type") in {"number", "integer"}:
            node[json_name] = node.pop(python)
    if node.get("type") != "string" or "format" in node or "enum" in node:
        return
    pattern = node.get("pattern")
    if pattern is None or pattern == NIET_LEEG["pattern"]:
        node["type"] = ["string", "number"]
        return
    counts = _digit_counts(pattern)
    if counts:
        node["type"] = ["string", "integer"]
        node["minimum"] = 0 if counts[0] == 1 else 10 ** (counts[0] - 1)
        node["maximum"] = 10 ** counts[-1] - 1


def _models() -> dict[str, type[BaseModel]]:
    """Every model class of the answers, by the name pydantic gives its ``$defs`` entry (the
    field walk of ``model.fields`` already finds them)."""
    return {Dossier.__name__: Dossier} | {f.model.__name__: f.model for f in all_fields() if f.model is not None}


def _allow_blank_optional(schema: dict[str, Any]) -> None:
    """An optional answer may be left blank, as ``Basis`` reads ``""`` as "not given"."""
    for name, model in _models().items():
        node = schema if model is Dossier else schema["$defs"][name]
        for field, info in model.model_fields.items():
            if info.is_required() or info.default is not None:
                continue
            prop = node["properties"][field]
            if "anyOf" in prop:
                prop["anyOf"].append(dict(_BLANK))


_KEEP = {"description", "title", "default", "x-documenten"}


def _allow_placeholder_optional(schema: dict[str, Any]) -> None:
    """An optional answer may be a placeholder ("n.v.t.", "-", "geen"), as ``Basis`` reads it as "not given"."""
    placeholder = {"type": "string", "pattern": OPVULTEKST_PATTERN}
    for name, model in _models().items():
        node = schema if model is Dossier else schema["$defs"][name]
        for field, info in model.model_fields.items():
            if info.is_required():
                continue
            prop = node["properties"][field]
            if "anyOf" not in prop:
                prop["anyOf"] = [{k: prop.pop(k) for k in list(prop) if k not in _KEEP}]
            prop["anyOf"].append(dict(placeholder))


PROGRESS_SCHEMA_PATH = Path("schema/voortgang.schema.json")


def _known_round_fills_in(schema: dict[str, Any]) -> None:
    """``ronde: 2`` alone is a whole round, as ``Aanvraagronde`` fills in its name and dates:
    what the round fills in is required only when no known round is named."""
    node = schema["$defs"][Aanvraagronde.__name__]
    filled = [name for name in node.get("required", []) if name in FILLED_BY_ROUND]
    node["required"] = [name for name in node.get("required", []) if name not in FILLED_BY_ROUND]
    if not node["required"]:
        del node["required"]
    node["anyOf"] = [
        {"required": ["ronde"], "properties": {"ronde": {"enum": list(known_numbers())}}},
        {"required": filled},
    ]


def json_schema() -> dict[str, Any]:
    schema = Dossier.model_json_schema(mode="validation")
    _allow_numbers(schema)
    _allow_blank_optional(schema)
    _allow_placeholder_optional(schema)
    _known_round_fills_in(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    write_atomic(path, schema_text().encode("utf-8"))
    if path == SCHEMA_PATH:  # voortgang.yaml's schema beside it (pipeline.route.progress)
        write_atomic(PROGRESS_SCHEMA_PATH, progress_schema_text().encode("utf-8"))
    return path


def progress_schema_text() -> str:
    from pipeline.route.progress import progress_schema

    return json.dumps(progress_schema(), ensure_ascii=False, indent=2) + "\n"
