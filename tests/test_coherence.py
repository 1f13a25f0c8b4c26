"""Issue 14: a dossier that passes is one an official would accept.

The round's facts are data (``pipeline.rounds``); a dossier names a known round or describes a
new one; dates, parties, routes and bundles agree with each other. Variants of the example are
made as in ``test_check`` (one change, the exact Dutch message).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.cli import run
from pipeline.exceptions import InvalidDossier
from pipeline.read.validate import load_dossier
from pipeline.render.docx import render_docx
from pipeline.rounds import EXPERIMENT, ROUNDS, round_by_number
from tests.conftest import EXAMPLE, put_signed, sign_now
from tests.test_check import both, deleter, findings, ids, setter, variant
from tests.test_docx import open_docx, text_of


def test_known_rounds_are_shipped_as_data() -> None:
    assert [(r.nummer, r.uiterste_ontvangstdatum, r.beslisdatum, r.open_vanaf) for r in ROUNDS] == [
        (1, date(2022, 12, 15), date(2023, 1, 31), None),
        (2, date(2023, 7, 31), date(2023, 8, 31), date(2023, 5, 22)),  # answer "voor 1 september 2023"
    ]
    assert (round_by_number(2).uiterste_ontvangstdatum, round_by_number(1).beslisdatum) == (
        date(2023, 7, 31), date(2023, 1, 31))
    assert (EXPERIMENT.start, EXPERIMENT.end, EXPERIMENT.last_day) == (
        date(2023, 1, 1), date(2028, 1, 1), date(2027, 12, 31))
    with pytest.raises(KeyError):
        round_by_number(3)


ROUND_2 = setter("aanvraagronde", value={"ronde": 2})


def test_a_known_round_brings_its_dates(tmp_path: Path) -> None:
    dossier = load_dossier(variant(tmp_path, ROUND_2)).dossier
    r = dossier.aanvraagronde
    assert (r.ronde, r.uiterste_ontvangstdatum, r.beslisdatum) == (2, date(2023, 7, 31), date(2023, 8, 31))
    assert r.naam == "Experiment onderwijszorgarrangementen, aanvraagronde 2 (2023)"


def test_round_2_is_ready_in_june_2023_and_too_late_now(tmp_path: Path) -> None:
    folder = variant(tmp_path, ROUND_2)
    assert ids(folder, date(2023, 6, 1)) == []
    late = findings(folder, date(2026, 11, 25))
    assert [(f.id, f.message) for f in late] == [(
        "DUO-ONTVANGSTDATUM",
        "de uiterste ontvangstdatum (31 juli 2023) is 1213 dagen geleden verstreken; DUO neemt de aanvraag "
        "niet meer in behandeling",
    )]


def test_a_known_round_with_other_dates_is_a_finding(tmp_path: Path) -> None:
    wrong = {"ronde": 2, "uiterste_ontvangstdatum": date(2023, 8, 15)}
    folder = variant(tmp_path, setter("aanvraagronde", value=wrong))
    found = findings(folder, date(2023, 6, 1))
    assert [(f.id, f.field, f.message) for f in found] == [(
        "DUO-RONDE", "aanvraagronde.uiterste_ontvangstdatum",
        "in aanvraagronde 2 is de uiterste ontvangstdatum 31 juli 2023, niet 15 augustus 2023",
    )]


@pytest.mark.parametrize(("answer", "message"), [
    ({"ronde": 3}, "aanvraagronde.ronde: "),
    ({"naam": "Ronde 2029"}, "aanvraagronde.uiterste_ontvangstdatum: ontbreekt"),
])
def test_an_unknown_round_must_be_described(tmp_path: Path, answer: dict, message: str) -> None:
    with pytest.raises(InvalidDossier) as caught:
        load_dossier(variant(tmp_path, setter("aanvraagronde", value=answer)))
    assert message in str(caught.value)


def test_a_round_after_the_experiment_fails(tmp_path: Path) -> None:
    folder = variant(tmp_path, both(
        setter("aanvraagronde", "uiterste_ontvangstdatum", value=date(2028, 3, 1)),
        setter("aanvraagronde", "beslisdatum", value=date(2028, 4, 1))))
    messages = {(f.id, f.message) for f in findings(folder)}
    assert ("DUO-RONDE", "de uiterste ontvangstdatum (1 maart 2028) ligt na het einde van het experiment "
            "(1 januari 2028)") in messages
    assert {i for i, _ in messages} == {"DUO-RONDE", "DUO-START-NA-BESLUIT"}


def test_without_a_send_date_the_advice_period_counts_from_today(tmp_path: Path) -> None:
    folder = variant(tmp_path, lambda d: None)  # the example has not sent its form yet
    assert ids(folder, date(2027, 3, 1)) == []
    late = findings(folder, date(2027, 6, 25))
    assert ("ACH-ADVIESTERMIJN", "het arrangement start op 1 augustus 2027, maar als het aanmeldformulier "
            "vandaag (25 juni 2027) wordt gemaild heeft de adviesgroep tot 6 augustus 2027 voor haar advies, "
            "en daarna besluit het AO Jeugd nog") in {(f.id, f.message) for f in late}


# ------------------------------------------------------------------ parties in the agreement

def _docx_text(folder: Path, document: str) -> str:
    return text_of(open_docx(render_docx(load_dossier(folder), document)))


def test_every_party_has_a_signature_block_and_schools_are_no_parties(tmp_path: Path) -> None:
    text = _docx_text(EXAMPLE, "samenwerkingsovereenkomst")
    assert "in 7-voud ondertekend te Doetinchem" in text
    for party, signer in [
        ("Stichting Onderwijs Achterhoek Zuid & Oost (bevoegd gezag)", "drs. Joris Wijnbergen"),
        ("Samenwerkingsverband VO Achterhoek Oost (samenwerkingsverband)", "Anouk Reijers-Nijhof"),
        ("Jeugdhulp De Linde Achterhoek (zorgaanbieder)", "Bart Klein Gunnewiek"),
        ("Zorgboerderij ’t Hoëveld (zorgaanbieder)", "Gerrit Heutinck"),
        ("Gemeente Doetinchem (gemeente)", "Renée Lübbers"),
        ("Gemeente Winterswijk (gemeente)", "Mustafa Yilmaz"),
        ("Zorgkantoor Menzis Achterhoek (zorgkantoor)", "Ingrid Schuurman"),
    ]:
        block = text.split(f"Namens {party}\n", 1)[1]
        assert block.startswith(f"Naam: {signer}\n"), party
    assert "Namens De Brug" not in text and "\nSchool\n" not in text
    assert ("bevoegd gezag van De Brug, school voor speciaal en voortgezet speciaal onderwijs en Het "
            "Ludgercollege ‘Ulft’") in text


@pytest.mark.parametrize("board", ["SOAZO", "Stichting Onderwijs Achterhoek Zuid & Oost", " soazo "])
def test_a_school_whose_board_is_the_applicant_by_any_of_its_names_adds_no_party(tmp_path: Path, board: str) -> None:
    """The applicant's short name is the applicant: one party, one signature block, its schools under it."""
    folder = variant(tmp_path, setter("scholen", 1, "bevoegd_gezag", value=board))
    text = _docx_text(folder, "samenwerkingsovereenkomst")
    assert "in 7-voud ondertekend te Doetinchem" in text
    assert text.count("Namens Stichting Onderwijs Achterhoek Zuid & Oost (bevoegd gezag)") == 1
    assert "Namens SOAZO" not in text and "Namens soazo" not in text
    assert ("bevoegd gezag van De Brug, school voor speciaal en voortgezet speciaal onderwijs en Het "
            "Ludgercollege ‘Ulft’") in text
    assert findings(folder) == []


