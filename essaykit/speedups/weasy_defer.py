"""Stand-ins for three modules WeasyPrint imports at start and essaykit never uses.

``fontTools.subset`` (replaced by :mod:`.subset`), ``fontTools.varLib.instancer``
(:mod:`essaykit.fonts` pins every face first) and ``PIL.ImageCms``: each is imported for
real on first use (:mod:`.deferred`). Only with the speed-ups on, before WeasyPrint is
imported. Figures: ``benchmarks/FINDINGS.md``.
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
    from .switch import enabled

    if not enabled("deferred"):
        return []
    return [name for name, callables in DEFERRED.items() if defer(name, callables)]
