"""`dossier check`: every readiness rule, each broken on its own and passed, plus the outputs.

Variants of the example dossier are made in code (load, change one answer, dump), so each
test states exactly which rule it breaks and asserts that nothing else fires.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import shutil
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pipeline.check.checklist import render_checklist_html
from pipeline.check.engine import RULES, SIGNING_RULES, check_dossier, rule_statuses
from pipeline.check.privacy import bsn_numbers, elfproef, phone_numbers
from pipeline.check.text import MIN_TEXT_LENGTH
from pipeline.commands.check import check
from pipeline.read.validate import load_dossier
from pipeline.ui import Reporter
from tests.conftest import EXAMPLE, ROOT, line_of, put_signed

TODAY = date(2026, 11, 25)  # 126 days before the example's uiterste ontvangstdatum
SEEDS = ROOT.parent / "shared" / "seeds"

Data = dict[str, Any]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # keep each answer on one line so tests can find its line
    return yaml


@cache
def _example_data() -> Data:
    return _yaml().load((EXAMPLE / "dossier.yaml").read_text(encoding="utf-8"))


def variant(tmp_path: Path, change: Callable[[Data], None], name: str = "x") -> Path:
    """A copy of the example dossier (with bijlagen) after ``change`` edited its answers."""
    folder = tmp_path / "inputs" / name
    shutil.copytree(EXAMPLE, folder)
    rewrite(folder, change)
    return folder


def rewrite(folder: Path, change: Callable[[Data], None]) -> None:
    """Write into ``folder``/dossier.yaml the example's answers after ``change``."""
    data = copy.deepcopy(_example_data())
    change(data)
    with (folder / "dossier.yaml").open("w", encoding="utf-8") as handle:
        _yaml().dump(data, handle)


def findings(folder: Path, today: date = TODAY, *, signing: bool = False) -> list[Any]:
    """What the check finds about the answers; the signing rules (what ondertekend/ holds) only with
    ``signing``: an unsigned copy always has their findings, and most tests are about something else."""
    found = check_dossier(load_dossier(folder), today=today).findings
    return [f for f in found if signing or f.id not in SIGNING_RULES]


def ids(folder: Path, today: date = TODAY) -> list[str]:
    return [f.id for f in findings(folder, today)]


def run_check(folder: Path, tmp_path: Path, **kwargs: Any) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("pdf", False)
    code = check(
        [folder], out=Reporter(stdout=stdout, stderr=stderr), build=tmp_path / "build", **kwargs
    )
    return code, stdout.getvalue(), stderr.getvalue()


# ---------------------------------------------------------------- mutations


