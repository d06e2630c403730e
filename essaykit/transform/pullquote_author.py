"""The author's pull quotes: ``==marked==`` passages and the front matter
``pullquotes:`` list, found in the body and copied out.

Kept apart from automatic selection because the rules are opposite: here
the author is always right (a listed sentence that is not in the essay is an
error naming it), there the machine must justify every choice.
"""

from __future__ import annotations

import re

from ..errors import EssayError
from ..model import (
    Document,
    Emph,
    FootnoteRef,
    Inline,
    Link,
    Mark,
    Node,
    Paragraph,
    PullQuote,
    Strong,
    Sup,
    Text,
    plain_text,
)
from ..model.walk import query, walk
from .sentences import inline_text, slice_inlines, strip_inlines

__all__ = ["clean", "normalise", "marked", "front_matter"]


#: Citation markers written as text ("identité[15].", "[3, 4]", "[citation needed]").
_CITATION = re.compile(r"\s?\[(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|citation needed)\]")


def clean(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Inline content fit for a copy set large: no footnote references (their
    ids would be doubled) nor citation markers (a quote set large cites
    nothing), links reduced to their text, and emphasis that covers the
    whole quote dropped, since the quote is display type anyway."""

    def fn(node: Node) -> object:
        if isinstance(node, FootnoteRef):
            return ()
        if isinstance(node, Sup) and not plain_text(node.children).strip():
            return ()  # "<sup>[15]</sup>", emptied below (children come first)
        if isinstance(node, Text) and "[" in node.text:
            return Text(text=_CITATION.sub("", node.text), line=node.line)
        if isinstance(node, Link):
            return node.children
        return node

    out = strip_inlines(walk(inlines, fn))
    for _ in range(2):
        if out and isinstance(out[0], (Strong, Emph, Mark)):
            rest = out[1:]
            if not rest or (
                len(rest) == 1 and isinstance(rest[0], Text) and not _ALNUM.search(rest[0].text)
            ):
                out = tuple(out[0].children) + rest
    return out


_ALNUM = re.compile(r"[^\W_]")


#: A ``==mark==`` of one word is a highlighted word, not a pull quote.
MIN_MARKED_WORDS = 2
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def quotable(mark: Mark) -> bool:
    """Whether a ``==mark==`` is long enough to be a pull quote: two words, or four
    characters of a script written without spaces (Chinese, Japanese)."""
    words = plain_text(mark.children).split()
    if len(words) >= MIN_MARKED_WORDS:
        return True
    return len(_NO_SPACES.findall("".join(words))) >= 4


def marked(doc: Document) -> list[tuple[int, PullQuote]]:
    """A copy of every outermost ``==mark==``, with the index of the
    top-level block it stands in."""
    out: list[tuple[int, PullQuote]] = []
    for i, block in enumerate(doc.blocks):
        if isinstance(block, PullQuote):
            continue
        inner: set[int] = set()
        for mark in query(block, Mark):
            if id(mark) in inner:
                continue  # a mark inside a mark: the outer one is the quote
            inner.update(id(m) for m in query(mark.children, Mark))
            if not quotable(mark):
                continue  # a highlighted word: it stays highlighted where it is
            content = clean(mark.children)
            if content:
                out.append(
                    (
                        i,
                        PullQuote(
                            children=content,
                            origin="marked",
                            duplicate=True,
                            line=mark.line or block.line,
                        ),
                    )
                )
    return out


_FOLD = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    "—": "---",
    "–": "--",
    "…": "...",
}


def normalise(text: str) -> tuple[str, list[int]]:
    """Text folded for finding a front matter sentence, and where each folded
    character came from. White space is dropped entirely, so French spaces
    before ``?`` or a line break inside the sentence never prevent a match."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "\u00a0\u202f":
            continue
        for c in _FOLD.get(ch, ch).casefold():
            chars.append(c)
            origin.append(i)
    return "".join(chars), origin


def front_matter(doc: Document) -> list[tuple[int, PullQuote]]:
    """A copy of every sentence the front matter lists, found loosely (case,
    quotes, dashes and spaces folded); one that is not there is an error."""
    wanted = [s for s in doc.meta.pullquotes if s.strip()]
    if not wanted:
        return []
    paragraphs: list[tuple[int, Paragraph, str, list[int]]] = []
    for i, block in enumerate(doc.blocks):
        if isinstance(block, PullQuote):
            continue
        for para in query(block, Paragraph):
            folded, origin = normalise(inline_text(para.children))
            paragraphs.append((i, para, folded, origin))
    out: list[tuple[int, PullQuote]] = []
    for sentence in wanted:
        needle, _ = normalise(sentence)
        for i, para, folded, origin in paragraphs:
            at = folded.find(needle)
            if at < 0:
                continue
            start, end = origin[at], origin[at + len(needle) - 1] + 1
            content = clean(slice_inlines(para.children, start, end))
            out.append(
                (
                    i,
                    PullQuote(
                        children=content,
                        origin="frontmatter",
                        duplicate=True,
                        line=para.line,
                    ),
                )
            )
            break
        else:
            raise EssayError(
                f'front matter: pullquote not found in the essay: "{sentence.strip()}"',
                path=doc.source,
            )
    return out
