"""The PDF's XHTML, CSS and fonts for a document: everything before WeasyPrint.

Runs where the document is (the main process), while the prewarmed PDF
process imports WeasyPrint (:mod:`essaykit.prewarm`); the result, a
picklable :class:`essaykit.renderers.pdf.job.PdfJob`, is all that process gets. Kept apart from
:mod:`essaykit.renderers.pdf.renderer` so that the process laying the PDF out never imports the model,
the XHTML writer, Pygments or the font packages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

from essaykit.model import Document, Heading, Image, plain_text
from essaykit.resources import ResourceError, readable_image

from ..base import RenderContext
from ..xhtml.highlight import pygments_css_for
from . import css as pdf_css
from .fetch import MemoryStore, policy_with
from .fonts import FontPlan, missing_font_message, plan_fonts
from .html import (
    NESTED_NOTES_CSS,
    RUNNING_CSS,
    PdfWriter,
    body_blocks,
    choose_layout,
    document_parts,
    running_head,
)
from .initial import initial_for, set_initial
from .job import DEFAULT_VARIANT, PdfJob
from .notes import ENDNOTES_CSS, MAX_NOTES_AT_ONCE, crowded
from .prune import Used, prune
from .tables import ems_across


def build(doc: Document, ctx: RenderContext) -> PdfJob:
    """The XHTML, CSS and prepared resources for ``doc`` (no WeasyPrint yet)."""
    from essaykit.fonts import font_folders
    from essaykit.images import SvgBudget, check_image

    theme = ctx.theme
    store = MemoryStore()
    policy = policy_with(ctx.policy, font_folders())

    #: Where each image source is used first, so that a refusal reported by
    #: WeasyPrint's fetcher still names its line (:func:`.layout.report`).
    lines: dict[str, int] = {}
    svgs = SvgBudget()  # WeasyPrint keeps every SVG it draws until the PDF is written

    def image_src(node: Image) -> str | None:
        # Inline images carry no line of their own: the paragraph's.
        line = node.line or writer.last_line
        if line is not None:
            lines.setdefault(node.src.strip(), line)
        try:
            resource = policy.read(node.src, ctx.base_dir)
            checked = check_image(resource.data, node.src, keep_webp=True)  # before WeasyPrint decodes it
            svgs.take(checked, node.src)
        except ResourceError as exc:
            ctx.warn_resource(exc, line)
            return None
        if not readable_image(resource.data):
            ctx.warn_resource(ResourceError(f"{node.src}: not an image essaykit can read"), line)
            return None
        return store.add(resource.name, checked.data, checked.media_type)

    geometry = pdf_css.geometry(theme, ctx.option("page_size"))
    layout = choose_layout(doc, ctx.option("toc"))
    if layout.divisions and ctx.option("toc_sections"):
        layout.toc_levels = 2
    colors = theme.palette()
    writer = PdfWriter(doc, image_src=image_src,
                       picture_src=lambda name, svg: store.add(name, svg.encode(), "image/svg+xml"),
                       math_color=colors.get("text", "#000000"), warn=ctx.warn)
    writer.table_ems = ems_across(geometry.text_width, geometry.font_size)
    # Columns of a monospaced face (0.6 em an advance) at the body's size at
    # most, less the code block's padding: a line this long cannot wrap.
    writer.code_fits = max(0, int(geometry.text_width / (geometry.font_size * 25.4 / 72) / 0.6) - 4)
    writer.link_warn = ctx.warn
    crowd = crowded(doc.blocks, writer.scan.note_refs, writer.note_numbers) if writer.note_numbers else None
    if crowd is not None and not layout.divisions:
        writer.options = replace(writer.options, footnotes="end")
        ctx.warn(f"over {MAX_NOTES_AT_ONCE} footnotes hang from one block (with the notes they cite): "
                 "the PDF sets every note at the end, as the EPUB does", crowd[1])
    heads = [b for b in body_blocks(doc) if isinstance(b, Heading)]
    top = min((h.level for h in heads), default=None)
    if top and top > 2 and not layout.divisions:
        # A document whose sections are ### (the reader shifts Markdown's,
        # not a model from JSON or another tool) still gets section headings.
        writer.heading_shift = top - 2
        top = 2
    lang = doc.meta.language
    parts = document_parts(doc, writer, "", layout)
    undrawn = writer.maths_budget.warning()
    if undrawn is not None:
        ctx.warn(*undrawn)
    if ctx.option("drop_cap"):
        parts = replace(parts, opening=parts.opening.replace('<body class="', '<body class="drop-cap ', 1))
    html = parts.html()

    plan: FontPlan = plan_fonts(theme, lang, html, geometry.font_size)
    initial = initial_for(theme, bool(ctx.option("drop_cap")), colors)
    if initial is not None and not parts.pieces:
        # Drawn, not text: the first word stays one word in the PDF's text.
        drawn, text_face = _body_face(plan, initial.weight), _body_face(plan, 400)
        if drawn is not None and text_face is not None:
            parts = replace(parts, main=set_initial(parts.main, initial, drawn.data, text_face.data))
            html = parts.html()
    for script, example in sorted(plan.missing.items()):
        # The first block that needs the font: where the author can look.
        line = next((b.line for b in doc.blocks if example in plain_text((b,))), None)
        ctx.warn(missing_font_message(script, example), line, "font")

    title = running_head(doc.meta.title or (plain_text(heads[0].children) if heads else ""))
    faces = plan.css(lambda face: store.add(face.name, face.data, f"font/{face.format[:3]}"))
    rtl = doc.meta.direction == "rtl"

    book = layout.divisions

    def page(furniture: bool) -> str:
        return pdf_css.page_css(geometry, rtl=rtl, lang=lang, title=title or "", colors=colors,
                                furniture=furniture, book=book)

    rest = "\n".join([pdf_css.colors_css(colors), pdf_css.LONG_WORDS,
                      pygments_css_for(str(theme.get("pdf.code_style", "default")), html)])
    # After the theme's CSS: the faces prepared here must win over family
    # names the shared book.css writes literally.
    family_css = pdf_css.fonts_css(plan.body, plan.heading, plan.code, plan.display)
    # About 1,900 characters of markup-free text fill an A5 page (counted
    # once: walking a book's text costs 0.1 s).
    text_length = len(plain_text(doc.blocks))
    chapter_pages = text_length > 40 * 1900
    tail = "\n".join([
        family_css,
        pdf_css.content_css(colors),
        pdf_css.pullquote_css(str(theme.get("pullquote.style", "rules")), colors),
        pdf_css.script_css(lang, top if layout.book and not book else None, chapter_pages=chapter_pages),
        pdf_css.BOOK_CSS if book else (f"main h{top} {{ string-set: section content(text); }}" if top else ""),
        RUNNING_CSS if "data-running=" in html else "",
    ])
    # Notes citing notes, notes at the end (:mod:`.notes`): only when there are.
    tail += "".join(f"\n{rules}" for rules, used in ((NESTED_NOTES_CSS, 'data-note="' in html),
                                                     (ENDNOTES_CSS, '<section class="endnotes"' in html)) if used)
    # Only the theme's rules this document can use (:mod:`essaykit.renderers.pdf.prune`).
    theme_css = prune(theme.css("book") + "\n" + theme.css("print"), Used(html))
    theme_base = theme.path.resolve().as_uri() + "/"
    # The faces are a sheet of their own, the same in every list, so that
    # the documents of a book laid out in chunks can share it parsed
    # (:mod:`essaykit.renderers.pdf.sheets`).
    css: list[tuple[str, str | None]] = [
        (faces, None), ("\n".join([page(True), rest]), None), (theme_css, theme_base), (tail, None)]
    chunk_css: list[tuple[str, str | None]] = [
        (faces, None), ("\n".join([page(False), rest]), None), (theme_css, theme_base), (tail, None)]
    # A long document's folios are written by the parent process, page by
    # page (a book: roman, then arabic from 1), and drawn with its running
    # heads as positioned boxes: see :mod:`essaykit.renderers.pdf.parallel.furniture`.
    furniture_css: list[tuple[str, str | None]] = [
        (faces, None), ("\n".join([family_css, pdf_css.furniture_layer_css(geometry, colors, rtl)]), None)]
    parallel_ok = bool(layout.book and (chapter_pages or book))
    seams_ok = not layout.book
    variant = str(ctx.option("pdf_variant", DEFAULT_VARIANT)).lower()
    options: dict[str, Any] = {"pdf_variant": None if variant in {"none", ""} else variant}
    base_url = ctx.base_dir.resolve().as_uri() + "/" if ctx.base_dir else None
    if base_url:  # the fetcher sees URLs resolved against the essay's folder
        lines.update({urljoin(base_url, src): line for src, line in list(lines.items())})
    # A book's divisions each open a page (on a recto): 5,000 chapters of a
    # line are 10,000 pages, not the 40 their text would fill, and take the
    # parallel path (issue 22: 28 s and 947 MB in one process at 1,000).
    pages_hint = text_length // 1900 + len(parts.pieces)
    return PdfJob(html, css, base_url, store, policy, options, pages_hint=pages_hint, parts=parts,
                  chunk_css=chunk_css, furniture_css=furniture_css, furniture_title=title or "",
                  parallel_ok=parallel_ok, seams_ok=seams_ok,
                  folio_digits=pdf_css.folio_digits(lang), lines=lines)


def _body_face(plan: FontPlan, weight: int) -> Any:
    """The prepared upright face of the body's first family nearest ``weight``."""
    faces = [f for f in plan.faces if plan.body and f.family == plan.body[0] and f.style == "normal"]
    return min(faces, key=lambda f: abs(f.weight - weight), default=None)