def test_a_party_without_signer_still_gets_an_empty_block(tmp_path: Path) -> None:
    folder = variant(tmp_path, lambda d: d["samenwerkingsovereenkomst"]["ondertekenaars"].__delitem__(3))
    text = _docx_text(folder, "samenwerkingsovereenkomst")
    assert "Namens Zorgboerderij ’t Hoëveld (zorgaanbieder)\nNaam: \nFunctie: \n" in text
    assert [f.message for f in findings(folder)] == [
        "Zorgboerderij ’t Hoëveld (zorgaanbieder) ondertekent de samenwerkingsovereenkomst niet"]


# ------------------------------------------------------------------ criterion 6, enrolment

def test_criterion_6_s_responsibilities_are_checked_once_in_the_task_division(tmp_path: Path) -> None:
    """The responsibilities per party are the agreement's task division: a placeholder there is one
    error on that answer (it was two, the same problem reported by two rules)."""
    folder = variant(tmp_path, setter("samenwerkingsovereenkomst", "taakverdeling", 3, "verantwoordelijkheden",
                                      value="n.v.t."))
    assert [(f.id, f.field, f.message) for f in findings(folder)] == [
        ("DUO-SOK-TAAKVERDELING", "samenwerkingsovereenkomst.taakverdeling[3].verantwoordelijkheden",
         "‘verantwoordelijkheden’ van ’t Hoëveld is niet ingevuld: ‘n.v.t.’ is een opvultekst, geen beschrijving"),
    ]


