"""Where pull quotes go: removing earlier copies, placing new ones after
their source block, and choosing which automatic candidates fit together.

Every copy goes right after the top-level block that holds its words (a
paragraph, or the block quote a quotation stands in). Top-level placement
keeps one idiom for every renderer: the PDF floats it near its source, the
EPUB asides it, the deck gives it a slide.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ..model import Document, Node, PullQuote
from .pullquote_scoring import Candidate

__all__ = ["GENERATED", "without_duplicates", "place", "choose_spaced"]

#: Origins of the copies this pass makes (explicit blocks are the author's).
GENERATED = frozenset({"marked", "frontmatter", "auto"})


def without_duplicates(doc: Document) -> Document:
    """``doc`` without the copies an earlier run placed. This pass only ever
    places them at the top level, so only the top level is searched (a walk
    of a whole book for nothing would cost more than the rest of the pass)."""
    kept = tuple(b for b in doc.blocks if not (isinstance(b, PullQuote) and b.origin in GENERATED))
    return doc if len(kept) == len(doc.blocks) else doc.replace(blocks=kept)


def place(doc: Document, inserts: dict[int, list[PullQuote]]) -> Document:
    """``doc`` with each list of copies placed after the block at its index."""
    if not inserts:
        return doc
    blocks: list[Node] = []
    for i, block in enumerate(doc.blocks):
        blocks.append(block)
        blocks.extend(inserts.get(i, ()))
    return doc.replace(blocks=tuple(blocks))


def choose_spaced(
    cands: Sequence[Candidate],
    *,
    budget: int,
    distance: int,
    first_score: float,
    extra_score: float,
) -> list[Candidate]:
    """The set of candidates, at most ``budget`` and ``distance`` words apart,
    worth most in total; in document order.

    Greedy best-first is not enough: the best quote can block two strong ones
    around it and leave room only for a weak one, so the best *set* is found
    (dynamic programming over document order, O(candidates × budget)). Each
    quote is worth what it scores above a bar halfway between the two
    thresholds, so a weak sentence adds little and a strong second quotation
    wins over it whenever spacing allows. A set of several needs every member
    at ``extra_score``; a lone quote needs only ``first_score``.
    """
    if budget <= 0 or not cands:
        return []
    bar = (first_score + extra_score) / 2
    strong = sorted((c for c in cands if c.score >= extra_score), key=lambda c: c.word_offset)
    offsets = [c.word_offset for c in strong]
    n = len(strong)
    # best[k][i]: the most value from k quotes among the first i candidates.
    best = [[0.0] * (n + 1) for _ in range(budget + 1)]
    for k in range(1, budget + 1):
        row, prev = best[k], best[k - 1]
        for i, cand in enumerate(strong, 1):
            # Candidates that end at least ``distance`` words before this one.
            p = bisect_right(offsets, cand.word_offset - distance, 0, i - 1)
            take = prev[p] + cand.score - bar
            row[i] = take if take > row[i - 1] + 1e-9 else row[i - 1]
    chosen: list[Candidate] = []
    k, i = budget, n
    while k > 0 and i > 0:
        if best[k][i] == best[k][i - 1]:
            i -= 1
            continue
        cand = strong[i - 1]
        chosen.append(cand)
        i = bisect_right(offsets, cand.word_offset - distance, 0, i - 1)
        k -= 1
    if not chosen:
        lone = [c for c in cands if c.score >= first_score]
        if lone:
            chosen = [min(lone, key=lambda c: (-c.score, c.word_offset))]
    return sorted(chosen, key=lambda c: c.word_offset)
