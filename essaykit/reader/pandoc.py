"""The Markdown that pandoc, kramdown (Jekyll) and GitHub authors write.

mistune reads CommonMark; what pandoc and kramdown add on top of it would
otherwise come out as literal text: ``# Intro {#intro}``, ``[caps]{.smallcaps}``,
``^[a note]``, ``![x](a.png){width=50%}``, ``| line`` blocks, `` `<b>`{=html} ``,
``\\newpage``, ``+---+`` tables. Most are understood on the model inlines
mistune's tokens became (brackets and braces are plain text to mistune, and
code spans -- separate nodes by then -- are never touched). Three need the
parser: a heading's attribute block comes off its source before the text is
parsed, inline notes become footnotes through mistune's footnote machinery,
and grid tables are a block rule (``register_*``, called by :mod:`.parser`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from re import Match
from typing import Any

import mistune
from mistune.util import unikey

from ..errors import Warning_
from ..lang import normalize_tag
from ..model import (
    Code,
    Image,
    Inline,
    LineBreak,
    Link,
    Mark,
    RawBlock,
    RawInline,
    SoftBreak,
    Span,
    Text,
)
from .fast import register_inline

__all__ = [
    "has_examples",
    "number_examples",
    "ATTRIBUTES",
    "parse_attr_block",
    "is_attribute_block",
    "heading_attributes",
    "register_heading_attributes",
    "attach_attributes",
    "line_block",
    "register_inline_notes",
    "html_format",
    "css_width",
    "INLINE_NOTE_PREFIX",
    "raw_warnings",
    "raw_tex",
]

_VALUE = r"""(?:"[^"\n]*"|'[^'\n]*'|[^\s"'{}]+)"""
_ITEM = rf"""(?:[#.][^\s{{}}"'=#.]+|[A-Za-z_][\w:.-]*={_VALUE}|-)"""
#: An attribute block: ``{#id .class key=value}``, kramdown's ``{: #id}``,
#: pandoc's ``{-}`` (unnumbered) and ``{=format}`` (raw content).
ATTRIBUTES = rf"""\{{[ \t]*(?::[ \t]*)?(?:{_ITEM}(?:[ \t]+{_ITEM})*|=[\w+-]+)[ \t]*\}}"""
_ATTR_RE = re.compile(ATTRIBUTES)
_LEADING = re.compile(ATTRIBUTES)
_PART = re.compile(rf"""([#.])([^\s{{}}"'=#.]+)|([A-Za-z_][\w:.-]*)=({_VALUE})|(-)|=(\S+)""")


def is_attribute_block(text: str) -> bool:
    """Whether ``text`` is one whole attribute block the reader understands."""
    return _ATTR_RE.fullmatch(text.strip()) is not None


def parse_attr_block(block: str) -> tuple[str | None, tuple[str, ...], dict[str, str]]:
    """``{#id .a .b key="v"}`` → ("id", ("a", "b"), {"key": "v"}); ``{-}``
    gives the class ``unnumbered``, ``{=html}`` the key ``=`` (the format)."""
    body = block.strip()[1:-1].strip().lstrip(":")
    ident: str | None = None
    classes: list[str] = []
    attrs: dict[str, str] = {}
    for m in _PART.finditer(body):
        if m.group(1) == "#":
            ident = m.group(2)
        elif m.group(1) == ".":
            classes.append(m.group(2))
        elif m.group(3):
            value = m.group(4)
            attrs[m.group(3).lower()] = value[1:-1] if value[:1] in "\"'" else value
        elif m.group(5):
            classes.append("unnumbered")
        elif m.group(6):
            attrs["="] = m.group(6).lower()
    return ident, tuple(dict.fromkeys(classes)), attrs


# ------------------------------------------------------------- headings

_NO_TOC = {"no_toc", "notoc", "no-toc"}
_HEADING_TRAILING = re.compile(rf"(?<!\\)({ATTRIBUTES})[ \t]*$")


def _heading_rule(original: Any) -> Any:
    def parse(m: Match[str], state: Any) -> int | None:
        result = original(m, state)
        tok = state.last_token()
        if result and tok and tok.get("type") == "heading" and "}" in tok.get("text", ""):
            found = _HEADING_TRAILING.search(tok["text"])
            if found is not None and not found.group(1).startswith("{="):
                tok["text"] = tok["text"][: found.start()].rstrip()
                tok["attrs"]["attributes"] = found.group(1)
        return result  # type: ignore[no-any-return]

    return parse


