"""Laying out and writing a :class:`~.job.PdfJob` with WeasyPrint in this process."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from essaykit.errors import EssayError
from essaykit.speedups.weasy_import import import_weasyprint

from ..base import image_unavailable
from .job import PdfJob, make_fetcher_for

if TYPE_CHECKING:
    from ..base import RenderContext
    from .sheets import Sheets


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


def install_patches() -> None:
    """The PDF speed-ups, when the program switched them on (:mod:`essaykit.speedups`)."""
    from essaykit.speedups import install_pdf

    install_pdf()


def render_single(job: PdfJob, ctx: RenderContext) -> bytes:
    """``job`` laid out and written in this process."""
    rendered, refused, notes = layout(job)
    report(ctx, refused, notes, job.lines)
    try:
        return write(rendered, job)
    finally:
        release_fonts(rendered)


def report(ctx: RenderContext, refused: list[str], notes: list[str],
           lines: dict[str, int] | None = None) -> None:
    """Warn of what the fetcher refused (``"<kind> <url>: <reason>"``,
    :mod:`.fetch`) and, with the ``debug_css`` option, of WeasyPrint's own
    notes. A refused image names the line of the essay that uses it
    (``lines``: :attr:`.job.PdfJob.lines`), in the words the other formats use."""
    lines = lines or {}
    for entry in dict.fromkeys(refused):
        kind, _, message = entry.partition(" ")
        url = message.split(": ", 1)[0]
        line = lines.get(url)
        ctx.warn(image_unavailable(message) if line is not None else f"resource {message}", line, kind)
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
