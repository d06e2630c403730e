"""The direction of a paragraph from its own text (Unicode's rule P2).

Why: an Arabic or Hebrew essay often quotes whole paragraphs in English
(comments, code reviews, a tweet). Set in the document's right-to-left
direction, such a paragraph comes out with its full stop and question
mark on the wrong side ("?Finally, why…", ".Confused, you close the
tab") and its last line flush right; the reverse happens to an Arabic
paragraph in an English essay. Browsers fix this only where the author
wrote ``dir="auto"``; WeasyPrint and PowerPoint not at all. So each
renderer asks :func:`paragraph_direction` and marks a paragraph whose
first strong letter disagrees with the document (``dir`` in XHTML,
``rtl`` on a slide's paragraph).

The rule is the Unicode Bidirectional Algorithm's P2: the first character
of type L decides left to right, the first of type R or AL right to left,
skipping what is isolated from the paragraph — here inline code, maths,
and runs the author marked with their own direction, all of which the
renderers isolate.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .model import Code, FootnoteRef, Image, Inline, MathInline, RawInline, Span, Text


def text_direction(text: str) -> str | None:
    """``"ltr"``/``"rtl"`` from the first strong character of ``text``,
    None when it has none (digits, punctuation, spaces only)."""
    for ch in text:
        if ch < "\x80":
            if ch.isalpha():
                return "ltr"
            continue
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def paragraph_direction(inlines: Iterable[Inline]) -> str | None:
    """The direction of a paragraph made of ``inlines`` (see the module
    docstring), None when no character of it decides."""
    for node in inlines:
        if isinstance(node, Text):
            found = text_direction(node.text)
        elif isinstance(node, (Code, MathInline, RawInline, FootnoteRef, Image)):
            continue  # isolated by the renderers, or not text of the paragraph
        elif isinstance(node, Span) and node.dir:
            continue
        else:
            found = paragraph_direction(getattr(node, "children", ()))
        if found:
            return found
    return None


def differing(inlines: Iterable[Inline], base: str) -> str | None:
    """The paragraph's direction when it is not ``base`` (the document's),
    else None: what a renderer must mark."""
    found = paragraph_direction(inlines)
    return found if found and found != base else None
