"""Attachment 4 is the right advice: each school's own, about this arrangement, read and matched.

The advices are PDFs made here from a few lines of HTML (weasyprint), so each test says in its own
words what the council wrote.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.check.advices import council_named, find_name
from pipeline.check.engine import check_dossier
from pipeline.exceptions import InvalidDossier
from pipeline.model.advices import MR_FILE, OPR_FILE, attachment_four
from pipeline.read.validate import load_dossier
from tests.conftest import line_of
from tests.test_check import TODAY, both, deleter, findings, setter, variant

NAAM = "Samen op de Rails – onderwijs & zorg op de boerderij"
BRUG = "De Brug, school voor speciaal en voortgezet speciaal onderwijs"
SWV = "Samenwerkingsverband VO Achterhoek Oost"
RULES = ("DUO-ADVIES-JUIST", "PRIV-BIJLAGE", "DUO-MR-ADVIES")


def advice_pdf(path: Path, raad: str, arrangement: str, extra: str = "") -> Path:
    """An advice as a council writes it: whose council, about which arrangement."""
    import weasyprint

    html = (f"<html lang='nl'><body><h1>Advies van de {raad}</h1><p>Betreft: aanvraag Experiment "
            f"onderwijszorgarrangementen, arrangement {arrangement}.</p><p>De raad heeft het projectplan "
            f"besproken en brengt een positief advies uit over de aanvraag.</p><p>{extra}</p>"
            "<p>Namens de raad,<br>de voorzitter</p></body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def ours(folder: Path, today: date = TODAY) -> list[tuple[str, str | None, str]]:
    return [(f.id, f.field, f.message) for f in findings(folder, today) if f.id in RULES]


def with_advice(tmp_path: Path, loc: tuple[str | int, ...], raad: str, arrangement: str, extra: str = "",
                *changes) -> Path:
    """The example with the advice at ``loc`` replaced by one that says ``raad`` and ``arrangement``."""
    folder = variant(tmp_path, both(setter(*loc, value="bijlagen/advies.pdf"), *changes))
    advice_pdf(folder / "bijlagen" / "advies.pdf", raad, arrangement, extra)
    return folder


# --------------------------------------------------------------------- the example


def test_the_examples_advices_are_their_own(tmp_path: Path) -> None:
    folder = variant(tmp_path, lambda data: None)
    assert ours(folder) == []
    individual = load_dossier(Path(__file__).parent.parent / "inputs" / "voorbeeld-individueel")
    assert [f.id for f in check_dossier(individual, today=TODAY).findings if f.id in RULES] == []


def test_the_right_advice_passes(tmp_path: Path) -> None:
    folder = with_advice(tmp_path, ("scholen", 0, "mr_advies"), "medezeggenschapsraad van De Brug", f"‘{NAAM}’")
    assert ours(folder) == []


# ----------------------------------------------------------------- wrong advices


def test_an_advice_for_another_arrangement_fails_quoting_it(tmp_path: Path) -> None:
    folder = with_advice(tmp_path, ("scholen", 0, "mr_advies"), "medezeggenschapsraad van De Brug",
                         "‘Samen sterk in de klas’")
    ((rule, field, message),) = ours(folder)
    assert (rule, field) == ("DUO-ADVIES-JUIST", "scholen[0].mr_advies")
    assert message == (f"het advies ‘bijlagen/advies.pdf’ noemt het arrangement ‘{NAAM}’ niet; het noemt: "
                       "“‘Samen sterk in de klas’”")
    (finding,) = [f for f in findings(folder) if f.id == "DUO-ADVIES-JUIST"]
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    assert finding.line == line_of(text, "mr_advies: bijlagen/advies.pdf")


def test_an_advice_of_another_schools_council_fails_quoting_it(tmp_path: Path) -> None:
    folder = with_advice(tmp_path, ("scholen", 0, "mr_advies"), "medezeggenschapsraad van Het Ludgercollege ‘Ulft’",
                         f"‘{NAAM}’")
    assert ours(folder) == [("DUO-ADVIES-JUIST", "scholen[0].mr_advies",
                             "het advies ‘bijlagen/advies.pdf’ is niet van de medezeggenschapsraad van De Brug; "
                             "het noemt: “medezeggenschapsraad van Het Ludgercollege ‘Ulft’”")]


def test_the_school_in_the_arrangements_name_is_not_its_council(tmp_path: Path) -> None:
    """‘Terug naar De Brug’ names De Brug, but the Ludgercollege's MR wrote the advice."""
    folder = with_advice(tmp_path, ("scholen", 0, "mr_advies"), "medezeggenschapsraad van het Ludgercollege",
                         "‘Terug naar De Brug’", "", setter("arrangement", "naam", value="Terug naar De Brug"))
    assert [(r, m) for r, f, m in ours(folder) if f == "scholen[0].mr_advies"] == [
        ("DUO-ADVIES-JUIST", "het advies ‘bijlagen/advies.pdf’ is niet van de medezeggenschapsraad van De Brug; "
                             "het noemt: “medezeggenschapsraad van het Ludgercollege”")]


