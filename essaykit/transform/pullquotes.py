"""Pull quotes: the author's (marked, listed in front matter) or chosen for them.

Every pull quote this pass makes is a *duplicate*: its words stay in the body
and a ``PullQuote(duplicate=True)`` is placed right after the top-level block
that holds them (a paragraph, or the block quote a quotation stands in).
Top-level placement keeps one idiom for every renderer: the PDF floats it
near its source, the EPUB asides it, the deck gives it a slide.

Modes (``--pullquotes``):

* ``"marked"``: ``==marked==`` passages and the front matter ``pullquotes:``
  list; a listed sentence that is not in the essay is an error naming it;
* ``"auto"``: sentences chosen by :func:`auto_choices` from :func:`candidates`
  only (marks stay highlighted in the body but get no copy), so ``inspect``
  and a reader comparing choices see the machine's picks on their own;
* ``"default"``: marked when the author marked or wrote any pull quote, else auto;
* ``"none"``: no duplicates.

Explicit pull quotes (``[!PULLQUOTE]`` blocks, ``::: pullquote`` fences) are
the author's own blocks, not copies, and are kept in every mode. Duplicates
made by an earlier run are removed first, so the pass is idempotent and a
document loaded from JSON can be re-run with another mode.

Automatic selection is deterministic and explainable: every candidate carries
a score and the reasons for it, which ``essaykit inspect`` prints.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..errors import EssayError, UsageError
from ..lang import is_cjk, primary
from ..model import (
    BlockQuote,
    Code,
    Div,
    Document,
    Emph,
    FootnoteRef,
    Inline,
    Link,
    Mark,
    MathInline,
    Node,
    Paragraph,
    PullQuote,
    Strong,
    Text,
    plain_text,
)
from ..walk import query, walk
from .sentences import (
    Leaf,
    Sentence,
    count_words,
    inline_leaves,
    inline_text,
    slice_inlines,
    split_inline_sentences,
    strip_inlines,
)

__all__ = [
    "Mode",
    "MODES",
    "Candidate",
    "pullquotes",
    "candidates",
    "auto_choices",
    "author_marked",
    "WORDS_PER_QUOTE",
    "MIN_WORDS",
    "MIN_DISTANCE",
    "MIN_SCORE",
    "EXTRA_SCORE",
]

Mode = Literal["default", "auto", "marked", "none"]
MODES: tuple[str, ...] = ("default", "auto", "marked", "none")

#: At most one automatic pull quote per this many words of body text.
WORDS_PER_QUOTE = 600
#: An essay shorter than this gets no automatic pull quote.
MIN_WORDS = 250
#: Two pull quotes never stand closer than this many words apart.
MIN_DISTANCE = 300
#: A candidate must score at least this to be chosen: no quote beats a dull one.
MIN_SCORE = 3.0
#: Pull quotes after the first must score this: a long essay earns more quotes
#: only when it has more quotable sentences, not by quoting weaker ones.
EXTRA_SCORE = 4.0
#: Sentences shorter or longer than these are not candidates at all.
MIN_SENTENCE_WORDS = 5
MAX_SENTENCE_WORDS = 60

_GENERATED = frozenset({"marked", "frontmatter", "auto"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence (or a whole short quotation) that could be a pull quote."""

    text: str
    inlines: tuple[Inline, ...]
    #: Index of the top-level block that holds it; the quote goes after it.
    block_index: int
    score: float
    reasons: tuple[str, ...]
    words: int
    #: Words of body text before it, for spacing pull quotes out.
    word_offset: int
    attribution: tuple[Inline, ...] = ()
    #: The first sentence of the essay's first paragraph: never chosen.
    opening: bool = False
    #: In the essay's last block: a copy placed after it would follow the
    #: ending the reader has just read, so it is never chosen either.
    closing: bool = False


# ---------------------------------------------------------------- the pass


