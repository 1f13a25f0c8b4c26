"""The whole pipeline for one dossier: load → validate → render → check → bundle.

``make dossier`` runs this per dossier. Every step skips work whose inputs did not
change (documents by content hash, the checklist and the zip by their bytes), so a
second run with nothing changed rewrites no file.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.build import (
    BUILD_ROOT,
    FORMATS,
    BuildError,
    BuildResult,
    build_loaded,
    documents_current,
    output_folder,
)
from pipeline.cache import BuildCache, code_fingerprint, file_digest, output_digest
from pipeline.check.checklist import HTML_NAME, PDF_NAME, checklist_pdf_options, render_checklist_html
from pipeline.check.engine import check_dossier
from pipeline.check.report import first_finding, verdict_line
from pipeline.documents import Document
from pipeline.exceptions import DossierError
from pipeline.freshness import DOSSIER_KEY, dossier_key, remembered
from pipeline.output import write_if_changed
from pipeline.render.pool import pdf_job
from pipeline.route import ICS_NAME
from pipeline.route.outputs import keep_first_bundle, write_calendar
from pipeline.route.progress import recorded_sent_date
from pipeline.route.sent import keep_sent_bundle, kept_bundles
from pipeline.route.view import route_view
from pipeline.templates import dependencies
from pipeline.validate import LoadedDossier, load_dossier


@dataclass(slots=True)
class DossierRun:
    """What one pipeline run did; plain data, so it can come back from a worker process."""

    naam: str
    output: Path
    build: BuildResult | None  # None when the whole dossier was already up to date
    klaar: bool
    verdict: str
    checklist: list[Path] = field(default_factory=list)
    bundle: Path | None = None
    bundle_reason: str = ""  # why there is no bundle
    seconds: float = 0.0
    findings: tuple[Any, ...] = ()  # the check's findings (with the build's), for the preview
    reason: str = ""  # not ready: the first error, for the batch summary
    calendar: Path | None = None  # termijnen.ics
    route_note: str = ""  # what was sent (and whether the answers still match it)
    progress_problem: str | None = None  # voortgang.yaml does not validate

    @property
    def ok(self) -> bool:
        return (self.build is None or self.build.ok) and self.progress_problem is None


def _checklist_key(loaded: LoadedDossier, html: str) -> str:
    """The checklist PDF is a function of its HTML and the shared stylesheet/layout."""
    digest = hashlib.sha256((code_fingerprint() + html).encode())
    for dep in dependencies("checklist", "pdf", loaded.folder):
        digest.update(file_digest(dep))
    return digest.hexdigest()


def _up_to_date(folder: Path, output_root: Path, key: str) -> DossierRun | None:
    """The last run's result when nothing changed and every output still holds its bytes."""
    state = remembered(folder, output_root, key)
    if state is None:
        return None
    out_dir = output_folder(folder, output_root)
    bundle = out_dir / state["bundel"] if state.get("bundel") else None
    return DossierRun(
        naam=out_dir.name, output=out_dir, build=None, klaar=bool(state.get("klaar")),
        verdict=str(state.get("oordeel", "")), checklist=[out_dir / HTML_NAME, out_dir / PDF_NAME],
        bundle=bundle, bundle_reason=str(state.get("geen_bundel", "")), reason=str(state.get("reden", "")),
        route_note=str(state.get("ingediend") or ""),
        calendar=out_dir / ICS_NAME if (out_dir / ICS_NAME).is_file() else None,
    )


