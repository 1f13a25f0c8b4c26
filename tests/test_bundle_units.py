"""DUO's zip, part by part and in milliseconds: what goes in, in which order, what its manifest says,
and when no zip is made (tests/test_bundle.py builds the real ones; this is what ``make mutate``
runs for ``bundle/zips.py``, where a mistake gives a zip the applicant uploads without looking inside).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.bundle import zips
from pipeline.bundle.zips import Entry, attachment_entry, bundle_stage, entries
from pipeline.check.signatures import sign_state
from pipeline.documents import BY_ID
from pipeline.exceptions import DossierError
from pipeline.paths import Places
from pipeline.read.validate import LoadedDossier, load_dossier
from tests.conftest import EXAMPLE


@pytest.fixture
def loaded(tmp_path: Path) -> LoadedDossier:
    folder = tmp_path / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, folder)
    return load_dossier(folder)


@pytest.fixture
def places(loaded: LoadedDossier, tmp_path: Path) -> Places:
    places = Places.of(loaded.folder, tmp_path / "build")
    places.out.mkdir(parents=True)
    return places


def _read(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def test_a_zip_is_the_same_bytes_for_the_same_files_whenever_and_wherever_made() -> None:
    files = [("b.pdf", b"twee"), ("a.pdf", b"een" * 100)]
    data = zips._zip_bytes(files)
    assert data == zips._zip_bytes(list(files))
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        infos = z.infolist()
        assert [i.filename for i in infos] == ["b.pdf", "a.pdf"]  # in the order given, not sorted
        for info in infos:
            assert info.date_time == zips.ZIP_EPOCH
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr == 0o644 << 16 and info.create_system == 3
        assert z.read("a.pdf") == b"een" * 100
    assert zips._zip_bytes([("a", b"x")]) != zips._zip_bytes([("a", b"y")])


def test_duo_gets_its_four_attachments_in_its_order(loaded: LoadedDossier, places: Places) -> None:
    items = entries(loaded, places)
    assert [e.name for e in items[:3]] == [
        f"{n}-{places.document(BY_ID[d].bestandsnaam, 'pdf').name}"
        for n, d in ((1, "aanvraaggegevens"), (2, "samenwerkingsovereenkomst"), (3, "projectplan"))]
    assert [e.source for e in items[:3]] == [
        places.document(BY_ID[d].bestandsnaam, "pdf") for d in ("aanvraaggegevens", "samenwerkingsovereenkomst",
                                                                 "projectplan")]
    assert len(items) == 4
    four = items[3]
    assert four == attachment_entry(loaded)
    assert four.name.startswith("4-") and four.bijlagen and not four.ondertekend
    assert four.source == loaded.folder / four.bijlagen[0]
    assert four.titel.endswith(f" – {loaded.dossier.arrangement.naam}") and four.titel.startswith("Bijlage 4")


@dataclass
class _Signed:
    """What ``signatures.sign_state`` accepted: the signed copies per document."""

    copies: dict[str, list[Path]] = field(default_factory=dict)

    def files(self, doc_id: str) -> list[Path]:
        return self.copies.get(doc_id, [])


def test_signed_copies_take_the_place_of_the_documents_one_per_party(loaded: LoadedDossier, places: Places) -> None:
    signed = loaded.folder / "ondertekend"
    signed.mkdir()
    copies = [signed / f"sok-{i}.pdf" for i in (1, 2, 3)]
    form = signed / "formulier.pdf"
    items = entries(loaded, places, _Signed({"samenwerkingsovereenkomst": copies, "aanvraaggegevens": [form]}))
    names = [e.name for e in items]
    form_stem = places.document(BY_ID["aanvraaggegevens"].bestandsnaam, "pdf").stem
    assert names[0] == f"1-{form_stem}.pdf" and items[0].source == form and items[0].ondertekend
    assert items[0].bijlagen == ("ondertekend/formulier.pdf",)
    stem = places.document(BY_ID["samenwerkingsovereenkomst"].bestandsnaam, "pdf").stem
    assert [e.name for e in items[1:4]] == [f"2-{stem}-{k}-van-3.pdf" for k in (1, 2, 3)]
    assert all(e.ondertekend and e.bijlagen == (f"ondertekend/sok-{k}.pdf",) for k, e in enumerate(items[1:4], 1))
    assert names[4].startswith("3-") and not items[4].ondertekend and names[5].startswith("4-")


def test_what_an_entry_puts_in_the_zip(tmp_path: Path) -> None:
    ours = tmp_path / "ons.pdf"
    ours.write_bytes(b"%PDF ons")
    assert Entry("1.pdf", ours).content(None) == b"%PDF ons"
    signed = Entry("2.pdf", ours, ("ondertekend/a.pdf",), ondertekend=True)
    assert signed.content([("ondertekend/a.pdf", b"%PDF getekend")]) == b"%PDF getekend"  # byte for byte


def test_an_attachment_swapped_for_a_link_or_no_pdf_makes_no_zip(loaded: LoadedDossier, tmp_path: Path) -> None:
    four = attachment_entry(loaded)
    assert four is not None
    assert [name for name, _ in four.sources(loaded.folder)] == list(four.bijlagen)
    first = loaded.folder / four.bijlagen[0]
    first.unlink()
    first.symlink_to(tmp_path / "elders.pdf")
    with pytest.raises(DossierError, match=f"{four.bijlagen[0]}: .*er is geen bundel gemaakt"):
        four.sources(loaded.folder)
    first.unlink()
    first.write_bytes(b"geen pdf")
    with pytest.raises(DossierError, match="er is geen bundel gemaakt"):
        four.sources(loaded.folder)


def _docs(places: Places, loaded: LoadedDossier) -> list[Entry]:
    """Every document of the dossier as if rendered (a few bytes each); DUO's entries."""
    for doc in zips.documents_for(loaded)[0]:
        places.document(doc.bestandsnaam, "pdf").write_bytes(b"%PDF " + doc.id.encode())
    return entries(loaded, places)


