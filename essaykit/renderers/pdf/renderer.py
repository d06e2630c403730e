"""``essaykit export -t pdf``: a typeset book page through WeasyPrint.

The pipeline: the shared XHTML writer (footnotes inline, for
``float: footnote``) wrapped in page furniture (:mod:`essaykit.renderers.pdf.html`), the
theme's CSS plus rules generated from its values (:mod:`essaykit.renderers.pdf.css`), fonts
from font packages prepared small and static (:mod:`essaykit.renderers.pdf.fonts`), and a URL
fetcher that reads nothing the essay may not (:mod:`essaykit.renderers.pdf.fetch`). WeasyPrint
is imported inside :meth:`PdfRenderer.render` only.

Options (``ctx.option``): ``page_size`` (A4, Letter, A5, 6x9in),
``pdf_variant`` (default ``pdf/ua-1``, tagged; ``none`` for an untagged
PDF; any WeasyPrint variant such as ``pdf/a-3u``), ``drop_cap``, ``toc``
(force or refuse the title page and contents).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from essaykit.errors import EssayError, UsageError
from essaykit.speedups.weasy_import import import_weasyprint

from .fetch import MemoryStore, make_fetcher

if TYPE_CHECKING:
    from essaykit.model import Document

    from ..base import RenderContext
    from .parts import HtmlParts
    from .sheets import Sheets

DEFAULT_VARIANT = "pdf/ua-1"
#: Estimated pages above which a document laid out in one process gets
#: room on the frame stack first (:mod:`essaykit.speedups.framestack`; 20 ms, which
#: an essay would feel and a long book does not).
LONG = 40


class PdfRenderer:
    name = "pdf"
    suffix = ".pdf"
    binary = True

    @staticmethod
    def warm(pending: Callable[[], bool] | None = None) -> None:
        """Import WeasyPrint and warm it up (see :func:`essaykit.speedups.weasy_import.warm_up`)."""
        from essaykit.speedups.weasy_import import warm_up

        warm_up(pending)

    @staticmethod
    def prepare_job(doc: Document, ctx: RenderContext) -> PdfJob:
        """The part that needs the document and not WeasyPrint (:func:`build`):
        run where the document is, while a prewarmed process imports
        WeasyPrint (:mod:`essaykit.cli.prewarm`)."""
        return build(doc, ctx)

    @staticmethod
    def render_job(job: PdfJob, ctx: RenderContext) -> bytes:
        """Lay out and write ``job``: in one process, or a long book's
        chapters in several (:mod:`essaykit.renderers.pdf.parallel.run`, imported only for a
        job that may be split)."""
        check_variant(job.options.get("pdf_variant"))
        if job.parallel_ok and job.parts is not None and not job.options.get("explicit_variant"):
            from .parallel.run import render_job

            return render_job(job, ctx)
        if job.pages_hint > LONG:
            from essaykit.speedups.framestack import call

            return call(render_single, job, ctx)
        return render_single(job, ctx)

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
    #: positioned boxes (:mod:`essaykit.renderers.pdf.parallel.furniture`) with the title of its versos.
    chunk_css: list[tuple[str, str | None]] = field(default_factory=list)
    furniture_css: list[tuple[str, str | None]] = field(default_factory=list)
    furniture_title: str = ""
    #: The book's shape allows chunks (chapters open on rectos, LTR, decimal folios).
    parallel_ok: bool = False


def build(doc: Document, ctx: RenderContext) -> PdfJob:
    """The XHTML, CSS and prepared resources for ``doc`` (no WeasyPrint yet):
    see :mod:`essaykit.renderers.pdf.build`."""
    from .build import build as _build

    return _build(doc, ctx)


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
    when given (a worker's, shared by its documents: :mod:`essaykit.renderers.pdf.sheets`)."""
    import_weasyprint()
    from weasyprint import CSS
    from weasyprint.logger import LOGGER
    from weasyprint.text.fonts import FontConfiguration

    from . import xhtml as pdf_xhtml

    install_patches()
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


#: Modules that patch WeasyPrint internals for speed or fidelity, each
#: isolated, checked against the names it expects and falling back to
#: WeasyPrint's own code (see each module's docstring).
PATCHES = ("glyphs", "pango", "subset", "pagerefs", "margins", "leaders")


def install_patches() -> None:
    """Install :data:`PATCHES` in this process (each does it once)."""
    import importlib

    for name in PATCHES:
        importlib.import_module(f"essaykit.speedups.{name}").install()


def render_single(job: PdfJob, ctx: RenderContext) -> bytes:
    """``job`` laid out and written in this process."""
    rendered, refused, notes = layout(job)
    report(ctx, refused, notes)
    try:
        return write(rendered, job)
    finally:
        release_fonts(rendered)


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
