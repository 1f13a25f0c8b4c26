"""The Achterhoek routekaart: criteria 1–9 for a collective arrangement, or the individual route.

A collective arrangement is registered with the regional adviesgroep (the ``achterhoek``
section); an individual one is requested at the gemeente (``individuele_route``). Each
dossier is checked against the route its ``arrangement.soort`` puts it on, when its gemeenten
lie in the region (``pipeline.regions``): elsewhere DUO's route stands on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.check import sources
from pipeline.check.findings import WARNING, Context, Message, Rule
from pipeline.check.rules_duo import unreachable
from pipeline.check.text import require_description, too_short
from pipeline.model.answers import Dossier
from pipeline.model.parties import partijen
from pipeline.regions import gemeenten, region_of, regions
from pipeline.route.progress import Voortgang

ACH = "Achterhoek"
IND = "Individuele route"

# A concrete adviesvraag asks something: it has a question mark or a request verb
# ("Wij vragen de adviesgroep …", "Wij verzoeken u …"). Deliberately simple: it catches a
# bare description ("Collectief arrangement voor thuiszitters") without judging the wording.
REQUEST_WORDS = re.compile(
    r"\?|\b(?:vragen|vraagt|vraag\s+(?:wij|ik|u|de|het)|verzoeken|verzoekt|verzoek\s+(?:wij|ik|u)"
    r"|graag\s+(?:een|uw)\s+advies|adviseer|adviseert)\b",
    re.IGNORECASE,
)
_GEMEENTE = re.compile(r"\bgemeente\b", re.IGNORECASE)


def collectief(d: Dossier) -> bool:
    return d.arrangement.soort == "collectief"


def in_regio(d: Dossier) -> bool:
    """Do the routekaart's rules apply: does a gemeente of the dossier lie in its region?"""
    return region_of(d) is not None


def collectief_in_regio(d: Dossier) -> bool:
    return collectief(d) and in_regio(d)


def collectief_with_form(d: Dossier) -> bool:
    return collectief_in_regio(d) and d.achterhoek is not None


def individueel(d: Dossier) -> bool:
    return d.arrangement.soort == "individueel"


def individueel_in_regio(d: Dossier) -> bool:
    return individueel(d) and in_regio(d)


def individueel_with_route(d: Dossier) -> bool:
    return individueel_in_regio(d) and d.individuele_route is not None


def _soort_position(ctx: Context) -> tuple[int, int] | None:
    """A missing section has no line; point at ``arrangement.soort``, which asks for it."""
    line, col = ctx.loaded.source.position(("arrangement", "soort"))
    return (line, col) if line is not None and col is not None else None


# ---------------------------------------------------------------- collectief


def regio(ctx: Context) -> Iterator[Message]:
    """A region's section filled in where no gemeente lies in a region: it makes no document, so say so."""
    d = ctx.dossier
    if region_of(d) is not None:
        return
    found = gemeenten(d)
    names = ", ".join(r.naam for r in regions())
    where = (f"de gemeente ({found[0]}) ligt niet" if len(found) == 1
             else f"geen van de gemeenten ({', '.join(found)}) ligt")
    for section, what in (("achterhoek", "het aanmeldformulier voor de regionale adviesgroep"),
                          ("individuele_route", "de onderbouwing voor de gemeente")):
        if getattr(d, section) is not None:
            yield Message(
                (section,),
                f"‘{section}’ is ingevuld, maar {where} in een regio met een eigen route ({names}): "
                f"{what} wordt niet gemaakt en de aanvraag volgt alleen de route van DUO",
                "Ligt het arrangement in de regio, noem dan de gemeente die de jeugdhulp betaalt als "
                f"geldverstrekker (‘soort: gemeente’); anders: laat ‘{section}’ weg.",
                severity=WARNING,
            )


def formulier(ctx: Context) -> Iterator[Message]:
    if ctx.dossier.achterhoek is None:
        yield Message(
            ("achterhoek",),
            "het Achterhoekse aanmeldformulier (‘achterhoek’) is niet ingevuld; een "
            "collectief arrangement wordt aangemeld bij de regionale adviesgroep",
            "Vul het onderdeel ‘achterhoek’ in (zie docs/velden.md), of zet "
            "‘arrangement.soort’ op individueel als het om één leerling gaat.",
            position=_soort_position(ctx),
        )


def afgestemd(ctx: Context) -> Iterator[Message]:
    assert ctx.dossier.achterhoek is not None
    if not ctx.dossier.achterhoek.afgestemd_met_partijen:
        yield Message(
            ("achterhoek", "afgestemd_met_partijen"),
            "het arrangement is nog niet vooraf afgestemd met de betrokken partijen",
            "Stem het arrangement af met scholen, schoolbesturen, samenwerkingsverband en "
            "gemeenten en zet dan ‘afgestemd_met_partijen: ja’.",
        )


