"""What ``dossier build`` says about a dossier whose last run is still current.

Light on purpose: the CLI says it before importing the pipeline or starting PDF workers,
and the full build says it the same way for a dossier skipped inside a batch.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.paths import ATTACHMENT_PREFIX, BUNDLE_SUFFIXES, CALENDAR, CHECKLIST_HTML, display_path
from pipeline.ui import Reporter, plural


def report_unchanged(output: Path, *, niveau: str, verdict: str, bundle: Path | None, bundle_reason: str,
                     out: Reporter, reason: str = "", sent: str = "") -> None:
    out.info(f"{output.name} → {display_path(output)}/")
    out.info("  = niets veranderd sinds de vorige keer (gebruik --force om alles opnieuw te maken)")
    report_outcome(output, niveau=niveau, verdict=verdict, bundle=bundle, bundle_reason=bundle_reason, out=out,
                   reason=reason, sent=sent)


def overall_verdict(levels: list[tuple[str, str]]) -> str:
    """The last line's verdict over (dossier, niveau) pairs: the dossiers that hold the rest back named."""
    not_ready = [name for name, level in levels if level == "niet klaar"]
    to_sign = [name for name, level in levels if level == "klaar om te laten tekenen"]
    if not_ready:
        return "niet klaar: " + ", ".join(not_ready)
    if to_sign:
        return "klaar om te laten tekenen" + (": " + ", ".join(to_sign) if len(levels) > 1 else "")
    return "klaar om in te dienen"


def report_not_ready(dossiers: list[tuple[Path, str]], out: Reporter) -> None:
    """After a batch: per dossier that is not ready, why (its first error), and where to read on."""
    if not dossiers:
        return
    out.warn(f"{plural(len(dossiers), 'dossier is', 'dossiers zijn')} nog niet klaar:")
    for folder, reason in dossiers:
        out.warn(f"  {reason}" if reason else f"  {display_path(folder)}: zie de controle")
    command = f"dossier check {display_path(dossiers[0][0])}" if len(dossiers) == 1 else "dossier check MAP"
    out.warn(f"  alle bevindingen, met wat u moet doen: {command}")


def report_outcome(output: Path, *, niveau: str, verdict: str, bundle: Path | None, bundle_reason: str,
                   out: Reporter, reason: str = "", sent: str = "") -> None:
    """The verdict (not ready: with its first error), the checklist, the signing pack and the bundle (or
    why there is none)."""
    (out.warn if niveau == "niet klaar" else out.info)(f"  {verdict}")
    if reason and niveau != "klaar om in te dienen":
        (out.warn if niveau == "niet klaar" else out.info)(f"    eerste: {reason}")
    checklist = output / CHECKLIST_HTML
    out.info(f"  ✓ checklist: {display_path(checklist)} (en .pdf)")
    for four in sorted(output.glob(f"{ATTACHMENT_PREFIX}*.pdf")):
        out.info(f"  ✓ bijlage 4 zoals DUO die krijgt: {display_path(four)}")
    pack = next(output.glob(f"*{BUNDLE_SUFFIXES['ondertekening']}"), None) if niveau == "klaar om te laten tekenen" \
        else None
    if pack is not None:
        out.info(f"  ✓ ter ondertekening: {display_path(pack)} (de e-mail en wie wat tekent: dossier tekenen)")
    if bundle is not None:
        out.info(f"  ✓ bundel: {display_path(bundle)}")
    elif bundle_reason:
        out.info(f"  – geen bundel: {bundle_reason}; zie {display_path(checklist)}")
    if (output / CALENDAR).is_file():
        out.info(f"  ✓ termijnen: {display_path(output / CALENDAR)} (zie ook: dossier status)")
    if sent:  # what was sent to DUO, and whether the answers still match it
        (out.warn if sent.startswith("let op") else out.info)(f"  {sent[:1].upper()}{sent[1:]}")
