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
    placeholder,
    require_description,
    short_name,
    too_short,
    value_at,
)
from pipeline.dates import datum
from pipeline.model.advices import advices
from pipeline.model.answers import Dossier, Ondertekenaar, Persoon
from pipeline.model.fields import dotted, iter_values, placeholders_left_out, spec_for
from pipeline.model.parties import Partij, normalised, partij_van, partijen
from pipeline.model.types import bedoeld_leeg
from pipeline.read.load import Loc
from pipeline.route.progress import Voortgang
from pipeline.ui import plural

ALLOWED_APPLICANTS = ("schoolbestuur", "samenwerkingsverband")
# From this many days before the uiterste ontvangstdatum the check warns (--strict fails).
DEADLINE_WARNING_DAYS = 14


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


def _not_a_party(d: Dossier, text: str, doing: str) -> str:
    """``text`` (a signer's organisation or a task's party) is ``doing`` something only a party
    does: why it is no party, and whom to name instead."""
    wanted = normalised(text)
    school = next((s for s in d.scholen if wanted in {normalised(s.naam), normalised(short_name(s.naam))}), None)
    if school is not None:
        board = school.bevoegd_gezag or d.aanvrager.naam
        return f"‘{text}’ {doing}, maar is een school en geen partij; noem het bevoegd gezag ({board})"
    return (f"‘{text}’ {doing}, maar is geen partij (geen aanvrager, samenwerkingsverband, zorgaanbieder "
            "of geldverstrekker)")


_NAME_ADVICE = (
    "Schrijf de partij precies zoals bij haar ‘naam’ of ‘korte_naam’ in het dossier (aanvrager, "
    "samenwerkingsverband, zorgaanbieders, financiers of scholen[].bevoegd_gezag)."
)


def samenwerking(ctx: Context) -> Iterator[Message]:
    """Every party to the agreement signs it; every signer signs for a party."""
    d = ctx.dossier
    parties = partijen(d)
    loc = ("samenwerkingsovereenkomst", "ondertekenaars")
    if d.aanvrager.soort == "samenwerkingsverband":  # (any other non-board applicant is DUO-AANVRAGER's)
        for i, school in enumerate(d.scholen):
            if school.bevoegd_gezag is None:
                yield Message(
                    ("scholen", i),
                    f"bij {school.naam} staat geen bevoegd gezag; de aanvrager is het samenwerkingsverband, "
                    "dus het bestuur van de school is een eigen partij",
                    "Vul ‘bevoegd_gezag’ van de school in met de naam van het schoolbestuur, en laat "
                    "dat bestuur de samenwerkingsovereenkomst ondertekenen.",
                )
    for party in parties:
        if party.ondertekenaar is None:
            yield Message(
                loc,
                f"{party.naam} ({party.rol}) ondertekent de samenwerkingsovereenkomst niet",
                f"Voeg onder ‘ondertekenaars’ een tekenbevoegde toe met als organisatie "
                f"‘{party.aanduiding}’: elke partij tekent de overeenkomst.",
            )
    signed: dict[str, Ondertekenaar] = {}  # party → who signs for it first
    for i, signer in enumerate(d.samenwerkingsovereenkomst.ondertekenaars):
        party = partij_van(parties, signer.organisatie)
        if party is None:
            yield Message(
                (*loc, i, "organisatie"),
                _not_a_party(d, signer.organisatie, "ondertekent de samenwerkingsovereenkomst"),
                _NAME_ADVICE,
            )
        elif ((first := signed.setdefault(party.naam, signer)) is not signer
              and normalised(first.naam) != normalised(signer.naam)):  # the same person again: one signature
            yield _signs_twice(party, first, signer, (*loc, i, "organisatie"))
    yield from _one_organisation(d, parties)


