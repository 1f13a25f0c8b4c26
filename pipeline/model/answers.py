"""The answers model: one whole dossier, entered once and reused by every document.

Field names are Dutch because applicants type them as YAML keys and consultants use them
as template variables. Each field says in which documents it appears (``veld(...,
"projectplan")``); a submodel's fields inherit the documents of the field holding it
unless they name their own.

Rules about *readiness* (is a gemeente involved, is the MR-advies attached, is the
deadline met) live in ``pipeline.check``, not here: an incomplete dossier must still
load so the readiness report can say what is missing.
"""

from __future__ import annotations

import posixpath
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from pipeline.model.types import (
    MAX_TEKST,
    NIET_LEEG,
    BijlageMarker,
    Datum,
    Email,
    Geheel,
    Getal,
    JaNee,
    Markdown,
    Tekst,
    normalise_text,
    opvultekst,
    veld,
)
from pipeline.rounds import known_numbers, round_by_number

A = "aanvraaggegevens"
S = "samenwerkingsovereenkomst"
P = "projectplan"
M = "aanmeldformulier"
G = "onderbouwing"  # for the gemeente


class Basis(BaseModel):
    """Common configuration: unknown keys are errors (typos must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_optional_is_none(cls, data: Any) -> Any:
        """An optional answer left as ``""`` (as ``dossier new`` writes it) means 'not given'; so does
        one written as a placeholder ("n.v.t.", "-", "geen", "PM"): the documents leave it out instead of
        printing "Geschillen: nvt", and a short name "nvt" is never used as a name. (A placeholder in a
        required answer stays, for the check to report; the check also warns about "PM" here.)"""
        if isinstance(data, dict):
            fields = cls.model_fields.items()
            optional = {name for name, info in fields if not info.is_required() and info.default is None}
            defaulted = {name for name, info in fields if not info.is_required()}
            data = {
                key: None if key in optional and isinstance(value, str) and not value.strip() else value
                for key, value in data.items()
                if not (key in defaulted and opvultekst(value))
            }
        return data


def _bijlage_pad(value: str) -> str:
    """A path inside the dossier folder, written the Unix way: ``bijlagen\\x.pdf`` (typed on
    Windows) is ``bijlagen/x.pdf``, and ``bijlagen/../bijlagen/x.pdf`` stays inside."""
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        raise PydanticCustomError(
            "pad_absoluut", "moet een pad binnen de dossiermap zijn, geen absoluut pad"
        )
    normal = posixpath.normpath(value.replace("\\", "/"))
    if normal == ".." or normal.startswith("../"):
        raise PydanticCustomError(
            "pad_buiten_dossier", "mag niet met ‘..’ buiten de dossiermap wijzen"
        )
    return normal


def _escapes(depth: int) -> str:
    """Regex: a path whose ``..`` leave the folder, for paths nesting at most ``depth`` folders
    (JSON Schema patterns cannot count; deeper nesting is left to ``dossier validate``)."""
    stay = r"(?:\.(?:[/\\]+|$))"
    down = r"(?:(?!\.\.?(?:[/\\]|$))[^/\\]+[/\\]+)"
    up = r"(?:\.\.(?:[/\\]+|$))"
    balanced = f"{stay}*"
    for _ in range(depth):
        balanced = f"(?:{stay}|{down}{balanced}{up})*"
    return f"^{balanced}{up}"


# the same rule for the editor: not absolute (/x, \\x, C:), not out of the folder with ‘..’
_PAD_SCHEMA = {"pattern": r"^(?![/\\]|[A-Za-z]:)", "not": {"pattern": _escapes(4)}}

BijlagePad = Annotated[
    str,
    BijlageMarker(),
    BeforeValidator(normalise_text),
    Field(max_length=500, json_schema_extra=_PAD_SCHEMA),
    AfterValidator(str.strip),
    AfterValidator(_bijlage_pad),
]
VeldPad = Annotated[str, BeforeValidator(normalise_text), Field(max_length=200), AfterValidator(str.strip)]


# --------------------------------------------------------------------------- partijen


RondeNummer = Literal[*known_numbers()]  # type: ignore[valid-type]
# What a known round fills in: the validator below and the editor's schema (pipeline.schema) both read it.
FILLED_BY_ROUND = ("naam", "uiterste_ontvangstdatum", "beslisdatum")


class Aanvraagronde(Basis):
    """A known round by its number (its dates are data shipped with the tool), or a new one described."""

    ronde: RondeNummer | None = veld(
        "Nummer van een bekende DUO-aanvraagronde (1: ontvangen uiterlijk 15-12-2022, besluit uiterlijk "
        "31-01-2023; 2: 22-05 t/m 31-07-2023, antwoord vóór 01-09-2023); dan vult het programma naam en "
        "datums zelf in. Leeg voor een nieuwe ronde: beschrijf die dan met naam, uiterste_ontvangstdatum "
        "en beslisdatum.",
        default=None,
    )
    naam: Tekst = veld(
        "Naam van de aanvraagronde, zoals DUO die noemt (bijv. ‘Experiment "
        "onderwijszorgarrangementen 2023’). Bij een bekende ‘ronde’ vult het programma dit zelf in.",
        A, S, P, M,
    )
    uiterste_ontvangstdatum: Datum = veld(
        "Datum waarop DUO de aanvraag uiterlijk ontvangen moet hebben. Rondes verschillen "
        "(bijv. 2022-12-15, later 2023-07-31); aanvragen die later binnenkomen worden niet "
        "in behandeling genomen. Bij een bekende ‘ronde’ vult het programma dit zelf in.",
        A,
    )
    beslisdatum: Datum | None = veld(
        "Datum waarop uiterlijk over de aanvraag wordt beslist (bijv. 2023-01-31); het arrangement "
        "start daarna.",
        A,
        default=None,
    )

    @model_validator(mode="before")
    @classmethod
    def _known_round(cls, data: Any) -> Any:
        """A known round brings its own name and dates (a date typed anyway is checked, not replaced)."""
        if isinstance(data, dict) and data.get("ronde") in known_numbers():
            known = round_by_number(data["ronde"])
            data = {
                **{name: getattr(known, name) for name in FILLED_BY_ROUND},
                **{k: v for k, v in data.items() if v is not None and v != ""},
            }
        return data


class Adres(Basis):
    straat: Tekst = veld("Straat en huisnummer.")
    postcode: str = veld(
        "Postcode, bijv. ‘7001 AB’.", pattern=r"^[1-9][0-9]{3} ?[A-Z]{2}$"
    )
    plaats: Tekst = veld("Plaats.")


class Persoon(Basis):
    """A professional (staff member); contact details are work details, never a pupil's."""

    naam: Tekst = veld("Volledige naam.")
    functie: Tekst = veld("Functie of rol.")
    organisatie: Tekst = veld("Organisatie waarvoor deze persoon werkt.")
    email: Email | None = veld("Zakelijk e-mailadres.", default=None)
    telefoon: str | None = veld(
        "Zakelijk telefoonnummer.", default=None, pattern=r"^\+?[0-9 ()-]{10,16}$"
    )


