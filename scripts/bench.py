"""Benchmarks (``make bench``): our build against a baseline measured in the same run.

Times are medians of several runs of whole commands, as a user experiences them (Python
start-up included). The baseline is the obvious alternative: docxtpl for the DOCX plus one
LibreOffice headless call converting them to PDF. Never run from the test suite.
"""

from __future__ import annotations

import argparse
import os
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


def bench_conversion(runs: int) -> None:
    """Rendered Word document → HTML, in process: the step that made the PDF one-source.

    Budget ≤ 20 ms per document (median); mammoth took 50–90 ms here for the same job.
    """
    sys.path.insert(0, str(ROOT))
    from pipeline.documents import DOCUMENTEN
    from pipeline.render.docx import render_word
    from pipeline.render.html import render_html
    from pipeline.validate import load_dossier

    print("Word → HTML per document (in één proces, mediaan van 50 conversies; budget ≤ 20 ms)")
    loaded = load_dossier(EXAMPLE)
    for doc in DOCUMENTEN:
        word = render_word(loaded, doc.id)
        render_html(loaded, doc.id, word=word)  # warm: stylesheet read once per process
        samples = []
        for _ in range(max(50, runs)):
            start = time.perf_counter()
            render_html(loaded, doc.id, word=word)
            samples.append(time.perf_counter() - start)
        med = statistics.median(samples) * 1000
        verdict = "binnen budget" if med <= 20 else "BOVEN BUDGET"
        print(f"  {doc.id:<52} median {med:6.1f} ms  (min {min(samples) * 1000:.1f}, "
              f"max {max(samples) * 1000:.1f}) {verdict}")


def bench_unchanged(runs: int, work: Path) -> None:
    """A second ``dossier build`` of an unchanged dossier, next to an empty Python start."""
    print("Eén ongewijzigd dossier opnieuw bouwen (volledige pijplijn, nieuw proces per run)")
    out = work / "unchanged"
    run([PY, "-m", "pipeline", "-q", "build", str(EXAMPLE), "-o", str(out)])

    def again() -> None:
        run([PY, "-m", "pipeline", "-q", "build", str(EXAMPLE), "-o", str(out)])

    ours = line("dossier build (niets veranderd)", timed(again, max(runs, 5)))
    empty = line("python -c pass", timed(lambda: run([PY, "-c", "pass"]), max(runs, 5)))
    print(f"  verschil met een lege Python-start: {ours - empty:.2f} s  (doel: totaal ≤ 0,3 s)")


def make_dossiers(root: Path, count: int) -> list[Path]:
    """``count`` variants of the example (different names and numbers), like a full round."""
    text = (EXAMPLE / "dossier.yaml").read_text(encoding="utf-8")
    folders = []
    for n in range(1, count + 1):
        folder = root / "inputs" / f"initiatief-{n:02d}"
        shutil.copytree(EXAMPLE, folder)
        variant = text.replace("Samen op de Rails", f"Samen op de Rails {n}").replace(
            "aantal_leerlingen: 12", f"aantal_leerlingen: {2 + n % 20}")
        (folder / "dossier.yaml").write_text(variant, encoding="utf-8")
        folders.append(folder)
    return folders


def bench_many(count: int, runs: int, work: Path) -> None:
    print(f"{count} dossiers ({count * 4} DOCX + {count * 4} PDF), documenten zonder controle")
    folders = make_dossiers(work / "many", count)
    out = work / "many-out"
    cores = str(os.cpu_count() or 1)

    def cold(workers: str) -> Callable[[], None]:
        def go() -> None:
            shutil.rmtree(out, ignore_errors=True)
            run([PY, "-m", "pipeline", "-q", "build", "--geen-controle", "--werkers", workers,
                 "-o", str(out), *map(str, folders)])
        return go

    def warm() -> None:
        run([PY, "-m", "pipeline", "-q", "build", "-o", str(out), *map(str, folders)])

    all_cores = line(f"koud, {cores} werkers", timed(cold(cores), runs))
    line("koud, 1 werker", timed(cold("1"), 1))
    warm()  # the first full run also makes checklists and bundles
    line("warm: niets veranderd (volledige pijplijn)", timed(warm, runs))

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("  (LibreOffice ontbreekt: geen vergelijking)")
        return
    lo_out = work / "many-lo"
    profile = (work / "lo-profile").as_uri()

    def libreoffice() -> None:
        shutil.rmtree(lo_out, ignore_errors=True)
        run([PY, "-m", "pipeline", "-q", "build", "--alleen", "docx", "-o", str(lo_out), *map(str, folders)])
        docx = sorted(lo_out.glob("*/*.docx"))
        run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(lo_out / "pdf"), *map(str, docx)], stderr=subprocess.DEVNULL)

    lo = line(f"docxtpl + één LibreOffice-aanroep voor {count * 4} PDF's", timed(libreoffice, max(1, runs // 3)))
    verdict = "sneller" if all_cores < lo else "trager"
    print(f"  verhouding dossier / LibreOffice-pad: {all_cores / lo:.2f}  ({verdict})")


def main() -> int:
    parser = argparse.ArgumentParser(description="Meet de snelheid van dossier tegen een basislijn.")
    parser.add_argument("--runs", type=int, default=5, help="aantal metingen per variant (mediaan)")
    parser.add_argument("--dossiers", type=int, default=80, help="aantal dossiers voor de batchmeting (0 = overslaan)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        bench_conversion(args.runs)
        bench_cold_build(args.runs, Path(tmp))
        bench_unchanged(args.runs, Path(tmp))
        from bench_watch import bench_watch  # scripts/ is on sys.path when run as a script

        bench_watch(args.runs, Path(tmp))
        if args.dossiers:
            bench_many(args.dossiers, max(1, args.runs // 2), Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
