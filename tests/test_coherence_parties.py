"""Issue 26: parties are organisations, not strings.

One organisation written two ways ("Stichting X" as the applicant, "X" as the samenwerkingsverband)
is one party: one row in the agreement, one signature block, "in N-voud" counted once, one signer the
signing checks count once. The check speaks up only where the answers contradict themselves (two
people signing for one organisation, one short name for two), with a Dutch "what to do" that ends
the matter instead of sending the applicant round in a circle. Variants of the example are made as
in ``test_check`` (one change, the exact Dutch message); the agreement is read back as Word text.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.check.signatures import sign_state
from pipeline.documents import BY_ID
from pipeline.model.parties import normalised, partijen
from pipeline.paths import Places
from pipeline.read.validate import load_dossier
from pipeline.render.docx import render_docx
from tests.runs import render_folder
from tests.signing import sign, signer
from tests.test_check import AANVRAGER_IS_SWV, SWV, SWV_KORT, both, findings, setter, variant
from tests.test_docx import open_docx, text_of

Data = dict[str, Any]
ANOUK = {"naam": "Anouk Reijers-Nijhof", "functie": "directeur-bestuurder"}  # signs for the swv in the example
EXAMPLE_PARTIES = 7  # SOAZO, the swv, two zorgaanbieders, two gemeenten, the zorgkantoor


def agreement(folder: Path) -> str:
    """The samenwerkingsovereenkomst as Word text, as the parties read it."""
    return text_of(open_docx(render_docx(load_dossier(folder), "samenwerkingsovereenkomst")))


def copies(text: str) -> int:
    """The N of "in N-voud ondertekend": how many signed originals the agreement says there are."""
    [n] = re.findall(r"in (\d+)-voud ondertekend", text)
    return int(n)


def blocks(text: str) -> list[str]:
    """The signature blocks' headings: "Namens <naam> (<rol>)"."""
    return [line for line in text.splitlines() if line.startswith("Namens ")]


def signers_named(text: str, person: str) -> int:
    return text.splitlines().count(f"Naam: {person}")


def swv_also_as(applicant: str, *, korte_naam: str | None = None,
                signs_per_role: bool = True) -> Callable[[Data], None]:
    """The samenwerkingsverband applies under ``applicant``, another spelling of its own name; like the
    testers' dossiers, it names itself each way in the task division and (``signs_per_role``) lists its
    signer once per spelling."""
    def change(data: Data) -> None:
        AANVRAGER_IS_SWV(data)
        data["aanvrager"]["naam"] = applicant
        if korte_naam is None:
            del data["aanvrager"]["korte_naam"]
        else:
            data["aanvrager"]["korte_naam"] = korte_naam
        sok = data["samenwerkingsovereenkomst"]
        tasks = sok["taakverdeling"]
        tasks.append({**tasks[1], "partij": applicant})
        if signs_per_role:
            sok["ondertekenaars"].append({**ANOUK, "organisatie": applicant})

    return change


# ------------------------------------------------------------------ the names: one organisation, many spellings


@pytest.mark.parametrize(("one", "other"), [
    ("Stichting Samenwerkingsverband Passend Primair Onderwijs Oost-Gelderland",  # the case
     "Samenwerkingsverband Passend Primair Onderwijs Oost-Gelderland"),
    ("Jeugdhulp De Linde Achterhoek B.V.", "Jeugdhulp De Linde Achterhoek"),  # legal form behind
    ("De Linde BV", "de linde b.v."),
    ("Coöperatie Menzis Zorgkantoor U.A.", "Menzis Zorgkantoor"),  # in front and behind
    ("Vereniging Onderwijs Oost N.V.", "ONDERWIJS OOST"),
    ("Samenwerkingsverband VO Achterhoek-Oost", "samenwerkingsverband  vo achterhoek oost"),  # punctuation, case
    ("Zorgboerderij ’t Hoëveld", "Zorgboerderij 't Hoeveld"),  # quote and accent as typed on another keyboard
    ("Gemeente\u200b Doetinchem", "Gemeente Doetinchem"),  # an invisible character pasted in
])
def test_names_that_differ_only_in_legal_form_case_punctuation_or_invisible_characters_are_one(
        one: str, other: str) -> None:
    assert normalised(one) == normalised(other)


