"""Benchmarks (``make bench``): our build against a baseline measured in the same run.

Times are medians of several runs of whole commands, as a user experiences them (Python
start-up included). The baseline is the obvious alternative: docxtpl for the DOCX plus
LibreOffice headless converting them to PDF (at most ``LO_BATCH`` files per call, every PDF
counted). The per-phase "voor" profile runs commit ``BEFORE`` with its own documents and
templates. Never run from the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
EXAMPLE = ROOT / "inputs" / "voorbeeld"
EXAMPLE_INDIVIDUAL = ROOT / "inputs" / "voorbeeld-individueel"
PARTS = ("profiel", "conversie", "voorbeeld", "watch", "batch", "sjabloon", "tekenen")


def interleaved(ours: Callable[[], None], baseline: Callable[[], None], runs: int
                ) -> tuple[list[float], list[float], list[float]]:
    """Both timed in turn, ``runs`` times (a busier moment of the machine hits both alike), and each pair's
    ratio: the seconds of ours, of the baseline, and ours / baseline."""
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        mine += timed(ours, 1)
        theirs += timed(baseline, 1)
    return mine, theirs, [a / b for a, b in zip(mine, theirs, strict=True)]


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
    from pipeline.documents import documents_for
    from pipeline.read.validate import load_dossier

    print("Word → HTML per document (in één proces, mediaan van 50 conversies; budget ≤ 20 ms)")
    measured: set[str] = set()
    for folder in (EXAMPLE, EXAMPLE_INDIVIDUAL):  # every document is in one of the two routes
        loaded = load_dossier(folder)
        for doc in documents_for(loaded)[0]:
            if doc.id not in measured:
                measured.add(doc.id)
                _convert(loaded, doc, runs)


def _convert(loaded: Any, doc: Any, runs: int) -> None:
    """One document's conversion, timed in-process (the Word render is done once, outside)."""
    from pipeline.render.docx import render_word
    from pipeline.render.html import render_html

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

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        line(f"koud, {cores} werkers", timed(cold(cores), runs))
        print("  (LibreOffice ontbreekt: geen vergelijking)")
    else:
        lo = libreoffice_path(soffice, folders, work)
        lo()  # first start creates the LibreOffice profile; not part of the measurement
        ours_cold, baseline, ratios = interleaved(cold(cores), lo, runs)
        a = line(f"koud, {cores} werkers", ours_cold)
        b = line(f"docxtpl + LibreOffice, {count * 4} PDF's geteld (≤ {LO_BATCH} per aanroep)", baseline)
        ratio = statistics.median(ratios)
        verdict = "sneller" if ratio < 1 else "trager"
        print(f"  verhouding dossier / LibreOffice-pad: {ratio:.2f}  ({verdict}; per paar "
              f"{', '.join(f'{r:.2f}' for r in ratios)}; medianen {a:.1f} s / {b:.1f} s)")
    line("koud, 1 werker", timed(cold("1"), 1))
    warm()  # the first full run also makes checklists and bundles
    line("warm: niets veranderd (volledige pijplijn)", timed(warm, runs))


def _changed_template(original: bytes, n: int) -> bytes:
    """The projectplan template with one visible paragraph more (round ``n``): a consultant's edit."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                at = data.rindex(b"<w:sectPr")
                data = data[:at] + f"<w:p><w:r><w:t>Wijziging {n}</w:t></w:r></w:p>".encode() + data[at:]
            target.writestr(item, data)
    return out.getvalue()


def bench_template_round(count: int, runs: int, work: Path) -> None:
    """The round after one shared template changed: ``count`` dossiers whose ``templates`` link
    to one organisation folder, its projectplan edited, then ``dossier build`` of all of them
    (the full pipeline, as a consultant runs it). Each pair also runs the LibreOffice path of
    the batch part (all ``4 × count`` documents: LibreOffice knows no per-template reuse)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    print(f"Ronde na één gewijzigd sjabloon: {count} dossiers, het projectplan aangepast "
          f"({count} DOCX + {count} PDF opnieuw; volledige pijplijn)")
    org = work / "organisatie-sjablonen"
    (org / "projectplan").mkdir(parents=True)
    template = org / "projectplan" / "projectplan.docx"
    original = (ROOT / "templates" / "projectplan" / "projectplan.docx").read_bytes()
    template.write_bytes(original)
    folders = make_dossiers(work / "ronde", count)
    for folder in folders:
        (folder / "templates").symlink_to(org)
    out = work / "ronde-out"
    run([PY, "-m", "pipeline", "-q", "build", "-o", str(out), *map(str, folders)])  # the round before
    edits = iter(range(1, 1000))

    def round_after_change() -> None:
        template.write_bytes(_changed_template(original, next(edits)))
        done = subprocess.run([PY, "-m", "pipeline", "build", "-o", str(out), *map(str, folders)], check=True,
                              cwd=ROOT, capture_output=True, text=True)
        made = done.stdout.strip().splitlines()[-1]
        if not made.startswith(f"{2 * count} documenten gemaakt"):
            raise SystemExit(f"de ronde na een sjabloonwijziging maakte niet {2 * count} documenten: {made}")

    if soffice is None:
        line("ronde na één gewijzigd sjabloon", timed(round_after_change, runs))
        print("  (LibreOffice ontbreekt: geen vergelijking)")
        return
    lo = libreoffice_path(soffice, folders, work)
    lo()  # first start creates the LibreOffice profile; not part of the measurement
    ours, baseline, ratios = interleaved(round_after_change, lo, runs)
    a = line(f"ronde na één gewijzigd sjabloon ({count} projectplannen)", ours)
    b = line(f"docxtpl + LibreOffice, {count * 4} PDF's geteld (≤ {LO_BATCH} per aanroep)", baseline)
    print(f"  verhouding dossier / LibreOffice-pad: {statistics.median(ratios):.2f}  (doel ≤ 0,25; per paar "
          f"{', '.join(f'{r:.2f}' for r in ratios)}; medianen {a:.1f} s / {b:.1f} s)")


