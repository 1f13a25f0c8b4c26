"""Atomic file output: a failed or interrupted build never leaves a half-written file."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from pipeline.exceptions import OutputError

_REDENEN = {
    errno.ENOTDIR: "een deel van dit pad is een bestand, geen map",
    errno.EEXIST: "er staat al een bestand met de naam van een map",
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "geen schrijfrechten",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quota) is op",
    errno.EISDIR: "er staat een map met deze naam",
    errno.ENAMETOOLONG: "de naam is te lang",
}


def reden(exc: OSError) -> str:
    """Why writing failed, in Dutch; the system's own words for the rare rest."""
    return _REDENEN.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``path`` and rename it into place.

    The rename is atomic on POSIX, so readers (a browser preview, a zip step) see either
    the previous complete file or the new complete file, never a mix.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path.parent}: kan hier niet schrijven ({reden(exc)})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: kan het bestand niet schrijven ({reden(exc)})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly these bytes.

    Keeps mtimes stable for a no-op build, so editors, previews and sync tools see no change.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def remove(path: Path) -> bool:
    """Remove an output that no longer holds (if it is there); a Dutch error when it cannot be.

    Every removal in build/ goes through here: a read-only folder is a message, not a traceback.
    """
    try:
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):  # not there (a file where a folder should be)
        return False
    except OSError as exc:
        raise OutputError(f"{path}: kan het verouderde bestand niet verwijderen ({reden(exc)})") from None
    return True
