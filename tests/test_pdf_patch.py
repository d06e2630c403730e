""":func:`essaykit.speedups.patch.once`: a WeasyPrint patch installs once,
keeps what it replaced, and stays out when WeasyPrint is not as expected."""

from __future__ import annotations

import sys
import types
from typing import Any

from essaykit.speedups.patch import once


def _module(name: str, make: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module._installed = False  # type: ignore[attr-defined]
    module.original = None  # type: ignore[attr-defined]
    sys.modules[name] = module
    make.__module__ = name
    module.install = once(make)  # type: ignore[attr-defined]
    return module


def test_installs_once_and_keeps_the_original() -> None:
    calls: list[int] = []

    def make() -> Any:
        calls.append(1)
        return len  # what it "replaced"

    module = _module("essaykit_test_patch_ok", make)
    try:
        assert module.install() and module.install()
        assert calls == [1] and module.original is len and module._installed
        module._installed = False  # a test putting WeasyPrint back
        assert module.install() and calls == [1, 1]
    finally:
        del sys.modules["essaykit_test_patch_ok"]


def test_a_weasyprint_it_was_not_written_for_is_left_alone() -> None:
    def missing() -> Any:
        import essaykit_no_such_module  # type: ignore[import-not-found]  # noqa: F401

    def different() -> Any:
        return None

    for name, make in (("essaykit_test_patch_import", missing), ("essaykit_test_patch_none", different)):
        module = _module(name, make)
        try:
            assert module.install() is False
            assert module.original is None and module._installed is False
        finally:
            del sys.modules[name]
