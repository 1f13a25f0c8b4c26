"""``dossier check``: is each dossier ready to submit (DUO, Achterhoek, privacy)?

Exit code 0 when every dossier is ready, 1 when one has errors (with ``strict``: or
warnings), or does not even validate. The checklist is written to
``build/<naam>/checklist.html`` and ``.pdf`` so it can be shared with the partners.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.build import BUILD_ROOT
from pipeline.check.checklist import schrijf_checklist
from pipeline.check.engine import controleer
from pipeline.check.report import (
    Ongeldig,
    json_rapport,
    ongeldig_dict,
    samenvatting,
    tekst_rapport,
    uitslag_dict,
)
from pipeline.exceptions import DossierError, display_path
from pipeline.ui import Reporter
from pipeline.validate import load_dossier

def check(
    folders: Iterable[Path],
    *,
    fmt: str = "text",
    strict: bool = False,
    today: date | None = None,
    out: Reporter,
    build: Path | None = BUILD_ROOT,
    pdf: bool = True,
) -> int:
    """Check every folder and report; ``build=None`` skips writing the checklist files."""
    if fmt not in ("text", "json"):
        raise ValueError(f"unknown format {fmt!r}")
    today = today or date.today()
    results: list[dict[str, Any]] = []
    not_ready = 0
    for n, folder in enumerate(folders):
        if fmt == "text" and n:
            out.info("")
        try:
            loaded = load_dossier(folder)
        except DossierError as exc:
            not_ready += 1
            ongeldig = Ongeldig(folder, exc)
            results.append(ongeldig_dict(ongeldig))
            if fmt == "text":
                out.error(str(exc))
                out.error(
                    f"✗ {display_path(folder)}: niet klaar: het dossier is niet geldig; "
                    "los eerst de fouten hierboven op"
                )
            continue
        uitslag = controleer(loaded, vandaag=today)
        written: list[Path] = []
        if build is not None:
            try:
                written = schrijf_checklist(uitslag, build / loaded.naam, pdf=pdf)
            except DossierError as exc:
                out.warn(f"checklist niet geschreven: {exc}")
        ready = uitslag.klaar(strict=strict)
        not_ready += not ready
        results.append(uitslag_dict(uitslag, strict=strict, bestanden=written))
        if fmt == "text":
            for line in tekst_rapport(uitslag):
                out.info(line)
            if written:
                out.info(f"Checklist: {', '.join(display_path(p) for p in written)}")
            verdict = samenvatting(uitslag, strict=strict)
            if ready:
                out.info(verdict)
            else:
                out.error(verdict)
    if fmt == "json":
        print(json_rapport(results, strict=strict), file=out.stdout, flush=True)
    return 1 if not_ready else 0
