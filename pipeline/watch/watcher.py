"""The watch loop: file events in, debounced batches out, one build thread, warm process.

watchdog's observer thread only records *what* to rebuild (via ``filter`` and ``deps``)
and wakes the build thread. The build thread waits until events have been quiet for a
moment (one editor save fires several events; a write may still be going on unless the
file was just closed or renamed into place), then rebuilds the batch with the same
build function as ``dossier build``. Only one build runs at a time, so outputs and the
preview never see two builds interleave; outputs are written atomically by the build,
so a failed build leaves the last good files in place.
"""

from __future__ import annotations

import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchdog.events import FileAttribEvent, FileClosedEvent, FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from pipeline.documents import BY_ID, DOCUMENTEN, documents_for
from pipeline.exceptions import DossierError, RenderError
from pipeline.paths import DOCUMENT_FORMATS as FORMATS
from pipeline.read.validate import LoadedDossier
from pipeline.render.documents import Rendered
from pipeline.render.pool import pdf_pool
from pipeline.run import Ask, Run, run
from pipeline.ui import Reporter
from pipeline.watch.deps import Layout, RunCall, Target, affected, run_calls
from pipeline.watch.filter import EventFilter, absolute

DEBOUNCE = 0.1  # seconds of quiet that end a batch while a file may still be half written
SETTLE = 0.02  # after an event that completes a save (close after write, rename into place)
MAX_DELAY = 1.0  # a file written non-stop still gets built this often


@dataclass(slots=True)
class Rebuild:
    """What one rebuild of one dossier did: printed as one line (plus its errors)."""

    dossier: Path
    rendered: list[Rendered] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # the build cache found them up to date
    problem: str | None = None  # the dossier could not be loaded (located YAML errors)
    errors: list[RenderError] = field(default_factory=list)  # outputs that could not be made
    progress: str | None = None  # voortgang.yaml does not validate (the documents do not depend on it)
    notes: list[str] = field(default_factory=list)  # a sent bundle kept or moved
    checklist: bool = False  # the checklist was made (its template changed, or the check's verdict)
    seconds: float = 0.0

    @property
    def naam(self) -> str:
        return self.dossier.name

    @property
    def messages(self) -> list[str]:
        return [self.problem, *map(str, self.errors)] if self.problem else [str(e) for e in self.errors]


@dataclass(slots=True)
class DossierState:
    """What the preview shows of a dossier: its last good load and what is broken now.

    Errors are kept per output file and cleared only when that file is rebuilt, so a
    broken template stays visible while another document's template is being edited.
    """

    loaded: LoadedDossier | None = None
    problem: str | None = None  # the dossier.yaml could not be loaded
    failed: dict[str, str] = field(default_factory=dict)  # output file name → its error
    generation: int = -1  # the batch that last rebuilt (or failed to rebuild) this dossier
    pages: dict[str, str] = field(default_factory=dict)  # document id → the HTML its PDF is made from
    klaar: bool = False  # the verdict of the last check, shown on every preview page
    niveau: str = "niet klaar"  # check.engine.Niveau
    verdict: str = ""
    findings: tuple[Any, ...] = ()
    page_versions: dict[str, int] = field(default_factory=dict)  # document id → times its page was made

    def messages(self) -> list[str]:
        files = [f"{name}: {error}" for name, error in sorted(self.failed.items())]
        return [self.problem, *files] if self.problem else files


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Forked PDF workers inherit a blocked SIGINT, so Ctrl-C reaches only the watcher."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX: no fork pool either
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def warm_pdf_pool() -> Executor:
    """The build's pre-warmed PDF pool (weasyprint imported once per worker, for good)."""
    with _sigint_blocked():
        return pdf_pool()


def describe(rendered: Iterable[Rendered]) -> str:
    """``aanvraaggegevens, projectplan (docx+pdf); samenwerkingsovereenkomst (pdf)``."""
    formats: dict[str, set[str]] = {}
    for item in rendered:
        formats.setdefault(item.document.id, set()).add(item.fmt)
    groups: dict[str, list[str]] = {}
    for doc in DOCUMENTEN:
        if doc.id in formats:
            label = "+".join(f for f in FORMATS if f in formats[doc.id])
            groups.setdefault(label, []).append(doc.id)
    return "; ".join(f"{', '.join(docs)} ({label})" for label, docs in groups.items())


class _Handler(FileSystemEventHandler):
    def __init__(self, on_event: Callable[[FileSystemEvent], None]) -> None:
        self.on_event = on_event

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.on_event(event)


