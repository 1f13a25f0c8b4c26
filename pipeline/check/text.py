"""Small text helpers shared by the rules: "is this answer substantial", "is this party named"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pipeline.check.findings import Context, Message
from pipeline.model.parties import normalised as normalised  # one way to compare names, also for privacy
from pipeline.model.types import opvultekst
from pipeline.read.load import Loc

# An answer shorter than this (after stripping Markdown markup) is a placeholder like
# "n.v.t.", "volgt" or "zie bijlage", not the description DUO or the adviesgroep asks for.
MIN_TEXT_LENGTH = 30
# For short labels that must still say something (e.g. the situation in which a party leads).
MIN_SHORT_TEXT_LENGTH = 10

_MARKUP = re.compile(r"[*_`#>|~\[\]()]+|^\s*(?:[-+]|\d+[.)])\s+", re.MULTILINE)
_SPACES = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """The words of an answer without Markdown markup or extra whitespace."""
    return _SPACES.sub(" ", _MARKUP.sub(" ", text)).strip()


# Markers of an unfinished answer anywhere in a text: "TODO", "XXX", "PM" in capitals, "[invullen]".
# (Whole-answer placeholders are the model's: ``pipeline.model.types.opvultekst``.)
_MARKERS = re.compile(r"\b(?:TODO|XXX|xxx|PM)\b|\[(?:invullen|naam|\.\.\.|…)\]")


@dataclass(frozen=True, slots=True)
class Filler:
    """A placeholder in an answer: the text as written, and whether it is the whole answer."""

    text: str
    whole: bool

    def says(self, what: str) -> str:
        """The one wording of both: "… is niet ingevuld: ‘n.v.t.’ …" or "… bevat nog ‘PM’"."""
        if self.whole:
            return f"{what} is niet ingevuld: ‘{self.text}’ is een opvultekst, geen beschrijving"
        return f"{what} bevat nog ‘{self.text}’: vul dat deel nog in"


def placeholder(text: str | None) -> Filler | None:
    """The placeholder an answer consists of or still contains (as written), else ``None``."""
    if text is None:
        return None
    if opvultekst(text):
        return Filler(" ".join(text.split()), whole=True)
    marker = _MARKERS.search(text)
    return Filler(marker.group(0), whole=False) if marker else None


# A short answer is still enough when it is one complete sentence: a few words, a finite verb among
# the first ones (Dutch puts it first or second: "Menzis betaalt de zorg.", "Besluit over de
# vergoeding." with the party as its subject), two words that say something and a full stop. "ja", "zie
# boven", "Alles.", "Wij doen graag mee." or "Met de methodes van school." (no verb) are not; the count
# of characters alone called complete sentences "te summier".
MIN_SENTENCE_WORDS = 4
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_FINITE = frozenset({
    "is", "zijn", "was", "waren", "heeft", "hebben", "had", "hadden", "wordt", "worden", "werd", "werden", "kan",
    "kunnen", "kon", "konden", "mag", "mogen", "moet", "moeten", "zal", "zullen", "wil", "willen", "gaat", "gaan",
    "doet", "doen", "staat", "staan", "komt", "komen", "geeft", "geven", "neemt", "nemen", "biedt", "bieden",
    "betalen", "leveren", "zorgen", "dragen", "besluiten", "bepalen", "regelen", "voeren", "houden", "krijgen",
})
_PRONOUNS = frozenset({"ik", "wij", "we", "zij", "ze", "hij", "u", "jullie", "partijen"})
# words that say nothing about the matter ("Wij doen graag mee."): a sentence needs two that do
_EMPTY_WORDS = frozenset({"graag", "samen", "altijd", "gewoon", "zeker", "prima", "zoals", "mogelijk", "natuurlijk",
                          "uiteraard", "hierbij", "daarbij", "verder", "eigenlijk", "echter"})
# words ending in -t that are no verbs, among the first words of a sentence
_NOT_FINITE = frozenset({"met", "niet", "dat", "wat", "tot", "uit", "want", "maar", "omdat", "via", "echt", "recht",
                         "budget", "contact", "resultaat", "kwaliteit", "arrangement", "overleg", "alles", "eerst",
                         "meest", "laatst", "zelfs", "net", "straks", "ongeveer", "nacht", "plaats"})


def _finite_verb(word: str, first: str) -> bool:
    """Does ``word`` read as a finite verb ("betaalt", "heeft", "wij leveren")?"""
    w = word.casefold()
    if w in _FINITE:
        return True
    if w.endswith("t") and len(w) >= 4 and w not in _NOT_FINITE:
        return True
    return w.endswith("en") and len(w) >= 5 and first.casefold() in _PRONOUNS


def complete_sentence(text: str) -> bool:
    """Is this short answer one complete sentence (words, a finite verb early on, a full stop)?"""
    plain = plain_text(text)
    words = _WORD.findall(plain)
    if len(words) < MIN_SENTENCE_WORDS or not plain.endswith((".", "!", "?")) or opvultekst(plain):
        return False
    saying = [w for w in words if len(w) >= 5 and w.casefold() not in _EMPTY_WORDS | _PRONOUNS]
    return len(saying) >= 2 and any(_finite_verb(w, words[0]) for w in words[:4])


def too_short(text: str | None, minimum: int = MIN_TEXT_LENGTH) -> bool:
    """Shorter than ``minimum`` characters and not a complete sentence either."""
    return text is None or (len(plain_text(text)) < minimum and not complete_sentence(text))




def short_name(name: str) -> str:
    """``De Brug, school voor speciaal onderwijs`` → ``De Brug`` (how people refer to a school)."""
    return name.split(",", 1)[0].strip()


def value_at(root: BaseModel, loc: Loc) -> Any:
    """The answer at a location such as ``("projectplan", "medewerkers", 0, "expertise")``."""
    value: Any = root
    for part in loc:
        if value is None:
            return None
        value = value[part] if isinstance(part, int) else getattr(value, part)
    return value


def require_description(ctx: Context, loc: Loc, what: str) -> Iterator[Message]:
    """A finding when the answer at ``loc`` is missing, a placeholder, or shorter than ``MIN_TEXT_LENGTH``."""
    text = value_at(ctx.dossier, loc)
    if (filler := placeholder(text)) is not None:
        yield Message(loc, filler.says(what), f"Beschrijf {what} in een paar volledige zinnen.")
    elif too_short(text):
        yield Message(
            loc,
            f"{what} is te summier ({len(plain_text(text or ''))} tekens en geen volledige zin; minimaal "
            f"{MIN_TEXT_LENGTH} tekens of een zin met onderwerp en werkwoord)",
            f"Beschrijf {what} in een paar volledige zinnen; een verwijzing of ‘n.v.t.’ is "
            "niet genoeg.",
        )
