"""Progress on the route: ``inputs/<naam>/voortgang.yaml``, beside dossier.yaml, never in it.

Its own file because what was sent must stay as sent: no document, no embedded copy of the
answers and no zip is made from this file, so recording a step changes none of them. It is
read and validated like dossier.yaml (``load_yaml``, the same date type and Dutch messages,
located); a file in which YAML finds only comments (as ``dossier new`` writes it, see
``pipeline.scaffold.progress_scaffold_text``) means nothing was recorded yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, ValidationError

from pipeline.exceptions import DossierError, InvalidDossier, Problem
from pipeline.model.answers import Basis
from pipeline.model.fields import FieldSpec, _walk, dotted
from pipeline.model.types import Datum, Tekst, veld
from pipeline.paths import PROGRESS_FILE
from pipeline.read.load import Loc, Source, load_yaml
from pipeline.read.validate import translate
from pipeline.suggest import did_you_mean

SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schema/voortgang.schema.json"


class Evaluatie(Basis):
    datum: Datum = veld("Datum waarop het arrangement is geëvalueerd.")
    deelnemers: list[Tekst] = veld(
        "Wie meededen (partners en ouders), elk op een eigen regel, bijv. ‘school’, ‘zorgaanbieder’, "
        "‘gemeente’, ‘ouders’. Geen namen van leerlingen.",
        min_length=1,
    )
    opmerking: Tekst | None = veld("Wat er is afgesproken, in één zin.", default=None)


class Getekend(Basis):
    partij: Tekst = veld(
        "De partij die op papier tekende (naam of korte naam, zoals in dossier.yaml), bijv. "
        "‘Gemeente Berkelland’. Alleen nodig voor gescande kopieën: een digitale handtekening "
        "zegt zelf wie tekende."
    )
    datum: Datum = veld("Datum waarop deze partij tekende.")


class Voortgang(Basis):
    """The date each step of the route was done; a step without a date is still open."""

    eerste_contact_adviesgroep: Datum | None = veld(
        "Collectief: datum van het eerste contact met de regionale adviesgroep "
        "onderwijs-jeugdhulparrangementen.", default=None,
    )
    aanmeldformulier_gemaild: Datum | None = veld(
        "Collectief: datum waarop het aanmeldformulier is gemaild naar het Sociaal Domein Achterhoek "
        "(de adviesgroep adviseert uiterlijk 6 weken later).", default=None,
    )
    advies_ontvangen: Datum | None = veld(
        "Collectief: datum van het advies van de regionale adviesgroep aan het AO Jeugd.", default=None,
    )
    besluit_ao_jeugd: Datum | None = veld(
        "Collectief: datum van het (positieve) besluit van het ambtelijk overleg jeugd.", default=None,
    )
    aanvraag_gemeente: Datum | None = veld(
        "Individueel: datum waarop de aanvraag bij de gemeente is ingediend.", default=None,
    )
    beschikking: Datum | None = veld(
        "Individueel: datum van de beschikking van de gemeente.", default=None,
    )
    ter_ondertekening: Datum | None = veld(
        "Datum waarop de stukken ter ondertekening zijn verstuurd (‘dossier tekenen’ vult die in).",
        default=None,
    )
    getekend: list[Getekend] = veld(
        "Wie een gescande, op papier getekende kopie tekende, en wanneer: elke partij op een eigen "
        "regel. De getekende kopieën zelf staan in inputs/<naam>/ondertekend/.", default_factory=list,
    )
    ingediend_bij_duo: Datum | None = veld(
        "Datum waarop de aanvraag via Mijn DUO is ingediend. Vanaf dan bewaart ‘dossier build’ de "
        "ingediende bundel bij het dossier, in inputs/<naam>/ingediend/<datum>/.", default=None,
    )
    besluit_duo: Datum | None = veld("Datum van het besluit van DUO over de aanvraag.", default=None)
    gestart: Datum | None = veld("Datum waarop het arrangement echt is gestart.", default=None)
    rod_geregistreerd: Datum | None = veld(
        "Datum waarop de school de deelname van de leerlingen in ROD heeft geregistreerd.", default=None,
    )
    evaluatie_elke_maanden: int | None = veld(
        "Om de hoeveel maanden wordt geëvalueerd? Alleen nodig als het monitoringsvoorstel in het "
        "dossier dat niet zegt (bijv. ‘elk half jaar’).", default=None, ge=1, le=60,
    )
    evaluaties: list[Evaluatie] = veld(
        "Elke evaluatie met partners en ouders: datum en deelnemers.", default_factory=list,
    )

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, title="Voortgang van een dossier",
        json_schema_extra={"$id": "voortgang.schema.json"},
    )


# Steps that cannot have been done before another one: (later, earlier).
ORDER: tuple[tuple[str, str], ...] = (
    ("advies_ontvangen", "aanmeldformulier_gemaild"),
    ("besluit_ao_jeugd", "advies_ontvangen"),
    ("beschikking", "aanvraag_gemeente"),
    ("besluit_duo", "ingediend_bij_duo"),
    ("ingediend_bij_duo", "ter_ondertekening"),
    ("rod_geregistreerd", "gestart"),
)


@dataclass(frozen=True, slots=True)
class Progress:
    """The validated progress of one dossier and the file it came from (None: no file)."""

    voortgang: Voortgang = field(default_factory=Voortgang)
    source: Source | None = None


def progress_fields() -> tuple[FieldSpec, ...]:
    """The fields of voortgang.yaml, for the field reference and the scaffold."""
    return tuple(_walk(Voortgang, "", ()))


def _problems(exc: ValidationError, src: Source) -> list[Problem]:
    """The answers' Dutch messages; "did you mean" among voortgang.yaml's own fields."""
    problems = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            nested = {"evaluaties": Evaluatie, "getekend": Getekend}
            model = nested.get(str(loc[0]), Voortgang) if len(loc) > 1 else Voortgang
            message = f"onbekend veld ‘{loc[-1]}’{did_you_mean(str(loc[-1]), model.model_fields)}"
            line, col = src.position(loc, key=True)
        elif error["type"] == "missing":
            message = translate(error)
            line, col = src.position(loc[:-1], key=True) if loc[:-1] else (1, 1)
        else:
            message = translate(error)
            line, col = src.position(loc)
        problems.append(Problem(src.path, line, col, dotted(loc), message))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _order_problems(voortgang: Voortgang, src: Source) -> list[Problem]:
    problems = []
    for later, earlier in ORDER:
        done, before = getattr(voortgang, later), getattr(voortgang, earlier)
        if done is not None and before is not None and done < before:
            line, col = src.position((later,))
            problems.append(Problem(src.path, line, col, later,
                                    f"ligt vóór {earlier} ({before.isoformat()}); controleer de datums"))
    return problems


def load_progress(folder: Path) -> Progress:
    """``voortgang.yaml`` of a dossier folder; none (or only comments) is no progress yet.

    The whole file is read, like dossier.yaml and within the same limits (``load_yaml``): a
    file too large is an error, never "nothing recorded". Raises ``InvalidDossier`` with every
    problem located, like dossier.yaml.
    """
    path = folder / PROGRESS_FILE
    if not path.exists() and not path.is_symlink():
        return Progress()
    src = load_yaml(path, may_be_empty=True)
    if src.data is None:
        return Progress()
    try:
        voortgang = Voortgang.model_validate(src.data)
    except ValidationError as exc:
        raise InvalidDossier(_problems(exc, src)) from None
    if problems := _order_problems(voortgang, src):
        raise InvalidDossier(problems)
    return Progress(voortgang, src)


def progress_schema() -> dict[str, Any]:
    schema = Voortgang.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def recorded_sent_date(folder: Path) -> date | None:
    """``ingediend_bij_duo`` of the dossier's voortgang.yaml, also when the rest of the file (or
    dossier.yaml) does not validate: the zip that was sent is kept before anything may replace
    or withdraw it, whatever else is wrong. A value there that is no date raises ``InvalidDossier``
    with that problem alone, located: "not recorded" would let a build replace the sent zip."""
    try:
        return load_progress(folder).voortgang.ingediend_bij_duo
    except InvalidDossier as exc:
        own = [p for p in exc.problems if p.field == "ingediend_bij_duo"]
        if own:
            raise InvalidDossier(own) from None
    try:
        data = load_yaml(folder / PROGRESS_FILE, may_be_empty=True).data
    except (DossierError, OSError):
        return None
    if not isinstance(data, dict) or data.get("ingediend_bij_duo") is None:
        return None
    try:  # the field alone, checked as the model checks it (a date, within its years)
        return Voortgang.model_validate({"ingediend_bij_duo": data["ingediend_bij_duo"]}).ingediend_bij_duo
    except ValidationError:
        return None


def recorded(folder: Path) -> Progress:
    """What voortgang.yaml records, with its file (for positions), for the checks: nothing when it does
    not validate (the build and ``dossier validate`` say why, located)."""
    try:
        return load_progress(folder)
    except InvalidDossier:
        return Progress()


def recorded_progress(folder: Path) -> Voortgang:
    """What voortgang.yaml records (see ``recorded``)."""
    return recorded(folder).voortgang
