"""Markdown → :class:`Document`, through mistune 3's AST.

The work is a single walk over mistune's tokens (see :mod:`.parser` for how
they get source lines), mapping each onto a model node; inline HTML goes to
:mod:`.inlines`, block HTML to :mod:`.html_blocks`, ``[!PULLQUOTE]`` and
alerts to :mod:`.quotes`. Then document-level tidying that needs the whole
tree: the title heading, hashtag lines, heading ids, and the language.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, cast

from ..errors import EssayError
from ..lang import normalize_tag
from ..model import (
    Block,
    BlockQuote,
    BulletList,
    CodeBlock,
    DefinitionItem,
    DefinitionList,
    Div,
    Document,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    ListItem,
    MathBlock,
    OrderedList,
    Paragraph,
    RawBlock,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
    plain_text,
)
from ..model.outline import unique_ids
from ..model.walk import iter_blocks, walk
from .academic.citations import has_citations, resolve_citations
from .academic.equations import has_equation_refs, number_equations
from .academic.macros import expand_document_macros, has_definitions
from .callouts import fenced_title
from .dialects.myst import expand_myst, is_myst
from .dialects.pelican import has_pelican
from .dialects.rmarkdown import is_rmarkdown
from .fenced import parse_attributes
from .frontmatter import FrontMatter
from .html_blocks import BlockAssembler, paragraph_block
from .inlines import convert_inlines
from .maths_syntax import display_block
from .meta import finish_metadata
from .mkdocs import expand_mkdocs, has_mkdocs
from .pandoc import (
    has_examples,
    heading_attributes,
    html_format,
    line_block,
    number_examples,
    parse_attr_block,
    raw_tex,
    raw_warnings,
)
from .parser import parse_tokens
from .platforms import (
    has_hashnode,
    has_platform_html,
    is_mdx,
    tidy_hashnode,
    tidy_mdx,
    tidy_platform_html,
)
from .quotes import from_blockquote, pullquote_from_blocks
from .sites import expand_site_syntax, has_site_syntax, site_config
from .wordpress import expand_shortcodes, has_shortcodes

__all__ = ["read_markdown", "convert_body"]

Token = dict[str, Any]


def read_markdown(fm: FrontMatter, *, path: str | None = None, lang: str | None = None) -> Document:
    """The document for a split file: front matter already parsed."""
    body = fm.body
    if fm.kind == "org":
        from .dialects.orgmode import expand_org

        body = _removing(expand_org, "outside Org mode", body, fm, path)
    if fm.kind == "logseq" or "::" in body or "((" in body or "{{" in body or "TODO" in body or "DONE" in body:
        body = _logseq(body, fm, path)
    if has_shortcodes(body):
        body = _removing(expand_shortcodes, "outside WordPress", body, fm, path)
    if has_mkdocs(body):
        body = _removing(expand_mkdocs, "outside its site generator", body, fm, path)
    if "{{" in body or "[[toc]]" in body or "<script" in body:
        body = _vue(body, fm, path)
    if ("{" in body or "(" in body) and is_myst(body, fm.data):
        body = _removing(lambda text, removed: expand_myst(text, fm.data, removed), "outside its site (Jupyter Book, "
                         "Sphinx)", body, fm, path)
    if has_platform_html(body):
        body = _removing(tidy_platform_html, "on paper or in an ebook", body, fm, path)
    if has_examples(body):
        body = number_examples(body)
    if has_hashnode(body):
        body = tidy_hashnode(body, lambda _what, _line: None)
    if is_mdx(body, path):
        body = _removing(tidy_mdx, "outside MDX", body, fm, path)
    if is_rmarkdown(body, path):
        body = _knitr(body, fm, path)
    if has_pelican(body):
        body = _pelican(body, fm, path)
    if has_site_syntax(body):
        body, notes = expand_site_syntax(
            body, fm.data, path=path, offset=fm.offset, key_lines=fm.key_lines,
            site=site_config(path),
        )
        fm.warnings.extend(notes)
    try:
        tokens = parse_tokens(body)
    except RecursionError:
        raise EssayError("Markdown nested too deeply to read", path=path) from None
    cells = None
    if "```{" in body:
        from .dialects.notebooks import CellFigures

        cells = CellFigures(path, fm.data)
    blocks = convert_body(tokens, offset=fm.offset, cells=cells)
    header = _header_includes(fm)
    if header or has_definitions(body):
        blocks = list(expand_document_macros(blocks, header))
    if has_equation_refs(body):
        blocks = list(number_equations(blocks))
    if has_citations(fm.data):
        blocks = list(resolve_citations(blocks, fm.data, path=path, lang=lang or _front_lang(fm),
                                        warnings=fm.warnings, key_lines=fm.key_lines))
    if "{=" in body or "\\" in body:
        fm.warnings.extend(raw_warnings(tuple(blocks), path))
    return finish_document(blocks, fm, path=path, lang=lang)


def _logseq(body: str, fm: FrontMatter, path: str | None) -> str:
    """A Logseq page's own marks (:mod:`.dialects.logseq`)."""
    from pathlib import Path

    from ..siteroot import find_site
    from .dialects.logseq import expand_logseq, is_logseq

    site = find_site(Path(path).resolve().parent) if path else None
    if not is_logseq(body, site.kind if site else None, fm.kind):
        return body
    page = fm.kind == "logseq" or (site is not None and site.kind == "logseq")
    return _removing(lambda text, removed: expand_logseq(text, removed, page=page), "outside Logseq", body, fm, path)


