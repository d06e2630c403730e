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
from typing import Any

from ..errors import EssayError, UsageError
from ..model import Document, Heading, Image, plain_text
from ..resources import ResourceError
from . import pdf_css
from .base import RenderContext
from .highlight import pygments_css
from .pdf_fetch import MemoryStore, make_fetcher, policy_with
from .pdf_fonts import FontPlan, missing_font_message, plan_fonts
from .pdf_html import PdfWriter, body_blocks, choose_layout, document

DEFAULT_VARIANT = "pdf/ua-1"


class PdfRenderer:
    name = "pdf"
    suffix = ".pdf"
    binary = True

    def render(self, doc: Document, ctx: RenderContext) -> bytes:
        job = build(doc, ctx)
        from .pdf_parallel import render_job

        return render_job(job, ctx)


class PdfJob:
    """Everything WeasyPrint needs, as plain data (picklable for workers)."""

    def __init__(self, html: str, css: list[tuple[str, str | None]], base_url: str | None,
                 store: MemoryStore, policy: Any, options: dict[str, Any], pages_hint: int):
        self.html = html
        self.css = css
        self.base_url = base_url
        self.store = store
        self.policy = policy
        self.options = options
        self.pages_hint = pages_hint


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
    writer = PdfWriter(doc, image_src=image_src)
    lang = doc.meta.language
    html = document(doc, writer, "", layout)
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
    generated = "\n".join([
        plan.css(lambda face: store.add(face.name, face.data, f"font/{face.format[:3]}")),
        pdf_css.page_css(geometry, rtl=doc.meta.direction == "rtl", lang=lang,
                         title=title or "", colors=colors),
        pdf_css.colors_css(colors),
        pygments_css(str(theme.get("pdf.code_style", "default"))),
    ])
    # After the theme's CSS: the faces prepared here must win over family
    # names the shared book.css writes literally.
    tail = "\n".join([
        pdf_css.fonts_css(plan.body, plan.heading, plan.code, plan.display),
        pdf_css.pullquote_css(str(theme.get("pullquote.style", "rules")), colors),
        pdf_css.script_css(lang, top if layout.book else None,
                           chapter_pages=len(plain_text(doc.blocks)) > 40 * 1900),
        f"main h{top} {{ string-set: section content(text); }}" if top else "",
    ])
    theme_css = theme.css("book") + "\n" + theme.css("print")
    css: list[tuple[str, str | None]] = [
        (generated, None),
        (theme_css, theme.path.resolve().as_uri() + "/"),
        (tail, None),
    ]
    if ctx.option("drop_cap"):
        html = html.replace('<body class="', '<body class="drop-cap ', 1)
    variant = str(ctx.option("pdf_variant", DEFAULT_VARIANT)).lower()
    options: dict[str, Any] = {"pdf_variant": None if variant in {"none", ""} else variant}
    if variant not in {"none", ""}:
        from weasyprint.pdf import VARIANTS

        if variant not in VARIANTS:
            known = ", ".join(sorted(VARIANTS))
            raise UsageError(f"unknown PDF variant {variant!r} (known: {known}, none)")
    base_url = ctx.base_dir.resolve().as_uri() + "/" if ctx.base_dir else None
    # About 1,900 characters of markup-free text fill an A5 page.
    pages_hint = len(plain_text(doc.blocks)) // 1900
    return PdfJob(html, css, base_url, store, policy, options, pages_hint=pages_hint)


class _Collect(logging.Handler):
    """WeasyPrint's warnings, so the renderer can report what matters."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def layout(job: PdfJob) -> tuple[Any, list[str], list[str]]:
    """WeasyPrint's laid-out ``Document`` for ``job``, with refused URLs and
    WeasyPrint's own warnings."""
    from weasyprint import CSS, HTML
    from weasyprint.logger import LOGGER
    from weasyprint.text.fonts import FontConfiguration

    from .pdf_subset import install

    install()
    refused: list[str] = []
    fetcher = make_fetcher(job.policy, job.store, refused)
    font_config = FontConfiguration()
    handler = _Collect()
    LOGGER.addHandler(handler)
    try:
        sheets = [CSS(string=text, base_url=base, url_fetcher=fetcher, font_config=font_config)
                  for text, base in job.css if text.strip()]
        html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        rendered = html.render(stylesheets=sheets, font_config=font_config,
                               pdf_tags=bool(job.options.get("pdf_variant")))
    finally:
        LOGGER.removeHandler(handler)
    notes = [r.getMessage() for r in handler.records]
    return rendered, refused, notes


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
