"""The render stage as the tests call it: a dossier folder (or a loaded dossier) → its documents."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.cache import OutputCache
from pipeline.paths import DOCUMENT_FORMATS, Places
from pipeline.read.validate import LoadedDossier
from pipeline.render.documents import Rendering, render_documents
from pipeline.render.pool import inline_executor
from pipeline.run import Ask, run


def render_folder(folder: Path, *, output_root: Path, only: Iterable[str] | None = None,
                  formats: Iterable[str] = DOCUMENT_FORMATS, force: bool = False) -> Rendering:
    """``dossier build --geen-controle``: the run's read, render and record stages."""
    done = run(folder, executor=inline_executor(), output_root=output_root,
               ask=Ask(check=False, only=tuple(only) if only is not None else None, formats=tuple(formats),
                       force=force))
    assert done.rendering is not None
    return done.rendering


def render_loaded(loaded: LoadedDossier, *, output_root: Path, only: Iterable[str] | None = None,
                  formats: Iterable[str] = DOCUMENT_FORMATS) -> Rendering:
    """The render stage alone, for a dossier made in the test (no dossier.yaml on disk)."""
    places = Places.of(loaded.folder, output_root)
    cache = OutputCache(places.out)
    rendering = render_documents(loaded, places, executor=inline_executor(), cache=cache, only=only,
                                 formats=formats).wait()
    cache.save()
    return rendering