def _signs_twice(party: Partij, first: Ondertekenaar, second: Ondertekenaar, loc: Loc) -> Message:
    """Two people sign for one party; when it is one organisation in two roles, say that it is one party."""
    if len(party.rollen) == 1 and len(party.namen) == 1:
        return Message(loc, f"{second.organisatie} ondertekent twee keer",
                       "Laat elke partij één keer ondertekenen (één tekenbevoegde per partij).")
    spellings = {normalised(n): n for n in (first.organisatie, second.organisatie)}
    same = (f"‘{first.organisatie}’ en ‘{second.organisatie}’ zijn dezelfde organisatie" if len(spellings) > 1
            else f"{party.naam} is één organisatie")
    return Message(
        loc,
        f"{same}, dus één partij ({party.rol}) die één keer tekent; onder ‘ondertekenaars’ tekenen nu "
        f"{first.naam} en {second.naam} namens haar",
        f"Laat één tekenbevoegde namens {party.aanduiding} tekenen: haal {second.naam} of {first.naam} weg "
        "onder ‘ondertekenaars’. Zijn het twee organisaties, schrijf hun namen dan zoals ze bij de Kamer van "
        "Koophandel staan: namen die alleen in ‘Stichting’, ‘B.V.’ en dergelijke verschillen, zijn één organisatie.",
    )


def _one_organisation(d: Dossier, parties: tuple[Partij, ...]) -> Iterator[Message]:
    """What makes one organisation read as two, or two as one: one short name for two parties, two short
    names for one, one organisation twice in the same list."""
    for i, party in enumerate(parties):
        for other in parties[i + 1:]:
            shared = {normalised(k) for k in party.korte_namen} & {normalised(k) for k in other.korte_namen}
            if shared:
                short = next(k for k in other.korte_namen if normalised(k) in shared)
                where = next(b for b in other.bronnen if _short_name_of(d, b) in shared)
                yield Message(
                    (*where, "korte_naam"),
                    f"‘{short}’ is de korte naam van twee partijen: {party.naam} ({party.rol}) en {other.naam} "
                    f"({other.rol}); de taakverdeling en de ondertekenaars kunnen ze dan niet uit elkaar houden",
                    f"Is het één organisatie, schrijf dan bij beide dezelfde ‘naam’ (dan is het één partij, "
                    f"met beide rollen); zijn het er twee, geef {other.naam} een eigen korte naam.",
                )
        shorts = {normalised(k): k for k in party.korte_namen}
        if len(shorts) > 1:
            where = next(b for b in party.bronnen if _short_name_of(d, b) not in ("", normalised(party.aanduiding)))
            yield Message(
                (*where, "korte_naam"),
                f"{party.naam} is één partij ({party.rol}) met {len(shorts)} korte namen: "
                f"{_listed(list(shorts.values()))}; de overeenkomst moet ze dan allebei invoeren",
                f"Geef haar één korte naam: schrijf ook hier ‘{party.aanduiding}’, of haal deze korte naam weg "
                "(en noem haar in de taakverdeling en bij de ondertekenaars met die ene naam).",
                severity=WARNING,
            )
        lists = [b[0] for b in party.bronnen if b[0] in ("zorgaanbieders", "financiers")]
        for key in sorted({k for k in lists if lists.count(k) > 1}):
            entries = [b for b in party.bronnen if b[0] == key]
            numbers = [str(b[1] + 1) for b in entries]
            yield Message(
                entries[-1],
                f"{party.naam} staat {len(numbers)} keer onder ‘{key}’ (nummers {_listed(numbers)}); het is "
                "één partij, die één keer in de overeenkomst staat",
                f"Laat {party.naam} één keer onder ‘{key}’ staan en haal de andere regels weg.",
                severity=WARNING,
            )


def _short_name_of(d: Dossier, bron: Loc) -> str:
    """The short name (normalised) the answer at ``bron`` gives; "" for none, and for a school's board,
    which a school names without one. Every short name of a party comes from such an answer."""
    if bron[0] == "scholen":
        return ""
    short = value_at(d, (*bron, "korte_naam"))
    return normalised(short) if short else ""


