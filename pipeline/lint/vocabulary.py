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
    bronnen: tuple[str, ...] = ()  # further answers it is derived from

    @property
    def afgeleid_van(self) -> tuple[str, ...]:
        """Every answer this extra shows."""
        return ((self.bron,) if self.bron else ()) + self.bronnen


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
    Variable(
        "partijen",
        "De partijen bij de samenwerkingsovereenkomst, afgeleid uit de antwoorden: de aanvrager, het "
        "bevoegd gezag van elke school (als dat niet de aanvrager is), het samenwerkingsverband, elke "
        "zorgaanbieder en elke geldverstrekker. Scholen staan onder hun bevoegd gezag.",
        "lijst", leaf=False, is_list=True,
    ),
    Variable("partijen[].rol", "Rol: bevoegd gezag, samenwerkingsverband, zorgaanbieder, gemeente, "
             "zorgverzekeraar of zorgkantoor.", "tekst", leaf=True, bron="financiers[].soort"),
    Variable("partijen[].naam", "Volledige naam van de partij.", "tekst", leaf=True, bronnen=(
        "aanvrager.naam", "samenwerkingsverband.naam", "zorgaanbieders[].naam", "financiers[].naam",
        "scholen[].bevoegd_gezag")),
    Variable("partijen[].korte_naam", "Korte naam van de partij (kan leeg zijn).", "tekst", leaf=True, bronnen=(
        "aanvrager.korte_naam", "samenwerkingsverband.korte_naam", "zorgaanbieders[].korte_naam",
        "financiers[].korte_naam")),
    Variable("partijen[].aanduiding", "De korte naam, of anders de volledige naam.", "tekst", leaf=True),
    Variable("partijen[].betaalt", "Of de partij een geldverstrekker is.", "ja/nee", leaf=True),
    Variable("partijen[].scholen", "De scholen onder dit bevoegd gezag.", "lijst", leaf=False, is_list=True),
    Variable("partijen[].scholen[].naam", "Naam van de school.", "tekst", leaf=True, bron="scholen[].naam"),
    Variable("partijen[].ondertekenaar", "Wie namens deze partij tekent (leeg als niemand).", "groep",
             leaf=False),
    Variable("partijen[].ondertekenaar.naam", "Naam van de tekenbevoegde (gevonden aan de organisatie).",
             "tekst", leaf=True, bronnen=("samenwerkingsovereenkomst.ondertekenaars[].naam",
                                          "samenwerkingsovereenkomst.ondertekenaars[].organisatie")),
    Variable("partijen[].ondertekenaar.functie", "Functie van de tekenbevoegde.", "tekst", leaf=True,
             bron="samenwerkingsovereenkomst.ondertekenaars[].functie"),
    Variable("partijen[].ondertekenaar.organisatie", "Organisatie zoals de tekenbevoegde die noemt.", "tekst",
             leaf=True, bron="samenwerkingsovereenkomst.ondertekenaars[].organisatie"),
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
