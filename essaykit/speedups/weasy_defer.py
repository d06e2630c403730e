"""Modules WeasyPrint imports at start and our documents do not use,
loaded only if something does use them.

Why: ``import weasyprint`` is the largest fixed cost of an essay's PDF
(0.6 s, in the process that lays it out, before its first line), and a
fifth of it goes to three modules it imports at the top of its own modules
for rare cases: ``fontTools.subset`` (its fallback subsetter, which
:mod:`essaykit.speedups.subset` replaces with HarfBuzz), ``fontTools.varLib.instancer``
(pinning a variable font, which :mod:`essaykit.fonts` has already done for
every face we give it) and ``PIL.ImageCms`` (``@color-profile`` rules).
Together they pull in 120 more modules: 0.1–0.2 s.

How: before WeasyPrint is imported, each gets a stand-in
(:mod:`essaykit.speedups.deferred`). A name WeasyPrint imports from it (``from
fontTools.varLib.instancer import instantiateVariableFont``) is a function
that imports the real module when called; any other use imports the real
module at once. Nothing changes for code that uses them, except when the
time is paid.
"""

from __future__ import annotations

from .deferred import defer

#: module → the names WeasyPrint imports from it at start (callables only).
DEFERRED: dict[str, tuple[str, ...]] = {
    "fontTools.subset": (),
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
    "PIL.ImageCms": ("ImageCmsProfile",),
}


def install() -> list[str]:
    """Stand-ins for the modules of :data:`DEFERRED` not imported yet (call
    before importing WeasyPrint); the names of those put in."""
    return [name for name, callables in DEFERRED.items() if defer(name, callables)]
