"""Privacy beyond the answers: the dossier's folder name and what ``voortgang.yaml`` records.

Both leave the dossier: the folder name is in every zip's name, in the manifest DUO receives and in
the checklist; the notes of ``voortgang.yaml`` show in ``dossier status``, the preview's route map and
the checklist. So they pass the same detectors as the free-text answers (``check.privacy``: a BSN by
the elfproef, a birth date near a word like 'geboren', a name after a word like 'leerling'), and a hit
is an error: a dossier that is not ready has no zip. The calendar, made to be imported into a shared
agenda, carries neither (``route.ics``): dates, steps and who acts only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from pipeline.check import sources
from pipeline.check.findings import Context, Message, Rule
from pipeline.check.privacy import (
    PRIVACY,
    Match,
    birth_dates,
    bsn_numbers,
    comments,
    known_names,
    position,
    pupil_names,
)
from pipeline.model.answers import Dossier
from pipeline.read.load import Loc, Source
from pipeline.route.progress import PROGRESS_FILE

_SEPARATORS = re.compile(r"[-_.]+")


def detectors(dossier: Dossier, today: date) -> list[tuple[str, Callable[[str], Iterator[Match]]]]:
    """What the answers' privacy rules look for, as (what it is, detector)."""
    youngest = max(2, dossier.arrangement.doelgroep.leeftijd_van - 1)
    known = known_names(dossier)
    return [
        ("een burgerservicenummer (BSN)", bsn_numbers),
        ("een mogelijke geboortedatum", lambda t: birth_dates(t, today=today, youngest=youngest)),
        ("een mogelijke naam van een leerling", lambda t: pupil_names(t, known)),
    ]


def _detectors(ctx: Context) -> list[tuple[str, Callable[[str], Iterator[Match]]]]:
    return detectors(ctx.dossier, ctx.today)


def _as_words(name: str) -> str:
    """A folder name as words: 'leerling-piet-jansen_geb-12-03-2012' → 'Leerling Piet Jansen Geb 12-03-2012',
    so the detectors that read sentences (a name is capitalised; a date keeps its dashes) read it too."""
    words = [w for w in _SEPARATORS.split(name) if w]
    spaced = " ".join(w.capitalize() for w in words)
    spaced = re.sub(r"\b(\d{4}) (\d{1,2}) (\d{1,2})\b", r"\1-\2-\3", spaced)
    return re.sub(r"\b(\d{1,2}) (\d{1,2}) (\d{4})\b", r"\1-\2-\3", spaced)


def masked(text: str) -> str:
    """A hit as the message shows it: enough to find it (first two and last character), not enough to pass
    it on; the message itself is on the checklist and in ``dossier status``."""
    return text if len(text) <= 3 else text[:2] + "•" * (len(text) - 3) + text[-1]


def private_in(text: str, dossier: Dossier, today: date) -> bool:
    """Does ``text`` hold what the detectors find? (The route shows an applicant's note only if not.)"""
    return any(next(detector(text), None) is not None for _, detector in detectors(dossier, today))


def _name_hits(name: str, dossier: Dossier, today: date) -> Iterator[tuple[str, Match]]:
    for what, detector in detectors(dossier, today):
        for hit in [*detector(name), *detector(_as_words(name))]:
            yield what, hit


def public_name(naam: str, dossier: Dossier, today: date | None = None) -> str:
    """The folder's name where an output shows it (the checklist's file names, the route map's ids), or
    ‘dossier’ when it holds what PRIV-DOSSIERNAAM finds."""
    return "dossier" if next(_name_hits(naam, dossier, today or date.today()), None) else naam


def dossiernaam(ctx: Context) -> Iterator[Message]:
    found = next(_name_hits(ctx.loaded.folder.name, ctx.dossier, ctx.today), None)  # the first is enough
    if found is not None:
        what, hit = found
        yield Message(
            (), f"de naam van de dossiermap bevat {what} (‘{masked(hit.text)}’); die naam zou in de namen "
                "van de bundels en in het manifest voor DUO komen",
            "Geef de map een naam zonder gegevens van een leerling, bijv. de naam van het arrangement "
            "(‘samen-op-de-rails’), en bouw opnieuw.",
            file=ctx.loaded.folder,
        )


def _progress_texts(ctx: Context) -> Iterator[tuple[Loc, str]]:
    for i, evaluation in enumerate(ctx.voortgang.evaluaties):
        for j, who in enumerate(evaluation.deelnemers):
            yield ("evaluaties", i, "deelnemers", j), who
        if evaluation.opmerking:
            yield ("evaluaties", i, "opmerking"), evaluation.opmerking
    for i, signed in enumerate(ctx.voortgang.getekend):
        yield ("getekend", i, "partij"), signed.partij


def voortgang(ctx: Context) -> Iterator[Message]:
    path = ctx.loaded.folder / PROGRESS_FILE
    source = ctx.voortgang_source  # as the check read it; none when absent or invalid (said, located, elsewhere)
    if source is None:
        return
    what_to_do = ("Verwijder het: voortgang.yaml noteert stappen, data en wie meedeed als rol (‘school’, "
                  "‘ouders’), nooit gegevens van een leerling.")
    detectors = _detectors(ctx)
    for line, column, text in comments(source.text):
        for what, detector in detectors:
            for hit in detector(text):
                yield Message((), f"{what} in een commentaarregel van voortgang.yaml: ‘{masked(hit.text)}’", what_to_do,
                              position=(line, column + hit.start), file=path)
    for loc, text in _progress_texts(ctx):
        for what, detector in detectors:
            for hit in detector(text):
                yield Message(loc, f"{what} in voortgang.yaml: ‘{masked(hit.text)}’", what_to_do,
                              position=position(source, loc, hit.text) or _line_of(source, loc), file=path)


def _line_of(source: Source, loc: Loc) -> tuple[int, int] | None:
    line, column = source.position(loc)
    return (line, column) if line is not None and column is not None else None


RULES: tuple[Rule, ...] = (
    Rule("PRIV-DOSSIERNAAM", "Geen gegevens van een leerling in de naam van de dossiermap", sources.PRIVACY,
         dossiernaam, group=PRIVACY),
    Rule("PRIV-VOORTGANG", "Geen gegevens van een leerling in voortgang.yaml", sources.PRIVACY, voortgang,
         group=PRIVACY),
)
