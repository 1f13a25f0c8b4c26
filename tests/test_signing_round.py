"""The signing round as an applicant walks it: ready to sign → signed copies back in ondertekend/ →
ready to submit, and every way a signed copy can fail to cover what DUO receives.

All material is generated: test keys made in the process (tests/signing.py), scans made by
rasterising our own PDFs. The README's walk is ``test_the_readme_walk_from_ready_to_sign_to_ready_to_submit``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from pipeline.check.engine import IN_TE_DIENEN, NIET_KLAAR, TE_TEKENEN, CheckResult, check_dossier
from pipeline.check.signatures import sign_state
from pipeline.cli import run as dossier
from pipeline.documents import BY_ID
from pipeline.paths import Places
from pipeline.read.validate import load_dossier
from tests.conftest import EXAMPLE, signed_copies
from tests.runs import render_folder
from tests.signing import scan, sign, signer

TODAY = "2027-03-25"  # before the round's deadline (31 March 2027)
SOK, FORM = "samenwerkingsovereenkomst", "aanvraaggegevens"


def cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    code = dossier([str(a) for a in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out + captured.err


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The example's form and agreement as PDFs, as built now (unsigned)."""
    root = tmp_path_factory.mktemp("current")
    folder = root / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, folder)
    render_folder(folder, output_root=root / "build", only=(FORM, SOK), formats=("pdf",))
    places = Places.of(folder, root / "build")
    return {doc: places.document(BY_ID[doc].bestandsnaam, "pdf").read_bytes() for doc in (FORM, SOK)}


@pytest.fixture(scope="module")
def signers() -> dict[str, list[tuple[str, str]]]:
    """Who signs what in the example: document → [(name, party)]."""
    state = sign_state(load_dossier(EXAMPLE), None)
    return {doc: [(s.naam, s.partij.naam) for s in who] for doc, who in state.nodig.items()}


@pytest.fixture(scope="module")
def scanned_sok(current: dict[str, bytes]) -> bytes:
    """The agreement printed, signed on paper and scanned back (turned a little, with grain)."""
    return scan(current[SOK])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, target)
    (target / "ondertekend").mkdir()
    return target


def put(folder: Path, name: str, data: bytes) -> Path:
    path = folder / "ondertekend" / name
    path.write_bytes(data)
    return path


