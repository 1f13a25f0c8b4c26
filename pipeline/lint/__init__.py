"""Template lint: find what would break or silently vanish before a consultant's template ships.

``vocabulary`` says which variables a template may use, ``jinja_vars`` finds the ones a
template does use, ``docx_source`` finds Word tags that would lose text, and ``check`` turns
all of that into located Dutch findings for ``dossier templates check``. A Word template is
read the way docxtpl reads it by ``pipeline.render.word_source``, which the build uses to
name the same paragraph: the lint builds on the renderer, never the other way round.
"""
