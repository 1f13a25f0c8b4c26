"""What is in build/ is what the inputs make now: never mixed, never stale, never a false "klaar".

Each test is a situation an applicant can get into (two folders with the same name, a save
while the build runs, a dossier that stops being ready) and checks what they would upload.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest

from pipeline.cli import run
from pipeline.read.validate import load_dossier
from pipeline.render.answers_yaml import canonical_answers
from tests.conftest import CTRL_C_AS_IN_A_TERMINAL, EXAMPLE, put_signed
from tests.test_advices import advice_pdf


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    code = run([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_two_dossiers_with_the_same_folder_name_are_refused_not_mixed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b = tmp_path / "a" / "voorbeeld", tmp_path / "b" / "voorbeeld"
    shutil.copytree(EXAMPLE, a)
    shutil.copytree(EXAMPLE, b)
    out = tmp_path / "build"
    for command in (("build",), ("check",)):
        code, text = cli(capsys, *command, a, b, "-o", out)
        assert code == 1
        assert f"{a} en {b} zouden allebei in {out / 'voorbeeld'}/ komen" in text
        assert "andere naam" in text
        assert not out.exists()  # nothing was written for either


def _embedded_answers(pdf: Path) -> bytes:
    reader = pypdf.PdfReader(pdf)
    files = reader.attachments
    assert list(files) == ["dossier.yaml"]
    return files["dossier.yaml"][0]


def test_a_save_during_the_build_never_mixes_two_versions(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text of the PDF, the answers it embeds and the manifest's hash come from one version."""
    import pipeline.render.docx as docx_module

    yaml_path = signed_example / "dossier.yaml"
    before = yaml_path.read_bytes()
    after = before.replace(b"Samen op de Rails", b"Later opgeslagen naam")
    original = docx_module.render_word

    def render_then_save(*args: object, **kwargs: object) -> object:
        yaml_path.write_bytes(after)  # the applicant saves while the documents are being made
        return original(*args, **kwargs)

    monkeypatch.setattr(docx_module, "render_word", render_then_save)
    code, text = cli(capsys, "build", signed_example, "-o", tmp_path / "build")
    assert code == 0, text
    assert yaml_path.read_bytes() == after  # the save did happen during the build
    out = tmp_path / "build" / "voorbeeld"
    for pdf in sorted(out.glob("*.pdf")):
        if pdf.name.startswith(("checklist", "bijlage-")):  # attachment 4 is the advices, not our answers
            continue
        embedded = _embedded_answers(pdf)  # the answers that were parsed
        assert b"Samen op de Rails" in embedded and b"Later opgeslagen" not in embedded, pdf.name
        body = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        assert "Samen op de Rails" in body and "Later opgeslagen" not in body
    with zipfile.ZipFile(out / "voorbeeld-aanvraag.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        made = archive.read("3-projectplan.pdf")  # 1 and 2 are the signed copies, made before
    assert manifest["antwoorden_sha256"] == hashlib.sha256(before).hexdigest()
    assert _embedded_answers_bytes(made) == _embedded_answers(out / "projectplan.pdf")  # the zip's is the build's


def _embedded_answers_bytes(data: bytes) -> bytes:
    return pypdf.PdfReader(io.BytesIO(data)).attachments["dossier.yaml"][0]


def test_the_manifest_hashes_the_file_as_saved_with_bom_and_crlf(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path
) -> None:
    """Windows editors save with a BOM and CRLF line ends: the manifest names those exact bytes;
    the PDFs embed the answers, which are the same as without them."""
    yaml_path = signed_example / "dossier.yaml"
    saved = b"\xef\xbb\xbf" + yaml_path.read_bytes().replace(b"\n", b"\r\n")
    yaml_path.write_bytes(saved)
    code, text = cli(capsys, "build", signed_example, "-o", tmp_path / "build")
    assert code == 0, text
    with zipfile.ZipFile(tmp_path / "build" / "voorbeeld" / "voorbeeld-aanvraag.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        embedded = _embedded_answers_bytes(archive.read("3-projectplan.pdf"))  # made by this build, not signed
    assert manifest["antwoorden_sha256"] == hashlib.sha256(saved).hexdigest()
    assert embedded == canonical_answers(load_dossier(EXAMPLE).dossier, "projectplan")


# ------------------------------------------------------------------ never a stale "klaar"


def _summary(output: str) -> str:
    return [line for line in output.splitlines() if " gemaakt in " in line][-1]


def _ready_build(capsys: pytest.CaptureFixture[str], folder: Path, out: Path) -> Path:
    code, text = cli(capsys, "build", folder, "-o", out)
    assert code == 0, text
    target = out / folder.name
    assert (target / f"{folder.name}-aanvraag.zip").is_file()
    return target


def test_a_dossier_that_becomes_invalid_loses_its_zip_and_its_klaar_checklist(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path
) -> None:
    target = _ready_build(capsys, signed_example, tmp_path / "build")
    yaml_path = signed_example / "dossier.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("aantal_leerlingen: 12",
                                                                        "aantal_leerlingen: twaalf"), "utf-8")
    code, text = cli(capsys, "build", signed_example, "-o", tmp_path / "build")
    assert code == 1
    assert "aantal_leerlingen: moet een geheel getal zijn" in text
    assert not list(target.glob("*.zip"))
    assert not (target / "checklist.html").exists() and not (target / "checklist.pdf").exists()