def pullquotes(doc: Document, mode: str = "default") -> Document:
    """The document with the pull quotes ``mode`` asks for placed in it."""
    if mode not in MODES:
        raise UsageError(f"pull quotes: unknown mode {mode!r} (choose from {', '.join(MODES)})")
    base = _without_duplicates(doc)
    if mode == "none":
        return base
    if mode == "default":
        mode = "marked" if author_marked(base) else "auto"
    inserts: dict[int, list[PullQuote]] = {}
    if mode == "marked":
        seen: set[str] = set()
        for index, quote in _marked(base) + _front_matter(base):
            key = _normalise(plain_text(quote.children))[0]
            if key in seen:
                continue  # marked in the body and listed in front matter: one copy
            seen.add(key)
            inserts.setdefault(index, []).append(quote)
    else:
        for cand in auto_choices(base):
            inserts.setdefault(cand.block_index, []).append(
                PullQuote(
                    children=_clean(cand.inlines),
                    attribution=cand.attribution,
                    origin="auto",
                    duplicate=True,
                    line=base.blocks[cand.block_index].line,
                )
            )
    if not inserts:
        return base
    blocks: list[Node] = []
    for i, block in enumerate(base.blocks):
        blocks.append(block)
        blocks.extend(inserts.get(i, ()))
    return base.replace(blocks=tuple(blocks))


def author_marked(doc: Document) -> bool:
    """Whether the author chose any pull quote: an explicit block, a
    ``==mark==`` or a front matter list. Then ``default`` adds none of its own."""
    if doc.meta.pullquotes:
        return True
    return bool(query(doc, (Mark, PullQuote)))


def _without_duplicates(doc: Document) -> Document:
    """``doc`` without the copies an earlier run placed. This pass only ever
    places them at the top level, so only the top level is searched (a walk
    of a whole book for nothing would cost more than the rest of the pass)."""
    kept = tuple(b for b in doc.blocks if not (isinstance(b, PullQuote) and b.origin in _GENERATED))
    return doc if len(kept) == len(doc.blocks) else doc.replace(blocks=kept)