def _vue(body: str, fm: FrontMatter, path: str | None) -> str:
    """A VitePress or VuePress page's Vue syntax (:mod:`.dialects.vitepress`)."""
    from pathlib import Path

    from ..siteroot import find_site
    from .dialects.vitepress import expand_vue, is_vue_page

    site = find_site(Path(path).resolve().parent) if path else None
    if not is_vue_page(body, site.kind if site else None):
        return body
    return _removing(lambda text, removed: expand_vue(text, fm.data, removed), "outside VitePress", body, fm, path)


def _knitr(body: str, fm: FrontMatter, path: str | None) -> str:
    """R Markdown's chunks, inline code and bookdown's references
    (:mod:`.dialects.rmarkdown`), with one warning per kind at its first line."""
    from ..errors import Warning_
    from .dialects.rmarkdown import expand_rmarkdown

    first: dict[str, tuple[str, list[int]]] = {}

    def said(message: str, line: int) -> None:
        kind = message.split("\\@ref(")[0]
        first.setdefault(kind, (message, []))[1].append(line)

    body = expand_rmarkdown(body, fm.data, said)
    for message, lines in first.values():
        times = f" ({len(lines)} times)" if len(lines) > 1 else ""
        fm.warnings.append(Warning_(message + times, path, lines[0] + fm.offset + 1))
    return body


def _pelican(body: str, fm: FrontMatter, path: str | None) -> str:
    """Pelican's ``{static}`` files and ``{filename}``/``{tag}`` links
    (:mod:`.dialects.pelican`); one warning for the links that lost their target."""
    from pathlib import Path

    from ..errors import Warning_
    from ..siteroot import find_site
    from .dialects.pelican import expand_pelican

    site = find_site(Path(path).resolve().parent) if path else None
    lines: list[int] = []
    body = expand_pelican(body, site is not None and site.kind == "pelican", lambda _what, line: lines.append(line))
    if lines:
        times = f" ({len(lines)} times)" if len(lines) > 1 else ""
        fm.warnings.append(Warning_("a link to another page of the Pelican site ({filename}, {tag}, …) has "
                                    f"nowhere to go outside it; its words are kept{times}", path, lines[0] + fm.offset))
    return body


def _front_lang(fm: FrontMatter) -> str | None:
    value = next((v for k, v in fm.data.items() if str(k).lower() in {"lang", "language"}), None)
    return value if isinstance(value, str) else None


def _header_includes(fm: FrontMatter) -> tuple[str, ...]:
    """pandoc's ``header-includes`` (a string or a list of them), where maths
    posts define their macros for every output."""
    value = next((v for k, v in fm.data.items() if str(k).lower() == "header-includes"), None)
    items = value if isinstance(value, list) else [value]
    return tuple(item for item in items if isinstance(item, str) and has_definitions(item))


