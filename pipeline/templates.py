"""Where templates live, and the override search path.

A dossier (``inputs/<naam>/templates/``) or an organisation can override a shipped
template without editing it; the first folder that has the file wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.exceptions import TemplateProblem
from pipeline.paths import file_kind, resolved
from pipeline.ui import Reporter

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


SYSTEM_FOLDERS = tuple(Path(p) for p in ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/root",
                                           "/run", "/sbin", "/sys", "/usr", "/var"))


def template_dirs(dossier_folder: Path | None = None) -> list[Path]:
    """Search path, most specific first: the dossier's own templates, then the shipped ones.

    A dossier's ``templates`` may be a link to an organisation's template folder (links are
    resolved first), but never to a folder that holds the system, the home folder or the
    dossier itself: everything in a template folder is read and hashed, and the preview
    serves from it.
    """
    dirs = []
    if dossier_folder is not None and (dossier_folder / "templates").is_dir():
        own = dossier_folder / "templates"
        real = own.resolve()
        if _not_a_template_folder(real, dossier_folder):
            raise TemplateProblem(
                f"{own} verwijst naar {real}: dat kan geen sjabloonmap zijn (het systeem, de thuismap of een "
                "map om het dossier heen); laat templates/ naar de sjabloonmap van uw organisatie wijzen", own)
        dirs.append(real)
    dirs.append(TEMPLATES)
    return dirs


def _not_a_template_folder(real: Path, dossier_folder: Path) -> bool:
    dossier = dossier_folder.resolve()
    home = Path.home().resolve()
    return (real == Path(real.anchor) or real == home or dossier.is_relative_to(real) or real in home.parents
            or any(real == s or real.is_relative_to(s) for s in SYSTEM_FOLDERS))


def find_template(relative: str, dossier_folder: Path | None = None) -> Path:
    """Resolve e.g. ``projectplan/projectplan.docx`` along the search path (fenced: see ``inside``)."""
    for base in template_dirs(dossier_folder):
        candidate = base / relative
        if candidate.is_file() or candidate.is_symlink():
            return fenced(candidate, base)
    raise TemplateProblem(f"sjabloon {relative} niet gevonden in {TEMPLATES}")


def outside(path: Path, base: Path) -> Path | None:
    """Where ``path`` really leads when that is not a regular file inside ``base`` (links are
    resolved first), else ``None``.

    The one fence for everything read from a template folder (Word templates, the
    stylesheet, the checklist's includes): a link in a colleague's template folder must not
    pull ``/etc/passwd`` or a home folder's files into a submitted document.
    """
    real = resolved(path)
    if not real.is_relative_to(base.resolve()) or not real.is_file():
        return real
    return None


def fenced(path: Path, base: Path) -> Path:
    """``path`` resolved, or a ``TemplateProblem`` when it leads out of ``base`` or is no regular file
    (see ``outside``); each said as what it is, not as 'niet gevonden'."""
    real = outside(path, base)
    if real is not None and real.is_relative_to(base.resolve()):
        if not real.exists():
            raise TemplateProblem(f"{path} is een koppeling die nergens heen leidt of in een kring naar zichzelf: "
                                  "dat wordt niet gelezen; zet er het bestand zelf neer", path)
        raise TemplateProblem(f"{path} is {file_kind(real)}, geen gewoon bestand: dat wordt niet gelezen; zet er "
                              "een gewoon bestand neer", path)
    if real is not None:
        raise TemplateProblem(f"{path} verwijst naar {real}, buiten de sjabloonmap {base}: dat wordt niet gelezen; "
                              "zet het bestand zelf in de sjabloonmap", path)
    return path.resolve()


OWN_FOLDERS = ("checklist",)  # template folders of their own besides the documents'
# What a stylesheet can use: itself, images, fonts. Other files (a README) feed nothing.
SHARED_SUFFIXES = frozenset({".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".woff", ".woff2", ".ttf",
                             ".otf"})


def _ignored(name: str) -> bool:
    """Editor and Word side files (``~$x.docx`` lock files, ``.x.swp``, ``x~``) feed nothing."""
    return name.startswith(("~$", ".")) or name.endswith("~")


def role(relative: Path, document_ids: Iterable[str]) -> tuple[str, str] | None:
    """What a file inside a templates folder is: ``("bron", id)`` the Word template of a
    document (its only source), ``("gedeeld", "")`` shared by every PDF (the stylesheet and
    whatever it uses: images, fonts, in the top folder or a shared subfolder), or ``None``.

    The one rule behind the build cache and watch mode.
    """
    parts = relative.parts
    if not parts or any(_ignored(part) for part in parts):
        return None
    ids = set(document_ids)
    if parts[0] in ids:
        return ("bron", parts[0]) if len(parts) == 2 and relative.suffix == ".docx" else None
    if parts[0] in OWN_FOLDERS or relative.suffix.lower() not in SHARED_SUFFIXES:
        return None
    return ("gedeeld", "")


def dependencies(document_id: str, fmt: str, dossier_folder: Path | None = None) -> list[Path]:
    """Every template file a document's ``fmt`` output is made from, by ``role``.

    A DOCX depends on its Word template; a PDF on that plus every shared file (the
    stylesheet and what it refers to). For the checklist (an HTML template in
    ``templates/checklist/``) its own folder counts as its source. An override in the
    dossier's ``templates/`` shadows the shipped file of the same name.
    """
    from pipeline.documents import BY_ID

    ids = set(BY_ID)
    found: dict[Path, Path] = {}  # relative name → the file that wins (first folder on the path)
    for base in template_dirs(dossier_folder):
        for path in _files(base):
            relative = path.relative_to(base)
            what = role(relative, ids)
            if what == ("bron", document_id) or (what == ("gedeeld", "") and fmt != "docx") or (
                    document_id in OWN_FOLDERS and relative.parts[0] == document_id and not _ignored(path.name)):
                found.setdefault(relative, path)
    return [found[k] for k in sorted(found)]


def _files(base: Path) -> list[Path]:
    if not base.is_dir():
        return []
    return [p for p in base.rglob("*") if p.is_file() and outside(p, base) is None]


_TEMPLATE_FOLDER_NAMES = frozenset({"template", "templates", "sjabloon", "sjablonen"})  # compared lower-case
_MAX_SCANNED = 500  # a template folder holds a handful of files; never walk a huge tree for a hint


def _meant_as(name: str, ids: set[str]) -> str | None:
    """The document (or checklist) a file name was meant for: ``projectplan.docx`` → ``projectplan``."""
    stem = Path(name).stem.lower()
    for known in (*sorted(ids), *OWN_FOLDERS):
        if stem == known or stem.startswith((f"{known} ", f"{known}(", f"{known}-kopie", f"{known}_")):
            return known
    return None


def misplaced_templates(dossier_folder: Path) -> list[tuple[Path, Path]]:
    """Template files in a dossier that the search path never reads, with where they belong.

    A Word template one folder too high (``templates/projectplan.docx``), under a folder named
    ``template/`` or ``sjablonen/``, or straight in the dossier folder's ``projectplan/`` would
    be linted and counted, but every build would silently use the shipped one.
    """
    from pipeline.documents import BY_ID

    ids = set(BY_ID)
    own = dossier_folder / "templates"
    found: list[tuple[Path, Path]] = []
    try:
        folders = [p for p in dossier_folder.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return []
    for folder in folders:
        name = folder.name.lower()
        if name not in _TEMPLATE_FOLDER_NAMES and name not in ids:
            continue
        base = folder.parent if name in ids else folder  # ``<dossier>/projectplan/`` lacks the templates/ level
        for n, path in enumerate(folder.rglob("*")):
            if n >= _MAX_SCANNED:
                break
            if not path.is_file() or _ignored(path.name) or path.suffix.lower() not in {".docx", ".html"}:
                continue
            relative = path.relative_to(base)
            if folder == own and role(relative, ids) == ("gedeeld", ""):
                continue
            meant = _meant_as(path.name, ids)
            if meant is None:
                continue
            suffix = ".docx" if meant in ids else ".html"
            target = own / meant / f"{meant}{suffix}"
            if path != target:
                found.append((path, target))
    return sorted(found)


def warn_misplaced(dossier: Path, out: Reporter) -> None:
    """A template the build would never read: say so, and where it belongs. Said by every
    command that reads a dossier's templates (build, also when nothing changed; the lint)."""
    from pipeline.paths import display_path

    for path, target in misplaced_templates(dossier):
        out.warn(f"{display_path(path)}: waarschuwing: dit sjabloon wordt niet gebruikt; zet het in "
                 f"{display_path(target)}")
