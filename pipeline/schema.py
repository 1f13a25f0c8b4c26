"""JSON Schema of the answers model, for editors (yaml-language-server) and tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.model.answers import Dossier
from pipeline.output import write_atomic

SCHEMA_PATH = Path("schema/dossier.schema.json")
PROGRESS_SCHEMA_PATH = Path("schema/voortgang.schema.json")


def json_schema() -> dict[str, Any]:
    schema = Dossier.model_json_schema(mode="validation")
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
