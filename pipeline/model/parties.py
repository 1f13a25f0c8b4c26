"""The parties to the samenwerkingsovereenkomst: one list of legal entities, derived from the answers.

DUO's guidance: the agreement carries the signature of every party involved, at least the
samenwerkingsverband, the bevoegd gezag, the zorgaanbieder and the gemeente or zorgkantoor.
A school is no legal entity: it appears under its bevoegd gezag. The list is derived, not
typed twice, so the agreement's party table, its signature blocks and the checks on the
signatures and the task division all read the same parties.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.model.answers import Dossier, Ondertekenaar, School
from pipeline.read.load import Loc

_SPACES = re.compile(r"\s+")
# Legal forms say how an organisation is constituted, not which one it is: an applicant writes
# "Stichting X" where the samenwerkingsverband's own line says "X". Matched as whole words in front
# or at the end (where a legal form stands), after punctuation, accents and case are gone, so "B.V.",
# "BV" and "b.v." are one entry. Small on purpose: words that also make names ("Gemeente", "Zorg")
# are no legal form here, and organisations that differ in more than these words stay two.
LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("stichting",), ("vereniging",), ("cooperatie",), ("cooperatieve", "vereniging"),
    ("bv",), ("nv",), ("ua",), ("wa",),
)


def _words(name: str) -> list[str]:
    """Lower-case words without accents, punctuation or symbols, an abbreviation's letters joined:
    "B.V.", "B. V." and "BV" are all "bv"; "Oost-Gelderland" is "oost gelderland"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    plain = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in plain)
    words: list[str] = []
    single = False  # the last word is a run of single letters (an abbreviation so far)
    for word in plain.split():
        if len(word) == 1 and single:
            words[-1] += word
        else:
            words.append(word)
            single = len(word) == 1
    return words


def _without_legal_form(words: list[str]) -> list[str]:
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            n = len(form)
            if len(words) > n and tuple(words[:n]) == form:
                words, changed = words[n:], True
            if len(words) > n and tuple(words[-n:]) == form:
                words, changed = words[:-n], True
    return words


@lru_cache(maxsize=4096)  # asked for every pair of names, a few thousand times per dossier
def normalised(name: str) -> str:
    """The one way names are compared: without case, accents, punctuation, spacing, invisible format
    characters (a joiner or direction mark pasted into a name is not another name) and a legal form
    in front or at the end ("Stichting X" and "X B.V." are X). A name with nothing else in it (only
    format characters, only punctuation) is compared as typed, so it is still itself."""
    visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
    name = visible if visible.strip() else name
    words = _words(name)
    if not words:
        name = name.replace("’", "'").replace("‘", "'").replace("–", "-")
        return _SPACES.sub(" ", name.casefold()).strip()
    return " ".join(_without_legal_form(words))


def _roles(rollen: tuple[str, ...]) -> str:
    """``bevoegd gezag en samenwerkingsverband``: how the agreement names a party's roles."""
    return rollen[0] if len(rollen) == 1 else ", ".join(rollen[:-1]) + " en " + rollen[-1]


