"""The one guard every speed-up that replaces a dependency's name installs through.

It installs a replacement only when the speed-ups are switched on and the dependency is a
tested version, at most once per process, keeps what it replaced (``original``, for the
replacement's fallbacks and the tests), and can put it back (:func:`undo_all`).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class Replaced:
    """``owner.name`` was ``original`` before the speed-up replaced it."""

    owner: Any
    name: str
    original: Any


_DONE: list[tuple[ModuleType, Replaced]] = []


def once(name: str, *dists: str) -> Callable[[Callable[[], Replaced | None]], Callable[[], bool]]:
    """Decorator making ``install()`` of speed-up ``name`` from ``make``, which replaces a
    name of ``dists`` and returns what it replaced, or None when the dependency is not as
    expected (an ``ImportError`` counts as None). ``install()`` says whether it is active;
    ``make`` runs again only if a test sets the module's ``_installed`` back to False."""

    def wrap(make: Callable[[], Replaced | None]) -> Callable[[], bool]:
        module = sys.modules[make.__module__]

        @functools.wraps(make)
        def install() -> bool:
            from .switch import enabled
            from .versions import tested

            if getattr(module, "_installed", False):
                return True
            if not enabled(name) or not all(tested(d) for d in dists):
                return False
            try:
                done = make()
            except ImportError:
                return False
            if done is None:
                return False
            module.original = done.original  # type: ignore[attr-defined]
            module._installed = True  # type: ignore[attr-defined]
            _DONE.append((module, done))
            return True

        return install

    return wrap


def undo_all() -> None:
    """Put back everything installed through :func:`once`, the last first."""
    while _DONE:
        module, done = _DONE.pop()
        setattr(done.owner, done.name, done.original)
        module._installed = False  # type: ignore[attr-defined]
