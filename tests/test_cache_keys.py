"""The cache keys: everything an output is made of moves its key, and nothing else does.

A key that misses an input (the date, a template reached through a link, a file of the dossier)
gives yesterday's verdict or an old document as "unchanged": the applicant sees nothing wrong.
A key that moves without cause only costs time. Both directions are tested on the real functions
(``freshness.dossier_key``, ``cache.OutputCache``, ``freshness.remembered``), in milliseconds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pipeline import cache as cache_module
from pipeline.cache import OutputCache, by_content, code_fingerprint, file_digest, output_digest
from pipeline.paths import CACHE_FILE, Places
from pipeline.read.freshness import DOSSIER_KEY, RunRecord, dossier_key, remembered

TODAY = date(2027, 3, 1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    dossier = tmp_path / "inputs" / "x"
    (dossier / "bijlagen").mkdir(parents=True)
    (dossier / "dossier.yaml").write_text("naam: x\n", encoding="utf-8")
    (dossier / "bijlagen" / "advies.pdf").write_bytes(b"%PDF advies")
    return dossier


def key(folder: Path, today: date = TODAY) -> str:
    return dossier_key(folder, today=today)


def test_the_same_inputs_give_the_same_key(folder: Path) -> None:
    assert key(folder) == key(folder)


@pytest.mark.parametrize("days", [1, -1, 365])
def test_a_day_passing_moves_the_key(folder: Path, days: int) -> None:
    """The deadline's countdown and the route's statuses are of today: tomorrow's run is not 'unchanged'."""
    assert key(folder, TODAY) != key(folder, date.fromordinal(TODAY.toordinal() + days))


def test_the_build_date_of_the_documents_moves_the_key(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")
    first = key(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1772323200 + 86400))
    assert key(folder) != first


