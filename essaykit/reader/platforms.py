"""The HTML and JSX that blogging platforms leave in a post's Markdown.

Ghost, Substack and Medium export a post as Markdown whose figures, call-outs,
toggles, videos, footnotes and link cards are blocks of their own HTML (``<div class="kg-card
kg-callout-card">``, ``<div class="captioned-image-container">``), wrapped in
layers of ``div`` the reader would otherwise show as nested boxes, and with
"Subscribe" forms and buttons that mean nothing on paper. Before the Markdown
is parsed, each card becomes the plain HTML the reader knows (a figure, a
call-out, a paragraph with a link); subscribe widgets are removed with one
warning. MDX posts (Docusaurus, Gatsby...) lose their ``import``/``export``
lines and components' tags, and keep the components' Markdown. Code is shown
as written; a card keeps its lines, so later lines keep their numbers.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable

__all__ = ["has_hashnode", "has_platform_html", "tidy_hashnode", "tidy_platform_html"]

_CARD_CLASSES = (
    r"kg-card|captioned-image-container|subscription-widget(?:-wrap)?|button-wrapper"
    r"|image-gallery-embed|kg-gallery-card|footnote-anchor|footnote"
)
_TRIGGER = re.compile(r"""class=["'][^"']*\b(?:""" + _CARD_CLASSES + r")\b")
#: The start of a block whose class names a card.
_OPEN = re.compile(
    r"""^[ ]{0,3}<(?P<tag>div|p|figure)\b[^>]*\bclass=["'](?P<cls>[^"']*)["'][^>]*>""", re.M | re.I)
#: What is shown as written: fenced code, indented code, <pre>.
_CODE = re.compile(
    r"^(?P<fence>[ ]{0,3}(?:`{3,}|~{3,}))[^\n]*\n.*?^(?P=fence)[ \t]*$|<pre\b.*?</pre>",
    re.S | re.M,
)


def has_platform_html(body: str) -> bool:
    return _TRIGGER.search(body) is not None


def tidy_platform_html(body: str, removed: Callable[[str, int], None]) -> str:
    """``body`` with its platform cards as plain HTML; ``removed(what, line)``
    is told of each one dropped (1-based line within ``body``)."""
    out: list[str] = []
    pos = 0
    notes = frozenset(_NOTE_ID.findall(body)) if "footnote" in body else frozenset()
    for code in _CODE.finditer(body):
        out.append(_tidy(body, pos, code.start(), removed, notes))
        out.append(code.group(0))
        pos = code.end()
    out.append(_tidy(body, pos, len(body), removed, notes))
    return "".join(out)


#: Hashnode's embed, a line of its own: ``%[https://youtu.be/x]``.
_HASHNODE_EMBED = re.compile(r"^([ ]{0,3})%\[(https?://[^\s\]]+)\][ \t]*$", re.M)
#: Hashnode's image with its layout inside the brackets: ``![](x.png align="center")``.
_HASHNODE_IMAGE = re.compile(
    r"""(!\[[^\]\n]*\]\([^\s)]+)((?:\s+(?:align|width|height)=["'][^"'\n]*["'])+)\)""")


def has_hashnode(body: str) -> bool:
    return ("%[" in body and _HASHNODE_EMBED.search(body) is not None) or (
        "align=" in body and _HASHNODE_IMAGE.search(body) is not None)


def tidy_hashnode(body: str, removed: Callable[[str, int], None]) -> str:
    """Hashnode's Markdown as Markdown: an embed is a link to what it embeds
    (as a video card is), an image keeps its address and alt text and drops
    the layout written inside its brackets. Code is shown as written."""
    out: list[str] = []
    pos = 0

    def tidy(text: str) -> str:
        text = _HASHNODE_EMBED.sub(lambda m: f"{m.group(1)}<{m.group(2)}>", text)
        return _HASHNODE_IMAGE.sub(lambda m: f"{m.group(1)})", text)

    for code in _CODE.finditer(body):
        out.append(tidy(body[pos:code.start()]))
        out.append(code.group(0))
        pos = code.end()
    out.append(tidy(body[pos:]))
    return "".join(out)


#: Substack's footnotes: a numbered link in the text to ``#footnote-N`` and, at
#: the foot of the post, ``<div class="footnote">`` holding ``id="footnote-N"``.
_NOTE_ID = re.compile(r"""\bid=["']footnote-(\d+)["']""")
_NOTE_ANCHOR = re.compile(
    r"""<a\b(?=[^>]*\bclass=["'][^"']*\bfootnote-anchor\b)(?=[^>]*\bhref=["']#footnote-(\d+)["'])[^>]*>"""
    r"""[^<]{0,20}</a>""", re.I)


def _anchors(text: str, notes: frozenset[str]) -> str:
    """Substack's footnote links as Markdown footnote references (those whose
    note is in the post; any other stays a link)."""
    if "footnote-anchor" not in text:
        return text
    return _NOTE_ANCHOR.sub(lambda m: f"[^{m.group(1)}]" if m.group(1) in notes else m.group(0), text)


def _tidy(body: str, start: int, stop: int, removed: Callable[[str, int], None],
          notes: frozenset[str] = frozenset()) -> str:
    out: list[str] = []
    pos = start
    while True:
        m = _OPEN.search(body, pos, stop)
        if m is None:
            out.append(_anchors(body[pos:stop], notes))
            return "".join(out)
        end = _close(body, m.start(), m.group("tag").lower(), stop)
        classes = m.group("cls").split()
        card = body[m.start():end] if end is not None else ""
        said = _card(classes, card) if end is not None else None
        if said is None or end is None:
            out.append(_anchors(body[pos:m.end()], notes))
            pos = m.end()
            continue
        out.append(_anchors(body[pos:m.start()], notes))
        if said.startswith("[^") and not _after_break(body, m.start()):
            said = "\n" + said  # a footnote's definition cannot interrupt a paragraph
        if said == "":
            removed(_NAMES.get(_kind(classes), "a subscribe button"), body.count("\n", 0, m.start()) + 1)
        out.append(said + "\n" * max(0, card.count("\n") - said.count("\n")))
        pos = end


def _after_break(body: str, at: int) -> bool:
    """Whether the line before the one at ``at`` is blank or another Substack
    note (a definition may follow a definition), or there is none."""
    end = body.rfind("\n", 0, at)
    if end < 0:
        return True
    prev = body[body.rfind("\n", 0, end) + 1:end]
    return not prev.strip() or re.match(r"""\s*<div\b[^>]*\bclass=["']footnote["']""", prev) is not None


def _close(body: str, start: int, tag: str, stop: int) -> int | None:
    """Where the element opened at ``start`` ends (same-name tags counted)."""
    depth = 0
    for t in re.finditer(r"<(/?)" + tag + r"\b[^>]*>", body[start:stop], re.I):
        depth += -1 if t.group(1) else 1
        if depth == 0:
            return start + t.end()
    return None


_NAMES = {
    "subscribe": "a subscribe form", "button": "a subscribe button",
    "kg-button-card": "a subscribe button",
}


def _kind(classes: list[str]) -> str:
    if any(c.startswith("subscription-widget") or c in ("kg-signup-card", "kg-cta-card") for c in classes):
        return "subscribe"
    if "button-wrapper" in classes:  # Substack's subscribe, share and comment buttons
        return "button"
    if "kg-button-card" in classes:
        return "kg-button-card"
    for c in classes:
        if c in ("kg-image-card", "kg-callout-card", "kg-bookmark-card", "captioned-image-container",
                 "kg-gallery-card", "image-gallery-embed", "kg-embed-card", "kg-toggle-card",
                 "kg-quote-card", "kg-video-card", "kg-audio-card", "footnote"):
            return c
    return ""


def _card(classes: list[str], card: str) -> str | None:
    """The card as plain HTML ("" when it is removed), or None when it is no
    card this module knows."""
    kind = _kind(classes)
    if kind in ("subscribe", "button"):
        return ""
    if kind in ("kg-image-card", "captioned-image-container", "kg-gallery-card", "image-gallery-embed"):
        images = [_img(tag) for tag in re.findall(r"<img\b[^>]*>", card, re.I)]
        images = [i for i in images if i]
        if not images:
            return None
        caption = _text(_inner(card, "figcaption"))
        cap = f"<figcaption>{html.escape(caption, quote=False)}</figcaption>" if caption else ""
        return "".join(f"<figure>{img}{cap if n == len(images) - 1 else ''}</figure>"
                       for n, img in enumerate(images))
    if kind == "kg-callout-card":
        emoji = _text(_inner_class(card, "kg-callout-emoji"))
        text = _inner_class(card, "kg-callout-text")
        if not _text(text):
            return None
        # The emoji is the card's icon: it says the kind (a call-out draws its own mark).
        kind = next((k for marks, k in _EMOJI_KINDS if any(e in emoji for e in marks)), "note")
        return f'<div class="{kind}"><p>{_inline(text)}</p></div>'
    if kind == "kg-bookmark-card":
        href = re.search(r"""<a\b[^>]*\bhref=["']([^"']+)["']""", card, re.I)
        title = _text(_inner_class(card, "kg-bookmark-title"))
        if href is None:
            return None
        desc = _text(_inner_class(card, "kg-bookmark-description"))
        who = _text(_inner_class(card, "kg-bookmark-author")) or _text(_inner_class(card, "kg-bookmark-publisher"))
        link = f'<a href="{html.escape(href.group(1))}">{html.escape(title or href.group(1), quote=False)}</a>'
        rest = " — ".join(html.escape(x, quote=False) for x in (desc, who) if x)
        return f"<p>{link}{': ' + rest if rest else ''}</p>"
    if kind == "footnote":  # Substack's note at the foot of the post: a Markdown footnote
        label = _NOTE_ID.search(card)
        paras = [_inline(p) for p in re.findall(r"<p\b[^>]*>(.*?)</p>", _inner_class(card, "footnote-content"),
                                                 re.I | re.S)]
        paras = [" ".join(p.split()) for p in paras if _text(p)]
        if label is None or not paras:
            return None
        return f"[^{label.group(1)}]: " + "\n\n    ".join(paras)
    if kind == "kg-toggle-card":  # a heading that opens its text: a call-out titled by it
        heading = _text(_inner_class(card, "kg-toggle-heading-text") or _inner_class(card, "kg-toggle-heading"))
        content = " ".join(_inner_class(card, "kg-toggle-content").split())
        if not _text(content):
            return None if not heading else f"<p><strong>{html.escape(heading, quote=False)}</strong></p>"
        summary = f"<summary>{html.escape(heading, quote=False)}</summary>" if heading else ""
        return f"<details>{summary}{content}</details>"
    if kind in ("kg-video-card", "kg-audio-card"):
        # What the reader says for any embedded video or audio: "Video: title — link".
        tag = "video" if kind == "kg-video-card" else "audio"
        src = re.search(r"<" + tag + r"""\b[^>]*\bsrc=["']([^"']+)["']""", card, re.I)
        if src is None:
            return None
        title = _text(_inner(card, "figcaption")) or _text(_inner_class(card, "kg-audio-title"))
        named = f' title="{html.escape(title)}"' if title else ""
        return f'<{tag} src="{html.escape(src.group(1))}"{named}></{tag}>'
    if kind == "kg-button-card":
        # A button to the site's sign-up is no more than that; any other is a link.
        href = re.search(r"""<a\b[^>]*\bhref=["']([^"']+)["']""", card, re.I)
        words = _text(card)
        if href is None or _SIGN_UP.search(words + " " + href.group(1)):
            return ""
        return f'<p><a href="{html.escape(href.group(1))}">{html.escape(words, quote=False)}</a></p>'
    return None


_EMOJI_KINDS = (
    ("💡✨🌟", "tip"), ("⚠🚧", "warning"), ("🚨🛑⛔🔥", "danger"), ("❗‼📌", "important"),
    ("ℹ", "info"), ("✅✔🎉", "success"), ("❓🤔", "question"), ("🐛", "bug"), ("💬🗣", "quote"),
)
_SIGN_UP = re.compile(r"subscri|sign[ -]?up|signup|join|member|newsletter|#/portal|upgrade|pledge", re.I)


def _img(tag: str) -> str:
    src = re.search(r"""\bsrc=["']([^"']+)["']""", tag, re.I)
    if src is None:
        return ""
    alt = re.search(r"""\balt=["']([^"']*)["']""", tag, re.I)
    return f'<img src="{src.group(1)}" alt="{alt.group(1) if alt else ""}">'


def _inner(card: str, tag: str) -> str:
    m = re.search(r"<" + tag + r"\b[^>]*>(.*?)</" + tag + r">", card, re.I | re.S)
    return m.group(1) if m else ""


def _inner_class(card: str, cls: str) -> str:
    m = re.search(r"""<(\w+)\b[^>]*\bclass=["'][^"']*\b""" + re.escape(cls) + r"""\b[^"']*["'][^>]*>""",
                  card, re.I)
    if m is None:
        return ""
    end = _close(card, m.start(), m.group(1), len(card))
    if end is None:
        return ""
    return re.sub(r"</" + m.group(1) + r"\s*>$", "", card[m.end():end], flags=re.I)


def _inline(fragment: str) -> str:
    """Inline HTML kept (emphasis, links), blocks and spans unwrapped."""
    return re.sub(r"</?(?:div|span|p)\b[^>]*>", "", fragment, flags=re.I).strip()


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# ------------------------------------------------------------------- MDX

#: A top-level ``import``/``export`` statement: MDX's JavaScript.
_ESM = re.compile(r"""^(?:import\s+(?:[\w*{][^'"\n]*?\s+from\s+)?['"]|export\s+(?:(?:const|let|var|function|default|async)\b|\{|\*))""")
_JSX_LINE = re.compile(r"^(?P<indent>[ \t]*)<(?P<close>/)?(?P<name>[A-Z][\w.]*)(?P<props>(?:[^<>]|=>)*?)(?P<self>/)?>[ \t]*$")
_JSX_INLINE = re.compile(r"<(?P<close>/)?(?P<name>[A-Z][\w.]*)(?P<props>(?:\s[^<>]*?)?)\s*(?P<self>/)?>")
_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)
_MDX_SPACE = re.compile(r"""\{\s*(['"])(\s*)\1\s*\}""")
_MDX_EXPR = re.compile(r"\{\s*[A-Za-z_$][\w$.]*(?:\([^{}\n]*\))?\s*\}")
_FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def is_mdx(body: str, path: str | None) -> bool:
    """An MDX post: named ``.mdx``, or Markdown that imports or exports."""
    if path and path.lower().endswith(".mdx"):
        return True
    if "{/*" in body and _MDX_COMMENT.search(body):
        return True  # Docusaurus reads .md as MDX too: its comments are MDX's
    return any(_ESM.match(line) for line in body.split("\n", 200)[:200])


