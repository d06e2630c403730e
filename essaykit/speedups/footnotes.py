"""Add a footnote to a page's footnote area without laying out the others again.

Why: WeasyPrint 70's ``LayoutContext._update_footnote_area`` lays the whole
footnote area out again each time a footnote is added to a page, so a page
with k notes costs k² note layouts: 1,000 short footnotes took over a
minute (issue 22).

How: when the page's notes are the ones laid out last time plus one at the
end, and every note so far stacks exactly (laid out alone it has no margin
of its own, none escaping from its content, and the area's height is its
height), the area's height is the old one plus the new note's height laid
out alone, which is what the full layout gives for such notes. Any other
case (a note removed or reported, a note with margins, an area with a
maximum height, columns) goes through WeasyPrint's own method, which then
starts the record again. Measured: PDFs byte for byte the same (tests).
"""

from __future__ import annotations

from math import inf
from typing import Any

from .patch import Replaced, once

_installed = False
#: WeasyPrint's own method, once replaced.
original: Any = None


@once("footnotes", "weasyprint")
def install() -> Replaced | None:
    """Replace ``LayoutContext._update_footnote_area`` (see :func:`essaykit.speedups.patch.once`)."""
    from weasyprint.formatting_structure import build
    from weasyprint.layout import LayoutContext, block_level_layout

    found = getattr(LayoutContext, "_update_footnote_area", None)
    if not callable(found) or not hasattr(LayoutContext, "layout_footnote"):
        return None

    def end_after(context: Any, area: Any, note: Any, start: float) -> float | None:
        """Where the area's content ends once ``note`` is laid out in it at
        ``start`` (as the full layout would place it), or None when the note
        would not simply stack (margins of its own, or escaping its content,
        that would collapse with a neighbour's)."""
        kept = area.children
        area.children = [note]
        try:
            probe = build.create_anonymous_boxes(area.deepcopy())
        finally:
            area.children = kept
        if not _place(probe, start):
            return None
        result = block_level_layout(context, probe, -inf, None, area.page)
        laid, adjoining = result[0], result[3]
        if len(laid.children) != 1 or any(adjoining):
            return None
        child = laid.children[0]
        if child.margin_top or child.margin_bottom or child.position_y != start:
            return None
        return float(child.border_box_y() + child.border_height())

    def update(self: Any) -> bool:
        area = self.current_footnote_area
        notes = self.current_page_footnotes
        record = getattr(self, "_essaykit_footnotes", None)
        self._essaykit_footnotes = None
        try:
            if (record is not None and record[0] is area and not self.in_column
                    and area.height != "auto" and area.max_height == inf
                    and len(notes) == len(record[1]) + 1
                    and all(a is b for a, b in zip(notes, record[1], strict=False))):
                end = end_after(self, area, notes[-1], record[2])
                if end is not None:
                    # What WeasyPrint's own method does, with the height its
                    # block layout would give (position_y - content_box_y).
                    self.page_bottom += area.margin_height()
                    area.children = notes
                    area.height = max(0, end - area.content_box_y())
                    self.page_bottom -= area.margin_height()
                    self._essaykit_footnotes = (area, list(notes), end)
                    return False  # without a maximum height the area never overflows
        except Exception:  # noqa: BLE001 - never worse than WeasyPrint itself
            pass
        overflow = found(self)
        try:
            if len(notes) == 1 and not self.in_column and area.max_height == inf:
                end = end_after(self, area, notes[0], area.content_box_y())
                if end is not None and max(0, end - area.content_box_y()) == area.height:
                    self._essaykit_footnotes = (area, list(notes), end)
        except Exception:  # noqa: BLE001
            self._essaykit_footnotes = None
        return bool(overflow)

    LayoutContext._update_footnote_area = update
    return Replaced(LayoutContext, "_update_footnote_area", found)


def _place(box: Any, start: float) -> bool:
    """Move ``box`` so that its content starts at ``start`` exactly (in
    floating point: ``content_box_y()`` adds margin, border and padding to
    ``position_y``); False if no position gives exactly that."""
    import math

    top = box.margin_top + box.border_top_width + box.padding_top
    guess = start - top
    for _ in range(8):
        box.position_y = guess
        got = box.content_box_y()
        if got == start:
            return True
        guess = math.nextafter(guess, math.inf if got < start else -math.inf)
    return False
