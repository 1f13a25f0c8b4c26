"""Issue 26, what an official would still send back, one class per section (each test names it):

- "Placeholders are empty": "n.v.t.", "-", "PM", "geen" in an optional answer is no answer, left out of
  the documents and never used as a name; in a required answer it is a located finding.
- "Rounds and sources stay together": a deadline is never shown with the quote of another round;
  contact details DUO and the region ask for are required; attachments print as "bijlage N".

Variants of the example are made in memory where hundreds are needed (the model's fields times the
spellings), and as a dossier folder (tests/test_check.py's ``variant``) where the check is the point.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pipeline.check.checklist import render_checklist_html
from pipeline.check.engine import check_dossier
from pipeline.check.findings import ERROR, WARNING, Finding
from pipeline.check.report import text_report
from pipeline.check.text import MIN_TEXT_LENGTH, value_at
from pipeline.dates import MAANDEN, datum
from pipeline.exceptions import InvalidDossier
from pipeline.model.advices import attachment_four
from pipeline.model.fields import FieldSpec, dotted, leaf_fields
from pipeline.read.validate import LoadedDossier, load_dossier, validate_source
from pipeline.render.docx import render_docx
from pipeline.route.ics import calendar_bytes
from pipeline.route.progress import recorded_progress
from pipeline.route.route import build_route
from pipeline.schema import json_schema
from tests.conftest import EXAMPLE
from tests.test_check import findings, setter, variant
from tests.test_docx import all_paragraphs, open_docx, text_of
from tests.test_messages_applicants import _jsonable

TODAY = date(2026, 11, 25)
Data = dict[str, Any]
Loc = tuple[str | int, ...]

# "There is nothing to say here" and "still to write", as applicants type them.
NIETS = ["nvt", "n.v.t.", "n.v.t", "NVT", "N.v.t.", "-", "–", "geen", "Geen.", "niet van toepassing"]
LATER = ["PM", "p.m.", "nog invullen", "TBD", "...", "…", "xxx"]
OPVULTEKSTEN = NIETS + LATER
EDITOR = jsonschema.Draft202012Validator(json_schema())


@pytest.fixture(scope="module")
def example() -> LoadedDossier:
    return load_dossier(EXAMPLE)


def _loc(spec: FieldSpec) -> Loc:
    """``scholen[].bevoegd_gezag`` → ``("scholen", 0, "bevoegd_gezag")``: the first item of each list."""
    return tuple(part for name in spec.path.split(".") for part in
                 ((name[:-2], 0) if name.endswith("[]") else (name,)))


def _put(data: Data, loc: Loc, value: Any) -> Data:
    data = copy.deepcopy(data)
    node: Any = data
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value
    return data


def _present(data: Data, loc: Loc) -> bool:
    """Does the example answer the group that holds ``loc`` (an individual route's field it does not)?"""
    node: Any = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict)


def _in_memory(example: LoadedDossier, data: Data) -> LoadedDossier:
    """The example with ``data`` as its answers, located at the example's lines (the keys stay)."""
    source = dataclasses.replace(example.source, data=data)
    return LoadedDossier(example.folder, source, validate_source(source))


def _checked(example: LoadedDossier, data: Data) -> list[Finding]:
    return list(check_dossier(_in_memory(example, data), today=TODAY).findings)


# ------------------------------------------------------------ Placeholders are empty

OPTIONAL = [f for f in leaf_fields() if not f.required and f.kind in ("tekst", "markdown", "bijlage", "getal", "datum")]
REQUIRED_TEXT = [f for f in leaf_fields() if f.required and f.kind in ("tekst", "markdown", "bijlage")
                 and not f.path.startswith("privacy_uitzonderingen")]


def test_the_model_has_optional_and_required_answers_to_try() -> None:
    """The parametrisations below come from the model: they must not be empty by accident."""
    paths = {f.path for f in OPTIONAL}
    assert {"samenwerkingsovereenkomst.geschillen", "arrangement.opmerkingen", "aanvrager.korte_naam",
            "regisseur.email"} <= paths
    assert len(REQUIRED_TEXT) > 40


