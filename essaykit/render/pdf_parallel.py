"""Laying out and writing a PDF job.

One process today. This is the seam where a long book will be split into
chapter chunks laid out in parallel processes and assembled with continuous
page numbers (``PdfJob.pages_hint`` tells when it is worth it); see the
renderer's report for the measurements that motivate it.
"""

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
