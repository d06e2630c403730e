"""Pull quotes: the author's (marked, listed in front matter) or chosen for them.

Every pull quote this pass makes is a *duplicate*: its words stay in the body
and a ``PullQuote(duplicate=True)`` is placed right after the top-level block
that holds them (see :mod:`.pullquote_place`).

Modes (``--pullquotes``):

* ``"marked"``: ``==marked==`` passages and the front matter ``pullquotes:``
  list (:mod:`.pullquote_author`); a listed sentence that is not in the
  essay is an error naming it;
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
a score and the reasons for it (:mod:`.pullquote_scoring`), which
``essaykit inspect`` prints.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

from ..errors import UsageError
from ..lang import is_cjk, primary
from ..model import (
    BlockQuote,
    Div,
    Document,
    Inline,
    Mark,
    Node,
    Paragraph,
    PullQuote,
    plain_text,
)
from ..model.walk import iter_nodes
from .pullquote_author import clean, front_matter, marked, normalise, quotable
from .pullquote_place import choose_spaced, place, without_duplicates
from .pullquote_scoring import Candidate, quote_words, score
from .sentences import (
    Sentence,
    count_words,
    inline_text,
    slice_inlines,
    split_inline_sentences,
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


# ---------------------------------------------------------------- the pass


def pullquotes(doc: Document, mode: str = "default") -> Document:
    """The document with the pull quotes ``mode`` asks for placed in it."""
    if mode not in MODES:
        raise UsageError(f"pull quotes: unknown mode {mode!r} (choose from {', '.join(MODES)})")
    base = without_duplicates(doc)
    if mode == "none":
        return base
    if mode == "default":
        mode = "marked" if author_marked(base) else "auto"
    inserts: dict[int, list[PullQuote]] = {}
    if mode == "marked":
        seen: set[str] = set()
        for index, quote in marked(base) + front_matter(base):
            key = normalise(plain_text(quote.children))[0]
            if key in seen:
                continue  # marked in the body and listed in front matter: one copy
            seen.add(key)
            inserts.setdefault(index, []).append(quote)
    else:
        for cand in auto_choices(base):
            inserts.setdefault(cand.block_index, []).append(
                PullQuote(
                    children=clean(cand.inlines),
                    attribution=cand.attribution,
                    origin="auto",
                    duplicate=True,
                    line=base.blocks[cand.block_index].line,
                )
            )
    return place(base, inserts)


def author_marked(doc: Document) -> bool:
    """Whether the author chose any pull quote: an explicit block, a
    ``==mark==`` or a front matter list. Then ``default`` adds none of its own."""
    if doc.meta.pullquotes:
        return True
    # Stop at the first one: a book that marks any usually does so early.
    return any(isinstance(node, PullQuote) or (isinstance(node, Mark) and quotable(node))
               for node in iter_nodes(doc))


# -------------------------------------------------------------- candidates

_OPEN_Q = '“"«„「『'
_CLOSE_Q = '”"»“」』'
#: First person in a block quote: someone speaking, not a note or a citation.
_SPEECH = re.compile(r"\b(?:I|I[’']m|I[’']ve|I[’']d|me|my|we|our|us)\b")


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
    after_colon = False
    for i, block, block_units in units:
        if isinstance(block, PullQuote):
            continue
        block_words = count_words(plain_text(block))
        for unit, quoted, attribution, unit_lang, sentences in block_units:
            found = _unit_candidates(
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
            if after_colon and not quoted and found and found[0].word_offset == offset:
                # A quotation after "she told me:" is introduced, not continued;
                # a plain paragraph after "you know that you are:" finishes
                # the sentence before it.
                head = found[0]
                found[0] = dataclasses.replace(
                    head,
                    score=round(head.score - 1.5, 2),
                    reasons=(*head.reasons, "completes the sentence before (after a colon)"),
                )
            out.extend(found)
            first_paragraph = False
        if block_units:
            last = inline_text(block_units[-1][0].children).rstrip()
            after_colon = last.endswith((":", "："))
        elif block_words:
            after_colon = False
        offset += block_words
    out = _mark_echoes(doc, out, lang)
    # The essay's last prose block (notes and footnotes after it do not count).
    last_index = max((i for i, b, us in units if us and not isinstance(b, PullQuote)), default=-1)
    if last_index >= 0:
        out = [
            dataclasses.replace(c, closing=True) if c.block_index == last_index else c for c in out
        ]
    return out


#: Share of a sentence's content words found in one quotation that makes it an echo.
ECHO_SHARE = 0.6
#: ... and at least this many of them: two shared nouns are a topic, not an echo.
ECHO_WORDS = 4
_WORD = re.compile(r"[^\W_]{3,}")
_FUNCTION_WORDS = frozenset(
    re.findall(r"\w+", """the and but was were are has had have with about ever for from that
    this than then there their they them she her his him its our you your not nor too very
    just also who what when which will would could should can may might must been being""")
)
_ENDING = re.compile(r"(?:ing|ed|es|s)$")


def _word_set(text: str, lang: str) -> frozenset[str]:
    """Content words of ``text`` with their endings cut (CJK: character
    pairs), for telling a paraphrase of a quotation from a new sentence."""
    text = text.lower().replace("’", "'")
    if is_cjk(lang):
        chars = [c for c in text if c.isalnum()]
        return frozenset(a + b for a, b in zip(chars, chars[1:], strict=False))
    return frozenset(
        _ENDING.sub("", w) if len(w) > 4 else w
        for w in _WORD.findall(text)
        if w not in _FUNCTION_WORDS
    )


def _mark_echoes(doc: Document, cands: list[Candidate], lang: str) -> list[Candidate]:
    """Candidates that say nearly the words of a block quote or a pull quote
    of the essay (the author paraphrasing the quotation just above, a
    plain-text essay repeating its epigraph) are marked, never chosen."""
    quotes = [
        _word_set(plain_text(b.children), lang)
        for b in iter_nodes(doc)
        if isinstance(b, (BlockQuote, PullQuote)) and not getattr(b, "duplicate", False)
    ]
    quotes = [q for q in quotes if q]
    if not quotes:
        return cands
    out = []
    for cand in cands:
        words = _word_set(cand.text, lang)
        if not cand.set_apart and any(
            len(words & q) >= max(ECHO_WORDS, ECHO_SHARE * len(words)) for q in quotes
        ):
            cand = dataclasses.replace(
                cand, echo=True, reasons=(*cand.reasons, "repeats the words of a quotation")
            )
        out.append(cand)
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
    words = quote_words(text, lang)
    quoted = _wholly_quoted(stripped)
    if (quoted or in_blockquote) and 5 <= words <= 60:
        inlines = para.children
        if quoted:
            a = text.index(stripped[0]) + 1
            b = text.rindex(stripped[-1])
            inlines = slice_inlines(inlines, a, b, zero_width_end=len(text) + 1)
        content = clean(inlines)
        body = inline_text(content)
        points, reasons, fragment = score(body, content, lang, alone=alone_bonus, words=words)
        if quoted or attribution or (primary(lang) == "en" and _SPEECH.search(body)):
            points += 4
            reasons = ("quoted speech", *reasons)
        else:
            points += 2
            reasons = ("from a block quote", *reasons)
        return [
            Candidate(
                text=inline_text(content).strip(),
                set_apart=in_blockquote,
                inlines=content,
                block_index=index,
                score=round(points, 2),
                reasons=reasons,
                words=words,
                word_offset=offset,
                attribution=attribution,
                opening=opening,
                fragment=fragment,
            )
        ]
    out: list[Candidate] = []
    seen = 0
    for k, sent in enumerate(sentences):
        n = count_words(sent.text)
        seen += n
        length = quote_words(sent.text, lang)
        if not MIN_SENTENCE_WORDS <= length <= MAX_SENTENCE_WORDS:
            continue  # a fragment or a run-on is never a pull quote: not worth a line
        points, reasons, fragment = score(
            sent.text,
            sent.inlines,
            lang,
            alone=alone_bonus if len(sentences) == 1 else 0.0,
            words=length,
        )
        if in_blockquote:
            points += 1
            reasons = ("from a block quote", *reasons)
        shown = clean(sent.inlines)
        out.append(
            Candidate(
                text=inline_text(shown).strip() or sent.text,
                inlines=sent.inlines,
                set_apart=in_blockquote,
                block_index=index,
                score=round(points, 2),
                reasons=reasons,
                words=n,
                word_offset=offset + seen - n,
                attribution=attribution if in_blockquote else (),
                opening=opening and k == 0,
                fragment=fragment,
            )
        )
    return out


def _wholly_quoted(text: str) -> bool:
    """A paragraph that is nothing but one quotation (“...”, 「...」)."""
    if len(text) < 3 or text[0] not in _OPEN_Q:
        return False
    close = _CLOSE_Q[_OPEN_Q.index(text[0])]
    if text[-1] != close:
        return False
    return close not in text[1:-1]


# ---------------------------------------------------------------- choosing


def auto_choices(doc: Document, cands: list[Candidate] | None = None) -> list[Candidate]:
    """The candidates an automatic run places, in document order.

    Never the essay's opening sentence nor one in its last block, never a
    verbless fragment, never a repeat of a pull quote already there, never
    within :data:`MIN_DISTANCE` words of another pull quote; at most one per
    :data:`WORDS_PER_QUOTE` words, none in an essay under :data:`MIN_WORDS`
    words. A lone quote must score :data:`MIN_SCORE`, each of several
    :data:`EXTRA_SCORE`; among the sets that fit, the one worth most
    (:func:`~.pullquote_place.choose_spaced`).
    """
    if cands is None:
        cands = candidates(doc)
    total = 0
    taken: list[int] = []  # word offsets of pull quotes already placed
    existing: set[str] = set()
    for block in doc.blocks:
        if isinstance(block, PullQuote):
            taken.append(total)
            existing.add(normalise(plain_text(block.children))[0])
        else:
            total += count_words(plain_text(block))
    if total < MIN_WORDS:
        return []
    budget = max(1, total // WORDS_PER_QUOTE) - len(taken)
    eligible: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.score, c.word_offset)):
        if cand.score < MIN_SCORE:
            break
        if not cand.eligible or not cand.inlines:
            continue
        if any(abs(cand.word_offset - t) < MIN_DISTANCE for t in taken):
            continue
        key = normalise(cand.text)[0]
        if key in existing:
            continue
        existing.add(key)  # a sentence said twice is eligible once, at its best
        eligible.append(cand)
    return choose_spaced(
        eligible,
        budget=budget,
        distance=MIN_DISTANCE,
        first_score=EXTRA_SCORE if taken else MIN_SCORE,
        extra_score=EXTRA_SCORE,
    )
