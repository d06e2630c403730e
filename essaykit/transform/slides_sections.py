"""How one section's blocks become slides (and speaker notes).

Why a module of its own: the deck as a whole (title, agenda, dividers,
closing; :mod:`.slides`) is short and rarely changes, while the rules for a
section's own blocks are many and grow with every block type: paragraphs
distilled into key points, quotes, images, code, tables and lists on slides of
their own, the authors' steering (``<!-- slide -->``, ``deck: skip``,
``::: bullets``, ``::: no-deck``, ``::: notes``), and :func:`block_text`, the
words of a block as they go to the notes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from ..model import (
    BlockQuote,
    BulletList,
    CodeBlock,
    DeckDirective,
    DefinitionList,
    Div,
    Figure,
    FootnoteDef,
    Heading,
    Image,
    Link,
    ListItem,
    MathBlock,
    OrderedList,
    Paragraph,
    PullQuote,
    RawBlock,
    Strong,
    Table,
    Text,
    ThematicBreak,
    plain_text,
)
from ..model.walk import query
from .slides_data import Bullet, Slide, TableData
from .slides_titles import (
    as_title,
    norm,
    only_a_number,
    paragraph_head,
    run_in_head,
    says_title,
    speaker_title,
)
from .textfit import (
    ELLIPSIS,
    RichText,
    Run,
    emphasis_share,
    flatten,
    heading_text,
    is_credit_line,
    is_web_link,
    keep_point,
    sentences,
    shorten,
    slide_text,
    strip_runs,
    text_of,
    word_count,
)

#: The directives the planner knows (``<!-- deck: NAME ... -->``); any other
#: name is a warning (an error under ``--strict``), never silently ignored.
DIRECTIVES = frozenset({"slide", "skip", "noslide", "no-slide", "end"})
#: "*[DM]: direct message": an abbreviation's definition (Markdown Extra), no point.
_ABBR_DEF = re.compile(r"^\s*\*\[?[^\]\s:]{1,40}\]?:\s")  # "*RAPID: …" when [RAPID] is a link too
#: "Special thanks to …": the author's thanks are for the notes, not a quote slide.
_THANKS = re.compile(
    r"\W*(?:(?:special|many|big|huge)\s+)?thanks\s+(?:to|for)\b|\W*(?:a\s+)?(?:big\s+)?thank\s+you\s+to\b"
    r"|\W*(?:hat\s+tip|h/t)\b",
    re.I,
)
_BARE_URL = re.compile(r"\s*(?:https?://|www\.|pic\.twitter\.com/)\S+\s*", re.I)
_BYLINE = re.compile(r"^(?:\u2014|\u2015|\u2013|--+)\s*\S")
_SKIP_VALUES = frozenset({"", "start", "begin", "on", "end", "stop", "off", "next"})
#: Columns a table slide shows; a wider table's other columns are in the notes.
MAX_TABLE_COLUMNS = 10
#: Slides a table gets; a longer table's other rows are in the last one's
#: notes (10,000 rows made the whole talk a table).
MAX_TABLE_SLIDES = 3


class _Planner(Protocol):
    """What a section needs of the deck planner (:class:`.slides._Planner`)."""

    opts: Any
    doc: Any
    cjk: bool
    has_pullquotes: bool
    quoted: frozenset[str]
    slides: list[Any]

    def add_notes(self, text: str) -> None: ...

    def notes_for(self, block: Any) -> str: ...

    def warn(self, line: int | None, message: str) -> None: ...

    def image_ok(self, src: str, line: int | None) -> bool: ...


def block_text(block: Any) -> str:
    """A block's words as notes text: list items on lines of their own."""
    if isinstance(block, OrderedList):
        # A numbered list keeps its numbers (works cited are found by them).
        return "\n".join(f"{n}. " + plain_text(item.children).strip()
                         for n, item in enumerate(block.children, block.start))
    if isinstance(block, BulletList):
        return "\n".join("• " + plain_text(item.children).strip() for item in block.children)
    if isinstance(block, Table):
        rows = block.head + block.children
        return "\n".join(" | ".join(plain_text(c.children) for c in r.children) for r in rows)
    if isinstance(block, FootnoteDef):
        return ""
    if isinstance(block, CodeBlock):
        return block.text
    text = " ".join(plain_text(block).split())
    # Where the essay's links point, one line each after the prose
    # (``→ explains <https://…>``), so the notes keep them and the PPTX
    # renderer can make them clickable. After the prose, never inside it: a
    # link that ends mid-word ("[API](…)s") must not split the word.
    links = [
        f"→ {' '.join(plain_text(link.children).split())} <{link.url}>"
        for link in query(block, Link)
        if is_web_link(link.url)
    ]
    return "\n".join([text, *links]) if links else text


