"""Slide titles a speaker would write, where the essay gives no heading.

Why a module of its own: a slide's title used to be its first key point cut
to a word budget ("The Yann LeCun et al. (1989…"), which no speaker would
write. A title is a short phrase said whole: a run-in head ("**Training.**
We ran…") or a short bold or numbered line names the slides that follow;
else a sentence or main clause that fits whole, a short sentence of the
slide, a named thing (a link's or emphasised words). Never cut inside a
parenthesis, a quotation or an abbreviation; the words are always the
author's, in order. Plain functions of runs; no planner state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .textfit import (
    _ELABORATION,
    _INTRO,
    RichText,
    Run,
    emphasis_share,
    has_cjk,
    sentences,
    strip_runs,
    text_of,
    word_count,
)

#: Longest title, in words: a title is read at a glance.
TITLE_WORDS = 12
#: Longest run-in head ("**Cheating with time travel**. Around this point…").
RUN_IN_WORDS = 7
#: Words that only join a sentence to the one before; a title drops them.
_JOINERS = frozenset(["and", "but", "so", "also", "then", "still", "yet", "or"])
#: Words a title should not end on (it would read as cut).
_WEAK = frozenset(
    """a an the and or but of to in on at for with by from as that which who whom whose
    is are was were be been being it its their his her our my your this these those than
    then so if when while because not no very et i we you they he she""".split()  # noqa: SIM905
)
#: Words no title opens with: they continue a thought ("Such as…", "Especially…").
_NO_OPENING = _ELABORATION | frozenset(
    ["such", "especially", "including", "except", "than", "and", "but", "or", "so", "etc"]
)
#: A link's or emphasised words open with these: no name ("Their API").
_DETERMINERS = frozenset(
    ["a", "an", "their", "this", "that", "these", "those", "our", "my", "your", "its", "his", "her"]
)
#: Words whose full stop is their own, not the sentence's ("et al.", "6 a.m.", "the U.S.").
_ABBREV_END = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|al|fig|no|approx|et)\.?$|\b(?:[A-Za-z]\.)+[A-Za-z]$", re.I)
_CLAUSE = re.compile(r"[,;:—–]|\s-\s|[、，；：]")
#: Brackets and quotation marks a title must not cut inside (’ is no
#: bracket: it is also the apostrophe of "don’t").
_OPEN, _CLOSE = "([{“«「『（", ")]}”»」』）"


def run_in_head(runs: RichText) -> tuple[str, RichText] | None:
    """``(head, rest)`` when a paragraph opens with a short bold phrase
    set apart by a full stop, colon or dash ("**Training.** During…",
    "**Going further**: …"), the way posts without headings name their
    parts; None otherwise (a bold sentence that is the whole paragraph, a
    bold word inside a sentence)."""
    if not runs or not runs[0].bold:
        return None
    k = 0
    while k < len(runs) and runs[k].bold:
        k += 1
    head = text_of(runs[:k]).strip()
    rest = text_of(runs[k:])
    stop = re.match(r"\s*([.:—–]|\s-\s?)\s+", rest)
    if head.endswith((".", ":", "：")) and not _ABBREV_END.search(head[:-1]):
        head = head[:-1].rstrip()
        cut = 0
    elif stop:
        cut = stop.end()
    else:
        return None
    body = strip_runs(_drop_chars(runs[k:], cut))
    if not head or not 1 <= word_count(head) <= RUN_IN_WORDS or word_count(text_of(body)) < 3:
        return None
    if re.search(r"[.!?]\s", head) or not _balanced(head):
        return None  # a sentence or two in bold, not a name
    return head, body


_NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．)）]\s*")


def paragraph_head(runs: RichText) -> str | None:
    """The head when a paragraph is only a short name for what follows: a
    bold phrase on its own line ("**Going further**"), or a numbered one
    ("3、**iPad Pro 的新 CPU**", "1、[pwgen](…)"), no sentence; None else.
    The number is left out: a title is no list item."""
    text = text_of(runs)
    m = _NUMBERED.match(text)
    start = m.end() if m else 0
    rest = " ".join(text[start:].split())
    # A numbered line may be a question ("1、为什么没有冠状病毒疫苗？").
    ends = ".。!！;；,，:：" if m else ".。!！?？;；,，:："
    if not rest or word_count(rest) > RUN_IN_WORDS + (3 if m else 0) or rest[-1] in ends:
        return None
    if not _balanced(rest):
        return None
    if m:
        return rest
    letters = [r for r in runs if r.text.strip()]
    return rest if letters and all(r.bold for r in letters) else None


def only_a_number(text: str) -> bool:
    """"2、" alone on a line: a list's number, no point to show."""
    m = _NUMBERED.match(text)
    return m is not None and not text[m.end() :].strip()


