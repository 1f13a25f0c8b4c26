"""Private data is checked at every exit: the dossier's folder name and ``voortgang.yaml``, not only the answers.

Class: a BSN, a birth date and a pupil's name — each kind the answers' privacy rules find — in the folder
name or in any text field (or comment) of ``voortgang.yaml`` is an error, and the value reaches none of the
exits: no zip is made, the calendar carries only dates, steps and who acts, the documents do not name the
folder, and the checklist and ``dossier status`` neither repeat the value nor show the note that holds it.
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from pipeline.cli import run
from pipeline.route.progress import PROGRESS_FILE
from tests.conftest import EXAMPLE
from tests.test_check import findings

TODAY = date(2027, 11, 1)
KINDS = {  # what the detectors find, as someone would type it
    "BSN": "111222333",
    "geboortedatum": "geb. 12-03-2014",
    "naam": "leerling Piet Jansen",
}
RAW = {"BSN": "111222333", "geboortedatum": "12-03-2014", "naam": "Piet Jansen"}


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "inputs" / name
    shutil.copytree(EXAMPLE, folder)
    return folder


def _privacy(folder: Path) -> list[tuple[str, str, str]]:
    return [(f.id, f.severity, f.message) for f in findings(folder, TODAY) if f.id.startswith("PRIV-")]


@pytest.mark.parametrize(("name", "kind"), [
    ("piet-jansen-111222333", "BSN"), ("jansen-geboren-2014-03-12", "geboortedatum"),
    ("jansen-geb-12-03-2014", "geboortedatum"), ("leerling-piet-jansen", "naam"), ("leerling_Piet_Jansen", "naam"),
])
def test_pupil_data_in_the_folder_name_is_an_error_that_does_not_repeat_it(tmp_path: Path, name: str,
                                                                           kind: str) -> None:
    found = _privacy(_copy(tmp_path, name))
    assert [(i, s) for i, s, _ in found] == [("PRIV-DOSSIERNAAM", "fout")], found
    assert RAW[kind] not in found[0][2] and "naam van de dossiermap bevat" in found[0][2]


@pytest.mark.parametrize("name", ["voorbeeld", "samen-op-de-rails-2027", "swv-vo-25-06", "ronde-2-2023-07-31",
                                  "leerlingen-achterhoek"])
def test_an_ordinary_folder_name_is_no_finding(tmp_path: Path, name: str) -> None:
    assert _privacy(_copy(tmp_path, name)) == []


FIELDS = {  # where in voortgang.yaml, as an applicant writes it; {} is the pupil data
    "evaluaties.deelnemers": "evaluaties:\n  - datum: 2027-10-01\n    deelnemers:\n      - school\n      - {}\n",
    "evaluaties.opmerking": ("evaluaties:\n  - datum: 2027-10-01\n    deelnemers: [school, ouders]\n"
                             "    opmerking: Afgesproken met {}\n"),
    "getekend.partij": "getekend:\n  - partij: Gemeente Doetinchem {}\n    datum: 2027-03-10\n",
    "commentaar": "# evaluatie besproken met {}\ngestart: 2027-08-01\n",
}


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize("kind", list(KINDS))
def test_pupil_data_in_any_text_of_voortgang_is_a_located_error(tmp_path: Path, field: str, kind: str) -> None:
    folder = _copy(tmp_path, "x")
    text = "gestart: 2027-08-01\n" + FIELDS[field].format(KINDS[kind]) if field != "commentaar" else (
        FIELDS[field].format(KINDS[kind]))
    (folder / PROGRESS_FILE).write_text(text, encoding="utf-8")
    found = [f for f in findings(folder, TODAY) if f.id == "PRIV-VOORTGANG"]
    assert len(found) == 1, (field, kind, [f.message for f in findings(folder, TODAY)])
    finding = found[0]
    assert finding.severity == "fout" and finding.file == folder / PROGRESS_FILE
    line = next(i for i, row in enumerate(text.splitlines(), 1) if KINDS[kind] in row)
    assert finding.line == line
    assert RAW[kind] not in finding.message


def test_none_of_it_reaches_an_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One dossier with pupil data in its folder name and in every text field of voortgang.yaml, built and
    looked at as a user would. What leaves the machine (zips, the calendar, the documents) carries neither;
    what the applicant reads on their own screen (checklist, status) names their folder where it says
    where to put a file, but never repeats a note of voortgang.yaml."""
    folder = _copy(tmp_path, "leerling-piet-jansen-111222333")
    (folder / PROGRESS_FILE).write_text(
        "# besproken met leerling Kees de Vries, geb. 01-02-2014\n"
        "gestart: 2027-08-01\n"
        "evaluaties:\n  - datum: 2027-10-01\n    deelnemers: [school, 'ouders van leerling Kees de Vries']\n"
        "    opmerking: 'BSN 123456782, geb. 01-02-2014 genoteerd'\n", encoding="utf-8")
    out = tmp_path / "build"
    assert run(["build", str(folder), "-o", str(out), "--vandaag", TODAY.isoformat()]) == 0
    built = capsys.readouterr()
    assert run(["status", str(folder), "-o", str(out), "--vandaag", TODAY.isoformat(), "--stappen"]) in (0, 1)
    status = capsys.readouterr()
    made = out / folder.name
    assert not list(made.rglob("*.zip"))  # not ready: no bundle carries the folder's name or the notes
    calendar = (made / "termijnen.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    checklist = (made / "checklist.html").read_text(encoding="utf-8")
    documents = {p.name: p.read_bytes() for p in made.glob("*.docx")}
    assert documents
    for private in ("123456782", "Kees de Vries", "01-02-2014"):  # the notes: on no page at all
        for where, text in (("agenda", calendar), ("checklist", checklist), ("status", status.out + status.err),
                            ("build", built.out + built.err)):
            assert private not in text, (private, where)
    for private in ("123456782", "Kees de Vries", "01-02-2014", "111222333"):  # nothing in what is sent
        assert private not in calendar, private
        for name, data in documents.items():
            with zipfile.ZipFile(__import__("io").BytesIO(data)) as docx:
                assert all(private.encode() not in docx.read(part) for part in docx.namelist()), (private, name)
    assert "piet" not in calendar.lower() and all(b"piet-jansen" not in d for d in documents.values())
    assert "PRIV-VOORTGANG" in checklist and "PRIV-DOSSIERNAAM" in checklist
    assert "notitie niet getoond" in status.out + status.err
