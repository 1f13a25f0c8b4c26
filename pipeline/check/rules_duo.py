"""DUO's conditions for the Experiment onderwijszorgarrangementen.

The answers model already demands that every element exists; these rules check what the
model cannot: who applies, who actually takes part in the overeenkomst, whether texts say
something, whether attachments are real files, and whether the round's deadline is met.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.check import bronnen
from pipeline.check.bijlagen import TOEGESTAAN, bijlage_probleem
from pipeline.check.findings import WAARSCHUWING, Context, Melding, Regel
from pipeline.check.tekst import MIN_KORTE_TEKST, korte_naam, noemt, summier, te_summier
from pipeline.model.answers import Dossier
from pipeline.render.context import datum

TOEGESTANE_AANVRAGERS = ("schoolbestuur", "samenwerkingsverband")
# From this many days before the uiterste ontvangstdatum the check warns (--strict fails).
DEADLINE_WAARSCHUWING_DAGEN = 14


def _genoemd(naam: str, partijen: list[str]) -> bool:
    return any(noemt(p, naam) for p in partijen)


def _school_genoemd(dossier: Dossier, partijen: list[str]) -> bool:
    return any(
        _genoemd(school.naam, partijen) or _genoemd(korte_naam(school.naam), partijen)
        for school in dossier.scholen
    )


def _ondertekenaars(dossier: Dossier) -> list[str]:
    return [o.organisatie for o in dossier.samenwerkingsovereenkomst.ondertekenaars]


# ------------------------------------------------------------------------- rules


def aanvrager(ctx: Context) -> Iterator[Melding]:
    soort = ctx.dossier.aanvrager.soort
    if soort not in TOEGESTANE_AANVRAGERS:
        yield Melding(
            ("aanvrager", "soort"),
            f"de aanvrager is een {soort}; DUO neemt alleen aanvragen van een schoolbestuur "
            "of samenwerkingsverband in behandeling",
            "Laat het bestuur van de school of het samenwerkingsverband de aanvraag doen en "
            "vul dat bevoegd gezag in bij ‘aanvrager’.",
        )


def samenwerking(ctx: Context) -> Iterator[Melding]:
    """The partners DUO names must be parties that sign the samenwerkingsovereenkomst."""
    d = ctx.dossier
    partijen = _ondertekenaars(d)
    loc = ("samenwerkingsovereenkomst", "ondertekenaars")
    if d.aanvrager.soort == "schoolbestuur":
        if not _genoemd(d.samenwerkingsverband.naam, partijen):
            yield Melding(
                loc,
                f"het samenwerkingsverband ({d.samenwerkingsverband.naam}) ondertekent de "
                "samenwerkingsovereenkomst niet",
                "Voeg een ondertekenaar toe namens het samenwerkingsverband (organisatie "
                "precies zoals bij ‘samenwerkingsverband.naam’).",
            )
    elif d.aanvrager.soort == "samenwerkingsverband":
        others = [
            p for p in partijen
            if not _genoemd(d.aanvrager.naam, [p])
            and not _genoemd(d.samenwerkingsverband.naam, [p])
            and not any(_genoemd(z.naam, [p]) for z in d.zorgaanbieders)
            and not any(_genoemd(f.naam, [p]) for f in d.financiers)
        ]  # a signer that is none of these is taken to be the schoolbestuur
        if not (_school_genoemd(d, partijen) or others):
            yield Melding(
                loc,
                "geen school of schoolbestuur ondertekent de samenwerkingsovereenkomst",
                "Voeg een ondertekenaar toe namens het bestuur van de school.",
            )
    elif not (_genoemd(d.samenwerkingsverband.naam, partijen) or _school_genoemd(d, partijen)):
        yield Melding(
            loc,
            "het samenwerkingsverband of de school ondertekent de samenwerkingsovereenkomst niet",
            "Voeg een ondertekenaar toe namens het samenwerkingsverband of de school.",
        )
    if not any(_genoemd(z.naam, partijen) for z in d.zorgaanbieders):
        yield Melding(
            loc,
            "geen van de zorgaanbieders ondertekent de samenwerkingsovereenkomst",
            "Voeg een ondertekenaar toe namens de zorgaanbieder (organisatie zoals bij "
            "‘zorgaanbieders[].naam’).",
        )
    if not any(_genoemd(f.naam, partijen) for f in d.financiers):
        yield Melding(
            loc,
            "geen geldverstrekker (gemeente, zorgverzekeraar of zorgkantoor) ondertekent de "
            "samenwerkingsovereenkomst",
            "Voeg een ondertekenaar toe namens de gemeente, zorgverzekeraar of het zorgkantoor "
            "(organisatie zoals bij ‘financiers[].naam’).",
        )


def sok_financiering(ctx: Context) -> Iterator[Melding]:
    yield from summier(
        ctx, ("samenwerkingsovereenkomst", "financiering_activiteiten"),
        "de financiering van de activiteiten",
    )


def sok_taakverdeling(ctx: Context) -> Iterator[Melding]:
    """Tasks, powers and responsibilities of the aanvrager, a zorgaanbieder and a financier."""
    d = ctx.dossier
    verdeling = d.samenwerkingsovereenkomst.taakverdeling
    partijen = [t.partij for t in verdeling]
    loc = ("samenwerkingsovereenkomst", "taakverdeling")
    ontbreekt = []
    if not _genoemd(d.aanvrager.naam, partijen):
        ontbreekt.append(f"de aanvrager ({d.aanvrager.naam})")
    if not any(_genoemd(z.naam, partijen) for z in d.zorgaanbieders):
        ontbreekt.append("een zorgaanbieder")
    if not any(_genoemd(f.naam, partijen) for f in d.financiers):
        ontbreekt.append("een geldverstrekker (gemeente, zorgverzekeraar of zorgkantoor)")
    for wie in ontbreekt:
        yield Melding(
            loc,
            f"de taakverdeling noemt {wie} niet",
            "Voeg in ‘taakverdeling’ een partij toe met de naam zoals elders in het dossier, "
            "met taken, bevoegdheden en verantwoordelijkheden.",
        )
    for i, taak in enumerate(verdeling):
        for veld in ("taken", "bevoegdheden", "verantwoordelijkheden"):
            yield from summier(ctx, (*loc, i, veld), f"‘{veld}’ van {taak.partij}")


def sok_leiding(ctx: Context) -> Iterator[Melding]:
    for i, leiding in enumerate(ctx.dossier.samenwerkingsovereenkomst.leiding_begeleiding):
        if te_summier(leiding.situatie, MIN_KORTE_TEKST):
            yield Melding(
                ("samenwerkingsovereenkomst", "leiding_begeleiding", i, "situatie"),
                f"‘{leiding.situatie}’ zegt niet in welke gevallen {leiding.partij} de leiding "
                "heeft",
                "Beschrijf per regel een situatie of fase, bijv. ‘tijdens onderwijstijd’ of "
                "‘bij crisis’.",
            )


def pp_doel(ctx: Context) -> Iterator[Melding]:
    yield from summier(ctx, ("projectplan", "doel_en_plannen"), "het doel en de plannen")


def pp_doelgroep(ctx: Context) -> Iterator[Melding]:
    yield from summier(ctx, ("arrangement", "doelgroep", "omschrijving"), "de doelgroep")


def pp_vormgeving(ctx: Context) -> Iterator[Melding]:
    yield from summier(
        ctx, ("projectplan", "vormgeving"), "hoe het arrangement eruitziet"
    )


def pp_leerlijnen(ctx: Context) -> Iterator[Melding]:
    yield from summier(ctx, ("projectplan", "leerlijnen"), "de leerlijnen of methodes")
    yield from summier(
        ctx, ("projectplan", "ontwikkeling_volgen"), "hoe de ontwikkeling wordt gevolgd"
    )


def pp_medewerkers(ctx: Context) -> Iterator[Melding]:
    for i, medewerker in enumerate(ctx.dossier.projectplan.medewerkers):
        loc = ("projectplan", "medewerkers", i)
        yield from summier(ctx, (*loc, "expertise"), f"de vakkennis van de {medewerker.functie}")
        yield from summier(
            ctx, (*loc, "bijdrage_kwaliteit"),
            f"de bijdrage aan de kwaliteit van de {medewerker.functie}",
        )
    yield from summier(
        ctx, ("projectplan", "kwaliteit"), "hoe de medewerkers de kwaliteit helpen"
    )


_BIJLAGE_VELDEN = ("mr_advies_school", "mr_advies_samenwerkingsverband", "opr_instemming")


def bijlagen(ctx: Context) -> Iterator[Melding]:
    for veld in _BIJLAGE_VELDEN:
        pad = getattr(ctx.dossier.bijlagen, veld)
        if pad is None:
            continue
        probleem = bijlage_probleem(ctx.loaded.folder, pad)
        if probleem:
            yield Melding(
                ("bijlagen", veld),
                f"de bijlage ‘{pad}’ {probleem}",
                f"Zet het ondertekende document als {TOEGESTAAN} in de dossiermap (bijv. in "
                "bijlagen/) en verwijs er met een pad binnen de map naar.",
            )


def mr_advies(ctx: Context) -> Iterator[Melding]:
    b = ctx.dossier.bijlagen
    if b.mr_advies_school is None and b.opr_instemming is None:
        yield Melding(
            ("bijlagen",),
            "het advies van de medezeggenschapsraad van de school (of een bewijs van "
            "instemming van de ondersteuningsplanraad) is niet bijgevoegd",
            "Vraag de MR om advies en vul ‘bijlagen.mr_advies_school’ in, of voeg het bewijs "
            "van instemming van de OPR toe als ‘bijlagen.opr_instemming’.",
        )


def _swv_betrokken(d: Dossier) -> bool:
    return d.aanvrager.soort == "samenwerkingsverband" or _genoemd(
        d.samenwerkingsverband.naam, _ondertekenaars(d)
    )


def mr_samenwerkingsverband(ctx: Context) -> Iterator[Melding]:
    b = ctx.dossier.bijlagen
    if b.opr_instemming is None and b.mr_advies_samenwerkingsverband is None:
        yield Melding(
            ("bijlagen",),
            "het samenwerkingsverband is partij, maar het advies van zijn medezeggenschapsraad "
            "is niet bijgevoegd",
            "Voeg het MR-advies van het samenwerkingsverband toe als "
            "‘bijlagen.mr_advies_samenwerkingsverband’ (of het bewijs van instemming van de "
            "OPR).",
            ernst=WAARSCHUWING,
        )


def ontvangstdatum(ctx: Context) -> Iterator[Melding]:
    ronde = ctx.dossier.aanvraagronde
    dagen = (ronde.uiterste_ontvangstdatum - ctx.vandaag).days
    loc = ("aanvraagronde", "uiterste_ontvangstdatum")
    wanneer = datum(ronde.uiterste_ontvangstdatum)
    if dagen < 0:
        yield Melding(
            loc,
            f"de uiterste ontvangstdatum ({wanneer}) is {-dagen} "
            f"{'dag' if dagen == -1 else 'dagen'} geleden verstreken; DUO neemt de aanvraag "
            "niet meer in behandeling",
            "Dien de aanvraag in bij een volgende aanvraagronde en pas ‘aanvraagronde’ aan.",
        )
    elif dagen <= DEADLINE_WAARSCHUWING_DAGEN:
        nog = "vandaag is de laatste dag" if dagen == 0 else (
            f"nog {dagen} {'dag' if dagen == 1 else 'dagen'}"
        )
        yield Melding(
            loc,
            f"{nog} tot de uiterste ontvangstdatum ({wanneer})",
            "Dien de aanvraag nu in via Mijn DUO: DUO moet haar uiterlijk op die datum "
            "ontvangen hebben.",
            ernst=WAARSCHUWING,
        )


REGELS: tuple[Regel, ...] = (
    Regel("DUO-AANVRAGER", "De aanvrager is een schoolbestuur of samenwerkingsverband",
          bronnen.AANVRAGER, aanvrager),
    Regel("DUO-SAMENWERKING", "Samenwerkingsverband of school, zorgaanbieder en "
          "geldverstrekker ondertekenen de overeenkomst", bronnen.SAMENWERKING, samenwerking),
    Regel("DUO-SOK-FINANCIERING", "Samenwerkingsovereenkomst: financiering van de activiteiten",
          bronnen.SOK_FINANCIERING, sok_financiering),
    Regel("DUO-SOK-TAAKVERDELING", "Samenwerkingsovereenkomst: taken, bevoegdheden en "
          "verantwoordelijkheden per partij", bronnen.SOK_TAAKVERDELING, sok_taakverdeling),
    Regel("DUO-SOK-LEIDING", "Samenwerkingsovereenkomst: wie in welke gevallen de leiding "
          "heeft", bronnen.SOK_LEIDING, sok_leiding),
    Regel("DUO-PP-DOEL", "Projectplan: doel en plannen", bronnen.PP_DOEL, pp_doel),
    Regel("DUO-PP-DOELGROEP", "Projectplan: doelgroep", bronnen.PP_DOELGROEP, pp_doelgroep),
    Regel("DUO-PP-VORMGEVING", "Projectplan: hoe het arrangement eruitziet",
          bronnen.PP_VORMGEVING, pp_vormgeving),
    Regel("DUO-PP-LEERLIJNEN", "Projectplan: leerlijnen en het volgen van de ontwikkeling",
          bronnen.PP_LEERLIJNEN, pp_leerlijnen),
    Regel("DUO-PP-MEDEWERKERS", "Projectplan: medewerkers, vakkennis en kwaliteit",
          bronnen.PP_MEDEWERKERS, pp_medewerkers),
    Regel("DUO-MR-ADVIES", "MR-advies van de school of OPR-instemming bijgevoegd",
          bronnen.MR_ADVIES, mr_advies),
    Regel("DUO-MR-SWV", "MR-advies van het samenwerkingsverband bijgevoegd (als het partij is)",
          bronnen.MR_SAMENWERKINGSVERBAND, mr_samenwerkingsverband, geldt_voor=_swv_betrokken),
    Regel("DUO-BIJLAGE", f"Bijlagen bestaan, zijn niet leeg en zijn een {TOEGESTAAN}",
          bronnen.BIJLAGE, bijlagen),
    Regel("DUO-ONTVANGSTDATUM", "Ingediend vóór de uiterste ontvangstdatum",
          bronnen.ONTVANGSTDATUM, ontvangstdatum),
)
