"""Rendering: answers + templates → DOCX (docxtpl) and HTML → PDF (weasyprint)."""
