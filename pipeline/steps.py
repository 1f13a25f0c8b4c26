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

from pipeline.build import (
    BUILD_ROOT,
    BuildResult,
    build_loaded,
    code_fingerprint,
    output_folder,
    pdf_job,
    read_cache,
    write_cache,
)
from pipeline.check.checklist import HTML_NAAM, PDF_NAAM, TITEL, render_checklist_html
from pipeline.check.engine import Uitslag, controleer
from pipeline.exceptions import DossierError
from pipeline.output import write_if_changed
from pipeline.templates import TEMPLATES, dependencies
from pipeline.validate import LoadedDossier, load_dossier

CHECKLIST_KEY = "checklist.pdf"


@dataclass(slots=True)
class DossierRun:
    build: BuildResult
    uitslag: Uitslag
    checklist: list[Path] = field(default_factory=list)
    bundle: Path | None = None
    bundle_reason: str = ""  # why there is no bundle


def _checklist_key(loaded: LoadedDossier, html: str) -> str:
    """The checklist PDF is a function of its HTML and the shared stylesheet/layout."""
    digest = hashlib.sha256((code_fingerprint() + html).encode())
    for dep in dependencies("checklist", "pdf", loaded.folder):
        digest.update(dep.read_bytes())
    return digest.hexdigest()


def _checklist_options(loaded: LoadedDossier) -> dict[str, object]:
    d = loaded.dossier
    return {
        "base_url": TEMPLATES,
        "allowed_roots": [TEMPLATES, loaded.folder.resolve()],
        "title": f"{TITEL} – {d.arrangement.naam}",
        "author": d.aanvrager.naam,
        "subject": f"{d.aanvraagronde.naam}: controle vóór indienen",
        "keywords": ["onderwijszorgarrangement", "checklist", d.arrangement.soort],
        "attachment": None,
    }


def run_dossier(
    folder: Path,
    *,
    executor: Executor,
    output_root: Path = BUILD_ROOT,
    force: bool = False,
    today: date | None = None,
    bundle: bool = True,
) -> DossierRun:
    """Build the documents, check readiness, write the checklist and (when ready) the zip."""
    from pipeline.bundle import write_bundle

    t0 = time.perf_counter()
    loaded = load_dossier(folder)
    # the check needs no built document, so its PDF goes to the workers first
    uitslag = controleer(loaded, vandaag=today)
    out_dir = output_folder(loaded, output_root)
    html = render_checklist_html(loaded, uitslag.bevindingen, vandaag=uitslag.vandaag)
    write_if_changed(out_dir / HTML_NAAM, html.encode("utf-8"))
    key = _checklist_key(loaded, html)
    pdf_target = out_dir / PDF_NAAM
    future: Future | None = None
    if force or read_cache(out_dir).get(CHECKLIST_KEY) != key or not pdf_target.is_file():
        future = executor.submit(pdf_job, html, pdf_target, _checklist_options(loaded))

    result = build_loaded(loaded, executor=executor, output_root=output_root, force=force)
    run = DossierRun(build=result, uitslag=uitslag, checklist=[out_dir / HTML_NAAM, pdf_target])
    if future is not None:
        try:
            future.result()
        except DossierError as exc:
            result.errors.append(f"{PDF_NAAM}: {exc}")
        else:
            write_cache(out_dir, {**read_cache(out_dir), CHECKLIST_KEY: key})
    result.seconds = time.perf_counter() - t0
    if not bundle:
        return run
    if not result.ok:
        run.bundle_reason = "niet alle documenten zijn gemaakt"
    elif not uitslag.klaar():
        run.bundle_reason = "het dossier is nog niet klaar om in te dienen (zie de controle)"
    else:
        run.bundle = write_bundle(loaded, output_root=output_root)
    return run
