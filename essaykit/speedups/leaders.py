"""Draw a leader's dots with one Pango layout instead of one per dot.

Why: a contents entry's ``leader(". ")`` is laid out by WeasyPrint 70 as
one text box copied some 30–60 times along the line, all sharing one Pango
layout; drawing each copy sets that layout up again from scratch
(``reactivate``: a Pango context, font description, features, the text
shaped anew) and tears it down after (``deactivate``). The 108-entry
contents of the synthetic book draw 3,600 copies that way: half the time
of its front matter, which a book laid out in chunks lays out last, alone
on the critical path (:mod:`essaykit.renderers.pdf.parallel.run`).

How: ``weasyprint.draw.draw_inline_level`` is wrapped; for a leader box
whose children are plain text boxes sharing one layout and one style
(what ``layout.leader.handle_leader`` makes), the layout is set up once,
its ``reactivate``/``deactivate`` are made no-ops on that instance while
the copies are drawn, then restored and the layout torn down. In an
untagged PDF (the chunks of a long book) the copies are not even drawn
one by one: WeasyPrint draws the first two, and every later copy repeats
what the second one wrote to the content stream — the same operators, in
which only the text matrix moves to the copy's place (:func:`_replay`).
A tagged PDF marks each copy's content with its own number, so there
every copy is drawn by WeasyPrint. Every operator is WeasyPrint's own, in
the same order: the PDF is the same, byte for byte (the tests compare).
Only with the default ``text-overflow: clip`` and no ``block-ellipsis``,
which would make the drawing change the layout's text; any other box goes
to the original. Installed once per process from
:func:`essaykit.renderers.pdf.layout.layout`; a WeasyPrint without these names is
left alone.

The copies were a third of drawing the synthetic book's contents (3,600
copies on 6 pages: 0.3 of 0.6 s), which a book laid out in chunks writes
last, alone on the critical path.
"""

from __future__ import annotations

from typing import Any

from .patch import once

_installed = False
#: WeasyPrint's own function, once wrapped.
original: Any = None


@once
def install() -> Any:
    """Wrap ``draw_inline_level`` (see :func:`essaykit.speedups.patch.once`)."""
    import weasyprint.draw as wp_draw
    from weasyprint.formatting_structure.boxes import TextBox
    from weasyprint.matrix import Matrix
    from weasyprint.text.line_break import Layout

    found = getattr(wp_draw, "draw_inline_level", None)
    if not callable(found) or not all(callable(getattr(Layout, name, None))
                                         for name in ("reactivate", "deactivate")):
        return None

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
            if getattr(stream, "_tags", True) is not None or len(box.children) < 3:
                return found(stream, page, box, offset_x, text_overflow, block_ellipsis)
            return _draw_copies(stream, page, box, offset_x, found, wp_draw, Matrix)
        finally:
            del layout.reactivate, layout.deactivate
            layout.deactivate()

    wp_draw.draw_inline_level = draw_inline_level
    return found


def _draw_copies(stream: Any, page: Any, box: Any, offset_x: float, found: Any, wp_draw: Any,
                 matrix: Any) -> None:
    """Draw leader ``box`` of an untagged page: the box itself and its first
    two copies as WeasyPrint does, the others by :func:`_replay`."""
    found(stream, page, box.copy_with_children([]), offset_x, "clip", "none")
    ops = stream.stream
    again: list[Any] | None = None
    for i, child in enumerate(box.children):
        if again is not None and ops and ops[-1] == b"ET":
            _replay(stream, again, child, matrix)
            continue
        start = len(ops) - 1
        after_text = start >= 0 and ops[start] == b"ET"
        wp_draw.draw_text(stream, child, offset_x + child.position_x - box.position_x, "clip", "none")
        if i == 1 and after_text:
            again = _one_more(ops[start:])


def _one_more(written: list[Any]) -> list[Any] | None:
    """``written``, what the second copy changed from the first one's
    closing ``ET`` on, if it is what every further copy will write: the
    text object carried on (``begin_text`` takes back that ``ET``, so no
    ``BT``), closed again, with at most one text matrix."""
    if not written or written[-1] != b"ET" or b"BT" in written:
        return None
    if sum(1 for op in written if isinstance(op, bytes) and op.endswith(b" Tm")) > 1:
        return None
    return list(written)


def _replay(stream: Any, written: list[Any], child: Any, matrix: Any) -> None:
    """What ``draw_text`` writes for one more copy of a leader, at ``child``'s
    place: the previous copy's closing ``ET`` taken back, then the same
    operators, the text matrix set for ``child`` (as ``draw_text`` sets it)."""
    ops = stream.stream
    ops.pop()
    for op in written:
        if isinstance(op, bytes) and op.endswith(b" Tm"):
            x, y = child.position_x, child.position_y + child.baseline
            stream.set_text_matrix(*matrix(d=-1, e=x, f=y).values)
        else:
            ops.append(op)


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
