"""Where things go on a slide, and the sizes at which the plan's text fits.

The planner decides *what* a slide says; this module decides *how big* it can
be drawn. Every text box is measured with the theme font's real advance widths
(:mod:`essaykit.transform.textfit`) at decreasing sizes down to a floor; a
slide that does not fit even at the floor is split (bullets, code lines, table
rows) into more slides. So the renderer never relies on PowerPoint's
shrink-on-overflow, which LibreOffice and PDF exports ignore.

All geometry is in points; the renderer converts to EMU.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from essaykit.transform.slides import Bullet, Slide, TableData
from essaykit.transform.textfit import Measurer, fit_size, text_of

from .style import DeckStyle

#: Inner margins of every text frame (points): left/right, top/bottom.
PAD_X, PAD_Y = 6.0, 4.0
#: Hanging indent of a bullet, per level, in ems of the body size.
BULLET_INDENT = 1.1
#: Hanging indent of a numbered item from 10 on ("10."), in ems.
NUMBER_INDENT = 1.7
#: Extra space before each bullet, in ems.
BULLET_GAP = 0.45
#: Smallest sizes: body text stays legible from the back of a room.
MIN_BODY, MIN_TITLE, MIN_CODE, MIN_TABLE = 24.0, 24.0, 12.0, 12.0
#: An agenda is a list of names read at a glance: it may go smaller to stay one slide.
MIN_AGENDA = 16.0
#: Code goes down to this size before a line of it wraps.
MIN_CODE_UNWRAPPED = 16.0
#: Cell margins of native tables (points).
CELL_X, CELL_Y = 7.2, 3.6


def bullet_indent(bullets: tuple[Bullet, ...]) -> float:
    """The hanging indent of a slide's points, in ems: room for a bullet, or
    for the widest number of a numbered list ("10.")."""
    widest = max((b.number for b in bullets if b.number is not None), default=0)
    return NUMBER_INDENT if widest >= 10 else BULLET_INDENT


def list_starts(bullets: tuple[Bullet, ...]) -> list[int | None]:
    """For each point, the number its run of numbered items starts at (None
    for a bullet): items that count on from the one before at their level,
    even across deeper points, are one list."""
    out: list[int | None] = []
    last: dict[int, tuple[int, int]] = {}  # level -> (its last number, its run's start)
    for b in bullets:
        for deeper in [k for k in last if k > b.level]:
            del last[deeper]
        if b.number is None:
            last.pop(b.level, None)
            out.append(None)
            continue
        prev = last.get(b.level)
        start = prev[1] if prev is not None and prev[0] == b.number - 1 else b.number
        last[b.level] = (b.number, start)
        out.append(start)
    return out


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def inner_w(self) -> float:
        return self.w - 2 * PAD_X

    @property
    def inner_h(self) -> float:
        return self.h - 2 * PAD_Y


@dataclass(frozen=True)
class Frames:
    """The boxes of each kind of slide."""

    width: float
    height: float
    cover_title: Box
    cover_subtitle: Box
    section_number: Box
    section_title: Box
    title: Box
    body: Box
    quote: Box
    attribution: Box
    footer: Box
    number: Box

    @classmethod
    def default(cls, width: float, height: float = 540.0) -> Frames:
        """Generous margins and a clear hierarchy on a 16:9 or 4:3 slide."""
        m = 56.0 if width > 800 else 44.0
        inner = width - 2 * m
        return cls(
            width=width,
            height=height,
            cover_title=Box(m, 120, inner, 190),
            cover_subtitle=Box(m, 330, inner, 140),
            section_number=Box(m, 150, inner, 56),
            section_title=Box(m, 212, inner, 200),
            title=Box(m, 34, inner, 92),
            body=Box(m, 140, inner, 340),
            quote=Box(m + 36, 60, inner - 72, 330),
            attribution=Box(m + 36, 400, inner - 72, 64),
            footer=Box(m, 496, inner - 120, 28),
            number=Box(width - m - 100, 496, 100, 28),
        )


@dataclass
class Fitted:
    """A slide with the sizes it is drawn at."""

    slide: Slide
    sizes: dict[str, float] = field(default_factory=dict)
    #: Table column widths in points.
    columns: tuple[float, ...] = ()


CONTINUED = " — continued"
_CUE = re.compile(r"^\[~\d+:\d\d\]\s*")


def share_time(parts: list[Fitted], seconds: int) -> None:
    """A slide split in several shares its time (by how much each part
    shows, in steps of 5 s, the total unchanged), and each part's notes
    open with its own cue ("[~0:40]") as the planner's do."""
    if seconds <= 0:
        return
    sizes = [max(1, _amount(f.slide)) for f in parts]
    steps = seconds // 5
    least = 1 if steps >= len(parts) else 0  # every part some time where there is enough
    spare = steps - least * len(parts)
    raw = [spare * n / sum(sizes) for n in sizes]
    given = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: given[i] - raw[i])[: spare - sum(given)]:
        given[i] += 1
    given = [g + least for g in given]
    rest = seconds - 5 * steps  # never lost: the first part keeps it
    for i, f in enumerate(parts):
        secs = 5 * given[i] + (rest if i == 0 else 0)
        body = _CUE.sub("", f.slide.notes, count=1)
        f.slide = replace(f.slide, seconds=secs, notes=f"[~{secs // 60}:{secs % 60:02d}] {body}".strip())


