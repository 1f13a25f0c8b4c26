"""Identifiability as a whole: the combination of answers that points at one child.

DUO: "geen gegevens invullen die terug te leiden zijn tot de persoon". No single word does that: a
diagnosis in the description of a group belongs to the doelgroep. An official reads the combination:
one pupil, a named school, a narrow age range or a class, a health or behaviour description, a time
at home. Two of the last three, with one pupil at a named school, single out a child (a school has
one pupil of 13–15 who has not been to school for four months with anxiety).

The words are data (``data/herleidbaar.yaml``) that a consultant extends; they are read once per
process and checked first: a broken entry is a Dutch message with file and line, not a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from pipeline.check.text import short_name
from pipeline.exceptions import DossierError
from pipeline.model.answers import Dossier
from pipeline.paths import display_path
from pipeline.read.load import Loc, _dutch_yaml_problem  # one Dutch wording of YAML's errors

VOCABULARY = Path(__file__).parent / "data" / "herleidbaar.yaml"

# What each category of the data file describes, in the order the message names them.
CATEGORIES: dict[str, str] = {
    "klas": "een klas of leerjaar",
    "leeftijd": "een leeftijd",
    "gezondheid": "een beschrijving van gezondheid",
    "gedrag": "een beschrijving van gedrag",
    "periode_thuis": "een periode thuis",
}
# The three things that, two together, make one pupil at a named school recognisable.
ELEMENT = {"klas": "leeftijd", "leeftijd": "leeftijd", "gezondheid": "beschrijving",
           "gedrag": "beschrijving", "periode_thuis": "periode"}
MIN_ELEMENTS = 2

# An age range of at most 2 years (13–15) is at most three year groups: in one school, with one more
# detail, a handful of pupils. The example's 12–16 (four years, the whole onderbouw and more) is not.
NARROW_AGE_SPAN = 2
# A group of at most 3 pupils: describing the group describes each of them.
SMALL_GROUP = 3

MIN_STEM = 4  # letters in a stem with *: 'ang*' would find 'angel' and 'anger'
MIN_WORD = 3

_ONE_PUPIL = re.compile(
    r"\b(?:een|één|eén|1)\s+(?:leerling|leerlinge|jongere|jongen|meisje|kind|scholier)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")
_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9-]*[A-Z0-9]")
_WORD = re.compile(r"(\*?)([^\s*]+)(\*?)")
_DIAERESIS = str.maketrans({"ï": "[iï]", "ë": "[eë]", "ö": "[oö]", "ü": "[uü]"})


class VocabularyError(DossierError):
    """The data file of identifying words cannot be used; the check would miss what it lists."""


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of the data file, compiled."""

    category: str
    written: str
    pattern: re.Pattern[str]
    line: int


@dataclass(frozen=True, slots=True)
class Vocabulary:
    terms: tuple[Term, ...]

    def hits(self, loc: Loc, text: str) -> Iterator[Hit]:
        for term in self.terms:
            for m in term.pattern.finditer(text):
                if m.group(0).strip():
                    yield Hit(term.category, loc, " ".join(m.group(0).split()), m.start())


@dataclass(frozen=True, slots=True)
class Hit:
    """A piece of an answer that describes the pupil."""

    category: str
    loc: Loc
    text: str
    start: int


# ------------------------------------------------------------------ the data file


def _problem(path: Path, line: int | None, message: str) -> VocabularyError:
    where = display_path(path) + (f":{line}" if line is not None else "")
    return VocabularyError(
        f"{where}: {message}. Dit bestand noemt de woorden van de privacycontrole (PRIV-HERLEIDBAAR); de "
        "controle loopt pas weer als het klopt (aan het dossier ligt het niet). Uitleg bovenaan het bestand "
        "en in README.md (‘Herleidbaar’)."
    )