@dataclass
class _Pending:
    """Paragraphs waiting to become a key-point slide, and notes riding
    along, in the essay's order: ``items`` holds ``(runs, block)`` for a
    paragraph and ``(None, text)`` for notes only (a skipped paragraph, a
    ``::: notes`` block), so the notes read as the essay does."""

    items: list[tuple[RichText | None, Any]] = field(default_factory=list)
    quotes: list[Slide] = field(default_factory=list)
    title: str | None = None
    #: The slide was asked for (``<!-- slide -->``) or named by a heading.
    steered: bool = False

    @property
    def paras(self) -> list[tuple[RichText, Any]]:
        return [(r, b) for r, b in self.items if r is not None]

    def note(self, text: str) -> None:
        if text:
            self.items.append((None, text))

    def pop_para(self) -> tuple[RichText, Any] | None:
        for i in range(len(self.items) - 1, -1, -1):
            runs, block = self.items[i]
            if runs is not None:
                if any(r is None for r, _ in self.items[i + 1 :]):
                    return None  # notes came after it: it is no longer the last word
                del self.items[i]
                return runs, block
        return None


class _Section:
    """Plans the slides of one section's own blocks, in order."""

    def __init__(
        self,
        planner: _Planner,
        *,
        title: str,
        blocks: list[Any],
        headless: bool = False,
        heading_note: str = "",
    ):
        self.p = planner
        self.opts = planner.opts
        self.title = title
        self.blocks = blocks
        self.headless = headless
        self.pending = _Pending()
        self.pending.note(heading_note)
        self.skip_next = False
        self.skipping = False
        #: The run-in head ("**Training.** We ran…") naming the slides since.
        self.runin: str | None = None
        #: Where the slides of the part now named (section, run-in head,
        #: ``<!-- slide -->``) start: later ones are titled by their point.
        self.unit_start = len(planner.slides)
        #: A call-out's first paragraph, its label set before it in bold.
        self.labelled: Any = None
        self.author_bullets = self._author_bullets()
        #: A list of works cited: each entry one point, its start kept.
        from ..labels import REFERENCE_TITLES

        self.references = bool(REFERENCE_TITLES.match(" ".join(title.split()).rstrip(":")))

    def _author_bullets(self) -> list[Bullet] | None:
        for b in self.blocks:
            if isinstance(b, Div) and "bullets" in b.classes:
                out: list[Bullet] = []
                for lst in b.children:
                    if isinstance(lst, (BulletList, OrderedList)):
                        out.extend(_list_bullets(lst, self.p.cjk))
                return out
        return None

    def heading(self) -> str:
        """What names the next slide: a ``<!-- slide -->`` title, a run-in
        head, the section's heading."""
        return self.pending.title or self.runin or self.title

    def continuing(self) -> bool:
        """The part now named has a slide already (quotes aside)."""
        return any(s.kind != "quote" for s in self.p.slides[self.unit_start :])

    def _new_unit(self) -> None:
        self.unit_start = len(self.p.slides)

    def _intro_title(self) -> tuple[str, str]:
        """A title from the sentence that introduces the next block ("The
        paper reports these results:"), and that sentence; ("", "") if none."""
        items = self.pending.items
        if not items or items[-1][0] is None:
            return "", ""
        runs = items[-1][0]
        if not text_of(runs).rstrip().endswith((":", "：")):
            return "", ""
        last = text_of(sentences(runs)[-1])
        return as_title(last.rstrip().rstrip(":："), whole=False), last

    def _titled_by(self, sentence: str) -> None:
        """The sentence now titles the block it introduces: the point slide
        just made does not show it too."""
        last = self.p.slides[-1] if self.p.slides else None
        if last is None or last.kind != "points" or not sentence:
            return
        said = norm(sentence)
        left = tuple(b for b in last.bullets if norm(b.text.replace(ELLIPSIS, " ")) not in said)
        if len(left) < len(last.bullets):
            self.p.slides[-1] = replace(last, bullets=left)

    def emit(self) -> None:
        for block in self.blocks:
            self.block(block)
        self.flush()
        if self.author_bullets:
            self._author_slide()
        self._notes_to_last()

    def _notes_to_last(self) -> None:
        """Pending notes with no slide of their own: the slide before's."""
        texts = [t for r, t in self.pending.items if r is None]
        self.pending.items = []
        if texts:
            self.p.add_notes("\n\n".join(texts))

    # -- blocks -------------------------------------------------------

    def block(self, block: Any, lang: str | None = None) -> None:
        if isinstance(block, DeckDirective):
            self.directive(block)
            return
        if isinstance(block, FootnoteDef):
            return  # attached to the notes of the slide that cites it
        if self.skip_next or self.skipping:
            self.skip_next = False
            self.pending.note(self.p.notes_for(block))
            return
        if isinstance(block, Div):
            self.div(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block, lang)
        elif isinstance(block, ThematicBreak):
            self.flush()
        elif isinstance(block, BlockQuote) and _only_lists(block):
            # "> - item": a list set in from the margin, no quotation; its
            # items are points like paragraphs (a run of them shares slides).
            for lst in block.children:
                for item in getattr(lst, "children", ()):
                    for child in getattr(item, "children", ()):
                        self.block(child, lang)
        elif isinstance(block, (BlockQuote, PullQuote)):
            self.quote(block)
        elif isinstance(block, Figure):
            self.image(block.image, block.caption, block.line)
        elif isinstance(block, (CodeBlock, MathBlock)):
            self.code(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, (BulletList, OrderedList, DefinitionList)):
            self.list_(block)
        elif isinstance(block, RawBlock):
            return
        elif isinstance(block, Heading):
            # A heading inside a fenced div: it names the next slide, and its
            # words ride in the notes in case no slide follows.
            self.flush()
            self.runin = None
            self._new_unit()
            self.pending.title = heading_text(block.children)
            self.pending.steered = True
            self.pending.note(plain_text(block.children))
        else:
            self.pending.note(self.p.notes_for(block))

    def directive(self, d: DeckDirective) -> None:
        name = d.name.lower().strip()
        value = " ".join(d.value.lower().replace(":", " ").split())
        if name == "no" and value in {"slide", "deck"}:
            name, value = "skip", ""
        if name not in DIRECTIVES:
            self.p.warn(
                d.line,
                f"unknown deck directive {d.name!r} (known: slide, skip, skip start, skip end)",
            )
            return
        if name == "slide":
            self.flush()
            if d.value.strip():  # a named slide starts a part; an unnamed one is titled by its point
                self.runin = None
                self._new_unit()
            self.pending.title = d.value.strip() or None
            self.pending.steered = True
        elif name == "end":
            self.skipping = False
        else:
            if value not in _SKIP_VALUES:
                self.p.warn(d.line, f"unknown deck directive 'skip {d.value.strip()}' "
                            "(known: skip, skip start, skip end)")
                return
            if value in {"start", "begin", "on"}:
                self.flush()
                self.skipping = True
            elif value in {"end", "stop", "off"}:
                self.skipping = False
            else:
                self.skip_next = True

    def div(self, div: Div) -> None:
        if "bullets" in div.classes:
            return  # drawn by _author_slide; its words are on the slide
        if not self.references and {"references", "csl-bib-body"} & set(div.classes):
            # The works cited (citeproc's list): entries, wherever the list stands.
            self.flush()
            self.references = True
            for child in div.children:
                self.block(child, div.lang)
            self.flush()
            self.references = False
            return
        if "no-deck" in div.classes or "notes" in div.classes:
            for child in div.children:
                self.pending.note(self.p.notes_for(child))
            return
        children = div.children
        kind = div.callout
        if kind is not None and children and isinstance(children[0], Paragraph):
            # A call-out's label leads its first point ("Warning: …"), so the
            # slide says what the box said.
            from ..labels import callout_label

            lead = div.title or (Text(text=callout_label(kind, div.lang or self.p.doc.meta.language or "en")),)
            first = children[0]
            said = " ".join(plain_text(lead).split())
            if len(said.split()) <= 3 and said.endswith(("!", ".", "！", "。")):
                # A label the author ended with "!" ("Warning!"): a sentence of its
                # own, it would be the point; it leads with a colon like any label.
                lead = (Text(text=said.rstrip("!.！。 ")),)
            # "Why bother?" leads without a colon after its question mark.
            colon = " " if plain_text(lead).rstrip().endswith(("?", "!", ":", "？", "！", "：", "…")) else ": "
            children = (replace(first, children=(Strong(children=(*lead, Text(text=colon))), *first.children)),
                        *children[1:])
            self.labelled = children[0]  # the label leads the point: no run-in head
        for child in children:
            self.block(child, div.lang)

    def paragraph(self, para: Paragraph, lang: str | None) -> None:
        kids = [c for c in para.children if not (hasattr(c, "text") and not c.text.strip())]
        if len(kids) == 1 and isinstance(kids[0], Image):
            self.image(kids[0], (), para.line)
            return
        runs = flatten(para.children, cjk=self.p.cjk, lang=lang)
        text = text_of(runs)
        if not text.strip():
            return
        if is_credit_line(text) or _ABBR_DEF.match(text) or only_a_number(text):
            # "Source for image: http://…", "Photo: …": for the notes only.
            self.pending.note(self.p.notes_for(para))
            return
        found: tuple[str, RichText] | None = None
        if para is not self.labelled and not self.references:
            alone = paragraph_head(runs)
            found = (alone, ()) if alone is not None else run_in_head(runs)
        if found:
            # "**Training.** During…", or a short bold line: a part of the
            # essay starts; its head names the slides until the next one.
            head, runs = found
            if self.pending.paras:
                self.flush()
            if not self.pending.steered:
                self._new_unit()
            if not (self.pending.steered and self.pending.title):
                self.pending.title = head
            self.runin = head
            if not runs:
                self.pending.note(self.p.notes_for(para))
                return
        self.pending.items.append((runs, para))
        if self.opts.emphasis_quotes and not self.p.has_pullquotes and len(self.pending.quotes) < 1:
            for s in sentences(runs):
                if emphasis_share(s) >= 0.8 and word_count(text_of(s)) >= 5:
                    self.pending.quotes.extend(
                        self._quote_slides(strip_runs(s), "", text_of(s), para.line, 2.0)
                    )
                    break
        if len(self.pending.paras) >= self._chunk_limit():
            self.flush()

    def _chunk_limit(self) -> int:
        # Headed sections hold a few more paragraphs per slide before splitting;
        # balancing in flush() keeps slides even.
        if self.references:
            return self.opts.max_bullets * 3
        return self.opts.paragraphs_per_slide * 3

    def _entry(self, runs: RichText) -> RichText:
        """A work cited as a point: its start (who, when, what) kept whole,
        the end cut with "…" where it is long; the notes keep it whole."""
        return shorten(runs, max(2 * self.opts.max_words, 20))

    def _lead_in(self) -> list[str]:
        """A sentence that only introduces what follows ("This function
        looks like this:") is no slide of its own: its words go to the notes
        of the slide it introduces. A paragraph with more to say keeps its
        points even if it ends with a colon."""
        items = self.pending.items
        if items:
            runs, para = items[-1]
            text = text_of(runs).rstrip() if runs is not None else ""
            if text.endswith((":", "：")) and len(sentences(runs or ())) <= 1 and word_count(text) <= 30:
                items.pop()
                return [self.p.notes_for(para)]
        return []

    def flush(self) -> None:
        pend = self.pending
        if pend.paras and self.author_bullets is None:
            self._points(pend.items, pend.title, pend.steered)
            pend.items = []
        elif pend.paras:
            # The author wrote the bullets: paragraphs only feed the notes.
            pend.items = [(None, self.p.notes_for(b) if r is not None else b)
                          for r, b in pend.items]
        else:
            self._notes_to_last()
        self.p.slides.extend(pend.quotes)
        pend.quotes = []
        pend.title = None
        pend.steered = False

    def _points(
        self, items: list[tuple[RichText | None, Any]], title: str | None, steered: bool
    ) -> None:
        count = sum(1 for r, _ in items if r is not None)
        n = math.ceil(count / (self.opts.max_bullets if self.references else self.opts.paragraphs_per_slide))
        per = math.ceil(count / n)
        chunks: list[list[tuple[RichText | None, Any]]] = [[] for _ in range(n)]
        k = 0
        for runs, b in items:
            if runs is not None:
                k += 1
            chunks[min(n - 1, max(0, k - 1) // per)].append((runs, b))
        for i, chunk in enumerate(chunks):
            paras = [(r, b) for r, b in chunk if r is not None]
            named = title or self.runin or self.title
            bullets = self._distil(paras)
            if (title and i == 0) or (named and not self.continuing()) or (self.references and named):
                head = named
            else:
                # A slide after the first of its part, or no heading to name
                # it: a phrase of its own does (never a cut sentence); a key
                # point it says whole is not repeated below it (a lone one
                # makes a statement slide).
                head = speaker_title([r for r, _ in paras], avoid=self.p.quoted)
                bullets = [b for b in bullets if not says_title(head, b.text)]
                head = head or named
            notes = [self.p.notes_for(b) if r is not None else b for r, b in chunk]
            words = sum(word_count(n) for n in notes)
            bold = sum(1 for b in bullets if emphasis_share(b.runs) > 0.3)
            weight = 1.0 + 0.6 * bold + min(1.0, words / 300) + (1.5 if steered else 0.0)
            self.p.slides.append(
                Slide(
                    "points",
                    title=head,
                    bullets=tuple(bullets),
                    notes="\n\n".join(x for x in notes if x),
                    part=(i + 1, n),
                    line=paras[0][1].line if paras else None,
                    weight=weight,
                )
            )

    def _distil(self, chunk: list[tuple[RichText, Any]]) -> list[Bullet]:
        """One bullet per paragraph (two when a slide would be thin)."""
        if self.references:
            return [Bullet(self._entry(runs)) for runs, _ in chunk]
        picks: list[list[RichText]] = []
        for runs, _ in chunk:
            ss = [s for s in sentences(runs) if text_of(s).strip() and not _filler(s)]
            ss.sort(key=lambda s: -1 if emphasis_share(s) > 0.3 else 0)  # stable
            picks.append(ss)
        out: list[RichText] = [ss[0] for ss in picks if ss]
        want = min(3, self.opts.max_bullets)
        depth = 1
        while len(out) < want and any(len(ss) > depth for ss in picks):
            out = []
            for ss in picks:
                out.extend(s for s in ss[: depth + 1] if word_count(text_of(s)) >= 4 or s is ss[0])
            depth += 1
            if depth > 2:
                break
        out = out[: self.opts.max_bullets]
        limit = self.opts.max_words
        return [Bullet(keep_point(s, limit)) for s in out]

    def _author_slide(self) -> None:
        bullets = self.author_bullets or []
        per = self.opts.max_bullets
        n = max(1, math.ceil(len(bullets) / per))
        texts = [t for r, t in self.pending.items if r is None]
        notes = "\n\n".join(texts) or "\n".join(b.text for b in bullets)
        self.pending.items = []
        for i in range(n):
            self.p.slides.append(
                Slide(
                    "points",
                    title=self.title or (bullets[0].text if bullets else ""),
                    bullets=tuple(bullets[i * per : (i + 1) * per]),
                    notes=notes
                    if i == 0
                    else "\n".join(b.text for b in bullets[i * per : (i + 1) * per]),
                    part=(i + 1, n),
                    weight=3.0,
                )
            )
        self.author_bullets = []

    # -- slides of their own --------------------------------------------

    def _quote_slides(
        self, runs: RichText, attribution: str, notes: str, line: int | None, weight: float
    ) -> list[Slide]:
        """A quotation whole; or split at a sentence over two slides; or its
        first sentences with "…" where even two would not hold it. Never cut
        mid-sentence without saying so: the speaker must not misquote."""
        limit = self.opts.quote_words
        total = word_count(text_of(runs))
        ss = [s for s in sentences(runs) if text_of(s).strip()]
        parts: list[RichText]
        if total <= limit * 1.25 or len(ss) < 2:
            parts = [runs if total <= limit * 2 else shorten(runs, limit)]
        elif total <= limit * 2.2:
            # Two slides, split at the sentence nearest the middle.
            best, k = total, 1
            acc = 0
            for i, s in enumerate(ss[:-1], 1):
                acc += word_count(text_of(s))
                if abs(total - 2 * acc) < best:
                    best, k = abs(total - 2 * acc), i
            parts = [_join(ss[:k]) + (Run(" " + ELLIPSIS),), (Run(ELLIPSIS + " "),) + _join(ss[k:])]
        else:
            acc_s: list[RichText] = [ss[0]]
            for s in ss[1:]:
                if word_count(text_of(_join([*acc_s, s]))) > limit:
                    break
                acc_s.append(s)
            parts = [_join(acc_s) + (Run(" " + ELLIPSIS),)]
        out = []
        for i, shown in enumerate(parts):
            # A quote is set in its own style; the author's bold is not needed on top.
            shown = tuple(replace(r, bold=False) for r in shown)
            out.append(Slide(
                "quote",
                quote=shown,
                attribution=attribution,
                notes=notes if i == 0 else text_of(shown),
                line=line,
                part=(i + 1, len(parts)),
                weight=weight,
            ))
        return out

    def quote(self, block: BlockQuote | PullQuote) -> None:
        if isinstance(block, PullQuote) and block.duplicate and self._just_shown(block):
            # A pull quote copied from the quotation the audience has just
            # seen on its own slide would show the same words twice.
            return
        # "As X said:" introduces the quote: it belongs to its notes, not a bullet.
        lead = self._lead_in()
        self.flush()
        if isinstance(block, PullQuote):
            runs = flatten(block.children, cjk=self.p.cjk)
        else:
            parts: list[Run] = []
            children = list(block.children)
            last = children[-1] if len(children) > 1 else None
            byline = " ".join(plain_text(last).split()) if isinstance(last, Paragraph) else ""
            if not block.attribution and _BYLINE.match(byline) and word_count(byline) <= 12:
                # "> — An engineer" as the quotation's last paragraph: who said it.
                block = replace(block, attribution=(Text(text=byline),),
                                children=tuple(children[:-1]))
            for child in block.children:
                shown = self._quoted_runs(child)
                if parts and shown:
                    parts.append(Run(" "))
                parts.extend(shown)
            runs = tuple(parts)
        # A bare address (an embedded post's "https://t.co/…") is no words
        # to read out: the notes keep it.
        runs = strip_runs(tuple(r for r in runs if not _BARE_URL.fullmatch(r.text)))
        attribution = " ".join(plain_text(block.attribution).split()).lstrip("—–- ")
        notes = "\n\n".join([*lead, self.p.notes_for(block)])
        if not text_of(runs).strip() or is_credit_line(text_of(runs)) or _THANKS.match(text_of(runs)):
            # An image credit, or thanks, set as a quotation is no quote slide.
            self.p.add_notes(notes)
            return
        weight = 2.2 if isinstance(block, PullQuote) else 1.8
        self.p.slides.extend(self._quote_slides(runs, attribution, notes, block.line, weight))

    def _quoted_runs(self, child: Any) -> RichText:
        """What a quotation's block shows on its slide: a paragraph's runs,
        a fenced div's paragraphs (an embedded post), a list's items; never
        the "→ words <url>" lines the notes add for links."""
        if isinstance(child, Paragraph):
            return flatten(child.children, cjk=self.p.cjk)
        if isinstance(child, Div):
            out: list[Run] = []
            for c in child.children:
                shown = self._quoted_runs(c)
                if out and shown:
                    out.append(Run(" "))
                out.extend(shown)
            return tuple(out)
        text = "\n".join(x for x in block_text(child).split("\n") if not x.startswith("→ "))
        return (Run(text),) if text.strip() else ()

    def _just_shown(self, block: PullQuote) -> bool:
        words = " ".join(plain_text(block.children).split()).casefold()
        if not words:
            return False
        return any(
            slide.kind == "quote" and words in " ".join(slide.notes.split()).casefold()
            for slide in self.p.slides[-2:]
        )

    def image(self, image: Image, caption: tuple[Any, ...], line: int | None) -> None:
        lead = self._lead_in()
        cap = slide_text(caption)
        # Alt text, caption and title are often the same words (a Hugo figure's): said once.
        # Where the caption's links point (a photo's credit), as the notes say every link.
        links = [f"→ {' '.join(plain_text(link.children).split())} <{link.url}>"
                 for link in query(caption, Link) if is_web_link(link.url)]
        notes = "\n".join(dict.fromkeys(x for x in (*lead, image.alt, " ".join(plain_text(caption).split()),
                                                     image.title or "", *links) if x))
        if not self.p.image_ok(image.src, line):
            # No slide for a picture that is not there, and no break in the
            # slide it stood in: its words ride in the notes.
            self.pending.note(notes)
            return
        title = self.heading()
        self.flush()
        alt = image.alt if word_count(image.alt) <= 8 else ""
        self.p.slides.append(
            Slide(
                "image",
                title=as_title(cap, 14) or image.title or alt or title,
                image_src=image.src,
                image_alt=image.alt,
                notes=notes or image.src,
                line=line,
                weight=1.6 + (0.4 if cap else 0.0),
            )
        )

    def code(self, block: CodeBlock | MathBlock) -> None:
        from .maths import plain

        intro, said = self._intro_title()
        lead = self._lead_in()
        title = self.heading()
        self.flush()
        if intro and self.continuing():
            title = intro  # "The paper reports these results:" names what follows
            self._titled_by(said)
        lines = block.text.rstrip("\n").split("\n")
        maths = isinstance(block, MathBlock)
        language = block.language or "" if isinstance(block, CodeBlock) else "latex"
        per = self.opts.code_lines
        n = 1 if maths else max(1, math.ceil(len(lines) / per))
        per = math.ceil(len(lines) / n)
        for i in range(n):
            text = "\n".join(lines[i * per : (i + 1) * per])
            self.p.slides.append(
                Slide(
                    "maths" if maths else "code",
                    title=title,
                    code=text,
                    language=language,
                    # An equation's notes: how a speaker reads it, then its TeX.
                    notes="\n\n".join([*lead, *([plain(text)] if maths else []), text]) if i == 0 else text,
                    part=(i + 1, n),
                    line=block.line,
                    # A listing in a named language is worth a slide; a few
                    # lines of console output less so.
                    weight=1.4 if maths or language else 1.0 if len(lines) > 3 else 0.7,
                )
            )

    def table(self, block: Table) -> None:
        intro, said = self._intro_title()
        lead = self._lead_in()
        title = self.heading()
        self.flush()
        if intro and self.continuing():
            title = intro
            self._titled_by(said)

        def cells(row: Any) -> tuple[str, ...]:
            return tuple(slide_text(c.children) for c in row.children)

        def written(row: Any) -> tuple[str, ...]:
            return tuple(" ".join(plain_text(c.children).split()) for c in row.children)

        head = tuple(cells(r) for r in block.head)
        rows = [cells(r) for r in block.children]
        # The notes keep the cells as written (a formula's TeX too, as every note does).
        in_notes = [written(r) for r in (*block.head, *block.children)]
        first = block.head[0] if block.head else (block.children[0] if block.children else None)
        align = tuple(c.align for c in first.children) if first else ()
        per = self.opts.table_rows
        n = max(1, math.ceil(len(rows) / per))
        per = max(1, math.ceil(len(rows) / n))
        if n > MAX_TABLE_SLIDES:
            n, per = MAX_TABLE_SLIDES, self.opts.table_rows
        cap = slide_text(block.caption)
        width = max((len(r) for r in head + tuple(rows)), default=0)
        wide = width > MAX_TABLE_COLUMNS  # the rest would be unreadable: every column is in the notes
        for i in range(n):
            chunk = tuple(rows[i * per : (i + 1) * per])
            rest = tuple(rows[n * per :]) if i == n - 1 else ()
            shown = MAX_TABLE_COLUMNS
            data = TableData(head=tuple(r[:shown] for r in head), rows=tuple(r[:shown] for r in chunk),
                             align=align[:shown])
            shown_rows = in_notes[:len(head)] + in_notes[len(head) + i * per:len(head) + (i + 1) * per]
            shown_rows += in_notes[len(head) + n * per:] if i == n - 1 else []
            notes = "\n".join(" | ".join(r) for r in shown_rows)
            if rest:
                notes = (f"(rows {n * per + 1}-{len(rows)} of the table are in these notes only)\n"
                         + notes)
            if wide:
                notes = f"(columns {shown + 1}-{width} of the table are in these notes only)\n" + notes
            if i == 0:
                notes = "\n".join(x for x in (*lead, " ".join(plain_text(block.caption).split()), notes) if x)
            self.p.slides.append(
                Slide(
                    "table",
                    title=as_title(cap, 14) or title,
                    table=data,
                    notes=notes,
                    part=(i + 1, n),
                    line=block.line,
                    weight=1.4,
                )
            )

    def list_(self, block: BulletList | OrderedList | DefinitionList) -> None:
        """A list in the prose is already the author's bullets: show it as such."""
        if isinstance(block, DefinitionList) and _glossary(block):
            # "*[DM]: direct message" read as a list: what the letters stand
            # for is for the speaker, not a slide of its own.
            self.pending.note(self.p.notes_for(block))
            return
        intro_title, _said = self._intro_title()
        intro = self.pending.pop_para()
        title = self.heading()
        steered = self.pending.steered
        self.flush()
        if intro and (self.continuing() or not title):
            # The paragraph that introduces the list names it.
            title = intro_title or speaker_title([intro[0]], avoid=self.p.quoted) or title
        bullets = (
            _list_bullets(block, self.p.cjk)
            if not isinstance(block, DefinitionList)
            else [
                Bullet(
                    flatten(item.term)
                    + (Run(" — "),)
                    + (
                        flatten(getattr(item.children[0], "children", ()))
                        if item.children
                        else ()
                    )
                )
                for item in block.children
            ]
        )
        whole = [b.text for b in bullets]  # for the notes: every item as written
        bullets = [Bullet(self._entry(b.runs) if self.references else keep_point(b.runs, self.opts.max_words),
                          b.level, b.number) for b in bullets]
        per = self.opts.max_bullets
        n = max(1, math.ceil(len(bullets) / per))
        per = math.ceil(len(bullets) / n) if bullets else per
        head_notes = [self.p.notes_for(intro[1])] if intro else []
        for i in range(n):
            chunk = bullets[i * per : (i + 1) * per]
            notes = [*head_notes, self.p.notes_for(block)] if i == 0 else whole[i * per : (i + 1) * per]
            self.p.slides.append(
                Slide(
                    "points",
                    title=title or "",
                    bullets=tuple(chunk),
                    notes="\n\n".join(x for x in notes if x),
                    part=(i + 1, n),
                    line=block.line,
                    weight=1.3 + (1.5 if steered else 0.0),
                )
            )


_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&./-]{0,9}")


def _glossary(block: DefinitionList) -> bool:
    """Every term an acronym ("DM", "RACI") and every meaning a few words:
    what abbreviations stand for (Markdown Extra's ``*[DM]: …``)."""
    items = block.children
    return bool(items) and all(
        _ACRONYM.fullmatch(plain_text(i.term).strip()) is not None
        and sum(1 for ch in plain_text(i.term) if ch.isupper()) >= 2
        and word_count(" ".join(plain_text(c) for c in i.children)) <= 8
        for i in items
    )


def _filler(sentence: RichText) -> bool:
    """"And so on.", "But still.": a few words that only carry on; no point."""
    words = text_of(sentence).split()
    return len(words) <= 3 and words[0].lower().strip("\"'“‘(") in {"and", "but", "so", "or", "etc"}


def _only_lists(block: BlockQuote) -> bool:
    return (
        bool(block.children)
        and not block.attribution
        and all(isinstance(c, (BulletList, OrderedList)) for c in block.children)
    )


def _join(parts: list[RichText]) -> RichText:
    out: list[Run] = []
    for s in parts:
        if out:
            out.append(Run(" "))
        out.extend(s)
    return tuple(out)


def _list_bullets(lst: BulletList | OrderedList, cjk: bool, level: int = 0) -> list[Bullet]:
    out: list[Bullet] = []
    for n, item in enumerate(lst.children, getattr(lst, "start", 1)):
        assert isinstance(item, ListItem)
        runs: list[Run] = []
        for child in item.children:
            if isinstance(child, Paragraph):
                if runs:
                    runs.append(Run(" "))
                runs.extend(flatten(child.children, cjk=cjk))
        if runs:
            out.append(Bullet(strip_runs(tuple(runs)), level, n if isinstance(lst, OrderedList) else None))
        for child in item.children:
            if isinstance(child, (BulletList, OrderedList)) and level < 1:
                out.extend(_list_bullets(child, cjk, level + 1))
    return out
