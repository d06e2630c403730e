"""Fitted slides as XHTML pages: one absolutely placed box per text frame.

The boxes are the deck's frames (:class:`~essaykit.renderers.pptx.fit.Frames`)
and the sizes the deck's fitter chose, so a slide of the PDF breaks its lines
where the .pptx does; colours and faces come from the same
:class:`~essaykit.renderers.pptx.style.DeckStyle`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from essaykit.transform.slides import DeckPlan
from essaykit.transform.textfit import Run, text_of

from ..pptx.fit import BULLET_GAP, CELL_X, CELL_Y, PAD_X, PAD_Y, Box, Fitted, Frames, bullet_indent
from ..pptx.style import DeckStyle, reads_rtl

__all__ = ["SlidePages"]

FOOTER_SIZE = 12.0
#: Opening and closing quotation marks by language (as the deck draws them).
_MARKS = {"fr": ("« ", " »"), "de": ("„", "“"), "ja": ("「", "」"), "zh": ("“", "”")}

Image = Callable[[Fitted], "tuple[str, tuple[int, int]] | None"]


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _pt(v: float) -> str:
    return f"{v:.2f}pt"


class SlidePages:
    """The XHTML document of a deck: ``page()`` per fitted slide."""

    def __init__(self, plan: DeckPlan, frames: Frames, style: DeckStyle, *, notes: bool,
                 image: Image, scripts: tuple[str, ...] = ()):
        self.plan, self.f, self.s = plan, frames, style
        self.notes = notes
        self.image = image
        #: Families for the other scripts of the text (Devanagari, Thai...), after the deck's.
        self.scripts = scripts

    # -- the document --------------------------------------------------------

    def document(self, slides: Iterable[Fitted], font_css: str) -> str:
        pages = []
        for n, fitted in enumerate(slides, 1):
            pages.append(self.page(fitted, n))
            if self.notes:
                pages.append(self.notes_page(fitted, n))
        lang = _attr(self.plan.language or "en")
        direction = "rtl" if self.s.rtl else "ltr"
        title = escape(self.plan.title)
        authors = "".join(f'<meta name="author" content="{_attr(a)}"/>' for a in self.plan.authors)
        return (
            f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{lang}" xml:lang="{lang}" '
            f'dir="{direction}"><head><meta charset="utf-8"/><title>{title}</title>{authors}'
            f"<style>{font_css}{self.css()}</style></head><body>{''.join(pages)}</body></html>"
        )

    def css(self) -> str:
        s, f = self.s, self.f
        more = "".join(f', "{name}"' for name in self.scripts)
        return f"""
@page {{ size: {_pt(f.width)} {_pt(f.height)}; margin: 0; }}
@page notes {{ size: {_pt(f.width)} {_pt(f.height)}; margin: 40pt 56pt; background: white; }}
body {{ margin: 0; color: #{s.text}; font-family: "{s.body_font}", "{s.cs_font}", "{s.ea_font}"{more},
       sans-serif; }}
section.slide {{ position: relative; width: {_pt(f.width)}; height: {_pt(f.height)};
                 overflow: hidden; break-after: page; background: #{s.background};
                 direction: ltr; }}
