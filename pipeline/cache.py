"""The build cache of one output folder: what each file was made from, and its bytes.

One module owns ``build/<naam>/.dossier-cache.json`` (``paths.CACHE_FILE``); a run loads it once and saves it once.
An entry records the key of the inputs a file was made from *and* the sha256 of the bytes
that were written, so a file overwritten by a build that was then interrupted (kill,
Ctrl-C) no longer matches and is never taken for fresh, even after an edit is undone.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pipeline import __version__
from pipeline.output import write_atomic
from pipeline.paths import CACHE_FILE

K = TypeVar("K")
T = TypeVar("T")


class Kept(Generic[K, T]):
    """The last ``size`` results of costly work, by key, per process: the oldest goes first, a hit counts as
    new, safe between threads. One kind of memo for the answers a text parses to and the signed copies
    already validated (what goes on disk across runs is ``by_content``'s)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[K, T] = OrderedDict()

    def get(self, key: K) -> T | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: K, value: T) -> None:
        with self._lock:
            self._kept[key] = value
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)


@cache
def fingerprinted_files() -> list[Path]:
    """The tool's source and its data files (the words of the privacy check, the regions): what a
    consultant edits there changes a verdict as much as code does."""
    root = Path(__file__).resolve().parent
    return sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml") and p.is_file())


def code_fingerprint() -> str:
    """Hash of the tool's own source and data: a changed renderer or word list invalidates the cache
    even without a version bump (developers, consultants). Each file is read once per process while it
    is unchanged (``file_digest``): a run asks some ten times per dossier."""
    digest = hashlib.sha256(__version__.encode())
    for path in fingerprinted_files():
        digest.update(file_digest(path))
    return digest.hexdigest()


# A file written this recently may be written again within the same tick of the file system's clock (a few
# milliseconds on ext4, two seconds on FAT) to the same size: nothing in its stat would show it. Such a file
# is read again on every ask ("racily clean", as git calls it); older ones are trusted by their stat.
SAME_MOMENT_NS = 3_000_000_000


def stat_identity(path: Path) -> tuple[int, ...] | None:
    """What shows, without reading it, that a file is the version read before: its size, modification time
    and change time, or ``None`` while it is too new for that (``SAME_MOMENT_NS``). Its age is its change
    time: the kernel's clock sets it on every write, rename or ``touch``, and no program sets it back or
    ahead (an unpacked archive's modification times may lie in the future)."""
    info = path.stat()
    if time.time_ns() - info.st_ctime_ns < SAME_MOMENT_NS:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _digest(path: Path) -> bytes:
    with path.open("rb") as stream:  # streamed: a large file in a dossier folder never fills memory
        return hashlib.file_digest(stream, "sha256").digest()


@cache
def _digest_of(path: Path, identity: tuple[int, ...]) -> bytes:
    del identity  # part of the cache key only: a changed file is read again
    return _digest(path)


def file_digest(path: Path) -> bytes:
    """sha256 of an input file, read once per process while it is unchanged (templates are
    shared by every document and every dossier of a batch, and watch mode asks on each save);
    a file saved in the last ``SAME_MOMENT_NS`` is read on every ask."""
    identity = stat_identity(path)
    return _digest(path) if identity is None else _digest_of(path, identity)


def output_digest(path: Path) -> str | None:
    """sha256 of an output file as it is on disk now (never from the per-process memo)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class OutputCache:
    """The cache of one output folder, loaded once per run and saved once."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        try:
            data = json.loads((out_dir / CACHE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.entries: dict[str, Any] = data if isinstance(data, dict) else {}
        self._saved = dict(self.entries)

    def fresh(self, name: str, key: str) -> bool:
        """``name`` exists, was made from ``key`` and still holds the bytes that were written."""
        entry = self.entries.get(name)
        return (isinstance(entry, dict) and entry.get("key") == key
                and entry.get("sha256") == output_digest(self.out_dir / name))

    def record(self, name: str, key: str, seconds: float | None = None) -> None:
        """``name`` was just written from ``key``; ``seconds``: what making it took (a PDF's layout),
        kept so the next round can hand out its longest documents first (``commands.round_order``)."""
        self.entries[name] = {"key": key, "sha256": output_digest(self.out_dir / name)}
        if seconds is not None:
            self.entries[name]["seconds"] = round(seconds, 3)

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def get(self, name: str) -> Any:
        return self.entries.get(name)

    def put(self, name: str, value: Any) -> None:
        self.entries[name] = value

    def save(self) -> None:
        if self.entries != self._saved:
            write_atomic(self.out_dir / CACHE_FILE, json.dumps(self.entries, indent=1, sort_keys=True).encode())
            self._saved = dict(self.entries)


def by_content(entry: Path | None, version: str, make: Callable[[], T], dump: Callable[[T], Any],
               load: Callable[[Any], T]) -> T:
    """What reading a file said, kept in ``entry`` (a JSON file named by the file's sha256 in
    ``Places.readings``) with the ``version`` of the reader: read again when either differs or the
    entry is damaged (``load`` raising ``ValueError``, ``TypeError`` or ``KeyError``). A cache that
    cannot be written only costs time. ``entry`` None: no cache, just ``make()``."""
    if entry is not None:
        try:
            stored = json.loads(entry.read_bytes())
            if isinstance(stored, dict) and stored.get("lezer") == version:
                return load(stored["inhoud"])
        except (OSError, ValueError, TypeError, KeyError):
            pass
    value = make()
    if entry is not None:
        from pipeline.exceptions import OutputError

        with suppress(OutputError):
            write_atomic(entry, json.dumps({"lezer": version, "inhoud": dump(value)}, ensure_ascii=False).encode())
    return value
