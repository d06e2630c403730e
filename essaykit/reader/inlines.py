"""Inline content: mistune's inline tokens and inline HTML → model inlines.

mistune hands inline HTML over as loose tags (``<b>``, some text, ``</b>``),
the token-stream shape that is awkward to transform. :class:`InlineBuilder`
turns such a stream into a tree: it keeps a stack of open elements, closes
them when their end tag comes (or, unbalanced, at the end of the paragraph),
and maps each element onto a model node. Tags it does not know keep their
text; active content (``<script>``, ``<iframe>``...) and unsafe URLs never
reach the model, because every renderer would otherwise have to remember to
strip them.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Literal, overload

from ..lang import normalize_tag
from ..model import (
    Code,
    Emph,
    FootnoteRef,
    Image,
    Inline,
    LineBreak,
    Link,
    Mark,
    MathInline,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Sub,
    Sup,
    Text,
    plain_text,
)
from .maths_syntax import DISPLAY
from .pandoc import attach_attributes

__all__ = [
    "InlineBuilder",
    "raw_html_inlines",
    "HtmlEvent",
    "html_events",
    "convert_inlines",
    "safe_url",
    "DROP_TAGS",
    "MEDIA_TAGS",
    "media_words",
    "VOID_TAGS",
]

#: Elements whose whole content is dropped: active or embedded content.
#: (``noscript`` holds fallbacks for the script we drop; ``svg`` text is drawing.)
DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "frame",
        "frameset",
        "applet",
        "svg",
    }
)
#: Embedded content that points somewhere: said as a link (:func:`media_words`).
MEDIA_TAGS = frozenset({"iframe", "video", "audio", "embed", "object"})
_MEDIA_WORD = {"iframe": "Video", "video": "Video", "audio": "Audio", "embed": "Embedded", "object": "Embedded"}


def embed_page(src: str) -> str | None:
    """The page a reader should open for an embed's ``src``: a YouTube or Vimeo
    player's video page, else the address itself (http and https only)."""
    src = src.strip()
    if src.startswith("//"):
        src = "https:" + src
    if not src.startswith(("http://", "https://")):
        return None
    m = re.match(r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,20})", src)
    if m:
        return f"https://www.youtube.com/watch?v={m.group(1)}"
    m = re.match(r"https?://player\.vimeo\.com/video/(\d+)", src)
    if m:
        return f"https://vimeo.com/{m.group(1)}"
    return src


def media_words(tag: str, attrs: dict[str, str], sources: list[str]) -> tuple[str, str | None] | None:
    """What a printed page says for an embedded video, audio or page: the words
    (what it is, its title) and the link after them, or a local file's name in the
    words; None when it points nowhere. Never a silent gap where the video was."""
    url = next((u for u in (embed_page(s) for s in sources) if u), None)
    local = next((s for s in sources if not re.match(r"\s*(?:[A-Za-z][\w+.-]*:|//)", s)), None)
    if url is None and local is None:
        return None
    what = _MEDIA_WORD.get(tag, "Embedded")
    if tag == "iframe" and url and not any(h in url for h in ("youtube.com", "vimeo.com")):
        what = "Embedded page"
    title = (attrs.get("title") or attrs.get("aria-label") or "").strip()
    if title.lower() in ("youtube video player", "vimeo video player", "video player"):
        title = ""
    words = f"{what}: {title + ' — ' if title else ''}"
    return (words, url) if url is not None else (words + (local or "").strip(), None)


VOID_TAGS = frozenset(
    {
        "br",
        "img",
        "hr",
        "wbr",
        "input",
        "meta",
        "link",
        "source",
        "track",
        "area",
        "base",
        "col",
        "param",
        "embed",
    }
)

_UNSAFE_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|mocha|file):", re.I)
#: An image's source runs nothing when it is a ``file:`` URL: it is kept, and
#: every renderer reads it as the path it names (inside the essay's folder,
#: else refused with a warning on its line, as ``../`` and absolute paths are).
_UNSAFE_IMAGE_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|mocha):", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str | None, *, image: bool = False) -> str | None:
    """``url`` if following it cannot run code, else None. ``data:`` URLs are
    allowed only for images, and then only as images (not ``text/html``);
    ``file:`` URLs only for images (:data:`_UNSAFE_IMAGE_SCHEME`)."""
    if url is None:
        return None
    probe = _CONTROL.sub("", html.unescape(url)).lower()
    if (_UNSAFE_IMAGE_SCHEME if image else _UNSAFE_SCHEME).match(probe):
        return None
    if probe.startswith("data:") and (
        not image or not probe.startswith("data:image/") or probe.startswith("data:image/svg")
    ):
        return None
    return url.strip()