def test_an_advice_of_another_samenwerkingsverband_fails(tmp_path: Path) -> None:
    folder = with_advice(tmp_path, ("bijlagen", "mr_advies_samenwerkingsverband"),
                         "medezeggenschapsraad van Samenwerkingsverband VO Achterhoek West", f"‘{NAAM}’")
    assert ours(folder) == [("DUO-ADVIES-JUIST", "bijlagen.mr_advies_samenwerkingsverband",
                             "het advies ‘bijlagen/advies.pdf’ is niet van de medezeggenschapsraad van SWV "
                             "Achterhoek Oost; het noemt: “medezeggenschapsraad van Samenwerkingsverband VO "
                             "Achterhoek West”")]


def test_the_samenwerkingsverbands_short_name_is_its_name(tmp_path: Path) -> None:
    folder = with_advice(tmp_path, ("bijlagen", "mr_advies_samenwerkingsverband"),
                         "MR van het SWV Achterhoek Oost", f"“{NAAM.upper()}”")
    assert ours(folder) == []


# ------------------------------------------------------------- small differences


@pytest.mark.parametrize(("written", "same"), [
    (NAAM, True),
    ("samen op de rails - onderwijs en zorg op de boerderij", True),  # case, dash, & written out
    ("Samen  op de\nRails—onderwijs & zorg op de boerderij", True),  # spacing, a line break, another dash
    ("Samen op de Rials – onderwjis & zorg op de boerderij", True),  # two typos (swapped letters)
    ("Samen op Rails – onderwijs & zorg op de boerderij", True),  # one short word left out
    ("Samen op de Rails – onderwijs & zorg op de boerdrij", True),  # one letter left out
    ("Samen op de Rials – ondrwjis & zrog op de boerdrij", False),  # four typos: another text
    ("Samen op de Rails – onderwijs & zorg in de stad", False),  # another arrangement
    ("Samen op de Rails", False),  # the start of the name only
    ("Samen op de Rails – onderwijs & zorg op de boerderij Oost", False),  # the quoted name goes on
])
def test_the_arrangements_name_allows_small_differences(written: str, same: bool) -> None:
    assert (find_name(NAAM, f"arrangement ‘{written}’.") is not None) is same


@pytest.mark.parametrize(("written", "same"), [
    ("medezeggenschapsraad van Samenwerkingsverband VO Achterhoek Oost", True),
    ("MEDEZEGGENSCHAPSRAAD VAN HET SAMENWERKINGSVERBAND VO ACHTERHOEK-OOST", True),
    ("medezeggenschapsraad van Samenwerkingsverbnd VO Achterhoek Oost", True),  # a typo in a long word
    ("medezeggenschapsraad van Samenwerkingsverband PO Achterhoek Oost", False),  # one short word differs
    ("medezeggenschapsraad van Samenwerkingsverband VO Achterhoek West", False),
    ("de medezeggenschapsraad heeft het Samenwerkingsverband VO Achterhoek Oost gevraagd", False),  # not its council
])
def test_a_councils_name_is_one_word_at_a_time(written: str, same: bool) -> None:
    assert council_named(written, (SWV,)) is same


