"""Names of the places the tool reads from and writes to, in one light module.

Light on purpose: the CLI needs them before it imports anything heavy.
"""

from __future__ import annotations

from pathlib import Path

DOSSIER_FILE = "dossier.yaml"
INPUTS = Path("inputs")
