"""The PDF worker pool: forked processes that import weasyprint before work arrives.

Deliberately light on imports (no pydantic, no docxtpl): the CLI creates the pool as its
very first act, so the workers' ≈0.4 s weasyprint import overlaps everything the main
process still has to load and do (YAML, validation, DOCX).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
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


def _warm_worker() -> None:
    """Pay weasyprint's import and font setup once per worker, before work arrives."""
    _die_with_parent()
    from pipeline.render import pdf

    pdf.warm_up()


def pdf_job(html: str, target: Path, options: PdfOptions) -> float:
    """Render one PDF and write it atomically; returns the seconds it took."""
    from pipeline.output import write_atomic
    from pipeline.render.pdf import render_pdf

    start = time.perf_counter()
    write_atomic(target, render_pdf(html, options))
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


def inline_executor() -> Executor:
    return _InlineExecutor()


def _noop() -> None:
    return None


class PdfPool(Executor):
    """A fork-based pool whose workers pre-import weasyprint from the moment it is created.

    With fork, the executor launches all workers at the first submit, so a no-op goes in
    right away: the workers warm up while the caller loads YAML and renders DOCX. When a
    build turns out to need no PDF at all (everything cached), the still-warming workers
    are stopped instead of waited for, so a no-op build stays fast.
    """

    def __init__(self, workers: int | None = None) -> None:
        workers = workers or min(2, os.cpu_count() or 1)
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_worker)
        self._pool.submit(_noop)
        self._used = False

    def submit(self, fn: Callable[..., object], /, *args: object, **kwargs: object) -> Future:  # type: ignore[override]
        self._used = True
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if not self._used:
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def pdf_pool(workers: int | None = None) -> Executor:
    """Start the PDF workers now (see PdfPool); call as early as possible."""
    return PdfPool(workers)