def test_the_achterhoek_form_shows_the_responsibilities() -> None:
    text = _docx_text(EXAMPLE, "aanmeldformulier")
    assert "Verantwoordelijkheden\nper partij, zoals in de samenwerkingsovereenkomst\nSOAZO:\n" in text
    assert "Is verantwoordelijk voor de financiering van de Wlz-zorg." in text


def test_enrolment_is_a_declaration_in_the_duo_form() -> None:
    text = _docx_text(EXAMPLE, "aanvraaggegevens")
    assert "Er is een inschrijving op de school: ja (De Brug)." in text


# ------------------------------------------------------------------ bundles per recipient

def test_each_recipient_gets_its_own_bundle_and_the_checklist_goes_in_neither(
    tmp_path: Path, signed_example: Path
) -> None:
    assert run(["-q", "build", str(signed_example), "-o", str(tmp_path)]) == 0
    out = tmp_path / "voorbeeld"
    with zipfile.ZipFile(out / "voorbeeld-aanvraag.zip") as duo:
        assert duo.namelist() == ["1-aanvraaggegevens.pdf", "2-samenwerkingsovereenkomst.pdf", "3-projectplan.pdf",
                                  "4-adviezen-medezeggenschapsraad.pdf", "manifest.json"]
        # both schools' advices, then the samenwerkingsverband's
        assert len(PdfReader(io.BytesIO(duo.read("4-adviezen-medezeggenschapsraad.pdf"))).pages) == 3
        for name in ("aanvraaggegevens", "samenwerkingsovereenkomst"):  # DUO gets what everyone signed
            number = 1 if name == "aanvraaggegevens" else 2
            assert duo.read(f"{number}-{name}.pdf") == (signed_example / "ondertekend" / f"{name}.pdf").read_bytes()
    with zipfile.ZipFile(out / "voorbeeld-sociaal-domein-achterhoek.zip") as region:
        assert region.namelist() == ["aanmeldformulier-collectief.pdf", "manifest.json"]
        assert region.read("aanmeldformulier-collectief.pdf") == (out / "aanmeldformulier-collectief.pdf").read_bytes()
    with zipfile.ZipFile(out / "voorbeeld-ter-ondertekening.zip") as pack:  # what went out for signing
        assert pack.namelist() == ["1-aanvraaggegevens.pdf", "2-samenwerkingsovereenkomst.pdf", "ondertekenen.txt",
                                   "manifest.json"]
    assert sorted(p.name for p in out.glob("*.zip")) == ["voorbeeld-aanvraag.zip",
                                                        "voorbeeld-sociaal-domein-achterhoek.zip",
                                                        "voorbeeld-ter-ondertekening.zip"]


