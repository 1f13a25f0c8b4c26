"""PRIV-HERLEIDBAAR's edges, as pure function calls (issue 30): each entry form of the word list matched
or not, the message a consultant gets for a broken entry, and the advice per kind that was found.

The whole-dossier tests (test_identifiable) read the vocabulary once per process; these compile each
entry themselves, so a mistake in how an entry becomes a pattern (a word found inside another word,
a capital that no longer counts, 'suicidaal' without its trema) fails here, not only in a new process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.check import herleidbaar
from pipeline.check.herleidbaar import Combination, Hit, compile_term, load_vocabulary, what_to_do
from pipeline.paths import display_path


def found(entry: str, text: str) -> str | None:
    """What the entry finds in the text (None: nothing), as the check would name it."""
    m = compile_term(entry).search(text)
    return m.group(0) if m else None


# ----------------------------------------------------------------- the entry forms


@pytest.mark.parametrize("entry, text, named", [
    ("angst*", "Hij heeft angstklachten.", "angstklachten"),
    ("angst*", "Hij heeft faalangst.", None),  # begins with: not inside another word
    ("*angst", "Hij heeft faalangst.", "faalangst"),  # a leading *: inside, at the end
    ("*angst", "Hij heeft angstklachten.", None),
    ("anorexia", "Zij heeft anorexia.", "anorexia"),  # a whole word, before a full stop
    ("anorexia", "Zij heeft Anorexia.", "Anorexia"),  # capitals do not count
    ("anorexia", "Een anorexiapatiënt.", None),  # no * at the end: not the start of a longer word
    ("sociale angst", "Een sociale  angst.", "sociale  angst"),  # several words, any white space
    ("sociale angst", "Een sociale\nangst.", "sociale\nangst"),
    ("sociale angst", "Een sociale angststoornis.", None),
])
def test_each_entry_form_finds_what_the_data_file_says(entry: str, text: str, named: str | None) -> None:
    """A word found inside another word (a false alarm) or a form that no longer finds its word (a child
    missed): each form of an entry, as the data file's header explains it."""
    assert found(entry, text) == named


@pytest.mark.parametrize("entry, text, named", [
    ("suïcid*", "Er waren suicidale gedachten.", "suicidale"),  # typed without the trema
    ("suïcid*", "Er waren suïcidale gedachten.", "suïcidale"),
    ("Suïcid*", "Er waren SUICIDALE gedachten.", "SUICIDALE"),
    ("paranoïd*", "Hij was paranoide.", "paranoide"),
])
def test_a_trema_in_an_entry_also_finds_the_word_without_it(entry: str, text: str, named: str) -> None:
    """People type 'suicidaal' as often as 'suïcidaal': the entry with a trema finds both."""
    assert found(entry, text) == named


@pytest.mark.parametrize("entry, text, named", [
    ("MS", "De leerling heeft MS.", "MS"),  # an abbreviation of two capitals is no 'too short' word
    ("MS", "De leerling heeft ms.", None),  # only in capitals
    ("MS", "Zie MS-Word.", None),
    ("ADD", "Zie het addendum.", None),
])
def test_an_abbreviation_is_found_only_in_capitals_and_as_a_whole_word(entry: str, text: str,
                                                                     named: str | None) -> None:
    """'MS' (two capitals) is an abbreviation, found only as written; 'ms' in a sentence is not it."""
    assert found(entry, text) == named


def test_a_name_with_two_capitals_is_words_not_an_abbreviation() -> None:
    """'Gilles Tourette' has two capitals but is no abbreviation: found in any case and across a line end."""
    assert found("Gilles Tourette", "syndroom van gilles\ntourette") == "gilles\ntourette"


@pytest.mark.parametrize("entry, text, named", [
    ("/\\bangst\\w+/", "Angstklachten sinds maart.", "Angstklachten"),  # capitals do not count
    ("/\\bangst\\w+/", "Een ondersteuningsbehoefte op het gebied van angst.", None),
])
def test_a_regular_expression_ignores_capitals(entry: str, text: str, named: str | None) -> None:
    """The header says a /regex/ ignores capitals: a sentence that starts with the word is found."""
    assert found(entry, text) == named


# ------------------------------------------------------------ a broken entry's message


