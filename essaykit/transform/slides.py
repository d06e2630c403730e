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

Nothing kept off the slides is lost: its words go to the speaker notes of
the neighbouring slide. Pull quotes and block quotes become quote slides;
the pull-quote pass (not the planner) decides which emphasised sentences are
pull quotes, so ``--pullquotes none`` means no quote slides but the author's
explicit ones and their block quotes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..lang import direction, is_cjk, primary
from ..model import (
    BlockQuote,
    BulletList,
    CodeBlock,
    DeckDirective,
    DefinitionList,
    Div,
    Document,
    Figure,
    FootnoteDef,
    FootnoteRef,
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
from ..outline import Section, sections
from ..walk import query
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

KINDS = ("title", "agenda", "section", "points", "quote", "image", "code", "table", "closing")


@dataclass(frozen=True, slots=True)
class Bullet:
    runs: RichText
    level: int = 0

    @property
    def text(self) -> str:
        return text_of(self.runs)


@dataclass(frozen=True, slots=True)
class TableData:
    head: tuple[tuple[str, ...], ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    align: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Slide:
    """One slide. Which fields matter depends on ``kind`` (see :data:`KINDS`)."""

    kind: str
    title: str = ""
    subtitle: str = ""
    bullets: tuple[Bullet, ...] = ()
    quote: RichText = ()
    attribution: str = ""
    image_src: str = ""
    image_alt: str = ""
    code: str = ""
    language: str = ""
    table: TableData | None = None
    notes: str = ""
    #: (n, of) when one block or section needed several slides.
    part: tuple[int, int] = (1, 1)
    #: Language of the slide's text when it differs from the deck's.
    lang: str | None = None
    line: int | None = None

    def texts(self) -> list[str]:
        """Every visible string of the slide (for checks and inspection)."""
        out = [
            self.title,
            self.subtitle,
            text_of(self.quote),
            self.attribution,
            self.image_alt,
            self.code,
        ]
        out += [b.text for b in self.bullets]
        if self.table:
            out += [c for row in self.table.head + self.table.rows for c in row]
        return [t for t in out if t]

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in ((), "", None, (1, 1)):
                continue
            if f.name == "bullets":
                value = [{"runs": [r.to_data() for r in b.runs], "level": b.level} for b in value]
            elif f.name == "quote":
                value = [r.to_data() for r in value]
            elif f.name == "table":
                value = {
                    "head": [list(r) for r in value.head],
                    "rows": [list(r) for r in value.rows],
                    "align": list(value.align),
                }
            elif f.name == "part":
                value = list(value)
            out[f.name] = value
        return out


@dataclass(frozen=True, slots=True)
class DeckPlan:
    title: str
    language: str
    direction: str
    slides: tuple[Slide, ...]
    authors: tuple[str, ...] = ()

    @property
    def cjk(self) -> bool:
        return is_cjk(self.language)

    def to_data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "language": self.language,
            "direction": self.direction,
            "authors": list(self.authors),
            "slides": [s.to_data() for s in self.slides],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2)

    def describe(self) -> str:
        """A readable outline, one slide a line (bullets indented below)."""
        lines = [
            f"Deck: {self.title or '(untitled)'} — {len(self.slides)} slides, "
            f"language {self.language} ({self.direction})"
        ]
        for n, s in enumerate(self.slides, 1):
            part = f" ({s.part[0]}/{s.part[1]})" if s.part[1] > 1 else ""
            head = s.title
            if s.kind == "quote":
                head = f"“{_clip(text_of(s.quote), 70)}”" + (
                    f" — {s.attribution}" if s.attribution else ""
                )
            elif s.kind == "image":
                head = f"{s.image_src} — {s.title or s.image_alt}"
            elif s.kind == "code":
                head = f"{s.title} [{s.language or 'text'}, {len(s.code.splitlines())} lines]"
            elif s.kind == "table" and s.table:
                head = f"{s.title} [{len(s.table.rows)} rows]"
            if s.subtitle and s.kind in {"title", "section", "closing"}:
                head += f" — {_clip(s.subtitle, 50)}"
            lines.append(
                f"{n:3}. {s.kind:<8} {_clip(head, 90)}{part}  [notes: {word_count(s.notes)} words]"
            )
            for b in s.bullets:
                lines.append(f"{'':14}{'  ' * b.level}• {b.text}")
        return "\n".join(lines)

    def words(self) -> str:
        """All text of slides and notes, for checking that nothing is lost."""
        return "\n".join(t for s in self.slides for t in s.texts() + [s.notes])


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass(frozen=True, slots=True)
class DeckOptions:
    max_bullets: int = 5
    max_words: int = 12
    #: Paragraphs (one bullet each) a key-point slide aims for.
    paragraphs_per_slide: int = 4
    agenda_min_sections: int = 3
    agenda_max_items: int = 7
    code_lines: int = 16
    table_rows: int = 8
    quote_words: int = 45
    #: Quote slides for wholly bold/marked sentences when there are no pull
    #: quotes. Off by default: the pull-quote pass already chooses emphasised
    #: sentences, and ``--pullquotes none`` must mean none in the deck too.
    emphasis_quotes: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | DeckOptions | None) -> DeckOptions:
        if isinstance(data, DeckOptions):
            return data
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names and v is not None})


