"""Privacy guard: no data in the free-text answers that leads back to a pupil.

DUO: "geen gegevens invullen die terug te leiden zijn tot de persoon". Every free-text
answer (fields of kind tekst/markdown, found by walking the model) is scanned for BSNs,
birth dates, pupil names, e-mail addresses and phone numbers. The structured contact
fields of professionals (name, e-mail, phone of a Persoon or Ondertekenaar) and the
organisation names are not free text and are skipped. The YAML comments are scanned for
BSNs, birth dates and pupil names too: they never reach a document, but they are pupil data
in a file that colleagues share.

No single word leads back to a pupil, but a combination can: ``herleidbaar`` weighs one pupil, the
school, an age or class, a health or behaviour description and a time at home together, with words a
consultant keeps in ``data/herleidbaar.yaml`` (see ``pipeline/check/herleidbaar.py``).

A ``privacy_uitzonderingen`` entry for a field path waives e-mail and phone findings in
that one field (a desk's work number in the toeleiding, say); it never waives a BSN,
birth date or name, because those are never staff contact details.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ruamel.yaml import YAML
from ruamel.yaml.tokens import ScalarToken

from pipeline.check import herleidbaar as identifiable
from pipeline.check import sources
from pipeline.check.findings import ERROR, WARNING, Context, Message, Rule
from pipeline.check.text import normalised, short_name
from pipeline.model.answers import (
    Aanvrager,
    Dossier,
    Financier,
    Medewerker,
    Ondertekenaar,
    Persoon,
    Samenwerkingsverband,
    School,
    Zorgaanbieder,
)
from pipeline.model.fields import all_fields, by_path, dotted, generic_path, iter_values
from pipeline.read.load import Loc, Source

PRIVACY = "Privacy"

# --------------------------------------------------------------------- which fields

_STRUCTURED_FIELDS: dict[type, tuple[str, ...]] = {
    Persoon: ("naam", "email", "telefoon", "organisatie"),
    Ondertekenaar: ("naam", "organisatie"),
    Medewerker: ("organisatie",),
    Aanvrager: ("naam",),
    School: ("naam",),
    Samenwerkingsverband: ("naam",),
    Zorgaanbieder: ("naam",),
    Financier: ("naam",),
}


def _structured_paths() -> frozenset[str]:
    """Generic paths of structured contact fields and organisation names."""
    skip = set()
    for spec in all_fields():
        if spec.model in _STRUCTURED_FIELDS:
            prefix = f"{spec.path}[]." if spec.is_list else f"{spec.path}."
            skip.update(prefix + name for name in _STRUCTURED_FIELDS[spec.model])
    return frozenset(skip)


STRUCTURED_PATHS = _structured_paths()


def free_text(dossier: Dossier) -> Iterator[tuple[Loc, str]]:
    """Every filled-in free-text answer, with its location."""
    for loc, value in iter_values(dossier):
        if not isinstance(value, str):
            continue
        path = generic_path(loc)
        spec = by_path().get(path)
        if spec and spec.kind in ("tekst", "markdown", "bijlage") and path not in STRUCTURED_PATHS:
            yield loc, value


def comments(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every YAML comment (line, column, text): a ``#`` at a line's start or after a space,
    outside every scalar (``#`` inside a quoted or block text is text, not a comment).

    Comments never reach a submitted document (the PDFs embed the answers rewritten from the
    model), but a pupil's name or BSN in one is still pupil data in a file that is shared.
    Scanning the file is the check's costliest step, and three detectors ask: once per text.
    """
    return _comments(text)


