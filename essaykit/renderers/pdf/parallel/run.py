"""Laying out and writing a PDF job: one process, or chapters in parallel.

Why: WeasyPrint is single-threaded and spends its time in Pango line
breaking and drawing, linearly in the text; a 300-page book takes tens of
seconds of CPU. A book whose chapters each open on a recto can be laid out
chapter-group by chapter-group in separate processes (:mod:`essaykit.renderers.pdf.parallel.chunks`)
and merged (:mod:`essaykit.renderers.pdf.parallel.merge`). The steps:

1. the body is cut into chunks of about equal length; a process pool lays
   each out, reports its pages — kind (title, contents, blank, body),
   bookmarks, anchors — as soon as they are laid out (:class:`_Reports`),
   then writes it (tagged, as the book will be). A long essay's front matter is laid
   out once with placeholder numbers to count its pages, since its body is
   numbered from the title page; a book document's is laid out only once,
   after the body (:func:`_render_book`). A worker parses each stylesheet
   once for all its documents (:mod:`essaykit.renderers.pdf.sheets`), collects garbage only
   between them (:func:`_init`) and runs each under a frame of its own
   (:mod:`essaykit.speedups.framestack`);
2. once every chunk is laid out, the parent knows every page's number
   while the workers still write: it lays out the front matter with the
   real numbers in the contents itself, and the first worker done draws
   the page furniture (folios, running heads) as a document of empty pages
   (:mod:`essaykit.renderers.pdf.parallel.furniture`);
3. :class:`essaykit.renderers.pdf.parallel.merge.Merger` assembles the book: the
   body's pages, their furniture drawn over them, then the front matter.

A book document (``essaykit book``, :mod:`essaykit.renderers.pdf.book`) is cut only between
its divisions (a part's opening, a chapter with any back matter after it),
each of which opens on a recto; the parent then writes every page's folio
itself — lower-roman through the front matter, arabic from 1 at the first
part or chapter — and its running heads: none on blind pages (title,
dedication, parts, blanks), the folio alone on a chapter's first page, the
book's title on versos and the chapter's on rectos elsewhere
(:func:`_book_page_kinds`), as the single-process CSS does with named
pages, page groups and ``counter-reset: page``.

Right to left the same holds mirrored: the first page, and so every recto,
is a left-hand page (as WeasyPrint makes it for a right-to-left root), and
the folios are written in the book's digits (``PdfJob.folio_digits``:
Arabic-Indic, Persian; roman ones stay roman), as ``pdf_css.page_css``
prints them with counter styles.

When: only for a book (title page and contents) of more than
:data:`MIN_PAGES` estimated pages, in either direction, in a
variant whose chunks the merge can join (:data:`MERGEABLE_VARIANTS`: PDF/UA-1,
the default, with one structure tree made of the chunks' trees, or
untagged); any other variant (PDF/A, PDF/UA-2) keeps the single-process
path, and so does a book whose chunks' trees do not join (:func:`_finish`):
the PDF is the same tagged document whatever the number of cores. Essays
always take the single-process path, where the process start-up would cost
more than it saves.
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from . import MERGEABLE_VARIANTS
from .chunks import BOOK_FRONT_CSS, FRONT_CSS, body_chunks, front_chunk

if TYPE_CHECKING:
    from essaykit.renderers.base import RenderContext

    from ..job import PdfJob
    from .merge import Bookmark, Merger

_LOG = logging.getLogger(__name__)

#: Estimated pages above which a book is laid out in parallel.
MIN_PAGES = 40
#: Chunks per worker: more chunks balance the load and bound a worker's memory (it
#: holds one chunk's boxes at a time); each costs a parse. Figures: benchmarks/FINDINGS.md.
CHUNKS_PER_WORKER = 4


def render_job(job: PdfJob, ctx: RenderContext) -> bytes:
    from ..layout import render_single

    workers = worker_count(job, ctx)
    if workers > 1:
        return render_parallel(job, ctx, workers)
    return render_single(job, ctx)


def worker_count(job: PdfJob, ctx: RenderContext) -> int:
    """How many processes lay ``job`` out: 1 unless it is a long book that
    may be split (see the module docstring), and only as many as the
    caller's ``jobs`` allows (1 unless it says otherwise: :mod:`essaykit.forked`)."""
    from essaykit.forked import jobs_of

    option = jobs_of(ctx.option("jobs"))
    if option == 1:
        return 1
    if importlib.util.find_spec("pikepdf") is None:  # the merge needs it
        return 1
    if job.parts is None or job.parts.front == "" or len(job.parts.chapter_ids) < 2:
        return 1
    if job.options.get("pdf_variant") not in MERGEABLE_VARIANTS or not job.parallel_ok:
        return 1
    units = len(job.parts.pieces or job.parts.chapter_ids)
    if units < 2:
        return 1
    if option != "auto":
        return max(1, min(int(option), units))
    if job.pages_hint <= MIN_PAGES:
        return 1
    return max(1, min(os.cpu_count() or 1, 4, units))


