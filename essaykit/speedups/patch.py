"""One guard for the modules that replace a WeasyPrint internal
(:data:`essaykit.renderers.pdf.layout.PATCHES`).

Why: each of them must install its replacement at most once per process
(a second time would wrap the replacement in itself), must leave WeasyPrint
alone when it lacks the names the replacement was written against (an
upgrade), and keeps what it replaced (``original``) for its own fallbacks
and its tests. That guard is written here once instead of in each module.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any


def once(make: Callable[[], Any]) -> Callable[[], bool]:
    """``install()`` for the module that defines ``make``.

    ``make`` installs the replacement and returns what it replaced, or None
    when WeasyPrint is not what it expects (an ``ImportError`` counts as
    None). It runs the first time only — again only if a test sets the
    module's ``_installed`` back to False. The module's ``_installed`` and
    ``original`` are set; ``install()`` says whether the replacement is
    active."""
    module = sys.modules[make.__module__]

    @functools.wraps(make)
    def install() -> bool:
        if getattr(module, "_installed", False):
            return True
        try:
            replaced = make()
        except ImportError:
            return False
        if replaced is None:
            return False
        module.original = replaced  # type: ignore[attr-defined]
        module._installed = True  # type: ignore[attr-defined]
        return True

    return install