def test_the_manifest_says_what_the_zip_holds_and_when_it_was_made(loaded: LoadedDossier, places: Places,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1805000000")
    items = _docs(places, loaded)
    target = places.bundle("duo")
    zips._write_zip(loaded, items, target)
    files = _read(target)
    manifest = json.loads(files["manifest.json"])
    assert list(files)[:-1] == [e.name for e in items] and list(files)[-1] == "manifest.json"
    assert manifest["dossier"] == loaded.naam and manifest["arrangement"] == loaded.dossier.arrangement.naam
    assert manifest["antwoorden_sha256"] == hashlib.sha256(loaded.source.raw).hexdigest()
    assert manifest["gebouwd_op"].startswith(date.fromtimestamp(1805000000).isoformat())
    assert manifest["tool"].startswith("dossier ")
    assert manifest["bestanden"] == [{"bestand": n, "grootte": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                                     for n, d in files.items() if n != "manifest.json"]
    four = items[3]
    assert files[four.name] == four.content(four.sources(loaded.folder))  # the advices rebuilt, not the first as is
    assert files[four.name] != four.sources(loaded.folder)[0][1]
    assert manifest["bijlagen"] == {n: hashlib.sha256(d).hexdigest() for n, d in four.sources(loaded.folder)}
    assert manifest["ondertekend"] == {}
    assert manifest["bijlagen"] == zips.attachment_digests(loaded, items)
    assert zips.attachment_digests(loaded, items, ondertekend=True) == {}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1805000000 + 5 * 86400))  # five days later, nothing changed
    zips._write_zip(loaded, items, target)
    assert json.loads(_read(target)["manifest.json"])["gebouwd_op"] == manifest["gebouwd_op"]  # made then
    items[2].source.write_bytes(b"%PDF projectplan anders")
    zips._write_zip(loaded, items, target)
    later = json.loads(_read(target)["manifest.json"])
    assert later["gebouwd_op"] != manifest["gebouwd_op"] and later["gebouwd_op"].startswith(
        date.fromtimestamp(1805000000 + 5 * 86400).isoformat())


def test_a_missing_document_makes_no_zip_and_is_named(loaded: LoadedDossier, places: Places) -> None:
    items = _docs(places, loaded)
    items[1].source.unlink()
    with pytest.raises(DossierError, match=f"kan de bundel niet maken, ontbreekt: {items[1].source}"):
        zips._write_zip(loaded, items, places.bundle("duo"))
    assert not places.bundle("duo").exists()


def test_a_pack_carries_its_text(loaded: LoadedDossier, places: Places) -> None:
    items = _docs(places, loaded)[:3]
    zips._write_zip(loaded, items, places.bundle("ondertekening"), pack="Lees mij")
    assert _read(places.bundle("ondertekening"))[zips.PACK_TEXT] == b"Lees mij"


