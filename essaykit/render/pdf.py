"""``essaykit export -t pdf``: a typeset book page through WeasyPrint.

The pipeline: the shared XHTML writer (footnotes inline, for
``float: footnote``) wrapped in page furniture (:mod:`.pdf_html`), the
theme's CSS plus rules generated from its values (:mod:`.pdf_css`), fonts
from font packages prepared small and static (:mod:`.pdf_fonts`), and a URL
fetcher that reads nothing the essay may not (:mod:`.pdf_fetch`). WeasyPrint
is imported inside :meth:`PdfRenderer.render` only.

Options (``ctx.option``): ``page_size`` (A4, Letter, A5, 6x9in),
``pdf_variant`` (default ``pdf/ua-1``, tagged; ``none`` for an untagged
PDF; any WeasyPrint variant such as ``pdf/a-3u``), ``drop_cap``, ``toc``
(force or refuse the title page and contents).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..errors import EssayError, UsageError
from ..lang import primary
from ..model import Document, Heading, Image, plain_text
from ..resources import ResourceError
from . import pdf_css
from .base import RenderContext
from .highlight import pygments_css
from .pdf_fetch import MemoryStore, make_fetcher, policy_with
from .pdf_fonts import FontPlan, missing_font_message, plan_fonts
from .pdf_html import HtmlParts, PdfWriter, body_blocks, choose_layout, document_parts
from .pdf_import import import_weasyprint

if TYPE_CHECKING:
    from .pdf_sheets import Sheets

DEFAULT_VARIANT = "pdf/ua-1"


class PdfRenderer:
    name = "pdf"
    suffix = ".pdf"
    binary = True

    @staticmethod
    def warm() -> None:
        """Import WeasyPrint and warm it up (see :func:`.pdf_import.warm_up`)."""
        from .pdf_import import warm_up

        warm_up()

    @staticmethod
    def prepare_job(doc: Document, ctx: RenderContext) -> PdfJob:
        """The part that needs the document and not WeasyPrint (:func:`build`):
        run where the document is, while a prewarmed process imports
        WeasyPrint (:mod:`essaykit.prewarm`)."""
        return build(doc, ctx)

    @staticmethod
    def render_job(job: PdfJob, ctx: RenderContext) -> bytes:
        """Lay out and write ``job``: in one process, or a long book's
        chapters in several (:mod:`.pdf_parallel`)."""
        from .pdf_parallel import render_job

        check_variant(job.options.get("pdf_variant"))
        return render_job(job, ctx)

    def render(self, doc: Document, ctx: RenderContext) -> bytes:
        return self.render_job(self.prepare_job(doc, ctx), ctx)


def check_variant(variant: str | None) -> None:
    """A PDF variant WeasyPrint knows (None: untagged)."""
    if variant is None:
        return
    import_weasyprint()
    from weasyprint.pdf import VARIANTS

    if variant not in VARIANTS:
        known = ", ".join(sorted(VARIANTS))
        raise UsageError(f"unknown PDF variant {variant!r} (known: {known}, none)")


@dataclass
class PdfJob:
    """Everything WeasyPrint needs, as plain data (picklable for workers)."""

    html: str
    css: list[tuple[str, str | None]]
    base_url: str | None
    store: MemoryStore
    policy: Any
    options: dict[str, Any]
    pages_hint: int
    #: The document in parts, for a book that may be laid out in chunks.
    parts: HtmlParts | None = None
    #: ``css`` without page furniture (chunks), and the furniture alone as
    #: positioned boxes (:mod:`.pdf_furniture`) with the title of its versos.
    chunk_css: list[tuple[str, str | None]] = field(default_factory=list)
    furniture_css: list[tuple[str, str | None]] = field(default_factory=list)
    furniture_title: str = ""
    #: The book's shape allows chunks (chapters open on rectos, LTR, decimal folios).
    parallel_ok: bool = False


def build(doc: Document, ctx: RenderContext) -> PdfJob:
    """The XHTML, CSS and prepared resources for ``doc`` (no WeasyPrint yet)."""
    from ..fonts import font_folders

    theme = ctx.theme
    store = MemoryStore()
    policy = policy_with(ctx.policy, font_folders())

    remote: list[Image] = []

    def image_src(node: Image) -> str | None:
        if policy.is_remote(node.src) and not policy.allow_remote:
            remote.append(node)  # reported once below, not once per image
            return None
        try:
            resource = policy.read(node.src, ctx.base_dir)
        except ResourceError as exc:
            ctx.warn(f"image {exc.message}; its alt text is printed instead", line=node.line)
            return None
        return store.add(resource.name, resource.data, resource.media_type)

    geometry = pdf_css.geometry(theme, ctx.option("page_size"))
    layout = choose_layout(doc, ctx.option("toc"))
    if layout.divisions and ctx.option("toc_sections"):
        layout.toc_levels = 2
    writer = PdfWriter(doc, image_src=image_src)
    lang = doc.meta.language
    parts = document_parts(doc, writer, "", layout)
    if ctx.option("drop_cap"):
        parts = replace(parts, opening=parts.opening.replace('<body class="', '<body class="drop-cap ', 1))
    html = parts.html()
    if remote:
        ctx.warn(f"{len(remote)} remote image(s) not fetched (first: {remote[0].src}); "
                 "use --allow-remote to include them; their alt text is printed instead",
                 line=remote[0].line)

    plan: FontPlan = plan_fonts(theme, lang, html, geometry.font_size)
    for script, example in sorted(plan.missing.items()):
        ctx.warn(missing_font_message(script, example))

    colors = {k: str(v) for k, v in (theme.get("colors") or {}).items()}
    heads = [b for b in body_blocks(doc) if isinstance(b, Heading)]
    top = min((h.level for h in heads), default=None)
    title = doc.meta.title or (plain_text(heads[0].children) if heads else "")
    faces = plan.css(lambda face: store.add(face.name, face.data, f"font/{face.format[:3]}"))
    rtl = doc.meta.direction == "rtl"

    book = layout.divisions

    def page(furniture: bool) -> str:
        return pdf_css.page_css(geometry, rtl=rtl, lang=lang, title=title or "", colors=colors,
                                furniture=furniture, book=book)

    rest = "\n".join([pdf_css.colors_css(colors),
                      pygments_css(str(theme.get("pdf.code_style", "default")))])
    # After the theme's CSS: the faces prepared here must win over family
    # names the shared book.css writes literally.
    family_css = pdf_css.fonts_css(plan.body, plan.heading, plan.code, plan.display)
    # About 1,900 characters of markup-free text fill an A5 page (counted
    # once: walking a book's text costs 0.1 s).
    text_length = len(plain_text(doc.blocks))
    chapter_pages = text_length > 40 * 1900
    tail = "\n".join([
        family_css,
        pdf_css.pullquote_css(str(theme.get("pullquote.style", "rules")), colors),
        pdf_css.script_css(lang, top if layout.book and not book else None, chapter_pages=chapter_pages),
        pdf_css.BOOK_CSS if book else (f"main h{top} {{ string-set: section content(text); }}" if top else ""),
    ])
    theme_css = theme.css("book") + "\n" + theme.css("print")
    theme_base = theme.path.resolve().as_uri() + "/"
    # The faces are a sheet of their own, the same in every list, so that
    # the documents of a book laid out in chunks can share it parsed
    # (:mod:`.pdf_sheets`).
    css: list[tuple[str, str | None]] = [
        (faces, None), ("\n".join([page(True), rest]), None), (theme_css, theme_base), (tail, None)]
    chunk_css: list[tuple[str, str | None]] = [
        (faces, None), ("\n".join([page(False), rest]), None), (theme_css, theme_base), (tail, None)]
    # A long document's folios are written by the parent process, page by
    # page (a book: roman, then arabic from 1), and drawn with its running
    # heads as positioned boxes: see :mod:`.pdf_furniture`.
    furniture_css: list[tuple[str, str | None]] = [
        (faces, None), ("\n".join([family_css, pdf_css.furniture_layer_css(geometry, colors)]), None)]
    parallel_ok = (layout.book and (chapter_pages or book) and not rtl
                   and primary(lang) not in {"ar", "fa", "ur"})
    variant = str(ctx.option("pdf_variant", DEFAULT_VARIANT)).lower()
    options: dict[str, Any] = {"pdf_variant": None if variant in {"none", ""} else variant,
                               # A variant asked for keeps the tagged single-process path.
                               "explicit_variant": variant not in {"none", ""}
                               and ctx.options.get("pdf_variant") is not None}
    base_url = ctx.base_dir.resolve().as_uri() + "/" if ctx.base_dir else None
    pages_hint = text_length // 1900
    return PdfJob(html, css, base_url, store, policy, options, pages_hint=pages_hint, parts=parts,
                  chunk_css=chunk_css, furniture_css=furniture_css, furniture_title=title or "",
                  parallel_ok=parallel_ok)


class _Collect(logging.Handler):
    """WeasyPrint's warnings, so the renderer can report what matters."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def layout(job: PdfJob, sheets: Sheets | None = None) -> tuple[Any, list[str], list[str]]:
    """WeasyPrint's laid-out ``Document`` for ``job``, with refused URLs and
    WeasyPrint's own warnings; its stylesheets and fonts from ``sheets``
    when given (a worker's, shared by its documents: :mod:`.pdf_sheets`)."""
    import_weasyprint()
    from weasyprint import CSS
    from weasyprint.logger import LOGGER
    from weasyprint.text.fonts import FontConfiguration

    from . import pdf_leaders, pdf_margins, pdf_pagerefs, pdf_subset, pdf_xhtml

    pdf_subset.install()
    pdf_pagerefs.install()
    pdf_margins.install()
    pdf_leaders.install()
    refused: list[str] = []
    fetcher = make_fetcher_for(job, refused)
    handler = _Collect()
    LOGGER.addHandler(handler)
    try:
        if sheets is not None:
            font_config = sheets.font_config
            stylesheets = sheets.get(job.css)
            refused.extend(sheets.refused)
        else:
            font_config = FontConfiguration()
            stylesheets = [CSS(string=text, base_url=base, url_fetcher=fetcher, font_config=font_config)
                           for text, base in job.css if text.strip()]
        html = pdf_xhtml.html_document(job.html, job.base_url, fetcher)
        rendered = html.render(stylesheets=stylesheets, font_config=font_config,
                               pdf_tags=bool(job.options.get("pdf_variant")))
    finally:
        LOGGER.removeHandler(handler)
    notes = [r.getMessage() for r in handler.records]
    return rendered, refused, notes


