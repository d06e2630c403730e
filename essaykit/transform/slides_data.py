"""The talk-deck plan as plain data: slides, the deck, and the planner's options.

Why a module of its own: the plan is what the planner (:mod:`.slides`,
:mod:`.slides_sections`) produces and the PPTX renderer, the book's decks and
``essaykit inspect --slides`` consume. Keeping the types apart from the
machinery that fills them lets every side import them without importing the
others, and keeps them plain: frozen dataclasses with a JSON form
(:meth:`DeckPlan.to_data`) and a readable outline (:meth:`DeckPlan.describe`).
Import them from :mod:`essaykit.transform.slides`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..lang import is_cjk, primary
from .textfit import RichText, text_of, word_count

#: "maths" is a display equation (its TeX in ``code``), drawn as a picture of
#: the equation, never as a code listing.
KINDS = (
    "title", "agenda", "section", "points", "quote", "image", "code", "maths", "table", "closing"
)


@dataclass(frozen=True, slots=True)
class Bullet:
    runs: RichText
    level: int = 0
    #: The item's number in a numbered list: drawn where the bullet would be.
    number: int | None = None

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
    #: How much the slide matters to the talk (the planner's ranking: a pull
    #: quote over a paragraph's bullets); 0 for the deck's own slides.
    weight: float = 0.0
    #: Speaking time the talk gives the slide, in seconds.
    seconds: int = 0

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
            if value in ((), "", None, (1, 1)) or (f.name in {"weight", "seconds"} and not value):
                continue
            if f.name == "bullets":
                value = [{"runs": [r.to_data() for r in b.runs], "level": b.level,
                          **({"number": b.number} if b.number is not None else {})} for b in value]
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
    #: The slot the talk is planned for, in minutes.
    minutes: float = 0.0
    #: (line, message): what the planner found wrong in the essay's steering.
    warnings: tuple[tuple[int | None, str], ...] = ()

    @property
    def seconds(self) -> int:
        return sum(s.seconds for s in self.slides)

    @property
    def cjk(self) -> bool:
        return is_cjk(self.language)

    def to_data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "language": self.language,
            "direction": self.direction,
            "authors": list(self.authors),
            "minutes": self.minutes,
            "seconds": self.seconds,
            "warnings": [{"line": line, "message": msg} for line, msg in self.warnings],
            "slides": [s.to_data() for s in self.slides],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2)

    def describe(self) -> str:
        """A readable outline, one slide a line with its time (bullets
        indented below), and the total."""
        lines = [
            f"Deck: {self.title or '(untitled)'} — {len(self.slides)} slides, "
            f"{clock(self.seconds)} for a {self.minutes:g}-minute slot, "
            f"language {self.language} ({self.direction})"
        ]
        for n, s in enumerate(self.slides, 1):
            head = s.title
            if s.kind == "quote":
                head = f"“{_clip(text_of(s.quote), 70)}”" + (
                    f" — {s.attribution}" if s.attribution else ""
                )
            elif s.kind == "image":
                head = f"{s.image_src} — {s.title or s.image_alt}"
            elif s.kind in {"code", "maths"}:
                head = f"{s.title} [{s.language or 'text'}, {len(s.code.splitlines())} lines]"
            elif s.kind == "table" and s.table:
                head = f"{s.title} [{len(s.table.rows)} rows]"
            if s.subtitle and s.kind in {"title", "section", "closing"}:
                head += f" — {_clip(s.subtitle, 50)}"
            lines.append(
                f"{n:3}. {clock(s.seconds):>5}  {s.kind:<8} {_clip(head, 90)}"
                f"  [notes: {word_count(s.notes)} words]"
            )
            for b in s.bullets:
                lines.append(f"{'':21}{'  ' * b.level}{'•' if b.number is None else f'{b.number}.'} {b.text}")
        lines.append(f"total {clock(self.seconds)} ({len(self.slides)} slides)")
        return "\n".join(lines)

    def words(self) -> str:
        """All text of slides and notes, for checking that nothing is lost."""
        return "\n".join(t for s in self.slides for t in s.texts() + [s.notes])


def clock(seconds: int) -> str:
    """``90`` → ``1:30``."""
    return f"{seconds // 60}:{seconds % 60:02d}"


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
    agenda_max_items: int = 8
    code_lines: int = 16
    table_rows: int = 8
    quote_words: int = 45
    #: The talk's slot in minutes (None: a length that suits the essay).
    minutes: float | None = None
    #: Slides a minute the talk aims for, at most (title and closing aside).
    slides_per_minute: float = 1.5
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
