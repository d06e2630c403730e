"""Modules WeasyPrint imports at start and our documents do not use,
loaded only if something does use them.

Why: ``import weasyprint`` is the largest fixed cost of an essay's PDF
(0.6 s, in the process that lays it out, before its first line), and a
fifth of it goes to three modules it imports at the top of its own modules
for rare cases: ``fontTools.subset`` (its fallback subsetter, which
:mod:`.pdf_subset` replaces with HarfBuzz), ``fontTools.varLib.instancer``
(pinning a variable font, which :mod:`essaykit.fonts` has already done for
every face we give it) and ``PIL.ImageCms`` (``@color-profile`` rules).
Together they pull in 120 more modules: 0.1–0.2 s.

How: before WeasyPrint is imported, each gets a stand-in in
``sys.modules``. A name WeasyPrint imports from it (``from
fontTools.varLib.instancer import instantiateVariableFont``) is a function
that imports the real module when called; any other attribute imports the
real module at once and comes from it. Nothing changes for code that uses
them, except when the time is paid.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

#: module → the names WeasyPrint imports from it at start (callables only).
DEFERRED: dict[str, tuple[str, ...]] = {
    "fontTools.subset": (),
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
    "PIL.ImageCms": ("ImageCmsProfile",),
}


class Deferred(ModuleType):
    """A stand-in for module ``name`` until something needs it."""

    def __init__(self, name: str, callables: tuple[str, ...]):
        super().__init__(name)
        self.__spec__ = ModuleSpec(name, None)
        self.__dict__["_callables"] = callables
        self.__dict__["_real"] = None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # the import system's questions: not a use
            raise AttributeError(attr)
        if attr in self.__dict__["_callables"] and self.__dict__["_real"] is None:
            return _on_call(self, attr)
        return getattr(self.load(), attr)

    def load(self) -> ModuleType:
        """The real module, imported now if it was not yet."""
        real = self.__dict__["_real"]
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_real"] = real
        return real


def _on_call(module: Deferred, attr: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(module.load(), attr)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    return call


def install() -> list[str]:
    """Stand-ins for the modules of :data:`DEFERRED` not imported yet (call
    before importing WeasyPrint); the names of those put in."""
    put: list[str] = []
    for name, callables in DEFERRED.items():
        if name not in sys.modules:
            sys.modules[name] = Deferred(name, callables)
            put.append(name)
    return put