class Watcher:
    """Observes the dossiers and templates of a ``Layout`` and keeps ``output_root`` current.

    ``generation`` counts finished batches; the preview server waits on it
    (``wait_for_generation``) to tell open pages to reload.
    """

    def __init__(
        self,
        layout: Layout,
        *,
        output_root: Path,
        out: Reporter,
        executor: Executor | None = None,
        debounce: float = DEBOUNCE,
        settle: float = SETTLE,
    ) -> None:
        self.layout = layout
        self.output_root = output_root
        self.out = out
        self.debounce = debounce
        self.settle = settle
        self.executor = executor if executor is not None else warm_pdf_pool()
        self._owns_executor = executor is None
        self.filter = EventFilter(layout.watched_roots(), ignored_roots=[output_root])
        self.states: dict[Path, DossierState] = {}
        self.generation = 0  # number of finished batches; pages compare it to know they are stale
        self.page_updates = 0  # preview pages made ready (they come before their batch finishes)
        self._cond = threading.Condition()
        self._pending: set[Target] = set()
        self._last_event = 0.0
        self._quiet = debounce  # how long the latest event asks to wait for more
        self._building = False
        self._stopping = False
        self._observer = Observer()
        self._thread = threading.Thread(target=self._loop, name="dossier-build", daemon=True)

    # ------------------------------------------------------------------ lifecycle

    def start(self, *, initial_build: bool = True) -> None:
        """Build everything once (so outputs and preview are current), then watch."""
        handler = _Handler(self._on_event)
        for root in self.layout.watched_roots():
            self._observer.schedule(handler, str(root), recursive=True)
        self._observer.start()  # first, so a save during the initial build is not lost
        if initial_build:
            self.rebuild({Target(d, doc.id, fmt) for d in self.layout.dossiers() for doc in DOCUMENTEN
                          for fmt in FORMATS})
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._observer.stop()
        if self._thread.is_alive():
            self._thread.join()
        if self._observer.is_alive():
            self._observer.join()
        if self._owns_executor:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def wait_for_generation(self, seen: int, timeout: float) -> int:
        """Block until a batch newer than ``seen`` finished or a preview page was made ready
        (or timeout); the current generation."""
        with self._cond:
            updates = self.page_updates
            self._cond.wait_for(lambda: self.generation > seen or self.page_updates > updates or self._stopping,
                                timeout=timeout)
            return self.generation

    # ------------------------------------------------------------------ what the preview is handed

    def dossiers(self) -> list[Path]:
        return self.layout.dossiers()

    def state(self, dossier: Path) -> DossierState:
        return self.states.get(dossier, DossierState())

    def render_page(self, loaded: LoadedDossier, document_id: str) -> str:
        """A document's page as the build makes it (when the build has not made it yet)."""
        from pipeline.render.html import render_html

        return render_html(loaded, document_id, preview=True)

    def _page_ready(self, dossier: Path, document: str, html: str) -> None:
        """A document's HTML exists: the preview can show it while its PDF is still laid out."""
        with self._cond:
            state = self.states.setdefault(dossier, DossierState())
            state.pages[document] = html
            # Only this document's open pages reload now (the others' HTML is not ready yet);
            # the end of the batch (``generation``) reloads every page of the dossier once more.
            state.page_versions[document] = state.page_versions.get(document, 0) + 1
            self.page_updates += 1
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> None:
        """Block while a batch is pending or building, so nobody sees a build half done."""
        with self._cond:
            self._cond.wait_for(lambda: not (self._building or self._pending) or self._stopping, timeout=timeout)

    @property
    def stopping(self) -> bool:
        return self._stopping

    # ------------------------------------------------------------------ events → batches

    def _on_event(self, event: FileSystemEvent) -> None:
        targets: set[Target] = set()
        changed = self.filter.changed_paths(event)
        for path in changed:
            targets |= affected(path, self.layout)
        if targets:
            with self._cond:
                self._pending |= targets
                self._last_event = time.monotonic()
                self._quiet = self.settle if self._completes_save(event, changed) else self.debounce
                self._cond.notify_all()

    @staticmethod
    def _completes_save(event: FileSystemEvent, changed: list[Path]) -> bool:
        """Whether the file is whole now: written and closed, renamed into place, or touched.

        Such an event ends a save, so a short settle suffices; after a write, create or
        delete more may follow (a truncate before the write, vim moving the original away
        before writing the new one), so the full debounce applies.
        """
        if isinstance(event, FileClosedEvent | FileAttribEvent):
            return True
        return event.event_type == "moved" and not event.is_directory and absolute(event.dest_path) in changed

    def _next_batch(self) -> set[Target] | None:
        """Wait for events, then for ``debounce`` seconds without new ones; None when stopping."""
        with self._cond:
            self._cond.wait_for(lambda: self._pending or self._stopping)
            first = time.monotonic()
            while not self._stopping:
                deadline = min(self._last_event + self._quiet, first + MAX_DELAY)
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(timeout=left)
            if self._stopping:
                return None
            batch, self._pending = self._pending, set()
            self._building = True
            return batch

    def _loop(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                self.rebuild(batch)
            except Exception:  # a bug must not end watch mode: show it and keep watching
                self.out.error(traceback.format_exc().rstrip())

    # ------------------------------------------------------------------ building

    def rebuild(self, targets: set[Target]) -> list[Rebuild]:
        """Rebuild exactly these outputs, one dossier after the other; report each."""
        outcomes = []
        try:
            for dossier, calls in run_calls(targets).items():
                outcome = self._rebuild_dossier(dossier, calls)
                if outcome.rendered or outcome.unchanged or outcome.messages or outcome.notes or outcome.checklist:
                    self.states[dossier].generation = self.generation + 1
                    self._report(outcome)
                    outcomes.append(outcome)
        finally:
            with self._cond:
                self._building = False
                self.generation += 1
                self._cond.notify_all()
        return outcomes

    def _rebuild_dossier(self, dossier: Path, calls: list[RunCall]) -> Rebuild:
        """The one run (read, check, render, checklist, bundle, record) for what changed."""
        start = time.perf_counter()
        outcome = Rebuild(dossier)
        state = self.states.setdefault(dossier, DossierState())
        for call in calls:
            try:
                done = self._run(dossier, call)
            except DossierError as exc:  # the run withdrew every verdict; the documents stay
                outcome.problem = state.problem = str(exc)
                state.klaar, state.niveau = False, "niet klaar"
                state.verdict = "niet klaar: het dossier is niet geldig"
                break
            assert done.read is not None  # a run that did not raise has read the dossier
            state.loaded, state.problem = done.read.loaded, None
            needed = {doc.id for doc in documents_for(done.read.loaded)[0]}  # a page of a document no
            state.pages = {d: page for d, page in state.pages.items() if d in needed}  # longer needed goes
            rendering = done.rendering
            if rendering is not None:
                outcome.rendered += rendering.rendered
                outcome.unchanged += rendering.unchanged
            outcome.errors += done.errors
            for doc in call.only:
                for fmt in call.formats:
                    state.failed.pop(BY_ID[doc].bestand(fmt), None)
            for error in done.errors:
                state.failed[error.output] = error.message
            state.klaar, state.niveau, state.verdict = done.klaar, done.niveau, done.verdict
            state.findings = done.findings
            outcome.progress = done.progress_problem
            outcome.notes += done.notes
            outcome.checklist = outcome.checklist or bool(done.checklist)
        outcome.seconds = time.perf_counter() - start
        return outcome

    def _run(self, dossier: Path, call: RunCall) -> Run:
        """``run`` with the warm pool; a pool whose worker died (killed, out of memory) is started anew once."""
        for attempt in (1, 2):
            try:
                return run(dossier, executor=self.executor, output_root=self.output_root,
                           ask=Ask(only=call.only, formats=call.formats),
                           on_html=lambda doc, html: self._page_ready(dossier, doc.id, html))
            except BrokenProcessPool:
                if attempt == 2 or not self._owns_executor:
                    raise
                self.executor.shutdown(wait=False, cancel_futures=True)
                self.executor = warm_pdf_pool()
        raise AssertionError("unreachable")

    def _report(self, outcome: Rebuild) -> None:
        clock = time.strftime("%H:%M:%S")
        ms = f"{outcome.seconds * 1000:.0f} ms"
        if outcome.rendered:
            reused = [r.document.id for r in outcome.rendered if r.fmt == "pdf" and not r.laid_out]
            note = f" (opmaak hergebruikt: {', '.join(reused)})" if reused else ""
            self.out.info(f"{clock} {outcome.naam}: {describe(outcome.rendered)}{note} — {ms}")
        elif not outcome.messages and not outcome.unchanged and outcome.checklist:
            self.out.info(f"{clock} {outcome.naam}: controlelijst — {ms}")
        elif not outcome.messages:
            self.out.info(f"{clock} {outcome.naam}: ongewijzigd — {ms}")
        if outcome.messages:
            self.out.error(f"{clock} {outcome.naam}: mislukt — de laatste goede bestanden blijven staan — {ms}")
        if outcome.problem:
            self.out.error(outcome.problem)  # exactly as `dossier build` shows it
        for error in outcome.errors:
            self.out.error(f"  ✗ {error}")
        if outcome.progress:
            self.out.error(outcome.progress)  # as `dossier build` says it
        for note in outcome.notes:
            self.out.info(f"{clock} {outcome.naam}: {note}")
