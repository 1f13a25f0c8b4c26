"""Nothing foreign in: a link in a template folder never pulls an outside file into a document.

A dossier or template folder from a colleague is untrusted (SECURITY.md). Every way a build
reads a template file — the Word template, the stylesheet, the checklist template and what it
includes — goes through one fence (``pipeline.templates.fenced``); the lint names each such link.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest

from pipeline.cli import run
from pipeline.templates import TEMPLATES
from tests.conftest import EXAMPLE, put_signed
from tests.textutil import pdf_text

SECRET = "GEHEIM-wachtwoord-van-de-buurman"


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    code = run([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _outside(tmp_path: Path, name: str, content: bytes) -> Path:
    target = tmp_path / "elders" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


def _dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _secret_docx(tmp_path: Path) -> bytes:
    """A valid Word template (the shipped projectplan) with the secret in it."""
    from docx import Document

    document = Document(str(TEMPLATES / "projectplan" / "projectplan.docx"))
    document.add_paragraph(SECRET)
    path = tmp_path / "secret.docx"
    document.save(str(path))
    return path.read_bytes()


def _readable(name: str, data: bytes) -> bytes:
    """What a reader of this file sees: a PDF's text and embedded files (its streams are
    compressed, so the raw bytes hide them), a zip's or Word file's parts, recursively."""
    seen = data
    if name.endswith(".pdf") and data.startswith(b"%PDF"):
        reader = pypdf.PdfReader(io.BytesIO(data))
        seen += "\n".join(page.extract_text() or "" for page in reader.pages).encode()
        seen += b"".join(b"".join(parts) for parts in reader.attachments.values())
    elif name.endswith((".zip", ".docx")):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            seen += b"".join(_readable(n, archive.read(n)) for n in archive.namelist())
    return seen


def _every_output_text(out: Path, *, checklist: bool = True) -> bytes:
    """Everything a reader of ``out`` can see (``_readable``). ``checklist=False``: only what goes
    out as documents (the checklist and the hidden run record quote findings to the applicant)."""
    return b"".join(_readable(path.name, path.read_bytes()) for path in out.rglob("*")
                    if path.is_file() and (checklist or not path.name.startswith(("checklist", "."))))


# every kind of template file a build reads → the link in the dossier's templates/
CASES = {
    "een include van de controlelijst": "checklist/geheim.html",
    "het opmaakbestand": "stijl.css",
    "een Word-sjabloon": "projectplan/projectplan.docx",
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_template_link_out_of_the_folder_is_refused_by_the_build_and_named_by_the_lint(
    case: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = _dossier(tmp_path)
    own = folder / "templates"
    link_name = CASES[case]
    if link_name.endswith(".docx"):
        target = _outside(tmp_path, "geheim.docx", _secret_docx(tmp_path))
    else:
        target = _outside(tmp_path, "geheim.txt", f"/* {SECRET} */".encode())
    link = own / link_name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    if link_name.startswith("checklist/"):  # the checklist template, including the link
        shipped = (TEMPLATES / "checklist" / "checklist.html").read_text(encoding="utf-8")
        (own / "checklist" / "checklist.html").write_text(
            shipped.replace("</body>", '{% include "checklist/geheim.html" %}</body>'), encoding="utf-8")

    out = tmp_path / "build"
    code, text = cli(capsys, "build", folder, "-o", out)
    assert code == 1
    assert "buiten de sjabloonmap" in text
    assert "Traceback" not in text
    assert SECRET.encode() not in _every_output_text(out)
    assert not list(out.rglob("*.zip"))

    code, text = cli(capsys, "templates", "check", folder)
    assert code == 1
    assert f"{link_name}: verwijst naar {target}" in text.replace(str(own) + "/", "")


def test_a_link_inside_the_template_folder_still_works(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The fence is about where a link leads, not about links: one inside the folder is read."""
    folder = _dossier(tmp_path)
    own = folder / "templates"
    own.mkdir()
    house_style = (TEMPLATES / "stijl.css").read_text(encoding="utf-8") + '\nh1::after { content: " (huisstijl)"; }\n'
    (own / "huisstijl.css").write_text(house_style, encoding="utf-8")
    (own / "stijl.css").symlink_to(own / "huisstijl.css")
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build")
    assert code == 0, text
    assert "Projectplan (huisstijl)" in pdf_text(tmp_path / "build" / "voorbeeld" / "projectplan.pdf")


