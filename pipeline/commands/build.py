"""``dossier build``: documents, readiness check and submission zip.

One dossier: a line per file with its time (PDFs rendered by pre-warmed workers while
the DOCX are made here). Several dossiers: whole dossiers are spread over all cores, a
progress bar (or plain lines when not on a terminal) and a summary table at the end; a
failing dossier is reported and the others still build.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pipeline.commands.round_order import longest_first
from pipeline.commands.unchanged import overall_verdict, report_not_ready, report_outcome, report_unchanged
from pipeline.exceptions import DossierError
from pipeline.paths import ATTACHMENT_PREFIX, BUILD_ROOT, CHECKLIST_PDF, display_path
from pipeline.render.documents import Rendering
from pipeline.render.pool import batch_worker, inline_executor, pdf_pool
from pipeline.run import Ask, Run, run
from pipeline.ui import Reporter, plural


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:6.0f} ms"


def report(result: Rendering, out: Reporter) -> None:
    out.info(f"{result.naam} → {display_path(result.output)}/")
    for item in sorted(result.rendered, key=lambda r: (r.document.id, r.fmt)):
        out.info(f"  ✓ {item.path.name:<38} {_ms(item.seconds)}")
    for path in sorted(result.unchanged):
        out.info(f"  = {path.name:<38} ongewijzigd")
    for doc, reason in result.skipped:
        out.info(f"  – {doc.bestandsnaam + '.*':<38} overgeslagen: {reason}")
    for error in result.errors:
        out.error(f"  ✗ {error}")


def _report_run(done: Run, out: Reporter) -> None:
    for note in done.notes:
        out.info(f"  {note[:1].upper()}{note[1:]}")
    if not done.checked:  # documents only: no verdict to report
        if done.rendering is not None:
            report(done.rendering, out)
        return
    facts = {"niveau": done.niveau, "verdict": done.verdict, "bundle": done.bundle, "bundle_reason": done.bundle_reason,
             "reason": done.reason, "sent": done.sent}
    if done.unchanged or done.rendering is None:
        report_unchanged(done.output, **facts, out=out)
        return
    report(done.rendering, out)
    for error in done.errors[len(done.rendering.errors):]:  # the checklist's own
        out.error(f"  ✗ {error}")
    report_outcome(done.output, **facts, out=out)
    if done.progress_problem:
        out.error(done.progress_problem)


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One dossier's result in a batch: plain data that crosses process boundaries."""

    folder: Path
    run: Run | None
    error: str | None

    @property
    def failed(self) -> bool:
        return self.run is None or not self.run.ok


def _one(folder: Path, output_root: Path, today: date | None, ask: Ask,
         executor: Executor | None = None) -> BatchItem:
    """Run one dossier (in a batch worker: in-process); errors become data, never a crashed batch."""
    try:
        done = run(folder, executor=executor or inline_executor(), output_root=output_root, today=today, ask=ask)
        return BatchItem(folder, replace(done, check_result=None, read=None), None)  # plain data: crosses processes
    except DossierError as exc:
        return BatchItem(folder, None, str(exc))


class _Progress:
    """A one-line progress bar on a terminal; plain lines otherwise (CI logs, pipes)."""

    def __init__(self, total: int, out: Reporter) -> None:
        self.total, self.done, self.out = total, 0, out
        self.tty = out.stderr.isatty() and not out.quiet

    def start(self, workers: int) -> None:
        """Say that work began before the first dossier is done (a cold one takes seconds)."""
        if self.tty:
            self.out.stderr.write(f"\r  {'·' * 30} 0/{self.total} {'':<30}")
            self.out.stderr.flush()
        else:
            self.out.info(f"  [0/{self.total}] {plural(self.total, 'dossier', 'dossiers')} bouwen, "
                          f"{workers} tegelijk")

    def step(self, outcome: BatchItem) -> None:
        self.done += 1
        naam = outcome.folder.name
        status = "fout" if outcome.failed else "ok"
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            bar = "█" * filled + "·" * (width - filled)
            self.out.stderr.write(f"\r  {bar} {self.done}/{self.total} {naam[:30]:<30}")
            self.out.stderr.flush()
            if self.done == self.total:
                self.out.stderr.write("\n")
        else:
            seconds = outcome.run.seconds if outcome.run else 0.0
            self.out.info(f"  [{self.done}/{self.total}] {naam}: {status} ({seconds:.2f} s)")


def _documents_in(output: Path) -> int:
    """An unchanged dossier's documents: the DOCX and PDF files in its (never stale) output folder, without
    the checklist and DUO's attachment 4 (the advices, rebuilt: no document of ours)."""
    return sum(1 for p in output.glob("*") if p.suffix in {".docx", ".pdf"} and p.name != CHECKLIST_PDF
               and not p.name.startswith(ATTACHMENT_PREFIX))


