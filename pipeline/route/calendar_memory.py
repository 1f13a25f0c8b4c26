"""What each calendar event said last, kept with the dossier: ``inputs/<naam>/.termijnen.json``.

Outlook and Google update an imported appointment only when its SEQUENCE went up; the numbers must
therefore outlive ``build/`` (a clean, a new machine), like what was sent. The file holds event ids,
digests, numbers and dates, nothing the applicant wrote. It is the tool's: a damaged, foreign or
oversized one is not read (the events start again at 0 and the file is written anew), a link is never
followed, and it is rewritten only when a number changed.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.output import write_if_changed

MEMORY_FILE = ".termijnen.json"
MAX_BYTES = 256 * 1024  # a route has a few dozen events; anything bigger is not ours
_STAMP = re.compile(r"\d{8}T\d{6}Z")
_DIGEST = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class Seen:
    """One event as last written: what it said (digest), its SEQUENCE and LAST-MODIFIED."""

    digest: str
    sequence: int
    modified: str


def _valid(entry: object) -> Seen | None:
    if not (isinstance(entry, dict) and set(entry) == {"digest", "sequence", "modified"}):
        return None
    digest, sequence, modified = entry["digest"], entry["sequence"], entry["modified"]
    if not (isinstance(digest, str) and _DIGEST.fullmatch(digest) and isinstance(modified, str)
            and _STAMP.fullmatch(modified) and type(sequence) is int and 0 <= sequence < 2**31):
        return None
    return Seen(digest, sequence, modified)


def recall(folder: Path) -> dict[str, Seen]:
    """What the events said last (empty when there is no usable memory)."""
    try:
        fd = os.open(folder / MEMORY_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # none yet, a link, or unreadable: start again
        return {}
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return {}
        raw = handle.read(MAX_BYTES + 1)
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    memory = {uid: seen for uid, entry in data.items() if (seen := _valid(entry)) is not None}
    return memory if len(memory) == len(data) else {}


def remember(folder: Path, memory: dict[str, Seen]) -> None:
    """Keep what the events say now (atomically; untouched when nothing changed)."""
    data = {uid: {"digest": s.digest, "sequence": s.sequence, "modified": s.modified}
            for uid, s in sorted(memory.items())}
    write_if_changed(folder / MEMORY_FILE, (json.dumps(data, indent=1) + "\n").encode())
