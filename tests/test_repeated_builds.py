"""Two and three builds after the submission: what was kept as sent is never overwritten, and is
compared again each time.

The applicant records ``ingediend_bij_duo`` and keeps building: a comment, a fix after DUO's question,
the same answers again. Each build runs ``archive.keep`` first; a keep that writes again when a bundle
is already kept (on the second build, with a zip built since) replaces the record of what DUO received
with something it never saw, and one build after the edit does not show it. So the archive is driven
here through whole sequences of builds, on bundles made in the test (a zip with a manifest, built on a
chosen day), and once through the command line on the signed example.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline.bundle import archive
from pipeline.bundle.archive import Manifest, Sent, keep, kept_bundles, state
from pipeline.exceptions import KeepError
from pipeline.paths import BUNDLE_SUFFIX, Places

SENT = date(2027, 3, 20)
DAY = timedelta(days=1)
ANSWERS = b"naam: voorbeeld\n"


def places_of(tmp_path: Path) -> Places:
    folder = tmp_path / "inputs" / "voorbeeld"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dossier.yaml").write_bytes(ANSWERS)
    return Places.of(folder, tmp_path / "build")


def bundle(places: Places, built_on: date, *, answers: bytes = ANSWERS, note: str = "",
           attachments: dict[str, str] | None = None, signed: dict[str, str] | None = None) -> bytes:
    """Put DUO's zip in build/<naam>/ as a build on ``built_on`` makes it; returns its bytes."""
    places.out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {"antwoorden_sha256": hashlib.sha256(answers).hexdigest(),
                                   "gebouwd_op": f"{built_on.isoformat()}T00:00:00+00:00"}
    if attachments is not None:
        manifest["bijlagen"] = attachments
    if signed is not None:
        manifest["ondertekend"] = signed
    target = places.out / f"{places.naam}{BUNDLE_SUFFIX}"
    with zipfile.ZipFile(target, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.writestr("aanvraag.txt", f"gebouwd op {built_on} {note}")
    return target.read_bytes()


def kept(places: Places) -> Path:
    return places.sent(SENT) / f"{places.naam}{BUNDLE_SUFFIX}"


# ------------------------------------------------------------------ which bundle is kept, and when


@pytest.mark.parametrize(("built", "is_kept"), [(SENT, True), (SENT - DAY, True), (SENT + DAY, False)])
def test_a_bundle_is_kept_when_built_on_or_before_the_sent_date(tmp_path: Path, built: date, is_kept: bool) -> None:
    places = places_of(tmp_path)
    sent = bundle(places, built)
    notes = keep(places, SENT)
    assert kept(places).exists() == is_kept
    if is_kept:
        assert kept(places).read_bytes() == sent
        assert notes == [f"de bundel die op 20 maart 2027 is ingediend, is bewaard in {kept(places)}"]
    else:
        assert notes == []
        found = state(places, SENT, ANSWERS)
        assert found is not None and found.bundle is None
        assert "is gemaakt op 21 maart 2027, ná het indienen" in found.message


@pytest.mark.parametrize("builds", [2, 3])
def test_later_builds_never_overwrite_what_was_kept(tmp_path: Path, builds: int) -> None:
    """Each later build makes another zip (an edit, a new build date on or before the sent date, even
    a zip that says it was built the same day); the kept one stays byte for byte, and is compared."""
    places = places_of(tmp_path)
    sent = bundle(places, SENT - 3 * DAY)
    assert keep(places, SENT)
    for n in range(2, builds + 1):
        bundle(places, SENT - DAY, answers=ANSWERS + f"# wijziging {n}\n".encode(), note=str(n))
        assert keep(places, SENT) == []  # nothing kept again, nothing said
        assert kept(places).read_bytes() == sent
        assert kept_bundles(places) == [kept(places)]
        now = state(places, SENT, ANSWERS + f"# wijziging {n}\n".encode())
        assert now is not None and now.bundle == kept(places) and now.same_answers is False
        assert now.message.startswith("let op: de antwoorden in dossier.yaml komen niet meer overeen")
    back = state(places, SENT, ANSWERS)  # the answers as sent again: the kept bundle agrees
    assert back is not None and back.same_answers is True
    assert back.message == f"ingediend op 20 maart 2027; de ingediende bundel staat in {kept(places)}"


def test_a_kept_bundle_deleted_is_kept_again_from_a_bundle_of_before_the_sent_date(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    sent = bundle(places, SENT)
    keep(places, SENT)
    kept(places).unlink()
    assert keep(places, SENT) != []
    assert kept(places).read_bytes() == sent


def test_nothing_is_kept_without_a_sent_date_or_without_a_bundle(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    assert keep(places, SENT) == [] and not places.archive.exists()  # no bundle built yet
    bundle(places, SENT)
    assert keep(places, None) == [] and not places.archive.exists()
    assert state(places, None, ANSWERS) is None


def test_a_bundle_that_does_not_say_when_it_was_built_is_not_kept(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    places.out.mkdir(parents=True)
    target = places.out / f"{places.naam}{BUNDLE_SUFFIX}"
    with zipfile.ZipFile(target, "w") as z:
        z.writestr("manifest.json", json.dumps({"antwoorden_sha256": "x"}))
    assert keep(places, SENT) == [] and not places.archive.exists()
    found = state(places, SENT, ANSWERS)
    assert found is not None and found.bundle is None and "zegt niet wanneer hij is gemaakt" in found.message
    target.write_bytes(b"geen zip")
    assert keep(places, SENT) == [] and not places.archive.exists()


def test_a_file_where_the_archive_belongs_stops_keeping_and_says_so(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    bundle(places, SENT)
    places.archive.write_text("geen map", encoding="utf-8")
    with pytest.raises(KeepError, match="is een bestand, geen map"):
        keep(places, SENT)
    found = state(places, SENT, ANSWERS)
    assert found is not None and found.bundle is None
    assert "is een bestand, geen map" in found.message


def test_state_before_keep_says_the_next_build_keeps_it(tmp_path: Path) -> None:
    """``dossier status`` reads and never writes: a bundle of before the sent date is kept next build."""
    places = places_of(tmp_path)
    for built in (SENT, SENT - DAY):
        bundle(places, built)
        found = state(places, SENT, ANSWERS)
        assert found is not None and found.bundle is None
        assert found.message == ("ingediend op 20 maart 2027; de bundel in "
                                 f"{archive.display_path(places.out)}/ wordt bij de volgende ‘dossier build’ bewaard")
    assert not places.archive.exists()


def test_no_bundle_built_is_said_with_where_to_put_the_one_uploaded(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    found = state(places, SENT, ANSWERS)
    assert found is not None and found.bundle is None
    assert "stond geen bundel (nog niet gebouwd of niet klaar)" in found.message
    assert "zet de zip die u op 20 maart 2027 uploadde in" in found.message
    assert "voorbeeld/ingediend/2027-03-20/" in found.text(local=False)
    assert str(tmp_path) not in found.text(local=False)


# ------------------------------------------------------------------ what is compared each time


def test_changed_attachments_are_named_each_build(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    bundle(places, SENT, attachments={"a.pdf": "1", "b.pdf": "2"})
    keep(places, SENT)
    for _ in range(3):  # the same comparison on every build, not once
        same = state(places, SENT, ANSWERS, {"a.pdf": "1", "b.pdf": "2"})
        assert same is not None and same.changed_attachments == () and same.same_answers is True
        one = state(places, SENT, ANSWERS, {"a.pdf": "1", "b.pdf": "3"})
        assert one is not None and one.changed_attachments == ("b.pdf",)
        assert one.message.startswith("let op: b.pdf is niet meer de bijlage die op 20 maart 2027 is ingediend")
        two = state(places, SENT, ANSWERS, {"a.pdf": "9", "c.pdf": "3"})
        assert two is not None and two.changed_attachments == ("a.pdf", "b.pdf", "c.pdf")
        assert two.message.startswith("let op: a.pdf, b.pdf en c.pdf zijn niet meer de bijlagen die op 20 maart")
    unknown = state(places, SENT, None, {"a.pdf": "1", "b.pdf": "2"})  # the dossier does not validate now
    assert unknown is not None and unknown.same_answers is None


def test_signed_copies_are_compared_with_what_the_dossier_holds_now(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    signed = places.folder / "ondertekend"
    signed.mkdir()
    (signed / "formulier.pdf").write_bytes(b"%PDF-1.7 getekend")
    digest = hashlib.sha256(b"%PDF-1.7 getekend").hexdigest()
    bundle(places, SENT, signed={"ondertekend/formulier.pdf": digest})
    keep(places, SENT)
    found = state(places, SENT, ANSWERS)
    assert found is not None and found.changed_attachments == ()
    (signed / "formulier.pdf").write_bytes(b"%PDF-1.7 anders")
    found = state(places, SENT, ANSWERS)
    assert found is not None and found.changed_attachments == ("ondertekend/formulier.pdf",)
    (signed / "formulier.pdf").unlink()
    found = state(places, SENT, ANSWERS)
    assert found is not None and found.changed_attachments == ("ondertekend/formulier.pdf",)


def test_a_manifest_is_read_only_as_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", json.dumps({"antwoorden_sha256": "abc", "gebouwd_op": "2027-03-20T10:00:00+00:00",
                                                "bijlagen": {"a.pdf": "1"}, "ondertekend": {"o.pdf": "2"}}))
    assert Manifest.of(path) == Manifest("abc", SENT, {"a.pdf": "1"}, {"o.pdf": "2"})
    odd: list[tuple[object, Manifest | None]] = [
        ([], None),
        ({"gebouwd_op": "gisteren"}, Manifest(None, None, None, {})),  # no signed copies: none carried
        ({"gebouwd_op": 5, "antwoorden_sha256": 7, "bijlagen": [], "ondertekend": []},
         Manifest(None, None, None, None)),
    ]
    for data, expected in odd:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("manifest.json", json.dumps(data))
        assert Manifest.of(path) == expected, data
    path.write_bytes(b"geen zip")
    assert Manifest.of(path) is None


def test_the_old_archive_in_build_moves_once_and_an_existing_record_wins(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    old = places.old_archive / "2027-01-05"
    old.mkdir(parents=True)
    (old / f"voorbeeld{BUNDLE_SUFFIX}").write_bytes(b"PK-eerder")
    notes = keep(places, None)
    assert len(notes) == 1 and "is verplaatst van" in notes[0]
    assert (places.archive / "2027-01-05" / f"voorbeeld{BUNDLE_SUFFIX}").read_bytes() == b"PK-eerder"
    assert not places.old_archive.exists()
    old.mkdir(parents=True)  # again, while the dossier already keeps that date: the dossier's stays
    (old / f"voorbeeld{BUNDLE_SUFFIX}").write_bytes(b"PK-anders")
    assert keep(places, None) == []
    assert (places.archive / "2027-01-05" / f"voorbeeld{BUNDLE_SUFFIX}").read_bytes() == b"PK-eerder"


def test_the_old_archive_moves_every_date_into_an_archive_that_is_already_there(tmp_path: Path) -> None:
    """Dates already kept in the dossier stay; the others move, links as links; what is no folder stays."""
    places = places_of(tmp_path)
    (places.archive / "2027-01-05").mkdir(parents=True)  # the dossier's archive exists, with the first date
    (places.archive / "2027-01-05" / f"voorbeeld{BUNDLE_SUFFIX}").write_bytes(b"PK-bewaard")
    for day in ("2027-01-05", "2027-02-01", "2027-03-01"):
        (places.old_archive / day).mkdir(parents=True)
        (places.old_archive / day / f"voorbeeld{BUNDLE_SUFFIX}").write_bytes(f"PK-{day}".encode())
    (places.old_archive / "2027-03-01" / "link.zip").symlink_to("elders.zip")
    (places.old_archive / "los-bestand.txt").write_text("geen datum", encoding="utf-8")
    (places.old_archive / "2027-04-01").symlink_to(tmp_path, target_is_directory=True)
    notes = keep(places, None)
    assert [n.split(" van ", 1)[1].split(" ", 1)[0] for n in notes] == ["2027-02-01", "2027-03-01"]
    assert (places.archive / "2027-01-05" / f"voorbeeld{BUNDLE_SUFFIX}").read_bytes() == b"PK-bewaard"
    assert (places.archive / "2027-02-01" / f"voorbeeld{BUNDLE_SUFFIX}").read_bytes() == b"PK-2027-02-01"
    assert (places.archive / "2027-03-01" / "link.zip").is_symlink()  # a link stays a link, nothing followed
    assert not (places.archive / "2027-04-01").exists()
    assert (places.old_archive / "los-bestand.txt").exists()  # what is no dated folder is not touched


def test_an_old_archive_that_cannot_move_is_said_with_both_places_and_why(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    (places.old_archive / "2027-01-05").mkdir(parents=True)
    places.archive.write_text("geen map", encoding="utf-8")
    with pytest.raises(KeepError) as raised:
        keep(places, None)
    message = str(raised.value)
    assert message.startswith(f"{archive.display_path(places.old_archive / '2027-01-05')}: kan de ingediende bundel "
                              f"niet verplaatsen naar {archive.display_path(places.archive / '2027-01-05')} (")
    assert message.endswith(")") and "None" not in message and len(message.rsplit("(", 1)[1]) > 3
    assert (places.old_archive / "2027-01-05").is_dir()  # nothing lost


def test_a_bundle_that_cannot_be_written_stays_and_says_where(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    bundle(places, SENT)
    places.archive.mkdir()
    places.sent(SENT).write_text("een bestand waar de datummap hoort", encoding="utf-8")
    with pytest.raises(KeepError) as raised:
        keep(places, SENT)
    message = str(raised.value)
    assert message.endswith(f"; de bundel die op 20 maart 2027 is ingediend, blijft in "
                            f"{archive.display_path(places.out)}/ staan tot hij bewaard kan worden")
    places.sent(SENT).unlink()
    places.archive.rmdir()
    places.archive.write_text("geen map", encoding="utf-8")
    with pytest.raises(KeepError) as raised:
        keep(places, SENT)
    assert str(raised.value) == (
        f"{archive.display_path(places.archive)} is een bestand, geen map: daarin bewaart ‘dossier build’ de bundel "
        "die op 20 maart 2027 is ingediend; hernoem of verwijder het; tot dan blijft de bundel in "
        f"{archive.display_path(places.out)}/ staan")
    found = state(places, SENT, ANSWERS)
    assert found is not None
    assert f"bewaard: {archive.display_path(places.archive)} is een bestand, geen map" in found.message
    assert found.text(local=False) == ("let op: ingediend op 20 maart 2027, maar er is geen bundel bewaard: ingediend "
                                       "is een bestand, geen map: daarin bewaart ‘dossier build’ wat is ingediend; "
                                       "hernoem of verwijder het en bouw opnieuw")


def test_why_nothing_is_kept_names_the_folder_here_and_only_the_dossier_on_a_page(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    bundle(places, SENT + DAY)
    found = state(places, SENT, ANSWERS)
    assert found is not None
    here = archive.display_path(places.sent(SENT))
    assert found.message.endswith(f"zet de zip die u op 20 maart 2027 uploadde in {here}/")
    assert f"de bundel in {archive.display_path(places.out)}/ is gemaakt op 21 maart 2027" in found.message
    assert found.text(local=False).endswith("zet de zip die u op 20 maart 2027 uploadde in voorbeeld/ingediend/"
                                            "2027-03-20/")
    assert "de bundel in de uitvoermap/ is gemaakt op 21 maart 2027" in found.text(local=False)


def test_a_kept_bundle_that_is_no_zip_or_has_an_old_manifest_is_still_compared(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    places.sent(SENT).mkdir(parents=True)
    kept(places).write_bytes(b"geen zip")
    found = state(places, SENT, ANSWERS, {"a.pdf": "1"})
    assert found is not None and found.bundle == kept(places)
    assert found.same_answers is False and found.changed_attachments == ()
    with zipfile.ZipFile(kept(places), "w") as z:  # an older manifest: no attachments, no signed copies named
        z.writestr("manifest.json", json.dumps({"antwoorden_sha256": hashlib.sha256(ANSWERS).hexdigest(),
                                                "gebouwd_op": "2027-03-01T00:00:00+00:00"}))
    found = state(places, SENT, ANSWERS, {"a.pdf": "1"})
    assert found is not None and found.same_answers is True and found.changed_attachments == ()


def test_changed_attachments_and_signed_copies_are_named_together(tmp_path: Path) -> None:
    places = places_of(tmp_path)
    (places.folder / "ondertekend").mkdir()
    (places.folder / "ondertekend" / "f.pdf").write_bytes(b"anders nu")
    bundle(places, SENT, attachments={"a.pdf": "1"}, signed={"ondertekend/f.pdf": "oud"})
    keep(places, SENT)
    found = state(places, SENT, ANSWERS, {"a.pdf": "2"})
    assert found is not None and found.changed_attachments == ("a.pdf", "ondertekend/f.pdf")


def test_sent_says_what_it_holds() -> None:
    where = Path("/x/inputs/voorbeeld/ingediend/2027-03-20/voorbeeld-aanvraag.zip")
    assert Sent(SENT, None, None, "iets wordt bewaard").message == "ingediend op 20 maart 2027; iets wordt bewaard"
    assert Sent(SENT, None, None, "reden").message == (
        "let op: ingediend op 20 maart 2027, maar er is geen bundel bewaard: reden")
    assert Sent(SENT, where, True).text(local=False) == (
        "ingediend op 20 maart 2027; de ingediende bundel staat in voorbeeld/ingediend/2027-03-20/"
        "voorbeeld-aanvraag.zip")


# ------------------------------------------------------------------ three builds through the command line


def test_three_builds_after_submission_keep_the_sent_zip_and_compare_each_time(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Built and sent; then built again (nothing changed), after an edit, and after the edit is undone:
    the kept zip is the one sent each time, and each build says whether the answers still agree."""
    from pipeline.cli import run

    def build() -> str:
        assert run(["build", str(signed_example), "-o", str(out), "--vandaag", "2027-03-25"]) == 0
        captured = capsys.readouterr()
        return " ".join((captured.out + captured.err).split())

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1805000000")  # 2027-03-14: before the sent date
    out = tmp_path / "build"
    build()
    sent = (out / "voorbeeld" / "voorbeeld-aanvraag.zip").read_bytes()
    (signed_example / "voortgang.yaml").write_text("ingediend_bij_duo: 2027-03-20\n", encoding="utf-8")
    zip_kept = signed_example / "ingediend" / "2027-03-20" / "voorbeeld-aanvraag.zip"
    differs = "Let op: de antwoorden in dossier.yaml komen niet meer overeen met wat op 20 maart 2027 is ingediend"

    first = build()
    assert "is bewaard in" in first and zip_kept.read_bytes() == sent
    yaml = signed_example / "dossier.yaml"
    original = yaml.read_text(encoding="utf-8")
    yaml.write_text(original.replace("Aan het eind van de looptijd volgt", "Aan het einde van de looptijd volgt"),
                    encoding="utf-8")
    second = build()  # a new zip, built (by its manifest) before the sent date: still not kept over the first
    assert differs in second and zip_kept.read_bytes() == sent
    assert (out / "voorbeeld" / "voorbeeld-aanvraag.zip").read_bytes() != sent
    yaml.write_text(original, encoding="utf-8")
    third = build()
    assert differs not in third and "de ingediende bundel staat in" in third
    assert zip_kept.read_bytes() == sent
    assert sorted(p.name for p in (signed_example / "ingediend").iterdir()) == ["2027-03-20"]