def setter(*loc: str | int, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        node = data
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = value

    return change


def deleter(*loc: str | int) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        node = data
        for part in loc[:-1]:
            node = node[part]
        del node[loc[-1]]

    return change


def both(*changes: Callable[[Data], None]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        for c in changes:
            c(data)

    return change


def drop_signer(organisatie: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        signers = data["samenwerkingsovereenkomst"]["ondertekenaars"]
        signers[:] = [s for s in signers if s["organisatie"] != organisatie]

    return change


def renamed(*pairs: tuple[str, str]) -> Callable[[Data], None]:
    """Every answer with each ``old`` name replaced by ``new``: a party moved, named alike everywhere."""
    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            for key in list(node):
                node[key] = walk(node[key])
        elif isinstance(node, list):
            node[:] = [walk(item) for item in node]
        elif isinstance(node, str):
            for old, new in pairs:
                node = node.replace(old, new) if old in node else node  # unchanged keeps its block style
        return node

    return walk


IN_UTRECHT = renamed(("Gemeente Doetinchem", "Gemeente Utrecht"), ("Gemeente Winterswijk", "Gemeente Zeist"))


def append_text(*loc: str, text: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        node = data
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = str(node[loc[-1]]).rstrip("\n") + " " + text

    return change


SWV = "Samenwerkingsverband VO Achterhoek Oost"
SWV_KORT = "SWV Achterhoek Oost"
STICHTING = "Stichting Onderwijs Achterhoek Zuid & Oost"
SHORT = "Met de methodes van school."
assert len(SHORT) < MIN_TEXT_LENGTH

AANVRAGER_IS_SWV = both(  # the schools' board is then a party of its own, and signs
    setter("aanvrager", "soort", value="samenwerkingsverband"),
    setter("aanvrager", "naam", value=SWV),
    setter("aanvrager", "korte_naam", value=SWV_KORT),
    setter("scholen", 0, "bevoegd_gezag", value=STICHTING),
    setter("scholen", 1, "bevoegd_gezag", value=STICHTING),
    setter("samenwerkingsovereenkomst", "taakverdeling", 0, "partij", value=STICHTING),
    setter("samenwerkingsovereenkomst", "ondertekenaars", 0, "organisatie", value=STICHTING),
)
INDIVIDUEEL = both(
    setter("arrangement", "soort", value="individueel"),
    setter("arrangement", "doelgroep", "aantal_leerlingen", value=1),
    deleter("achterhoek"),
)
ROUTE = {
    "gemeente": "Doetinchem",
    "samen_met_toegang": "ja",
    "ondersteuningsvraag": "Onderwijs in een kleine groep met dagelijks begeleiding van een "
    "jeugdhulpverlener, en een rooster dat stap voor stap groeit.",
    "evaluatie": "Elke zes weken met ouders, school en jeugdhulp; na vier maanden met alle partners.",
}
ZONDER_GEMEENTE = both(  # only the zorgkantoor pays: every party still signs and has tasks
    lambda d: d["financiers"].__delitem__(slice(0, 2)),
    lambda d: d["samenwerkingsovereenkomst"]["ondertekenaars"].__delitem__(slice(4, 6)),
    lambda d: d["samenwerkingsovereenkomst"]["taakverdeling"].__delitem__(slice(4, 6)),
)

# rule id → a change that breaks exactly that rule (several ways for some rules)
BREAKS: list[tuple[str, str, Callable[[Data], None]]] = [
    ("DUO-AANVRAGER", "gemeente vraagt aan", setter("aanvrager", "soort", value="gemeente")),
    ("DUO-SAMENWERKING", "swv tekent niet", drop_signer(SWV_KORT)),
    ("DUO-SAMENWERKING", "geen zorgaanbieder tekent", lambda d: d["samenwerkingsovereenkomst"][
        "ondertekenaars"][2].__setitem__("organisatie", "Stichting Kinderopvang Oost")),
    ("DUO-SAMENWERKING", "geen financier tekent", drop_signer("Gemeente Doetinchem")),
    ("DUO-SAMENWERKING", "tweede zorgaanbieder tekent niet", drop_signer("’t Hoëveld")),
    ("DUO-SAMENWERKING", "tweede gemeente tekent niet", drop_signer("Gemeente Winterswijk")),
    ("DUO-SAMENWERKING", "zorgkantoor tekent niet", drop_signer("Zorgkantoor Menzis Achterhoek")),
    ("DUO-SAMENWERKING", "school tekent in plaats van het bestuur", setter(
        "samenwerkingsovereenkomst", "ondertekenaars", 0, "organisatie", value="De Brug")),
    ("DUO-SAMENWERKING", "partij tekent twee keer", lambda d: d["samenwerkingsovereenkomst"][
        "ondertekenaars"].append({"naam": "Piet Ribbers", "functie": "directeur", "organisatie": STICHTING})),
    ("DUO-SAMENWERKING", "swv vraagt aan, geen school tekent",
     both(AANVRAGER_IS_SWV, drop_signer(STICHTING))),
    ("DUO-SAMENWERKING", "swv vraagt aan, school zonder bestuur",
     both(AANVRAGER_IS_SWV, deleter("scholen", 1, "bevoegd_gezag"))),
    ("DUO-SOK-FINANCIERING", "te kort",
     setter("samenwerkingsovereenkomst", "financiering_activiteiten", value=SHORT)),
    ("DUO-SOK-TAAKVERDELING", "zorgaanbieder ontbreekt",
     lambda d: d["samenwerkingsovereenkomst"]["taakverdeling"].__delitem__(2)),
    ("DUO-SOK-TAAKVERDELING", "zorgkantoor ontbreekt",
     lambda d: d["samenwerkingsovereenkomst"]["taakverdeling"].__delitem__(6)),
    ("DUO-SOK-TAAKVERDELING", "naam niet consequent", setter(
        "samenwerkingsovereenkomst", "taakverdeling", 4, "partij",
        value="Gemeente Doetinchem (namens de Achterhoekse gemeenten)")),
    ("DUO-SOK-TAAKVERDELING", "bevoegdheden te kort",
     setter("samenwerkingsovereenkomst", "taakverdeling", 0, "bevoegdheden", value="Alles.")),
    ("DUO-SOK-TAAKVERDELING", "taken te kort",
     setter("samenwerkingsovereenkomst", "taakverdeling", 0, "taken", value="Les.")),
    ("DUO-SOK-TAAKVERDELING", "aanvrager ontbreekt",
     lambda d: d["samenwerkingsovereenkomst"]["taakverdeling"].__delitem__(0)),
    ("DUO-SOK-TAAKVERDELING", "financier ontbreekt",
     lambda d: d["samenwerkingsovereenkomst"]["taakverdeling"].__delitem__(4)),
    ("DUO-SOK-LEIDING", "situatie zegt niets",
     setter("samenwerkingsovereenkomst", "leiding_begeleiding", 0, "situatie", value="Altijd")),
    ("DUO-INGEVULD", "n.v.t. als aanleiding", setter("arrangement", "aanleiding", value="n.v.t.")),
    ("DUO-INGEVULD", "streepje als zorgsoort", setter("zorgaanbieders", 1, "zorgsoort", value="-")),
    ("DUO-INGEVULD", "PM in de privacyafspraken",
     append_text("samenwerkingsovereenkomst", "privacy", text="Het privacyprotocol: PM.")),
    ("DUO-INGEVULD", "TODO in de locatie", append_text("arrangement", "locatie", text="TODO adres")),
    ("DUO-INGEVULD", "volgt als bijdrage van een financier", setter("financiers", 2, "bijdrage", value="Volgt.")),
    ("DUO-INGEVULD", "zie bijlage als aanbod", setter("arrangement", "aanbod", value="Zie bijlage 2.")),
    ("DUO-INGEVULD", "idem als verantwoordelijkheid elders", setter("afwijkingen", 1, "toelichting", value="idem")),
    ("DUO-CONTACTPERSOON", "zonder e-mail en telefoon", both(
        deleter("aanvrager", "contactpersoon", "email"), deleter("aanvrager", "contactpersoon", "telefoon"))),
    ("DUO-INSCHRIJVING", "niet verklaard", deleter("inschrijving")),
    ("DUO-INSCHRIJVING", "nee", setter("inschrijving", "er_is_inschrijving", value="nee")),
    ("DUO-INSCHRIJVING", "andere school", setter("inschrijving", "school", value="De Triangel")),
    ("DUO-PP-BIJDRAGE", "nvt", setter("projectplan", "bijdrage_experiment", value="nvt")),
    ("DUO-PP-BIJDRAGE", "te kort", setter("projectplan", "bijdrage_experiment", value="Wij doen graag mee.")),
    ("ACH-CRITERIA", "xxx", setter("achterhoek", "criteria_leerlingen", value="xxx")),
    ("ACH-CRITERIA", "te kort", setter("achterhoek", "criteria_leerlingen", value="Thuiszitters 12-18.")),
    ("DUO-PP-DOEL", "te kort", setter("projectplan", "doel_en_plannen", value=SHORT)),
    ("DUO-DATUMS-TEKST", "adviesvraag noemt een andere start",  # tests/test_coherence_dates.py: the class
     append_text("achterhoek", "adviesvraag", text="De start is per 1 september 2027.")),
    ("DUO-PERIODES-TEKST", "na één jaar in een arrangement van vijf maanden",
     append_text("arrangement", "opmerkingen", text="Na één jaar bespreken wij de resultaten.")),
    ("DUO-PP-DOELGROEP", "te kort",
     setter("arrangement", "doelgroep", "omschrijving", value="Thuiszitters.")),
    ("DUO-PP-VORMGEVING", "n.v.t.", setter("projectplan", "vormgeving", value="n.v.t.")),
    ("DUO-PP-LEERLIJNEN", "ontwikkeling volgen te kort",
     setter("projectplan", "ontwikkeling_volgen", value="Met toetsen.")),
    ("DUO-PP-LEERLIJNEN", "leerlijnen te kort", setter("projectplan", "leerlijnen", value=SHORT)),
    ("DUO-PP-MEDEWERKERS", "expertise te kort",
     setter("projectplan", "medewerkers", 0, "expertise", value="Leraar.")),
    ("DUO-PP-MEDEWERKERS", "bijdrage aan kwaliteit te kort",
     setter("projectplan", "medewerkers", 0, "bijdrage_kwaliteit", value="Helpt.")),
    ("DUO-PP-MEDEWERKERS", "kwaliteit te kort", setter("projectplan", "kwaliteit", value=SHORT)),
    ("DUO-MR-ADVIES", "geen MR-advies van de eerste school", deleter("scholen", 0, "mr_advies")),
    ("DUO-MR-ADVIES", "geen MR-advies van de tweede school", deleter("scholen", 1, "mr_advies")),
    ("DUO-MR-SWV", "geen MR-advies swv", deleter("bijlagen", "mr_advies_samenwerkingsverband")),
    ("DUO-ADVIES-JUIST", "advies van een andere raad",
     setter("scholen", 0, "mr_advies", value="bijlagen/mr-advies-swv.pdf")),
    ("DUO-BIJLAGE", "bestand bestaat niet",
     setter("scholen", 1, "mr_advies", value="bijlagen/bestaat-niet.pdf")),
    ("DUO-ONTVANGSTDATUM", "datum verstreken",
     setter("aanvraagronde", "uiterste_ontvangstdatum", value=date(2026, 11, 1))),
    ("DUO-RONDE", "nieuwe ronde zonder beslisdatum", deleter("aanvraagronde", "beslisdatum")),
    ("DUO-RONDE", "beslisdatum vóór de ontvangstdatum",
     setter("aanvraagronde", "beslisdatum", value=date(2027, 3, 1))),
    ("DUO-START-NA-BESLUIT", "start vóór het besluit", both(
        setter("arrangement", "startdatum", value=date(2027, 5, 15)),
        setter("samenwerkingsovereenkomst", "ingangsdatum", value=date(2027, 5, 15)))),
    ("DUO-START-NA-BESLUIT", "start op de beslisdatum", both(
        setter("arrangement", "startdatum", value=date(2027, 5, 31)),
        setter("samenwerkingsovereenkomst", "ingangsdatum", value=date(2027, 5, 31)))),
    ("DUO-EXPERIMENTPERIODE", "loopt na 2027 door",
     setter("samenwerkingsovereenkomst", "einddatum", value=date(2032, 7, 31))),
    ("DUO-SOK-LOOPTIJD", "einde vóór begin",
     setter("samenwerkingsovereenkomst", "einddatum", value=date(2027, 7, 1))),
    ("DUO-SOK-LOOPTIJD", "gaat in na de start",
     setter("samenwerkingsovereenkomst", "ingangsdatum", value=date(2027, 9, 1))),
    ("DUO-PP-LEEFTIJDEN", "jongste ouder dan oudste", both(
        setter("arrangement", "doelgroep", "leeftijd_van", value=18),
        setter("arrangement", "doelgroep", "leeftijd_tot", value=12))),
    ("ACH-1-FORMULIER", "achterhoek ontbreekt", deleter("achterhoek")),
    ("ACH-2-AFGESTEMD", "nee", setter("achterhoek", "afgestemd_met_partijen", value="nee")),
    ("ACH-3-VISIE", "nee", setter("achterhoek", "past_in_visie", value="nee")),
    ("ACH-4-GEDRAGSWETENSCHAPPER", "geen", setter("achterhoek", "gedragswetenschappers", value=[])),
    ("ACH-5-COLLECTIEF", "één leerling",
     setter("arrangement", "doelgroep", "aantal_leerlingen", value=1)),
    ("ACH-6-FINANCIERING", "te kort", setter("arrangement", "financiering", value=SHORT)),
    ("ACH-7-TOELEIDING", "te kort", setter("achterhoek", "toeleiding", value="Via school.")),
    ("ACH-8-MONITORING", "te kort",
     setter("achterhoek", "verantwoording_monitoring", value="Jaarverslag.")),
    ("ACH-9-ADVIESVRAAG", "geen vraag", setter(
        "achterhoek", "adviesvraag",
        value="Een collectief arrangement voor thuiszitters in de oostelijke Achterhoek.")),
    ("ACH-GEMEENTE", "geen gemeente", ZONDER_GEMEENTE),
    ("ACH-REGISSEUR", "zonder e-mail en telefoon",
     both(deleter("regisseur", "email"), deleter("regisseur", "telefoon"))),
    ("ACH-REGIO", "aanmeldformulier buiten de regio", IN_UTRECHT),
    ("IND-ROUTE", "individueel zonder route", INDIVIDUEEL),
    ("IND-TOEGANG", "niet samen met Toegang", both(
        INDIVIDUEEL, setter("individuele_route", value={**ROUTE, "samen_met_toegang": "nee"}))),
    ("IND-ONDERSTEUNINGSVRAAG", "te kort", both(
        INDIVIDUEEL, setter("individuele_route", value={**ROUTE, "ondersteuningsvraag": SHORT}))),
    ("IND-EEN-LEERLING", "acht leerlingen", both(
        INDIVIDUEEL, setter("individuele_route", value=ROUTE),
        setter("arrangement", "doelgroep", "aantal_leerlingen", value=8))),
    ("IND-EVALUATIE", "n.v.t.", both(
        INDIVIDUEEL, setter("individuele_route", value={**ROUTE, "evaluatie": "n.v.t."}))),
    ("PRIV-HERLEIDBAAR", "leeftijd, diagnose en maanden thuis", both(
        INDIVIDUEEL, setter("individuele_route", value={
            **ROUTE, "ondersteuningsvraag": ROUTE["ondersteuningsvraag"] + " De leerling heeft autisme."}),
        setter("arrangement", "doelgroep", "leeftijd_van", value=14),
        setter("arrangement", "doelgroep", "leeftijd_tot", value=14))),
    ("PRIV-HERLEIDBAAR", "diagnose en maanden thuis", both(
        INDIVIDUEEL, setter("individuele_route", value=ROUTE),
        append_text("arrangement", "omschrijving", text="Na een diagnose ADHD zat de leerling 8 maanden thuis."))),
    # any free-text answer, not only those of the arrangement and the plan: the privacy rules' one list
    ("PRIV-HERLEIDBAAR", "diagnose en maanden thuis in de overeenkomst", both(
        INDIVIDUEEL, setter("individuele_route", value=ROUTE),
        append_text("samenwerkingsovereenkomst", "privacy",
                    text="De leerling met autisme die 8 maanden thuis zat, heeft recht op inzage."))),
    ("PRIV-BSN", "BSN in de toeleiding",
     append_text("achterhoek", "toeleiding", text="Voorbeeld: BSN 123456782.")),
    ("PRIV-BSN", "BSN met punten",
     append_text("projectplan", "vormgeving", text="Het dossier met nummer 111.222.333 ligt klaar.")),
    # 31 years old: too old for a pupil's date on its own, only the word 'geboren' catches it
    ("PRIV-GEBOORTEDATUM", "naast 'geboren'",
     append_text("achterhoek", "toeleiding", text="Een jongere, geboren op 12-03-1995, start eerst.")),
    ("PRIV-GEBOORTEDATUM", "datum van een 14-jarige",
     append_text("arrangement", "aanleiding", text="Sinds 14 februari 2012 is er zorg.")),
    ("PRIV-NAAM", "leerling met naam",
     append_text("achterhoek", "toeleiding", text="De eerste is leerling Jan de Vries.")),
    ("PRIV-NAAM", "naam met leeftijd",
     append_text("arrangement", "aanleiding", text="Zo viel Fleur Jansen (14 jaar) uit.")),
    ("PRIV-EMAIL", "adres in tekst",
     append_text("achterhoek", "toeleiding", text="Mail naar ouder.jansen@gmail.com.")),
    ("PRIV-TELEFOON", "nummer in tekst",
     append_text("achterhoek", "toeleiding", text="Bel de moeder op 06-12345678.")),
    ("PRIV-UITZONDERING", "pad met typefout", setter(
        "privacy_uitzonderingen",
        value=[{"pad": "achterhoek.toeleidng", "reden": "zakelijk nummer van het loket"}])),
]


# "rule:how" → a fragment of the message that variant must give (so it fails for its own reason)
BREAK_MESSAGES: dict[str, str] = {
    "DUO-SAMENWERKING:tweede zorgaanbieder tekent niet":
        "Zorgboerderij ’t Hoëveld (zorgaanbieder) ondertekent de samenwerkingsovereenkomst niet",
    "DUO-SAMENWERKING:tweede gemeente tekent niet":
        "Gemeente Winterswijk (gemeente) ondertekent de samenwerkingsovereenkomst niet",
    "DUO-SAMENWERKING:zorgkantoor tekent niet":
        "Zorgkantoor Menzis Achterhoek (zorgkantoor) ondertekent de samenwerkingsovereenkomst niet",
    "DUO-SAMENWERKING:school tekent in plaats van het bestuur":
        "‘De Brug’ ondertekent de samenwerkingsovereenkomst, maar is een school en geen partij; noem het bevoegd "
        "gezag (Stichting Onderwijs Achterhoek Zuid & Oost)",
    "DUO-SAMENWERKING:partij tekent twee keer": "Stichting Onderwijs Achterhoek Zuid & Oost ondertekent twee keer",
    "DUO-SAMENWERKING:swv vraagt aan, geen school tekent":
        "Stichting Onderwijs Achterhoek Zuid & Oost (bevoegd gezag) ondertekent de samenwerkingsovereenkomst niet",
    "DUO-SAMENWERKING:swv vraagt aan, school zonder bestuur": "bij Het Ludgercollege ‘Ulft’ staat geen bevoegd gezag",
    "DUO-SOK-TAAKVERDELING:taken te kort": "‘taken’ van SOAZO is te summier",
    "DUO-SOK-TAAKVERDELING:aanvrager ontbreekt":
        "de taakverdeling noemt Stichting Onderwijs Achterhoek Zuid & Oost (bevoegd gezag) niet",
    "DUO-SOK-TAAKVERDELING:zorgkantoor ontbreekt":
        "de taakverdeling noemt Zorgkantoor Menzis Achterhoek (zorgkantoor) niet",
    "DUO-SOK-TAAKVERDELING:naam niet consequent":
        "‘Gemeente Doetinchem (namens de Achterhoekse gemeenten)’ staat in de taakverdeling, maar is geen partij",
    "DUO-SOK-TAAKVERDELING:financier ontbreekt": "de taakverdeling noemt Gemeente Doetinchem (gemeente) niet",
    "DUO-RONDE:nieuwe ronde zonder beslisdatum": "de nieuwe aanvraagronde is niet beschreven: de beslisdatum ontbreekt",
    "DUO-RONDE:beslisdatum vóór de ontvangstdatum":
        "de beslisdatum (1 maart 2027) ligt niet na de uiterste ontvangstdatum (31 maart 2027)",
    "DUO-START-NA-BESLUIT:start vóór het besluit":
        "het arrangement start (15 mei 2027) niet na de beslisdatum van DUO (31 mei 2027)",
    "DUO-EXPERIMENTPERIODE:loopt na 2027 door":
        "de overeenkomst loopt tot 31 juli 2032, na het einde van het experiment (1 januari 2028)",
    "DUO-SOK-LOOPTIJD:einde vóór begin":
        "de overeenkomst eindigt (1 juli 2027) niet na de ingangsdatum (1 augustus 2027)",
    "DUO-SOK-LOOPTIJD:gaat in na de start":
        "de overeenkomst gaat pas in op 1 september 2027, na de start van het arrangement (1 augustus 2027)",
    "DUO-PP-LEEFTIJDEN:jongste ouder dan oudste": "de jongste leeftijd (18) is hoger dan de oudste (12)",
    "DUO-INGEVULD:n.v.t. als aanleiding": "arrangement.aanleiding is niet ingevuld: ‘n.v.t.’ is een opvultekst",
    "DUO-INGEVULD:streepje als zorgsoort": "zorgaanbieders[1].zorgsoort is niet ingevuld: ‘-’ is een opvultekst",
    "DUO-INGEVULD:PM in de privacyafspraken": "samenwerkingsovereenkomst.privacy bevat nog ‘PM’",
    "DUO-INSCHRIJVING:niet verklaard": "er is niet verklaard dat de leerlingen op de school ingeschreven zijn",
    "DUO-INSCHRIJVING:andere school": "‘De Triangel’ staat niet bij de scholen van dit dossier",
    "DUO-PP-BIJDRAGE:nvt":
        "de bijdrage aan het doel van het experiment is niet ingevuld: ‘nvt’ is een opvultekst, geen beschrijving",
    "DUO-PP-VORMGEVING:n.v.t.":
        "hoe het arrangement eruitziet is niet ingevuld: ‘n.v.t.’ is een opvultekst, geen beschrijving",
    "ACH-CRITERIA:xxx":
        "de beschrijving van de criteria voor leerlingen die in het arrangement passen is niet ingevuld: ‘xxx’",
    "IND-EEN-LEERLING:acht leerlingen": "een individueel arrangement is voor één leerling, maar het aantal is 8",
    "PRIV-HERLEIDBAAR:leeftijd, diagnose en maanden thuis":
        "één leerling, de school (De Brug), 14 jaar, ‘autisme’, ‘gedragsproblemen’: samen wijzen die één kind aan",
    "DUO-PP-LEERLIJNEN:leerlijnen te kort": "de leerlijnen of methodes is te summier",
    "DUO-PP-MEDEWERKERS:bijdrage aan kwaliteit te kort":
        "de bijdrage aan de kwaliteit van de leerkracht speciaal onderwijs is te summier",
    "DUO-PP-MEDEWERKERS:kwaliteit te kort": "hoe de medewerkers de kwaliteit helpen is te summier",
    "PRIV-GEBOORTEDATUM:naast 'geboren'": "mogelijke geboortedatum in vrije tekst: ‘12-03-1995’",
    "DUO-ADVIES-JUIST:advies van een andere raad":
        "het advies ‘bijlagen/mr-advies-swv.pdf’ is niet van de medezeggenschapsraad van De Brug; het noemt: "
        "“medezeggenschapsraad van Samenwerkingsverband VO Achterhoek Oost”",
}


def test_every_rule_has_a_breaking_variant() -> None:
    from pipeline.check.documents import RULES as BUILD_RULES  # broken by a template, not an answer

    steps = {"ACH-MAILEN"}  # a step to take, not a condition: "nog doen" until it is done (see below)
    steps |= {"ACH-ADVIESTERMIJN"}  # broken by voortgang.yaml's mailing date: test_the_advice_period_counts…
    steps |= SIGNING_RULES  # broken by what ondertekend/ holds, not an answer: test_the_signing_rules_judge…
    steps |= {"PRIV-BIJLAGE"}  # broken by what an advice says, not an answer: tests/test_advices.py
    steps |= {"PRIV-DOSSIERNAAM", "PRIV-VOORTGANG"}  # the folder's name, voortgang.yaml: tests/test_privacy_exits.py
    assert {rule for rule, _, _ in BREAKS} == {r.id for r in RULES if r not in BUILD_RULES and r.id not in steps}
    assert set(BREAK_MESSAGES) <= {f"{r}:{h}" for r, h, _ in BREAKS}


@pytest.mark.parametrize(("rule", "how", "change"), BREAKS, ids=[f"{r}:{h}" for r, h, _ in BREAKS])
def test_variant_breaks_exactly_that_rule(tmp_path: Path, rule: str, how: str, change) -> None:
    found = findings(variant(tmp_path, change))
    assert {f.id for f in found} == {rule}
    if (fragment := BREAK_MESSAGES.get(f"{rule}:{how}")) is not None:
        assert any(fragment in f.message for f in found), [f.message for f in found]


def test_an_arrangement_that_starts_after_the_experiment_is_not_ready(tmp_path: Path) -> None:
    """Not only the period warning: an arrangement that cannot run inside the experiment is an error."""
    found = findings(variant(tmp_path, both(
        setter("arrangement", "startdatum", value=date(2028, 3, 1)),
        setter("samenwerkingsovereenkomst", "ingangsdatum", value=date(2028, 3, 1)),
        setter("samenwerkingsovereenkomst", "einddatum", value=date(2029, 7, 31)))))
    assert {(f.id, f.severity) for f in found} == {("DUO-START-NA-BESLUIT", "fout"),
                                                  ("DUO-EXPERIMENTPERIODE", "waarschuwing")}
    assert any("het arrangement start (1 maart 2028) niet vóór het einde van het experiment (1 januari 2028)"
               in f.message for f in found)


# ------------------------------------------------------------------ passing


def test_example_passes_every_rule() -> None:
    """Every rule about the answers passes; unsigned, only the signatures are missing."""
    result = check_dossier(load_dossier(EXAMPLE), today=TODAY)
    assert [f for f in result.findings if f.id not in SIGNING_RULES] == []
    assert result.level() == "klaar om te laten tekenen" and not result.ready()


def test_the_signing_rules_judge_what_ondertekend_holds(tmp_path: Path) -> None:
    """Nothing signed: one finding per document to sign; signed copies of the current text: no finding at
    all, ready to submit; an answer the agreement shows changed after signing: its copy is of another text."""
    folder = variant(tmp_path, lambda d: None, "voorbeeld")  # the example's name: its signed copies hold
    found = findings(folder, signing=True)
    assert [(f.id, f.field, f.severity) for f in found] == [
        ("TEKEN-PARTIJEN", "aanvrager.ondertekenaar", "fout"),
        ("TEKEN-PARTIJEN", "samenwerkingsovereenkomst.ondertekenaars", "fout")]
    assert found[0].message.startswith("er is nog geen getekende kopie van het huidige formulier aanvraaggegevens")
    put_signed(folder)
    signed = check_dossier(load_dossier(folder), today=TODAY)
    assert signed.findings == () and signed.level() == "klaar om in te dienen" and signed.ready()
    rewrite(folder, append_text("samenwerkingsovereenkomst", "geschillen", text="Zo nodig met een mediator."))
    changed = check_dossier(load_dossier(folder), today=TODAY)
    assert {f.id for f in changed.findings} == {"TEKEN-KOPIE", "TEKEN-PARTIJEN"}
    (stale,) = [f for f in changed.findings if f.id == "TEKEN-KOPIE"]
    assert stale.file == folder / "ondertekend" / "samenwerkingsovereenkomst.pdf"
    assert "is niet de huidige" in stale.message and "is na het tekenen gewijzigd" in stale.message
    assert changed.level() == "klaar om te laten tekenen"


def test_example_passes_on_the_command_line(tmp_path: Path, signed_example: Path) -> None:
    code, out, err = run_check(EXAMPLE, tmp_path)
    assert code == 3, err  # every rule passes but the signatures: ready to be signed, not to submit
    assert "✓ inputs/voorbeeld/dossier.yaml: klaar om te laten tekenen (ondertekening: nog 2 meldingen)" in out
    assert "Uiterste ontvangstdatum bij DUO: 31 maart 2027 (nog 126 dagen)." in out
    assert "Klaar om te laten tekenen" in (tmp_path / "build" / "voorbeeld" / "checklist.html").read_text("utf-8")
    code, out, err = run_check(signed_example, tmp_path)
    assert code == 0, err
    assert "voorbeeld/dossier.yaml: klaar om in te dienen\n" in out
    code, out, _ = run_check(signed_example, tmp_path, fmt="json")
    report = json.loads(out)
    assert code == 0 and report["klaar"] is True
    (dossier,) = report["dossiers"]
    assert (dossier["niveau"], dossier["fouten"], dossier["bevindingen"]) == ("klaar om in te dienen", 0, [])


PASSES: list[tuple[str, Callable[[Data], None]]] = [
    ("swv vraagt aan, schoolbestuur tekent", AANVRAGER_IS_SWV),
    ("OPR-instemming in plaats van MR-adviezen", both(
        deleter("scholen", 0, "mr_advies"),
        deleter("scholen", 1, "mr_advies"),
        deleter("bijlagen", "mr_advies_samenwerkingsverband"),
        setter("bijlagen", "opr_instemming", value="bijlagen/mr-advies-swv.pdf"))),
    ("individueel met route, zonder achterhoek", both(
        INDIVIDUEEL, setter("individuele_route", value=ROUTE))),
    ("adviesvraag met vraagteken", setter(
        "achterhoek", "adviesvraag",
        value="Kan de adviesgroep het AO Jeugd positief adviseren over de start in 2027?")),
    ("volledige naam en korte naam door elkaar", both(
        setter("samenwerkingsovereenkomst", "taakverdeling", 2, "partij", value="Jeugdhulp De Linde Achterhoek"),
        setter("samenwerkingsovereenkomst", "ondertekenaars", 1, "organisatie", value=SWV))),
    ("school met een eigen bestuur dat tekent en taken heeft", both(
        setter("scholen", 1, "bevoegd_gezag", value="Stichting Carmelcollege"),
        lambda d: d["samenwerkingsovereenkomst"]["ondertekenaars"].append(
            {"naam": "Hanneke Wissink", "functie": "lid college van bestuur",
             "organisatie": "Stichting Carmelcollege"}),
        lambda d: d["samenwerkingsovereenkomst"]["taakverdeling"].append({
            "partij": "Stichting Carmelcollege",
            "taken": "Verzorgt het onderwijs van de jongeren van het Ludgercollege.",
            "bevoegdheden": "Besluit over toelating en onderwijsprogramma op het Ludgercollege.",
            "verantwoordelijkheden": "Is verantwoordelijk voor de kwaliteit van het onderwijs op het "
                                     "Ludgercollege."}))),
    ("n.v.t. als opmerking (een vrije vraag)", setter("arrangement", "opmerkingen", value="n.v.t.")),
    ("n.v.t. binnen een zin", append_text(
        "projectplan", "vormgeving", text="Het eerste halfjaar is het vervoer n.v.t. voor jongeren uit Ulft.")),
    ("inschrijving op de school met haar volledige naam", setter(
        "inschrijving", "school", value="De Brug, school voor speciaal en voortgezet speciaal onderwijs")),
    ("recente datum is geen geboortedatum",
     append_text("arrangement", "aanleiding", text="Op 3 maart 2025 en 01-09-2026 overlegden wij.")),
    ("ongeldig 9-cijferig nummer is geen BSN",
     append_text("projectplan", "vormgeving", text="Kenmerk 123456789 en 123.456.789.")),
    ("leerlingen van een school is geen naam",
     append_text("achterhoek", "toeleiding", text="Ook leerlingen van De Brug en leerling Het Ludgercollege.")),
]


@pytest.mark.parametrize(("mailed", "late"), [("2027-07-01", True), ("2027-06-01", False), ("2027-06-19", False)])
def test_the_advice_period_counts_from_the_mailing_voortgang_records(tmp_path: Path, mailed: str, late: bool) -> None:
    """One place records that the form was mailed (voortgang.yaml), for the route, the checklist's
    step and this term alike: six weeks of advice before the start (1 August 2027)."""
    folder = variant(tmp_path, lambda d: None)
    (folder / "voortgang.yaml").write_text(f"aanmeldformulier_gemaild: {mailed}\n", encoding="utf-8")
    found = findings(folder)
    assert ids(folder) == (["ACH-ADVIESTERMIJN"] if late else [])
    if late:
        assert found[0].message == (
            "het arrangement start op 1 augustus 2027, maar na het verzenden van het aanmeldformulier (1 juli 2027) "
            "heeft de adviesgroep tot 12 augustus 2027 voor haar advies, en daarna besluit het AO Jeugd nog")


def test_mailing_and_submitting_are_steps_done_when_voortgang_records_them(tmp_path: Path) -> None:
    """The checklist's rows and its route map say the same: 'nog doen' until recorded, then done."""
    folder = variant(tmp_path, lambda d: None)
    loaded = load_dossier(folder)
    statuses = {r.rule.id: r.status for r in rule_statuses(loaded, ())}
    assert statuses["ACH-MAILEN"] == statuses["DUO-ONTVANGSTDATUM"] == "nog doen"
    (folder / "voortgang.yaml").write_text("aanmeldformulier_gemaild: 2027-02-01\ningediend_bij_duo: 2027-03-20\n",
                                           encoding="utf-8")
    statuses = {r.rule.id: r.status for r in rule_statuses(loaded, ())}
    assert statuses["ACH-MAILEN"] == statuses["DUO-ONTVANGSTDATUM"] == "in orde"
    # submitted in time: the deadline passing afterwards is no finding; submitted too late is one
    assert ids(folder, today=date(2027, 6, 1)) == []
    (folder / "voortgang.yaml").write_text("ingediend_bij_duo: 2027-04-02\n", encoding="utf-8")
    assert [f.message for f in findings(folder, today=date(2027, 6, 1))] == [
        "ingediend op 2 april 2027, na de uiterste ontvangstdatum (31 maart 2027); DUO neemt de aanvraag niet meer "
        "in behandeling"]


@pytest.mark.parametrize(("how", "change"), PASSES, ids=[h for h, _ in PASSES])
def test_variant_passes(tmp_path: Path, how: str, change) -> None:
    assert ids(variant(tmp_path, change)) == []


# ---------------------------------------------------------------- attachments


def _attachment(tmp_path: Path, make: Callable[[Path], None]) -> list[str]:
    folder = variant(tmp_path, setter("scholen", 0, "mr_advies", value="bijlagen/advies.pdf"))
    make(folder / "bijlagen" / "advies.pdf")
    return [f.message for f in findings(folder) if f.id == "DUO-BIJLAGE"]


def test_attachment_empty_file_fails(tmp_path: Path) -> None:
    assert _attachment(tmp_path, lambda p: p.write_bytes(b"")) == [
        "de bijlage ‘bijlagen/advies.pdf’ is leeg (0 bytes)"
    ]


def test_attachment_text_with_pdf_extension_fails(tmp_path: Path) -> None:
    (message,) = _attachment(tmp_path, lambda p: p.write_text("advies volgt", encoding="utf-8"))
    assert "is geen PDF of afbeelding" in message


def test_attachment_symlink_out_of_the_folder_fails(tmp_path: Path) -> None:
    outside = tmp_path / "elders.pdf"
    outside.write_bytes(b"%PDF-1.7\n")
    (message,) = _attachment(tmp_path, lambda p: p.symlink_to(outside))
    assert "buiten de dossiermap" in message


def test_attachment_directory_fails(tmp_path: Path) -> None:
    assert _attachment(tmp_path, lambda p: p.mkdir()) == [
        "de bijlage ‘bijlagen/advies.pdf’ is geen bestand"
    ]


def _docx(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")


def _image(kind: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        from PIL import Image

        Image.new("RGB", (40, 60), "white").save(path, kind)

    return make


@pytest.mark.parametrize(
    "make",
    [
        _image("PNG"),
        _image("JPEG"),
        lambda p: p.symlink_to(p.parent / "mr-advies-swv.pdf"),  # symlink inside the folder
    ],
    ids=["png", "jpeg", "symlink-binnen"],
)
def test_attachment_image_and_inner_symlink_pass(tmp_path: Path, make) -> None:
    assert _attachment(tmp_path, make) == []


@pytest.mark.parametrize(("make", "problem"), [
    (_docx, "is een Word-document; DUO's bijlage 4 wordt één PDF met alle adviezen: sla het op als PDF"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32), "is beschadigd: het lukt niet om de PNG te openen"),
    (lambda p: p.write_bytes(b"%PDF-1.7\n" + b"\0" * 32), "is beschadigd: het lukt niet om de PDF te openen"),
], ids=["docx", "kapotte-png", "kapotte-pdf"])
def test_attachment_that_cannot_join_attachment_4_fails(tmp_path: Path, make, problem: str) -> None:
    folder = variant(tmp_path, setter("scholen", 0, "mr_advies", value="bijlagen/advies.pdf"))
    make(folder / "bijlagen" / "advies.pdf")
    assert [(f.id, f.message) for f in findings(folder)] == [
        ("DUO-BIJLAGE", f"de bijlage ‘bijlagen/advies.pdf’ {problem}")]


def test_zip_that_is_not_a_docx_fails(tmp_path: Path) -> None:
    import zipfile

    def make(p: Path) -> None:
        with zipfile.ZipFile(p, "w") as archive:
            archive.writestr("notes.txt", "x")

    folder = variant(tmp_path, setter("scholen", 0, "mr_advies", value="bijlagen/advies.pdf"))
    make(folder / "bijlagen" / "advies.pdf")
    (finding,) = [f for f in findings(folder) if f.id == "DUO-BIJLAGE"]
    assert finding.message == ("de bijlage ‘bijlagen/advies.pdf’ is geen PDF of afbeelding (PNG of JPEG) "
                               "(gecontroleerd op de inhoud, niet op de extensie)")
    assert (finding.severity, finding.field) == ("fout", "scholen[0].mr_advies")
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    line = line_of(text, "mr_advies: bijlagen/advies.pdf")
    column = text.splitlines()[line - 1].index("bijlagen/advies.pdf") + 1
    assert (finding.file, finding.line, finding.column) == (folder / "dossier.yaml", line, column)


# ------------------------------------------------------------------- deadline


DEADLINE = "de uiterste ontvangstdatum (31 maart 2027)"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 3, 16), []),
        (date(2027, 3, 17), [("waarschuwing", f"nog 14 dagen tot {DEADLINE}")]),
        (date(2027, 3, 31), [("waarschuwing", f"vandaag is de laatste dag tot {DEADLINE}")]),
        (date(2027, 4, 1), [("fout", "de uiterste ontvangstdatum (31 maart 2027) is 1 dag geleden "
                             "verstreken; DUO neemt de aanvraag niet meer in behandeling")]),
    ],
)
def test_deadline_warns_with_days_left_and_fails_when_past(today, expected) -> None:
    assert [(f.severity, f.message) for f in findings(EXAMPLE, today)] == expected


def test_warning_fails_only_with_strict(tmp_path: Path, signed_example: Path) -> None:
    assert run_check(signed_example, tmp_path, today=date(2027, 3, 25))[0] == 0
    code, _, err = run_check(signed_example, tmp_path, today=date(2027, 3, 25), strict=True)
    assert code == 1
    assert "niet klaar: 1 waarschuwing (--strict: waarschuwingen tellen als fout)" in err


def test_past_deadline_fails_the_command(tmp_path: Path) -> None:
    code, out, err = run_check(EXAMPLE, tmp_path, today=date(2027, 4, 2))
    assert code == 1
    assert "DUO-ONTVANGSTDATUM" in out
    assert "niet klaar: 1 fout" in err


# -------------------------------------------------------------------- privacy


def test_elfproef() -> None:
    assert elfproef("123456782")
    assert elfproef("111222333")
    assert not elfproef("123456789")
    assert not elfproef("111222334")
    assert not elfproef("000000000")
    assert not elfproef("12345678")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("BSN 123456782.", ["123456782"]),
        ("nummer 123.456.782", ["123.456.782"]),
        ("nummer 123 456 782", ["123 456 782"]),
        ("nummer 1234.56.782", ["1234.56.782"]),
        ("nummer 123456789", []),  # fails the elfproef
        ("bedrag 1.123.456.782,00 euro", []),  # part of a larger number
        ("btw NL123456782B01", []),  # a company code, not a person
        ("begroting € 123.456.782", []),  # an amount
        ("bel +31 612345678", []),  # a phone number, reported as such instead
    ],
)
def test_bsn_detection(text: str, found: list[str]) -> None:
    assert [t.text for t in bsn_numbers(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("bel 0314 820 410", ["0314 820 410"]),
        ("bel (0314) 820410", ["(0314) 820410"]),
        ("bel +31 6 12345678", ["+31 6 12345678"]),
        ("bel 06-12345678", ["06-12345678"]),
        ("8 uur per week, 2027-08-01", []),
    ],
)
def test_phone_detection(text: str, found: list[str]) -> None:
    assert [t.text for t in phone_numbers(text)] == found


