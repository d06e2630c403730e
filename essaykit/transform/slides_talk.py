"""Sizing a talk to its slot: which planned slides a speaker shows in N
minutes, in what order of parts, and how long each one gets.

Why a stage of its own: the section planner (:mod:`.slides_sections`) makes
a candidate slide of everything worth showing, and a long essay gives far
more than a talk holds (a 6,000-word post, a hundred). Here the candidates
are tidied (no lead-in-only slide, no slide repeating the one before),
sections are weighed (length, emphasis, pull quotes, headings) and given
slides in proportion, the best of each section kept at about one and a half
slides a minute; what is left out rides in the notes of the slide before,
in the essay's order. The agenda fits one slide: many short sections (a
heading per year) are grouped into periods or trimmed to the weightiest.
Plain data in, plain data out; it imports nothing of the planner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .slides_data import Bullet, DeckOptions, Slide
from .textfit import Run, emphasis_share, text_of, word_count

#: The deck's own slides (title, closing) and the opening before any section.
DECK, LEAD = -1, 0
#: Longest default talk, minutes: no conference slot is longer.
LONGEST = 45
#: With no slot given, a deck this short is kept whole.
SHORT_DECK = 24


@dataclass
class Cand:
    """A planned slide, the top section it belongs to (1…n, or LEAD/DECK)."""

    slide: Slide
    sec: int
    keep: bool = True


def default_minutes(words: int) -> int:
    """A talk of sensible length for an essay of ``words`` words: its reading
    aloud (150 words a minute) up to 20 minutes, then growing slowly (a
    6,000-word post, 28 minutes; a book-length essay, 45)."""
    if words <= 3000:
        return max(3, round(words / 150))
    return min(LONGEST, round(20 + 8 * math.log2(words / 3000)))


def slide_budget(minutes: float, opts: DeckOptions) -> int:
    """Most slides for the slot, title and closing included."""
    return max(5, math.floor(opts.slides_per_minute * minutes) + 2)


# ------------------------------------------------------------------ tidying


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _shown(slide: Slide) -> str:
    if slide.kind == "quote":
        return _norm(text_of(slide.quote))
    return _norm(" ".join([slide.title, *(b.text for b in slide.bullets)]))


def _repeats(a: str, b: str) -> bool:
    """``b`` says what ``a`` says (one holds the other, five words or more)."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short.split()) >= 5 and short in long_


def _bullet_repeats(bullet: str, quote: str) -> bool:
    """The bullet is the quote's sentence, perhaps shortened ("But a strategy
    … is just a wish list"): its pieces, in order, are in ``quote`` (normed)."""
    pieces = [_norm(p) for p in bullet.split("…")]
    pieces = [p for p in pieces if p]
    if sum(len(p.split()) for p in pieces) < 4:
        return False
    at = 0
    for p in pieces:
        found = quote.find(p, at)
        if found < 0:
            return False
        at = found + len(p)
    return True


def _merge_notes(first: str, second: str) -> str:
    return "\n\n".join(x for x in (first.strip(), second.strip()) if x)