@pytest.mark.parametrize(("written", "same"), [
    ("Advies van de medezeggenschapsraad van De\nBrug, school voor speciaal onderwijs", True),  # its short name
    ("MR De Brug", True),
    ("de MR van basisschool De Brug", True),
    ("de medezeggenschapsraad schrijft over De Brug", False),  # not the council's name
    ("medezeggenschapsraad van De Berg", False),  # a short word: no typo allowed
    ("medezeggenschapsraad van De Burg", False),
])
def test_a_schools_short_name_must_be_exact(written: str, same: bool) -> None:
    assert council_named(written, (BRUG, "De Brug")) is same


# ------------------------------------------------------------- scans and privacy


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (60, 80), "white").save(path, "PNG")


def test_a_scan_without_text_asks_for_a_dated_confirmation(tmp_path: Path) -> None:
    folder = variant(tmp_path, setter("scholen", 1, "mr_advies", value="bijlagen/scan.png"))
    _png(folder / "bijlagen" / "scan.png")
    ((rule, field, message),) = ours(folder)
    assert (rule, field) == ("DUO-ADVIES-JUIST", "scholen[1].mr_advies")
    assert message == ("‘bijlagen/scan.png’ is een scan zonder tekst: het programma kan niet lezen of dit het "
                       f"advies van de medezeggenschapsraad van Het Ludgercollege ‘Ulft’ over ‘{NAAM}’ is")

    confirmed = {"bestand": "bijlagen/scan.png", "door": "Marloes Hendriksen-Ter Horst, beleidsadviseur",
                 "datum": date(2027, 2, 1)}
    folder = variant(tmp_path / "b", both(setter("scholen", 1, "mr_advies", value="bijlagen/scan.png"),
                                          setter("bijlagen", "scans_bevestigd", value=[confirmed])))
    _png(folder / "bijlagen" / "scan.png")
    assert ours(folder, date(2027, 2, 2)) == []
    assert [m for _, _, m in ours(folder, date(2027, 1, 31))] == [
        "‘bijlagen/scan.png’ is een scan zonder tekst: het programma kan niet lezen of dit het advies van de "
        f"medezeggenschapsraad van Het Ludgercollege ‘Ulft’ over ‘{NAAM}’ is",
        "de bevestiging van ‘bijlagen/scan.png’ is gedateerd op 1 februari 2027, na vandaag"]


def test_a_confirmation_of_no_scan_is_said(tmp_path: Path) -> None:
    confirmed = {"bestand": "bijlagen/mr-advies-swv.pdf", "door": "Sanne Oude Wesselink", "datum": date(2026, 11, 1)}
    folder = variant(tmp_path, setter("bijlagen", "scans_bevestigd", value=[confirmed]))
    assert ours(folder) == [("DUO-ADVIES-JUIST", "bijlagen.scans_bevestigd[0].bestand",
                             "‘bijlagen/mr-advies-swv.pdf’ heeft tekst en wordt zelf gelezen; deze bevestiging "
                             "geldt niet")]


def test_a_bsn_in_an_advice_is_a_privacy_finding_at_the_advice(tmp_path: Path) -> None:
    folder = with_advice(tmp_path, ("bijlagen", "mr_advies_samenwerkingsverband"),
                         "medezeggenschapsraad van Samenwerkingsverband VO Achterhoek Oost", f"‘{NAAM}’",
                         "De leerling met BSN 111222333 kan als eerste starten.")
    assert ours(folder) == [("PRIV-BIJLAGE", "bijlagen.mr_advies_samenwerkingsverband",
                             "burgerservicenummer (BSN, klopt met de elfproef) in ‘bijlagen/advies.pdf’: "
                             "‘111222333’")]


# ---------------------------------------------------------- one advice per school


