"""PRIV-HERLEIDBAAR: a pupil is identifiable by a combination, not by a word (issue 26).

The class of the case: one pupil at a named school, with two of (a narrow age range, a class or an age),
(a health or behaviour description), (a time at home). On the individual route that is an error; in a
collective dossier a warning, and only where it still points at one child (a tiny group, a story about
"een leerling"). A single element is never a finding. The words are a data file a consultant extends.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.check import herleidbaar
from pipeline.check.engine import check_dossier
from pipeline.read.validate import load_dossier
from tests.conftest import EXAMPLE
from tests.test_check import TODAY, Data, _yaml, append_text, both, findings, run_check, setter, variant

EXAMPLE_IND = EXAMPLE.parent / "voorbeeld-individueel"
RULE = "PRIV-HERLEIDBAAR"
ISSUE_CASE = ("Een leerling in de onderbouw van het vmbo volgt al ruim vier maanden geen onderwijs meer door "
              "ernstige angstklachten.")


def individual(tmp_path: Path, change: Callable[[Data], None], name: str = "ind") -> Path:
    """A copy of the individual example after ``change`` edited its answers."""
    folder = tmp_path / "inputs" / name
    shutil.copytree(EXAMPLE_IND, folder)
    yaml = _yaml()
    data = yaml.load((folder / "dossier.yaml").read_text(encoding="utf-8"))
    change(data)
    with (folder / "dossier.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    return folder


def ages(van: int, tot: int) -> Callable[[Data], None]:
    return both(setter("arrangement", "doelgroep", "leeftijd_van", value=van),
                setter("arrangement", "doelgroep", "leeftijd_tot", value=tot))


def herleidbaar_findings(folder: Path) -> list[Any]:
    """Only this rule's findings: other rules are other helpers' work and their own tests."""
    return [f for f in findings(folder) if f.id == RULE]


NARROW = ages(13, 15)


# ------------------------------------------------------------------ the issue's case


def test_the_issue_case_is_an_error_that_names_the_combination(tmp_path: Path) -> None:
    """Issue 26: this passed as "✓ in orde" ('angstklachten' was not on the list) and was only ever a warning."""
    folder = individual(tmp_path, both(NARROW, append_text("arrangement", "aanleiding", text=ISSUE_CASE)))
    found = herleidbaar_findings(folder)
    assert [(f.severity, f.field) for f in found] == [("fout", "arrangement.aanleiding")]
    assert found[0].message == (
        "één leerling, de school (De Brug), 13–15 jaar, ‘onderbouw’, ‘angstklachten’, ‘ruim vier maanden geen "
        "onderwijs’: samen wijzen die één kind aan")
    what = found[0].what_to_do
    assert "leeftijdsgroep" in what and "op het gebied van" in what and "‘langdurig thuis’" in what
    assert found[0].line is not None
    assert check_dossier(load_dossier(folder), today=TODAY).level() == "niet klaar"


def test_the_generalised_text_the_message_advises_passes(tmp_path: Path) -> None:
    """Following the what-to-do clears it: a wider age group, the area of support, 'langdurig thuis'."""
    folder = individual(tmp_path, append_text(
        "arrangement", "aanleiding", text="Een leerling van het vso met een ondersteuningsbehoefte op het gebied "
        "van angst is langdurig thuis."))
    assert herleidbaar_findings(folder) == []


@pytest.mark.parametrize("name", ["voorbeeld", "voorbeeld-individueel"])
def test_the_shipped_examples_are_not_identifiable(name: str) -> None:
    assert [f for f in check_dossier(load_dossier(EXAMPLE.parent / name), today=TODAY).findings
            if f.id == RULE] == []


# -------------------------------------------------------------- word families


@pytest.mark.parametrize("sentence, named", [
    ("De leerling heeft angstklachten.", "angstklachten"),
    ("De leerling heeft een angststoornis.", "angststoornis"),
    ("De leerling heeft faalangst.", "faalangst"),
    ("De leerling is depressief.", "depressief"),
    ("De leerling is autistisch.", "autistisch"),
    ("De leerling heeft ADHD.", "ADHD"),
    ("De leerling heeft ADD.", "ADD"),
    ("De leerling heeft PDD-NOS.", "PDD-NOS"),
    ("Er is sprake van hechtingsproblematiek.", "hechtingsproblematiek"),
    ("Na een traumatische gebeurtenis.", "traumatische"),
    ("De leerling heeft een eetstoornis.", "eetstoornis"),
    ("De leerling heeft anorexia.", "anorexia"),
    ("Er waren suïcidale gedachten.", "suïcidale"),
    ("Er waren suicidale gedachten.", "suicidale"),
    ("Er is zelfbeschadigend gedrag.", "zelfbeschadigend"),
    ("De leerling was agressief.", "agressief"),
    ("Er is een gedragsstoornis vastgesteld.", "gedragsstoornis"),
    ("De leerling heeft OCD.", "OCD"),
    ("Er zijn dwanggedachten.", "dwanggedachten"),
    ("De leerling was psychotisch.", "psychotisch"),
])
def test_each_member_of_a_word_family_counts(tmp_path: Path, sentence: str, named: str) -> None:
    """A narrow age range and any word of a family: 'angst*' is not only 'angststoornis'."""
    folder = individual(tmp_path, both(NARROW, append_text("arrangement", "omschrijving", text=sentence)))
    found = herleidbaar_findings(folder)
    assert len(found) == 1 and f"‘{named}’" in found[0].message, [f.message for f in found]


@pytest.mark.parametrize("sentence", [
    "Zie het addendum bij de overeenkomst.",  # 'add' in another word, not the abbreviation ADD
    "Bij een geschil volgt geen dwangsom.",  # not 'dwang*'
    "Er is aandacht voor psychosociale ontwikkeling.",  # not 'psychos*'
    "De leerkracht werkt traumasensitief.",  # a way of teaching
    "Met een ondersteuningsbehoefte op het gebied van gedrag en angst.",  # the advised generalisation
    "De orthopedagoog doet diagnostiek.",
])
def test_a_false_friend_of_a_family_does_not_count(tmp_path: Path, sentence: str) -> None:
    folder = individual(tmp_path, both(NARROW, append_text("arrangement", "omschrijving", text=sentence)))
    assert herleidbaar_findings(folder) == []


# ----------------------------------------------------------------- combinations

ELEMENTS: dict[str, Callable[[Data], None]] = {
    "smalle leeftijd": NARROW,
    "klas": append_text("arrangement", "omschrijving", text="De leerling zit in klas 2."),
    "leeftijd in de tekst": append_text("projectplan", "vormgeving", text="Het gaat om een leerling van 14."),
    "gezondheid": append_text("arrangement", "omschrijving", text="De leerling heeft een eetstoornis."),
    "gedrag": append_text("projectplan", "vormgeving", text="Er waren woedeaanvallen in de klas."),
    "periode thuis": append_text("projectplan", "doel_en_plannen",
                                 text="De leerling is sinds de herfstvakantie thuis."),
}
# The three kinds an official adds up: age (range, class, age in the text), a description, a time at home.
KIND = {"smalle leeftijd": "leeftijd", "klas": "leeftijd", "leeftijd in de tekst": "leeftijd",
        "gezondheid": "beschrijving", "gedrag": "beschrijving", "periode thuis": "periode"}
PAIRS = [(a, b) for i, a in enumerate(ELEMENTS) for b in list(ELEMENTS)[i + 1:]]


@pytest.mark.parametrize("element", list(ELEMENTS))
def test_one_element_alone_is_no_finding(tmp_path: Path, element: str) -> None:
    """One pupil at a named school with one more detail: a school has more pupils like that."""
    assert herleidbaar_findings(individual(tmp_path, ELEMENTS[element])) == []


@pytest.mark.parametrize("pair", PAIRS, ids=[" + ".join(p) for p in PAIRS])
def test_two_kinds_together_are_an_error_on_the_individual_route(tmp_path: Path, pair: tuple[str, str]) -> None:
    """Two different kinds single out the child; two of one kind (13–15 and klas 2) narrow nothing new."""
    found = herleidbaar_findings(individual(tmp_path, both(*(ELEMENTS[e] for e in pair))))
    if KIND[pair[0]] == KIND[pair[1]]:
        assert found == []
    else:
        assert [f.severity for f in found] == ["fout"]
        assert found[0].message.startswith("één leerling, de school (De Brug), ")


# ------------------------------------------------------------ collective dossiers

STORY = "Een leerling uit klas 2 zit sinds de herfstvakantie thuis met angstklachten."


def test_a_diagnosis_alone_in_a_collective_text_is_no_finding(tmp_path: Path) -> None:
    folder = variant(tmp_path, append_text("arrangement", "omschrijving",
                                           text="Veel jongeren hebben angstklachten, ADHD of autisme."))
    assert herleidbaar_findings(folder) == []


def test_a_group_described_with_every_element_is_no_finding(tmp_path: Path) -> None:
    """Twelve pupils of 13–15 with anxiety who stay home: that is the doelgroep, not a child."""
    folder = variant(tmp_path, both(NARROW, append_text(
        "arrangement", "doelgroep", "omschrijving",
        text="Jongeren uit klas 2 met angstklachten die sinds de herfstvakantie thuis zitten.")))
    assert herleidbaar_findings(folder) == []


def test_a_criterion_about_a_pupil_is_no_finding(tmp_path: Path) -> None:
    """'langer dan vier weken' is a bound of the doelgroep, like 'langdurig'; not a moment in one life."""
    folder = variant(tmp_path, append_text(
        "achterhoek", "criteria_leerlingen",
        text="Een leerling met angstklachten die langer dan vier weken thuis zit, kan worden aangemeld."))
    assert herleidbaar_findings(folder) == []


def test_a_story_about_one_pupil_in_a_collective_dossier_is_a_warning(tmp_path: Path) -> None:
    found = herleidbaar_findings(variant(tmp_path, append_text("arrangement", "aanleiding", text=STORY)))
    assert [(f.severity, f.field) for f in found] == [("waarschuwing", "arrangement.aanleiding")]
    assert found[0].message == ("één leerling, de school (De Brug), ‘klas 2’, ‘angstklachten’, ‘sinds de "
                                "herfstvakantie thuis’: samen wijzen die één kind aan")
    assert "beschrijf de groep" in found[0].what_to_do


@pytest.mark.parametrize("count, expected", [(2, ["waarschuwing"]), (3, ["waarschuwing"]), (4, [])])
def test_a_tiny_group_still_points_at_each_child(tmp_path: Path, count: int, expected: list[str]) -> None:
    """Up to three pupils, a description of the group describes each of them."""
    folder = variant(tmp_path, both(NARROW, setter("arrangement", "doelgroep", "aantal_leerlingen", value=count),
                                    append_text("arrangement", "omschrijving", text="Zij hebben angstklachten.")))
    found = herleidbaar_findings(folder)
    assert [f.severity for f in found] == expected
    if found:
        assert found[0].message.startswith(f"een groep van {count} leerlingen, de school (")


# ------------------------------------------------------------------- the data file


def _copy_vocabulary(tmp_path: Path, extra: str = "", name: str = "herleidbaar.yaml") -> Path:
    path = tmp_path / name
    path.write_text(herleidbaar.VOCABULARY.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_a_word_a_consultant_adds_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The vocabulary is data: a new entry under 'gezondheid' is found without touching the code."""
    folder = individual(tmp_path, both(NARROW, append_text(
        "arrangement", "omschrijving", text="De leerling heeft selectief mutisme.")))
    monkeypatch.setattr(herleidbaar, "VOCABULARY", _copy_vocabulary(tmp_path, name="zonder.yaml"))
    assert herleidbaar_findings(folder) == []
    extended = herleidbaar.VOCABULARY.read_text(encoding="utf-8").replace(
        "\ngezondheid:\n", "\ngezondheid:\n  - mutis*   # selectief mutisme: niet praten op school\n", 1)
    path = tmp_path / "met.yaml"
    path.write_text(extended, encoding="utf-8")
    monkeypatch.setattr(herleidbaar, "VOCABULARY", path)
    found = herleidbaar_findings(folder)
    assert len(found) == 1 and "‘mutisme’" in found[0].message


