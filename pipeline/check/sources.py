"""The seed rules the readiness check enforces, quoted word for word.

Every finding names the sentence it comes from, so an applicant can look the rule up and a
reviewer can see that the tool does not invent conditions. A test compares each quote with
the seed texts (whitespace aside).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.rounds import round_by_number

if TYPE_CHECKING:
    from pipeline.model.answers import Aanvraagronde

DUO = "DUO, Experiment onderwijszorgarrangementen"
ACHTERHOEK = "Routekaart onderwijs-jeugdhulparrangementen Achterhoek"


@dataclass(frozen=True, slots=True)
class SeedSource:
    """Where a rule comes from: the seed document and the quoted sentence."""

    document: str
    quote: str

    def __str__(self) -> str:
        return f"{self.document}: “{self.quote}”"


def duo(quote: str) -> SeedSource:
    return SeedSource(DUO, quote)


def achterhoek(quote: str) -> SeedSource:
    return SeedSource(ACHTERHOEK, quote)


# --------------------------------------------------------------------------- DUO

AANVRAGER = duo(
    "Een aanvraag mag alleen door het bestuur van een school of samenwerkingsverband worden "
    "gedaan."
)
ONTVANGSTDATUM = duo(
    "De aanvraag moet uiterlijk op 15 december 2022 door DUO zijn ontvangen."
)
RONDE = duo("Aanvragen gaat via DUO en kan tot en met 15 december 2022.")
BESLUIT = duo("Uiterlijk op 31 januari 2023 wordt beslist over de aanvraag.")
EXPERIMENT = duo("Het experiment duurt 5 jaar en maximaal 80 initiatieven kunnen deelnemen.")
SOK_AFSPRAKEN = duo("In de samenwerkingsovereenkomst staan de gemaakte afspraken over:")
INGEVULD = duo("Vul het Formulier aanvraaggegevens onderwijszorgarrangement in en voeg dit toe aan uw aanvraag.")
INSCHRIJVING = duo("Er is een inschrijving op de school.")
ROD = duo("Dan moet de school de deelname registreren in ROD.")
PP_BIJDRAGE = duo("Hoe het initiatief verwacht mee te helpen aan het doel van het experiment.")
SAMENWERKING = duo(
    "De aanvraag gebeurt in samenwerking met het samenwerkingsverband of de school, de "
    "betrokken zorgaanbieder en geldverstrekker van deze zorgaanbieder (de gemeente, de "
    "zorgverzekeraar of het zorgkantoor)."
)
PRIVACY = duo(
    "Let op dat u bij de aanvraag geen gegevens invult die terug te leiden zijn tot de persoon."
)
SOK_FINANCIERING = duo("De financiering van de activiteiten in het onderwijszorgarrangement.")
SOK_TAAKVERDELING = duo(
    "Een verdeling van de taken, bevoegdheden en verantwoordelijkheden van de betrokken partijen."
)
SOK_LEIDING = duo(
    "Duidelijk moet zijn wie in welke gevallen de leiding heeft in de begeleiding van de "
    "jongeren in het onderwijszorgarrangement."
)
PP_DOEL = duo(
    "In het projectplan staat een uitleg over het doel en de plannen van het "
    "onderwijszorgarrangement."
)
PP_DOELGROEP = duo("Het projectplan beschrijft de doelgroep van het onderwijszorgarrangement.")
PP_VORMGEVING = duo("Het projectplan legt uit hoe het onderwijszorgarrangement eruitziet.")
PP_LEERLIJNEN = duo(
    "Er staat welke leerlijnen of onderwijsmethodes de school gaat gebruiken en hoe het de "
    "ontwikkeling van jongeren volgt."
)
PP_MEDEWERKERS = duo(
    "En met welke medewerkers de school werkt in het onderwijszorgarrangement. Wat de "
    "vakkennis is van deze medewerkers. En hoe het de kwaliteit van het onderwijs en de zorg "
    "helpt."
)
MR_ADVIES = duo(
    "Bij de aanvraag is het advies van de medezeggenschapsraad van de school of het "
    "samenwerkingsverband toegevoegd. Dit kan ook een bewijs van instemming van de "
    "ondersteuningsplanraad zijn."
)
MR_SAMENWERKINGSVERBAND = duo(
    "het advies van de medezeggenschapsraad van de school en voor zover van toepassing het "
    "advies van de medezeggenschapsraad van het samenwerkingsverband"
)
BIJLAGE = MR_ADVIES  # the attachment must really be the advice: a readable file, not a placeholder
DOCUMENTEN = duo("U voegt 4 documenten toe als bijlagen van dit formulier")
INDIENEN = duo("Log in op Mijn DUO en gebruik het formulier 'Aanvraag experiment onderwijszorgarrangementen'.")

# The seed's sentences about the deadline and the decision name round 1's dates ("uiterlijk op 15
# december 2022"): they are that round's source and no other's. For another round a rule cites the
# seed's sentence that holds for every round; the dates are then the dossier's own (``aanvraagronde``).
SEED_ROUND = 1
_EVERY_ROUND: dict[SeedSource, SeedSource] = {ONTVANGSTDATUM: INDIENEN, RONDE: INDIENEN, BESLUIT: EXPERIMENT}


def seed_round(ronde: Aanvraagronde) -> bool:
    """Is this the round whose dates the seed names (by its number, or described with its deadline)?"""
    return ronde.ronde == SEED_ROUND or (
        ronde.uiterste_ontvangstdatum == round_by_number(SEED_ROUND).uiterste_ontvangstdatum)


def for_round(source: SeedSource, ronde: Aanvraagronde) -> SeedSource:
    """The quote to show for ``source`` in this dossier's round: never a sentence with another round's date."""
    return source if seed_round(ronde) else _EVERY_ROUND.get(source, source)

# -------------------------------------------------------------------- Achterhoek

ACH_FORMULIER = achterhoek("Het aanmeldformulier is ingevuld")
ACH_AFGESTEMD = achterhoek(
    "Het arrangement is vooraf afgestemd met betrokken partijen (scholen, schoolbesturen, "
    "samenwerkingsverband en gemeenten)."
)
ACH_VISIE = achterhoek(
    "Het arrangement past binnen de Achterhoekse visie op onderwijs-jeugdhulparrangementen."
)
ACH_GEDRAGSWETENSCHAPPER = achterhoek(
    "Het plan is (mede) opgesteld door minimaal één gedragswetenschapper."
)
ACH_COLLECTIEF = achterhoek("Het betreft een collectief aanbod voor meerdere leerlingen.")
ACH_FINANCIERING = achterhoek(
    "Het plan bevat een beschrijving van de wijze van financiering en verantwoordelijkheden."
)
ACH_CRITERIA = achterhoek(
    "Criteria vaststellen voor leerlingen die passen binnen het onderwijs-jeugdhulp- arrangement"
)
ACH_TOELEIDING = achterhoek(
    "Het plan beschrijft hoe de toeleiding van individuele leerlingen naar het arrangement "
    "verloopt."
)
ACH_MONITORING = achterhoek("Het plan bevat een voorstel over verantwoording en monitoring.")
ACH_ADVIESVRAAG = achterhoek("Er is een concrete adviesvraag geformuleerd.")
ACH_GEMEENTE = achterhoek(
    "betrokken gemeenten (er moet minimaal één gemeente betrokken zijn)"
)
ACH_REGISSEUR = achterhoek("Regisseur/contactpersoon")
ACH_REGIO = achterhoek(
    "Deze adviesgroep bestaat uit een vertegenwoordiging van de samenwerkingsverbanden (primair en voortgezet "
    "onderwijs), het MBO en de gemeenten uit de Achterhoek."
)
ACH_MAILEN = achterhoek(
    "Het ingevulde aanmeldformulier kan worden gemaild naar: contact@sociaaldomeinachterhoek.nl"
)
ACH_ADVIESTERMIJN = achterhoek(
    "brengt uiterlijk 6 weken na het indienen van de aanvraag een advies uit aan het ambtelijk overleg "
    "jeugd (AO Jeugd)."
)
IND_EEN_LEERLING = achterhoek(
    "Een individueel onderwijs-jeugdhulparrangement is een arrangement voor één leerling."
)
IND_EVALUATIE = achterhoek(
    "Onderwijs-jeugdhulparrangement evalueren samen met betrokken partners en ouders"
)
IND_ROUTE = achterhoek("Aanvraag indienen bij de gemeente")
IND_TOEGANG = achterhoek(
    "School en Toegang constateren gezamenlijk dat een individuele leerling een bepaalde "
    "ondersteuningsbehoefte heeft"
)
IND_ONDERSTEUNINGSVRAAG = achterhoek(
    "Voor deze individuele leerling de ondersteuningsvraag opstellen"
)
