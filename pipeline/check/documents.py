"""Were all documents made? A readiness condition only the build can answer.

The other rules read the answers; this one reads what the build reports. A document that
could not be made (a broken template, an unreadable stylesheet) makes the dossier not
ready, and the checklist says which document and which template, at which place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pipeline.check import sources
from pipeline.check.findings import ERROR, Context, Finding, Message, Rule
from pipeline.paths import display_path

if TYPE_CHECKING:
    from pipeline.exceptions import RenderError
    from pipeline.read.validate import LoadedDossier

RULE_ID = "DUO-DOCUMENTEN"


def _from_the_build(_: Context) -> Iterator[Message]:
    """Nothing to find in the answers: the findings come from ``build_findings``."""
    return iter(())


RULES: tuple[Rule, ...] = (
    Rule(RULE_ID, "Alle documenten zijn gemaakt uit de sjablonen", sources.DOCUMENTEN, _from_the_build),
)


def _without_place(error: RenderError) -> str:
    """The message without the template's name in front: the finding is located there already."""
    if error.template is not None:
        prefix = f"{display_path(error.template)}: "
        if error.message.startswith(prefix):
            return error.message[len(prefix):]
    return error.message


def build_findings(loaded: LoadedDossier, errors: Iterable[RenderError]) -> tuple[Finding, ...]:
    """One finding per output the build could not make, located at the template at fault."""
    return tuple(
        Finding(
            id=RULE_ID, severity=ERROR, source=sources.DOCUMENTEN, field=None,
            file=error.template or loaded.source.path, line=None, column=None,
            message=f"het bestand {error.output} kon niet worden gemaakt: {_without_place(error)}",
            what_to_do=("herstel het sjabloon op de genoemde plek (dossier templates check helpt) en bouw opnieuw"
                        if error.template else "los de melding op en bouw opnieuw"),
        )
        for error in errors
    )