# ------------------------------------------------------------------ workers


@dataclass
class PageInfo:
    name: str  # the page's named page ("title", "front", "")
    blank: bool
    #: (level, label, x, y, closed) in PDF points.
    bookmarks: list[tuple[int, str, float, float, bool]] = field(default_factory=list)


@dataclass
class ChunkResult:
    index: int
    pdf: bytes
    pages: list[PageInfo]
    #: anchor → (page index in the chunk, x, y) in PDF points.
    anchors: dict[str, tuple[int, float, float]]
    refused: list[str]
    notes: list[str]


_JOB: Any = None
#: Where a worker reports a chunk's pages as soon as they are laid out,
#: before it writes them (:class:`_Reports`).
_REPORTS: Any = None


def _init(job: PdfJob, reports: Any = None) -> None:
    """Worker start: hold ``job``; garbage collected only between documents.

    Why: WeasyPrint allocates millions of objects, and the collector scans
    the young ones every 700 allocations and, now and then, everything —
    including the parent's document and model a forked worker inherited,
    whose memory pages it then copies: about 5 % of a chunk's CPU, and
    7 MB more a worker. The inherited objects are frozen out of the scans;
    the cyclic garbage a document leaves (some 15 MB) is collected before
    the worker's next document (:func:`_next_document`)."""
    from essaykit.forked import die_with_parent
    from essaykit.speedups import install_pdf
    from essaykit.speedups.weasy_import import import_weasyprint

    from .. import sheets as pdf_sheets

    die_with_parent()  # a SIGTERM to essaykit ends the workers too
    global _JOB, _DOCUMENTS, _REPORTS
    _JOB = job
    _REPORTS = reports
    _DOCUMENTS = 0
    pdf_sheets.forget()
    import_weasyprint()
    install_pdf()
    gc.freeze()
    gc.disable()


_DOCUMENTS = 0


def _next_document() -> None:
    """Collect the previous document's garbage, if any (after the last one,
    the worker's exit frees it)."""
    global _DOCUMENTS
    if _DOCUMENTS:
        gc.collect()
    _DOCUMENTS += 1


def _lay_out(index: int, html: str, css: list[tuple[str, str | None]],
             foreign: tuple[str, ...], want_pdf: bool = True) -> ChunkResult:
    """Worker: lay out one chunk, report its pages (when it is to be
    written: a counting pass is not), write it."""
    from essaykit.speedups.framestack import call

    _next_document()
    return call(_document, _JOB, index, html, css, foreign, want_pdf, _REPORTS if want_pdf else None)


def _document(job: PdfJob, index: int, html: str, css: list[tuple[str, str | None]],
              foreign: tuple[str, ...], want_pdf: bool = True, reports: Any = None) -> ChunkResult:
    """Lay out ``html`` with ``job``'s resources in this process, describe
    its pages (put on ``reports`` before the writing, which is a third of
    the time), and write it if ``want_pdf``, tagged as the book will be
    (:mod:`essaykit.renderers.pdf.parallel.structure` joins the trees)."""
    from .. import sheets as pdf_sheets
    from ..layout import layout, write

    chunk = replace(job, html=html, css=css)
    rendered, refused, notes = layout(chunk, pdf_sheets.for_job(job))
    result = _describe(index, rendered, refused, notes, foreign)
    if reports is not None:
        reports.put(result)
    if want_pdf:
        result.pdf = write(rendered, chunk)
    return result


def _describe(index: int, rendered: Any, refused: list[str], notes: list[str],
              foreign: tuple[str, ...]) -> ChunkResult:
    """The pages of a laid-out chunk, described for the parent (its PDF
    left empty)."""
    pages: list[PageInfo] = []
    anchors: dict[str, tuple[int, float, float]] = {}
    skip = set(foreign)
    for i, page in enumerate(rendered.pages):
        page_type = getattr(page._page_box, "page_type", None)
        info = PageInfo(name=str(getattr(page_type, "name", "") or ""),
                        blank=bool(getattr(page_type, "blank", False)))
        for level, label, (x, y), state in page.bookmarks:
            info.bookmarks.append((level, label, x * 0.75, (page.height - y) * 0.75,
                                   state == "closed"))
        for name, (x, y, *_rest) in page.anchors.items():
            if name not in skip and name not in anchors:
                anchors[name] = (i, x * 0.75, (page.height - y) * 0.75)
        pages.append(info)
    return ChunkResult(index, b"", pages, anchors, refused, notes)


