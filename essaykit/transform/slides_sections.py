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
    Table,
    ThematicBreak,
    plain_text,
)
from ..model.walk import query
from .slides_data import Bullet, Slide, TableData
from .textfit import (
    RichText,
    Run,
    emphasis_share,
    flatten,
    is_web_link,
    sentences,
    shorten,
    strip_runs,
    text_of,
    word_count,
)


class _Planner(Protocol):
    """What a section needs of the deck planner (:class:`.slides._Planner`)."""

    opts: Any
    doc: Any
    cjk: bool
    has_pullquotes: bool
    slides: list[Any]

    def add_notes(self, text: str) -> None: ...

    def notes_for(self, block: Any) -> str: ...


def block_text(block: Any) -> str:
    """A block's words as notes text: list items on lines of their own."""
    if isinstance(block, (BulletList, OrderedList)):
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
    """Paragraphs waiting to become a key-point slide, and notes riding along."""

    paras: list[tuple[RichText, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quotes: list[Slide] = field(default_factory=list)
    title: str | None = None


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
        self.pending = _Pending(notes=[heading_note] if heading_note else [])
        self.skip_next = False
        self.skipping = False
        self.author_bullets = self._author_bullets()

    def _author_bullets(self) -> list[Bullet] | None:
        for b in self.blocks:
            if isinstance(b, Div) and "bullets" in b.classes:
                out: list[Bullet] = []
                for lst in b.children:
                    if isinstance(lst, (BulletList, OrderedList)):
                        out.extend(_list_bullets(lst, self.p.cjk))
                return out
        return None

    def emit(self) -> None:
        for block in self.blocks:
            self.block(block)
        self.flush()
        if self.author_bullets:
            self._author_slide()
        if self.pending.notes:
            self.p.add_notes("\n\n".join(self.pending.notes))
            self.pending.notes = []

    # -- blocks -------------------------------------------------------

    def block(self, block: Any, lang: str | None = None) -> None:
        if isinstance(block, DeckDirective):
            self.directive(block)
            return
        if isinstance(block, FootnoteDef):
            return  # attached to the notes of the slide that cites it
        if self.skip_next or self.skipping:
            self.skip_next = False
            self.pending.notes.append(self.p.notes_for(block))
            return
        if isinstance(block, Div):
            self.div(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block, lang)
        elif isinstance(block, ThematicBreak):
            self.flush()
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
            self.pending.title = plain_text(block.children)
            self.pending.notes.append(self.pending.title)
        else:
            self.pending.notes.append(self.p.notes_for(block))

    def directive(self, d: DeckDirective) -> None:
        words = f"{d.name} {d.value}".lower().replace(":", " ").replace("-", " ").split()
        if words and words[0] == "deck":
            words = words[1:]
        if not words:
            return
        if words[0] == "slide":
            self.flush()
            title = d.value.strip() if d.name.lower() == "slide" else ""
            self.pending.title = title or None
        elif words[0] in {"skip", "noslide", "no"}:
            if any(w in {"start", "begin", "on"} for w in words[1:]):
                self.flush()
                self.skipping = True
            elif any(w in {"end", "stop", "off"} for w in words[1:]):
                self.skipping = False
            else:
                self.skip_next = True
        elif words[0] == "end":
            self.skipping = False

    def div(self, div: Div) -> None:
        if "bullets" in div.classes:
            return  # drawn by _author_slide; its words are on the slide
        if "no-deck" in div.classes or "notes" in div.classes:
            for child in div.children:
                self.pending.notes.append(self.p.notes_for(child))
            return
        for child in div.children:
            self.block(child, div.lang)

    def paragraph(self, para: Paragraph, lang: str | None) -> None:
        kids = [c for c in para.children if not (hasattr(c, "text") and not c.text.strip())]
        if len(kids) == 1 and isinstance(kids[0], Image):
            self.image(kids[0], (), para.line)
            return
        runs = flatten(para.children, cjk=self.p.cjk, lang=lang)
        if not text_of(runs).strip():
            return
        self.pending.paras.append((runs, para))
        if self.opts.emphasis_quotes and not self.p.has_pullquotes and len(self.pending.quotes) < 1:
            for s in sentences(runs):
                if emphasis_share(s) >= 0.8 and word_count(text_of(s)) >= 5:
                    self.pending.quotes.append(
                        self._quote_slide(strip_runs(s), "", text_of(s), para.line)
                    )
                    break
        if len(self.pending.paras) >= self._chunk_limit():
            self.flush()

    def _chunk_limit(self) -> int:
        # Headed sections hold a few more paragraphs per slide before splitting;
        # balancing in flush() keeps slides even.
        return self.opts.paragraphs_per_slide * 3

    def flush(self) -> None:
        pend = self.pending
        if pend.paras and self.author_bullets is None:
            self._points(pend.paras, pend.notes, pend.title)
            pend.notes = []
        elif pend.paras:
            # The author wrote the bullets: paragraphs only feed the notes.
            pend.notes = [*pend.notes, *(self.p.notes_for(b) for _, b in pend.paras)]
        self.p.slides.extend(pend.quotes)
        pend.paras = []
        pend.quotes = []
        pend.title = None

    def _points(
        self, paras: list[tuple[RichText, Any]], extra: list[str], title: str | None
    ) -> None:
        n = math.ceil(len(paras) / self.opts.paragraphs_per_slide)
        per = math.ceil(len(paras) / n)
        chunks = [paras[i * per : (i + 1) * per] for i in range(n)]
        for i, chunk in enumerate(chunks):
            head = title or self.title
            bullets = self._distil(chunk)
            if not head:
                # No heading to name the slide: its first key point does.
                head = bullets[0].text if bullets else self.p.doc.meta.title
                # A lone key point becomes a statement slide: title only.
                bullets = bullets[1:]
            notes = [self.p.notes_for(b) for _, b in chunk]
            if i == 0:
                notes = [*extra, *notes]
            self.p.slides.append(
                Slide(
                    "points",
                    title=head,
                    bullets=tuple(bullets),
                    notes="\n\n".join(x for x in notes if x),
                    part=(i + 1, n),
                    line=chunk[0][1].line,
                )
            )

    def _distil(self, chunk: list[tuple[RichText, Any]]) -> list[Bullet]:
        """One bullet per paragraph (two when a slide would be thin)."""
        picks: list[list[RichText]] = []
        for runs, _ in chunk:
            ss = [s for s in sentences(runs) if text_of(s).strip()]
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
        return [Bullet(shorten(s, limit)) for s in out]

    def _author_slide(self) -> None:
        bullets = self.author_bullets or []
        per = self.opts.max_bullets
        n = max(1, math.ceil(len(bullets) / per))
        notes = "\n\n".join(self.pending.notes) or "\n".join(b.text for b in bullets)
        self.pending.notes = []
        for i in range(n):
            self.p.slides.append(
                Slide(
                    "points",
                    title=self.title or self.p.doc.meta.title,
                    bullets=tuple(bullets[i * per : (i + 1) * per]),
                    notes=notes
                    if i == 0
                    else "\n".join(b.text for b in bullets[i * per : (i + 1) * per]),
                    part=(i + 1, n),
                )
            )
        self.author_bullets = []

    # -- slides of their own --------------------------------------------

    def _quote_slide(self, runs: RichText, attribution: str, notes: str, line: int | None) -> Slide:
        shown = runs
        if word_count(text_of(runs)) > self.opts.quote_words:
            ss = sentences(runs)
            acc: list[Run] = []
            for s in ss:
                if acc and word_count(text_of(tuple(acc) + s)) > self.opts.quote_words:
                    break
                acc.extend((Run(" "), *s) if acc else s)
            shown = shorten(tuple(acc), self.opts.quote_words)
        # A quote is set in its own style; the author's bold is not needed on top.
        shown = tuple(replace(r, bold=False) for r in shown)
        return Slide("quote", quote=shown, attribution=attribution, notes=notes, line=line)

    def quote(self, block: BlockQuote | PullQuote) -> None:
        if isinstance(block, PullQuote) and block.duplicate and self._just_shown(block):
            # A pull quote copied from the quotation the audience has just
            # seen on its own slide would show the same words twice.
            return
        # "As X said:" introduces the quote: it belongs to its notes, not a bullet.
        lead: list[str] = []
        if self.pending.paras and text_of(self.pending.paras[-1][0]).rstrip().endswith(":"):
            _, para = self.pending.paras.pop()
            lead.append(self.p.notes_for(para))
        self.flush()
        if isinstance(block, PullQuote):
            runs = flatten(block.children, cjk=self.p.cjk)
        else:
            parts: list[Run] = []
            for child in block.children:
                if parts:
                    parts.append(Run(" "))
                parts.extend(
                    flatten(getattr(child, "children", ()), cjk=self.p.cjk)
                    if isinstance(child, Paragraph)
                    else (Run(block_text(child)),)
                )
            runs = tuple(parts)
        runs = strip_runs(runs)
        attribution = " ".join(plain_text(block.attribution).split()).lstrip("—–- ")
        if not text_of(runs).strip():
            self.pending.notes.extend(lead)
            return
        notes = "\n\n".join([*lead, self.p.notes_for(block)])
        self.p.slides.append(self._quote_slide(runs, attribution, notes, block.line))

    def _just_shown(self, block: PullQuote) -> bool:
        words = " ".join(plain_text(block.children).split()).casefold()
        if not words:
            return False
        return any(
            slide.kind == "quote" and words in " ".join(slide.notes.split()).casefold()
            for slide in self.p.slides[-2:]
        )

    def image(self, image: Image, caption: tuple[Any, ...], line: int | None) -> None:
        self.flush()
        cap = " ".join(plain_text(caption).split())
        notes = "\n".join(x for x in (image.alt, cap, image.title or "") if x)
        self.p.slides.append(
            Slide(
                "image",
                title=cap or image.title or "",
                image_src=image.src,
                image_alt=image.alt,
                notes=notes or image.src,
                line=line,
            )
        )

    def code(self, block: CodeBlock | MathBlock) -> None:
        self.flush()
        lines = block.text.rstrip("\n").split("\n")
        language = block.language or "" if isinstance(block, CodeBlock) else "latex"
        per = self.opts.code_lines
        n = max(1, math.ceil(len(lines) / per))
        per = math.ceil(len(lines) / n)
        for i in range(n):
            text = "\n".join(lines[i * per : (i + 1) * per])
            self.p.slides.append(
                Slide(
                    "code",
                    title=self.title or self.p.doc.meta.title,
                    code=text,
                    language=language,
                    notes=text,
                    part=(i + 1, n),
                    line=block.line,
                )
            )

    def table(self, block: Table) -> None:
        self.flush()

        def cells(row: Any) -> tuple[str, ...]:
            return tuple(" ".join(plain_text(c.children).split()) for c in row.children)

        head = tuple(cells(r) for r in block.head)
        rows = [cells(r) for r in block.children]
        first = block.head[0] if block.head else (block.children[0] if block.children else None)
        align = tuple(c.align for c in first.children) if first else ()
        per = self.opts.table_rows
        n = max(1, math.ceil(len(rows) / per))
        per = max(1, math.ceil(len(rows) / n))
        cap = " ".join(plain_text(block.caption).split())
        for i in range(n):
            chunk = tuple(rows[i * per : (i + 1) * per])
            data = TableData(head=head, rows=chunk, align=align)
            notes = "\n".join(" | ".join(r) for r in head + chunk)
            if i == 0 and cap:
                notes = cap + "\n" + notes
            self.p.slides.append(
                Slide(
                    "table",
                    title=cap or self.title or self.p.doc.meta.title,
                    table=data,
                    notes=notes,
                    part=(i + 1, n),
                    line=block.line,
                )
            )

    def list_(self, block: BulletList | OrderedList | DefinitionList) -> None:
        """A list in the prose is already the author's bullets: show it as such."""
        intro = self.pending.paras[-1:] if self.pending.paras else []
        if intro:
            self.pending.paras.pop()
        title = self.pending.title or self.title
        self.flush()
        bullets = (
            _list_bullets(block, self.p.cjk)
            if not isinstance(block, DefinitionList)
            else [
                Bullet(
                    shorten(
                        flatten(item.term)
                        + (Run(" — "),)
                        + (
                            flatten(getattr(item.children[0], "children", ()))
                            if item.children
                            else ()
                        ),
                        self.opts.max_words,
                    )
                )
                for item in block.children
            ]
        )
        bullets = [Bullet(shorten(b.runs, self.opts.max_words), b.level) for b in bullets]
        per = self.opts.max_bullets
        n = max(1, math.ceil(len(bullets) / per))
        per = math.ceil(len(bullets) / n) if bullets else per
        head_notes = [self.p.notes_for(p) for _, p in intro]
        for i in range(n):
            chunk = bullets[i * per : (i + 1) * per]
            notes = (
                [*self.pending.notes, *head_notes, self.p.notes_for(block)]
                if i == 0
                else [b.text for b in chunk]
            )
            if not title and intro and i == 0:
                head = shorten(sentences(intro[0][0])[0], self.opts.max_words)
                slide_title = text_of(head)
            else:
                slide_title = title or self.p.doc.meta.title
            self.p.slides.append(
                Slide(
                    "points",
                    title=slide_title,
                    bullets=tuple(chunk),
                    notes="\n\n".join(x for x in notes if x),
                    part=(i + 1, n),
                    line=block.line,
                )
            )
        self.pending.notes = []


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
        if isinstance(lst, OrderedList) and runs:
            runs.insert(0, Run(f"{n}. "))
        if runs:
            out.append(Bullet(strip_runs(tuple(runs)), level))
        for child in item.children:
            if isinstance(child, (BulletList, OrderedList)) and level < 1:
                out.extend(_list_bullets(child, cjk, level + 1))
    return out
