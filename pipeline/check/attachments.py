"""Is an attachment a real, non-empty PDF, DOCX or image inside the dossier folder?

The file type is read from the first bytes, not the extension: a renamed ``.txt`` or an
empty placeholder must not pass as the MR-advies DUO asks for. Paths are resolved so a
symlink cannot smuggle in a file from elsewhere on the disk.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)
_ZIP = b"PK\x03\x04"

# Named in messages: what an attachment may be.
ALLOWED_KINDS = "PDF, DOCX of afbeelding (PNG of JPEG)"


def file_kind(path: Path) -> str | None:
    """``PDF``, ``DOCX``, ``PNG`` or ``JPEG`` by content; ``None`` for anything else."""
    with path.open("rb") as handle:
        head = handle.read(8)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return "DOCX"
        except (zipfile.BadZipFile, OSError):
            return None
    return None


def attachment_problem(folder: Path, path: str) -> str | None:
    """What is wrong with attachment ``path`` of the dossier in ``folder``, or ``None``."""
    root = folder.resolve()
    candidate = folder / path
    try:
        resolved = candidate.resolve()
    except ValueError:  # a NUL character: no file system accepts it
        return "is geen geldige bestandsnaam"
    except (OSError, RuntimeError):  # symlink loop
        return "kan niet worden gevolgd (snelkoppeling die naar zichzelf wijst?)"
    if not resolved.is_relative_to(root):
        return "wijst via een snelkoppeling (symlink) naar een bestand buiten de dossiermap"
    try:  # stat itself can fail: a name too long for the file system, no permission
        if not resolved.exists():
            return "bestaat niet" + _did_you_mean(root, path)
        if not resolved.is_file():
            return "is geen bestand"
        if resolved.stat().st_size == 0:
            return "is leeg (0 bytes)"
        kind = file_kind(resolved)
    except OSError as exc:
        return f"kan niet worden gelezen ({exc.strerror})"
    if kind is None:
        return f"is geen {ALLOWED_KINDS} (gecontroleerd op de inhoud, niet op de extensie)"
    return None


_MAX_FILES = 2_000  # a dossier folder has a handful; never walk a huge tree for a hint


def _did_you_mean(root: Path, path: str) -> str:
    """``; bedoelde u ‘bijlagen/MR-advies.pdf’?`` when a file in the dossier folder differs from
    ``path`` only in capitals, or is the same name in another folder (``bijlagen/`` left out)."""
    wanted = path.strip().replace("\\", "/").lower()
    name = wanted.rsplit("/", 1)[-1]
    same_path, same_name = [], []
    for n, found in enumerate(root.rglob("*")):
        if n >= _MAX_FILES:
            break
        relative = found.relative_to(root).as_posix()
        if relative.startswith(("build/", "templates/")) or not found.is_file() or found.is_symlink():
            continue
        if relative.lower() == wanted:
            same_path.append(relative)
        elif found.name.lower() == name:
            same_name.append(relative)
    options = same_path or same_name
    return f"; bedoelde u ‘{options[0]}’?" if len(options) == 1 else ""
