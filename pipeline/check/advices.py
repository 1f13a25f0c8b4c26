"""Is each advice the right one: about this arrangement, from the council that gives it, without pupil data?

A file that opens (``DUO-BIJLAGE``) can still be another arrangement's advice, or another school's:
DUO would then get attachment 4 for the wrong plan. The text layer (pypdfium2) of each advice is read
once per content, bounded (``MAX_PAGES`` pages, ``MAX_CHARS`` characters), and must name

* the arrangement (``arrangement.naam``), and
* right after a council word (medezeggenschapsraad, MR, ondersteuningsplanraad, OPR; only "van",
  "het", "school" and such in between): for a school's advice the school's name or the part before
  its comma; for the samenwerkingsverband's advice and the OPR's consent its name or short name.

Names are compared word by word, so one distinctive word decides ("VO Achterhoek Oost" is not
"… West", "De Brug" not "De Berg"): case, accents, quotes, dashes, ``&``/``en`` and spacing never
count; a word of 5–8 letters may have one typo, of 9 or more two (``MAX_TYPOS`` in all); a name of
four words or more may lack one short word (≤ 3 letters, "de") or have one more. Where the arrangement
is named, that text is left out of the search for the council (an advice "over ‘Terug naar De Brug’"
from another school's MR is not De Brug's).

A scan without text (an image, or a PDF of fewer than ``MIN_LETTERS`` letters) cannot be read: it asks
for a dated confirmation in ``bijlagen.scans_bevestigd``, never a silent pass. The text read is
privacy-checked with the answers' detectors (BSN, birth dates, pupil names); e-mail addresses and phone
numbers are not looked for: in an advice they are the council's secretary's.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.check import privacy, sources
from pipeline.check.attachments import Refused, content_problem, file_kind, read_attachment
from pipeline.check.findings import WARNING, Context, Message, Rule
from pipeline.check.text import short_name
from pipeline.dates import datum
from pipeline.model.advices import Advice, advices

MAX_PAGES = 10  # an advice is one or two pages; its council and subject are on the first
MAX_CHARS = 40_000
MIN_LETTERS = 40  # fewer letters than this on the pages read: a scan, not a text
COUNCIL_REACH = 4  # words between the council word and the name ("van het", "voor de")
MAX_TYPOS = 3
READER = 1  # raise when the text read from the same bytes changes: cached readings are read again


# ---------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Reading:
    """The text of an advice's first pages (empty for an image), page by page."""

    pages: tuple[str, ...]

    @property
    def scanned(self) -> bool:
        return sum(c.isalpha() for page in self.pages for c in page) < MIN_LETTERS

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def page_of(self, offset: int) -> int:
        """1-based page number of a character of ``text``."""
        end = 0
        for number, page in enumerate(self.pages, start=1):
            end += len(page) + 1
            if offset < end:
                return number
        return len(self.pages)


_SOFT_BREAK = re.compile(r"[\u00ad\x02\ufffe]\s*")  # a hyphen PDFium marks as soft: the word goes on


def _extract(data: bytes) -> Reading:
    if file_kind(data) != "PDF":
        return Reading(())
    import pypdfium2 as pdfium

    from pipeline.sign.read import _PDFIUM  # one PDFium document at a time in this process

    pages: list[str] = []
    total = 0
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return Reading(())
        try:
            for index in range(min(len(document), MAX_PAGES)):
                try:
                    page = document[index]
                except pdfium.PdfiumError:  # a damaged page says nothing
                    pages.append("")
                    continue
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                    finally:
                        textpage.close()
                except pdfium.PdfiumError:
                    text = ""
                finally:
                    page.close()
                text = _SOFT_BREAK.sub("", text.replace("\r\n", "\n"))[: MAX_CHARS - total]
                pages.append(text)
                total += len(text)
                if total >= MAX_CHARS:
                    break
        finally:
            document.close()
    return Reading(tuple(pages))


def _version() -> str:
    from importlib.metadata import version

    return f"{READER}/pypdfium2={version('pypdfium2')}/{MAX_PAGES}/{MAX_CHARS}"


# By content (and cache folder): the rules of one check, and a watch's runs, read a file once.
_READ: dict[tuple[str, Path | None], Reading] = {}
_READ_KEPT = 32


def _remembered(digest: str, data: bytes, cache_dir: Path | None) -> Reading:
    """Read once per content in this process, and in ``cache_dir`` (``Places.readings``) across runs."""
    key = (digest, cache_dir)
    if key not in _READ:
        while len(_READ) >= _READ_KEPT:
            del _READ[next(iter(_READ))]
        _READ[key] = _stored(digest, data, cache_dir)
    return _READ[key]