def on_paper(folder: Path, *parties: str) -> None:
    """voortgang.yaml: these parties signed the paper copy."""
    lines = ["getekend:"] + [f"  - partij: {p}\n    datum: 2027-03-12" for p in parties]
    (folder / "voortgang.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def checked(folder: Path) -> CheckResult:
    return check_dossier(load_dossier(folder), readings=None)


def signing_messages(result: CheckResult) -> list[str]:
    return [f"{f.id}: {f.message}" for f in result.findings if f.id.startswith("TEKEN-")]


def signed_form(current: dict[str, bytes], signers: dict[str, list[tuple[str, str]]]) -> bytes:
    return sign(current[FORM], *(signer(*who) for who in signers[FORM]))


# ------------------------------------------------------------------ the walk


def test_the_readme_walk_from_ready_to_sign_to_ready_to_submit(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], current: dict[str, bytes],
    signers: dict[str, list[tuple[str, str]]], scanned_sok: bytes,
) -> None:
    out = tmp_path / "build"
    # 1. built: ready to be signed, a signing pack, no zip for DUO
    code, text = cli(capsys, "build", folder, "-o", out, "--vandaag", TODAY)
    assert code == 0 and "klaar om te laten tekenen" in text, text
    build = out / "voorbeeld"
    assert not (build / "voorbeeld-aanvraag.zip").exists()
    with zipfile.ZipFile(build / "voorbeeld-ter-ondertekening.zip") as pack:
        assert {"1-aanvraaggegevens.pdf", "2-samenwerkingsovereenkomst.pdf", "ondertekenen.txt"} <= set(pack.namelist())
        letter = pack.read("ondertekenen.txt").decode()
    for name, party in signers[SOK] + signers[FORM]:
        assert f"{name}, namens {party}" in letter
    assert cli(capsys, "check", folder, "-o", out, "--vandaag", TODAY)[0] == 3
    checklist = (build / "checklist.html").read_text(encoding="utf-8")
    assert "Klaar om te laten tekenen" in checklist and "Klaar om in te dienen" not in checklist

    # 2. the pack goes out: the step is recorded on the route
    code, text = cli(capsys, "tekenen", folder, "-o", out, "--vandaag", TODAY)
    assert code == 0 and "Beste ondertekenaars" in text, text
    assert "ter_ondertekening: 2027-03-25" in (folder / "voortgang.yaml").read_text(encoding="utf-8")

    # 3. the signed copies come back: the form signed digitally, the agreement on paper and scanned
    put(folder, "aanvraaggegevens.pdf", signed_form(current, signers))
    put(folder, "samenwerkingsovereenkomst-scan.pdf", scanned_sok)
    progress = folder / "voortgang.yaml"
    parties = "".join(f"  - partij: {party}\n    datum: 2027-03-26\n" for _, party in signers[SOK])
    progress.write_text(progress.read_text(encoding="utf-8") + "getekend:\n" + parties, encoding="utf-8")

    # 4. ready to submit: DUO's zip carries the signed copies, byte for byte, with their digests
    code, text = cli(capsys, "build", folder, "-o", out, "--vandaag", "2027-03-27")
    assert code == 0 and "klaar om in te dienen" in text, text
    with zipfile.ZipFile(build / "voorbeeld-aanvraag.zip") as duo:
        assert duo.read("1-aanvraaggegevens.pdf") == (folder / "ondertekend" / "aanvraaggegevens.pdf").read_bytes()
        assert duo.read("2-samenwerkingsovereenkomst.pdf") == scanned_sok
        manifest = json.loads(duo.read("manifest.json"))
    files = {f["bestand"]: f["sha256"] for f in manifest["bestanden"]}
    assert files["2-samenwerkingsovereenkomst.pdf"] == hashlib.sha256(scanned_sok).hexdigest()
    assert set(manifest["ondertekend"]) == {"ondertekend/aanvraaggegevens.pdf",
                                            "ondertekend/samenwerkingsovereenkomst-scan.pdf"}
    assert cli(capsys, "check", folder, "-o", out, "--vandaag", "2027-03-27")[0] == 0
    code, text = cli(capsys, "status", folder, "-o", out, "--vandaag", "2027-03-27")
    assert "Laatste controle: klaar om in te dienen" in text, text