@dataclass
class _Checked:
    niveau: str
    findings: tuple[Any, ...] = ()
    ondertekening: Any = None

    def level(self) -> str:
        return self.niveau

    def ready(self) -> bool:
        return self.niveau == "klaar om in te dienen"


@dataclass
class _Rendering:
    ok: bool = True
    current: bool = True


@pytest.mark.parametrize(("niveau", "rendering", "reason"), [
    ("niet klaar", _Rendering(), "het dossier is nog niet klaar om te laten tekenen (zie de controle)"),
    ("klaar om in te dienen", _Rendering(ok=False), "niet alle documenten zijn gemaakt"),
    ("klaar om in te dienen", _Rendering(current=False), "niet alle documenten zijn bijgewerkt"),
])
def test_no_zip_while_the_dossier_or_its_documents_are_not_in_order(loaded: LoadedDossier, places: Places,
                                                                     niveau: str, rendering: _Rendering,
                                                                     reason: str) -> None:
    _docs(places, loaded)
    done = bundle_stage(loaded, places, _Checked(niveau), rendering, make=True)  # type: ignore[arg-type]
    assert done.bundle is None and done.reason == reason
    assert places.bundles == []
    assert bundle_stage(loaded, places, None, rendering, make=True) == zips.Bundled()  # type: ignore[arg-type]


def test_ready_makes_duos_zip_and_check_only_confirms_it(loaded: LoadedDossier, places: Places) -> None:
    _docs(places, loaded)
    ready = _Checked("klaar om in te dienen", ondertekening=sign_state(loaded, None))
    looked = bundle_stage(loaded, places, ready, _Rendering(), make=False)  # type: ignore[arg-type]
    assert looked.bundle is None and looked.reason == "de bundel wordt gemaakt door ‘dossier build’"
    made = bundle_stage(loaded, places, ready, _Rendering(), make=True)  # type: ignore[arg-type]
    assert made.bundle == places.bundle("duo") and made.bundle.is_file() and made.reason == ""
    assert places.bundle("duo") in made.files and places.bundle("ondertekening") in made.files
    region = places.bundle("sociaal-domein")  # the collective route's form goes to the Sociaal Domein, not DUO
    assert region in made.files and [n for n in _read(region) if n != "manifest.json"] == [
        places.document(BY_ID["aanmeldformulier"].bestandsnaam, "pdf").name]
    assert not any("aanmeldformulier" in n or "checklist" in n for n in _read(places.bundle("duo")))
    again = bundle_stage(loaded, places, ready, _Rendering(), make=False)  # type: ignore[arg-type]
    assert again.bundle == places.bundle("duo") and set(again.files) == set(made.files)
    (loaded.folder / attachment_entry(loaded).bijlagen[0]).write_bytes(  # type: ignore[union-attr]
        (loaded.folder / attachment_entry(loaded).bijlagen[0]).read_bytes() + b"\n%")  # type: ignore[union-attr]
    changed = bundle_stage(loaded, places, ready, _Rendering(), make=False)  # type: ignore[arg-type]
    assert changed.bundle is None and changed.reason == "de bundel wordt gemaakt door ‘dossier build’"


def test_signing_comes_first_a_zip_for_duo_only_when_everyone_signed(loaded: LoadedDossier, places: Places) -> None:
    _docs(places, loaded)
    waiting = _Checked("klaar om te laten tekenen", ondertekening=sign_state(loaded, None))
    made = bundle_stage(loaded, places, waiting, _Rendering(), make=True)  # type: ignore[arg-type]
    assert made.bundle is None and not places.bundle("duo").exists()
    assert made.reason == "nog niet door iedereen getekend (zie de controle, ‘Ondertekening’)"
    assert places.bundle("ondertekening").is_file()
    places.bundle("duo").write_bytes(b"oud")  # a zip from before: withdrawn by the next bundle
    bundle_stage(loaded, places, waiting, _Rendering(), make=True)  # type: ignore[arg-type]
    assert not places.bundle("duo").exists()


# ------------------------------------------------------------------ attachment 4 in build/, the memo, the pack


@dataclass(frozen=True)
class _Finding:
    id: str
    severity: str
    field: str | None


