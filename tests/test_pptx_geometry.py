"""Positions written on the element are the ones python-pptx's setters write."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from pptx import Presentation

from essaykit.renderers.pptx.geometry import get_xfrm, set_xfrm


def _layout_placeholders() -> list[Any]:
    prs = Presentation()
    return [sp._element for layout in prs.slide_layouts for sp in layout.placeholders]


@pytest.mark.parametrize(
    "values",
    [
        {"x": 100, "y": 200, "cx": 300, "cy": 400},
        {"x": 7, "cx": 9},  # a stretch: the other values stay (or are made zero)
        {"cy": 5},
    ],
)
def test_set_xfrm_writes_what_python_pptx_writes(values: dict[str, int]) -> None:
    ours, theirs = _layout_placeholders(), _layout_placeholders()
    assert any(get_xfrm(sp, "x") is None for sp in ours)  # some inherit their position
    for mine, ref in zip(ours, theirs, strict=True):
        set_xfrm(mine, **values)
        for name, value in values.items():
            setattr(ref, name, value)
        assert etree.tostring(mine) == etree.tostring(ref)
        for name in ("x", "y", "cx", "cy"):
            assert get_xfrm(mine, name) == getattr(ref, name)
