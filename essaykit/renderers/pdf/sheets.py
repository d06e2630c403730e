"""Stylesheets parsed once per worker and used for all its documents.

Why: a WeasyPrint document parses its CSS again — 14 ``@font-face`` rules
(each font written to a temporary folder and registered with fontconfig),
the Pygments and theme CSS, cssselect2 compiling every selector — about
0.15–0.25 s of CPU a document, and a book in chunks makes seven documents
on two workers (:mod:`essaykit.renderers.pdf.parallel.run`). Each worker now parses a sheet the
first time one of its documents needs it and hands the same ``CSS``
objects and ``FontConfiguration`` to the next (WeasyPrint's documented way
to render several documents with the same styles), and Pango keeps the
faces it opened from one document to the next. The PDFs are the same,
byte for byte.

Why per worker and not once in the parent before the pool forks: that
parse would delay every worker's start, and a font folder shared across
processes could be deleted by whichever process collected it first. Here
a worker's sheets live until it exits, when
``multiprocessing.util.Finalize`` removes their font folder
(WeasyPrint's own ``__del__`` does not run in a worker that leaves through
``os._exit``).
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .job import PdfJob

_sheets: Sheets | None = None


def for_job(job: PdfJob) -> Sheets:
    """This worker's sheets for ``job`` (made on first use)."""
    global _sheets
    if _sheets is None or _sheets.job is not job:
        _sheets = Sheets(job)
    return _sheets


def forget() -> None:
    """Drop this process's sheets (a worker starting a new job)."""
    global _sheets
    _sheets = None


class Sheets:
    """``CSS`` objects by (text, base URL), all with one font configuration."""

    def __init__(self, job: PdfJob) -> None:
        from essaykit.speedups.weasy_import import import_weasyprint

        from .job import make_fetcher_for

        import_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        self.job = job
        self.font_config = FontConfiguration()
        #: URLs the sheets were refused (fonts, imports), reported with each document's.
        self.refused: list[str] = []
        self._fetcher = make_fetcher_for(job, self.refused)
        self._parsed: dict[tuple[str, str | None], Any] = {}
        self._finalizer: Any = None

    def get(self, css: list[tuple[str, str | None]]) -> list[Any]:
        """The parsed sheets of ``css`` (blank ones left out), parsing those
        not seen yet."""
        from weasyprint import CSS

        out = []
        for text, base in css:
            if not text.strip():
                continue
            sheet = self._parsed.get((text, base))
            if sheet is None:
                sheet = CSS(string=text, base_url=base, url_fetcher=self._fetcher,
                            font_config=self.font_config)
                self._parsed[(text, base)] = sheet
            out.append(sheet)
        self._clean_at_exit()
        return out

    def _clean_at_exit(self) -> None:
        """Remove the font folder when this process exits (once it exists)."""
        folder = getattr(self.font_config, "_folder", None)
        if self._finalizer is None and folder:
            from multiprocessing import util

            self._finalizer = util.Finalize(self, shutil.rmtree, args=(str(folder),),
                                            kwargs={"ignore_errors": True}, exitpriority=10)
