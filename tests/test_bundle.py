"""Issue 7: the submission zip, the content-hash cache, and batches of dossiers."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from pipeline.cli import run
from tests.conftest import EXAMPLE, ROOT, put_signed, word_override
from tests.textutil import docx_text, normalise, pdf_text

EXPECTED = [
    "1-aanvraaggegevens.pdf",
    "2-samenwerkingsovereenkomst.pdf",
    "3-projectplan.pdf",
    "4-adviezen-medezeggenschapsraad.pdf",  # DUO's attachment 4: the MR advices joined
    "manifest.json",
]  # exactly what DUO asks for: the Achterhoek form and the checklist are not DUO's


def build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = run(["build", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example signed by everyone, for this module: DUO's zip is made only then."""
    folder = tmp_path_factory.mktemp("signed") / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, folder)
    put_signed(folder)
    return folder


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory, signed: Path) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert run(["-q", "build", str(signed), "-o", str(out)]) == 0
    return out / "voorbeeld"


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def test_zip_holds_the_attachments_in_duo_order_with_a_true_manifest(first_build: Path, signed: Path) -> None:
    with zipfile.ZipFile(first_build / "voorbeeld-aanvraag.zip") as archive:
        assert archive.namelist() == EXPECTED
        manifest = json.loads(archive.read("manifest.json"))
        listed = {entry["bestand"]: entry for entry in manifest["bestanden"]}
        assert list(listed) == EXPECTED[:-1]
        for name, entry in listed.items():
            data = archive.read(name)
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()
            assert entry["grootte"] == len(data)
        assert archive.read("3-projectplan.pdf") == (first_build / "projectplan.pdf").read_bytes()
        for name in ("1-aanvraaggegevens.pdf", "2-samenwerkingsovereenkomst.pdf"):  # the signed copies, as signed
            assert archive.read(name) == (signed / "ondertekend" / name[2:]).read_bytes()
        joined = PdfReader(io.BytesIO(archive.read("4-adviezen-medezeggenschapsraad.pdf")))
        names = ("mr-advies-de-brug.pdf", "mr-advies-ludgercollege.pdf", "mr-advies-swv.pdf")  # schools, then swv
        parts = [PdfReader(EXAMPLE / "bijlagen" / name) for name in names]
        assert [p.extract_text() for p in joined.pages] == [r.pages[0].extract_text() for r in parts]
    assert manifest["ondertekend"] == {f"ondertekend/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
                                       for p in sorted((signed / "ondertekend").iterdir())}
    assert manifest["antwoorden_sha256"] == hashlib.sha256((EXAMPLE / "dossier.yaml").read_bytes()).hexdigest()
    assert manifest["tool"].startswith("dossier ")


def test_two_builds_give_identical_zips(first_build: Path, signed: Path, tmp_path: Path) -> None:
    assert run(["-q", "build", str(signed), "-o", str(tmp_path)]) == 0
    again = (tmp_path / "voorbeeld" / "voorbeeld-aanvraag.zip").read_bytes()
    assert again == (first_build / "voorbeeld-aanvraag.zip").read_bytes()


