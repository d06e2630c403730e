"""The ways maths posts delimit TeX beyond mistune's ``$…$`` and ``$$…$$`` blocks.

Why: MathJax's defaults are ``\\(…\\)`` and ``\\[…\\]`` (Hugo and many Jekyll sites
write them). Left to CommonMark, ``\\(`` is an escaped parenthesis and the TeX is
printed. Escaped brackets are also how authors keep ``\\[1\\]`` from becoming a link,
so a pair counts as maths only when what it holds looks like TeX; otherwise it stays
the escape it was. ``\\[…\\]`` inside a sentence is display maths there, an inline
formula marked :data:`DISPLAY`; ``$$…$$`` inside a sentence is kramdown's inline maths
(:func:`.inlines.convert_inlines`). Either alone in its paragraph is a maths block
(:func:`display_block`).
"""

from __future__ import annotations

import re
from typing import Any

from ..transform.maths import DISPLAY, as_written
from .fast import register_inline

__all__ = ["DISPLAY", "display_block", "register"]

_PATTERN = r"\\\((?P<tex_paren>[\s\S]+?)\\\)|\\\[(?P<tex_bracket>[\s\S]+?)\\\]"
#: What only TeX has: a command, a script, a brace, an operator.
_TEX_LIKE = re.compile(r"[\\^_{}=<>+|]")
_LETTER = re.compile(r"\s*[A-Za-z]\s*")


def looks_like_tex(text: str, inline: bool) -> bool:
    """Whether a pair holds TeX; inline, a single letter too (``where \\(K\\) counts``),
    which ``\\[a\\]`` (a label in brackets) is not."""
    return bool(_TEX_LIKE.search(text)) or (inline and _LETTER.fullmatch(text) is not None)


def register(md: Any) -> None:
    """Add the rule to ``md`` (before the escapes, which would take the backslash),
    and let ``$$`` blocks stand in lists and block quotes as they do at the top level."""
    register_inline(md, "tex_math", _PATTERN, _parse, before="escape", start_chars=("\\",))
    from mistune.plugins.math import math_in_list, math_in_quote

    math_in_list(md)
    math_in_quote(md)


def _parse(inline: Any, m: re.Match[str], state: Any) -> int:
    paren, bracket = m.group("tex_paren"), m.group("tex_bracket")
    text = paren if paren is not None else bracket
    if not looks_like_tex(text, inline=paren is not None):
        # Not maths: the escaped character it opens with, as the escape rule would.
        inline.process_text(m.group(0)[1], state)
        return m.start() + 2
    state.append_token({"type": "inline_math", "raw": text.strip() if paren is not None
                        else DISPLAY + text.strip()})
    return m.end()


def display_block(children: tuple[Any, ...]) -> str | None:
    """The TeX when a paragraph holds one display formula and nothing else."""
    from ..model import MathInline, SoftBreak, Text

    meaningful = [c for c in children
                  if not (isinstance(c, Text) and not c.text.strip()) and not isinstance(c, SoftBreak)]
    if len(meaningful) == 1 and isinstance(meaningful[0], MathInline) and meaningful[0].text.startswith(DISPLAY):
        return as_written(meaningful[0].text)
    return None
