"""Speed-ups that reach into dependencies' private internals: off unless :func:`enable` is called.

A library call runs every dependency's stock code. The ``essaykit`` command calls
:func:`enable`, and so may any program that wants the command's speed. Each speed-up runs
only on the dependency versions it was written and tested against (:mod:`.versions`) and
gives one logged note on any other. Figures, and which belong upstream:
``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

from .switch import enable, enabled, is_on, switch_off

__all__ = ["enable", "disable", "enabled", "install_pdf", "NAMES"]

#: Every speed-up by name (``ESSAYKIT_SPEEDUPS_OFF=name,...`` or ``all`` leaves some out).
NAMES = ("pango", "subset", "glyphs", "footnotes", "pagerefs", "svgpaths", "leaders", "mathrows", "libraries",
         "deferred")
#: Those installed before a PDF is laid out (:func:`install_pdf`).
PDF = ("pango", "subset", "glyphs", "footnotes", "pagerefs", "svgpaths", "leaders")


def disable() -> None:
    """Switch them off: every dependency name they replaced is put back, every module
    stood in for is imported for real."""
    import sys

    from .patch import undo_all

    switch_off()
    undo_all()
    deferred = sys.modules.get(f"{__name__}.deferred")
    if deferred is not None:
        deferred.load_all()


def install_pdf() -> None:
    """Install the PDF speed-ups (:data:`PDF`) when switched on; WeasyPrint is imported."""
    if not is_on():
        return
    import importlib

    for name in PDF:
        importlib.import_module(f"{__name__}.{name}").install()
