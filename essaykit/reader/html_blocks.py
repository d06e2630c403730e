"""Block-level HTML in Markdown → model blocks.

Authors drop HTML into essays for figures with captions, call-out boxes,
embedded tweets and hand-made tables. CommonMark splits such HTML at blank
lines, so a ``<div>`` may open in one HTML block, wrap a few Markdown
paragraphs, and close in another. :class:`BlockAssembler` therefore takes the
whole sequence -- HTML events and already-converted Markdown blocks, in order
-- and keeps one stack of open elements across them. Loose inline content is
gathered into paragraphs; each element becomes a model block when it closes
(or when the sequence ends, for unbalanced input). No visible text is lost;
active content is dropped.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..lang import normalize_tag
from ..model import (
    Block,
    BlockQuote,
    CodeBlock,
    DeckDirective,
    Div,
    Figure,
    Heading,
    LineBreak,
    Paragraph,
    PullQuote,
    Table,
    Text,
    ThematicBreak,
    plain_text,
)
from .callouts import callout_kind
from .html_frame import (
    TABLE_PARTS,
    Frame,
    PendingInlines,
    Term,
    blocks_of,
    leaf_inlines,
    paragraph_block,
    trim,
)
from .html_tables import STRUCTURE_TAGS, build_structure
from .inlines import DROP_TAGS, MEDIA_TAGS, HtmlEvent, InlineBuilder, html_events, media_words
from .quotes import pullquote_from_blocks

__all__ = ["BlockAssembler", "paragraph_block", "deck_directive"]

#: Elements that hold inline content and become one block.
_LEAF = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "dt",
        "summary",
        "caption",
        "td",
        "th",
        "pre",
        "legend",
    }
)
#: Elements that hold blocks.
_CONTAINER = frozenset(
    {
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "main",
        "nav",
        "center",
        "details",
        "blockquote",
        "figure",
        "ul",
        "ol",
        "li",
        "dl",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "address",
        "hgroup",
        "fieldset",
        "form",
        "body",
        "html",
        "menu",
    }
)
_BLOCK_TAGS = _LEAF | _CONTAINER | {"hr"}

_DECK = re.compile(r"^\s*(?:(slide)|deck\s*:\s*([\w-]+)(?:\s+(.*?))?)\s*$", re.I | re.S)


def deck_directive(comment: str) -> DeckDirective | None:
    """``<!-- slide -->`` / ``<!-- deck: skip -->`` → a directive, else None."""
    m = _DECK.match(comment)
    if not m:
        return None
    if m.group(1):
        return DeckDirective(name="slide")
    return DeckDirective(name=m.group(2).lower(), value=(m.group(3) or "").strip())


class BlockAssembler:
    """Collects one sequence of sibling blocks, HTML and Markdown mixed."""

    def __init__(self) -> None:
        self._stack: list[Frame] = [Frame("", {}, None)]
        self._line: int | None = None

    # -- input --------------------------------------------------------------

    def add_block(self, block: Block) -> None:
        top = self._stack[-1]
        self._flush(top)
        if top.tag == "pre":
            top.raw.append(plain_text(block))
        else:
            top.blocks.append(block)

    def add_html(self, raw: str, line: int | None) -> None:
        skip: str | None = None
        depth = 0
        #: An embedded video, audio or page being read: its tag and sources.
        media: tuple[str, dict[str, str], list[str]] | None = None
        events, lines = html_events(raw, with_lines=True)
        for (kind, name, attrs), offset in zip(events, lines, strict=True):
            self._line = None if line is None else line + offset
            # Dropped elements never span Markdown blocks: an unclosed
            # <iframe> must not swallow the rest of the essay.
            if skip is not None:
                if media is not None and kind == "start" and name == "source" and attrs.get("src"):
                    media[2].append(attrs["src"])
                if name == skip and kind == "start":
                    depth += 1
                elif name == skip and kind == "end":
                    depth -= 1
                    if depth == 0:
                        skip = None
                        if media is not None:
                            self._media(*media)
                            media = None
                continue
            if kind == "start" and name in MEDIA_TAGS:
                media = (name, dict(attrs), [attrs[k] for k in ("src", "data") if attrs.get(k)])
                if name == "embed":
                    self._media(*media)
                    media = None
                else:
                    skip, depth = name, 1
                continue
            if kind == "start" and name in DROP_TAGS:
                if name not in ("embed",):
                    skip, depth = name, 1
                continue
            self._event((kind, name, attrs))
        if media is not None:  # unclosed: what it pointed at is still said
            self._media(*media)

    def _media(self, tag: str, attrs: dict[str, str], sources: list[str]) -> None:
        """An embedded video, audio or page as a paragraph of words (:func:`.inlines.media_words`)."""
        said = media_words(tag, attrs, sources)
        if said is None:
            return
        words, url = said
        self._event(("start", "p", {}))
        self._event(("text", words, {}))
        if url is not None:
            self._event(("start", "a", {"href": url}))
            self._event(("text", url, {}))
            self._event(("end", "a", {}))
        self._event(("end", "p", {}))

    def finish(self) -> list[Block]:
        while len(self._stack) > 1:
            self._close()
        root = self._stack[0]
        self._flush(root)
        return list(blocks_of(root))

    # -- events -------------------------------------------------------------

    def _event(self, ev: HtmlEvent) -> None:
        kind, name, attrs = ev
        top = self._stack[-1]
        if top.tag == "pre":
            if kind == "text":
                top.raw.append(name)
            elif kind == "end" and name == "pre":
                self._close()
            elif kind == "start" and name == "br":
                top.raw.append("\n")
            return
        if kind == "comment":
            directive = deck_directive(name)
            if directive is not None:
                self._flush(top)
                top.blocks.append(
                    DeckDirective(name=directive.name, value=directive.value, line=self._line)
                )
            return
        if kind == "text":
            if top.tag in TABLE_PARTS and not name.strip():
                return
            top.inline.text(name)
            return
        if kind == "start":
            if name == "hr":
                self._flush(top)
                top.blocks.append(ThematicBreak(line=self._line))
            elif name in _BLOCK_TAGS or (name == "cite" and top.tag == "blockquote"):
                # (A <cite> right in a <blockquote>, Gutenberg's quote block: its attribution.)
                self._flush(top)
                if name in _LEAF and top.tag in _LEAF and top.tag != "td" and top.tag != "th":
                    self._close()  # <p>one<p>two: an open paragraph ends
                self._stack.append(Frame(name, attrs, self._line))
            else:
                top.inline.event(ev)
            return
        # end tag
        if name in _BLOCK_TAGS or (name == "cite" and any(f.tag == "cite" for f in self._stack)):
            for i in range(len(self._stack) - 1, 0, -1):
                if self._stack[i].tag == name:
                    while len(self._stack) > i:
                        self._close()
                    return
            return  # nothing opened it
        top.inline.event(ev)

    def _flush(self, frame: Frame) -> None:
        """Loose inline content of ``frame`` becomes a paragraph."""
        if frame.inline.empty:
            return
        inlines = frame.inline.finish()
        frame.inline = InlineBuilder()
        if frame.tag in _LEAF:
            frame.blocks.append(PendingInlines(inlines))
            return
        block = paragraph_block(inlines, self._line)
        if block is not None:
            frame.blocks.append(block)

    def _close(self) -> None:
        frame = self._stack[-1]
        self._flush(frame)
        self._stack.pop()
        parent = self._stack[-1]
        for node in _build(frame, parent):
            parent.blocks.append(node)


def _attr_lang(attrs: dict[str, str]) -> tuple[str | None, str | None]:
    lang = normalize_tag(attrs["lang"]) if attrs.get("lang") else None
    direction = attrs.get("dir", "").lower() or None
    if direction not in (None, "ltr", "rtl", "auto"):
        direction = None
    return lang, direction


def _build(frame: Frame, parent: Frame) -> list[Any]:
    tag, attrs, line = frame.tag, frame.attrs, frame.line
    lang, direction = _attr_lang(attrs)
    classes = tuple(attrs.get("class", "").split())
    if tag == "pre":
        text = "".join(frame.raw)
        if text.startswith("\n"):
            text = text[1:]
        language = next(
            (
                c.removeprefix("language-").removeprefix("lang-")
                for c in classes
                if c.startswith(("language-", "lang-"))
            ),
            None,
        )
        return [CodeBlock(text=text.rstrip("\n"), language=language, line=line)]
    if tag in STRUCTURE_TAGS:
        return build_structure(frame, parent)
    if tag == "cite":  # who said the quotation it closes (the dash some themes add, gone)
        inlines, blocks = leaf_inlines(frame)
        said = trim(inlines)
        if said and isinstance(said[0], Text):
            said = trim((Text(text=re.sub(r"^\s*(?:\u2014|\u2015|\u2013|--+|-)\s*", "", said[0].text)), *said[1:]))
        parent.caption = trim((*parent.caption, *((LineBreak(),) if parent.caption else ()), *said))
        return list(blocks)
    if tag in _LEAF:
        inlines, blocks = leaf_inlines(frame)
        if tag == "figcaption" or (tag == "summary" and parent.tag == "details"):
            parent.caption = trim(inlines)
            return list(blocks)
        if tag == "caption":
            parent.caption = trim(inlines)
            return []
        if tag == "dt":
            return [Term(trim(inlines), line), *blocks]
        node: Block | None
        if tag.startswith("h") and tag[1:].isdigit():
            node = Heading(level=int(tag[1:]), children=trim(inlines), line=line)
        else:
            node = paragraph_block(inlines, line)
        out: list[Block] = ([node] if node is not None else []) + blocks
        if tag == "p" and node is not None and _PULL_QUOTE.intersection(c.lower() for c in classes):
            return [pullquote_from_blocks((node,), line=line), *blocks]
        if (lang or direction) and out:
            return [Div(children=tuple(out), lang=lang, dir=direction, line=line)]
        return out
    children = blocks_of(frame)
    if _PULL_QUOTE.intersection(c.lower() for c in classes) and children:
        # The author's own pull quote (Substack's <div class="pullquote">, WordPress's
        # pull-quote block, a theme's <blockquote class="pullquote">).
        said = frame.caption if tag == "blockquote" else ()
        if len(children) == 1 and isinstance(children[0], BlockQuote):
            said = said or children[0].attribution
            children = children[0].children
        pull = pullquote_from_blocks(children, line=line)
        if said and isinstance(pull, PullQuote) and not pull.attribution:
            pull = dataclasses.replace(pull, attribution=said)
        return [pull]
    if tag == "blockquote":
        quote: Block = BlockQuote(children=children, attribution=frame.caption, line=line)
        if frame.caption and not children:
            quote = BlockQuote(children=(Paragraph(children=frame.caption, line=line),), line=line)
        if lang or direction:
            return [Div(children=(quote,), lang=lang, dir=direction, classes=classes, line=line)]
        return [quote]
    if tag == "figure":
        return _figure(frame, children, lang, direction, classes)
    if tag == "details":  # a call-out whose summary is its title
        if not children and not frame.caption:
            return []
        return [Div(children=children, lang=lang, dir=direction, classes=("details", *classes),
                    title=frame.caption or (), line=line)]
    kind = _div_kind(classes) if tag == "div" else None
    if kind is not None:  # <div class="note">, <div class="admonition warning">, <div class="alert alert-info">
        classes = (kind, *(c for c in classes if callout_kind(c) is None))
    elif tag != "div":
        classes = (tag, *classes)
    if not children:
        return []
    return [Div(children=children, lang=lang, dir=direction, classes=classes, line=line)]


#: Classes that name an author's pull quote.
_PULL_QUOTE = frozenset({"pullquote", "pull-quote", "wp-block-pullquote", "kg-pullquote"})


def _div_kind(classes: tuple[str, ...]) -> str | None:
    """The call-out kind a div's classes name (a specific one before MkDocs' generic
    ``admonition``), or None."""
    kinds = [(c.lower() == "admonition", k) for c in classes if (k := callout_kind(c)) is not None]
    specific = [k for generic, k in kinds if not generic]
    chosen = specific or [k for _generic, k in kinds]
    return chosen[0] if chosen else None


def _figure(
    frame: Frame,
    children: tuple[Block, ...],
    lang: str | None,
    direction: str | None,
    classes: tuple[str, ...],
) -> list[Block]:
    figures = [b for b in children if isinstance(b, Figure)]
    if len(figures) == 1 and frame.caption:
        fig = figures[0]
        new = Figure(image=fig.image, caption=frame.caption, line=fig.line)
        return [new if b is fig else b for b in children]
    tables = [b for b in children if isinstance(b, Table)]
    if len(tables) == 1 and frame.caption and not tables[0].caption:
        table = tables[0]
        new_table = Table(
            head=table.head, children=table.children, caption=frame.caption, line=table.line
        )
        return [new_table if b is table else b for b in children]
    # Tables often sit in a scrolling wrapper div; look one level down.
    if len(children) == 1 and isinstance(children[0], Div) and frame.caption:
        wrapper = children[0]
        inner = [b for b in wrapper.children if isinstance(b, Table)]
        if len(inner) == 1 and not inner[0].caption:
            table = inner[0]
            new_table = Table(
                head=table.head, children=table.children, caption=frame.caption, line=table.line
            )
            return [
                Div(
                    children=tuple(new_table if b is table else b for b in wrapper.children),
                    lang=wrapper.lang,
                    dir=wrapper.dir,
                    classes=wrapper.classes,
                    line=wrapper.line,
                )
            ]
    out = list(children)
    if frame.caption:
        out.append(Paragraph(children=frame.caption, line=frame.line))
    if not out:
        return []
    return [
        Div(
            children=tuple(out),
            lang=lang,
            dir=direction,
            classes=("figure", *classes),
            line=frame.line,
        )
    ]