def run_dossier(
    folder: Path,
    *,
    executor: Executor,
    output_root: Path = BUILD_ROOT,
    force: bool = False,
    today: date | None = None,
    loaded: LoadedDossier | None = None,
    only: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    on_html: Callable[[Document, str], None] | None = None,
) -> DossierRun:
    """The pipeline for one dossier, for every entry point (build, batch, watch, preview):
    read once → validate → documents → check (with what the build found) → checklist → bundle.

    When nothing in the dossier folder, the templates or the tool changed since the last
    run (and it is the same day, for the deadline), nothing is parsed or rendered at all.
    Nothing stale survives: an invalid or not-ready dossier, or one with a document that
    could not be made, has no zip, and its checklist (when it can be made) says why.
    Watch mode passes the dossier it ``loaded``, the documents and formats that changed
    (``only``, ``formats``) and ``on_html`` for the preview.
    """
    from pipeline.bundle import bundle_files, withdraw_bundle, write_bundle
    from pipeline.check.documents import build_findings

    t0 = time.perf_counter()
    if folder.is_file():  # the dossier.yaml itself was given
        folder = folder.parent
    today = today or date.today()
    out_dir = output_folder(folder, output_root)
    everything = only is None and set(formats) == set(FORMATS)
    run_key = dossier_key(folder, today=today) if everything else ""  # only a whole run is remembered
    if loaded is None:
        if not force and everything and (done := _up_to_date(folder, output_root, run_key)) is not None:
            done.seconds = time.perf_counter() - t0
            return done
        if (sent_on := recorded_sent_date(folder)) is not None:
            keep_sent_bundle(out_dir, sent_on)  # first: whatever is wrong below, what was sent stays
        try:
            loaded = load_dossier(folder)
        except DossierError:
            withdraw_bundle(out_dir, checklist=True)  # no zip, no checklist saying "klaar"
            raise

    cache = BuildCache(out_dir)
    cache.forget(DOSSIER_KEY)  # until this run is complete
    route = route_view(loaded, today=today, out_dir=out_dir, keep=True)  # keeps the sent zip before a new one
    checked = check_dossier(loaded, today=today)
    pdf_target = out_dir / PDF_NAME
    checklist: dict[str, Any] = {}

    def make_checklist(findings: tuple[Any, ...]) -> None:
        """Write the checklist HTML and queue its PDF (behind the documents' PDFs)."""
        if checklist.get("future") is not None:  # an earlier version is being written: let it finish first
            with contextlib.suppress(DossierError):
                checklist["future"].result()
        html = render_checklist_html(loaded, findings, today=checked.today, route=route)
        write_if_changed(out_dir / HTML_NAME, html.encode("utf-8"))
        key = _checklist_key(loaded, html)
        checklist.update(key=key, future=None)
        if force or not cache.fresh(PDF_NAME, key):
            cache.forget(PDF_NAME)
            checklist["future"] = executor.submit(pdf_job, html, pdf_target, checklist_pdf_options(loaded))

    result = build_loaded(loaded, executor=executor, output_root=output_root, only=only, formats=formats,
                          force=force, on_html=on_html, cache=cache,
                          while_laying_out=lambda partial: make_checklist(checked.findings)
                          if not partial.errors else None)
    if result.errors:  # the checklist says which document failed, and where
        checked = checked.with_findings(build_findings(loaded, result.errors))
        make_checklist(checked.findings)
    elif not checklist:  # nothing was laid out: the build had no PDF to wait for
        make_checklist(checked.findings)
    if checklist.get("future") is not None:
        try:
            checklist["future"].result()
        except DossierError as exc:
            result.errors.append(BuildError.of(pdf_target, exc))
        else:
            cache.record(PDF_NAME, checklist["key"])
    run = DossierRun(
        naam=loaded.naam, output=out_dir, build=result, klaar=checked.ready(),
        verdict=verdict_line(checked, strict=False), checklist=[out_dir / HTML_NAME, pdf_target],
        findings=checked.findings, reason=first_finding(checked),
        progress_problem=route.problem,
        route_note=route.sent.message if route.sent else "",
    )
    run.calendar = write_calendar(out_dir, route)
    if not result.ok:
        run.bundle_reason = "niet alle documenten zijn gemaakt"
    elif not checked.ready():
        run.bundle_reason = "het dossier is nog niet klaar om in te dienen (zie de controle)"
    elif not documents_current(loaded, cache):
        run.bundle_reason = "niet alle documenten zijn bijgewerkt"
    else:
        try:
            run.bundle = write_bundle(loaded, output_root=output_root)
        except DossierError:  # an attachment changed since the check: its "klaar" no longer holds
            withdraw_bundle(out_dir, checklist=True)
            raise
    if run.bundle is None:
        withdraw_bundle(out_dir)  # an older zip would say something these inputs do not
    if route.sent is not None and route.sent.bundle is None and run.bundle is not None:
        run.route_note = keep_first_bundle(out_dir, route.sent.datum, loaded.source.raw)
    if run.ok and everything:  # remember the whole run, so an unchanged dossier is skipped next time
        outputs = [r.path.name for r in result.rendered] + [p.name for p in result.unchanged]
        outputs += [p.name for p in run.checklist] + ([p.name for p in bundle_files(out_dir)] if run.bundle else [])
        outputs += [run.calendar.name] if run.calendar is not None and run.calendar.is_file() else []
        outputs += [p.relative_to(out_dir).as_posix() for p in kept_bundles(out_dir)]
        cache.put(DOSSIER_KEY, {
            "key": run_key, "klaar": run.klaar, "oordeel": run.verdict,
            "bestanden": {name: output_digest(out_dir / name) for name in sorted(outputs)},
            "bundel": run.bundle.name if run.bundle else None, "geen_bundel": run.bundle_reason,
            "reden": run.reason,
            "ingediend": run.route_note,
        })
    cache.save()
    result.seconds = run.seconds = time.perf_counter() - t0
    return run
