"""Watch-mode latency (``make bench``): from an editor's save to updated DOCX and PDF files.

A real ``dossier watch`` process runs on a copy of the example; each run saves the YAML the
way editors do (write a temp file, rename it over the original) and times how long until
the documents on disk carry the change. The finish time is each output's own mtime (the
build renames a finished file into place), so the measurement does not depend on how
often we look. Debounce and event delivery are included, Python start-up is not: that is
paid once when watching starts.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "voorbeeld"
NAME_LINE = "  naam: Samen op de Rails – onderwijs & zorg op de boerderij\n"  # shown in every document
PLAN_LINE = "    - thuiszitten verkorten;\n"  # shown in the projectplan only
TIMEOUT = 30.0

_WATCH = """
import sys
from pathlib import Path
from pipeline.commands.watch import watch
from pipeline.ui import Reporter
sys.exit(watch([], serve=True, port=int(sys.argv[3]), out=Reporter(), output_root=Path(sys.argv[1]),
              inputs=Path(sys.argv[2])))
"""


def _save_like_an_editor(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.bench.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _mtimes(files: list[Path]) -> list[float]:
    return [f.stat().st_mtime if f.exists() else 0.0 for f in files]


def _wait_until_newer(files: list[Path], than: float) -> list[float]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        stamps = _mtimes(files)
        if all(s >= than for s in stamps):
            return stamps
        time.sleep(0.01)
    raise RuntimeError("watch mode did not rebuild within 30 s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_preview(url: str, needle: str) -> float:
    """Ask for the preview page as a reloading browser does, until it shows ``needle``."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            if needle in response.read().decode("utf-8"):
                return time.time()
        time.sleep(0.005)
    raise RuntimeError("het voorbeeld werd niet bijgewerkt binnen 30 s")


def _report(label: str, samples: list[float]) -> None:
    med = statistics.median(samples)
    print(f"  {label:<52} median {med:6.3f} s   (min {min(samples):.3f}, max {max(samples):.3f}, n={len(samples)})")


def bench_watch(runs: int, work: Path) -> None:
    """Print median save→DOCX and save→PDF latency of a warm ``dossier watch`` process."""
    print("Watch-modus: opslaan van dossier.yaml → bijgewerkte bestanden (warm proces, debounce inbegrepen)")
    inputs = work / "watch-inputs"
    shutil.copytree(EXAMPLE, inputs / EXAMPLE.name)
    yaml_path = inputs / EXAMPLE.name / "dossier.yaml"
    original = yaml_path.read_text(encoding="utf-8")
    if NAME_LINE not in original or PLAN_LINE not in original:
        raise RuntimeError("het voorbeeld is veranderd: pas NAME_LINE/PLAN_LINE in scripts/bench_watch.py aan")
    out_dir = work / "watch-build"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", _WATCH, str(out_dir), str(inputs), str(port)], cwd=work,
                            env=env, stdout=subprocess.PIPE, text=True)
    preview_url = f"http://127.0.0.1:{port}/{EXAMPLE.name}/projectplan"
    try:
        assert proc.stdout is not None
        for line in proc.stdout:  # the initial build is done when watching is announced
            if line.startswith("Bewaakt"):
                break
        else:
            raise RuntimeError("dossier watch stopte voordat het ging kijken")
        docx = sorted((out_dir / EXAMPLE.name).glob("*.docx"))
        pdf = sorted(p for p in (out_dir / EXAMPLE.name).glob("*.pdf") if p.name != "checklist.pdf")
        checklist = [out_dir / EXAMPLE.name / "checklist.pdf"]
        first_docx, all_docx, first_pdf, all_pdf, preview, checked = [], [], [], [], [], []
        for run in range(runs + 1):
            time.sleep(0.3)  # let the previous batch settle, as between two real saves
            text = original.replace(NAME_LINE, NAME_LINE.replace("boerderij", f"boerderij {run}"))
            saved = time.time()
            _save_like_an_editor(yaml_path, text)
            shown = _wait_for_preview(preview_url, f"boerderij {run}")
            docx_done = _wait_until_newer(docx, saved)
            pdf_done = _wait_until_newer(pdf, saved)
            checklist_done = _wait_until_newer(checklist, saved)
            if run == 0:
                continue  # the first edit after start-up warms caches; a user's first save does too
            preview.append(shown - saved)
            first_docx.append(min(docx_done) - saved)
            all_docx.append(max(docx_done) - saved)
            first_pdf.append(min(pdf_done) - saved)
            all_pdf.append(max(pdf_done) - saved)
            checked.append(checklist_done[0] - saved)
        _report("opslaan → bijgewerkt voorbeeld (projectplan)", preview)
        _report(f"opslaan → eerste DOCX ({len(docx)} in totaal)", first_docx)
        _report("opslaan → alle DOCX", all_docx)
        _report(f"opslaan → eerste PDF ({len(pdf)} in totaal)", first_pdf)
        _report("opslaan → alle PDF's van de documenten", all_pdf)
        _report("opslaan → controlelijst (HTML-sjabloon, na de documenten)", checked)

        # One answer that only the projectplan shows: only the projectplan is made again.
        plan_pdf = [out_dir / EXAMPLE.name / "projectplan.pdf"]
        others = [p for p in [*docx, *pdf] if p.stem != "projectplan"]
        plan_preview, plan_done, untouched = [], [], True
        for run in range(runs + 1):
            time.sleep(0.3)
            before = [p.stat().st_mtime_ns for p in others]
            text = original.replace(PLAN_LINE, PLAN_LINE.replace("verkorten", f"verkorten ({run})"))
            saved = time.time()
            _save_like_an_editor(yaml_path, text)
            shown = _wait_for_preview(preview_url, f"verkorten ({run})")
            done = _wait_until_newer(plan_pdf, saved)[0]  # the checklist does not show this answer
            if run == 0:  # this save also undid the name edit above: every document changes, and the next
                _wait_until_newer([*docx, *pdf], saved)
                continue
            untouched = untouched and [p.stat().st_mtime_ns for p in others] == before
            plan_preview.append(shown - saved)
            plan_done.append(done - saved)
        print("Eén antwoord dat alleen het projectplan toont (de rest blijft ongemoeid: "
              f"{'ja' if untouched else 'NEE'}):")
        _report("opslaan → bijgewerkt voorbeeld (projectplan)", plan_preview)
        _report("opslaan → projectplan.pdf", plan_done)
        print(f"  t.o.v. een antwoord in alle documenten (zelfde run): voorbeeld "
              f"{statistics.median(plan_preview) / statistics.median(preview):.2f}×, PDF "
              f"{statistics.median(plan_done) / statistics.median(all_pdf):.2f}×")
    finally:
        proc.send_signal(signal.SIGINT)  # a clean stop, as after Ctrl-C
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory(prefix="dossier-bench-watch-") as tmp:
        bench_watch(runs, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