def tidy_mdx(body: str, removed: Callable[[str, int], None]) -> str:
    """``body`` with MDX's JavaScript gone: ``import``/``export`` lines removed
    (said), components' tags removed and their Markdown kept (a ``TabItem``'s
    label as a bold lead-in), a self-closing component said as what it shows
    or removed (said), ``{/* comments */}`` removed and ``{' '}`` a space.
    Lines keep their numbers; code is shown as written."""
    lines = body.split("\n")
    out: list[str] = []
    fence = ""
    #: Open components: (name, indent of their content, or -1 until known).
    stack: list[list[object]] = []
    depth = 0  # brackets open in a multi-line export
    i = 0
    while i < len(lines):
        line = lines[i]
        n = i + 1
        i += 1
        if depth:
            depth += _balance(line)
            out.append("")
            continue
        if fence:
            out.append(_dedent(line, stack))
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        f = _FENCE_LINE.match(line)
        if f:
            fence = f.group(1)
            out.append(_dedent(line, stack))
            continue
        if _ESM.match(line):
            removed("an MDX import or export", n)
            depth = max(0, _balance(line))
            out.append("")
            continue
        m = _JSX_LINE.match(line)
        if m:
            out.append(_tag(m, stack, removed, n))
            continue
        line = _dedent(line, stack)
        if "{" in line:
            line = _MDX_SPACE.sub(lambda s: s.group(2) or " ", _MDX_COMMENT.sub("", line))
            if _MDX_EXPR.search(line):
                removed("an MDX expression {...}", n)
                line = _MDX_EXPR.sub("", line)
        if "<" in line:
            line = _JSX_INLINE.sub(functools.partial(_inline_tag, removed=removed, n=n), line)
        out.append(line)
    return "\n".join(out)


