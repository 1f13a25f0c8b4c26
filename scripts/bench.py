"""Benchmarks (``make bench``): our build against a baseline measured in the same run.

Times are medians of several runs of whole commands, as a user experiences them (Python
start-up included). The baseline is the obvious alternative: docxtpl for the DOCX plus one
LibreOffice headless call converting them to PDF. Never run from the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
EXAMPLE = ROOT / "inputs" / "voorbeeld"


def timed(fn: Callable[[], None], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def run(cmd: list[str], **kwargs: object) -> None:
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]


def line(label: str, samples: list[float]) -> float:
    med = statistics.median(samples)
    print(f"  {label:<52} median {med:6.2f} s   (min {min(samples):.2f}, max {max(samples):.2f}, n={len(samples)})")
    return med


def bench_cold_build(runs: int, work: Path) -> None:
    print("Koude build van het voorbeeld (4 DOCX + 4 PDF, nieuw proces per run)")
    out = work / "ours"

    def ours() -> None:
        shutil.rmtree(out, ignore_errors=True)
        run([PY, "-m", "pipeline", "-q", "build", "--geen-controle", str(EXAMPLE), "-o", str(out)])

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        line("dossier build", timed(ours, runs))
        print("  (LibreOffice ontbreekt: geen vergelijking; installeer libreoffice-writer-nogui)")
        return
    lo_out = work / "lo"
    profile = (work / "lo-profile").as_uri()

    def libreoffice() -> None:
        shutil.rmtree(lo_out, ignore_errors=True)
        run([PY, "-m", "pipeline", "-q", "build", str(EXAMPLE), "-o", str(lo_out), "--alleen", "docx"])
        docx = sorted((lo_out / EXAMPLE.name).glob("*.docx"))
        run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(lo_out / EXAMPLE.name), *map(str, docx)], stderr=subprocess.DEVNULL)

    libreoffice()  # first start creates the LibreOffice profile; not part of the measurement
    ours()
    a = line("dossier build --geen-controle (docxtpl + weasyprint)", timed(ours, runs))
    b = line("docxtpl + één LibreOffice-aanroep voor 4 PDF's", timed(libreoffice, runs))
    print(f"  verhouding dossier / LibreOffice-pad: {a / b:.2f}  ({'sneller' if a < b else 'trager'})")


def main() -> int:
    parser = argparse.ArgumentParser(description="Meet de snelheid van dossier tegen een basislijn.")
    parser.add_argument("--runs", type=int, default=5, help="aantal metingen per variant (mediaan)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        bench_cold_build(args.runs, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
