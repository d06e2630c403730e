"""Draw a leader's dots with one Pango layout instead of one per dot.

Why: a contents entry's ``leader(". ")`` is laid out by WeasyPrint 70 as
one text box copied some 30–60 times along the line, all sharing one Pango
layout; drawing each copy sets that layout up again from scratch
(``reactivate``: a Pango context, font description, features, the text
shaped anew) and tears it down after (``deactivate``). The 108-entry
contents of the synthetic book draw 3,600 copies that way: half the time
of its front matter, which a book laid out in chunks lays out last, alone
on the critical path (:mod:`.pdf_parallel`).

How: ``weasyprint.draw.draw_inline_level`` is wrapped; for a leader box
whose children are plain text boxes sharing one layout and one style
(what ``layout.leader.handle_leader`` makes), the layout is set up once,
its ``reactivate``/``deactivate`` are made no-ops on that instance while
WeasyPrint draws the copies as usual, then restored and the layout torn
down. Every drawing call is WeasyPrint's own, in the same order: the PDF
is the same, byte for byte (the tests compare). Only with the default
``text-overflow: clip`` and no ``block-ellipsis``, which would make the
drawing change the layout's text; any other box goes to the original.
Installed once per process from :func:`essaykit.render.pdf.layout`; a
WeasyPrint without these names is left alone.
"""

from __future__ import annotations

from typing import Any

_installed = False
#: WeasyPrint's own function, once wrapped.
original: Any = None


def install() -> bool:
    """Wrap ``draw_inline_level``; True if the wrapper is active."""
    global _installed, original
    if _installed:
        return True
    try:
        import weasyprint.draw as wp_draw
        from weasyprint.formatting_structure.boxes import TextBox
        from weasyprint.text.line_break import Layout
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency
        return False
    found = getattr(wp_draw, "draw_inline_level", None)
    if not callable(found) or not all(callable(getattr(Layout, name, None))
                                         for name in ("reactivate", "deactivate")):
        return False

    def draw_inline_level(stream: Any, page: Any, box: Any, offset_x: float = 0,
                          text_overflow: str = "clip", block_ellipsis: str = "none") -> Any:
        layout = _shared_layout(box, TextBox) if (
            text_overflow == "clip" and block_ellipsis == "none") else None
        if layout is None:
            return found(stream, page, box, offset_x, text_overflow, block_ellipsis)
        layout.reactivate(box.children[0].style)
        layout.reactivate = _keep
        layout.deactivate = _keep
        try:
            return found(stream, page, box, offset_x, text_overflow, block_ellipsis)
        finally:
            del layout.reactivate, layout.deactivate
            layout.deactivate()

    original = found
    wp_draw.draw_inline_level = draw_inline_level
    _installed = True
    return True


def _keep(*_args: Any) -> None:
    """``reactivate``/``deactivate`` of a layout that stays set up."""


def _shared_layout(box: Any, text_box: type) -> Any:
    """The Pango layout all children of leader ``box`` share, if they are
    two or more plain text boxes with one layout and one style."""
    if not getattr(box, "is_leader", False):
        return None
    children: Any = getattr(box, "children", ())
    if len(children) < 2 or any(type(child) is not text_box for child in children):
        return None
    first = children[0]
    layout = getattr(first, "pango_layout", None)
    if layout is None or "reactivate" in vars(layout) or any(
            child.pango_layout is not layout or child.style is not first.style for child in children):
        return None
    return layout