class _Reports:
    """The chunks' pages as the workers lay them out (a queue the pool's
    workers put on, :func:`_document`), so that the parent can number the
    book and lay out its front matter while the workers still write.

    Why not wait for the futures: a chunk's writing is a third of its time,
    and the front matter and the furniture would otherwise wait for it.
    A worker that fails, or whose report is late, is still heard of
    through its future, whose result describes the same pages."""

    def __init__(self, context: Any) -> None:
        self.queue = context.Queue()

    def laid_out(self, futures: dict[int, Future[ChunkResult]]) -> dict[int, ChunkResult]:
        """The description of every chunk in ``futures``, as soon as all are
        laid out (a failed chunk raises its worker's exception)."""
        import queue

        got: dict[int, ChunkResult] = {}
        while len(got) < len(futures):
            try:
                report = self.queue.get(timeout=0.05)
            except queue.Empty:
                for index, future in futures.items():
                    if index not in got and future.done():
                        got[index] = future.result()
                continue
            if report.index in futures:
                got[report.index] = report
        return got


def _pool(job: PdfJob, workers: int) -> tuple[ProcessPoolExecutor, _Reports]:
    """A pool whose workers hold ``job``, and the queue they report on. fork
    when this process has no other threads (no start-up cost: WeasyPrint
    is already imported, the frame-stack trampoline made), else spawn."""
    from essaykit.speedups.framestack import ready

    ready()
    method = "fork" if ("fork" in multiprocessing.get_all_start_methods()
                        and threading.active_count() == 1) else "spawn"
    context = multiprocessing.get_context(method)
    reports = _Reports(context)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init,
                               initargs=(job, reports.queue))
    return pool, reports


# ------------------------------------------------------------------- parent


def render_parallel(job: PdfJob, ctx: RenderContext, workers: int) -> bytes:
    from essaykit.speedups.framestack import call

    from ..layout import render_single
    from .merge import Bookmark, Merger, Part

    assert job.parts is not None
    parts = job.parts
    if parts.pieces:
        return _render_book(job, ctx, workers)
    chunks = body_chunks(parts, workers * CHUNKS_PER_WORKER)
    # Longest first, so the pool's last task is a short one.
    order = sorted(chunks, key=lambda c: -len(c.html))
    front_css = [*job.chunk_css, (FRONT_CSS, None)]
    pool, reports = _pool(job, workers)
    with pool:
        counting = pool.submit(_lay_out, 0, front_chunk(parts, None).html, front_css, (), False)
        futures: dict[int, Future[ChunkResult]] = {
            c.index: pool.submit(_lay_out, c.index, c.html, job.chunk_css, c.foreign) for c in order}
        _parse_here(job, front_css)
        counted = counting.result()
        front_pages = len(counted.pages)
        laid = reports.laid_out(futures)
        described = [laid[c.index] for c in chunks]

        # Every page's place in the book, and so every folio.
        starts, blank_before, total, anchors = _place(described, front_pages)
        final_front = front_chunk(parts, {name: str(page + 1) for name, (page, _x, _y) in anchors.items()})
        # The furniture needs only each page's kind, which the counting pass
        # already knows for the front matter (same pages, or retried below):
        # the first worker done with its last chunk draws it
        # (:mod:`essaykit.renderers.pdf.parallel.furniture`), while this process lays out the front
        # matter with the real numbers in its contents.
        furniture_task = pool.submit(_furniture, _page_kinds(counted, described, blank_before))
        front = call(_document, job, 0, final_front.html, front_css, final_front.foreign)
        if len(front.pages) != front_pages:  # the numbers changed a line: count again
            return render_single(job, ctx)
        results = [futures[c.index].result() for c in chunks]
        furniture = furniture_task.result()
    # The pool is gone before the merge: an idle worker still holds its last
    # chunk's boxes (it collects only between documents), 150 MB or more each.
    merger = Merger()
    merger.add([Part(r.pdf, b) for r, b in zip(results, blank_before, strict=True)])
    merger.overlay(furniture, range(front_pages, total), shift=front_pages)
    first = merger.add([Part(front.pdf)], 0)
    merger.overlay(furniture, range(front_pages))

    anchors.update({name: a for name, a in front.anchors.items() if name not in anchors})
    bookmarks = [Bookmark(level, label, start + i, x, y, closed)
                 for r, start in zip([front, *results], [0, *starts], strict=True)
                 for i, page in enumerate(r.pages)
                 for level, label, x, y, closed in page.bookmarks]
    return _finish(job, ctx, merger, first, bookmarks, anchors, [front, *results])


