"""Issue 15, batch: the summary of ``dossier build`` with several dossiers says why a dossier is
not ready, counts in good Dutch, starts talking before the first dossier is done, and its
"ongewijzigd" column holds counts only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import run
from tests.conftest import line_of, sign_now

TODAY = "2027-01-01"


def _three(project: Path) -> None:
    """a: ready to submit (signed); b: its MR-advies is missing; c: invalid (a quoted number)."""
    inputs = project / "inputs"
    shutil.copytree(inputs / "voorbeeld", inputs / "a")
    sign_now(inputs / "a")  # its own name is on every page: the example's signed copies are of another text
    shutil.copytree(inputs / "voorbeeld", inputs / "b")
    (inputs / "b" / "bijlagen" / "mr-advies-de-brug.pdf").unlink()
    shutil.copytree(inputs / "voorbeeld", inputs / "c")
    yaml = inputs / "c" / "dossier.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("aantal_leerlingen: 12", 'aantal_leerlingen: "12"'),
                    encoding="utf-8")
    shutil.rmtree(inputs / "voorbeeld")


def test_batch_summary(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    _three(project)
    text = (project / "inputs" / "b" / "dossier.yaml").read_text(encoding="utf-8")
    line = line_of(text, "mr_advies:")
    assert run(["build", "--vandaag", TODAY, "-j", "2", "inputs/a", "inputs/b", "inputs/c"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    # the first progress line comes before any dossier is done
    assert lines[0] == "  [0/3] 3 dossiers bouwen, 2 tegelijk"
    assert lines[1].startswith("  [1/3] ")
    assert lines[4].split() == ["dossier", "gemaakt", "ongewijzigd", "controle", "tijd"]
    rows = {r.split()[0]: r.split() for r in lines if r.startswith(("  a ", "  b ", "  c "))}
    assert rows["a"][1:6] == ["8", "0", "in", "te", "dienen"] and rows["b"][1:5] == ["8", "0", "niet", "klaar"], out
    assert rows["c"][1:4] == ["–", "–", "ongeldig"]
    # why b is not ready, and where to read on
    assert (f"1 dossier is nog niet klaar:\n  inputs/b/dossier.yaml:{line}:16: scholen[0].mr_advies: de bijlage "
            "‘bijlagen/mr-advies-de-brug.pdf’ bestaat niet\n"
            "  alle bevindingen, met wat u moet doen: dossier check inputs/b\n") in err
    assert out.endswith("16 documenten gemaakt in " + out.rsplit("gemaakt in ", 1)[1])
    assert "(s)" not in out + err

    # again, with only b changed: a and b unchanged are counted, never "alles"
    yaml = project / "inputs" / "b" / "dossier.yaml"
    yaml.write_text(text.replace("plaats: Doetinchem", "plaats: Doetinchem ", 1), encoding="utf-8")
    (project / "inputs" / "c").rename(project / "c-weg")
    assert run(["build", "--vandaag", TODAY, "inputs/a", "inputs/b"]) == 0
    out, err = capsys.readouterr()
    rows = {r.split()[0]: r.split() for r in out.splitlines() if r.startswith(("  a ", "  b "))}
    assert rows["a"][1:3] == ["0", "8"], out
    assert "alles" not in out
    assert "inputs/b/dossier.yaml" in err and "dossier check inputs/b" in err

    # nothing changed at all: the fast path names the reason too, and counts in good Dutch
    assert run(["build", "--vandaag", TODAY, "inputs/a", "inputs/b"]) == 0
    out, err = capsys.readouterr()
    assert out == "0 documenten gemaakt (2 dossiers ongewijzigd) — niet klaar: inputs/b\n"
    assert f"  inputs/b/dossier.yaml:{line}:16: scholen[0].mr_advies: de bijlage" in err
    assert run(["build", "--vandaag", TODAY, "inputs/a"]) == 0
    assert capsys.readouterr().out.endswith("0 documenten gemaakt (1 dossier ongewijzigd) — klaar om in te dienen\n")

    # a's signed copies taken away: the same documents, ready to be signed again
    shutil.rmtree(project / "inputs" / "a" / "ondertekend")
    assert run(["build", "--vandaag", TODAY, "inputs/a", "inputs/b"]) == 0
    out, _ = capsys.readouterr()
    rows = {r.split()[0]: r.split() for r in out.splitlines() if r.startswith(("  a ", "  b "))}
    assert rows["a"][1:6] == ["0", "8", "te", "laten", "tekenen"], out
    assert out.endswith("— niet klaar: inputs/b\n")
    assert run(["build", "--vandaag", TODAY, "inputs/a"]) == 0
    assert capsys.readouterr().out.endswith(
        "0 documenten gemaakt (1 dossier ongewijzigd) — klaar om te laten tekenen\n")


def test_counts_in_good_dutch() -> None:
    from pipeline.ui import plural

    assert plural(1, "document", "documenten") == "1 document"
    assert plural(2, "document", "documenten") == "2 documenten"
    assert plural(0, "dossier", "dossiers") == "0 dossiers"


def test_templates_check_counts_one_dossier(project: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import word_override

    monkeypatch.chdir(project)
    word_override(project / "inputs" / "voorbeeld", "projectplan")
    run(["templates", "check", "inputs/voorbeeld"])
    captured = capsys.readouterr()
    assert "en de eigen sjablonen van 1 dossier)" in captured.out + captured.err
    assert "(s)" not in captured.out + captured.err


def test_one_dossier_not_ready_names_its_first_error(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    (project / "inputs" / "voorbeeld" / "bijlagen" / "mr-advies-de-brug.pdf").unlink()
    line = line_of((project / "inputs" / "voorbeeld" / "dossier.yaml").read_text(encoding="utf-8"), "mr_advies:")
    reason = (f"    eerste: inputs/voorbeeld/dossier.yaml:{line}:16: scholen[0].mr_advies: de bijlage "
              "‘bijlagen/mr-advies-de-brug.pdf’ bestaat niet")
    for _ in ("built", "unchanged"):
        assert run(["build", "--vandaag", TODAY, "inputs/voorbeeld"]) == 0
        err = capsys.readouterr().err.splitlines()
        assert err[err.index("  ✗ inputs/voorbeeld/dossier.yaml: niet klaar: 1 fout") + 1] == reason
