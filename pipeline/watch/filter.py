"""Which file-system events are real saves worth a rebuild.

Editors do not simply write a file: vim writes ``4913`` and ``.x.swp`` files and renames
the original to ``x~``; VS Code and many others write a temp file and rename it over the
original; Word keeps a ``~$x.docx`` lock file and ``~WRL1234.tmp`` scratch files; even a
plain read fires open/close events. Only a change to a real file counts, and for a rename
the file it became is the one that changed (the atomic save).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import (
    DirModifiedEvent,
    FileClosedNoWriteEvent,
    FileOpenedEvent,
    FileSystemEvent,
)

# Events that never mean "content changed": a read opens and closes a file, and a
# directory's own mtime moves whenever a file inside it is created or renamed.
QUIET_EVENTS: tuple[type[FileSystemEvent], ...] = (FileOpenedEvent, FileClosedNoWriteEvent, DirModifiedEvent)

# File names editors and office suites leave behind while saving (matched per path part).
# Every name starting with "." is ignored too: swap files (.x.swp), emacs locks (.#x),
# LibreOffice locks (.~lock.x#), gedit's .goutputstream-*, .git/, .DS_Store, and the
# ".x.123.tmp" files our own atomic writes use.
SCRATCH_PATTERNS: tuple[str, ...] = (
    "*~",  # vim/emacs/gedit backup copies
    "4913",  # vim probes whether it may create files in the folder
    "#*#",  # emacs auto-save
    "~$*",  # Word/Excel owner lock files
    "*.tmp",
    "*.temp",
    "*.swp",
    "*.swx",
    "*.bak",
    "*.crdownload",
    "*.part",
    "Thumbs.db",
    "desktop.ini",
)
_SCRATCH = re.compile("|".join(fnmatch.translate(p) for p in SCRATCH_PATTERNS), re.IGNORECASE)


def is_scratch(name: str) -> bool:
    """True for a file or folder name that an editor or the OS leaves behind, not a user's file."""
    return name.startswith(".") or _SCRATCH.match(name) is not None


def absolute(path: str | bytes | Path) -> Path:
    """Absolute and normalised, without resolving symlinks (events report the watched spelling)."""
    return Path(os.path.abspath(os.fsdecode(path)))


class EventFilter:
    """Decides per event which paths changed; ignores scratch files and our own output.

    Only the part of a path below a watched root is judged, so a project that itself lives
    in a hidden folder still works. ``ignored_roots`` are folders whose events never count
    (the build folder, should it lie below a watched folder): output never triggers a build.
    """

    def __init__(self, watched_roots: Iterable[Path], ignored_roots: Iterable[Path] = ()) -> None:
        self.watched_roots = tuple(absolute(r) for r in watched_roots)
        self.ignored_roots = tuple(absolute(r) for r in ignored_roots)

    def ignored(self, path: Path) -> bool:
        if any(path.is_relative_to(root) for root in self.ignored_roots):
            return True
        for root in self.watched_roots:
            if path.is_relative_to(root):
                return any(is_scratch(part) for part in path.relative_to(root).parts)
        return True

    def changed_paths(self, event: FileSystemEvent) -> list[Path]:
        """The real files (or folders) this event changed; empty when it changed nothing.

        A rename reports both ends: the destination is the newly saved file, and the
        source (vim renaming ``x`` to ``x~``) means the original went away for a moment.
        Scratch names on either end drop out, so an atomic save yields only the target.
        """
        if isinstance(event, QUIET_EVENTS):
            return []
        raw = [event.src_path]
        if event.event_type == "moved":
            raw.append(event.dest_path)
        paths = [absolute(p) for p in raw if p]
        return [p for p in paths if not self.ignored(p)]
