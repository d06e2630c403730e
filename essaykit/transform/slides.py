"""The talk-deck plan: an essay turned into slides, as plain data.

A deck is not the essay pasted onto slides. :func:`plan_deck` decides what a
speaker shows — a title slide, an agenda, a divider per section, key points
distilled from the author's own sentences, a slide per quotation, image, code
block and table, and a closing slide — while every word of the essay goes to
the speaker notes. The plan knows nothing about PowerPoint, so it is tested
without python-pptx and printed by ``essaykit inspect --slides``; the PPTX
renderer only draws it (splitting further if the fonts say a slide is full).

Steering the deck from the essay
--------------------------------
The plan follows the essay's headings; authors can steer it in the Markdown:

``<!-- slide -->``
    Start a new slide here. ``<!-- deck: slide A title -->`` also names it.
``<!-- deck: skip -->``
    Keep the next block off the slides. ``<!-- deck: skip start -->`` …
    ``<!-- deck: skip end -->`` keeps everything between them off.
``::: no-deck`` … ``:::``
    Keep a passage off the slides.
``::: bullets`` … ``:::``
    A list inside is the author's own bullets for the section's slide; the
    section's paragraphs then only go to the notes.
``::: notes`` … ``:::``
    Speaker notes only (pandoc's convention).

``<!-- deck: … -->`` with any other name is a warning (an error under
``--strict``): a typo such as ``skp`` must not be silently ignored.

Nothing kept off the slides is lost: its words go to the speaker notes of
the neighbouring slide, in the essay's order.

The talk's length
-----------------
``minutes`` (the ``--minutes`` option, or ``minutes:`` in the front matter)
is the slot; without it the talk gets a length that suits the essay. The
planner first makes a candidate slide of everything worth showing, then
:mod:`.slides_talk` keeps the essay's key sections and points for the slot
(about one and a half slides a minute) and times every slide. Pull quotes and block quotes become quote slides;
the pull-quote pass (not the planner) decides which emphasised sentences are
pull quotes, so ``--pullquotes none`` means no quote slides but the author's
explicit ones and their block quotes.

Where the parts live
--------------------
This module is the entry point: :func:`plan_deck` and the deck as a whole
(title, a divider per section, closing slide, speaker notes and footnotes).
The plan's data types are in :mod:`.slides_data`; how one section's blocks
become slides is in :mod:`.slides_sections`, the titles a speaker would
write where the essay gives no heading in :mod:`.slides_titles`; choosing and
timing the talk (and its agenda) in :mod:`.slides_talk`. Every public name stays importable
from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ..dates import shown_date
from ..lang import direction, is_cjk
from ..model import (
    DeckDirective,
    Document,
    FootnoteDef,
    FootnoteRef,
    Heading,
    PullQuote,
    plain_text,
)
from ..model.outline import Section, sections
from ..model.walk import query
from .slides_data import (
    KINDS,
    LABELS,
    Bullet,
    DeckOptions,
    DeckPlan,
    Slide,
    TableData,
    labels,
)
from .slides_sections import _Section, block_text
from .slides_talk import DECK, LEAD, Cand, default_minutes, size_talk
from .slides_titles import norm
from .textfit import heading_text, word_count

__all__ = [
    "KINDS",
    "LABELS",
    "Bullet",
    "DeckOptions",
    "DeckPlan",
    "Slide",
    "TableData",
    "block_text",
    "labels",
    "plan_deck",
]


#: Asked of every image before it gets a slide: is it there to be shown?
ImageCheck = Callable[[str, "int | None"], bool]


def plan_deck(
    doc: Document,
    *,
    options: Mapping[str, Any] | DeckOptions | None = None,
    image_ok: ImageCheck | None = None,
) -> DeckPlan:
    """The slides of a talk about ``doc``. Pure: the document is not changed.

    ``image_ok(src, line)`` says whether an image can be shown (the renderer
    knows; without it every image is taken to be there): a missing one gets
    no slide, its words go to the notes."""
    opts = DeckOptions.from_mapping(options)
    lang = doc.meta.language or "en"
    planner = _Planner(doc, opts, image_ok)
    slides = tuple(planner.plan())
    return DeckPlan(
        title=slides[0].title if slides else _first_heading(doc),
        language=lang,
        direction=direction(lang),
        slides=slides,
        authors=doc.meta.authors,
        minutes=planner.minutes,
        warnings=tuple(planner.warnings),
    )


def _minutes(value: Any) -> float | None:
    """``20``, ``"20"``, ``"20 min"`` → 20.0; None when it is no length."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if 0 < value <= 600 else None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:m|min|mins|minutes?)?\s*", str(value), re.I)
    if m and 0 < float(m.group(1)) <= 600:
        return float(m.group(1))
    return None