def _clean(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Inline content fit for a copy set large: no footnote references (their
    ids would be doubled), links reduced to their text, and emphasis that
    covers the whole quote dropped, since the quote is display type anyway."""

    def fn(node: Node) -> object:
        if isinstance(node, FootnoteRef):
            return ()
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


# ------------------------------------------------------------ marked, listed


def _marked(doc: Document) -> list[tuple[int, PullQuote]]:
    out: list[tuple[int, PullQuote]] = []
    for i, block in enumerate(doc.blocks):
        if isinstance(block, PullQuote):
            continue
        inner: set[int] = set()
        for mark in query(block, Mark):
            if id(mark) in inner:
                continue  # a mark inside a mark: the outer one is the quote
            inner.update(id(m) for m in query(mark.children, Mark))
            content = _clean(mark.children)
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


def _normalise(text: str) -> tuple[str, list[int]]:
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


def _front_matter(doc: Document) -> list[tuple[int, PullQuote]]:
    wanted = [s for s in doc.meta.pullquotes if s.strip()]
    if not wanted:
        return []
    paragraphs: list[tuple[int, Paragraph, str, list[int]]] = []
    for i, block in enumerate(doc.blocks):
        if isinstance(block, PullQuote):
            continue
        for para in query(block, Paragraph):
            folded, origin = _normalise(inline_text(para.children))
            paragraphs.append((i, para, folded, origin))
    out: list[tuple[int, PullQuote]] = []
    for sentence in wanted:
        needle, _ = _normalise(sentence)
        for i, para, folded, origin in paragraphs:
            at = folded.find(needle)
            if at < 0:
                continue
            start, end = origin[at], origin[at + len(needle) - 1] + 1
            content = _clean(slice_inlines(para.children, start, end))
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


# ------------------------------------------------------------------- auto

_OPEN_Q = '“"«„「『'
_CLOSE_Q = '”"»“」』'


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Openings that lean on the sentence before: a pull quote stands alone.
_ANAPHORA: dict[str, frozenset[str]] = {
    "en": _words(
        "this that these those it its it's they them their he she his her which also "
        "such here there's here's another both let's"
    ),
    "fr": _words("ce cela ceci ça cette ces il elle ils elles lui leur aussi"),
    "de": _words("das dies diese dieser dieses es er sie ihr ihre auch"),
}
_CONJUNCTIONS: dict[str, frozenset[str]] = {
    "en": _words(
        "but and so or yet then thus hence still however moreover furthermore therefore "
        "instead besides meanwhile otherwise similarly likewise finally plus especially even "
        "first second third firstly secondly lastly next"
    ),
    "fr": _words("mais et donc ou puis pourtant cependant"),
    "de": _words("aber und also oder doch dann jedoch"),
}
_LEANING_PHRASES = ("what's more", "on the other hand", "in other words", "that said")
#: "When that happens", "Because of this": a reference back in the first words.
_REFERRING_LEADS = _words(
    "when because after before in for all despite given with like of by from on at as if "
    "since though although while without due besides"
)
_BACK_WORDS = _words("this that these those it them which")
_DEMONSTRATIVES = _words("this that these those")
#: Chinese and Japanese write no spaces: openings are matched as prefixes.
_CJK_ANAPHORA = (
    "这",
    "那",
    "它",
    "他",
    "她",
    "此",
    "其",
    "该",
    "この",
    "その",
    "それ",
    "これ",
    "あの",
    "彼",
)
_CJK_CONJUNCTIONS = (
    "但", "而", "所以", "因此", "而且", "并且", "然而", "不过", "可是",
    "しかし", "でも", "だから", "そして", "また", "それで", "ただ",
)  # fmt: skip
_CJK_ELSEWHERE = ("上面", "下面", "以下", "如下", "上述", "下図", "上記")
_CONTRAST_WORDS = _words(
    "not never nobody nothing instead rather unlike without only isn't aren't don't "
    "doesn't can't won't less more than"
)
_ABSOLUTE_WORDS = _words("always every everyone everything best worst most")
_YOU_WORDS = _words("you your yours yourself you're you've you'll")
_ELSEWHERE_WORDS = _words("following below above earlier aforementioned see")
_ELSEWHERE_PHRASES = (
    "as follows",
    "here's",
    "as mentioned",
    "later in",
    "this post",
    "this article",
)
#: A pull quote asserts; hedged sentences read weakly set large.
_HEDGES = _words("probably maybe perhaps might possibly arguably somewhat")
_HEDGE_PHRASES = ("i think", "i suspect", "i believe", "i guess", "it seems", "sort of", "kind of")
#: Sentences about the post rather than its argument.
_META_PHRASES = (
    "thanks to", "thank you", "subscribe", "newsletter", "follow me", "originally published",
    "cross-posted", "update:", "edit:", "disclaimer", "please visit", "sign up",
)  # fmt: skip
_PUNCT = ".,;:!?\"'()[]“”‘’—–-…*"
_NUMBER = re.compile(r"\d")
#: First person in a block quote: someone speaking, not a note or a citation.
_SPEECH = re.compile(r"\b(?:I|I[’']m|I[’']ve|I[’']d|me|my|we|our|us)\b")
#: Literal-first patterns: the regex engine skips to the literal, so these
#: stay cheap on every sentence of a book.
_TLD = re.compile(r"\.(?:com|org|net|io|dev|app|co|ai)\b")
_CAMEL = re.compile(r"[a-z][A-Z]")
#: "arm64", "SUN-4/260", "10000X": identifiers, not words ("1980s", "3D" are words).
_MIXED = re.compile(r"[A-Za-z]\d|\d(?!(?:s|st|nd|rd|th|D|k)\b)[A-Za-z]")
_FIRST_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")


def candidates(doc: Document) -> list[Candidate]:
    """Every sentence that could be an automatic pull quote, in document order,
    each with its score and the reasons for it."""
    lang = doc.meta.language or "en"
    out: list[Candidate] = []
    offset = 0
    first_paragraph = True
    units = [
        (i, b, [(*u, split_inline_sentences(u[0].children, u[3])) for u in _units(b, lang)])
        for i, b in enumerate(doc.blocks)
    ]
    # A one-sentence paragraph is the author setting a thought apart, unless
    # the essay writes most paragraphs that way (news style): then it tells little.
    counts = [len(u[4]) for _, _, us in units for u in us]
    single = sum(1 for c in counts if c == 1)
    alone = 1.5 if single <= 0.4 * max(len(counts), 1) else 0.5
    for i, block, block_units in units:
        if isinstance(block, PullQuote):
            continue
        block_words = count_words(plain_text(block))
        for unit, quoted, attribution, unit_lang, sentences in block_units:
            out.extend(
                _unit_candidates(
                    unit,
                    sentences,
                    i,
                    offset,
                    quoted,
                    attribution,
                    unit_lang,
                    opening=first_paragraph,
                    alone_bonus=alone,
                )
            )
            first_paragraph = False
        offset += block_words
    # The essay's last prose block (notes and footnotes after it do not count).
    last = max((i for i, b, us in units if us and not isinstance(b, PullQuote)), default=-1)
    if last >= 0:
        out = [dataclasses.replace(c, closing=True) if c.block_index == last else c for c in out]
    return out


def _units(block: Node, lang: str) -> list[tuple[Paragraph, bool, tuple[Inline, ...], str]]:
    """The paragraphs of a top-level block that may give pull quotes, whether
    each is set apart as a quotation, and its attribution and language."""
    if isinstance(block, Paragraph):
        return [(block, False, (), lang)]
    if isinstance(block, BlockQuote):
        return [
            (p, True, block.attribution, lang) for p in block.children if isinstance(p, Paragraph)
        ]
    if isinstance(block, Div):
        inner = block.lang or lang
        return [(p, False, (), inner) for p in block.children if isinstance(p, Paragraph)]
    return []


def _unit_candidates(
    para: Paragraph,
    sentences: list[Sentence],
    index: int,
    offset: int,
    in_blockquote: bool,
    attribution: tuple[Inline, ...],
    lang: str,
    *,
    opening: bool,
    alone_bonus: float = 1.5,
) -> list[Candidate]:
    text = inline_text(para.children)
    stripped = text.strip()
    words = count_words(text)
    quoted = _wholly_quoted(stripped)
    if (quoted or in_blockquote) and 5 <= words <= 60:
        inlines = para.children
        if quoted:
            a = text.index(stripped[0]) + 1
            b = text.rindex(stripped[-1])
            inlines = slice_inlines(inlines, a, b, zero_width_end=len(text) + 1)
        content = _clean(inlines)
        body = inline_text(content)
        score, reasons = _score(body, content, lang, alone=alone_bonus, words=words)
        if quoted or attribution or (primary(lang) == "en" and _SPEECH.search(body)):
            score += 4
            reasons = ("quoted speech set apart", *reasons)
        else:
            score += 2
            reasons = ("set apart as a block quote", *reasons)
        return [
            Candidate(
                text=inline_text(content).strip(),
                inlines=content,
                block_index=index,
                score=round(score, 2),
                reasons=reasons,
                words=words,
                word_offset=offset,
                attribution=attribution,
                opening=opening,
            )
        ]
    out: list[Candidate] = []
    seen = 0
    for k, sent in enumerate(sentences):
        n = count_words(sent.text)
        seen += n
        if not MIN_SENTENCE_WORDS <= n <= MAX_SENTENCE_WORDS:
            continue  # a fragment or a run-on is never a pull quote: not worth a line
        score, reasons = _score(
            sent.text,
            sent.inlines,
            lang,
            alone=alone_bonus if len(sentences) == 1 else 0.0,
            words=n,
        )
        if in_blockquote:
            score += 1
            reasons = ("from a block quote", *reasons)
        out.append(
            Candidate(
                text=sent.text,
                inlines=sent.inlines,
                block_index=index,
                score=round(score, 2),
                reasons=reasons,
                words=n,
                word_offset=offset + seen - n,
                attribution=attribution if in_blockquote else (),
                opening=opening and k == 0,
            )
        )
    return out


def _wholly_quoted(text: str) -> bool:
    """A paragraph that is nothing but one quotation (“...”)."""
    if len(text) < 3 or text[0] not in _OPEN_Q:
        return False
    close = _CLOSE_Q[_OPEN_Q.index(text[0])]
    if text[-1] != close:
        return False
    return close not in text[1:-1]


def _score(
    text: str, inlines: tuple[Inline, ...], lang: str, *, alone: float, words: int
) -> tuple[float, tuple[str, ...]]:
    """Score a sentence as a pull quote; every point has a reason.

    English gets word-list features (contrast, second person, openings that
    lean on what came before); every language gets the structural ones
    (emphasis, standing apart, length, footnotes, code, links).
    """
    score = 0.0
    reasons: list[str] = []

    def add(points: float, reason: str) -> None:
        nonlocal score
        score += points
        reasons.append(reason)

    leaves = inline_leaves(inlines)
    emphasis = _emphasis(leaves)
    if emphasis == "bold":
        add(5, "bold")
    elif emphasis == "marked":
        add(5, "marked by the author")
    elif emphasis == "italic":
        add(1, "italic")
    if alone:
        add(alone, "a paragraph of its own")

    n = words
    if 10 <= n <= 22:
        add(2.5, "short")
    elif 8 <= n <= 30:
        add(2, "short")
    elif 5 <= n < 8:
        add(-1, "very short")
    elif n < 5:
        add(-4, "a fragment")
    elif n > 60:
        add(-5, "too long")
    elif n > 45:
        add(-2, "long")

    code = primary(lang)
    stripped = text.strip()
    lead = stripped.lstrip("“\"‘'«„(¿¡ ")
    if code == "en":
        _score_english(lead, add)
    elif is_cjk(lang):
        if lead.startswith(_CJK_ANAPHORA):
            add(-4, "needs context: starts with a pronoun")
        elif lead.startswith(_CJK_CONJUNCTIONS):
            add(-1, "leans on the sentence before: starts with a conjunction")
        if any(w in text for w in _CJK_ELSEWHERE):
            add(-2, "points elsewhere in the text")
    else:
        word = _FIRST_WORD.match(lead)
        first = word.group(0) if word else ""
        if first.lower() in _ANAPHORA.get(code, ()):
            add(-4, f"needs context: starts with “{first}”")
        elif first.lower() in _CONJUNCTIONS.get(code, ()):
            add(-1.5, f"leans on the sentence before: starts with “{first}”")
    if _NUMBER.search(text):
        add(0.5, "a number")
    if stripped[:1].islower():
        add(-2, "starts mid-sentence")
    if "://" in text or "www." in text or _TLD.search(text):
        add(-3, "a web address")
    if any(c in text for c in "_{}<>=#@") or _CAMEL.search(text) or _MIXED.search(text):
        add(-1.5, "technical notation")
    if stripped[:1] in "(（[【":
        add(-3, "an aside in brackets")
    elif "(" in stripped or "（" in stripped:
        add(-1, "a parenthesis")
    if stripped.endswith((":", "：")):
        add(-4, "introduces what follows")
    elif stripped.endswith(("?", "？", "؟")):
        add(-0.5, "a question")
    elif stripped[-1:] not in _FINAL:
        add(-1, "no closing punctuation")

    if any(isinstance(leaf.node, FootnoteRef) for leaf in leaves):
        add(-3, "has a footnote")
    if any(isinstance(leaf.node, (Code, MathInline)) for leaf in leaves):
        add(-3, "has code or math")
    link_chars = sum(
        leaf.end - leaf.start
        for leaf in leaves
        if leaf.ancestors and any(isinstance(a, Link) for a in leaf.ancestors)
    )
    if link_chars and link_chars > 0.4 * max(len(text), 1):
        add(-2, "mostly link text")
    elif link_chars:
        add(-0.5, "has a link")
    return score, tuple(reasons)


_FINAL = frozenset('.!…"”’»)。！؟۔」』')


def _score_english(lead: str, add: Callable[[float, str], None]) -> None:
    """The English word-list features, from one tokenisation of the sentence."""
    lower = lead.lower().replace("’", "'")
    tokens = [t for t in (w.strip(_PUNCT) for w in lower.split()) if t]
    if not tokens:
        return
    present = set(tokens)
    striking = [
        name
        for name, words in (
            ("contrast", _CONTRAST_WORDS),
            ("absolute", _ABSOLUTE_WORDS),
            ("second person", _YOU_WORDS),
        )
        if present & words
    ]
    if "no one" in lower and "contrast" not in striking:
        striking.insert(0, "contrast")
    if striking:
        add(min(1.0 * len(striking), 2.0), "striking: " + ", ".join(striking))
    first = tokens[0]
    shown = lead[: len(first)]
    if first in _ANAPHORA["en"]:
        add(-4, f"needs context: starts with “{shown}”")
    elif first in _CONJUNCTIONS["en"] or lower.startswith(_LEANING_PHRASES):
        add(-1.5, f"leans on the sentence before: starts with “{shown}”")
    elif first in _REFERRING_LEADS and _BACK_WORDS & set(tokens[1:3]):
        add(-2.5, "refers back in its first words")
    if tokens[-1] in _DEMONSTRATIVES:
        add(-2, "refers back at its end")
    if present & _ELSEWHERE_WORDS or any(p in lower for p in _ELSEWHERE_PHRASES):
        add(-2, "points elsewhere in the text")
    if present & _HEDGES or any(p in lower for p in _HEDGE_PHRASES):
        add(-0.5, "hedged")
    if any(p in lower for p in _META_PHRASES):
        add(-4, "about the post, not its argument")


def _emphasis(leaves: list[Leaf]) -> str | None:
    """``"bold"``/``"marked"``/``"italic"`` when (nearly) every letter of the
    sentence is inside that emphasis: the author set the sentence apart."""
    total = 0
    counts = {Strong: 0, Mark: 0, Emph: 0}
    for leaf in leaves:
        if not isinstance(leaf.node, Text):
            continue
        letters = len(leaf.node.text) - leaf.node.text.count(" ")
        total += letters
        if not leaf.ancestors:
            continue
        for kind in counts:
            if any(isinstance(a, kind) for a in leaf.ancestors):
                counts[kind] += letters
    if not total:
        return None
    for kind, name in ((Strong, "bold"), (Mark, "marked"), (Emph, "italic")):
        if counts[kind] >= 0.9 * total:
            return name
    return None


def auto_choices(doc: Document, cands: list[Candidate] | None = None) -> list[Candidate]:
    """The candidates an automatic run places, in document order.

    Best score first, then earliest; a choice is skipped when it is the
    essay's opening sentence, repeats a pull quote already there, or stands
    within :data:`MIN_DISTANCE` words of another pull quote; at most one per
    :data:`WORDS_PER_QUOTE` words, none below :data:`MIN_SCORE` or in an
    essay under :data:`MIN_WORDS` words.
    """
    if cands is None:
        cands = candidates(doc)
    total = 0
    taken: list[int] = []  # word offsets of pull quotes already placed, sorted
    existing: set[str] = set()
    for block in doc.blocks:
        if isinstance(block, PullQuote):
            taken.append(total)
            existing.add(_normalise(plain_text(block.children))[0])
        else:
            total += count_words(plain_text(block))
    if total < MIN_WORDS:
        return []
    budget = max(1, total // WORDS_PER_QUOTE) - len(taken)
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.score, c.word_offset)):
        if budget <= 0 or cand.score < (EXTRA_SCORE if chosen or taken else MIN_SCORE):
            break
        if cand.opening or cand.closing or not cand.inlines:
            continue
        at = bisect_left(taken, cand.word_offset)
        near = taken[max(at - 1, 0) : at + 1]
        if any(abs(cand.word_offset - t) < MIN_DISTANCE for t in near):
            continue
        key = _normalise(cand.text)[0]
        if key in existing:
            continue
        chosen.append(cand)
        insort(taken, cand.word_offset)
        existing.add(key)
        budget -= 1
    return sorted(chosen, key=lambda c: c.word_offset)