def _edit(name: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((path.read_bytes() if path.exists() else b"") + b"# x\n")
    return change


@pytest.mark.parametrize("change", [
    _edit("dossier.yaml"), _edit("bijlagen/advies.pdf"), _edit("voortgang.yaml"), _edit("ondertekend/a.pdf"),
    _edit("ingediend/2027-03-20/x-aanvraag.zip"), _edit("templates/stijl.css"),
    lambda f: (f / "bijlagen" / "advies.pdf").rename(f / "bijlagen" / "advies2.pdf"),
    lambda f: (f / "bijlagen" / "advies.pdf").unlink(),
    lambda f: (f / "bijlagen" / "link.pdf").symlink_to(f / "bijlagen" / "advies.pdf"),
    lambda f: (f / "bijlagen" / "buiten.pdf").symlink_to("/etc/hostname"),
], ids=["answers", "attachment", "voortgang", "signed", "kept-bundle", "own-template", "renamed", "deleted",
        "link-inside", "link-outside"])
def test_every_file_of_the_dossier_moves_the_key(folder: Path, change: Callable[[Path], None]) -> None:
    before = key(folder)
    change(folder)
    assert key(folder) != before


def test_a_link_inside_counts_with_its_content_one_outside_by_its_target(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "buiten.pdf"
    outside.write_bytes(b"een")
    (folder / "bijlagen" / "link.pdf").symlink_to(folder / "bijlagen" / "advies.pdf")
    (folder / "bijlagen" / "uit.pdf").symlink_to(outside)
    before = key(folder)
    (folder / "bijlagen" / "advies.pdf").write_bytes(b"%PDF anders")  # through the link too
    between = key(folder)
    assert between != before
    outside.write_bytes(b"twee")  # outside the dossier: the link's target, not its content
    assert key(folder) == between
    (folder / "lus").symlink_to(folder / "lus")  # a loop is hashed by its target, not followed
    assert key(folder) != between


def test_a_template_reached_through_the_dossiers_link_moves_the_key(folder: Path, tmp_path: Path) -> None:
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    (shared / "stijl.css").write_text("body{}", encoding="utf-8")
    (folder / "templates").symlink_to(shared, target_is_directory=True)
    before = key(folder)
    (shared / "stijl.css").write_text("body{color:red}", encoding="utf-8")
    assert key(folder) != before


def test_the_tools_code_moves_the_key(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = tmp_path / "code.py"
    code.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "fingerprinted_files", lambda: [code])
    before, fingerprint = key(folder), code_fingerprint()
    code.write_text("x = 2\n", encoding="utf-8")
    later = code.stat().st_mtime_ns + 1_000_000_000  # an edit a person makes, not one in the same clock tick
    os.utime(code, ns=(later, later))
    assert code_fingerprint() != fingerprint and key(folder) != before


def test_the_tools_own_files_are_its_code_and_data() -> None:
    files = cache_module.fingerprinted_files()
    names = {p.name for p in files}
    assert {"cache.py", "rules_duo.py", "regios.yaml"} <= names
    assert all(p.suffix in (".py", ".yaml") and p.is_file() for p in files)


# ------------------------------------------------------------------ the cache of one output folder


def test_a_file_is_fresh_only_with_its_key_and_its_bytes(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"een")
    cache = OutputCache(out)
    assert not cache.fresh("a.pdf", "k")  # never recorded
    cache.record("a.pdf", "k")
    assert cache.fresh("a.pdf", "k") and not cache.fresh("a.pdf", "k2")
    (out / "a.pdf").write_bytes(b"half geschreven")  # an interrupted build overwrote it
    assert not cache.fresh("a.pdf", "k")
    (out / "a.pdf").unlink()
    assert not cache.fresh("a.pdf", "k")
    cache.forget("a.pdf")
    assert cache.get("a.pdf") is None


def test_the_cache_is_saved_once_changed_and_read_back(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"een")
    cache = OutputCache(out)
    cache.save()
    assert not (out / CACHE_FILE).exists()  # nothing to save: nothing written
    cache.record("a.pdf", "k")
    cache.put("extra", {"x": 1})
    cache.save()
    again = OutputCache(out)
    assert again.fresh("a.pdf", "k") and again.get("extra") == {"x": 1}
    written = (out / CACHE_FILE).stat().st_mtime_ns
    os.utime(out / CACHE_FILE, ns=(written - 10**9, written - 10**9))
    again.save()  # unchanged: not written again
    assert (out / CACHE_FILE).stat().st_mtime_ns == written - 10**9


@pytest.mark.parametrize("content", [b"", b"{", b"[1, 2]", b'"tekst"', b"\xff\xfe"])
def test_a_damaged_cache_is_an_empty_one(tmp_path: Path, content: bytes) -> None:
    (tmp_path / CACHE_FILE).write_bytes(content)
    cache = OutputCache(tmp_path)
    assert cache.entries == {} and not cache.fresh("a.pdf", "k")


def test_digests_follow_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"een")
    first = file_digest(path)
    path.write_bytes(b"twee")
    os.utime(path, ns=(1, 1))  # another mtime: read again
    assert file_digest(path) != first
    assert output_digest(path) == __import__("hashlib").sha256(b"twee").hexdigest()
    assert output_digest(tmp_path / "weg") is None


def test_what_a_file_said_is_read_again_when_the_reader_or_the_entry_changes(tmp_path: Path) -> None:
    entry = tmp_path / "gelezen" / "abc.json"
    entry.parent.mkdir()
    calls: list[int] = []

    def make() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert by_content(entry, "1", make, list, list) == [1]
    assert by_content(entry, "1", make, list, list) == [1] and len(calls) == 1  # kept
    assert by_content(entry, "2", make, list, list) == [2]  # another reader
    entry.write_text("{kapot", encoding="utf-8")
    assert by_content(entry, "2", make, list, list) == [3]
    entry.write_text(json.dumps({"lezer": "2"}), encoding="utf-8")  # no content
    assert by_content(entry, "2", make, list, list) == [4]
    assert by_content(None, "2", make, list, list) == [5] and json.loads(entry.read_text())["inhoud"] == [4]


# ------------------------------------------------------------------ the record of the last complete run


def test_the_last_run_is_remembered_only_while_its_key_and_every_output_hold(folder: Path, tmp_path: Path) -> None:
    places = Places.of(folder, tmp_path / "build")
    places.out.mkdir(parents=True)
    (places.out / "a.pdf").write_bytes(b"een")
    record = RunRecord(key="k", klaar=True, verdict="klaar", files={"a.pdf": output_digest(places.out / "a.pdf")})
    cache = OutputCache(places.out)
    cache.put(DOSSIER_KEY, record.to_json())
    cache.save()
    assert remembered(places, "k") == record
    assert remembered(places, "k2") is None
    (places.out / "a.pdf").write_bytes(b"anders")
    assert remembered(places, "k") is None
    (places.out / "a.pdf").write_bytes(b"een")
    places.old_archive.mkdir()  # an earlier version's archive in build/: a run must move it
    assert remembered(places, "k") is None


@pytest.mark.parametrize("data", [None, [], {"key": "k"}, {"key": 1, "klaar": True, "verdict": "", "files": {}},
                                  {"key": "k", "klaar": True, "verdict": "", "files": []}])
def test_a_record_of_another_version_is_no_record(data: object) -> None:
    assert RunRecord.from_json(data) is None


# ------------------------------------------------------------------ what only the details decide


def test_a_linked_folder_is_hashed_by_its_target_at_every_depth(folder: Path, tmp_path: Path) -> None:
    """A folder link is not descended (it could lead to / or /proc): it counts by where it points, in the
    dossier's top folder and in a subfolder alike."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for where in (folder, folder / "bijlagen"):
        link = where / "extern"
        link.symlink_to(tmp_path / "a", target_is_directory=True)
        before = key(folder)
        link.unlink()
        link.symlink_to(tmp_path / "b", target_is_directory=True)
        assert key(folder) != before, where
        link.unlink()


def test_a_link_out_does_not_hide_the_files_after_it(folder: Path) -> None:
    (folder / "bijlagen" / "a-uit.pdf").symlink_to("/etc/hostname")  # sorted before advies.pdf
    before = key(folder)
    (folder / "bijlagen" / "advies.pdf").write_bytes(b"%PDF ander advies")
    assert key(folder) != before


def test_a_subfolder_called_templates_is_part_of_the_dossier(folder: Path) -> None:
    """Only the dossier's own templates folder (hashed as a template folder) is left out of its tree."""
    (folder / "bijlagen" / "templates").mkdir()
    (folder / "bijlagen" / "templates" / "x.pdf").write_bytes(b"een")
    before = key(folder)
    (folder / "bijlagen" / "templates" / "x.pdf").write_bytes(b"twee")
    assert key(folder) != before


def test_the_templates_link_counts_by_what_it_holds_not_where_it_points(folder: Path, tmp_path: Path) -> None:
    """A templates link moved to an identical copy is the same input: no rebuild for nothing."""
    for name in ("eerste", "tweede"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "stijl.css").write_text("body{}", encoding="utf-8")
    (folder / "templates").symlink_to(tmp_path / "eerste", target_is_directory=True)
    before = key(folder)
    (folder / "templates").unlink()
    (folder / "templates").symlink_to(tmp_path / "tweede", target_is_directory=True)
    assert key(folder) == before


def test_a_link_inside_a_template_folder_counts_with_its_content(folder: Path) -> None:
    (folder / "templates").mkdir()
    (folder / "templates" / "stijl.css").write_text("body{}", encoding="utf-8")
    (folder / "templates" / "kopie.css").symlink_to(folder / "templates" / "stijl.css")
    before = key(folder)
    (folder / "templates" / "stijl.css").write_text("body{color:red}", encoding="utf-8")
    assert key(folder) != before


def test_the_calendars_memory_is_the_tools_own_file_not_an_input(folder: Path) -> None:
    from pipeline.route.calendar_memory import MEMORY_FILE

    before = key(folder)
    (folder / MEMORY_FILE).write_text('{"x": 1}', encoding="utf-8")  # every build writes it
    assert key(folder) == before


def test_a_file_rewritten_within_the_same_moment_is_read_again_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"een")
    stat = path.stat()
    first = file_digest(path)
    path.write_bytes(b"twee en meer")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same mtime (a coarse clock)
    assert file_digest(path) != first