def _first_heading(doc: Document) -> str:
    heads = query(doc.blocks, Heading)
    return heading_text(heads[0].children) if heads else ""


def _title(sec: Section) -> str:
    """A section's heading as a slide says it (maths as Unicode, never TeX)."""
    return heading_text(sec.heading.children) if sec.heading else ""


def _marks(sec: Section) -> tuple[bool, bool]:
    """Whether a section's divider is numbered and the agenda lists it
    (pandoc's ``{.unnumbered}``/``{-}`` and ``{.unlisted}``)."""
    classes = {c.lower() for c in sec.heading.classes} if sec.heading else set()
    return "unnumbered" not in classes, "unlisted" not in classes


def _top_sections(doc: Document) -> tuple[list[Any], tuple[Section, ...], list[str]]:
    """Blocks before the first section, the sections a talk divides into, and
    the titles of headings that only wrapped them.

    An essay whose only top heading holds all the others (a repeated title,
    or one chapter) is divided by the headings below it.
    """
    secs = sections(doc)
    lead: list[Any] = []
    wrappers: list[str] = []
    while True:
        headed = [s for s in secs if s.heading is not None]
        if len(headed) == 1 and headed[0].subsections:
            for s in secs:
                if s.heading is None:
                    lead.extend(s.blocks)
            wrappers.append(_title(headed[0]))
            lead.extend(headed[0].blocks)
            secs = headed[0].subsections
            continue
        break
    rest: list[Section] = []
    for s in secs:
        if s.heading is None:
            lead.extend(s.blocks)
        else:
            rest.append(s)
    return lead, tuple(rest), wrappers