def test_a_dossier_that_stops_being_ready_loses_its_zip_and_says_why(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path
) -> None:
    target = _ready_build(capsys, signed_example, tmp_path / "build")
    yaml_path = signed_example / "dossier.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("  naam: Samen op de Rails", "  naam: Samen op de Rails 111222333", 1), "utf-8")
    code, out = cli(capsys, "build", signed_example, "-o", tmp_path / "build")
    assert code == 0  # every document was made; `dossier check` is the command that exits 1 when not ready
    assert not list(target.glob("*.zip"))  # nor the signing pack: a text with a BSN in it is not signed either
    assert "geen bundel: het dossier is nog niet klaar om te laten tekenen" in out
    assert "— niet klaar:" in _summary(out)  # the last line does not say "klaar" any more
    checklist = (target / "checklist.html").read_text(encoding="utf-8")
    assert "Nog niet klaar" in checklist and "Klaar om in te dienen" not in checklist
    assert "PRIV-BSN" in checklist


def test_a_document_that_fails_on_its_template_blocks_the_zip_and_the_checklist_names_the_template(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path
) -> None:
    from docx import Document

    target = _ready_build(capsys, signed_example, tmp_path / "build")
    template = signed_example / "templates" / "projectplan" / "projectplan.docx"
    template.parent.mkdir(parents=True)
    document = Document(str(EXAMPLE.parent.parent / "templates" / "projectplan" / "projectplan.docx"))
    paragraph = next(p for p in document.paragraphs if p.text.strip() == "Aanleiding" or "Aanleiding" in p.text)
    paragraph.add_run(" {{ arrangement.bestaat_niet }}")
    document.save(str(template))
    code, out = cli(capsys, "build", signed_example, "-o", tmp_path / "build")
    assert code == 1
    assert not list(target.glob("*.zip"))
    assert f"(sjabloon {template})" in _summary(out)  # the template is blamed, not only the dossier
    checklist = (target / "checklist.html").read_text(encoding="utf-8")
    assert "Nog niet klaar" in checklist and "Klaar om in te dienen" not in checklist
    assert "DUO-DOCUMENTEN" in checklist
    assert "Het bestand projectplan.pdf kon niet worden gemaakt: onbekend veld ‘bestaat_niet’" in checklist
    assert "voorbeeld/templates/projectplan/projectplan.docx" in checklist  # named, but not as a local path
    assert str(tmp_path) not in checklist


# ------------------------------------------------------------------ interrupted builds

_KILL_AFTER_TWO_WRITES = CTRL_C_AS_IN_A_TERMINAL + """
import os, signal, sys
from pathlib import Path
import pipeline.render.documents as build
written = []
original = build.write_atomic
def write_then_die(path, data):
    original(path, data)
    written.append(path)
    if len(written) == 2:
        os.kill(os.getpid(), signal.{signal})
build.write_atomic = write_then_die
from pipeline.cli import run
sys.exit(run(["build", sys.argv[1], "-o", sys.argv[2], "--werkers", "1"]))
"""


