"""Errors the tool reports to users. The CLI catches exactly these and exits 1.

Anything else escaping is a bug in the tool and deserves its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.paths import display_path


@dataclass(frozen=True, slots=True)
class Problem:
    """One located finding: ``bestand:regel:kolom: veld: bericht``."""

    file: Path
    line: int | None
    column: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = display_path(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class DossierError(Exception):
    """Base class of every error shown to the user as a Dutch message (exit code 1)."""


class InvalidDossier(DossierError):
    """Raised when a dossier.yaml cannot be read or does not match the answers model.

    Carries *all* problems found, each located by file, line, column and field path.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:  # survive worker processes
        return (type(self), (self.problems,))

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "fout" if count == 1 else "fouten"
        lines = [str(p) for p in self.problems]
        files = sorted({display_path(p.file) for p in self.problems})
        lines.append(f"{count} {noun} in {', '.join(files)}")
        return "\n".join(lines)


class DossierNotFound(DossierError):
    """Raised when a path given as dossier is not a folder with a dossier.yaml in it."""


class TemplateProblem(DossierError):
    """Raised when a template cannot be read or rendered (syntax error, unknown field).

    ``template`` is the file at fault when known: the build blames it, not the dossier.
    """

    def __init__(self, message: str, template: Path | None = None) -> None:
        super().__init__(message)
        self.template = template

    def __reduce__(self) -> tuple[type, tuple[str, Path | None]]:  # survive worker processes
        return (type(self), (str(self), self.template))


class OutputError(DossierError):
    """Raised when an output file cannot be written (folder not writable, disk full)."""


class KeepError(DossierError):
    """Raised when what was sent cannot be kept: the archive cannot be written, or voortgang.yaml
    names a submission date that is no date. The run stops, and DUO's zip in build/ stays where it
    is (it may be the only copy of what was sent)."""


@dataclass(frozen=True, slots=True)
class RenderError:
    """One output that could not be made: which file, why, and the template at fault (if any).

    Carried up as an object (the checklist, the preview and the terminal each show it their
    way); ``str()`` is the terminal line.
    """

    output: str  # the file name in build/<naam>/
    message: str
    template: Path | None = None

    @classmethod
    def of(cls, target: Path, exc: DossierError) -> RenderError:
        return cls(target.name, str(exc), getattr(exc, "template", None))

    def __str__(self) -> str:
        return f"{self.output}: {self.message}"