# ------------------------------------------------------------------ private data out

PUPIL_COMMENT = "# leerling Sanne de Vries, BSN 123456782, geboren 14-03-2013\n"


def test_a_comment_with_pupil_data_reaches_no_submitted_file_and_is_a_finding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The PDFs embed the answers rewritten from the model, so a comment goes nowhere; and the
    check names the comment's line, for each kind of pupil data in it."""
    folder = _dossier(tmp_path)
    yaml_path = folder / "dossier.yaml"
    lines = yaml_path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("arrangement:")) + 1
    lines.insert(at, "  " + PUPIL_COMMENT)
    yaml_path.write_text("".join(lines), encoding="utf-8")
    line = at + 1

    code, text = cli(capsys, "check", folder, "-o", tmp_path / "build", "--format", "json")
    assert code == 1
    findings = {(f["melding"], f["regel"], f["kolom"]) for f in json.loads(text)["dossiers"][0]["bevindingen"]}
    for what, found in (("burgerservicenummer (BSN, klopt met de elfproef)", "123456782"),
                        ("mogelijke naam van een leerling", "Sanne de Vries"),
                        ("mogelijke geboortedatum", "14-03-2013")):
        column = 3 + PUPIL_COMMENT.index(found)
        assert (f"{what} in een commentaarregel: ‘{found}’", line, column) in findings

    yaml_path.write_text("".join(lines).replace("BSN 123456782", "").replace(", geboren 14-03-2013", "")
                         .replace("leerling Sanne de Vries", "een opmerking"), encoding="utf-8")
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build")
    assert code == 0, text
    # with the pupil data back in the comment, into a fresh folder: every document is made (the
    # check fails on the comment), and nothing of it is in any of them or in what they embed
    yaml_path.write_text("".join(lines), encoding="utf-8")
    fresh = tmp_path / "build2"
    code, text = cli(capsys, "build", folder, "-o", fresh)
    assert code == 0 and "niet klaar" in text  # documents made; not ready to submit
    made = {p.name for p in (fresh / "voorbeeld").glob("*.pdf")}
    assert {"aanvraaggegevens.pdf", "samenwerkingsovereenkomst.pdf", "projectplan.pdf"} <= made
    seen = _every_output_text(fresh, checklist=False)
    assert b"Samen op de Rails" in seen and b"aanvraagronde:" in seen  # the text and the embedded answers
    for secret in (b"123456782", b"Sanne de Vries", b"14-03-2013"):
        assert secret not in seen


def test_a_hash_sign_inside_an_answer_is_text_not_a_comment() -> None:
    from pipeline.check.privacy import comments

    text = 'a: "leerling Sanne de Vries # geen commentaar"\nb: |\n  # ook geen\n  tekst\nc: 1 # wel\n'
    assert [(line, column, comment) for line, column, comment in comments(text)] == [(5, 6, "# wel")]


# ------------------------------------------------------------------ robustness


def test_the_text_limit_holds_for_the_answers_as_expanded(capsys: pytest.CaptureFixture[str], dossier_with) -> None:
    """Sixty aliases of one 20 000-character text make 1.2 million characters from a 20 kB file:
    refused before any model or layout work (text typed out is bounded by the file's 5 MB and
    gets the per-field messages, tests/hostile)."""
    text = "woord " * 3_334  # 20 004 characters: each alias stays within a field's own limit
    yaml = f"anker: &t {text}\nlijst:\n" + "".join("  - *t\n" for _ in range(60))
    assert len(yaml) < 25_000
    folder = dossier_with(yaml)
    code, out = cli(capsys, "validate", folder)
    assert code == 1
    assert "de antwoorden zijn samen meer dan 1.000.000 tekens (met &anker/*alias uitgevouwen" in out
    assert "dossier.yaml" in out and "Traceback" not in out