def _balance(line: str) -> int:
    return sum(line.count(c) for c in "{[(") - sum(line.count(c) for c in "}])")


def _dedent(line: str, stack: list[list[object]]) -> str:
    """A line inside components, without their indentation (MDX has no
    indented code: four spaces inside ``<TabItem>`` are layout)."""
    if not stack or not line.strip():
        return line
    top = stack[-1]
    if top[1] == -1:
        top[1] = len(line) - len(line.lstrip(" \t"))
    cut = int(top[1])  # type: ignore[call-overload]
    lead = len(line) - len(line.lstrip(" \t"))
    return line[min(cut, lead):]


def _props(text: str) -> dict[str, str]:
    return {k.lower(): next(v for v in vs if v is not None)
            for k, *vs in re.findall(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\})""",
                                      text)}


def _tag(m: re.Match[str], stack: list[list[object]], removed: Callable[[str, int], None], n: int) -> str:
    name, props = m.group("name"), _props(m.group("props") or "")
    if m.group("close"):
        while stack:
            if stack.pop()[0] == name:
                break
        return ""
    if m.group("self"):
        return _self_closing(name, props, removed, n)
    stack.append([name, -1])
    label = props.get("label") or props.get("title")
    if label:
        return f"**{_md_escape(label)}**"
    return ""


def _self_closing(name: str, props: dict[str, str], removed: Callable[[str, int], None], n: int) -> str:
    src = props.get("src") or props.get("img") or props.get("image") or ""
    if src and not src.startswith("{"):
        alt = _md_escape(props.get("alt") or props.get("caption") or props.get("title") or "")
        return f"![{alt}](<{src}>)"
    low = name.lower()
    vid = props.get("id") or props.get("videoid") or props.get("url") or ""
    if "youtube" in low and vid:
        return f"<{vid}>" if vid.startswith("http") else f"<https://www.youtube.com/watch?v={vid}>"
    url = props.get("url") or props.get("href") or ""
    if url.startswith(("http://", "https://")):
        return f"<{url}>"
    removed(f"MDX component <{name} />", n)
    return ""


def _inline_tag(t: re.Match[str], *, removed: Callable[[str, int], None], n: int) -> str:
    if t.group("self"):
        return _self_closing(t.group("name"), _props(t.group("props") or ""), removed, n)
    return ""


def _md_escape(text: str) -> str:
    return re.sub(r"([\\*_\[\]`<])", r"\\\1", " ".join(text.split()))
