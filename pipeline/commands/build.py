"""``dossier build``: render every document of each dossier, with a line per document."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from pipeline.build import BUILD_ROOT, BuildResult, build_dossier, inline_executor, pdf_pool
from pipeline.exceptions import DossierError, display_path
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


def build(
    folders: Iterable[Path],
    *,
    out: Reporter,
    output_root: Path = BUILD_ROOT,
    formats: Iterable[str] = ("docx", "pdf"),
    parallel: bool = True,
    force: bool = False,
) -> int:
    start = time.perf_counter()
    formats = tuple(formats)
    executor = pdf_pool() if parallel and "pdf" in formats else inline_executor()
    failed = count = 0
    try:
        for folder in folders:
            try:
                result = build_dossier(
                    folder, executor=executor, output_root=output_root, formats=formats, force=force
                )
            except DossierError as exc:
                failed += 1
                out.error(str(exc))
                continue
            report(result, out)
            count += len(result.rendered)
            failed += not result.ok
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    total = time.perf_counter() - start
    verdict = "klaar" if not failed else f"{failed} dossier(s) met fouten"
    out.info(f"{count} documenten in {total:.2f} s — {verdict}")
    return 1 if failed else 0