section.slide .box {{ direction: {"rtl" if s.rtl else "ltr"}; }}
section.slide.section {{ background: #{s.accent}; color: #{s.background}; }}
.box {{ position: absolute; box-sizing: border-box; padding: {_pt(PAD_Y)} {_pt(PAD_X)};
        display: flex; flex-direction: column; overflow: hidden; }}
.middle {{ justify-content: center; }} .bottom {{ justify-content: flex-end; }}
h1, h2 {{ margin: 0; font-family: "{s.heading_font}", "{s.cs_font}", "{s.ea_font}"{more}, serif;
          font-weight: bold; line-height: 1.1; bookmark-level: 1; }}
h1 {{ bookmark-level: 1; }} section.slide h2 {{ bookmark-level: 2; }}
section.section h2 {{ bookmark-level: 1; }}
p {{ margin: 0; }}
a {{ color: #{s.accent}; text-decoration: underline; }}
code, pre {{ font-family: "{s.code_font}", monospace; }}
ul.points {{ list-style: none; margin: 0; padding: 0; }}
ul.points li {{ position: relative; }}
ul.points .mark {{ color: #{s.accent}; position: absolute; }}
.bar {{ position: absolute; background: #{s.accent}; }}
.quote p {{ font-family: "{s.heading_font}", "{s.cs_font}", "{s.ea_font}"{more}, serif;
            font-style: {"normal" if s.cjk else "italic"}; line-height: 1.2; }}
.attribution {{ color: #{s.accent}; }}
.muted {{ color: #{s.muted}; }}
section.section .muted {{ color: #{s.background}; }}
.code {{ background: #{s.code_background}; padding: {_pt(PAD_Y + 6)} {_pt(PAD_X + 6)}; }}
.code pre {{ margin: 0; white-space: pre-wrap; line-height: 1.0; direction: ltr; text-align: left; }}
table {{ border-collapse: collapse; table-layout: fixed; }}
td, th {{ padding: {_pt(CELL_Y)} {_pt(CELL_X)}; vertical-align: top; text-align: start; }}
th {{ background: #{s.accent}; color: #{s.background}; font-weight: bold; }}
tr.odd td {{ background: #{s.code_background}; }}
.picture img {{ display: block; margin: auto; }}
.missing {{ border: 1.5pt dashed #{s.muted}; color: #{s.muted}; font-style: italic;
            text-align: center; }}
.footer {{ font-size: {_pt(FOOTER_SIZE)}; }}
.number {{ text-align: end; }}
section.notes {{ page: notes; break-after: page; font-size: 14pt; line-height: 1.4;
                 color: #1F2328; columns: 2; column-gap: 28pt; }}
section.notes h3 {{ margin: 0 0 12pt; font-size: 16pt; color: #6B6F76; bookmark-level: none;
                    column-span: all; }}
section.notes p {{ margin: 0 0 8pt; }}
"""

    # -- furniture -----------------------------------------------------------

    def box(self, box: Box, inner: str, cls: str = "", style: str = "", anchor: str = "") -> str:
        place = (f"left:{_pt(box.x)};top:{_pt(box.y)};width:{_pt(box.w)};height:{_pt(box.h)};"
                 + style)
        return f'<div class="box {cls} {anchor}" style="{place}">{inner}</div>'

    def bar(self, box: Box) -> str:
        return (f'<div class="bar" style="left:{_pt(box.x)};top:{_pt(box.y)};'
                f'width:{_pt(box.w)};height:{_pt(box.h)}"></div>')

    def footer(self, n: int) -> str:
        text = escape(self.plan.title)
        return (self.box(self.f.footer, f'<p class="muted">{text}</p>', "footer", anchor="middle")
                + self.box(self.f.number, f'<p class="muted">{n}</p>', "footer number",
                           anchor="middle"))

    def runs(self, runs: Iterable[Run]) -> str:
        out = []
        for run in runs:
            html = escape(run.text, quote=False)
            if run.code:
                html = f"<code>{html}</code>"
            if run.italic:
                html = f"<i>{html}</i>"
            if run.bold:
                html = f"<b>{html}</b>"
            if run.lang:
                html = f'<span lang="{_attr(run.lang)}">{html}</span>'
            if run.link:
                html = f'<a href="{_attr(run.link)}">{html}</a>'
            out.append(html)
        return "".join(out)

    def dir(self, runs: Iterable[Run]) -> str:
        """A paragraph's direction in a right-to-left deck (its own when its
        text reads left to right, as the .pptx sets it); "" in another deck."""
        if not self.s.rtl:
            return ""
        return ' dir="rtl"' if reads_rtl(self.s, tuple(runs)) else ' dir="ltr"'

    def title(self, text: str, size: float, box: Box, tag: str = "h2", anchor: str = "middle") -> str:
        if not text:
            return ""
        way = self.dir((Run(text),))
        return self.box(box, f'<{tag}{way} style="font-size:{_pt(size)}">{escape(text)}</{tag}>',
                        anchor=anchor)

    # -- one page per slide ----------------------------------------------------

    def page(self, fitted: Fitted, n: int) -> str:
        kind = fitted.slide.kind
        draw = getattr(self, "draw_" + kind, self.draw_points)
        body = draw(fitted)
        if kind != "title":
            body += self.footer(n)
        lang = f' lang="{_attr(fitted.slide.lang)}"' if fitted.slide.lang else ""
        return f'<section class="slide {kind}"{lang}>{body}</section>'

    def draw_title(self, fitted: Fitted) -> str:
        s, sz, f = fitted.slide, fitted.sizes, self.f
        tag = "h1" if s.kind == "title" else "h2"
        out = self.title(s.title, sz["title"], f.cover_title, tag, anchor="bottom")
        if s.subtitle:
            lines = "".join(f'<p class="muted">{escape(x)}</p>' for x in s.subtitle.split("\n"))
            out += self.box(f.cover_subtitle, lines, style=f"font-size:{_pt(sz['subtitle'])}")
        x = f.width - f.cover_title.x - 96 if self.s.rtl else f.cover_title.x + PAD_X
        return out + self.bar(Box(x, f.cover_subtitle.y - 14, 96, 6))

    draw_closing = draw_title

    def draw_section(self, fitted: Fitted) -> str:
        s, sz = fitted.slide, fitted.sizes
        out = ""
        if s.subtitle:
            out += self.box(self.f.section_number,
                            f'<p style="font-weight:bold">{escape(s.subtitle)}</p>',
                            style=f"font-size:{_pt(sz['number'])};font-family:'{self.s.heading_font}'",
                            anchor="bottom")
        return out + self.title(s.title, sz["title"], self.f.section_title, anchor="")

    def draw_points(self, fitted: Fitted) -> str:
        s, sz = fitted.slide, fitted.sizes
        if sz.get("statement"):
            return self.title(s.title, sz["title"], self.f.quote)  # one point, large, in the middle
        out = self.title(s.title, sz.get("title", self.s.title_size), self.f.title)
        if not s.bullets:
            return out
        size = sz.get("body", self.s.body_size)
        indent = bullet_indent(s.bullets) * size
        items = []
        for i, b in enumerate(s.bullets):
            gap = 0 if i == 0 else BULLET_GAP * size
            way = self.dir(b.runs)
            side = "right" if way == ' dir="rtl"' else "left"
            items.append(
                f'<li{way} style="padding-{side}:{_pt(indent * (b.level + 1))};margin-top:{_pt(gap)}">'
                f'<span class="mark" style="{side}:{_pt(indent * b.level)}">{"•" if b.number is None else f"{b.number}."}</span>'
                f"{self.runs(b.runs)}</li>"
            )
        line = self.s.body_measure.line_factor
        ul = f'<ul class="points" style="font-size:{_pt(size)};line-height:{line:.3f}">{"".join(items)}</ul>'
        return out + self.box(self.f.body, ul)

    draw_agenda = draw_points

    def draw_quote(self, fitted: Fitted) -> str:
        s, sz, f = fitted.slide, fitted.sizes, self.f
        runs = s.quote
        text = text_of(runs)
        if text[:1] not in '“"«„「『‘':
            lang = (s.lang or self.s.lang or "en").split("-")[0]
            opening, closing = _MARKS.get(lang, ("“", "”"))
            runs = (Run(opening), *runs, Run(closing))
        out = self.box(f.quote, f"<p{self.dir(s.quote)}>{self.runs(runs)}</p>", "quote",
                       style=f"font-size:{_pt(sz['quote'])}", anchor="middle")
        if s.attribution:
            out += self.box(f.attribution, f'<p class="attribution">— {escape(s.attribution)}</p>',
                            style=f"font-size:{_pt(sz['attribution'])}")
        x = f.width - f.quote.x - 6 if self.s.rtl else f.quote.x - 22
        return out + self.bar(Box(x, f.quote.y + 40, 6, f.quote.h - 80))

    def draw_code(self, fitted: Fitted) -> str:
        from ..pptx.draw import highlight

        s, sz, b = fitted.slide, fitted.sizes, self.f.body
        out = self.title(s.title, sz["title"], self.f.title)
        lines = []
        for line in highlight(s.code, s.language):
            lines.append("".join(
                f'<span style="color:#{color}">{escape(text, quote=False)}</span>' if color
                else escape(text, quote=False) for text, color in line))
        need = self.s.code_measure.height(s.code.split("\n"), b.inner_w - 12, sz["code"]) + 2 * PAD_Y + 16
        panel = Box(b.x, b.y, b.w, min(b.h, need))
        pre = f'<pre style="font-size:{_pt(sz["code"])}">{chr(10).join(lines)}</pre>'
        return out + self.box(panel, pre, "code")


    def draw_table(self, fitted: Fitted) -> str:
        s, sz, b = fitted.slide, fitted.sizes, self.f.body
        out = self.title(s.title, sz["title"], self.f.title)
        data = s.table
        if data is None:
            return out
        rows = list(data.head) + list(data.rows)
        ncols = max((len(r) for r in rows), default=1)
        cols = fitted.columns or tuple(b.w / ncols for _ in range(ncols))
        size = sz.get("table", 14)
        colgroup = "".join(f'<col style="width:{_pt(w)}"/>' for w in cols)
        trs = []
        for r, row in enumerate(rows):
            header = r < len(data.head)
            cells = []
            for c in range(ncols):
                text = escape(row[c] if c < len(row) else "")
                align = data.align[c] if c < len(data.align) and data.align[c] else ""
                style = f' style="text-align:{align}"' if align else ""
                cells.append(f"<th{style}>{text}</th>" if header else f"<td{style}>{text}</td>")
            cls = ' class="odd"' if not header and r % 2 else ""
            trs.append(f"<tr{cls}>{''.join(cells)}</tr>")
        table = (f'<table style="font-size:{_pt(size)};width:{_pt(sum(cols))}">'
                 f"<colgroup>{colgroup}</colgroup>{''.join(trs)}</table>")
        return out + self.box(Box(b.x, b.y, b.w, b.h), table, style="padding:0")

    def draw_maths(self, fitted: Fitted) -> str:
        """The equation drawn as SVG at one and a half times the body size
        (as the deck's picture), its TeX as alt text."""
        import base64

        from essaykit.transform.maths import picture

        s, b = fitted.slide, self.f.body
        out = self.title(s.title, fitted.sizes["title"], self.f.title)
        drawn = picture(s.code, True, "#" + self.s.text.lstrip("#"))
        if drawn is None:  # the renderer made it a code slide already
            return out
        em = self.s.body_size * 1.5
        scale = min(1.0, b.w / (drawn.width * em), b.h / (drawn.height * em))
        uri = "data:image/svg+xml;base64," + base64.b64encode(drawn.svg.encode()).decode()
        img = (f'<img src="{uri}" alt="{_attr(s.code)}" style="width:{_pt(drawn.width * em * scale)};'
               f'height:{_pt(drawn.height * em * scale)}"/>')
        return out + self.box(b, img, "picture", anchor="middle")

    def draw_image(self, fitted: Fitted) -> str:
        s, sz, b = fitted.slide, fitted.sizes, self.f.body
        out = self.title(s.title, sz["title"], self.f.title)
        found = self.image(fitted)
        if found is None:
            alt = escape(s.image_alt or s.image_src)
            return out + self.box(b, f"<p>{alt}</p>", "missing", style="font-size:24pt",
                                  anchor="middle")
        url, (w, h) = found
        scale = min(b.w / w, b.h / h)
        pw, ph = w * scale, h * scale
        img = (f'<img src="{_attr(url)}" alt="{_attr(s.image_alt)}" '
               f'style="width:{_pt(pw)};height:{_pt(ph)}"/>')
        return out + self.box(b, img, "picture", anchor="middle")

    # -- handout ----------------------------------------------------------------

    def notes_page(self, fitted: Fitted, n: int) -> str:
        s = fitted.slide
        head = escape(f"{n}. {s.title}" if s.title else str(n))
        paras = "".join("<p>" + "<br/>".join(escape(x) for x in p.split("\n")) + "</p>"
                        for p in s.notes.split("\n\n") if p.strip())
        return f'<section class="notes"><h3>{head}</h3>{paras or "<p></p>"}</section>'