def visie(ctx: Context) -> Iterator[Message]:
    assert ctx.dossier.achterhoek is not None
    if not ctx.dossier.achterhoek.past_in_visie:
        yield Message(
            ("achterhoek", "past_in_visie"),
            "er is niet verklaard dat het arrangement past binnen de Achterhoekse visie",
            "Toets het plan aan de Achterhoekse visie op onderwijs-jeugdhulparrangementen en "
            "zet dan ‘past_in_visie: ja’.",
        )


def gedragswetenschapper(ctx: Context) -> Iterator[Message]:
    assert ctx.dossier.achterhoek is not None
    if not ctx.dossier.achterhoek.gedragswetenschappers:
        yield Message(
            ("achterhoek", "gedragswetenschappers"),
            "er staat geen gedragswetenschapper bij die het plan (mede) opstelde",
            "Noem minimaal één gedragswetenschapper (bijv. orthopedagoog of gz-psycholoog) "
            "onder ‘achterhoek.gedragswetenschappers’.",
        )


def _pupil_count(ctx: Context, fits: bool, route: str, what_to_do: str) -> Iterator[Message]:
    """The number of pupils against what the route is for (a group, or one pupil)."""
    if not fits:
        count = ctx.dossier.arrangement.doelgroep.aantal_leerlingen
        yield Message(("arrangement", "doelgroep", "aantal_leerlingen"),
                      f"een {route}, maar het aantal is {count}", what_to_do)


# Criterion 5: a collective arrangement is for more than one pupil; an individual one for exactly one.
COLLECTIEF_MINIMUM = 2


def meerdere_leerlingen(ctx: Context) -> Iterator[Message]:
    yield from _pupil_count(
        ctx, ctx.dossier.arrangement.doelgroep.aantal_leerlingen >= COLLECTIEF_MINIMUM,
        "collectief arrangement is voor meerdere leerlingen",
        f"Vul het verwachte aantal leerlingen in ({COLLECTIEF_MINIMUM} of meer), of kies ‘arrangement.soort: "
        "individueel’ en de individuele route via de gemeente.",
    )


def financiering(ctx: Context) -> Iterator[Message]:
    """Criterion 6's way of financing. Its other half, the responsibilities per party, is the
    agreement's task division (the form shows it from there): DUO-SOK-TAAKVERDELING checks each
    one, so a thin one is reported once, not twice on the same answer."""
    yield from require_description(
        ctx, ("arrangement", "financiering"), "de wijze van financiering"
    )


def criteria(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("achterhoek", "criteria_leerlingen"),
        "de beschrijving van de criteria voor leerlingen die in het arrangement passen",
    )


def toeleiding(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("achterhoek", "toeleiding"), "de toeleiding van leerlingen naar het arrangement"
    )


def monitoring(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("achterhoek", "verantwoording_monitoring"),
        "het voorstel voor verantwoording en monitoring",
    )


def adviesvraag(ctx: Context) -> Iterator[Message]:
    assert ctx.dossier.achterhoek is not None
    loc = ("achterhoek", "adviesvraag")
    question = ctx.dossier.achterhoek.adviesvraag
    if too_short(question) or not REQUEST_WORDS.search(question):
        yield Message(
            loc,
            "de adviesvraag is niet concreet: er staat geen vraag of verzoek aan de adviesgroep",
            "Formuleer wat u de adviesgroep vraagt, bijv. ‘Wij vragen de adviesgroep om een "
            "positief advies aan het AO Jeugd over …’ of eindig met een vraagteken.",
        )


def gemeente(ctx: Context) -> Iterator[Message]:
    if not any("gemeente" in p.rollen or _GEMEENTE.search(p.naam) for p in partijen(ctx.dossier)):
        yield Message(
            ("financiers",),
            "er is geen gemeente betrokken: geen van de partijen is een gemeente",
            "Betrek minimaal één gemeente als partij, bijv. als geldverstrekker (soort: gemeente) "
            "van de jeugdhulp.",
        )


def regisseur(ctx: Context) -> Iterator[Message]:
    """The form's "Regisseur/contactpersoon" is whom the adviesgroep contacts: someone it can reach."""
    yield from unreachable(ctx.dossier.regisseur, ("regisseur",), "de regisseur", "de regionale adviesgroep")


def mailen(_: Context) -> Iterator[Message]:
    """A step, not a condition: the checklist says "nog doen" until voortgang.yaml records it."""
    return iter(())


def _mailed(voortgang: Voortgang) -> bool:
    return voortgang.aanmeldformulier_gemaild is not None


# ---------------------------------------------------------------- individueel


def route(ctx: Context) -> Iterator[Message]:
    if ctx.dossier.individuele_route is None:
        yield Message(
            ("individuele_route",),
            "een individueel arrangement wordt aangevraagd bij de gemeente, maar "
            "‘individuele_route’ is niet ingevuld",
            "Vul ‘individuele_route’ in met de gemeente, ‘samen_met_toegang’ en de "
            "ondersteuningsvraag.",
            position=_soort_position(ctx),
        )


