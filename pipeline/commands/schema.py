"""``dossier schema``: write (or print) the JSON Schema that editors use to autocomplete."""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.paths import display_path
from pipeline.schema import schema_text, write_schema
from pipeline.ui import Reporter


def schema(*, output: Path | None, stdout: bool, out: Reporter) -> int:
    if stdout:
        sys.stdout.write(schema_text())
        return 0
    path = write_schema(output) if output else write_schema()
    out.info(f"✓ schema geschreven naar {display_path(path)}")
    return 0
