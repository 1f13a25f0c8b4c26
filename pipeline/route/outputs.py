"""The route's own outputs in ``build/<naam>/``, for the one pipeline (``pipeline.steps``):
the calendar, the zip's checklist without progress, and the sent bundle kept on a fresh build folder."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.cache import BuildCache
from pipeline.check.checklist import checklist_pdf_options, render_checklist_html
from pipeline.output import write_if_changed
from pipeline.render.pool import pdf_job
from pipeline.route import BUNDLE_CHECKLIST, ICS_NAME
from pipeline.route.progress import Voortgang
from pipeline.route.view import RouteView, route_view
from pipeline.validate import LoadedDossier


def keep_first_bundle(out_dir: Path, sent_on: date, answers: bytes) -> str:
    """No zip existed when progress first said "sent" (a fresh build folder): keep the one this
    run made from the same answers, and say that it is a rebuilt copy."""
    from pipeline.route.sent import keep_sent_bundle, sent_state

    keep_sent_bundle(out_dir, sent_on)
    sent = sent_state(out_dir, sent_on, answers)
    return sent.message + " (opnieuw gemaakt: er was geen eerdere bundel)" if sent else ""


def write_calendar(out_dir: Path, route: RouteView) -> Path | None:
    """``termijnen.ics`` from the route; none (and an old one removed) when voortgang.yaml is invalid."""
    from pipeline.route.ics import calendar_bytes

    target = out_dir / ICS_NAME
    if route.route is None:
        target.unlink(missing_ok=True)
        return None
    write_if_changed(target, calendar_bytes(route.route))
    return target


def bundle_checklist(loaded: LoadedDossier, checked: Any, route: RouteView, cache: BuildCache, executor: Executor,
                     *, force: bool, key: Callable[[LoadedDossier, str], str]) -> Path | None:
    """The checklist for the zip: the one beside it, unless progress was recorded; then the same
    checklist with the route as it stood without progress, so recording a step changes no zip."""
    if not route.recorded:
        return None
    bare = route_view(loaded, today=checked.today, voortgang=Voortgang())
    html = render_checklist_html(loaded, checked.findings, today=checked.today, route=bare)
    digest = key(loaded, html)
    target = cache.out_dir / BUNDLE_CHECKLIST
    if force or not cache.fresh(BUNDLE_CHECKLIST, digest):
        cache.forget(BUNDLE_CHECKLIST)
        executor.submit(pdf_job, html, target, checklist_pdf_options(loaded)).result()
        cache.record(BUNDLE_CHECKLIST, digest)
    return target
