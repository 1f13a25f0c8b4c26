"""One run for one dossier, in named stages: read → check → render → checklist → bundle → record.

Read this first. ``dossier build`` (one dossier or many), ``dossier check``, watch mode and
the preview all call ``run``; a caller leaves stages out by what it asks (``Ask``), never by
calling into the middle of one. Each stage takes typed inputs and returns a typed result:

- read (``read``): what was sent is kept first (``archive.keep``), then dossier.yaml and the route;
- check (``check.engine``): every DUO, Achterhoek and privacy rule on the answers;
- render (``render.documents``): the documents whose inputs changed, PDFs laid out in workers;
- checklist (``check.checklist``): the checklist, with any document that could not be made;
- bundle (``bundle``): the zips, only for a ready dossier whose documents are all current;
- record (``record``): the calendar, what no longer holds withdrawn, the run remembered.

When nothing changed since the last complete run (same inputs, same day), nothing is parsed
or rendered. A run that fails or is interrupted leaves no zip and no checklist behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.exceptions import KeepError
from pipeline.paths import BUILD_ROOT, DOCUMENT_FORMATS, Places
from pipeline.record import Run

__all__ = ["Ask", "Run", "run"]

if TYPE_CHECKING:  # the stages are imported when a run needs them, not by the light CLI
    from pipeline.documents import Document


@dataclass(frozen=True, slots=True)
class Ask:
    """What a caller wants of a run: which stages, which documents, which formats."""

    check: bool = True  # check and checklist (with render: the bundle too)
    render: bool = True  # the documents
    formats: tuple[str, ...] = DOCUMENT_FORMATS
    only: tuple[str, ...] | None = None  # document ids (None: all of the route)
    force: bool = False  # render even what is current
    checklist_pdf: bool = True

    @property
    def everything(self) -> bool:
        """A whole run: only that is remembered, and only that may be skipped when nothing changed."""
        return (self.check and self.render and set(self.formats) == set(DOCUMENT_FORMATS)
                and self.only is None and self.checklist_pdf)


def run(
    folder: Path,
    *,
    executor: Executor,
    output_root: Path = BUILD_ROOT,
    today: date | None = None,
    ask: Ask = Ask(),
    on_html: Callable[[Document, str], None] | None = None,
) -> Run:
    """Run the stages ``ask`` wants for the dossier in ``folder``; raise ``DossierError`` (after
    withdrawing every verdict) when it cannot be read. ``on_html``: each document's HTML before its
    PDF is laid out (the preview)."""
    from pipeline.bundle.zips import bundle_stage
    from pipeline.cache import OutputCache
    from pipeline.check.checklist import write_checklist
    from pipeline.check.engine import check_dossier
    from pipeline.read.stage import read_dossier
    from pipeline.record import record_stage, remembered_run, withdraw
    from pipeline.render.documents import render_documents

    start = time.perf_counter()
    places = Places.of(folder, output_root)
    today = today or date.today()
    try:
        read = read_dossier(places, today=today, skip_unchanged=ask.everything and not ask.force)
        if read.loaded is None or read.route is None:  # nothing changed since the last complete run
            assert read.last is not None
            return remembered_run(places, read.last, read.notes, seconds=time.perf_counter() - start)
        cache = OutputCache(places.out)
        checked = check_dossier(read.loaded, today=today, readings=places.readings) if ask.check else None
        rendering = render_documents(read.loaded, places, executor=executor, cache=cache, only=ask.only,
                                     formats=ask.formats, force=ask.force, dry=not ask.render, on_html=on_html)
        checklist = write_checklist(checked, read.route, places, executor=executor, cache=cache,
                                    rendering=rendering, force=ask.force, pdf=ask.checklist_pdf) if checked else None
        bundled = bundle_stage(read.loaded, places, checklist.checked if checklist else None, rendering.wait(),
                               make=ask.render)
        done = record_stage(places, cache, read=read, checklist=checklist, rendering=rendering, bundled=bundled,
                            remember=ask.everything)
    except KeepError:  # what was sent could not be kept: DUO's zip may be its only copy
        withdraw(places, keep=[places.bundle("duo")], calendar=True)
        raise
    except BaseException:
        withdraw(places, calendar=True)  # invalid, or interrupted: nothing may still say "klaar"
        raise
    done.seconds = time.perf_counter() - start
    return done
