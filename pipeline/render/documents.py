"""The render stage: a validated dossier → its documents in ``build/<naam>/`` (DOCX and PDF).

Word documents render in this process (docxtpl is quick); PDFs go to a small pool of forked
workers that imported weasyprint while we were still loading YAML and rendering DOCX,
because weasyprint's import and layout dominate the time. The stage returns at once with
the PDFs still being laid out (``Rendering.wait``), so the checklist is made meanwhile.

A document is rendered again only when what it shows changed (``document_key``): editing
an answer that only the projectplan shows leaves the other documents' files, bytes and
modification times alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.cache import OutputCache, code_fingerprint, file_digest
from pipeline.dates import build_date
from pipeline.documents import DOCUMENTEN, Document, documents_for
from pipeline.exceptions import DossierError, RenderError
from pipeline.output import remove, write_atomic
from pipeline.paths import DOCUMENT_FORMATS, Places
from pipeline.read.validate import LoadedDossier
from pipeline.render.answers_yaml import canonical_answers
from pipeline.render.context import document_metadata
from pipeline.render.pdf import PdfOptions, pdf_options
from pipeline.render.pool import pdf_job, submit_pinned
from pipeline.render.version import shown
from pipeline.templates import dependencies

FORMATS = DOCUMENT_FORMATS


@dataclass(frozen=True, slots=True)
class Rendered:
    """One output file that was written, and how long it took."""

    document: Document
    fmt: str
    path: Path
    seconds: float
    laid_out: bool = True  # a PDF whose HTML a worker had seen reuses its layout


@dataclass(slots=True)
class Rendering:
    """What the render stage did; the PDFs may still be laid out until ``wait``."""

    naam: str
    output: Path
    rendered: list[Rendered] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # up to date: not rewritten
    skipped: list[tuple[Document, str]] = field(default_factory=list)  # (document, reason)
    errors: list[RenderError] = field(default_factory=list)
    seconds: float = 0.0
    current: bool = False  # every document of the route, in both formats, is made from these inputs
    dry: bool = False  # nothing was to be rendered: the stage only looked
    pending: list[tuple[Document, Path, str, Future[Any]]] = field(default_factory=list, repr=False)
    cache: OutputCache | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def wait(self) -> Rendering:
        """Until every PDF is laid out and recorded; safe to call twice."""
        pending, self.pending = self.pending, []
        for doc, target, key, future in pending:
            try:
                seconds, laid_out = future.result()
            except DossierError as exc:
                self.errors.append(RenderError.of(target, exc))
                continue
            if self.cache is not None:
                self.cache.record(target.name, key, seconds=float(seconds))
            self.rendered.append(Rendered(doc, "pdf", target, float(seconds), laid_out=bool(laid_out)))
        self.current = self.current and not self.errors
        return self

    def __getstate__(self) -> dict[str, Any]:  # crosses to the batch's parent: no futures, no cache
        self.wait()
        return {name: getattr(self, name) for name in self.__slots__ if name not in ("pending", "cache")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self.pending, self.cache = [], None


def document_key(loaded: LoadedDossier, doc: Document, fmt: str, data: dict[str, Any] | None = None) -> str:
    """What one output file is made of: what its document shows (``render.version``), the day it says
    it was made, its templates and styles, the tool."""
    made = build_date().date().isoformat()
    digest = hashlib.sha256(f"{code_fingerprint()}\0{doc.id}\0{fmt}\0{made}\0".encode())
    templates = dependencies(doc.id, fmt, loaded.folder)
    data = data if data is not None else loaded.dossier.model_dump(exclude_none=True)
    digest.update(shown(loaded, doc, templates, data))
    for path in templates:
        digest.update(str(path).encode() + b"\0" + file_digest(path))
    return digest.hexdigest()


def document_pdf_options(loaded: LoadedDossier, doc: Document) -> PdfOptions:
    """A document's PDF carries the answers it was made from: those it shows, nothing more."""
    return pdf_options(loaded, document_metadata(loaded.dossier, doc),
                       answers=canonical_answers(loaded.dossier, doc.id), from_word=True)


def render_documents(
    loaded: LoadedDossier,
    places: Places,
    *,
    executor: Executor,
    cache: OutputCache,
    only: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    force: bool = False,
    dry: bool = False,
    on_html: Callable[[Document, str], None] | None = None,
) -> Rendering:
    """Render the wanted documents of a validated dossier; their PDFs are laid out meanwhile.

    A document whose key (``document_key``) is unchanged since it was written is not rendered
    again (``force`` overrides); its file keeps its bytes and mtime. ``dry``: render nothing,
    only say whether every document is current (``dossier check``, for the zips). ``on_html``
    receives each document's HTML the moment it exists, before its PDF is laid out.
    """
    from pipeline.render.docx import render_word
    from pipeline.render.html import render_html

    start = time.perf_counter()
    result = Rendering(naam=loaded.naam, output=places.out, cache=cache, dry=dry)
    wanted, result.skipped = documents_for(loaded)
    asked = {d.id for d in wanted} if only is None else set(only)
    formats = tuple(formats)
    for doc, _reason in result.skipped if not dry else ():  # the other route's documents: no longer made
        for fmt in FORMATS:
            remove(places.document(doc.bestandsnaam, fmt))
            cache.forget(places.document(doc.bestandsnaam, fmt).name)
    todo: dict[Document, dict[str, tuple[Path, str]]] = {}  # document → format → (target, key)
    stale = False  # a document not asked for (``only``, ``formats``, ``dry``) is not current
    data = loaded.dossier.model_dump(exclude_none=True)
    for doc in wanted:
        for fmt in FORMATS:
            target = places.document(doc.bestandsnaam, fmt)
            key = document_key(loaded, doc, fmt, data)
            fresh = not force and cache.fresh(target.name, key)
            if doc.id not in asked or fmt not in formats or dry:
                stale = stale or not fresh
            elif fresh:
                result.unchanged.append(target)
            else:
                cache.forget(target.name)  # until it is written again
                todo.setdefault(doc, {})[fmt] = (target, key)
    result.current = not stale

    # One Word rendering per document feeds both outputs: its HTML goes to the PDF workers
    # first (they lay out while this process writes the DOCX and renders the next one).
    for doc, outputs in todo.items():
        t0 = time.perf_counter()
        open_targets = [target for target, _key in outputs.values()]  # not yet written, pending or failed
        try:
            word = render_word(loaded, doc.id)
            if "pdf" in outputs:
                target, key = outputs["pdf"]
                open_targets.remove(target)
                try:  # the stylesheet is the PDF's alone: its problem must not stop the DOCX
                    html = render_html(loaded, doc.id, word=word)
                except DossierError as exc:
                    result.errors.append(RenderError.of(target, exc))
                else:
                    if on_html is not None:  # the preview's page: the header on screen, not as margin boxes
                        on_html(doc, render_html(loaded, doc.id, word=word, preview=True))
                    future = submit_pinned(executor, DOCUMENTEN.index(doc), pdf_job, html, target,
                                           document_pdf_options(loaded, doc))
                    result.pending.append((doc, target, key, future))
            if "docx" in outputs:
                target, key = outputs["docx"]
                write_atomic(target, word.docx_bytes())
                open_targets.remove(target)
                cache.record(target.name, key)
                result.rendered.append(Rendered(doc, "docx", target, time.perf_counter() - t0))
        except DossierError as exc:
            result.errors.extend(RenderError.of(target, exc) for target in open_targets)
    result.current = result.current and not result.errors
    result.seconds = time.perf_counter() - start
    return result
