"""Issue 15, consultants: a template that cannot be parsed is reported alone, never in the
model's internal words; a build error names the same place as ``dossier templates check``; an
override the build would never read gets a warning with the place it belongs; the generated
template guide and the tests' skip reasons are Dutch."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from pipeline.cli import run
from tests.conftest import ROOT, word_override

UNCLOSED = "{% if arrangement.naam %}Naam: {{ arrangement.naam }}"
OVERRIDE = "inputs/voorbeeld/templates/projectplan/projectplan.docx"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_unparseable_word_template_is_reported_alone(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    word_override(project / "inputs" / "voorbeeld", "projectplan", add=[UNCLOSED])
    code, output = _run(capsys, "templates", "check", "inputs/voorbeeld")
    assert code == 1
    assert len(output.splitlines()) == 2
    assert output.splitlines()[:1] == [
        f"{OVERRIDE}: alinea ‘{UNCLOSED}’: fout in sjabloon: ‘{{% if %}}’ wordt niet gesloten met ‘{{% endif %}}’",
    ]
    assert re.fullmatch(r"1 probleem in \d+ sjablonen \(templates/ en de eigen sjablonen van 1 dossier\)",
                        output.splitlines()[1])


def test_a_missing_field_is_said_in_plain_words(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    word_override(project / "inputs" / "voorbeeld", "projectplan",
                  replace={"{{p projectplan.leerlijnen|markdown }}": "Leerlijnen: zie bijlage."})
    code, output = _run(capsys, "templates", "check", "inputs/voorbeeld")
    assert code == 1
    assert output.splitlines()[0] == (
        f"{OVERRIDE}: gebruikt ‘projectplan.leerlijnen’ niet, maar volgens het antwoordmodel hoort dit veld in "
        "Projectplan")
    for internal in ("x-documenten", "json_schema", "model_fields", "Traceback"):
        assert internal not in output


@pytest.mark.parametrize(("paragraph", "lint", "build"), [
    (UNCLOSED, "fout in sjabloon: ‘{% if %}’ wordt niet gesloten met ‘{% endif %}’",
     "fout in sjabloon: ‘{% if %}’ wordt niet gesloten met ‘{% endif %}’"),
    ("Aantal: {{ arrangement.doelgroep.aantl }} leerlingen",
     "onbekende variabele ‘arrangement.doelgroep.aantl’ — die staat niet in het antwoordmodel en geeft bij het "
     "maken van het document een fout", "onbekend veld ‘aantl’"),
])
def test_build_error_names_the_same_place_as_the_lint(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str], paragraph: str,
                                                      lint: str, build: str) -> None:
    monkeypatch.chdir(project)
    word_override(project / "inputs" / "voorbeeld", "projectplan", add=[paragraph])
    _, output = _run(capsys, "templates", "check", "inputs/voorbeeld")
    assert output.splitlines()[0] == f"{OVERRIDE}: alinea ‘{paragraph}’: {lint}"
    code, output = _run(capsys, "build", "--alleen", "docx", "inputs/voorbeeld")
    assert code == 1
    assert f"  ✗ projectplan.docx: {OVERRIDE}: {build} (alinea ‘{paragraph}’)" in output.splitlines()
    assert "(in Doelgroep)" not in output


@pytest.mark.parametrize("misplaced", [
    "templates/projectplan.docx",  # one folder too high
    "template/projectplan/projectplan.docx",  # template/ instead of templates/
    "sjablonen/projectplan/projectplan.docx",
    "projectplan/projectplan.docx",  # the templates/ level left out
    "templates/projectplan/Projectplan (1).docx",  # a copy's name
    "templates/checklist.html",
])
def test_an_override_the_build_never_reads_gets_a_warning(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str], misplaced: str) -> None:
    monkeypatch.chdir(project)
    folder = project / "inputs" / "voorbeeld"
    target = folder / misplaced
    target.parent.mkdir(parents=True, exist_ok=True)
    source = "checklist/checklist.html" if misplaced.endswith(".html") else "projectplan/projectplan.docx"
    shutil.copyfile(project / "templates" / source, target)
    should = "checklist/checklist.html" if misplaced.endswith(".html") else "projectplan/projectplan.docx"
    warning = (f"inputs/voorbeeld/{misplaced}: waarschuwing: dit sjabloon wordt niet gebruikt; zet het in "
               f"inputs/voorbeeld/templates/{should}")
    _, output = _run(capsys, "templates", "check", "inputs/voorbeeld")
    assert warning in output.splitlines()
    _, output = _run(capsys, "templates", "check")  # `make templates`: no folder named, every dossier
    assert warning in output.splitlines()
    _, output = _run(capsys, "build", "--alleen", "docx", "inputs/voorbeeld")
    assert warning in output.splitlines()
    _run(capsys, "build", "inputs/voorbeeld")
    _, output = _run(capsys, "build", "inputs/voorbeeld")  # nothing changed: said again, not only once
    assert "niets veranderd" in output and warning in output.splitlines()


def test_a_well_placed_override_gets_no_warning(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    word_override(project / "inputs" / "voorbeeld", "projectplan")
    (project / "inputs" / "voorbeeld" / "templates" / "stijl.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    _, output = _run(capsys, "templates", "check", "inputs/voorbeeld")
    assert "waarschuwing" not in output


def test_filter_table_of_the_template_guide_is_dutch() -> None:
    from pipeline.render.context import FILTERS
    from pipeline.templatedoc import FILTER_EXAMPLES

    assert set(FILTERS) <= set(FILTER_EXAMPLES), "a filter without example falls back to its English docstring"
    text = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert ("| `capitalize_first` | `{{ aanvrager.soort \\| capitalize_first }}` | `Schoolbestuur`: alleen de eerste "
            "letter wordt een hoofdletter (Jinja's `capitalize` maakt de rest klein) |") in text
    assert "leaving the rest alone" not in text


_ENGLISH = {"the", "not", "anyway", "beside", "installed", "missing", "covers", "writes", "only", "when", "skip",
            "skipped", "requires", "needs", "available"}


def _skip_reasons() -> list[tuple[str, str]]:
    """(file, reason) of every skip in the tests: ``skipif(reason=…)``, ``skip(reason=…)``, ``pytest.skip(…)``."""
    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            texts = [kw.value for kw in node.keywords if kw.arg in {"reason", "msg"}]
            if name.endswith(("skip", "skipif", "importorskip")) or "pytest.skip" in name:
                texts += [a for a in node.args if isinstance(a, (ast.Constant, ast.JoinedStr, ast.BinOp))]
            for text in texts:
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    found.append((path.name, text.value))
    return found


def test_skip_reasons_are_dutch() -> None:
    reasons = _skip_reasons()
    assert len(reasons) >= 4  # the scan sees them
    for file, reason in reasons:
        words = set(reason.lower().replace(";", " ").replace(",", " ").replace(":", " ").split())
        assert not words & _ENGLISH, f"{file}: {reason}"
