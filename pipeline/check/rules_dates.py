"""Dates and numbers that must agree: the round, the agreement's term, the ages, the start.

An official reads the dates together: an arrangement cannot start before DUO decides, an
agreement cannot end before it begins, and a collective Achterhoek arrangement cannot start
before the adviesgroep has advised and the AO Jeugd has decided. The round's facts are data
(``pipeline.rounds``), not numbers in these rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from pipeline.check import sources
from pipeline.check.findings import WARNING, Context, Message, Rule
from pipeline.check.rules_achterhoek import ACH, collectief_with_form
from pipeline.dates import datum
from pipeline.rounds import EXPERIMENT, round_by_number

# "brengt uiterlijk 6 weken na het indienen van de aanvraag een advies uit aan het AO Jeugd"
ADVIESTERMIJN = timedelta(weeks=6)


def ronde(ctx: Context) -> Iterator[Message]:
    """A known round keeps its shipped dates; a new one is described whole and lies in the experiment."""
    r = ctx.dossier.aanvraagronde
    loc = ("aanvraagronde",)
    if r.ronde is not None:
        known = round_by_number(r.ronde)
        for field, value in (("uiterste_ontvangstdatum", known.uiterste_ontvangstdatum),
                             ("beslisdatum", known.beslisdatum)):
            given = getattr(r, field)
            if given != value:
                yield Message(
                    (*loc, field),
                    f"in aanvraagronde {r.ronde} is de {field.replace('_', ' ')} {datum(value)}, niet {datum(given)}",
                    f"Laat ‘{field}’ weg (het programma kent de datums van ronde {r.ronde}), of laat "
                    "‘ronde’ weg als het om een nieuwe ronde gaat.",
                )
    elif r.beslisdatum is None:
        yield Message(
            (*loc, "beslisdatum"),
            "de nieuwe aanvraagronde is niet beschreven: de beslisdatum ontbreekt",
            "Vul ‘aanvraagronde.beslisdatum’ in zoals DUO die voor deze ronde noemt, of noem een bekende "
            "ronde met ‘ronde’.",
            position=_line_of(ctx, loc),
        )
    if r.beslisdatum is not None and r.beslisdatum <= r.uiterste_ontvangstdatum:
        yield Message(
            (*loc, "beslisdatum"),
            f"de beslisdatum ({datum(r.beslisdatum)}) ligt niet na de uiterste ontvangstdatum "
            f"({datum(r.uiterste_ontvangstdatum)})",
            "Controleer de datums van de aanvraagronde: DUO beslist na de ontvangst van de aanvragen.",
        )
    if r.uiterste_ontvangstdatum >= EXPERIMENT.end:
        yield Message(
            (*loc, "uiterste_ontvangstdatum"),
            f"de uiterste ontvangstdatum ({datum(r.uiterste_ontvangstdatum)}) ligt na het einde van het "
            f"experiment ({datum(EXPERIMENT.end)})",
            "Controleer de aanvraagronde: het experiment loopt van "
            f"{datum(EXPERIMENT.start)} tot {datum(EXPERIMENT.end)}.",
        )


def _line_of(ctx: Context, loc: tuple[str, ...]) -> tuple[int, int] | None:
    line, col = ctx.loaded.source.position(loc)
    return (line, col) if line is not None and col is not None else None


def looptijd(ctx: Context) -> Iterator[Message]:
    sok = ctx.dossier.samenwerkingsovereenkomst
    start = ctx.dossier.arrangement.startdatum
    if sok.einddatum <= sok.ingangsdatum:
        yield Message(
            ("samenwerkingsovereenkomst", "einddatum"),
            f"de overeenkomst eindigt ({datum(sok.einddatum)}) niet na de ingangsdatum ({datum(sok.ingangsdatum)})",
            "Zet ‘einddatum’ na ‘ingangsdatum’.",
        )
    if sok.ingangsdatum > start:
        yield Message(
            ("samenwerkingsovereenkomst", "ingangsdatum"),
            f"de overeenkomst gaat pas in op {datum(sok.ingangsdatum)}, na de start van het arrangement "
            f"({datum(start)})",
            "Laat de overeenkomst uiterlijk op de startdatum van het arrangement ingaan: de afspraken over "
            "financiering en taken gelden vanaf de eerste dag.",
        )
    elif start > sok.einddatum:
        yield Message(
            ("arrangement", "startdatum"),
            f"het arrangement start ({datum(start)}) na het einde van de overeenkomst ({datum(sok.einddatum)})",
            "Controleer ‘arrangement.startdatum’ en de looptijd van de overeenkomst.",
        )


def leeftijden(ctx: Context) -> Iterator[Message]:
    group = ctx.dossier.arrangement.doelgroep
    if group.leeftijd_van > group.leeftijd_tot:
        yield Message(
            ("arrangement", "doelgroep", "leeftijd_van"),
            f"de jongste leeftijd ({group.leeftijd_van}) is hoger dan de oudste ({group.leeftijd_tot})",
            "Zet de jongste leeftijd bij ‘leeftijd_van’ en de oudste bij ‘leeftijd_tot’.",
        )


def start_na_besluit(ctx: Context) -> Iterator[Message]:
    d = ctx.dossier
    start = d.arrangement.startdatum
    decision = d.aanvraagronde.beslisdatum
    loc = ("arrangement", "startdatum")
    if start < EXPERIMENT.start:
        yield Message(
            loc,
            f"het arrangement start ({datum(start)}) vóór het experiment ({datum(EXPERIMENT.start)})",
            "Kies een startdatum binnen het experiment.",
        )
    elif start >= EXPERIMENT.end:
        yield Message(
            loc,
            f"het arrangement start ({datum(start)}) niet vóór het einde van het experiment "
            f"({datum(EXPERIMENT.end)}); daarna mag niet meer van de regels worden afgeweken",
            f"Kies een startdatum binnen het experiment, vóór {datum(EXPERIMENT.end)}.",
        )
    elif decision is not None and start <= decision:
        yield Message(
            loc,
            f"het arrangement start ({datum(start)}) niet na de beslisdatum van DUO ({datum(decision)}); "
            "pas na het besluit mag het afwijken van de regels",
            "Kies een startdatum na de beslisdatum van de aanvraagronde.",
        )


def experimentperiode(ctx: Context) -> Iterator[Message]:
    end = ctx.dossier.samenwerkingsovereenkomst.einddatum
    if end >= EXPERIMENT.end:
        yield Message(
            ("samenwerkingsovereenkomst", "einddatum"),
            f"de overeenkomst loopt tot {datum(end)}, na het einde van het experiment ({datum(EXPERIMENT.end)}); "
            "daarna gelden de afwijkingen van de regels niet meer",
            "Beschrijf wat er na het experiment gebeurt (bijv. in ‘beeindiging’ of ‘opmerkingen’), of laat de "
            f"overeenkomst uiterlijk op {datum(EXPERIMENT.last_day)} eindigen.",
            severity=WARNING,
        )


def adviestermijn(ctx: Context) -> Iterator[Message]:
    """Six weeks for the adviesgroep, then the AO Jeugd decides. The seeds give the AO Jeugd no
    term, so the start must fall after the six weeks; the message says the decision still follows."""
    d = ctx.dossier
    mailed = ctx.voortgang.aanmeldformulier_gemaild
    sent = mailed or ctx.today
    advice = sent + ADVIESTERMIJN
    start = d.arrangement.startdatum
    if start <= advice:
        when = (f"na het verzenden van het aanmeldformulier ({datum(sent)})" if mailed
                else f"als het aanmeldformulier vandaag ({datum(sent)}) wordt gemaild")
        yield Message(
            ("arrangement", "startdatum"),
            f"het arrangement start op {datum(start)}, maar {when} heeft de adviesgroep tot {datum(advice)} "
            "voor haar advies, en daarna besluit het AO Jeugd nog",
            "Kies een latere startdatum, of mail het aanmeldformulier eerder (en zet die datum bij "
            "‘aanmeldformulier_gemaild’ in voortgang.yaml).",
        )


RULES: tuple[Rule, ...] = (
    Rule("DUO-RONDE", "De aanvraagronde is een bekende ronde of is beschreven (ontvangst- en beslisdatum)",
         sources.RONDE, ronde),
    Rule("DUO-START-NA-BESLUIT", "Het arrangement start na het besluit van DUO en binnen het experiment",
         sources.BESLUIT, start_na_besluit),
    Rule("DUO-EXPERIMENTPERIODE", "De overeenkomst valt binnen het experiment (1 januari 2023 tot 1 januari 2028)",
         sources.EXPERIMENT, experimentperiode),
    Rule("DUO-SOK-LOOPTIJD", "Samenwerkingsovereenkomst: eindigt na de ingangsdatum en geldt bij de start",
         sources.SOK_AFSPRAKEN, looptijd),
    Rule("DUO-PP-LEEFTIJDEN", "Projectplan: de leeftijden van de doelgroep zijn op volgorde",
         sources.PP_DOELGROEP, leeftijden),
    Rule("ACH-ADVIESTERMIJN", "De start valt na de zes weken voor het advies (daarna besluit het AO Jeugd)",
         sources.ACH_ADVIESTERMIJN, adviestermijn, collectief_with_form, ACH),
)