# ----------------------------------------------------------------- HTML events

HtmlEvent = tuple[str, str, dict[str, str]]  # (kind, tag-or-text, attrs)


class _EventParser(HTMLParser):
    """Flat events from an HTML fragment; entities decoded, attributes with
    ``on*`` handlers already removed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[HtmlEvent] = []
        self.lines: list[int] = []

    def _emit(self, event: HtmlEvent) -> None:
        self.events.append(event)
        self.lines.append(self.getpos()[0] - 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._emit(("start", tag, _clean_attrs(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._emit(("start", tag, _clean_attrs(attrs)))
        if tag not in VOID_TAGS:
            self._emit(("end", tag, {}))

    def handle_endtag(self, tag: str) -> None:
        self._emit(("end", tag, {}))

    def handle_data(self, data: str) -> None:
        self._emit(("text", data, {}))

    def handle_comment(self, data: str) -> None:
        self._emit(("comment", data, {}))

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![x[ ... ]]>`` with a keyword the standard library does not
        know raises AssertionError there (Python 3.11): read it as the bogus
        comment HTML makes of it."""
        try:
            return int(super().parse_marked_section(i, report))
        except AssertionError:
            end = self.rawdata.find(">", i)
            if end < 0:
                return -1
            self.handle_comment(self.rawdata[i + 3:end])
            return end + 1


def _clean_attrs(attrs: list[tuple[str, str | None]]) -> dict[str, str]:
    return {k.lower(): (v or "") for k, v in attrs if not k.lower().startswith("on")}


@overload
def html_events(fragment: str) -> list[HtmlEvent]: ...
@overload
def html_events(
    fragment: str, *, with_lines: Literal[True]
) -> tuple[list[HtmlEvent], list[int]]: ...


def html_events(fragment: str, *, with_lines: bool = False) -> Any:
    """Events for an HTML fragment; with ``with_lines``, also each event's
    0-based line within the fragment."""
    parser = _EventParser()
    parser.feed(fragment)
    parser.close()
    return (parser.events, parser.lines) if with_lines else parser.events


@functools.lru_cache(maxsize=2048)
def _tag_events(raw: str) -> tuple[HtmlEvent, ...]:
    """Events of one inline tag; cached because a book repeats ``<b>``,
    ``</b>``... thousands of times. (Attribute dicts are never mutated.)"""
    return tuple(html_events(raw))


# ------------------------------------------------------------- the tree builder

_EMPH = frozenset({"i", "em", "cite", "dfn", "var"})
_STRONG = frozenset({"b", "strong"})
_STRIKE = frozenset({"s", "del", "strike"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})


@dataclass(slots=True)
class _Frame:
    tag: str
    attrs: dict[str, str]
    children: list[Inline] = field(default_factory=list)


