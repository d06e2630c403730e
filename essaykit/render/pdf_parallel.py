"""Laying out a PDF: in one process for an essay, in several for a book."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import RenderContext
    from .pdf import PdfJob


def render_job(job: PdfJob, ctx: RenderContext) -> bytes:
    from .pdf import layout, report, write

    rendered, refused, notes = layout(job)
    report(ctx, refused, notes)
    return write(rendered, job)