@pytest.mark.parametrize("typed", OPVULTEKSTEN)
@pytest.mark.parametrize("spec", OPTIONAL, ids=lambda f: f.path)
def test_placeholders_are_empty_in_every_optional_answer(example: LoadedDossier, spec: FieldSpec,
                                                          typed: str) -> None:
    """Placeholders are empty: an optional answer written as a placeholder is no answer at all (None),
    whatever its type: no text "nvt" to print, no e-mail address "n.v.t." to refuse, no name "nvt"; and the
    editor's schema accepts it as ``dossier validate`` does."""
    loc = _loc(spec)
    assert _present(example.source.data, loc), spec.path
    data = _put(example.source.data, loc, typed)
    loaded = _in_memory(example, data)
    assert value_at(loaded.dossier, loc) is None
    assert [e.message for e in EDITOR.iter_errors(_jsonable(data))] == []  # the editor agrees: no red line


@pytest.mark.parametrize("typed", ["n.v.t.", "PM"])
@pytest.mark.parametrize("spec", OPTIONAL, ids=lambda f: f.path)
def test_placeholders_are_empty_and_still_to_write_is_said(example: LoadedDossier, spec: FieldSpec,
                                                           typed: str) -> None:
    """Placeholders are empty: "n.v.t." in an optional answer is a complete answer (no finding there);
    "PM" is one still to write, so the check warns at its line that the documents leave it out."""
    loc = _loc(spec)
    found = [f for f in _checked(example, _put(example.source.data, loc, typed)) if f.field == dotted(loc)]
    general = [f for f in found if f.id == "DUO-INGEVULD"]
    if typed == "n.v.t.":
        assert general == []
    elif not any(f.severity == ERROR for f in found):  # (a rule of its own, e.g. a new round's date, says more)
        (finding,) = general
        assert finding.severity == WARNING and finding.line is not None
        assert "‘PM’" in finding.message and "laten dit antwoord weg" in finding.message
        assert "Vul het antwoord in" in finding.what_to_do


def _after(document: Any, heading: str) -> str:
    """The text of the paragraph that follows the one reading ``heading``."""
    paragraphs = [p.text.strip() for p in all_paragraphs(document) if p.text.strip()]
    return paragraphs[paragraphs.index(heading) + 1]


@pytest.mark.parametrize("typed", [t for t in OPVULTEKSTEN if not t.lower().startswith("geen")])
def test_placeholders_are_empty_in_the_documents(example: LoadedDossier, typed: str) -> None:
    """Placeholders are empty: ``geschillen: nvt`` no longer prints "Artikel 8. Geschillen / nvt" but
    the agreement's own sentence; ``opmerkingen: nvt`` prints the form's "Geen."."""
    data = _put(example.source.data, ("samenwerkingsovereenkomst", "geschillen"), typed)
    data = _put(data, ("arrangement", "opmerkingen"), typed)
    loaded = _in_memory(example, data)
    agreement = open_docx(render_docx(loaded, "samenwerkingsovereenkomst"))
    assert _after(agreement, "Artikel 8. Geschillen") == (
        "Partijen lossen geschillen over deze overeenkomst in onderling overleg op.")
    form = open_docx(render_docx(loaded, "aanmeldformulier"))
    assert _after(form, "Opmerkingen") == "Geen."


KORTE_NAMEN = [f for f in leaf_fields() if f.name == "korte_naam"]


@pytest.mark.parametrize("typed", ["nvt", "n.v.t.", "-"])
@pytest.mark.parametrize("spec", KORTE_NAMEN, ids=lambda f: f.path)
def test_placeholders_are_empty_never_a_name(tmp_path: Path, spec: FieldSpec, typed: str) -> None:
    """Placeholders are empty: ``korte_naam: nvt`` is no short name, so no advice says "Voeg in
    ‘taakverdeling’ de partij ‘nvt’ toe" and the agreement never calls a party "nvt"; the party is
    called by its full name."""
    folder = variant(tmp_path, setter(*_loc(spec), value=typed))
    written = re.compile(rf"(?<!\w){re.escape(typed)}(?!\w)")
    for finding in findings(folder):
        assert f"‘{typed}’" not in finding.message + finding.what_to_do, finding
    agreement = text_of(open_docx(render_docx(load_dossier(folder), "samenwerkingsovereenkomst")))
    parties = agreement.split("Artikel 1", 1)[0]  # the party table: each party by name and short name
    assert not written.search(parties) if typed != "-" else f"({typed})" not in parties


