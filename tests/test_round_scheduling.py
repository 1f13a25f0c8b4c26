"""A round of many dossiers hands its work out longest first, so no core idles at the end.

The round after a consultant changed one shared template has one PDF due per dossier: the
workers get those single documents in the order of how long each took last time. Proven on
the order and the assignment (which job, in which order), never on timing."""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import ClassVar

import pytest

from pipeline.cache import OutputCache
from pipeline.commands import build as build_command
from pipeline.commands.build import BatchItem, build_many
from pipeline.commands.round_order import due_seconds, longest_first
from pipeline.documents import BY_ID, DOCUMENTEN
from pipeline.paths import CACHE_FILE, Places
from pipeline.render.documents import Rendering
from pipeline.run import Ask
from pipeline.ui import Reporter

EXAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "voorbeeld"
ROUTE = ("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan", "aanmeldformulier")


def _built(folder: Path, root: Path, plan_seconds: float, *, when: float) -> None:
    """An output folder as a round leaves it: the route's PDFs, each with the seconds it took."""
    out = Places.of(folder, root).out
    out.mkdir(parents=True)
    entries = {}
    for doc_id in ROUTE:
        name = BY_ID[doc_id].bestand("pdf")
        (out / name).write_bytes(b"%PDF-")
        os.utime(out / name, (when, when))
        entries[name] = {"key": "k", "sha256": "s", "seconds": plan_seconds if doc_id == "projectplan" else 9.0}
    (out / CACHE_FILE).write_text(json.dumps(entries), encoding="utf-8")


@pytest.fixture
def round_after_template_change(tmp_path: Path) -> tuple[list[Path], Path]:
    """Three dossiers linking one organisation's templates, whose projectplan was edited after the last
    round; their projectplans took 0.3, 0.5 and 0.4 s then (the other PDFs 9 s: long, but not due)."""
    org = tmp_path / "organisatie" / "projectplan"
    org.mkdir(parents=True)
    shutil.copy(EXAMPLE.parent.parent / "templates" / "projectplan" / "projectplan.docx", org)
    now = time.time()
    root = tmp_path / "build"
    folders = []
    for name, seconds in (("a", 0.3), ("b", 0.5), ("c", 0.4)):
        folder = tmp_path / "inputs" / name
        folder.mkdir(parents=True)
        shutil.copy(EXAMPLE / "dossier.yaml", folder)
        os.utime(folder / "dossier.yaml", (now - 3600, now - 3600))
        (folder / "templates").symlink_to(org.parent)
        _built(folder, root, seconds, when=now - 60)
        folders.append(folder)
    os.utime(org / "projectplan.docx", (now, now))  # the edit, after the round
    return folders, root


def test_only_the_changed_templates_pdf_is_counted_per_dossier(round_after_template_change) -> None:
    folders, root = round_after_template_change
    assert [due_seconds(f, root) for f in folders] == [0.3, 0.5, 0.4]


def test_the_round_is_handed_out_longest_first(round_after_template_change, tmp_path: Path) -> None:
    folders, root = round_after_template_change
    new = tmp_path / "inputs" / "nieuw"  # never built: everything due, so first
    new.mkdir()
    shutil.copy(EXAMPLE / "dossier.yaml", new)
    assert [f.name for f in longest_first([*folders, new], root)] == ["nieuw", "b", "c", "a"]


def test_a_dossier_with_nothing_due_goes_last(round_after_template_change) -> None:
    folders, root = round_after_template_change
    current = folders[0]
    out = Places.of(current, root).out
    later = time.time() + 60
    for pdf in out.glob("*.pdf"):
        os.utime(pdf, (later, later))  # made after the edit: nothing due
    assert due_seconds(current, root) == 0.0
    assert [f.name for f in longest_first(folders, root)] == ["b", "c", "a"]


class _RecordingPool(Executor):
    """Stands in for the batch's process pool: records each job and answers it at once."""

    jobs: ClassVar[list[tuple[object, ...]]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        type(self).jobs = []

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        type(self).jobs.append(args)
        future: Future = Future()
        future.set_result(BatchItem(args[0], None, "niet gebouwd in deze test"))
        return future


def test_build_many_submits_one_dossier_per_job_in_that_order(round_after_template_change,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folders, root = round_after_template_change
    monkeypatch.setattr(build_command, "ProcessPoolExecutor", _RecordingPool)
    outcomes = build_many(folders, out=Reporter(quiet=True, stderr=io.StringIO()), output_root=root, today=None,
                          ask=Ask(check=False), workers=2)
    assert [job[0].name for job in _RecordingPool.jobs] == ["b", "c", "a"]
    assert len(outcomes) == 3


def test_a_pdfs_seconds_are_kept_for_the_next_round(tmp_path: Path) -> None:
    target = tmp_path / "projectplan.pdf"
    target.write_bytes(b"%PDF-")
    done: Future = Future()
    done.set_result((0.4321, True))
    cache = OutputCache(tmp_path)
    rendering = Rendering(naam="x", output=tmp_path, cache=cache)
    rendering.pending.append((DOCUMENTEN[0], target, "sleutel", done))
    rendering.wait()
    assert cache.get("projectplan.pdf")["seconds"] == 0.432
    assert cache.fresh("projectplan.pdf", "sleutel")