def finish_document(
    blocks: list[Block], fm: FrontMatter, *, path: str | None, lang: str | None
) -> Document:
    """Title, hashtags, ids and metadata: the steps both readers share."""
    fields = _fields(fm, path)
    blocks, title, tags = _take_title(blocks, fields.get("title", ""))
    if title and not fields.get("title"):
        fields["title"] = title
    if tags:
        fields["tags"] = tuple(dict.fromkeys((*fields.get("tags", ()), *tags)))
    abstract, abstract_notes = _abstract(fm)
    if abstract is not None:
        blocks = [*blocks, *abstract_notes]
        # After a heading that repeats the title (the renderers drop that one).
        at = int(bool(blocks) and isinstance(blocks[0], Heading)
                 and _norm(plain_text(blocks[0].children)) == _norm(fields.get("title", "")))
        blocks = [*blocks[:at], abstract, *blocks[at:]]
        raw = fm.data.get(next(k for k in fm.data if str(k).lower() == "abstract"))
        if fields.get("description", "").strip() == str(raw).strip():
            # The abstract stands in for a description: its words, not its Markdown.
            fields["description"] = " ".join(plain_text(abstract.children).split())
    if any(isinstance(b, Div) and b.callout for b in iter_blocks(tuple(blocks))):
        from .callouts import own_labels

        blocks = list(own_labels(tuple(blocks)))
    doc_blocks = _with_heading_ids(shift_headings(tuple(blocks)))
    meta = finish_metadata(fields, doc_blocks, path=path, lang=lang, warnings=fm.warnings)
    return Document(meta=meta, blocks=doc_blocks, source=path)


def _abstract(fm: FrontMatter) -> tuple[Div | None, list[FootnoteDef]]:
    """Front matter's ``abstract:`` (Markdown, as pandoc reads it) as the
    essay's opening ``Div.abstract``, with its notes (labelled apart from
    the body's): shown under the title in print and ebook, and in the notes
    of the deck (``no-deck``: the title slide shows the description); None
    when there is none."""
    key = next((k for k in fm.data if str(k).strip().lower() == "abstract"), None)
    value = fm.data.get(key) if key is not None else None
    if not isinstance(value, str) or not value.strip():
        return None, []
    line = fm.key_lines.get(key) if key is not None else None
    try:
        tokens = parse_tokens(value.strip() + "\n")
    except RecursionError:
        return None, []

    def relabel(node: Any) -> Any:
        if isinstance(node, (FootnoteRef, FootnoteDef)):
            return dataclasses.replace(node, label=f"abstract {node.label}")
        return node

    converted = walk(tuple(convert_body(tokens, offset=line or 0)), relabel)
    inner = tuple(b for b in converted if not isinstance(b, FootnoteDef))
    notes = [b for b in converted if isinstance(b, FootnoteDef)]
    if not inner:
        return None, []
    # Off the slides (the title slide shows the description), into their notes.
    # ("no-deck" first: an "abstract" first would make it a call-out box.)
    return Div(children=inner, classes=("no-deck", "abstract"), line=line), notes


def _fields(fm: FrontMatter, path: str | None) -> dict[str, Any]:
    from .frontmatter import to_metadata_fields

    return to_metadata_fields(fm, path)


# ------------------------------------------------------------------ blocks


def _removing(expand: Callable[[str, Callable[[str, int], None]], str], where: str, body: str,
              fm: FrontMatter, path: str | None) -> str:
    """``expand(body, removed)`` (:mod:`.wordpress`, :mod:`.mkdocs`, :mod:`.platforms`), and
    one warning for each kind of thing it had to remove, at its first line: "… has no
    meaning ``where``; removed"."""
    from ..errors import Warning_

    kinds: dict[str, list[int]] = {}
    body = expand(body, lambda what, line: kinds.setdefault(what, []).append(line))
    for what, lines in kinds.items():
        times = f" ({len(lines)} times)" if len(lines) > 1 else ""
        fm.warnings.append(Warning_(f"{what} has no meaning {where}; removed{times}",
                                    path, lines[0] + fm.offset))
    return body


def convert_body(tokens: Iterable[Token], *, offset: int, cells: Any = None) -> list[Block]:
    """Model blocks for top-level tokens; ``offset`` lines precede the body.
    ``cells`` finds a notebook cell's rendered figure
    (:class:`.dialects.notebooks.CellFigures`)."""
    return _Converter(offset, cells).blocks(tokens, None)