LO_BATCH = 200  # LibreOffice headless converts only the first ≈247 files of one call (and exits 0)


def libreoffice_path(soffice: str, folders: list[Path], work: Path) -> Callable[[], None]:
    """The honest baseline: docxtpl for the DOCX, then LibreOffice converting every one of them.

    The DOCX of all dossiers share four names, so each gets a distinct name (a hard link,
    free) in one folder; LibreOffice is called per ``LO_BATCH`` files, and the PDFs that came
    out are counted: a missing one stops the bench instead of flattering us.
    """
    out = work / "many-lo"
    profile = (work / "lo-profile").as_uri()

    def run_lo() -> None:
        shutil.rmtree(out, ignore_errors=True)
        run([PY, "-m", "pipeline", "-q", "build", "--geen-controle", "--alleen", "docx", "-o", str(out),
             *map(str, folders)])
        flat = out / "docx"
        flat.mkdir()
        docx = []
        for path in sorted(out.glob("*/*.docx")):
            link = flat / f"{path.parent.name}--{path.name}"
            os.link(path, link)
            docx.append(link)
        if len(docx) != 4 * len(folders):
            raise SystemExit(f"docxtpl maakte {len(docx)} van {4 * len(folders)} DOCX")
        pdf_dir = out / "pdf"
        for i in range(0, len(docx), LO_BATCH):
            run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(pdf_dir), *map(str, docx[i:i + LO_BATCH])], stderr=subprocess.DEVNULL)
        made = {p.stem for p in pdf_dir.glob("*.pdf") if p.stat().st_size > 0}
        missing = sorted({p.stem for p in docx} - made)
        if missing:
            raise SystemExit(f"LibreOffice maakte {len(docx) - len(missing)} van {len(docx)} PDF's "
                             f"(ontbreekt o.a. {missing[0]}): de basislijn is niet eerlijk")

    return run_lo


def bench_signed_copies(runs: int, work: Path) -> None:
    """Reading a signed copy (``sign.read``), cold and from its cache, against making that document's PDF.

    In one process with everything imported: what ``dossier check`` pays per copy in ondertekend/.
    The copies are made here (``tests/signing.py``: generated keys, a scan of our own PDF), and
    each run measures the baseline and every reading in turn, so a busier moment hits all alike.
    """
    sys.path.insert(0, str(ROOT))
    from pipeline.documents import BY_ID
    from pipeline.read.validate import load_dossier
    from pipeline.render.documents import document_pdf_options
    from pipeline.render.html import render_html
    from pipeline.render.pdf import render_pdf
    from pipeline.sign.read import lees, lees_bewaard
    from tests.signing import scan, sign, signer

    doc = "samenwerkingsovereenkomst"
    loaded = load_dossier(EXAMPLE)

    def make_pdf() -> bytes:
        return render_pdf(render_html(loaded, doc), document_pdf_options(loaded, BY_ID[doc]))

    pdf = make_pdf()  # warm: weasyprint's fonts, the template read once
    pages = len(lees(pdf).paginas)
    sheets = [*range(pages), 0][:6]  # six scanned sheets: the first page fed twice if need be
    scanned = scan(pdf, pages=sheets)
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"), signer("Fatima El Amrani", "SWV Achterhoek"))
    cache = work / "tekenen-cache"
    scan_label = f"scan van {len(sheets)} pagina's"
    signed_label = f"PDF van {pages} pagina's met 2 handtekeningen"
    readings: dict[str, tuple[Callable[[], object], int]] = {
        f"{scan_label}, koud": (lambda: lees(scanned), len(sheets)),
        f"{scan_label}, uit de cache": (lambda: lees_bewaard(scanned, cache), len(sheets)),
        f"{signed_label}, koud": (lambda: lees(signed), pages),
        f"{signed_label}, uit de cache": (lambda: lees_bewaard(signed, cache), pages),
    }
    for read_it, _ in readings.values():
        read_it()  # the cache entries made; pyHanko and zxing imported
    baseline: list[float] = []
    samples: dict[str, list[float]] = {label: [] for label in readings}
    for _ in range(runs):
        baseline += timed(make_pdf, 1)
        for label, (read_it, _) in readings.items():
            samples[label] += timed(read_it, 1)
    base = statistics.median(baseline)
    print(f"Getekende kopie lezen ({doc}, in één proces, mediaan van {runs}; basislijn: die PDF één keer maken)")
    print(f"  {'PDF maken (basislijn)':<56} {base * 1000:7.1f} ms")
    for label, times in samples.items():
        med, count = statistics.median(times), readings[label][1]
        print(f"  {label:<56} {med * 1000:7.1f} ms  ({med * 1000 / count:5.1f} ms per pagina; "
              f"verhouding {med / base:.3f})")


