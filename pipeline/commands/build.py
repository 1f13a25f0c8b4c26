"""``dossier build``: documents, readiness check and submission zip, with a line per file."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from pipeline.build import BUILD_ROOT, BuildResult, build_dossier, inline_executor, pdf_pool
from pipeline.check.report import samenvatting
from pipeline.exceptions import DossierError, display_path
from pipeline.steps import DossierRun, run_dossier
from pipeline.ui import Reporter


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:6.0f} ms"


def report(result: BuildResult, out: Reporter) -> None:
    out.info(f"{result.naam} → {display_path(result.output)}/")
    for item in sorted(result.rendered, key=lambda r: (r.document.id, r.fmt)):
        out.info(f"  ✓ {item.path.name:<38} {_ms(item.seconds)}")
    for path in sorted(result.unchanged):
        out.info(f"  = {path.name:<38} ongewijzigd")
    for doc, reason in result.skipped:
        out.info(f"  – {doc.bestandsnaam + '.*':<38} overgeslagen: {reason}")
    for error in result.errors:
        out.error(f"  ✗ {error}")


def _report_run(run: DossierRun, out: Reporter) -> None:
    report(run.build, out)
    verdict = samenvatting(run.uitslag, strict=False)
    (out.info if run.uitslag.klaar() else out.warn)(f"  {verdict}")
    if run.bundle is not None:
        out.info(f"  ✓ bundel: {display_path(run.bundle)}")
    elif run.bundle_reason:
        out.info(f"  – geen bundel: {run.bundle_reason}; zie {display_path(run.checklist[0])}")


def build(
    folders: Iterable[Path],
    *,
    out: Reporter,
    output_root: Path = BUILD_ROOT,
    force: bool = False,
    today: date | None = None,
    parallel: bool = True,
    check: bool = True,
    formats: tuple[str, ...] = ("docx", "pdf"),
) -> int:
    """Run the pipeline for every folder; one failing dossier does not stop the others."""
    start = time.perf_counter()
    executor = pdf_pool() if parallel and "pdf" in formats else inline_executor()
    failed: list[str] = []
    written = 0
    try:
        for folder in folders:
            try:
                if check:
                    run = run_dossier(folder, executor=executor, output_root=output_root, force=force, today=today)
                    result = run.build
                    _report_run(run, out)
                else:
                    result = build_dossier(folder, executor=executor, output_root=output_root, force=force,
                                           formats=formats)
                    report(result, out)
            except DossierError as exc:
                failed.append(display_path(folder))
                out.error(str(exc))
                continue
            written += len(result.rendered)
            if not result.ok:
                failed.append(display_path(folder))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    total = time.perf_counter() - start
    verdict = "klaar" if not failed else "fouten in " + ", ".join(failed)
    out.info(f"{written} documenten gemaakt in {total:.2f} s — {verdict}")
    return 1 if failed else 0