def _drop_chars(runs: Sequence[Run], n: int) -> RichText:
    out: list[Run] = []
    for r in runs:
        if n >= len(r.text):
            n -= len(r.text)
            continue
        out.append(r.with_text(r.text[n:]) if n else r)
        n = 0
    return tuple(out)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and text.count('"') % 2 == 0


def _tidy(text: str) -> str:
    """A phrase as a title: no leading "And"/"So", no closing full stop."""
    text = " ".join(text.split()).strip()
    words = text.split(" ")
    while len(words) > 3 and words[0].lower().rstrip(",") in _JOINERS:
        words = words[1:]
        words[0] = words[0][:1].upper() + words[0][1:]
    text = " ".join(words).rstrip(",;:—–- ")
    if text.endswith(".") and not text.endswith("..") and not _ABBREV_END.search(text[:-1]):
        text = text[:-1]
    return text


def _sound(text: str, limit: int, whole: bool = False) -> bool:
    """A phrase that reads whole as a title (a whole sentence may end on
    any word: "I don't know the answer to that")."""
    n = word_count(text)
    if not 1 <= n <= limit or "…" in text or not _balanced(text):
        return False
    words = text.split()
    if not text[:1].isalnum() or (words and words[0].lower().strip(",") in _NO_OPENING):
        return False
    if _ABBREV_END.search(text):
        return False  # "… e.g." reads as cut, whole or not
    if whole:
        return True
    last = text.split()[-1].lower().strip("\"'”’,;:") if text.split() else ""
    if last in _WEAK:
        return False
    return not text.rstrip().endswith((":", "：", "("))


def _clauses(text: str) -> list[str]:
    """``text`` split at clause marks outside brackets and quotes."""
    out: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and _CLAUSE.match(text, i) and not (ch in ",:" and _between_digits(text, i)):
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [c.strip() for c in out if c.strip()]


def _between_digits(text: str, i: int) -> bool:
    """A comma or colon inside a number or a time (``1,000``, ``09:26``): no clause ends there."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _from_sentence(sentence: str, limit: int, whole: bool = True) -> str:
    """The sentence whole, or its main clause whole; "" if neither fits.
    ``whole=False``: the sentence is cut (a lead-in before its colon), so it
    must not end on a weak word either."""
    text = _tidy(sentence)
    if _sound(text, limit, whole=whole) and not text.endswith((":", "：")):
        return text
    if has_cjk(sentence):
        return ""  # a clause of a CJK sentence reads as a fragment
    parts = _clauses(sentence)
    k = 0
    while k < len(parts) - 1 and parts[k].split() and parts[k].split()[0].lower() in _INTRO:
        k += 1  # "However, because …, we …": past the opening clauses
    if len(parts) > 1:
        main = _tidy(parts[k])
        if word_count(main) >= 3 and _sound(main, limit):
            return main[:1].upper() + main[1:]
    return ""


def _phrase(runs: RichText, limit: int) -> str:
    """A named thing in the sentence: a link's words, or emphasised words
    (a title, a term), of two words or more."""
    for r in runs:
        text = " ".join(r.text.split()).strip(" ,.;:")
        named = (r.link or r.bold or r.italic) and not r.code and text[:1].isupper()
        if named and text.split()[0].lower() in _DETERMINERS:
            continue
        if named and 2 <= word_count(text) <= min(8, limit) and _sound(text, limit):
            return text
    return ""


def norm(text: str) -> str:
    """Words only, for comparing what two pieces of text say."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