def test_attachment_four_is_shown_as_soon_as_the_advices_are_in_order(loaded: LoadedDossier, places: Places) -> None:
    four = attachment_entry(loaded)
    assert four is not None
    assert four.titel == f"Bijlage 4: adviezen van de medezeggenschapsraden – {loaded.dossier.arrangement.naam}"
    target = places.attachment(four.name)
    assert zips.write_attachment(loaded, places, _Checked("niet klaar"), make=False) is None  # not made yet
    made = zips.write_attachment(loaded, places, _Checked("niet klaar"), make=True)  # type: ignore[arg-type]
    assert made == target and target.read_bytes() == four.content(four.sources(loaded.folder))
    assert zips.write_attachment(loaded, places, _Checked("niet klaar"), make=False) == target  # type: ignore[arg-type]
    target.write_bytes(b"iets anders")
    assert zips.write_attachment(loaded, places, _Checked("niet klaar"), make=False) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("finding", "shown"), [
    (_Finding("DUO-MR-ADVIES", "fout", None), False),
    (_Finding("PRIV-BIJLAGE", "fout", "x"), False),
    (_Finding("DUO-INGEVULD", "fout", "scholen[0].mr_advies"), False),  # at an advice's own field
    (_Finding("DUO-BIJLAGE", "fout", "bijlagen.mr_advies_samenwerkingsverband"), False),
    (_Finding("X", "fout", "bijlagen.opr_instemming"), False),
    (_Finding("DUO-MR-ADVIES", "waarschuwing", None), True),  # a warning does not hold it back
    (_Finding("DUO-PP-DOEL", "fout", "projectplan.doel_en_plannen"), True),  # another error: not about the advices
    (_Finding("DUO-PP-DOEL", "fout", None), True),
])
def test_attachment_four_waits_for_an_error_about_the_advices_only(loaded: LoadedDossier, places: Places,
                                                                   finding: _Finding, shown: bool) -> None:
    made = zips.write_attachment(loaded, places, _Checked("niet klaar", (finding,)), make=True)  # type: ignore[arg-type]
    assert (made is not None) == shown


def test_the_stage_shows_attachment_four_whatever_else_holds_the_zip_back(loaded: LoadedDossier,
                                                                         places: Places) -> None:
    _docs(places, loaded)
    four = attachment_entry(loaded)
    assert four is not None
    for niveau, rendering in (("niet klaar", _Rendering()), ("klaar om in te dienen", _Rendering(ok=False)),
                              ("klaar om in te dienen", _Rendering(current=False))):
        done = bundle_stage(loaded, places, _Checked(niveau), rendering, make=True)  # type: ignore[arg-type]
        assert done.files == (places.attachment(four.name),), niveau
    looked = bundle_stage(loaded, places, _Checked("klaar om in te dienen", ondertekening=sign_state(loaded, None)),
                          _Rendering(), make=False)  # type: ignore[arg-type]
    assert looked.files == (places.attachment(four.name),)


def test_the_signing_pack_carries_its_instructions_and_duos_zip_none(loaded: LoadedDossier, places: Places) -> None:
    _docs(places, loaded)
    ready = _Checked("klaar om in te dienen", ondertekening=sign_state(loaded, None))
    bundle_stage(loaded, places, ready, _Rendering(), make=True)  # type: ignore[arg-type]
    pack = _read(places.bundle("ondertekening"))
    assert pack[zips.PACK_TEXT].decode() == zips.signing_text(loaded, ready)  # type: ignore[arg-type]
    assert zips.PACK_TEXT not in _read(places.bundle("duo"))
    waiting = _Checked("klaar om te laten tekenen", ondertekening=ready.ondertekening)
    looked = bundle_stage(loaded, places, waiting, _Rendering(), make=False)  # type: ignore[arg-type]
    assert looked.bundle is None and looked.reason.startswith("nog niet door iedereen getekend")


def test_two_signed_copies_of_a_document_get_two_names(loaded: LoadedDossier, places: Places) -> None:
    copies = [loaded.folder / "ondertekend" / f"sok-{k}.pdf" for k in (1, 2)]
    items = entries(loaded, places, _Signed({"samenwerkingsovereenkomst": copies}))
    stem = places.document(BY_ID["samenwerkingsovereenkomst"].bestandsnaam, "pdf").stem
    assert [e.name for e in items[1:3]] == [f"2-{stem}-1-van-2.pdf", f"2-{stem}-2-van-2.pdf"]