class Ondertekenaar(Basis):
    naam: Tekst = veld("Naam van de tekenbevoegde.")
    functie: Tekst = veld("Functie, bijv. ‘voorzitter college van bestuur’.")
    organisatie: Tekst = veld(
        "Organisatie namens wie getekend wordt: in de samenwerkingsovereenkomst de naam of korte naam "
        "van een partij."
    )


class Aanvrager(Basis):
    soort: Literal["schoolbestuur", "samenwerkingsverband", "gemeente", "zorgaanbieder", "anders"] = veld(
        "Soort organisatie die de aanvraag doet. Alleen het bestuur van een school "
        "(schoolbestuur) of een samenwerkingsverband mag bij DUO aanvragen.",
        A,
        M,
    )
    naam: Tekst = veld("Naam van het bevoegd gezag dat aanvraagt.", A, S, P, M, G)
    korte_naam: Tekst | None = veld(
        "Korte naam waarmee de samenwerkingsovereenkomst deze partij noemt (bijv. in de "
        "taakverdeling en bij de ondertekening); gebruik dan steeds die naam of de volledige naam.",
        S,
        default=None,
    )
    bevoegd_gezag_nummer: str = veld(
        "Bevoegd-gezagnummer (5 cijfers) zoals bekend bij DUO.", A, pattern=r"^[0-9]{5}$"
    )
    adres: Adres = veld("Postadres van het bevoegd gezag.", A, S)
    contactpersoon: Persoon = veld("Contactpersoon voor DUO over deze aanvraag.", A)
    ondertekenaar: Ondertekenaar = veld(
        "Wie het aanvraagformulier namens het bevoegd gezag ondertekent.", A
    )