def _parse_here(job: PdfJob, css: list[tuple[str, str | None]]) -> None:
    """Parse the front matter's stylesheets in this process while the pool
    lays out the body: the front matter is laid out here at the end
    (:func:`_document`), and parsing is 0.15-0.25 s (:mod:`essaykit.renderers.pdf.sheets`)."""
    from .. import sheets as pdf_sheets

    pdf_sheets.for_job(job).get(css)


def _render_book(job: PdfJob, ctx: RenderContext, workers: int) -> bytes:
    """A book document (``essaykit book``, :mod:`essaykit.renderers.pdf.book`) in chunks, its
    front matter laid out once, after the body.

    Why no counting pass: a book's body is numbered from 1 at its first
    part or chapter, which opens on a recto whatever the front matter's
    length, so the body's folios, sides and furniture do not depend on
    it; the front matter's own entries in the contents take their roman
    folios from the page they are on (``target-counter``, within the front
    document), and the front's folios are drawn once its pages are known
    (:func:`_front`). The front matter's length only places the body: after
    it, and after a blank verso if it ends on a recto."""
    from .merge import Bookmark, Merger, Part

    assert job.parts is not None
    parts = job.parts
    chunks = body_chunks(parts, workers * CHUNKS_PER_WORKER)
    order = sorted(chunks, key=lambda c: -len(c.html))  # longest first
    front_css = [*job.chunk_css, (BOOK_FRONT_CSS, None)]
    pool, reports = _pool(job, workers)
    with pool:
        futures = {c.index: pool.submit(_lay_out, c.index, c.html, job.chunk_css, c.foreign)
                   for c in order}
        _parse_here(job, front_css)
        laid = reports.laid_out(futures)
        described = [laid[c.index] for c in chunks]
        # Every body page's place, from 0 at the first part or chapter.
        starts, blank_before, total, anchors = _place(described, 0)
        final_front = front_chunk(parts, {name: str(page + 1) for name, (page, _x, _y) in anchors.items()})
        no_front = ChunkResult(0, b"", [], {}, [], [])
        # The body's furniture on the first worker done with its last chunk,
        # the front matter here meanwhile.
        furniture_task = pool.submit(
            _furniture, _book_page_kinds(no_front, described, blank_before, parts.running, 0))
        front, front_furniture = _front(job, final_front.html, front_css, final_front.foreign)
        results = [futures[c.index].result() for c in chunks]
        furniture = furniture_task.result()
    # The pool is gone before the merge (see render_parallel).
    merger = Merger()
    merger.add([Part(r.pdf, b) for r, b in zip(results, blank_before, strict=True)])
    merger.overlay(furniture, range(total))
    first = merger.add([Part(front.pdf)], 0)
    front_pages = len(front.pages)
    if front_pages % 2:
        merger.blank(front_pages)
    merger.overlay(front_furniture, range(front_pages))
    body_start = front_pages + front_pages % 2

    placed = {name: (body_start + page, x, y) for name, (page, x, y) in anchors.items()}
    placed.update({name: a for name, a in front.anchors.items() if name not in placed})
    bookmarks = [Bookmark(level, label, start + i, x, y, closed)
                 for r, start in zip([front, *results], [0, *(body_start + s for s in starts)], strict=True)
                 for i, page in enumerate(r.pages)
                 for level, label, x, y, closed in page.bookmarks]
    return _finish(job, ctx, merger, first, bookmarks, placed, [front, *results])


def _finish(job: PdfJob, ctx: RenderContext, merger: Merger, first: Any, bookmarks: list[Bookmark],
            anchors: dict[str, tuple[int, float, float]], results: list[ChunkResult]) -> bytes:
    """The merged book, tagged when its variant is; should the chunks'
    structure trees not join, the book laid out again in one process
    rather than an untagged PDF."""
    from essaykit.speedups.framestack import call

    from ..layout import render_single, report
    from .merge import CannotMerge

    try:
        data = merger.finish(first, bookmarks, anchors, tagged=job.options.get("pdf_variant") is not None)
    except CannotMerge as exc:
        _LOG.debug("parallel PDF: %s; laid out in one process instead", exc)
        return call(render_single, job, ctx)
    # Once for the book, not once per chunk (each reports its stylesheets' refusals).
    report(ctx, [m for r in results for m in r.refused], [n for r in results for n in r.notes], job.lines)
    return data


