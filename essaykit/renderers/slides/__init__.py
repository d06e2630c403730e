"""PDF slides (``-t slides``): the talk deck's very plan, drawn by WeasyPrint.

For presenting or handing out a talk without PowerPoint: the same slides as
the .pptx (planned by :mod:`essaykit.transform.slides`, fitted by the deck's
fitter), in the same theme and aspect, as a tagged PDF with the slide titles
as bookmarks; ``notes=True`` adds a page of speaker notes after each slide.
"""