def test_make_dossier_on_the_shipped_examples_ends_at_ready_to_sign(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("voorbeeld", "voorbeeld-individueel"):
        shutil.copytree(EXAMPLE.parent / name, tmp_path / "inputs" / name)
    code, text = cli(capsys, "check", tmp_path / "inputs" / "voorbeeld", tmp_path / "inputs" / "voorbeeld-individueel",
                     "-o", tmp_path / "build", "--vandaag", TODAY)
    assert code == 3, text
    assert text.count("klaar om te laten tekenen") >= 2, text


# ------------------------------------------------------------------ digital signatures


def test_the_agreement_signed_by_everyone_in_turn_and_the_form_by_the_applicant_is_ready(folder: Path) -> None:
    for name, data in signed_copies("voorbeeld").items():
        put(folder, name, data)
    result = checked(folder)
    assert result.level() == IN_TE_DIENEN, signing_messages(result)


def test_counterparts_one_per_party_together_cover_the_agreement(
    folder: Path, current: dict[str, bytes], signers: dict[str, list[tuple[str, str]]],
) -> None:
    from pipeline.bundle.zips import entries

    put(folder, "aanvraaggegevens.pdf", signed_form(current, signers))
    for i, who in enumerate(signers[SOK]):
        put(folder, f"overeenkomst-{i}.pdf", sign(current[SOK], signer(*who)))
    result = checked(folder)
    assert result.level() == IN_TE_DIENEN, signing_messages(result)
    names = [e.name for e in entries(result.loaded, Places.of(folder), result.ondertekening)]
    n = len(signers[SOK])
    assert [f"2-samenwerkingsovereenkomst-{k}-van-{n}.pdf" for k in range(1, n + 1)] == \
        [name for name in names if name.startswith("2-")]


def test_a_party_that_did_not_sign_and_a_signer_who_is_no_signer_are_both_named(
    folder: Path, current: dict[str, bytes], signers: dict[str, list[tuple[str, str]]],
) -> None:
    put(folder, "aanvraaggegevens.pdf", signed_form(current, signers))
    *others, (missing, party) = signers[SOK]
    put(folder, "sok.pdf", sign(current[SOK], *(signer(*who) for who in others), signer("Jan Onbekend", party)))
    result = checked(folder)
    assert result.level() == TE_TEKENEN
    messages = "\n".join(signing_messages(result))
    assert "Jan Onbekend tekende digitaal, maar staat niet onder de ondertekenaars" in messages
    assert f"niet digitaal getekend ({missing})" in messages


def test_a_signed_copy_whose_document_changed_afterwards_is_not_the_current_version(folder: Path) -> None:
    for name, data in signed_copies("voorbeeld").items():
        put(folder, name, data)
    old = sign_state(load_dossier(folder), None).versies[SOK]
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    (folder / "dossier.yaml").write_text(text.replace("plaats_ondertekening: Doetinchem",
                                                      "plaats_ondertekening: Groenlo", 1), encoding="utf-8")
    result = checked(folder)
    new = result.ondertekening.versies[SOK] if result.ondertekening else ""
    assert new != old
    assert result.level() == TE_TEKENEN
    said = f"de getekende versie {old} is niet de huidige (versie {new}): de samenwerkingsovereenkomst is na het " \
        "tekenen gewijzigd (gewijzigd: samenwerkingsovereenkomst.plaats_ondertekening)"
    assert any(said in m for m in signing_messages(result)), signing_messages(result)


def test_a_signed_pdf_altered_after_signing_is_refused(folder: Path) -> None:
    for name, data in signed_copies("voorbeeld").items():
        put(folder, name, data)
    data = bytearray((folder / "ondertekend" / "aanvraaggegevens.pdf").read_bytes())
    at = data.index(b"/Title")  # inside the first revision, which the signature covers
    data[at + 8] ^= 0x01
    put(folder, "aanvraaggegevens.pdf", bytes(data))
    result = checked(folder)
    assert result.level() == TE_TEKENEN
    assert any("is ongeldig: het bestand is na het tekenen gewijzigd" in m for m in signing_messages(result)), \
        signing_messages(result)


# ------------------------------------------------------------------ scans


def test_a_scan_with_every_party_recorded_is_ready(
    folder: Path, current: dict[str, bytes], signers: dict[str, list[tuple[str, str]]], scanned_sok: bytes,
) -> None:
    put(folder, "aanvraaggegevens.pdf", signed_form(current, signers))
    put(folder, "sok-scan.pdf", scanned_sok)
    *recorded, (_, forgotten) = signers[SOK]
    on_paper(folder, *(party for _, party in recorded))
    result = checked(folder)
    assert result.level() == TE_TEKENEN
    assert any(forgotten in m and "digitaal noch op papier" in m for m in signing_messages(result))
    on_paper(folder, *(party for _, party in signers[SOK]))
    assert checked(folder).level() == IN_TE_DIENEN


def test_a_scan_of_the_previous_version_says_which_version_was_signed(
    folder: Path, tmp_path: Path, current: dict[str, bytes], signers: dict[str, list[tuple[str, str]]],
    scanned_sok: bytes,
) -> None:
    put(folder, "aanvraaggegevens.pdf", signed_form(current, signers))
    put(folder, "sok-scan.pdf", scanned_sok)
    on_paper(folder, *(party for _, party in signers[SOK]))
    old = sign_state(load_dossier(folder), None).versies[SOK]
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    (folder / "dossier.yaml").write_text(text.replace("Samen op de Rails", "Samen op het Spoor"), encoding="utf-8")
    result = checked(folder)
    assert any(f"de getekende versie {old} is niet de huidige" in m for m in signing_messages(result))
    assert result.level() != IN_TE_DIENEN


@pytest.mark.parametrize(("pages", "said"), [
    ([0, 1, 3, 4], "pagina 3 van 5 ontbreekt"),
    ([0, 2, 1, 3, 4], "de pagina's staan niet op volgorde (1, 3, 2, 4, 5)"),
])
def test_a_scan_with_a_page_missing_or_swapped_says_which(
    folder: Path, current: dict[str, bytes], signers: dict[str, list[tuple[str, str]]], pages: list[int],
    said: str,
) -> None:
    put(folder, "aanvraaggegevens.pdf", signed_form(current, signers))
    put(folder, "sok-scan.pdf", scan(current[SOK], pages=pages, noise=False))
    on_paper(folder, *(party for _, party in signers[SOK]))
    result = checked(folder)
    assert result.level() == TE_TEKENEN
    assert any(said in m for m in signing_messages(result)), signing_messages(result)


def test_a_party_recorded_on_paper_that_is_no_party_is_located_in_voortgang(folder: Path) -> None:
    for name, data in signed_copies("voorbeeld").items():
        put(folder, name, data)
    on_paper(folder, "Gemeente Nergenshuizen")
    result = checked(folder)
    finding = next(f for f in result.findings if "Nergenshuizen" in f.message)
    assert finding.file.name == "voortgang.yaml" and finding.line == 2, finding
    assert result.level() == TE_TEKENEN


def test_a_file_that_is_no_copy_of_a_signed_document_is_named(folder: Path, current: dict[str, bytes]) -> None:
    for name, data in signed_copies("voorbeeld").items():
        put(folder, name, data)
    put(folder, "notitie.txt", b"getekend door iedereen")
    result = checked(folder)
    assert any("notitie.txt is geen PDF" in m for m in signing_messages(result))
    assert result.level() == TE_TEKENEN


@pytest.mark.parametrize("kept", ["gelezen", None], ids=["in de uitvoermap", "alleen in dit proces"])
def test_reading_a_signed_copy_is_cached_by_its_content(folder: Path, tmp_path: Path, kept: str | None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Validating a signature is the slowest step of a check: a second check of the same copies, with an
    output folder or without one (a check that writes nothing), reads none of them again."""
    import pipeline.sign.read as read

    for name, data in signed_copies("voorbeeld").items():
        put(folder, name, data)
    readings = tmp_path / kept if kept else None
    first = check_dossier(load_dossier(folder), readings=readings)
    monkeypatch.setattr(read, "lees", lambda *a, **k: pytest.fail("read again although nothing changed"))
    again = check_dossier(load_dossier(folder), readings=readings)
    assert again.level() == first.level() == IN_TE_DIENEN


def test_without_signed_copies_the_unsigned_example_is_ready_to_sign_not_to_submit(folder: Path) -> None:
    result = checked(folder)
    assert result.level() == TE_TEKENEN
    assert result.level() != NIET_KLAAR
    assert {f.id for f in result.findings if f.severity == "fout"} == {"TEKEN-PARTIJEN"}


def test_a_proof_page_a_signing_service_adds_after_the_document_is_no_missing_code(
    folder: Path, current: dict[str, bytes], signers: dict[str, list[tuple[str, str]]],
) -> None:
    """Signing services often append a page of their own (the audit trail) before they seal the file."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(current[SOK])))
    writer.add_blank_page()
    with_proof = io.BytesIO()
    writer.write(with_proof)
    put(folder, "aanvraaggegevens.pdf", signed_form(current, signers))
    put(folder, "sok.pdf", sign(with_proof.getvalue(), *(signer(*who) for who in signers[SOK])))
    result = checked(folder)
    assert result.level() == IN_TE_DIENEN, signing_messages(result)
    on_paper(folder, *(party for _, party in signers[SOK]))  # the same page in a scan is a page without code
    put(folder, "sok.pdf", scan(with_proof.getvalue(), noise=False))
    messages = signing_messages(checked(folder))
    assert any("op pagina 6 van het bestand is geen versiecode te lezen" in m for m in messages), messages


def test_the_preview_banner_says_ready_to_sign_with_what_is_still_to_sign(folder: Path) -> None:
    from pipeline.watch.server import verdict_box
    from pipeline.watch.watcher import DossierState

    result = checked(folder)
    state = DossierState(klaar=result.ready(), niveau=result.level(), verdict="x", findings=result.findings)
    box = verdict_box(folder, state)
    assert "Klaar om te laten tekenen" in box and "nog niet om in te dienen" in box
    assert "Klaar om in te dienen" not in box and "Niet klaar" not in box
    assert "er is nog geen getekende kopie van de huidige samenwerkingsovereenkomst" in box
    put_all = signed_copies("voorbeeld")
    for name, data in put_all.items():
        put(folder, name, data)
    result = checked(folder)
    state = DossierState(klaar=result.ready(), niveau=result.level(), verdict="x", findings=result.findings)
    assert "Klaar om in te dienen" in verdict_box(folder, state)


def test_a_signed_copy_replaced_after_sending_is_said(folder: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The kept zip carries the signed copies; a copy swapped in ondertekend/ afterwards is no longer what
    DUO received, and the build says so."""
    for name, data in signed_copies("voorbeeld").items():
        put(folder, name, data)
    out = tmp_path / "build"
    assert cli(capsys, "build", folder, "-o", out, "--vandaag", TODAY)[0] == 0
    (folder / "voortgang.yaml").write_text("ingediend_bij_duo: 2027-03-26\n", encoding="utf-8")
    code, text = cli(capsys, "build", folder, "-o", out, "--vandaag", "2027-03-27")
    kept = folder / "ingediend" / "2027-03-26" / "voorbeeld-aanvraag.zip"
    assert code == 0 and kept.is_file(), text
    with zipfile.ZipFile(kept) as archive:
        assert archive.read("1-aanvraaggegevens.pdf") == signed_copies("voorbeeld")["aanvraaggegevens.pdf"]
    data = signed_copies("voorbeeld")["aanvraaggegevens.pdf"]
    put(folder, "aanvraaggegevens.pdf", data + b"\n")  # the same copy, saved again by a viewer
    code, text = cli(capsys, "build", folder, "-o", out, "--vandaag", "2027-03-27")
    assert "Let op: ondertekend/aanvraaggegevens.pdf is niet meer de bijlage die op 26 maart 2027 is ingediend" \
        in text, text


def test_signed_copies_back_mark_the_signing_step_done_on_the_route(folder: Path) -> None:
    from pipeline.route.view import route_view

    def step() -> str:
        route = route_view(load_dossier(folder), today=date(2027, 3, 25)).route
        assert route is not None
        return next(s for s in route.steps if s.id == "ter_ondertekening").status

    assert step() == "nu"
    for name, data in signed_copies("voorbeeld").items():
        put(folder, name, data)
    assert step() == "gedaan"


@pytest.mark.parametrize(("action", "said"), [
    ({"/S": "/JavaScript", "/JS": "app.alert('hallo')"}, "JavaScript"),
    ({"/S": "/Launch", "/F": "cmd.exe"}, "een opdracht die een programma start (Launch)"),
])
def test_a_signed_copy_that_would_carry_an_action_to_duo_is_refused(
    folder: Path, current: dict[str, bytes], signers: dict[str, list[tuple[str, str]]], action: dict[str, str],
    said: str,
) -> None:
    """A signed copy goes to DUO byte for byte (taking anything out breaks the signature): one that carries a
    script or a program to start is not accepted, though every signature on it is valid."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(current[SOK])) as pdf:
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
            {key: pikepdf.Name(value) if value.startswith("/") else pikepdf.String(value)
             for key, value in action.items()}))
        hostile = io.BytesIO()
        pdf.save(hostile)
    put(folder, "aanvraaggegevens.pdf", signed_form(current, signers))
    put(folder, "sok.pdf", sign(hostile.getvalue(), *(signer(*who) for who in signers[SOK])))
    result = checked(folder)
    assert result.level() == TE_TEKENEN
    assert any(f"sok.pdf bevat {said}" in m for m in signing_messages(result)), signing_messages(result)


def test_the_answers_a_signed_copy_embeds_are_read_only_within_their_bound(current: dict[str, bytes]) -> None:
    """What changed since signing comes from the answers the PDF embeds: a file that unpacks beyond the bound
    is never unpacked (a zip bomb in a signed copy costs nothing)."""
    import io

    import pikepdf

    from pipeline.bundle.rebuild import embedded_file

    assert b"arrangement:" in (embedded_file(current[SOK], "dossier.yaml", 1_000_000) or b"")
    with pikepdf.open(io.BytesIO(current[SOK])) as pdf:
        pdf.attachments["dossier.yaml"] = pikepdf.AttachedFileSpec(pdf, b"a" * 50_000_000)
        bomb = io.BytesIO()
        pdf.save(bomb)
    assert len(bomb.getvalue()) < 2_000_000  # compressed
    assert embedded_file(bomb.getvalue(), "dossier.yaml", 1_000_000) is None
