"""The build: one dossier folder → its documents in ``build/<naam>/``.

``build_dossier`` is the single build function; the CLI, ``make dossier`` and watch mode
all call it. Word documents render in this process (docxtpl is quick); PDFs go to a
small pool of forked workers that imported weasyprint while we were still loading YAML
and rendering DOCX, because weasyprint's import and layout dominate the build time.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.documents import DOCUMENTEN, Document
from pipeline.exceptions import DossierError
from pipeline.output import write_atomic
from pipeline.templates import TEMPLATES
from pipeline.validate import LoadedDossier, load_dossier

BUILD_ROOT = Path("build")
FORMATS = ("docx", "pdf")


@dataclass(frozen=True, slots=True)
class Rendered:
    """One output file that was written, and how long it took."""

    document: Document
    fmt: str
    path: Path
    seconds: float


@dataclass(slots=True)
class BuildResult:
    naam: str
    output: Path
    rendered: list[Rendered] = field(default_factory=list)
    skipped: list[tuple[Document, str]] = field(default_factory=list)  # (document, reason)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def documents_for(loaded: LoadedDossier) -> tuple[list[Document], list[tuple[Document, str]]]:
    """Which documents this dossier needs; the Achterhoek form only for collective ones."""
    wanted, skipped = [], []
    for doc in DOCUMENTEN:
        if doc.alleen_collectief and loaded.dossier.arrangement.soort != "collectief":
            skipped.append((doc, "alleen voor een collectief arrangement"))
        else:
            wanted.append(doc)
    return wanted, skipped


def output_folder(loaded: LoadedDossier, root: Path = BUILD_ROOT) -> Path:
    return root / loaded.naam


# ------------------------------------------------------------------ PDF workers


def _warm_worker() -> None:
    """Pay weasyprint's import and font setup once per worker, before work arrives."""
    from pipeline.render import pdf

    pdf.warm_up()


def _pdf_job(html: str, target: Path, options: dict[str, object]) -> float:
    from pipeline.render.pdf import render_pdf

    start = time.perf_counter()
    write_atomic(target, render_pdf(html, **options))  # type: ignore[arg-type]
    return time.perf_counter() - start


class _InlineExecutor(Executor):
    """Runs jobs in this process; used for one-off builds without a pool and in tests."""

    def submit(self, fn: Callable[..., object], /, *args: object, **kwargs: object) -> Future:  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future


def _noop() -> None:
    return None


def pdf_pool(workers: int | None = None) -> Executor:
    """A fork-based pool whose workers pre-import weasyprint (start it as early as possible).

    With fork, the executor launches all workers at the first submit, so we submit a no-op
    right away: the workers then warm up while the caller loads and validates YAML.
    """
    workers = workers or min(2, os.cpu_count() or 1)
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_worker)
    pool.submit(_noop)
    return pool


def inline_executor() -> Executor:
    return _InlineExecutor()


# ------------------------------------------------------------------ building


def _pdf_options(loaded: LoadedDossier, doc: Document) -> dict[str, object]:
    d = loaded.dossier
    return {
        "base_url": TEMPLATES,
        "allowed_roots": [TEMPLATES, loaded.folder.resolve()],
        "title": f"{doc.titel} – {d.arrangement.naam}",
        "author": d.aanvrager.naam,
        "subject": f"{d.aanvraagronde.naam}: {d.arrangement.naam}",
        "keywords": ["onderwijszorgarrangement", doc.id, d.arrangement.soort],
        "attachment": loaded.source.path.resolve(),
    }


def build_loaded(
    loaded: LoadedDossier,
    *,
    executor: Executor,
    output_root: Path = BUILD_ROOT,
    only: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
) -> BuildResult:
    """Render the wanted documents of an already validated dossier."""
    from pipeline.render.docx import render_docx
    from pipeline.render.html import render_html

    start = time.perf_counter()
    out_dir = output_folder(loaded, output_root)
    result = BuildResult(naam=loaded.naam, output=out_dir)
    wanted, result.skipped = documents_for(loaded)
    if only is not None:
        only = set(only)
        wanted = [d for d in wanted if d.id in only]
    formats = tuple(formats)

    pending: list[tuple[Document, Path, Future]] = []
    if "pdf" in formats:
        for doc in wanted:  # HTML first: the workers can start while we do the DOCX
            target = out_dir / f"{doc.bestandsnaam}.pdf"
            try:
                html = render_html(loaded, doc.id)
            except DossierError as exc:
                result.errors.append(f"{target.name}: {exc}")
                continue
            pending.append((doc, target, executor.submit(_pdf_job, html, target, _pdf_options(loaded, doc))))

    if "docx" in formats:
        for doc in wanted:
            target = out_dir / f"{doc.bestandsnaam}.docx"
            t0 = time.perf_counter()
            try:
                write_atomic(target, render_docx(loaded, doc.id))
            except DossierError as exc:
                result.errors.append(f"{target.name}: {exc}")
                continue
            result.rendered.append(Rendered(doc, "docx", target, time.perf_counter() - t0))

    for doc, target, future in pending:
        try:
            seconds = future.result()
        except DossierError as exc:
            result.errors.append(f"{target.name}: {exc}")
            continue
        result.rendered.append(Rendered(doc, "pdf", target, float(seconds)))

    result.seconds = time.perf_counter() - start
    return result


def build_dossier(folder: Path, *, executor: Executor, output_root: Path = BUILD_ROOT,
                  only: Iterable[str] | None = None, formats: Iterable[str] = FORMATS) -> BuildResult:
    """Load, validate and render one dossier folder (raises InvalidDossier on bad input)."""
    return build_loaded(load_dossier(folder), executor=executor, output_root=output_root,
                        only=only, formats=formats)
