"""``dossier status``: where each dossier stands on its route, what is due next and who acts.

One dossier: its steps (done, late, now, next, later) and the nearest due date. Several: one
table sorted by the nearest due date, so a samenwerkingsverband sees each week which
arrangement waits for whom. Exit code 0, or 1 when a step is late (or a dossier or its
voortgang.yaml does not validate). Nothing is built or written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.dates import datum
from pipeline.exceptions import DossierError
from pipeline.paths import BUILD_ROOT, Places, display_path
from pipeline.read.validate import load_dossier
from pipeline.route.route import GEDAAN, LATER, Route, Step
from pipeline.route.svg import LOOK
from pipeline.route.view import RouteView, route_view
from pipeline.ui import Reporter, plural


@dataclass(frozen=True, slots=True)
class DossierStatus:
    folder: Path
    view: RouteView | None
    error: str | None = None
    niveau: str | None = None  # the last build's verdict, when it still holds for these inputs (None: not known)

    @property
    def route(self) -> Route | None:
        return self.view.route if self.view else None

    @property
    def problem(self) -> str | None:
        return self.error or (self.view.problem if self.view else None)

    def sort_key(self) -> tuple[int, date, str]:
        """Nearest due date first; dossiers without one, then broken ones, last."""
        due = self.route.next_due if self.route else None
        if due is not None and due.termijn is not None:
            return (0, due.termijn, self.folder.name)
        return (1 if self.problem is None else 2, date.max, self.folder.name)


def collect(folders: Iterable[Path], *, today: date, build: Path = BUILD_ROOT) -> list[DossierStatus]:
    """The status of every dossier, sorted by the nearest due date."""
    found = []
    for folder in folders:
        try:
            loaded = load_dossier(folder)
        except DossierError as exc:
            found.append(DossierStatus(folder, None, str(exc)))
            continue
        places = Places.of(loaded.folder, build)
        found.append(DossierStatus(loaded.folder, route_view(loaded, today=today, places=places),
                                   niveau=_last_verdict(places, today)))
    return sorted(found, key=DossierStatus.sort_key)


def _last_verdict(places: Places, today: date) -> str | None:
    """What the last complete build said, if nothing changed since (status builds nothing itself)."""
    from pipeline.read.freshness import dossier_key, remembered

    try:
        record = remembered(places, dossier_key(places.folder, today=today))
    except DossierError:
        return None
    return record.niveau if record else None


def _verdict(s: DossierStatus) -> str:
    return s.niveau or "onbekend: bouw opnieuw (dossier build)"


def _label(step: Step) -> str:
    symbol, word, *_ = LOOK[step.status]
    return f"{symbol} {word}"


def _when(step: Step) -> str:
    if step.status == GEDAAN:
        if step.gedaan:
            return f"op {datum(step.gedaan)}"
        return "volgens het dossier" if step.gedaan_volgens == "dossier" else "(een latere stap is gedaan)"
    return f"uiterlijk {datum(step.termijn)}" if step.termijn else ""


def step_lines(route: Route) -> list[str]:
    """The steps, one line each; evaluations still far off are counted, not listed."""
    lines = []
    later_evaluations = [s for s in route.steps if s.id.startswith("evaluatie-") and s.status == LATER]
    shown_later = later_evaluations[:1]
    for step in route.steps:
        if step in later_evaluations and step not in shown_later:
            continue
        line = f"  {_label(step):<11} {step.titel}"
        extra = [_when(step)] + ([f"wie: {step.wie}"] if step.status != GEDAAN else [])
        extra += [said for said in (step.detail, step.notitie) if said]
        line += " — " + "; ".join(e for e in extra if e) if any(extra) else ""
        lines.append(line)
    if len(later_evaluations) > 1:
        n = len(later_evaluations) - 1
        lines.append(f"  {'':11} … en nog {plural(n, 'evaluatie', 'evaluaties')} tot het einde van de "
                     "overeenkomst (zie termijnen.ics)")
    return lines


def _table(statuses: list[DossierStatus]) -> list[str]:
    rows = [("DOSSIER", "ROUTE", "CONTROLE", "TERMIJN", "STAP", "WIE", "TE LAAT")]
    for s in statuses:
        if s.route is None:
            rows.append((s.folder.name, "–", "–", "–", "ongeldig: zie hieronder", "–", "–"))
            continue
        due = s.route.next_due
        late = len(s.route.overdue)
        rows.append((
            s.folder.name, s.route.soort, s.niveau or "onbekend",
            f"{datum(due.termijn)}{' (!)' if due.status == 'te laat' else ''}" if due and due.termijn else "–",
            _short(due.titel, 56) if due else "geen open termijn", _short(due.wie, 34) if due else "–",
            str(late) if late else "–",
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _summary(route: Route) -> str:
    due = route.next_due
    if due is None:
        return "geen open termijn"
    late = " — TE LAAT" if due.status == "te laat" else ""
    return f"eerstvolgende termijn: {datum(due.termijn)}{late}: {due.titel} (wie: {due.wie})"


def step_dict(step: Step) -> dict[str, Any]:
    return {
        "id": step.id, "titel": step.titel, "status": step.status, "wie": step.wie, "baan": step.baan,
        "gedaan": step.gedaan.isoformat() if step.gedaan else None, "gedaan_volgens": step.gedaan_volgens or None,
        "termijn": step.termijn.isoformat() if step.termijn else None, "termijn_uitleg": step.termijn_uitleg or None,
        "detail": step.detail or None, "notitie": step.notitie or None, "bron": str(step.bron) if step.bron else None,
    }


def status_dict(s: DossierStatus) -> dict[str, Any]:
    route = s.route
    due = route.next_due if route else None
    sent = s.view.sent if s.view else None
    return {
        "dossier": s.folder.name,
        "map": display_path(s.folder),
        "fout": s.problem,
        "arrangement": route.arrangement if route else None,
        "route": route.soort if route else None,
        "niveau": s.niveau,  # the last build's verdict, when it still holds; None: not known
        "volgende_termijn": step_dict(due) if due else None,
        "te_laat": [step.id for step in route.overdue] if route else [],
        "ingediend": None if sent is None else {
            "datum": sent.datum.isoformat(), "bundel": display_path(sent.bundle) if sent.bundle else None,
            "zelfde_antwoorden": sent.same_answers, "melding": sent.message,
        },
        "stappen": [step_dict(step) for step in route.steps] if route else [],
        "opmerkingen": list(route.notes) if route else [],
    }


def status(folders: Iterable[Path], *, today: date | None = None, fmt: str = "text", out: Reporter,
           build: Path = BUILD_ROOT, steps: bool = False) -> int:
    """Report every dossier's route; 1 when a step is late or a dossier cannot be read."""
    today = today or date.today()
    statuses = collect(folders, today=today, build=build)
    bad = any(s.problem or (s.route and s.route.overdue) for s in statuses)
    if fmt == "json":
        print(json.dumps({"vandaag": today.isoformat(), "dossiers": [status_dict(s) for s in statuses]},
                         ensure_ascii=False, indent=2), file=out.stdout, flush=True)
        return 1 if bad else 0
    if len(statuses) > 1:
        out.info(f"Stand op {datum(today)}, gesorteerd op de eerstvolgende termijn:")
        for line in _table(statuses):
            out.info(line)
    for n, s in enumerate(statuses):
        if len(statuses) > 1 and not (steps or s.problem or (s.view and s.view.sent and s.view.sent.same_answers
                                                                 is False)):
            continue
        if n or len(statuses) > 1:
            out.info("")
        if s.route is None:
            out.error(f"{display_path(s.folder)}: geen route")
            out.error(s.problem or "")
            continue
        route = s.route
        out.info(f"{s.folder.name} — {route.arrangement} ({route.soort} arrangement), op {datum(today)}")
        if len(statuses) == 1 or steps:
            for line in step_lines(route):
                out.info(line)
            for note in route.notes:
                out.warn(f"  Let op: {note}")
        (out.warn if route.overdue else out.info)(f"  {_summary(route)}")
        (out.info if s.niveau and s.niveau != "niet klaar" else out.warn)(f"  Laatste controle: {_verdict(s)}")
        if s.view and s.view.sent:
            message = s.view.sent.message
            (out.warn if message.startswith("let op") else out.info)(f"  {message[:1].upper()}{message[1:]}")
    late = sum(len(s.route.overdue) for s in statuses if s.route)
    if late:
        out.warn(f"{plural(late, 'stap is', 'stappen zijn')} te laat")
    return 1 if bad else 0