#: Words a title leaves off the front of its sentence ("But as any fan can tell you, …").
_CARRY_ON = frozenset({"but", "and", "so", "or", "yet", "also", "still"})


def says_title(title: str, bullet: str) -> bool:
    """The bullet says what the title says: the same sentence, perhaps
    shortened at its end or in its middle ("But as any … can tell you, …"),
    or without the "But" the title left off; or the title is most of the
    bullet, or all of it but a short opening clause. A slide shows one or
    the other, never both."""
    whole = f" {norm(title)} "
    pieces = [norm(p) for p in bullet.split("…")]
    pieces = [p for p in pieces if p]
    if not whole.strip() or not pieces:
        return False
    first = pieces[0].split()
    if first[0] in _CARRY_ON and f" {first[0]} " not in whole[: len(first[0]) + 2]:
        pieces[0] = " ".join(first[1:])
        pieces = [p for p in pieces if p]
    words = sum(len(p.split()) for p in pieces)
    if not words:
        return False
    at = 0
    for piece in pieces:
        found = whole.find(f" {piece} ", at)
        if found < 0:
            break
        at = found + len(piece) + 1
    else:
        # The bullet's words, in order, in the title (a short bullet of a long title only whole).
        if words >= min(4, len(whole.split())):
            return True
    said = f" {' '.join(pieces)} "
    if whole not in said:
        return False
    # Most of the bullet, or all of it but an opening clause ("If all goes well, …")
    # or a few closing words: the title says it.
    extra = words - len(whole.split())
    return len(whole.split()) >= 0.7 * words or (said.endswith(whole) and extra <= 5) or (
        said.startswith(whole) and extra <= 2)


def _quoted(sentence: RichText, avoid: frozenset[str]) -> bool:
    words = norm(text_of(sentence))
    return any(words in a or (len(a.split()) >= 4 and a in words) for a in avoid)


def speaker_title(
    paras: Sequence[RichText], limit: int = TITLE_WORDS, avoid: frozenset[str] = frozenset()
) -> str:
    """A title for a slide of ``paras`` (its paragraphs' runs, first one
    first) when no heading names it; "" when nothing reads whole (a slide
    without a title is better than a cut sentence). Sentences in ``avoid``
    (:func:`norm` of the pull quotes: they get a slide of their own) are
    never a title."""
    ss = [s for p in paras for s in sentences(p) if text_of(s).strip() and not _quoted(s, avoid)]
    if not ss:
        return ""
    # The slide's topic sentence (its first paragraph's first), whole or its
    # main clause; then another paragraph's first; then a short sentence,
    # the first paragraph's first and the author's emphasis first; then a
    # named thing.
    firsts = [s for s in (_first(p, avoid) for p in paras) if s is not None]
    for s in firsts[:3]:
        found = _from_sentence(text_of(s), limit)
        if found:
            return found
    for para in paras:
        rest = [s for s in sentences(para)[1:] if text_of(s).strip() and not _quoted(s, avoid)]
        short = [s for s in rest if 4 <= word_count(text_of(s)) < limit]
        short.sort(key=lambda s: -1 if emphasis_share(s) > 0.5 else 0)
        for s in short:
            text = _tidy(text_of(s))
            if _sound(text, limit, whole=True) and not text.endswith(("?", ":", "：")):
                return text
    for s in ss[:2]:
        found = _phrase(s, limit)
        if found:
            return found
    return ""


def _first(para: RichText, avoid: frozenset[str]) -> RichText | None:
    ss = [s for s in sentences(para) if text_of(s).strip()]
    return ss[0] if ss and not _quoted(ss[0], avoid) else None


def as_title(text: str, limit: int = TITLE_WORDS, whole: bool = True) -> str:
    """A caption or an intro sentence as a title: whole if it reads whole,
    else its main clause, else "". ``whole=False`` for the words before a
    colon (they must not end on "was")."""
    return _from_sentence(text, limit, whole)
