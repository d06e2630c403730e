"""WordPress shortcodes, as posts exported from WordPress (and imported into
Jekyll or Hugo with them) still carry them.

``[caption]<img …> The caption.[/caption]`` is a figure with a caption;
``[embed]URL[/embed]``, ``[youtube URL]``, ``[video src=…]`` and ``[audio …]`` are
media, said as a link; ``[code language="x"]…[/code]`` (and ``[sourcecode]``) is a
code block; ``[gallery]`` needs the site's media library, which the essay does not
have, and is removed with one warning. Code is left as written (fenced and indented
blocks, ``<pre>``, code spans). Runs before the Markdown parser, like the other site
syntax (:mod:`.sites`), on text that has a shortcode (:func:`has_shortcodes`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

__all__ = ["expand_shortcodes", "has_shortcodes"]

_NAMES = r"caption|wp_caption|embed|youtube|vimeo|video|audio|code|sourcecode|gallery|playlist"
_TRIGGER = re.compile(r"\[(?:" + _NAMES + r")[\s\]]|\[/[A-Za-z][\w-]{0,40}\]"
                      r"|\[[A-Za-z][\w-]{0,40}\s+[\w-]+\s*=\s*[\"'“]", re.I)
#: Any other shortcode (a plugin's): ``[name key="value"]``, or ``[name …]words[/name]``.
_OTHER = re.compile(
    r"\[(?P<name>[A-Za-z][\w-]{0,40})(?P<args>\s+[\w-]+\s*=\s*(?:\"[^\"\n]*\"|'[^'\n]*'|“[^”\n]*”)[^\]\n]{0,1000})\]"
    r"(?:(?P<body>.{0,20000}?)\[/(?P=name)\])?"
    r"|\[(?P<pname>[A-Za-z][\w-]{0,40})\](?P<pbody>.{0,20000}?)\[/(?P=pname)\]",
    re.S,
)
#: A shortcode, paired (``[name …]body[/name]``) or alone.
#: Not ``[audio]{.smallcaps}``, ``[video](url)`` or ``[code][ref]``: Markdown's
#: span, link and reference whose words are a shortcode's name.
_SHORTCODE = re.compile(
    r"\[(?P<name>" + _NAMES + r")(?P<args>(?:\s[^\]\n]{0,1000})?)\](?![({\[])"
    r"(?:(?P<body>.{0,20000}?)\[/(?P=name)\])?",
    re.I | re.S,
)
#: What is shown as written: fenced code, indented code, <pre>, code spans.
_CODE = re.compile(
    r"^(?P<fence>[ ]{0,3}(?:`{3,}|~{3,}))[^\n]*\n.*?^(?P=fence)[ \t]*$"
    r"|<pre\b.*?</pre>|(?P<ticks>`+).+?(?P=ticks)|^(?:(?:[ ]{4}|\t)[^\n]*\n)+",
    re.S | re.M,
)
_ARG = re.compile(r"""(?:(\w+)\s*=\s*)?(?:"([^"]*)"|'([^']*)'|“([^”]*)”|(\S+))""")


def has_shortcodes(body: str) -> bool:
    return _TRIGGER.search(body) is not None


def expand_shortcodes(body: str, removed: Callable[[str, int], None]) -> str:
    """``body`` with its shortcodes as Markdown and HTML the reader knows;
    ``removed(what, line)`` is told of each one that had to go (1-based lines)."""
    out: list[str] = []
    pos = 0
    for code in _CODE.finditer(body):
        out.append(_expand(body[pos:code.start()], body.count("\n", 0, pos) + 1, removed))
        out.append(code.group(0))
        pos = code.end()
    out.append(_expand(body[pos:], body.count("\n", 0, pos) + 1, removed))
    return "".join(out)


def _expand(text: str, first_line: int, removed: Callable[[str, int], None]) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group("name").lower()
        args = _args(m.group("args") or "")
        body = m.group("body")
        line = first_line + text.count("\n", 0, m.start())
        if body is None and name in ("caption", "wp_caption", "embed", "code", "sourcecode") and not args:
            return m.group(0)  # "[code]" in a sentence, with nothing to close it: prose
        if name in ("caption", "wp_caption"):
            return _caption(body or "", args)
        if name in ("embed", "youtube", "vimeo", "video", "audio"):
            url = (body or "").strip() or args.get("src") or args.get("url") or args.get("0") or \
                next((v for k, v in args.items() if k in ("mp4", "webm", "mp3", "ogg", "m4a")), "")
            if url.startswith(("http://", "https://")):
                return f"<{url}>"
            removed(f"WordPress [{name}] without an address", line)
            return ""
        if name in ("code", "sourcecode"):
            if body is None:
                return m.group(0)
            lang = args.get("language") or args.get("lang") or args.get("0") or ""
            fence = "~~~~" if "~~~" in body else "~~~"
            return f"{fence}{lang}\n{html.unescape(body.strip(chr(10)))}\n{fence}"
        removed(f"WordPress [{name}]", line)
        return ""

    def same_lines(m: re.Match[str]) -> str:
        # Lines after a shortcode keep their numbers, for the warnings that name them.
        said = one(m)
        missing = m.group(0).count("\n") - said.count("\n")
        return said + "\n" * missing if missing > 0 else said

    def other(m: re.Match[str]) -> str:
        # A plugin's shortcode: its words stay, its brackets go (one warning a name).
        name = (m.group("name") or m.group("pname")).lower()
        body = m.group("body") if m.group("name") else m.group("pbody")
        removed(f"WordPress [{name}]", first_line + text.count("\n", 0, m.start()))
        said = body or ""
        return said + "\n" * (m.group(0).count("\n") - said.count("\n"))

    return _OTHER.sub(other, _SHORTCODE.sub(same_lines, text))


def _args(text: str) -> dict[str, str]:
    """``key="value"`` pairs by key, the other words by position ("0", "1"...)."""
    found: dict[str, str] = {}
    bare = 0
    for m in _ARG.finditer(text):
        value = next(g for g in m.group(2, 3, 4, 5) if g is not None)
        if m.group(1):
            found[m.group(1).lower()] = value
        else:
            found[str(bare)] = value
            bare += 1
    return found


def _caption(body: str, args: dict[str, str]) -> str:
    """``[caption]<img …> words[/caption]`` (or ``caption="words"``) as a figure."""
    img = re.search(r"<img\b[^>]*>|!\[[^\]]*\]\([^)]*\)", body)
    words = (body[:img.start()] + body[img.end():]) if img else body
    words = re.sub(r"</?a\b[^>]*>", "", words).strip() or args.get("caption", "")
    if img is None:
        return words
    picture = img.group(0)
    if picture.startswith("!"):
        return f'{picture[:-1]} "{words}")' if words and '"' not in words else picture
    caption = f"<figcaption>{words}</figcaption>" if words else ""
    return f"<figure>{picture}{caption}</figure>"
