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

from collections.abc import Callable
from typing import TYPE_CHECKING

from essaykit.errors import UsageError
from essaykit.speedups.weasy_import import import_weasyprint

from .job import DEFAULT_VARIANT, PdfJob
from .layout import render_single
from .parallel import MERGEABLE_VARIANTS

if TYPE_CHECKING:
    from essaykit.model import Document

    from ..base import RenderContext

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
        WeasyPrint (:mod:`essaykit.prewarm`)."""
        return build(doc, ctx)

    @staticmethod
    def render_job(job: PdfJob, ctx: RenderContext) -> bytes:
        """Lay out and write ``job``: in one process, or a long book's
        chapters in several (:mod:`essaykit.renderers.pdf.parallel.run`, imported only for a
        job that may be split)."""
        variant = job.options.get("pdf_variant")
        check_variant(variant)
        if job.parallel_ok and job.parts is not None and variant in MERGEABLE_VARIANTS:
            from .parallel.run import render_job

            return render_job(job, ctx)
        if job.seams_ok and job.parts is not None:
            from .parallel import seams

            if seams.wanted(job, ctx):
                data = seams.render_seamed(job, ctx)
                if data is not None:
                    return data
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


def build(doc: Document, ctx: RenderContext) -> PdfJob:
    """The XHTML, CSS and prepared resources for ``doc`` (no WeasyPrint yet):
    see :mod:`essaykit.renderers.pdf.build`."""
    from .build import build as _build

    return _build(doc, ctx)


__all__ = ["PdfRenderer", "PdfJob", "DEFAULT_VARIANT", "build", "check_variant"]
