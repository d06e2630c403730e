"""Writing lines of runs into a slide's text body: frame settings, paragraphs,
runs (with their links) and the bullet properties of key points.

Split from :mod:`essaykit.renderers.pptx.draw` so the ``Drawer`` there holds only the slide
kinds; these helpers are shared by it and by :mod:`essaykit.renderers.pptx.furniture`, which
writes footers and slide numbers the same way. Imported only while rendering.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Pt

from essaykit.transform.textfit import Run

from .fit import PAD_X, PAD_Y
from .style import DeckStyle, no_bullet, run_properties, style_paragraph
from .text import A_BODYPR, add_paragraph, add_run, clear, link_run

_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ANCHORS = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}
_FITS = frozenset(qn(t) for t in ("a:spAutoFit", "a:normAutofit", "a:noAutofit"))
_NO_AUTOFIT, _WARP = qn("a:noAutofit"), qn("a:prstTxWarp")
_PAD = (str(int(Pt(PAD_X))), str(int(Pt(PAD_Y))))


def prepare(tx_body: Any, anchor: Any = MSO_ANCHOR.TOP) -> Any:
    """A frame that wraps, never auto-fits, with the margins the fitter
    assumed; its first paragraph, emptied.

    Written as XML: the same through python-pptx's setters costs ~2 ms a box.
    """
    first = clear(tx_body)
    body_pr = tx_body.find(A_BODYPR)
    pad_x, pad_y = _PAD
    for key, value in (
        ("wrap", "square"),
        ("lIns", pad_x),
        ("rIns", pad_x),
        ("tIns", pad_y),
        ("bIns", pad_y),
        ("anchor", _ANCHORS.get(anchor, "t")),
    ):
        body_pr.set(key, value)
    for old in [c for c in body_pr if c.tag in _FITS]:
        body_pr.remove(old)
    fit = body_pr.makeelement(_NO_AUTOFIT, {})
    warp = body_pr.find(_WARP)
    if warp is not None:
        warp.addnext(fit)
    else:
        body_pr.insert(0, fit)
    return first


def add_runs(
    p: Any,
    runs: Sequence[Run],
    style: DeckStyle,
    *,
    size: float,
    font: str,
    color: str,
    bold: bool = False,
    italic: bool = False,
    part: Any = None,
) -> None:
    """Runs into the paragraph element ``p``; ``part`` (the slide's) holds
    the relationships of links. Emoji get runs of their own in Noto Emoji
    (embedded with the deck's fonts), as the PDF draws them."""
    for r in runs:
        if not r.text:
            continue
        rid = (part.relate_to(r.link, RT.HYPERLINK, is_external=True)
               if r.link and part is not None else None)
        for text, emoji in _emoji_pieces(r.text):
            rpr = run_properties(
                style,
                size=size,
                font=_EMOJI_FONT if emoji else style.code_font if r.code else font,
                bold=bold or r.bold,
                italic=italic or r.italic,
                color=color,
                lang=r.lang,
                every_script=emoji,
            )
            run = add_run(p, text, rpr)
            if rid is not None:
                link_run(run, rid)  # the click: a link in slide text opens its target


_EMOJI_FONT = "Noto Emoji"
#: What continues an emoji sequence: joiner, presentation selector, keycap, tags.
_EMOJI_GLUE = frozenset("\u200d\ufe0f\u20e3") | frozenset(chr(c) for c in range(0xE0020, 0xE0080))


def _emoji_pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces of emoji and of other text (one piece when it
    has no emoji, or no emoji font is installed)."""
    if max(text) < "\u231a" or not _has_emoji_font():
        return [(text, False)]
    from essaykit.fonts import script_of

    pieces: list[tuple[str, bool]] = []
    for ch in text:
        emoji = script_of(ch) == "emoji" or (ch in _EMOJI_GLUE and bool(pieces) and pieces[-1][1])
        if pieces and pieces[-1][1] == emoji:
            pieces[-1] = (pieces[-1][0] + ch, emoji)
        else:
            pieces.append((ch, emoji))
    return pieces


@lru_cache(maxsize=1)
def _has_emoji_font() -> bool:
    from essaykit.fonts import find_family

    return find_family(_EMOJI_FONT) is not None


def write_lines(
    tx_body: Any,
    lines: Sequence[Sequence[Run]],
    style: DeckStyle,
    *,
    size: float,
    font: str,
    color: str,
    bold: bool = False,
    italic: bool = False,
    align: str = "left",
    anchor: Any = MSO_ANCHOR.TOP,
    plain: bool = True,
    part: Any = None,
) -> None:
    """Lines of runs, a paragraph each, into a text body (``p:txBody``)."""
    first = prepare(tx_body, anchor)
    for i, runs in enumerate(lines):
        p = first if i == 0 else add_paragraph(tx_body)
        if plain:
            no_bullet(p)
        style_paragraph(p, style, align=align, runs=runs)
        add_runs(p, runs, style, size=size, font=font, color=color, bold=bold, italic=italic,
                 part=part)


@lru_cache(maxsize=64)
def _bullet_props(gap: int, accent: str, top_level: bool, start: int | None = None) -> tuple[Any, ...]:
    if start is None:
        mark = f'<a:buFont typeface="Arial"/><a:buChar char="{"•" if top_level else "–"}"/>'
    else:  # a numbered item: the number in the text's font, counted from ``start``
        at = f' startAt="{start}"' if start != 1 else ""
        mark = f'<a:buFontTx/><a:buAutoNum type="arabicPeriod"{at}/>'
    xml = (
        '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{gap}"/></a:spcBef>'
        f'<a:buClr><a:srgbClr val="{accent}"/></a:buClr>'
        + mark
    )
    return tuple(parse_xml(f'<a:x xmlns:a="{_A_NS}">{xml}</a:x>'))


def text_lines(text: str) -> list[tuple[Run, ...]]:
    return [(Run(line),) for line in text.split("\n")]
