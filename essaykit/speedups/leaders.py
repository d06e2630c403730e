"""A blank leader drawn once, not once per space across the line.

Why: a book's contents put each folio at the right edge with ``leader(" ")``
(the classic theme). WeasyPrint 70 fills a leader with copies of its text
box, one per width of its text: about a hundred spaces per entry, each a box
to copy, lay out and draw. A contents of 5,000 chapters cost 25 s of its 32
(issue 22).

How: for a leader whose text is only white space, the same layout (its line
broken, widened and the folio moved as WeasyPrint does) with one copy, the
one next to the folio, where the stock code makes them all: the copies draw
nothing, and the one kept still separates title and folio in the text.
Visible leaders (dots) take WeasyPrint's own function. Same pages, same
pixels; the PDF has fewer invisible glyphs (tests).
"""

from __future__ import annotations

from typing import Any

from .patch import Replaced, once

_installed = False
#: WeasyPrint's own function, once replaced.
original: Any = None


@once("leaders", "weasyprint")
def install() -> Replaced | None:
    """Replace ``handle_leader`` where WeasyPrint's line layout calls it."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.layout.leader import leader_index

    stock = getattr(inline, "handle_leader", None)
    if not callable(stock):
        return None

    def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
        index, leader_box = leader_index(line)
        if index is None or len(leader_box.children) != 1:
            return stock(context, line, containing_block)  # type: ignore[no-any-return]
        text_box = leader_box.children[0]
        if not isinstance(text_box, boxes.TextBox) or text_box.text.strip() or text_box.width <= 0:
            return stock(context, line, containing_block)  # type: ignore[no-any-return]
        # WeasyPrint's handle_leader (layout/leader.py), stopping at the first copy.
        extra_width = containing_block.width - sum(
            child.margin_width() for child in line.children if child.is_in_normal_flow())
        for shape in context.excluded_shapes:
            if shape.position_y + shape.height > line.position_y:
                extra_width -= shape.width
        available_width = extra_width + text_box.width
        line.width = containing_block.width
        position_x = line.position_x + line.width
        kept: tuple[Any, ...] = ()
        for _ in range(int(line.width // text_box.width)):
            position_x -= text_box.width
            if position_x < leader_box.position_x:
                break  # every copy further left would be left of the leader too
            if position_x + text_box.width > leader_box.position_x + available_width:
                continue
            copy = text_box.copy()
            copy.position_x = position_x
            kept = (copy,)
            break
        leader_box.children = kept
        rtl = line.style["direction"] == "rtl"
        if rtl:
            leader_box.translate(dx=-extra_width)
        box = line
        while index is not None:
            for child in box.children[index[0] + 1:]:
                if child.is_in_normal_flow():
                    child.translate(dx=-extra_width if rtl else extra_width)
            box = box.children[index[0]]
            box.width += extra_width
            index = index[1]
        return None

    inline.handle_leader = handle_leader
    return Replaced(inline, "handle_leader", stock)