@pytest.mark.parametrize("spec", REQUIRED_TEXT, ids=lambda f: f.path)
def test_placeholders_are_empty_so_a_required_answer_is_missing(example: LoadedDossier, spec: FieldSpec) -> None:
    """Placeholders are empty: "n.v.t." as a required answer is reported at its file, line and field,
    by ``dossier validate`` (a form it must have) or by the check (an answer it must give), in Dutch."""
    loc = _loc(spec)
    if not _present(example.source.data, loc):
        pytest.skip(f"het voorbeeld beantwoordt {spec.path.rsplit('.', 1)[0]} niet")
    data = _put(example.source.data, loc, "n.v.t.")
    try:
        found = _checked(example, data)
    except InvalidDossier as invalid:
        (problem,) = [p for p in invalid.problems if p.field == dotted(loc)]
        assert problem.line is not None and problem.file.name == "dossier.yaml"
        assert "vorm" in problem.message
        return
    errors = [f for f in found if f.field == dotted(loc) and f.severity == ERROR]
    assert errors, f"{spec.path}: ‘n.v.t.’ wordt niet gemeld"
    assert all(f.line is not None and f.file.name == "dossier.yaml" and f.what_to_do for f in errors)


@pytest.mark.parametrize("typed", OPVULTEKSTEN)
def test_placeholders_are_empty_in_every_spelling_of_a_required_answer(example: LoadedDossier, typed: str) -> None:
    """Placeholders are empty: each spelling ("Geen." too) as the required ‘locatie’ is the general
    finding, with what to do."""
    loc = ("arrangement", "locatie")
    (finding,) = [f for f in _checked(example, _put(example.source.data, loc, typed)) if f.field == dotted(loc)]
    assert finding.id == "DUO-INGEVULD" and finding.severity == ERROR
    assert "is niet ingevuld" in finding.message and "Vul het echte antwoord in" in finding.what_to_do


@pytest.mark.parametrize("answer", [
    "Geen wachtlijst: leerlingen starten binnen twee weken.",
    "Nvt-leerlingen krijgen voorrang.",
    "Het vervoer is n.v.t. voor leerlingen uit Ulft.",
])
def test_placeholders_are_empty_only_when_they_are_the_whole_answer(example: LoadedDossier, answer: str) -> None:
    """Placeholders are empty: "geen" or "n.v.t." inside a sentence is an answer, printed as written."""
    loc = ("arrangement", "opmerkingen")
    loaded = _in_memory(example, _put(example.source.data, loc, answer))
    assert loaded.dossier.arrangement.opmerkingen == answer
    assert _after(open_docx(render_docx(loaded, "aanmeldformulier")), "Opmerkingen") == answer


# ------------------------------------------------------- Rounds and sources stay together

_DATE = re.compile(rf"\b\d{{1,2}} (?:{'|'.join(MAANDEN)}) \d{{4}}\b")
ROUNDS: dict[str, Any] = {
    "ronde 1 (de ronde van de DUO-pagina)": {"ronde": 1},
    "ronde 2": {"ronde": 2},
    "een nieuwe ronde, beschreven": {"naam": "Experiment onderwijszorgarrangementen, aanvraagronde 2027",
                                      "uiterste_ontvangstdatum": date(2027, 3, 31), "beslisdatum": date(2027, 5, 31)},
    "een ronde zonder beslisdatum": {"naam": "Aanvraagronde 2028", "uiterste_ontvangstdatum": date(2027, 10, 1)},
}


def _quoted_dates(text: str) -> set[str]:
    """The dates inside the quotes (“…”) a text shows."""
    return {d for quote in re.findall(r"“([^”]*)”", text) for d in _DATE.findall(" ".join(quote.split()))}