def test_privacy_finding_points_at_the_line_of_the_number(tmp_path: Path) -> None:
    folder = variant(tmp_path, append_text("achterhoek", "toeleiding", text="BSN 123456782."))
    (finding,) = findings(folder)
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    line = line_of(text, "123456782")
    assert (finding.field, finding.line) == ("achterhoek.toeleiding", line)
    assert finding.column == text.splitlines()[line - 1].index("123456782") + 1
    assert finding.message == "burgerservicenummer (BSN, klopt met de elfproef) in vrije tekst: ‘123456782’"


def test_privacy_finding_inside_a_block_scalar_points_at_its_line(tmp_path: Path) -> None:
    def change(d: Data) -> None:
        from ruamel.yaml.scalarstring import LiteralScalarString

        d["projectplan"]["kwaliteit"] = LiteralScalarString(
            "Eerste regel zonder gegevens.\nTweede regel: mail naar jan@example.org graag.\n"
        )

    folder = variant(tmp_path, change)
    (finding,) = findings(folder)
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    assert finding.id == "PRIV-EMAIL"
    assert finding.line == line_of(text, "jan@example.org")


WAIVER = {"pad": "achterhoek.toeleiding", "reden": "zakelijk nummer en adres van het loket"}


def test_waiver_suppresses_email_and_phone_in_that_field_only(tmp_path: Path) -> None:
    folder = variant(tmp_path, both(
        append_text("achterhoek", "toeleiding",
                    text="Loket: 0314 820 499, loket@swv-achterhoek-oost.example."),
        append_text("achterhoek", "verantwoording_monitoring", text="Vragen: 0314 820 499."),
        setter("privacy_uitzonderingen", value=[WAIVER]),
    ))
    assert [(f.id, f.field) for f in findings(folder)] == [
        ("PRIV-TELEFOON", "achterhoek.verantwoording_monitoring")
    ]