def test_an_arrangement_at_two_schools_asks_for_each_schools_advice(tmp_path: Path) -> None:
    folder = variant(tmp_path, deleter("scholen", 1, "mr_advies"))
    assert ours(folder) == [("DUO-MR-ADVIES", "scholen[1]",
                             "het advies van de medezeggenschapsraad van Het Ludgercollege ‘Ulft’ is niet "
                             "bijgevoegd")]
    dossier = load_dossier(folder).dossier
    assert [a.path for a in attachment_four(dossier)[1]] == ["bijlagen/mr-advies-de-brug.pdf",
                                                             "bijlagen/mr-advies-swv.pdf"]


def test_attachment_four_is_every_schools_advice_then_the_swvs_or_the_opr_consent(tmp_path: Path) -> None:
    dossier = load_dossier(variant(tmp_path, lambda data: None)).dossier
    assert attachment_four(dossier)[0] == MR_FILE
    assert [a.path for a in attachment_four(dossier)[1]] == [
        "bijlagen/mr-advies-de-brug.pdf", "bijlagen/mr-advies-ludgercollege.pdf", "bijlagen/mr-advies-swv.pdf"]
    shared = load_dossier(variant(tmp_path / "b", setter("scholen", 1, "mr_advies",
                                                         value="bijlagen/mr-advies-de-brug.pdf"))).dossier
    assert [a.path for a in attachment_four(shared)[1]] == ["bijlagen/mr-advies-de-brug.pdf",
                                                            "bijlagen/mr-advies-swv.pdf"]
    opr = variant(tmp_path / "c", setter("bijlagen", "opr_instemming", value="bijlagen/mr-advies-swv.pdf"))
    name, parts = attachment_four(load_dossier(opr).dossier)
    assert (name, [a.path for a in parts]) == (OPR_FILE, ["bijlagen/mr-advies-swv.pdf"])
    assert [(r, f) for r, f, _ in ours(opr)] == [("DUO-MR-ADVIES", "scholen[0].mr_advies")]  # not sent: said


def test_the_old_single_school_advice_says_where_it_goes_now(tmp_path: Path) -> None:
    folder = variant(tmp_path, setter("bijlagen", "mr_advies_school", value="bijlagen/mr-advies-de-brug.pdf"))
    with pytest.raises(InvalidDossier) as refused:
        load_dossier(folder)
    (problem,) = refused.value.problems
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    assert (problem.field, problem.line) == ("bijlagen.mr_advies_school", line_of(text, "  mr_advies_school:"))
    assert problem.message == (
        "het MR-advies van een school staat nu bij die school: haal deze regel weg en schrijf onder ‘scholen’, "
        "bij de school waarvan de medezeggenschapsraad het advies gaf, ‘mr_advies: "
        "bijlagen/mr-advies-de-brug.pdf’; elke school van het arrangement heeft een eigen advies")


def test_what_an_advice_says_is_read_once_per_content(tmp_path: Path) -> None:
    folder = variant(tmp_path, lambda data: None)
    cache = tmp_path / "gelezen"
    first = check_dossier(load_dossier(folder), today=TODAY, readings=cache).findings
    stored = sorted(p.name for p in cache.glob("advies-*.json"))
    assert len(stored) == 3  # the two schools' advices and the samenwerkingsverband's
    assert check_dossier(load_dossier(folder), today=TODAY, readings=cache).findings == first
    # a later run reads the stored text, not the file (a stored text that names another arrangement shows it)
    import json

    from pipeline.check import advices

    entry = cache / stored[0]
    longer = "Advies van de medezeggenschapsraad over het arrangement ‘Een heel ander arrangement’."
    entry.write_text(json.dumps({**json.loads(entry.read_text(encoding="utf-8")), "inhoud": [longer]}),
                     encoding="utf-8")
    advices._READ.clear()
    again = check_dossier(load_dossier(folder), today=TODAY, readings=cache).findings
    assert any("noemt: “‘Een heel ander arrangement’”" in f.message for f in again if f.id == "DUO-ADVIES-JUIST")


