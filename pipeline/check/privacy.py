"""Privacy guard: no data in the free-text answers that leads back to a pupil.

DUO: "geen gegevens invullen die terug te leiden zijn tot de persoon". Every free-text
answer (fields of kind tekst/markdown, found by walking the model) is scanned for BSNs,
birth dates, pupil names, e-mail addresses and phone numbers. The structured contact
fields of professionals (name, e-mail, phone of a Persoon or Ondertekenaar) and the
organisation names are not free text and are skipped.

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

from pipeline.check import bronnen
from pipeline.check.findings import WAARSCHUWING, Context, Melding, Regel
from pipeline.check.tekst import korte_naam, normaal
from pipeline.load import Loc, Source
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

PRIVACY = "Privacy"

# --------------------------------------------------------------------- which fields

_NIET_VRIJ: dict[type, tuple[str, ...]] = {
    Persoon: ("naam", "email", "telefoon", "organisatie"),
    Ondertekenaar: ("naam", "organisatie"),
    Medewerker: ("organisatie",),
    Aanvrager: ("naam",),
    School: ("naam",),
    Samenwerkingsverband: ("naam",),
    Zorgaanbieder: ("naam",),
    Financier: ("naam",),
}


def _niet_vrije_tekst() -> frozenset[str]:
    """Generic paths of structured contact fields and organisation names."""
    skip = set()
    for spec in all_fields():
        if spec.model in _NIET_VRIJ:
            prefix = f"{spec.path}[]." if spec.is_list else f"{spec.path}."
            skip.update(prefix + name for name in _NIET_VRIJ[spec.model])
    return frozenset(skip)


NIET_VRIJE_TEKST = _niet_vrije_tekst()


def vrije_tekst(dossier: Dossier) -> Iterator[tuple[Loc, str]]:
    """Every filled-in free-text answer, with its location."""
    for loc, value in iter_values(dossier):
        if not isinstance(value, str):
            continue
        path = generic_path(loc)
        spec = by_path().get(path)
        if spec and spec.kind in ("tekst", "markdown") and path not in NIET_VRIJE_TEKST:
            yield loc, value


# ------------------------------------------------------------------------ detectors


@dataclass(frozen=True, slots=True)
class Treffer:
    """A piece of text that looks like personal data."""

    tekst: str
    start: int


GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(cijfers: str) -> bool:
    """The BSN check: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros)."""
    if len(cijfers) != 9 or not cijfers.isdigit() or int(cijfers) == 0:
        return False
    return sum(int(c) * w for c, w in zip(cijfers, GEWICHTEN, strict=True)) % 11 == 0


# 123456782, 123 456 782, 123.456.782, 1234.56.782, 12.34.56.782 — not inside a longer
# number, an amount (1.234.567,00) or a code with letters (VAT number NL123456782B01).
_BSN = re.compile(
    r"(?<![\w.,])(?:\d{9}|\d{3}([ .])\d{3}\1\d{3}|\d{4}([ .])\d{2}\2\d{3}"
    r"|\d{2}([ .])\d{2}\3\d{2}\3\d{3})(?!\w|[.,]\d)"
)
# Dutch numbers: 0 + 9 digits or +31/0031 + 9 digits, with spaces, dashes or (0314).
_TELEFOON = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d(?:[\s)-]{0,2}\d){8}(?!\d)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)


def telefoonnummers(text: str) -> Iterator[Treffer]:
    for m in _TELEFOON.finditer(text):
        yield Treffer(m.group(0), m.start())


def emailadressen(text: str) -> Iterator[Treffer]:
    for m in _EMAIL.finditer(text):
        yield Treffer(m.group(0), m.start())


_BEDRAG = ("€", "eur", "euro")


def bsn_nummers(text: str) -> Iterator[Treffer]:
    """Nine-digit numbers that pass the elfproef (phone numbers excluded)."""
    phones = [(m.start(), m.end()) for m in _TELEFOON.finditer(text)]
    for m in _BSN.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in phones):
            continue
        if text[: m.start()].rstrip().lower().endswith(_BEDRAG):
            continue  # € 123.456.782 is an amount
        if elfproef(re.sub(r"\D", "", m.group(0))):
            yield Treffer(m.group(0), m.start())


MAANDEN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_DATUM = re.compile(
    r"(?<![\d.-])(?:(?P<d1>\d{1,2})[-/.](?P<m1>\d{1,2})[-/.](?P<j1>\d{4})"
    r"|(?P<j2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})\s+(?P<m3>{'|'.join(sorted(MAANDEN, key=len, reverse=True))})\.?"
    r"\s+(?P<j3>\d{4}))(?![\d])",
    re.IGNORECASE,
)
_GEBOORTE = re.compile(
    r"\b(?:geboren|geb|geboortedatum|geboortedag|geboortejaar|verjaardag|jarig)\b",
    re.IGNORECASE,
)
GEBOORTE_AFSTAND = 40  # characters between a word like 'geboren' and the date
MAX_LEEFTIJD = 25  # pupils in these arrangements are younger; older dates are history


def _datum(m: re.Match[str]) -> date | None:
    try:
        if m["j1"]:
            return date(int(m["j1"]), int(m["m1"]), int(m["d1"]))
        if m["j2"]:
            return date(int(m["j2"]), int(m["m2"]), int(m["d2"]))
        return date(int(m["j3"]), MAANDEN[m["m3"].lower()], int(m["d3"]))
    except ValueError:
        return None


def leeftijd(geboren: date, op: date) -> int:
    return op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))


def geboortedata(text: str, *, vandaag: date, jongste: int) -> Iterator[Treffer]:
    """Full dates next to 'geboren'/'geb.', or that would make someone ``jongste``–24 today.

    The lower bound comes from the doelgroep (its youngest age minus one): a recent date is
    an event in the plan ("per 1 augustus 2025"), not a pupil's birthday.
    """
    for m in _DATUM.finditer(text):
        d = _datum(m)
        if d is None:
            continue
        around = text[max(0, m.start() - GEBOORTE_AFSTAND) : m.end() + GEBOORTE_AFSTAND // 2]
        age = leeftijd(d, vandaag)
        if _GEBOORTE.search(around) or (d <= vandaag and jongste <= age < MAX_LEEFTIJD):
            yield Treffer(m.group(0), m.start())


_HOOFD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)*"
_VOORLETTERS = r"(?:[A-Z]\.\s?)*[A-Z]\."
_TUSSENVOEGSELS = r"(?:(?:van|de|der|den|ter|ten|te|het|in|op|'t|’t|la|le|el|da|du|di)\s+){0,3}"
_NAAM = rf"(?:{_HOOFD}|{_VOORLETTERS})\s+{_TUSSENVOEGSELS}{_HOOFD}"
_LEERLINGWOORD = (
    r"(?i:\b(?:leerlinge?n?|jongere|jongen|meisje|kind|zoon|dochter|pupil|cliënt|client"
    r"|geboren|genaamd)\b)"
)
_NAAM_NA_WOORD = re.compile(rf"{_LEERLINGWOORD}[:,]?\s+(?P<naam>{_NAAM})")
_NAAM_VOOR_WOORD = re.compile(
    rf"(?P<naam>{_NAAM})\s*[,(]\s*(?:{_LEERLINGWOORD}|(?i:geb\b)|\d{{1,2}}\s+jaar\b)"
)


def leerlingnamen(text: str, bekend: frozenset[str] = frozenset()) -> Iterator[Treffer]:
    """Full names right after 'leerling'/'geboren' (or right before ', leerling' / '(14 jaar')'.

    ``bekend`` holds normalised organisation names, so "leerling De Brug" is not a person.
    """
    seen: set[int] = set()
    for pattern in (_NAAM_NA_WOORD, _NAAM_VOOR_WOORD):
        for m in pattern.finditer(text):
            naam = m["naam"]
            if m.start("naam") in seen or any(normaal(naam) in b for b in bekend):
                continue
            seen.add(m.start("naam"))
            yield Treffer(naam, m.start("naam"))


# ---------------------------------------------------------------------- locating


def _volgende_sleutelregels(source: Source) -> list[int]:
    return sorted({line for line, _ in source.key_pos.values()})


def positie(source: Source, loc: Loc, needle: str) -> tuple[int, int] | None:
    """Line/column of ``needle`` inside the YAML value at ``loc``; None if reflowed away."""
    line, col = source.position(loc)
    if line is None:
        return None
    keys = _volgende_sleutelregels(source)
    nxt = bisect_right(keys, line)
    end = keys[nxt] - 1 if nxt < len(keys) else len(source.text.splitlines())
    lines = source.text.splitlines()
    for i in range(line - 1, min(end, len(lines))):
        found = lines[i].find(needle, (col or 1) - 1 if i == line - 1 else 0)
        if found >= 0:
            return (i + 1, found + 1)
    return None


# ------------------------------------------------------------------------- rules


def _uitgezonderd(ctx: Context, loc: Loc) -> bool:
    paden = {u.pad for u in ctx.dossier.privacy_uitzonderingen}
    return dotted(loc) in paden or generic_path(loc) in paden


def _bekende_namen(d: Dossier) -> frozenset[str]:
    names = [d.aanvrager.naam, d.samenwerkingsverband.naam]
    names += [s.naam for s in d.scholen] + [korte_naam(s.naam) for s in d.scholen]
    names += [z.naam for z in d.zorgaanbieders] + [f.naam for f in d.financiers]
    return frozenset(normaal(n) for n in names)


def _scan(
    ctx: Context,
    detector: Callable[[str], Iterator[Treffer]],
    wat: str,
    wat_te_doen: str,
    *,
    waiverable: bool = False,
) -> Iterator[Melding]:
    for loc, text in vrije_tekst(ctx.dossier):
        if waiverable and _uitgezonderd(ctx, loc):
            continue
        for hit in detector(text):
            yield Melding(
                loc,
                f"{wat} in vrije tekst: ‘{hit.tekst}’",
                wat_te_doen,
                positie=positie(ctx.loaded.source, loc, hit.tekst),
            )


def bsn(ctx: Context) -> Iterator[Melding]:
    yield from _scan(
        ctx, bsn_nummers, "burgerservicenummer (BSN, klopt met de elfproef)",
        "Verwijder het BSN: in een aanvraag hoort geen gegeven dat terug te leiden is tot een "
        "leerling.",
    )


def geboortedatum(ctx: Context) -> Iterator[Melding]:
    jongste = max(2, ctx.dossier.arrangement.doelgroep.leeftijd_van - 1)
    yield from _scan(
        ctx, lambda t: geboortedata(t, vandaag=ctx.vandaag, jongste=jongste),
        "mogelijke geboortedatum",
        "Verwijder de geboortedatum; noem hoogstens een leeftijd of leeftijdsgroep "
        "(‘12 tot 18 jaar’).",
    )


def naam(ctx: Context) -> Iterator[Melding]:
    bekend = _bekende_namen(ctx.dossier)
    yield from _scan(
        ctx, lambda t: leerlingnamen(t, bekend), "mogelijke naam van een leerling",
        "Verwijder de naam; beschrijf de leerling zonder herleidbare gegevens (‘een "
        "leerling van 14 jaar’).",
    )


def email(ctx: Context) -> Iterator[Melding]:
    yield from _scan(
        ctx, emailadressen, "e-mailadres",
        "Verwijder het e-mailadres, of zet een zakelijk adres in een contactveld (‘email’ "
        "van de regisseur). Staat hier bewust een zakelijk adres, voeg dan een "
        "‘privacy_uitzonderingen’-regel toe met dit veldpad en de reden.",
        waiverable=True,
    )


def telefoon(ctx: Context) -> Iterator[Melding]:
    yield from _scan(
        ctx, telefoonnummers, "telefoonnummer",
        "Verwijder het telefoonnummer, of zet een zakelijk nummer in een contactveld "
        "(‘telefoon’ van de regisseur). Staat hier bewust een zakelijk nummer, voeg dan een "
        "‘privacy_uitzonderingen’-regel toe met dit veldpad en de reden.",
        waiverable=True,
    )


def uitzonderingen(ctx: Context) -> Iterator[Melding]:
    """A waiver must name an existing free-text field, or it silently waives nothing."""
    known = set()
    for loc, _ in vrije_tekst(ctx.dossier):
        known.update((dotted(loc), generic_path(loc)))
    for i, uitzondering in enumerate(ctx.dossier.privacy_uitzonderingen):
        if uitzondering.pad not in known:
            yield Melding(
                ("privacy_uitzonderingen", i, "pad"),
                f"‘{uitzondering.pad}’ is geen ingevuld vrij-tekstveld; deze uitzondering "
                "geldt nergens",
                "Schrijf het veldpad zoals in de meldingen, bijv. ‘achterhoek.toeleiding’, of "
                "haal de uitzondering weg.",
                ernst=WAARSCHUWING,
            )


REGELS: tuple[Regel, ...] = (
    Regel("PRIV-BSN", "Geen burgerservicenummers", bronnen.PRIVACY, bsn, groep=PRIVACY),
    Regel("PRIV-GEBOORTEDATUM", "Geen geboortedata", bronnen.PRIVACY, geboortedatum,
          groep=PRIVACY),
    Regel("PRIV-NAAM", "Geen namen van leerlingen", bronnen.PRIVACY, naam, groep=PRIVACY),
    Regel("PRIV-EMAIL", "Geen e-mailadressen in vrije tekst", bronnen.PRIVACY, email,
          groep=PRIVACY),
    Regel("PRIV-TELEFOON", "Geen telefoonnummers in vrije tekst", bronnen.PRIVACY, telefoon,
          groep=PRIVACY),
    Regel("PRIV-UITZONDERING", "Privacy-uitzonderingen wijzen naar bestaande velden",
          bronnen.PRIVACY, uitzonderingen, groep=PRIVACY),
)