def test_waiver_never_suppresses_a_bsn(tmp_path: Path) -> None:
    folder = variant(tmp_path, both(
        append_text("achterhoek", "toeleiding", text="BSN 123456782."),
        setter("privacy_uitzonderingen", value=[WAIVER]),
    ))
    assert ids(folder) == ["PRIV-BSN"]


def test_staff_contact_fields_are_not_free_text(tmp_path: Path) -> None:
    # the example's regisseur has e-mail and phone; a pupil-like structured name does not count,
    # but the same text in the regisseur's functie (free text) does
    pupil = "Jan de Vries (14 jaar)"
    assert ids(variant(tmp_path, setter("regisseur", "functie", value=pupil), "functie")) == [
        "PRIV-NAAM"
    ]
    assert ids(variant(tmp_path, setter("regisseur", "naam", value=pupil), "naam")) == []


def test_waiver_path_with_list_marker_covers_every_item(tmp_path: Path) -> None:
    mail = append_text("projectplan", "medewerkers", 0, "expertise",
                       text="Bereikbaar via zorgteam@debrug.example.")
    waiver = {"pad": "projectplan.medewerkers[].expertise", "reden": "zakelijk adres van de school"}
    assert [(f.id, f.field) for f in findings(variant(tmp_path, mail, "zonder"))] == [
        ("PRIV-EMAIL", "projectplan.medewerkers[0].expertise")
    ]
    folder = variant(tmp_path, both(mail, setter("privacy_uitzonderingen", value=[waiver])), "met")
    assert ids(folder) == []