class InlineBuilder:
    """Builds inlines from a mix of model nodes and HTML events.

    Markdown nodes arrive through :meth:`add`; inline HTML through
    :meth:`event`. :meth:`finish` closes whatever is still open, so
    unbalanced HTML never raises and never loses text.
    """

    __slots__ = ("_stack", "_skip", "_skip_depth", "_media")

    def __init__(self) -> None:
        self._stack: list[_Frame] = [_Frame("", {})]
        self._skip: str | None = None
        self._skip_depth = 0
        #: An embedded video, audio or page being read: its tag, attributes and sources.
        self._media: tuple[str, dict[str, str], list[str]] | None = None

    @property
    def empty(self) -> bool:
        return len(self._stack) == 1 and not self._stack[0].children

    def add(self, node: Inline) -> None:
        if self._skip is None:
            self._stack[-1].children.append(node)

    def text(self, text: str) -> None:
        if text:
            self.add(Text(text=text))

    def event(self, ev: HtmlEvent) -> None:
        kind, name, attrs = ev
        if self._skip is not None:
            if self._media is not None and kind == "start" and name == "source" and attrs.get("src"):
                self._media[2].append(attrs["src"])
            if name == self._skip and kind == "start":
                self._skip_depth += 1
            elif name == self._skip and kind == "end":
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip = None
                    self._said_media()
            return
        if kind == "text":
            self.text(name)
        elif kind == "start":
            self._start(name, attrs)
        elif kind == "end":
            self._end(name)
        # comments inside a paragraph say nothing to the reader: dropped

    def _said_media(self) -> None:
        if self._media is None:
            return
        said, self._media = media_words(*self._media), None
        if said is not None:
            words, url = said
            self.text(words)
            link = safe_url(url) if url is not None else None
            if link is not None:
                self.add(Link(children=(Text(text=link),), url=link))

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in MEDIA_TAGS:
            self._media = (tag, dict(attrs), [attrs[k] for k in ("src", "data") if attrs.get(k)])
            if tag == "embed":
                self._said_media()
            else:
                self._skip, self._skip_depth = tag, 1
            return
        if tag in DROP_TAGS:
            if tag not in VOID_TAGS:
                self._skip, self._skip_depth = tag, 1
            return
        if tag == "br":
            self.add(LineBreak())
        elif tag == "img":
            src = safe_url(attrs.get("src"), image=True)
            if src:
                self.add(Image(src=src, alt=attrs.get("alt", ""), title=attrs.get("title") or None))
            elif attrs.get("alt"):
                self.text(attrs["alt"])
        elif tag in VOID_TAGS:
            return
        else:
            self._stack.append(_Frame(tag, attrs))

    def _end(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i].tag == tag:
                while len(self._stack) > i:
                    self._close()
                return
        # an end tag nothing opened: ignore it

    def _close(self) -> None:
        frame = self._stack.pop()
        parent = self._stack[-1].children
        parent.extend(_element(frame.tag, frame.attrs, merge_text(frame.children)))

    def finish(self) -> tuple[Inline, ...]:
        while len(self._stack) > 1:
            self._close()
        self._skip = None
        self._said_media()  # an unclosed <video>: where it pointed is still said
        return merge_text(self._stack[0].children)


def _element(tag: str, attrs: dict[str, str], children: tuple[Inline, ...]) -> list[Inline]:
    """The model node(s) for a closed inline HTML element."""
    if tag in _STRONG:
        return [Strong(children=children)]
    if tag in _EMPH:
        return [Emph(children=children)]
    if tag in _STRIKE:
        return [Strike(children=children)]
    if tag == "mark":
        return [Mark(children=children)]
    if tag == "sup":
        return [Sup(children=children)]
    if tag == "sub":
        return [Sub(children=children)]
    if tag in _CODE:
        return [Code(text=plain_text(children))]
    if tag == "a":
        url = safe_url(attrs.get("href"))
        if url:
            return [Link(children=children, url=url, title=attrs.get("title") or None)]
        return list(children)
    if tag == "q":
        return [Text(text="\u201c"), *children, Text(text="\u201d")]
    if tag == "rt":
        # A ruby reading in brackets after its base, as <rp> shows it where ruby is not drawn.
        return [Text(text="("), *children, Text(text=")")] if plain_text(children).strip() else []
    if tag == "rp":
        return []
    lang = normalize_tag(attrs["lang"]) if attrs.get("lang") else None
    direction = attrs.get("dir", "").lower() or None
    if direction not in (None, "ltr", "rtl", "auto"):
        direction = None
    classes = tuple(attrs.get("class", "").split())
    if tag == "span" and (lang or direction or classes):
        return [Span(children=children, lang=lang, dir=direction, classes=classes)]
    if lang or direction:
        return [Span(children=children, lang=lang, dir=direction)]
    return list(children)


def merge_text(nodes: Iterable[Inline]) -> tuple[Inline, ...]:
    """Adjacent Text nodes joined: one node per run, as a reader would expect."""
    out: list[Inline] = []
    run: list[str] = []
    for node in nodes:
        if type(node) is Text:
            run.append(node.text)
            continue
        if run:
            out.append(Text(text="".join(run)))
            run = []
        out.append(node)
    if run:
        out.append(Text(text="".join(run)))
    return tuple(out)


# ---------------------------------------------------------- mistune → model

Token = dict[str, Any]