BROKEN = [  # how, what is appended (under the last category, 'leeftijd'), the message, its line from the end
    ("reguliere expressie", "  - /(angst/\n", "‘/(angst/’ is geen geldige reguliere expressie", 0),
    ("ster zonder aanhalingstekens", "  - *angst*\n", "tussen aanhalingstekens", 0),
    ("te korte stam", "  - an*\n", "‘an*’ is te kort", 0),
    ("past overal", "  - /a*/\n", "past ook op een lege tekst", 0),
    ("geen woord", "  - 12\n", "‘12’ onder ‘leeftijd’ is geen woord of /regex/", 0),
    ("ster midden in een woord", "  - an*gst\n", "een * mag alleen aan het begin of het eind van een woord", 0),
    ("soort twee keer", "gezondheid:\n  - mutis*\n", "YAML-fout: deze sleutel staat er twee keer in", 1),
    ("tab", "\t- mutis*\n", "YAML-fout: tab-teken gevonden", 0),
]


@pytest.mark.parametrize("how, extra, message, from_end", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_data_file_is_a_dutch_message_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  how: str, extra: str, message: str,
                                                                  from_end: int) -> None:
    """The message names the file and the line a consultant broke, and the check stops instead of
    missing what the file lists."""
    path = _copy_vocabulary(tmp_path, extra, name="kapot.yaml")
    monkeypatch.setattr(herleidbaar, "VOCABULARY", path)
    lineno = path.read_text(encoding="utf-8").count("\n") - from_end
    with pytest.raises(herleidbaar.VocabularyError) as caught:
        herleidbaar.vocabulary()
    said = str(caught.value)
    assert f"kapot.yaml:{lineno}: " in said and message in said, said
    assert "aan het dossier ligt het niet" in said


