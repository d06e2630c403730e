"""Formulas as long as an attacker likes: ziamath lays a formula out in time
that grows with the square of its length, so one too long to draw is shown
as TeX (with a warning), and that TeX breaks across lines in linear time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from essaykit.transform.maths import MAX_DRAWN, picture, too_long

from .test_hostile_linear import export_bounded


def test_a_formula_too_long_to_draw_is_refused_at_once() -> None:
    tex = "a+" * MAX_DRAWN + "b"
    start = time.process_time()
    assert picture(tex, True) is None
    assert time.process_time() - start < 5  # seconds of CPU; drawing it took about 30
    assert too_long(tex) == f"over {MAX_DRAWN:,} characters, too long to draw"
    assert too_long("a+b") is None and picture("a+b", False) is not None


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_formulas_of_40000_and_200000_characters(tmp_path: Path, fmt: str) -> None:
    """A 40,000-character display formula (drawn: minutes in ziamath) and a
    200,000-character inline one (shown as TeX: 44 s of line breaking in the
    PDF, without break points in the run)."""
    text = ("# Maths\n\n$$" + "a+" * 20_000 + "b$$\n\nWords $" + "c+" * 100_000 + "d$ end.\n")
    out = export_bounded(tmp_path, text, fmt)
    assert out.stat().st_size > 0
    if fmt == "pdf":
        import pypdf

        words = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages[:3])
        assert "a+a+a+" in words.replace("\u200b", "").replace("\n", "")
