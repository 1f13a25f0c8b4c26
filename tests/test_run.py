"""The run, stage by stage, as an applicant meets it: what was sent stays with the dossier, nothing
in build/ outlives the inputs it was made from, and an edit re-renders only what it changes."""

from __future__ import annotations

import errno
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.cli import run as dossier
from pipeline.render.pool import inline_executor
from pipeline.ui import Reporter
from pipeline.watch.deps import ALL_IDS, Layout, Target
from pipeline.watch.watcher import Watcher
from tests.conftest import ROOT

TODAY = "2027-03-25"  # before the round's deadline (31 March 2027)
# The builds here whose zip matters start from ``signed_example``: DUO's zip is made once everyone signed.
# The edits they make are of answers no signed document shows (the projectplan's), so the signatures hold.
ZIP = "voorbeeld-aanvraag.zip"
PROGRESS_FILE = "voortgang.yaml"


def built_on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """Build as on ``day`` (the date a zip's manifest records)."""
    when = datetime.fromisoformat(day).replace(tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(when.timestamp())))


def cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    code = dossier([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def record_sent(folder: Path, day: str) -> None:
    (folder / PROGRESS_FILE).write_text(f"ingediend_bij_duo: {day}\n", encoding="utf-8")


def built_and_sent(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, folder: Path,
                   out: Path) -> bytes:
    """Built (ready) on 13 March 2027 and recorded as sent on the 20th; the zip that was sent."""
    built_on(monkeypatch, "2027-03-13")
    assert cli(capsys, "build", folder, "-o", out, "--vandaag", TODAY)[0] == 0
    record_sent(folder, "2027-03-20")
    return (out / "voorbeeld" / ZIP).read_bytes()


def gebouwd_op(zip_path: Path) -> str:
    import json

    with zipfile.ZipFile(zip_path) as archive:
        return str(json.loads(archive.read("manifest.json"))["gebouwd_op"])[:10]


# ------------------------------------------------------------------ read: what was sent is kept first


@pytest.mark.parametrize("command", ["check", "watch"])
def test_a_comment_edit_after_sending_keeps_the_sent_zip_before_anything_withdraws_it(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    """Case 1: ``dossier check`` (or watch mode) after a comment-only edit deleted the live zip before
    it was kept; the next build then kept another zip as "ingediend"."""
    out = tmp_path / "build"
    sent = built_and_sent(capsys, monkeypatch, signed_example, out)
    yaml = signed_example / "dossier.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "# nagekeken door de directeur\n", encoding="utf-8")
    if command == "check":
        cli(capsys, "check", signed_example, "-o", out, "--vandaag", TODAY)
    else:
        watcher = Watcher(Layout(ROOT / "templates", dossiers=[signed_example]), output_root=out,
                          out=Reporter(quiet=True), executor=inline_executor())
        watcher.rebuild({Target(signed_example, "projectplan", "pdf")})
    kept = signed_example / "ingediend" / "2027-03-20" / ZIP
    assert kept.read_bytes() == sent
    assert cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)[0] == 0
    assert kept.read_bytes() == sent  # a later build never replaces what was kept


def test_a_zip_built_after_the_sent_date_is_never_kept_as_sent(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Case 2: built on 20 Feb and sent; edited and built on 25 Feb; the 21st recorded on the 26th kept
    the 25th's zip, with the edited answers, as what was sent; so did correcting a typo in that date."""
    out = tmp_path / "build"
    live = out / "voorbeeld" / ZIP
    built_on(monkeypatch, "2027-02-20")
    assert cli(capsys, "build", signed_example, "-o", out, "--vandaag", "2027-02-20")[0] == 0
    uploaded = live.read_bytes()
    edit(signed_example / "dossier.yaml", "    - thuiszitten verkorten;", "    - thuiszitten flink verkorten;")
    built_on(monkeypatch, "2027-02-25")
    assert cli(capsys, "build", signed_example, "-o", out, "--vandaag", "2027-02-25")[0] == 0
    assert gebouwd_op(live) == "2027-02-25"

    built_on(monkeypatch, "2027-02-26")
    archive = signed_example / "ingediend"
    for typed in ("2027-02-12", "2027-02-21"):  # a typo first, then the right date
        record_sent(signed_example, typed)
        code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", "2027-02-26")
        assert code == 0, output
        assert not archive.exists()  # no wrong record
    assert gebouwd_op(live) == "2027-02-26"  # its documents say they were made on the 26th: a new zip
    assert ("Let op: ingediend op 21 februari 2027, maar er is geen bundel bewaard: de bundel in "
            f"{out / 'voorbeeld'}/ is gemaakt op 26 februari 2027, ná het indienen, en kan dus andere antwoorden "
            "bevatten dan de bundel die u indiende; zet de zip die u op 21 februari 2027 uploadde in "
            f"{archive / '2027-02-21'}/") in " ".join(output.split())

    checklist = (out / "voorbeeld" / "checklist.html").read_text(encoding="utf-8")
    assert ("maar er is geen bundel bewaard: de bundel in de uitvoermap/ is gemaakt op 26 februari 2027, ná het "
            "indienen, en kan dus andere antwoorden bevatten dan de bundel die u indiende; zet de zip die u op "
            "21 februari 2027 uploadde in voorbeeld/ingediend/2027-02-21/") in checklist
    assert str(tmp_path) not in checklist  # a page that is passed on names no local path
    (archive / "2027-02-21").mkdir(parents=True)  # the applicant follows the advice
    (archive / "2027-02-21" / ZIP).write_bytes(uploaded)
    code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", "2027-02-26")
    assert ("Let op: de antwoorden in dossier.yaml komen niet meer overeen met wat op 21 februari 2027 is "
            f"ingediend ({archive / '2027-02-21' / ZIP})") in output
    assert (archive / "2027-02-21" / ZIP).read_bytes() == uploaded


def test_what_was_sent_lives_with_the_dossier_and_survives_a_clean(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Case 3: the record of what was sent lived in build/, which ``make clean``, ``rm -rf build`` and a
    fresh clone delete (and git ignores). Bundles kept there by earlier versions move once."""
    import shutil

    out = tmp_path / "build"
    sent = built_and_sent(capsys, monkeypatch, signed_example, out)
    code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)
    kept = signed_example / "ingediend" / "2027-03-20" / ZIP
    assert code == 0 and kept.read_bytes() == sent
    assert f"De bundel die op 20 maart 2027 is ingediend, is bewaard in {kept}" in output
    shutil.rmtree(out)  # make clean
    code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)
    assert code == 0 and kept.read_bytes() == sent
    assert f"Ingediend op 20 maart 2027; de ingediende bundel staat in {kept}" in output

    old = out / "voorbeeld" / "ingediend" / "2027-01-05"  # where an earlier version kept a first submission
    old.mkdir(parents=True)
    (old / ZIP).write_bytes(b"PK-eerder")
    code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)
    moved = signed_example / "ingediend" / "2027-01-05" / ZIP
    assert code == 0 and moved.read_bytes() == b"PK-eerder" and not (out / "voorbeeld" / "ingediend").exists()
    assert (f"De ingediende bundel van 2027-01-05 is verplaatst van {old}/ naar {moved.parent}/ (daar blijft hij "
            "bewaard, ook na ‘make clean’)") in output


# ------------------------------------------------------------------ record: nothing outlives its inputs


@pytest.mark.parametrize("only", [["--geen-controle"], ["--alleen", "pdf"], ["--alleen", "docx"]])
def test_documents_only_after_an_edit_leaves_no_zip_and_no_checklist_saying_klaar(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], only: list[str],
) -> None:
    """Case 4: ``build --geen-controle`` (or ``--alleen``) after an edit left the old zips and a checklist
    saying "klaar om in te dienen" beside documents that say something else."""
    out = tmp_path / "build"
    folder = out / "voorbeeld"
    assert cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)[0] == 0
    verdicts = sorted(p.name for p in folder.iterdir() if p.suffix == ".zip" or p.stem == "checklist")
    assert len(verdicts) == 5  # DUO's zip, the region's, the signing pack, the checklist as HTML and PDF
    assert cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY, *only)[0] == 0
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".zip" or p.stem == "checklist") == verdicts

    edit(signed_example / "dossier.yaml", "    - thuiszitten verkorten;", "    - thuiszitten flink verkorten;")
    code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY, *only)
    assert code == 0 and "niet gecontroleerd" in output
    assert not [p.name for p in folder.iterdir() if p.suffix == ".zip" or p.stem == "checklist"]


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_output_folder_that_cannot_be_written_is_a_dutch_message(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    """Case 6: a read-only output folder ended in an OSError traceback when an output had to go (the
    other route's documents in a build, the zip in ``dossier check``). Root ignores permission bits,
    so the file system's refusal is what is simulated."""
    out = tmp_path / "build"
    assert cli(capsys, "build", example_copy, "-o", out, "--vandaag", TODAY)[0] == 0
    if command == "build":
        edit(example_copy / "dossier.yaml", "  soort: collectief", "  soort: individueel")
    else:
        edit(example_copy / "dossier.yaml", "aantal_leerlingen: 12", "aantal_leerlingen: 1")
    original = Path.unlink

    def refuse(path: Path, missing_ok: bool = False) -> None:
        if path.is_relative_to(out):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        original(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    code, output = cli(capsys, command, example_copy, "-o", out, "--vandaag", TODAY)
    assert code == 1 and "Traceback" not in output and "Errno" not in output
    assert ": kan het verouderde bestand niet verwijderen (geen schrijfrechten)" in output


# ------------------------------------------------------------------ render: only what an edit changes


def _stamps(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()
            if p.suffix in (".docx", ".pdf") and p.stem != "checklist"}


@pytest.mark.parametrize("how", ["build", "watch"])
def test_an_answer_only_the_projectplan_shows_re_renders_only_the_projectplan(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str,
) -> None:
    """Case 8: editing one answer rebuilt all four documents, DOCX and PDF, in watch mode and in a
    batch; the untouched ones came out byte-identical, so the work was wasted."""
    out = tmp_path / "build"
    assert cli(capsys, "build", example_copy, "-o", out, "--vandaag", TODAY)[0] == 0
    before = _stamps(out / "voorbeeld")
    edit(example_copy / "dossier.yaml", "    - thuiszitten verkorten;", "    - thuiszitten flink verkorten;")
    pages: list[str] = []
    if how == "build":
        code, output = cli(capsys, "build", example_copy, "-o", out, "--vandaag", TODAY)
        assert code == 0 and "2 documenten gemaakt" in output
    else:
        watcher = Watcher(Layout(ROOT / "templates", dossiers=[example_copy]), output_root=out,
                          out=Reporter(quiet=True), executor=inline_executor())
        watcher._page_ready = lambda dossier, document, html: pages.append(document)  # type: ignore[method-assign]
        watcher.rebuild({Target(example_copy, doc, fmt) for doc in ALL_IDS for fmt in ("docx", "pdf")})
        assert pages == ["projectplan"]  # the preview is handed only the page that changed
    after = _stamps(out / "voorbeeld")
    changed = sorted(name for name in before if after[name] != before[name])
    assert changed == ["projectplan.docx", "projectplan.pdf"]


def test_a_zip_that_cannot_be_kept_stays_where_it_is(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The run withdrew every verdict when keeping failed, deleting DUO's zip: the only copy of what was
    sent. Also when voortgang.yaml names the submission date in a form that is no date."""
    built_on(monkeypatch, "2027-03-13")
    out = tmp_path / "build"
    live = out / "voorbeeld" / ZIP
    assert cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)[0] == 0
    sent = live.read_bytes()
    edit(signed_example / "dossier.yaml", "    - thuiszitten verkorten;", "    - thuiszitten flink verkorten;")

    (signed_example / "ingediend").write_text("geen map")  # the archive cannot be written
    record_sent(signed_example, "2027-03-20")
    code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)
    assert code == 1 and "Traceback" not in output and live.read_bytes() == sent
    assert ("ingediend is een bestand, geen map: daarin bewaart ‘dossier build’ de bundel die op 20 maart 2027 is "
            f"ingediend; hernoem of verwijder het; tot dan blijft de bundel in {out / 'voorbeeld'}/ staan") in output
    assert not (out / "voorbeeld" / "checklist.html").exists()  # the other verdicts go, as after any failure

    (signed_example / "ingediend").unlink()
    record_sent(signed_example, "20-03-2027")  # a date in another form
    for command in ("build", "check"):
        code, output = cli(capsys, command, signed_example, "-o", out, "--vandaag", TODAY)
        assert code == 1 and live.read_bytes() == sent
        assert ("voortgang.yaml:1:20: ingediend_bij_duo: moet een datum zijn in de vorm JJJJ-MM-DD, bijv. 2023-07-31; "
                "tot het een "
                f"datum is, blijft de bundel in {out / 'voorbeeld'}/ staan en wordt er niets gebouwd") in output
    record_sent(signed_example, "2027-03-20")
    assert cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)[0] == 0
    assert (signed_example / "ingediend" / "2027-03-20" / ZIP).read_bytes() == sent


def test_check_withdraws_a_zip_whose_attachment_changed(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """``dossier check`` kept a zip (and said "klaar") whose attachment 4 no longer matched the dossier."""
    out = tmp_path / "build"
    assert cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)[0] == 0
    assert cli(capsys, "check", signed_example, "-o", out, "--vandaag", TODAY)[0] == 0
    assert (out / "voorbeeld" / ZIP).is_file()  # unchanged: the zip holds
    advice = next((signed_example / "bijlagen").glob("*.pdf"))
    other = next(p for p in (signed_example / "bijlagen").glob("*.pdf") if p != advice)
    advice.write_bytes(other.read_bytes())
    cli(capsys, "check", signed_example, "-o", out, "--vandaag", TODAY)
    assert not (out / "voorbeeld" / ZIP).exists()


def test_the_dossier_given_as_its_own_folder_or_file_names_its_archive(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``dossier build .`` inside the dossier folder ended in an IndexError once a bundle was kept."""
    out = tmp_path / "build"
    built_and_sent(capsys, monkeypatch, signed_example, out)
    monkeypatch.chdir(signed_example)
    for given in (".", "dossier.yaml"):
        code, output = cli(capsys, "build", given, "-o", out, "--vandaag", TODAY, "--force")
        assert code == 0 and "Traceback" not in output, output
        checklist = (out / "voorbeeld" / "checklist.html").read_text(encoding="utf-8")
        assert "voorbeeld/ingediend/2027-03-20/voorbeeld-aanvraag.zip" in checklist


def test_a_linked_template_folder_of_the_dossier_re_renders_on_any_answer(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """A dossier's templates/ linked to an organisation's folder was taken for the shipped templates:
    its projectplan, showing an answer the model lists elsewhere only, stayed stale in a "klaar" zip."""
    from tests.conftest import word_override

    org = tmp_path / "organisatie"
    word_override(org, "projectplan", add=["Code: {{ samenwerkingsverband.code }}"])
    (example_copy / "templates").symlink_to(org / "templates", target_is_directory=True)
    out = tmp_path / "build"
    assert cli(capsys, "build", example_copy, "-o", out, "--vandaag", TODAY)[0] == 0
    from tests.textutil import docx_text

    code = "VO 25-06"
    assert f"Code: {code}" in docx_text(out / "voorbeeld" / "projectplan.docx")
    edit(example_copy / "dossier.yaml", f"code: {code}", "code: VO 25-07")
    assert cli(capsys, "build", example_copy, "-o", out, "--vandaag", TODAY)[0] == 0
    assert "Code: VO 25-07" in docx_text(out / "voorbeeld" / "projectplan.docx")


def test_a_new_build_date_makes_every_document_again(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every document says the day it was made: kept from an earlier day, one zip mixed two dates."""
    out = tmp_path / "build"
    built_on(monkeypatch, "2027-03-13")
    assert cli(capsys, "build", example_copy, "-o", out, "--vandaag", TODAY)[0] == 0
    built_on(monkeypatch, "2027-03-14")
    code, output = cli(capsys, "build", example_copy, "-o", out, "--vandaag", TODAY)
    assert code == 0 and "8 documenten gemaakt" in output


def test_an_attachment_replaced_after_sending_is_said(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only dossier.yaml was compared with what was sent: a replaced MR advice went unmentioned."""
    out = tmp_path / "build"
    built_and_sent(capsys, monkeypatch, signed_example, out)
    code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)
    kept = signed_example / "ingediend" / "2027-03-20" / ZIP
    assert code == 0 and f"Ingediend op 20 maart 2027; de ingediende bundel staat in {kept}" in output
    advices = sorted((signed_example / "bijlagen").glob("*.pdf"))
    advices[0].write_bytes(advices[1].read_bytes())
    code, output = cli(capsys, "build", signed_example, "-o", out, "--vandaag", TODAY)
    assert (f"Let op: bijlagen/{advices[0].name} is niet meer de bijlage die op 20 maart 2027 is ingediend "
            f"({kept})") in output
