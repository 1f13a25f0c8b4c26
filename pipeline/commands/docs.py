"""``dossier docs``: regenerate the generated reference files from the model."""

from __future__ import annotations

from pipeline.fieldref import write_fieldref
from pipeline.paths import display_path
from pipeline.schema import write_schema
from pipeline.templatedoc import write_templatedoc
from pipeline.ui import Reporter


def docs(*, out: Reporter) -> int:
    for path in (write_fieldref(), write_schema(), write_templatedoc()):
        out.info(f"✓ {display_path(path)}")
    return 0
