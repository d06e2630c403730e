"""Importing python-pptx without the web client it never uses.

Why: python-pptx imports :mod:`xml.sax.saxutils` for its ``escape``, and
that module imports :mod:`urllib.request` (with :mod:`http.client`,
:mod:`ssl`, :mod:`hashlib`...) for ``prepare_input_source``, which
python-pptx never calls: 25-40 ms of CPU, about a twentieth of a deck's
export. So while :func:`import_pptx` imports python-pptx, a
``urllib.request`` not yet imported is stood in for by a placeholder
module; the first use of any of its names (a remote image,
:func:`essaykit.render.pptx._load_image`, or any other code) imports the
real module, which then replaces the placeholder everywhere the import
system looks (``sys.modules``, ``urllib.request``); names read, set or
deleted through the placeholder are the real module's.

Not :class:`importlib.util.LazyLoader`: in Python 3.11 the ``import``
statement itself reads the module's ``__spec__``, which makes a lazy module
load at once. Set ``ESSAYKIT_EAGER_IMPORTS=1`` to import it normally.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType
from typing import Any


def import_pptx() -> ModuleType:
    """``pptx``, imported once."""
    if "pptx" not in sys.modules and not os.environ.get("ESSAYKIT_EAGER_IMPORTS"):
        defer("urllib.request")
    import pptx

    return pptx


class _Deferred(ModuleType):
    """A module imported for real when one of its names is first looked up."""

    def __getattr__(self, attr: str) -> Any:
        return getattr(_load(self.__name__), attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        # A test's monkeypatch of ``urllib.request.urlopen`` reaches the real module.
        if attr.startswith("__") and attr.endswith("__"):
            super().__setattr__(attr, value)
        else:
            setattr(_load(self.__name__), attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(_load(self.__name__), attr)


def _load(name: str) -> ModuleType:
    module = sys.modules.get(name)
    if isinstance(module, _Deferred):
        del sys.modules[name]
        module = importlib.import_module(name)  # also rebinds it on its package
    assert module is not None
    return module


def defer(name: str) -> None:
    """Stand in for the module ``name`` until it is used; nothing when it is
    already imported or cannot be found."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    module = _Deferred(name)
    module.__spec__ = spec
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
