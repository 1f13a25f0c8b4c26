"""Issue 26, region as data: the Achterhoek's route applies where the arrangement's gemeenten are.

The experiment is national; the routekaart (its form, criteria, bundle and steps) is one region's.
Each test names the class it stands for and checks what the applicant notices: documents, zips,
findings with what to do, the route's steps and the checklist's note.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

import pipeline.regions
from pipeline.check.checklist import render_checklist_html
from pipeline.check.engine import check_dossier, rule_statuses
from pipeline.cli import run
from pipeline.documents import documents_for
from pipeline.exceptions import InvalidDossier
from pipeline.read.validate import load_dossier
from pipeline.regions import REGIOS_FILE, gemeenten, load_regions, region_of
from pipeline.route.progress import Voortgang
from pipeline.route.route import Route, build_route
from pipeline.route.svg import route_svg
from tests.conftest import sign_now
from tests.test_check import (
    IN_UTRECHT,
    INDIVIDUEEL,
    ROUTE,
    TODAY,
    both,
    deleter,
    findings,
    renamed,
    rewrite,
    setter,
    variant,
)

DUO_ZIP = ["1-aanvraaggegevens.pdf", "2-samenwerkingsovereenkomst.pdf", "3-projectplan.pdf",
           "4-adviezen-medezeggenschapsraad.pdf", "manifest.json"]
REGIONAL_STEPS = {"constateren", "ondersteuningsvraag", "opstellen", "eerste_contact", "criteria", "financiering",
                  "aanmeldformulier", "advies", "besluit_ao_jeugd", "aanvraag_gemeente", "beschikking"}
UTRECHT_COLLECTIEF = both(IN_UTRECHT, deleter("achterhoek"))  # a school elsewhere, no Achterhoek form
NOTE = "Uw eigen regio kan een eigen route voor onderwijs-jeugdhulparrangementen hebben"


def _build(capsys: pytest.CaptureFixture[str], folder: Path, out: Path) -> tuple[int, str]:
    code = run(["build", str(folder), "-o", str(out), "--vandaag", TODAY.isoformat()])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _route(folder: Path, today: date = TODAY) -> Route:
    return build_route(folder.name, load_dossier(folder).dossier, Voortgang(), today=today)


# ------------------------------------------------------------------ the done-when, end to end


def test_a_collective_dossier_in_utrecht_gets_its_duo_zip_and_winterswijk_asks_for_the_form(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Class: the routekaart applies by where the arrangement's gemeenten are, not to every collective dossier."""
    folder = variant(tmp_path, UTRECHT_COLLECTIEF, "utrecht")
    sign_now(folder)
    out = tmp_path / "build"
    code, text = _build(capsys, folder, out)
    build = out / "utrecht"
    assert code == 0 and "klaar om in te dienen" in text, text
    assert "overgeslagen: alleen als een gemeente van het arrangement in de regio ligt (Achterhoek)" in text
    with zipfile.ZipFile(build / "utrecht-aanvraag.zip") as duo:
        assert duo.namelist() == DUO_ZIP
    assert not list(build.glob("aanmeldformulier*")) and not list(build.glob("onderbouwing*"))
    assert not (build / "utrecht-sociaal-domein-achterhoek.zip").exists()
    assert not (build / "utrecht-gemeente.zip").exists()
    checklist = (build / "checklist.html").read_text(encoding="utf-8")
    assert checklist.count(NOTE) == 1  # once, not again under the route
    assert "Routekaart onderwijs-jeugdhulparrangementen Achterhoek en" not in checklist
    assert "Eerste contact met de regionale adviesgroep" not in checklist
    calendar = (build / "termijnen.ics").read_text(encoding="utf-8")
    assert "adviesgroep" not in calendar and "AO Jeugd" not in calendar

    # the same dossier, its gemeente moved to Winterswijk: the Achterhoek's form is asked for
    rewrite(folder, both(UTRECHT_COLLECTIEF, renamed(("Gemeente Utrecht", "Gemeente Winterswijk"))))
    asked = [f for f in findings(folder) if f.id == "ACH-1-FORMULIER"]
    assert [f.field for f in asked] == ["achterhoek"]
    assert "Vul het onderdeel ‘achterhoek’ in" in asked[0].what_to_do
    code, text = _build(capsys, folder, out)
    assert "niet klaar: 1 fout" in text and "het Achterhoekse aanmeldformulier (‘achterhoek’) is niet ingevuld" in text
    assert "geen bundel: het dossier is nog niet klaar" in text, text
    assert (build / "aanmeldformulier-collectief.pdf").is_file()  # the form is part of the dossier now
    assert "ACH-1-FORMULIER" in (build / "checklist.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ which answers name a gemeente


@pytest.mark.parametrize(("change", "region"), [
    (renamed(("Gemeente Doetinchem", "gemeente oost-gelre")), "Achterhoek"),  # case, hyphen, ‘gemeente’
    (renamed(("Gemeente Doetinchem", "Oude\u200b IJsselstreek")), "Achterhoek"),  # an invisible mark pasted in
    (IN_UTRECHT, None),
    (both(IN_UTRECHT, setter("scholen", 0, "plaats", value="Winterswijk")), None),  # a school's place: no gemeente
    (both(IN_UTRECHT, INDIVIDUEEL, setter("individuele_route", value={**ROUTE, "gemeente": "Aalten"})),
     "Achterhoek"),
    (both(IN_UTRECHT, INDIVIDUEEL, setter("individuele_route", value={**ROUTE, "gemeente": "Utrecht"})), None),
], ids=["oost-gelre", "onzichtbaar-teken", "utrecht", "school-in-winterswijk", "individueel-aalten",
        "individueel-utrecht"])
def test_the_region_follows_the_gemeenten_the_answers_name(tmp_path: Path, change, region: str | None) -> None:
    """Class: a gemeente counts from the financiers, the applicant and individuele_route, written as people do."""
    loaded = load_dossier(variant(tmp_path, change))
    assert (region_of(loaded.dossier).naam if region_of(loaded.dossier) else None) == region
    regional = {"aanmeldformulier", "onderbouwing"} & {d.id for d in documents_for(loaded)[0]}
    assert bool(regional) == (region is not None)  # the region's form or onderbouwing is made, or none


def test_the_region_has_the_eight_gemeenten_of_the_sociaal_domein_with_its_source() -> None:
    """Class: the region is data with its source, not names scattered over rules."""
    [achterhoek] = load_regions(REGIOS_FILE)
    assert achterhoek.gemeenten == ("Aalten", "Berkelland", "Bronckhorst", "Doetinchem", "Montferland",
                                    "Oost Gelre", "Oude IJsselstreek", "Winterswijk")
    assert achterhoek.ontvanger == "Sociaal Domein Achterhoek"
    assert achterhoek.email == "contact@sociaaldomeinachterhoek.nl"
    assert "sociaaldomeinachterhoek.nl" in achterhoek.bron and "Routekaart" in achterhoek.bron


# ------------------------------------------------------------------ outside the region: DUO's route alone


def test_outside_the_region_no_routekaart_rule_document_or_step(tmp_path: Path) -> None:
    """Class: elsewhere the DUO route stands on its own: no ACH/IND rule of the routekaart, no regional step."""
    folder = variant(tmp_path, UTRECHT_COLLECTIEF)
    loaded = load_dossier(folder)
    assert findings(folder) == []
    statuses = {r.rule.id: r.status for r in rule_statuses(loaded, findings(folder))}
    regional = {rule for rule, status in statuses.items() if rule.startswith("ACH-") and status != "n.v.t."}
    assert regional == {"ACH-REGIO"}  # the one that says why the others do not apply
    assert [d.id for d in documents_for(loaded)[0]] == ["aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan"]
    route = _route(folder)
    assert route.regio is None and not REGIONAL_STEPS & {s.id for s in route.steps}
    assert [s.id for s in route.steps][:3] == ["ter_ondertekening", "indienen_duo", "besluit_duo"]
    assert any(NOTE in note for note in route.notes)
    assert "geen van de 2 gemeenten van dit dossier (Utrecht, Zeist)" in route.notes[-1]
    svg = route_svg(route)
    assert "andere route, ter vergelijking" not in svg and "de route van DUO" in svg


def test_an_individual_dossier_elsewhere_keeps_the_privacy_rule_but_not_the_gemeente_route(tmp_path: Path) -> None:
    """Class: the routekaart's individual route (IND-*) is regional; DUO's privacy condition is national."""
    folder = variant(tmp_path, both(IN_UTRECHT, INDIVIDUEEL))  # no individuele_route: not asked for here
    loaded = load_dossier(folder)
    assert "IND-ROUTE" not in {f.id for f in findings(folder)}
    statuses = {r.rule.id: r.status for r in rule_statuses(loaded, findings(folder))}
    assert statuses["IND-ROUTE"] == statuses["IND-EEN-LEERLING"] == "n.v.t."
    [privacy] = [rule for rule in statuses if rule.endswith("-HERLEIDBAAR")]  # DUO's "niet terug te leiden"
    assert statuses[privacy] != "n.v.t."
    assert "onderbouwing" not in {d.id for d in documents_for(loaded)[0]}
    assert not {"aanvraag_gemeente", "beschikking"} & {s.id for s in _route(folder).steps}
    # the same dossier in Doetinchem: the gemeente's route is asked for
    inside = variant(tmp_path, INDIVIDUEEL, "doetinchem")
    route_finding = [f for f in findings(inside) if f.id == "IND-ROUTE"]
    assert route_finding and "Vul ‘individuele_route’ in" in route_finding[0].what_to_do


def test_an_achterhoek_section_outside_the_region_is_a_warning_that_says_what_to_do(tmp_path: Path) -> None:
    """Class: an answer that makes no document says so, instead of vanishing (ACH-REGIO, a warning)."""
    folder = variant(tmp_path, IN_UTRECHT)
    [warning] = findings(folder)
    assert (warning.id, warning.severity, warning.field) == ("ACH-REGIO", "waarschuwing", "achterhoek")
    assert ("geen van de gemeenten (Utrecht, Zeist) ligt in een regio met een eigen route (Achterhoek)"
            in warning.message)
    assert "laat ‘achterhoek’ weg" in warning.what_to_do and "‘soort: gemeente’" in warning.what_to_do
    assert check_dossier(load_dossier(folder), today=TODAY).level() == "klaar om te laten tekenen"


def test_the_checklist_says_the_own_region_may_have_its_own_route(tmp_path: Path) -> None:
    """Class: the note on the checklist (and the route) outside the region, with the gemeente it went by."""
    folder = variant(tmp_path, both(UTRECHT_COLLECTIEF, renamed(("Gemeente Zeist", "Gemeente Utrecht"))))
    loaded = load_dossier(folder)
    html = render_checklist_html(loaded, check_dossier(loaded, today=TODAY).findings, today=TODAY)
    assert ("Let op: De gemeente van dit dossier (Utrecht) ligt niet in een regio met een eigen route "
            "(Achterhoek)") in html
    assert html.count(NOTE) == 1
    inside = load_dossier(variant(tmp_path, lambda d: None, "voorbeeld"))
    html = render_checklist_html(inside, check_dossier(inside, today=TODAY).findings, today=TODAY)
    assert NOTE not in html and "Routekaart onderwijs-jeugdhulparrangementen Achterhoek en" in html


# ------------------------------------------------------------------ a second region, as data

TWENTE = """
  - naam: Twente
    route: routekaart-achterhoek
    ontvanger:
      naam: Regionaal Aanmeldpunt Twente
      email: aanmelden@twente.example
    gemeenten: [Enschede, Hengelo, Almelo]
    bron:
      document: testgegevens
      url: https://twente.example
"""


def test_a_second_region_added_as_data_gets_the_route_with_its_own_recipient(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Class: a region is data: one more entry in regios.yaml, no code, brings the route to its gemeenten."""
    data = tmp_path / "regios.yaml"
    data.write_text(REGIOS_FILE.read_text(encoding="utf-8") + TWENTE, encoding="utf-8")
    folder = variant(tmp_path, both(renamed(("Gemeente Doetinchem", "Gemeente Enschede"),
                                            ("Gemeente Winterswijk", "Gemeente Zeist")), deleter("achterhoek")))
    assert "ACH-1-FORMULIER" not in {f.id for f in findings(folder)}  # the shipped data knows no Twente
    monkeypatch.setattr(pipeline.regions, "REGIOS_FILE", data)
    dossier = load_dossier(folder).dossier
    assert gemeenten(dossier) == ("Enschede", "Zeist") and region_of(dossier).naam == "Twente"
    assert "ACH-1-FORMULIER" in {f.id for f in findings(folder)}
    mail = next(s for s in _route(folder).steps if s.id == "aanmeldformulier")
    assert mail.titel.startswith("Aanmeldformulier mailen naar het Regionaal Aanmeldpunt Twente "
                                 "(aanmelden@twente.example")


@pytest.mark.parametrize(("entry", "message"), [
    (TWENTE.replace("routekaart-achterhoek", "routekaart-twente"),
     "regios[1].route: onbekende route; dit programma kent alleen ‘routekaart-achterhoek’"),
    (TWENTE.replace("Almelo", "Winterswijk"),
     "regios[1].gemeenten[2]: Winterswijk staat ook bij Achterhoek: een gemeente hoort bij één regio"),
    (TWENTE.replace("    gemeenten: [Enschede, Hengelo, Almelo]\n", ""),
     "regios[1].gemeenten: ontbreekt; vul dit veld in"),
    (TWENTE.replace("naam: Twente", "naam: Twente\n    kleur: blauw"), "regios[1].kleur: onbekend veld ‘kleur’"),
], ids=["onbekende-route", "gemeente-in-twee-regios", "geen-gemeenten", "onbekend-veld"])
def test_a_wrong_regions_file_is_a_located_dutch_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch, entry: str,
                                                        message: str) -> None:
    """Class: bad data gets a clear Dutch message with file and line, never a traceback."""
    data = tmp_path / "regios.yaml"
    data.write_text(REGIOS_FILE.read_text(encoding="utf-8") + entry, encoding="utf-8")
    with pytest.raises(InvalidDossier) as raised:
        load_regions(data)
    assert message in str(raised.value) and "regios.yaml:" in str(raised.value)
    monkeypatch.setattr(pipeline.regions, "REGIOS_FILE", data)
    folder = variant(tmp_path, lambda d: None, "voorbeeld")
    code = run(["check", str(folder), "-o", str(tmp_path / "build"), "--vandaag", TODAY.isoformat()])
    captured = capsys.readouterr()
    assert code == 1 and message in captured.err and "Traceback" not in captured.err + captured.out
