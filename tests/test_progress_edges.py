"""voortgang.yaml's edges, on small files (issue 30): the suggestion for a mistyped field inside a
signature or an evaluation, the order in which its problems are listed, and the sent date that must be
found even when the rest of the file is wrong (else a build could replace the zip that was sent).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.exceptions import InvalidDossier
from pipeline.paths import PROGRESS_FILE
from pipeline.route.progress import Progress, load_progress, recorded, recorded_progress, recorded_sent_date


def folder_with(tmp_path: Path, text: str) -> Path:
    (tmp_path / PROGRESS_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def problems(folder: Path) -> list[tuple[int | None, int | None, str | None, str]]:
    with pytest.raises(InvalidDossier) as caught:
        load_progress(folder)
    return [(p.line, p.column, p.field, p.message) for p in caught.value.problems]


# ------------------------------------------------------------------ the messages


@pytest.mark.parametrize("text, field, suggestion", [
    ("getekend:\n  - partj: Gemeente Berkelland\n    datum: 2027-02-01\n", "getekend[0].partj", "‘partij’"),
    ("evaluaties:\n  - datum: 2027-10-01\n    deelnemers: [school]\n    opmerkng: goed\n",
     "evaluaties[0].opmerkng", "‘opmerking’"),
    ("gestrat: 2027-09-01\n", "gestrat", "‘gestart’"),
])
def test_a_mistyped_field_is_answered_with_a_field_of_its_own_block(tmp_path: Path, text: str, field: str,
                                                                    suggestion: str) -> None:
    """'partj' under getekend means 'partij' (a field of a signature), not some field of the top level:
    a suggestion from the wrong block sends the applicant to write a field that is refused again."""
    found = problems(folder_with(tmp_path, text))
    assert [m for _, _, f, m in found if f == field] == [f"onbekend veld ‘{field.rsplit('.', 1)[-1]}’; "
                                                          f"bedoelde u {suggestion}?"]


def test_problems_are_listed_in_the_order_of_the_file_s_lines(tmp_path: Path) -> None:
    """The model checks aanmeldformulier_gemaild before gestart; the applicant reads the file from the top.
    Here the first line's value also stands further to the right: the lines decide, not the columns."""
    found = problems(folder_with(tmp_path, "aanmeldformulier_gemaild: nee\ngestart: nee\n"))
    assert [(line, f) for line, _, f, _ in found] == [(1, "aanmeldformulier_gemaild"), (2, "gestart")]


def test_problems_on_one_line_are_listed_left_to_right(tmp_path: Path) -> None:
    """An evaluation written on one line: its problems in the order they stand, not the model's."""
    found = problems(folder_with(tmp_path, "evaluaties: [{deelnemers: [], datum: nee}]\n"))
    assert [f for _, _, f, _ in found] == ["evaluaties[0].deelnemers", "evaluaties[0].datum"]
    assert [line for line, _, _, _ in found] == [1, 1]
    assert found[0][1] < found[1][1]


# ------------------------------------------------------------------ the sent date


def test_the_sent_date_is_found_when_another_field_is_wrong(tmp_path: Path) -> None:
    """The zip that was sent is kept even while the applicant's voortgang.yaml has a mistake elsewhere."""
    folder = folder_with(tmp_path, "ingediend_bij_duo: 2027-03-20\ngestart: nog niet\n")
    assert recorded_sent_date(folder) == date(2027, 3, 20)


def test_the_sent_date_is_found_when_a_date_is_out_of_order(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "besluit_duo: 2027-01-05\ningediend_bij_duo: 2027-03-20\n")
    assert recorded_sent_date(folder) == date(2027, 3, 20)


def test_a_sent_date_that_is_no_date_is_its_own_problem_alone(tmp_path: Path) -> None:
    """'not recorded' would let a build replace the sent zip: a sent date that is no date is an error,
    located, and the message is about that field only (the other mistakes the build names itself)."""
    folder = folder_with(tmp_path, "gestart: nog niet\ningediend_bij_duo: gisteren\n")
    with pytest.raises(InvalidDossier) as caught:
        recorded_sent_date(folder)
    assert [(p.field, p.line) for p in caught.value.problems] == [("ingediend_bij_duo", 2)]


@pytest.mark.parametrize("text", ["gestart: nog niet\n", "- ingediend_bij_duo: 2027-03-20\n",
                                  "ingediend_bij_duo:\ngestart: nog niet\n"])
def test_no_sent_date_in_a_wrong_file_is_not_sent(tmp_path: Path, text: str) -> None:
    """Nothing recorded as sent (no field, an empty one, or a file that is a list): no zip is kept as sent."""
    assert recorded_sent_date(folder_with(tmp_path, text)) is None


def test_a_valid_file_gives_its_sent_date_and_none_without_a_file(tmp_path: Path) -> None:
    assert recorded_sent_date(tmp_path) is None
    assert recorded_sent_date(folder_with(tmp_path, "ingediend_bij_duo: 2027-03-21\n")) == date(2027, 3, 21)


# ------------------------------------------------------------------ for the checks


def test_the_checks_read_what_a_valid_file_records(tmp_path: Path) -> None:
    """The checks (PRIV-VOORTGANG, the route's statuses) see the recorded dates, with the file for positions."""
    folder = folder_with(tmp_path, "gestart: 2027-09-01\n")
    progress = recorded(folder)
    assert progress.voortgang.gestart == date(2027, 9, 1)
    assert progress.source is not None and progress.source.path == folder / PROGRESS_FILE
    assert recorded_progress(folder).gestart == date(2027, 9, 1)


def test_the_checks_read_nothing_from_a_file_that_does_not_validate(tmp_path: Path) -> None:
    """The build and 'dossier validate' name the mistake; the checks then see no progress, not half of it."""
    folder = folder_with(tmp_path, "gestart: 2027-09-01\nrod_geregistreerd: gisteren\n")
    assert recorded(folder) == Progress()
    assert recorded_progress(folder).gestart is None
