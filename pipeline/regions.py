"""The regions with a route of their own beside DUO's: data (``pipeline/data/regios.yaml``), not code.

The experiment is national and every dossier follows DUO's route; the Achterhoek routekaart is one
region's. A dossier follows a region's route (its form, criteria, bundle and steps) when one of its
gemeenten lies in that region. Which answers name a gemeente (``gemeenten``): every financier and an
applicant of ``soort: gemeente`` and ``individuele_route.gemeente``; a school's ``plaats`` does not
count (a place is not always its gemeente's name, and the gemeente paying for the care is the pupil's).
A dossier that names no gemeente at all but fills in ``achterhoek`` chose that route itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from pipeline.exceptions import InvalidDossier, Problem
from pipeline.model.answers import Basis, Dossier
from pipeline.model.fields import dotted
from pipeline.model.parties import normalised
from pipeline.model.types import Email, Tekst
from pipeline.read.load import load_yaml
from pipeline.read.validate import translate
from pipeline.ui import plural

REGIOS_FILE = Path(__file__).parent / "data" / "regios.yaml"
# The routes this program has rules and templates for; a region names the one it follows.
ROUTEKAART_ACHTERHOEK = "routekaart-achterhoek"


class _Ontvanger(Basis):
    naam: Tekst
    email: Email


class _Bron(Basis):
    document: Tekst
    url: Tekst


class _Regio(Basis):
    naam: Tekst
    route: Literal["routekaart-achterhoek"]
    ontvanger: _Ontvanger
    gemeenten: list[Tekst] = Field(min_length=1)
    bron: _Bron


class _Regios(Basis):
    regios: list[_Regio]


@dataclass(frozen=True, slots=True)
class Region:
    """One region: who receives its form, which gemeenten it holds, and where that list comes from."""

    naam: str
    route: str
    ontvanger: str
    email: str
    gemeenten: tuple[str, ...]
    bron: str

    def has(self, gemeente: str) -> bool:
        """Is ``gemeente`` (‘Gemeente Oost-Gelre’, ‘oost gelre’) one of this region's?"""
        return gemeente_key(gemeente) in {gemeente_key(g) for g in self.gemeenten}


_PREFIX = re.compile(r"^(?:de\s+)?gemeente\s+", re.IGNORECASE)


def gemeente_key(name: str) -> str:
    """A gemeente's name compared as its people write it: no ‘Gemeente’, case, hyphens or invisible marks."""
    return " ".join(_PREFIX.sub("", normalised(name)).replace("-", " ").split())


def load_regions(path: Path) -> tuple[Region, ...]:
    """The regions in ``path``; a file that does not match says where, in Dutch (``InvalidDossier``)."""
    src = load_yaml(path)
    try:
        data = _Regios.model_validate(src.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            message = f"onbekend veld ‘{loc[-1]}’" if error["type"] == "extra_forbidden" else translate(error)
            if error["type"] == "literal_error" and loc[-1] == "route":
                message = f"onbekende route; dit programma kent alleen ‘{ROUTEKAART_ACHTERHOEK}’"
            line, col = src.position(loc)
            problems.append(Problem(path, line, col, dotted(loc), message))
        raise InvalidDossier(problems) from None
    problems = []
    seen: dict[str, str] = {}
    for i, regio in enumerate(data.regios):
        for j, gemeente in enumerate(regio.gemeenten):
            key = gemeente_key(gemeente)
            if key in seen:
                line, col = src.position(("regios", i, "gemeenten", j))
                problems.append(Problem(path, line, col, f"regios[{i}].gemeenten[{j}]",
                                        f"{gemeente} staat ook bij {seen[key]}: een gemeente hoort bij één regio"))
            seen.setdefault(key, regio.naam)
    if problems:
        raise InvalidDossier(problems)
    return tuple(Region(r.naam, r.route, r.ontvanger.naam, r.ontvanger.email, tuple(r.gemeenten),
                        f"{r.bron.document} ({r.bron.url})") for r in data.regios)


@lru_cache(maxsize=4)
def _loaded(path: Path) -> tuple[Region, ...]:
    return load_regions(path)


def regions() -> tuple[Region, ...]:
    """The regions this program knows (``REGIOS_FILE``), read once."""
    return _loaded(REGIOS_FILE)


def gemeenten(dossier: Dossier) -> tuple[str, ...]:
    """The gemeenten the answers name (see the module), each once, without ‘Gemeente’."""
    names = [f.naam for f in dossier.financiers if f.soort == "gemeente"]
    if dossier.aanvrager.soort == "gemeente":
        names.append(dossier.aanvrager.naam)
    if dossier.individuele_route is not None:
        names.append(dossier.individuele_route.gemeente)
    found: dict[str, str] = {}
    for name in names:
        if key := gemeente_key(name):
            found.setdefault(key, " ".join(_PREFIX.sub("", name.strip()).split()))
    return tuple(found.values())


def region_of(dossier: Dossier) -> Region | None:
    """The region whose route this dossier follows besides DUO's (None: DUO's route stands on its own)."""
    found = gemeenten(dossier)
    for region in regions():
        if any(region.has(g) for g in found):
            return region
    if not found and dossier.achterhoek is not None:  # no gemeente to go by: the section says which route
        return next((r for r in regions() if r.route == ROUTEKAART_ACHTERHOEK), None)
    return None


def outside_regions(dossier: Dossier) -> str:
    """Why this dossier follows no region's route, and that the applicant's own region may have one."""
    found = gemeenten(dossier)
    known = ", ".join(r.naam for r in regions())
    if not found:
        why = "het dossier noemt geen gemeente (geen geldverstrekker of aanvrager met ‘soort: gemeente’)"
    elif len(found) == 1:
        why = f"de gemeente van dit dossier ({found[0]}) ligt niet in een regio met een eigen route ({known})"
    else:
        why = (f"geen van de {plural(len(found), 'gemeente', 'gemeenten')} van dit dossier ({', '.join(found)}) "
               f"ligt in een regio met een eigen route ({known})")
    return (f"{why}: de aanvraag volgt de route van DUO. Uw eigen regio kan een eigen route voor "
            "onderwijs-jeugdhulparrangementen hebben; vraag dat na bij de gemeente die de jeugdhulp betaalt")
