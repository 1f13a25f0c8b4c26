"""What was sent stays as sent, with the dossier: ``inputs/<naam>/ingediend/<datum>/``.

The build folder is disposable (``make clean``, a fresh clone); the record of what DUO
received is not, so it lives in the applicant's own folder, where their version control can
keep it. ``keep`` is the one place that keeps a bundle, called first in every run, before
anything may withdraw or replace the zip in ``build/<naam>/``.

A bundle is kept as sent on a date only when it was built on or before that date (its
manifest's ``gebouwd_op``). A zip built later holds answers that may not be the ones sent:
then nothing is kept, and the message says which bundle would have been right and how to
put it in place. No record is better than a wrong one. A kept bundle is never moved or
deleted by the tool.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline.dates import datum
from pipeline.exceptions import KeepError, OutputError
from pipeline.output import reden, write_atomic
from pipeline.paths import BUNDLE_SUFFIX, Places, display_path, file_kind


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a DUO zip says of itself (``manifest.json``)."""

    answers: str | None  # sha256 of the dossier.yaml it was made from
    built_on: date | None
    attachments: dict[str, str] | None = None  # sha256 of each attachment it joins, by its name
    signed: dict[str, str] | None = None  # sha256 of each signed copy it carries, by its path in the dossier

    @classmethod
    def of(cls, zip_path: Path) -> Manifest | None:
        try:
            with zipfile.ZipFile(zip_path) as archive:
                data = json.loads(archive.read("manifest.json"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            return None
        if not isinstance(data, dict):
            return None
        built = data.get("gebouwd_op")
        try:
            built_on = datetime.fromisoformat(built).date() if isinstance(built, str) else None
        except ValueError:
            built_on = None
        answers = data.get("antwoorden_sha256")
        attachments, signed = data.get("bijlagen"), data.get("ondertekend", {})
        return cls(answers if isinstance(answers, str) else None, built_on,
                   attachments if isinstance(attachments, dict) else None, signed if isinstance(signed, dict) else None)


def duo_zip(folder: Path) -> Path | None:
    """DUO's zip in ``folder`` (the build folder, or a kept ``ingediend/<datum>/``), if any."""
    return next(iter(sorted(folder.glob(f"*{BUNDLE_SUFFIX}"))), None) if folder.is_dir() else None


@dataclass(frozen=True, slots=True)
class Sent:
    """The submission as the dossier's archive holds it."""

    datum: date
    bundle: Path | None  # the kept zip (None: nothing kept)
    same_answers: bool | None  # None: nothing kept to compare with
    why_not: str = ""  # nothing kept: why, and how to put the right bundle in place
    why_not_on_page: str = ""  # the same without local paths
    changed_attachments: tuple[str, ...] = ()  # attachments (as dossier.yaml names them) not as sent

    @property
    def message(self) -> str:
        """One Dutch sentence for the build and the status."""
        return self.text(local=True)

    def text(self, *, local: bool) -> str:
        """The sentence; ``local=False`` names the kept zip relative to the dossier only (a page
        that may be passed on never shows a local path, which may carry a person's name)."""
        when = datum(self.datum)
        why = self.why_not if local else self.why_not_on_page
        if self.bundle is None and why.endswith("bewaard"):
            return f"ingediend op {when}; {why}"
        if self.bundle is None:
            return f"let op: ingediend op {when}, maar er is geen bundel bewaard: {why}"
        where = display_path(self.bundle) if local else "/".join(self.bundle.resolve().parts[-4:])
        if self.same_answers is False:
            return (f"let op: de antwoorden in dossier.yaml komen niet meer overeen met wat op {when} is "
                    f"ingediend ({where})")
        if len(self.changed_attachments) == 1:
            return (f"let op: {self.changed_attachments[0]} is niet meer de bijlage die op {when} is ingediend "
                    f"({where})")
        if self.changed_attachments:
            names = " en ".join([", ".join(self.changed_attachments[:-1]), self.changed_attachments[-1]])
            return f"let op: {names} zijn niet meer de bijlagen die op {when} zijn ingediend ({where})"
        return f"ingediend op {when}; de ingediende bundel staat in {where}"


def kept_bundles(places: Places) -> list[Path]:
    """Every kept submission of the dossier."""
    return sorted(places.archive.glob(f"*/*{BUNDLE_SUFFIX}")) if places.archive.is_dir() else []


def _why_not_kept(places: Places, sent_on: date, *, local: bool) -> str:
    """Why nothing is kept for ``sent_on``, and how to put the right bundle in place; ``local=False``
    names folders relative to the dossier's own name (a page that is passed on shows no local path)."""
    kept_in = places.sent(sent_on)
    where = display_path(kept_in) if local else "/".join(kept_in.resolve().parts[-3:])
    if _blocked(places.archive):  # a file (or FIFO) where the archive folder belongs: say that, not its effect
        archive = display_path(places.archive) if local else places.archive.name
        return (f"{archive} is {file_kind(places.archive)}, geen map: daarin bewaart ‘dossier build’ wat is "
                f"ingediend; hernoem of verwijder het en bouw opnieuw")
    build = display_path(places.out) if local else "de uitvoermap"
    recover = f"zet de zip die u op {datum(sent_on)} uploadde in {where}/"
    live = duo_zip(places.out)
    manifest = Manifest.of(live) if live is not None else None
    if live is None:
        return f"in {build}/ stond geen bundel (nog niet gebouwd of niet klaar); {recover}"
    if manifest is None or manifest.built_on is None:
        return f"de bundel in {build}/ zegt niet wanneer hij is gemaakt; {recover}"
    if manifest.built_on <= sent_on:  # not kept yet: ``state`` without ``keep`` (dossier status)
        return f"de bundel in {build}/ wordt bij de volgende ‘dossier build’ bewaard"
    return (f"de bundel in {build}/ is gemaakt op {datum(manifest.built_on)}, ná het indienen, "
            f"en kan dus andere antwoorden bevatten dan de bundel die u indiende; {recover}")


def _move_old_archive(places: Places) -> list[str]:
    """Bundles kept inside build/ by earlier versions move to the dossier, once."""
    old = places.old_archive
    if not old.is_dir() or old.is_symlink():
        return []
    notes = []
    for dated in sorted(p for p in old.iterdir() if p.is_dir() and not p.is_symlink()):
        target = places.archive / dated.name
        if target.exists():
            continue
        try:
            places.archive.mkdir(parents=True, exist_ok=True)
            shutil.copytree(dated, target, symlinks=True)
            shutil.rmtree(dated)
        except OSError as exc:
            raise KeepError(f"{display_path(dated)}: kan de ingediende bundel niet verplaatsen naar "
                            f"{display_path(target)} ({reden(exc)})") from None
        notes.append(f"de ingediende bundel van {dated.name} is verplaatst van {display_path(dated)}/ naar "
                     f"{display_path(target)}/ (daar blijft hij bewaard, ook na ‘make clean’)")
    if old.is_dir() and not any(old.iterdir()):
        os.rmdir(old)
    return notes


def _blocked(archive: Path) -> bool:
    """Something that is no folder stands where the archive belongs (a link is followed, as a folder may be)."""
    return (archive.exists() or archive.is_symlink()) and not archive.is_dir()


def keep(places: Places, sent_on: date | None) -> list[str]:
    """Keep the bundle sent on ``sent_on`` (once); what was moved or kept, to tell the applicant.

    First in every run: before a build may replace the zip in build/ or withdraw it.
    """
    notes = _move_old_archive(places)
    if sent_on is None or duo_zip(places.sent(sent_on)) is not None:
        return notes
    live = duo_zip(places.out)
    manifest = Manifest.of(live) if live is not None else None
    if live is not None and manifest is not None and manifest.built_on is not None and manifest.built_on <= sent_on:
        if _blocked(places.archive):
            raise KeepError(f"{display_path(places.archive)} is {file_kind(places.archive)}, geen map: daarin bewaart "
                            f"‘dossier build’ de bundel die op {datum(sent_on)} is ingediend; hernoem of verwijder "
                            f"het; tot dan blijft de bundel in {display_path(places.out)}/ staan")
        kept = places.sent(sent_on) / live.name
        try:
            write_atomic(kept, live.read_bytes())
        except OutputError as exc:
            raise KeepError(f"{exc}; de bundel die op {datum(sent_on)} is ingediend, blijft in "
                            f"{display_path(places.out)}/ staan tot hij bewaard kan worden") from None
        notes.append(f"de bundel die op {datum(sent_on)} is ingediend, is bewaard in {display_path(kept)}")
    return notes


def state(places: Places, sent_on: date | None, answers: bytes | None,
          attachments: dict[str, str] | None = None) -> Sent | None:
    """Where the sent bundle is and whether dossier.yaml still holds the answers it was made from
    (``answers`` None: the dossier does not validate now), and which of the ``attachments`` (sha256 by
    name, as the bundle stage reads them) are not the ones sent. Reads, never writes."""
    if sent_on is None:
        return None
    kept = duo_zip(places.sent(sent_on))
    if kept is None:
        return Sent(sent_on, None, None, _why_not_kept(places, sent_on, local=True),
                    _why_not_kept(places, sent_on, local=False))
    manifest = Manifest.of(kept)
    same = None if answers is None else bool(manifest and manifest.answers == hashlib.sha256(answers).hexdigest())
    sent = manifest.attachments if manifest is not None else None
    changed: tuple[str, ...] = ()
    if sent is not None and attachments is not None:  # an older manifest names no attachments
        changed = tuple(sorted(n for n in set(sent) | set(attachments) if sent.get(n) != attachments.get(n)))
    if manifest is not None and manifest.signed:  # the signed copies, as the dossier holds them now
        changed += tuple(sorted(name for name, digest in manifest.signed.items()
                                if _digest_now(places.folder, name) != digest))
    return Sent(sent_on, kept, same, changed_attachments=changed)


def _digest_now(folder: Path, name: str) -> str | None:
    """sha256 of the file ``name`` in the dossier, read fenced; None when it is gone or refused."""
    from pipeline.check.attachments import Refused, read_attachment

    try:
        return hashlib.sha256(read_attachment(folder, name)).hexdigest()
    except Refused:
        return None
