"""The PDF speed-ups keep their contracts: the library lookup gives the real
answers, and the font instance cache gives the same bytes (and survives a
read-only cache). The furniture's contract is in ``test_pdf_furniture.py``."""

from __future__ import annotations

import ctypes.util
import sys
from pathlib import Path

import pytest

from essaykit import fonts as F
from essaykit.speedups.weasy_import import _sonames, cached_find_library


@pytest.mark.skipif(not sys.platform.startswith("linux") or _sonames() is None,
                    reason="the linker cache is read on Linux only")
@pytest.mark.parametrize("name", ["c", "m", "gobject-2.0", "pango-1.0", "harfbuzz",
                                  "libgobject-2.0-0", "harfbuzz-subset-0.0", "no-such-lib-xyz"])
def test_cached_find_library_agrees(name: str) -> None:
    assert cached_find_library(name) == ctypes.util.find_library(name)


def _variable_face() -> F.FontFile:
    family = F.find_family("Source Serif 4")
    assert family is not None
    best = family.best(600)
    assert best is not None and best.variable
    return best


def _clear() -> None:
    F._prepare_bytes.cache_clear()
    F._static_instance.cache_clear()


def test_font_cache_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("uharfbuzz")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    font = _variable_face()
    _clear()
    first = F.prepare_face(font, "X", weight=600, text="Hello, world", opsz=10.5).data
    cached = list((tmp_path / "essaykit" / "fonts").glob("*.ttf"))
    assert len(cached) == 1 and cached[0].stat().st_size > len(first)
    _clear()
    again = F.prepare_face(font, "X", weight=600, text="Hello, world", opsz=10.5).data
    assert again == first


def test_font_cache_unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("uharfbuzz")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    _clear()
    face = F.prepare_face(_variable_face(), "X", weight=400, text="abc", opsz=10.5)
    assert face.data[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    _clear()