class School(Basis):
    naam: Tekst = veld("Naam van de school (vestiging) waar de leerlingen ingeschreven zijn.", A, S, P, M, G)
    brin: str = veld(
        "BRIN-nummer (4 tekens, bijv. ‘12AB’), eventueel met vestigingsnummer (‘12AB00’).",
        A,
        pattern=r"^[0-9]{2}[A-Z]{2}([0-9]{2})?$",
    )
    onderwijssoort: Literal["po", "sbo", "so", "vso", "vo", "mbo"] = veld(
        "Onderwijssector: po, sbo, so, vso, vo of mbo.", A, P
    )
    plaats: Tekst = veld("Plaats van de vestiging.", A, P, G)
    bevoegd_gezag: Tekst | None = veld(
        "Het bevoegd gezag (schoolbestuur) van deze school, als dat niet de aanvrager is. Een "
        "school is geen partij: haar bevoegd gezag tekent de samenwerkingsovereenkomst.",
        S,
        default=None,
    )
    mr_advies: BijlagePad | None = veld(
        "Advies van de medezeggenschapsraad van deze school over dit arrangement (pad binnen de "
        "dossiermap, bijv. ‘bijlagen/mr-advies-de-brug.pdf’). Elke school waar leerlingen van het "
        "arrangement les krijgen, geeft haar eigen advies; niet nodig als de ondersteuningsplanraad "
        "instemde (‘bijlagen.opr_instemming’).",
        A,
        default=None,
    )


def _een_of_meer(value: Any) -> Any:
    """One school typed as text is a list of one (the answer of a dossier with one school stays valid)."""
    return [value] if isinstance(value, str) else value


# the editor accepts both forms too: one text, or a list of texts
_EEN_OF_MEER_SCHEMA = {"anyOf": [
    {"type": "string", "maxLength": MAX_TEKST, **NIET_LEEG},
    {"type": "array", "items": {"type": "string", "maxLength": MAX_TEKST, **NIET_LEEG}, "minItems": 1},
]}


class Inschrijving(Basis):
    """DUO's condition "Er is een inschrijving op de school", as a declaration: no pupil data."""

    er_is_inschrijving: JaNee = veld(
        "Zijn de leerlingen van het arrangement ingeschreven op de school? (ja/nee) Alleen deze "
        "verklaring: geen namen, aantallen per leerling of andere gegevens van leerlingen.",
        A,
    )
    school: Annotated[list[Tekst], BeforeValidator(_een_of_meer), WithJsonSchema(_EEN_OF_MEER_SCHEMA)] = veld(
        "De school waar de leerlingen ingeschreven zijn, zoals bij ‘scholen’; staan ze op twee (of meer) "
        "scholen ingeschreven, geef dan een lijst (regels die met ‘- ’ beginnen).",
        A,
        min_length=1,
    )


class Samenwerkingsverband(Basis):
    naam: Tekst = veld("Naam van het samenwerkingsverband passend onderwijs.", A, S, P, M)
    korte_naam: Tekst | None = veld(
        "Korte naam waarmee de samenwerkingsovereenkomst deze partij noemt (bijv. in de "
        "taakverdeling en bij de ondertekening); gebruik dan steeds die naam of de volledige naam.",
        S,
        default=None,
    )
    code: str = veld(
        "Code van het samenwerkingsverband, bijv. ‘PO 25-02’ of ‘VO 25-06’.",
        A,
        pattern=r"^(PO|VO) ?[0-9]{2}[-.][0-9]{2}$",
    )
    plaats: Tekst = veld("Vestigingsplaats.", A)