#: A pandoc table caption written as a paragraph of its own: ``: words`` or
#: ``Table: words`` (after the table, or before it), or ``Table 2: words``
#: as the cross-reference pass numbered it (:mod:`.dialects.notebooks`).
_CAPTION_START = re.compile(r"^(?:Table)?:[ \t]+|^(?=Table \d+:[ \t])")
_CAPTION_ID = re.compile(r"[ \t]*\{#[\w:.-]+\}[ \t]*$")


def _with_table_captions(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each pipe table's pandoc caption paragraph taken into
    the table (a simple table's caption is read with it: :mod:`.pandoc`)."""
    if not any(tok["type"] == "table" for tok in tokens):
        return tokens
    out: list[Token] = []
    taken: set[int] = set()  # caption paragraphs after their table
    for i, tok in enumerate(tokens):
        if i in taken:
            continue
        if tok["type"] == "table" and not any(p["type"] == "table_caption" for p in tok.get("children") or []):
            after = _next(tokens, i + 1)
            back = len(out) - 1
            while back >= 0 and out[back]["type"] == "blank_line":
                back -= 1
            before = out[back] if back >= 0 and out[back]["type"] == "paragraph" else None
            caption = _caption_of(tokens[after]) if after is not None else None
            if caption is not None and after is not None:
                taken.add(after)
            elif before is not None and _first_text(before).startswith("Table"):
                caption = _caption_of(before)
                if caption is not None:
                    del out[back:]
            if caption is not None:
                tok = {**tok, "children": [*tok["children"], {"type": "table_caption", "children": caption}]}
        out.append(tok)
    return out


def _next(tokens: list[Token], i: int) -> int | None:
    while i < len(tokens) and tokens[i]["type"] == "blank_line":
        i += 1
    return i if i < len(tokens) and tokens[i]["type"] == "paragraph" else None


def _first_text(tok: Token) -> str:
    children = tok.get("children") or []
    return str(children[0].get("raw", "")) if children and children[0]["type"] == "text" else ""


def _caption_of(tok: Token) -> list[Token] | None:
    """The inline tokens of a caption paragraph, without its ``:``/``Table:``
    mark and its ``{#tbl:x}`` label; None if it is no caption."""
    first = _first_text(tok)
    m = _CAPTION_START.match(first)
    if m is None:
        return None
    children = [dict(c) for c in tok["children"]]
    children[0]["raw"] = first[m.end():]
    last = children[-1]
    if last["type"] == "text":
        last["raw"] = _CAPTION_ID.sub("", str(last.get("raw", "")))
    return children


def _unescaped_pipes(tokens: list[Token]) -> list[Token]:
    """A table cell's ``\\|`` is a pipe, in code too (GFM: the cell is cut at
    its pipes before its inlines are read, so only there does it need escaping)."""
    return [{**t, "raw": str(t["raw"]).replace("\\|", "|")} if t["type"] == "codespan" and "\\|" in str(t.get("raw", ""))
            else t for t in tokens]


class _Converter:
    __slots__ = ("figures", "offset")

    def __init__(self, offset: int, figures: Any = None) -> None:
        self.offset = offset
        self.figures = figures

    def line(self, tok: Token, fallback: int | None) -> int | None:
        raw = tok.get("_line")
        return raw + self.offset + 1 if isinstance(raw, int) else fallback

    def blocks(self, tokens: Iterable[Token], parent_line: int | None) -> list[Block]:
        assembler = BlockAssembler()
        for tok in _with_table_captions(list(tokens)):
            kind = tok["type"]
            if kind == "blank_line":
                continue
            line = self.line(tok, parent_line)
            if kind == "block_html":
                assembler.add_html(tok.get("raw", ""), line)
                continue
            if kind == "block_code" and html_format(_raw_format(tok) or "-"):
                # ```{=html}: pandoc's raw HTML, read as the HTML it is.
                assembler.add_html(tok.get("raw", ""), line)
                continue
            for block in self.block(tok, line):
                assembler.add_block(block)
        return assembler.finish()

    def block(self, tok: Token, line: int | None) -> list[Block]:
        kind = tok["type"]
        attrs = tok.get("attrs") or {}
        children = tok.get("children") or []
        if kind in ("paragraph", "block_text"):
            raw_lines = raw_tex(children)
            tex_blocks: list[Block] = []
            if raw_lines is not None:
                # ``\newpage``, ``\begin{center}``: pandoc's raw TeX, for its LaTeX output only.
                tex_blocks = [RawBlock(format="latex", text=raw_lines[0], line=line)]
                children = raw_lines[1]
                if not children:
                    return tex_blocks
            inlines = convert_inlines(children)
            tex = display_block(inlines)
            if tex is not None:  # ``\[…\]`` or ``$$…$$`` alone: a maths block
                return [*tex_blocks, MathBlock(text=tex, line=line)]
            lines = line_block(inlines)
            if lines is not None:
                # pandoc's line block: verse, an address; set without indent.
                para = Paragraph(children=lines, line=line)
                return [*tex_blocks, Div(children=(para,), classes=("line-block",), line=line)]
            node = paragraph_block(inlines, line)
            return [*tex_blocks, node] if node is not None else tex_blocks
        if kind == "heading":
            ident, classes = heading_attributes(attrs.get("attributes"))
            inlines = convert_inlines(children)
            return [
                Heading(
                    level=int(attrs.get("level", 1)), children=inlines, id=ident,
                    classes=classes, line=line,
                )
            ]
        if kind == "block_code":
            fmt = _raw_format(tok)
            if fmt is not None:
                # ```{=latex}: for one output format only (not ours).
                return [RawBlock(format=fmt, text=tok.get("raw", "").rstrip("\n"), line=line)]
            info = (attrs.get("info") or "").strip()
            if re.match(r"\{\s*[.#]", info):
                # pandoc's ```{#id .haskell .numberLines}: the first class.
                classes = parse_attr_block(info if info.endswith("}") else info + "}")[1]
                language = classes[0] if classes else None
            else:
                language = info.split()[0].strip("{}.").split(",")[0] if info else None
            text = tok.get("raw", "")
            cell_caption: list[Block] = []
            if info.startswith("{"):
                text, cell_caption, code_shown = self.cell(info, text, line)
                if not code_shown:
                    return cell_caption  # echo: false; the author shows only what the code made
            if (language or "").lower() in ("math", "latex-math", "katex", "mathjax") and text.strip():
                # GitHub's and GitLab's display maths (```math): drawn like $$…$$.
                return [MathBlock(text=text.strip("\n"), line=line)]
            return [
                CodeBlock(
                    text=text[:-1] if text.endswith("\n") else text,
                    language=language or None,
                    line=line,
                ),
                *cell_caption,
            ]
        if kind == "block_quote":
            quote = BlockQuote(children=tuple(self.blocks(children, line)), line=line)
            return [from_blockquote(quote)]
        if kind == "list":
            return [self.list_(tok, line)]
        if kind == "thematic_break":
            return [ThematicBreak(line=line)]
        if kind == "block_math":
            return [MathBlock(text=tok.get("raw", "").strip("\n"), line=line)]
        if kind == "table":
            return [self.table(tok, line)]
        if kind == "def_list":
            return [self.def_list(tok, line)]
        if kind == "footnote_item":
            return [
                FootnoteDef(
                    label=str(attrs.get("key", "")),
                    children=tuple(self.blocks(children, line)),
                    line=line,
                )
            ]
        if kind == "fenced_div":
            return [self.fenced_div(tok, line)]
        if kind == "callout":
            return [self.callout(tok, line)]
        if kind == "abbreviations":  # ``*[HTML]: Hyper Text Markup Language`` (:mod:`.abbreviations`)
            # mistune has parsed each term's and meaning's "text" as inlines by now.
            said = [convert_inlines(c.get("children") or []) for c in children]
            return [DefinitionList(children=tuple(
                DefinitionItem(term=term, children=(Paragraph(children=meaning, line=line),) if meaning else (),
                               line=line)
                for term, meaning in zip(said[::2], said[1::2], strict=True)), line=line)]
        # Anything mistune grows later: keep its words.
        if children:
            inner = self.blocks(children, line) if _is_block_token(children[0]) else None
            if inner is not None:
                return [Div(children=tuple(inner), line=line)]
            node = paragraph_block(convert_inlines(children), line)
            return [node] if node is not None else []
        raw = tok.get("raw") or tok.get("text")
        return [Paragraph(children=(Text(text=str(raw)),), line=line)] if raw else []

    def list_(self, tok: Token, line: int | None) -> Block:
        attrs = tok.get("attrs") or {}
        items: list[ListItem] = []
        for item in tok.get("children") or []:
            item_line = _first_line(item.get("children") or [])
            item_line = item_line + self.offset + 1 if item_line is not None else line
            checked = (
                (item.get("attrs") or {}).get("checked")
                if item["type"] == "task_list_item"
                else None
            )
            items.append(
                ListItem(
                    children=tuple(self.blocks(item.get("children") or [], item_line)),
                    checked=checked,
                    line=item_line,
                )
            )
        tight = bool(tok.get("tight", True))
        if attrs.get("ordered"):
            return OrderedList(
                children=tuple(items), start=int(attrs.get("start", 1)), tight=tight, line=line
            )
        return BulletList(children=tuple(items), tight=tight, line=line)

    def table(self, tok: Token, line: int | None) -> Table:
        head: list[TableRow] = []
        body: list[TableRow] = []
        caption: tuple[Inline, ...] = ()
        for part in tok.get("children") or []:
            if part["type"] == "table_caption":  # pandoc's "Table: ..." (see .pandoc)
                caption = convert_inlines(part.get("children") or [])
            elif part["type"] == "table_head":
                head.append(
                    TableRow(children=self.cells(part.get("children") or [], line), line=line)
                )
            else:
                for row in part.get("children") or []:
                    body.append(
                        TableRow(children=self.cells(row.get("children") or [], line), line=line)
                    )
        return Table(head=tuple(head), children=tuple(body), caption=caption, line=line)

    def cells(self, tokens: list[Token], line: int | None) -> tuple[TableCell, ...]:
        out = []
        for cell in tokens:
            attrs = cell.get("attrs") or {}
            out.append(
                TableCell(
                    children=convert_inlines(_unescaped_pipes(cell.get("children") or [])),
                    align=attrs.get("align"),
                    header=bool(attrs.get("head")),
                    line=line,
                )
            )
        return tuple(out)

    def def_list(self, tok: Token, line: int | None) -> DefinitionList:
        items: list[DefinitionItem] = []
        for part in tok.get("children") or []:
            if part["type"] == "def_list_head":
                items.append(
                    DefinitionItem(term=convert_inlines(part.get("children") or []), line=line)
                )
                continue
            blocks = tuple(self.blocks(part.get("children") or [], line))
            if items and not items[-1].children:
                last = items[-1]
                items[-1] = DefinitionItem(term=last.term, children=blocks, line=last.line)
            elif items:
                last = items[-1]
                items[-1] = DefinitionItem(
                    term=last.term, children=last.children + blocks, line=last.line
                )
            else:
                items.append(DefinitionItem(children=blocks, line=line))
        return DefinitionList(children=tuple(items), line=line)

    def fenced_div(self, tok: Token, line: int | None) -> Block:
        info = (tok.get("attrs") or {}).get("info", "")
        classes, attrs = parse_attributes(info)
        children = tuple(self.blocks(tok.get("children") or [], line))
        if "pullquote" in (c.lower() for c in classes):
            return pullquote_from_blocks(children, line=line)
        captioned = _captioned(children, attrs.get("id", ""))
        if captioned is not None:
            return captioned
        lang = normalize_tag(attrs["lang"]) if attrs.get("lang") else None
        direction = attrs.get("dir") if attrs.get("dir") in ("ltr", "rtl", "auto") else None
        classes, title = fenced_title(info, classes, attrs)
        return Div(children=children, lang=lang, dir=direction, classes=classes,
                   title=(Text(text=title),) if title else (), line=line)

    def cell(self, info: str, text: str, line: int | None) -> tuple[str, list[Block], bool]:
        """A Quarto or R Markdown cell (```{r}): its code without the "#| option"
        lines, which steer the notebook, not the reader; what shows under
        it: its figure (the picture Quarto or knitr rendered, else the
        missing-image placeholder) with its caption, or a table's caption, the
        author's words; and whether its code shows (``echo: false``: only what
        it made does). knitr's options are read from the chunk's header
        (``{r cars, echo=FALSE, fig.cap="Cars"}``, :mod:`.dialects.rmarkdown`)."""
        from .dialects.rmarkdown import chunk_options

        options = re.match(r"\A(?:[ \t]*(?:#|//|--)\|[^\n]*\n)+", text)
        said = options.group(0) if options else ""
        code = text[options.end():] if options else text
        code_shown, output_shown = self.figures.shown(info, said, code) if self.figures is not None else (True, True)
        if not output_shown:
            return code, [], code_shown
        _engine, knitr_label, knitr = chunk_options(info)

        def option(name: str) -> re.Match[str] | None:
            return re.search(r"^[ \t]*(?:#|//|--)\|[ \t]*" + name + r":[ \t]*(.+?)[ \t]*$", said, re.M)

        # The caption: a "#| fig-cap:" option, or knitr's fig.cap= in the chunk's header.
        cap = option("(fig|tbl)-cap") or re.search(r"\b(fig|tab)\.cap\s*=\s*(\"[^\"]*\"|'[^']*')", info)
        words = cap.group(2).strip().strip("\"'").strip() if cap else ""
        # fig.cap=paste(...): a caption only R can compute, but a figure all the same.
        knitr_figure = "fig.cap" in knitr
        label = re.search(r"^[ \t]*(?:#|//|--)\|[ \t]*label:[ \t]*[\"']?([\w-]+)", said, re.M)
        name = label.group(1) if label else knitr_label if re.fullmatch(r"[\w-]+", knitr_label) else ""
        figure = knitr_figure or (bool(words) and cap is not None and cap.group(1) == "fig")
        picture = (self.figures.source(name, figure, knitr=not label)
                   if self.figures is not None and not name.startswith("tbl-") else None)
        shown = re.fullmatch(r"\s*(?:knitr::)?include_graphics\(\s*([\"'])([^\"'\n]+)\1\s*\)\s*", code)
        if shown and "://" not in shown.group(2):
            picture = shown.group(2)  # knitr::include_graphics("images/x.png"): a picture the author has
        out: list[Block] = []
        if picture is not None:
            alt = option("fig-alt")
            # The alt text: the author's, else the caption without Quarto's "Figure 2: ".
            alt_text = alt.group(1).strip().strip("\"'") if alt else knitr.get("fig.alt", re.sub(r"^\w+ \d+: ", "", words))
            caption = (Text(text=words),) if words else ()
            out = [Figure(image=Image(src=picture, alt=alt_text, line=line), caption=caption, line=line)]
        elif words:
            out = [Paragraph(children=(Text(text=words),), line=line)]
        return code, out, code_shown

    def callout(self, tok: Token, line: int | None) -> Block:
        """An MkDocs admonition (:mod:`.callouts`)."""
        attrs = tok.get("attrs") or {}
        title = attrs.get("title")
        return Div(children=tuple(self.blocks(tok.get("children") or [], line)), classes=(attrs["kind"],),
                   title=(Text(text=title),) if title else (), line=line)


def _captioned(children: tuple[Block, ...], ident: str) -> Block | None:
    """Quarto's ``::: {#tbl-x}`` (or ``#fig-x``) around a table (or figure)
    and a paragraph under it: the table with that paragraph as its
    caption; None for any other div."""
    if not ident.startswith(("tbl-", "fig-")) or len(children) != 2 or not isinstance(children[1], Paragraph):
        return None
    first, caption = children[0], children[1].children
    if isinstance(first, Table) and not first.caption:
        return dataclasses.replace(first, caption=caption)
    if isinstance(first, Figure):
        return dataclasses.replace(first, caption=caption)
    return None


_RAW_INFO = re.compile(r"^\{=([\w+-]+)\}$")


def _raw_format(tok: Token) -> str | None:
    """The format of a pandoc raw block (```` ```{=html} ````), else None."""
    m = _RAW_INFO.match(((tok.get("attrs") or {}).get("info") or "").strip())
    return m.group(1).lower() if m else None


def _is_block_token(tok: Any) -> bool:
    return isinstance(tok, dict) and "_line" in tok


def _first_line(tokens: list[Token]) -> int | None:
    for tok in tokens:
        if isinstance(tok.get("_line"), int):
            return int(tok["_line"])
    return None


# ------------------------------------------------------- document tidying

_HASHTAG_LINE = re.compile(r"^#[\w][\w-]*$")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _take_title(blocks: list[Block], title: str) -> tuple[list[Block], str, tuple[str, ...]]:
    """Remove a leading H1 that repeats (or, with no title, supplies) the
    title, and hashtag lines (``#meta``) right after it, which some blogs
    use for tags."""
    found = ""
    tags: tuple[str, ...] = ()
    index = next((i for i, b in enumerate(blocks) if isinstance(b, Heading)), None)
    if index is not None:
        head = blocks[index]
        assert isinstance(head, Heading)
        # Deck directives and raw TeX (a Franklin page's \newcommand lines) show nothing above it.
        only_directives = all(type(b).__name__ in ("DeckDirective", "RawBlock") for b in blocks[:index])
        text = plain_text(head.children).strip()
        if head.level == 1 and only_directives and (not title or _norm(text) == _norm(title)):
            found = text
            blocks = blocks[:index] + blocks[index + 1 :]
            if index < len(blocks):
                tags = _hashtags(blocks[index])
                if tags:
                    blocks = blocks[:index] + blocks[index + 1 :]
    return blocks, found, tags


def _hashtags(block: Block) -> tuple[str, ...]:
    if not isinstance(block, Paragraph):
        return ()
    words = plain_text(block.children, soft="\n").split()
    if words and all(_HASHTAG_LINE.match(w) for w in words):
        return tuple(w[1:] for w in words)
    return ()


#: Blocks whose children are blocks; headings can hide only in these.
_CONTAINERS = (
    BlockQuote,
    Div,
    BulletList,
    OrderedList,
    ListItem,
    FootnoteDef,
    DefinitionList,
    DefinitionItem,
)


#: The level a post's top headings are made: the title is the first level.
SECTION_LEVEL = 2


def shift_headings(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Headings moved up so the shallowest is a section (level 2): a post
    whose sections are ``###`` (the title being the page's ``#`` and its
    ``##``, in many blog themes) gets sections in every format, not
    small run-in lines. Relative levels are kept; a post that already
    starts at ``#`` or ``##`` is left as it is."""
    levels: list[int] = []

    def collect(seq: tuple[Any, ...]) -> None:
        for node in seq:
            if isinstance(node, Heading):
                levels.append(node.level)
            elif isinstance(node, _CONTAINERS):
                collect(node.children)

    collect(blocks)
    if not levels or min(levels) <= SECTION_LEVEL:
        return blocks
    delta = min(levels) - SECTION_LEVEL

    def shift(seq: tuple[Any, ...]) -> tuple[Any, ...]:
        out = []
        for node in seq:
            if isinstance(node, Heading):
                node = dataclasses.replace(node, level=node.level - delta)
            elif isinstance(node, _CONTAINERS):
                node = dataclasses.replace(cast(Any, node), children=shift(node.children))
            out.append(node)
        return tuple(out)

    return shift(blocks)


def _with_heading_ids(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Give every heading a unique id: the author's (``{#intro}``) when it
    can be an XML id, else a slug of its text; the author's ids are kept as
    written, slugs step aside from them (``-2``). Visits block containers
    only (the generic ``walk`` would also visit every inline, several times
    slower on a book)."""
    heads: list[Heading] = []

    def collect(seq: tuple[Any, ...]) -> None:
        for node in seq:
            if isinstance(node, Heading):
                heads.append(node)
            elif isinstance(node, _CONTAINERS):
                collect(node.children)

    collect(blocks)
    if not heads:
        return blocks
    given = [xml_id(h.id) if h.id else None for h in heads]
    taken = {g for g in given if g}
    slugs = iter(unique_ids([plain_text(h.children) for h in heads]))
    chosen: list[str] = []
    used: set[str] = set()
    for g in given:
        slug = next(slugs)
        base = g or slug
        candidate, n = base, 1
        while candidate in used or (g is None and candidate in taken):
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        chosen.append(candidate)
    ids = iter(chosen)

    def assign(seq: tuple[Any, ...]) -> tuple[Any, ...]:
        out = []
        for node in seq:
            if isinstance(node, Heading):
                node = dataclasses.replace(node, id=next(ids))
            elif isinstance(node, _CONTAINERS):
                node = dataclasses.replace(cast(Any, node), children=assign(node.children))
            out.append(node)
        return tuple(out)

    return assign(blocks)


_ID_CHARS = re.compile(r"[^\w.-]+")


def xml_id(raw: str) -> str | None:
    """An author's id as a valid XML id (letters, digits, ``-``, ``_``,
    ``.``; a letter or ``_`` first), or None when nothing of it is left."""
    cleaned = _ID_CHARS.sub("-", unicodedata.normalize("NFKC", raw)).strip("-.")
    if not cleaned:
        return None
    if not (cleaned[0].isalpha() or cleaned[0] == "_"):
        cleaned = "h-" + cleaned
    return cleaned