def test_attachment_four_is_rebuilt_once_per_content_and_title(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.bundle import rebuild

    made: list[tuple[list[tuple[str, bytes]], str]] = []

    def fake(parts: list[tuple[str, bytes]], title: str) -> bytes:
        made.append((parts, title))
        return f"{title}:{len(made)}".encode()

    monkeypatch.setattr(rebuild, "rebuilt_attachment", fake)
    monkeypatch.setattr(zips, "_REBUILT", {})
    one = [("a.pdf", b"1")]
    assert zips.rebuilt(one, "T") == b"T:1" and zips.rebuilt(one, "T") == b"T:1" and len(made) == 1
    assert made[0] == (one, "T")
    assert zips.rebuilt(one, "U") == b"U:2"  # another title: another PDF
    assert zips.rebuilt([("a.pdf", b"2")], "T") == b"T:3"  # other bytes: another PDF
    for n in range(4, 9):
        zips.rebuilt([("a.pdf", str(n).encode())], "T")
    assert len(zips._REBUILT) == 4  # the last few only
    assert zips.rebuilt([("a.pdf", b"8")], "T") == b"T:8"  # the newest is kept
    assert zips.rebuilt(one, "T") == b"T:9"  # the oldest went


def test_a_manifest_that_is_no_object_is_none(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", "[1, 2]")
    assert zips._manifest_json(path) is None
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("manifest.json", '{"a": 1}')
    assert zips._manifest_json(path) == {"a": 1}


def test_the_build_date_in_the_manifest_says_its_time_zone(loaded: LoadedDossier, places: Places,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1805000000")
    items = _docs(places, loaded)
    zips._write_zip(loaded, items, places.bundle("duo"))
    assert json.loads(_read(places.bundle("duo"))["manifest.json"])["gebouwd_op"].endswith("+00:00")


class _SignedState:
    """The check's reading of ondertekend/ (``sign_state``) with these copies accepted per document."""

    def __init__(self, state: Any, copies: dict[str, list[Path]]) -> None:
        self._state, self._copies = state, copies

    def files(self, doc_id: str) -> list[Path]:
        return self._copies.get(doc_id, [])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)


def test_duos_zip_carries_the_signed_copies_and_check_confirms_them(loaded: LoadedDossier, places: Places) -> None:
    _docs(places, loaded)
    signed = loaded.folder / "ondertekend"
    signed.mkdir()
    copies = [signed / f"sok-{k}.pdf" for k in (1, 2)]
    pdf = sorted((loaded.folder / "bijlagen").glob("*.pdf"))[0].read_bytes()  # any real PDF does
    content = {k: pdf + f"\n% getekend {k}\n".encode() for k in (1, 2)}
    for k, copy in enumerate(copies, start=1):
        copy.write_bytes(content[k])
    ready = _Checked("klaar om in te dienen",
                     ondertekening=_SignedState(sign_state(loaded, None), {"samenwerkingsovereenkomst": copies}))
    made = bundle_stage(loaded, places, ready, _Rendering(), make=True)  # type: ignore[arg-type]
    files = _read(places.bundle("duo"))
    stem = places.document(BY_ID["samenwerkingsovereenkomst"].bestandsnaam, "pdf").stem
    assert files[f"2-{stem}-1-van-2.pdf"] == content[1]  # byte for byte: a signature breaks otherwise
    assert json.loads(files["manifest.json"])["ondertekend"] == {
        f"ondertekend/sok-{k}.pdf": hashlib.sha256(content[k]).hexdigest() for k in (1, 2)}
    looked = bundle_stage(loaded, places, ready, _Rendering(), make=False)  # type: ignore[arg-type]
    assert looked.bundle == made.bundle and looked.reason == ""
    copies[1].write_bytes(pdf + b"\n% een andere kopie\n")
    looked = bundle_stage(loaded, places, ready, _Rendering(), make=False)  # type: ignore[arg-type]
    assert looked.bundle is None and looked.reason == "de bundel wordt gemaakt door ‘dossier build’"


def test_no_attachment_four_shown_while_the_advices_are_not_in_order(loaded: LoadedDossier, places: Places) -> None:
    _docs(places, loaded)
    held = _Checked("niet klaar", (_Finding("DUO-MR-ADVIES", "fout", None),))
    assert bundle_stage(loaded, places, held, _Rendering(), make=True).files == ()  # type: ignore[arg-type]
