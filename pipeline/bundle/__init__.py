"""Stage 5, bundle: one zip per recipient (``zips``) and the archive of what was sent, kept with
the dossier (``archive``). The package itself imports nothing."""
