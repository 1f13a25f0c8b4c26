"""What was sent stays as sent: ``build/<naam>/ingediend/<datum>/<naam>-aanvraag.zip``.

The first build after voortgang.yaml says the dossier went to DUO keeps the zip the last
build made (before this build may replace it), and every later build compares the answers
the kept zip was made from (its manifest's ``antwoorden_sha256``) with dossier.yaml now, and
says so plainly when they differ. A kept bundle is a record: the tool never deletes or moves it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.output import write_atomic
from pipeline.paths import BUNDLE_SUFFIX, display_path
from pipeline.render.context import datum

SENT_DIR = "ingediend"


@dataclass(frozen=True, slots=True)
class Sent:
    """The submission as the build folder remembers it."""

    datum: date
    bundle: Path | None  # the kept zip, if there was one to keep
    same_answers: bool | None  # None: nothing kept to compare with

    @property
    def message(self) -> str:
        """One Dutch sentence for the build and the status."""
        return self.text(local=True)

    def text(self, *, local: bool) -> str:
        """The sentence; ``local=False`` names the kept zip inside the build folder only (a page
        that may be passed on never shows a local path, which may carry a person's name)."""
        when = datum(self.datum)
        if self.bundle is None:
            return (f"ingediend op {when}, maar er was geen bundel om te bewaren (het dossier was bij de vorige "
                    "build niet klaar of nog niet gebouwd)")
        where = display_path(self.bundle) if local else self.bundle.relative_to(self.bundle.parents[3]).as_posix()
        if self.same_answers:
            return f"ingediend op {when}; de ingediende bundel staat in {where}"
        return (f"let op: de antwoorden in dossier.yaml komen niet meer overeen met wat op {when} is ingediend "
                f"({where})")


def kept_bundles(out_dir: Path) -> list[Path]:
    """Every kept submission in ``out_dir``: part of the run's record, so a deleted one is not
    reported as still there by a run that counts as unchanged."""
    return sorted((out_dir / SENT_DIR).glob(f"*/*{BUNDLE_SUFFIX}"))


def _first_zip(folder: Path) -> Path | None:
    """DUO's zip in ``folder`` (the build folder, or a kept ``ingediend/<datum>/``), if any."""
    return next(iter(sorted(folder.glob(f"*{BUNDLE_SUFFIX}"))), None) if folder.is_dir() else None


def keep_sent_bundle(out_dir: Path, sent_on: date) -> Path | None:
    """Keep the zip that was sent on ``sent_on`` (once); returns the kept zip, if any.

    Called before a build replaces the zip. Bundles kept under another date stay: a new date
    may be a second submission, and what was sent before is a record.
    """
    target = out_dir / SENT_DIR / sent_on.isoformat()
    if (kept := _first_zip(target)) is not None:
        return kept
    live = _first_zip(out_dir)
    if live is None:
        return None
    copy = target / live.name
    write_atomic(copy, live.read_bytes())
    return copy


def sent_state(out_dir: Path, sent_on: date | None, answers: bytes) -> Sent | None:
    """Where the sent bundle is and whether dossier.yaml still holds the answers it was made from."""
    if sent_on is None:
        return None
    kept = _first_zip(out_dir / SENT_DIR / sent_on.isoformat())
    if kept is None:
        return Sent(sent_on, None, None)
    from pipeline.bundle import bundle_answers

    same = bundle_answers(kept.parent) == hashlib.sha256(answers).hexdigest()
    return Sent(sent_on, kept, same)