class Zorgaanbieder(Basis):
    naam: Tekst = veld("Naam van de zorgaanbieder.", A, S, P, M)
    korte_naam: Tekst | None = veld(
        "Korte naam waarmee de samenwerkingsovereenkomst deze partij noemt (bijv. in de "
        "taakverdeling en bij de ondertekening); gebruik dan steeds die naam of de volledige naam.",
        S,
        default=None,
    )
    zorgsoort: Tekst = veld(
        "Soort zorg die wordt geleverd, bijv. ‘jeugdhulp’ of ‘langdurige zorg (Wlz)’.", A, P
    )
    plaats: Tekst = veld("Vestigingsplaats.", A)


class Financier(Basis):
    soort: Literal["gemeente", "zorgverzekeraar", "zorgkantoor"] = veld(
        "Geldverstrekker van de zorgaanbieder: gemeente, zorgverzekeraar of zorgkantoor.",
        A,
        S,
        M,
    )
    naam: Tekst = veld("Naam, bijv. ‘Gemeente Doetinchem’.", A, S, M)
    korte_naam: Tekst | None = veld(
        "Korte naam waarmee de samenwerkingsovereenkomst deze partij noemt (bijv. in de "
        "taakverdeling en bij de ondertekening); gebruik dan steeds die naam of de volledige naam.",
        S,
        default=None,
    )
    bijdrage: Tekst = veld(
        "Wat deze geldverstrekker financiert, in één zin.", A, S
    )


# ----------------------------------------------------------------------- arrangement


class Doel(StrEnum):
    """The five goal types of the Achterhoek routekaart."""

    terugleiden = "terugleiden"
    opbouwen = "opbouwen"
    versterken = "versterken"
    aanpassen = "aanpassen"
    doorleiden = "doorleiden"

    @property
    def omschrijving(self) -> str:
        return DOEL_OMSCHRIJVINGEN[self]


DOEL_OMSCHRIJVINGEN: dict[Doel, str] = {
    Doel.terugleiden: "Uitgevallen leerlingen ondersteunen om terug te stromen in het onderwijs.",
    Doel.opbouwen: "Gedeeltelijk opbouwen van de onderwijsdeelname.",
    Doel.versterken: "Leerlingen binnen de setting ondersteunen.",
    Doel.aanpassen: "Structureel aanpassen van de onderwijsleersetting.",
    Doel.doorleiden: "Ondersteunen bij breukvlakken in het onderwijs, overgang PO/VO of VO/werk.",
}


class Doelgroep(Basis):
    omschrijving: Markdown = veld(
        "Voor welke jongeren het arrangement is, bijv. thuiszitters, jongeren die "
        "vrijgesteld zijn van onderwijs of dreigen uit te vallen. Geen gegevens die terug "
        "te leiden zijn tot een leerling.",
        A,
        P,
        M,
    )
    aantal_leerlingen: Geheel = veld(
        "Verwacht aantal leerlingen tegelijk in het arrangement (1 bij een individueel arrangement).",
        A, P, M, ge=1, le=10_000,
    )
    leeftijd_van: Geheel = veld("Jongste leeftijd in jaren.", A, P, M, ge=2, le=30)
    leeftijd_tot: Geheel = veld("Oudste leeftijd in jaren.", A, P, M, ge=2, le=30)


