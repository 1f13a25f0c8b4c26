"""What every hostile input must produce: the located Dutch error ``dossier validate`` prints.

Two tables. ``FILE_CASES`` names each ``*.yaml`` file in this folder (a whole dossier file,
one case per file). ``EDIT_CASES`` break the example dossier the way applicants do (a tab,
a pasted 1 MB text, a date that does not exist) and say where the error must point; the
line is found in the edited text, so the cases survive changes to the example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import example_text, line_of

CORPUS = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Fout:
    """One problem as the user sees it: ``dossier.yaml:regel:kolom: veld: bericht``."""

    regel: int | None
    kolom: int | None
    veld: str | None
    bericht: str

    def tekst(self) -> str:
        where = "dossier.yaml"
        if self.regel is not None:
            where += f":{self.regel}"
            if self.kolom is not None:
                where += f":{self.kolom}"
        veld = f" {self.veld}:" if self.veld else ""
        return f"{where}:{veld} {self.bericht}"


GEEN_UTF8 = (
    "het bestand is geen UTF-8-tekst; sla het op als UTF-8 (in de meeste editors: "
    "‘Opslaan als’ → codering UTF-8)"
)
GEEN_VELDEN = "verwacht velden (sleutel: waarde) op het hoogste niveau"
LEEG = "het bestand is leeg"

FILE_CASES: dict[str, Fout] = {
    "billion-laughs.yaml": Fout(
        None, None, None,
        "het bestand bevat te veel (geneste) verwijzingen met &anker/*alias; schrijf de waarden uit",
    ),
    "complex-key.yaml": Fout(
        2, 5, None,
        "YAML-fout: een sleutel moet een woord zijn, geen lijst of groep (staat er een ‘?’ vooraan?)",
    ),
    "empty.yaml": Fout(None, None, None, LEEG),
    "whitespace-only.yaml": Fout(None, None, None, LEEG),
    "latin1.yaml": Fout(2, None, None, GEEN_UTF8),
    "utf16.yaml": Fout(1, None, None, GEEN_UTF8),
    "only-comments.yaml": Fout(1, 1, None, GEEN_VELDEN),
    "top-level-list.yaml": Fout(1, 1, None, GEEN_VELDEN),
    "top-level-scalar.yaml": Fout(1, 1, None, GEEN_VELDEN),
    "tab-indent.yaml": Fout(2, 1, None, "YAML-fout: tab-teken gevonden; gebruik spaties om in te springen"),
    "two-documents.yaml": Fout(
        3, 1, None,
        "YAML-fout: het bestand bevat meer dan één document (‘---’); een dossier.yaml bevat er één",
    ),
    "python-tag.yaml": Fout(
        2, 16, "aanvraagronde", "moet een groep velden zijn (sleutel: waarde, ingesprongen)"
    ),
}


@dataclass(frozen=True, slots=True)
class Bewerking:
    """An edit of the example's text and the error it must give.

    ``anker`` is a piece of the edited text on the line the error points at (``None``: the
    error has no line); ``kolom`` the column there.
    """

    naam: str
    maak: Callable[[str], str | bytes]
    anker: str | None
    kolom: int | None
    veld: str | None
    bericht: str

    def fout(self, text: str) -> Fout:
        regel = None
        if self.anker is not None:
            regel = next(i for i, line in enumerate(text.splitlines(), 1) if self.anker in line)
        return Fout(regel, self.kolom, self.veld, self.bericht)


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"the example no longer contains {old!r}"
        return text.replace(old, new, 1)

    return edit


NAAM = "  naam: Experiment onderwijszorgarrangementen, aanvraagronde 2027"
ADRES = "  adres:\n    straat: Kruisbergseweg 14\n    postcode: 7009 BL\n    plaats: Doetinchem\n"
DOELEN = "  doelen:\n    - terugleiden\n    - opbouwen\n    - versterken\n"
BIJLAGE = "bijlagen/mr-advies-swv.pdf"
BIJLAGE_VELD = "bijlagen.mr_advies_samenwerkingsverband"
PLAATS = "    plaats: Doetinchem\n"
OPMERKINGEN = (
    "  opmerkingen: |\n    Wij willen graag na drie maanden de eerste resultaten bespreken met de "
    "adviesgroep & het AO Jeugd.\n"
)

EDIT_CASES: list[Bewerking] = [
    # ---------------------------------------------------------------- malformed YAML
    Bewerking(
        "tab-voor-sleutel", _replace(NAAM, NAAM.replace("  ", "\t", 1)), "\tnaam: Experiment", 1, None,
        "YAML-fout: tab-teken gevonden; gebruik spaties om in te springen",
    ),
    Bewerking(
        "te-ver-ingesprongen", _replace("  beslisdatum:", "   beslisdatum:"), "   beslisdatum", 4, None,
        "YAML-fout: het inspringen klopt niet: deze regel springt 3 spaties in, 1 meer dan "
        f"‘uiterste_ontvangstdatum’ op regel {line_of(example_text(), '  uiterste_ontvangstdatum:')}; "
        "zet er 2 spaties voor",
    ),
    Bewerking(
        "te-weinig-ingesprongen", _replace("  uiterste_ontvangstdatum", " uiterste_ontvangstdatum"),
        " uiterste_ontvangstdatum", 2, None, "YAML-fout: het inspringen klopt niet",
    ),
    Bewerking(
        "dubbele-sleutel",
        _replace("  beslisdatum: 2027-05-31", "  beslisdatum: 2027-05-31\n  beslisdatum: 2027-06-30"),
        "beslisdatum: 2027-06-30", 3, None, "YAML-fout: deze sleutel staat er twee keer in; laat er één staan",
    ),
    Bewerking(
        "dubbele-groep-bovenaan", lambda text: text + "\naanvraagronde:  # nog een keer\n  naam: Ronde 2028\n",
        "# nog een keer", 1, None, "YAML-fout: deze sleutel staat er twee keer in; laat er één staan",
    ),
    Bewerking(
        "dubbele-punt-in-waarde", _replace("  locatie: Zorgboerderij", "  locatie: Adres: Zorgboerderij"),
        "locatie: Adres:", 17, None,
        "YAML-fout: hier mag geen ‘:’ staan; zet de tekst tussen aanhalingstekens of controleer het inspringen",
    ),
    Bewerking(
        "windows-pad-tussen-dubbele-aanhalingstekens", _replace(PLAATS, '    plaats: "C:\\map\\Doetinchem"\n'),
        'plaats: "C:', 17, None,
        "YAML-fout: onbekend escape-teken na ‘\\’ in tekst tussen dubbele aanhalingstekens",
    ),
    Bewerking(
        "onbekend-anker", _replace(NAAM, "  naam: *ronde"), "naam: *ronde", 9, None,
        "YAML-fout: verwijzing (*alias) naar een onbekend anker",
    ),
    Bewerking(
        "diep-genest", lambda text: "aanvraagronde: " + "[" * 500 + "]" * 500 + "\n", None, None, None,
        "YAML-fout: te diep genest",
    ),
    Bewerking(
        "bestand-van-6-MB", lambda text: text + "# " + "x" * 6_000_000 + "\n", None, None, None,
        "het bestand is te groot (6 MB; maximaal 5 MB)",
    ),
    # ---------------------------------------------------------------- wrong types
    Bewerking(
        "lijst-waar-tekst-hoort", _replace(NAAM, "  naam: [Experiment, 2027]"), "naam: [Experiment", 9,
        "aanvraagronde.naam", "moet tekst zijn",
    ),
    Bewerking(
        "groep-waar-tekst-hoort", _replace(NAAM, "  naam: {ronde: 2027}"), "naam: {ronde", 9,
        "aanvraagronde.naam", "moet tekst zijn",
    ),
    Bewerking(
        "tekst-waar-een-groep-hoort", _replace(ADRES, "  adres: Kruisbergseweg 14, Doetinchem\n"),
        "adres: Kruisbergseweg", 10, "aanvrager.adres", "moet een groep velden zijn (sleutel: waarde, ingesprongen)",
    ),
    Bewerking(
        "tekst-waar-een-lijst-hoort", _replace(DOELEN, "  doelen: terugleiden\n"), "doelen: terugleiden", 11,
        "arrangement.doelen", "moet een lijst zijn (regels die met ‘- ’ beginnen)",
    ),
    Bewerking(
        "tekst-waar-een-getal-hoort", _replace("aantal_leerlingen: 12", "aantal_leerlingen: twaalf"),
        "aantal_leerlingen: twaalf", 24, "arrangement.doelgroep.aantal_leerlingen", "moet een geheel getal zijn",
    ),
    Bewerking(
        "tekst-waar-ja-nee-hoort", _replace("past_in_visie: ja", "past_in_visie: misschien"),
        "past_in_visie: misschien", 18, "achterhoek.past_in_visie", "moet ja of nee zijn",
    ),
    Bewerking(
        "datum-die-niet-bestaat", _replace("startdatum: 2027-08-01", "startdatum: 2027-02-30"),
        "startdatum: 2027-02-30", 15, "arrangement.startdatum",
        "deze datum bestaat niet; controleer dag en maand (vorm JJJJ-MM-DD)",
    ),
    Bewerking(
        "maand-13", _replace("ingangsdatum: 2027-08-01", "ingangsdatum: 2027-13-01"),
        "ingangsdatum: 2027-13-01", 17, "samenwerkingsovereenkomst.ingangsdatum",
        "deze datum bestaat niet; controleer dag en maand (vorm JJJJ-MM-DD)",
    ),
    Bewerking(
        "getal-van-5000-cijfers", _replace("aantal_leerlingen: 12", "aantal_leerlingen: " + "9" * 5000),
        "aantal_leerlingen: 999", 24, "arrangement.doelgroep.aantal_leerlingen",
        "heeft te veel cijfers; vul een gewoon geheel getal in",
    ),
    Bewerking(
        "losse-surrogaat-escape", _replace(PLAATS, '    plaats: "Doe\\ud83dtinchem"\n'), 'plaats: "Doe', 13,
        "aanvrager.adres.plaats",
        "bevat een ongeldig teken (een losse ‘\\uD800’-achtige escape); schrijf het teken zelf",
    ),
    # ---------------------------------------------------------------- huge values
    Bewerking(
        "veld-van-1-MB", _replace(NAAM, "  naam: " + "x" * 1_000_000), "naam: xxx", 9, "aanvraagronde.naam",
        "is te lang (1.000.000 tekens; maximaal 1.000 tekens)",
    ),
    Bewerking(
        "markdown-net-te-lang", _replace(OPMERKINGEN, '  opmerkingen: "' + "y" * 20_001 + '"\n'),
        "opmerkingen: \"yyy", 16, "arrangement.opmerkingen", "is te lang (20.001 tekens; maximaal 20.000 tekens)",
    ),
    # ---------------------------------------------------------------- attachment paths
    Bewerking(
        "bijlage-twee-mappen-omhoog", _replace(BIJLAGE, "../../geheim.pdf"), "../../geheim.pdf", 35, BIJLAGE_VELD,
        "mag niet met ‘..’ buiten de dossiermap wijzen",
    ),
    Bewerking(
        "bijlage-omhoog-via-submap", _replace(BIJLAGE, "bijlagen/../../geheim.pdf"), "bijlagen/../../", 35,
        BIJLAGE_VELD, "mag niet met ‘..’ buiten de dossiermap wijzen",
    ),
    Bewerking(
        "bijlage-omhoog-met-backslashes", _replace(BIJLAGE, "..\\..\\geheim.pdf"), "..\\..\\geheim", 35,
        BIJLAGE_VELD, "mag niet met ‘..’ buiten de dossiermap wijzen",
    ),
    Bewerking(
        "bijlage-absoluut-pad", _replace(BIJLAGE, "/etc/passwd"), "/etc/passwd", 35, BIJLAGE_VELD,
        "moet een pad binnen de dossiermap zijn, geen absoluut pad",
    ),
    Bewerking(
        "bijlage-windows-schijf", _replace(BIJLAGE, "C:\\Users\\geheim.pdf"), "C:\\Users", 35, BIJLAGE_VELD,
        "moet een pad binnen de dossiermap zijn, geen absoluut pad",
    ),
    Bewerking(
        "bijlage-windows-netwerkpad", _replace(BIJLAGE, "\\\\server\\share\\geheim.pdf"), "\\\\server", 35,
        BIJLAGE_VELD, "moet een pad binnen de dossiermap zijn, geen absoluut pad",
    ),
]
