"""The record stage: the calendar, what no longer holds withdrawn, and the run remembered.

``withdraw`` is the one rule for outputs that state a verdict (the zips, the checklist): what
this run did not make, or confirm as made from these very inputs, is removed. A dossier that
is not ready has no zip; nothing says "klaar" beside documents that say something else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.cache import OutputCache, output_digest
from pipeline.output import remove, write_if_changed
from pipeline.paths import Places
from pipeline.read.freshness import DOSSIER_KEY, RunRecord
from pipeline.route.view import RouteView

if TYPE_CHECKING:
    from pipeline.bundle.zips import Bundled
    from pipeline.check.checklist import Checklist
    from pipeline.check.engine import CheckResult
    from pipeline.exceptions import RenderError
    from pipeline.read.stage import Read
    from pipeline.render.documents import Rendering


@dataclass(slots=True)
class Run:
    """What one run did; plain data, so it can come back from a worker process."""

    naam: str
    output: Path
    rendering: Rendering | None = None  # None: nothing rendered (nothing changed, or not asked)
    checked: bool = False  # the verdict below is this run's (or the remembered run's)
    unchanged: bool = False  # nothing changed since the last complete run: nothing was done
    klaar: bool = False  # ready to submit: signed by everyone, DUO's zip made
    niveau: str = "niet klaar"  # check.engine.Niveau: niet klaar, klaar om te laten tekenen, … in te dienen
    verdict: str = ""
    reason: str = ""  # not ready: the first error
    findings: tuple[Any, ...] = ()  # the check's, with the render stage's
    checklist: list[Path] = field(default_factory=list)
    bundle: Path | None = None  # DUO's zip
    bundle_reason: str = ""  # why there is none
    calendar: Path | None = None
    sent: str = ""  # what was sent, and whether the answers still match it
    notes: tuple[str, ...] = ()  # a bundle kept or moved by this run
    progress_problem: str | None = None  # voortgang.yaml does not validate
    errors: list[RenderError] = field(default_factory=list)  # outputs that could not be made
    seconds: float = 0.0
    check_result: CheckResult | None = field(default=None, repr=False)  # for ``dossier check``'s report
    read: Read | None = field(default=None, repr=False)  # the dossier as read, for watch mode's preview

    @property
    def ok(self) -> bool:
        return not self.errors and self.progress_problem is None


def write_calendar(places: Places, route: RouteView | None) -> Path | None:
    """``termijnen.ics`` from the route; none (and an old one removed) without a valid route."""
    if route is None or route.route is None:
        remove(places.calendar)
        return None
    from pipeline.route import calendar_memory
    from pipeline.route.ics import calendar

    data, memory = calendar(route.route, calendar_memory.recall(places.folder))
    calendar_memory.remember(places.folder, memory)  # first: a calendar never carries numbers not kept
    write_if_changed(places.calendar, data)
    return places.calendar


def withdraw(places: Places, *, keep: Iterable[Path] = (), calendar: bool = False) -> list[Path]:
    """Remove every zip and checklist in build/<naam>/ except ``keep`` (and, with ``calendar``,
    the calendar: the dossier has no valid route now); the removed files."""
    kept = set(keep)
    doomed = [p for p in places.verdicts if p not in kept] + ([places.calendar] if calendar else [])
    return [p for p in doomed if remove(p)]


def remembered_run(places: Places, last: RunRecord, notes: tuple[str, ...], *, seconds: float) -> Run:
    """Nothing changed since the last complete run: what it said holds, and nothing was done."""
    return Run(places.naam, places.out, checked=True, unchanged=True, klaar=last.klaar, niveau=last.niveau,
               verdict=last.verdict,
               reason=last.reason, checklist=list(places.checklist),
               bundle=places.out / last.bundle if last.bundle else None, bundle_reason=last.bundle_reason,
               calendar=places.calendar if places.calendar.is_file() else None, sent=last.sent, notes=notes,
               seconds=seconds)


def _remember(places: Places, cache: OutputCache, record: RunRecord, outputs: Iterable[Path]) -> None:
    """Save the cache with this complete run's record, naming the bytes of everything it left."""
    files = {p.relative_to(places.out).as_posix(): output_digest(p) for p in outputs if p.is_file()}
    cache.put(DOSSIER_KEY, replace(record, files=dict(sorted(files.items()))).to_json())


def record_stage(places: Places, cache: OutputCache, *, read: Read, checklist: Checklist | None,
                 rendering: Rendering, bundled: Bundled, remember: bool) -> Run:
    """Write the calendar, withdraw what no longer holds, and remember a whole, good run.

    Without the check (documents only), the last verdicts hold only when nothing changed since
    the run that made them (``read.last``)."""
    from pipeline.check.report import first_finding, verdict_line

    assert read.loaded is not None and read.route is not None  # a record stage follows a read dossier

    calendar = write_calendar(places, read.route)
    if checklist is not None:
        keep = [*checklist.files, *bundled.files]
    else:  # not checked: the last verdicts hold only if nothing changed since they were made
        keep = places.verdicts if read.last is not None else []
    withdraw(places, keep=keep)
    checked = checklist.checked if checklist is not None else None
    sent = read.route.sent
    result = Run(
        naam=read.loaded.naam, output=places.out, rendering=None if rendering.dry else rendering,
        checked=checked is not None,
        klaar=bool(checked and checked.ready()), niveau=checked.level() if checked else "niet klaar",
        verdict=verdict_line(checked, strict=False) if checked else "",
        reason=first_finding(checked) if checked else "", findings=checked.findings if checked else (),
        checklist=checklist.files if checklist else [], bundle=bundled.bundle, bundle_reason=bundled.reason,
        calendar=calendar, sent=sent.message if sent else "", progress_problem=read.route.problem,
        errors=[*rendering.errors, *(checklist.errors if checklist else [])], notes=read.notes,
        check_result=checked, read=read,
    )
    if remember and result.ok and not (sent and sent.bundle is None):  # a bundle still to keep: run again
        outputs = [*(r.path for r in rendering.rendered), *rendering.unchanged]
        outputs += [*result.checklist, *bundled.files, *([calendar] if calendar else [])]
        record = RunRecord(read.key, result.klaar, result.verdict, niveau=result.niveau,
                           bundle=bundled.bundle.name if bundled.bundle else None,
                           bundle_reason=result.bundle_reason, reason=result.reason, sent=result.sent)
        _remember(places, cache, record, outputs)
    elif remember or read.last is None:  # the last run's record no longer speaks for these outputs
        cache.forget(DOSSIER_KEY)
    cache.save()
    return result