class Arrangement(Basis):
    naam: Tekst = veld("Naam van het arrangement.", A, S, P, M, G)
    soort: Literal["collectief", "individueel"] = veld(
        "Collectief (een aanbod voor groepen leerlingen) of individueel (voor één leerling).",
        A,
        P,
    )
    aanleiding: Markdown = veld("Aanleiding: waarom dit arrangement nodig is.", P, M)
    omschrijving: Markdown = veld(
        "Korte omschrijving van de onderwijs- en zorgbehoeften.", A, P, M
    )
    doelen: list[Doel] = veld(
        "Eén of meer doelen: terugleiden, opbouwen, versterken, aanpassen, doorleiden.",
        A,
        P,
        M,
        min_length=1,
        max_length=5,
    )
    doelgroep: Doelgroep = veld("De doelgroep van het arrangement.")
    aanbod: Markdown = veld("Het aanbod: wat onderwijs en zorg samen bieden.", P, M, G)
    locatie: Tekst = veld("Waar het arrangement plaatsvindt.", A, P, M, G)
    tijdsduur: Tekst | None = veld(
        "Leeg laten: de documenten drukken de looptijd af uit ‘startdatum’ en "
        "‘samenwerkingsovereenkomst.einddatum’ (bijv. ‘1 augustus 2027 t/m 31 december 2027’). Een "
        "ingevulde looptijd (uit een ouder dossier) wordt vergeleken met die datums.",
        default=None,  # in no document: they print the term from the dates (``periods.looptijd``)
    )
    startdatum: Datum = veld("Datum waarop het arrangement start (ook het begin van de looptijd).", A, S, P, M, G)
    financiering: Markdown = veld(
        "Hoe het arrangement wordt gefinancierd (onderwijs- en zorggelden, co-financiering).",
        A,
        M,
        G,
    )
    opmerkingen: Markdown | None = veld("Overige opmerkingen.", M, G, default=None)


class Afwijking(Basis):
    regel: Literal["locatie", "onderwijstijd", "kerndoelen", "bekostigingsvoorschriften"] = veld(
        "Van welke wettelijke regel het arrangement afwijkt: locatie, onderwijstijd, "
        "kerndoelen of bekostigingsvoorschriften.",
        A,
        P,
    )
    toelichting: Markdown = veld("Waarom deze afwijking nodig is en hoe het eruitziet.", A, P)


# ------------------------------------------------------------------------ projectplan


class Medewerker(Basis):
    functie: Tekst = veld("Functie, bijv. ‘leerkracht speciaal onderwijs’.", P)
    organisatie: Tekst = veld("Bij welke organisatie deze medewerker in dienst is.", P)
    fte: Getal | None = veld("Inzet in fte.", P, default=None, ge=0, le=100)
    expertise: Tekst = veld("Vakkennis en deskundigheid van deze medewerker(s).", P)
    bijdrage_kwaliteit: Tekst = veld(
        "Hoe deze medewerker de kwaliteit van onderwijs en zorg helpt.", P
    )


class Projectplan(Basis):
    doel_en_plannen: Markdown = veld("Uitleg over het doel en de plannen van het arrangement.", P)
    vormgeving: Markdown = veld(
        "Hoe het arrangement eruitziet: een week, de begeleiding, de overgang naar school.", P
    )
    leerlijnen: Markdown = veld("Welke leerlijnen of onderwijsmethodes de school gebruikt.", P)
    ontwikkeling_volgen: Markdown = veld(
        "Hoe de school de ontwikkeling van de jongeren volgt, bijv. met toetsen.", P
    )
    medewerkers: list[Medewerker] = veld(
        "Met welke medewerkers de school werkt in het arrangement.", P, min_length=1
    )
    kwaliteit: Markdown = veld(
        "Hoe de inzet en vakkennis van deze medewerkers de kwaliteit van onderwijs en zorg helpt.",
        P,
    )
    bijdrage_experiment: Markdown = veld(
        "Hoe het initiatief verwacht mee te helpen aan het doel van het experiment.", P
    )


# --------------------------------------------------------- samenwerkingsovereenkomst


class Taakverdeling(Basis):
    partij: Tekst = veld("Naam (of korte naam) van de partij, zoals elders in het dossier.", S, M)
    taken: Markdown = veld("Taken van deze partij.", S)
    bevoegdheden: Markdown = veld("Bevoegdheden van deze partij.", S)
    verantwoordelijkheden: Markdown = veld(
        "Verantwoordelijkheden van deze partij (ook in het Achterhoekse aanmeldformulier: criterium 6).", S, M
    )


class Leiding(Basis):
    situatie: Tekst = veld("In welke gevallen (situatie of fase van de begeleiding).", S)
    partij: Tekst = veld("Welke partij dan de leiding heeft in de begeleiding.", S)


