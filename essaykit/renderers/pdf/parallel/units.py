"""A long essay's body as *units* a page may open with, and a run of units
as a document that lays out as the whole essay does from its first unit on.

Why: WeasyPrint keeps every laid-out box of a document until the PDF is
written (some 20 KB and 1 ms an element), so a 50,000-paragraph essay held
1.3 GB. An essay, unlike a book (:mod:`.chunks`), has no forced page break
to cut at: it is cut where its own layout broke a page between two units
(:mod:`.seams`).

A unit is a top-level block of ``<main>`` or an item of a top-level list
(a long list is the other way an essay gets long). A paragraph heavier
than :data:`PIECE_CHARS` (:func:`weight`) is cut, else a paragraph of
1,000 pages was one unit no run could end in: one of lines broken by hand
(``<br>``) into a unit per line, which opens a page as any paragraph does
(laid out together where no run may end there: :func:`run_html`); any
other into paragraphs joined without indent or gap (its lines break anew
at each cut: one short line there), which open a page only by chance
(:attr:`Unit.mid`). The units where a run
may end carry an ``id`` (their own, or ``ek-u-N``), so that the laid-out
pages say where each begins through WeasyPrint's public ``Page.anchors``.
Only those: WeasyPrint computes the style of an element with an ``id`` on
its own rather than sharing its siblings' (an anchor is a declaration of
the element), and ids on every unit cost 15 % more layout.

A run that does not begin the essay opens with a *filler*: a block taller
than any page, alone on a first page that is thrown away. Its first unit
then opens page 2 after an unforced break, with the margins truncated,
the list continued and the footnote counter carried, as in the whole
essay's layout; the unit before it is there too, hidden, so that sibling
selectors (``h2 + p``) match as they did. From page 2 on, the lines and
page breaks are the essay's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A tag of the XHTML writer's output (attributes quoted), or a comment.
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*)\s*(/?)>",
                  re.S)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_ID = re.compile(r'\sid="([^"]*)"')
_FOOTNOTE = re.compile(r'<[^>]*\bclass="footnote"[^>]*>')
_NAME = re.compile(r"<[A-Za-z][\w:.-]*")
_SPACE = re.compile(r"\s")
_OL_START = re.compile(r'\sstyle="counter-reset: list-item (-?\d+)"')
#: Anchors essaykit adds; not destinations of the merged PDF.
PREFIX = "ek-u-"
#: A paragraph heavier than this (:func:`weight`: about 25 pages) is cut
#: into paragraphs of about this weight (:func:`_pieces`), or into its lines
#: where they are broken by hand: a run holds a few of them.
PIECE_CHARS = 55_000
#: What a ``<br>`` and any tag weigh, in characters of text: a line (2,200
#: characters fill a page of about 45 lines), and an element's own cost,
#: some 15 KB and 1 ms of WeasyPrint's, as much as 11 characters of text.
_BR_WEIGHT = 49
_TAG_WEIGHT = 11
#: A paragraph with a ``<br>`` for every this many characters is one of
#: lines broken by hand (a poem, an address, a log).
_LINE_CHARS = 200
_BR = re.compile(r"<br\b[^>]*>", re.I)
#: A line of a paragraph broken by hand may be split from the next as the
#: paragraph's lines may, and a wrapped one across pages; its first line
#: kept with the second, its last with the one before (orphans and widows
#: of two, where the first and last lines do not wrap).
_LINE_STYLE = "orphans: 1; widows: 1"
_OURS = re.compile(r"(?:; )?(?:margin-bottom: 0|orphans: 1|widows: 1|break-(?:after|before): avoid)(?=;|$)")
#: Taller than any page, alone on the page that is thrown away.
FILLER_STYLE = "display: block; height: 5000mm; margin: 0; padding: 0; border: 0; break-inside: avoid"
_HIDDEN = ' style="display: none"'


@dataclass(frozen=True)
class Unit:
    html: str
    #: The id its element carries or is given (:data:`PREFIX` + index).
    anchor: str
    #: The id is the element's own (always in the markup).
    own: bool
    #: Index in :attr:`Body.lists` of the top-level list it is an item of (-1: a block).
    list_index: int
    #: Its place in that list (0: the first item).
    item: int
    #: Its number in an ordered list (the counter's value), else 0.
    number: int
    #: The ids of the footnotes it holds (they may land on a later page).
    notes: tuple[str, ...]
    #: A piece after the first of a paragraph cut mid-line: a page opens
    #: with it only by chance (a run cannot count on ending there).
    mid: bool = False
    #: A line of a paragraph broken by hand: the paragraph's index (-1:
    #: not one) and the line's markup, for :func:`run_html` to join.
    group: int = -1
    line: str = ""

    @property
    def footnotes(self) -> int:
        """Footnote elements it holds (the footnote counter)."""
        return self.html.count('class="footnote"')


@dataclass(frozen=True)
class Body:
    units: tuple[Unit, ...]
    #: Each top-level list cut into items: (opening tag, closing tag).
    lists: tuple[tuple[str, str], ...]


def _elements(html: str) -> list[tuple[int, int, str, str]] | None:
    """The top-level elements of ``html`` as (start, end, tag name, opening
    tag); None if anything but whitespace lies between them or the tags do
    not balance (then the essay is laid out whole)."""
    out: list[tuple[int, int, str, str]] = []
    depth = 0
    start, name, opening, last = 0, "", "", 0
    for m in _TAG.finditer(html):
        if m.group(2) is None:  # a comment
            if depth == 0:
                if html[last:m.start()].strip():
                    return None
                last = m.end()
            continue
        closing, tag, self_closing = m.group(1), m.group(2).lower(), m.group(4)
        if depth == 0 and not closing and html[last:m.start()].strip():
            return None
        if closing:
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                out.append((start, m.end(), name, opening))
                last = m.end()
        elif self_closing or tag in _VOID:
            if depth == 0:
                out.append((m.start(), m.end(), tag, m.group(0)))
                last = m.end()
        else:
            if depth == 0:
                start, name, opening = m.start(), tag, m.group(0)
            depth += 1
    if depth or html[last:].strip():
        return None
    return out


def split(main: str) -> Body | None:
    """``main`` (the inside of ``<main>``) as units, or None if it cannot be
    cut (markup this module does not know, an id used twice)."""
    blocks = _elements(main)
    if blocks is None:
        return None
    units: list[Unit] = []
    lists: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(html: str, list_index: int = -1, item: int = 0, number: int = 0, mid: bool = False,
            group: int = -1, line: str = "") -> bool:
        opening = html[:html.index(">") + 1]
        own = _ID.search(opening)
        anchor = own.group(1) if own else f"{PREFIX}{len(units)}"
        if anchor in seen:
            return False
        seen.add(anchor)
        notes = tuple(m.group(1) for tag in _FOOTNOTE.findall(html) if (m := _ID.search(tag)))
        units.append(Unit(html, anchor, own is not None, list_index, item, number, notes, mid, group, line))
        return True

    for b, (start, end, tag, opening) in enumerate(blocks):
        html = main[start:end]
        items = _items(html, opening) if tag in {"ul", "ol"} and "reversed" not in opening else None
        if items is None or len(items) < 2:
            heavy = tag in {"p", "pre"} and weight(html) > PIECE_CHARS
            lines = (_lines(html, opening) if tag == "p" else _code_lines(html, opening)) if heavy else None
            if lines is not None:
                if not all(add(unit, group=b, line=line) for unit, line in lines):
                    return None
                continue
            pieces = _pieces(html, opening) if tag == "p" and weight(html) > PIECE_CHARS else [html]
            if not all(add(piece, mid=i > 0) for i, piece in enumerate(pieces)):
                return None
            continue
        m = _OL_START.search(opening)
        first = int(m.group(1)) + 1 if m else 1
        lists.append((_OL_START.sub("", opening), f"</{tag}>"))
        for i, item in enumerate(items):
            if not add(item, len(lists) - 1, i, first + i if tag == "ol" else 0):
                return None
    return Body(tuple(units), tuple(lists))


def weight(html: str) -> int:
    """What laying out ``html`` costs, in characters of plain text: its
    markup's length, plus a line for each ``<br>`` and an element's own cost
    for each tag (50,000 ``<em>`` in one paragraph fill 25 pages and cost
    as much as 1,000 pages of text)."""
    return len(html) + html.count("<br") * _BR_WEIGHT + html.count("<") * _TAG_WEIGHT


def _pieces(html: str, opening: str) -> list[str]:
    """A paragraph heavier than :data:`PIECE_CHARS` as paragraphs of about
    that weight, cut at white space outside any inline element and joined
    without a gap: no indent, no margin between them."""
    inner = html[len(opening):html.rindex("<")]
    cuts: list[int] = []
    depth, pos, last, load = 0, 0, 0, 0
    for m in [*_TAG.finditer(inner), None]:
        end = m.start() if m is not None else len(inner)
        while depth == 0 and load + (end - last) > PIECE_CHARS:
            # The first white space where this text brings the piece to its weight.
            space = _SPACE.search(inner, max(pos, last + PIECE_CHARS - load), end)
            if space is None:
                break
            cuts.append(space.start())
            last, load = space.start(), 0
        if m is None:
            break
        load += _TAG_WEIGHT * 2 if m.group(2) is not None and m.group(2).lower() == "br" else _TAG_WEIGHT
        if m.group(2) is not None and m.group(2).lower() not in _VOID and not m.group(4):
            depth += -1 if m.group(1) else 1
        pos = m.end()
    if not cuts:
        return [html]
    bounds = [0, *cuts, len(inner)]
    return [_part(opening, inner[a:b].lstrip() if i else inner[a:b], i == 0, i == len(cuts))
            for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))]


def _part(opening: str, inner: str, first: bool, last: bool, more: str = "") -> str:
    """A part of a paragraph cut in parts, as a paragraph of its own: after
    the first, no indent, no margin above, no id; before the last, no margin
    below (the parts meet as the paragraph's lines did); then ``more``."""
    name = _NAME.match(opening).group(0)[1:]  # type: ignore[union-attr]
    style = "; ".join(([] if first else ["margin-top: 0", "text-indent: 0"])
                      + ([] if last else ["margin-bottom: 0"]) + ([more] if more else []))
    # The parts after the first: the paragraph's class, language and
    # direction, not its id.
    head = _styled(opening if first else _ID.sub("", opening, count=1), style)
    return f"{head}{inner}</{name}>"


def _lines(html: str, opening: str) -> list[tuple[str, str]] | None:
    """A paragraph of lines broken by hand as a paragraph per line, each
    with its line's markup (newlines in its text as spaces: :func:`run_html`
    joins lines with newlines); None if it is not one. An empty line keeps
    its height (a ``<br>`` alone); the last ``<br>`` adds none."""
    inner = html[len(opening):html.rindex("<")]
    breaks = len(_BR.findall(inner))
    if not breaks or len(inner) > breaks * _LINE_CHARS:
        return None
    lines: list[str] = []
    depth, last = 0, 0
    for m in _TAG.finditer(inner):
        if m.group(2) is None:
            continue
        tag = m.group(2).lower()
        if tag == "br" and depth == 0:
            lines.append(inner[last:m.start()])
            last = m.end()
        elif tag not in _VOID and not m.group(4):
            depth += -1 if m.group(1) else 1
    lines.append(inner[last:])
    if not lines[-1].strip():
        lines.pop()
    texts = [_one_line(line) for line in lines]
    last = len(texts) - 1
    return [(_part(opening, text or "<br/>", i == 0, i == last, _LINE_STYLE + (
        "; break-after: avoid" if i == 0 < last else "; break-before: avoid" if i == last > 0 else "")), text)
        for i, text in enumerate(texts)]


#: A code block's lines after the first and before the last meet as one
#: block's lines do: no margin, padding, border or rounded corner between.
_CODE_TOP = ("margin-top: 0; padding-top: 0; border-top-width: 0; border-top-left-radius: 0; "
             "border-top-right-radius: 0")
_CODE_BOTTOM = ("margin-bottom: 0; padding-bottom: 0; border-bottom-width: 0; "
                "border-bottom-left-radius: 0; border-bottom-right-radius: 0")
_CODE_LINE = re.compile(r'<span class="line(?: long)?">[^\n]*\n</span>')


def _code_lines(html: str, opening: str) -> list[tuple[str, str]] | None:
    """A long code block (the PDF writer's: a block per line) as a block per
    line, each with its line's markup; None if it is not one."""
    if 'class="code"' not in opening or not html.startswith("<code>", len(opening)):
        return None
    inner = html[len(opening) + len("<code>"):-len("</code></pre>")]
    lines = _CODE_LINE.findall(inner)
    if len(lines) < 2 or "".join(lines) != inner or not html.endswith("</code></pre>"):
        return None
    last = len(lines) - 1
    rest = _ID.sub("", opening, count=1)  # the block's id on its first line only
    return [(f'{_styled(opening if i == 0 else rest, "; ".join(x for x in ("" if i == 0 else _CODE_TOP, "" if i == last else _CODE_BOTTOM) if x))}'
             f"<code>{line}</code></pre>", line) for i, line in enumerate(lines)]


def _one_line(markup: str) -> str:
    """``markup`` with the white space at its ends dropped and newlines in
    its text (not in its tags) made spaces, as they lay out."""
    out, pos = [], 0
    for m in _TAG.finditer(markup):
        out.append(markup[pos:m.start()].replace("\n", " "))
        out.append(m.group(0))
        pos = m.end()
    out.append(markup[pos:].replace("\n", " "))
    return "".join(out).strip()


def _styled(opening: str, style: str) -> str:
    """``opening`` with ``style`` last in its style attribute (it wins)."""
    if not style:
        return opening
    m = re.search(r' style="([^"]*)"', opening)
    if m:
        before = m.group(1).strip("; ")
        return f'{opening[:m.start(1)]}{before}{"; " if before else ""}{style}{opening[m.end(1):]}'

    end = -2 if opening.endswith("/>") else -1
    return f'{opening[:end]} style="{style}"{opening[end:]}'


def _items(html: str, opening: str) -> list[str] | None:
    """The ``<li>`` children of a list element, or None (another child, an
    item numbered by the author)."""
    inner = html[len(opening):html.rindex("<")]
    children = _elements(inner)
    if children is None or any(tag != "li" or " value=" in tag_open for _s, _e, tag, tag_open in children):
        return None
    return [inner[s:e] for s, e, _tag, _open in children]


def run_html(body: Body, start: int, end: int, marked: int | None = None, fillers: int = 1) -> str:
    """The inside of ``<main>`` for units ``start`` … ``end - 1``, those from
    ``marked`` on with their ids; after the first unit of the essay, with
    ``fillers`` fillers (its first page: the document's page ``fillers +
    1``) and the hidden unit before (module docstring). The lines of a
    paragraph broken by hand before ``marked`` are one paragraph again, its
    lines broken by newlines (``white-space: pre-line``): a paragraph per
    line costs three times the layout, and lays out alike (one line each,
    no widows or orphans to keep)."""
    units = body.units
    marked = start if marked is None else marked
    filler_in_list = start > 0 and units[start].list_index >= 0 and units[start].item > 0
    out: list[str] = []
    if start > 0 and not filler_in_list:
        out.append(f'<div style="{FILLER_STYLE}"></div>' * fillers)
    shown: list[tuple[int, str]] = []
    i = start
    while i < end:
        unit = units[i]
        # A code block's lines are one block even where a run may end (its
        # background and border unbroken): the ids on its lines.
        code = unit.group >= 0 and unit.html.startswith("<pre")
        limit = end if code else min(end, marked)
        if unit.group >= 0 and i < limit and (code or i + 1 < limit and units[i + 1].group == unit.group):
            j = i + 1
            while j < limit and units[j].group == unit.group:
                j += 1
            shown.append((i, _joined(units[i:j], marked - i)))
            i = j
            continue
        shown.append((i, _with_id(unit) if i >= marked else unit.html))
        i += 1
    current = -1  # the list open in ``out``
    for i, html in ([(start - 1, _hide(units[start - 1].html))] if start > 0 else []) + shown:
        unit = units[i]
        if unit.list_index != current:
            if current >= 0:
                out.append(body.lists[current][1])
            current = unit.list_index
            if current >= 0:
                opening = body.lists[current][0]
                # The counter as it stands before the list's first item shown here.
                number = units[start].number if filler_in_list and i < start else unit.number
                if number:
                    opening = opening.replace(">", f' style="counter-reset: list-item {number - 1}">', 1)
                out.append(opening)
                if filler_in_list and i < start:
                    out.append(f'<li style="{FILLER_STYLE}"></li>' * fillers)
        out.append(html)
    if current >= 0:
        out.append(body.lists[current][1])
    return "".join(out)


def _joined(lines: tuple[Unit, ...], marked: int = 1 << 30) -> str:
    """Lines of a paragraph broken by hand (:func:`_lines`) as one paragraph
    that breaks them where they broke (:func:`run_html`): the first line's
    tag, the last line's margin below, the paragraph's orphans where it
    begins and its widows where it ends, else any line may end a page. A
    code block's lines (:func:`_code_lines`): one block again, the lines
    from ``marked`` on with their ids."""
    first, last = lines[0].html, lines[-1].html
    if first.startswith("<pre"):
        head = first[:first.index(">") + 1].replace(f"; {_CODE_BOTTOM}", "").replace(_CODE_BOTTOM, "")
        if "padding-bottom: 0" in last[:last.index(">")]:
            head = _styled(head, _CODE_BOTTOM)
        head = head.replace(' style=""', "")
        body = "".join(u.line if k < marked or u.own else u.line.replace("<span ", f'<span id="{u.anchor}" ', 1)
                       for k, u in enumerate(lines))
        return f"{head}<code>{body}</code></pre>"
    head = first[:first.index(">") + 1]
    m = re.search(r' style="([^"]*)"', head)
    assert m is not None  # :func:`_part` gave every line one
    begins = "text-indent: 0" not in m.group(1)
    ends = "margin-bottom: 0" not in last[:last.index(">")]
    style = _OURS.sub("", m.group(1)).strip("; ")
    style = "; ".join(x for x in [style, "" if ends else "margin-bottom: 0", "white-space: pre-line",
                                  "" if begins else "orphans: 1", "" if ends else "widows: 1"] if x)
    head = f"{head[:m.start(1)]}{style}{head[m.end(1):]}"
    name = _NAME.match(first).group(0)[1:]  # type: ignore[union-attr]
    return f"{head}{chr(10).join(u.line for u in lines)}</{name}>"


def _with_id(unit: Unit) -> str:
    if unit.own:
        return unit.html
    cut = len(_NAME.match(unit.html).group(0))  # type: ignore[union-attr]
    return f'{unit.html[:cut]} id="{unit.anchor}"{unit.html[cut:]}'


def _hide(html: str) -> str:
    """``html``'s element, empty and not drawn (``display: none``): it takes
    no room and counts nothing, and still precedes the next unit for
    selectors (``h2 + p``). Empty: a 10,000-row table before a run is not
    styled again for nothing."""
    name = _NAME.match(html).group(0)[1:]  # type: ignore[union-attr]
    opening = html[:html.index(">") + 1]
    void = opening.endswith("/>") or name.lower() in _VOID
    head = opening[:-2].rstrip() if opening.endswith("/>") else opening[:-1]
    if ' style="' in head:
        head = head.replace(' style="', ' style="display: none; ', 1)
    else:
        head += _HIDDEN
    return f"{head}/>" if void else f"{head}></{name}>"


def notes_before(body: Body, start: int) -> int:
    """Footnote elements in the units before ``start``."""
    return sum(u.footnotes for u in body.units[:start])


def unit_pages(unit: Unit) -> float:
    """About how many pages' work ``unit`` is (:func:`weight`: 2,200
    characters fill a page), plus a block's own spacing (32 one-line blocks
    fill a page; a line of a paragraph broken by hand or of code, a line)."""
    return weight(unit.line if unit.group >= 0 else unit.html) / 2200 + (1 / 45 if unit.group >= 0 else 1 / 32)
