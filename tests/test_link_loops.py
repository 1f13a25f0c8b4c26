"""A link that leads in a circle (to itself), in every place a user or consultant puts a file: a Dutch message
naming the file, never a traceback.

Python's ``Path.resolve()`` raises on such a link (``RuntimeError: Symlink loop`` in 3.11), and every fence
resolves links first; a circle in the dossier's own stylesheet, a Word template or ondertekend/ ended
``dossier build``, ``check`` and ``templates check`` in a traceback (``paths.resolved`` now says what it is).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import run

PLACES = {  # where the link is put → the commands that read it
    "templates/stijl.css": ("build", "templates"),
    "templates/projectplan/projectplan.docx": ("build", "templates"),
    "templates/checklist/checklist.html": ("build", "templates"),
    "bijlagen/mr-advies-de-brug.pdf": ("check",),
    "ondertekend/x.pdf": ("check",),
    "voortgang.yaml": ("check",),
    "dossier.yaml": ("check",),
}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_link_in_a_circle_is_said_not_a_traceback(
    place: str, example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = example_copy / place
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(link.name)
    for command in PLACES[place]:
        args = {"build": ["build", str(example_copy), "-o", str(tmp_path / "build")],
                "check": ["check", str(example_copy), "-o", str(tmp_path / "build")],
                "templates": ["templates", "check", str(example_copy)]}[command]
        code = run(args)
        said = capsys.readouterr()
        text = said.out + said.err
        assert "Traceback" not in text and "Error" not in text, text
        assert link.name in text, (command, text)  # the file is named (check exits with its verdict)
        if command == "build":
            assert code == 1, text  # a document could not be made from its template


@pytest.mark.parametrize("command", [["build"], ["check"], ["status"], ["tekenen"], ["templates", "check"]])
def test_a_dossier_folder_that_is_a_link_in_a_circle_is_said_not_a_traceback(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inputs" / "lus"
    folder.parent.mkdir(parents=True)
    folder.symlink_to(folder.name)
    output = [] if command[0] == "templates" else ["-o", str(tmp_path / "build")]
    code = run([*command, str(folder), *output])
    said = capsys.readouterr()
    text = said.out + said.err
    assert "Traceback" not in text and "Error" not in text, text
    assert code == 1 and "lus" in text, text