class Samenwerkingsovereenkomst(Basis):
    financiering_activiteiten: Markdown = veld(
        "Afspraken over de financiering van de activiteiten in het arrangement.", S
    )
    taakverdeling: list[Taakverdeling] = veld(
        "Taken, bevoegdheden en verantwoordelijkheden per betrokken partij.", S, min_length=1
    )
    leiding_begeleiding: list[Leiding] = veld(
        "Wie in welke gevallen de leiding heeft in de begeleiding van de jongeren.",
        S,
        min_length=1,
    )
    ingangsdatum: Datum = veld("Datum waarop de overeenkomst ingaat.", S)
    einddatum: Datum = veld("Datum waarop de overeenkomst eindigt (ook het einde van de looptijd van het arrangement).",
                            S, A, M, G)
    beeindiging: Markdown = veld("Hoe en wanneer de overeenkomst tussentijds kan eindigen.", S)
    privacy: Markdown = veld(
        "Afspraken over privacy en het delen van gegevens van leerlingen tussen partijen.", S
    )
    geschillen: Markdown | None = veld("Hoe partijen geschillen oplossen.", S, default=None)
    plaats_ondertekening: Tekst = veld("Plaats waar de overeenkomst wordt ondertekend.", S)
    ondertekenaars: list[Ondertekenaar] = veld(
        "Wie de overeenkomst namens elke partij ondertekent: één tekenbevoegde per partij (bevoegd "
        "gezag, samenwerkingsverband, elke zorgaanbieder en elke geldverstrekker).",
        S,
        min_length=1,
    )


# ------------------------------------------------------------- routes in de regio


class Achterhoek(Basis):
    """Extras of the Achterhoek aanmelding for a collective arrangement."""

    afgestemd_met_partijen: JaNee = veld(
        "Is het arrangement vooraf afgestemd met scholen, schoolbesturen, "
        "samenwerkingsverband en gemeenten? (ja/nee)",
        M,
    )
    past_in_visie: JaNee = veld(
        "Past het arrangement binnen de Achterhoekse visie op "
        "onderwijs-jeugdhulparrangementen? (ja/nee)",
        M,
    )
    gedragswetenschappers: list[Persoon] = veld(
        "Gedragswetenschapper(s) die het plan (mede) opstelden; minimaal één.", M, P
    )
    criteria_leerlingen: Markdown = veld(
        "Criteria voor leerlingen die passen binnen het arrangement.", M, P
    )
    toeleiding: Markdown = veld(
        "Hoe de toeleiding van individuele leerlingen naar het arrangement verloopt.", M, P
    )
    verantwoording_monitoring: Markdown = veld(
        "Voorstel voor verantwoording en monitoring.", M, P
    )
    adviesvraag: Markdown = veld(
        "De concrete adviesvraag aan de regionale adviesgroep.", M
    )


class IndividueleRoute(Basis):
    """The individual route: school and Toegang apply to the gemeente for one pupil (its own document)."""

    gemeente: Tekst = veld("Gemeente waar de aanvraag wordt ingediend.", G)
    samen_met_toegang: JaNee = veld(
        "Hebben school en Toegang samen de ondersteuningsbehoefte vastgesteld? (ja/nee)", G
    )
    ondersteuningsvraag: Markdown = veld(
        "De ondersteuningsvraag, zonder gegevens die terug te leiden zijn tot de leerling (geen naam, "
        "geboortedatum, diagnose of precieze periode thuis: die gegevens deelt de Toegang zelf).",
        G,
    )
    evaluatie: Markdown = veld(
        "Hoe en wanneer het arrangement samen met de betrokken partners en de ouders wordt geëvalueerd.",
        G,
    )


class ScanBevestigd(Basis):
    """A scan without text cannot be read by the check: a person states, dated, that it is the right one."""

    bestand: BijlagePad = veld(
        "De scan, zoals bij het advies of de instemming geschreven (bijv. ‘bijlagen/mr-advies-de-brug.jpg’)."
    )
    door: Tekst = veld("Wie de scan heeft gelezen en dit bevestigt (naam en functie).")
    datum: Datum = veld("Wanneer dat is bevestigd.")


