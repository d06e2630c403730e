"""Sentences: splitting text, and inline content, into sentences.

Pull quotes pick sentences, and the deck planner will distil bullets from
them, so both need the same answer to "where does this sentence end?" in every
script an essay may be written in. The rules are deliberately small and
linear (one compiled regex pass), because a 90,000-word book goes through them:

* Latin, Cyrillic, Greek, Arabic: a terminator (``. ! ? … ‽ ؟ ۔``), optional
  closing quotes/brackets, then white space, then something that is not a
  lower-case letter. Titles and initials (``Dr.``, ``J.``, ``e.g.``) do not end
  a sentence.
* Chinese and Japanese: ``。！？`` end a sentence whether or not a space
  follows, since those scripts write none.

Inline content (``Emph``, ``Link``, footnote references...) is split by
working on its plain text with offsets, so a sentence comes back as the
original nodes, sliced, with their formatting intact.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import (
    Code,
    Image,
    Inline,
    LineBreak,
    MathInline,
    Node,
    SoftBreak,
    Text,
)

__all__ = [
    "Sentence",
    "Leaf",
    "sentence_spans",
    "split_sentences",
    "inline_leaves",
    "inline_text",
    "slice_inlines",
    "strip_inlines",
    "split_inline_sentences",
    "count_words",
    "is_cjk_char",
]

_CJK_END = "。！？"
# Terminators, then closers (quotes and brackets, French spaces before them).
_END = re.compile(
    r"(?P<term>[。！？]+[!?！？]*|[.!?‽…؟۔]+)"
    r"(?P<close>(?:[ \u00a0\u202f]?[»›]|[\"'”’)\]」』）】〉》])*)"
)
_CJK_OPENERS = frozenset("「『（【〈《“‘")
_WORD_BEFORE = re.compile(r"[\w.]+$")

#: Words that, followed by a full stop, do not end a sentence: titles and
#: Latin abbreviations that are followed by a capitalised name or word.
_ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof st sr jr mt gen col capt lt sgt rev hon gov sen rep
    fig figs no nos nr vol vols pp ch sec art approx ca cf vs e.g i.e etc.al al
    m mme mlle mm hr fr bzw usw z.b d.h u.a vgl s sog""".split()  # noqa: SIM905
)

_CJK_RANGES = (
    (0x3000, 0x303F),  # CJK punctuation
    (0x3040, 0x30FF),  # kana
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),  # hangul
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),  # full-width forms
)


def is_cjk_char(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


@lru_cache(maxsize=1)
def _cjk_run() -> re.Pattern[str]:
    """Compiled on first need: text below U+3040 never needs it."""
    return re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Words in ``text``; two CJK characters count as one word.

    Reading time and "one pull quote per 600 words" must mean the same in a
    Chinese essay as in an English one; about two characters carry what one
    English word does. Words are runs between spaces (dashes standing alone
    are not words): counted with ``str.split``, as this runs on every sentence
    of a book.
    """
    if not text or max(text) < "\u3040" or _cjk_run().search(text) is None:
        return _latin_words(text)
    cjk = len(_cjk_run().findall(text))
    return _latin_words(_cjk_run().sub(" ", text)) + (cjk + 1) // 2


def _latin_words(text: str) -> int:
    n = len(text.split())
    if " " in text:
        n -= text.count(" — ") + text.count(" – ") + text.count(" - ")
    return max(n, 0)


# ------------------------------------------------------------------ plain text


def sentence_spans(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in ``text``, without surrounding spaces.

    ``lang`` is accepted for future per-language abbreviation lists; the rules
    above already cover the scripts essaykit meets, and a passage in another
    language inside a document must split the same way whatever the tag says.
    """
    del lang
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = _skip_space(text, 0)
    for m in _END.finditer(text):
        end = m.end()
        if m.start() < start:
            continue
        term = m.group("term")
        nxt = _skip_space(text, end)
        if term[0] in _CJK_END:
            # A CJK full stop is a boundary with or without a space, except
            # inside a quotation that the sentence goes on after:
            # 「そうです！」と言った。
            if (
                m.group("close")
                and end < n
                and not text[end].isspace()
                and text[end] not in _CJK_OPENERS
            ):
                continue
        else:
            # "3.14", "e.g.x", "word.Next" do not end; CJK right after does.
            if end < n and not text[end].isspace() and not is_cjk_char(text[end]):
                continue
            if nxt < n and text[nxt].islower():
                continue
            if term == "." and _is_abbreviation(text, m.start()):
                continue
        if nxt >= n:
            break
        spans.append((start, end))
        start = nxt
    if start < n:
        end = n
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not m:
        return False
    word = m.group(0)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. R. R. Tolkien"
    if "." in word and all(len(p) <= 2 for p in word.split(".")):
        return True  # "U.S", "e.g", "z.B"
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str, lang: str = "en") -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, lang)]