def register_heading_attributes(md: mistune.Markdown) -> None:
    """A heading's trailing attribute block (pandoc's ``{#id .class}``,
    kramdown's ``{: #id}``) taken off its text before the text is parsed
    (an id like ``_x_`` is no emphasis), kept in the token's attrs."""
    for name in ("atx_heading", "setex_heading"):
        md.block._methods[name] = _heading_rule(md.block._methods[name])


def heading_attributes(block: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The id and classes of a heading's attribute block (kramdown themes'
    ``.no_toc`` is pandoc's ``.unlisted``)."""
    if not block:
        return None, ()
    ident, classes, _ = parse_attr_block(block)
    # kramdown themes (minima, just-the-docs) keep a heading out of their
    # contents with ``{: .no_toc}``: pandoc's ``.unlisted``.
    return ident, tuple(dict.fromkeys("unlisted" if c.lower() in _NO_TOC else c for c in classes))


# ------------------------------------------------- attributes after inlines


def attach_attributes(
    nodes: tuple[Inline, ...], read_html: Callable[[str], tuple[Inline, ...]]
) -> tuple[Inline, ...]:
    """Attribute blocks that follow an inline, consumed: bracketed spans
    (``[words]{.smallcaps}``), an image's or link's ``{width=50%}``, a code
    span's ``{.python}`` or ``{=html}`` (raw content, read by ``read_html``:
    passed in, as :mod:`.inlines` calls this). A no-op (and cheap) when no
    text holds a brace."""
    if not any(type(n) is Text and "{" in n.text for n in nodes):  # type: ignore[union-attr]
        return nodes
    nodes = _bracketed_spans(nodes)
    out: list[Inline] = []
    for node in nodes:
        if out and type(node) is Text and node.text.startswith("{"):
            prev = out[-1]
            m = _LEADING.match(node.text)
            if m is not None and isinstance(prev, (Image, Link, Code)):
                out[-1:] = _with_attributes(prev, m.group(0), read_html)
                rest = node.text[m.end():]
                if rest:
                    out.append(Text(text=rest))
                continue
        if out and type(node) is Text and type(out[-1]) is Text:
            out[-1] = Text(text=out[-1].text + node.text)  # type: ignore[union-attr]
        else:
            out.append(node)
    return tuple(out)


def html_format(fmt: str) -> bool:
    """Whether raw content of format ``fmt`` is HTML (which essaykit reads)."""
    return fmt.lower() in {"html", "html5", "html4", "xhtml", "epub", "epub3"}


def _with_attributes(
    node: Inline, block: str, read_html: Callable[[str], tuple[Inline, ...]]
) -> list[Inline]:
    ident, classes, attrs = parse_attr_block(block)
    if isinstance(node, Code):
        fmt = attrs.get("=")
        if fmt is None:
            return [node]  # ``{.python}``: the language of a span says nothing to a reader
        if html_format(fmt):
            return list(read_html(node.text))
        return [RawInline(format=fmt, text=node.text)]
    if isinstance(node, Image):
        width = css_width(attrs.get("width"))
        return [Image(src=node.src, alt=node.alt, title=node.title, width=width, line=node.line)]
    return [node]


_LENGTH = re.compile(r"^\s*(\d{1,5}(?:\.\d{1,4})?)\s*(%|px|in|cm|mm|pt|em|rem|pc)?\s*$", re.I)


def css_width(value: str | None) -> str | None:
    """A width attribute as a safe CSS length (a bare number is pixels, as
    in pandoc); None for anything else."""
    if not value:
        return None
    m = _LENGTH.match(value)
    if m is None or float(m.group(1)) <= 0:
        return None
    unit = (m.group(2) or "px").lower()
    if unit == "%" and float(m.group(1)) > 100:
        return "100%"
    return m.group(1) + unit


_SPAN_CLOSE = re.compile(rf"\]({ATTRIBUTES})")


def _bracketed_spans(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``[words]{attrs}`` among sibling nodes: the brackets mistune left as
    text (they made no link), the words between (any inlines) wrapped."""
    if not any(type(n) is Text and "]{" in n.text for n in nodes):  # type: ignore[union-attr]
        return nodes
    # Split texts at brackets so each "[" and "]{...}" is a node of its own.
    parts: list[Inline] = []
    for node in nodes:
        if type(node) is Text and ("[" in node.text or "]{" in node.text):
            parts.extend(_split_brackets(node.text))
        else:
            parts.append(node)
    out: list[Any] = []
    opens: list[int] = []
    for node in parts:
        if type(node) is Text and node.text == "[":
            opens.append(len(out))
            out.append(node)
            continue
        if type(node) is Text and node.text.startswith("]{") and opens:
            start = opens.pop()
            inner = tuple(_merge(out[start + 1:]))
            del out[start:]
            _, classes, attrs = parse_attr_block(node.text[1:])
            out.extend(_span(inner, classes, attrs))
            continue
        out.append(node)
    return tuple(_merge(out))


def _split_brackets(text: str) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    for m in re.finditer(rf"\[|{_SPAN_CLOSE.pattern}", text):
        if m.start() > pos:
            out.append(Text(text=text[pos:m.start()]))
        out.append(Text(text=m.group(0)))
        pos = m.end()
    if pos < len(text):
        out.append(Text(text=text[pos:]))
    return out


def _merge(nodes: Sequence[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        if out and type(node) is Text and type(out[-1]) is Text:
            out[-1] = Text(text=out[-1].text + node.text)  # type: ignore[union-attr]
        else:
            out.append(node)
    return out


#: Classes of a span that the model says in nodes of its own or in ``Span``.
_SMALLCAPS = {"smallcaps", "small-caps", "sc"}
_UNDERLINE = {"underline", "ul", "u"}


def _span(inner: tuple[Inline, ...], classes: tuple[str, ...], attrs: dict[str, str]) -> list[Inline]:
    """The model node(s) for a bracketed span: ``.mark`` is highlighted text,
    small caps and underline a ``Span`` the writers style, ``lang``/``dir``
    a language span; other attributes say nothing to a reader (the words stay)."""
    low = {c.lower() for c in classes}
    if "mark" in low:
        inner = (Mark(children=inner),)
    kept = tuple(
        "smallcaps" if c.lower() in _SMALLCAPS else "underline"
        for c in classes if c.lower() in _SMALLCAPS | _UNDERLINE
    )
    style = attrs.get("style", "").replace(" ", "").lower()
    if "font-variant:small-caps" in style and "smallcaps" not in kept:
        kept += ("smallcaps",)
    lang = normalize_tag(attrs["lang"]) if attrs.get("lang") else None
    direction = attrs.get("dir", "").lower() or None
    if direction not in (None, "ltr", "rtl", "auto"):
        direction = None
    if kept or lang or direction:
        return [Span(children=inner, lang=lang, dir=direction, classes=tuple(dict.fromkeys(kept)))]
    return list(inner)


# ------------------------------------------------------------ line blocks

_LINE_START = re.compile(r"^\|(?: |$)")


def line_block(nodes: tuple[Inline, ...]) -> tuple[Inline, ...] | None:
    """Pandoc's line block (every line of the paragraph starts ``| ``) as
    lines with breaks between them, each line's leading spaces kept as
    no-break spaces (verse, addresses); None when the paragraph is not one."""
    if not nodes or type(nodes[0]) is not Text or not _LINE_START.match(nodes[0].text):  # type: ignore[union-attr]
        return None
    lines: list[list[Inline]] = [[]]
    for node in nodes:
        if isinstance(node, SoftBreak):
            lines.append([])
        else:
            lines[-1].append(node)
    for line in lines:
        if not line or type(line[0]) is not Text or not _LINE_START.match(line[0].text):  # type: ignore[union-attr]
            return None
    out: list[Inline] = []
    for i, line in enumerate(lines):
        first = line[0]
        assert isinstance(first, Text)
        body = first.text[2:]
        lead = len(body) - len(body.lstrip(" "))
        body = "\u00a0" * lead + body[lead:]
        if i:
            out.append(LineBreak())
        if body:
            out.append(Text(text=body))
        out.extend(line[1:])
    return tuple(_merge(out))


# ----------------------------------------------------------- inline notes

#: Labels of inline notes: footnote labels cannot hold spaces, so these
#: never meet an author's ``[^label]``.
INLINE_NOTE_PREFIX = "note "


def _note_end(src: str, start: int) -> int | None:
    """The index of the ``]`` closing the bracket opened just before
    ``start``: nested brackets counted, code spans and escapes skipped."""
    depth = 1
    i = start
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            run = len(src[i:]) - len(src[i:].lstrip("`"))
            close = src.find("`" * run, i + run)
            if close >= 0:
                i = close + run
                continue
            i += run
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _parse_inline_note(inline: Any, m: Match[str], state: Any) -> int | None:
    end = _note_end(state.src, m.end())
    if end is None or not state.src[m.end():end].strip():
        return None
    env = state.env
    count = env.get("_inline_notes_count", 0) + 1
    env["_inline_notes_count"] = count
    label = f"{INLINE_NOTE_PREFIX}{count}"
    key = unikey(label)
    env.setdefault("ref_footnotes", {})[key] = state.src[m.end():end]
    env.setdefault("_inline_notes", set()).add(key)
    env.setdefault("footnote_labels", {})[key] = label
    notes = env.setdefault("footnotes", [])
    indexes = env.get("footnote_indexes")
    if indexes is None:
        indexes = env["footnote_indexes"] = {k: i for i, k in enumerate(notes)}
    if key not in indexes:
        notes.append(key)
        indexes[key] = len(notes) - 1
    state.append_token({"type": "footnote_ref", "raw": key, "attrs": {"index": indexes[key] + 1}})
    return end + 1


def register_inline_notes(md: mistune.Markdown) -> None:
    """``^[A note written where it belongs.]`` becomes a footnote: its text
    goes where mistune keeps footnote definitions, a reference stays."""
    register_inline(md, "inline_note", r"\^\[", _parse_inline_note, before="link", start_chars=("^",))


# ------------------------------------------------------------ raw content


#: A brace group holding groups three deep (``{\mathbf{#1}}``, ``{x_{\text{a}}}``):
#: each level's alternatives start with different characters, so matching is linear.
_GROUP = r"\{[^{}\n]*\}"
for _ in range(3):
    _GROUP = r"\{(?:[^{}\n]|" + _GROUP + r")*\}"
_TEX_LINE = re.compile(r"^\\[A-Za-z]+\*?(?:\[[^\]\n]*\])?(?:" + _GROUP + r"|\[[^\]\n]*\])*[ \t]*$")


def raw_tex(tokens: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]] | None:
    """TeX command lines (``\\newpage``, ``\\vspace{1em}``, ``\\begin{center}``:
    pandoc's raw TeX, which only its LaTeX output keeps) at the start and end
    of a paragraph: their text and the paragraph's other tokens (empty when
    it held nothing else); None when there are none."""
    if not tokens or not any(t["type"] == "text" and t["raw"].lstrip().startswith("\\") for t in tokens):
        return None
    lines: list[list[dict[str, Any]]] = [[]]
    for tok in tokens:
        if tok["type"] == "softbreak":
            lines.append([])
        else:
            lines[-1].append(tok)

    def is_tex(line: list[dict[str, Any]]) -> bool:
        return (len(line) == 1 and line[0]["type"] == "text"
                and _TEX_LINE.match(line[0]["raw"].strip()) is not None)

    start, end = 0, len(lines)
    while start < end and is_tex(lines[start]):
        start += 1
    while end > start and is_tex(lines[end - 1]):
        end -= 1
    if start == 0 and end == len(lines):
        return None
    tex = "\n".join(line[0]["raw"].strip() for line in lines[:start] + lines[end:])
    rest: list[dict[str, Any]] = []
    for i, line in enumerate(lines[start:end]):
        if i:
            rest.append({"type": "softbreak"})
        rest.extend(line)
    return tex, rest


def raw_warnings(blocks: tuple[Any, ...], path: str | None) -> list[Warning_]:
    """One warning per format of raw content essaykit drops (``{=latex}``,
    ``{=tex}``...), naming the first line and the count."""
    found: dict[str, list[int | None]] = {}

    def visit(node: Any, line: int | None) -> None:
        if isinstance(node, tuple):
            for child in node:
                visit(child, line)
            return
        line = getattr(node, "line", None) or line
        if isinstance(node, (RawBlock, RawInline)):
            found.setdefault(node.format, []).append(line)
            return
        for name in ("children", "caption", "term", "attribution", "head"):
            value = getattr(node, name, None)
            if isinstance(value, tuple):
                visit(value, line)

    visit(blocks, None)
    out = []
    for fmt, lines in found.items():
        times = f" ({len(lines)} times)" if len(lines) > 1 else ""
        out.append(Warning_(f"raw {fmt} content is for pandoc's {fmt} output only; dropped{times}",
                            path, lines[0]))
    return out


# ------------------------------------------------------------ grid tables

#: A pandoc grid table: a ``+---+---+`` line, then lines that start with
#: ``+`` or ``|`` (rows between separator lines, ``+===+`` under a header).
GRID_TABLE = r"^ {0,3}\+(?:[-:]+\+)+[ \t]*\n(?: {0,3}[+|][^\n]*(?:\n|$))+"


def _grid_align(sep: str, bounds: list[int]) -> list[str | None]:
    out: list[str | None] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        seg = sep[a + 1:b]
        left, right = seg.startswith(":"), seg.endswith(":")
        out.append("center" if left and right else "left" if left else "right" if right else None)
    return out


_CELL_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+")


def _grid_cell(lines: list[str]) -> str:
    """A cell's lines as inline Markdown: a list in a cell becomes lines
    with hard breaks, each item opened by a bullet, not a literal ``-``."""
    lines = [x for x in lines if x]
    if any(_CELL_ITEM.match(x) for x in lines):
        return "\\\n".join(_CELL_ITEM.sub("• ", x, count=1) if x[:1] in "-*+" else x for x in lines)
    return "\n".join(lines)


def _parse_grid_table(block: Any, m: Match[str], state: Any) -> int | None:
    lines = [line.strip() for line in m.group(0).rstrip("\n").split("\n")]
    first = lines[0]
    bounds = [i for i, c in enumerate(first) if c == "+"]
    if len(bounds) < 2 or any(not line.endswith(("+", "|")) for line in lines):
        return None
    if not lines[-1].startswith("+"):
        return None
    aligns = _grid_align(first, bounds)
    rows: list[list[str]] = []
    head_rows = 0
    current: list[list[str]] | None = None
    for line in lines[1:]:
        if line.startswith("+"):
            if current is not None:
                rows.append([_grid_cell(cell) for cell in current])
                current = None
            if "=" in line and not head_rows:
                head_rows = len(rows)
                aligns = [a or b for a, b in zip(_grid_align(line, bounds), aligns, strict=False)]
            continue
        if current is None:
            current = [[] for _ in bounds[1:]]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            current[k].append(line[a + 1:b].strip(" |"))
    if not rows:
        return None

    def cells(row: list[str], head: bool) -> list[dict[str, Any]]:
        return [{"type": "table_cell", "text": text, "attrs": {"align": aligns[k], "head": head}}
                for k, text in enumerate(row)]

    children: list[dict[str, Any]] = []
    if head_rows:
        # The model's table head is one row: a header of several lines joins them.
        head = ["\n".join(r[k] for r in rows[:head_rows] if r[k]) for k in range(len(aligns))]
        children.append({"type": "table_head", "children": cells(head, True)})
    body = [{"type": "table_row", "children": cells(r, False)} for r in rows[head_rows:]]
    children.append({"type": "table_body", "children": body})
    caption, end = _caption(state, m.end())
    if caption is not None:
        children.append(caption)
    state.append_token({"type": "table", "children": children})
    return end


def register_grid_tables(md: mistune.Markdown) -> None:
    """pandoc's grid tables as tables (cells hold inline text; a cell's
    lines are joined)."""
    md.block.register("grid_table", GRID_TABLE, _parse_grid_table, before="list")
    if "grid_table" not in md.block.list_rules:
        md.block.insert_rule(md.block.list_rules, "grid_table", before="list")


# ------------------------------------------------------- maths environments

#: ``\begin{align} … \end{align}`` standing alone: display maths in pandoc
#: (``tex_math``) and MathJax alike, not raw TeX to drop.
MATH_ENVIRONMENT = (
    r"^ {0,3}\\begin\{(?P<menv>equation|align|gather|multline|eqnarray|alignat|flalign|displaymath)"
    r"(?P<mstar>\*?)\}[\s\S]*?\\end\{(?P=menv)(?P=mstar)\}[ \t]*(?:\n|$)"
)


def _parse_math_environment(block: Any, m: Match[str], state: Any) -> int:
    state.append_token({"type": "block_math", "raw": m.group(0).strip()})
    return m.end()


def register_math_environments(md: mistune.Markdown) -> None:
    md.block.register("math_environment", MATH_ENVIRONMENT, _parse_math_environment, before="list")
    for rules in (md.block.list_rules, md.block.block_quote_rules):
        if "math_environment" not in rules:
            md.block.insert_rule(rules, "math_environment", before="list")


# ----------------------------------------------------------- simple tables

#: A pandoc simple table: a header line, a line of two or more dash groups
#: (one group would be a setext heading), rows up to a blank line.
SIMPLE_TABLE = (
    r"^(?P<st_head> {0,3}\S[^\n]*)\n(?P<st_sep> {0,3}-{2,}(?: +-{2,})+[ \t]*)\n"
    r"(?P<st_rows>(?:[^\n]*\S[^\n]*(?:\n|$))+)"
)
_CAPTION = re.compile(r"\n*(?:Table)?:[ \t]+(\S[^\n]*(?:\n[^\n]*\S[^\n]*)*)(?:\n|$)")


def _caption(state: Any, pos: int) -> tuple[dict[str, Any] | None, int]:
    """A pandoc table caption (``Table: words`` or ``: words``) right after
    a table, as a token, and where it ends."""
    m = _CAPTION.match(state.src, pos)
    if m is None:
        return None, pos
    return {"type": "table_caption", "text": m.group(1)}, m.end()


def _parse_simple_table(block: Any, m: Match[str], state: Any) -> int | None:
    head, sep = m.group("st_head"), m.group("st_sep")
    rows = [r for r in m.group("st_rows").split("\n") if r.strip()]
    spans = [(g.start(), g.end()) for g in re.finditer(r"-+", sep)]
    starts = [0] + [s for s, _ in spans[1:]]

    def split(line: str) -> list[str]:
        return [line[a:b].strip() if b else line[a:].strip()
                for a, b in zip(starts, [*starts[1:], 0], strict=True)]

    aligns: list[str | None] = []
    for s, e in spans:
        left = s < len(head) and head[s] != " "
        right = e - 1 < len(head) and head[e - 1] != " " and (e >= len(head) or head[e] == " ")
        aligns.append(None if left == right and left else "left" if left else "right" if right
                      else "center")

    def cells(texts: list[str], is_head: bool) -> list[dict[str, Any]]:
        return [{"type": "table_cell", "text": t, "attrs": {"align": aligns[k], "head": is_head}}
                for k, t in enumerate(texts)]

    children: list[dict[str, Any]] = [
        {"type": "table_head", "children": cells(split(head), True)},
        {"type": "table_body", "children": [{"type": "table_row", "children": cells(split(r), False)}
                                            for r in rows]},
    ]
    caption, end = _caption(state, m.end())
    if caption is not None:
        children.append(caption)
    state.append_token({"type": "table", "children": children})
    return end


def register_simple_tables(md: mistune.Markdown) -> None:
    """pandoc's simple tables (columns lined up under dash groups)."""
    md.block.register("simple_table", SIMPLE_TABLE, _parse_simple_table, before="list")