@dataclass(frozen=True, slots=True)
class Partij:
    """One legal entity that is party to the agreement, in every role the answers give it, with the
    signer found for it. ``namen`` and ``korte_namen`` hold each spelling the answers use (first: how
    the agreement names it), so a task or signer written with any of them is this party's."""

    rollen: tuple[str, ...]  # "bevoegd gezag", "samenwerkingsverband", "zorgaanbieder", "gemeente", …
    namen: tuple[str, ...]
    korte_namen: tuple[str, ...] = ()
    scholen: tuple[School, ...] = ()
    ondertekenaar: Ondertekenaar | None = None
    betaalt: bool = False  # a financier: pays for the care
    bronnen: tuple[Loc, ...] = ()  # where the answers name it: ("aanvrager",), ("financiers", 0), …

    @property
    def naam(self) -> str:
        """Its full name: the first that is not also its short name (a school may name its board by the
        short name the samenwerkingsverband gave itself; the agreement still prints the full one)."""
        shorts = {normalised(k) for k in self.korte_namen}
        return next((n for n in self.namen if normalised(n) not in shorts), self.namen[0])

    @property
    def korte_naam(self) -> str | None:
        """The short name the agreement introduces; two for one organisation are both shown ("A of B"),
        so every name the task division uses is introduced (the check warns to keep one)."""
        distinct: dict[str, str] = {}
        for k in self.korte_namen:
            distinct.setdefault(normalised(k), k)
        return " of ".join(distinct.values()) or None

    @property
    def rol(self) -> str:
        """Its roles as one phrase: ``bevoegd gezag en samenwerkingsverband``."""
        return _roles(self.rollen)

    @property
    def aanduiding(self) -> str:
        """How the agreement refers to the party: its (first) short name if it has one."""
        return self.korte_namen[0] if self.korte_namen else self.naam

    def heet(self, text: str) -> bool:
        """Is ``text`` this party's name or short name (used consistently, so compared whole)?"""
        wanted = normalised(text)
        return bool(wanted) and wanted in {normalised(n) for n in (*self.namen, *self.korte_namen)}

    def is_ook(self, naam: str, korte_naam: str | None) -> bool:
        """Is the organisation with this name (and short name) this party? By its name, or one name
        being the other's short name; two short names alike are no proof (a finding, not a merge)."""
        if naam and normalised(naam) in {normalised(n) for n in (*self.namen, *self.korte_namen)}:
            return True
        return bool(korte_naam) and normalised(korte_naam) in {normalised(n) for n in self.namen}

    def met(self, other: Partij) -> Partij:
        """This party with ``other``'s roles and spellings as well: one organisation, one party."""
        def more(mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
            return mine + tuple(t for t in theirs if t not in mine)

        return replace(self, rollen=more(self.rollen, other.rollen), namen=more(self.namen, other.namen),
                       korte_namen=more(self.korte_namen, other.korte_namen), betaalt=self.betaalt or other.betaalt,
                       bronnen=self.bronnen + other.bronnen)


def _schools_of(dossier: Dossier, board: Partij, *, default: bool) -> tuple[School, ...]:
    """The schools whose bevoegd gezag is ``board``, by name or short name (``default``: also
    those that name none)."""
    def belongs(school: School) -> bool:
        if school.bevoegd_gezag is None:
            return default
        return board.heet(school.bevoegd_gezag)

    return tuple(s for s in dossier.scholen if belongs(s))


def _entity(rol: str, naam: str, korte_naam: str | None, bron: Loc, *, betaalt: bool = False) -> Partij:
    return Partij((rol,), (naam,), (korte_naam,) if korte_naam else (), betaalt=betaalt, bronnen=(bron,))


def _parties_without_signers(d: Dossier) -> list[Partij]:
    a = d.aanvrager
    entries = [_entity("bevoegd gezag" if a.soort == "schoolbestuur" else a.soort, a.naam, a.korte_naam,
                       ("aanvrager",))]
    entries += [_entity("bevoegd gezag", s.bevoegd_gezag, None, ("scholen", i, "bevoegd_gezag"))
                for i, s in enumerate(d.scholen) if s.bevoegd_gezag]
    entries.append(_entity("samenwerkingsverband", d.samenwerkingsverband.naam, d.samenwerkingsverband.korte_naam,
                           ("samenwerkingsverband",)))
    entries += [_entity("zorgaanbieder", z.naam, z.korte_naam, ("zorgaanbieders", i))
                for i, z in enumerate(d.zorgaanbieders)]
    entries += [_entity(f.soort, f.naam, f.korte_naam, ("financiers", i), betaalt=True)
                for i, f in enumerate(d.financiers)]
    parties: list[Partij] = []
    for entry in entries:  # one organisation in two roles (or typed twice) is one party with both
        i = next((i for i, p in enumerate(parties) if p.is_ook(entry.naam, entry.korte_naam)
                  or entry.is_ook(p.naam, p.korte_naam)), None)
        if i is None:
            parties.append(entry)
        else:
            parties[i] = parties[i].met(entry)
    # a school without a board of its own is the applicant's (a finding when that is no board)
    return [replace(p, scholen=_schools_of(d, p, default=i == 0)) for i, p in enumerate(parties)]


def partijen(dossier: Dossier) -> tuple[Partij, ...]:
    """Every party to the agreement, in the order of the agreement, each with its signer (if any): the
    first who signs for it, a signer belonging to the first party that bears the name (as ``partij_van``)."""
    parties = tuple(_parties_without_signers(dossier))
    owned: dict[int, Ondertekenaar] = {}
    for s in dossier.samenwerkingsovereenkomst.ondertekenaars:
        owner = next((i for i, p in enumerate(parties) if p.heet(s.organisatie)), None)
        if owner is not None:
            owned.setdefault(owner, s)
    return tuple(replace(p, ondertekenaar=owned.get(i)) for i, p in enumerate(parties))


def partij_van(parties: tuple[Partij, ...], text: str) -> Partij | None:
    """The party ``text`` names (by name or short name), if any."""
    return next((p for p in parties if p.heet(text)), None)


def andere_ondertekenaars(dossier: Dossier, parties: tuple[Partij, ...]) -> tuple[Ondertekenaar, ...]:
    """The signers who sign for no party, or a second person for one: the agreement shows each (the check
    says why it should not). The same person named again for the same party (once per role, say) is
    that party's one signature, not another."""
    def counted(s: Ondertekenaar) -> bool:
        party = partij_van(parties, s.organisatie)
        return (party is not None and party.ondertekenaar is not None
                and normalised(party.ondertekenaar.naam) == normalised(s.naam))

    return tuple(s for s in dossier.samenwerkingsovereenkomst.ondertekenaars if not counted(s))
