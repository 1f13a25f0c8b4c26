"""Dates and numbers that must agree: the round, the agreement's term, the ages, the start.

An official reads the dates together: an arrangement cannot start before DUO decides, an
agreement cannot end before it begins, and a collective Achterhoek arrangement cannot start
before the adviesgroep has advised and the AO Jeugd has decided. The round's facts are data
(``pipeline.rounds``), not numbers in these rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from pipeline.check import sources
from pipeline.check.findings import WARNING, Context, Message, Rule
from pipeline.check.privacy import position
from pipeline.check.rules_achterhoek import ACH, collectief_with_form
from pipeline.dates import datum
from pipeline.model.fields import dotted
from pipeline.periods import Loc, Stated, maanden, moments, plan_texts, stated_dates, whole_months
from pipeline.periods import looptijd as term
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


def _said_at(ctx: Context, loc: Loc, words: str) -> tuple[int, int] | None:
    """The line of the words in the answer (a block scalar spans lines; a wrapped phrase is found by its
    date or last word); else None, and the finding points at the field."""
    parts = words.split()
    for needle in (words, " ".join(parts[-3:]), parts[-1]):
        if (found := position(ctx.loaded.source, loc, needle)) is not None:
            return found
    return None


def _expected(ctx: Context, said: Stated) -> tuple[str, date, str]:
    """The structured date a stated start or end must equal: field, value and what it is called."""
    sok = ctx.dossier.samenwerkingsovereenkomst
    if said.kind == "start" and said.agreement:
        return "samenwerkingsovereenkomst.ingangsdatum", sok.ingangsdatum, "de ingangsdatum van de overeenkomst"
    if said.kind == "start":
        return "arrangement.startdatum", ctx.dossier.arrangement.startdatum, "de startdatum van het arrangement"
    return "samenwerkingsovereenkomst.einddatum", sok.einddatum, "de einddatum van de overeenkomst"


def datums_in_tekst(ctx: Context) -> Iterator[Message]:
    """A start or end said in a text is the structured one. The documents print the dates from their
    fields, so "start per 1 augustus" beside "Startdatum 1 september" is a contradiction on paper."""
    d = ctx.dossier
    start, end = d.arrangement.startdatum, d.samenwerkingsovereenkomst.einddatum
    for loc, text in plan_texts(d):
        where = f"‘{dotted(loc)}’"
        for said in stated_dates(text):
            if said.kind == "schooljaar":
                if said.last is not None and (said.last < start or said.first > end):
                    yield Message(
                        loc, f"{where} noemt {said.words} ({said}), maar het arrangement loopt van {datum(start)} "
                        f"t/m {datum(end)}",
                        "Noem het schooljaar waarin het arrangement loopt, of laat het weg: de documenten drukken "
                        "de looptijd af uit ‘arrangement.startdatum’ en ‘samenwerkingsovereenkomst.einddatum’.",
                        position=_said_at(ctx, loc, said.words))
                continue
            field, value, what = _expected(ctx, said)
            if said.first == value or (said.exclusive and said.first - timedelta(days=1) == value):
                continue
            als = "als start" if said.kind == "start" else "als einde"
            if loc == ("arrangement", "tijdsduur"):
                todo = (f"Laat ‘arrangement.tijdsduur’ weg: de documenten drukken de looptijd af uit de startdatum "
                        f"en de einddatum ({term(d)}). Klopt {datum(said.first)}, pas dan ‘{field}’ aan.")
            else:
                todo = (f"Schrijf de datum niet opnieuw in de tekst (de documenten nemen hem over uit ‘{field}’), "
                        f"of maak beide gelijk: klopt {datum(said.first)}, pas dan ‘{field}’ aan; anders "
                        f"{datum(value)} in de tekst.")
            yield Message(loc, f"{where} noemt {als} {datum(said.first)} (‘{said.words}’), maar {what} "
                          f"(‘{field}’) is {datum(value)}", todo,
                          position=_said_at(ctx, loc, said.words))


def periodes_in_tekst(ctx: Context) -> Iterator[Message]:
    """What a text plans after a period ("na één jaar", "binnen twee jaar", "eind van het schooljaar")
    falls within the term. After the agreement's end it is an error: the plan and the agreement cannot
    both be true, and an official sends that back. Within the agreement but after the experiment it is a
    warning, as the agreement itself is (DUO-EXPERIMENTPERIODE): it may be meant, if described."""
    d = ctx.dossier
    start, end = d.arrangement.startdatum, d.samenwerkingsovereenkomst.einddatum
    if end <= start or start >= EXPERIMENT.end:
        return  # no term to plan in: DUO-SOK-LOOPTIJD or DUO-START-NA-BESLUIT says so, once
    room = whole_months(start, end)
    example = f" (bijv. ‘na {maanden(room)}’)" if room else ""
    for loc, text in plan_texts(d):
        where = f"‘{dotted(loc)}’"
        planned = [(m.words, m.on(start)) for m in moments(text)]
        planned += [(s.words, s.last) for s in stated_dates(text) if s.kind == "schooljaar" and s.last is not None
                    and s.last >= start and s.first <= end]
        for words, when in planned:
            if when > end:
                yield Message(
                    loc, f"{where}: ‘{words}’ valt op {datum(when)}, na het einde van de overeenkomst "
                    f"({datum(end)}); het arrangement loopt van {term(d)}",
                    f"Plan dit binnen de looptijd, uiterlijk op {datum(end)}{example}, of verleng de overeenkomst "
                    "(‘samenwerkingsovereenkomst.einddatum’) als het arrangement echt zo lang loopt.",
                    position=_said_at(ctx, loc, words))
            elif when >= EXPERIMENT.end:
                yield Message(
                    loc, f"{where}: ‘{words}’ valt op {datum(when)}, na het einde van het experiment "
                    f"({datum(EXPERIMENT.end)}); daarna gelden de afwijkingen van de regels niet meer",
                    f"Plan dit vóór {datum(EXPERIMENT.end)}, of beschrijf wat er na het experiment gebeurt "
                    "(bijv. in ‘beeindiging’).",
                    severity=WARNING, position=_said_at(ctx, loc, words))


RULES: tuple[Rule, ...] = (
    Rule("DUO-RONDE", "De aanvraagronde is een bekende ronde of is beschreven (ontvangst- en beslisdatum)",
         sources.RONDE, ronde),
    Rule("DUO-START-NA-BESLUIT", "Het arrangement start na het besluit van DUO en binnen het experiment",
         sources.BESLUIT, start_na_besluit),
    Rule("DUO-EXPERIMENTPERIODE", "De overeenkomst valt binnen het experiment (1 januari 2023 tot 1 januari 2028)",
         sources.EXPERIMENT, experimentperiode),
    Rule("DUO-SOK-LOOPTIJD", "Samenwerkingsovereenkomst: eindigt na de ingangsdatum en geldt bij de start",
         sources.SOK_AFSPRAKEN, looptijd),
    Rule("DUO-DATUMS-TEKST", "Een start of einde in de tekst is de startdatum of een datum van de overeenkomst",
         sources.PP_DOEL, datums_in_tekst),
    Rule("DUO-PERIODES-TEKST", "Wat de tekst na een periode plant (‘na één jaar’), valt binnen de looptijd",
         sources.PP_DOEL, periodes_in_tekst),
    Rule("DUO-PP-LEEFTIJDEN", "Projectplan: de leeftijden van de doelgroep zijn op volgorde",
         sources.PP_DOELGROEP, leeftijden),
    Rule("ACH-ADVIESTERMIJN", "De start valt na de zes weken voor het advies (daarna besluit het AO Jeugd)",
         sources.ACH_ADVIESTERMIJN, adviestermijn, collectief_with_form, ACH),
)