def test_an_attachment_swapped_for_a_link_during_the_build_never_reaches_the_zip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked, then replaced by a link to a file elsewhere before the zip is made: the zip reads
    attachments fenced and checks the bytes it zips, so there is no zip and no "klaar" left."""
    import pipeline.bundle.zips

    folder = _dossier(tmp_path)
    put_signed(folder)  # signed by everyone: the build makes DUO's zip, with the attachments
    outside = _outside(tmp_path, "geheim.pdf", b"%PDF-1.4 " + SECRET.encode())
    attachment = folder / "bijlagen" / "mr-advies-de-brug.pdf"
    original = pipeline.bundle.zips.entries

    def swap_after_the_check(*args: object, **kwargs: object) -> object:
        attachment.unlink()
        attachment.symlink_to(outside)
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline.bundle.zips, "entries", swap_after_the_check)
    out = tmp_path / "build"
    code, text = cli(capsys, "build", folder, "-o", out)
    assert code == 1
    assert "bijlagen/mr-advies-de-brug.pdf: wijst via een snelkoppeling (symlink) naar een bestand buiten de " \
           "dossiermap; er is geen bundel gemaakt" in text
    assert "Traceback" not in text
    assert not list(out.rglob("*.zip")) and not list(out.rglob("checklist.*"))
    assert SECRET.encode() not in _every_output_text(out)


def test_attachments_are_read_one_folder_at_a_time_without_following_links(tmp_path: Path) -> None:
    """The fenced read itself: a link that appears after resolving (a folder on the way or the
    file) makes the open fail instead of leading outside; special files are refused unopened."""
    import os

    from pipeline.check.attachments import Refused, read_attachment

    folder = _dossier(tmp_path)
    assert read_attachment(folder, "bijlagen/mr-advies-de-brug.pdf").startswith(b"%PDF")
    os.mkfifo(folder / "bijlagen" / "pijp.pdf")
    with pytest.raises(Refused, match="is geen bestand"):
        read_attachment(folder, "bijlagen/pijp.pdf")
    elsewhere = _outside(tmp_path, "x.pdf", b"%PDF-1.4")
    (folder / "bijlagen" / "link.pdf").symlink_to(elsewhere)
    with pytest.raises(Refused, match="buiten de dossiermap"):
        read_attachment(folder, "bijlagen/link.pdf")


def _with_doctype(docx: Path, dtd: str, reference: str, encoding: str = "utf-8") -> None:
    """Rewrite a Word file with a DTD in its main part and ``reference`` in its first text,
    the part written in ``encoding`` (XML allows UTF-16 too)."""
    with zipfile.ZipFile(docx) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode()
    end = xml.index("?>") + 2
    xml = xml[:end].replace("UTF-8", encoding.upper()) + dtd + xml[end:]
    first = xml.index("<w:t>") + len("<w:t>")
    parts["word/document.xml"] = (xml[:first] + reference + xml[first:]).encode(encoding)
    with zipfile.ZipFile(docx, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


LAUGHS = "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefg", "bcdefgh", strict=True))
DOCTYPES = {
    "entiteitenbom": (f'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">{LAUGHS}]>', "&h;"),
    "extern bestand": ('<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>', "&x;"),
    "extern bestand, UTF-16": ('<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>', "&x;",
                               "utf-16"),
}


@pytest.mark.parametrize("kind", list(DOCTYPES))
def test_a_word_template_with_xml_entities_is_one_dutch_message_in_lint_and_build(
    kind: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.conftest import word_override

    folder = _dossier(tmp_path)
    docx = word_override(folder, "projectplan")
    _with_doctype(docx, *DOCTYPES[kind])
    expected = "bevat in word/document.xml een DOCTYPE met eigen XML-entiteiten"
    code, text = cli(capsys, "templates", "check", folder)
    assert code == 1 and expected in text and "Traceback" not in text and "Error" not in text
    assert "gebruikt" not in text  # the refused file is not read: no findings about what it would use
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build")
    assert code == 1 and expected in text and "Traceback" not in text
    assert not list((tmp_path / "build").rglob("*.zip"))


RUNAWAY = {
    "een enorme tekst": ("{{ 'x' * 10**10 }}", "deze vermenigvuldiging maakt 10.000.000.000 tekens"),
    "een enorm getal": ("{{ 7 ** 100000000 }}", "7 ** 100000000 wordt een te groot getal"),
    "geneste lussen": ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                       "de lussen in dit sjabloon herhalen samen meer dan 100.000 keer"),
    "te veel uitvoer": ("{% for i in range(90000) %}{{ 'woord ' * 100 }}{% endfor %}",
                        "het sjabloon schrijft meer dan 5.000.000 tekens"),
    # the same class without * or **: a width or count asked of a filter, a method or a format string
    "een filter": ("{{ 'x'|center(10**10) }}", "het sjabloon vraagt een breedte of aantal van 10.000.000.000"),
    "een methode": ("{{ 'x'.zfill(10**10) }}", "het sjabloon vraagt een breedte of aantal van 10.000.000.000"),
    "format": ("{{ '{:>10000000000}'.format(1) }}", "het sjabloon vraagt een breedte of aantal van 10.000.000.000"),
    "%": ("{{ '%9999999999d' % 1 }}", "het sjabloon vraagt een breedte of aantal van 9.999.999.999"),
    "format-filter": ("{{ '%9999999999s'|format('x') }}",
                      "het sjabloon vraagt een breedte of aantal van 9.999.999.999"),
}


@pytest.mark.parametrize("case", list(RUNAWAY))
@pytest.mark.parametrize("where", ["Word-sjabloon", "controlelijst"])
def test_a_runaway_template_is_stopped_with_a_dutch_message(
    case: str, where: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each budget of ``render.bounded`` in both kinds of template: a message naming the limit,
    in seconds, instead of an empty error, a full memory or a build that never ends."""
    from tests.conftest import word_override

    tag, expected = RUNAWAY[case]
    folder = _dossier(tmp_path)
    if where == "Word-sjabloon":
        word_override(folder, "projectplan", add=[tag])
    else:
        own = folder / "templates" / "checklist"
        own.mkdir(parents=True)
        shipped = (TEMPLATES / "checklist" / "checklist.html").read_text(encoding="utf-8")
        (own / "checklist.html").write_text(shipped.replace("</body>", tag + "</body>"), encoding="utf-8")
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build")
    assert code == 1, text
    assert expected in text and "Traceback" not in text
    assert not list((tmp_path / "build").rglob("*.zip"))


