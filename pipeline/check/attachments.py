"""Is an attachment a real, non-empty PDF or image inside the dossier folder (pages of DUO's attachment 4)?

The file type is read from the first bytes, not the extension: a renamed ``.txt`` or an
empty placeholder must not pass as the MR-advies DUO asks for. Paths are resolved so a
symlink cannot smuggle in a file from elsewhere on the disk, and the bundle zips bytes it
read and checked the same way (``read_attachment``).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from pathlib import Path

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)
_ZIP = b"PK\x03\x04"

# Named in messages: what an attachment may be.
ALLOWED_KINDS = "PDF of afbeelding (PNG of JPEG)"
MAX_ATTACHMENT = 50_000_000  # bytes; a scanned advice is well under 5 MB


def file_kind(data: bytes) -> str | None:
    """``PDF``, ``DOCX``, ``PNG`` or ``JPEG`` by content; ``None`` for anything else."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "DOCX"
        except (zipfile.BadZipFile, OSError):
            return None
    return None


class Refused(Exception):
    """An attachment that cannot be read as a file inside the dossier; the text says why, in Dutch."""


def read_attachment(folder: Path, path: str) -> bytes:
    """The bytes of attachment ``path`` (relative to the dossier ``folder``), read without
    ever leaving the folder.

    Links are resolved first and must stay inside; then the file is opened one folder at a
    time from the dossier folder with ``O_NOFOLLOW``, so a file swapped for a link between
    the check and the zip (or during the read) cannot lead outside: that open fails. The
    check and the bundle both read through here, and the bundle checks the bytes it zips.
    """
    root = folder.resolve()
    try:
        real = (folder / path).resolve()
    except ValueError:  # a NUL character: no file system accepts it
        raise Refused("is geen geldige bestandsnaam") from None
    except (OSError, RuntimeError):  # symlink loop
        raise Refused("kan niet worden gevolgd (snelkoppeling die naar zichzelf wijst?)") from None
    if not real.is_relative_to(root):
        raise Refused("wijst via een snelkoppeling (symlink) naar een bestand buiten de dossiermap")
    parts = real.relative_to(root).parts
    if not parts:
        raise Refused("is geen bestand")
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for part in parts[:-1]:
                inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = inner
            file = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
        finally:
            os.close(fd)
        with os.fdopen(file, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Refused("is geen bestand")
            if info.st_size > MAX_ATTACHMENT:  # never read a huge file into memory to find out
                raise Refused(f"is {info.st_size // 1_000_000} MB; een scan van een advies is veel kleiner "
                              f"(hoogstens {MAX_ATTACHMENT // 1_000_000} MB): scan opnieuw met een lagere resolutie")
            return handle.read(MAX_ATTACHMENT + 1)
    except FileNotFoundError:
        raise Refused("bestaat niet" + _did_you_mean(root, path)) from None
    except (IsADirectoryError, NotADirectoryError):
        raise Refused("is geen bestand") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link after it was resolved
            raise Refused("is tijdens het maken vervangen door een snelkoppeling; probeer het opnieuw") from None
        raise Refused(f"kan niet worden gelezen ({exc.strerror})") from None


def content_problem(data: bytes) -> str | None:
    """What is wrong with an attachment's bytes, or ``None``. Every attachment becomes pages of
    DUO's attachment 4 (one PDF, rebuilt: ``bundle.rebuild``), so it must open as a PDF with pages or
    as an image, within the limits of pages, unpacked size and megapixels."""
    if not data:
        return "is leeg (0 bytes)"
    kind = file_kind(data)
    if kind == "DOCX":
        return "is een Word-document; DUO's bijlage 4 wordt één PDF met alle adviezen: sla het op als PDF"
    if kind is None:
        return f"is geen {ALLOWED_KINDS} (gecontroleerd op de inhoud, niet op de extensie)"
    import pikepdf

    from pipeline.bundle.rebuild import limit_problem, opened

    beyond = limit_problem(data)  # pages, unpacked size, megapixels: before anything is decoded
    if beyond:
        return beyond
    try:
        if kind == "PDF":
            with opened(data) as pdf:
                assert isinstance(pdf, pikepdf.Pdf)
                if not len(pdf.pages):
                    return "is een PDF zonder pagina's"
        else:
            from PIL import Image

            with opened(data) as image:
                assert isinstance(image, Image.Image)
                image.load()
    except Exception as exc:  # qpdf and Pillow raise many kinds on a damaged file
        if isinstance(exc, pikepdf.PasswordError):  # only an owner password opens without one
            return "is beveiligd met een wachtwoord: sla de PDF op zonder beveiliging"
        return f"is beschadigd: het lukt niet om de {kind} te openen"
    return None


def attachment_problem(folder: Path, path: str) -> str | None:
    """What is wrong with attachment ``path`` of the dossier in ``folder``, or ``None``."""
    try:
        return content_problem(read_attachment(folder, path))
    except Refused as refused:
        return str(refused)


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