def test_second_build_rewrites_nothing_and_a_template_edit_rebuilds_only_that_document(
    capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"  # signed: DUO's zip is made, and carries the new projectplan
    assert build(capsys, str(signed_example), "-o", str(out))[0] == 0
    before = mtimes(out / "voorbeeld")
    code, output = build(capsys, str(signed_example), "-o", str(out))
    assert code == 0
    assert "niets veranderd" in output
    assert mtimes(out / "voorbeeld") == before

    # a consultant's per-dossier override of the projectplan's Word template: one sentence changed
    shipped = open_docx(str(ROOT / "templates" / "projectplan" / "projectplan.docx"))
    printed = docx_text(out / "voorbeeld" / "projectplan.docx")
    sentence = next(p.text for p in shipped.paragraphs  # fixed text this dossier's projectplan shows
                    if "{" not in p.text and len(p.text.split()) > 5 and normalise(p.text) in printed)
    edited = sentence.rstrip(".") + ", zo spraken de partners af."
    word_override(signed_example, "projectplan", replace={sentence: edited})
    code, output = build(capsys, str(signed_example), "-o", str(out))
    assert code == 0
    after = mtimes(out / "voorbeeld")
    changed = {name for name in after if after[name] != before.get(name)}
    # the template is the document's only source: its DOCX and its PDF, nothing else
    assert {"projectplan.docx", "projectplan.pdf", "voorbeeld-aanvraag.zip"} <= changed
    assert changed <= {"projectplan.docx", "projectplan.pdf", "voorbeeld-aanvraag.zip", ".dossier-cache.json"}, changed
    # (the Sociaal Domein's zip holds only the aanmeldformulier, which did not change)
    assert "  ✓ projectplan.docx" in output and "  ✓ projectplan.pdf" in output
    assert "  = aanvraaggegevens.docx" in output and "  = aanvraaggegevens.pdf" in output
    assert normalise(edited) in docx_text(out / "voorbeeld" / "projectplan.docx")
    assert normalise(edited) in pdf_text(out / "voorbeeld" / "projectplan.pdf")


def test_force_rebuilds_everything(capsys: pytest.CaptureFixture[str], example_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(capsys, str(example_copy), "-o", str(out), "--geen-controle", "--alleen", "docx")
    code, output = build(capsys, str(example_copy), "-o", str(out), "--alleen", "docx", "--force")
    assert code == 0
    assert output.count("✓") == 4 and "ongewijzigd" not in output


def test_batch_with_one_broken_dossier_builds_the_rest_and_names_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folders = []
    for name in ("een", "twee", "kapot"):
        folder = tmp_path / "inputs" / name
        shutil.copytree(EXAMPLE, folder)
        folders.append(folder)
    broken = folders[-1] / "dossier.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("aantal_leerlingen: 12", "aantal_leerlingen: veel"),
                      encoding="utf-8")
    out = tmp_path / "out"
    code, output = build(capsys, "--alleen", "docx", "-o", str(out), *map(str, folders))
    assert code == 1
    assert "arrangement.doelgroep.aantal_leerlingen: moet een geheel getal zijn" in output
    assert "fouten in" in output and "kapot" in output.splitlines()[-1]
    for name in ("een", "twee"):
        assert len(list((out / name).glob("*.docx"))) == 4
    assert not (out / "kapot").exists()
    # the summary table: one row per dossier; documents only, so nothing claims "klaar"
    assert re.search(r"^\s+kapot\s+–\s+–\s+ongeldig", output, re.M)
    assert re.search(r"^\s+een\s+4\s+0\s+–\s", output, re.M), output


def test_dossier_given_as_dot_builds_under_its_own_name(
    capsys: pytest.CaptureFixture[str], example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example_copy)
    out = tmp_path / "out"
    code, output = build(capsys, ".", "-o", str(out), "--alleen", "docx")
    assert code == 0, output
    assert sorted(p.name for p in (out / "voorbeeld").glob("*.docx")) == [
        "aanmeldformulier-collectief.docx", "aanvraaggegevens.docx", "projectplan.docx",
        "samenwerkingsovereenkomst.docx",
    ]


def test_an_override_shadows_the_shipped_template_in_the_cache_key(example_copy: Path) -> None:
    from pipeline.templates import TEMPLATES, dependencies

    assert TEMPLATES / "stijl.css" in dependencies("projectplan", "pdf", example_copy)
    (example_copy / "templates").mkdir()
    shutil.copy(TEMPLATES / "stijl.css", example_copy / "templates" / "stijl.css")
    deps = dependencies("projectplan", "pdf", example_copy)
    assert example_copy.resolve() / "templates" / "stijl.css" in deps
    assert TEMPLATES / "stijl.css" not in deps  # editing the shipped one cannot affect this dossier