@pytest.mark.parametrize(("one", "other"), [
    ("Samenwerkingsverband VO Achterhoek Oost", "Samenwerkingsverband PO Achterhoek Oost"),  # shares all but one word
    ("Stichting De Linde", "Stichting De Linde Achterhoek"),
    ("Gemeente Doetinchem", "Doetinchem"),  # "Gemeente" is part of the name, no legal form
    ("Stichting", "Vereniging"),  # a name that is only a legal form is still itself
])
def test_names_that_differ_in_more_than_that_stay_two(one: str, other: str) -> None:
    assert normalised(one) != normalised(other)


# ------------------------------------------------------------------ the agreement: one party, one block, N right


@pytest.mark.parametrize("applicant", [
    "Stichting Samenwerkingsverband VO Achterhoek Oost",  # legal form in front
    "Samenwerkingsverband VO Achterhoek-Oost B.V.",  # behind, with punctuation
    "SAMENWERKINGSVERBAND VO ACHTERHOEK OOST",  # case
])
def test_an_applicant_that_is_the_samenwerkingsverband_is_one_party_signing_once(
        tmp_path: Path, applicant: str) -> None:
    """The issue's dossier: the agreement listed the swv twice, said one copy too many and had the same
    person sign twice, and the check said it was ready. Now one row, one block, N counted once; the same
    person listed for each spelling is one signature, and nothing to report."""
    folder = variant(tmp_path, swv_also_as(applicant))
    assert findings(folder) == []
    text = agreement(folder)
    assert copies(text) == EXAMPLE_PARTIES  # the applicant's own board, the swv, 2 zorgaanbieders, 3 financiers
    assert blocks(text)[0] == f"Namens {applicant} (samenwerkingsverband)"
    assert [b for b in blocks(text) if "samenwerkingsverband" in b.casefold()] == blocks(text)[:1]
    assert signers_named(text, ANOUK["naam"]) == 1


def test_one_short_name_for_both_spellings_does_not_send_the_applicant_round(tmp_path: Path) -> None:
    """The check's old advice: give both the same short name; then it asked for a signer 'SWV Achterhoek
    Oost' for the swv that the applicant's signer already was. Now: one party, nothing to do."""
    folder = variant(tmp_path, swv_also_as("Stichting " + SWV, korte_naam=SWV_KORT, signs_per_role=False))
    assert findings(folder) == []
    text = agreement(folder)
    assert (copies(text), len(blocks(text))) == (EXAMPLE_PARTIES, EXAMPLE_PARTIES)
    assert f"Stichting {SWV} (hierna: {SWV_KORT})" in text.splitlines()


def test_a_board_that_is_also_the_samenwerkingsverband_is_one_party_with_both_roles(tmp_path: Path) -> None:
    """One organisation in two different roles: one row naming both roles, one block, and the schools
    under it."""
    folder = variant(tmp_path, both(
        setter("aanvrager", "naam", value="Stichting " + SWV),
        setter("aanvrager", "korte_naam", value=SWV_KORT),
        lambda d: d["samenwerkingsovereenkomst"]["taakverdeling"].__delitem__(0),
        lambda d: d["samenwerkingsovereenkomst"]["ondertekenaars"].__delitem__(0),
    ))
    assert findings(folder) == []
    text = agreement(folder)
    assert "Bevoegd gezag en samenwerkingsverband (aanvrager)" in text.splitlines()
    assert blocks(text)[0] == f"Namens Stichting {SWV} (bevoegd gezag en samenwerkingsverband)"
    assert copies(text) == len(blocks(text)) == EXAMPLE_PARTIES - 1


