"""The read stage: what was sent is kept first, then the answers and the route are read.

Keeping comes before anything else of a run (before loading: a dossier.yaml with an error
must not cost the record of what DUO received), so no later stage can withdraw or replace
the zip before it is kept; ``archive.keep`` is the only place that keeps. Then, when nothing
changed since the last complete run, the run's record is all there is to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.bundle.archive import keep
from pipeline.exceptions import InvalidDossier, KeepError
from pipeline.paths import Places, display_path
from pipeline.read.freshness import RunRecord, dossier_key, remembered
from pipeline.read.validate import LoadedDossier, load_dossier
from pipeline.route.progress import recorded_sent_date
from pipeline.route.view import RouteView, route_view


@dataclass(frozen=True, slots=True)
class Read:
    """A dossier as the run found it: its inputs' key, the last run's record if that still holds,
    and, unless that record is all the run needs, the validated answers and the route."""

    key: str  # ``freshness.dossier_key`` after keeping
    notes: tuple[str, ...]  # a bundle kept or moved: said once, by the run that did it
    last: RunRecord | None  # the last complete run, when nothing changed since
    loaded: LoadedDossier | None = None  # None: nothing changed, nothing read
    route: RouteView | None = None


def sent_date(places: Places) -> date | None:
    """``ingediend_bij_duo`` of voortgang.yaml; a value there that is no date stops the run
    (``KeepError``): until it is one, nothing may replace or withdraw the zip."""
    try:
        return recorded_sent_date(places.folder)
    except InvalidDossier as exc:
        raise KeepError(f"{exc.problems[0]}; tot het een datum is, blijft de bundel in {display_path(places.out)}/ "
                        "staan en wordt er niets gebouwd") from None


def read_dossier(places: Places, *, today: date, skip_unchanged: bool = False) -> Read:
    """Keep what was sent, then load and validate ``dossier.yaml`` (raises ``InvalidDossier``,
    located) and read the route. ``skip_unchanged``: read nothing more when the last complete run
    still holds."""
    notes = tuple(keep(places, sent_date(places)))
    key = dossier_key(places.folder, today=today)
    last = remembered(places, key)
    if skip_unchanged and last is not None:
        return Read(key, notes, last)
    loaded = load_dossier(places.folder)
    return Read(key, notes, last, loaded, route_view(loaded, today=today, places=places))
