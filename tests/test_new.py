"""`dossier new`: a complete, commented dossier.yaml that validate then walks the applicant through."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.cli import run
from pipeline.commands.new import new
from pipeline.exceptions import DossierError
from pipeline.model.fields import FieldSpec, all_fields
from pipeline.read.load import load_yaml
from pipeline.scaffold import SCHEMA_MODELINE, DossierExists
from pipeline.ui import Reporter
from tests.conftest import EXAMPLE_YAML
from tests.runs import render_folder

OPTIONAL_LISTS = ("afwijkingen", "privacy_uitzonderingen", "bijlagen.scans_bevestigd")
OTHER_ROUTE = {"collectief": "individuele_route", "individueel": "achterhoek"}


def make(inputs: Path, naam: str = "x", soort: str = "collectief") -> tuple[Path, str]:
    stdout = io.StringIO()
    code = new(naam, soort=soort, out=Reporter(stdout=stdout, stderr=stdout), inputs=inputs)  # type: ignore[arg-type]
    assert code == 0
    return inputs / naam, stdout.getvalue()


def under(spec: FieldSpec, *roots: str) -> bool:
    return any(spec.path == r or spec.path.startswith((f"{r}.", f"{r}[")) for r in roots)


def still_to_fill(soort: str) -> set[str]:
    """Every answer the applicant must give, as validate names it (first list item: [0])."""
    wanted = set()
    for spec in all_fields():
        if spec.is_model or not spec.required or spec.path == "arrangement.soort":
            continue
        if under(spec, *OPTIONAL_LISTS, OTHER_ROUTE[soort]):
            continue
        path = spec.path.replace("[]", "[0]")
        wanted.add(f"{path}[0]" if spec.is_list else path)
    return wanted


def validate(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, str]:
    code = run(["validate", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def comments(text: str) -> str:
    """All comment text of the file as one line (wrapped descriptions joined again)."""
    parts = [re.sub(r"^[#\s]+", "", line.strip()) for line in text.splitlines() if line.lstrip().startswith("#")]
    return " ".join(" ".join(parts).split())


def test_new_writes_the_modeline_first_and_an_empty_bijlagen_folder(tmp_path: Path) -> None:
    folder, output = make(tmp_path / "inputs")
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_MODELINE
    assert (folder / "bijlagen").is_dir()
    assert [p.name for p in (folder / "bijlagen").iterdir()] == [".gitkeep"]
    assert "dossier.yaml gemaakt (collectief arrangement)" in output
    assert "dossier validate" in output


@pytest.mark.parametrize("soort", ["collectief", "individueel"])
def test_every_field_is_present_with_its_description(tmp_path: Path, soort: str) -> None:
    folder, _ = make(tmp_path / "inputs", soort=soort)
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    data = YAML(typ="safe", pure=True).load(text)

    def keys(node: Any, prefix: str = "") -> set[str]:
        found = set()
        if isinstance(node, dict):
            for key, value in node.items():
                path = f"{prefix}{key}"
                found |= {path} | keys(value, f"{path}.")
        elif isinstance(node, list) and node and isinstance(node[0], dict):
            found |= keys(node[0], prefix[:-1] + "[].")
        return found

    expected = {s.path for s in all_fields() if not under(s, OTHER_ROUTE[soort]) or s.path == OTHER_ROUTE[soort]}
    in_examples = {s.path for s in all_fields() if any(s.path.startswith(f"{r}[].") for r in OPTIONAL_LISTS)}
    assert keys(data) == expected - in_examples
    assert data["arrangement"]["soort"] == soort
    assert data[OTHER_ROUTE[soort]] is None
    described = comments(text)
    for spec in all_fields():
        if not under(spec, OTHER_ROUTE[soort]) or spec.path == OTHER_ROUTE[soort]:
            assert " ".join(spec.beschrijving.split()) in described, spec.path
    # the commented-out example of an optional list is valid YAML once the ‘# ’ is removed
    block = text.split("afwijkingen: []\n", 1)[1].split("\n\n", 1)[0].splitlines()
    example = "\n".join(line[2:] for line in block if line.startswith("#   ") or line.startswith("#     "))
    assert set(YAML(typ="safe", pure=True).load(example)[0]) == {"regel", "toelichting"}


@pytest.mark.parametrize("soort", ["collectief", "individueel"])
def test_validate_names_exactly_the_fields_still_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], soort: str
) -> None:
    folder, _ = make(tmp_path / "inputs", soort=soort)
    lines = (folder / "dossier.yaml").read_text(encoding="utf-8").splitlines()
    code, output = validate(capsys, folder)
    assert code == 1
    reported = {}
    for match in re.finditer(r"dossier\.yaml:(\d+):\d+: (\S+): (.+)", output):
        reported[match[2]] = (int(match[1]), match[3])
    assert set(reported) == still_to_fill(soort)
    for path, (line, message) in reported.items():
        key = re.sub(r"\[0\]$", "", path).split(".")[-1].split("[")[0]
        # each finding points at the empty field's own line, never at a neighbour
        assert re.match(rf"\s*(- )?{key}:|\s*- \"\"", lines[line - 1]), (path, lines[line - 1])
        # and says in words that it is still empty (plus, for dates/choices/numbers, what to write)
        assert message.startswith("is nog leeg; "), (path, message)


def _fill(node: Any, example: Any) -> Any:
    """Put the example's answer into each field of the scaffold, keeping its comments."""
    if isinstance(node, CommentedMap) and isinstance(example, dict):
        for key in node:
            if key in example:
                node[key] = _fill(node[key], example[key])
        return node
    if isinstance(node, CommentedSeq):
        return example
    return example


def test_filled_in_scaffold_validates_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = make(tmp_path / "inputs")
    example = load_yaml(EXAMPLE_YAML).data
    yaml = YAML(typ="rt", pure=True)
    target = folder / "dossier.yaml"
    data = _fill(yaml.load(target.read_text(encoding="utf-8")), example)
    with target.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    for name in ("mr-advies-de-brug.pdf", "mr-advies-swv.pdf"):
        (folder / "bijlagen" / name).write_bytes((EXAMPLE_YAML.parent / "bijlagen" / name).read_bytes())

    assert target.read_text(encoding="utf-8").startswith(SCHEMA_MODELINE)
    code, output = validate(capsys, folder)
    assert code == 0, output
    result = render_folder(folder, output_root=tmp_path / "build")
    assert result.ok, result.errors
    assert len(result.rendered) == 8


def test_new_refuses_to_overwrite_an_existing_dossier(tmp_path: Path) -> None:
    folder, _ = make(tmp_path / "inputs")
    target = folder / "dossier.yaml"
    target.write_text("aanvraagronde:\n  naam: al ingevuld\n", encoding="utf-8")
    with pytest.raises(DossierExists, match=r"dossier\.yaml bestaat al; er wordt niets overschreven"):
        make(tmp_path / "inputs")
    assert target.read_text(encoding="utf-8") == "aanvraagronde:\n  naam: al ingevuld\n"


@pytest.mark.parametrize("naam", ["../elders", "a/b", "", "met spatie"])
def test_new_rejects_names_that_are_no_folder_name(tmp_path: Path, naam: str) -> None:
    with pytest.raises(DossierError, match="kan geen dossiernaam zijn"):
        make(tmp_path / "inputs", naam)
    assert not (tmp_path / "inputs").exists()
