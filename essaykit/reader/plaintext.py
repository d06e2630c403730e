"""Plain text → :class:`Document`: recovering an essay's shape from prose.

Essays pasted out of a word processor or a CMS arrive as bare lines: a title,
paragraphs (often one per line), short section titles, quotations in quote
marks introduced by "As X put it:". Markdown would read all of that as one
flat run of paragraphs; this reader recognises the structure conservatively,
preferring a missed heading to a sentence promoted to one. Every word of the
input stays in the document.
"""

from __future__ import annotations

import re

from ..model import Block, BlockQuote, Document, Heading, Inline, Paragraph, SoftBreak, Text
from .frontmatter import FrontMatter
from .markdown import finish_document

__all__ = ["read_plaintext", "looks_plain"]

# Markdown constructs, any one of which means "this is Markdown after all".
_MARKDOWN = re.compile(
    r"""(?mx)
    ^\s{0,3}(?:\#{1,6}\s|>|[-*+]\s|\d{1,9}[.)]\s|```|~~~|\|.*\||[-*_=]{3,}\s*$|:::)
    | ^(?:\t|\ {4})\S
    | \[[^\]\n]+\]\([^)\n]*\) | \[[^\]\n]+\]\[[^\]\n]*\] | ^\[[^\]\n]+\]:\s | ^\[\^[^\]\n]+\]:\S
    | !\[ | `[^`\n]+` | (?<![\w*])\*\*?\S[^*\n]*?\*\*?(?![\w*])
    | (?<!\w)__?\S[^_\n]*?__?(?!\w) | ==\S[^=\n]*?== | ~~\S
    | </?[A-Za-z][A-Za-z0-9-]*(?:\s[^>\n]*)?/?> | <!-- | (?<!\\)\$\$ | \\[\\`*_{}\[\]()\#+\-.!]
    | \^\[[^\]\n] | \]\{[^{}\n]+\} | ^\|\ \S | ^\\[A-Za-z]+(?:\{[^{}\n]*\})?[ \t]*$
    """
)


def looks_plain(text: str) -> bool:
    """True when ``text`` uses no Markdown at all. One construct is enough to
    read it as Markdown, which handles plain prose correctly anyway."""
    return _MARKDOWN.search(text) is None


_FINAL = re.compile(r"[.!?:;,…\"”’)\]]$")
_SENTENCE_END = re.compile(r"[.!?…\"”’:)]$")
_OPEN_QUOTES = '“"„«'
_CLOSE_QUOTES = '”"“»'
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "vs",
        "via",
        "with",
    ]
)
_INTRO = [
    re.compile(r"\bshared by (?P<name>.+?)(?:\s+(?:said|says|wrote|writes|put it))?\s*:$", re.I),
    re.compile(
        r"^As (?P<name>.+?) (?:once )?(?:put it|said|says|wrote|writes|noted|observed|argued)\s*:$"
    ),
    re.compile(r"\bcomes from (?P<name>.+?)\s*:$", re.I),
    re.compile(r"\b(?:according to|in the words of|to quote) (?P<name>.+?)\s*:$", re.I),
    re.compile(
        r"^(?P<name>(?:[A-Z][\w.’'-]*\s?){1,4}?)\s*(?:once )?(?:said|says|wrote|writes|told me|tweeted|"
        r"put it|noted|observed|explains|explained)\b[^.!?]*:$"
    ),
]


def read_plaintext(text: str, *, path: str | None = None, lang: str | None = None) -> Document:
    """Read plain prose; see the module docstring for what is recognised."""
    units = _units(text)
    blocks: list[Block] = []
    for i, (unit, line) in enumerate(units):
        prev = units[i - 1][0] if i > 0 else None
        nxt = units[i + 1][0] if i + 1 < len(units) else None
        if i == 0 and nxt is not None and _is_title(unit):
            blocks.append(Heading(level=1, children=(Text(text=unit),), line=line))
        elif i > 0 and nxt is not None and _is_heading(unit, prev, nxt):
            blocks.append(Heading(level=2, children=(Text(text=unit),), line=line))
        elif _is_quotation(unit):
            attribution = _attribution(prev) if prev is not None else None
            inner = unit.strip()[1:-1].strip()
            blocks.append(
                BlockQuote(
                    children=(Paragraph(children=_inlines(inner), line=line),),
                    attribution=(Text(text=attribution),) if attribution else (),
                    line=line,
                )
            )
        else:
            blocks.append(Paragraph(children=_inlines(unit), line=line))
    return finish_document(blocks, FrontMatter(body=text), path=path, lang=lang)


def _inlines(text: str) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    for i, piece in enumerate(text.split("\n")):
        if i:
            parts.append(SoftBreak())
        parts.append(Text(text=piece.strip()))
    return tuple(parts)


def _units(text: str) -> list[tuple[str, int]]:
    """Paragraphs with their first line: blank-line separated groups, except
    that a group whose lines end like sentences is one paragraph per line
    (how text exported from a CMS or word processor looks)."""
    units: list[tuple[str, int]] = []
    group: list[tuple[str, int]] = []

    def flush() -> None:
        if not group:
            return
        lines = [g[0] for g in group]
        enders = sum(1 for s in lines[:-1] if _SENTENCE_END.search(s.rstrip()))
        if len(lines) == 1 or enders * 2 >= len(lines) - 1:
            units.extend((s.strip(), n) for s, n in group)
        else:
            units.append(("\n".join(s.strip() for s in lines), group[0][1]))
        group.clear()

    for n, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            group.append((raw, n))
        else:
            flush()
    flush()
    return units


def _words(text: str) -> list[str]:
    return text.split()


def _is_title(unit: str) -> bool:
    return (
        "\n" not in unit
        and 0 < len(_words(unit)) <= 16
        and len(unit) <= 140
        and not re.search(r"[.!?,;…]$", unit)
        and unit[0] not in _OPEN_QUOTES
    )


def _title_case(unit: str) -> bool:
    words = [w.strip("“”\"'‘’()[]") for w in _words(unit)]
    words = [w for w in words if w and any(c.isalpha() for c in w)]
    if not words or not words[0][0].isupper():
        return False
    significant = [w for w in words[1:] if w.lower() not in _SMALL]
    if not significant:
        return True
    capital = sum(1 for w in significant if w[0].isupper() or not w[0].isalpha())
    return capital / len(significant) >= 0.6


def _is_heading(unit: str, prev: str | None, nxt: str) -> bool:
    words = _words(unit)
    return (
        "\n" not in unit
        and 0 < len(words) < 11
        and not _FINAL.search(unit)
        and unit[0] not in _OPEN_QUOTES
        and _title_case(unit)
        and len(_words(nxt)) > len(words)
        and not (prev is not None and prev.rstrip().endswith(":"))
    )


def _is_quotation(unit: str) -> bool:
    text = unit.strip()
    return (
        len(text) > 2
        and text[0] in _OPEN_QUOTES
        and text[-1] in _CLOSE_QUOTES
        and (text.count("“") <= 1 or text[0] != "“")
    )


def _attribution(intro: str) -> str | None:
    """The speaker named by a line that introduces a quotation."""
    intro = intro.strip()
    if not intro.endswith(":"):
        return None
    for pattern in _INTRO:
        m = pattern.search(intro)
        if m:
            name = m.group("name").strip(" ,")
            if name and len(name) <= 80:
                return name
    return None
