"""Explicit pull quotes and GitHub-style alerts in block quotes and fences.

``> [!PULLQUOTE]`` and ``::: pullquote`` both make a :class:`PullQuote`; a
last line that starts with a dash (``— Name``, ``-- Name``, ``― Name``) is its
attribution. ``> [!NOTE]`` and friends become a ``Div`` with that class so
renderers can style call-outs without knowing GitHub's syntax.
"""

from __future__ import annotations

import re

from ..model import (
    Block,
    BlockQuote,
    Div,
    Figure,
    Inline,
    LineBreak,
    Paragraph,
    PullQuote,
    SoftBreak,
    Text,
    plain_text,
)
from .callouts import callout_kind
from .inlines import merge_text

__all__ = ["from_blockquote", "pullquote_from_blocks", "split_attribution"]

_ALERT = re.compile(r"^\s*\[!([A-Za-z][\w-]*)\][ \t]*")
_DASH = re.compile(r"^\s*(?:\u2014|\u2015|\u2013|--+)\s*")


def from_blockquote(quote: BlockQuote) -> Block:
    """A pull quote or alert Div if ``quote`` starts with ``[!TYPE]``; else the
    quotation, with its last line as its attribution when that line names who
    said it (``— Name``)."""
    if not quote.children or not isinstance(quote.children[0], Paragraph):
        return quote
    first = quote.children[0]
    if not first.children or not isinstance(first.children[0], Text):
        return _attributed(quote)
    m = _ALERT.match(first.children[0].text)
    if not m:
        return _attributed(quote)
    kind = m.group(1).lower()
    rest_text = first.children[0].text[m.end() :].lstrip("+-").lstrip()  # Obsidian's [!tip]- folds
    rest: list[Inline] = ([Text(text=rest_text)] if rest_text else []) + list(first.children[1:])
    title: tuple[Inline, ...] = ()
    if kind != "pullquote":
        # Obsidian's ``> [!tip] A title`` then the body: the rest of the marker's line
        # is the title, when more follows it.
        cut = next((i for i, c in enumerate(rest) if isinstance(c, (SoftBreak, LineBreak))), None)
        if rest_text and (cut is not None or len(quote.children) > 1):
            title = merge_text(rest[:cut] if cut is not None else rest)
            rest = rest[cut:] if cut is not None else []
    while rest and isinstance(rest[0], (SoftBreak, LineBreak)):
        rest.pop(0)
    blocks: list[Block] = []
    if rest:
        blocks.append(Paragraph(children=merge_text(rest), line=first.line))
    blocks.extend(quote.children[1:])
    if kind == "pullquote":
        return pullquote_from_blocks(tuple(blocks), line=quote.line)
    return Div(children=tuple(blocks), classes=(callout_kind(kind) or kind,), title=title, line=quote.line)


#: The most words an attribution line has ("— Someone on Hacker News, 2019"):
#: a longer dashed line is the quotation's own (a line of dialogue).
_ATTRIBUTION_WORDS = 12


def _attributed(quote: BlockQuote) -> BlockQuote:
    """``quote`` with a closing ``— Name`` line (the last line of its last
    paragraph, or that paragraph whole) as its attribution, which every
    format then sets apart from the quoted words."""
    last = quote.children[-1]
    if quote.attribution or not isinstance(last, Paragraph):
        return quote
    if len(quote.children) > 1 and _DASH.match(plain_text(last.children)):
        body, attribution = tuple(quote.children[:-1]), (Text(text=""), SoftBreak(), *last.children)
        _, said = split_attribution(attribution)
    else:
        text, said = split_attribution(last.children)
        body = (*quote.children[:-1], Paragraph(children=text, line=last.line)) if said else ()
    words = plain_text(said).split()
    if not said or len(words) > _ATTRIBUTION_WORDS or not plain_text(body).strip():
        return quote
    return BlockQuote(children=body, attribution=said, line=quote.line)


def pullquote_from_blocks(blocks: tuple[Block, ...], *, line: int | None) -> Block:
    """A PullQuote from the blocks of an explicit quote. Paragraphs join with
    line breaks; anything that is not inline-shaped (a list, code) keeps the
    quote a BlockQuote rather than lose structure."""
    inlines: list[Inline] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if inlines:
                inlines.append(LineBreak())
            inlines.extend(block.children)
        elif isinstance(block, Figure):
            if inlines:
                inlines.append(LineBreak())
            inlines.append(block.image)
        else:
            return Div(children=blocks, classes=("pullquote",), line=line)
    body, attribution = split_attribution(tuple(inlines))
    return PullQuote(
        children=body, attribution=attribution, origin="explicit", duplicate=False, line=line
    )


def split_attribution(inlines: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """Split off a last line that starts with a dash, returning (body,
    attribution without the dash). Lines are separated by breaks."""
    last_break = -1
    for i, node in enumerate(inlines):
        if isinstance(node, (SoftBreak, LineBreak)):
            last_break = i
    if last_break < 0:
        return merge_text(inlines), ()
    tail = inlines[last_break + 1 :]
    if not tail or not isinstance(tail[0], Text):
        return merge_text(inlines), ()
    m = _DASH.match(tail[0].text)
    if not m or not plain_text(tail)[m.end() :].strip():
        return merge_text(inlines), ()
    head = tail[0].text[m.end() :]
    attribution = ((Text(text=head),) if head else ()) + tuple(tail[1:])
    return merge_text(inlines[:last_break]), merge_text(attribution)
