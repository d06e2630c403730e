"""Test helper: lay an essay out in runs (essaykit.renderers.pdf.parallel.seams)
with small budgets, recording each layout a run makes."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from essaykit.renderers.pdf.parallel import seams, units


class Laid(NamedTuple):
    """One layout of units ``start`` … ``end - 1`` (the run's marked units
    from ``marked``) behind ``fillers`` fillers, and the pages it made."""

    start: int
    end: int
    marked: int | None
    fillers: int
    pages: int


def spy_runs(monkeypatch: pytest.MonkeyPatch, **settings: Any) -> list[Laid]:
    """Set ``settings`` (names of :mod:`.seams` or :mod:`.units`: ``RUN_PAGES``,
    ``PIECE_CHARS``...; ``MIN_PAGES`` is 5 unless given) and record every
    layout a run makes in the list returned."""
    settings.setdefault("MIN_PAGES", 5)
    for name, value in settings.items():
        monkeypatch.setattr(seams if hasattr(seams, name) else units, name, value)
    laid: list[Laid] = []
    original = seams._lay_out

    def spy(job, sheets, body, start, end, marked=None, fillers=1):  # type: ignore[no-untyped-def]
        rendered = original(job, sheets, body, start, end, marked, fillers)
        laid.append(Laid(start, end, marked, fillers, len(rendered[0].pages)))
        return rendered

    monkeypatch.setattr(seams, "_lay_out", spy)
    return laid


def runs_of(laid: list[Laid]) -> list[Laid]:
    """The runs' layouts, not the one-unit layout that measures a unit's top."""
    return [r for r in laid if r.end - r.start > 1]


def page_images(tmp_path: Path, **pdfs: bytes) -> list[tuple[Path, ...]]:
    """Each PDF's pages drawn in grey at 30 dpi (poppler's ``pdftoppm``):
    per page, its picture in each PDF, in the order given."""
    for name, data in pdfs.items():
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                       check=True, capture_output=True)
    first = next(iter(pdfs))
    pages = sorted(p.name[len(first) + 1:] for p in tmp_path.glob(f"{first}-*.pgm"))
    return [tuple(tmp_path / f"{name}-{page}" for name in pdfs) for page in pages]