def test_an_opr_instemming_is_attachment_4_on_its_own(tmp_path: Path) -> None:
    folder = variant(tmp_path, both(
        deleter("scholen", 0, "mr_advies"), deleter("scholen", 1, "mr_advies"),
        setter("bijlagen", value={"opr_instemming": "bijlagen/mr-advies-swv.pdf"})))
    sign_now(folder)  # the form lists the attachments: signed as it is now, DUO's zip is made
    assert run(["-q", "build", str(folder), "-o", str(tmp_path / "out")]) == 0
    with zipfile.ZipFile(tmp_path / "out" / "x" / "x-aanvraag.zip") as duo:
        assert duo.namelist()[3] == "4-instemming-ondersteuningsplanraad.pdf"


# ------------------------------------------------------------------ the individual route

EXAMPLE_IND = EXAMPLE.parent / "voorbeeld-individueel"


def test_the_individual_example_passes_every_rule() -> None:
    assert findings(EXAMPLE_IND) == []


def test_the_individual_route_has_its_own_document_and_bundle_for_the_gemeente(tmp_path: Path) -> None:
    folder = tmp_path / "inputs" / EXAMPLE_IND.name
    shutil.copytree(EXAMPLE_IND, folder)
    put_signed(folder)  # signed by everyone: DUO's zip is made
    assert run(["-q", "build", str(folder), "-o", str(tmp_path)]) == 0
    out = tmp_path / "voorbeeld-individueel"
    assert not list(out.glob("aanmeldformulier*"))  # no Achterhoek form for one pupil
    with zipfile.ZipFile(out / "voorbeeld-individueel-gemeente.zip") as gemeente:
        assert gemeente.namelist() == ["onderbouwing-gemeente.pdf", "manifest.json"]
    with zipfile.ZipFile(out / "voorbeeld-individueel-aanvraag.zip") as duo:
        assert "onderbouwing-gemeente.pdf" not in duo.namelist()
        # nor in what DUO's PDFs carry as data: each embeds only the answers it shows
        for name in [n for n in duo.namelist() if n.endswith(".pdf") and not n.startswith("4-")]:
            [embedded] = PdfReader(io.BytesIO(duo.read(name))).attachments["dossier.yaml"]
            assert b"individuele_route" not in embedded and b"ondersteuningsvraag" not in embedded, name
            assert b"privacy_uitzonderingen" not in embedded and b"aanvraagronde" in embedded, name
    with zipfile.ZipFile(out / "voorbeeld-individueel-gemeente.zip") as gemeente:
        [embedded] = PdfReader(io.BytesIO(gemeente.read("onderbouwing-gemeente.pdf"))).attachments["dossier.yaml"]
        assert b"ondersteuningsvraag" in embedded and b"projectplan" not in embedded
    text = _docx_text(EXAMPLE_IND, "onderbouwing")
    for expected in ("Onderbouwing individueel onderwijs-jeugdhulparrangement", "Gemeente\nDoetinchem",
                     "Ondersteuningsvraag", "Aanbod", "Financiering",
                     "Evaluatie\nsamen met betrokken partners en ouders", "Elke zes weken bespreken leerling, ouders"):
        assert expected in text, expected


def test_the_duo_form_has_no_section_of_the_region_and_speaks_of_one_pupil() -> None:
    duo = _docx_text(EXAMPLE_IND, "aanvraaggegevens")
    assert "Individuele route" not in duo and "Ondersteuningsvraag" not in duo
    assert "De school of scholen waar de leerling ingeschreven is." in duo
    agreement = _docx_text(EXAMPLE_IND, "samenwerkingsovereenkomst")
    assert "leiding in de begeleiding van de leerling" in agreement.lower() and "jongeren" not in agreement
    assert "De school of scholen waar de leerlingen ingeschreven zijn." in _docx_text(EXAMPLE, "aanvraaggegevens")