class _Planner:
    def __init__(self, doc: Document, opts: DeckOptions, image_ok: ImageCheck | None = None):
        self.doc = doc
        self.opts = opts
        self.lang = doc.meta.language or "en"
        self.cjk = is_cjk(self.lang)
        self.footnotes = {f.label: f for f in query(doc.blocks, FootnoteDef)}
        #: Each note's number as the PDF and the EPUB print it (the order the
        #: text cites them, then notes cited only by notes), not its label.
        body = tuple(b for b in doc.blocks if not isinstance(b, FootnoteDef))
        cited = [r.label for r in query(body, FootnoteRef)] + [r.label for r in query(doc.blocks, FootnoteRef)]
        self.note_numbers = {label: i + 1 for i, label in
                             enumerate(x for x in dict.fromkeys(cited) if x in self.footnotes)}
        self.used_notes: set[str] = set()
        pulled = query(doc.blocks, PullQuote)
        self.has_pullquotes = bool(pulled)
        #: The pull quotes' words: they get slides of their own, never a title.
        self.quoted = frozenset(norm(plain_text(q.children)) for q in pulled) - {""}
        self.slides: list[Slide] = []
        self.warnings: list[tuple[int | None, str]] = []
        self._image_ok = image_ok
        self.slot_given = True
        self.minutes = float(self._slot())

    def _slot(self) -> float:
        if self.opts.minutes is not None:
            found = _minutes(self.opts.minutes)
            if found is None:
                self.warn(None, f"minutes must be a number of minutes, not {self.opts.minutes!r}")
            else:
                return found
        given = self.doc.meta.extra.get("minutes")
        if given is not None:
            found = _minutes(given)
            if found is not None:
                return found
            self.warn(None, f"front matter: minutes must be a number of minutes, not {given!r}")
        self.slot_given = False
        prose = tuple(b for b in self.doc.blocks if not isinstance(b, PullQuote))
        return default_minutes(word_count(plain_text(prose)))

    # -- the deck ------------------------------------------------------

    def plan(self) -> list[Slide]:
        meta = self.doc.meta
        lead, secs, wrappers = _top_sections(self.doc)
        title = meta.title or (wrappers[0] if wrappers else _title(secs[0]) if secs else "")
        self.slides.append(self._title_slide(title))
        self.add_notes("\n\n".join(w for w in wrappers if w != title))
        tags: list[int] = [DECK]
        if lead:
            _Section(self, title="", blocks=lead, headless=not secs).emit()
            tags += [LEAD] * (len(self.slides) - len(tags))
        for n, sec in enumerate(secs, 1):
            self.slides.append(
                Slide(
                    "section",
                    title=_title(sec),
                    subtitle=f"{n:02d}",
                    notes=sec.title,  # the notes keep the words as written
                    line=sec.heading.line if sec.heading else None,
                )
            )
            _Section(self, title=_title(sec), blocks=list(sec.blocks)).emit()
            self._subsections(sec.subsections)
            tags += [n] * (len(self.slides) - len(tags))
        self._closing(title)
        tags.append(DECK)
        cands = [Cand(s, t) for s, t in zip(self.slides, tags, strict=True)]
        slides, self.minutes = size_talk(
            cands, [_title(s) for s in secs], self.minutes, self.opts, labels(self.lang)[0],
            slot_given=self.slot_given,
            marks=[_marks(s) for s in secs],
        )
        return slides

    def _subsections(self, subs: tuple[Section, ...]) -> None:
        for sub in subs:
            blocks = list(sub.blocks)
            if not any(not isinstance(b, (DeckDirective, FootnoteDef)) for b in blocks):
                # A heading with nothing of its own: its words still go to the notes.
                self.add_notes(sub.title)
            else:
                _Section(self, title=_title(sub), blocks=blocks, heading_note=sub.title).emit()
            self._subsections(sub.subsections)

    def _title_slide(self, title: str) -> Slide:
        meta = self.doc.meta
        lines = [meta.subtitle or meta.description]
        lines.append(", ".join(meta.authors))
        event = meta.extra.get("event")
        when = shown_date(meta)[0]
        lines.append(" · ".join(str(x) for x in (event, when) if x))
        subtitle = "\n".join(x for x in lines if x)
        notes = "\n\n".join(
            x for x in (title, meta.subtitle, meta.description, ", ".join(meta.authors)) if x
        )
        return Slide("title", title=title, subtitle=subtitle, notes=notes or title)

    def _closing(self, title: str) -> None:
        meta = self.doc.meta
        extra = [
            self.footnote_text(label) for label in self.footnotes if label not in self.used_notes
        ]
        subtitle = "\n".join(x for x in (title, ", ".join(meta.authors)) if x)
        notes = "\n\n".join([subtitle or labels(self.lang)[1], *extra])
        self.slides.append(
            Slide("closing", title=labels(self.lang)[1], subtitle=subtitle, notes=notes)
        )

    # -- helpers used by sections ----------------------------------------

    def add_notes(self, text: str) -> None:
        """Words with no slide of their own: notes of the slide before."""
        if not text.strip():
            return
        last = self.slides[-1]
        self.slides[-1] = replace(last, notes=(last.notes + "\n\n" + text).strip())

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append((line, message))

    def image_ok(self, src: str, line: int | None) -> bool:
        return self._image_ok is None or bool(self._image_ok(src, line))

    def footnote_text(self, label: str) -> str:
        self.used_notes.add(label)
        fn = self.footnotes.get(label)
        return f"[{self.note_numbers.get(label, label)}] {plain_text(fn.children).strip()}" if fn else ""

    def notes_for(self, block: Any) -> str:
        """The prose of a block for the notes, with the footnotes it cites."""
        text = block_text(block)
        refs = [r.label for r in query(block, FootnoteRef) if r.label not in self.used_notes]
        extra = [self.footnote_text(label) for label in dict.fromkeys(refs)]
        return "\n".join([text, *[e for e in extra if e]]).strip()
