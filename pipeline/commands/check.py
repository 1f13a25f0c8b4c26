"""``dossier check``: is each dossier ready to submit (DUO, Achterhoek, privacy)?

Exit code 0 when every dossier is ready, 1 when one has errors (with ``strict``: or
warnings), or does not even validate. The checklist is written to
``build/<naam>/checklist.html`` and ``.pdf`` so it can be shared with the partners.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.build import BUILD_ROOT, output_folder
from pipeline.bundle import bundle_answers, withdraw_bundle
from pipeline.check.checklist import write_checklist
from pipeline.check.engine import check_dossier
from pipeline.check.report import (
    InvalidResult,
    invalid_dict,
    json_report,
    result_dict,
    text_report,
    verdict_line,
)
from pipeline.exceptions import DossierError
from pipeline.paths import display_path
from pipeline.ui import Reporter
from pipeline.validate import load_dossier


def check(
    folders: Iterable[Path],
    *,
    fmt: str = "text",
    strict: bool = False,
    today: date | None = None,
    out: Reporter,
    build: Path = BUILD_ROOT,
    pdf: bool = True,
) -> int:
    """Check every folder, report, and write each dossier's checklist into its build folder."""
    reports: list[dict[str, Any]] = []
    not_ready = 0
    for n, folder in enumerate(folders):
        if fmt == "text" and n:
            out.info("")
        try:
            loaded = load_dossier(folder)
        except DossierError as exc:
            not_ready += 1
            reports.append(invalid_dict(InvalidResult(folder, exc)))
            if folder.exists():  # an invalid dossier keeps no zip and no checklist saying "klaar"
                withdraw_bundle(output_folder(folder, build), checklist=True)
            if fmt == "text":
                out.error(str(exc))
                out.error(
                    f"✗ {display_path(folder)}: niet klaar: het dossier is niet geldig; "
                    "los eerst de fouten hierboven op"
                )
            continue
        result = check_dossier(loaded, today=today)
        out_dir = output_folder(loaded.folder, build)
        written: list[Path] = []
        try:
            written = write_checklist(result, out_dir, pdf=pdf)
        except DossierError as exc:
            out.warn(f"checklist niet geschreven: {exc}")
        if not result.ready() or bundle_answers(out_dir) != hashlib.sha256(loaded.source.raw).hexdigest():
            withdraw_bundle(out_dir)  # beside this checklist, a zip of other answers would contradict it
        ready = result.ready(strict=strict)
        not_ready += not ready
        reports.append(result_dict(result, strict=strict, files=written))
        if fmt == "text":
            for line in text_report(result):
                out.info(line)
            if written:
                out.info(f"Checklist: {', '.join(display_path(p) for p in written)}")
            verdict = verdict_line(result, strict=strict)
            if ready:
                out.info(verdict)
            else:
                out.error(verdict)
    if fmt == "json":
        print(json_report(reports, strict=strict), file=out.stdout, flush=True)
    return 1 if not_ready else 0
