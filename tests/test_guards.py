"""Guards against bugs that once got through the suite: each test fails on one such bug.

Atomic writes (as root too), the build cache's view of template content, characters the
YAML reader refuses, and the exact line and column of a YAML error.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.reader import Reader

from pipeline import output
from pipeline.cli import run
from pipeline.exceptions import InvalidDossier, OutputError
from pipeline.model.types import normalise_text
from pipeline.read.load import load_yaml
from tests.conftest import ROOT, example_text, put_signed
from tests.textutil import docx_text, pdf_text

WRITERS = {"write_atomic": output.write_atomic, "write_if_changed": output.write_if_changed}


# ------------------------------------------------------------------ atomic writes (work as root)


def _earlier_file(tmp_path: Path) -> Path:
    target = tmp_path / "uit" / "projectplan.pdf"
    target.parent.mkdir()
    target.write_bytes(b"de vorige, complete versie")
    return target


# What stops the rename, and what the writer then raises: a full disk is a Dutch OutputError;
# Ctrl-C (not an OSError) at the worst moment goes on as it is.
STOPS = {
    "schijf vol": (OSError(errno.ENOSPC, "No space left on device"), OutputError,
                   "{target}: kan het bestand niet schrijven (de schijf is vol)"),
    "ctrl-c": (KeyboardInterrupt(), KeyboardInterrupt, ""),
}


@pytest.mark.parametrize("stop", list(STOPS))
@pytest.mark.parametrize("name", list(WRITERS))
def test_a_failed_or_interrupted_rename_keeps_the_earlier_file_and_no_temp_file(
    name: str, stop: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _earlier_file(tmp_path)
    raised, expected, message = STOPS[stop]

    def stopped(src: object, dst: object) -> None:
        raise raised

    monkeypatch.setattr(os, "replace", stopped)
    monkeypatch.setattr(os, "rename", stopped)
    with pytest.raises(expected) as caught:
        WRITERS[name](target, b"de nieuwe versie")
    assert str(caught.value) == message.format(target=target)
    assert target.read_bytes() == b"de vorige, complete versie"
    assert [p.name for p in target.parent.iterdir()] == ["projectplan.pdf"]


# Runs in a child process: a file size limit makes the write itself fail after 64 KiB (as a
# full disk does), whoever the user is: RLIMIT_FSIZE binds root too, unlike file permissions.
_HALFWAY = """
import resource, signal, sys
from pathlib import Path
from pipeline import output
from pipeline.exceptions import InvalidDossier, OutputError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, hard))
try:
    getattr(output, sys.argv[1])(Path(sys.argv[2]), b"n" * 1_000_000)
except OutputError as exc:
    print(exc)
    sys.exit(3)
"""


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_write_that_fails_halfway_keeps_the_earlier_file_and_no_temp_file(name: str, tmp_path: Path) -> None:
    target = _earlier_file(tmp_path)
    child = subprocess.run([sys.executable, "-c", _HALFWAY, name, str(target)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 3, child.stdout + child.stderr
    assert child.stdout.startswith(f"{target}: kan het bestand niet schrijven (")
    assert target.read_bytes() == b"de vorige, complete versie"
    assert [p.name for p in target.parent.iterdir()] == ["projectplan.pdf"]


# ------------------------------------------------------------------ the build cache sees template content


def _documents(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every built document: its mtime and bytes (not the checklist, not DUO's attachment 4: the advices)."""
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir())
            if p.suffix in (".docx", ".pdf") and p.name != "checklist.pdf" and not p.name.startswith("bijlage-")}


def _build(capsys: pytest.CaptureFixture[str], project: Path) -> dict[str, tuple[int, bytes]]:
    code = run(["build", str(project / "inputs" / "voorbeeld"), "-o", str(project / "build")])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    return _documents(project / "build" / "voorbeeld")


