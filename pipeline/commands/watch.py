"""``dossier watch``: rebuild on every save, optionally with a live preview in the browser."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import templates as template_search
from pipeline.exceptions import DossierError, DossierNotFound
from pipeline.paths import BUILD_ROOT, DOSSIER_FILE, INPUTS, display_path
from pipeline.read.load import dossier_file
from pipeline.ui import Reporter
from pipeline.watch.deps import Layout
from pipeline.watch.watcher import Watcher

if TYPE_CHECKING:
    from pipeline.watch.server import PreviewServer

DEFAULT_PORT = 8000


def _layout(folders: Sequence[Path], inputs: Path, templates: Path) -> Layout:
    if folders:
        return Layout(templates, dossiers=[dossier_file(f).parent for f in folders])
    if not inputs.is_dir():
        raise DossierNotFound(f"map {inputs}/ niet gevonden (verwacht {inputs}/<naam>/{DOSSIER_FILE})")
    return Layout(templates, inputs=inputs)


def _check_output(output_root: Path, layout: Layout) -> None:
    """Output inside a watched folder would feed back into the watcher: refuse it up front."""
    out = output_root.resolve()
    for root in layout.watched_roots():
        if out.is_relative_to(root.resolve()):
            raise DossierError(f"uitvoermap {display_path(output_root)} ligt in de bewaakte map "
                               f"{display_path(root)}; kies een andere met -o")


def watch(
    folders: Sequence[Path],
    *,
    serve: bool,
    port: int = DEFAULT_PORT,
    out: Reporter,
    output_root: Path = BUILD_ROOT,
    inputs: Path = INPUTS,
    templates: Path | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Build everything once, then rebuild what each save changes until Ctrl-C (or ``stop``).

    Without ``folders`` every dossier in ``inputs/`` is watched, including ones created
    later. ``templates`` defaults to the shipped templates folder.
    """
    layout = _layout(folders, inputs, templates or template_search.TEMPLATES)
    _check_output(output_root, layout)
    watcher = Watcher(layout, output_root=output_root, out=out)  # forks the PDF pool: before any thread
    server: PreviewServer | None = None
    try:
        if serve:
            from pipeline.watch.server import PreviewServer

            server = PreviewServer(watcher, port)
    except DossierError:
        watcher.stop()
        raise
    restore_term = _sigterm_as_interrupt()
    try:
        watcher.start()
        if server is not None:
            server.start()
            out.info(f"Voorbeeld in de browser: {server.url}")
        roots = ", ".join(f"{display_path(r)}/" for r in layout.watched_roots())
        out.info(f"Bewaakt {roots} — stoppen met Ctrl-C")
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        _quietly_shut_down(watcher, server)
        restore_term()
        out.info("Gestopt.")
    return 0


def _sigterm_as_interrupt() -> Callable[[], None]:
    """``kill`` (an IDE stopping the task) gets the same clean stop as Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _quietly_shut_down(watcher: Watcher, server: PreviewServer | None) -> None:
    """Stop server, observer, build thread and PDF workers; a second Ctrl-C meanwhile is ignored."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
    try:
        if server is not None:
            server.stop()
        watcher.stop()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