def test_what_cannot_be_kept_of_a_reading_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "bestand"
    blocked.write_text("geen map", encoding="utf-8")
    assert by_content(blocked / "abc.json", "1", lambda: [1], list, list) == [1]  # no error: read again next time


def test_forgetting_what_is_not_there_is_no_error(tmp_path: Path) -> None:
    cache = OutputCache(tmp_path)
    cache.forget("nooit.pdf")
    assert cache.entries == {}


def test_a_saved_cache_is_not_written_again_by_the_same_run(tmp_path: Path) -> None:
    cache = OutputCache(tmp_path)
    cache.put("x", 1)
    cache.save()
    written = (tmp_path / CACHE_FILE).stat().st_mtime_ns
    os.utime(tmp_path / CACHE_FILE, ns=(written - 10**9, written - 10**9))
    cache.save()
    assert (tmp_path / CACHE_FILE).stat().st_mtime_ns == written - 10**9


def test_what_making_a_file_took_is_kept_to_the_millisecond(tmp_path: Path) -> None:
    """The next round hands out its longest documents first (``commands.round_order``) from these seconds."""
    (tmp_path / "a.pdf").write_bytes(b"pdf")
    cache = OutputCache(tmp_path)
    cache.record("a.pdf", "k", seconds=1.23456)
    cache.record("b.pdf", "k")
    cache.save()
    entries = OutputCache(tmp_path).entries
    assert entries["a.pdf"]["seconds"] == 1.235 and "seconds" not in entries["b.pdf"]


def test_kept_holds_the_last_results_and_a_hit_counts_as_new() -> None:
    """The per-process memo of parsed answers and read signed copies: bounded, the oldest goes first."""
    kept: cache_module.Kept[str, int] = cache_module.Kept(2)
    assert kept.get("a") is None
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # a hit: a is now the newest
    kept.put("c", 3)  # one too many: b, the oldest, goes
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    kept.put("a", 4)
    assert kept.get("a") == 4


def test_an_unchanged_file_is_read_once_for_every_ask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the same moment (``SAME_MOMENT_NS``) a file is trusted by its stat: asked again, it is not read."""
    path = tmp_path / "sjabloon.docx"
    path.write_bytes(b"inhoud")
    info = path.stat()
    monkeypatch.setattr(cache_module.time, "time_ns",
                        lambda: info.st_ctime_ns + cache_module.SAME_MOMENT_NS)
    reads: list[Path] = []
    real = cache_module._digest

    def counted(p: Path) -> bytes:
        reads.append(p)
        return real(p)

    monkeypatch.setattr(cache_module, "_digest", counted)
    assert file_digest(path) == file_digest(path) == __import__("hashlib").sha256(b"inhoud").digest()
    assert reads == [path]