def toegang(ctx: Context) -> Iterator[Message]:
    assert ctx.dossier.individuele_route is not None
    if not ctx.dossier.individuele_route.samen_met_toegang:
        yield Message(
            ("individuele_route", "samen_met_toegang"),
            "school en Toegang hebben de ondersteuningsbehoefte nog niet samen vastgesteld",
            "Stel de ondersteuningsbehoefte vast samen met de Toegang van de gemeente en zet "
            "dan ‘samen_met_toegang: ja’.",
        )


def een_leerling(ctx: Context) -> Iterator[Message]:
    yield from _pupil_count(
        ctx, ctx.dossier.arrangement.doelgroep.aantal_leerlingen == 1,
        "individueel arrangement is voor één leerling",
        "Zet ‘aantal_leerlingen: 1’, of kies ‘arrangement.soort: collectief’ als het aanbod voor een "
        "groep leerlingen is.",
    )


def evaluatie(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("individuele_route", "evaluatie"), "de evaluatie met betrokken partners en ouders"
    )


def ondersteuningsvraag(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("individuele_route", "ondersteuningsvraag"), "de ondersteuningsvraag"
    )


RULES: tuple[Rule, ...] = (
    Rule("ACH-1-FORMULIER", "Aanmeldformulier collectief arrangement ingevuld",
         sources.ACH_FORMULIER, formulier, collectief_in_regio, ACH),
    Rule("ACH-2-AFGESTEMD", "Vooraf afgestemd met de betrokken partijen",
         sources.ACH_AFGESTEMD, afgestemd, collectief_with_form, ACH),
    Rule("ACH-3-VISIE", "Past binnen de Achterhoekse visie",
         sources.ACH_VISIE, visie, collectief_with_form, ACH),
    Rule("ACH-4-GEDRAGSWETENSCHAPPER", "(Mede) opgesteld door een gedragswetenschapper",
         sources.ACH_GEDRAGSWETENSCHAPPER, gedragswetenschapper, collectief_with_form, ACH),
    Rule("ACH-5-COLLECTIEF", "Collectief aanbod voor meerdere leerlingen",
         sources.ACH_COLLECTIEF, meerdere_leerlingen, collectief_in_regio, ACH),
    Rule("ACH-CRITERIA", "Criteria voor leerlingen die passen binnen het arrangement",
         sources.ACH_CRITERIA, criteria, collectief_with_form, ACH),
    Rule("ACH-6-FINANCIERING", "Wijze van financiering beschreven (de verantwoordelijkheden per partij: "
         "de taakverdeling van de overeenkomst)",
         sources.ACH_FINANCIERING, financiering, collectief_in_regio, ACH),
    Rule("ACH-7-TOELEIDING", "Toeleiding van leerlingen beschreven",
         sources.ACH_TOELEIDING, toeleiding, collectief_with_form, ACH),
    Rule("ACH-8-MONITORING", "Voorstel voor verantwoording en monitoring",
         sources.ACH_MONITORING, monitoring, collectief_with_form, ACH),
    Rule("ACH-9-ADVIESVRAAG", "Concrete adviesvraag geformuleerd",
         sources.ACH_ADVIESVRAAG, adviesvraag, collectief_with_form, ACH),
    Rule("ACH-MAILEN", "Het aanmeldformulier is gemaild naar contact@sociaaldomeinachterhoek.nl (eigen bundel, "
         "niet naar DUO)", sources.ACH_MAILEN, mailen, collectief_with_form, ACH, gedaan=_mailed),
    Rule("ACH-GEMEENTE", "Minimaal één gemeente betrokken",
         sources.ACH_GEMEENTE, gemeente, collectief_in_regio, ACH),
    Rule("ACH-REGIO", "De Achterhoekse onderdelen passen bij de gemeenten van het arrangement (buiten de regio "
         "geldt alleen de route van DUO)", sources.ACH_REGIO, regio, group=ACH),
    Rule("ACH-REGISSEUR", "De regisseur/contactpersoon op het aanmeldformulier heeft een e-mailadres of "
         "telefoonnummer", sources.ACH_REGISSEUR, regisseur, collectief_in_regio, ACH),
    Rule("IND-ROUTE", "Aanvraag bij de gemeente (individuele route) ingevuld",
         sources.IND_ROUTE, route, individueel_in_regio, IND),
    Rule("IND-TOEGANG", "School en Toegang stelden de ondersteuningsbehoefte samen vast",
         sources.IND_TOEGANG, toegang, individueel_with_route, IND),
    Rule("IND-ONDERSTEUNINGSVRAAG", "Ondersteuningsvraag opgesteld",
         sources.IND_ONDERSTEUNINGSVRAAG, ondersteuningsvraag, individueel_with_route, IND),
    Rule("IND-EEN-LEERLING", "Een individueel arrangement is voor één leerling",
         sources.IND_EEN_LEERLING, een_leerling, individueel_in_regio, IND),
    Rule("IND-EVALUATIE", "Evaluatie samen met betrokken partners en ouders beschreven",
         sources.IND_EVALUATIE, evaluatie, individueel_with_route, IND),
)
