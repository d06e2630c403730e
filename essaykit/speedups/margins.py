"""Skip WeasyPrint's margin-box machinery on pages that have no margin box.

Why: for every page, WeasyPrint 70's ``layout_document`` calls
``make_margin_boxes``, which builds all 16 margin boxes — computed style,
page counters, percentages — before it learns that none of them has any
content. That costs about 3 ms of CPU a page, 4–5 % of the layout of a
book's chunk, whose pages have no margin box at all (the parallel path
draws the furniture separately, :mod:`essaykit.renderers.pdf.parallel.furniture`); title pages and
blank pages of any document are the same.

How: ``weasyprint.layout.make_margin_boxes`` (the name ``layout_document``
calls) is wrapped so that a page whose 16 margin-box styles all compute
``content`` to ``normal``, ``inhibit`` or ``none`` yields nothing — what the
original yields for such a page, found with the same test the original
applies box by box. Any other page goes through the original unchanged.
Measured: a chunk's PDF is byte for byte the same. Installed once per
process from :func:`essaykit.renderers.pdf.layout.layout`; a WeasyPrint without that
function is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .patch import Replaced, once

#: Every margin box a page can have (CSS Paged Media, as WeasyPrint lists them).
AT_KEYWORDS = tuple(
    [f"@{side}-{where}" for side in ("top", "bottom") for where in ("left", "center", "right")]
    + [f"@{side}-{where}" for side in ("left", "right") for where in ("top", "middle", "bottom")]
    + [f"@{corner}-corner" for corner in ("top-left", "top-right", "bottom-left", "bottom-right")])
_NOT_GENERATED = ("normal", "inhibit", "none")
_installed = False
#: WeasyPrint's own function, once wrapped.
original: Any = None


@once("margins", "weasyprint")
def install() -> Replaced | None:
    """Wrap ``make_margin_boxes`` (see :func:`essaykit.speedups.patch.once`)."""
    import weasyprint.layout as wp_layout

    found = getattr(wp_layout, "make_margin_boxes", None)
    if not callable(found):
        return None

    def make_margin_boxes(context: Any, page: Any, state: Any) -> Iterator[Any]:
        try:
            bare = not any(_generated(context.style_for(page.page_type, k)) for k in AT_KEYWORDS)
        except Exception:  # noqa: BLE001 - never worse than WeasyPrint itself
            bare = False
        return iter(()) if bare else found(context, page, state)

    wp_layout.make_margin_boxes = make_margin_boxes
    return Replaced(wp_layout, "make_margin_boxes", found)


def _generated(style: Any) -> bool:
    """Whether a margin box with ``style`` is generated (``None``: no rule
    for it, so the page's anonymous style, whose ``content`` is ``normal``)."""
    return style is not None and style["content"] not in _NOT_GENERATED
