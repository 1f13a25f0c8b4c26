"""Issue 15, applicants: what a new applicant typed, and the exact Dutch message they get.

The editor (VS Code against schema/dossier.schema.json) and ``dossier validate`` give the
same verdict on one corpus of variants; Dutch habits (decimal comma, leading zero, capitals,
empty fields) get a hint instead of a bare "heeft niet de juiste vorm"; indentation errors name
the line where the indentation went wrong and what it should be; attachment paths typed on
Windows or without ``bijlagen/`` are found or suggested; a bare dossier name is found in inputs/.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pipeline.check.attachments import attachment_problem
from pipeline.cli import run
from pipeline.exceptions import InvalidDossier
from pipeline.read.load import load_yaml
from pipeline.read.validate import validate_source
from pipeline.schema import json_schema
from tests.conftest import EXAMPLE, example_text, line_of

VALIDATOR = jsonschema.Draft202012Validator(json_schema(), format_checker=jsonschema.FormatChecker())


def _jsonable(value: Any) -> Any:
    """The data as the editor sees it: dates are text in JSON."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = example_text()
    assert old in text, old
    folder = tmp_path / "inputs" / "x"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dossier.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _messages(folder: Path) -> list[str]:
    """Every validate problem as ``regel:kolom: veld: bericht``; [] when valid."""
    src = load_yaml(folder / "dossier.yaml")
    try:
        validate_source(src)
    except InvalidDossier as exc:
        return [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in exc.problems]
    return []


# (line in the example, what the applicant typed instead, valid?) — the verdict both must give
_ROUND = "  naam: Experiment onderwijszorgarrangementen, aanvraagronde 2027\n  uiterste_ontvangstdatum: 2027-03-31\n"
CORPUS = [
    (_ROUND, "  ronde: 2\n", True),  # a known round fills in its name and dates
    (_ROUND, "  ronde: 3\n", False),
    (_ROUND, "  ronde: 1\n  naam: Eigen naam\n", True),
    (_ROUND, "", False),  # no known round and not described
    (_ROUND, "  uiterste_ontvangstdatum: 2027-03-31\n", False),
    ("aantal_leerlingen: 12", "aantal_leerlingen: 12", True),
    ("aantal_leerlingen: 12", 'aantal_leerlingen: "10"', False),
    ("aantal_leerlingen: 12", "aantal_leerlingen: 10.0", True),
    ("aantal_leerlingen: 12", "aantal_leerlingen: 10.5", False),
    ("aantal_leerlingen: 12", "aantal_leerlingen: true", False),
    ("aantal_leerlingen: 12", "aantal_leerlingen: twaalf", False),
    ("aantal_leerlingen: 12", "aantal_leerlingen: 0", False),
    ("aantal_leerlingen: 12", 'aantal_leerlingen: ""', False),
    ("aantal_leerlingen: 12", "aantal_leerlingen:", False),
    ('bevoegd_gezag_nummer: "41877"', "bevoegd_gezag_nummer: 22914", True),
    ('bevoegd_gezag_nummer: "41877"', 'bevoegd_gezag_nummer: "01234"', True),
    ('bevoegd_gezag_nummer: "41877"', "bevoegd_gezag_nummer: 01234", False),
    ('bevoegd_gezag_nummer: "41877"', "bevoegd_gezag_nummer: 229140", False),
    ('bevoegd_gezag_nummer: "41877"', "bevoegd_gezag_nummer: 2291.4", False),
    ('bevoegd_gezag_nummer: "41877"', 'bevoegd_gezag_nummer: ""', False),
    ("afgestemd_met_partijen: ja", "afgestemd_met_partijen: Ja", True),
    ("afgestemd_met_partijen: ja", "afgestemd_met_partijen: NEE", True),
    ("afgestemd_met_partijen: ja", "afgestemd_met_partijen: true", True),
    ("afgestemd_met_partijen: ja", "afgestemd_met_partijen: j", True),
    ("afgestemd_met_partijen: ja", "afgestemd_met_partijen: misschien", False),
    ("afgestemd_met_partijen: ja", "afgestemd_met_partijen: 1", False),
    ("afgestemd_met_partijen: ja", 'afgestemd_met_partijen: ""', False),
    ("fte: 0.8", "fte: 0,8", False),
    ("fte: 0.8", 'fte: "0.8"', False),
    ("fte: 0.8", "fte: 1", True),
    ("fte: 0.8", "fte: true", False),
    ("fte: 0.8", 'fte: ""', True),  # optional: blank is "not given"
    ("fte: 0.8", "fte: -1", False),
    ("onderwijssoort: vso", "onderwijssoort: VSO", False),
    ("onderwijssoort: vso", "onderwijssoort: 1", False),
    ("postcode: 7009 BL", "postcode: 7009BL", True),
    ("postcode: 7009 BL", "postcode: 7009 bl", False),
    ("postcode: 7009 BL", 'postcode: ""', False),
    ("brin: 17QK", "brin: 17qk", False),
    ("brin: 17QK", "brin: 17QK01", True),
    ("straat: Kruisbergseweg 14", "straat: 14", True),
    ("straat: Kruisbergseweg 14", 'straat: "  "', False),
    ("straat: Kruisbergseweg 14", "straat: true", False),
    ("email: m.hendriksen@soazo.example", "email: geen", True),  # a placeholder in an optional answer: not given
    ("email: m.hendriksen@soazo.example", "email: geen adres", False),
    ("email: m.hendriksen@soazo.example", 'email: ""', True),
    ("email: m.hendriksen@soazo.example", "email: 12", False),
    ("telefoon: 0314 820 410", "telefoon: 31314820410", True),
    ("telefoon: 0314 820 410", "telefoon: 0314820410", False),
    ("startdatum: 2027-08-01", 'startdatum: "2027-08-01"', True),
    ("startdatum: 2027-08-01", "startdatum: 01-08-2027", False),
    ("startdatum: 2027-08-01", "startdatum: 2027-02-30", False),
    ("startdatum: 2027-08-01", "startdatum: 0", False),
    ("startdatum: 2027-08-01", "startdatum: 2027-08-01 00:00:00", False),
    ("  - opbouwen\n", "  - Opbouwen\n", False),
    ("mr_advies: bijlagen/mr-advies-de-brug.pdf", "mr_advies: /etc/passwd", False),
    ("mr_advies: bijlagen/mr-advies-de-brug.pdf", "mr_advies: C:\\mr.pdf", False),
    ("mr_advies: bijlagen/mr-advies-de-brug.pdf", "mr_advies: ../mr.pdf", False),
    ("mr_advies: bijlagen/mr-advies-de-brug.pdf", "mr_advies: bijlagen/../../mr.pdf", False),
    ("mr_advies: bijlagen/mr-advies-de-brug.pdf",
     "mr_advies: bijlagen/../bijlagen/mr-advies-de-brug.pdf", True),
    ("mr_advies: bijlagen/mr-advies-de-brug.pdf", "mr_advies: bijlagen\\mr-advies-de-brug.pdf", True),
    ("mr_advies: bijlagen/mr-advies-de-brug.pdf", 'mr_advies: ""', True),
]