@pytest.mark.parametrize("ronde", ROUNDS.values(), ids=ROUNDS.keys())
def test_rounds_and_sources_stay_together(tmp_path: Path, ronde: dict[str, Any]) -> None:
    """Rounds and sources stay together: the checklist (each row's quote and each finding's), the check's
    report and the calendar quote only sentences with the dossier's own round's dates; a round the seed
    does not describe gets the seed's sentence that holds for every round ("Log in op Mijn DUO …")."""
    folder = variant(tmp_path, setter("aanvraagronde", value=ronde))
    loaded = load_dossier(folder)
    own = loaded.dossier.aanvraagronde
    today, late = own.uiterste_ontvangstdatum - timedelta(days=20), own.uiterste_ontvangstdatum + timedelta(days=3)
    allowed = {datum(own.uiterste_ontvangstdatum), datum(own.beslisdatum)} - {""}
    for day in (today, late):  # before the deadline (a row, no finding) and after it (a finding)
        result = check_dossier(loaded, today=day)
        html = render_checklist_html(loaded, list(result.findings), today=day)
        report = "\n".join(text_report(result))
        route = build_route(loaded.naam, loaded.dossier, recorded_progress(folder), today=day)
        ics = calendar_bytes(route).decode().replace("\r\n ", "").replace("\\,", ",")  # unfolded, unescaped
        for shown, what in ((html, "checklist"), (report, "rapport"), (ics, "agenda")):
            assert _quoted_dates(shown) <= allowed, (what, _quoted_dates(shown) - allowed)
        row = html.split("DUO-ONTVANGSTDATUM", 1)[1]
        quote = re.search(r"“([^”]*)”", row)
        assert quote is not None
        if ronde.get("ronde") == 1:
            assert "15 december 2022" in quote[1]
        else:
            assert quote[1].startswith("Log in op Mijn DUO en gebruik het formulier")
        if day == late:
            (finding,) = [f for f in result.findings if f.id == "DUO-ONTVANGSTDATUM"]
            assert (ronde.get("ronde") == 1) == ("15 december 2022" in finding.source.quote)


# ------------------------------------------- Contact details are required where they are asked

CONTACTS = {  # who asks for whom: DUO's formulier its contactpersoon, the Achterhoek form its regisseur
    "DUO-CONTACTPERSOON": ("aanvrager", "contactpersoon"),
    "ACH-REGISSEUR": ("regisseur",),
}
WAYS = {
    "geen e-mail en geen telefoon": {},
    "opvultekst in beide": {"email": "n.v.t.", "telefoon": "-"},
    "alleen e-mail": {"email": "contact@school.example"},
    "alleen telefoon": {"telefoon": "0314 820 410"},
}


@pytest.mark.parametrize("way", WAYS, ids=WAYS.keys())
@pytest.mark.parametrize("rule", CONTACTS)
def test_contact_details_are_required_where_they_are_asked(tmp_path: Path, rule: str, way: str) -> None:
    """Contact details are required where they are asked: DUO's contact person and the regisseur on the
    Achterhoek form without an e-mail address or a phone number is a finding at that person's line that
    asks for the e-mail address first; one way to reach them is enough."""
    loc = CONTACTS[rule]

    def change(data: Data) -> None:
        person = data
        for part in loc:
            person = person[part]
        person.pop("email", None)
        person.pop("telefoon", None)
        person.update(WAYS[way])

    folder = variant(tmp_path, change)
    found = [f for f in findings(folder) if f.id == rule]
    if way.startswith("alleen"):
        assert found == []
        return
    (finding,) = found
    assert finding.severity == ERROR and finding.field == dotted(loc) and finding.line is not None
    assert "geen e-mailadres en geen telefoonnummer" in finding.message
    assert "‘email’ in (bij voorkeur)" in finding.what_to_do



# ------------------------------------------------ Attachments are referred to as "bijlage N"

NIET_MEE = "niet meegestuurd: bijlage 4 is de instemming van de ondersteuningsplanraad"
ATTACHMENTS: dict[str, dict[str, Any]] = {  # what dossier.yaml names → what section 10 says per row
    "de MR-adviezen (het voorbeeld)": {},
    "een bestandsnaam met spaties": {"swv": "bijlagen/MR advies SWV.pdf"},
    "de instemming van de OPR": {"opr": "bijlagen/Instemming OPR 2027.pdf"},
}