def tidy(cands: list[Cand]) -> list[Cand]:
    """No slide that only leads into the next; no two slides in a row that
    say the same thing. Notes are merged in the essay's order."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        s = c.slide
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        # A lead-in ("This function looks like this:") joins the slide it leads to.
        if (
            s.kind == "points"
            and len(s.bullets) <= 1
            and (s.bullets[-1].text if s.bullets else s.title).rstrip().endswith((":", "："))
            and nxt is not None
            and nxt.slide.kind not in {"section", "closing"}
        ):
            cands[i + 1] = replace(nxt, slide=replace(
                nxt.slide, notes=_merge_notes(s.notes, nxt.slide.notes)))
            i += 1
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.sec == c.sec and _dedupe(prev, c, out):
            i += 1
            continue
        if s.kind == "quote" and s.part[0] == 1 and _said_before(c, out):
            i += 1
            continue
        out.append(c)
        i += 1
    return out


#: Slides of its section a quote slide is compared with (a talk's audience
#: remembers a few slides back; a book-length section must stay linear).
_LOOK_BACK = 12


def _said_before(c: Cand, out: list[Cand]) -> bool:
    """A quote slide whose sentence a point slide of its section already
    showed (not just before it: :func:`_dedupe` sees to that): the bullet
    goes where the slide keeps others, else the quote slide does (its notes
    join the slide before). True when the quote slide is gone."""
    quote = _shown(c.slide)
    for k in range(len(out) - 2, max(-1, len(out) - 2 - _LOOK_BACK), -1):
        prev = out[k]
        if prev.sec != c.sec or prev.slide.kind == "section":
            break
        a = prev.slide
        if a.kind != "points":
            continue
        left = tuple(x for x in a.bullets if not _bullet_repeats(x.text, quote))
        if len(left) == len(a.bullets):
            continue
        if left:
            out[k] = replace(prev, slide=replace(a, bullets=left))
            return False
        out[-1] = replace(out[-1], slide=replace(
            out[-1].slide, notes=_merge_notes(out[-1].slide.notes, c.slide.notes)))
        return True
    return False


def _dedupe(prev: Cand, c: Cand, out: list[Cand]) -> bool:
    """Handle ``c`` repeating ``prev``; True when ``c`` is gone (its notes
    moved to ``prev``)."""
    a, b = prev.slide, c.slide
    if a.kind == "section" or b.kind == "section":
        return False
    if b.kind == "quote" and b.part[0] == 1 and a.kind == "points" and not a.title:
        # A slide with no title found (nothing of it reads whole) before the
        # quotation of its paragraph: the quote slide says its point.
        out.pop()
        c.slide = replace(b, notes=_merge_notes(a.notes, b.notes))
        out.append(c)
        return True
    if b.kind == "quote" and b.part[0] == 1 and a.kind in {"quote", "points"}:
        quote = _shown(b)
        if a.kind == "quote" and _repeats(_shown(a), quote):
            out[-1] = replace(prev, slide=replace(a, notes=_merge_notes(a.notes, b.notes)))
            return True
        if a.kind == "points":
            left = tuple(x for x in a.bullets if not _bullet_repeats(x.text, quote))
            if any(emphasis_share(x.runs) > 0.8 for x in a.bullets if x not in left):
                # The author set it in bold: the quote slide keeps the emphasis.
                b = replace(b, quote=tuple(replace(r, bold=True) for r in b.quote))
                c.slide = b
            if len(left) < len(a.bullets):
                if left:
                    out[-1] = replace(prev, slide=replace(a, bullets=left))
                else:
                    # Nothing of its own left: the quote slide says it.
                    out.pop()
                    c.slide = replace(b, notes=_merge_notes(a.notes, b.notes))
                    out.append(c)
                    return True
            elif not a.bullets and _repeats(_norm(a.title), quote):
                out.pop()
                c.slide = replace(b, notes=_merge_notes(a.notes, b.notes))
                out.append(c)
                return True
        return False
    if a.kind == "quote" and b.kind == "points":
        quote = _shown(a)
        left = tuple(x for x in b.bullets if not _bullet_repeats(x.text, quote))
        if len(left) < len(b.bullets):
            if left:
                c.slide = replace(b, bullets=left)
                return False
            out[-1] = replace(prev, slide=replace(a, notes=_merge_notes(a.notes, b.notes)))
            return True
        return False
    if a.kind == b.kind and a.texts() == b.texts() and a.image_src == b.image_src:
        out[-1] = replace(prev, slide=replace(a, notes=_merge_notes(a.notes, b.notes)))
        return True
    return False


# ----------------------------------------------------------------- choosing

_YEARISH = re.compile(r"^\W*(?:c\.\s*)?(\d{3,4})(?:s|\b)")


def _year(title: str) -> int | None:
    m = _YEARISH.match(title)
    return int(m.group(1)) if m else None


@dataclass
class _Part:
    """What the agenda lists and a divider opens: one section, or a run of
    short ones (a period of years)."""

    label: str
    secs: list[int]


def _parts(titles: Sequence[str], weights: Sequence[float], most: int) -> tuple[list[_Part], bool]:
    """The agenda's parts, and whether any are grouped.

    Up to ``most`` sections: one part each. More, headed mostly by years (a
    history with a heading per year): runs of years become periods, balanced
    by weight and labelled by their first and last year, so the agenda and
    the dividers fit. More of anything else: one part each (the talk then
    covers the weightiest)."""
    n = len(titles)
    single = [_Part(t, [k + 1]) for k, t in enumerate(titles)]
    years = [_year(t) for t in titles]
    others = sum(1 for y in years if y is None)
    if n <= most or others > n * 0.3 or others >= most - 1:
        return single, False
    runs: list[list[int]] = []
    for k, y in enumerate(years):
        if y is None:
            runs.append([k])
        elif runs and years[runs[-1][-1]] is not None and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    year_runs = [r for r in runs if years[r[0]] is not None]
    slots = max(len(year_runs), most - others)
    n_years = n - others
    groups_for = {id(r): max(1, min(len(r), round(slots * len(r) / n_years))) for r in year_runs}
    while sum(groups_for.values()) > slots:
        big = max(year_runs, key=lambda r: groups_for[id(r)])
        if groups_for[id(big)] == 1:
            break
        groups_for[id(big)] -= 1
    parts: list[_Part] = []
    for r in runs:
        if years[r[0]] is None:
            parts.append(_Part(titles[r[0]], [r[0] + 1]))
            continue
        g = groups_for[id(r)]
        total = sum(weights[k] for k in r) or float(len(r))
        chunks: list[list[int]] = [[]]
        acc = 0.0
        for k in r:
            w = weights[k] or total / len(r)
            if chunks[-1] and acc + w / 2 > total * len(chunks) / g and len(chunks) < g:
                chunks.append([])
            chunks[-1].append(k)
            acc += w
        for c in chunks:
            first, last = years[c[0]], years[c[-1]]
            label = titles[c[0]] if len(c) == 1 or first == last else f"{first}–{last}"
            parts.append(_Part(label, [k + 1 for k in c]))
    return parts, True


def _allocate(weights: dict[int, float], caps: dict[int, int], budget: int) -> dict[int, int]:
    """Slides per section: in proportion to weight, none over its cap, by
    largest remainder; the weightiest sections first when slides are few."""
    quota = {k: 0 for k in weights}
    left = budget
    live = {k for k in weights if caps.get(k, 0) > 0 and weights[k] > 0}
    while left > 0 and live:
        total = sum(weights[k] for k in live)
        shares = {k: left * weights[k] / total for k in live}
        grant = {k: min(caps[k] - quota[k], math.floor(shares[k])) for k in live}
        if sum(grant.values()) == 0:
            # Fewer slides than sections: one each to the weightiest.
            for k in sorted(live, key=lambda k: (-weights[k], k))[:left]:
                quota[k] += 1
                left -= 1
        else:
            for k, g in grant.items():
                quota[k] += g
                left -= g
        live = {k for k in live if quota[k] < caps[k]}
    return quota


def _units(cands: list[Cand]) -> list[list[Cand]]:
    """Slides of one block (a long code listing, a quote in two) stay together."""
    units: list[list[Cand]] = []
    for c in cands:
        if units and c.slide.part[0] > 1:
            units[-1].append(c)
        else:
            units.append([c])
    return units


def _choose(cands: list[Cand], quota: int) -> None:
    """Keep the ``quota`` weightiest slides of a section (whole blocks where
    they fit; the opening point of the section gets a little extra). Each
    slide of a kind already chosen counts for less, so a talk is not eight
    listings of console output in a row."""
    units = _units(cands)
    base = [max(c.slide.weight for c in u) + (0.5 if i == 0 else 0.0) for i, u in enumerate(units)]
    for c in cands:
        c.keep = False
    left = quota
    taken: dict[str, int] = {}
    free = set(range(len(units)))
    while left > 0 and free:
        u = max(free, key=lambda u: (base[u] * 0.7 ** taken.get(units[u][0].slide.kind, 0), -u))
        free.discard(u)
        for c in units[u][:left]:
            c.keep = True
        left -= min(left, len(units[u]))
        kind = units[u][0].slide.kind
        taken[kind] = taken.get(kind, 0) + 1


def size_talk(
    cands: list[Cand],
    titles: Sequence[str],
    minutes: float,
    opts: DeckOptions,
    agenda_label: str,
    *,
    slot_given: bool = True,
    marks: Sequence[tuple[bool, bool]] | None = None,
) -> tuple[list[Slide], float]:
    """The talk and its length: chosen slides, an agenda of one slide, the
    dividers the talk can afford, and a time for every slide summing to the
    slot. With no slot given, a short deck is kept whole (the talk takes the
    time its slides need) and a long one is cut to the essay's length.
    ``marks`` says of each section whether its divider is numbered and
    whether the agenda lists it (default: both)."""
    flags = list(marks or ()) + [(True, True)] * (len(titles) - len(marks or ()))
    cands = tidy(cands)
    content = [c for c in cands if c.slide.kind not in {"title", "closing", "section"}]
    by_sec: dict[int, list[Cand]] = {}
    for c in content:
        by_sec.setdefault(c.sec, []).append(c)
    weights = {
        k: sum(max(c.slide.weight for c in u) for u in _units(v))
        + sum(word_count(c.slide.notes) for c in v if c.slide.kind == "points") / 250
        for k, v in by_sec.items()
    }
    sec_weights = [weights.get(k + 1, 0.0) for k in range(len(titles))]
    parts, grouped = _parts(titles, sec_weights, opts.agenda_max_items)
    caps = {k: len(v) for k, v in by_sec.items()}
    if len(parts) > opts.agenda_max_items:
        # More sections than one agenda lists: the talk covers the weightiest
        # (in the essay's order); the others stay in the notes.
        top = sorted(parts, key=lambda p: -sum(weights.get(s, 0.0) for s in p.secs))
        keep = {id(p) for p in top[: opts.agenda_max_items]}
        parts = [p for p in parts if id(p) in keep]
        covered = {s for p in parts for s in p.secs}
        caps = {k: (n if k == LEAD or k in covered else 0) for k, n in caps.items()}
    fixed = 2 + (1 if sum(any(flags[s - 1][1] for s in p.secs) for p in parts) >= opts.agenda_min_sections else 0)
    dividers = True
    n_div = len(parts)
    shown = sum(caps.values())
    natural = fixed + n_div + shown
    if not slot_given and natural <= SHORT_DECK:
        minutes = max(minutes, math.ceil((natural - 2) / opts.slides_per_minute))
    budget = slide_budget(minutes, opts)
    room = budget - fixed - n_div
    if n_div * 3 > max(0, budget - fixed - n_div) and natural > budget:
        # Dividers would crowd out what the talk says: the agenda is enough.
        dividers, n_div = False, 0
        room = budget - fixed
    quota = dict(caps) if shown <= room else _allocate(weights, caps, max(1, room))
    for k, v in by_sec.items():
        _choose(v, quota.get(k, 0))
    shown_secs = {k for k, v in by_sec.items() if any(c.keep for c in v)}
    live_parts = [p for p in parts if any(s in shown_secs for s in p.secs)]
    listed = [p for p in live_parts if any(flags[s - 1][1] for s in p.secs)]
    part_of = {s: p for p in parts for s in p.secs}
    out: list[Slide] = []
    number = 0
    for c in cands:
        s = c.slide
        if s.kind == "section":
            part = part_of.get(c.sec)
            first_shown = part is not None and next(
                (x for x in part.secs if x in shown_secs), None) == c.sec
            if dividers and part is not None and first_shown:
                numbered = any(flags[x - 1][0] for x in part.secs)
                number += numbered
                title = part.label if grouped else s.title
                notes = s.notes if title == s.title else _merge_notes(title, s.notes)
                out.append(replace(s, title=title, subtitle=f"{number:02d}" if numbered else "", notes=notes))
            else:
                _drop(out, s)
            continue
        if s.kind in {"title", "closing"} or c.keep:
            out.append(s)
            if s.kind == "title" and len(listed) >= opts.agenda_min_sections:
                items = list(dict.fromkeys(p.label for p in listed))
                out.append(Slide(
                    "agenda", title=agenda_label,
                    bullets=tuple(Bullet((Run(t),)) for t in items),
                    notes="\n".join(items),
                ))
        else:
            _drop(out, s)
    out = [_title_once(s) for s in _retitle(out)]
    return _time(out, minutes), minutes


def _title_once(s: Slide) -> Slide:
    """A point slide whose title says one of its bullets ("As any fan can
    tell you, wasting time is good!" over "But as any … can tell you, …")
    shows it once, as the title (a lone point makes a statement slide)."""
    if s.kind != "points" or not s.title or not s.bullets:
        return s
    from .slides_titles import says_title

    left = tuple(b for b in s.bullets if b.level or not says_title(s.title, b.text))
    return s if len(left) == len(s.bullets) else replace(s, bullets=left)


def _drop(out: list[Slide], s: Slide) -> None:
    """A slide left out of the talk: its words join the notes before."""
    if out:
        out[-1] = replace(out[-1], notes=_merge_notes(out[-1].notes, s.notes))


# ------------------------------------------------------------------ titles


def _retitle(slides: list[Slide]) -> list[Slide]:
    """Slides that follow one of the same title and kind (a quote between
    them aside), or a point slide whose title an earlier one of the section
    had, say what they add: their own short point where it is one ("Listen
    first"), else "— continued". Never "(2/3)"."""
    out: list[Slide] = []
    base = ("", "")
    point = ""
    seen: set[str] = set()
    for s in slides:
        if s.kind == "quote":
            out.append(s)
            continue
        if s.title.rstrip().endswith((":", "：")):
            # A title is no lead-in ("Now you are a believer:").
            s = replace(s, title=s.title.rstrip().rstrip(":：").rstrip())
        if not s.title and s.kind in {"code", "maths", "table", "image"} and point:
            # No heading above it: the point it illustrates names it.
            s = replace(s, title=point)
        elif s.kind == "points" and s.title:
            point = s.title.removesuffix(" — continued")
        elif s.kind in {"section", "agenda", "title", "closing"}:
            point = ""
        if s.kind in {"title", "closing", "agenda", "section"} or not s.title:
            out.append(s)
            base = ("", "")
            if s.kind == "section":
                seen = set()
            continue
        again = s.kind == "points" and s.title in seen
        if s.kind == "points":
            seen.add(s.title)
        if (s.title, s.kind) != base and not again:
            base = (s.title, s.kind)
            out.append(s)
            continue
        title = s.title
        if s.kind == "points" and not s.bullets:
            # Its title said already and no point of its own: its words join
            # the notes of the slide before.
            _drop(out, s)
            continue
        # Its first point, when that leads it: sub-points carried over from the slide
        # before belong to a point there, not to a later one made the title.
        first = s.bullets[0] if s.bullets and s.bullets[0].level == 0 else None
        if (
            s.kind == "points"
            and first is not None
            and first.number is None  # a numbered step is no title: it keeps its number
            and len(s.bullets) > 1
            and word_count(first.text) <= 8
            and "…" not in first.text
        ):
            rest = tuple(b for b in s.bullets if b is not first)
            out.append(replace(s, title=first.text.rstrip(".").rstrip(), bullets=rest))
        else:
            out.append(replace(s, title=f"{title} — continued"))
        base = (title, s.kind)
    return out


# ------------------------------------------------------------------ timing

_PACE = {
    "title": 0.5, "agenda": 0.6, "section": 0.3, "closing": 0.4, "quote": 0.8,
    "image": 0.8, "code": 1.3, "maths": 1.0, "table": 1.2, "points": 1.0,
}


def _time(slides: list[Slide], minutes: float) -> list[Slide]:
    """Seconds for each slide, summing to the slot (in steps of 5 s), and a
    cue ("[~1:30]") at the head of its notes."""
    total = int(round(minutes * 60 / 5)) * 5
    if not slides:
        return slides
    share = []
    for s in slides:
        w = _PACE.get(s.kind, 1.0) + 0.1 * len(s.bullets)
        if s.kind in {"points", "quote", "code", "maths", "table", "image"}:
            w += min(1.5, word_count(s.notes) / 400)
        share.append(w)
    whole = sum(share)
    raw = [total * w / whole / 5 for w in share]
    steps = [math.floor(r) for r in raw]
    left = total // 5 - sum(steps)
    for i in sorted(range(len(raw)), key=lambda i: -(raw[i] - steps[i]))[:left]:
        steps[i] += 1
    out = []
    for s, n in zip(slides, steps, strict=True):
        secs = n * 5
        cue = f"[~{secs // 60}:{secs % 60:02d}]"
        out.append(replace(s, seconds=secs, notes=f"{cue} {s.notes}".strip()))
    return out
