"""Stand-ins for modules a library imports and essaykit's use of it never needs.

:func:`defer` puts a :class:`Deferred` in ``sys.modules`` before the library is imported;
the first use of any of its names imports the real module, which replaces the stand-in
wherever the import system looks. Names listed as ``callables`` (``from m import f`` at the
library's start) are functions that import the real module when called. Not
:class:`importlib.util.LazyLoader`: Python 3.11's ``import`` reads ``__spec__``, which
loads a lazy module at once.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


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
    when it is imported already.

    The module is not looked for: finding it would import its package, which
    may be what is being saved (``fontTools.varLib``). A stand-in for a
    module that does not exist fails, as the import would have, when used."""
    if name in sys.modules:
        return False
    module = Deferred(name, callables)
    module.__spec__ = ModuleSpec(name, None)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent and parent in sys.modules:
        setattr(sys.modules[parent], child, module)
    return True


def load_all() -> None:
    """Every module still stood in for, imported for real (the speed-ups switched off)."""
    for name, module in list(sys.modules.items()):
        if isinstance(module, Deferred):
            load(name)