@pytest.mark.parametrize(("old", "new", "valid"), CORPUS, ids=[c[1].strip() for c in CORPUS])
def test_editor_schema_and_validate_give_the_same_verdict(tmp_path: Path, old: str, new: str, valid: bool) -> None:
    folder = _variant(tmp_path, old, new)
    problems = _messages(folder)
    schema_errors = [e.message for e in VALIDATOR.iter_errors(_jsonable(load_yaml(folder / "dossier.yaml").data))]
    assert (not problems) == valid, problems
    assert (not schema_errors) == valid, schema_errors


def test_the_corpus_covers_every_kind_of_field() -> None:
    """One variant per kind the model knows: whole number, number, code with a pattern, free text,
    choice, ja/nee, date, e-mail, attachment path, list item."""
    typed = " ".join(new for _, new, _ in CORPUS)
    for field in ("aantal_leerlingen", "fte", "bevoegd_gezag_nummer", "straat", "onderwijssoort",
                  "afgestemd_met_partijen", "startdatum", "email", "mr_advies", "- Opbouwen"):
        assert field in typed


@pytest.mark.parametrize(("old", "new", "message"), [
    ("fte: 0.8", "fte: 0,8", "projectplan.medewerkers[1].fte: moet een getal zijn; gebruik een punt: 0.8"),
    ("fte: 0.8", 'fte: "0.8"',
     "projectplan.medewerkers[1].fte: moet een getal zijn; laat de aanhalingstekens weg: 0.8"),
    ("aantal_leerlingen: 12", 'aantal_leerlingen: "10"',
     "arrangement.doelgroep.aantal_leerlingen: moet een geheel getal zijn; laat de aanhalingstekens weg: 10"),
    ("aantal_leerlingen: 12", "aantal_leerlingen: true",
     "arrangement.doelgroep.aantal_leerlingen: moet een geheel getal zijn, geen ja of nee"),
    ('bevoegd_gezag_nummer: "41877"', "bevoegd_gezag_nummer: 01234",
     'aanvrager.bevoegd_gezag_nummer: heeft niet de juiste vorm: zonder aanhalingstekens is 01234 een getal en '
     'valt de voorloopnul weg; schrijf "01234" (met aanhalingstekens)'),
    ("onderwijssoort: vso", "onderwijssoort: PO",
     "scholen[0].onderwijssoort: moet een van deze waarden zijn: po, sbo, so, vso, vo, mbo; schrijf ‘po’ "
     "(alleen de hoofdletters verschillen)"),
    ("postcode: 7009 BL", "postcode: 7081 ae",
     "aanvrager.adres.postcode: heeft niet de juiste vorm; gebruik hoofdletters: ‘7081 AE’; verwacht: "
     "Postcode, bijv. ‘7001 AB’."),
    ("brin: 17QK", "brin: 04xy",
     "scholen[0].brin: heeft niet de juiste vorm; gebruik hoofdletters: ‘04XY’; verwacht: BRIN-nummer (4 tekens, "
     "bijv. ‘12AB’), eventueel met vestigingsnummer (‘12AB00’)."),
    ("postcode: 7009 BL", 'postcode: ""', "aanvrager.adres.postcode: is nog leeg; vul dit in"),
    ("onderwijssoort: vso", "onderwijssoort:", "scholen[0].onderwijssoort: is nog leeg; vul dit in"),
    ("aantal_leerlingen: 12", 'aantal_leerlingen: ""',
     "arrangement.doelgroep.aantal_leerlingen: is nog leeg; vul dit in"),
    ("startdatum: 2027-08-01", "startdatum: 2027-08-01 09:00:00",
     "arrangement.startdatum: moet een datum zijn zonder tijd, in de vorm JJJJ-MM-DD"),
    # the leading-zero advice only where quotes make it right: a text field holding only the number
    ("leeftijd_van: 12", "leeftijd_van: 01", "arrangement.doelgroep.leeftijd_van: moet minstens 2 zijn"),
    ("startdatum: 2027-08-01", "startdatum: 01-08-2027",
     "arrangement.startdatum: moet een datum zijn in de vorm JJJJ-MM-DD, bijv. 2023-07-31"),
    ('bevoegd_gezag_nummer: "41877"', "bevoegd_gezag_nummer: 01234  # met nul",
     'aanvrager.bevoegd_gezag_nummer: heeft niet de juiste vorm: zonder aanhalingstekens is 01234 een getal en '
     'valt de voorloopnul weg; schrijf "01234" (met aanhalingstekens)'),
])
def test_dutch_habits_get_a_hint(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = _variant(tmp_path, old, new)
    line = line_of(example_text().replace(old, new, 1), new.strip())
    (problem,) = _messages(folder)
    assert problem.split(": ", 1)[0].split(":")[0] == str(line)
    assert problem.split(": ", 1)[1] == message, problem  # the whole message: no advice tacked on
    assert "heeft niet de juiste vorm" not in problem or "leeg" not in problem


def test_an_empty_field_says_only_that_it_is_empty(tmp_path: Path) -> None:
    for old, new in [('bevoegd_gezag_nummer: "41877"', 'bevoegd_gezag_nummer: ""'), ("brin: 17QK", "brin: ' '"),
                     ("afgestemd_met_partijen: ja", "afgestemd_met_partijen:")]:
        (problem,) = _messages(_variant(tmp_path, old, new))
        assert problem.endswith(": is nog leeg; vul dit in"), problem


# ------------------------------------------------------------------ YAML layout


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    (  # text not indented under |, with a ‘:’ in it: YAML reads an empty text and a new key
        "  aanbod: |\n    Een combinatie van onderwijs en zorg op één plek:",
        "  aanbod: |\n  Een combinatie van onderwijs en zorg op één plek:",
        "Een combinatie", "3: arrangement.aanbod: de tekst na ‘aanbod: |’ (regel {header}) springt niet in: "
        "zet er 4 spaties voor, verder dan ‘aanbod:’",
    ),
    (  # text not indented under |, without a ‘:’: YAML gives up
        "  aanleiding: |\n    In de oostelijke",
        "  aanleiding: |\n  In de oostelijke",
        "  In de oostelijke", "3: None: YAML-fout: het inspringen klopt niet: de tekst na ‘aanleiding: |’ "
        "(regel {header}) springt niet in: zet er 4 spaties voor, verder dan ‘aanleiding:’",
    ),
    (  # a text line falls back out of its block
        "    Een combinatie van onderwijs en zorg op één plek:\n",
        "    Een combinatie van onderwijs en zorg op één plek:\n  en nog een regel\n",
        "  en nog een regel", "3: None: YAML-fout: het inspringen klopt niet: deze regel springt 2 spaties in en "
        "is geen veld; hoort hij bij de tekst van ‘aanbod’ erboven? Zet er dan 4 spaties voor, zoals de regels erboven",
    ),
    (  # a key dedented by one space
        "    leeftijd_van: 12", "   leeftijd_van: 12",
        "   leeftijd_van", "4: None: YAML-fout: het inspringen klopt niet: deze regel springt 3 spaties in, maar "
        "‘aantal_leerlingen’ erboven (regel {above}) 4; zet er 4 spaties voor, net als daar",
    ),
    (  # a key indented one space too far
        "    leeftijd_van: 12", "     leeftijd_van: 12",
        "     leeftijd_van", "6: None: YAML-fout: het inspringen klopt niet: deze regel springt 5 spaties in, 1 meer "
        "dan ‘aantal_leerlingen’ op regel {above}; zet er 4 spaties voor",
    ),
    (  # a list item dedented by one space
        "    - opbouwen", "   - opbouwen",
        "   - opbouwen", "4: None: YAML-fout: het inspringen klopt niet: deze regel springt 3 spaties in, maar "
        "‘- terugleiden’ erboven (regel {above}) 4; zet er 4 spaties voor, net als daar",
    ),
])
def test_indentation_errors_name_the_line_and_the_indentation(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    text = example_text().replace(old, new, 1)
    line = line_of(text, where)
    folder = _variant(tmp_path, old, new)
    try:
        problems = _messages(folder)
    except InvalidDossier as exc:  # the YAML could not be read at all
        problems = [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in exc.problems]
    lines = text.splitlines()
    header = next(n for n in range(line - 1, 0, -1) if lines[n - 1].rstrip().endswith("|"))
    expected = f"{line}:" + message.format(header=header, above=line - 1)
    assert problems == [expected]


def test_the_example_has_no_layout_problem() -> None:
    from pipeline.read.load import layout_problem

    assert layout_problem(example_text()) is None


def test_values_continued_over_lines_are_no_layout_problem(tmp_path: Path) -> None:
    """A quoted or ``{…}`` value over several lines says nothing about indentation; the real
    mistake further on is still the one named."""
    old = "  beslisdatum: 2027-05-31"
    new = '  beslisdatum: "2027-05-31"\n  naam_extra: "lange\n       tekst"\n  x: {a: 1,\n        b: 2}'
    text = example_text().replace(old, new).replace("    leeftijd_van: 12", "   leeftijd_van: 12")
    folder = tmp_path / "inputs" / "x"
    folder.mkdir(parents=True)
    (folder / "dossier.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDossier) as caught:
        load_yaml(folder / "dossier.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (line_of(text, "   leeftijd_van"), 4)
    assert "springt 3 spaties in, maar ‘aantal_leerlingen’ erboven" in problem.message


# ------------------------------------------------------------------ attachment paths


def test_attachment_typed_on_windows_or_through_dotdot_is_found(tmp_path: Path) -> None:
    for typed in ("bijlagen\\mr-advies-de-brug.pdf", "bijlagen/../bijlagen/mr-advies-de-brug.pdf",
                  "./bijlagen//mr-advies-de-brug.pdf"):
        folder = _variant(tmp_path, "mr_advies: bijlagen/mr-advies-de-brug.pdf", f"mr_advies: {typed}")
        shutil.copytree(EXAMPLE / "bijlagen", folder / "bijlagen", dirs_exist_ok=True)
        assert _messages(folder) == []
        dossier = validate_source(load_yaml(folder / "dossier.yaml"))
        assert dossier.scholen[0].mr_advies == "bijlagen/mr-advies-de-brug.pdf"
        assert attachment_problem(folder, dossier.scholen[0].mr_advies) is None


def test_attachment_outside_the_folder_is_still_refused(tmp_path: Path) -> None:
    folder = _variant(tmp_path, "mr_advies: bijlagen/mr-advies-de-brug.pdf",
                      "mr_advies: bijlagen/../../mr.pdf")
    (problem,) = _messages(folder)
    assert problem.endswith("scholen[0].mr_advies: mag niet met ‘..’ buiten de dossiermap wijzen")


@pytest.mark.parametrize(("typed", "message"), [
    ("mr-advies-de-brug.pdf", "bestaat niet; bedoelde u ‘bijlagen/mr-advies-de-brug.pdf’?"),
    ("bijlagen/MR-Advies-De-Brug.pdf", "bestaat niet; bedoelde u ‘bijlagen/mr-advies-de-brug.pdf’?"),
    ("Bijlagen/mr-advies-de-brug.PDF", "bestaat niet; bedoelde u ‘bijlagen/mr-advies-de-brug.pdf’?"),
    ("bijlagen/mr-advies.pdf", "bestaat niet"),  # nothing close: no guess
])
def test_attachment_near_miss_is_suggested(example_copy: Path, typed: str, message: str) -> None:
    assert attachment_problem(example_copy, typed) == message


def test_check_names_the_suggestion(example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yaml = example_copy / "dossier.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(
        "mr_advies: bijlagen/mr-advies-de-brug.pdf", "mr_advies: mr-advies-de-brug.pdf"),
        encoding="utf-8")
    run(["check", "--format", "json", "--vandaag", "2027-01-01", str(example_copy),
         "-o", str(example_copy.parent.parent / "build")])
    assert ("de bijlage ‘mr-advies-de-brug.pdf’ bestaat niet; bedoelde u ‘bijlagen/mr-advies-de-brug.pdf’?"
            in capsys.readouterr().out)


# ------------------------------------------------------------------ a bare dossier name


def test_a_bare_name_is_the_folder_in_inputs(example_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(example_copy.parent.parent)
    assert run(["validate", "voorbeeld"]) == 0
    assert capsys.readouterr().out == "✓ inputs/voorbeeld/dossier.yaml: geldig\n"
    assert run(["validate", "voorbeelt"]) == 1
    assert capsys.readouterr().err == "voorbeelt: deze map bestaat niet; bedoelde u ‘inputs/voorbeeld’?\n"


def test_bare_name_for_build_check_and_templates(example_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Every command that takes dossier folders: build, check, templates check (watch shares the rule)."""
    monkeypatch.chdir(example_copy.parent.parent)
    assert run(["build", "--alleen", "docx", "voorbeeld"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("voorbeeld → build/voorbeeld/") and "bestaat niet" not in out.err
    run(["check", "voorbeeld", "--format", "json", "--vandaag", "2027-01-01"])
    out = capsys.readouterr()
    assert '"dossier": "inputs/voorbeeld"' in out.out and "bestaat niet" not in out.err
    assert run(["templates", "check", "voorbeeld"]) == 0
    assert "bestaat niet" not in capsys.readouterr().err


def test_watch_takes_a_bare_name_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.cli import bare_names, build_parser

    assert build_parser().parse_args(["watch", "voorbeeld"]).dossiers == [Path("voorbeeld")]
    monkeypatch.chdir(EXAMPLE.parent.parent)
    assert bare_names([Path("voorbeeld"), Path("inputs/voorbeeld"), Path("bestaat-niet")]) == [
        Path("inputs/voorbeeld"), Path("inputs/voorbeeld"), Path("bestaat-niet")]


# ------------------------------------------------------------------ order on one line


def test_findings_on_one_line_in_column_order(tmp_path: Path) -> None:
    folder = _variant(tmp_path, "    straat: Kruisbergseweg 14\n    postcode: 7009 BL\n    plaats: Doetinchem",
                      '    {plaats: "", postcode: x, straat: "", pl: 1}')
    problems = _messages(folder)
    line = line_of(example_text(), "straat: Kruisbergseweg 14")
    assert [p.split(": ", 1)[0] for p in problems] == [f"{line}:{c}" for c in (14, 28, 39, 43)]
    assert [p.split(": ")[1] for p in problems] == [
        "aanvrager.adres.plaats", "aanvrager.adres.postcode", "aanvrager.adres.straat", "aanvrager.adres.pl"]


def test_check_report_lists_one_line_left_to_right(example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yaml = example_copy / "dossier.yaml"
    text = yaml.read_text(encoding="utf-8").replace(
        "    De regisseur plant de start binnen vier weken.",
        "    Bel 06-12345678 of mail info@loket.example voor een afspraak.")
    yaml.write_text(text, encoding="utf-8")
    run(["check", "--vandaag", "2027-01-01", str(example_copy), "-o", str(example_copy.parent.parent / "build")])
    out = capsys.readouterr().out
    line = line_of(text, "Bel 06-12345678")
    rows = [r.split()[0] for r in out.splitlines() if f"dossier.yaml:{line}:" in r.split(" ")[0]]
    assert [(int(r.rsplit(":", 1)[1]), kind) for r, kind in zip(rows, ("tel", "mail"), strict=True)] == [
        (text.splitlines()[line - 1].index("06-") + 1, "tel"), (text.splitlines()[line - 1].index("info@") + 1, "mail")]
