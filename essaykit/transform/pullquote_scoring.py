"""Scoring a sentence as an automatic pull quote; every point has a reason.

Structural features apply in every language (the author's emphasis,
standing apart, length, footnotes, code, links); word-list features
(:mod:`.pullquote_words`) in the languages that have lists, so an English
sentence and a Japanese one of equal merit score alike. The reasons are what
``essaykit inspect`` prints, so each feature is named as an editor would say it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..lang import is_cjk, primary
from ..model import Code, Emph, FootnoteRef, Inline, Link, Mark, MathInline, Strong, Text
from .pullquote_fragments import is_fragment
from .pullquote_words import (
    ABSOLUTE_WORDS,
    ANAPHORA,
    BACK_WORDS,
    CJK_ABSOLUTE,
    CJK_ANAPHORA,
    CJK_CONJUNCTIONS,
    CJK_CONTRAST,
    CJK_ELSEWHERE,
    CJK_EXPLAINS,
    CJK_YOU,
    CONJUNCTIONS,
    CONTRAST_WORDS,
    DEMONSTRATIVES,
    ELSEWHERE_PHRASES,
    ELSEWHERE_WORDS,
    HEDGE_PHRASES,
    HEDGES,
    LEANING_PHRASES,
    META_PHRASES,
    REFERRING_LEADS,
    YOU_WORDS,
)
from .sentences import Leaf, count_words, inline_leaves

__all__ = ["Candidate", "score", "emphasis", "quote_words", "script_of", "FRAGMENT_PENALTY"]

#: What a verbless fragment loses; it is also never chosen (see ``Candidate.fragment``).
FRAGMENT_PENALTY = -6.0


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
    #: No finite verb in its main clause: a list item punctuated as a
    #: sentence, meaningless set large. Never chosen.
    fragment: bool = False
    #: Already set apart as a block quote (or a paragraph that is one
    #: quotation): a copy would repeat what the reader has just seen. Never chosen.
    set_apart: bool = False
    #: Says nearly the same words as a quotation or pull quote of the essay. Never chosen.
    echo: bool = False

    @property
    def eligible(self) -> bool:
        """Whether automatic selection may choose it at all (its score aside)."""
        return not (self.opening or self.closing or self.fragment or self.set_apart or self.echo)


_PUNCT = ".,;:!?\"'()[]“”‘’—–-…*"
_NUMBER = re.compile(r"\d")
#: Literal-first patterns: the regex engine skips to the literal, so these
#: stay cheap on every sentence of a book.
_TLD = re.compile(r"\.(?:com|org|net|io|dev|app|co|ai)\b")
_CAMEL = re.compile(r"[a-z][A-Z]")
#: "arm64", "SUN-4/260", "10000X": identifiers, not words ("1980s", "3D" are words).
_MIXED = re.compile(r"[A-Za-z]\d|\d(?!(?:s|st|nd|rd|th|D|k)\b)[A-Za-z]")
_FIRST_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")
_FINAL = frozenset('.!…"”’»)。！؟۔」』')
#: A short first clause before a CJK comma: the next clause may start on a pronoun.
_CJK_SECOND_CLAUSE = re.compile(r"[^，、。]{1,12}[，、]")
_WORDLIKE = re.compile(r"[^\W_]")
#: Persian written without the zero-width non-joiner splits one word in two
#: ("می خواهم", "کتاب ها"); these halves are not words of their own.
_FA_PREFIXES = frozenset({"می", "نمی"})
_FA_SUFFIXES = frozenset({"ها", "های", "هایی", "ای", "ام", "اند", "ایم", "اید", "تر", "ترین"})
#: Scripts of languages, for telling a sentence left untranslated.
_SCRIPTS = {
    **dict.fromkeys(("ar", "fa", "ur", "ps", "sd", "ug", "ckb"), "ARABIC"),
    **dict.fromkeys(("he", "iw", "yi"), "HEBREW"),
    **dict.fromkeys(("ru", "uk", "bg", "be", "mk", "kk"), "CYRILLIC"),
    "el": "GREEK",
    **dict.fromkeys(("ja", "zh", "ko"), "CJK"),
}


def script_of(text: str) -> str | None:
    """The script most letters of ``text`` are in (``"LATIN"``, ``"ARABIC"``,
    ``"CJK"``...), from their Unicode names; None without letters."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        first = name.split(" ", 1)[0]
        if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
            first = "CJK"
        counts[first] = counts.get(first, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def quote_words(text: str, lang: str) -> int:
    """Words, counted for judging a quote's length in ``lang``.

    :func:`~.sentences.count_words` counts white-space runs, which is right for
    spacing quotes out but wrong for judging Arabic and Persian length:
    punctuation often stands between spaces (``،``, ``«``), Persian typed
    without the zero-width non-joiner splits a word at ``می`` or ``ها``, and
    (below) one Arabic word often carries what takes an English phrase.
    """
    code = primary(lang)
    if _SCRIPTS.get(code) != "ARABIC":
        return count_words(text)
    tokens = [t for t in text.split() if _WORDLIKE.search(t)]
    n = 0
    for i, t in enumerate(tokens):
        bare = t.strip(".,،؛:!?؟«»\"'()")
        if code == "fa" and i and (bare in _FA_SUFFIXES or tokens[i - 1] in _FA_PREFIXES):
            continue
        n += 1
    # Articles, prepositions and pronouns are written joined to the word
    # ("لسماع" is "to hear", "فكرتك" "your idea"): a sentence says about as
    # much as one 1.3 times as many English words, and length is judged on
    # that scale, so a seven-word Arabic line is not "very short".
    return round(n * 1.3)


def score(
    text: str, inlines: tuple[Inline, ...], lang: str, *, alone: float, words: int
) -> tuple[float, tuple[str, ...], bool]:
    """Score a sentence as a pull quote: the score, its reasons, and whether
    it is a verbless fragment (never chosen, whatever it scores). ``words``
    is its length by :func:`quote_words`."""
    total = 0.0
    reasons: list[str] = []

    def add(points: float, reason: str) -> None:
        nonlocal total
        total += points
        reasons.append(reason)

    leaves = inline_leaves(inlines)
    kind = emphasis(leaves)
    if kind == "bold":
        add(5, "bold")
    elif kind == "marked":
        add(5, "marked by the author")
    elif kind == "italic":
        add(1, "italic")
    if alone:
        add(alone, "a paragraph of its own")

    stripped = text.strip()
    code = primary(lang)
    expected = _SCRIPTS.get(code, "LATIN")
    if expected == "CJK" and _has_cjk(stripped):
        _score_cjk_length(stripped, add)
    else:
        _score_length(words, add)
    # A sentence left untranslated (English in an Arabic essay) is not the
    # essay's voice; Latin words inside a Japanese sentence are fine.
    found = script_of(stripped)
    if expected == "CJK":
        foreign = found is not None and not _has_cjk(stripped)
    else:
        foreign = found is not None and found != expected
    if foreign:
        add(-4, "not in the essay's language")

    lead = stripped.lstrip("“\"‘'«„(¿¡「『 ")
    fragment = False
    if code == "en":
        _score_english(lead, add, alone=bool(alone))
    elif is_cjk(lang):
        _score_cjk(stripped, lead, add)
    else:
        word = _FIRST_WORD.match(lead)
        first = word.group(0) if word else ""
        if first.lower() in ANAPHORA.get(code, ()):
            add(-4, f"needs context: starts with “{first}”")
        elif first.lower() in CONJUNCTIONS.get(code, ()):
            add(-1.5, f"leans on the sentence before: starts with “{first}”")
    if kind != "marked" and _heading_like(stripped, kind):
        fragment = True
        add(FRAGMENT_PENALTY, "reads as a heading")
    elif kind != "marked" and is_fragment(stripped, lang):
        # Bold does not make a noun phrase a sentence ("**An internal
        # deadline two weeks prior.**" is a list label); only ==marking== does.
        fragment = True
        add(FRAGMENT_PENALTY, "a fragment: no verb in its main clause")
    if _LIST_STUB.match(stripped):
        add(-3, "a list item or label")
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
    return total, tuple(reasons), fragment


#: "1. ", "2) ", "- ", "Step 3: ", "Tip: ": a list written as paragraphs.
_LIST_STUB = re.compile(r"(?:\d{1,2}[.)]|[-•*–])\s|[A-Z][\w’'-]*(?:\s[\w’'-]+)?:\s")
_TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_MINOR = frozenset(["a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "is", "vs"])


def _heading_like(text: str, kind: str | None) -> bool:
    """A line without closing punctuation that is all emphasis or in title
    case: a heading or a label the author did not mark up as one."""
    if text[-1:] in _FINAL or text.endswith(("?", "？", "؟", "!", ":")):
        return False
    if kind in ("bold", "italic"):
        return True
    words = _TITLE_WORD.findall(text)
    major = [w for w in words if w.lower() not in _MINOR]
    return len(major) >= 2 and sum(w[:1].isupper() for w in major) >= 0.8 * len(major)


def _has_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def _score_length(n: int, add: Callable[[float, str], None]) -> None:
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


def _score_cjk_length(text: str, add: Callable[[float, str], None]) -> None:
    """Chinese and Japanese length in characters: a line of display type
    holds about 15–20 of them, so 12–45 is two or three lines, as a 10–22
    word English quote is."""
    n = sum(1 for ch in text if not ch.isspace() and (ch.isalnum()))
    if 12 <= n <= 45:
        add(2.5, "short")
    elif 8 <= n <= 60:
        add(2, "short")
    elif n < 8:
        add(-4, "a fragment")
    elif n > 120:
        add(-5, "too long")
    elif n > 90:
        add(-2, "long")


def _score_cjk(text: str, lead: str, add: Callable[[float, str], None]) -> None:
    """The CJK counterparts of the English features, matched as substrings
    since these scripts write no spaces."""
    striking = [
        name
        for name, marks in (
            ("contrast", CJK_CONTRAST),
            ("absolute", CJK_ABSOLUTE),
            ("second person", CJK_YOU),
        )
        if any(m in text for m in marks)
    ]
    if striking:
        add(min(1.0 * len(striking), 2.0), "striking: " + ", ".join(striking))
    if text[:1] in "「『“" and text.rstrip("。！？.")[-1:] in "」』”":
        add(2, "a quotation")
    elif any(o in text for o in "「『"):
        add(0.5, "quotes a phrase")
    if lead.startswith(CJK_ANAPHORA):
        add(-4, "needs context: starts with a pronoun")
    elif lead.startswith(CJK_CONJUNCTIONS):
        add(-1.5, "leans on the sentence before: starts with a conjunction")
    elif (m := _CJK_SECOND_CLAUSE.match(lead)) and lead[m.end() :].startswith(CJK_ANAPHORA):
        # "为了防止出现纠纷，他们…", "もちろん、この方法が…": the main clause
        # opens on a pronoun or a demonstrative.
        add(-2.5, "refers back in its first words")
    if text.rstrip("。！.").endswith(CJK_EXPLAINS):
        add(-1.5, "explains the sentence before")
    if any(w in text for w in CJK_ELSEWHERE):
        add(-2, "points elsewhere in the text")


#: "X is just a wish list", "a PM is the mayor of", "writing is not typing":
#: the sentence a reader underlines names what something is.
_VERDICT = re.compile(
    r"\b(?:is|are|isn't|aren't|was)\s+(?:(?:just|only|really|simply|not|never|always|"
    r"merely|nothing but|no more than)\s+)?(?:a|an|the|not|never|nothing)\b"
)


_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def _score_english(lead: str, add: Callable[[float, str], None], alone: bool = False) -> None:
    """The English word-list features, from one tokenisation of the sentence."""
    lower = lead.lower().replace("’", "'")
    tokens = [t for t in (w.strip(_PUNCT) for w in lower.split()) if t]
    if not tokens:
        return
    present = set(tokens)
    striking = [
        name
        for name, words in (
            ("contrast", CONTRAST_WORDS),
            ("absolute", ABSOLUTE_WORDS),
            ("second person", YOU_WORDS),
        )
        if present & words
    ]
    if (
        "absolute" in striking
        and "most likely" in lower
        and not (present & ABSOLUTE_WORDS) - {"most"}
    ):
        striking.remove("absolute")  # "most likely" hedges, it does not insist
    if "no one" in lower and "contrast" not in striking:
        striking.insert(0, "contrast")
    if striking:
        add(min(1.0 * len(striking), 2.0), "striking: " + ", ".join(striking))
    first = tokens[0]
    shown = lead[: len(first)]
    if first in ANAPHORA["en"]:
        add(-4, f"needs context: starts with “{shown}”")
    elif first in ("but", "yet") and alone:
        # A paragraph of its own that opens on "But" is the essay's turn.
        add(-0.5, f"turns on what came before: starts with “{shown}”")
    elif first in CONJUNCTIONS["en"] or lower.startswith(LEANING_PHRASES):
        add(-1.5, f"leans on the sentence before: starts with “{shown}”")
    elif first in REFERRING_LEADS and BACK_WORDS & set(tokens[1:3]):
        add(-2.5, "refers back in its first words")
    if tokens[-1] in DEMONSTRATIVES:
        add(-2, "refers back at its end")
    if present & ELSEWHERE_WORDS or any(p in lower for p in ELSEWHERE_PHRASES):
        add(-2, "points elsewhere in the text")
    if present & HEDGES or any(p in lower for p in HEDGE_PHRASES):
        add(-0.5, "hedged")
    if any(p in lower for p in META_PHRASES):
        add(-4, "about the post, not its argument")
    if len(tokens) <= 22 and _VERDICT.search(_QUOTED.sub("", lower)):
        add(1.5, "a verdict: says what something is")


def emphasis(leaves: list[Leaf]) -> str | None:
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