# ------------------------------------------------------------ example lists

#: An example list item: ``(@)`` or ``(@label)`` and a space, at a line's start.
_EXAMPLE = re.compile(r"^([ ]{0,3})\(@([\w-]*)\)[ \t]+", re.M)
_EXAMPLE_REF = re.compile(r"\(@([\w-]+)\)")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


def has_examples(body: str) -> bool:
    return "(@" in body and _EXAMPLE.search(body) is not None


def number_examples(body: str) -> str:
    """pandoc's example lists: items marked ``(@)`` or ``(@label)`` numbered
    in one sequence through the document, however far apart, and each
    ``(@label)`` in the text the number of its item, as pandoc writes them.
    Code is shown as written."""
    lines = body.split("\n")
    labels: dict[str, int] = {}
    count = 0
    fence = ""
    code: list[bool] = []
    for i, line in enumerate(lines):
        f = _FENCE.match(line)
        if fence:
            code.append(True)
            if f and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence):
                fence = ""
            continue
        if f:
            fence = f.group(1)
            code.append(True)
            continue
        code.append(False)
        m = _EXAMPLE.match(line)
        if m:
            count += 1
            if m.group(2):
                labels.setdefault(m.group(2), count)
            lines[i] = f"{m.group(1)}{count}. {line[m.end():]}"
    if not count:
        return body

    def said(m: re.Match[str]) -> str:
        number = labels.get(m.group(1))
        return f"({number})" if number is not None else m.group(0)

    for i, line in enumerate(lines):
        if not code[i] and "(@" in line:
            lines[i] = _EXAMPLE_REF.sub(said, line)
    return "\n".join(lines)