def compile_term(written: str) -> re.Pattern[str]:
    """``angst*`` (begins with), ``*angst*`` (contains), ``ADHD`` (capitals, whole word), ``/regex/``.

    Raises ``ValueError`` with the Dutch reason when the entry cannot be used.
    """
    text = written.strip()
    if not text:
        raise ValueError("een lege regel vindt alles")
    if len(text) >= 2 and text.startswith("/") and text.endswith("/"):
        try:
            pattern = re.compile(f"(?:{text[1:-1]})", re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"‘{text}’ is geen geldige reguliere expressie (Python: {exc})") from None
        if pattern.fullmatch(""):
            raise ValueError(f"‘{text}’ past ook op een lege tekst, en dus overal")
        return pattern
    if _ABBREVIATION.fullmatch(text) and sum(c.isupper() for c in text) >= 2:
        return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])")
    if text.startswith("/") or text.endswith("/"):
        raise ValueError(f"‘{text}’: een reguliere expressie staat tussen twee schuine strepen, /zo/")
    parts = []
    for word in text.split():
        m = _WORD.fullmatch(word)
        if m is None:
            raise ValueError(f"‘{word}’: een * mag alleen aan het begin of het eind van een woord staan")
        before, core, after = m.groups()
        wild = bool(before or after)
        if len(core) < (MIN_STEM if wild else MIN_WORD):
            need = f"een stam met * minstens {MIN_STEM}" if wild else f"een woord minstens {MIN_WORD}"
            raise ValueError(f"‘{word}’ is te kort: {need} letters, anders past het in te veel woorden")
        body = "".join(re.escape(c).translate(_DIAERESIS) if c in "ïëöü" else re.escape(c) for c in core.lower())
        # Anchored at a word's start even with a leading *: one try per word, not per letter (a pasted
        # 20 000-letter "word" would otherwise take seconds per entry).
        parts.append("(?<!\\w)" + ("\\w*" if before else "") + body + ("\\w*" if after else "(?!\\w)"))
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


