"""The HTML that blogging platforms leave in an exported post's Markdown.

Ghost, Substack and Medium export a post as Markdown whose figures, call-outs
and link cards are blocks of their own HTML (``<div class="kg-card
kg-callout-card">``, ``<div class="captioned-image-container">``), wrapped in
layers of ``div`` the reader would otherwise show as nested boxes, and with
"Subscribe" forms and buttons that mean nothing on paper. Before the Markdown
is parsed, each card becomes the plain HTML the reader knows (a figure, a
call-out, a paragraph with a link); subscribe widgets are removed with one
warning. Code is shown as written; a card keeps its lines, so later lines
keep their numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

__all__ = ["has_platform_html", "tidy_platform_html"]

_CARD_CLASSES = (
    r"kg-card|captioned-image-container|subscription-widget(?:-wrap)?|button-wrapper"
    r"|image-gallery-embed|kg-gallery-card"
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
    for code in _CODE.finditer(body):
        out.append(_tidy(body, pos, code.start(), removed))
        out.append(code.group(0))
        pos = code.end()
    out.append(_tidy(body, pos, len(body), removed))
    return "".join(out)


def _tidy(body: str, start: int, stop: int, removed: Callable[[str, int], None]) -> str:
    out: list[str] = []
    pos = start
    while True:
        m = _OPEN.search(body, pos, stop)
        if m is None:
            out.append(body[pos:stop])
            return "".join(out)
        end = _close(body, m.start(), m.group("tag").lower(), stop)
        classes = m.group("cls").split()
        card = body[m.start():end] if end is not None else ""
        said = _card(classes, card) if end is not None else None
        if said is None or end is None:
            out.append(body[pos:m.end()])
            pos = m.end()
            continue
        out.append(body[pos:m.start()])
        if said == "":
            removed(_NAMES.get(_kind(classes), "a subscribe button"), body.count("\n", 0, m.start()) + 1)
        out.append(said + "\n" * max(0, card.count("\n") - said.count("\n")))
        pos = end


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
                 "kg-quote-card"):
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
    return card[m.end():end] if end is not None else ""


def _inline(fragment: str) -> str:
    """Inline HTML kept (emphasis, links), blocks and spans unwrapped."""
    return re.sub(r"</?(?:div|span|p)\b[^>]*>", "", fragment, flags=re.I).strip()


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