class Bijlagen(Basis):
    mr_advies_samenwerkingsverband: BijlagePad | None = veld(
        "Advies van de medezeggenschapsraad van het samenwerkingsverband, voor zover van "
        "toepassing (pad binnen de dossiermap). Het advies van elke school staat bij die school "
        "(‘scholen[].mr_advies’).",
        A,
        default=None,
    )
    opr_instemming: BijlagePad | None = veld(
        "Bewijs van instemming van de ondersteuningsplanraad (in plaats van de MR-adviezen): dan is "
        "dit alleen bijlage 4.",
        A,
        default=None,
    )
    scans_bevestigd: list[ScanBevestigd] = veld(
        "Een advies of instemming zonder tekst (een foto of scan) kan het programma niet lezen. Met "
        "een regel hier verklaart ‘door’ op ‘datum’ de scan gelezen te hebben: het is het advies (of "
        "de instemming) van de raad die erbij hoort, over dit arrangement, zonder gegevens van "
        "leerlingen.",
        default_factory=list,
    )


# Fields that moved: an old dossier.yaml gets this instead of 'onbekend veld' (``read.validate``).
VERPLAATST: dict[str, str] = {
    "bijlagen.mr_advies_school": (
        "het MR-advies van een school staat nu bij die school: haal deze regel weg en schrijf onder "
        "‘scholen’, bij de school waarvan de medezeggenschapsraad het advies gaf, ‘mr_advies: {waarde}’; "
        "elke school van het arrangement heeft een eigen advies"
    ),
}


class PrivacyUitzondering(Basis):
    pad: VeldPad = veld(
        "Veldpad waarvoor de privacycontrole een bevinding mag negeren, bijv. "
        "‘achterhoek.toeleiding’."
    )
    reden: Tekst = veld(
        "Waarom dit geen persoonsgegeven van een leerling is (bijv. zakelijk "
        "telefoonnummer van het loket)."
    )


# ---------------------------------------------------------------------------- dossier


class Dossier(Basis):
    """All answers for one application dossier."""

    aanvraagronde: Aanvraagronde = veld("De DUO-aanvraagronde waarvoor dit dossier is.")
    aanvrager: Aanvrager = veld("Het bevoegd gezag dat de aanvraag doet.")
    scholen: list[School] = veld(
        "De school of scholen waar de leerlingen ingeschreven zijn.", min_length=1
    )
    inschrijving: Inschrijving | None = veld(
        "Verklaring dat de leerlingen op de school ingeschreven zijn (DUO: ‘Er is een inschrijving op de "
        "school’).",
        default=None,
    )
    samenwerkingsverband: Samenwerkingsverband = veld(
        "Het samenwerkingsverband passend onderwijs waarmee wordt samengewerkt."
    )
    zorgaanbieders: list[Zorgaanbieder] = veld("De betrokken zorgaanbieder(s).", min_length=1)
    financiers: list[Financier] = veld(
        "Geldverstrekker(s) van de zorgaanbieder: gemeente, zorgverzekeraar of zorgkantoor.",
        min_length=1,
    )
    regisseur: Persoon = veld("Regisseur/contactpersoon van het arrangement.", A, S, P, M, G)
    arrangement: Arrangement = veld("Het arrangement zelf.")
    afwijkingen: list[Afwijking] = veld(
        "Van welke wettelijke regels het arrangement afwijkt, en waarom.",
        default_factory=list,
    )
    projectplan: Projectplan = veld("Inhoud van het projectplan.")
    samenwerkingsovereenkomst: Samenwerkingsovereenkomst = veld(
        "Inhoud van de samenwerkingsovereenkomst."
    )
    achterhoek: Achterhoek | None = veld(
        "Aanmelding bij de regionale adviesgroep (Sociaal Domein Achterhoek), voor een "
        "collectief arrangement.",
        default=None,
    )
    individuele_route: IndividueleRoute | None = veld(
        "Aanvraag bij de gemeente, voor een individueel arrangement (een eigen document, niet in het "
        "DUO-formulier).",
        default=None,
    )
    bijlagen: Bijlagen = veld("Bijlagen bij de aanvraag.", default_factory=Bijlagen)
    privacy_uitzonderingen: list[PrivacyUitzondering] = veld(
        "Velden waarin zakelijke contactgegevens van medewerkers bewust staan.",
        default_factory=list,
    )

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        title="Dossier onderwijszorgarrangement",
        json_schema_extra={"$id": "dossier.schema.json"},
    )

