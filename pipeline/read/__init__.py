"""Stage 1, read: what was sent is kept, then dossier.yaml is loaded with positions (``load``),
validated into the answers model (``validate``), and compared with the last run (``freshness``).
``stage.read_dossier`` is the stage; the package itself imports nothing (light for the CLI)."""