BEFORE = "ebcd4f4"  # the commit issue 29 started from (issue 17: b9f8765): the "before" of the PDF profile


def _profile(root: Path) -> dict[str, Any]:
    done = subprocess.run([PY, str(ROOT / "scripts" / "bench_profile.py"), str(root)], check=True, cwd=root,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def bench_pdf_profile(work: Path) -> None:
    """One PDF per phase, this checkout against ``BEFORE`` (exported from git), in turn, twice each."""
    before_root = work / "voor"
    before_root.mkdir()
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "pipeline", "templates", "inputs"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(before_root)], input=archive, check=True)
    except (OSError, subprocess.CalledProcessError):
        before_root = None  # no git history here (a source tarball): only "after"
    runs: dict[str, list[dict[str, Any]]] = {"voor": [], "na": []}
    for _ in range(2):
        if before_root is not None:
            runs["voor"].append(_profile(before_root))
        runs["na"].append(_profile(ROOT))
    from bench_profile import PHASES, RUNS

    print(f"Eén PDF per fase (ms CPU per document, gemiddeld over de documenten van het voorbeeld; "
          f"mediaan van {RUNS}, beste van 2 processen; voor = commit {BEFORE})")
    best = {k: {ph: min(r["ms"][ph] for r in v) for ph in PHASES} for k, v in runs.items() if v}
    print(f"  {'fase':<12} {'voor':>8} {'na':>8}")
    for phase in (*PHASES, "totaal"):
        figures = [sum(best[k].values()) if phase == "totaal" else best[k][phase] for k in ("voor", "na") if k in best]
        cells = "".join(f"{f:8.1f}" for f in figures)
        change = f"   {figures[1] / figures[0] - 1:+.0%}" if len(figures) == 2 and figures[0] > 0.5 else ""
        print(f"  {phase:<12} {cells}{change}")
    print("PDF-grootte van het voorbeeld (bytes, pagina's)")
    for doc, size in runs["na"][0]["sizes"].items():
        pages = runs["na"][0]["pages"][doc]
        before = runs["voor"][0]["sizes"].get(doc) if runs["voor"] else None
        was = f"voor {before:>7,}  " if before else ""
        print(f"  {doc:<30} {was}na {size:>7,}  ({pages} blz.)".replace(",", "."))


def main() -> int:
    parser = argparse.ArgumentParser(description="Meet de snelheid van dossier tegen een basislijn.")
    parser.add_argument("--runs", type=int, default=5, help="aantal metingen per variant (mediaan)")
    parser.add_argument("--dossiers", type=int, default=80, help="aantal dossiers voor de batchmeting (0 = overslaan)")
    parser.add_argument("--delen", default=",".join(PARTS),
                        help=f"welke metingen, met komma's (standaard alle: {','.join(PARTS)})")
    args = parser.parse_args()
    parts = set(args.delen.split(","))
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        if "profiel" in parts:
            bench_pdf_profile(Path(tmp))
        if "conversie" in parts:
            bench_conversion(args.runs)
        if "voorbeeld" in parts:
            bench_cold_build(args.runs, Path(tmp))
            bench_unchanged(args.runs, Path(tmp))
        if "watch" in parts:
            from bench_watch import bench_watch  # scripts/ is on sys.path when run as a script

            bench_watch(args.runs, Path(tmp))
        if "tekenen" in parts:
            bench_signed_copies(min(args.runs, 5), Path(tmp))
        if "batch" in parts and args.dossiers:
            bench_many(args.dossiers, max(1, args.runs // 2), Path(tmp))
        if "sjabloon" in parts and args.dossiers:
            bench_template_round(args.dossiers, max(1, args.runs // 2), Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