@pytest.mark.parametrize("bijlagen", ATTACHMENTS.values(), ids=ATTACHMENTS.keys())
def test_attachments_are_referred_to_as_bijlage_n(example: LoadedDossier, bijlagen: dict[str, Any]) -> None:
    """Rounds and sources stay together, attachments: section 10 of the formulier aanvraaggegevens
    numbers what DUO gets as DUO's page does (2 overeenkomst, 3 projectplan, 4 the advices or the OPR's
    consent) and never prints a local file name such as "bijlagen/MR advies SWV.pdf"."""
    data = example.source.data
    if "swv" in bijlagen:
        data = _put(data, ("bijlagen", "mr_advies_samenwerkingsverband"), bijlagen["swv"])
    if "opr" in bijlagen:
        data = _put(data, ("bijlagen", "opr_instemming"), bijlagen["opr"])
    loaded = _in_memory(example, data)
    form = open_docx(render_docx(loaded, "aanvraaggegevens"))
    text = text_of(form)
    for path in [a.path for a in attachment_four(loaded.dossier)[1]] + list(bijlagen.values()):
        assert path not in text and Path(path).name not in text and Path(path).stem not in text, path
    assert _after(form, "Samenwerkingsovereenkomst") == "bijlage 2"
    assert _after(form, "Projectplan") == "bijlage 3"
    opr = "opr" in bijlagen
    for school in loaded.dossier.scholen:
        assert _after(form, f"Advies MR van {school.naam}") == (NIET_MEE if opr else "bijlage 4")
    assert _after(form, "Advies MR van het samenwerkingsverband") == (NIET_MEE if opr else "bijlage 4")
    assert _after(form, "Instemming ondersteuningsplanraad") == ("bijlage 4" if opr else "niet bijgevoegd")


# ------------------------------------------------------------------------------ Over-strict

COMPLETE_SHORT = [  # one sentence, shorter than MIN_TEXT_LENGTH: subject (or the party) and a verb
    "Besluit over de vergoeding.",
    "Menzis betaalt de Wlz-zorg.",
    "Wij betalen de begeleiding.",
    "Het team volgt elke leerling.",
]
NOT_ENOUGH = ["ja", "zie boven", "n.v.t.", "Alles.", "Met de methodes van school.", "Goed overleg.",
              "Wij doen graag mee."]


def _summier(found: list[Finding], loc: Loc) -> list[Finding]:
    return [f for f in found if f.field == dotted(loc) and "te summier" in f.message]


@pytest.fixture(scope="module")
def judged(example: LoadedDossier) -> list[Loc]:
    """Every required answer a rule judges on its length: those where "Alles." is called "te summier"."""
    judged = []
    for loc in [_loc(f) for f in REQUIRED_TEXT if _present(example.source.data, _loc(f))]:
        try:
            found = _checked(example, _put(example.source.data, loc, "Alles."))
        except InvalidDossier:  # a code or number with a form of its own: no description
            continue
        if _summier(found, loc):
            judged.append(loc)
    return judged


def test_over_strict_a_complete_sentence_is_enough(example: LoadedDossier, judged: list[Loc]) -> None:
    """Over-strict: a complete sentence shorter than 30 characters ("Besluit over de vergoeding." as
    Menzis's ‘bevoegdheden’) is an answer for every field judged on its length; it was "te summier (27
    tekens; minimaal 30)"."""
    assert ("samenwerkingsovereenkomst", "taakverdeling", 0, "bevoegdheden") in judged and len(judged) >= 10
    for sentence in COMPLETE_SHORT:
        assert len(sentence) < MIN_TEXT_LENGTH
        for loc in judged:
            assert _summier(_checked(example, _put(example.source.data, loc, sentence)), loc) == [], (loc, sentence)


@pytest.mark.parametrize("typed", NOT_ENOUGH)
def test_over_strict_still_catches_what_is_no_description(example: LoadedDossier, judged: list[Loc],
                                                          typed: str) -> None:
    """Over-strict, the other side: "ja", "zie boven", "n.v.t." or a fragment without a verb is still an
    error at each field judged on its length, with what to do."""
    for loc in judged:
        errors = [f for f in _checked(example, _put(example.source.data, loc, typed))
                  if f.field == dotted(loc) and f.severity == ERROR]
        assert errors and all("Beschrijf" in f.what_to_do or "Vul" in f.what_to_do for f in errors), (loc, typed)


