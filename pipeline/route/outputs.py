"""The route's own outputs in ``build/<naam>/``, for the one pipeline (``pipeline.steps``):
the calendar and the sent bundle kept on a fresh build folder (the zips hold no checklist, so
recording progress changes no zip)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.output import write_if_changed
from pipeline.route import ICS_NAME
from pipeline.route.view import RouteView


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
