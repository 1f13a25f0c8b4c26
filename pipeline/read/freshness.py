"""Has anything changed since a dossier's last complete run? Decided with light imports only.

"Nothing changed" must be instant: no weasyprint, no pydantic model, no worker processes.
This module hashes what a run is made of (the dossier folder, every template folder on its
search path with links resolved, the tool's code, the date for the deadline) and compares it
with what the last complete run recorded, including the bytes of every file it wrote.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.cache import OutputCache, code_fingerprint, file_digest, output_digest
from pipeline.dates import build_date
from pipeline.paths import Places, dossier_folder, resolved
from pipeline.route.calendar_memory import MEMORY_FILE
from pipeline.templates import template_dirs

DOSSIER_KEY = "dossier"


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What the last complete run of a dossier said, kept in its cache so that an unchanged
    dossier is reported without running anything (``cli`` and ``run`` read it back)."""

    key: str  # ``dossier_key`` of the inputs it was made from
    klaar: bool
    verdict: str
    files: dict[str, str | None] = field(default_factory=dict)  # output (relative) → sha256 when written
    bundle: str | None = None  # DUO's zip's name
    bundle_reason: str = ""  # why there is none
    reason: str = ""  # not ready: the first error
    sent: str = ""  # what was sent, and whether the answers still match it
    niveau: str = "niet klaar"  # check.engine.Niveau

    @classmethod
    def from_json(cls, data: Any) -> RunRecord | None:
        if not isinstance(data, dict):
            return None
        try:
            record = cls(**data)
        except TypeError:  # written by another version
            return None
        return record if isinstance(record.files, dict) and isinstance(record.key, str) else None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _tree_digest(digest: Any, root: Path, allowed: list[Path], skip: tuple[str, ...] = (),
                 own: tuple[str, ...] = ()) -> None:
    """Every file below ``root``. Links are not followed out of the dossier and template
    folders (a link to ``/proc/kmsg`` would block, one to ``/`` would hash the disk): a link
    whose target lies inside ``allowed`` counts with its content, any other by its target. ``own``: files at
    the root the tool itself writes there (not inputs: counting them would make every build a change)."""
    if not root.is_dir():
        return
    for current, dirs, files in os.walk(root):  # linked folders are not descended into
        if current == str(root):
            dirs[:] = [d for d in dirs if d not in skip]
            files = [f for f in files if f not in own]
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(current, d))]:
            path = Path(current) / name
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            if path.is_symlink():
                try:
                    target = path.resolve()
                    inside = target.is_file() and any(target.is_relative_to(a) for a in allowed)
                except (OSError, RuntimeError):  # a loop, or a target that cannot be looked at
                    inside = False
                if not inside:
                    digest.update(os.readlink(path).encode())
                    continue
                path = target
            if stat.S_ISREG(path.stat().st_mode):
                digest.update(file_digest(path))


def dossier_key(folder: Path, *, today: date) -> str:
    """Everything one dossier's outputs are made of: its folder, its templates, the tool, the date.

    Cheap (no YAML parsing), so a batch where nothing changed costs a few ms per dossier.
    """
    folder = dossier_folder(folder)
    templates = template_dirs(folder)  # first: refuses a templates link to / or the home folder
    real = resolved(folder)  # a folder that is a link in a circle: no folder, hashed as nothing (load says so)
    allowed = [real, *templates]
    made = build_date().isoformat()  # the day the documents say they were made
    digest = hashlib.sha256(f"{code_fingerprint()}\0{today.isoformat()}\0{made}\0".encode())
    _tree_digest(digest, real, allowed, skip=("templates",),  # hashed below, link resolved
                 own=(MEMORY_FILE,))  # the calendar's memory of what it said: written by the build itself
    for root in templates:  # the dossier's own (its link resolved) and the shipped ones
        digest.update(b"\0templates\0")
        _tree_digest(digest, root, allowed)
    return digest.hexdigest()


def remembered(places: Places, key: str) -> RunRecord | None:
    """The last complete run's record when ``key`` matches and every output still holds its bytes.

    Kept bundles live in the dossier folder, so ``key`` covers them: a deleted one is noticed."""
    record = RunRecord.from_json(OutputCache(places.out).get(DOSSIER_KEY))
    if record is None or record.key != key or places.old_archive.exists():  # a run must move that one
        return None
    for name, digest in record.files.items():
        if output_digest(places.out / name) != digest:
            return None  # a file went missing or was overwritten by a build that did not finish
    return record
