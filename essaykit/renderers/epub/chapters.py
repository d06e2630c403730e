"""Splitting the essay into content files, and the XHTML writer that links
across them.

A long book is one XHTML file per top-level section: reading systems load
(and paginate) one file at a time, so a 90,000-word single file is slow to
open on an e-ink reader. Splitting moves targets into other files, so every
internal link, note reference and back link is resolved here against the
file that holds its target. A link that can lead nowhere inside a book (a
site-relative URL, a missing anchor) keeps its words and loses the link,
with a warning, since a dangling reference is an EPUB error.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from essaykit.model import (
    Block,
    CodeBlock,
    DeckDirective,
    Document,
    FootnoteDef,
    Heading,
    Node,
    RawBlock,
    text_reaches,
)

from ..base import RenderContext
from ..xhtml.writer import (
    LINK_SCHEMES,
    REF_PREFIX,
    HtmlOptions,
    XhtmlWriter,
    safe_url,
    url_scheme,
    xml_safe,
)
from .math import to_mathml
from .side import DeferredCode

#: In "auto" mode, documents with less text than this stay in one file.
SPLIT_CHARS = 40_000


@dataclass(frozen=True)
class Chunk:
    file: str
    blocks: tuple[Block, ...]


def _invisible(block: Block) -> bool:
    return isinstance(block, (FootnoteDef, DeckDirective, RawBlock))


def split(doc: Document, mode: str = "auto", threshold: int = SPLIT_CHARS) -> list[tuple[Block, ...]]:
    """The document's blocks in groups, one per output file.

    ``mode``: "never", "always" (at every top-level heading) or "auto"
    (only when the text is longer than ``threshold`` characters).
    """
    blocks = doc.blocks
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    if mode == "never" or not levels:
        return [blocks]
    if mode != "always" and not text_reaches(blocks, threshold):
        return [blocks]
    top = min(levels)
    groups: list[list[Block]] = [[]]
    for b in blocks:
        starts = isinstance(b, Heading) and b.level == top
        # Only start a new file once the current one shows something.
        if starts and any(not _invisible(x) for x in groups[-1]):
            groups.append([])
        groups[-1].append(b)
    return [tuple(g) for g in groups]


def file_names(count: int) -> list[str]:
    return [f"text-{i + 1:03d}.xhtml" for i in range(count)]


class EpubWriter(XhtmlWriter):
    """The shared writer, with hrefs that know which file holds each id."""

    def __init__(self, doc: Document, options: HtmlOptions, groups: list[tuple[Block, ...]],
                 ctx: RenderContext):
        super().__init__(doc, options, groups)
        self.ctx = ctx
        self.files = file_names(len(groups))
        self.current = 0
        self.id_file: dict[str, str] = {}
        for heading, gi in self.scan.headings:
            self.id_file[self.heading_id(heading)] = self.files[gi]
        for label in self.note_numbers:
            home = self.files[self.note_home[label]]
            # With numbering per file (a book), "fn_1" is in every chapter:
            # an author's own "#fn_1" link goes to the first.
            self.id_file.setdefault(self.note_id(label), home)
            self.id_file.setdefault(f"{REF_PREFIX}{self.note_numbers[label]}", home)
        self._warned: set[str] = set()
        self.last_line: int | None = None
        #: Files (by index) that contain MathML: the manifest must say so.
        self.mathml_files: set[int] = set()
        #: Set when a child process highlights the code (see ``epub_side``):
        #: code blocks are written as its placeholders.
        self.deferred_code: DeferredCode | None = None

    def highlight(self, node: CodeBlock) -> str:
        if self.deferred_code is None:
            return super().highlight(node)
        return self.deferred_code.placeholder(xml_safe(node.text), node.language)

    def href(self, file: str, fragment: str) -> str:
        if file == self.files[self.current]:
            return "#" + fragment
        return f"{file}#{fragment}"

    def note_href(self, label: str) -> str:
        return self.href(self.files[self.note_home[label]], self.note_id(label))

    def ref_href(self, label: str) -> str:
        return self.href(self.files[self.note_home[label]], f"{REF_PREFIX}{self.note_numbers[label]}")

    def link_href(self, url: str) -> str | None:
        url = xml_safe(url).strip()
        if url.startswith("#"):
            fragment = urllib.parse.unquote(url[1:])
            file = self.id_file.get(fragment)
            if file is None:
                self._warn_once(url, f"link to {url!r}: nothing in the essay has that id; kept as text")
                return None
            return self.href(file, fragment)
        scheme = url_scheme(url)
        if scheme in LINK_SCHEMES:
            return safe_url(url)
        if url:
            self._warn_once(url, f"link {url!r} is relative to a website, not the book; kept as text")
        return None

    def math(self, tex: str, display: bool) -> str | None:
        mathml = to_mathml(tex, display=display)
        if mathml is None:
            return None
        self.mathml_files.add(self.current)
        return f'<div class="math display">{mathml}</div>\n' if display else mathml

    def visit(self, node: Node) -> Any:
        # Remember the nearest source line: inline nodes often carry none,
        # and a warning should still point at the paragraph.
        if node.line is not None:
            self.last_line = node.line
        method = self._visitors.get(type(node))  # (XhtmlWriter.visit, inlined)
        return method(node) if method is not None else super().visit(node)

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            self.ctx.warn(message, self.last_line, "link")

    def chunks(self, groups: list[tuple[Block, ...]]) -> list[Chunk]:
        return [Chunk(f, g) for f, g in zip(self.files, groups, strict=True)]
