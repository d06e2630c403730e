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

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Document,
    Heading,
    Inline,
    Link,
    ListItem,
    OrderedList,
    Paragraph,
    SoftBreak,
    Text,
    ThematicBreak,
)
from .dates import read_date
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
    fields, key_lines, skip = _title_block(units)
    blocks: list[Block] = []
    for i, (unit, line, kind) in enumerate(units):
        if i < skip:
            continue
        prev = units[i - 1][0] if i > 0 else None
        nxt = units[i + 1][0] if i + 1 < len(units) else None
        if kind == "list":
            blocks.append(_list(unit, line))
        elif _BREAK.fullmatch(unit):
            blocks.append(ThematicBreak(line=line))
        elif i == 0 and nxt is not None and _is_title(unit):
            blocks.append(Heading(level=1, children=(Text(text=unit),), line=line))
        elif i > 0 and nxt is not None and kind == "text" and _is_heading(unit, prev, nxt):
            blocks.append(Heading(level=2, children=(Text(text=unit),), line=line))
        elif _is_quotation(unit) or kind == "indented":
            attribution = _attribution(prev) if prev is not None else None
            inner = unit.strip()[1:-1].strip() if _is_quotation(unit) else unit
            blocks.append(
                BlockQuote(
                    children=(Paragraph(children=_inlines(inner), line=line),),
                    attribution=(Text(text=attribution),) if attribution else (),
                    line=line,
                )
            )
        else:
            blocks.append(Paragraph(children=_inlines(unit), line=line))
    front = FrontMatter(data=fields, body=text, key_lines=key_lines, kind="text" if fields else "none")
    return finish_document(blocks, front, path=path, lang=lang)


#: A line that only separates sections: ``* * *``, ``***``, ``---``, ``#``, ``~~~``.
_BREAK = re.compile(r"(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|#|~{3,}|(?:·[ \t]*){3,}")
_BYLINE = re.compile(r"^(?:by|par|von|por|di|door)\s+(\S.{0,80})$", re.I)
_NUMBERED = re.compile(r"^\s*(\d{1,4})[.)][ \t]+\S")
_BULLETED = re.compile(r"^\s*[-*•·‣◦][ \t]+\S")


def _title_block(units: list[tuple[str, int, str]]) -> tuple[dict[str, str], dict[str, int], int]:
    """The title, byline and date an essay opens with, as a manuscript sets
    them (``THE LONG WALK HOME`` / ``by Jonah Reyes`` / ``March 2021``, on
    lines of their own or one under the other): its fields, their lines, and
    how many units they took. Nothing unless a byline or a date follows a
    title: a first line alone stays the title heading it always was."""
    if not units or units[0][2] != "text":
        return {}, {}, 0
    first, line, _kind = units[0]
    lines = first.split("\n")
    rest = [(text, line + k) for k, text in enumerate(lines[1:], start=1)]
    used = 1
    for text, n, kind in units[1:3]:
        if kind != "text" or "\n" in text:
            break
        rest.append((text, n))
        used += 1
    title = lines[0].strip()
    if not _is_title(title) or len(lines) > 3:
        return {}, {}, 0
    fields: dict[str, str] = {"title": title}
    key_lines = {"title": line}
    taken = 0
    for text, n in rest:
        byline = _BYLINE.match(text.strip())
        if byline and "author" not in fields and not re.search(r"[.!?]$", text.strip()):
            fields["author"], key_lines["author"] = byline.group(1).strip(), n
        elif "date" not in fields and len(text) <= 40 and read_date(text.strip()).date is not None:
            fields["date"], key_lines["date"] = text.strip(), n
        else:
            break
        taken += 1
    if len(fields) == 1 or taken < len(lines) - 1:
        return {}, {}, 0
    # The first unit, and the separate units the byline and date were.
    return fields, key_lines, 1 + max(0, taken - (len(lines) - 1))


def _list(unit: str, line: int) -> Block:
    """A list written as a list (``1. …`` or ``- …`` at every line's start)."""
    lines = unit.split("\n")
    numbered = _NUMBERED.match(lines[0])
    items = tuple(ListItem(children=(Paragraph(children=_inlines(re.sub(r"^\s*(?:\d{1,4}[.)]|[-*•·‣◦])[ \t]+", "", x)),
                                               line=line + k),), line=line + k)
                  for k, x in enumerate(lines))
    if numbered:
        return OrderedList(children=items, start=int(numbered.group(1)), line=line)
    return BulletList(children=items, line=line)


def _inlines(text: str) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    for i, piece in enumerate(text.split("\n")):
        if i:
            parts.append(SoftBreak())
        parts.extend(_linked(piece.strip()))
    return tuple(parts)


#: A bare web address in prose (its closing punctuation is the sentence's).
_URL = re.compile(r"\bhttps?://[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]’']")


def _linked(text: str) -> list[Inline]:
    """``text`` with its bare web addresses as links (a reader can follow
    them, and the PDF does not hyphenate them)."""
    out: list[Inline] = []
    pos = 0
    for m in _URL.finditer(text):
        if m.start() > pos:
            out.append(Text(text=text[pos:m.start()]))
        out.append(Link(url=m.group(0), children=(Text(text=m.group(0)),)))
        pos = m.end()
    if pos < len(text) or not out:
        out.append(Text(text=text[pos:]))
    return out


def _units(text: str) -> list[tuple[str, int, str]]:
    """Paragraphs with their first line and kind: blank-line separated groups,
    except that a group whose lines end like sentences is one paragraph per
    line (how text exported from a CMS or word processor looks). Kind
    "list" is a group whose every line starts with ``1.`` or ``-``;
    "indented" a group indented while the essay's paragraphs are not (a
    quotation set in); else "text"."""
    units: list[tuple[str, int, str]] = []
    group: list[tuple[str, int]] = []
    margins: list[int] = []

    def flush() -> None:
        if not group:
            return
        lines = [g[0] for g in group]
        indent = min(len(s) - len(s.lstrip()) for s in lines)
        if len(lines) == 1 and _BREAK.fullmatch(lines[0].strip()):
            units.append((lines[0].strip(), group[0][1], "text"))
            group.clear()
            return
        if len(lines) > 1 and (all(_NUMBERED.match(s) for s in lines) or all(_BULLETED.match(s) for s in lines)):
            units.append(("\n".join(s.strip() for s in lines), group[0][1], "list"))
            group.clear()
            return
        kind = "indented" if indent >= 2 else "text"
        margins.append(indent)
        enders = sum(1 for s in lines[:-1] if _SENTENCE_END.search(s.rstrip()))
        if len(lines) == 1 or (enders * 2 >= len(lines) - 1 and kind == "text"):
            units.extend((s.strip(), n, kind) for s, n in group)
        else:
            units.append(("\n".join(s.strip() for s in lines), group[0][1], kind))
        group.clear()

    for n, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            group.append((raw.expandtabs(4), n))
        else:
            flush()
    flush()
    if margins and min(margins) >= 2:  # the whole essay is set in: nothing is
        units = [(u, n, "text" if k == "indented" else k) for u, n, k in units]
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
    """A unit that is one quotation in quote marks, nothing outside them (not
    ``"A," she said. "B."``, whose marks are the author's words)."""
    text = unit.strip()
    if len(text) <= 2 or text[0] not in _OPEN_QUOTES or text[-1] not in _CLOSE_QUOTES:
        return False
    if text[0] == '"':
        return text.count('"') == 2
    if text[0] == "“":
        return text.count("“") == 1 and text.count("”") <= 1 and text.count('"') == 0
    return text.count(text[0]) == 1 and text.count(text[-1]) == 1


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
