"""``make bench`` keeps working as the documents change: its cheapest part runs here (no
timing is asserted; speed figures live in the bench only)."""

from __future__ import annotations

import subprocess
import sys

from pipeline.documents import DOCUMENTEN
from tests.conftest import ROOT


def test_the_bench_measures_every_document_of_both_routes() -> None:
    done = subprocess.run([sys.executable, "scripts/bench.py", "--delen", "conversie", "--runs", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    measured = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    assert measured == [doc.id for doc in DOCUMENTEN]
