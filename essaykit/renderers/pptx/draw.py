"""Drawing planned, fitted slides with python-pptx: one function per kind.

Text goes into the placeholders of real layouts (Title Slide, Title and
Content, Section Header, Title Only), so the speaker gets an ordinary,
editable deck; only code, tables, pictures and small furniture are shapes of
their own. Sizes come from :mod:`essaykit.renderers.pptx.fit`; nothing here guesses.

Imported only while rendering, so python-pptx is never loaded by
``essaykit --help`` or an EPUB export.

The text-writing helpers (``prepare``, ``write_lines``, ``add_runs``...) live
in :mod:`essaykit.renderers.pptx.paragraphs` and are re-exported here for their older users.
"""

from __future__ import annotations

import copy
import io
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.table import _Cell
from pptx.text.text import _Paragraph
from pptx.util import Pt

from essaykit.lang import primary
from essaykit.transform.textfit import Run, text_of

from .clone import clone_layout_placeholders, next_shape_id
from .fit import (
    BULLET_GAP,
    BULLET_INDENT,
    CELL_X,
    CELL_Y,
    PAD_X,
    PAD_Y,
    Box,
    Fitted,
    Frames,
    bullet_indent,
    list_starts,
)
from .geometry import set_xfrm
from .paragraphs import (
    _bullet_props,  # the bullet templates Drawer.bullet copies
    add_runs,
    prepare,
    text_lines,
    write_lines,
)
from .style import DeckStyle, reads_rtl, run_properties
from .text import add_paragraph, add_run, placeholder
from .text import ppr as text_ppr

__all__ = [
    "Drawer",
    "highlight",
    "place",
    "quote_marks",
    "remove",
    # from .pptx_paragraphs
    "add_runs",
    "prepare",
    "text_lines",
    "write_lines",
]

_CNVPR_PATH = qn("p:nvSpPr") + "/" + qn("p:cNvPr")
#: Pixels per em of an equation's picture: sharp at 42 pt on a 4K screen.
MATH_PX_PER_EM = 160.0
_QUOTES = {
    "fr": ("« ", " »"),
    "de": ("„", "“"),
    "ja": ("「", "」"),
    "zh": ("“", "”"),
    "ar": ("«", "»"),
    "fa": ("«", "»"),
    "ru": ("«", "»"),
    "uk": ("«", "»"),
}


def quote_marks(lang: str) -> tuple[str, str]:
    return _QUOTES.get(primary(lang), ("“", "”"))


def place(shape: Any, box: Box) -> None:
    """Move a shape (python-pptx shape or its element) to ``box``."""
    el = getattr(shape, "_element", shape)
    el.x, el.y = Pt(box.x), Pt(box.y)
    el.cx, el.cy = Pt(box.w), Pt(box.h)


def remove(shape: Any) -> None:
    el = getattr(shape, "_element", shape)
    el.getparent().remove(el)


# ------------------------------------------------------------------ kinds


