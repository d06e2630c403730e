"""Sections derived from headings, and heading ids.

The model stores headings only; the section tree is computed when needed so
the same information never lives in two places.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from . import Block, Document, Heading, plain_text


@dataclass(frozen=True, slots=True)
class Section:
    """A heading (None for the text before the first one), the blocks up to
    the next heading of the same or a higher level, and the sections below."""

    heading: Heading | None
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = field(default=())

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0

    @property
    def title(self) -> str:
        return plain_text(self.heading.children) if self.heading else ""

    def all_blocks(self) -> tuple[Block, ...]:
        """The section's own blocks and every subsection's, headings included."""
        out: list[Block] = list(self.blocks)
        for sub in self.subsections:
            if sub.heading is not None:
                out.append(sub.heading)
            out.extend(sub.all_blocks())
        return tuple(out)


def sections(doc: Document | tuple[Block, ...]) -> tuple[Section, ...]:
    """The section tree: a leading untitled section (if there is text before
    the first heading) followed by one section per top-level heading."""
    blocks = doc.blocks if isinstance(doc, Document) else doc
    root = _build(blocks, 0)
    return root


def _build(blocks: tuple[Block, ...], level: int) -> tuple[Section, ...]:
    out: list[Section] = []
    i = 0
    lead: list[Block] = []
    while i < len(blocks) and not isinstance(blocks[i], Heading):
        lead.append(blocks[i])
        i += 1
    if lead and level == 0:
        out.append(Section(None, tuple(lead)))
    while i < len(blocks):
        head = blocks[i]
        assert isinstance(head, Heading)
        j = i + 1
        while j < len(blocks) and not (
            isinstance(blocks[j], Heading) and blocks[j].level <= head.level  # type: ignore[union-attr]
        ):
            j += 1
        body = blocks[i + 1 : j]
        k = 0
        while k < len(body) and not isinstance(body[k], Heading):
            k += 1
        out.append(Section(head, tuple(body[:k]), _build(tuple(body[k:]), head.level)))
        i = j
    return tuple(out)


def slugify(text: str) -> str:
    """An XML-safe id from heading text; keeps letters of every script."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s-]", "", text, flags=re.UNICODE)
    text = re.sub(r"[\s_-]+", "-", text).strip("-")
    if not text or not (text[0].isalpha() and text[0].isascii()):
        text = "s-" + text if text else "section"
    return text


def unique_ids(texts: list[str]) -> list[str]:
    """Slugs for several headings, made unique with ``-2``, ``-3``..."""
    seen: dict[str, int] = {}
    out = []
    for text in texts:
        base = slugify(text)
        n = seen.get(base, 0) + 1
        seen[base] = n
        out.append(base if n == 1 else f"{base}-{n}")
    return out
