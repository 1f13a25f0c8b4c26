"""Where one PDF's time goes (``make bench``): a profile per phase, and the PDFs' sizes.

Run as a script with the project root to measure as its only argument, so ``make bench`` can
measure the code of this checkout and of an earlier commit (the "before") in the same run:
both import their own ``pipeline`` and the same weasyprint. Prints one JSON object.

Phases: DOCX render (docxtpl), conversion (Word → HTML), answers (the PDF's options: the
embedded answers written as YAML), style (HTML parse, cascade, boxes),
layout, draw (pages into PDF streams), fonts (subsetting and embedding), write (the rest of
``write_pdf``: objects, compression, PDF/A metadata), zip/hash (the cache keys and digests
the build computes for a document). Times are CPU time of this process (a shared machine's
other work shifts them less than wall time). Each figure is the median over ``RUNS`` renders of
each of the example's four documents, in one process set up the way that version sets up
a batch worker (warm, and from issue 17 on with the garbage collector tuned).
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 7
PHASES = ("docx", "conversie", "antwoorden", "stijl", "opmaak", "tekenen", "fonts", "schrijven", "zip/hash")


def _timer(totals: dict[str, float], phase: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[phase] += time.process_time() - start
    return timed


def _hook(totals: dict[str, float]) -> None:
    """Time weasyprint's phases by wrapping the functions its document module calls."""
    import weasyprint
    import weasyprint.document as document
    import weasyprint.pdf as pdf

    html_init = weasyprint.HTML.__init__
    weasyprint.HTML.__init__ = _timer(totals, "parse", _timer(totals, "stijl", html_init))  # type: ignore[method-assign]
    document.get_all_computed_styles = _timer(totals, "stijl", document.get_all_computed_styles)
    document.build_formatting_structure = _timer(totals, "stijl", document.build_formatting_structure)
    weasyprint.HTML.render = _timer(totals, "opmaak", weasyprint.HTML.render)  # type: ignore[method-assign]
    document.Page.paint = _timer(totals, "tekenen", document.Page.paint)  # type: ignore[method-assign]
    pdf.build_fonts_dictionary = _timer(totals, "fonts", pdf.build_fonts_dictionary)
    write_pdf = _timer(totals, "schrijven", document.Document.write_pdf)

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        totals["pagina's"] = len(self.pages)
        return write_pdf(self, *args, **kwargs)
    document.Document.write_pdf = counted  # type: ignore[method-assign]


def profile(root: Path) -> dict[str, Any]:
    sys.path.insert(0, str(root))
    try:  # this version: the render stage; 'voor' may be an older commit with pipeline/build.py
        from pipeline.documents import documents_for
        from pipeline.render.documents import document_key as cache_key
        from pipeline.render.documents import document_pdf_options
    except ImportError:
        from pipeline.build import cache_key, document_pdf_options, documents_for  # type: ignore[no-redef]
    try:
        from pipeline.read.validate import load_dossier
    except ImportError:  # an older commit: pipeline/validate.py
        from pipeline.validate import load_dossier  # type: ignore[no-redef]
    from pipeline.render import pdf as pdf_module
    from pipeline.render.docx import render_word
    from pipeline.render.html import render_html

    example = root / "inputs" / "voorbeeld"
    loaded = load_dossier(example)
    docs, _ = documents_for(loaded)
    totals: dict[str, float] = defaultdict(float)
    from pipeline.render import pool

    if hasattr(pool, "batch_worker"):  # set up as a batch worker of that version is
        pool.batch_worker(True)
    else:
        pdf_module.warm_up()
    _hook(totals)
    samples: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, int] = {}
    pages: dict[str, int] = {}
    for run in range(RUNS + 1):  # the first round warms caches (templates, fonts) and is not counted
        for doc in docs:
            totals.clear()
            t0 = time.process_time()
            word = render_word(loaded, doc.id)
            docx = word.docx_bytes()
            t1 = time.process_time()
            html = render_html(loaded, doc.id, word=word)
            t2 = time.process_time()
            # new HTML each time, as every document of a batch is: laid out, never reused, and
            # the process keeps (or not) what that version keeps between PDFs
            html = html.replace("</body>", f"<!-- {run} -->\n</body>")
            options = document_pdf_options(loaded, doc)  # the embedded answers written as YAML
            t25 = time.process_time()
            data = pdf_module.render_pdf(html, options)
            t3 = time.process_time()
            for fmt in ("docx", "pdf"):
                cache_key(loaded, doc, fmt)
            hashlib.sha256(docx).hexdigest()
            hashlib.sha256(data).hexdigest()
            t4 = time.process_time()
            if run == 0:
                sizes[doc.id] = len(data)
                pages[doc.id] = int(totals["pagina's"])
                continue
            figures = {"docx": t1 - t0, "conversie": t2 - t1, "antwoorden": t25 - t2, "zip/hash": t4 - t3}
            figures["schrijven"] = totals["schrijven"] - totals["tekenen"] - totals["fonts"]
            # render() = cascade and boxes (timed as style) + layout (a generator, timed as the rest)
            figures["opmaak"] = totals["opmaak"] - (totals["stijl"] - totals["parse"])
            for phase in ("stijl", "tekenen", "fonts"):
                figures[phase] = totals[phase]
            for phase, seconds in figures.items():
                samples[f"{doc.id}|{phase}"].append(seconds)
    per_phase = {
        phase: sum(statistics.median(samples[f"{doc.id}|{phase}"]) for doc in docs) / len(docs) * 1000
        for phase in PHASES
    }
    return {"ms": per_phase, "sizes": sizes, "pages": pages}


if __name__ == "__main__":
    print(json.dumps(profile(Path(sys.argv[1]).resolve())))