@pytest.mark.parametrize("entry, message", [
    ("  ", "een lege regel vindt alles"),
    ("//", "‘//’ past ook op een lege tekst, en dus overal"),
    ("/angst", "‘/angst’: een reguliere expressie staat tussen twee schuine strepen, /zo/"),
    ("angst/", "‘angst/’: een reguliere expressie staat tussen twee schuine strepen, /zo/"),
    ("an*", "‘an*’ is te kort: een stam met * minstens 4 letters, anders past het in te veel woorden"),
    ("*an", "‘*an’ is te kort: een stam met * minstens 4 letters, anders past het in te veel woorden"),
    ("ab", "‘ab’ is te kort: een woord minstens 3 letters, anders past het in te veel woorden"),
])
def test_a_broken_entry_says_what_is_wrong_with_it(entry: str, message: str) -> None:
    """A consultant who breaks an entry reads why, in Dutch (half a /regex/, a stem or word too short),
    instead of a pattern that silently finds something else or nothing."""
    with pytest.raises(ValueError) as caught:
        compile_term(entry)
    assert str(caught.value) == message


def test_a_stem_of_four_letters_and_a_word_of_three_are_long_enough() -> None:
    """The shortest entries the header allows compile and find their word."""
    assert found("angs*", "angsten") == "angsten"
    assert found("add", "Zie add.") == "add"


# --------------------------------------------------------------- the data file's line


def _load(tmp_path: Path, text: str, name: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(herleidbaar.VocabularyError) as caught:
        load_vocabulary(path)
    return str(caught.value)


def test_an_unknown_category_is_named_with_its_line(tmp_path: Path) -> None:
    """The consultant is sent to the line of the category that is wrong, not to the top of the file."""
    said = _load(tmp_path, "# woorden\ngezondheid:\n  - anorexia\nziekte:\n  - griep\n", "soort.yaml")
    assert said.startswith(f"{display_path(tmp_path / 'soort.yaml')}:4: onbekende soort ‘ziekte’")


def test_a_category_without_a_list_is_named_with_its_line(tmp_path: Path) -> None:
    said = _load(tmp_path, "# woorden\n\ngezondheid: anorexia\n", "lijst.yaml")
    assert said.startswith(f"{display_path(tmp_path / 'lijst.yaml')}:3: onder ‘gezondheid’ hoort een lijst")


def test_a_file_that_cannot_be_read_is_named_without_a_line(tmp_path: Path) -> None:
    """No line to point at: the message names the file, without ':None' or anything else after it."""
    path = tmp_path / "weg.yaml"
    with pytest.raises(herleidbaar.VocabularyError) as caught:
        load_vocabulary(path)
    assert str(caught.value).startswith(f"{display_path(path)}: kan het bestand niet lezen")


# ------------------------------------------------------------------------ the advice

AGE_STEP = "een leeftijdsgroep"
DESCRIPTION_STEP = "‘een ondersteuningsbehoefte op het gebied van …’"
HOME_STEP = "‘langdurig thuis’"


def combination(*categories: str, ages: str | None = None, individual: bool = True) -> Combination:
    hits = tuple(Hit(c, ("arrangement", "aanleiding"), c, i) for i, c in enumerate(categories))
    return Combination(individual, "één leerling", "De Brug", ages, hits)


@pytest.mark.parametrize("categories, ages, steps", [
    (("gezondheid",), "13–15 jaar", [AGE_STEP, DESCRIPTION_STEP]),  # the age range counts as an age
    (("klas", "gedrag"), None, [AGE_STEP, DESCRIPTION_STEP]),
    (("leeftijd", "periode_thuis"), None, [AGE_STEP, HOME_STEP]),
    (("gezondheid", "periode_thuis"), None, [DESCRIPTION_STEP, HOME_STEP]),  # no age: no age advice
    (("klas", "periode_thuis"), None, [AGE_STEP, HOME_STEP]),  # no description: no description advice
])
def test_the_advice_names_a_step_for_each_kind_found_and_no_other(categories: tuple[str, ...], ages: str | None,
                                                                  steps: list[str]) -> None:
    """Advice to generalise an age that the text does not give, or to miss the one it does, sends the
    applicant to change the wrong sentence."""
    advice = what_to_do(combination(*categories, ages=ages))
    named = [s for s in (AGE_STEP, DESCRIPTION_STEP, HOME_STEP) if s in advice]
    assert named == steps, advice


def test_the_advice_is_one_sentence_then_the_route_s_own() -> None:
    advice = what_to_do(combination("gezondheid", "periode_thuis", individual=False))
    assert advice == (
        "Maak het algemener: ‘een ondersteuningsbehoefte op het gebied van …’ (bijv. angst, gedrag) in plaats "
        "van een klacht, diagnose of voorval; ‘langdurig thuis’ in plaats van het aantal maanden of de "
        "vakantie waarna. Of beschrijf de groep in plaats van één leerling.")


@pytest.mark.parametrize("ages, expected", [
    ("13–15 jaar", {"leeftijd", "gezondheid"}),
    (None, {"gezondheid"}),
])
def test_a_narrow_age_range_is_a_kind_found(ages: str | None, expected: set[str]) -> None:
    assert combination("gezondheid", ages=ages).categories() == expected