def _front(job: PdfJob, html: str, css: list[tuple[str, str | None]],
           foreign: tuple[str, ...]) -> tuple[ChunkResult, bytes]:
    """A book document's final front matter, and its furniture (lower-roman
    folios; none on blind and blank pages), drawn now that its pages are
    known; in this process."""
    from essaykit.speedups.framestack import call

    front = call(_document, job, 0, html, css, foreign)
    kinds = [("bare" if page.blank or page.name in _BLIND else "front", "", roman(i + 1))
             for i, page in enumerate(front.pages)]
    return front, _furniture(kinds, job)


def _place(results: list[ChunkResult], first: int
           ) -> tuple[list[int], list[bool], int, dict[str, tuple[int, float, float]]]:
    """Where each chunk starts when the body's first page is page ``first``
    (a chunk opens on a recto: a blank verso before it when needed), which
    chunks get that blank, the page count after the last, and every
    anchor's page and place."""
    starts: list[int] = []
    blank_before: list[bool] = []
    total = first
    for r in results:
        blank = total % 2 == 1  # the next page would be a verso
        total += blank
        blank_before.append(blank)
        starts.append(total)
        total += len(r.pages)
    anchors = {name: (start + i, x, y)
               for r, start in zip(results, starts, strict=True)
               for name, (i, x, y) in r.anchors.items()}
    return starts, blank_before, total, anchors


def roman(n: int) -> str:
    """``n`` in lower-case roman numerals (front matter folios)."""
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


#: Named pages of a book that carry no furniture at all (see :mod:`essaykit.renderers.pdf.book`).
_BLIND = {"title", "blind", "part", "part-open"}


def _book_page_kinds(front: ChunkResult, results: list[ChunkResult], blank_before: list[bool],
                     running: dict[str, str], body_start: int) -> list[tuple[str, str, str]]:
    """(kind, running head, folio) of every page of a book document: kind
    "bare" (title, dedication, part, blank pages), "front" (roman folio
    only), "open" (a chapter's or back matter page's first page: folio
    only) or "" (folio and running heads: the book's title on the verso,
    the chapter's on the recto). What one WeasyPrint document does with
    named pages and ``counter-reset: page``, page by page."""
    out: list[tuple[str, str, str]] = []
    for i, page in enumerate(front.pages):
        bare = page.blank or page.name in _BLIND
        out.append(("bare" if bare else "front", "", roman(i + 1)))
    section = ""
    for r, blank in zip(results, blank_before, strict=True):
        if blank:
            out.append(("bare", section, ""))
        opens: dict[int, str] = {}
        for name, (i, _x, _y) in sorted(r.anchors.items(), key=lambda a: (a[1][0], -a[1][2])):
            if name in running:
                opens.setdefault(i, running[name])
        for i, page in enumerate(r.pages):
            folio = str(len(out) - body_start + 1)
            if i in opens:
                section = opens[i]
                out.append(("bare" if page.blank else "open", section, folio))
                continue
            bare = page.blank or page.name in _BLIND
            out.append(("bare" if bare else "", section, folio))
    return out


def _page_kinds(front: ChunkResult, results: list[ChunkResult],
                blank_before: list[bool]) -> list[tuple[str, str, str]]:
    """(kind, running head, folio) of every page of the book: kind "bare" (title,
    blank), "front" (contents: folio only) or "" (folio and heads); the
    folio is the page's number from 1 at the title page, written out here
    (not a page counter) so that the furniture can be drawn for any page."""
    out: list[tuple[str, str, str]] = []
    for page in front.pages:
        out.append(("bare" if page.blank or page.name == "title" else "front", "", str(len(out) + 1)))
    levels = [b[0] for r in results for p in r.pages for b in p.bookmarks]
    top = min(levels, default=0)
    section = ""
    for r, blank in zip(results, blank_before, strict=True):
        if blank:
            out.append(("bare", section, ""))
        for page in r.pages:
            heads = [b[1] for b in page.bookmarks if b[0] == top]
            if heads:
                section = heads[0]
            out.append(("bare" if page.blank else "", section, str(len(out) + 1)))
    return out


def _furniture(kinds: list[tuple[str, str, str]], job: PdfJob | None = None) -> bytes:
    """The folios and running heads of every page of the book, as a PDF of
    as many otherwise empty pages (:mod:`essaykit.renderers.pdf.parallel.furniture`): a worker's
    (``job`` None: the pool's) or, given ``job``, this process's."""
    from essaykit.speedups.framestack import call

    from .. import sheets as pdf_sheets
    from .furniture import draw

    if job is None:
        _next_document()
        job = _JOB
    return call(draw, job, kinds, pdf_sheets.for_job(job))
