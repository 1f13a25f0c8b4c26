"""The advices a dossier names (one per school, the samenwerkingsverband's, or the OPR's consent),
whose council gave each, and which of them form DUO's attachment 4.

One list for the check (is each there, is it the right one) and the bundle (what DUO gets), so the
two cannot disagree about which files are attachment 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.model.answers import Dossier

Raad = Literal["school", "samenwerkingsverband", "opr"]

MR_FILE = "4-adviezen-medezeggenschapsraad.pdf"
OPR_FILE = "4-instemming-ondersteuningsplanraad.pdf"


@dataclass(frozen=True, slots=True)
class Advice:
    """One advice as dossier.yaml names it."""

    loc: tuple[str | int, ...]  # where dossier.yaml names it: ("scholen", 1, "mr_advies")
    path: str  # the file, inside the dossier folder
    raad: Raad  # whose council: a school's MR, the samenwerkingsverband's MR, or the OPR
    school: int | None = None  # for a school's advice: its index in ``scholen``


def advices(d: Dossier) -> list[Advice]:
    """Every advice the dossier names: each school's (in the order of ``scholen``), the
    samenwerkingsverband's, the OPR's consent."""
    found = [Advice(("scholen", i, "mr_advies"), s.mr_advies, "school", i)
             for i, s in enumerate(d.scholen) if s.mr_advies]
    b = d.bijlagen
    if b.mr_advies_samenwerkingsverband:
        found.append(Advice(("bijlagen", "mr_advies_samenwerkingsverband"), b.mr_advies_samenwerkingsverband,
                            "samenwerkingsverband"))
    if b.opr_instemming:
        found.append(Advice(("bijlagen", "opr_instemming"), b.opr_instemming, "opr"))
    return found


def attachment_four(d: Dossier) -> tuple[str, list[Advice]]:
    """DUO's attachment 4: the OPR's consent on its own when there is one (DUO: the advices "óf een bewijs
    van instemming van de ondersteuningsplanraad"), else every school's advice and then the
    samenwerkingsverband's; a file named twice (one advice for two schools) once."""
    named = advices(d)
    consent = [a for a in named if a.raad == "opr"]
    if consent:
        return OPR_FILE, consent
    seen: set[str] = set()
    parts = []
    for advice in named:
        if advice.path not in seen:
            seen.add(advice.path)
            parts.append(advice)
    return MR_FILE, parts
