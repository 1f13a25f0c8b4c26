"""Every message names the thing and what it is, never a neighbouring effect or a Python object.

Class: a file that is not what its place expects (a FIFO or folder where a template include belongs, a
file where the archive folder belongs), a file too large in its own way (too many values, as opposed to
too many &anker/*alias references), said as that.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.cli import run
from pipeline.route.progress import PROGRESS_FILE
from pipeline.templates import TEMPLATES
from tests.conftest import EXAMPLE
from tests.test_fences import cli


def _dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.mark.parametrize(("make", "said"), [
    (os.mkfifo, "is een FIFO (named pipe), geen gewoon bestand"),
    (os.mkdir, "is een map, geen gewoon bestand"),
])
def test_an_include_that_is_no_file_is_said_as_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, said: str
) -> None:
    folder = _dossier(tmp_path)
    own = folder / "templates" / "checklist"
    own.mkdir(parents=True)
    shipped = (TEMPLATES / "checklist" / "checklist.html").read_text(encoding="utf-8")
    (own / "checklist.html").write_text(shipped.replace("</body>", "{% include 'extra.html' %}</body>"),
                                        encoding="utf-8")
    make(folder / "templates" / "extra.html")  # includes are found from the template folder itself
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build")
    assert code == 1 and said in text and "extra.html" in text, text
    assert "niet gevonden" not in text and "Traceback" not in text


def test_a_file_where_the_archive_folder_belongs_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _dossier(tmp_path)
    (folder / "ingediend").write_text("notitie", encoding="utf-8")
    (folder / PROGRESS_FILE).write_text("ingediend_bij_duo: 2027-03-20\n", encoding="utf-8")
    run(["status", str(folder), "-o", str(tmp_path / "build"), "--vandaag", "2027-03-25"])
    said = capsys.readouterr()
    text = said.out + said.err
    assert "ingediend is een bestand, geen map" in text, text
    assert "geen bundel (nog niet gebouwd" not in text


def test_many_values_are_not_called_references_and_are_refused_before_the_rest_is_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A list pasted many times is refused where it passes 50.000 values: the broken line after it is never
    reached (read whole, a 5 MB file took ≈40 s before it was refused)."""
    folder = _dossier(tmp_path)
    evaluations = "".join("  - 2027-10-01\n" for _ in range(50_010))
    (folder / PROGRESS_FILE).write_text("evaluaties:\n" + evaluations + "kapot: [\n", encoding="utf-8")
    code, text = cli(capsys, "validate", folder)
    assert code == 1 and "heeft meer dan 50.000 waarden" in text and "&anker" not in text, text
    assert "YAML-fout" not in text


def test_many_values_beside_one_reference_are_still_called_values(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The file itself holds more than 50.000 values: one &anker/*alias elsewhere in it is not the cause."""
    folder = _dossier(tmp_path)
    evaluations = "".join("  - 2027-10-01\n" for _ in range(50_010))
    (folder / PROGRESS_FILE).write_text("a: &a x\nb: *a\nevaluaties:\n" + evaluations, encoding="utf-8")
    code, text = cli(capsys, "validate", folder)
    assert code == 1 and "heeft meer dan 50.000 waarden" in text and "&anker" not in text, text


@pytest.mark.parametrize("nested", ["[" * 1000 + "]" * 1000, "{a: " * 1000 + "b" + "}" * 1000],
                         ids=["lijsten", "groepen"])
def test_deep_nesting_is_called_nesting(tmp_path: Path, capsys: pytest.CaptureFixture[str], nested: str) -> None:
    """Lists or groups nested thousands deep: said as nesting, in the words a reader understands."""
    folder = _dossier(tmp_path)
    (folder / PROGRESS_FILE).write_text(f"evaluaties: {nested}\n", encoding="utf-8")
    code, text = cli(capsys, "validate", folder)
    assert code == 1 and "te diep genest (lijsten en groepen in elkaar)" in text, text
    assert "Traceback" not in text


def test_many_references_are_called_references(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same limit reached by &anker/*alias (a 'billion laughs' file): said as the references it is."""
    folder = _dossier(tmp_path)
    levels = ["a: &a [" + ", ".join(["x"] * 10) + "]"]
    levels += [f"{new}: &{new} [" + ", ".join([f"*{old}"] * 10) + "]" for old, new in zip("abcd", "bcde", strict=True)]
    (folder / PROGRESS_FILE).write_text("\n".join(levels) + "\n", encoding="utf-8")
    code, text = cli(capsys, "validate", folder)
    assert code == 1 and "te veel (geneste) verwijzingen met &anker/*alias" in text, text
    assert "50.000 waarden" not in text


@pytest.mark.parametrize("command", ["build", "validate", "check", "status"])
@pytest.mark.parametrize("name", ["dossier.yaml", PROGRESS_FILE])
def test_a_fifo_in_place_of_a_yaml_file_is_said_and_no_command_waits_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, command: str
) -> None:
    """Class: every YAML file a command reads (the answers, the progress) replaced by a FIFO. Reading one
    blocks until someone writes to it: the command must say what the file is, not wait for ever (a FIFO
    voortgang.yaml once hung every build, in the fallback that looks for the sent date)."""
    import threading

    folder = _dossier(tmp_path)
    target = folder / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    args = [command, str(folder)] + (["-o", str(tmp_path / "build")] if command in {"build", "status", "check"} else [])
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(run(args)), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # let the reader go (it gets end-of-file) before failing
        os.close(os.open(target, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(10)
        pytest.fail(f"dossier {command} waited for the FIFO {name}")
    said = capsys.readouterr()
    text = said.out + said.err
    assert result == [1], text
    assert f"{name}: is " in text and "geen gewoon bestand" in text and "Traceback" not in text, text
