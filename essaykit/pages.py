"""Page sizes and lengths as themes and options name them (``A4``, ``6x9in``, ``18mm``).

Shared by the theme loader, which checks them, and the renderers that lay out pages.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import UsageError

#: Page sizes by the names ``--page-size`` takes, in millimetres.
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a5": (148.0, 210.0),
    "letter": (215.9, 279.4),
    "6x9in": (152.4, 228.6),
}

#: Smallest and largest side of a page, in millimetres (a business card to
#: a poster): outside that, layout only wastes time.
MIN_SIDE, MAX_SIDE = 50.0, 1200.0

_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(mm|cm|in|pt)\s*$")
_TO_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


def to_mm(value: Any, default: float) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    m = _LENGTH.match(str(value or ""))
    return float(m.group(1)) * _TO_MM[m.group(2)] if m else default


def page_size(name: str) -> tuple[float, float]:
    key = str(name).strip().lower().replace(" ", "")
    if key in PAGE_SIZES:
        return PAGE_SIZES[key]
    m = re.match(r"^([0-9]*\.?[0-9]+)x([0-9]*\.?[0-9]+)(mm|in|cm)$", key)
    if m:
        f = _TO_MM[m.group(3)]
        w, h = float(m.group(1)) * f, float(m.group(2)) * f
        if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
            raise UsageError(f"page size {name!r} is out of range (each side "
                             f"{MIN_SIDE:.0f} to {MAX_SIDE:.0f} mm)")
        return w, h
    known = ", ".join(["A4", "A5", "Letter", "6x9in"])
    raise UsageError(f"unknown page size {name!r} (known: {known}, or WxHmm/in)")