def make_fetcher_for(job: PdfJob, refused: list[str] | None = None) -> Any:
    """The URL fetcher of ``job`` (refusals appended to ``refused``)."""
    return make_fetcher(job.policy, job.store, [] if refused is None else refused)


def report(ctx: RenderContext, refused: list[str], notes: list[str]) -> None:
    for message in dict.fromkeys(refused):
        ctx.warn(f"resource {message}")
    if ctx.option("debug_css"):
        for note in dict.fromkeys(notes):
            ctx.warn(f"weasyprint: {note}")


def write(rendered: Any, job: PdfJob) -> bytes:
    variant = job.options.get("pdf_variant")
    try:
        data = rendered.write_pdf(pdf_variant=variant)
    except Exception as exc:  # pragma: no cover - WeasyPrint bugs surface here
        raise EssayError(f"PDF: WeasyPrint failed: {exc}") from exc
    return bytes(data)


def release_fonts(rendered: Any) -> None:
    """Delete the folder where WeasyPrint put ``rendered``'s web fonts.

    Why: WeasyPrint deletes it when the document's ``FontConfiguration`` is
    collected, which a process leaving through ``os._exit`` (a forked
    child, a pool worker) never gets to: each such render left 1.5 MB in
    the temporary folder. For a document that has been written and is
    not needed again; ``_folder`` is WeasyPrint's private attribute, and
    without it nothing is done."""
    import shutil

    folder = getattr(getattr(rendered, "font_config", None), "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
