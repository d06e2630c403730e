"""The CSS that depends on the theme's values and the document.

``themes/<name>/print.css`` holds the rules a designer writes by hand; what
follows from numbers in ``theme.toml`` (page size, margins, colours, fonts,
pull-quote style) or from the document (its title for the running heads, its
direction, its script) is generated here, so a child theme can change a
value without copying CSS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from essaykit.lang import is_cjk, primary
from essaykit.pages import PAGE_SIZES, page_size, to_mm  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class PageGeometry:
    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    font_size: float  # pt

    @property
    def text_width(self) -> float:
        return self.width - self.inner - self.outer


def geometry(theme: Any, size_option: str | None) -> PageGeometry:
    """Page and margins from ``[page]``; a different ``--page-size`` keeps
    the theme's measure (about 66 characters) and gives the rest of the
    width to the margins, 2 : 3 inner to outer, as book designers do."""
    theme_size = str(theme.get("page.size", "A5"))
    w0, h0 = page_size(theme_size)
    w, h = page_size(size_option) if size_option else (w0, h0)
    top = to_mm(theme.get("page.margin_top"), 18)
    bottom = to_mm(theme.get("page.margin_bottom"), 22)
    inner = to_mm(theme.get("page.margin_inner"), 20)
    outer = to_mm(theme.get("page.margin_outer"), 16)
    default_size = 10.5 if w < 180 else 11.0
    font_size = float(theme.get("typography.font_size", default_size))
    if (w, h) != (w0, h0):
        measure_chars = float(theme.get("typography.measure", 66))
        target = measure_chars * 0.46 * font_size * 25.4 / 72  # ~0.46 em per character
        available = w - inner - outer
        if available > target:
            extra = available - target
            inner, outer = inner + extra * 0.4, outer + extra * 0.6
        elif available < target * 0.8:
            scale = w / w0
            inner, outer = inner * scale, outer * scale
        top, bottom = top * h / h0, bottom * h / h0
    return PageGeometry(w, h, top, bottom, inner, outer, font_size)


#: A word wider than the line (a 128-character hash, a URL) breaks where it
#: must instead of running off the page; ``break-word`` leaves the widths
#: of table columns as they were. Inherited: a theme's rule for an element wins.
LONG_WORDS = "body { overflow-wrap: break-word; }"


def css_string(value: str) -> str:
    """A CSS string literal (for ``string-set`` and ``content``)."""
    out = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{out}"'


def families_css(names: list[str]) -> str:
    generic = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
    return ", ".join(n if n in generic else css_string(n) for n in dict.fromkeys(names))


#: Gap between the text block and the folio below it, and between the
#: running head and the text block below it (inside the page margins).
FOLIO_GAP = "6mm"
HEAD_GAP = "5mm"


def furniture_style(colors: dict[str, str]) -> str:
    """Declarations every folio and running head shares (margin boxes here,
    the pieces of :func:`furniture_layer_css` when a book is laid out in
    chunks: both must look the same). The line height is set, not
    inherited: a margin box inherits the theme's (``html``), a piece of the
    layer, which has no theme CSS, had the face's own, and an Arabic face's
    is tall enough to move the folio and running head by 1.3 pt."""
    muted = colors.get("muted", "#666")
    return (f"font-size: 7.5pt; color: {muted}; letter-spacing: 0.06em; "
            "font-variant-numeric: oldstyle-nums; line-height: 1.4;")


#: The verso's running head (the document's title) and the recto's (the section).
HEAD_VERSO = "font-variant: small-caps;"
HEAD_RECTO = "font-style: italic;"


def _mm(value: float) -> str:
    return f"{value:.1f}mm"


def page_css(g: PageGeometry, *, rtl: bool, lang: str, title: str, colors: dict[str, str],
             furniture: bool = True, book: bool = False) -> str:
    """``@page`` rules: size, mirrored margins, running heads, folios.

    A right-hand page is bound on its left edge whatever the script, so the
    margins need no mirroring for RTL; what changes is which page is the
    verso: the title goes on the verso, the section on the recto.
    """
    p = primary(lang)
    counter = "counter(page, arabic-indic)" if p == "ar" else (
        "counter(page, persian)" if p in {"fa", "ur"} else "counter(page)")
    verso, recto = ("right", "left") if rtl else ("left", "right")
    size = f"size: {_mm(g.width)} {_mm(g.height)}; margin: {_mm(g.top)} {_mm(g.outer)} {_mm(g.bottom)} {_mm(g.inner)};"
    if not furniture:
        # A chunk of a book laid out in parallel (:mod:`essaykit.renderers.pdf.parallel.run`): the
        # folios and running heads are drawn afterwards over the merged pages.
        return f"""
