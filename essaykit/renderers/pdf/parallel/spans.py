"""A very long essay cut into *spans* laid out at once, one process each.

Why: laying out runs (:mod:`.seams`) bounds the memory of a long essay but
not its time: every run waits for the one before it to say where it ended,
so a 1,500-page essay was about 50 s of one core. Two layouts of the same
units agree only from a page they both open cleanly with the same unit,
and two layouts begun at different places may never meet (an essay of
short paragraphs breaks its pages at the same phase forever), so spans are
not stitched where the whole layout would break a page: each span after
the first opens a new page, as after ``break-before: page`` on its first
unit (whose top margin is dropped, as at the top of any page), and is otherwise the whole essay's layout (counters carried, the
unit before it there, hidden). One short page per span, in an essay of
several hundred pages; the cut is put at a section's heading near the
middle where there is one, where a new page is at home.

A span's pages are laid out for the side (verso or recto) its first page
would have if the span before it ended on a recto; when it does not, every
page of the span is moved sideways by the difference of the two sides'
margins (same text width: mirrored margins move the text block, they do
not change its lines). Page decorations a theme draws on the page itself
(a background, a border, margin boxes) would move too: an essay whose CSS
has them is not cut into spans (:func:`page_is_plain`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .units import Body, unit_pages

if TYPE_CHECKING:
    from ..job import PdfJob

#: Estimated pages of a span: fewer, and the essay is laid out as one span.
SPAN_PAGES = 250
#: Spans at most (each holds its own run's boxes: memory grows with them).
MAX_SPANS = 4
#: How far from the middle of a span's share (as a share of it) a heading may
#: be and still be where the span begins.
_REACH = 0.15
_HEADING = re.compile(r"<h([1-6])\b")


def count(estimate: float, processes: int) -> int:
    """How many spans an essay of ``estimate`` pages is cut into, given the
    processes a call allows."""
    return max(1, min(processes, MAX_SPANS, int(estimate // SPAN_PAGES)))


def cuts(body: Body, spans: int) -> list[int]:
    """The units where spans 2 … ``spans`` begin (increasing, each > 0): at
    the top-level heading nearest each share's end, or the unit there."""
    units = body.units
    costs = [unit_pages(u) for u in units]
    total = sum(costs)
    levels = [int(m.group(1)) if u.list_index < 0 and (m := _HEADING.match(u.html)) else 0 for u in units]
    top = min((lv for lv in levels if lv), default=0)
    starts: list[float] = []  # the estimated page each unit begins at
    running = 0.0
    for c in costs:
        starts.append(running)
        running += c
    out: list[int] = []
    for k in range(1, spans):
        goal = total * k / spans
        near = min(range(1, len(units)), key=lambda i: abs(starts[i] - goal))
        headings = [i for i in range(1, len(units)) if top and levels[i] == top
                    and abs(starts[i] - goal) <= _REACH * total / spans]
        at = min(headings, key=lambda i: abs(starts[i] - goal)) if headings else near
        if out and at <= out[-1]:
            continue
        out.append(at)
    return [c for c in out if 0 < c < len(units)]


def page_is_plain(css: list[tuple[str, str | None]]) -> bool:
    """Whether no ``@page`` rule of ``css`` draws on the page itself
    (background, border, shadow, outline) or has margin boxes: then a page
    can be moved sideways whole (module docstring)."""
    import tinycss2

    for text, _base in css:
        if "@page" not in text:
            continue
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type != "at-rule" or rule.lower_at_keyword != "page" or rule.content is None:
                continue
            for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                       skip_whitespace=True):
                if item.type == "at-rule" and item.lower_at_keyword != "footnote":
                    return False
                if item.type == "declaration" and item.lower_name.startswith(
                        ("background", "border", "box-shadow", "outline")):
                    return False
    return True


def side_shift(job: PdfJob, sheets: Any) -> float | None:
    """How far (PDF points) the text block of a recto sits right of a
    verso's: laid out on three empty pages. None if it cannot be told."""
    from dataclasses import replace

    from ..layout import layout

    assert job.parts is not None
    main = "".join(f'<div id="ek-side-{i}" style="break-before: page; height: 1px"></div>' for i in range(3))
    html = job.parts.html(front="", main=main)
    rendered, _refused, _notes = layout(replace(job, html=html, css=job.chunk_css), sheets)
    places = [page.anchors.get(f"ek-side-{i}") for i, page in enumerate(rendered.pages[:3])]
    if len(places) < 3 or any(p is None for p in places):
        return None
    x1, x2 = float(places[1][0]), float(places[2][0])  # type: ignore[index]
    return (x2 - x1) * 0.75


def move_sideways(pdf: Any, pages: dict[int, float]) -> None:
    """Move each page ``i`` of ``pdf`` (pikepdf) ``pages[i]`` points to the
    right: its drawing (wrapped in a translation) and its annotations."""
    import pikepdf

    after = pdf.make_stream(b"\nQ\n")
    for i, dx in pages.items():
        if not dx:
            continue
        page = pdf.pages[i].obj
        mine = page.get("/Contents")
        streams = list(mine) if isinstance(mine, pikepdf.Array) else ([mine] if mine is not None else [])
        before = pdf.make_stream(f"q 1 0 0 1 {dx:.4f} 0 cm\n".encode())
        page.Contents = pikepdf.Array([before, *streams, after])
        _move_patterns(pdf, page, dx)
        for annot in page.get("/Annots") or []:
            rect = annot.get("/Rect")
            if rect is not None and len(rect) == 4:
                annot.Rect = pikepdf.Array([float(rect[0]) + dx, rect[1], float(rect[2]) + dx, rect[3]])
            quads = annot.get("/QuadPoints")
            if quads is not None:
                annot.QuadPoints = pikepdf.Array(
                    [float(v) + dx if j % 2 == 0 else v for j, v in enumerate(quads)])


def _move_patterns(pdf: Any, page: Any, dx: float) -> None:
    """The page's patterns (a code block's tiled background) moved with it:
    a pattern is placed in the page's default space, which the translation
    wrapped around the drawing does not move. Copies: resources and
    patterns may be shared with pages that do not move."""
    import pikepdf

    own = page.get("/Resources")
    patterns = own.get("/Pattern") if own is not None else None
    if not patterns:
        return
    moved = pikepdf.Dictionary()
    for name, pattern in patterns.items():
        if isinstance(pattern, pikepdf.Stream):
            copy = pdf.make_stream(pattern.read_raw_bytes())
            for key, value in pattern.items():
                if key != "/Length":
                    copy[key] = value
        else:
            copy = pdf.make_indirect(pikepdf.Dictionary(dict(pattern.items())))
        a, b, c, d, e, f = [float(v) for v in pattern.get("/Matrix", [1, 0, 0, 1, 0, 0])]
        copy.Matrix = pikepdf.Array([a, b, c, d, e + dx, f])
        moved[name] = copy
    resources = pikepdf.Dictionary(dict(own.items()))
    resources.Pattern = moved
    page.Resources = resources


__all__ = ["MAX_SPANS", "SPAN_PAGES", "count", "cuts", "move_sideways", "page_is_plain", "side_shift"]
