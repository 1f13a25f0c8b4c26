"""The build: one dossier folder → its documents in ``build/<naam>/``.

``build_dossier`` is the single build function; the CLI, ``make dossier`` and watch mode
all call it. Word documents render in this process (docxtpl is quick); PDFs go to a
small pool of forked workers that imported weasyprint while we were still loading YAML
and rendering DOCX, because weasyprint's import and layout dominate the build time.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.cache import BuildCache, code_fingerprint, file_digest
from pipeline.documents import DOCUMENTEN, Document
from pipeline.exceptions import DossierError
from pipeline.output import write_atomic
from pipeline.paths import BUILD_ROOT, output_folder
from pipeline.render.answers_yaml import canonical_answers
from pipeline.render.context import document_metadata
from pipeline.render.pdf import PdfOptions
from pipeline.render.pool import pdf_job, submit_pinned
from pipeline.templates import TEMPLATES, dependencies
from pipeline.validate import LoadedDossier, load_dossier

FORMATS = ("docx", "pdf")


@dataclass(frozen=True, slots=True)
class Rendered:
    """One output file that was written, and how long it took."""

    document: Document
    fmt: str
    path: Path
    seconds: float
    laid_out: bool = True  # a PDF whose HTML a worker had seen reuses its layout


@dataclass(frozen=True, slots=True)
class BuildError:
    """One output that could not be made: which file, why, and the template at fault (if any).

    Carried up as an object (the checklist, the preview and the terminal each show it their
    way); ``str()`` is the terminal line.
    """

    output: str  # the file name in build/<naam>/
    message: str
    template: Path | None = None

    @classmethod
    def of(cls, target: Path, exc: DossierError) -> BuildError:
        return cls(target.name, str(exc), getattr(exc, "template", None))

    def __str__(self) -> str:
        return f"{self.output}: {self.message}"


@dataclass(slots=True)
class BuildResult:
    naam: str
    output: Path
    rendered: list[Rendered] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # up to date: not rewritten
    skipped: list[tuple[Document, str]] = field(default_factory=list)  # (document, reason)
    errors: list[BuildError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def documents_for(loaded: LoadedDossier) -> tuple[list[Document], list[tuple[Document, str]]]:
    """Which documents this dossier needs: the Achterhoek form for a collective arrangement, the
    onderbouwing for the gemeente for an individual one."""
    wanted, skipped = [], []
    for doc in DOCUMENTEN:
        if not doc.geldt_voor(loaded.dossier.arrangement.soort):
            skipped.append((doc, f"alleen voor een {doc.route} arrangement"))
        else:
            wanted.append(doc)
    return wanted, skipped


# ------------------------------------------------------------------ cache


def cache_key(loaded: LoadedDossier, doc: Document, fmt: str) -> str:
    """What a document is made of: the answers, its templates, the tool itself."""
    digest = hashlib.sha256(f"{code_fingerprint()}\0{doc.id}\0{fmt}\0".encode())
    digest.update(loaded.source.raw)
    for path in dependencies(doc.id, fmt, loaded.folder):
        digest.update(str(path).encode() + b"\0" + file_digest(path))
    return digest.hexdigest()


def documents_current(loaded: LoadedDossier, cache: BuildCache) -> bool:
    """Every document of the dossier exists and was made from exactly these inputs (the
    bundle's precondition: watch mode rebuilds only part of a dossier at a time)."""
    wanted, _ = documents_for(loaded)
    return all(cache.fresh(doc.bestand(fmt), cache_key(loaded, doc, fmt)) for doc in wanted for fmt in FORMATS)


# ------------------------------------------------------------------ building


def pdf_options(loaded: LoadedDossier, meta: dict[str, Any], *, answers: bytes | None,
                from_word: bool = False) -> PdfOptions:
    """The fence around what may be read (templates and this dossier's folder), the metadata
    (``render.context.metadata``) and, for the documents, the answers to embed (rewritten from the
    model: no comments, see ``render.answers_yaml``)."""
    return PdfOptions(
        base_url=TEMPLATES,
        allowed_roots=(TEMPLATES, loaded.folder.resolve()),
        title=meta["title"],
        author=meta["author"],
        subject=meta["subject"],
        keywords=tuple(meta["keywords"]),
        attachment=answers,
        attachment_name=loaded.source.path.name,
        from_word=from_word,
    )


def document_pdf_options(loaded: LoadedDossier, doc: Document) -> PdfOptions:
    """A document's PDF carries the answers it was made from: those it shows, nothing more."""
    return pdf_options(loaded, document_metadata(loaded.dossier, doc),
                       answers=canonical_answers(loaded.dossier, doc.id), from_word=True)


def build_loaded(
    loaded: LoadedDossier,
    *,
    executor: Executor,
    output_root: Path = BUILD_ROOT,
    only: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    force: bool = False,
    on_html: Callable[[Document, str], None] | None = None,
    cache: BuildCache | None = None,
    while_laying_out: Callable[[BuildResult], None] | None = None,
) -> BuildResult:
    """Render the wanted documents of an already validated dossier.

    A document whose answers, templates and tool are unchanged since its last build is
    not rendered again (``force`` overrides); its file keeps its bytes and mtime.
    ``on_html`` receives each document's HTML the moment it exists, before its PDF is laid
    out: watch mode shows it in the preview right away.
    """
    from pipeline.render.docx import render_word
    from pipeline.render.html import render_html

    start = time.perf_counter()
    out_dir = output_folder(loaded.folder, output_root)
    result = BuildResult(naam=loaded.naam, output=out_dir)
    wanted, result.skipped = documents_for(loaded)
    if only is not None:
        only = set(only)
        wanted = [d for d in wanted if d.id in only]
    formats = tuple(formats)
    own_cache = cache is None
    cache = cache if cache is not None else BuildCache(out_dir)
    for doc, _reason in result.skipped if out_dir.is_dir() else ():  # the other route's: no longer made
        for fmt in FORMATS:
            (out_dir / doc.bestand(fmt)).unlink(missing_ok=True)
            cache.forget(doc.bestand(fmt))
    todo: dict[Document, dict[str, tuple[Path, str]]] = {}  # document → format → (target, key)
    for doc in wanted:
        for fmt in FORMATS:
            if fmt not in formats:
                continue
            target = out_dir / doc.bestand(fmt)
            key = cache_key(loaded, doc, fmt)
            if not force and cache.fresh(target.name, key):
                result.unchanged.append(target)
            else:
                cache.forget(target.name)  # until it is written again
                todo.setdefault(doc, {})[fmt] = (target, key)

    # One Word rendering per document feeds both outputs: its HTML goes to the PDF workers
    # first (they lay out while this process writes the DOCX and renders the next one).
    pending: list[tuple[Document, Path, str, Future]] = []
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
                    result.errors.append(BuildError.of(target, exc))
                else:
                    if on_html is not None:
                        on_html(doc, html)
                    future = submit_pinned(executor, DOCUMENTEN.index(doc), pdf_job, html, target,
                                           document_pdf_options(loaded, doc))
                    pending.append((doc, target, key, future))
            if "docx" in outputs:
                target, key = outputs["docx"]
                write_atomic(target, word.docx_bytes())
                open_targets.remove(target)
                cache.record(target.name, key)
                result.rendered.append(Rendered(doc, "docx", target, time.perf_counter() - t0))
        except DossierError as exc:
            result.errors.extend(BuildError.of(target, exc) for target in open_targets)
            continue

    if while_laying_out is not None:  # the caller's own work (the checklist) overlaps the PDF layout
        while_laying_out(result)
    for doc, target, key, future in pending:
        try:
            seconds, laid_out = future.result()
        except DossierError as exc:
            result.errors.append(BuildError.of(target, exc))
            continue
        cache.record(target.name, key)
        result.rendered.append(Rendered(doc, "pdf", target, float(seconds), laid_out=bool(laid_out)))

    if own_cache:
        cache.save()
    result.seconds = time.perf_counter() - start
    return result


def build_dossier(folder: Path, *, executor: Executor, output_root: Path = BUILD_ROOT,
                  only: Iterable[str] | None = None, formats: Iterable[str] = FORMATS,
                  force: bool = False) -> BuildResult:
    """Load, validate and render one dossier folder (raises InvalidDossier on bad input)."""
    return build_loaded(load_dossier(folder), executor=executor, output_root=output_root,
                        only=only, formats=formats, force=force)
