"""``dossier check``: is each dossier ready to submit (DUO, Achterhoek, privacy)?

Exit code 0 when every dossier is ready to submit, 3 when the worst is ready to be signed (only
the signatures are missing), 1 when one has other errors (with ``strict``: or warnings), or does
not even validate. The checklist is written to
``build/<naam>/checklist.html`` and ``.pdf`` so it can be shared with the partners.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.check.engine import NIET_KLAAR, TE_TEKENEN
from pipeline.check.report import (
    InvalidResult,
    invalid_dict,
    json_report,
    result_dict,
    text_report,
    verdict_line,
)
from pipeline.exceptions import DossierError
from pipeline.paths import BUILD_ROOT, PROGRESS_FILE, display_path
from pipeline.render.pool import inline_executor
from pipeline.run import Ask, run
from pipeline.ui import Reporter

EXIT_TO_SIGN = 3  # ready to be signed, not yet to submit: a script that asks "can this go to DUO?" hears no


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
    """Check every folder, report, and write each dossier's checklist into its build folder.

    The same run as ``dossier build`` without the render stage: one checklist writer, one rule
    for the zips (they stay only beside a ready dossier whose documents are current)."""
    reports: list[dict[str, Any]] = []
    not_ready = to_sign = 0
    for n, folder in enumerate(folders):
        if fmt == "text" and n:
            out.info("")
        try:
            done = run(folder, executor=inline_executor(), output_root=build, today=today,
                       ask=Ask(render=False, checklist_pdf=pdf))
        except DossierError as exc:
            not_ready += 1
            reports.append(invalid_dict(InvalidResult(folder, exc)))
            if fmt == "text":
                out.error(str(exc))
                out.error(
                    f"✗ {display_path(folder)}: niet klaar: het dossier is niet geldig; "
                    "los eerst de fouten hierboven op"
                )
            continue
        result = done.check_result
        assert result is not None  # the check stage ran
        for error in done.errors:
            out.warn(f"checklist niet geschreven: {error}")
        written = [p for p in done.checklist if p.is_file()]
        level = result.level(strict=strict)
        ready = level != NIET_KLAAR and done.progress_problem is None  # as build: a broken voortgang.yaml fails
        not_ready += not ready
        to_sign += level == TE_TEKENEN
        reports.append(result_dict(result, strict=strict, files=written)
                       | ({"klaar": False, "voortgang": done.progress_problem} if done.progress_problem else {}))
        if fmt == "text":
            if done.progress_problem:
                out.error(done.progress_problem)
            for note in done.notes:
                out.info(f"{note[:1].upper()}{note[1:]}")
            for line in text_report(result):
                out.info(line)
            if written:
                out.info(f"Checklist: {', '.join(display_path(p) for p in written)}")
            verdict = verdict_line(result, strict=strict)
            if done.progress_problem:
                verdict = (f"✗ {display_path(folder)}: niet klaar: {PROGRESS_FILE} klopt niet (zie hierboven); "
                           "los dat eerst op")
            if ready:
                out.info(verdict)
            else:
                out.error(verdict)
    if fmt == "json":
        print(json_report(reports, strict=strict), file=out.stdout, flush=True)
    return 1 if not_ready else EXIT_TO_SIGN if to_sign else 0