def convert_inlines(tokens: Iterable[Token]) -> tuple[Inline, ...]:
    """Model inlines for a list of mistune inline tokens (with pandoc's and
    kramdown's attribute blocks understood, :func:`.pandoc.attach_attributes`)."""
    if isinstance(tokens, list):
        said = [t for t in tokens if t["type"] not in ("softbreak", "linebreak")
                and not (t["type"] == "text" and not t.get("raw", "").strip())]
        if len(said) == 1 and said[0]["type"] == "block_math":
            said[0]["alone"] = True  # ``$$…$$`` with nothing beside it: display maths
        plain = _plain_inlines(tokens)
        if plain is not None:
            return attach_attributes(plain, raw_html_inlines)
    builder = InlineBuilder()
    _feed(builder, tokens)
    return attach_attributes(builder.finish(), raw_html_inlines)


def raw_html_inlines(fragment: str) -> tuple[Inline, ...]:
    """Inline HTML written as raw content (`` `<b>x</b>`{=html} ``): read as
    the inline HTML it is."""
    builder = InlineBuilder()
    for ev in html_events(fragment):
        builder.event(ev)
    return builder.finish()


def _plain_inlines(tokens: list[Token]) -> tuple[Inline, ...] | None:
    """What :class:`InlineBuilder` makes of tokens without inline HTML, made
    directly (no element stack to keep; adjacent text joined on the way, as
    :func:`merge_text` would): most paragraphs of a book. None when there is
    HTML among them."""
    out: list[Inline] = []
    run: list[str] = []
    unescape = html.unescape
    for tok in tokens:
        kind = tok["type"]
        if kind == "text":
            text = unescape(tok["raw"])
            if text:
                run.append(text)
            continue
        if kind == "inline_html":
            return None
        nodes = (SoftBreak(),) if kind == "softbreak" else _convert(tok)
        for node in nodes:
            if type(node) is Text:
                run.append(node.text)
                continue
            if run:
                out.append(Text(text="".join(run)))
                run = []
            out.append(node)
    if run:
        out.append(Text(text="".join(run)))
    return tuple(out)


def _feed(builder: InlineBuilder, tokens: Iterable[Token]) -> None:
    for tok in tokens:
        kind = tok["type"]
        if kind == "text":
            builder.text(html.unescape(tok["raw"]))
        elif kind == "inline_html":
            for ev in _tag_events(tok["raw"]):
                builder.event(ev)
        else:
            for node in _convert(tok):
                builder.add(node)


_WRAPPERS: dict[str, type[Emph | Strong | Strike | Mark | Sub | Sup]] = {
    "emphasis": Emph,
    "strong": Strong,
    "strikethrough": Strike,
    "mark": Mark,
    "superscript": Sup,
    "subscript": Sub,
    "insert": Emph,
}


def _convert(tok: Token) -> tuple[Inline, ...]:
    node = _convert_one(tok)
    if node is None:
        return ()
    return node if isinstance(node, tuple) else (node,)


def _convert_one(tok: Token) -> Inline | tuple[Inline, ...] | None:
    kind = tok["type"]
    children = tok.get("children") or ()
    attrs = tok.get("attrs") or {}
    wrapper = _WRAPPERS.get(kind)
    if wrapper is not None:
        return wrapper(children=convert_inlines(children))
    if kind == "codespan":
        return Code(text=tok["raw"])
    if kind == "softbreak":
        return SoftBreak()
    if kind == "linebreak":
        return LineBreak()
    if kind == "inline_math":
        return MathInline(text=tok["raw"])
    if kind == "block_math":
        # ``$$…$$`` inside a sentence is kramdown's inline maths (Jekyll's default, and
        # how its maths blogs write it); alone, display maths (:func:`convert_inlines`).
        return MathInline(text=(DISPLAY if tok.get("alone") else "") + tok["raw"].strip())
    if kind == "footnote_ref":
        return FootnoteRef(label=tok["raw"])
    if kind == "link":
        inner = convert_inlines(children)
        url = safe_url(attrs.get("url"))
        if url is None:
            return inner  # an unsafe link becomes its text
        return Link(children=inner, url=url, title=attrs.get("title") or None)
    if kind == "image":
        alt = plain_text(convert_inlines(children))
        src = safe_url(attrs.get("url"), image=True)
        if src is None:
            return Text(text=alt) if alt else None
        return Image(src=src, alt=alt, title=attrs.get("title") or None)
    # A token type we have not mapped: keep its words rather than lose them.
    if children:
        return Span(children=convert_inlines(children))
    raw = tok.get("raw")
    return Text(text=str(raw)) if raw else None
