"""What the speed work of a batch (issue 17) must not change: the PDFs themselves.

A batch worker tunes the garbage collector, keeps no layouts and takes the biggest dossier
first; the HTML carries direct formatting as shared classes. None of that may show in a
PDF: a batch of several dossiers gives, byte for byte, the PDFs each dossier gets on its
own, still PDF/A-3a with every font embedded. (Speed itself is measured by ``make bench``.)
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf

from pipeline.cli import run
from tests.conftest import EXAMPLE
from tests.runs import render_folder


def _dossiers(root: Path) -> list[Path]:
    """Two dossiers of different length: the example, and one with an extra school row."""
    short = root / "kort"
    shutil.copytree(EXAMPLE, short)
    long = root / "lang"
    shutil.copytree(EXAMPLE, long)
    text = (long / "dossier.yaml").read_text(encoding="utf-8")
    assert "Samen op de Rails" in text
    (long / "dossier.yaml").write_text(text.replace("Samen op de Rails", "Samen op de Rails en de Weg"),
                                       encoding="utf-8")
    return [short, long]


def test_a_batch_makes_the_pdfs_a_single_build_makes(tmp_path: Path) -> None:
    folders = _dossiers(tmp_path / "inputs")
    assert run(["-q", "build", "--geen-controle", "--werkers", "2", "-o", str(tmp_path / "batch"),
                *map(str, folders)]) == 0
    for folder in folders:
        alone = render_folder(folder, output_root=tmp_path / "alleen")
        assert alone.ok
        made = sorted(p.name for p in (tmp_path / "alleen" / folder.name).glob("*.pdf"))
        assert len(made) == 4
        for name in made:
            batch = (tmp_path / "batch" / folder.name / name).read_bytes()
            assert batch == (tmp_path / "alleen" / folder.name / name).read_bytes(), f"{folder.name}/{name}"
            reader = pypdf.PdfReader(io.BytesIO(batch))
            xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
            assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="A"' in xmp
            for page in reader.pages:
                for font in page["/Resources"]["/Font"].values():
                    descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                    assert "/FontFile2" in descriptor, f"{name}: a font is not embedded"
            assert "Samen op de Rails" in "".join(page.extract_text() for page in reader.pages)
