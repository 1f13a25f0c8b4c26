"""Command line: a thin layer over the functions in ``pipeline.commands``.

Exit codes: 0 success, 1 the dossier (or template) has problems, 2 wrong usage.
Only ``DossierError`` is caught and shown as a message; anything else is a bug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from pipeline import __version__
from pipeline.exceptions import DossierError, DossierNotFound
from pipeline.paths import DOSSIER_FILE, INPUTS
from pipeline.ui import Reporter, plural


class _DutchHelp(argparse.HelpFormatter):
    """argparse's own words in Dutch: the help is read by applicants, not programmers."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DutchHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze uitleg en stop")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        for english, dutch in _ARGPARSE_DUTCH:
            message = re.sub(english, dutch, message)
        self.exit(2, f"{self.prog}: fout: {message}\n(gebruik --help voor uitleg)\n")


_ARGPARSE_DUTCH = (
    (r"^unrecognized arguments: ", "onbekende argumenten: "),
    (r"^the following arguments are required: ", "dit ontbreekt nog: "),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"ongeldige keuze \1 (kies uit \2)"),
    (r"invalid \w+ value: ", "ongeldige waarde: "),
    (r"not allowed with argument", "gaat niet samen met"),
    (r"expected one argument", "verwacht een waarde"),
    (r"^argument ", "bij "),
)


def _vandaag(text: str) -> dt.date:
    """``--vandaag JJJJ-MM-DD``, in the years a date in the dossier may have (the deadlines are
    computed from it, as from those dates)."""
    from pipeline.model.types import EERSTE_DATUM, LAATSTE_DATUM

    day = dt.date.fromisoformat(text)  # a ValueError: argparse says 'ongeldige waarde'
    if not EERSTE_DATUM <= day <= LAATSTE_DATUM:
        raise argparse.ArgumentTypeError(
            f"het jaar {day.year} kan niet kloppen: gebruik een datum tussen {EERSTE_DATUM.isoformat()} "
            f"en {LAATSTE_DATUM.isoformat()} (vorm JJJJ-MM-DD)"
        )
    return day


def default_dossiers() -> list[Path]:
    """All dossier folders under ``inputs/`` (each holding a dossier.yaml), sorted."""
    found = sorted(p.parent for p in INPUTS.glob(f"*/{DOSSIER_FILE}"))
    if not found:
        raise DossierNotFound(
            f"geen dossiers gevonden in {INPUTS}/ (verwacht {INPUTS}/<naam>/{DOSSIER_FILE}); "
            "maak er een met: dossier new <naam>"
        )
    return found


def bare_names(paths: Sequence[Path]) -> list[Path]:
    """``mijnarrangement`` → ``inputs/mijnarrangement`` when only that exists: ``dossier new``
    takes a bare name, so every command that takes dossier folders does too."""
    out = []
    for path in paths:
        candidate = INPUTS / path
        if len(path.parts) == 1 and not path.exists() and candidate.exists():
            path = candidate
        out.append(path)
    return out


