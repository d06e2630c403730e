"""Stand-ins for modules a library imports and our use of it never needs.

Why: the renderers' libraries import, at start, modules for cases essaykit
never reaches (python-pptx pulls in ``urllib.request`` with ``http.client``
and ``ssl`` through ``xml.sax.saxutils``; WeasyPrint its fallback font
subsetter, variable-font instancer and colour-management module), and an
export pays for them on every run: :mod:`essaykit.renderers.pptx_import`,
:mod:`essaykit.renderers.pdf_defer`.

How: :func:`defer` puts a :class:`Deferred` in ``sys.modules`` before the
library is imported. The first use of any of its names imports the real
module, which then replaces the stand-in where the import system looks
(``sys.modules``, the package's attribute); names set or deleted through the
stand-in go to the real module (a test's monkeypatch). Names given as
``callables`` are what the library imports by name at start (``from m
import f``): those are handed out as functions that import the real module
when called, so that the import itself costs nothing.

Not :class:`importlib.util.LazyLoader`: in Python 3.11 the ``import``
statement itself reads the module's ``__spec__``, which makes a lazy module
load at once. ``ESSAYKIT_EAGER_IMPORTS=1`` turns all of this off.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


def enabled() -> bool:
    """Whether stand-ins are used (not with ``ESSAYKIT_EAGER_IMPORTS=1``)."""
    return not os.environ.get("ESSAYKIT_EAGER_IMPORTS")


class Deferred(ModuleType):
    """A module imported for real when one of its names is first used."""

    def __init__(self, name: str, callables: tuple[str, ...] = ()):
        super().__init__(name)
        self.__dict__["_callables"] = callables

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)  # the import system's questions: not a use
        if attr in self.__dict__["_callables"] and sys.modules.get(self.__name__) is self:
            return _on_call(self.__name__, attr)  # not loaded yet: loaded when called
        return getattr(load(self.__name__), attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        if attr.startswith("__") and attr.endswith("__"):
            super().__setattr__(attr, value)
        else:
            setattr(load(self.__name__), attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(load(self.__name__), attr)


def _on_call(name: str, attr: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(load(name), attr)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    return call


def load(name: str) -> ModuleType:
    """The real module ``name``, imported now if only its stand-in was."""
    module = sys.modules.get(name)
    if module is None or isinstance(module, Deferred):
        sys.modules.pop(name, None)
        module = importlib.import_module(name)  # also rebinds it on its package
    return module


def defer(name: str, callables: tuple[str, ...] = ()) -> bool:
    """Stand in for module ``name`` until it is used; False (nothing done)
    when it is imported already or stand-ins are turned off.

    The module is not looked for: finding it would import its package, which
    may be what is being saved (``fontTools.varLib``). A stand-in for a
    module that does not exist fails, as the import would have, when used."""
    if name in sys.modules or not enabled():
        return False
    module = Deferred(name, callables)
    module.__spec__ = ModuleSpec(name, None)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent and parent in sys.modules:
        setattr(sys.modules[parent], child, module)
    return True