ENROLLED = {
    "één school, als tekst (zoals altijd)": ("De Brug", "(De Brug)"),
    "twee scholen": (["De Brug", "Het Ludgercollege ‘Ulft’"], "(De Brug en Het Ludgercollege ‘Ulft’)"),
    "één school in een lijst": (["Het Ludgercollege ‘Ulft’"], "(Het Ludgercollege ‘Ulft’)"),
}


@pytest.mark.parametrize(("school", "printed"), ENROLLED.values(), ids=ENROLLED.keys())
def test_over_strict_pupils_enrolled_at_two_schools(example: LoadedDossier, school: Any, printed: str) -> None:
    """Over-strict: ‘inschrijving.school’ takes one school or a list (pupils enrolled at two schools); the
    check accepts each school of the dossier and the formulier aanvraaggegevens names them all."""
    loaded = _in_memory(example, _put(example.source.data, ("inschrijving", "school"), school))
    assert [f for f in check_dossier(loaded, today=TODAY).findings if f.id == "DUO-INSCHRIJVING"] == []
    text = text_of(open_docx(render_docx(loaded, "aanvraaggegevens")))
    assert f"Er is een inschrijving op de school: ja {printed}." in text


def test_over_strict_each_enrolled_school_is_one_of_the_dossier(example: LoadedDossier) -> None:
    """Over-strict, the other side: a school in the list that is not one of ‘scholen’ is a finding at
    its own line of the list."""
    loc = ("inschrijving", "school")
    found = [f for f in _checked(example, _put(example.source.data, loc, ["De Brug", "De Triangel"]))
             if f.id == "DUO-INSCHRIJVING"]
    (finding,) = found
    assert finding.field == "inschrijving.school[1]" and finding.line is not None
    assert "‘De Triangel’ staat niet bij de scholen" in finding.message
    assert "scholen[].naam" in finding.what_to_do


# -------------------------------------------------------------------- Invisible characters

FORMAT_CHARACTERS = {"zero-width space": "\u200b", "word joiner": "\u2060", "BOM": "\ufeff",
                     "zero-width joiner": "\u200d", "left-to-right mark": "\u200e"}


@pytest.mark.parametrize("mark", FORMAT_CHARACTERS.values(), ids=FORMAT_CHARACTERS.keys())
def test_invisible_characters_are_kept_as_typed_and_names_compared_without(example: LoadedDossier,
                                                                             mark: str) -> None:
    """Invisible characters: a format character pasted into a party's name stays in the answer as typed
    (the document shows the name as written) and the name is compared without it (the party still signs
    and has its tasks: no "geen partij"), as README and SECURITY.md both say."""
    typed = f"Gemeente{mark} Doetinchem"
    data = _put(example.source.data, ("financiers", 0, "naam"), typed)
    loaded = _in_memory(example, data)
    assert loaded.dossier.financiers[0].naam == typed
    assert typed in text_of(open_docx(render_docx(loaded, "aanvraaggegevens")))
    found = check_dossier(loaded, today=TODAY).findings
    assert [f for f in found if f.id in ("DUO-SAMENWERKING", "DUO-SOK-TAAKVERDELING")] == []


def test_invisible_characters_readme_and_security_say_the_same() -> None:
    """Invisible characters: README promised such characters are dropped while SECURITY.md said they stay;
    both now say what the code does: control characters are dropped, format characters stay as typed
    and names are compared without them."""
    root = EXAMPLE.parent.parent
    for name in ("README.md", "SECURITY.md"):
        text = " ".join((root / name).read_text(encoding="utf-8").split())
        assert "Onzichtbare opmaaktekens (zero-width space, joiner, richtingsteken) blijven in het antwoord " \
               "staan zoals getypt" in text, name
        assert "zonder die tekens vergeleken" in text, name
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    assert "Onzichtbare stuurtekens (uit PDF's geplakt) worden weggelaten" not in readme
