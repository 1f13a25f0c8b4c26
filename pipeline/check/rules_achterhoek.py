"""The Achterhoek routekaart: criteria 1–9 for a collective arrangement, or the individual route.

A collective arrangement is registered with the regional adviesgroep (the ``achterhoek``
section); an individual one is requested at the gemeente (``individuele_route``). Each
dossier is checked against the route its ``arrangement.soort`` puts it on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.check import bronnen
from pipeline.check.findings import Context, Melding, Regel
from pipeline.check.tekst import summier, te_summier
from pipeline.model.answers import Dossier

ACH = "Achterhoek"
IND = "Individuele route"

# A concrete adviesvraag asks something: it has a question mark or a request verb
# ("Wij vragen de adviesgroep …", "Wij verzoeken u …"). Deliberately simple: it catches a
# bare description ("Collectief arrangement voor thuiszitters") without judging the wording.
VRAAGWOORDEN = re.compile(
    r"\?|\b(?:vragen|vraagt|vraag\s+(?:wij|ik|u|de|het)|verzoeken|verzoekt|verzoek\s+(?:wij|ik|u)"
    r"|graag\s+(?:een|uw)\s+advies|adviseer|adviseert)\b",
    re.IGNORECASE,
)
_GEMEENTE = re.compile(r"\bgemeente\b", re.IGNORECASE)


def collectief(d: Dossier) -> bool:
    return d.arrangement.soort == "collectief"


def met_formulier(d: Dossier) -> bool:
    return collectief(d) and d.achterhoek is not None


def individueel(d: Dossier) -> bool:
    return d.arrangement.soort == "individueel"


def met_route(d: Dossier) -> bool:
    return individueel(d) and d.individuele_route is not None


def _regel_van_soort(ctx: Context) -> tuple[int, int] | None:
    """A missing section has no line; point at ``arrangement.soort``, which asks for it."""
    line, col = ctx.loaded.source.position(("arrangement", "soort"))
    return (line, col) if line is not None and col is not None else None


# ---------------------------------------------------------------- collectief


def formulier(ctx: Context) -> Iterator[Melding]:
    if ctx.dossier.achterhoek is None:
        yield Melding(
            ("achterhoek",),
            "het Achterhoekse aanmeldformulier (‘achterhoek’) is niet ingevuld; een "
            "collectief arrangement wordt aangemeld bij de regionale adviesgroep",
            "Vul het onderdeel ‘achterhoek’ in (zie docs/velden.md), of zet "
            "‘arrangement.soort’ op individueel als het om één leerling gaat.",
            positie=_regel_van_soort(ctx),
        )


def afgestemd(ctx: Context) -> Iterator[Melding]:
    assert ctx.dossier.achterhoek is not None
    if not ctx.dossier.achterhoek.afgestemd_met_partijen:
        yield Melding(
            ("achterhoek", "afgestemd_met_partijen"),
            "het arrangement is nog niet vooraf afgestemd met de betrokken partijen",
            "Stem het arrangement af met scholen, schoolbesturen, samenwerkingsverband en "
            "gemeenten en zet dan ‘afgestemd_met_partijen: ja’.",
        )


def visie(ctx: Context) -> Iterator[Melding]:
    assert ctx.dossier.achterhoek is not None
    if not ctx.dossier.achterhoek.past_in_visie:
        yield Melding(
            ("achterhoek", "past_in_visie"),
            "er is niet verklaard dat het arrangement past binnen de Achterhoekse visie",
            "Toets het plan aan de Achterhoekse visie op onderwijs-jeugdhulparrangementen en "
            "zet dan ‘past_in_visie: ja’.",
        )


def gedragswetenschapper(ctx: Context) -> Iterator[Melding]:
    assert ctx.dossier.achterhoek is not None
    if not ctx.dossier.achterhoek.gedragswetenschappers:
        yield Melding(
            ("achterhoek", "gedragswetenschappers"),
            "er staat geen gedragswetenschapper bij die het plan (mede) opstelde",
            "Noem minimaal één gedragswetenschapper (bijv. orthopedagoog of gz-psycholoog) "
            "onder ‘achterhoek.gedragswetenschappers’.",
        )


def meerdere_leerlingen(ctx: Context) -> Iterator[Melding]:
    aantal = ctx.dossier.arrangement.doelgroep.aantal_leerlingen
    if aantal < 2:
        yield Melding(
            ("arrangement", "doelgroep", "aantal_leerlingen"),
            f"een collectief arrangement is voor meerdere leerlingen, maar het aantal is {aantal}",
            "Vul het verwachte aantal leerlingen in (2 of meer), of kies ‘arrangement.soort: "
            "individueel’ en de individuele route via de gemeente.",
        )


def financiering(ctx: Context) -> Iterator[Melding]:
    yield from summier(ctx, ("arrangement", "financiering"), "de wijze van financiering")


def toeleiding(ctx: Context) -> Iterator[Melding]:
    yield from summier(
        ctx, ("achterhoek", "toeleiding"), "de toeleiding van leerlingen naar het arrangement"
    )


def monitoring(ctx: Context) -> Iterator[Melding]:
    yield from summier(
        ctx, ("achterhoek", "verantwoording_monitoring"),
        "het voorstel voor verantwoording en monitoring",
    )


def adviesvraag(ctx: Context) -> Iterator[Melding]:
    assert ctx.dossier.achterhoek is not None
    loc = ("achterhoek", "adviesvraag")
    vraag = ctx.dossier.achterhoek.adviesvraag
    if te_summier(vraag) or not VRAAGWOORDEN.search(vraag):
        yield Melding(
            loc,
            "de adviesvraag is niet concreet: er staat geen vraag of verzoek aan de adviesgroep",
            "Formuleer wat u de adviesgroep vraagt, bijv. ‘Wij vragen de adviesgroep om een "
            "positief advies aan het AO Jeugd over …’ of eindig met een vraagteken.",
        )


def gemeente(ctx: Context) -> Iterator[Melding]:
    d = ctx.dossier
    partijen = [o.organisatie for o in d.samenwerkingsovereenkomst.ondertekenaars]
    partijen += [t.partij for t in d.samenwerkingsovereenkomst.taakverdeling]
    if not any(f.soort == "gemeente" for f in d.financiers) and not any(
        _GEMEENTE.search(p) for p in partijen
    ):
        yield Melding(
            ("financiers",),
            "er is geen gemeente betrokken (niet als financier en niet als partij)",
            "Betrek minimaal één gemeente: als financier (soort: gemeente) of als partij in "
            "de samenwerkingsovereenkomst.",
        )


# ---------------------------------------------------------------- individueel


def route(ctx: Context) -> Iterator[Melding]:
    if ctx.dossier.individuele_route is None:
        yield Melding(
            ("individuele_route",),
            "een individueel arrangement wordt aangevraagd bij de gemeente, maar "
            "‘individuele_route’ is niet ingevuld",
            "Vul ‘individuele_route’ in met de gemeente, ‘samen_met_toegang’ en de "
            "ondersteuningsvraag.",
            positie=_regel_van_soort(ctx),
        )


def toegang(ctx: Context) -> Iterator[Melding]:
    assert ctx.dossier.individuele_route is not None
    if not ctx.dossier.individuele_route.samen_met_toegang:
        yield Melding(
            ("individuele_route", "samen_met_toegang"),
            "school en Toegang hebben de ondersteuningsbehoefte nog niet samen vastgesteld",
            "Stel de ondersteuningsbehoefte vast samen met de Toegang van de gemeente en zet "
            "dan ‘samen_met_toegang: ja’.",
        )


def ondersteuningsvraag(ctx: Context) -> Iterator[Melding]:
    yield from summier(
        ctx, ("individuele_route", "ondersteuningsvraag"), "de ondersteuningsvraag"
    )


REGELS: tuple[Regel, ...] = (
    Regel("ACH-1-FORMULIER", "Aanmeldformulier collectief arrangement ingevuld",
          bronnen.ACH_FORMULIER, formulier, collectief, ACH),
    Regel("ACH-2-AFGESTEMD", "Vooraf afgestemd met de betrokken partijen",
          bronnen.ACH_AFGESTEMD, afgestemd, met_formulier, ACH),
    Regel("ACH-3-VISIE", "Past binnen de Achterhoekse visie",
          bronnen.ACH_VISIE, visie, met_formulier, ACH),
    Regel("ACH-4-GEDRAGSWETENSCHAPPER", "(Mede) opgesteld door een gedragswetenschapper",
          bronnen.ACH_GEDRAGSWETENSCHAPPER, gedragswetenschapper, met_formulier, ACH),
    Regel("ACH-5-COLLECTIEF", "Collectief aanbod voor meerdere leerlingen",
          bronnen.ACH_COLLECTIEF, meerdere_leerlingen, collectief, ACH),
    Regel("ACH-6-FINANCIERING", "Wijze van financiering beschreven",
          bronnen.ACH_FINANCIERING, financiering, collectief, ACH),
    Regel("ACH-7-TOELEIDING", "Toeleiding van leerlingen beschreven",
          bronnen.ACH_TOELEIDING, toeleiding, met_formulier, ACH),
    Regel("ACH-8-MONITORING", "Voorstel voor verantwoording en monitoring",
          bronnen.ACH_MONITORING, monitoring, met_formulier, ACH),
    Regel("ACH-9-ADVIESVRAAG", "Concrete adviesvraag geformuleerd",
          bronnen.ACH_ADVIESVRAAG, adviesvraag, met_formulier, ACH),
    Regel("ACH-GEMEENTE", "Minimaal één gemeente betrokken",
          bronnen.ACH_GEMEENTE, gemeente, collectief, ACH),
    Regel("IND-ROUTE", "Aanvraag bij de gemeente (individuele route) ingevuld",
          bronnen.IND_ROUTE, route, individueel, IND),
    Regel("IND-TOEGANG", "School en Toegang stelden de ondersteuningsbehoefte samen vast",
          bronnen.IND_TOEGANG, toegang, met_route, IND),
    Regel("IND-ONDERSTEUNINGSVRAAG", "Ondersteuningsvraag opgesteld",
          bronnen.IND_ONDERSTEUNINGSVRAAG, ondersteuningsvraag, met_route, IND),
)