# ------------------------------------------------------------- inline content


@dataclass(frozen=True, slots=True)
class Leaf:
    """A node without inline children, where it sits in the plain text, and
    the container nodes around it (outermost first)."""

    node: Node
    start: int
    end: int
    ancestors: tuple[Node, ...]


def _leaf_text(node: Node) -> str:
    if isinstance(node, (Text, Code, MathInline)):
        return node.text
    if isinstance(node, SoftBreak):
        return " "
    if isinstance(node, LineBreak):
        return "\n"
    if isinstance(node, Image):
        return node.alt
    return ""  # FootnoteRef, RawInline: no words of their own


def inline_leaves(inlines: tuple[Inline, ...]) -> list[Leaf]:
    """The leaves of ``inlines`` in order, with plain-text offsets.

    Generic over containers (anything with ``children``), so a new inline
    container in the model needs no change here.
    """
    out: list[Leaf] = []
    pos = 0

    def visit(seq: tuple[Node, ...], ancestors: tuple[Node, ...]) -> None:
        nonlocal pos
        for node in seq:
            children = getattr(node, "children", None)
            if isinstance(children, tuple):
                visit(children, ancestors + (node,))
                continue
            text = _leaf_text(node)
            out.append(Leaf(node, pos, pos + len(text), ancestors))
            pos += len(text)

    visit(inlines, ())
    return out


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """Plain text of ``inlines`` with the same offsets :func:`inline_leaves` uses."""
    return "".join(_leaf_text(leaf.node) for leaf in inline_leaves(inlines))


def slice_inlines(
    inlines: tuple[Inline, ...], start: int, end: int, *, zero_width_end: int | None = None
) -> tuple[Inline, ...]:
    """The part of ``inlines`` between plain-text offsets ``start`` and ``end``.

    Containers are kept around the part of their content that falls inside;
    text is cut; atoms (code, math, images) are kept whole if they overlap,
    since cutting them would change their meaning. A zero-width node (footnote
    reference, raw content) at ``pos`` belongs to the slice when
    ``start <= pos < zero_width_end`` (default ``end``), so a caller can keep a
    reference that follows a full stop with its sentence.
    """
    zw_end = end if zero_width_end is None else zero_width_end
    pos = 0

    def cut(seq: tuple[Node, ...]) -> tuple[Node, ...]:
        nonlocal pos
        out: list[Node] = []
        for node in seq:
            children = getattr(node, "children", None)
            if isinstance(children, tuple):
                inner = cut(children)
                if inner:
                    out.append(dataclasses.replace(node, children=inner))  # type: ignore[type-var,call-arg]
                continue
            text = _leaf_text(node)
            a, b = pos, pos + len(text)
            pos = b
            if a == b:
                if start <= a < zw_end:
                    out.append(node)
            elif a < end and b > start:
                if isinstance(node, Text) and (a < start or b > end):
                    s = node.text[max(start - a, 0) : min(end, b) - a]
                    out.append(dataclasses.replace(node, text=s))  # type: ignore[type-var]
                else:
                    out.append(node)
        return tuple(out)

    return cut(inlines)  # type: ignore[return-value]


def strip_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``inlines`` without white space (or breaks) at either end; zero-width
    nodes at the end (a footnote reference after the full stop) are kept."""
    text = inline_text(inlines)
    a, b = 0, len(text)
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if (a, b) == (0, len(text)):
        return inlines
    return slice_inlines(inlines, a, b, zero_width_end=len(text) + 1)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of inline content: its text and its nodes."""

    text: str
    inlines: tuple[Inline, ...]
    start: int
    end: int


def split_inline_sentences(inlines: tuple[Inline, ...], lang: str = "en") -> list[Sentence]:
    """Split a paragraph's inline content into sentences, keeping formatting.

    Code and math never contain a sentence boundary, whatever their text.
    """
    leaves = inline_leaves(inlines)
    text = "".join(_leaf_text(leaf.node) for leaf in leaves)
    masked = _mask_atoms(text, leaves)
    spans = sentence_spans(masked, lang)
    out: list[Sentence] = []
    for i, (a, b) in enumerate(spans):
        # Each sentence owns up to the next one's start, so zero-width nodes
        # between them (footnote refs after the stop) stay with it.
        own_end = spans[i + 1][0] if i + 1 < len(spans) else len(text) + 1
        sliced = slice_inlines(inlines, a, b, zero_width_end=own_end)
        out.append(Sentence(text[a:b], sliced, a, b))
    return out


def _mask_atoms(text: str, leaves: list[Leaf]) -> str:
    atoms = [leaf for leaf in leaves if isinstance(leaf.node, (Code, MathInline, Image))]
    if not atoms:
        return text
    chars = list(text)
    for leaf in atoms:
        for i in range(leaf.start, leaf.end):
            if not chars[i].isspace():
                chars[i] = "x"
    return "".join(chars)