def test_a_template_that_still_names_the_old_advice_is_told_where_it_is() -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from pipeline.lint.check import unknown_message
    from pipeline.lint.jinja_vars import analyse
    from pipeline.lint.vocabulary import vocabulary

    parsed = ImmutableSandboxedEnvironment().parse("{{ bijlagen.mr_advies_school }}")
    (unknown,) = analyse(parsed, vocabulary("docx")).unknown
    assert unknown_message(unknown).endswith(
        "; het MR-advies staat nu bij elke school: {% for s in scholen %} … {{ s.mr_advies }} … {% endfor %}")


def test_a_pdf_of_a_scanned_page_is_a_scan_too(tmp_path: Path) -> None:
    import base64
    import io

    import weasyprint
    from PIL import Image

    page = io.BytesIO()
    Image.new("RGB", (120, 160), "white").save(page, "PNG")
    folder = variant(tmp_path, setter("scholen", 0, "mr_advies", value="bijlagen/scan.pdf"))
    source = f"<img src='data:image/png;base64,{base64.b64encode(page.getvalue()).decode()}'>"
    weasyprint.HTML(string=source).write_pdf(folder / "bijlagen" / "scan.pdf")
    ((rule, field, message),) = ours(folder)
    assert (rule, field) == ("DUO-ADVIES-JUIST", "scholen[0].mr_advies")
    assert message.startswith("‘bijlagen/scan.pdf’ is een scan zonder tekst")


@pytest.mark.parametrize(("raad", "right"), [
    ("ondersteuningsplanraad van SWV Achterhoek Oost", True),
    ("ondersteuningsplanraad van Samenwerkingsverband Passend Onderwijs IJssel-Berkel", False),
])
def test_the_opr_consent_is_the_samenwerkingsverbands(tmp_path: Path, raad: str, right: bool) -> None:
    folder = with_advice(tmp_path, ("bijlagen", "opr_instemming"), raad, f"‘{NAAM}’", "De raad stemt in.",
                         deleter("scholen", 0, "mr_advies"), deleter("scholen", 1, "mr_advies"),
                         deleter("bijlagen", "mr_advies_samenwerkingsverband"))
    expected = [] if right else [(
        "DUO-ADVIES-JUIST", "bijlagen.opr_instemming",
        "de instemming ‘bijlagen/advies.pdf’ is niet van de ondersteuningsplanraad van SWV Achterhoek Oost; het "
        "noemt: “ondersteuningsplanraad van Samenwerkingsverband Passend Onderwijs IJssel-Berkel”")]
    assert ours(folder) == expected


@pytest.mark.parametrize("breaks", ["another school's advice", "a BSN in its file name"])
def test_build_shows_no_attachment_4_while_a_schools_advice_is_wrong(example_copy: Path, tmp_path: Path,
                                                                    breaks: str) -> None:
    """build/<naam>/bijlage-4-….pdf is what DUO will get: not while any error concerns a school's advice, by
    an advice rule or another (privacy) at its field."""
    from pipeline.cli import run as dossier

    folder = example_copy
    out = tmp_path / "build"
    assert dossier(["build", str(folder), "-o", str(out), "--vandaag", "2027-03-25"]) == 0
    shown = out / "voorbeeld" / "bijlage-4-adviezen-medezeggenschapsraad.pdf"
    assert shown.is_file()
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    school_advices = [line.split(":", 1)[1].strip() for line in text.splitlines()
                      if line.strip().startswith("mr_advies:")]
    first, second = school_advices[:2]
    if breaks == "another school's advice":
        (folder / first).write_bytes((folder / second).read_bytes())
    else:
        renamed = first.replace(".pdf", "-111222333.pdf")
        (folder / first).rename(folder / renamed)
        (folder / "dossier.yaml").write_text(text.replace(f"mr_advies: {first}", f"mr_advies: {renamed}", 1),
                                             encoding="utf-8")
    dossier(["build", str(folder), "-o", str(out), "--vandaag", "2027-03-25"])
    assert not shown.exists()
