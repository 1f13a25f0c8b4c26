"""What a template may use: every answer of the model plus the extras of the render context.

The extras mirror ``pipeline.render.context.template_context`` (a test keeps them in step);
the template lint checks variables against this table and docs/templates.md lists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from pipeline.model.fields import all_fields

Engine = Literal["docx", "html"]


@dataclass(frozen=True, slots=True)
class Variable:
    path: str  # "scholen[].naam"; "[]" is one item of a list
    beschrijving: str
    kind: str  # tekst, markdown, getal, datum, ja/nee, keuze, lijst, groep
    leaf: bool  # holds a value: anything after it (``.year``, ``.upper()``) is Python, not ours
    is_list: bool = False
    keuzes: tuple[str, ...] = ()
    documenten: tuple[str, ...] = ()
    bron: str | None = None  # the answer this extra is derived from (counts as using it)
    alleen: Engine | None = None  # only available in this engine


EXTRAS: tuple[Variable, ...] = (
    Variable("document", "Het document dat nu gemaakt wordt.", "groep", leaf=False),
    Variable("document.id", "Korte naam van het document, bijv. ‘projectplan’.", "tekst", leaf=True),
    Variable("document.titel", "Titel van het document.", "tekst", leaf=True),
    Variable(
        "doelsoorten",
        "De vijf doelsoorten van de Achterhoekse routekaart, altijd in dezelfde volgorde; "
        "`gekozen` zegt of het arrangement dat doel heeft.",
        "lijst", leaf=False, is_list=True,
    ),
    Variable("doelsoorten[].nummer", "Volgnummer 1 t/m 5.", "getal", leaf=True),
    Variable("doelsoorten[].naam", "Naam van het doel, bijv. ‘terugleiden’.", "tekst", leaf=True),
    Variable("doelsoorten[].omschrijving", "Omschrijving van het doel uit de routekaart.", "tekst", leaf=True),
    Variable(
        "doelsoorten[].gekozen",
        "Of het arrangement dit doel heeft (uit `arrangement.doelen`).",
        "ja/nee", leaf=True, bron="arrangement.doelen",
    ),
    Variable("gemaakt_op", "Datum waarop het document gemaakt wordt.", "datum", leaf=True),
    Variable("versie", "Versie van het programma dat het document maakte.", "tekst", leaf=True),
    Variable(
        "preview",
        "Waar in de voorbeeldweergave in de browser (dossier watch --serve), onwaar in de PDF.",
        "ja/nee", leaf=True, alleen="html",
    ),
)


@cache
def model_variables() -> tuple[Variable, ...]:
    return tuple(
        Variable(
            f.path, f.beschrijving, f.kind, leaf=not f.is_model, is_list=f.is_list,
            keuzes=f.keuzes, documenten=f.documenten,
        )
        for f in all_fields()
    )


@cache
def vocabulary(engine: Engine) -> dict[str, Variable]:
    """Every usable path for one engine (the HTML preview flag does not exist in Word)."""
    table = {v.path: v for v in model_variables()}
    table.update({v.path: v for v in EXTRAS if v.alleen in (None, engine)})
    return table


def children(vocab: dict[str, Variable], parent: str) -> list[str]:
    """Names directly under ``parent`` (``""`` for the top level), for suggestions."""
    prefix = f"{parent}." if parent else ""
    out = []
    for path in vocab:
        if path.startswith(prefix):
            rest = path[len(prefix):]
            if rest and "." not in rest and "[" not in rest:
                out.append(rest)
    return out
