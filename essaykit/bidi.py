"""The direction of a paragraph from its own text.

Why: an Arabic or Hebrew essay often quotes whole paragraphs in English
(comments, code reviews, a tweet). Set in the document's right-to-left
direction, such a paragraph comes out with its full stop and question
mark on the wrong side ("?Finally, why…", ".Confused, you close the
tab") and its last line flush right; the reverse happens to an Arabic
paragraph in an English essay. WeasyPrint and PowerPoint do nothing about
it, and a browser only where the author wrote ``dir="auto"``. So each
renderer asks :func:`differing` and marks a paragraph that reads against
the document (``dir`` in XHTML, ``rtl`` on a slide's paragraph).

The rule: a paragraph takes the other direction only when both its first
strong letter (the Unicode Bidirectional Algorithm's rule P2, which
``dir="auto"`` follows) and most of its letters are of that direction.
P2 alone would turn "Python هي لغة برمجة…" — an Arabic sentence that
begins with a product's name, common in technical writing — into a
left-to-right paragraph, and an Arabic sentence quoting a long English
one would be turned by a count of letters alone; requiring both keeps
those in the document's direction and still catches the quoted English
paragraph. Letters in what the renderers isolate from the paragraph —
inline code, maths, runs the author marked with their own direction —
do not count.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .model import Code, FootnoteRef, Image, Inline, MathInline, RawInline, Span, Text


def strong_letters(text: str) -> tuple[str | None, int, int]:
    """The direction of the first strong character of ``text`` (None when
    it has none: digits, punctuation, spaces), and how many of its
    characters are strong left-to-right and right-to-left."""
    first: str | None = None
    ltr = rtl = 0
    for ch in text:
        if ch < "\x80":
            if ch.isalpha():
                ltr += 1
                first = first or "ltr"
            continue
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            ltr += 1
            first = first or "ltr"
        elif kind in ("R", "AL"):
            rtl += 1
            first = first or "rtl"
    return first, ltr, rtl


def text_direction(text: str) -> str | None:
    """The direction of the first strong character of ``text`` (rule P2)."""
    return strong_letters(text)[0]


def differing_text(text: str, base: str) -> str | None:
    """``text``'s own direction when it reads against ``base`` (see the
    module docstring), else None."""
    first, ltr, rtl = strong_letters(text)
    if first == "ltr" and base == "rtl" and ltr > rtl:
        return "ltr"
    if first == "rtl" and base == "ltr" and rtl > ltr:
        return "rtl"
    return None


def paragraph_text(inlines: Iterable[Inline]) -> str:
    """The text of a paragraph made of ``inlines`` that decides its
    direction: isolated runs and what is not text of it left out."""
    out: list[str] = []
    _collect(inlines, out)
    return "".join(out)


def _collect(inlines: Iterable[Inline], out: list[str]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Code, MathInline, RawInline, FootnoteRef, Image)):
            continue  # isolated by the renderers, or not text of the paragraph
        elif isinstance(node, Span) and node.dir:
            continue
        else:
            _collect(getattr(node, "children", ()), out)


def paragraph_direction(inlines: Iterable[Inline]) -> str | None:
    """The direction of the first strong letter of a paragraph (rule P2)."""
    return text_direction(paragraph_text(inlines))


def differing(inlines: Iterable[Inline], base: str) -> str | None:
    """The paragraph's direction when it reads against ``base`` (the
    document's), else None: what a renderer must mark."""
    return differing_text(paragraph_text(inlines), base)