def test_an_unknown_category_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy_vocabulary(tmp_path, "ziekte:\n  - griep\n")
    monkeypatch.setattr(herleidbaar, "VOCABULARY", path)
    with pytest.raises(herleidbaar.VocabularyError, match="onbekende soort ‘ziekte’; bekend zijn ‘klas’"):
        herleidbaar.vocabulary()


def test_the_check_command_reports_a_broken_data_file_without_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy_vocabulary(tmp_path, "  - /(angst/\n", name="stuk.yaml")
    monkeypatch.setattr(herleidbaar, "VOCABULARY", path)
    code, _, err = run_check(EXAMPLE_IND, tmp_path)
    assert code == 1
    assert f"stuk.yaml:{path.read_text(encoding='utf-8').count(chr(10))}: ‘/(angst/’ is geen geldige" in err
    assert "Traceback" not in err


def test_the_data_file_is_read_once_and_invalidates_earlier_runs() -> None:
    """Once per process (every dossier of a batch asks); and a changed word list, like changed code, makes
    the previous verdict stale (the freshness hash covers it)."""
    from pipeline.cache import fingerprinted_files

    assert herleidbaar.vocabulary() is herleidbaar.vocabulary()
    assert herleidbaar.VOCABULARY.resolve() in fingerprinted_files()


@pytest.mark.parametrize("text", ["a" * 20_000, ("a" * 999 + " ") * 20, "angst" * 4_000])
def test_a_long_pasted_word_does_not_stall_the_check(text: str) -> None:
    """Every entry is tried once per word, not once per letter: 'faalangst' as '*angst' once took 7 s on a
    20 000-letter answer (the longest a Markdown field allows)."""
    import time

    start = time.perf_counter()
    list(herleidbaar.vocabulary().hits((), text))
    assert time.perf_counter() - start < 2