def _summary_table(outcomes: list[BatchItem], out: Reporter) -> None:
    rows = [("dossier", "gemaakt", "ongewijzigd", "controle", "tijd")]
    for o in sorted(outcomes, key=lambda o: o.folder.name):
        if o.run is None:
            rows.append((o.folder.name, "–", "–", "ongeldig", "–"))
            continue
        b = o.run.rendering
        made = str(len(b.rendered)) if b else "0"
        same = str(len(b.unchanged) if b else _documents_in(o.run.output))
        if not o.run.ok:
            verdict = "fout"
        elif not o.run.verdict:  # documents only (--alleen / --geen-controle): nothing was checked
            verdict = "–"
        else:
            verdict = {"klaar om in te dienen": "in te dienen", "klaar om te laten tekenen": "te laten tekenen"}.get(
                o.run.niveau, "niet klaar")
        rows.append((o.folder.name, made, same, verdict, f"{o.run.seconds:.2f} s"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for n, row in enumerate(rows):
        out.info("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if n == 0:
            out.info("  " + "  ".join("-" * w for w in widths))


def build_many(folders: list[Path], *, out: Reporter, output_root: Path, today: date | None, ask: Ask,
               workers: int | None = None) -> list[BatchItem]:
    """Whole dossiers in parallel on all cores (fork: the workers share our imports)."""
    workers = workers or os.cpu_count() or 1
    progress = _Progress(len(folders), out)
    outcomes: list[BatchItem] = []
    progress.start(min(workers, len(folders)))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(folders)), mp_context=context,
                             initializer=batch_worker, initargs=("pdf" in ask.formats,)) as pool:
        # the longest first (commands.round_order): the last to finish is then a short one, not a
        # core idling while the other still works through a long dossier
        futures = [pool.submit(_one, f, output_root, today, ask) for f in longest_first(folders, output_root)]
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            progress.step(outcome)
    return outcomes


def _templates_at_fault(outcome: BatchItem) -> str:
    """`` (sjabloon templates/x/x.docx)`` when templates, not the dossier, made documents fail."""
    errors = outcome.run.errors if outcome.run else []
    templates = sorted({display_path(e.template) for e in errors if e.template is not None})
    if not templates:
        return ""
    return f" ({'sjabloon' if len(templates) == 1 else 'sjablonen'} {', '.join(templates)})"


def build(
    folders: Iterable[Path],
    *,
    out: Reporter,
    output_root: Path = BUILD_ROOT,
    force: bool = False,
    today: date | None = None,
    check: bool = True,
    formats: tuple[str, ...] = ("docx", "pdf"),
    workers: int | None = None,
    executor: Executor | None = None,
) -> int:
    """Run the pipeline for every folder. Exit code 1 if any dossier failed.

    ``executor``: PDF workers the caller already started (the CLI does, before importing
    this module); otherwise they are started here for a single dossier.
    """
    start = time.perf_counter()
    folders = list(folders)
    ask = Ask(check=check, formats=formats, force=force)
    if len(folders) > 1:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        outcomes = build_many(folders, out=out, output_root=output_root, today=today, ask=ask, workers=workers)
        _summary_table(outcomes, out)
        if check:
            report_not_ready([(o.folder, o.run.reason) for o in sorted(outcomes, key=lambda o: o.folder.name)
                              if o.run is not None and o.run.ok and o.run.niveau == "niet klaar"], out)
    else:
        if executor is None:
            executor = pdf_pool() if "pdf" in formats else inline_executor()
        try:
            outcomes = [_one(f, output_root, today, ask, executor) for f in folders]
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
    for o in outcomes:
        if o.error is not None:
            out.error(o.error)
        elif o.run is not None and (len(folders) == 1 or o.failed):
            _report_run(o.run, out)
    failed = [display_path(o.folder) + _templates_at_fault(o) for o in outcomes if o.failed]
    made = sum(len(o.run.rendering.rendered) for o in outcomes if o.run and o.run.rendering)
    total = time.perf_counter() - start
    if failed:
        verdict = "fouten in " + ", ".join(failed)
    elif not check:
        verdict = "niet gecontroleerd"  # documents only: "klaar" would promise what nobody checked
    else:
        verdict = overall_verdict([(display_path(o.folder), o.run.niveau if o.run else "niet klaar") for o in outcomes])
    out.info(f"{plural(made, 'document', 'documenten')} gemaakt in {total:.2f} s — {verdict}")
    sys.stdout.flush()
    return 1 if failed else 0
