"""Inline syntax of note apps and chat-minded blogs: wiki links and emoji shortcodes.

Wiki links as Obsidian, Foam, Dendron and MediaWiki-minded blogs write them:
``[[Page]]``, ``[[Page|shown text]]`` and ``[[Page#Heading]]`` point into the
author's notes, which an essay's reader does not have: they become the words they
show. ``![[picture.png]]`` (``![[picture.png|300]]``) embeds an image, and becomes
one; an embedded note (``![[Other note]]``) cannot be, and becomes its name.
Left to CommonMark, every bracket is printed.

Emoji shortcodes (``:smile:``, ``:+1:``, ``:tada:``), which GitHub, Slack,
Discourse and most blog engines show as the emoji they name: a post written for
them says ``:rocket:`` where its readers saw 🚀. The names are those of the PyPI
``emoji`` package (GitHub's and Slack's aliases, and Unicode's own names); a name
it does not know (``:class:``, a custom ``:shipit:``) stays as written. The rule
is an inline one, so code spans, code blocks and link targets are never touched,
and it needs a non-word character on each side (or another shortcode), so times
and ratios (``10:30:45``, ``1:2:3``) stay as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .fast import register_inline

__all__ = ["emoji_for", "has_shortcodes", "register", "register_shortcodes"]

_PATTERN = r"(?P<wiki_embed>!)?\[\[(?P<wiki_target>[^\[\]|\n]{1,500}?)(?:\|(?P<wiki_label>[^\[\]\n]{0,500}?))?\]\]"
_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|avif|bmp)$", re.I)


def register(md: Any) -> None:
    register_inline(md, "wiki_link", _PATTERN, _parse, before="link", start_chars=("!", "["))


def _parse(inline: Any, m: re.Match[str], state: Any) -> int:
    target = m.group("wiki_target").strip()
    label = (m.group("wiki_label") or "").strip()
    if m.group("wiki_embed") and _IMAGE.search(target):
        alt = "" if label.isdigit() or re.fullmatch(r"\d+x\d+", label) else label
        state.append_token({"type": "image", "children": [{"type": "text", "raw": alt}] if alt else [],
                            "attrs": {"url": target}})
        return m.end()
    if not label:
        page, _, heading = target.partition("#")
        label = f"{page.strip()} › {heading.strip().lstrip('^')}" if page and heading else (page or heading)
    state.append_token({"type": "text", "raw": label})
    return m.end()


# ---------------------------------------------------------- emoji shortcodes

_SHORTCODE_PATTERN = r"(?<!\w):(?P<emoji_name>[A-Za-z0-9_+\-]{1,60}):(?!\w)"
_SHORTCODE = re.compile(_SHORTCODE_PATTERN)


def has_shortcodes(text: str) -> bool:
    """Whether ``text`` names a known emoji (a post with no other Markdown is
    then still read as Markdown, so its shortcodes become emoji)."""
    if ":" not in text:
        return False
    return any(emoji_for(m.group("emoji_name")) for m in _SHORTCODE.finditer(text))


def register_shortcodes(md: Any) -> None:
    register_inline(md, "emoji_shortcode", _SHORTCODE_PATTERN, _parse_shortcode, before="linebreak",
                    start_chars=(":",))


def _parse_shortcode(inline: Any, m: re.Match[str], state: Any) -> int:
    said = emoji_for(m.group("emoji_name"))
    if said is None:
        # Not a shortcode: its first colon as text, so a known one may follow (":x:smile:").
        inline.process_text(":", state)
        return m.start() + 1
    state.append_token({"type": "text", "raw": said})
    return m.end()


@lru_cache(maxsize=512)
def emoji_for(name: str) -> str | None:
    """The emoji ``:name:`` stands for, or None when it names none. Slack's
    ``:skin-tone-2:`` to ``:skin-tone-6:`` (after an emoji: ``:wave::skin-tone-3:``)
    are the five skin-tone modifiers."""
    tone = re.fullmatch(r"skin-tone-([2-6])", name)
    if tone:
        return chr(0x1F3FB + int(tone.group(1)) - 2)
    import emoji

    code = f":{name}:"
    said = emoji.emojize(code, language="alias")
    return None if said == code else said