@lru_cache(maxsize=4)
def _comments(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(_find_comments(text))


def _find_comments(text: str) -> Iterator[tuple[int, int, str]]:
    spans = [(t.start_mark.index, t.end_mark.index) for t in YAML().scan(text) if isinstance(t, ScalarToken)]
    starts = [s for s, _ in spans]
    for m in _COMMENT.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and spans[i][0] <= m.start() < spans[i][1]:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        yield text.count("\n", 0, m.start()) + 1, m.start() - line_start + 1, m.group()


_COMMENT = re.compile(r"(?:(?<=\s)|^)#[^\n]*", re.MULTILINE)


# ------------------------------------------------------------------------ detectors


@dataclass(frozen=True, slots=True)
class Match:
    """A piece of text that looks like personal data."""

    text: str
    start: int


WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(digits: str) -> bool:
    """The BSN check: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    return sum(int(c) * w for c, w in zip(digits, WEIGHTS, strict=True)) % 11 == 0


# 123456782, 123 456 782, 123.456.782, 1234.56.782, 12.34.56.782 — not inside a longer
# number, an amount (1.234.567,00) or a code with letters (VAT number NL123456782B01).
_BSN = re.compile(
    r"(?<![\w.,])(?:\d{9}|\d{3}([ .])\d{3}\1\d{3}|\d{4}([ .])\d{2}\2\d{3}"
    r"|\d{2}([ .])\d{2}\3\d{2}\3\d{3})(?!\w|[.,]\d)"
)
# Dutch numbers: 0 + 9 digits or +31/0031 + 9 digits, with spaces, dashes or (0314).
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d(?:[\s)-]{0,2}\d){8}(?!\d)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)


def phone_numbers(text: str) -> Iterator[Match]:
    for m in _PHONE.finditer(text):
        yield Match(m.group(0), m.start())


def email_addresses(text: str) -> Iterator[Match]:
    for m in _EMAIL.finditer(text):
        yield Match(m.group(0), m.start())


_AMOUNT_WORDS = ("€", "eur", "euro")


def bsn_numbers(text: str) -> Iterator[Match]:
    """Nine-digit numbers that pass the elfproef (phone numbers excluded)."""
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    for m in _BSN.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in phones):
            continue
        if text[: m.start()].rstrip().lower().endswith(_AMOUNT_WORDS):
            continue  # € 123.456.782 is an amount
        if elfproef(re.sub(r"\D", "", m.group(0))):
            yield Match(m.group(0), m.start())


MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_DATE = re.compile(
    r"(?<![\d.-])(?:(?P<d1>\d{1,2})[-/.](?P<m1>\d{1,2})[-/.](?P<j1>\d{4})"
    r"|(?P<j2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})\s+(?P<m3>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?"
    r"\s+(?P<j3>\d{4}))(?![\d])",
    re.IGNORECASE,
)
_BIRTH_WORD = re.compile(
    r"\b(?:geboren|geb|geboortedatum|geboortedag|geboortejaar|verjaardag|jarig)\b",
    re.IGNORECASE,
)
BIRTH_WORD_DISTANCE = 40  # characters between a word like 'geboren' and the date
MAX_AGE = 25  # pupils in these arrangements are younger; older dates are history


def _date(m: re.Match[str]) -> date | None:
    try:
        if m["j1"]:
            return date(int(m["j1"]), int(m["m1"]), int(m["d1"]))
        if m["j2"]:
            return date(int(m["j2"]), int(m["m2"]), int(m["d2"]))
        return date(int(m["j3"]), MONTHS[m["m3"].lower()], int(m["d3"]))
    except ValueError:
        return None


def age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birth_dates(text: str, *, today: date, youngest: int) -> Iterator[Match]:
    """Full dates next to 'geboren'/'geb.', or that would make someone ``youngest``–24 today.

    The lower bound comes from the doelgroep (its youngest age minus one): a recent date is
    an event in the plan ("per 1 augustus 2025"), not a pupil's birthday.
    """
    for m in _DATE.finditer(text):
        d = _date(m)
        if d is None:
            continue
        around = text[max(0, m.start() - BIRTH_WORD_DISTANCE) : m.end() + BIRTH_WORD_DISTANCE // 2]
        years = age(d, today)
        if _BIRTH_WORD.search(around) or (d <= today and youngest <= years < MAX_AGE):
            yield Match(m.group(0), m.start())


_CAPITALISED_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)*"
_INITIALS = r"(?:[A-Z]\.\s?)*[A-Z]\."
_NAME_PARTICLES = r"(?:(?:van|de|der|den|ter|ten|te|het|in|op|'t|’t|la|le|el|da|du|di)\s+){0,3}"
_NAME = rf"(?:{_CAPITALISED_WORD}|{_INITIALS})\s+{_NAME_PARTICLES}{_CAPITALISED_WORD}"
_PUPIL_WORD = (
    r"(?i:\b(?:leerlinge?n?|jongere|jongen|meisje|kind|zoon|dochter|pupil|cliënt|client"
    r"|geboren|genaamd)\b)"
)
_NAME_AFTER_WORD = re.compile(rf"{_PUPIL_WORD}[:,]?\s+(?P<name>{_NAME})")
_NAME_BEFORE_WORD = re.compile(
    rf"(?P<name>{_NAME})\s*[,(]\s*(?:{_PUPIL_WORD}|(?i:geb\b)|\d{{1,2}}\s+jaar\b)"
)


def pupil_names(text: str, known: frozenset[str] = frozenset()) -> Iterator[Match]:
    """Full names right after 'leerling'/'geboren' (or right before ', leerling' / '(14 jaar')'.

    ``known`` holds normalised organisation names, so "leerling De Brug" is not a person.
    """
    seen: set[int] = set()
    for pattern in (_NAME_AFTER_WORD, _NAME_BEFORE_WORD):
        for m in pattern.finditer(text):
            name = m["name"]
            if m.start("name") in seen or any(normalised(name) in b for b in known):
                continue
            seen.add(m.start("name"))
            yield Match(name, m.start("name"))


# ---------------------------------------------------------------------- locating


def _key_lines(source: Source) -> list[int]:
    return sorted({line for line, _ in source.key_pos.values()})


def position(source: Source, loc: Loc, needle: str) -> tuple[int, int] | None:
    """Line/column of ``needle`` inside the YAML value at ``loc``; None if reflowed away."""
    line, col = source.position(loc)
    if line is None:
        return None
    keys = _key_lines(source)
    nxt = bisect_right(keys, line)
    end = keys[nxt] - 1 if nxt < len(keys) else len(source.text.splitlines())
    lines = source.text.splitlines()
    for i in range(line - 1, min(end, len(lines))):
        found = lines[i].find(needle, (col or 1) - 1 if i == line - 1 else 0)
        if found >= 0:
            return (i + 1, found + 1)
    return None


# ------------------------------------------------------------------------- rules


def _waived(ctx: Context, loc: Loc) -> bool:
    paths = {u.pad for u in ctx.dossier.privacy_uitzonderingen}
    return dotted(loc) in paths or generic_path(loc) in paths


def known_names(d: Dossier) -> frozenset[str]:
    names = [d.aanvrager.naam, d.samenwerkingsverband.naam]
    names += [s.naam for s in d.scholen] + [short_name(s.naam) for s in d.scholen]
    names += [z.naam for z in d.zorgaanbieders] + [f.naam for f in d.financiers]
    return frozenset(normalised(n) for n in names)


def _scan(
    ctx: Context,
    detector: Callable[[str], Iterator[Match]],
    what: str,
    what_to_do: str,
    *,
    waiverable: bool = False,
    in_comments: bool = False,
) -> Iterator[Message]:
    """Findings of ``detector`` in the free-text answers and, with ``in_comments``, in the
    YAML comments (pupil data: never there either)."""
    if in_comments:
        for line, column, text in comments(ctx.loaded.source.text):
            for hit in detector(text):
                yield Message((), f"{what} in een commentaarregel: ‘{hit.text}’", what_to_do,
                              position=(line, column + hit.start))
    for loc, text in free_text(ctx.dossier):
        if waiverable and _waived(ctx, loc):
            continue
        for hit in detector(text):
            yield Message(
                loc,
                f"{what} in vrije tekst: ‘{hit.text}’",
                what_to_do,
                position=position(ctx.loaded.source, loc, hit.text),
            )


def bsn(ctx: Context) -> Iterator[Message]:
    yield from _scan(
        ctx, bsn_numbers, "burgerservicenummer (BSN, klopt met de elfproef)",
        "Verwijder het BSN: in een aanvraag hoort geen gegeven dat terug te leiden is tot een "
        "leerling.",
        in_comments=True,
    )


def geboortedatum(ctx: Context) -> Iterator[Message]:
    youngest = max(2, ctx.dossier.arrangement.doelgroep.leeftijd_van - 1)
    yield from _scan(
        ctx, lambda t: birth_dates(t, today=ctx.today, youngest=youngest),
        "mogelijke geboortedatum",
        "Verwijder de geboortedatum; noem hoogstens een leeftijd of leeftijdsgroep "
        "(‘12 tot 18 jaar’).",
        in_comments=True,
    )


def naam(ctx: Context) -> Iterator[Message]:
    known = known_names(ctx.dossier)
    yield from _scan(
        ctx, lambda t: pupil_names(t, known), "mogelijke naam van een leerling",
        "Verwijder de naam; beschrijf de leerling zonder herleidbare gegevens (‘een "
        "leerling van 14 jaar’).",
        in_comments=True,
    )


def email(ctx: Context) -> Iterator[Message]:
    yield from _scan(
        ctx, email_addresses, "e-mailadres",
        "Verwijder het e-mailadres, of zet een zakelijk adres in een contactveld (‘email’ "
        "van de regisseur). Staat hier bewust een zakelijk adres, voeg dan een "
        "‘privacy_uitzonderingen’-regel toe met dit veldpad en de reden.",
        waiverable=True,
    )


def telefoon(ctx: Context) -> Iterator[Message]:
    yield from _scan(
        ctx, phone_numbers, "telefoonnummer",
        "Verwijder het telefoonnummer, of zet een zakelijk nummer in een contactveld "
        "(‘telefoon’ van de regisseur). Staat hier bewust een zakelijk nummer, voeg dan een "
        "‘privacy_uitzonderingen’-regel toe met dit veldpad en de reden.",
        waiverable=True,
    )


def herleidbaar(ctx: Context) -> Iterator[Message]:
    """One pupil, the school and two of age or class, health or behaviour, time at home: together they
    single out a child, though no single word does. An error on the individual route (it is one child);
    a warning for a group, where only a tiny group or a story about one pupil points at one."""
    found = identifiable.weigh(ctx.dossier, free_text(ctx.dossier))
    if found is None:
        return
    first = found.hits[0]
    pointed = "één kind" if found.individual or found.who == "één leerling" else "elk kind"
    yield Message(
        found.loc,
        f"{found.named()}: samen wijzen die {pointed} aan",
        identifiable.what_to_do(found),
        severity=ERROR if found.individual else WARNING,
        position=(position(ctx.loaded.source, first.loc, first.text)
                  or position(ctx.loaded.source, first.loc, first.text.split()[0])),
    )


def uitzonderingen(ctx: Context) -> Iterator[Message]:
    """A waiver must name an existing free-text field, or it silently waives nothing."""
    known = set()
    for loc, _ in free_text(ctx.dossier):
        known.update((dotted(loc), generic_path(loc)))
    for i, waiver in enumerate(ctx.dossier.privacy_uitzonderingen):
        if waiver.pad not in known:
            yield Message(
                ("privacy_uitzonderingen", i, "pad"),
                f"‘{waiver.pad}’ is geen ingevuld vrij-tekstveld; deze uitzondering "
                "geldt nergens",
                "Schrijf het veldpad zoals in de meldingen, bijv. ‘achterhoek.toeleiding’, of "
                "haal de uitzondering weg.",
                severity=WARNING,
            )


RULES: tuple[Rule, ...] = (
    Rule("PRIV-BSN", "Geen burgerservicenummers", sources.PRIVACY, bsn, group=PRIVACY),
    Rule("PRIV-GEBOORTEDATUM", "Geen geboortedata", sources.PRIVACY, geboortedatum,
         group=PRIVACY),
    Rule("PRIV-NAAM", "Geen namen van leerlingen", sources.PRIVACY, naam, group=PRIVACY),
    Rule("PRIV-EMAIL", "Geen e-mailadressen in vrije tekst", sources.PRIVACY, email,
         group=PRIVACY),
    Rule("PRIV-TELEFOON", "Geen telefoonnummers in vrije tekst", sources.PRIVACY, telefoon,
         group=PRIVACY),
    # Was IND-HERLEIDBAAR, a warning on the individual route only: it now weighs a group's answers too
    # (a tiny group, a story about one pupil), so it stands with the privacy rules.
    Rule("PRIV-HERLEIDBAAR", "Geen combinatie van gegevens die één leerling aanwijst (één leerling, de school, "
         "leeftijd of klas, gezondheid of gedrag, periode thuis)", sources.PRIVACY, herleidbaar, group=PRIVACY),
    Rule("PRIV-UITZONDERING", "Privacy-uitzonderingen wijzen naar bestaande velden",
         sources.PRIVACY, uitzonderingen, group=PRIVACY),
)
