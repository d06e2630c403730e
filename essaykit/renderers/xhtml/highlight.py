"""Code highlighting with Pygments, as CSS classes the theme styles.

Classes rather than inline styles keep the XHTML small and let each theme (and
the EPUB reader's night mode) choose colours.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape


@lru_cache(maxsize=64)
def _lexer(language: str | None):  # type: ignore[no-untyped-def]
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    if not language:
        return None
    try:
        return get_lexer_by_name(language.lower(), stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=1)
def _formatter():  # type: ignore[no-untyped-def]
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True, classprefix="tok-")


def highlight_html(code: str, language: str | None) -> str:
    """Highlighted XHTML spans for ``code``; plain escaped text when the
    language is unknown (never guessed: guessing is slow and often wrong)."""
    lexer = _lexer(language)
    if lexer is None:
        return escape(code, quote=False)
    from pygments import highlight

    return str(highlight(code, lexer, _formatter())).rstrip("\n")


def pygments_css(style: str = "default") -> str:
    """CSS for the token classes, from a Pygments style the theme names."""
    from pygments.formatters import HtmlFormatter

    return str(HtmlFormatter(style=style, classprefix="tok-").get_style_defs("pre.code"))


_TOKEN_CLASS = re.compile(r"\.(tok-[\w-]+)")
_USED_CLASS = re.compile(r'class="(tok-[\w-]+)"')


def pygments_css_for(style: str, html: str) -> str:
    """:func:`pygments_css` cut to the rules ``html`` can use: none without
    a code block, and only the token classes that occur.

    Why: WeasyPrint parses every rule it is given, about 7 µs a character,
    in the process that lays out the PDF, on the critical path of every
    export; the full style is 5,000 characters, of which an essay without
    code needs nothing and one with code a dozen rules. A rule left out can
    match nothing in ``html``, so the page is the same."""
    if "<pre" not in html:
        return ""
    used = set(_USED_CLASS.findall(html))
    return "\n".join(line for line in pygments_css(style).splitlines()
                     if all(name in used for name in _TOKEN_CLASS.findall(line)))