# ------------------------------------------------------------------ outputs


def test_text_report_is_a_table_with_place_rule_field_and_advice(tmp_path: Path) -> None:
    folder = variant(tmp_path, setter("achterhoek", "past_in_visie", value="nee"))
    code, out, err = run_check(folder, tmp_path)
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    line = line_of(text, "past_in_visie:")
    assert code == 1
    header = next(row for row in out.splitlines() if row.startswith("PLAATS"))
    assert re.split(r"\s{2,}", header) == ["PLAATS", "ERNST", "REGEL", "VELD"]
    row = next(r for r in out.splitlines() if "ACH-3-VISIE" in r)
    assert re.split(r"\s{2,}", row)[1:] == ["fout", "ACH-3-VISIE", "achterhoek.past_in_visie"]
    assert re.split(r"\s{2,}", row)[0].endswith(f"dossier.yaml:{line}:18")
    assert "Wat te doen: Toets het plan aan de Achterhoekse visie" in out
    assert "Bron: Routekaart onderwijs-jeugdhulparrangementen Achterhoek: “Het arrangement past" in out
    assert "niet klaar: 1 fout" in err


def test_missing_route_section_points_at_the_arrangement_kind(tmp_path: Path) -> None:
    folder = variant(tmp_path, deleter("achterhoek"))
    (finding,) = findings(folder)
    line = line_of((folder / "dossier.yaml").read_text(encoding="utf-8"), "soort: collectief")
    assert (finding.id, finding.field, finding.line) == ("ACH-1-FORMULIER", "achterhoek", line)