@pytest.mark.parametrize(("kind", "listed", "applicant", "rol"), [
    ("zorgaanbieder", "zorgaanbieders", "Jeugdhulp De Linde Achterhoek B.V.", "zorgaanbieder"),
    ("gemeente", "financiers", "gemeente doetinchem", "gemeente"),
])
def test_an_applicant_that_is_also_a_zorgaanbieder_or_financier_is_one_party(
        tmp_path: Path, kind: str, listed: str, applicant: str, rol: str) -> None:
    """Any role, not only the swv: an applicant that is a zorgaanbieder or a gemeente listed again under its
    own role is one party (DUO still refuses such an applicant: that is the only finding about it)."""
    folder = variant(tmp_path, both(setter("aanvrager", "soort", value=kind),
                                    setter("aanvrager", "naam", value=applicant),
                                    setter("aanvrager", "korte_naam", value=None)))
    parties = partijen(load_dossier(folder).dossier)
    [party] = [p for p in parties if p.heet(applicant)]
    assert (party is parties[0], party.rol, party.naam) == (True, rol, applicant)
    assert sorted({f.id for f in findings(folder)}) == ["DUO-AANVRAGER", "DUO-SAMENWERKING", "DUO-SOK-TAAKVERDELING"]
    text = agreement(folder)
    assert copies(text) == EXAMPLE_PARTIES - 1  # SOAZO is no party now: its signer's block stands apart
    assert [b for b in blocks(text) if normalised(applicant) in normalised(b)] == [f"Namens {applicant} ({rol})"]


def test_two_organisations_sharing_words_stay_two_and_a_shared_short_name_is_a_finding(tmp_path: Path) -> None:
    """Only spelling makes one organisation: two that share words stay two parties. Two that share a short
    name can't be told apart in the task division or by the signers: said once, with both ways out."""
    other = "Jeugdhulp Achterhoek Oost"
    folder = variant(tmp_path, both(setter("zorgaanbieders", 0, "naam", value=other),
                                    setter("zorgaanbieders", 0, "korte_naam", value=SWV_KORT),
                                    setter("samenwerkingsovereenkomst", "taakverdeling", 2, "partij", value=other),
                                    setter("samenwerkingsovereenkomst", "ondertekenaars", 2, "organisatie",
                                           value=other)))
    text = agreement(folder)
    assert copies(text) == len(blocks(text)) == EXAMPLE_PARTIES
    found = [(f.id, f.field, f.message, f.what_to_do) for f in findings(folder)]
    assert found == [(
        "DUO-SAMENWERKING", "zorgaanbieders[0].korte_naam",
        f"‘{SWV_KORT}’ is de korte naam van twee partijen: {SWV} (samenwerkingsverband) en {other} "
        "(zorgaanbieder); de taakverdeling en de ondertekenaars kunnen ze dan niet uit elkaar houden",
        "Is het één organisatie, schrijf dan bij beide dezelfde ‘naam’ (dan is het één partij, met beide "
        f"rollen); zijn het er twee, geef {other} een eigen korte naam.",
    )]


# ------------------------------------------------------------------ the check: only what contradicts itself


def test_two_people_signing_for_one_organisation_in_two_roles_is_a_finding(tmp_path: Path) -> None:
    """The inconsistency the merge must not hide: each spelling has its own signer. One party signs once."""
    change = swv_also_as("Stichting " + SWV, signs_per_role=False)
    folder = variant(tmp_path, both(change, lambda d: d["samenwerkingsovereenkomst"]["ondertekenaars"].append(
        {"naam": "Piet Ribbers", "functie": "voorzitter", "organisatie": "Stichting " + SWV})))
    found = [(f.id, f.field, f.message, f.what_to_do) for f in findings(folder)]
    assert found == [(
        "DUO-SAMENWERKING", "samenwerkingsovereenkomst.ondertekenaars[7].organisatie",
        f"‘{SWV_KORT}’ en ‘Stichting {SWV}’ zijn dezelfde organisatie, dus één partij (samenwerkingsverband) "
        "die één keer tekent; onder ‘ondertekenaars’ tekenen nu Anouk Reijers-Nijhof en Piet Ribbers namens haar",
        f"Laat één tekenbevoegde namens {SWV_KORT} tekenen: haal Piet Ribbers of Anouk Reijers-Nijhof weg onder "
        "‘ondertekenaars’. Zijn het twee organisaties, schrijf hun "
        "namen dan zoals ze bij de Kamer van Koophandel staan: namen die alleen in ‘Stichting’, ‘B.V.’ en "
        "dergelijke verschillen, zijn één organisatie.",
    )]