class Drawer:
    def __init__(
        self,
        prs: Any,
        layouts: dict[str, Any],
        frames: Frames,
        style: DeckStyle,
        default_look: bool,
    ):
        self.prs = prs
        self.layouts = layouts
        self.f = frames
        self.s = style
        #: With the built-in template, placeholders are moved to our frames.
        self.own = default_look
        self._protos: dict[str, list[Any]] = {}
        self._bar: Any = None

    def new(self, layout: str) -> Any:
        """A slide of ``layout`` with its placeholders.

        The first slide of each layout gets the layout's placeholders cloned
        as python-pptx's ``add_slide`` clones them (:mod:`essaykit.renderers.pptx.clone`);
        later ones copy that slide's shapes, which is faster still.
        """
        lay = self.layouts[layout]
        proto = self._protos.get(layout)
        slides = self.prs.slides
        rid, slide = slides.part.add_slide(lay)
        tree = slide.shapes._spTree
        if proto is None:
            clone_layout_placeholders(tree, lay.shapes._spTree)
            self._protos[layout] = [copy.deepcopy(sp) for sp in tree.iter_shape_elms()]
        else:
            for sp in proto:
                tree.append(copy.deepcopy(sp))
        slides._sldIdLst.add_sldId(rid)
        return slide

    def ph(self, slide: Any, idx: int) -> Any | None:
        """The element of the slide's placeholder ``idx``, or None."""
        return placeholder(slide.shapes._spTree, idx)

    def title(
        self,
        slide: Any,
        text: str,
        size: float,
        box: Box | None = None,
        color: str | None = None,
        align: str = "left",
        anchor: Any = MSO_ANCHOR.BOTTOM,
    ) -> None:
        ph = self.ph(slide, 0)
        if ph is None:
            return
        if not text:
            remove(ph)
            return
        # With the built-in template the layouts already hold our frames.
        write_lines(
            ph.get_or_add_txBody(),
            text_lines(text),
            self.s,
            size=size,
            font=self.s.heading_font,
            color=color or self.s.text,
            bold=True,
            align=align,
            anchor=anchor,
        )

    def draw(self, fitted: Fitted) -> Any:
        kind = fitted.slide.kind
        return getattr(self, "draw_" + kind)(fitted)

    # -- covers and dividers ---------------------------------------------

    def draw_title(self, fitted: Fitted) -> Any:
        s, sz = fitted.slide, fitted.sizes
        slide = self.new("cover")
        self.title(slide, s.title, sz["title"], self.f.cover_title)
        sub = self.ph(slide, 1)
        if sub is not None:
            if s.subtitle:
                lines = s.subtitle.split("\n")
                write_lines(
                    sub.get_or_add_txBody(),
                    [(Run(x),) for x in lines],
                    self.s,
                    size=sz["subtitle"],
                    font=self.s.body_font,
                    color=self.s.muted,
                )
            else:
                remove(sub)
        if self.own:
            y = self.f.cover_subtitle.y - 14
            x = (
                self.f.width - self.f.cover_title.x - 96
                if self.s.rtl
                else self.f.cover_title.x + PAD_X
            )
            self.bar(slide, Box(x, y, 96, 6))
        return slide

    draw_closing = draw_title

    def bar(self, slide: Any, box: Box) -> None:
        """An accent rectangle: drawn by python-pptx the first time, then
        copied with its own id and place (python-pptx's setters cost ~1 ms)."""
        tree = slide.shapes._spTree
        if self._bar is None:
            shape = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h)
            )
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(self.s.accent)
            shape.line.fill.background()
            shape.shadow.inherit = False
            shape.name = "Accent bar"
            self._bar = copy.deepcopy(shape._element)
            return
        el = copy.deepcopy(self._bar)
        el.find(_CNVPR_PATH).set("id", str(next_shape_id(tree)))
        set_xfrm(el, x=Pt(box.x), y=Pt(box.y), cx=Pt(box.w), cy=Pt(box.h))
        tree.insert_element_before(el, "p:extLst")

    def draw_section(self, fitted: Fitted) -> Any:
        s, sz = fitted.slide, fitted.sizes
        slide = self.new("section")
        light = self.s.background
        if self.own:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = RGBColor.from_string(self.s.accent)
        color = light if self.own else None
        self.title(
            slide, s.title, sz["title"], self.f.section_title, color=color, anchor=MSO_ANCHOR.TOP
        )
        num = self.ph(slide, 1)
        if num is not None and not s.subtitle:  # an unnumbered section: no empty box to click in
            remove(num)
        elif num is not None:
            write_lines(
                num.get_or_add_txBody(),
                [(Run(s.subtitle),)],
                self.s,
                size=sz["number"],
                font=self.s.heading_font,
                color=light if self.own else self.s.muted,
                bold=True,
                anchor=MSO_ANCHOR.BOTTOM,
            )
        return slide

    # -- key points --------------------------------------------------------

    def draw_points(self, fitted: Fitted) -> Any:
        s, sz = fitted.slide, fitted.sizes
        slide = self.new("content")
        if sz.get("statement"):
            # One point said large in the middle (the fitter sized it there).
            ph = self.ph(slide, 0)
            if ph is not None:
                place(ph, self.f.quote)
            self.title(slide, s.title, sz["title"], self.f.quote, anchor=MSO_ANCHOR.MIDDLE)
            body = self.ph(slide, 1)
            if body is not None:
                remove(body)
            return slide
        self.title(slide, s.title, sz["title"], self.f.title)
        body = self.ph(slide, 1)
        if not s.bullets:
            if body is not None:
                remove(body)
            return slide
        if body is None:
            body = slide.shapes.add_textbox(
                Pt(self.f.body.x), Pt(self.f.body.y), Pt(self.f.body.w), Pt(self.f.body.h)
            )._element
        size = sz["body"]
        tx_body = body.get_or_add_txBody()
        first = prepare(tx_body)
        em = bullet_indent(s.bullets)
        starts = list_starts(s.bullets)
        for i, b in enumerate(s.bullets):
            p = first if i == 0 else add_paragraph(tx_body)
            self.bullet(p, size, b.level, first=i == 0, rtl=reads_rtl(self.s, b.runs), em=em,
                        start=starts[i])
            add_runs(p, b.runs, self.s, size=size, font=self.s.body_font, color=self.s.text,
                     part=slide.part)
        return slide

    draw_agenda = draw_points

    def bullet(self, p: Any, size: float, level: int, *, first: bool, rtl: bool | None = None,
               em: float = BULLET_INDENT, start: int | None = None) -> None:
        """A bullet drawn by us, so template and fitter agree on the indent;
        an item of a numbered list (``start``: the number its run of items
        starts at) is numbered by PowerPoint, as a list the author can edit.

        Written as XML (schema order: lnSpc, spcBef, buClr, buFont, buChar),
        parsed once per kind of bullet and copied.
        """
        indent = em * size
        ppr = text_ppr(p)
        ppr.set("lvl", str(min(level, 8)))
        ppr.set("marL", str(int(Pt(indent * (level + 1)))))
        ppr.set("indent", str(-int(Pt(indent))))
        if rtl is None:
            rtl = self.s.rtl
        if rtl:
            ppr.set("rtl", "1")
            ppr.set("algn", "r")
        elif self.s.rtl:  # a left-to-right point in a right-to-left deck
            ppr.set("rtl", "0")
            ppr.set("algn", "l")
        gap = 0 if first else int(BULLET_GAP * size * 100)
        for el in _bullet_props(gap, self.s.accent, level == 0, start):
            ppr.append(copy.deepcopy(el))

    # -- quotes ------------------------------------------------------------

    def draw_quote(self, fitted: Fitted) -> Any:
        s, sz = fitted.slide, fitted.sizes
        slide = self.new("section")
        lang = s.lang or self.s.lang
        text = text_of(s.quote)
        runs = s.quote
        opening, closing = quote_marks(lang)
        if text[:1] not in '“"«„「『‘':
            runs = (Run(opening), *runs, Run(closing))
        ph = self.ph(slide, 0)
        if ph is not None:
            if self.own:
                place(ph, self.f.quote)
            write_lines(
                ph.get_or_add_txBody(),
                [runs],
                self.s,
                size=sz["quote"],
                font=self.s.heading_font,
                color=self.s.text,
                italic=not self.s.cjk,
                anchor=MSO_ANCHOR.MIDDLE,
                part=slide.part,
            )
        att = self.ph(slide, 1)
        if att is not None:
            if s.attribution:
                if self.own:
                    place(att, self.f.attribution)
                write_lines(
                    att.get_or_add_txBody(),
                    [(Run("— " + s.attribution),)],
                    self.s,
                    size=sz["attribution"],
                    font=self.s.body_font,
                    color=self.s.accent,
                    anchor=MSO_ANCHOR.TOP,
                )
            else:
                remove(att)
        if self.own:
            x = self.f.width - self.f.quote.x - 6 if self.s.rtl else self.f.quote.x - 22
            self.bar(slide, Box(x, self.f.quote.y + 40, 6, self.f.quote.h - 80))
        return slide

    # -- code ----------------------------------------------------------------

    def draw_code(self, fitted: Fitted) -> Any:
        s, sz = fitted.slide, fitted.sizes
        slide = self.new("titled")
        self.title(slide, s.title, sz["title"], self.f.title)
        b = self.f.body
        lines = s.code.split("\n")
        m = self.s.code_measure
        # The panel is as tall as its code (the fitter guaranteed it fits).
        need = m.height(lines, b.inner_w - 12, sz["code"]) + 2 * PAD_Y + 16
        box = slide.shapes.add_textbox(Pt(b.x), Pt(b.y), Pt(b.w), Pt(min(b.h, need)))
        box.name = "Code"
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string(self.s.code_background)
        tf = box.text_frame
        first = prepare(tf._txBody)
        tf.margin_left = tf.margin_right = Pt(PAD_X + 6)
        tf.margin_top = tf.margin_bottom = Pt(PAD_Y + 6)
        for i, line in enumerate(highlight(s.code, s.language)):
            p = first if i == 0 else add_paragraph(tf._txBody)
            _Paragraph(p, tf).line_spacing = 1.0
            # Code reads left to right even in an Arabic talk.
            text_ppr(p).set("rtl", "0")
            for text, color in line:
                rpr = run_properties(
                    self.s,
                    size=sz["code"],
                    font=self.s.code_font,
                    color=color or self.s.text,
                    lang="en",
                )
                add_run(p, text, rpr)
            if not line:
                add_run(p, "")
        return slide

    # -- maths ---------------------------------------------------------------

    def draw_maths(self, fitted: Fitted) -> Any:
        """A picture of the equation (PNG: every PowerPoint shows it), centred
        in the body at one and a half times the body size or as large as fits,
        its TeX as the picture's alt text. The renderer has made sure it draws
        (a formula that does not is a code slide of its TeX)."""
        from essaykit.transform.maths import picture, png

        s = fitted.slide
        slide = self.new("titled")
        self.title(slide, s.title, fitted.sizes["title"], self.f.title)
        color = "#" + self.s.text.lstrip("#")
        drawn, pixels = picture(s.code, True, color), png(s.code, True, color, px_per_em=MATH_PX_PER_EM)
        if drawn is None or pixels is None:
            return slide
        data, _w, _h = pixels
        b = self.f.body
        em = self.s.body_size * 1.5
        scale = min(1.0, b.w / (drawn.width * em), b.h / (drawn.height * em))
        pw, ph = drawn.width * em * scale, drawn.height * em * scale
        pic = slide.shapes.add_picture(
            io.BytesIO(data), Pt(b.x + (b.w - pw) / 2), Pt(b.y + (b.h - ph) / 2), Pt(pw), Pt(ph)
        )
        pic.name = "Equation"
        pic._element.nvPicPr.cNvPr.set("descr", s.code)
        return slide

    # -- tables --------------------------------------------------------------

    def draw_table(self, fitted: Fitted) -> Any:
        s, sz = fitted.slide, fitted.sizes
        slide = self.new("titled")
        self.title(slide, s.title, sz["title"], self.f.title)
        data = s.table
        assert data is not None
        rows = list(data.head) + list(data.rows)
        ncols = max(len(r) for r in rows) if rows else 1
        b = self.f.body
        shape = slide.shapes.add_table(
            len(rows) or 1, ncols, Pt(b.x), Pt(b.y), Pt(b.w), Pt(b.h / 2)
        )
        table = shape.table
        table.first_row = bool(data.head)
        cols = fitted.columns or tuple(b.w / ncols for _ in range(ncols))
        order = list(range(ncols))[::-1] if self.s.rtl else list(range(ncols))
        # Straight to the XML: python-pptx's column.width and table.cell(r, c)
        # each walk the whole table, which made a 500-column slide take minutes.
        tbl = table._tbl
        for grid_col, c in zip(tbl.tblGrid.gridCol_lst, order, strict=True):
            grid_col.w = Pt(cols[c])
        shape.width = Pt(sum(cols[c] for c in order))
        size = sz["table"]
        for r, (row, tr) in enumerate(zip(rows, tbl.tr_lst, strict=False)):
            tr.h = Pt(size * 1.2 + 2 * CELL_Y)
            header = r < len(data.head)
            for c, tc in zip(order, tr.tc_lst, strict=True):
                cell = _Cell(tc, table)
                cell.margin_left = cell.margin_right = Pt(CELL_X)
                cell.margin_top = cell.margin_bottom = Pt(CELL_Y)
                if self.s.apply_look:
                    cell.fill.solid()
                    fill = (
                        self.s.accent
                        if header
                        else (self.s.code_background if r % 2 else self.s.background)
                    )
                    cell.fill.fore_color.rgb = RGBColor.from_string(fill)
                text = row[c] if c < len(row) else ""
                align = data.align[c] if c < len(data.align) else None
                write_lines(
                    cell._tc.get_or_add_txBody(),
                    [(Run(text),)],
                    self.s,
                    size=size,
                    font=self.s.body_font,
                    color=self.s.background if header else self.s.text,
                    bold=header,
                    align=align or "left",
                )
                cell.text_frame.word_wrap = True
        return slide

    # -- images ----------------------------------------------------------------

    def draw_image(
        self, fitted: Fitted, data: bytes | None = None, size: tuple[int, int] | None = None
    ) -> Any:
        s, sz = fitted.slide, fitted.sizes
        slide = self.new("titled")
        self.title(slide, s.title, sz["title"], self.f.title)
        b = self.f.body
        if data is not None and size is not None:
            w, h = size
            scale = min(b.w / w, b.h / h)
            pw, ph = w * scale, h * scale
            pic = slide.shapes.add_picture(
                io.BytesIO(data), Pt(b.x + (b.w - pw) / 2), Pt(b.y + (b.h - ph) / 2), Pt(pw), Pt(ph)
            )
            pic.name = "Picture"
            # Alt text for screen readers and PowerPoint's accessibility checker.
            pic._element.nvPicPr.cNvPr.set("descr", s.image_alt)
        else:
            box = slide.shapes.add_textbox(Pt(b.x), Pt(b.y), Pt(b.w), Pt(b.h))
            box.name = "Missing picture"
            box.line.color.rgb = RGBColor.from_string(self.s.muted)
            box.line.dash_style = 4
            write_lines(
                box._element.get_or_add_txBody(),
                [(Run(s.image_alt or s.image_src),)],
                self.s,
                size=sz.get("alt", 24),
                font=self.s.body_font,
                color=self.s.muted,
                italic=True,
                align="center",
                anchor=MSO_ANCHOR.MIDDLE,
            )
        return slide


def highlight(code: str, language: str) -> list[list[tuple[str, str | None]]]:
    """Lines of (text, RRGGBB colour) with Pygments when it knows the language."""
    lines = code.split("\n")
    if not language:
        return [[(line, None)] if line else [] for line in lines]
    try:
        from pygments.lexers import get_lexer_by_name
        from pygments.styles import get_style_by_name
        from pygments.util import ClassNotFound

        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
        pstyle = get_style_by_name("friendly")
    except (ImportError, ClassNotFound):
        return [[(line, None)] if line else [] for line in lines]
    out: list[list[tuple[str, str | None]]] = [[]]
    for ttype, value in lexer.get_tokens(code):
        color = pstyle.style_for_token(ttype).get("color") or None
        for i, piece in enumerate(value.split("\n")):
            if i:
                out.append([])
            if not piece:
                continue
            hexcolor = color.upper() if color else None
            line = out[-1]
            # Merge tokens of one colour (and spaces) into one run.
            if line and (line[-1][1] == hexcolor or not piece.strip()):
                line[-1] = (line[-1][0] + piece, line[-1][1])
            else:
                line.append((piece, hexcolor))
    return out[: len(lines)]