def test_json_report_for_tools(tmp_path: Path) -> None:
    folder = variant(tmp_path, deleter("bijlagen", "mr_advies_samenwerkingsverband"))
    code, out, _ = run_check(folder, tmp_path, fmt="json")
    report = json.loads(out)
    assert code == 3 and report["klaar"] is False  # a warning holds nothing back; the signatures are missing
    (dossier,) = report["dossiers"]
    assert (dossier["niveau"], dossier["fouten"], dossier["waarschuwingen"]) == ("klaar om te laten tekenen", 2, 1)
    assert dossier["dagen_tot_ontvangstdatum"] == 126
    assert [f["id"] for f in dossier["bevindingen"]] == ["DUO-MR-SWV", "TEKEN-PARTIJEN", "TEKEN-PARTIJEN"]
    finding = dossier["bevindingen"][0]
    assert finding["id"] == "DUO-MR-SWV"
    assert finding["ernst"] == "waarschuwing"
    assert finding["veld"] == "bijlagen"
    assert finding["bron"]["citaat"].startswith("het advies van de medezeggenschapsraad")
    assert isinstance(finding["regel"], int) and finding["wat_te_doen"]


def test_invalid_dossier_prints_located_errors_and_is_not_ready(tmp_path: Path) -> None:
    folder = variant(tmp_path, setter("arrangement", "doelgroep", "aantal_leerlingen", value="veel"))
    line = line_of((folder / "dossier.yaml").read_text(encoding="utf-8"), "aantal_leerlingen")
    code, _, err = run_check(folder, tmp_path)
    assert code == 1
    assert f"dossier.yaml:{line}:" in err and "moet een geheel getal zijn" in err
    assert "niet klaar: het dossier is niet geldig" in err

    code, out, _ = run_check(folder, tmp_path, fmt="json")
    (dossier,) = json.loads(out)["dossiers"]
    assert code == 1 and dossier["geldig"] is False and dossier["klaar"] is False
    (problem,) = dossier["validatiefouten"]
    assert problem["regel"] == line
    assert problem["veld"] == "arrangement.doelgroep.aantal_leerlingen"


