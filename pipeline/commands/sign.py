"""``dossier tekenen``: what goes out for signature, and the day it went out on the route.

The same run as ``dossier build``; once the dossier is ready to be signed it prints what
``<naam>-ter-ondertekening.zip`` holds (who signs what, the e-mail to send with it) and
records ``ter_ondertekening`` in voortgang.yaml: the route's step, with its date. Exit code 0,
or 1 when the dossier is not ready to be signed yet (nothing is recorded then).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from pipeline.bundle.signing import PACK_TEXT
from pipeline.check.engine import IN_TE_DIENEN, NIET_KLAAR
from pipeline.commands.build import _report_run
from pipeline.dates import datum
from pipeline.exceptions import DossierError, InvalidDossier
from pipeline.output import write_atomic
from pipeline.paths import BUILD_ROOT, PROGRESS_FILE, Places, display_path
from pipeline.render.pool import pdf_pool
from pipeline.route.progress import SCHEMA_MODELINE, load_progress
from pipeline.run import run
from pipeline.ui import Reporter

FIELD = "ter_ondertekening"
_LINE = re.compile(rf"^#?\s*{FIELD}\s*:.*$", re.MULTILINE)  # the field, or the scaffold's commented-out line


def record_sent_for_signing(folder: Path, day: date) -> bool:
    """Set ``ter_ondertekening: <day>`` in voortgang.yaml, comments and all kept; False when it already says
    that day. The edited text is validated before it replaces the file (atomically)."""
    path = folder / PROGRESS_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else f"{SCHEMA_MODELINE}\n"
    line = f"{FIELD}: {day.isoformat()}"
    if re.search(rf"^{re.escape(line)}\s*(#.*)?$", text, re.MULTILINE):
        return False
    if _LINE.search(text):
        text = _LINE.sub(line, text, count=1)
    else:
        text = text.rstrip("\n") + f"\n{line}  # dossier tekenen\n"
    with tempfile.TemporaryDirectory(prefix=".voortgang-", dir=folder) as tmp:  # validated before it replaces
        (Path(tmp) / PROGRESS_FILE).write_text(text, encoding="utf-8")
        try:
            load_progress(Path(tmp))
        except InvalidDossier as exc:
            raise DossierError(f"{display_path(path)}: kon ‘{line}’ niet vastleggen ({exc.problems[0].message}); "
                               "zet die regel er zelf in") from None
    write_atomic(path, text.encode())
    return True


def sign(folders: Iterable[Path], *, out: Reporter, output_root: Path = BUILD_ROOT,
         today: date | None = None) -> int:
    """Build each dossier; for one that is ready to be signed, show the pack and record the day."""
    today = today or date.today()
    failed = 0
    executor = pdf_pool()
    try:
        for folder in folders:
            done = run(folder, executor=executor, output_root=output_root, today=today)
            _report_run(done, out)
            if not done.ok or done.niveau == NIET_KLAAR:
                out.error(f"✗ {display_path(folder)}: nog niet klaar om te laten tekenen; los eerst de fouten op "
                          "(dossier check)")
                failed += 1
                continue
            if done.niveau == IN_TE_DIENEN:
                out.info(f"✓ {display_path(folder)}: iedereen heeft de huidige versies al getekend; klaar om in "
                         "te dienen")
                continue
            pack = Places.of(folder, output_root).bundle("ondertekening")
            with zipfile.ZipFile(pack) as archive:
                text = archive.read(PACK_TEXT).decode()
                names = [n for n in archive.namelist() if n.endswith(".pdf")]
            out.info("")
            out.info(f"Ter ondertekening: {display_path(pack)} ({', '.join(names)} en {PACK_TEXT})")
            out.info("")
            for line in text.splitlines():
                out.info(f"  {line}")
            if record_sent_for_signing(folder, today):
                out.info(f"✓ vastgelegd in {display_path(folder / PROGRESS_FILE)}: {FIELD}: {datum(today)}")
    except DossierError as exc:
        out.error(str(exc))
        return 1
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return 1 if failed else 0
