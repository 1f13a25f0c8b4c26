"""`dossier validate`: every kind of bad input gives a located Dutch error, exit 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from pipeline.cli import run
from pipeline.schema import json_schema
from tests.conftest import EXAMPLE, ROOT, example_text, line_of


def validate(capsys: pytest.CaptureFixture[str], *folders: Path) -> tuple[int, str]:
    code = run(["validate", *map(str, folders)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_example_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = validate(capsys, EXAMPLE)
    assert code == 0
    assert "geldig" in output


def test_wrong_type_names_file_line_column_and_field(capsys, dossier_with) -> None:
    text = example_text().replace("aantal_leerlingen: 12", "aantal_leerlingen: twaalf")
    folder = dossier_with(text)
    code, output = validate(capsys, folder)
    line = line_of(text, "aantal_leerlingen: twaalf")
    assert code == 1
    assert (
        f"dossier.yaml:{line}:24: arrangement.doelgroep.aantal_leerlingen: "
        "moet een geheel getal zijn"
    ) in output


def test_missing_required_field(capsys, dossier_with) -> None:
    text = "\n".join(
        line for line in example_text().splitlines() if not line.startswith("  locatie:")
    )
    code, output = validate(capsys, dossier_with(text))
    assert code == 1
    assert f"dossier.yaml:{line_of(text, 'arrangement:')}:1: arrangement.locatie: ontbreekt" in output


def test_unknown_key_suggests_the_intended_one(capsys, dossier_with) -> None:
    text = example_text().replace("  beslisdatum:", "  besliddatum:")
    code, output = validate(capsys, dossier_with(text))
    assert code == 1
    assert f":{line_of(text, 'besliddatum')}:3: aanvraagronde.besliddatum: onbekend veld" in output
    assert "bedoelde u ‘beslisdatum’?" in output


def test_wrong_choice_suggests_the_closest(capsys, dossier_with) -> None:
    text = example_text().replace("soort: collectief", "soort: collectif")
    code, output = validate(capsys, dossier_with(text))
    assert code == 1
    assert "arrangement.soort: moet een van deze waarden zijn: collectief, individueel" in output
    assert "bedoelde u ‘collectief’?" in output


def test_yaml_syntax_error_is_located(capsys, dossier_with) -> None:
    folder = dossier_with("aanvraagronde:\n  naam: x\n\tbeslisdatum: 2023-01-01\n")
    code, output = validate(capsys, folder)
    assert code == 1
    assert "dossier.yaml:3:1: YAML-fout: tab-teken gevonden" in output


def test_duplicate_key_is_rejected(capsys, dossier_with) -> None:
    text = example_text().replace("  beslisdatum: 2027-05-31", "  beslisdatum: 2027-05-31\n  beslisdatum: 2027-06-30")
    code, output = validate(capsys, dossier_with(text))
    assert code == 1
    assert "staat er twee keer in" in output


def test_all_errors_are_reported_at_once(capsys, dossier_with) -> None:
    text = (
        example_text()
        .replace("aantal_leerlingen: 12", "aantal_leerlingen: twaalf")
        .replace("  beslisdatum:", "  besliddatum:")
        .replace("    brin: 17QK", "    brin: 17-QK")
    )
    code, output = validate(capsys, dossier_with(text))
    assert code == 1
    assert "3 fouten in" in output
    assert "scholen[0].brin: heeft niet de juiste vorm" in output


def test_empty_file_and_missing_folder(capsys, dossier_with, tmp_path) -> None:
    code, output = validate(capsys, dossier_with("  \n"))
    assert code == 1 and "het bestand is leeg" in output
    code, output = validate(capsys, tmp_path / "bestaat-niet")
    assert code == 1 and "deze map bestaat niet" in output


_OUT_OF_RANGE = "het jaar {} kan niet kloppen: gebruik een datum tussen 2000-01-01 en 2100-12-31 (vorm JJJJ-MM-DD)"


@pytest.mark.parametrize(("old", "new", "field"), [
    ("  einddatum: 2027-12-31", "  einddatum: 9999-12-31", "samenwerkingsovereenkomst.einddatum"),
    ("  startdatum: 2027-08-01", "  startdatum: 1999-08-01", "arrangement.startdatum"),
    ("  beslisdatum: 2027-05-31", "  beslisdatum: 2101-01-01", "aanvraagronde.beslisdatum"),
])
def test_a_year_outside_2000_2100_is_a_located_error_in_validate_and_in_the_editor(
    capsys, dossier_with, old: str, new: str, field: str
) -> None:
    """``einddatum: 9999-12-31`` validated, then build, check and status ended in a traceback."""
    text = example_text().replace(old, new)
    code, output = validate(capsys, dossier_with(text))
    assert code == 1
    key, value = new.split(": ")
    where = f"dossier.yaml:{line_of(text, new)}:{len(key) + 3}"
    assert f"{where}: {field}: {_OUT_OF_RANGE.format(value[:4])}" in output
    assert "Traceback" not in output
    data = json.loads(json.dumps(YAML(typ="safe").load(text), default=str))
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data))
    assert [".".join(map(str, e.absolute_path)) for e in errors] == [field]  # the editor marks it too


def test_every_date_field_of_dossier_and_voortgang_refuses_a_year_outside_2000_2100() -> None:
    """One date type for both files: no date field (a new one included) lets 9999 or 1999 through."""
    import datetime as dt
    from typing import Annotated, get_args

    from pydantic import BaseModel, TypeAdapter, ValidationError

    from pipeline.model.answers import Dossier
    from pipeline.route.progress import Voortgang

    def parts(annotation: object) -> list[object]:
        return [annotation, *(p for arg in get_args(annotation) for p in parts(arg))]

    checked, todo, seen = [], [Dossier, Voortgang], set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            types = parts(info.annotation)
            todo += [t for t in types if isinstance(t, type) and issubclass(t, BaseModel)]
            if dt.date not in types:
                continue
            adapter = TypeAdapter(Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation)
            for day in (dt.date(9999, 12, 31), dt.date(1999, 12, 31), dt.date(2101, 1, 1)):
                with pytest.raises(ValidationError) as refused:
                    adapter.validate_python(day)
                assert _OUT_OF_RANGE.format(day.year) in str(refused.value), (model.__name__, name)
            for day in (dt.date(2000, 1, 1), dt.date(2100, 12, 31)):
                assert adapter.validate_python(day) == day
            checked.append(f"{model.__name__}.{name}")
    assert {"Samenwerkingsovereenkomst.einddatum", "Voortgang.gestart", "Evaluatie.datum",
            "Voortgang.ter_ondertekening", "Getekend.datum"} <= set(checked)
    assert len(checked) == 19, checked


def test_ja_nee_are_booleans(capsys, dossier_with) -> None:
    text = example_text().replace("past_in_visie: ja", "past_in_visie: misschien")
    code, output = validate(capsys, dossier_with(text))
    assert code == 1
    assert "achterhoek.past_in_visie: moet ja of nee zijn" in output


def test_attachment_outside_dossier_is_rejected(capsys, dossier_with) -> None:
    text = example_text().replace("bijlagen/mr-advies-swv.pdf", "../../geheim.pdf")
    code, output = validate(capsys, dossier_with(text))
    assert code == 1
    assert "bijlagen.mr_advies_samenwerkingsverband: mag niet met ‘..’ buiten de dossiermap" in output


def test_cli_process_exit_codes_and_no_traceback(dossier_with) -> None:
    bad = dossier_with(example_text().replace("aantal_leerlingen: 12", "aantal_leerlingen: [1]"))
    for args, expected in (([str(EXAMPLE)], 0), ([str(bad)], 1), (["--onzin"], 2)):
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "validate", *args],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )
        assert proc.returncode == expected, proc.stderr
        assert "Traceback" not in proc.stderr
    assert "--help" in subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", "--help"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout


def _example_data() -> object:
    return YAML(typ="safe").load(example_text())


def test_schema_accepts_example_and_rejects_broken_copy() -> None:
    schema = json_schema()
    data = _example_data()
    data = json.loads(json.dumps(data, default=str))  # dates → strings, as an editor sees them
    jsonschema.Draft202012Validator(schema).validate(data)
    data["arrangement"]["doelgroep"]["aantal_leerlingen"] = "twaalf"
    data["arrangement"]["onbekend"] = 1
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert len(errors) == 2


def test_committed_schema_and_fieldref_are_current() -> None:
    from pipeline.fieldref import FIELDREF_PATH, fieldref_markdown
    from pipeline.schema import SCHEMA_PATH, schema_text

    assert (ROOT / SCHEMA_PATH).read_text(encoding="utf-8") == schema_text(), "run: dossier docs"
    assert (ROOT / FIELDREF_PATH).read_text(encoding="utf-8") == fieldref_markdown(), "run: dossier docs"


def test_example_points_editors_at_the_schema() -> None:
    first = example_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/dossier.schema.json"
    assert (EXAMPLE / first.split("=", 1)[1]).resolve().is_file()


def test_fieldref_lists_every_field_with_documents() -> None:
    from pipeline.fieldref import fieldref_markdown
    from pipeline.model.fields import all_fields

    text = fieldref_markdown()
    for spec in all_fields():
        assert f"| `{spec.path}` |" in text
    assert "| `arrangement.doelen` | lijst van keuzes: `terugleiden`" in text


def test_help_and_usage_errors_speak_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        run(["build", "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("gebruik: dossier build") and "opties:" in text and "toon deze uitleg" in text
    with pytest.raises(SystemExit) as stop:
        run(["build", "--alleen", "xls"])
    assert stop.value.code == 2
    assert "fout: bij --alleen: ongeldige keuze 'xls' (kies uit 'docx', 'pdf')" in capsys.readouterr().err
