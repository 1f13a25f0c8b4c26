"""dossier: from one YAML file of answers to a complete onderwijszorgarrangement dossier."""

__version__ = "0.1.0"