def _docx_says(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    return " ".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGINT"])
def test_an_interrupted_build_followed_by_an_undo_leaves_nothing_taken_for_fresh(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path, sig: str
) -> None:
    import os
    import subprocess
    import sys

    out = tmp_path / "build"
    target = _ready_build(capsys, signed_example, out)
    yaml_path = signed_example / "dossier.yaml"
    v1 = yaml_path.read_bytes()
    yaml_path.write_bytes(v1.replace(b"  naam: Samen op de Rails", b"  naam: Tussenversie op de Rails", 1))
    env = {**os.environ, "PYTHONPATH": str(EXAMPLE.parent.parent)}
    script = _KILL_AFTER_TWO_WRITES.replace("{signal}", sig)
    done = subprocess.run([sys.executable, "-c", script, str(signed_example), str(out)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0, done.stdout + done.stderr  # it really was interrupted
    interrupted = [p for p in target.glob("*.docx") if "Tussenversie" in _docx_says(p)]
    assert interrupted  # some files hold the unfinished version now
    yaml_path.write_bytes(v1)  # the applicant undoes the edit
    code, text = cli(capsys, "build", signed_example, "-o", out)
    assert code == 0, text
    for docx in sorted(target.glob("*.docx")):
        assert "Tussenversie" not in _docx_says(docx), docx.name
    with zipfile.ZipFile(target / "voorbeeld-aanvraag.zip") as archive:
        for name in archive.namelist():
            if name.endswith(".pdf") and not name.startswith("4-"):
                text_of = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(archive.read(name))).pages)
                assert "Tussenversie" not in text_of, name


# ------------------------------------------------------------------ what "nothing changed" depends on

_UNCHANGED = """
import sys
from pipeline.cli import run
code = run(["build", sys.argv[1], "-o", sys.argv[2]])
heavy = sorted(m for m in ("weasyprint", "pydantic", "docxtpl", "pipeline.model.answers") if m in sys.modules)
import multiprocessing
print("ZWAAR:", ",".join(heavy), "KINDEREN:", len(multiprocessing.active_children()))
sys.exit(code)
"""


def test_an_unchanged_dossier_is_decided_without_the_pipeline_or_workers(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    out = tmp_path / "build"
    _ready_build(capsys, signed_example, out)
    env = {**os.environ, "PYTHONPATH": str(EXAMPLE.parent.parent)}
    done = subprocess.run([sys.executable, "-c", _UNCHANGED, str(signed_example), str(out)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "niets veranderd sinds de vorige keer" in done.stdout
    assert "ZWAAR:  KINDEREN: 0" in done.stdout  # no weasyprint, no model, no PDF workers


def _rebuilt(capsys: pytest.CaptureFixture[str], folder: Path, out: Path) -> str:
    code, text = cli(capsys, "build", folder, "-o", out)
    assert code == 0, text
    return text


def test_an_edit_in_a_linked_organisation_templates_folder_rebuilds(
    capsys: pytest.CaptureFixture[str], example_copy: Path, tmp_path: Path
) -> None:
    """The documented workflow: an organisation's templates folder linked into each dossier."""
    organisation = tmp_path / "organisatie-sjablonen"
    organisation.mkdir()
    shutil.copy(EXAMPLE.parent.parent / "templates" / "stijl.css", organisation / "stijl.css")
    (example_copy / "templates").symlink_to(organisation, target_is_directory=True)
    out = tmp_path / "build"
    _rebuilt(capsys, example_copy, out)
    assert "niets veranderd" in _rebuilt(capsys, example_copy, out)
    css = organisation / "stijl.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.veldnaam { color: #000; }\n", encoding="utf-8")
    text = _rebuilt(capsys, example_copy, out)
    assert "niets veranderd" not in text
    for doc in ("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan", "aanmeldformulier-collectief"):
        assert f"✓ {doc}.pdf" in text  # the PDFs take their look from the linked stylesheet
        assert f"= {doc}.docx" in text  # the Word files do not depend on it


def test_an_edited_attachment_is_noticed(capsys: pytest.CaptureFixture[str], signed_example: Path,
                                         tmp_path: Path) -> None:
    out = tmp_path / "build"
    _rebuilt(capsys, signed_example, out)
    attachment = signed_example / "bijlagen" / "mr-advies-swv.pdf"
    advice_pdf(attachment, "medezeggenschapsraad van Samenwerkingsverband VO Achterhoek Oost",  # a new version
               "‘Samen op de Rails – onderwijs & zorg op de boerderij’", "De raad vult zijn advies aan.")
    assert "niets veranderd" not in _rebuilt(capsys, signed_example, out)
    with zipfile.ZipFile(out / "voorbeeld" / "voorbeeld-aanvraag.zip") as archive:
        joined = pypdf.PdfReader(io.BytesIO(archive.read("4-adviezen-medezeggenschapsraad.pdf")))
    new = pypdf.PdfReader(attachment).pages[0].extract_text()
    assert len(joined.pages) == 3 and joined.pages[2].extract_text() == new  # the schools', then the new one


def test_an_image_the_stylesheet_uses_is_a_dependency_of_every_pdf(
    capsys: pytest.CaptureFixture[str], example_copy: Path, tmp_path: Path
) -> None:
    """A logo in the dossier's (or an organisation's) templates folder, used by its stylesheet."""
    import base64

    own = example_copy / "templates"
    (own / "beeld").mkdir(parents=True)
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAEklEQVR4nGP4z8DAwMDAxMDAAAAdGgMB3E2fMAAAAABJRU5ErkJggg==")
    (own / "beeld" / "logo.png").write_bytes(png)
    css = (EXAMPLE.parent.parent / "templates" / "stijl.css").read_text(encoding="utf-8")
    (own / "stijl.css").write_text(css + "\nh1::before { content: url(beeld/logo.png); }\n", encoding="utf-8")
    out = tmp_path / "build"
    _rebuilt(capsys, example_copy, out)
    (own / "beeld" / "logo.png").write_bytes(png + b"\0")  # a new version of the logo
    text = _rebuilt(capsys, example_copy, out)
    for doc in ("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan", "aanmeldformulier-collectief"):
        assert f"✓ {doc}.pdf" in text, text
        assert f"= {doc}.docx" in text


@pytest.mark.parametrize("naam", ["mijn dossier", "it's", "a;b"])
def test_make_passes_a_dossier_name_with_spaces_or_quotes_as_one_argument(naam: str) -> None:
    import shlex
    import subprocess

    done = subprocess.run(["make", "-n", "dossier", f"DOSSIER={naam}"], cwd=EXAMPLE.parent.parent,
                          capture_output=True, text=True, timeout=60)
    command = [line for line in done.stdout.splitlines() if "dossier build" in line][-1]
    assert shlex.split(command)[-1] == f"inputs/{naam}"


def test_the_zip_depends_only_on_the_inputs_content(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Touching a file without changing it, or building from another folder, gives the same zip."""
    import os

    first = tmp_path / "een" / "voorbeeld"
    shutil.copytree(EXAMPLE, first)
    put_signed(first)  # DUO's zip is made once everyone signed
    code, text = cli(capsys, "build", first, "-o", tmp_path / "build1")
    assert code == 0, text
    original = (tmp_path / "build1" / "voorbeeld" / "voorbeeld-aanvraag.zip").read_bytes()
    later = 2_000_000_000  # 2033: every input file touched, nothing changed
    for path in [p for p in first.rglob("*") if p.is_file()]:
        os.utime(path, (later, later))
    second = tmp_path / "ergens" / "anders" / "voorbeeld"
    shutil.copytree(first, second)
    code, text = cli(capsys, "build", second, "-o", tmp_path / "build2", "--force")
    assert code == 0, text
    assert (tmp_path / "build2" / "voorbeeld" / "voorbeeld-aanvraag.zip").read_bytes() == original


def test_the_submitted_checklist_names_no_local_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Built by absolute path from a home folder with a person's name: the PDF names no such path."""
    import pypdf

    folder = tmp_path / "home" / "Jan Jansen" / "dossiers" / "voorbeeld"
    shutil.copytree(EXAMPLE, folder)
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    text = text.replace("  naam: Samen op de Rails", "  naam: Samen 111222333", 1)  # a finding with a line
    (folder / "dossier.yaml").write_text(text, "utf-8")
    code, out = cli(capsys, "build", folder.resolve(), "-o", tmp_path / "build")
    assert code == 0, out
    target = tmp_path / "build" / "voorbeeld"
    shown = " ".join(page.extract_text() for page in pypdf.PdfReader(target / "checklist.pdf").pages)
    shown = " ".join(shown.split())
    assert "Jan Jansen" not in shown and str(tmp_path) not in shown
    assert "voorbeeld/dossier.yaml" in shown  # named relative to the dossier, finding lines included
    assert "voorbeeld/dossier.yaml:" in shown
    assert "Jan Jansen" not in (target / "checklist.html").read_text(encoding="utf-8")


def _with_answer(folder: Path, key: str, text: str) -> None:
    """Put ``text`` as the first line of the block answer under ``key:`` in dossier.yaml."""
    path = folder / "dossier.yaml"
    source = path.read_text(encoding="utf-8")
    at = source.index(f"  {key}: |")
    end = source.index("\n", at)
    path.write_text(source[:end + 1] + "    " + text + "\n" + source[end + 1:], encoding="utf-8")


def test_deeply_nested_emphasis_builds_every_document(capsys: pytest.CaptureFixture[str], example_copy: Path,
                                                      tmp_path: Path) -> None:
    """500 levels of emphasis in one answer once ended in a RecursionError: Word runs are flat."""
    nested = "".join("*a " if i % 2 else "_a " for i in range(500))
    nested += "".join(" a*" if i % 2 else " a_" for i in reversed(range(500)))
    _with_answer(example_copy, "aanleiding", nested)
    code, text = cli(capsys, "build", example_copy, "-o", tmp_path / "build")
    assert code == 0, text
    assert "Traceback" not in text and "RecursionError" not in text


def test_a_long_token_without_spaces_stays_on_the_page_and_complete(
    capsys: pytest.CaptureFixture[str], example_copy: Path, tmp_path: Path
) -> None:
    from tests.onesource import docx_margin_pt, pdf_body_text

    token = "Onderwijszorgarrangement" * 7  # a pasted identifier: no space, hyphen or slash to break at
    assert len(token) >= 150 and " " not in token
    _with_answer(example_copy, "aanleiding", token)
    code, text = cli(capsys, "build", example_copy, "-o", tmp_path / "build")
    assert code == 0, text
    for name in ("projectplan", "aanmeldformulier-collectief"):  # body text and a narrow table cell
        docx = tmp_path / "build" / "voorbeeld" / f"{name}.docx"
        shown = pdf_body_text(tmp_path / "build" / "voorbeeld" / f"{name}.pdf", docx_margin_pt(docx))
        assert token.casefold() in shown.replace(" ", ""), name  # every character is there
        lines = [line for page in pypdf.PdfReader(docx.with_suffix(".pdf")).pages
                 for line in page.extract_text().splitlines()]
        assert not any(token in line for line in lines), name  # and broken over lines, not run off the page


@pytest.mark.parametrize("written", ['"naam\\e"', '"naam\\0"'])
def test_a_key_that_differs_only_by_an_invisible_character_is_an_error_not_a_silent_replacement(
    capsys: pytest.CaptureFixture[str], example_copy: Path, written: str
) -> None:
    path = example_copy / "dossier.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("aanvrager:"))
    naam = next(i for i in range(first, len(lines)) if lines[i].startswith("  naam:"))
    lines.insert(naam + 1, f"  {written}: Stichting Later\n")
    path.write_text("".join(lines), encoding="utf-8")
    code, text = cli(capsys, "validate", example_copy)
    assert code == 1
    assert f"dossier.yaml:{naam + 2}:3: de sleutel ‘naam’ staat er al op regel {naam + 1}" in text
    assert "Traceback" not in text


def test_a_zero_width_character_in_a_key_is_named(capsys: pytest.CaptureFixture[str], example_copy: Path) -> None:
    path = example_copy / "dossier.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n  naam: Stichting", "\n  na\u200bam: Stichting", 1), encoding="utf-8")
    code, output = cli(capsys, "validate", example_copy)
    assert code == 1
    assert "de sleutel ‘naam’ bevat een onzichtbaar teken (U+200B); typ de sleutel opnieuw" in output
    assert "bedoelde u ‘naam’" not in output


@pytest.mark.parametrize(("old", "new", "exit_code"), [
    ("  naam: Samen op de Rails", "  naam: Samen op de Rails 111222333", 1),  # no longer ready
    # still ready to submit, other answers (no signed text)
    ("Aan het eind van de looptijd volgt", "Aan het einde van de looptijd volgt", 0),
    # signed text changed: to be signed again (not the arrangement's name: the advices would no longer name it)
    ("functie: beleidsadviseur passend", "functie: beleidsmedewerker passend", 3),
    ("aantal_leerlingen: 12", "aantal_leerlingen: twaalf", 1),  # invalid
])
def test_dossier_check_leaves_no_zip_that_its_checklist_contradicts(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path, old: str, new: str, exit_code: int
) -> None:
    """`dossier check` writes a new checklist; a zip of earlier answers beside it would be a lie."""
    target = _ready_build(capsys, signed_example, tmp_path / "build")
    path = signed_example / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    code, _ = cli(capsys, "check", signed_example, "-o", tmp_path / "build")
    assert code == exit_code
    assert not list(target.glob("*.zip"))
    code, _ = cli(capsys, "check", EXAMPLE, "-o", tmp_path / "other")  # a check alone removes nothing wrongly
    assert code == 3  # the shipped example, unsigned: ready to be signed


def test_dossier_check_keeps_the_zip_of_the_same_answers(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path
) -> None:
    target = _ready_build(capsys, signed_example, tmp_path / "build")
    code, _ = cli(capsys, "check", signed_example, "-o", tmp_path / "build")
    assert code == 0
    assert (target / "voorbeeld-aanvraag.zip").is_file()


@pytest.mark.parametrize(("example", "region_zip"), [("voorbeeld", "voorbeeld-sociaal-domein-achterhoek.zip"),
                                                     ("voorbeeld-individueel", "voorbeeld-individueel-gemeente.zip")])
def test_a_deleted_region_zip_is_made_again_not_reported_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: str, region_zip: str
) -> None:
    """Every recipient's zip is part of the run's record: build/ holds what the inputs make."""
    folder = tmp_path / "inputs" / example
    shutil.copytree(EXAMPLE.parent / example, folder)
    out = tmp_path / "build"
    code, text = cli(capsys, "build", folder, "-o", out)
    assert code == 0, text
    made = out / example / region_zip
    before = made.read_bytes()
    made.unlink()
    code, text = cli(capsys, "build", folder, "-o", out)
    assert code == 0 and "niets veranderd" not in text
    assert made.read_bytes() == before
    code, text = cli(capsys, "build", folder, "-o", out)
    assert "niets veranderd" in text


def test_an_arrangement_that_changes_route_leaves_nothing_of_the_other_route(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Individual first, then collective in the same folder: the gemeente's document, its zip and
    their cache entries go; the Achterhoek form and its zip come; and back again."""
    from pipeline.documents import BY_ID

    folder = tmp_path / "inputs" / "wissel"
    out = tmp_path / "build"
    routes = {"individueel": (EXAMPLE.parent / "voorbeeld-individueel", "onderbouwing", "-gemeente.zip"),
              "collectief": (EXAMPLE, "aanmeldformulier", "-sociaal-domein-achterhoek.zip")}
    for now, other in (("individueel", "collectief"), ("collectief", "individueel"), ("individueel", "collectief")):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(routes[now][0], folder)
        code, text = cli(capsys, "build", folder, "-o", out)
        assert code == 0, text
        made = {p.name for p in (out / "wissel").iterdir()}
        own, gone = BY_ID[routes[now][1]], BY_ID[routes[other][1]]
        assert {own.bestand("docx"), own.bestand("pdf"), "wissel" + routes[now][2]} <= made
        assert not {gone.bestand("docx"), gone.bestand("pdf"), "wissel" + routes[other][2]} & made
        cache = json.loads((out / "wissel" / ".dossier-cache.json").read_text(encoding="utf-8"))
        assert gone.bestand("pdf") not in cache and own.bestand("pdf") in cache
