"""DUO's conditions for the Experiment onderwijszorgarrangementen.

The answers model already demands that every element exists; these rules check what the
model cannot: who applies, who actually takes part in the overeenkomst, whether texts say
something, whether attachments are real files, and whether the round's deadline is met.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.check import sources
from pipeline.check.attachments import ALLOWED_KINDS, attachment_problem
from pipeline.check.findings import WARNING, Context, Message, Rule
from pipeline.check.text import (
    MIN_SHORT_TEXT_LENGTH,
    mentions,
    require_description,
    short_name,
    too_short,
)
from pipeline.model.answers import Dossier
from pipeline.render.context import datum

ALLOWED_APPLICANTS = ("schoolbestuur", "samenwerkingsverband")
# From this many days before the uiterste ontvangstdatum the check warns (--strict fails).
DEADLINE_WARNING_DAYS = 14


def _named(name: str, parties: list[str]) -> bool:
    return any(mentions(p, name) for p in parties)


def _school_named(dossier: Dossier, parties: list[str]) -> bool:
    return any(
        _named(school.naam, parties) or _named(short_name(school.naam), parties)
        for school in dossier.scholen
    )


def _signing_organisations(dossier: Dossier) -> list[str]:
    return [o.organisatie for o in dossier.samenwerkingsovereenkomst.ondertekenaars]


# ------------------------------------------------------------------------- rules


def aanvrager(ctx: Context) -> Iterator[Message]:
    kind = ctx.dossier.aanvrager.soort
    if kind not in ALLOWED_APPLICANTS:
        yield Message(
            ("aanvrager", "soort"),
            f"de aanvrager is een {kind}; DUO neemt alleen aanvragen van een schoolbestuur "
            "of samenwerkingsverband in behandeling",
            "Laat het bestuur van de school of het samenwerkingsverband de aanvraag doen en "
            "vul dat bevoegd gezag in bij ‘aanvrager’.",
        )


def samenwerking(ctx: Context) -> Iterator[Message]:
    """The partners DUO names must be parties that sign the samenwerkingsovereenkomst."""
    d = ctx.dossier
    parties = _signing_organisations(d)
    loc = ("samenwerkingsovereenkomst", "ondertekenaars")
    if d.aanvrager.soort == "schoolbestuur":
        if not _named(d.samenwerkingsverband.naam, parties):
            yield Message(
                loc,
                f"het samenwerkingsverband ({d.samenwerkingsverband.naam}) ondertekent de "
                "samenwerkingsovereenkomst niet",
                "Voeg een ondertekenaar toe namens het samenwerkingsverband (organisatie "
                "precies zoals bij ‘samenwerkingsverband.naam’).",
            )
    elif d.aanvrager.soort == "samenwerkingsverband":
        others = [
            p for p in parties
            if not _named(d.aanvrager.naam, [p])
            and not _named(d.samenwerkingsverband.naam, [p])
            and not any(_named(z.naam, [p]) for z in d.zorgaanbieders)
            and not any(_named(f.naam, [p]) for f in d.financiers)
        ]  # a signer that is none of these is taken to be the schoolbestuur
        if not (_school_named(d, parties) or others):
            yield Message(
                loc,
                "geen school of schoolbestuur ondertekent de samenwerkingsovereenkomst",
                "Voeg een ondertekenaar toe namens het bestuur van de school.",
            )
    elif not (_named(d.samenwerkingsverband.naam, parties) or _school_named(d, parties)):
        yield Message(
            loc,
            "het samenwerkingsverband of de school ondertekent de samenwerkingsovereenkomst niet",
            "Voeg een ondertekenaar toe namens het samenwerkingsverband of de school.",
        )
    if not any(_named(z.naam, parties) for z in d.zorgaanbieders):
        yield Message(
            loc,
            "geen van de zorgaanbieders ondertekent de samenwerkingsovereenkomst",
            "Voeg een ondertekenaar toe namens de zorgaanbieder (organisatie zoals bij "
            "‘zorgaanbieders[].naam’).",
        )
    if not any(_named(f.naam, parties) for f in d.financiers):
        yield Message(
            loc,
            "geen geldverstrekker (gemeente, zorgverzekeraar of zorgkantoor) ondertekent de "
            "samenwerkingsovereenkomst",
            "Voeg een ondertekenaar toe namens de gemeente, zorgverzekeraar of het zorgkantoor "
            "(organisatie zoals bij ‘financiers[].naam’).",
        )


def sok_financiering(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("samenwerkingsovereenkomst", "financiering_activiteiten"),
        "de financiering van de activiteiten",
    )


def sok_taakverdeling(ctx: Context) -> Iterator[Message]:
    """Tasks, powers and responsibilities of the aanvrager, a zorgaanbieder and a financier."""
    d = ctx.dossier
    division = d.samenwerkingsovereenkomst.taakverdeling
    parties = [t.partij for t in division]
    loc = ("samenwerkingsovereenkomst", "taakverdeling")
    missing = []
    if not _named(d.aanvrager.naam, parties):
        missing.append(f"de aanvrager ({d.aanvrager.naam})")
    if not any(_named(z.naam, parties) for z in d.zorgaanbieders):
        missing.append("een zorgaanbieder")
    if not any(_named(f.naam, parties) for f in d.financiers):
        missing.append("een geldverstrekker (gemeente, zorgverzekeraar of zorgkantoor)")
    for who in missing:
        yield Message(
            loc,
            f"de taakverdeling noemt {who} niet",
            "Voeg in ‘taakverdeling’ een partij toe met de naam zoals elders in het dossier, "
            "met taken, bevoegdheden en verantwoordelijkheden.",
        )
    for i, entry in enumerate(division):
        for field in ("taken", "bevoegdheden", "verantwoordelijkheden"):
            yield from require_description(
                ctx, (*loc, i, field), f"‘{field}’ van {entry.partij}"
            )


def sok_leiding(ctx: Context) -> Iterator[Message]:
    for i, entry in enumerate(ctx.dossier.samenwerkingsovereenkomst.leiding_begeleiding):
        if too_short(entry.situatie, MIN_SHORT_TEXT_LENGTH):
            yield Message(
                ("samenwerkingsovereenkomst", "leiding_begeleiding", i, "situatie"),
                f"‘{entry.situatie}’ zegt niet in welke gevallen {entry.partij} de leiding "
                "heeft",
                "Beschrijf per regel een situatie of fase, bijv. ‘tijdens onderwijstijd’ of "
                "‘bij crisis’.",
            )


def pp_doel(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("projectplan", "doel_en_plannen"), "het doel en de plannen"
    )


def pp_doelgroep(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("arrangement", "doelgroep", "omschrijving"), "de doelgroep"
    )


def pp_vormgeving(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("projectplan", "vormgeving"), "hoe het arrangement eruitziet"
    )


def pp_leerlijnen(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("projectplan", "leerlijnen"), "de leerlijnen of methodes"
    )
    yield from require_description(
        ctx, ("projectplan", "ontwikkeling_volgen"), "hoe de ontwikkeling wordt gevolgd"
    )


def pp_medewerkers(ctx: Context) -> Iterator[Message]:
    for i, employee in enumerate(ctx.dossier.projectplan.medewerkers):
        loc = ("projectplan", "medewerkers", i)
        yield from require_description(
            ctx, (*loc, "expertise"), f"de vakkennis van de {employee.functie}"
        )
        yield from require_description(
            ctx, (*loc, "bijdrage_kwaliteit"),
            f"de bijdrage aan de kwaliteit van de {employee.functie}",
        )
    yield from require_description(
        ctx, ("projectplan", "kwaliteit"), "hoe de medewerkers de kwaliteit helpen"
    )


_ATTACHMENT_FIELDS = ("mr_advies_school", "mr_advies_samenwerkingsverband", "opr_instemming")


def bijlagen(ctx: Context) -> Iterator[Message]:
    for field in _ATTACHMENT_FIELDS:
        path = getattr(ctx.dossier.bijlagen, field)
        if path is None:
            continue
        problem = attachment_problem(ctx.loaded.folder, path)
        if problem:
            yield Message(
                ("bijlagen", field),
                f"de bijlage ‘{path}’ {problem}",
                f"Zet het ondertekende document als {ALLOWED_KINDS} in de dossiermap (bijv. in "
                "bijlagen/) en verwijs er met een pad binnen de map naar.",
            )


def mr_advies(ctx: Context) -> Iterator[Message]:
    b = ctx.dossier.bijlagen
    if b.mr_advies_school is None and b.opr_instemming is None:
        yield Message(
            ("bijlagen",),
            "het advies van de medezeggenschapsraad van de school (of een bewijs van "
            "instemming van de ondersteuningsplanraad) is niet bijgevoegd",
            "Vraag de MR om advies en vul ‘bijlagen.mr_advies_school’ in, of voeg het bewijs "
            "van instemming van de OPR toe als ‘bijlagen.opr_instemming’.",
        )


def _swv_is_party(d: Dossier) -> bool:
    return d.aanvrager.soort == "samenwerkingsverband" or _named(
        d.samenwerkingsverband.naam, _signing_organisations(d)
    )


def mr_samenwerkingsverband(ctx: Context) -> Iterator[Message]:
    b = ctx.dossier.bijlagen
    if b.opr_instemming is None and b.mr_advies_samenwerkingsverband is None:
        yield Message(
            ("bijlagen",),
            "het samenwerkingsverband is partij, maar het advies van zijn medezeggenschapsraad "
            "is niet bijgevoegd",
            "Voeg het MR-advies van het samenwerkingsverband toe als "
            "‘bijlagen.mr_advies_samenwerkingsverband’ (of het bewijs van instemming van de "
            "OPR).",
            severity=WARNING,
        )


def ontvangstdatum(ctx: Context) -> Iterator[Message]:
    round_ = ctx.dossier.aanvraagronde
    days = (round_.uiterste_ontvangstdatum - ctx.today).days
    loc = ("aanvraagronde", "uiterste_ontvangstdatum")
    when = datum(round_.uiterste_ontvangstdatum)
    if days < 0:
        yield Message(
            loc,
            f"de uiterste ontvangstdatum ({when}) is {-days} "
            f"{'dag' if days == -1 else 'dagen'} geleden verstreken; DUO neemt de aanvraag "
            "niet meer in behandeling",
            "Dien de aanvraag in bij een volgende aanvraagronde en pas ‘aanvraagronde’ aan.",
        )
    elif days <= DEADLINE_WARNING_DAYS:
        left = "vandaag is de laatste dag" if days == 0 else (
            f"nog {days} {'dag' if days == 1 else 'dagen'}"
        )
        yield Message(
            loc,
            f"{left} tot de uiterste ontvangstdatum ({when})",
            "Dien de aanvraag nu in via Mijn DUO: DUO moet haar uiterlijk op die datum "
            "ontvangen hebben.",
            severity=WARNING,
        )


RULES: tuple[Rule, ...] = (
    Rule("DUO-AANVRAGER", "De aanvrager is een schoolbestuur of samenwerkingsverband",
         sources.AANVRAGER, aanvrager),
    Rule("DUO-SAMENWERKING", "Samenwerkingsverband of school, zorgaanbieder en "
         "geldverstrekker ondertekenen de overeenkomst", sources.SAMENWERKING, samenwerking),
    Rule("DUO-SOK-FINANCIERING", "Samenwerkingsovereenkomst: financiering van de activiteiten",
         sources.SOK_FINANCIERING, sok_financiering),
    Rule("DUO-SOK-TAAKVERDELING", "Samenwerkingsovereenkomst: taken, bevoegdheden en "
         "verantwoordelijkheden per partij", sources.SOK_TAAKVERDELING, sok_taakverdeling),
    Rule("DUO-SOK-LEIDING", "Samenwerkingsovereenkomst: wie in welke gevallen de leiding "
         "heeft", sources.SOK_LEIDING, sok_leiding),
    Rule("DUO-PP-DOEL", "Projectplan: doel en plannen", sources.PP_DOEL, pp_doel),
    Rule("DUO-PP-DOELGROEP", "Projectplan: doelgroep", sources.PP_DOELGROEP, pp_doelgroep),
    Rule("DUO-PP-VORMGEVING", "Projectplan: hoe het arrangement eruitziet",
         sources.PP_VORMGEVING, pp_vormgeving),
    Rule("DUO-PP-LEERLIJNEN", "Projectplan: leerlijnen en het volgen van de ontwikkeling",
         sources.PP_LEERLIJNEN, pp_leerlijnen),
    Rule("DUO-PP-MEDEWERKERS", "Projectplan: medewerkers, vakkennis en kwaliteit",
         sources.PP_MEDEWERKERS, pp_medewerkers),
    Rule("DUO-MR-ADVIES", "MR-advies van de school of OPR-instemming bijgevoegd",
         sources.MR_ADVIES, mr_advies),
    Rule("DUO-MR-SWV", "MR-advies van het samenwerkingsverband bijgevoegd (als het partij is)",
         sources.MR_SAMENWERKINGSVERBAND, mr_samenwerkingsverband, applies_to=_swv_is_party),
    Rule("DUO-BIJLAGE", f"Bijlagen bestaan, zijn niet leeg en zijn een {ALLOWED_KINDS}",
         sources.BIJLAGE, bijlagen),
    Rule("DUO-ONTVANGSTDATUM", "Ingediend vóór de uiterste ontvangstdatum",
         sources.ONTVANGSTDATUM, ontvangstdatum),
)
