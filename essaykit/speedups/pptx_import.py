"""Importing python-pptx without the web client it never uses.

Why: python-pptx imports :mod:`xml.sax.saxutils` for its ``escape``, and
that module imports :mod:`urllib.request` (with :mod:`http.client`,
:mod:`ssl`, :mod:`hashlib`...) for ``prepare_input_source``, which
python-pptx never calls: 25-40 ms of CPU, about a twentieth of a deck's
export. So while :func:`import_pptx` imports python-pptx, a
``urllib.request`` not yet imported is stood in for by a placeholder
module; the first use of any of its names (a remote image,
:func:`essaykit.renderers.pptx.renderer._load_image`, or any other code) imports the
real module, which then replaces the placeholder everywhere the import
system looks (``sys.modules``, ``urllib.request``); names read, set or
deleted through the placeholder are the real module's.

The stand-in is :mod:`essaykit.speedups.deferred`'s; ``ESSAYKIT_EAGER_IMPORTS=1``
imports it normally.
"""

from __future__ import annotations

import sys
from types import ModuleType

from .deferred import defer


def import_pptx() -> ModuleType:
    """``pptx``, imported once."""
    if "pptx" not in sys.modules:
        defer("urllib.request")
    import pptx

    return pptx