def _dossier_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "dossiers", nargs="*", type=Path, metavar="DOSSIER_DIR",
        help=f"dossiermap(pen) met een {DOSSIER_FILE} (standaard: alle mappen in {INPUTS}/)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dossier",
        description=(
            "Maakt van één dossier.yaml met antwoorden het complete aanvraagdossier voor een "
            "onderwijszorgarrangement: formulier aanvraaggegevens, samenwerkingsovereenkomst, "
            "projectplan en (collectief) het Achterhoekse aanmeldformulier, als DOCX en PDF."
        ),
        epilog="Zo gaat het meestal: dossier new NAAM, vul inputs/NAAM/dossier.yaml in, dan dossier validate, "
        "dossier build (of: make dossier) en dossier check. Uitleg per opdracht: dossier OPDRACHT --help.",
    )
    parser.add_argument("--version", action="version", version=f"dossier {__version__}",
                        help="toon het versienummer en stop")
    parser.add_argument("-q", "--stil", action="store_true", help="alleen fouten tonen")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=_Parser)

    p = sub.add_parser(
        "validate", help="controleer of dossier.yaml volledig en goed gevormd is",
        description="Leest elke dossier.yaml en meldt alle fouten tegelijk, met bestand, "
        "regel, kolom en veld. Exitcode 0 = geldig, 1 = fouten, 2 = verkeerd gebruik.",
    )
    _dossier_args(p)

    p = sub.add_parser(
        "schema", help="schrijf het JSON Schema voor editors",
        description="Schrijft het JSON Schema van het antwoordmodel (standaard naar "
        "schema/dossier.schema.json) zodat editors velden aanvullen en fouten markeren.",
    )
    p.add_argument("-o", "--output", type=Path, help="schrijf naar dit bestand")
    p.add_argument("--stdout", action="store_true", help="schrijf naar standaarduitvoer")

    p = sub.add_parser(
        "build", help="maak de documenten, de controle en de bundel in build/<naam>/",
        description="Bouwt per dossier het formulier aanvraaggegevens, de "
        "samenwerkingsovereenkomst, het projectplan en (collectief) het Achterhoekse "
        "aanmeldformulier, elk als DOCX en PDF, in build/<naam>/; controleert of het dossier "
        "klaar is (checklist.html/.pdf) en maakt dan <naam>-aanvraag.zip om in te dienen. "
        "Alleen wat veranderd is wordt opnieuw gemaakt; bestanden worden pas vervangen als ze "
        "helemaal klaar zijn.",
    )
    _dossier_args(p)
    p.add_argument("-o", "--output", type=Path, default=Path("build"), metavar="MAP",
                   help="uitvoermap (standaard: build)")
    p.add_argument("-f", "--force", action="store_true",
                   help="maak alles opnieuw, ook documenten die niet veranderd zijn")
    p.add_argument("--vandaag", type=_vandaag, metavar="JJJJ-MM-DD",
                   help="controleer de termijn alsof het deze datum is")
    p.add_argument("--alleen", choices=("docx", "pdf"),
                   help="maak alleen de DOCX- of alleen de PDF-bestanden (zonder controle en bundel)")
    p.add_argument("--geen-controle", action="store_true",
                   help="maak alleen de documenten: geen controle, checklist of bundel")
    p.add_argument("-j", "--werkers", type=int, metavar="N",
                   help="aantal processen voor meerdere dossiers tegelijk (standaard: alle kernen)")

    p = sub.add_parser(
        "check", help="controleer of het dossier klaar is om in te dienen",
        description="Toetst elk dossier aan de DUO-voorwaarden, de Achterhoekse criteria en de "
        "privacyregels, en schrijft build/<naam>/checklist.html en .pdf. "
        "Exitcode 0 = klaar om in te dienen, 3 = klaar om te laten tekenen (alleen de handtekeningen "
        "ontbreken nog), 1 = niet klaar.",
    )
    _dossier_args(p)
    p.add_argument("--format", choices=("text", "json"), default="text", dest="fmt",
                   help="uitvoer als leesbare tabel (text, standaard) of als JSON voor andere programma's")
    p.add_argument("--strict", action="store_true", help="waarschuwingen tellen ook als fout")
    p.add_argument("--vandaag", type=_vandaag, metavar="JJJJ-MM-DD",
                   help="controleer de termijn alsof het deze datum is")
    p.add_argument("-o", "--output", type=Path, default=Path("build"), metavar="MAP",
                   help="map voor de checklist (standaard: build)")

    p = sub.add_parser(
        "tekenen", help="maak klaar wat ter ondertekening gaat, en leg de datum vast",
        description="Bouwt het dossier; is het klaar om te laten tekenen, dan toont het wat "
        "<naam>-ter-ondertekening.zip bevat (de PDF's, wie wat tekent en de e-mail erbij) en legt het "
        "‘ter_ondertekening’ met de datum van vandaag vast in voortgang.yaml. De getekende kopieën komen "
        "terug in inputs/NAAM/ondertekend/. Exitcode 0, of 1 als het dossier nog niet klaar is om te laten tekenen.",
    )
    _dossier_args(p)
    p.add_argument("-o", "--output", type=Path, default=Path("build"), metavar="MAP",
                   help="uitvoermap (standaard: build)")
    p.add_argument("--vandaag", type=_vandaag, metavar="JJJJ-MM-DD",
                   help="leg deze datum vast in plaats van vandaag")

    p = sub.add_parser(
        "status", help="waar staat elk dossier op de route, wat moet er nu en wanneer",
        description="Toont per dossier de route (individueel of collectief, zoals de Achterhoekse routekaart, "
        "met de stappen van DUO): elke stap gedaan, te laat, nu, volgende of later, met de eerstvolgende "
        "termijn en wie aan zet is. Bij meer dossiers één tabel, gesorteerd op de eerstvolgende termijn. "
        "De datums van gedane stappen staan in inputs/NAAM/voortgang.yaml. Exitcode 0, of 1 als een stap te "
        "laat is (of een dossier niet geldig is).",
    )
    _dossier_args(p)
    p.add_argument("--format", choices=("text", "json"), default="text", dest="fmt",
                   help="uitvoer als leesbare tekst (text, standaard) of als JSON voor andere programma's")
    p.add_argument("--vandaag", type=_vandaag, metavar="JJJJ-MM-DD",
                   help="bepaal de stand alsof het deze datum is")
    p.add_argument("--stappen", action="store_true", help="toon bij meer dossiers ook de stappen van elk dossier")
    p.add_argument("-o", "--output", type=Path, default=Path("build"), metavar="MAP",
                   help="uitvoermap met de gebouwde bundels (standaard: build)")

    p = sub.add_parser(
        "watch", help="bouw opnieuw bij elke wijziging (met --serve: voorbeeld in de browser)",
        description="Bouwt eerst alles en daarna bij elke opgeslagen wijziging alleen de documenten die "
        "ervan afhangen. Fouten worden gemeld; de laatste goede bestanden blijven staan. Met --serve "
        "toont een lokale webpagina de documenten en ververst die zichzelf na elke wijziging. "
        "Stoppen met Ctrl-C.",
    )
    p.add_argument(
        "dossiers", nargs="*", type=Path, metavar="DOSSIER_DIR",
        help="dossiermap(pen) om te volgen (standaard: heel inputs/, ook dossiers die erbij komen)",
    )
    p.add_argument("-o", "--output", type=Path, default=Path("build"), metavar="MAP",
                   help="uitvoermap (standaard: build)")
    p.add_argument("--serve", action="store_true", help="voorbeeld in de browser op http://127.0.0.1:POORT/")
    p.add_argument("--port", type=int, default=8000, metavar="POORT", help="poort voor --serve (standaard: 8000)")

    p = sub.add_parser(
        "new", help="begin een nieuw dossier met een leeg, toegelicht dossier.yaml",
        description="Maakt inputs/NAAM/dossier.yaml met alle velden, met boven elk veld uitleg "
        "over wat u invult, en een lege map bijlagen/. Overschrijft nooit een bestaand dossier. "
        "Daarna vertelt `dossier validate inputs/NAAM` welke velden nog leeg zijn.",
    )
    p.add_argument("naam", metavar="NAAM", help="naam van de dossiermap (bijv. samen-op-de-rails)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--collectief", dest="soort", action="store_const", const="collectief",
                       help="een collectief arrangement, met de Achterhoekse aanmelding (standaard)")
    group.add_argument("--individueel", dest="soort", action="store_const", const="individueel",
                       help="een individueel arrangement, met de aanvraag bij de gemeente")
    p.set_defaults(soort="collectief")

    p = sub.add_parser(
        "templates", help="controleer de sjablonen (voor consultants)",
        description="Opdrachten voor wie de Word- en HTML-sjablonen onderhoudt.",
    )
    tsub = p.add_subparsers(dest="templates_command", metavar="OPDRACHT", parser_class=_Parser, required=True)
    tp = tsub.add_parser(
        "check", help="controleer alle sjablonen, ook eigen sjablonen van dossiers",
        description="Meldt Jinja-syntaxfouten met plaats, variabelen die niet in het antwoordmodel "
        "bestaan (met suggestie), velden die een document volgens docs/velden.md moet tonen maar "
        "niet toont, en Word-tags die docxtpl niet kan lezen. Exitcode 1 bij een fout.",
    )
    _dossier_args(tp)

    sub.add_parser(
        "docs", help="schrijf de veldenlijst docs/velden.md opnieuw",
        description="Genereert docs/velden.md (alle velden, omschrijving en documenten) en "
        "het JSON Schema uit het antwoordmodel.",
    )
    return parser