def _stored(digest: str, data: bytes, cache_dir: Path | None) -> Reading:
    from pipeline.cache import by_content

    def load(pages: Any) -> Reading:
        if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
            raise ValueError(pages)
        return Reading(tuple(pages))

    return by_content(cache_dir / f"advies-{digest}.json" if cache_dir is not None else None, _version(),
                      lambda: _extract(data), lambda r: list(r.pages), load)


def reading(ctx: Context, advice: Advice) -> Reading | None:
    """What the advice says; None when the file itself is wrong (``DUO-BIJLAGE`` says so)."""
    try:
        data = read_attachment(ctx.loaded.folder, advice.path)
    except Refused:
        return None
    if content_problem(data) is not None:
        return None
    return _remembered(hashlib.sha256(data).hexdigest(), data, ctx.readings)


# ---------------------------------------------------------------------- matching


_WORD = re.compile(r"[^\W_]+|&")


def _fold(word: str) -> str:
    if word == "&":
        return "en"
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return plain.casefold()


def _words(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text``, folded (case, accents), with where each stands."""
    return [(_fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _typos_allowed(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def _distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; ``limit + 1`` once over."""
    if a == b:
        return 0
    if limit == 0 or abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def _same(name: str, written: str, budget: int) -> int | None:
    """Typos of ``written`` for the name's word ``name``, or None when it is another word."""
    limit = min(_typos_allowed(name), budget)
    typos = _distance(name, written, limit)
    return typos if typos <= limit else None


def _align(name: list[str], words: list[str], i: int, j: int, typos: int, loose: int) -> int | None:
    """Where the text's words from ``i`` spell the name's words from ``j``: the end, or None.
    ``loose``: how many short words may still be missing or extra."""
    if j == len(name):
        return i
    budget = MAX_TYPOS - typos
    if i < len(words):
        for used, step_name, step_text in (
            (_same(name[j], words[i], budget), 1, 1),
            # spacing only: a name's word written as two, or two as one (never with a typo besides)
            (0 if i + 1 < len(words) and name[j] == words[i] + words[i + 1] else None, 1, 2),
            (0 if j + 1 < len(name) and name[j] + name[j + 1] == words[i] else None, 2, 1),
        ):
            if used is not None:
                end = _align(name, words, i + step_text, j + step_name, typos + used, loose)
                if end is not None:
                    return end
    if loose and len(name) >= 4:
        if len(name[j]) <= 3:  # a short word left out: "Samen op Rails"
            end = _align(name, words, i, j + 1, typos, loose - 1)
            if end is not None:
                return end
        if j > 0 and i < len(words) and len(words[i]) <= 3:  # one more: "onderwijs en de zorg"
            end = _align(name, words, i + 1, j, typos, loose - 1)
            if end is not None:
                return end
    return None


def find_name(name: str, text: str, *, within: int | None = None) -> tuple[int, int] | None:
    """Where ``text`` names ``name`` (start and end in ``text``), allowing small differences; with
    ``within``, only starting among its first words."""
    wanted = [w for w, _, _ in _words(name)]
    found = _words(text)
    words = [w for w, _, _ in found]
    if not wanted:
        return None
    for i in range(len(words) if within is None else min(within, len(words))):
        end = _align(wanted, words, i, 0, 0, 1)
        if end is None and len(wanted) >= 4 and len(wanted[0]) <= 3:  # the name's first short word left out
            end = _align(wanted, words, i, 1, 0, 0)
        if end is not None and end > i and not _goes_on(text, found[i][1], found[end - 1][2]):
            return found[i][1], found[end - 1][2]
    return None


_OPENING = "‘“„\"'"


def _goes_on(text: str, start: int, end: int) -> bool:
    """A quoted name that goes on after the match ("‘Samen op de Rails Oost’") is another name."""
    before = text[max(0, start - 3):start].rstrip()
    after = text[end:end + 3].lstrip()
    return bool(before) and before[-1] in _OPENING and bool(after) and after[0].isalnum()


def _all_spans(name: str, text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    while (span := find_name(name, text[start:])) is not None:
        spans.append((start + span[0], start + span[1]))
        start += span[1]
    return spans


_COUNCIL = re.compile(
    r"\b(?:(?:gemeenschappelijke\s+)?medezeggenschapsraad|ondersteuningsplanraad|g?mr|opr)\b", re.IGNORECASE)
_OF = re.compile(r"\s+(?:van|voor)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[‘“„\"](?P<q>[^‘’“”\"\n]{3,150})[’”\"]")
_CUT = re.compile(r"\.\s|\s\S+:\s|;")
QUOTE_LENGTH = 90


def _says(text: str, start: int) -> str:
    """The advice's own words from ``start``: to the end of the sentence or the next label
    ("Betreft:"), at most ``QUOTE_LENGTH`` characters."""
    words = " ".join(text[start:start + 4 * QUOTE_LENGTH].split())
    cut = _CUT.search(words)
    if cut is not None:
        words = words[: cut.start() + (1 if cut.group().startswith(".") else 0)]
    if len(words) > QUOTE_LENGTH:
        words = words[: QUOTE_LENGTH].rsplit(" ", 1)[0] + " …"
    return words.strip()


def council_named(text: str, names: tuple[str, ...]) -> bool:
    """A council word in ``text`` followed (within ``COUNCIL_REACH`` words) by one of ``names``."""
    for hit in _COUNCIL.finditer(text):
        after = text[hit.end(): hit.end() + 300]
        words = _words(after)[:COUNCIL_REACH]
        lead = next((k for k, (w, _, _) in enumerate(words) if w not in _BETWEEN), len(words))
        if any(find_name(n, after, within=lead + 1) for n in names):
            return True
    return False


# What may stand between the council word and the name: "MR van de basisschool De Brug".
_BETWEEN = frozenset({"van", "voor", "de", "het", "t", "der", "den", "school", "basisschool"})


def council_said(text: str) -> str | None:
    """What the advice says whose council it is: "medezeggenschapsraad van …" (the first such phrase)."""
    hits = list(_COUNCIL.finditer(text))
    for hit in hits:
        if _OF.match(text, hit.end()):
            return _says(text, hit.start())
    return _says(text, hits[0].start()) if hits else None


def arrangement_said(text: str) -> str | None:
    """What the advice names as its subject: a quoted name after "arrangement", else any quoted name,
    else the sentence that says "arrangement" or "betreft"."""
    flat = " ".join(text.split())
    quoted = list(_QUOTED.finditer(flat))
    for m in quoted:
        if re.search(r"arrangement\w*\W{0,3}$", flat[max(0, m.start() - 30): m.start()], re.IGNORECASE):
            return m.group()
    if quoted:
        return quoted[0].group()
    subject = re.search(r"\b(?:arrangement|betreft)\b", flat, re.IGNORECASE)
    return _says(flat, subject.start()) if subject else None


# ---------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Council:
    """Whose council gives an advice, as the messages say it and the names that identify it."""

    raad: str  # "de medezeggenschapsraad van De Brug"
    names: tuple[str, ...]


def council_of(ctx: Context, advice: Advice) -> Council:
    d = ctx.dossier
    if advice.school is not None:
        school = d.scholen[advice.school]
        names = tuple(dict.fromkeys((school.naam, short_name(school.naam))))
        return Council(f"de medezeggenschapsraad van {short_name(school.naam)}", names)
    swv = d.samenwerkingsverband
    names = tuple(dict.fromkeys(n for n in (swv.naam, swv.korte_naam) if n))
    who = swv.korte_naam or swv.naam
    if advice.raad == "opr":
        return Council(f"de ondersteuningsplanraad van {who}", names)
    return Council(f"de medezeggenschapsraad van {who}", names)


def _confirmed(ctx: Context, path: str) -> bool:
    return any(c.bestand == path and c.datum <= ctx.today for c in ctx.dossier.bijlagen.scans_bevestigd)


def _what(advice: Advice) -> str:
    return "de instemming" if advice.raad == "opr" else "het advies"


def juiste_advies(ctx: Context) -> Iterator[Message]:
    """Each advice names this arrangement and its own council; a scan without text is confirmed."""
    d = ctx.dossier
    naam = d.arrangement.naam
    read: dict[str, Reading] = {}
    for advice in advices(d):
        council = council_of(ctx, advice)
        got = reading(ctx, advice)
        if got is None:
            continue
        read[advice.path] = got
        what = _what(advice)
        if got.scanned:
            if not _confirmed(ctx, advice.path):
                yield Message(
                    advice.loc,
                    f"‘{advice.path}’ is een scan zonder tekst: het programma kan niet lezen of dit {what} van "
                    f"{council.raad} over ‘{naam}’ is",
                    f"Lees de scan na en bevestig het in dossier.yaml onder ‘bijlagen.scans_bevestigd’: "
                    f"‘- bestand: {advice.path}’, met ‘door:’ (uw naam en functie) en ‘datum:’ "
                    f"({ctx.today.isoformat()}). Of voeg {what} toe als PDF met tekst.",
                )
            continue
        text = got.text
        spans = _all_spans(naam, text)
        if not spans:
            said = arrangement_said(text)
            yield Message(
                advice.loc,
                f"{what} ‘{advice.path}’ noemt het arrangement ‘{naam}’ niet"
                + (f"; het noemt: “{said}”" if said else ""),
                f"Voeg {what} toe dat {council.raad} over dit arrangement gaf, of schrijf bij "
                "‘arrangement.naam’ de naam die ook in het advies staat.",
            )
        rest = text
        for start, end in spans:  # the arrangement's own name does not name the council
            rest = rest[:start] + " " * (end - start) + rest[end:]
        if not council_named(rest, council.names):
            said = council_said(rest)
            yield Message(
                advice.loc,
                f"{what} ‘{advice.path}’ is niet van {council.raad}"
                + (f"; het noemt: “{said}”" if said else ": het noemt die raad nergens"),
                f"Voeg {what} van {council.raad} toe (elke raad geeft een eigen stuk), of verwijs hier "
                "naar het bestand dat bij deze raad hoort.",
            )
    yield from _confirmations(ctx, read)


def _confirmations(ctx: Context, read: dict[str, Reading]) -> Iterator[Message]:
    """A confirmation is dated, not ahead of today, and confirms a scan this dossier sends."""
    for i, confirmation in enumerate(ctx.dossier.bijlagen.scans_bevestigd):
        loc = ("bijlagen", "scans_bevestigd", i)
        if confirmation.datum > ctx.today:
            yield Message(
                (*loc, "datum"),
                f"de bevestiging van ‘{confirmation.bestand}’ is gedateerd op {datum(confirmation.datum)}, "
                "na vandaag",
                "Bevestig een scan pas als u hem gelezen hebt, met de datum van die dag.",
            )
        got = read.get(confirmation.bestand)
        if got is not None and not got.scanned:
            yield Message(
                (*loc, "bestand"),
                f"‘{confirmation.bestand}’ heeft tekst en wordt zelf gelezen; deze bevestiging geldt niet",
                "Haal de bevestiging weg: alleen een scan zonder tekst wordt bevestigd.",
                severity=WARNING,
            )
        elif confirmation.bestand not in {a.path for a in advices(ctx.dossier)}:
            yield Message(
                (*loc, "bestand"),
                f"‘{confirmation.bestand}’ is geen advies of instemming van dit dossier; deze bevestiging "
                "geldt nergens",
                "Schrijf het pad precies zoals bij het advies (bijv. ‘scholen[].mr_advies’), of haal de "
                "bevestiging weg.",
                severity=WARNING,
            )


def privacy_bijlagen(ctx: Context) -> Iterator[Message]:
    """The answers' detectors on the text of every advice: pupil data must not reach DUO in an attachment."""
    d = ctx.dossier
    youngest = max(2, d.arrangement.doelgroep.leeftijd_van - 1)
    known = privacy.known_names(d)
    detectors = (
        (privacy.bsn_numbers, "burgerservicenummer (BSN, klopt met de elfproef)"),
        (lambda t: privacy.birth_dates(t, today=ctx.today, youngest=youngest), "mogelijke geboortedatum"),
        (lambda t: privacy.pupil_names(t, known), "mogelijke naam van een leerling"),
    )
    for advice in advices(d):
        got = reading(ctx, advice)
        if got is None or got.scanned:
            continue
        text = got.text
        for detector, what in detectors:
            for hit in detector(text):
                page = got.page_of(hit.start)
                where = f" (pagina {page})" if len(got.pages) > 1 else ""
                yield Message(
                    advice.loc,
                    f"{what} in ‘{advice.path}’{where}: ‘{hit.text}’",
                    f"Vraag om een versie van {_what(advice)} zonder gegevens die terug te leiden zijn tot een "
                    "leerling, en vervang de bijlage: DUO krijgt haar zoals ze is.",
                )


# Two tuples: each rule stands with its group on the checklist (engine.RULES).
RULES: tuple[Rule, ...] = (
    Rule("DUO-ADVIES-JUIST", "Elk advies (of de instemming) noemt dit arrangement en is van de raad die het "
         "geeft; een scan zonder tekst is bevestigd", sources.MR_SAMENWERKINGSVERBAND, juiste_advies),
)
PRIVACY_RULES: tuple[Rule, ...] = (
    Rule("PRIV-BIJLAGE", "Geen gegevens van leerlingen in de adviezen (BSN, geboortedatum, naam)",
         sources.PRIVACY, privacy_bijlagen, group=privacy.PRIVACY),
)
