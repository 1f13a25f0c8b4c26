"""Template lint: find what would break or silently vanish before a consultant's template ships.

``vocabulary`` says which variables a template may use, ``jinja_vars`` finds the ones a
template does use, ``docx_source`` reads a Word template the way docxtpl does, and
``check`` turns all of that into located Dutch findings for ``dossier templates check``.
"""
