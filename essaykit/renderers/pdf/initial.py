"""The opening initial (a raised initial, or a drop cap) drawn as a picture, so the first word stays one word.

A ``::first-letter`` is text in its own size, and PDF readers read it as a word of its
own ("T he first", "W hen I"); WeasyPrint 70 does not even wrap the first line around a
floated one. Here the letter is drawn from the face's own outline as an inline SVG (no
text), and the letter itself stays in the line, transparent and pulled back over the
picture by its own width, so that copy and search read the word whole.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = ["Initial", "initial_for", "set_initial"]


@dataclass(frozen=True)
class Initial:
    #: "raised" (on the first line's baseline) or "drop" (two lines deep).
    kind: str
    #: Size of a raised initial, in the text's ems.
    size: float
    weight: int
    color: str


def initial_for(theme: Any, drop_cap: bool, colors: dict[str, str]) -> Initial | None:
    """The theme's initial (``[pdf] initial``), or a drop cap when asked for."""
    kind = "drop" if drop_cap else str(theme.get("pdf.initial", "none"))
    if kind not in {"raised", "drop"}:
        return None
    prefix = "pdf.drop_cap" if drop_cap else "pdf.initial"
    color = str(theme.get(f"{prefix}_color", "text"))
    try:
        size = float(theme.get("pdf.initial_size", 2.7))
        weight = int(theme.get(f"{prefix}_weight", 400))
    except (TypeError, ValueError):
        size, weight = 2.7, 400
    return Initial(kind, size, weight, colors.get(color, color if color.startswith("#") else "#000"))


#: The scripts whose letters take an initial: not joined (Arabic), nor
#: without capitals in a square (CJK).
_INITIAL_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
_FIRST_P = re.compile(r"<p(?:\s[^>]*)?>")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")


def _first_paragraph(main: str) -> int | None:
    """Where the text of the first ``<p>`` that is a child of ``<main>`` starts."""
    depth = 0
    for tag in _TAG.finditer(main):
        closing, name, empty = tag.group(1), tag.group(2), tag.group(3)
        if closing:
            depth -= 1
        elif not empty:
            if depth == 0 and name == "p":
                return tag.end()
            depth += 1
    return None


def _opening(main: str, start: int) -> tuple[int, str] | None:
    """The offset and characters of the paragraph's first letter with any
    punctuation before it ("“T"), where ``::first-letter`` would take them."""
    i = start
    while i < len(main) and main[i] == "<":  # an inline tag opening the text (<em>, <a>)
        end = main.find(">", i)
        if end < 0 or main[i + 1] == "/" or main[i:end].startswith(("<sup", "<img", "<svg", "<span class=\"fn")):
            return None
        i = end + 1
    chars = ""
    j = i
    while j < len(main) and unicodedata.category(main[j]).startswith("P") and main[j] not in "&<":
        chars += main[j]
        j += 1
    if j >= len(main) or not unicodedata.category(main[j]).startswith("L"):
        return None
    if not unicodedata.name(main[j], "").startswith(_INITIAL_SCRIPTS):
        return None
    return i, chars + main[j]


@dataclass(frozen=True)
class _Outline:
    """Letters drawn in a face, in font units (y down, as in SVG)."""

    path: str
    advance: int
    upem: int
    ascent: int
    descent: int
    cap: int
    #: The letters' highest point (their top when the view box is cut to them).
    top: int


def _outline(face_data: bytes, chars: str) -> _Outline | None:
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(face_data), lazy=True)
    cmap = font.getBestCmap()
    glyphs = font.getGlyphSet()
    pen = SVGPathPen(glyphs)
    bounds = BoundsPen(glyphs)
    x = 0
    for ch in chars:
        name = cmap.get(ord(ch))
        if name is None:
            return None
        glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, 0)))
        glyphs[name].draw(TransformPen(bounds, (1, 0, 0, 1, x, 0)))
        x += glyphs[name].width
    hhea = font["hhea"]
    cap = getattr(font["OS/2"], "sCapHeight", 0) or int(hhea.ascent * 0.7)
    top = int(bounds.bounds[3]) if bounds.bounds else cap
    return _Outline(pen.getCommands(), x, font["head"].unitsPerEm, hhea.ascent, -hhea.descent, cap, top)


def set_initial(main: str, initial: Initial, face_data: bytes, text_face_data: bytes) -> str:
    """``main`` (the XHTML inside ``<main>``) with its first paragraph's
    initial drawn by ``face_data`` (the initial's weight) over the letter set
    transparent in the text's face; ``main`` itself where there is none."""
    start = _first_paragraph(main)
    if start is None:
        return main
    found = _opening(main, start)
    if found is None:
        return main
    at, chars = found
    drawn = _outline(face_data, chars)
    text = _outline(text_face_data, chars)
    if drawn is None or text is None:
        return main
    em = drawn.upem
    if initial.kind == "drop":
        # Two lines deep: the letters' top level with the first line's
        # capitals, their baseline on the second line's (1lh apart).
        cap = text.cap / text.upem
        half_leading = f"(1lh - {(text.ascent + text.descent) / text.upem:.4f}em) / 2"
        box = f"0 {-drawn.top} {drawn.advance} {drawn.top}"
        style = (f"float: left; height: calc(1lh + {cap:.4f}em); "
                 f"margin: calc({half_leading} + {text.ascent / text.upem - cap:.4f}em) 0.08em 0 0;")
    else:
        size = initial.size
        box = f"0 {-drawn.top} {drawn.advance} {drawn.top + drawn.descent}"
        style = (f"height: {size * (drawn.top + drawn.descent) / em:.4f}em; "
                 f"vertical-align: {-size * drawn.descent / em:.4f}em;")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="initial" aria-hidden="true" '
           f'viewBox="{box}" overflow="visible" style="{style}">'
           f'<path d="{drawn.path}" fill="{initial.color}"/></svg>')
    # The letters themselves, transparent, drawn back over the picture: the
    # text reads "The", not "T" and "he".
    hidden = (f'<span class="initial-text" style="color: transparent; '
              f'margin-inline-start: -{text.advance / text.upem:.4f}em;">{chars}</span>')
    return main[:at] + svg + hidden + main[at + len(chars):]