#: Words the deck itself adds, per language (fallback English).
LABELS: dict[str, tuple[str, str]] = {
    "en": ("Agenda", "Thank you"),
    "fr": ("Sommaire", "Merci"),
    "de": ("Agenda", "Danke"),
    "es": ("Índice", "Gracias"),
    "it": ("Indice", "Grazie"),
    "pt": ("Sumário", "Obrigado"),
    "nl": ("Agenda", "Dank je"),
    "ja": ("目次", "ありがとうございました"),
    "zh": ("目录", "谢谢"),
    "ko": ("목차", "감사합니다"),
    "ar": ("جدول الأعمال", "شكرًا"),
    "fa": ("فهرست", "سپاس"),
    "he": ("סדר היום", "תודה"),
    "ru": ("План", "Спасибо"),
    "uk": ("План", "Дякую"),
}


def labels(language: str) -> tuple[str, str]:
    return LABELS.get(primary(language), LABELS["en"])


# ------------------------------------------------------------------ planning


def plan_deck(doc: Document, *, options: Mapping[str, Any] | DeckOptions | None = None) -> DeckPlan:
    """The slides of a talk about ``doc``. Pure: the document is not changed."""
    opts = DeckOptions.from_mapping(options)
    lang = doc.meta.language or "en"
    planner = _Planner(doc, opts)
    slides = tuple(planner.plan())
    return DeckPlan(
        title=slides[0].title if slides else _first_heading(doc),
        language=lang,
        direction=direction(lang),
        slides=slides,
        authors=doc.meta.authors,
    )


def _first_heading(doc: Document) -> str:
    heads = query(doc.blocks, Heading)
    return plain_text(heads[0].children) if heads else ""


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
            wrappers.append(headed[0].title)
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
    def __init__(self, doc: Document, opts: DeckOptions):
        self.doc = doc
        self.opts = opts
        self.lang = doc.meta.language or "en"
        self.cjk = is_cjk(self.lang)
        self.footnotes = {f.label: f for f in query(doc.blocks, FootnoteDef)}
        self.used_notes: set[str] = set()
        self.has_pullquotes = bool(query(doc.blocks, PullQuote))
        self.slides: list[Slide] = []

    # -- the deck ------------------------------------------------------

    def plan(self) -> list[Slide]:
        meta = self.doc.meta
        lead, secs, wrappers = _top_sections(self.doc)
        title = meta.title or (wrappers[0] if wrappers else secs[0].title if secs else "")
        self.slides.append(self._title_slide(title))
        self.add_notes("\n\n".join(w for w in wrappers if w != title))
        if len(secs) >= self.opts.agenda_min_sections:
            self._agenda([s.title for s in secs])
        if lead:
            _Section(self, title="", blocks=lead, headless=not secs).emit()
        for n, sec in enumerate(secs, 1):
            self.slides.append(
                Slide(
                    "section",
                    title=sec.title,
                    subtitle=f"{n:02d}",
                    notes=sec.title,
                    line=sec.heading.line if sec.heading else None,
                )
            )
            _Section(self, title=sec.title, blocks=list(sec.blocks)).emit()
            self._subsections(sec.subsections)
        self._closing(title)
        return self.slides

    def _subsections(self, subs: tuple[Section, ...]) -> None:
        for sub in subs:
            blocks = list(sub.blocks)
            if not any(not isinstance(b, (DeckDirective, FootnoteDef)) for b in blocks):
                # A heading with nothing of its own: its words still go to the notes.
                self.add_notes(sub.title)
            else:
                _Section(self, title=sub.title, blocks=blocks, heading_note=sub.title).emit()
            self._subsections(sub.subsections)

    def _title_slide(self, title: str) -> Slide:
        meta = self.doc.meta
        lines = [meta.subtitle or meta.description]
        lines.append(", ".join(meta.authors))
        event = meta.extra.get("event")
        when = meta.date.isoformat() if meta.date else ""
        lines.append(" · ".join(str(x) for x in (event, when) if x))
        subtitle = "\n".join(x for x in lines if x)
        notes = "\n\n".join(
            x for x in (title, meta.subtitle, meta.description, ", ".join(meta.authors)) if x
        )
        return Slide("title", title=title, subtitle=subtitle, notes=notes or title)

    def _agenda(self, titles: list[str]) -> None:
        label = labels(self.lang)[0]
        n = math.ceil(len(titles) / self.opts.agenda_max_items)
        per = math.ceil(len(titles) / n)
        for i in range(n):
            chunk = titles[i * per : (i + 1) * per]
            bullets = tuple(Bullet((Run(t),)) for t in chunk)
            self.slides.append(
                Slide(
                    "agenda", title=label, bullets=bullets, notes="\n".join(chunk), part=(i + 1, n)
                )
            )

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

    def footnote_text(self, label: str) -> str:
        self.used_notes.add(label)
        fn = self.footnotes.get(label)
        return f"[{label}] {plain_text(fn.children).strip()}" if fn else ""

    def notes_for(self, block: Any) -> str:
        """The prose of a block for the notes, with the footnotes it cites."""
        text = block_text(block)
        refs = [r.label for r in query(block, FootnoteRef) if r.label not in self.used_notes]
        extra = [self.footnote_text(label) for label in dict.fromkeys(refs)]
        return "\n".join([text, *[e for e in extra if e]]).strip()


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
