"""A long essay's PDF laid out run by run, each run resumed where the last
one's layout broke a page, so that no more than one run's boxes are held.

Why: see :mod:`.units` (a 50,000-paragraph essay took 1.3 GB and a minute
in one document). How: lay out units from ``start`` (about
:data:`RUN_PAGES` pages of them); find the last page of that layout that
opens cleanly with a unit — nothing of an earlier unit on it or after it
(text, float or footnote), the unit's top on the page's first line, on a
verso (a run's page 2 is a verso: its margins are the same); keep the
pages before it, write them, and start the next run at that unit. Every
kept page was laid out with the content after it at hand, so it is the
page the whole essay's layout makes. When a run has no such page (one
unit over all its pages: a giant table or code block), the run grows.

The page furniture is drawn over the merged pages as for a book in chunks
(:mod:`.furniture`, :mod:`.merge`): the folio, the essay's title on a
verso and its current section on a recto, none on the first page, as
:func:`essaykit.renderers.pdf.css.page_css` sets them (right to left, the
first page is a left-hand recto; the folio in the essay's digits). Links are resolved
in the merge, by name, wherever their target landed.

When: only where a caller allows more than one process (``jobs``: the CLI;
a library call keeps WeasyPrint's own single document), for an essay
without a title page or contents (:attr:`.job.PdfJob.seams_ok`) of more
than :data:`MIN_PAGES` estimated pages, in a variant the merge can join.
Anything unexpected lays the essay out whole, as before. Where the caller
allows forks, a child writes each run while the next is laid out; where it
allows several processes and the essay is several hundred pages long, it
is cut into spans laid out at once, each in runs (:mod:`.spans`).
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import re
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from . import MERGEABLE_VARIANTS
from .chunks import FOREIGN
from .units import PREFIX, Body, notes_before, run_html, split, unit_pages, weight

if TYPE_CHECKING:
    from essaykit.renderers.base import RenderContext

    from ..job import PdfJob
    from .merge import Bookmark

_LOG = logging.getLogger(__name__)

#: Estimated pages above which an essay is laid out in runs.
MIN_PAGES = 200
#: Estimated pages of one run (its boxes are what is held at a time).
RUN_PAGES = 100
#: How much more than its budget a run lays out, its units marked where
#: they begin (:mod:`.units`): where the run may end.
TAIL = 0.3
#: Lines of a paragraph broken by hand (or of code) after a run's budget:
#: about four pages at most, where a run ends on a verso that opens with one
#: of them; two pages at least, however much their markup weighs.
TAIL_LINES = 180
MIN_TAIL_LINES = 90
#: How many budgets a run that must end on a short page lays out (each such
#: end is one more short page; four budgets hold some 150 MB of boxes).
FORCED_RUNS = 4
#: How close (CSS px) a unit's top must be to a page's first line.
_EPSILON = 0.01
_HREF = re.compile(r'href="#([^"]+)"')


def wanted(job: PdfJob, ctx: RenderContext) -> bool:
    """Whether ``job`` is laid out in runs (module docstring)."""
    from essaykit.forked import jobs_of

    if jobs_of(ctx.option("jobs")) == 1 or not job.seams_ok or job.parts is None:
        return False
    if job.options.get("pdf_variant") not in MERGEABLE_VARIANTS:
        return False
    if importlib.util.find_spec("pikepdf") is None:
        return False
    return estimate(job.parts.main) > MIN_PAGES


def estimate(main: str) -> float:
    """About how many pages' work ``main`` is, without cutting it: its text
    and elements (:func:`.units.weight`), and its blocks (a block of one
    word still takes a line and its spacing)."""
    return weight(main) / 2200 + (main.count("<p") + main.count("<li")) / 32


@dataclass
class _Run:
    """What the merge needs of one run's kept pages."""

    pdf: bytes
    #: Per page: (level, label, x, y, closed) in PDF points.
    bookmarks: list[list[tuple[int, str, float, float, bool]]] = field(default_factory=list)
    #: anchor → (page in the run, x, y) in PDF points.
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    #: The first run of a span after the first (:mod:`.spans`): its first
    #: page was laid out as a document's second page.
    opens_span: bool = False


