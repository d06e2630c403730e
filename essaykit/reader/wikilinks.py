"""Wiki links as Obsidian, Foam, Dendron and MediaWiki-minded blogs write them.

``[[Page]]``, ``[[Page|shown text]]`` and ``[[Page#Heading]]`` point into the
author's notes, which an essay's reader does not have: they become the words they
show. ``![[picture.png]]`` (``![[picture.png|300]]``) embeds an image, and becomes
one; an embedded note (``![[Other note]]``) cannot be, and becomes its name.
Left to CommonMark, every bracket is printed.
"""

from __future__ import annotations

import re
from typing import Any

from .fast import register_inline

__all__ = ["register"]

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
