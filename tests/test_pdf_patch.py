""":func:`essaykit.speedups.patch.once`: a speed-up installs only when switched on and on a
tested version, once; keeps what it replaced; stays out when the dependency is not as
expected; and :func:`essaykit.speedups.disable` puts the dependency's own name back."""

from __future__ import annotations

import logging
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from essaykit import speedups
from essaykit.speedups import versions
from essaykit.speedups.patch import Replaced, once

OWNER = types.SimpleNamespace(name=len)


def _module(name: str, make: Any, *dists: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module._installed = False  # type: ignore[attr-defined]
    module.original = None  # type: ignore[attr-defined]
    sys.modules[name] = module
    make.__module__ = name
    module.install = once("test", *dists)(make)  # type: ignore[attr-defined]
    return module


@pytest.fixture
def patched() -> Iterator[tuple[types.ModuleType, list[int]]]:
    calls: list[int] = []

    def make() -> Replaced:
        calls.append(1)
        found = OWNER.name
        OWNER.name = max
        return Replaced(OWNER, "name", found)

    yield _module("essaykit_test_patch_ok", make, "weasyprint"), calls
    OWNER.name = len
    del sys.modules["essaykit_test_patch_ok"]


def test_off_unless_switched_on(patched: tuple[types.ModuleType, list[int]]) -> None:
    module, calls = patched
    assert module.install() is False and calls == [] and OWNER.name is len


def test_installs_once_keeps_the_original_and_is_undone(
        patched: tuple[types.ModuleType, list[int]], speedups_on: None) -> None:
    module, calls = patched
    assert module.install() and module.install()
    assert calls == [1] and module.original is len and module._installed and OWNER.name is max
    speedups.disable()
    assert OWNER.name is len and not module._installed
    assert module.install() is False and calls == [1]  # off now


def test_one_speedup_can_be_left_out(patched: tuple[types.ModuleType, list[int]], speedups_on: None,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    module, calls = patched
    monkeypatch.setenv("ESSAYKIT_SPEEDUPS_OFF", "glyphs,test")
    assert module.install() is False and calls == [] and speedups.enabled("glyphs") is False
    assert speedups.enabled("pango")


def test_an_untested_version_runs_the_stock_code_with_one_note(
        patched: tuple[types.ModuleType, list[int]], speedups_on: None,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    module, calls = patched
    monkeypatch.setitem(versions.TESTED, "weasyprint", ("0.1",))
    monkeypatch.setattr(versions, "_checked", {})
    with caplog.at_level(logging.WARNING, logger="essaykit.speedups"):
        assert module.install() is False and module.install() is False
    assert calls == [] and OWNER.name is len
    notes = [r.getMessage() for r in caplog.records if r.name == "essaykit.speedups"]
    assert len(notes) == 1 and "weasyprint" in notes[0] and "0.1" in notes[0]


def test_the_versions_read_are_the_installed_ones() -> None:
    from importlib import metadata

    for dist in versions.TESTED:
        assert versions.installed_version(dist) == metadata.version(dist)
    assert versions.installed_version("essaykit-no-such-dist") is None


def test_a_dependency_it_was_not_written_for_is_left_alone(speedups_on: None) -> None:
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
