"""Emoji shortcodes (``:smile:``, ``:+1:``, ``:tada:``) as the emoji they name.

GitHub, Slack, Discourse and most blog engines turn a shortcode into its emoji,
so a post written for them says ``:rocket:`` where its readers saw 🚀; printed
as written it reads as noise. The names are those of the PyPI ``emoji``
package (GitHub's and Slack's aliases, and Unicode's own names); a name it
does not know (``:class:``, a custom ``:shipit:``) stays as written. The rule
is an inline one, so code spans, code blocks and link targets are never
touched, and it needs a non-word character on each side (or another shortcode),
so times and ratios (``10:30:45``, ``1:2:3``) stay as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .fast import register_inline

__all__ = ["emoji_for", "has_shortcodes", "register"]

_PATTERN = r"(?<!\w):(?P<emoji_name>[A-Za-z0-9_+\-]{1,60}):(?!\w)"
_SHORTCODE = re.compile(_PATTERN)


def has_shortcodes(text: str) -> bool:
    """Whether ``text`` names a known emoji (a post with no other Markdown is
    then still read as Markdown, so its shortcodes become emoji)."""
    if ":" not in text:
        return False
    return any(emoji_for(m.group("emoji_name")) for m in _SHORTCODE.finditer(text))


def register(md: Any) -> None:
    register_inline(md, "emoji_shortcode", _PATTERN, _parse, before="linebreak", start_chars=(":",))


def _parse(inline: Any, m: re.Match[str], state: Any) -> int:
    said = emoji_for(m.group("emoji_name"))
    if said is None:
        # Not a shortcode: its first colon as text, so a known one may follow (":x:smile:").
        inline.process_text(":", state)
        return m.start() + 1
    state.append_token({"type": "text", "raw": said})
    return m.end()


@lru_cache(maxsize=512)
def emoji_for(name: str) -> str | None:
    """The emoji ``:name:`` stands for, or None when it names none."""
    import emoji

    code = f":{name}:"
    said = emoji.emojize(code, language="alias")
    return None if said == code else said