@lru_cache(maxsize=8)
def load_vocabulary(path: Path) -> Vocabulary:
    """The data file, read and checked once per process (and per path: tests use their own copy)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _problem(path, None, f"kan het bestand niet lezen ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise _problem(path, None, "het bestand is geen UTF-8-tekst") from None
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        hint = ""
        if "alias" in str(exc.problem or ""):
            hint = " (een regel die met * begint, zet u tussen aanhalingstekens: \"*angst*\")"
        raise _problem(path, line, f"{_dutch_yaml_problem(exc)}{hint}") from None
    if not hasattr(data, "items"):
        raise _problem(path, 1, "verwacht soorten met een lijst woorden eronder (‘gezondheid:’, …)")
    terms: list[Term] = []
    for category, entries in data.items():
        line = _key_line(data, category)
        if category not in CATEGORIES:
            known = ", ".join(f"‘{c}’" for c in CATEGORIES)
            raise _problem(path, line, f"onbekende soort ‘{category}’; bekend zijn {known}")
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise _problem(path, line, f"onder ‘{category}’ hoort een lijst, met ‘- ’ voor elk woord")
        for i, entry in enumerate(entries):
            entry_line = _item_line(entries, i, line)
            if not isinstance(entry, str):
                raise _problem(path, entry_line, f"‘{entry}’ onder ‘{category}’ is geen woord of /regex/")
            try:
                pattern = compile_term(entry)
            except ValueError as exc:
                raise _problem(path, entry_line, str(exc)) from None
            terms.append(Term(category, entry, pattern, entry_line or 0))
    return Vocabulary(tuple(terms))


def _key_line(data: Any, key: Any) -> int | None:
    try:
        return int(data.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return None


def _item_line(seq: Any, i: int, fallback: int | None) -> int | None:
    try:
        return int(seq.lc.item(i)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return fallback


def vocabulary() -> Vocabulary:
    return load_vocabulary(VOCABULARY)


# ------------------------------------------------------------------- weighing


@dataclass(frozen=True, slots=True)
class Combination:
    """What together points at one child, and how sure it is (the individual route: one child)."""

    individual: bool
    who: str  # 'één leerling', 'een groep van 2 leerlingen'
    school: str
    ages: str | None  # '13–15 jaar' when the doelgroep's range is narrow and counts
    hits: tuple[Hit, ...]

    @property
    def loc(self) -> Loc:
        return self.hits[0].loc

    def named(self) -> str:
        parts = [self.who, f"de school ({self.school})"]
        if self.ages:
            parts.append(self.ages)
        parts += [f"‘{h.text}’" for h in self.hits]
        return ", ".join(parts)

    def categories(self) -> set[str]:
        return {h.category for h in self.hits} | ({"leeftijd"} if self.ages else set())


def school_of(d: Dossier) -> str:
    """The school the pupil is enrolled at, as people say it (inschrijving, else the schools)."""
    if d.inschrijving is not None and d.inschrijving.school:
        return " of ".join(d.inschrijving.school)
    return " of ".join(dict.fromkeys(short_name(s.naam) for s in d.scholen))


def sentences(text: str) -> Iterator[str]:
    yield from (s for s in _SENTENCE_END.split(text) if s.strip())


def _first_per_category(hits: Iterable[Hit]) -> list[Hit]:
    first: dict[str, Hit] = {}
    for hit in hits:
        if hit.category not in first or (hit.loc == first[hit.category].loc
                                          and hit.start < first[hit.category].start):
            first[hit.category] = hit
    order = list(CATEGORIES)
    return sorted(first.values(), key=lambda h: order.index(h.category))


def _enough(hits: list[Hit], ages: bool) -> bool:
    elements = {ELEMENT[h.category] for h in hits} | ({"leeftijd"} if ages else set())
    return len(elements) >= MIN_ELEMENTS


def weigh(d: Dossier, texts: Iterable[tuple[Loc, str]], words: Vocabulary | None = None) -> Combination | None:
    """The combination an official would stop at, or None.

    One pupil is the individual route, ``aantal_leerlingen`` of at most ``SMALL_GROUP``, or one sentence
    about "een leerling"; then the school is named (every dossier names its schools), and two of: a
    narrow age range or a class or an age, a health or behaviour description, a time at home.
    """
    words = words or vocabulary()
    texts = list(texts)
    group = d.arrangement.doelgroep
    individual = d.arrangement.soort == "individueel"
    narrow = 0 <= group.leeftijd_tot - group.leeftijd_van <= NARROW_AGE_SPAN
    ages = f"{group.leeftijd_van}–{group.leeftijd_tot} jaar" if narrow else None
    if group.leeftijd_van == group.leeftijd_tot:
        ages = f"{group.leeftijd_van} jaar"
    school = school_of(d)
    if individual or group.aantal_leerlingen <= SMALL_GROUP:
        hits = _first_per_category(h for loc, text in texts for h in words.hits(loc, text))
        if hits and _enough(hits, narrow):
            who = ("één leerling" if individual or group.aantal_leerlingen == 1
                   else f"een groep van {group.aantal_leerlingen} leerlingen")
            return Combination(individual, who, school, ages, tuple(hits))
    for loc, text in texts:  # a story about one pupil inside the description of a group
        offset = 0
        for sentence in sentences(text):
            offset = text.find(sentence, offset)
            if _ONE_PUPIL.search(sentence):
                hits = _first_per_category(
                    Hit(h.category, loc, h.text, offset + h.start) for h in words.hits(loc, sentence)
                )
                if _enough(hits, False):
                    return Combination(individual, "één leerling", school, None, tuple(hits))
    return None


def what_to_do(found: Combination) -> str:
    """Generalise each element that was found; the Toegang has the pupil's details."""
    cats = found.categories()
    steps = []
    if cats & {"leeftijd", "klas"}:
        steps.append("een leeftijdsgroep (‘12 tot 18 jaar’, ‘voortgezet onderwijs’) in plaats van een "
                     "precieze leeftijd, klas of smalle leeftijdsrange")
    if cats & {"gezondheid", "gedrag"}:
        steps.append("‘een ondersteuningsbehoefte op het gebied van …’ (bijv. angst, gedrag) in plaats van een "
                     "klacht, diagnose of voorval")
    if "periode_thuis" in cats:
        steps.append("‘langdurig thuis’ in plaats van het aantal maanden of de vakantie waarna")
    advice = "Maak het algemener: " + "; ".join(steps) + "."
    if found.individual:
        return advice + (" De gegevens van de leerling deelt de Toegang zelf met de gemeente; in de aanvraag "
                         "hoort niets wat terug te leiden is tot de leerling.")
    return advice + " Of beschrijf de groep in plaats van één leerling."