def _all_unchanged(folders: Sequence[Path], args: argparse.Namespace, out: Reporter) -> bool:
    """Report and return True when every dossier's last complete run is still current."""
    from pipeline.paths import Places
    from pipeline.read.freshness import dossier_key, remembered

    if not folders:
        return False
    today = args.vandaag or dt.date.today()
    records = []
    for folder in folders:
        places = Places.of(folder, args.output)
        record = remembered(places, dossier_key(places.folder, today=today))
        if record is None:
            return False
        records.append((folder, places, record))
    from pipeline.commands.unchanged import overall_verdict, report_unchanged

    for _folder, places, record in records:
        if len(folders) == 1:
            report_unchanged(places.out, niveau=record.niveau, verdict=record.verdict,
                             bundle=places.out / record.bundle if record.bundle else None,
                             bundle_reason=record.bundle_reason, out=out, reason=record.reason, sent=record.sent)
    not_ready = [(folder, record) for folder, _places, record in records if record.niveau == "niet klaar"]
    verdict = overall_verdict([(str(f), r.niveau) for f, _places, r in records])
    if len(folders) > 1:
        from pipeline.commands.unchanged import report_not_ready

        report_not_ready([(f, r.reason) for f, r in not_ready], out)
    out.info(f"0 documenten gemaakt ({plural(len(records), 'dossier', 'dossiers')} ongewijzigd) — {verdict}")
    return True