def test_one_bad_dossier_fails_the_run_but_all_are_reported(tmp_path: Path) -> None:
    # the bad dossier comes first: the good one after it must still be checked and reported
    folders = [tmp_path / "bestaat-niet", EXAMPLE]

    def run(fmt: str) -> tuple[int, str, str]:
        stdout, stderr = io.StringIO(), io.StringIO()
        code = check(
            folders, fmt=fmt, today=TODAY, pdf=False, build=tmp_path / "b",
            out=Reporter(stdout=stdout, stderr=stderr),
        )
        return code, stdout.getvalue(), stderr.getvalue()

    code, out, err = run("text")
    assert code == 1
    assert "✓ inputs/voorbeeld/dossier.yaml: klaar om te laten tekenen" in out
    assert "deze map bestaat niet" in err

    code, out, _ = run("json")
    report = json.loads(out)
    assert code == 1
    assert report["klaar"] is False
    assert [(d["klaar"], d["niveau"]) for d in report["dossiers"]] == [
        (False, "niet klaar"), (False, "klaar om te laten tekenen")]


def test_checklist_html_lists_every_rule_with_its_status(tmp_path: Path) -> None:
    # the form and the agreement do not show the answer changed: the example's signed copies hold
    folder = variant(tmp_path, setter("achterhoek", "gedragswetenschappers", value=[]), "voorbeeld")
    put_signed(folder)
    loaded = load_dossier(folder)
    found = findings(folder, signing=True)
    html = render_checklist_html(loaded, found, today=TODAY)
    for rule in RULES:
        assert rule.id in html
    statuses = {r.rule.id: r.status for r in rule_statuses(loaded, found)}
    individual = {r.id for r in RULES if r.id.startswith("IND-")}
    steps = {"DUO-ONTVANGSTDATUM", "ACH-MAILEN"}  # nobody submitted or mailed anything yet
    assert individual >= {"IND-ROUTE", "IND-TOEGANG", "IND-ONDERSTEUNINGSVRAAG"}
    assert statuses == {
        rule.id: "fout" if rule.id == "ACH-4-GEDRAGSWETENSCHAPPER"
        else "n.v.t." if rule.id in individual  # the individual route does not apply
        else "nog doen" if rule.id in steps
        else "in orde"
        for rule in RULES
    }
    assert html.count("✗ fout") == 1
    assert html.count("– n.v.t.") == len(individual)
    assert html.count("○ nog doen") == 2
    assert html.count("✓ in orde") == len(RULES) - 1 - len(individual) - 2
    assert "Ingediend" not in html  # nobody submitted anything
    assert html.count("U voegt 4 documenten toe") == 1  # only for "all documents were made", no file-type rule
    # the example's round is not the one the DUO page names: its quote holds for every round
    assert "Log in op Mijn DUO en gebruik het formulier" in html and "15 december 2022" not in html
    assert "Er staat geen gedragswetenschapper bij" in html
    assert "Nog niet klaar: 1 fout" in html


