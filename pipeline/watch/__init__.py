"""Watch mode: rebuild what a save changed, and (``--serve``) show it live in a browser."""
