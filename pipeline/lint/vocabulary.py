"""What a template may use: every answer of the model plus the extras of the render context.

The extras mirror ``pipeline.render.context.template_context`` (a test keeps them in step);
the template lint checks variables against this table and docs/templates.md lists it. The
checklist's HTML template gets a context of its own: ``checklist_vocabulary`` derives it from
the checklist renderer (``pipeline.check.checklist.template_names``), not from a second list.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

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


# Answers that moved: an older template that still names one is told where it is now.
MOVED: dict[str, str] = {
    "bijlagen.mr_advies_school": (
        "het MR-advies staat nu bij elke school: {% for s in scholen %} … {{ s.mr_advies }} … {% endfor %}"
    ),
}

EXTRAS: tuple[Variable, ...] = (
    Variable("document", "Het document dat nu gemaakt wordt.", "groep", leaf=False),
    Variable("document.id", "Korte naam van het document, bijv. ‘projectplan’.", "tekst", leaf=True),
    Variable("document.titel", "Titel van het document.", "tekst", leaf=True),
    Variable("document.versie", "Versie van wat het document zegt, bijv. ‘K7F3-9QX2’ (antwoorden, sjabloon en "
             "stijl; niet de datum): hoort op elke pagina, zodat een getekend exemplaar bij één versie hoort.",
             "tekst", leaf=True, alleen="docx"),
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
             "zorgverzekeraar of zorgkantoor. Eén organisatie in twee rollen is één partij: ‘bevoegd gezag en "
             "samenwerkingsverband’.", "tekst", leaf=True, bron="financiers[].soort"),
    Variable("partijen[].naam", "Volledige naam van de partij.", "tekst", leaf=True, bronnen=(
        "aanvrager.naam", "samenwerkingsverband.naam", "zorgaanbieders[].naam", "financiers[].naam",
        "scholen[].bevoegd_gezag")),
    Variable("partijen[].korte_naam", "Korte naam van de partij (kan leeg zijn); heeft één organisatie er in "
             "twee rollen twee, dan allebei: ‘A of B’ (de check waarschuwt).", "tekst", leaf=True, bronnen=(
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
    Variable("andere_ondertekenaars", "Ondertekenaars die niet de tekenbevoegde van een partij zijn: namens een "
             "organisatie die geen partij is, of een tweede persoon namens een partij. De check meldt ze; wie "
             "namens dezelfde partij nog eens genoemd wordt (bijv. per rol), staat hier niet.", "lijst",
             leaf=False, is_list=True),
    Variable("andere_ondertekenaars[].naam", "Naam van de ondertekenaar.", "tekst", leaf=True,
             bron="samenwerkingsovereenkomst.ondertekenaars[].naam"),
    Variable("andere_ondertekenaars[].functie", "Functie van de ondertekenaar.", "tekst", leaf=True,
             bron="samenwerkingsovereenkomst.ondertekenaars[].functie"),
    Variable("andere_ondertekenaars[].organisatie", "Organisatie zoals de ondertekenaar die noemt.", "tekst",
             leaf=True, bron="samenwerkingsovereenkomst.ondertekenaars[].organisatie"),
    Variable("looptijd", "De looptijd van het arrangement, uit de datums: van ‘arrangement.startdatum’ tot en met "
             "‘samenwerkingsovereenkomst.einddatum’, bijv. ‘1 augustus 2027 t/m 31 december 2027’.", "tekst",
             leaf=True, bronnen=("arrangement.startdatum", "samenwerkingsovereenkomst.einddatum")),
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


@cache
def checklist_vocabulary() -> dict[str, Variable]:
    """Every usable path of the checklist's HTML template: exactly the names its renderer
    passes, the answers as the model describes them and every other name as deep as the
    renderer's values and types say (a dataclass field by field, a list item by item)."""
    from pipeline.check.checklist import template_names

    answers = model_variables()
    described = {v.path: v.beschrijving for v in EXTRAS}
    table: dict[str, Variable] = {}
    for name, held in template_names().items():
        own = [v for v in answers if v.path.split(".")[0].split("[")[0] == name]
        if held is None and own:
            table.update({v.path: v for v in own})
            continue
        for v in _shape(name, held):
            table[v.path] = dataclasses.replace(v, beschrijving=described.get(v.path, ""))
    return table


_LISTS = (list, tuple, Sequence)


def _shape(path: str, held: Any) -> Iterator[Variable]:
    """The paths under ``path`` of a value or a type (``None``, a string, a date …: a value)."""
    held = _optional(held)
    origin, args = get_origin(held), get_args(held)
    if isinstance(held, dict):
        yield Variable(path, "", "groep", leaf=False)
        for key, value in held.items():
            yield from _shape(f"{path}.{key}", value)
    elif isinstance(held, type) and dataclasses.is_dataclass(held):
        yield Variable(path, "", "groep", leaf=False)
        hints = get_type_hints(held)
        for f in dataclasses.fields(held):
            yield from _shape(f"{path}.{f.name}", hints[f.name])
    elif origin is tuple and args and args[-1] is not Ellipsis:  # unpacked in a loop: {% for a, b in … %}
        yield Variable(path, "", "lijst", leaf=False, is_list=True)
        for position, item in enumerate(args):
            yield from _shape(f"{path}.{position}", item)
    elif (origin in _LISTS and args) or (isinstance(held, list | tuple) and held):
        items = list(_shape(f"{path}[]", args[0] if origin else held[0]))
        if len(items) == 1 and items[0].leaf:  # strings, dates …: the items are values
            yield Variable(path, "", "lijst", leaf=True, is_list=True)
        else:
            yield Variable(path, "", "lijst", leaf=False, is_list=True)
            yield from items
    else:
        yield Variable(path, "", "waarde", leaf=True, is_list=origin in _LISTS or isinstance(held, list | tuple))


def _optional(held: Any) -> Any:
    """``X | None`` is ``X``."""
    if get_origin(held) in (Union, types.UnionType):
        rest = [a for a in get_args(held) if a is not type(None)]
        return rest[0] if len(rest) == 1 else Any
    return held


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