def test_checklist_html_and_pdf_are_written_to_build(tmp_path: Path, signed_example: Path) -> None:
    from pypdf import PdfReader

    code, out, _ = run_check(signed_example, tmp_path, pdf=True)
    target = tmp_path / "build" / "voorbeeld"
    assert code == 0
    assert "Klaar om in te dienen" in (target / "checklist.html").read_text(encoding="utf-8")
    pdf_text = " ".join(p.extract_text() for p in PdfReader(target / "checklist.pdf").pages)
    assert "Klaar om in te dienen" in pdf_text
    assert "DUO-AANVRAGER" in pdf_text
    assert "checklist.pdf" in out


def test_check_writes_nothing_inside_the_dossier(tmp_path: Path) -> None:
    before = sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*"))
    run_check(EXAMPLE, tmp_path)
    assert sorted(p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*")) == before


# ------------------------------------------------------------------- sources


def test_every_rule_quotes_its_seed_word_for_word() -> None:
    if not SEEDS.is_dir():  # CI always has shared/ beside the clone: there a missing seed is a failure
        (pytest.fail if os.environ.get("CI") else pytest.skip)("brontekstenmap (seeds) niet naast de repository")

    def flat(text: str) -> str:
        return " ".join(text.split())

    from pipeline.check import sources

    seeds = {p.name: flat(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    quoted = {name: v for name, v in vars(sources).items() if isinstance(v, sources.SeedSource)}
    assert {id(rule.source) for rule in RULES} <= {id(v) for v in quoted.values()}  # the rules and the route cite these
    for label, source in quoted.items():
        name = next(n for n in seeds if ("duo" in n) == source.document.startswith("DUO"))
        assert flat(source.quote) in seeds[name], label


def test_example_has_no_privacy_findings_and_no_symlinks() -> None:
    assert not any(f.id.startswith("PRIV-") for f in findings(EXAMPLE))
    assert not any(os.path.islink(p) for p in EXAMPLE.rglob("*"))


def test_a_warning_on_a_field_does_not_hide_that_it_is_not_filled_in(tmp_path: Path) -> None:
    """A privacy warning and a TODO in the same answer: both are reported, and the dossier is not
    'klaar' (the general rule steps back only for a specific error on the same field). A story about one
    pupil in a collective dossier is a warning (on the individual route it is an error)."""
    found = findings(variant(tmp_path, append_text(
        "arrangement", "aanleiding", text="Na een diagnose ADHD zat een leerling 8 maanden thuis. TODO uitwerken.")))
    by_rule = {(f.id, f.field, f.severity) for f in found}
    assert by_rule >= {("PRIV-HERLEIDBAAR", "arrangement.aanleiding", "waarschuwing"),
                       ("DUO-INGEVULD", "arrangement.aanleiding", "fout")}
    assert {f.severity for f in found if f.id != "DUO-INGEVULD"} == {"waarschuwing"}


@pytest.mark.parametrize(("how", "change", "message"), [
    ("heel het antwoord", setter("arrangement", "financiering", value="PM"),
     "de wijze van financiering is niet ingevuld: ‘PM’ is een opvultekst, geen beschrijving"),
    ("in een volledig antwoord", append_text("arrangement", "financiering", text="Het bedrag is PM."),
     "de wijze van financiering bevat nog ‘PM’: vul dat deel nog in"),
])
def test_a_placeholder_is_named_for_what_it_is_whole_or_part(tmp_path: Path, how: str, change, message: str) -> None:
    """One wording for the specific rules and the general one: a full answer with "PM" in it is
    not called "niet ingevuld"."""
    found = findings(variant(tmp_path, change))
    assert [f.message for f in found] == [message], how


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\ufeff", "\u200d", "\u200e"])
def test_an_invisible_character_pasted_into_a_name_does_not_make_it_another_party(tmp_path: Path,
                                                                                  invisible: str) -> None:
    """Issue 26: "Gemeente\u200b Doetinchem" looked like the party on screen and was "geen partij". Invisible
    format characters stay in the answer as typed (SECURITY.md: names and scripts need some of them) but do
    not count when names are compared."""
    def change(data: Data) -> None:
        signer = next(s for s in data["samenwerkingsovereenkomst"]["ondertekenaars"]
                      if s["organisatie"] == "Gemeente Doetinchem")
        signer["organisatie"] = f"Gemeente{invisible} Doetinchem"

    folder = variant(tmp_path, change)
    assert findings(folder) == []


def test_a_board_named_by_invisible_characters_alone_keeps_its_school(tmp_path: Path) -> None:
    """Names compare without format characters, unless nothing else is left: a board typed as only a direction
    mark is still that board, and its school stays in the agreement (found by test_properties)."""
    from pipeline.model.parties import partijen

    folder = variant(tmp_path, setter("scholen", 0, "bevoegd_gezag", value="\u202e"))
    school = load_dossier(folder).dossier.scholen[0]
    boards = [p for p in partijen(load_dossier(folder).dossier) if school in p.scholen]
    assert [p.naam for p in boards] == ["\u202e"]