def test_a_huge_file_in_the_dossier_folder_is_hashed_streamed_not_read_whole(tmp_path: Path) -> None:
    """A 1.2 GB file (a video someone left there) is hashed in pieces: with the process capped at
    1 GB of memory the freshness key is still computed, where reading it whole fails."""
    import subprocess
    import sys

    folder = _dossier(tmp_path)
    with (folder / "opname.mp4").open("wb") as handle:
        handle.truncate(1200 * 1024**2)  # sparse: no disk space used
    program = (
        "import resource, sys, datetime\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))\n"
        "from pathlib import Path\n"
        "from pipeline.read.freshness import dossier_key\n"
        "print(dossier_key(Path(sys.argv[1]), today=datetime.date(2026, 12, 1)))\n"
        "try:\n"
        "    (Path(sys.argv[1]) / 'opname.mp4').read_bytes()\n"
        "except MemoryError:\n"
        "    print('read whole: MemoryError')\n"
    )
    done = subprocess.run([sys.executable, "-c", program, str(folder)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert done.returncode == 0, done.stderr
    key, whole = done.stdout.splitlines()
    assert len(key) == 64 and whole == "read whole: MemoryError"


def test_a_huge_attachment_is_refused_without_being_read(tmp_path: Path) -> None:
    """A 1 GB 'scan' (sparse here) is a finding naming its size, not a full memory."""
    from pipeline.check.attachments import MAX_ATTACHMENT, attachment_problem

    folder = _dossier(tmp_path)
    with (folder / "bijlagen" / "groot.pdf").open("wb") as file:
        file.write(b"%PDF-1.4\n")
        file.truncate(1_000_000_000)
    problem = attachment_problem(folder, "bijlagen/groot.pdf")
    assert problem == (f"is 1000 MB; een scan van een advies is veel kleiner (hoogstens {MAX_ATTACHMENT // 1_000_000} "
                       "MB): scan opnieuw met een lagere resolutie")


def test_a_password_protected_pdf_says_so_and_one_with_only_an_owner_password_is_fine(tmp_path: Path) -> None:
    from pipeline.check.attachments import attachment_problem

    folder = _dossier(tmp_path)
    source = folder / "bijlagen" / "mr-advies-de-brug.pdf"
    for name, user, owner in (("dicht.pdf", "geheim", "eigenaar"), ("open.pdf", "", "eigenaar")):
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
        writer.encrypt(user_password=user, owner_password=owner)
        with (folder / "bijlagen" / name).open("wb") as file:
            writer.write(file)
    assert attachment_problem(folder, "bijlagen/dicht.pdf") == (
        "is beveiligd met een wachtwoord: sla de PDF op zonder beveiliging")
    assert attachment_problem(folder, "bijlagen/open.pdf") is None
