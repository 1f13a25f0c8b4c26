"""The whole pipeline for one dossier: load → validate → render → check → bundle.

``make dossier`` runs this per dossier. Every step skips work whose inputs did not
change (documents by content hash, the checklist and the zip by their bytes), so a
second run with nothing changed rewrites no file.
"""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.build import (
    BUILD_ROOT,
    BuildResult,
    build_loaded,
    code_fingerprint,
    file_digest,
    output_folder,
    read_cache,
    write_cache,
)
from pipeline.check.checklist import HTML_NAME, PDF_NAME, checklist_pdf_options, render_checklist_html
from pipeline.check.engine import check_dossier
from pipeline.check.report import verdict_line
from pipeline.exceptions import DossierError
from pipeline.output import write_if_changed
from pipeline.render.pool import pdf_job
from pipeline.templates import TEMPLATES, dependencies
from pipeline.validate import LoadedDossier, load_dossier

CHECKLIST_KEY = "checklist.pdf"
DOSSIER_KEY = "dossier"


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

    @property
    def ok(self) -> bool:
        return self.build is None or self.build.ok


def _tree_digest(digest: Any, root: Path) -> None:
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + file_digest(path))


def dossier_key(folder: Path, *, today: date) -> str:
    """Everything one dossier's outputs are made of: its folder, the templates, the tool, the date.

    Cheap (no YAML parsing), so a batch where nothing changed costs a few ms per dossier.
    """
    digest = hashlib.sha256(f"{code_fingerprint()}\0{today.isoformat()}\0".encode())
    _tree_digest(digest, folder.resolve())
    _tree_digest(digest, TEMPLATES)
    return digest.hexdigest()


def _checklist_key(loaded: LoadedDossier, html: str) -> str:
    """The checklist PDF is a function of its HTML and the shared stylesheet/layout."""
    digest = hashlib.sha256((code_fingerprint() + html).encode())
    for dep in dependencies("checklist", "pdf", loaded.folder):
        digest.update(file_digest(dep))
    return digest.hexdigest()


def _up_to_date(folder: Path, output_root: Path, key: str) -> DossierRun | None:
    out_dir = output_folder(folder, output_root)
    state = read_cache(out_dir).get(DOSSIER_KEY)
    if not isinstance(state, dict) or state.get("key") != key:
        return None
    outputs = [out_dir / name for name in state.get("bestanden", [])]
    if not all(p.is_file() for p in outputs):
        return None
    bundle = out_dir / state["bundel"] if state.get("bundel") else None
    return DossierRun(
        naam=out_dir.name, output=out_dir, build=None, klaar=bool(state.get("klaar")),
        verdict=str(state.get("oordeel", "")), checklist=[out_dir / HTML_NAME, out_dir / PDF_NAME],
        bundle=bundle, bundle_reason=str(state.get("geen_bundel", "")),
    )


def run_dossier(
    folder: Path,
    *,
    executor: Executor,
    output_root: Path = BUILD_ROOT,
    force: bool = False,
    today: date | None = None,
) -> DossierRun:
    """Build the documents, check readiness, write the checklist and (when ready) the zip.

    When nothing in the dossier folder, the templates or the tool changed since the last
    run (and it is the same day, for the deadline), nothing is parsed or rendered at all.
    """
    from pipeline.bundle import write_bundle

    t0 = time.perf_counter()
    if folder.is_file():  # the dossier.yaml itself was given
        folder = folder.parent
    today = today or date.today()
    run_key = dossier_key(folder, today=today)
    if not force and (done := _up_to_date(folder, output_root, run_key)) is not None:
        done.seconds = time.perf_counter() - t0
        return done
    loaded = load_dossier(folder)
    # the check needs no built document, so its PDF goes to the workers first
    checked = check_dossier(loaded, today=today)
    out_dir = output_folder(loaded.folder, output_root)
    html = render_checklist_html(loaded, checked.findings, today=checked.today)
    write_if_changed(out_dir / HTML_NAME, html.encode("utf-8"))
    key = _checklist_key(loaded, html)
    pdf_target = out_dir / PDF_NAME
    future: Future | None = None
    if force or read_cache(out_dir).get(CHECKLIST_KEY) != key or not pdf_target.is_file():
        future = executor.submit(pdf_job, html, pdf_target, checklist_pdf_options(loaded))

    result = build_loaded(loaded, executor=executor, output_root=output_root, force=force)
    run = DossierRun(
        naam=loaded.naam, output=out_dir, build=result, klaar=checked.ready(),
        verdict=verdict_line(checked, strict=False), checklist=[out_dir / HTML_NAME, pdf_target],
    )
    remember: dict[str, Any] = {}
    if future is not None:
        try:
            future.result()
        except DossierError as exc:
            result.errors.append(f"{PDF_NAME}: {exc}")
        else:
            remember[CHECKLIST_KEY] = key
    if not result.ok:
        run.bundle_reason = "niet alle documenten zijn gemaakt"
    elif not checked.ready():
        run.bundle_reason = "het dossier is nog niet klaar om in te dienen (zie de controle)"
    else:
        run.bundle = write_bundle(loaded, output_root=output_root)
    if result.ok:  # remember the whole run, so an unchanged dossier is skipped next time
        outputs = [r.path.name for r in result.rendered] + [p.name for p in result.unchanged]
        outputs += [p.name for p in run.checklist] + ([run.bundle.name] if run.bundle else [])
        remember[DOSSIER_KEY] = {
            "key": run_key, "klaar": run.klaar, "oordeel": run.verdict, "bestanden": sorted(outputs),
            "bundel": run.bundle.name if run.bundle else None, "geen_bundel": run.bundle_reason,
        }
    if remember:
        write_cache(out_dir, {**read_cache(out_dir), **remember})
    result.seconds = run.seconds = time.perf_counter() - t0
    return run
