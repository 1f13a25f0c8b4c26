"""The parties to the samenwerkingsovereenkomst: one list of legal entities, derived from the answers.

DUO's guidance: the agreement carries the signature of every party involved, at least the
samenwerkingsverband, the bevoegd gezag, the zorgaanbieder and the gemeente or zorgkantoor.
A school is no legal entity: it appears under its bevoegd gezag. The list is derived, not
typed twice, so the agreement's party table, its signature blocks and the checks on the
signatures and the task division all read the same parties.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from pipeline.model.answers import Dossier, Ondertekenaar, School

_SPACES = re.compile(r"\s+")


def normalised(name: str) -> str:
    """Compare organisation names ignoring case, curly quotes, spacing and invisible format characters
    (a joiner or direction mark pasted into a name is not another name)."""
    visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
    name = visible if visible.strip() else name  # a name of nothing but such characters is still that name
    name = name.replace("’", "'").replace("‘", "'").replace("–", "-")
    return _SPACES.sub(" ", name.casefold()).strip()


@dataclass(frozen=True, slots=True)
class Partij:
    """One legal entity that is party to the agreement, with the signer found for it."""

    rol: str  # "bevoegd gezag", "samenwerkingsverband", "zorgaanbieder", "gemeente", …
    naam: str
    korte_naam: str | None
    scholen: tuple[School, ...] = ()
    ondertekenaar: Ondertekenaar | None = None
    betaalt: bool = False  # a financier: pays for the care

    @property
    def aanduiding(self) -> str:
        """How the agreement refers to the party: its short name if it has one."""
        return self.korte_naam or self.naam

    def heet(self, text: str) -> bool:
        """Is ``text`` this party's name or short name (used consistently, so compared whole)?"""
        wanted = normalised(text)
        return bool(wanted) and wanted in {normalised(n) for n in (self.naam, self.korte_naam) if n}


def _schools_of(dossier: Dossier, board: Partij, *, default: bool) -> tuple[School, ...]:
    """The schools whose bevoegd gezag is ``board``, by name or short name (``default``: also
    those that name none)."""
    def belongs(school: School) -> bool:
        if school.bevoegd_gezag is None:
            return default
        return board.heet(school.bevoegd_gezag)

    return tuple(s for s in dossier.scholen if belongs(s))


def _parties_without_signers(d: Dossier) -> list[Partij]:
    a = d.aanvrager
    swv = d.samenwerkingsverband
    applicant_is_board = a.soort == "schoolbestuur"
    applicant = Partij("bevoegd gezag" if applicant_is_board else a.soort, a.naam, a.korte_naam)
    # a school without a board of its own is the applicant's (a finding when that is no board)
    parties = [replace(applicant, scholen=_schools_of(d, applicant, default=True))]
    for school in d.scholen:
        board = school.bevoegd_gezag
        if board and not any(p.heet(board) for p in parties):  # the applicant's short name is the applicant
            other = Partij("bevoegd gezag", board, None)
            parties.append(replace(other, scholen=_schools_of(d, other, default=False)))
    same_as_applicant = a.soort == "samenwerkingsverband" and parties[0].heet(swv.naam)
    if not same_as_applicant:
        parties.append(Partij("samenwerkingsverband", swv.naam, swv.korte_naam))
    for z in d.zorgaanbieders:
        parties.append(Partij("zorgaanbieder", z.naam, z.korte_naam))
    for f in d.financiers:
        parties.append(Partij(f.soort, f.naam, f.korte_naam, betaalt=True))
    return parties  # an entity typed twice stays twice: its second entry is a finding, not silently gone


def partijen(dossier: Dossier) -> tuple[Partij, ...]:
    """Every party to the agreement, in the order of the agreement, each with its signer (if any)."""
    signers = dossier.samenwerkingsovereenkomst.ondertekenaars
    out = []
    for p in _parties_without_signers(dossier):
        signer = next((s for s in signers if p.heet(s.organisatie)), None)
        out.append(replace(p, ondertekenaar=signer))
    return tuple(out)


def partij_van(parties: tuple[Partij, ...], text: str) -> Partij | None:
    """The party ``text`` names (by name or short name), if any."""
    return next((p for p in parties if p.heet(text)), None)