@page {{ {size}
  @footnote {{ border-top: 0.4pt solid {colors.get('rule', '#ccc')}; padding-top: 3pt; margin-top: 6pt; }} }}
@page :left {{ margin-left: {_mm(g.outer)}; margin-right: {_mm(g.inner)}; }}
@page :right {{ margin-left: {_mm(g.inner)}; margin-right: {_mm(g.outer)}; }}
html {{ font-size: {g.font_size}pt; quotes: "“" "”" "‘" "’"; }}
""" + _QUOTES
    furniture_css = furniture_style(colors)
    return f"""
@page {{ {size}
  @footnote {{ border-top: 0.4pt solid {colors.get('rule', '#ccc')}; padding-top: 3pt; margin-top: 6pt; }} }}
@page :left {{ margin-left: {_mm(g.outer)}; margin-right: {_mm(g.inner)};
  @bottom-left {{ content: {counter}; {furniture_css} vertical-align: top; padding-top: {FOLIO_GAP}; }} }}
@page :right {{ margin-left: {_mm(g.inner)}; margin-right: {_mm(g.outer)};
  @bottom-right {{ content: {counter}; {furniture_css} vertical-align: top; padding-top: {FOLIO_GAP}; }} }}
@page :{verso} {{ @top-{verso} {{ content: string(doctitle); {furniture_css} {HEAD_VERSO} vertical-align: bottom; padding-bottom: {HEAD_GAP}; }} }}
@page :{recto} {{ @top-{recto} {{ content: string(section); {furniture_css} {HEAD_RECTO} vertical-align: bottom; padding-bottom: {HEAD_GAP}; }} }}
@page :first {{ @top-left {{ content: none; }} @top-right {{ content: none; }}
  @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
@page title {{ @top-left {{ content: none; }} @top-right {{ content: none; }}
  @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
@page :blank {{ @top-left {{ content: none; }} @top-right {{ content: none; }}
  @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
@page front {{ @top-left {{ content: none; }} @top-right {{ content: none; }} }}
html {{ string-set: doctitle {css_string(title)}; font-size: {g.font_size}pt; quotes: "“" "”" "‘" "’"; }}
""" + _QUOTES + (book_page_css(verso, "counter(page, lower-roman)") if book else "")


def folio_digits(lang: str) -> str:
    """The digits :func:`page_css` numbers pages with in ``lang`` (for
    folios written out rather than counted: :mod:`.parallel.seams`)."""
    p = primary(lang)
    return "٠١٢٣٤٥٦٧٨٩" if p == "ar" else ("۰۱۲۳۴۵۶۷۸۹" if p in {"fa", "ur"} else "0123456789")


def furniture_layer_css(g: PageGeometry, colors: dict[str, str], rtl: bool = False) -> str:
    """The page furniture of :func:`page_css` as absolutely positioned boxes
    on pages without margins, for a left-to-right book laid out in chunks
    (:mod:`essaykit.renderers.pdf.parallel.furniture`): ``.ek-head`` and ``.ek-folio`` pieces,
    ``.ek-verso`` or ``.ek-recto``, each where WeasyPrint puts the margin box
    it stands for. Such a box spans the text block's width on its page's
    outer side (the other boxes of its row are empty); the folio's content
    starts :data:`FOLIO_GAP` below the text block, the running head's ends
    :data:`HEAD_GAP` above it. ``.ek-page`` divides the pieces into pages
    when each book page is laid out as one page. Right to left, the verso
    is the right-hand page (as :func:`page_css` has it)."""
    width, height = _mm(g.width), _mm(g.height)
    verso, recto = ((f"left: {_mm(g.inner)}; text-align: right;", f"left: {_mm(g.outer)}; text-align: left;")
                    if rtl else
                    (f"left: {_mm(g.outer)}; text-align: left;", f"left: {_mm(g.inner)}; text-align: right;"))
    return f"""
@page {{ size: {width} {height}; margin: 0; }}
body {{ margin: 0; }}
.ek-page {{ height: 0; }}
.ek-page + .ek-page {{ break-before: page; }}
.ek-folio, .ek-head {{ position: absolute; width: calc({width} - {_mm(g.inner)} - {_mm(g.outer)});
  {furniture_style(colors)} }}
.ek-verso {{ {verso} }}
.ek-recto {{ {recto} }}
.ek-folio {{ top: calc({height} - {_mm(g.bottom)} + {FOLIO_GAP}); }}
.ek-head {{ bottom: calc({height} - {_mm(g.top)} + {HEAD_GAP}); }}
.ek-head.ek-verso {{ {HEAD_VERSO} }}
.ek-head.ek-recto {{ {HEAD_RECTO} }}
"""


#: Named pages of a book (see :mod:`essaykit.renderers.pdf.book`): (name, furniture kept).
#: "blind" pages (title, dedication, part) have none; a chapter's or back
#: matter page's first page keeps its folio but no running heads.
_BOOK_PAGES = ("front", "blind", "part", "part-open", "chapter", "chapter-open", "back")


def book_page_css(verso: str, front_folio: str) -> str:
    """The page structure of a book: front matter folios in lower-roman,
    numbering from 1 at the first part or chapter, no furniture on blind
    pages (title, dedication, parts) nor on blank ones, no running heads on
    the first page of a chapter or a back matter page."""
    recto = "right" if verso == "left" else "left"
    none = ("@top-left { content: none; } @top-right { content: none; } "
            "@bottom-left { content: none; } @bottom-right { content: none; }")
    heads = "@top-left { content: none; } @top-right { content: none; }"
    out = [f"@page {name}:blank {{ {none} }}" for name in _BOOK_PAGES]
    out += [
        f"@page front:{verso} {{ @bottom-{verso} {{ content: {front_folio}; }} }}",
        f"@page front:{recto} {{ @bottom-{recto} {{ content: {front_folio}; }} }}",
        f"@page blind {{ {none} }}",
        f"@page part {{ {none} }}",
        f"@page part-open {{ {none} }}",
        "@page part-open:nth(1 of part-open) { counter-reset: page 1; }",
        f"@page chapter:nth(1 of chapter) {{ {heads} }}",
        f"@page chapter-open:nth(1 of chapter-open) {{ counter-reset: page 1; {heads} }}",
        f"@page back:nth(1 of back) {{ {heads} }}",
    ]
    return "\n".join(out) + "\n"


#: Where the book's divisions go: named pages, breaks, per-chapter notes,
#: running heads. The look of them is the theme's (print.css, books).
#: Divisions open on a ``recto``, not on the ``right``: right to left the
#: recto is the left-hand page (WeasyPrint starts such a document on one).
BOOK_CSS = """
body.divided .title-page { break-after: page; }
body.divided .imprint { page: blind; break-after: page; }
body.divided .frontmatter { page: front; break-before: recto; counter-reset: footnote; }
body.divided .frontmatter:is(.dedication, .epigraph, .copyright-page) { page: blind; }
body.divided nav.toc { page: front; break-before: recto; break-after: auto; }
body.divided .part { page: part; break-before: recto; }
body.divided .part.opening { page: part-open; }
body.divided .chapter { page: chapter; break-before: recto; counter-reset: footnote; }
body.divided .chapter.opening { page: chapter-open; }
body.divided .backmatter { page: back; break-before: page; counter-reset: footnote; }
body.divided .chapter-head :is(h1, h2), body.divided .backmatter > h1 {
  string-set: section content(text); }
body.divided nav.toc li.toc-front a::after {
  content: leader(" ") target-counter(attr(href url), page, lower-roman); }
"""


_QUOTES = """
:lang(fr) { quotes: "«\\202F" "\\202F»" "“" "”"; }
:lang(de) { quotes: "„" "“" "‚" "‘"; }
:lang(ja) { quotes: "「" "」" "『" "』"; }
:lang(ar), :lang(fa), :lang(ur) { quotes: "«" "»" "“" "”"; }
"""


def fonts_css(body: list[str], heading: list[str], code: list[str], display: list[str]) -> str:
    return f"""
html, body {{ font-family: {families_css(body)}; }}
h1, h2, h3, h4, h5, h6, .doc-title, .toc-title {{ font-family: {families_css(heading)}; }}
.doc-title, aside.pullquote, .doc-subtitle {{ font-family: {families_css(display)}; }}
code, pre, kbd, samp, .math {{ font-family: {families_css(code)}; }}
"""


def colors_css(colors: dict[str, str]) -> str:
    text = colors.get("text", "#111")
    accent = colors.get("accent", "#8c2f1b")
    muted = colors.get("muted", "#666")
    rule = colors.get("rule", "#ccc")
    return f"""
html {{ color: {text}; }}
a {{ color: {accent}; }}
.doc-date, .doc-authors, figcaption, caption, .pq-attribution, .toc a::after {{ color: {muted}; }}
hr.break::after {{ color: {muted}; }}
.chapter-head[data-number]::before {{ color: {accent}; }}
.chapter-date, .toc-byline {{ color: {muted}; }}
table, th, td {{ border-color: {rule}; }}
pre.code {{ border-color: {rule}; }}
"""


#: Drawn at the end of a line of code that wraps: in every theme's code face
#: (Source Code Pro, JetBrains Mono), unlike ↪ or ⏎. Only where the mark is
#: text (``hyphenate-character``); the PDF draws :func:`continuation_css`.
CONTINUATION = "\u2192"
def continuation_css(color: str, background: str) -> str:
    """The mark before each continuation line of wrapped code, in the hanging
    indent: a picture, not text, so that the PDF's text (copy, search) has no
    mark in it; the line breaks where the soft hyphens let it, with nothing
    added (``hyphenate-character: ""``). One mark a line, repeated down the
    line of code, and hidden on its first line under a patch of the code's
    ``background`` (WeasyPrint draws a gradient over the whole box, whatever
    its size: the patch is a picture too)."""
    from urllib.parse import quote

    mark = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 14">'
            f'<path d="M6 3v5h8M11 5l3 3-3 3" fill="none" stroke="{color}" stroke-width="1.3" '
            'stroke-linecap="round" stroke-linejoin="round"/></svg>')
    patch = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" preserveAspectRatio="none">'
             f'<rect width="1" height="1" fill="{background}"/></svg>')
    return (f'pre.code {{ hyphens: manual; hyphenate-character: ""; }}\n'
            f'pre.code span.line.long {{ background: url("data:image/svg+xml,{quote(patch)}") 0 0 / 2em 1lh '
            f'no-repeat,\n  url("data:image/svg+xml,{quote(mark)}") 0 0 / 2em 1lh repeat-y; }}\n')


def content_css(colors: dict[str, str]) -> str:
    """Rules every theme needs for what the writer adds: code lines that wrap
    with a hanging indent and a continuation mark, maths drawn as pictures
    (and the TeX shown when one cannot be), missing images as a framed note,
    pandoc's small caps, underline, abstract and unlisted headings. A link
    that shows its address is never hyphenated: "http://ex-ample.org" would
    be copied with the hyphen.
    A hyphenated line ends in the hyphen-minus the text's own hyphens are:
    fonts draw both with one glyph, which the PDF maps to one character, so
    with WeasyPrint's U+2010 "well-known" copied (and searched) as "well‐known"."""
    muted = colors.get("muted", "#666")
    rule = colors.get("rule", "#ccc")
    accent = colors.get("accent", "#8c2f1b")
    return f"""
html {{ hyphenate-character: "-"; }}
a.url {{ hyphens: manual; overflow-wrap: anywhere; }}
pre.code span.line {{ display: block; padding-inline-start: 2em; text-indent: -2em; }}
{continuation_css(muted, colors.get("code_background", "#f7f4ef"))}img.formula {{ display: inline; max-width: none; margin: 0; }}
div.formula.display {{ text-align: center; margin: 0.7em 0; break-inside: avoid; }}
div.formula.display img.formula {{ max-width: 100%; height: auto; }}
.math-tex {{ font-style: normal; hyphens: manual; overflow-wrap: anywhere; }}
pre.math-tex {{ white-space: pre-wrap; text-align: center; margin: 0.7em 0; }}
.missing-image {{ font-style: normal; color: {muted}; }}
figure.missing {{ border: 0.6pt solid {rule}; padding: 0.9em 1em 0.7em; text-align: center;
  break-inside: avoid; }}
figure.missing .missing-note {{ display: block; font-size: 0.75em; letter-spacing: 0.08em;
  text-transform: uppercase; color: {muted}; margin-bottom: 0.35em; }}
figure.missing .missing-image {{ display: block; }}
figure.missing figcaption {{ margin-top: 0; }}
div.callout {{ border-inline-start: 2.5pt solid {accent}; padding: 0.45em 0 0.45em 0.9em; margin: 0.9em 0;
  break-inside: avoid; }}
div.callout.note, div.callout.info, div.callout.details, div.callout.abstract, div.callout.quote,
div.callout.example, div.callout.question, div.callout.todo {{ border-inline-start-color: {rule}; }}
div.callout > p {{ text-indent: 0 !important; }}
div.callout > * + * {{ margin-top: 0.4em; }}
div.callout > :last-child {{ margin-bottom: 0; }}
p.callout-title {{ font-weight: bold; font-size: 0.8em; letter-spacing: 0.06em; text-transform: uppercase;
  color: {muted}; margin: 0 0 0.25em; break-after: avoid; }}
div.callout.warning p.callout-title, div.callout.caution p.callout-title, div.callout.danger p.callout-title,
div.callout.important p.callout-title {{ color: {accent}; }}
p.callout-title.own {{ text-transform: none; letter-spacing: 0; font-size: 0.9em; }}
.smallcaps {{ font-variant: small-caps; }}
.underline {{ text-decoration: underline; }}
div.abstract:not(.callout) {{ margin: 0 1.5em 1.6em; font-size: 0.94em; }}
div.references p {{ margin: 0 0 0.5em; padding-left: 1.5em; text-indent: -1.5em; text-align: left; hyphens: manual; }}
div.line-block > p {{ text-indent: 0; text-align: start; }}
:is(h1, h2, h3, h4, h5, h6).unlisted {{ bookmark-level: none !important; }}
"""


def pullquote_css(style: str, colors: dict[str, str]) -> str:
    """``[pullquote] style``: "rules" (large italic between hairlines) or
    "bar" (a coloured bar on the start side)."""
    accent = colors.get("accent", "#8c2f1b")
    rule = colors.get("rule", "#ccc")
    if style == "bar":
        return f"""
aside.pullquote {{ border: 0; border-inline-start: 3pt solid {accent}; padding: 0.2em 0 0.2em 1em;
  margin: 1.1em 0; text-align: start; color: inherit; }}
aside.pullquote p {{ text-align: start; }}
aside.pullquote > p:first-child {{ color: {accent}; }}
"""
    return f"""
aside.pullquote {{ border: 0; border-top: 0.6pt solid {rule}; border-bottom: 0.6pt solid {rule};
  padding: 0.7em 1.5em; margin: 1.1em 0; text-align: center; color: inherit; }}
aside.pullquote > p:first-child::before {{ content: open-quote; color: {accent}; }}
aside.pullquote > p:first-child::after {{ content: close-quote; color: {accent}; }}
"""


def script_css(lang: str, book_top_level: int | None, chapter_pages: bool = True) -> str:
    """Rules that follow from the document's script and shape."""
    out = []
    if is_cjk(lang):
        # CJK lines break between characters and are not hyphenated; Pango
        # cannot justify without spaces, so lines stay flush start.
        out.append("main p, li, dd { text-align: start; hyphens: manual; line-height: 1.7; }"
                   " main p + p { text-indent: 1em; }")
    if primary(lang) in {"ar", "fa", "ur"}:
        # Arabic script reads small at Latin sizes and needs room for its
        # tall ascenders and deep descenders.
        out.append("main { font-size: 1.08em; } main p, li { line-height: 1.65; hyphens: manual; }")
    if book_top_level:
        h = f"h{book_top_level}"
        # Chapters of a long book open on a recto (the left-hand page right
        # to left); a short document with many sections only gets its title
        # page and contents.
        brk = "break-before: recto; margin-top: 18mm; font-size: 1.8em;" if chapter_pages else ""
        out.append(f"body.book main {h} {{ string-set: section content(text); {brk} }}")
    return "\n".join(out)
