"""The PDF worker pool: forked processes that import weasyprint before work arrives.

Deliberately light on imports (no pydantic, no docxtpl): the CLI creates the pool as its
very first act, so the workers' ≈0.4 s weasyprint import overlaps everything the main
process still has to load and do (YAML, validation, DOCX).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.render.pdf import PdfOptions


def _die_with_parent() -> None:
    """On Linux, ask the kernel to stop this worker when its parent dies (even by SIGKILL),
    so a killed `dossier build` or `dossier watch` never leaves PDF workers behind."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# gen0 collects after this many new objects (Python's default: 700); see tune_gc
GC_THRESHOLDS = (50_000, 20, 10)


def tune_gc() -> None:
    """Far fewer garbage collections in a process that lays out PDFs.

    weasyprint allocates millions of small objects per PDF. With Python's default
    thresholds the collector ran ≈230 times per dossier, each time also walking what lives
    for the whole process (modules, fonts, kept layouts): ≈15 % of a batch worker's CPU.
    What exists now is frozen out of collection, and the young generation waits for
    ``GC_THRESHOLDS[0]`` new objects. Collections still run (the cycles a PDF leaves behind
    are freed), so memory stays bounded; ``make bench`` shows the gain.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _warm_worker() -> None:
    """Pay weasyprint's import and font setup once per worker, before work arrives."""
    _die_with_parent()
    from pipeline.render import pdf

    pdf.warm_up()
    tune_gc()


def batch_worker(makes_pdf: bool) -> None:
    """A batch worker (whole dossiers, ``dossier build`` of several): weasyprint imported
    and the collector tuned before the first dossier; no layouts kept, because no two
    documents of a batch have the same HTML (keeping them only fed the collector)."""
    if makes_pdf:
        from pipeline.render import pdf

        pdf.warm_up()
        pdf.keep_layouts(0)
    tune_gc()


def pdf_job(html: str, target: Path, options: PdfOptions) -> tuple[float, bool]:
    """Render one PDF and write it atomically; returns the seconds it took and whether it had
    to be laid out (a worker keeps the layout of HTML it has seen: ``render.pdf._layout``)."""
    from pipeline.output import write_atomic
    from pipeline.render import pdf

    start = time.perf_counter()
    write_atomic(target, pdf.render_pdf(html, options))
    return time.perf_counter() - start, pdf.last_render_laid_out


class _InlineExecutor(Executor):
    """Runs jobs in this process; used for one-off builds without a pool and in tests."""

    def submit(self, fn: Callable[..., object], /, *args: object, **kwargs: object) -> Future:  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future


def inline_executor() -> Executor:
    return _InlineExecutor()


def _noop() -> None:
    return None


class PdfPool(Executor):
    """Fork-based PDF workers that pre-import weasyprint from the moment they are created.

    One single-process executor per worker, so a document can be pinned to "its" worker
    (``submit_pinned``): that worker keeps the document's layout, and an edit that leaves
    the document's HTML unchanged costs no new layout. Other jobs go to the least busy
    worker. With fork, a worker starts at its first submit, so a no-op goes in right away:
    the workers warm up while the caller loads YAML and renders DOCX. When a build turns out
    to need no PDF at all, the still-warming workers are stopped instead of waited for.
    """

    def __init__(self, workers: int | None = None) -> None:
        workers = workers or min(2, os.cpu_count() or 1)
        context = multiprocessing.get_context("fork")
        self._slots = [ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_warm_worker)
                       for _ in range(workers)]
        self._busy = [0] * workers
        self._lock = threading.Lock()
        for slot in self._slots:
            slot.submit(_noop)
        self._used = False

    def _submit_to(self, index: int, fn: Callable[..., object], *args: object, **kwargs: object) -> Future:
        self._used = True
        with self._lock:
            self._busy[index] += 1
        future = self._slots[index].submit(fn, *args, **kwargs)

        def done(_: Future) -> None:
            with self._lock:
                self._busy[index] -= 1

        future.add_done_callback(done)
        return future

    def submit(self, fn: Callable[..., object], /, *args: object, **kwargs: object) -> Future:  # type: ignore[override]
        with self._lock:
            index = min(range(len(self._slots)), key=self._busy.__getitem__)
        return self._submit_to(index, fn, *args, **kwargs)

    def submit_pinned(self, key: int, fn: Callable[..., object], /, *args: object, **kwargs: object) -> Future:
        """Always the same worker for the same ``key`` (a document's place in the dossier)."""
        return self._submit_to(key % len(self._slots), fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        for slot in self._slots:
            if not self._used:
                for process in list(getattr(slot, "_processes", {}).values()):
                    process.terminate()
            slot.shutdown(wait=wait, cancel_futures=cancel_futures)


def submit_pinned(executor: Executor, key: int, fn: Callable[..., object], /, *args: object) -> Future:
    """``executor.submit_pinned`` where the executor has one (the PDF pool), else ``submit``."""
    pinned = getattr(executor, "submit_pinned", None)
    return pinned(key, fn, *args) if pinned is not None else executor.submit(fn, *args)


def pdf_pool(workers: int | None = None) -> Executor:
    """Start the PDF workers now (see PdfPool); call as early as possible."""
    return PdfPool(workers)