def run(argv: Sequence[str] | None = None, *, out: Reporter | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = out or Reporter(quiet=args.stil)
    if args.command is None:
        parser.print_help()
        return 2
    if getattr(args, "dossiers", None):
        args.dossiers = bare_names(args.dossiers)
    try:
        if args.command in ("build", "check", "watch", "tekenen"):
            from pipeline.paths import shared_outputs

            clashes = shared_outputs(list(args.dossiers or default_dossiers()), args.output)
            if clashes:
                raise DossierError("; ".join(clashes))
        if args.command == "validate":
            from pipeline.commands.validate import validate

            return validate(args.dossiers or default_dossiers(), out=out)
        if args.command == "schema":
            from pipeline.commands.schema import schema

            return schema(output=args.output, stdout=args.stdout, out=out)
        if args.command == "build":
            folders = args.dossiers or default_dossiers()
            formats = (args.alleen,) if args.alleen else ("docx", "pdf")
            from pipeline.templates import warn_misplaced  # light: also said when nothing changed

            for folder in folders:
                if folder.is_dir():
                    warn_misplaced(folder, out)
            if not (args.force or args.geen_controle or args.alleen) and _all_unchanged(folders, args, out):
                return 0  # decided without the pipeline, weasyprint or worker processes
            executor = None
            if len(folders) == 1 and "pdf" in formats:
                # start the PDF workers before the heavy imports below: their weasyprint
                # import then overlaps everything this process still has to do
                from pipeline.render.pool import pdf_pool

                executor = pdf_pool()
            from pipeline.commands.build import build

            return build(folders, out=out, output_root=args.output, force=args.force, today=args.vandaag,
                         formats=formats, check=not (args.geen_controle or args.alleen), workers=args.werkers,
                         executor=executor)
        if args.command == "check":
            from pipeline.commands.check import check

            return check(args.dossiers or default_dossiers(), fmt=args.fmt, strict=args.strict,
                         today=args.vandaag, out=out, build=args.output)
        if args.command == "tekenen":
            from pipeline.commands.sign import sign

            return sign(args.dossiers or default_dossiers(), out=out, output_root=args.output, today=args.vandaag)
        if args.command == "status":
            from pipeline.commands.status import status

            return status(args.dossiers or default_dossiers(), today=args.vandaag, fmt=args.fmt, out=out,
                          build=args.output, steps=args.stappen)
        if args.command == "watch":
            from pipeline.commands.watch import watch

            return watch(args.dossiers, serve=args.serve, port=args.port, out=out, output_root=args.output)
        if args.command == "new":
            from pipeline.commands.new import new

            return new(args.naam, soort=args.soort, out=out)
        if args.command == "templates":
            from pipeline.commands.templates import templates_check

            return templates_check(args.dossiers, out=out)
        if args.command == "docs":
            from pipeline.commands.docs import docs

            return docs(out=out)
    except DossierError as exc:
        out.error(f"dossier: {exc}")
        return 1
    except KeyboardInterrupt:
        out.error("dossier: afgebroken")
        return 130
    parser.error(f"onbekende opdracht {args.command}")


def main() -> NoReturn:
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:  # `dossier build | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141
    sys.exit(code)