def _listed(items: list[str]) -> str:
    quoted = [f"‘{i}’" if not i.isdigit() else i for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " en " + quoted[-1]


def sok_financiering(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("samenwerkingsovereenkomst", "financiering_activiteiten"),
        "de financiering van de activiteiten",
    )


def sok_taakverdeling(ctx: Context) -> Iterator[Message]:
    """Every party that pays or acts has tasks, powers and responsibilities; every entry is a party."""
    d = ctx.dossier
    parties = partijen(d)
    division = d.samenwerkingsovereenkomst.taakverdeling
    loc = ("samenwerkingsovereenkomst", "taakverdeling")
    for party in parties:
        if not any(party.heet(t.partij) for t in division):
            yield Message(
                loc,
                f"de taakverdeling noemt {party.naam} ({party.rol}) niet",
                f"Voeg in ‘taakverdeling’ de partij ‘{party.aanduiding}’ toe, met taken, bevoegdheden "
                "en verantwoordelijkheden: elke partij die betaalt of uitvoert staat erin.",
            )
    for i, entry in enumerate(division):
        if partij_van(parties, entry.partij) is None:
            yield Message((*loc, i, "partij"), _not_a_party(d, entry.partij, "staat in de taakverdeling"),
                          _NAME_ADVICE)
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


def ingevuld(ctx: Context) -> Iterator[Message]:
    """No required answer is a placeholder, and no answer still carries a "TODO" or "PM"."""
    for loc, value in iter_values(ctx.dossier):
        if not isinstance(value, str) or (loc and loc[0] == "privacy_uitzonderingen"):
            continue
        spec = spec_for(loc)
        if spec.kind not in ("tekst", "markdown", "bijlage"):
            continue
        filler = placeholder(value)
        if filler is None or (filler.whole and not spec.required):
            continue  # "n.v.t." is a fine answer to an optional question such as ‘opmerkingen’
        yield Message(
            loc,
            filler.says(dotted(loc)),
            "Vul het echte antwoord in; een verwijzing naar een bijlage, ‘n.v.t.’ of ‘PM’ leest DUO niet "
            "als antwoord.",
        )
    for loc, text in placeholders_left_out(ctx.loaded.source.data):
        if not bedoeld_leeg(text):  # "n.v.t." in an optional answer says: nothing here; "PM" says: later
            written = " ".join(text.split())
            yield Message(
                loc,
                f"{dotted(loc)} is nog ‘{written}’: de documenten laten dit antwoord weg zolang het niet is "
                "ingevuld",
                "Vul het antwoord in, of haal de regel weg (of schrijf ‘n.v.t.’) als er niets te melden is.",
                severity=WARNING,
            )


def unreachable(person: Persoon, loc: Loc, role: str, who: str) -> Iterator[Message]:
    """A contact person without an e-mail address or phone number: ``who`` cannot reach them about the
    application (one way is enough; e-mail is what DUO and the adviesgroep write back with)."""
    if person.email is None and person.telefoon is None:
        yield Message(
            loc,
            f"{role} {person.naam} heeft geen e-mailadres en geen telefoonnummer: {who} kan geen contact "
            "opnemen over de aanvraag",
            f"Vul bij {dotted(loc)} het zakelijke ‘email’ in (bij voorkeur) of het ‘telefoon’-nummer.",
        )


def contactpersoon(ctx: Context) -> Iterator[Message]:
    """DUO's formulier asks for a contact person about the application: one DUO can reach."""
    yield from unreachable(ctx.dossier.aanvrager.contactpersoon, ("aanvrager", "contactpersoon"),
                           "de contactpersoon", "DUO")


def inschrijving(ctx: Context) -> Iterator[Message]:
    """The seed's "Er is een inschrijving op de school": a declaration and the school, no pupil data."""
    d = ctx.dossier
    declared = d.inschrijving
    if declared is None:
        yield Message(
            ("inschrijving",),
            "er is niet verklaard dat de leerlingen op de school ingeschreven zijn",
            "Vul ‘inschrijving’ in: ‘er_is_inschrijving: ja’ en de school. Geen namen of andere gegevens "
            "van leerlingen.",
            position=_position(ctx, ("scholen",)),
        )
        return
    if not declared.er_is_inschrijving:
        yield Message(
            ("inschrijving", "er_is_inschrijving"),
            "de leerlingen zijn niet ingeschreven op de school; zonder inschrijving mag het arrangement niet "
            "afwijken van de regels",
            "Schrijf de leerlingen in op de school voordat u aanvraagt, en zet dan ‘er_is_inschrijving: ja’.",
        )
    for i, school in enumerate(declared.school):  # pupils enrolled at two schools: each is one of ‘scholen’
        wanted = normalised(school)
        if not any(wanted in {normalised(s.naam), normalised(short_name(s.naam))} for s in d.scholen):
            yield Message(
                ("inschrijving", "school", i) if len(declared.school) > 1 else ("inschrijving", "school"),
                f"‘{school}’ staat niet bij de scholen van dit dossier",
                "Noem de school zoals bij ‘scholen[].naam’ (of het deel vóór de komma).",
            )


def _position(ctx: Context, loc: tuple[str, ...]) -> tuple[int, int] | None:
    line, col = ctx.loaded.source.position(loc)
    return (line, col) if line is not None and col is not None else None


def pp_bijdrage(ctx: Context) -> Iterator[Message]:
    yield from require_description(
        ctx, ("projectplan", "bijdrage_experiment"), "de bijdrage aan het doel van het experiment"
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


def bijlagen(ctx: Context) -> Iterator[Message]:
    for advice in advices(ctx.dossier):
        problem = attachment_problem(ctx.loaded.folder, advice.path)
        if problem:
            yield Message(
                advice.loc,
                f"de bijlage ‘{advice.path}’ {problem}",
                f"Zet het ondertekende document als {ALLOWED_KINDS} in de dossiermap (bijv. in "
                "bijlagen/) en verwijs er met een pad binnen de map naar.",
            )


def mr_advies(ctx: Context) -> Iterator[Message]:
    """Each school that teaches pupils of the arrangement gives its MR's advice, unless the OPR consented."""
    d = ctx.dossier
    if d.bijlagen.opr_instemming is not None:
        given = [a for a in advices(d) if a.raad != "opr"]
        if given:
            yield Message(
                given[0].loc,
                "er is een bewijs van instemming van de ondersteuningsplanraad én "
                f"{plural(len(given), 'MR-advies', 'MR-adviezen')}; DUO krijgt dan alleen de instemming als "
                "bijlage 4",
                "Haal de MR-adviezen weg als de instemming van de OPR ze vervangt, of haal "
                "‘bijlagen.opr_instemming’ weg als DUO de adviezen moet krijgen.",
                severity=WARNING,
            )
        return
    for i, school in enumerate(d.scholen):
        if school.mr_advies is None:
            yield Message(
                ("scholen", i),
                f"het advies van de medezeggenschapsraad van {short_name(school.naam)} is niet bijgevoegd",
                f"Vraag de MR van {short_name(school.naam)} om advies over dit arrangement en schrijf bij deze "
                "school ‘mr_advies: bijlagen/…’ (elke school van het arrangement geeft een eigen advies), "
                "of voeg het bewijs van instemming van de OPR toe als ‘bijlagen.opr_instemming’.",
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
    """Counted from today until the application is recorded as submitted, then from that day."""
    round_ = ctx.dossier.aanvraagronde
    submitted = ctx.voortgang.ingediend_bij_duo
    days = (round_.uiterste_ontvangstdatum - (submitted or ctx.today)).days
    loc = ("aanvraagronde", "uiterste_ontvangstdatum")
    when = datum(round_.uiterste_ontvangstdatum)
    if submitted is not None:
        if days < 0:
            yield Message(loc, f"ingediend op {datum(submitted)}, na de uiterste ontvangstdatum ({when}); DUO neemt "
                               "de aanvraag niet meer in behandeling",
                          "Dien de aanvraag in bij een volgende aanvraagronde en pas ‘aanvraagronde’ aan.")
        return
    if days < 0:
        yield Message(
            loc,
            f"de uiterste ontvangstdatum ({when}) is {plural(-days, 'dag', 'dagen')} geleden verstreken; "
            "DUO neemt de aanvraag "
            "niet meer in behandeling",
            "Dien de aanvraag in bij een volgende aanvraagronde en pas ‘aanvraagronde’ aan.",
        )
    elif days <= DEADLINE_WARNING_DAYS:
        left = "vandaag is de laatste dag" if days == 0 else f"nog {plural(days, 'dag', 'dagen')}"
        yield Message(
            loc,
            f"{left} tot de uiterste ontvangstdatum ({when})",
            "Dien de aanvraag nu in via Mijn DUO: DUO moet haar uiterlijk op die datum "
            "ontvangen hebben.",
            severity=WARNING,
        )


def _submitted(voortgang: Voortgang) -> bool:
    """Submitting is a step: recorded in voortgang.yaml (``ingediend_bij_duo``), like the route."""
    return voortgang.ingediend_bij_duo is not None


RULES: tuple[Rule, ...] = (
    Rule("DUO-AANVRAGER", "De aanvrager is een schoolbestuur of samenwerkingsverband",
         sources.AANVRAGER, aanvrager),
    Rule("DUO-SAMENWERKING", "Elke partij (bevoegd gezag, samenwerkingsverband, elke zorgaanbieder en "
         "elke geldverstrekker) heeft een tekenbevoegde in de overeenkomst; wie tekent staat onder ‘Ondertekening’",
         sources.SAMENWERKING, samenwerking),
    Rule("DUO-SOK-FINANCIERING", "Samenwerkingsovereenkomst: financiering van de activiteiten",
         sources.SOK_FINANCIERING, sok_financiering),
    Rule("DUO-SOK-TAAKVERDELING", "Samenwerkingsovereenkomst: taken, bevoegdheden en "
         "verantwoordelijkheden van elke partij", sources.SOK_TAAKVERDELING, sok_taakverdeling),
    Rule("DUO-SOK-LEIDING", "Samenwerkingsovereenkomst: wie in welke gevallen de leiding "
         "heeft", sources.SOK_LEIDING, sok_leiding),
    Rule("DUO-INGEVULD", "Elk verplicht antwoord is ingevuld (geen ‘n.v.t.’, ‘volgt’, ‘PM’ of ‘zie bijlage’)",
         sources.INGEVULD, ingevuld),
    Rule("DUO-CONTACTPERSOON", "De contactpersoon voor DUO heeft een e-mailadres of telefoonnummer",
         sources.INGEVULD, contactpersoon),
    Rule("DUO-INSCHRIJVING", "Er is een inschrijving op de school (verklaring, zonder gegevens van leerlingen)",
         sources.INSCHRIJVING, inschrijving),
    Rule("DUO-PP-DOEL", "Projectplan: doel en plannen", sources.PP_DOEL, pp_doel),
    Rule("DUO-PP-DOELGROEP", "Projectplan: doelgroep", sources.PP_DOELGROEP, pp_doelgroep),
    Rule("DUO-PP-VORMGEVING", "Projectplan: hoe het arrangement eruitziet",
         sources.PP_VORMGEVING, pp_vormgeving),
    Rule("DUO-PP-LEERLIJNEN", "Projectplan: leerlijnen en het volgen van de ontwikkeling",
         sources.PP_LEERLIJNEN, pp_leerlijnen),
    Rule("DUO-PP-MEDEWERKERS", "Projectplan: medewerkers, vakkennis en kwaliteit",
         sources.PP_MEDEWERKERS, pp_medewerkers),
    Rule("DUO-PP-BIJDRAGE", "Projectplan: hoe het initiatief meehelpt aan het doel van het experiment",
         sources.PP_BIJDRAGE, pp_bijdrage),
    Rule("DUO-MR-ADVIES", "MR-advies van elke school van het arrangement, of de OPR-instemming, bijgevoegd",
         sources.MR_ADVIES, mr_advies),
    Rule("DUO-MR-SWV", "MR-advies van het samenwerkingsverband bijgevoegd (het is partij)",
         sources.MR_SAMENWERKINGSVERBAND, mr_samenwerkingsverband),
    Rule("DUO-BIJLAGE", "De adviezen of de instemming zijn echte, leesbare PDF's of scans (samen bijlage 4)",
         sources.BIJLAGE, bijlagen),
    Rule("DUO-ONTVANGSTDATUM", "De aanvraag is uiterlijk op de uiterste ontvangstdatum door DUO ontvangen "
         "(indienen via Mijn DUO)", sources.ONTVANGSTDATUM, ontvangstdatum, gedaan=_submitted),
)