def test_a_shipped_template_edited_in_place_rebuilds_exactly_its_document(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same path, new content: the build cache must look at what the template says, not where it is."""
    put_signed(project / "inputs" / "voorbeeld")  # DUO's zip is made, and must carry the new projectplan
    before = _build(capsys, project)
    assert len(before) == 8
    template = project / "templates" / "projectplan" / "projectplan.docx"
    document = open_docx(str(template))
    document.add_paragraph("Deze alinea kwam later in het sjabloon.")
    document.save(str(template))

    after = _build(capsys, project)
    out = project / "build" / "voorbeeld"
    assert sorted(name for name in after if after[name] != before[name]) == ["projectplan.docx", "projectplan.pdf"]
    assert "Deze alinea kwam later in het sjabloon." in docx_text(out / "projectplan.docx")
    assert "Deze alinea kwam later in het sjabloon." in pdf_text(out / "projectplan.pdf")
    with zipfile.ZipFile(out / "voorbeeld-aanvraag.zip") as archive:
        assert archive.read("3-projectplan.pdf") == after["projectplan.pdf"][1]


def test_the_shipped_stylesheet_edited_in_place_rebuilds_every_pdf_and_no_docx(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _build(capsys, project)
    stylesheet = project / "templates" / "stijl.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\np { word-spacing: 0.5pt; }\n",
                          encoding="utf-8")
    after = _build(capsys, project)
    assert sorted(name for name in after if after[name] != before[name]) == sorted(
        name for name in before if name.endswith(".pdf"))


# ------------------------------------------------------------------ characters the YAML reader refuses

# Every character a UTF-8 file can hold: all of Unicode except the surrogates, which strict
# UTF-8 decoding refuses (the loader then names the line: "geen UTF-8-tekst").
FILE_CHARACTERS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_surrogates_cannot_come_out_of_a_file() -> None:
    for encoded in ("\ud800".encode("utf-8", "surrogatepass"), "\udfff".encode("utf-8", "surrogatepass")):
        with pytest.raises(UnicodeDecodeError):
            encoded.decode("utf-8-sig")


def test_normalisation_leaves_no_character_the_yaml_reader_refuses() -> None:
    """Why load_yaml needs no ReaderError branch: after normalise_text, ruamel's reader has
    nothing left to refuse. Weaken the normalisation and this fails (and the loader would
    show ruamel's English message without a line)."""
    refused = sorted({f"U+{ord(c):04X}" for c in Reader.NON_PRINTABLE.findall(normalise_text(FILE_CHARACTERS))})
    assert refused == []


def test_a_file_full_of_characters_the_reader_refuses_loads(tmp_path: Path) -> None:
    refused = "".join(Reader.NON_PRINTABLE.findall(FILE_CHARACTERS))
    c0 = [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
    assert [ord(c) for c in refused] == [*c0, *range(0x7F, 0x85), *range(0x86, 0xA0), 0xFFFE, 0xFFFF]
    path = tmp_path / "dossier.yaml"
    path.write_text(example_text().replace("  naam: Samen op de Rails", f"  naam: Samen{refused} op de Rails", 1)
                    + f"# {refused}\n", encoding="utf-8")
    data = load_yaml(path).data
    assert data["arrangement"]["naam"] == "Samen op de Rails – onderwijs & zorg op de boerderij"


# ------------------------------------------------------------------ the line and column of a YAML error


def _key_positions() -> list[tuple[int, int]]:
    """(line, column), 1-based, of every mapping key of the example, as ruamel records them."""
    found: list[tuple[int, int]] = []

    def walk(node: object) -> None:
        if isinstance(node, CommentedMap):
            for key in node:
                line, column = node.lc.key(key)
                found.append((line + 1, column + 1))
                walk(node[key])
        elif isinstance(node, CommentedSeq):
            for item in node:
                walk(item)

    walk(YAML(typ="rt", pure=True).load(example_text()))
    return found


def test_a_yaml_error_is_reported_at_its_own_line_and_column(tmp_path: Path) -> None:
    """A character that cannot start a key, typed before any key of the example (top level,
    nested, in a list item): the error names that line and column, not a neighbour's."""
    lines = example_text().splitlines(keepends=True)
    positions = _key_positions()
    assert len(positions) > 100
    path = tmp_path / "dossier.yaml"
    wrong = []
    for line, column in positions:
        for char in "@`":
            edited = lines.copy()
            edited[line - 1] = edited[line - 1][: column - 1] + char + edited[line - 1][column - 1:]
            path.write_text("".join(edited), encoding="utf-8")
            with pytest.raises(InvalidDossier) as caught:
                load_yaml(path)
            (problem,) = caught.value.problems
            assert problem.message.startswith("YAML-fout: "), problem.message
            if (problem.line, problem.column) != (line, column):
                wrong.append((char, line, column, problem.line, problem.column))
    assert wrong == []