def render_seamed(job: PdfJob, ctx: RenderContext) -> bytes | None:
    """``job`` laid out in runs and merged, or None when its body cannot be
    cut (the caller lays it out whole)."""
    from essaykit.speedups.framestack import call

    assert job.parts is not None
    body = split(job.parts.main)
    if body is None or len(body.units) < 2:
        return None
    return call(_render, job, ctx, body)


def _render(job: PdfJob, ctx: RenderContext, body: Body) -> bytes | None:
    from essaykit.forked import Forked, may_fork, processes

    from .. import sheets as pdf_sheets
    from ..layout import release_fonts, report

    sheets = pdf_sheets.for_job(job)
    fork = may_fork(ctx.option("jobs"))
    writer = _Writer(job, fork)
    others: list[tuple[int, int, Forked]] = []
    try:
        top = _top(job, sheets, body)
        if top is None:
            return None
        cores = processes(ctx.option("jobs")) if fork else 1
        starts, shift = _spans(job, sheets, body, cores)
        ends = [*starts[1:], len(body.units)]
        # Every span but the first in a child of its own, laid out while
        # this process lays out the first (:mod:`.spans`). Spans at once hold
        # a run's boxes each: shorter runs, about the same memory; and a
        # child to write each run only where a core is left for it.
        pages = max(RUN_PAGES // len(starts), min(RUN_PAGES, 25))
        writes = cores > len(starts)
        writer.fork = fork and writes
        others = [(s, e, Forked(partial(_span, job, sheets, body, top, s, e, pages, writes)))
                  for s, e in zip(starts[1:], ends[1:], strict=True)]
        runs, refused, notes = _lay_out_runs(job, sheets, body, top, writer, 0, ends[0], pages)
        for s, e, child in others:
            try:
                more = child.result()
            except RuntimeError as exc:  # the child died: its span is laid out here
                _LOG.debug("PDF span %d-%d: %s; laid out here", s, e, exc)
                more = _lay_out_runs(job, sheets, body, top, writer, s, e, pages)
            runs += more[0]
            refused += more[1]
            notes += more[2]
    finally:
        writer.cancel()  # a child still writing when something failed
        for _s, _e, child in others:
            child.cancel()
        # The runs share one font configuration (the sheets'): its folder of
        # prepared faces goes when the last run is written, not before.
        release_fonts(sheets)
        pdf_sheets.forget()
    report(ctx, refused, notes, job.lines)
    return _merge(job, runs, _top_level(body), shift)


def _spans(job: PdfJob, sheets: Any, body: Body, processes: int) -> tuple[list[int], float]:
    """The units where the spans begin (the first: 0) and how far a recto's
    text block sits right of a verso's (:mod:`.spans`)."""
    from . import spans

    wanted = spans.count(estimate(job.parts.main if job.parts else ""), processes)
    if wanted < 2 or not spans.page_is_plain(job.chunk_css):
        return [0], 0.0
    shift = spans.side_shift(job, sheets)
    if shift is None:
        return [0], 0.0
    return [0, *spans.cuts(body, wanted)], shift


def _span(job: PdfJob, sheets: Any, body: Body, top: float, start: int, stop: int,
          pages: int, writes: bool) -> tuple[list[_Run], list[str], list[str]]:
    """Units ``start`` … ``stop - 1`` in runs, in a forked child (each run
    written by a child of its own where ``writes``, as in the parent)."""
    writer = _Writer(job, writes)
    try:
        return _lay_out_runs(job, sheets, body, top, writer, start, stop, pages)
    finally:
        writer.cancel()


def _lay_out_runs(job: PdfJob, sheets: Any, body: Body, top: float, writer: _Writer,
                  begin: int = 0, stop: int | None = None,
                  run_pages: int | None = None) -> tuple[list[_Run], list[str], list[str]]:
    """Units ``begin`` … ``stop - 1`` (a span: :mod:`.spans`; by default the
    whole body) laid out in runs of about ``run_pages`` (:data:`RUN_PAGES`),
    cut and handed to ``writer`` (module docstring): the runs, and the
    refused URLs and WeasyPrint's notes of them all."""
    units = body.units
    stop = len(units) if stop is None else stop
    index = {u.anchor: i for i, u in enumerate(units)}
    home = {note: i for i, u in enumerate(units) for note in u.notes}
    costs = [unit_pages(u) for u in units[:stop]]
    runs: list[_Run] = []
    refused: list[str] = []
    notes: list[str] = []
    start, pages_done = begin, 0
    # A span after the first begins as a run does, behind a filler: its
    # first page was laid out as a document's second.
    origin = 1 if begin > 0 else 0
    lines = [u.group >= 0 for u in units[:stop]]
    while start < stop:
        budget = run_pages or RUN_PAGES
        tries = 0
        # The run's first page as the side it will have: behind one filler
        # (the document's verso page 2), or two (a recto) after a forced end.
        fillers = 0 if start == 0 else 1 if (origin + pages_done) % 2 else 2
        while True:
            marked, end = _end(costs, start, budget, lines)
            if end == stop:
                marked = end
            # Where no unit after the budget can open a page (the rest of a
            # paragraph cut mid-line), or twice none did: the run ends after
            # its budget, on a short page, and the next opens a new one.
            forced = end < stop and (tries == 2 or all(units[i].mid for i in range(marked, end)))
            if forced:
                # Each forced end is a short page: fewer, longer runs.
                marked = _end(costs, start, (run_pages or RUN_PAGES) * FORCED_RUNS, lines)[0]
                end = min(marked, stop)
            rendered, run_refused, run_notes = _lay_out(job, sheets, body, start, end, marked, fillers)
            first = fillers
            if end == stop or forced:
                cut = len(rendered.pages)
                following = end
                break
            found = _seam(rendered.pages, first, origin + pages_done, index, home, top)
            if found is not None:
                cut, following = found
                break
            budget *= 2  # one unit over every page: take more
            tries += 1
        kept = rendered.copy(rendered.pages[first:cut])
        run = _describe(kept)
        run.opens_span = begin > 0 and not runs
        runs.append(run)
        writer.write(run, kept)
        refused += run_refused
        notes += run_notes
        pages_done += cut - first
        start = following
        del kept
        rendered = None
        gc.collect()  # a run's boxes hold cycles: free them before the next run
    writer.finish()
    return runs, refused, notes


class _Writer:
    """Each run's PDF: written by a forked child (a fifth of the time) while
    the next run is laid out here, one child at a time so that at most two
    runs' boxes are held; in this process where forks are not allowed."""

    def __init__(self, job: PdfJob, fork: bool) -> None:
        self.job = job
        self.fork = fork
        self.pending: tuple[_Run, Any] | None = None

    def write(self, run: _Run, kept: Any) -> None:
        from essaykit.forked import Forked

        from ..layout import write

        self.finish()
        if self.fork:
            self.pending = (run, Forked(partial(write, kept, self.job)))
        else:
            run.pdf = write(kept, self.job)

    def finish(self) -> None:
        if self.pending is not None:
            run, child = self.pending
            self.pending = None
            run.pdf = child.result()

    def cancel(self) -> None:
        if self.pending is not None:
            self.pending[1].cancel()
            self.pending = None


def _end(costs: list[float], start: int, budget: float, lines: list[bool] | None = None) -> tuple[int, int]:
    """Where a run from ``start`` of about ``budget`` pages marks its units
    and where it ends: the units after its budget, about ``TAIL`` of it more,
    are where it may end (a run that does not end the essay never keeps its
    last page). After the budget, not within it: a unit longer than a run
    (a 10,000-row table) is then laid out once, with room after it to end.
    Lines of a paragraph broken by hand or of code (``lines``) open nearly
    every page: :data:`MIN_TAIL_LINES` to :data:`TAIL_LINES` of them are
    tail enough (each costs a paragraph's layout there)."""
    total, marked = 0.0, start
    while marked < len(costs) and (total < budget or marked == start):
        total += costs[marked]
        marked += 1
    tail, end, counted = 0.0, marked, 0
    while end < len(costs):
        line = bool(lines and lines[end])
        if tail >= budget * TAIL and (not line or counted >= MIN_TAIL_LINES) or line and counted >= TAIL_LINES:
            break
        tail += costs[end]
        counted += line
        end += 1
    return marked, end


def _lay_out(job: PdfJob, sheets: Any, body: Body, start: int, end: int,
             marked: int | None = None, fillers: int = 1) -> tuple[Any, list[str], list[str]]:
    from ..layout import layout

    assert job.parts is not None
    main = _link_out(run_html(body, start, end, marked, fillers))
    html = job.parts.html(front=job.parts.front if start == 0 else "", main=main)
    before = notes_before(body, start)
    if before:  # footnote numbers run on
        html = html.replace('<body class="', f'<body style="counter-reset: footnote {before}" class="', 1)
    return layout(replace(job, html=html, css=job.chunk_css), sheets)


def _link_out(html: str) -> str:
    """Every link inside the essay as a link to a name the merge resolves
    (:data:`.chunks.FOREIGN`): its target may be in another run."""
    return _HREF.sub(lambda m: f'href="{FOREIGN}{m.group(1)}"', html)


def _top(job: PdfJob, sheets: Any, body: Body) -> float | None:
    """Where a unit's top is on a page it opens after an unforced break (CSS
    px): measured on a run of one small unit behind the filler."""
    units = body.units
    # Not the first line of a paragraph or code block cut in lines (:mod:`.units`):
    # its margin or padding above is kept.
    i = min(range(1, min(len(units), 64)),
            key=lambda k: (units[k].group >= 0 and units[k - 1].group != units[k].group, len(units[k].html)))
    rendered, _refused, _notes = _lay_out(job, sheets, body, i, i + 1)
    return _unit_top(rendered, body.units[i].anchor)


def _unit_top(rendered: Any, anchor: str) -> float | None:
    """The top of ``anchor`` on the second page of a run (its first kept page)."""
    if len(rendered.pages) < 2:
        return None
    place = rendered.pages[1].anchors.get(anchor)
    return float(place[1]) if place else None


def _seam(pages: list[Any], first: int, pages_done: int, index: dict[str, int], home: dict[str, int],
          top: float) -> tuple[int, int] | None:
    """(page, unit): the last page of a run's layout the next run can start
    at, and the unit that opens it; None if none can (module docstring)."""
    n = len(pages)
    # A unit's sliver at the foot of a page, with nothing of it there (a
    # code block whose next line moved on whole, to keep its lines
    # together) is not where it begins.
    seen: set[str] = set()
    slivers: set[tuple[int, str]] = set()
    for p in range(n - 1, -1, -1):
        for name, place in pages[p].anchors.items():
            if name in seen and len(place) > 3 and float(place[3]) - float(place[1]) < 1:
                slivers.add((p, name))
            seen.add(name)
    # Per page: the units that begin on it, the units of the notes set on it.
    begins: list[list[tuple[float, int]]] = []
    lowest: list[int] = []
    highest: list[int] = []
    for p, page in enumerate(pages):
        here: list[tuple[float, int]] = []
        owners: list[int] = []
        for name, place in page.anchors.items():
            if (p, name) in slivers:
                continue
            if name in index:
                here.append((float(place[1]), index[name]))
                owners.append(index[name])
            elif name in home:
                owners.append(home[name])
        begins.append(here)
        lowest.append(min(owners, default=1 << 62))
        highest.append(max(owners, default=-1))
    # The least unit on any page from p on; the greatest on any page before p.
    after = [1 << 62] * (n + 1)
    for p in range(n - 1, -1, -1):
        after[p] = min(lowest[p], after[p + 1])
    before = [-1] * (n + 1)
    for p in range(n):
        before[p + 1] = max(before[p], highest[p])
    for p in range(n - 1, first, -1):
        if (pages_done + p - first) % 2 == 0:  # the next run's page 2 is a verso
            continue
        if not begins[p]:
            continue
        y, unit = min(begins[p])
        if abs(y - top) > _EPSILON or after[p] < unit or before[p] >= unit:
            continue
        return p, unit
    return None


def _describe(kept: Any) -> _Run:
    """What the merge needs of a run's kept pages (its PDF written apart)."""
    run = _Run(b"")
    for i, page in enumerate(kept.pages):
        marks = [(level, label, x * 0.75, (page.height - y) * 0.75, state == "closed")
                 for level, label, (x, y), state in page.bookmarks]
        run.bookmarks.append(marks)
        for name, (x, y, *_rest) in page.anchors.items():
            if not name.startswith(PREFIX) and name not in run.anchors:
                run.anchors[name] = (i, x * 0.75, (page.height - y) * 0.75)
    return run


def _top_level(body: Body) -> int:
    """The level of the essay's sections (what the recto's running head
    shows: ``string-set: section`` on them), 0 if it has none."""
    levels = [int(m[1]) for u in body.units if (m := re.match(r"<h([1-6])\b", u.html))]
    return min(levels, default=0)


def _merge(job: PdfJob, runs: list[_Run], level: int, shift: float = 0.0) -> bytes | None:
    """The runs' pages as one PDF, furniture drawn over them (module
    docstring); the pages of a span laid out for the other side moved
    sideways by ``shift`` (:mod:`.spans`)."""
    from ..html import running_head
    from .furniture import draw
    from .merge import Bookmark, CannotMerge, Merger, Part
    from .spans import move_sideways

    kinds: list[tuple[str, str, str]] = []
    bookmarks: list[Bookmark] = []
    anchors: dict[str, tuple[int, float, float]] = {}
    moved: dict[int, float] = {}
    section = ""
    wrong_side = False  # the current span's pages were laid out for the other side
    for run in runs:
        start = len(kinds)
        if run.opens_span:
            # Laid out as a second page (odd); here it is page ``start``.
            wrong_side = start % 2 == 0
        if wrong_side:
            # A page laid out as an odd page is an even one here: moved by
            # ``shift``; an even one, the other way.
            for i in range(len(run.bookmarks)):
                moved[start + i] = shift if (start + i) % 2 == 0 else -shift
        for name, (i, x, y) in run.anchors.items():
            anchors.setdefault(name, (start + i, x + moved.get(start + i, 0.0), y))
        for marks in run.bookmarks:
            page = len(kinds)
            dx = moved.get(page, 0.0)
            marks = [(lvl, label, x + dx, y, closed) for lvl, label, x, y, closed in marks]
            # ``string(section)``: the first section begun on the page, else
            # the last one begun before it.
            heads = [label for lvl, label, *_ in marks if lvl == level]
            shown = running_head(heads[0]) if heads else section
            if heads:
                section = running_head(heads[-1])
            folio = str(page + 1).translate(str.maketrans("0123456789", job.folio_digits))
            kinds.append(("bare" if page == 0 else "", shown, folio))
            bookmarks += [Bookmark(lvl, label, page, x, y, closed) for lvl, label, x, y, closed in marks]
    furniture = draw(job, kinds)
    merger = Merger()
    first = merger.add([Part(run.pdf) for run in runs])
    move_sideways(merger.pdf, moved)
    merger.overlay(furniture, range(len(kinds)))
    try:
        return merger.finish(first, bookmarks, anchors, tagged=job.options.get("pdf_variant") is not None)
    except CannotMerge as exc:
        _LOG.debug("PDF in runs: %s; laid out whole instead", exc)
        return None


__all__ = ["MIN_PAGES", "RUN_PAGES", "render_seamed", "wanted"]
