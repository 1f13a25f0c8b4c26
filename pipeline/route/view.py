"""One dossier's route as every output shows it: the checklist, the preview, the calendar, the status.

Reads ``voortgang.yaml`` (never part of the answers) and, given the dossier's places, the kept
submission; computes, never writes. An invalid voortgang.yaml is not a route: its located
problems are shown instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.bundle.archive import Sent, state
from pipeline.exceptions import InvalidDossier
from pipeline.paths import SIGNED, Places
from pipeline.read.validate import LoadedDossier
from pipeline.route.progress import load_progress
from pipeline.route.route import Route, build_route
from pipeline.ui import plural


@dataclass(frozen=True, slots=True)
class RouteView:
    """The route (or why there is none) and what was sent."""

    route: Route | None
    error: InvalidDossier | None = None  # voortgang.yaml does not validate
    sent: Sent | None = None

    @property
    def problem(self) -> str | None:
        """The located problems as the terminal shows them (paths as the user typed them)."""
        return str(self.error) if self.error else None


def route_view(loaded: LoadedDossier, *, today: date, places: Places | None = None) -> RouteView:
    """The route of ``loaded`` on ``today``, with the progress of its ``voortgang.yaml`` and, given
    ``places``, what was sent (the archive and the build folder)."""
    try:
        progress = load_progress(loaded.folder)
    except InvalidDossier as exc:
        return RouteView(None, error=exc)
    sent_on = progress.voortgang.ingediend_bij_duo
    sent = state(places, sent_on, loaded.source.raw, _attachments(loaded, places)) \
        if places is not None and sent_on is not None else None
    route = build_route(loaded.naam, loaded.dossier, progress.voortgang, today=today,
                        signed_back=_signed_back(loaded.folder))
    return RouteView(route, sent=sent)


def _signed_back(folder: Path) -> bool:
    """Is there a signed copy in ondertekend/ (a PDF by its name; the check reads what it says)?"""
    where = folder / SIGNED
    if where.is_symlink() or not where.is_dir():
        return False
    return any(entry.name.lower().endswith(".pdf") for entry in os.scandir(where))


def _attachments(loaded: LoadedDossier, places: Places) -> dict[str, str] | None:
    """The attachments as the bundle would join them now (None: one cannot be read; the check says why)."""
    from pipeline.bundle.zips import attachment_digests, entries
    from pipeline.exceptions import DossierError

    try:
        return attachment_digests(loaded, entries(loaded, places))
    except DossierError:
        return None


def route_context(view: RouteView, place: Callable[[Path], str]) -> dict[str, Any]:
    """What the checklist template gets as ``route``: the map (SVG, already escaped), the
    next due step, how many steps are late, the submission sentence, or the problems of
    voortgang.yaml, their file named by ``place`` (a document never names a local path)."""
    from markupsafe import Markup

    from pipeline.route.boxes import route_html
    from pipeline.route.svg import map_ident, route_svg

    route = view.route
    next_due = route.next_due if route else None
    return {
        "kaart": Markup(route_svg(route, ident=map_ident(route.naam))) if route else "",
        "kaart_papier": route_html(route) if route else "",  # the same map as HTML: cheap to lay out
        "probleem": "\n".join(str(replace(p, file=Path(place(p.file)))) for p in view.error.problems)
        if view.error else None,
        "volgende": next_due,
        "te_laat": plural(len(route.overdue), "stap is", "stappen zijn") if route and route.overdue else "",
        "ingediend": view.sent.text(local=False) if view.sent else "",
        "afwijkend": bool(view.sent and view.sent.text(local=False).startswith("let op")),
        "opmerkingen": list(route.notes) if route else [],
        "regio": route.regio if route else None,  # None: DUO's route alone (or no route)
    }