def test_one_organisation_with_two_short_names_is_a_warning_naming_the_one_the_agreement_uses(
        tmp_path: Path) -> None:
    """Not an error (the agreement introduces both), but a warning to keep one, pointing at the other."""
    folder = variant(tmp_path, swv_also_as("Stichting " + SWV, korte_naam="SWV Oost", signs_per_role=False))
    found = [(f.id, f.severity, f.field, f.message, f.what_to_do) for f in findings(folder)]
    assert found == [(
        "DUO-SAMENWERKING", "waarschuwing", "samenwerkingsverband.korte_naam",
        f"Stichting {SWV} is één partij (samenwerkingsverband) met 2 korte namen: ‘SWV Oost’ en ‘{SWV_KORT}’; "
        "de overeenkomst moet ze dan allebei invoeren",
        "Geef haar één korte naam: schrijf ook hier ‘SWV Oost’, of haal deze korte naam weg (en noem haar in de "
        "taakverdeling en bij de ondertekenaars met die ene naam).",
    )]
    assert f"Stichting {SWV} (hierna: SWV Oost of {SWV_KORT})" in agreement(folder).splitlines()


def test_one_organisation_typed_twice_in_a_list_is_one_party_and_a_warning(tmp_path: Path) -> None:
    folder = variant(tmp_path, lambda d: d["zorgaanbieders"].append({**d["zorgaanbieders"][0],
                                                                       "naam": "Jeugdhulp De Linde Achterhoek B.V."}))
    assert [(f.id, f.severity, f.field, f.message) for f in findings(folder)] == [(
        "DUO-SAMENWERKING", "waarschuwing", "zorgaanbieders[2]",
        "Jeugdhulp De Linde Achterhoek staat 2 keer onder ‘zorgaanbieders’ (nummers 1 en 3); het is één "
        "partij, die één keer in de overeenkomst staat",
    )]
    text = agreement(folder)
    assert copies(text) == len(blocks(text)) == EXAMPLE_PARTIES


# ------------------------------------------------------------------ signing: one signature for one party


def _signed_as_people_sign(folder: Path) -> None:
    """Render the form and agreement as they are now and sign each PDF the way people do: every person
    once, with their certificate naming the organisation as they first wrote it, whatever the answers
    list twice."""
    loaded = load_dossier(folder)
    d = loaded.dossier
    state = sign_state(loaded, None)
    people = {"aanvraaggegevens": [(d.aanvrager.ondertekenaar.naam, d.aanvrager.naam)],
              "samenwerkingsovereenkomst": list({s.naam: (s.naam, s.organisatie)
                                                 for s in reversed(d.samenwerkingsovereenkomst.ondertekenaars)
                                                 }.values())}
    (folder / "ondertekend").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        render_folder(folder, output_root=Path(tmp), only=tuple(state.nodig), formats=("pdf",))
        places = Places.of(folder, Path(tmp))
        for doc_id in state.nodig:
            pdf = places.document(BY_ID[doc_id].bestandsnaam, "pdf").read_bytes()
            signed = sign(pdf, *(signer(naam, org) for naam, org in people[doc_id]))
            (folder / "ondertekend" / f"{doc_id}.pdf").write_bytes(signed)


def test_the_signing_checks_count_one_organisation_in_two_roles_once(tmp_path: Path) -> None:
    """TEKEN-PARTIJEN: the swv's one signature on the agreement is every signature it owes, though the
    answers name it as applicant and as samenwerkingsverband; the signing letter names her once."""
    folder = variant(tmp_path, swv_also_as("Stichting " + SWV))
    _signed_as_people_sign(folder)
    assert findings(folder, signing=True) == []
    state = sign_state(load_dossier(folder), None)
    assert [s.naam for s in state.nodig["samenwerkingsovereenkomst"]].count(ANOUK["naam"]) == 1


def test_a_school_naming_its_board_by_the_samenwerkingsverbands_short_name_is_under_that_one_party(
        tmp_path: Path) -> None:
    """One name being the other's short name is one organisation too: the row prints the full name, with
    both roles and the school under it, and the swv's one signer signs for both."""
    folder = variant(tmp_path, setter("scholen", 1, "bevoegd_gezag", value=SWV_KORT))
    assert findings(folder) == []
    lines = agreement(folder).splitlines()
    row = lines.index(f"{SWV} (hierna: {SWV_KORT})")
    assert lines[row - 1:row + 2] == ["Bevoegd gezag en samenwerkingsverband", f"{SWV} (hierna: {SWV_KORT})",
                                      "bevoegd gezag van Het Ludgercollege ‘Ulft’"]
    assert f"Namens {SWV} (bevoegd gezag en samenwerkingsverband)" in lines
    assert copies("\n".join(lines)) == EXAMPLE_PARTIES
