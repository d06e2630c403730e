"""Code highlighting with Pygments, as CSS classes the theme styles.

Classes rather than inline styles keep the XHTML small and let each theme (and
the EPUB reader's night mode) choose colours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from html import escape
from typing import Any


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


def _tokens(code: str, lexer: Any) -> Iterator[tuple[Any, str]]:
    """The lexer's tokens, with error tokens as plain text: Pygments marks
    what it cannot lex (a ``$`` in Python, a template tag), and its styles
    draw those as red boxes around the author's own code."""
    from pygments.token import Error, Text

    for ttype, value in lexer.get_tokens(code):
        yield (Text if ttype in Error else ttype), value


def highlight_html(code: str, language: str | None) -> str:
    """Highlighted XHTML spans for ``code``; plain escaped text when the
    language is unknown (never guessed: guessing is slow and often wrong)."""
    lexer = _lexer(language)
    if lexer is None:
        return escape(code, quote=False)
    from pygments import format as pygments_format

    return str(pygments_format(_tokens(code, lexer), _formatter())).rstrip("\n")


#: Where a line of code may wrap, marked with a soft hyphen (drawn as the
#: continuation mark where the line does break): after a run of spaces, and
#: after punctuation that ends a step (``.``, ``,``, ``(``, ``;``...), never
#: inside a name.
_WRAP_AFTER = re.compile(r"[ \t]+(?=\S)|(?:[.,;:(\[{=+*/|&<>!-]+|\)+)(?=[^\s)\]}.,;:(\[{=+*/|&<>!-])")
SOFT_HYPHEN = "\u00ad"
#: Characters after which Unicode allows a line break inside a code word.
_BREAK_AFTER = frozenset("-/|?!%}])\u2010\u2013")
WORD_JOINER = "\u2060"


def wrap_points(line: str) -> list[int]:
    """Offsets in ``line`` after which a printed line may wrap."""
    return [m.end() for m in _WRAP_AFTER.finditer(line) if 0 < m.end() < len(line)
            # "handle-action" is one name (CSS, Lisp, a file name): not after its "-".
            and not (line[m.end() - 1] == "-" and m.end() >= 2 and _word(line[m.end() - 2])
                     and _word(line[m.end()]))]


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@lru_cache(maxsize=1024)
def _css_class(ttype: Any) -> str:
    from pygments.token import STANDARD_TYPES

    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    short = STANDARD_TYPES[ttype]
    return f"tok-{short}" if short else ""


def highlight_lines(code: str, language: str | None, fits: int = 0) -> list[tuple[str, bool]]:
    """``code`` as one XHTML string per line (spans closed at each line's
    end), highlighted when the language is known, with soft hyphens where
    a long line may wrap (:func:`wrap_points`); and whether it is long: wider
    than ``fits`` columns (0: every line is). A line that fits cannot wrap:
    no soft hyphens, no word joiners (each is work for the line breaker)."""
    lexer = _lexer(language)
    pieces: list[list[tuple[str, str]]] = [[]]
    tokens = _tokens(code, lexer) if lexer is not None else iter([(None, code)])
    for ttype, value in tokens:
        cls = _css_class(ttype) if ttype is not None else ""
        for i, piece in enumerate(value.split("\n")):
            if i:
                pieces.append([])
            if piece:
                pieces[-1].append((cls, piece))
    if code.endswith("\n") and not pieces[-1]:
        pieces.pop()
    out = []
    for line in pieces:
        whole = "".join(p for _, p in line)
        long = not fits or columns(whole) > fits
        points = set(wrap_points(whole)) if long else set()
        # Where Unicode line breaking would break but we do not (after "-"
        # in "->" or "handle-action", after "/" or "?"), a word joiner holds
        # the two sides together.
        glue = {i + 1 for i, ch in enumerate(whole[:-1])
                if ch in _BREAK_AFTER and i + 1 not in points and not whole[i + 1].isspace()} if long else set()
        parts, offset = [], 0
        for cls, piece in line:
            # The soft hyphen opens the piece after the point: at the end of
            # a span, the break would fall between boxes, where WeasyPrint
            # draws no continuation mark. At the very start of a box, a word
            # joiner (invisible, not text in the PDF) goes first: WeasyPrint
            # 70 skips two characters after a box that starts with a soft
            # hyphen when even the mark does not fit on the line.
            marked = "".join((WORD_JOINER + SOFT_HYPHEN + ch if offset + i in points else ch)
                             + (WORD_JOINER if offset + i + 1 in glue else "")
                             for i, ch in enumerate(piece))
            offset += len(piece)
            body = escape(marked, quote=False)
            parts.append(f'<span class="{cls}">{body}</span>' if cls else body)
        out.append(("".join(parts), long))
    return out


def columns(line: str) -> int:
    """How many columns of a monospaced face ``line`` takes: a wide (East
    Asian) character two, a tab up to the next multiple of eight."""
    import unicodedata

    if line.isascii() and "\t" not in line:
        return len(line)
    col = 0
    for ch in line:
        if ch == "\t":
            col += 8 - col % 8
        elif not unicodedata.combining(ch):
            col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return col


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