def _amount(slide: Slide) -> int:
    """How much a part of a split slide shows."""
    if slide.kind == "code":
        return len(slide.code.split("\n"))
    if slide.kind == "table" and slide.table is not None:
        return len(slide.table.rows)
    return sum(len(b.text.split()) for b in slide.bullets)


class Fitter:
    def __init__(self, frames: Frames, style: DeckStyle):
        self.f = frames
        self.s = style

    def fit(self, slides: tuple[Slide, ...]) -> list[Fitted]:
        out: list[Fitted] = []
        for slide in slides:
            parts = self.fit_one(slide)
            if len(parts) > 1:
                share_time(parts, slide.seconds)
                for f in parts[1:]:
                    if f.slide.title and not f.slide.title.endswith(CONTINUED):
                        # Never "(2/3)"; the planner's words for a part after the first.
                        size, title = self._shrink(
                            self.s.heading_measure, f.slide.title + CONTINUED, self.f.title,
                            self.s.title_size, MIN_TITLE,
                        )
                        f.slide = replace(f.slide, title=title)
                        f.sizes["title"] = size
            out.extend(parts)
        return out

    # -- per kind ---------------------------------------------------------

    def fit_one(self, slide: Slide) -> list[Fitted]:
        kind = slide.kind
        if kind in {"title", "closing"}:
            return [self._cover(slide)]
        if kind == "section":
            size, title = self._shrink(
                self.s.heading_measure, slide.title, self.f.section_title, 48, 28
            )
            return [Fitted(replace(slide, title=title), {"title": size, "number": 28})]
        if kind in {"points", "agenda"}:
            return self._points(slide)
        if kind == "quote":
            return [self._quote(slide)]
        if kind in {"code", "maths"}:
            return self._code(slide)
        if kind == "table":
            return self._table(slide)
        # image: only the title (caption) is text.
        return [self._titled(slide, {}, top=36)]

    def _titled(self, slide: Slide, sizes: dict[str, float], top: float | None = None) -> Fitted:
        size, title = self._shrink(
            self.s.heading_measure, slide.title, self.f.title, top or self.s.title_size, MIN_TITLE
        )
        return Fitted(replace(slide, title=title), {"title": size, **sizes})

    def _shrink(
        self, m: Measurer, text: str, box: Box, top: float, floor: float
    ) -> tuple[float, str]:
        """The size ``text`` fits ``box`` at, going below ``floor`` to 16pt and
        shortening only as a last resort (the notes keep every word)."""
        if not text:
            return top, text
        size = fit_size(m, [text], box.inner_w, box.inner_h, top, floor)
        if size is None:
            size = fit_size(m, [text], box.inner_w, box.inner_h, floor, 16)
        if size is not None:
            return size, text
        # The most words that fit, found by halving (one at a time took 76 s
        # for a 20,000-character heading).
        words = text.split()

        def fits(n: int) -> bool:
            return m.height([" ".join(words[:n]) + "…"], box.inner_w, 16) <= box.inner_h

        lo, hi = 0, len(words) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(mid):
                lo = mid
            else:
                hi = mid - 1
        if lo >= 1:
            return 16.0, " ".join(words[:lo]) + "…"
        return 16.0, text[:40] + "…"

    def _cover(self, slide: Slide) -> Fitted:
        size, title = self._shrink(self.s.heading_measure, slide.title, self.f.cover_title, 54, 32)
        lines = slide.subtitle.split("\n") if slide.subtitle else []
        sub = (
            fit_size(
                self.s.body_measure,
                lines,
                self.f.cover_subtitle.inner_w,
                self.f.cover_subtitle.inner_h,
                28,
                14,
            )
            if lines
            else 28
        )
        if sub is None:
            # A long description: keep its first sentence-sized piece on the slide.
            lines = [
                text[:160].rsplit(" ", 1)[0] + "…" if len(text) > 160 else text for text in lines
            ]
            sub = (
                fit_size(
                    self.s.body_measure,
                    lines,
                    self.f.cover_subtitle.inner_w,
                    self.f.cover_subtitle.inner_h,
                    24,
                    12,
                )
                or 12
            )
            slide = replace(slide, subtitle="\n".join(lines))
        return Fitted(replace(slide, title=title), {"title": size, "subtitle": sub})

    def bullet_width(self, size: float, level: int, indent: float = BULLET_INDENT) -> float:
        return self.f.body.inner_w - indent * size * (level + 1)

    def bullets_height(self, bullets: tuple[Bullet, ...], size: float) -> float:
        m = self.s.body_measure
        indent = bullet_indent(bullets)
        lines = sum(len(m.wrap(b.text, self.bullet_width(size, b.level, indent), size)) for b in bullets)
        gaps = max(0, len(bullets) - 1) * BULLET_GAP * size
        return lines * size * m.line_factor + gaps

    def _points(self, slide: Slide) -> list[Fitted]:
        if slide.kind == "points" and not slide.bullets and slide.title:
            # A statement: one point said whole, set large in the middle of
            # the slide (not a title over an empty frame).
            size, title = self._shrink(
                self.s.heading_measure, slide.title, self.f.quote, 44, MIN_TITLE
            )
            return [Fitted(replace(slide, title=title), {"title": size, "statement": 1.0})]
        top = self.s.body_size
        size = top
        # An agenda fits one slide: smaller type before a second agenda slide.
        floor = MIN_AGENDA if slide.kind == "agenda" else MIN_BODY
        while size >= floor and self.bullets_height(slide.bullets, size) > self.f.body.inner_h:
            size -= 2
        if size >= floor:
            return [self._titled(slide, {"body": size})]
        n = len(slide.bullets)
        if n > 1:
            # The fewest even parts that each fit (2/1/2 reads as a mistake).
            for k in range(2, n + 1):
                per = -(-n // k)
                chunks = [slide.bullets[i : i + per] for i in range(0, n, per)]
                if all(self.bullets_height(c, MIN_BODY) <= self.f.body.inner_h for c in chunks):
                    break
            parts = [replace(slide, bullets=chunks[0])] + [
                replace(slide, bullets=c, notes="\n".join(b.text for b in c)) for c in chunks[1:]
            ]
            return [f for part in parts for f in self.fit_one(part)]
        # One bullet too long even at the floor: let it go smaller.
        while size > 14 and self.bullets_height(slide.bullets, size) > self.f.body.inner_h:
            size -= 2
        return [self._titled(slide, {"body": size})]

    def _quote(self, slide: Slide) -> Fitted:
        text = "“" + text_of(slide.quote) + "”"
        m = self.s.heading_measure
        size = fit_size(m, [text], self.f.quote.inner_w, self.f.quote.inner_h, 44, 24)
        if size is None:
            size = fit_size(m, [text], self.f.quote.inner_w, self.f.quote.inner_h, 22, 12) or 12
        att = 24.0
        if slide.attribution:
            att = (
                fit_size(
                    self.s.body_measure,
                    ["— " + slide.attribution],
                    self.f.attribution.inner_w,
                    self.f.attribution.inner_h,
                    24,
                    12,
                )
                or 12
            )
        return Fitted(slide, {"quote": size, "attribution": att})

    def _code(self, slide: Slide) -> list[Fitted]:
        slide = self._code_in_reach(slide)
        lines = slide.code.split("\n")
        box = self.f.body
        m = self.s.code_measure
        size = self._code_unwrapped(lines, box.inner_w - 12, box.inner_h - 12)
        if size is None:
            size = fit_size(m, lines, box.inner_w - 12, box.inner_h - 12, 24, MIN_CODE, step=1)
        if size is None and len(lines) > 1:
            half = (len(lines) + 1) // 2
            return self._code(replace(slide, code="\n".join(lines[:half]))) + self._code(
                replace(slide, code="\n".join(lines[half:]), notes="\n".join(lines[half:]))
            )
        return [self._titled(slide, {"code": size or MIN_CODE})]

    def _code_in_reach(self, slide: Slide) -> Slide:
        """``slide`` with no line of code longer than a box holds at the
        smallest size, nor more code than sixteen boxes: the rest is cut
        ("…") and kept in the notes, which then hold the whole listing.
        Why: a 700,000-character line was measured at every size, then laid
        out whole on one slide (a minute a format)."""
        box, m = self.f.body, self.s.code_measure
        per_line = int(box.inner_w / max(m.width("i", MIN_CODE), 1.0)) + 1
        rows = int(box.inner_h / (MIN_CODE * m.line_factor)) + 1
        reach = per_line * rows
        if len(slide.code) <= reach and "\n" not in slide.code:
            return slide
        kept, used, cut = [], 0, False
        for line in slide.code.split("\n"):
            if len(line) > reach:
                line, cut = line[:reach] + " …", True
            if used + len(line) > 16 * reach:
                kept.append("…")
                cut = True
                break
            kept.append(line)
            used += len(line) + 1
        if not cut:
            return slide
        notes = slide.notes if slide.code in slide.notes else f"{slide.notes}\n\n{slide.code}".strip()
        return replace(slide, code="\n".join(kept), notes=notes)

    def _code_unwrapped(self, lines: list[str], width: float, height: float) -> float | None:
        """The largest size (24 down to 16 pt) at which no line of code wraps
        and all fit: a listing reads as written. None if there is none."""
        m = self.s.code_measure
        widest = max(lines, key=len, default="")
        size = 24.0
        while size >= MIN_CODE_UNWRAPPED:
            if m.width(widest, size) <= width and all(m.width(x, size) <= width for x in lines):
                if m.height(lines, width, size) <= height:
                    return size
                return None  # too many lines at the size they fit across: the usual fit decides
            size -= 1
        return None

    def columns(self, table: TableData, size: float) -> tuple[float, ...]:
        """Column widths: proportional to each column's longest word and text."""
        rows = table.head + table.rows
        ncols = max((len(r) for r in rows), default=1)
        m = self.s.body_measure
        need = []
        for c in range(ncols):
            cells = [r[c] for r in rows if c < len(r)]
            longest_word = max((m.width(w, size) for t in cells for w in t.split()), default=10)
            full = max((m.width(t, size) for t in cells), default=10)
            need.append((longest_word + 2 * CELL_X, full + 2 * CELL_X))
        total = self.f.body.w
        min_sum = sum(a for a, _ in need)
        full_sum = sum(b for _, b in need)
        if full_sum <= total:
            extra = (total - full_sum) / ncols
            return tuple(b + extra for _, b in need)
        if min_sum > total:
            return tuple(total / ncols for _ in need)
        # Between: the minimum, plus the rest shared by how much more each wants.
        spare = total - min_sum
        want = full_sum - min_sum
        return tuple(a + spare * (b - a) / want for a, b in need)

    def table_height(self, table: TableData, size: float, cols: tuple[float, ...]) -> float:
        m = self.s.body_measure
        h = 0.0
        for row in table.head + table.rows:
            lines = max(
                (
                    len(m.wrap(cell, cols[i] - 2 * CELL_X, size))
                    for i, cell in enumerate(row)
                    if i < len(cols)
                ),
                default=1,
            )
            h += lines * size * m.line_factor + 2 * CELL_Y + 2
        return h

    def _table(self, slide: Slide) -> list[Fitted]:
        table = slide.table or TableData()
        size = 24.0
        while size >= MIN_TABLE:
            cols = self.columns(table, size)
            if self.table_height(table, size, cols) <= self.f.body.h:
                return [self.with_columns(self._titled(slide, {"table": size}))]
            size -= 1
        if len(table.rows) > 1:
            half = (len(table.rows) + 1) // 2
            a = replace(slide, table=replace(table, rows=table.rows[:half]))
            b = replace(
                slide,
                table=replace(table, rows=table.rows[half:]),
                notes="\n".join(" | ".join(r) for r in table.rows[half:]),
            )
            return self._table(a) + self._table(b)
        return [self.with_columns(self._titled(slide, {"table": MIN_TABLE}))]

    def with_columns(self, fitted: Fitted) -> Fitted:
        if fitted.slide.table is not None:
            fitted.columns = self.columns(fitted.slide.table, fitted.sizes.get("table", 14))
        return fitted
