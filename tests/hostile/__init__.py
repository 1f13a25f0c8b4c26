"""The hostile-input corpus: files and edits of the example that must never crash the tool.

``*.yaml`` here are whole dossier files, one case per file; ``cases.py`` holds the table of
what each must produce, plus the cases made by editing the example dossier.
"""
