"""The mistune parser essaykit uses, built once, with source lines.

mistune's AST carries no positions, but every error and warning should point
at ``essay.md:42``. Its block parser is a loop that moves a cursor through
the source, calling one method per matched rule, so we subclass it and stamp
each new token with the line of the cursor where its rule matched
(``token["_line"]``, 0-based, relative to the Markdown body). Container
blocks (quotes, list items, fenced divs) are parsed from a rewritten copy of
their lines; a child state learns which body line its first line is, so
nested tokens get absolute lines too.

More deviations from stock mistune, all for "nothing the author wrote is
lost": fenced divs (``::: name``, see :mod:`.fenced`), pandoc's inline notes
(``^[...]``, see :mod:`.pandoc`) and footnote definitions that are never
referenced, which mistune drops and we keep.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from re import Match
from typing import Any

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState

from .abbreviations import register as register_abbreviations
from .callouts import register_admonitions
from .fenced import register_fenced_divs
from .maths_syntax import register as register_maths
from .pandoc import (
    register_grid_tables,
    register_heading_attributes,
    register_inline_notes,
    register_math_environments,
    register_simple_tables,
)
from .wikilinks import register as register_wikilinks
from .wikilinks import register_shortcodes

__all__ = ["parse_tokens", "LineState"]

Token = dict[str, Any]

_PLUGINS = [
    "table",
    "footnotes",
    "strikethrough",
    "task_lists",
    "mark",
    "def_list",
    "math",
    "url",
    "superscript",
    "subscript",
]


#: What may stand before a container's first line in its parent: indentation,
#: quote markers and list markers.
_PREFIX = re.compile(r"^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*$")


class LineState(BlockState):
    """A block state that knows which body line its source starts on."""

    base: int
    _newlines: list[int] | None

    def __init__(self, parent: Any | None = None) -> None:
        super().__init__(parent)
        self.base = 0
        self._newlines = None

    def process(self, src: str) -> None:
        super().process(src)
        self._newlines = None

    def line_of(self, pos: int) -> int:
        """0-based line of ``pos`` in this state's source (bisect, not count,
        so a 90,000-word book stays linear)."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.src)]
        return bisect.bisect_left(self._newlines, pos)

    def abs_line(self, pos: int) -> int:
        return self.base + self.line_of(pos)

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        fresh = not (last and last["type"] == "paragraph")
        super().add_paragraph(text)
        if fresh:
            # Every caller adds a paragraph starting at the cursor.
            self.tokens[-1]["_line"] = self.abs_line(self.cursor)

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, LineState)
        child.base = self.base + self._child_start(src)
        return child

    def _child_start(self, src: str) -> int:
        """The line (in this state) where a container's rewritten source
        began. Callers have moved the cursor past the container (and list
        items also past the next item's marker, with trailing blank lines
        stripped), so start from the estimate and look back a few lines for
        the one that holds the child's first line."""
        upper = self.line_of(self.cursor)
        est = max(0, min(upper, upper - src.count("\n")))
        first = src.split("\n", 1)[0].strip()
        if not first:
            return est
        lines = self._newlines or []
        for line in range(est, max(-1, est - 40), -1):
            start = lines[line - 1] + 1 if line > 0 else 0
            end = lines[line] if line < len(lines) else len(self.src)
            text = self.src[start:end].rstrip()
            if text.endswith(first) and _PREFIX.match(text[: len(text) - len(first)]):
                return line
        return est


def _stamp(state: LineState, since: int, cursor: int) -> None:
    """Give the tokens from ``since`` on that have no line the line of
    ``cursor`` (found only when one needs it: most rule calls add nothing)."""
    tokens = state.tokens
    line: int | None = None
    for i in range(max(0, since), len(tokens)):
        tok = tokens[i]
        if "_line" not in tok:
            if line is None:
                line = state.abs_line(cursor)
            tok["_line"] = line


class LineBlockParser(BlockParser):
    """mistune's block parser, stamping each token with its source line."""

    state_cls = LineState

    def parse_method(self, m: Match[str], state: BlockState) -> int | None:
        assert isinstance(state, LineState)
        n, cursor = len(state.tokens), state.cursor
        result = super().parse_method(m, state)
        # A block quote may *prepend* itself before a token its scan ended on.
        _stamp(state, n - 1, cursor)
        return result

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        assert isinstance(state, LineState)
        n, cursor = len(state.tokens), state.cursor
        result = super()._parse_indent_code_fast(state)
        _stamp(state, n, cursor)
        return result


def _record_footnote_lines(block: LineBlockParser) -> None:
    """Wrap the footnote-definition rule to remember each definition's line."""
    original = block._methods["ref_footnote"]

    def parse(m: Match[str], state: BlockState) -> int | None:
        assert isinstance(state, LineState)
        key = m.group("footnote_key")
        ukey = mistune.util.unikey(key)
        state.env.setdefault("_footnote_lines", {}).setdefault(ukey, state.abs_line(state.cursor))
        state.env.setdefault("footnote_labels", {}).setdefault(ukey, key)
        return original(m, state)

    block._methods["ref_footnote"] = parse


def _footnotes_without_space(block: LineBlockParser) -> None:
    """Accept ``[^7]:https://...``: a definition with no space after the
    colon, as GitHub and pandoc do (mistune requires one, and would leave
    "[^7]" in the text and lose the note)."""
    spec = block.specification["ref_footnote"]
    block.specification["ref_footnote"] = spec.replace(r"]:[ \t\n]", r"]:[ \t\n]?", 1)


def _footnotes_hook(md: mistune.Markdown, result: Any, state: BlockState) -> Any:
    """Replace mistune's footnote hook: emit every definition, referenced ones
    first in reference order, then the unreferenced ones (mistune drops those,
    losing the author's words), each parsed with correct source lines.
    Inline notes (``^[...]``, :mod:`.pandoc`) are one paragraph each, and may
    hold notes of their own: those are emitted in a further round."""
    refs: dict[str, str] = state.env.get("ref_footnotes") or {}
    if not refs:
        return result
    inline_notes: set[str] = state.env.get("_inline_notes") or set()
    lines: dict[str, int] = state.env.get("_footnote_lines") or {}
    done: set[str] = set()
    rendered: list[Token] = []
    while True:
        order = list(state.env.get("footnotes") or [])
        seen = set(order)
        order.extend(k for k in refs if k not in seen)
        items: list[Token] = []
        for key in order:
            if key not in refs or key in done:
                continue
            done.add(key)
            text = refs[key]
            if key in inline_notes:
                children: list[Token] = [{"type": "paragraph", "text": text}]
            else:
                child = state.child_state(_dedent_footnote(text) + "\n")
                assert isinstance(child, LineState)
                child.base = lines.get(key, 0)
                md.block.parse(child)
                children = child.tokens
            items.append(
                {
                    "type": "footnote_item",
                    "children": children,
                    "attrs": {"key": key},
                    "_line": lines.get(key),
                }
            )
        if not items:
            break
        rendered.extend(md._iter_render(items, state))
        refs = state.env.get("ref_footnotes") or {}
    return list(result) + rendered


def _dedent_footnote(text: str) -> str:
    lines = text.split("\n")
    indents = [len(x) - len(x.lstrip(" ")) for x in lines[1:] if x.strip()]
    if indents:
        cut = min(indents)
        lines = [lines[0]] + [x[cut:] for x in lines[1:]]
    return "\n".join(lines).strip()


def _build() -> mistune.Markdown:
    """Our parser."""
    block = LineBlockParser()
    md = mistune.Markdown(
        renderer=None,
        block=block,
        plugins=[mistune.plugins.import_plugin(name) for name in _PLUGINS],
    )
    md.after_render_hooks = [h for h in md.after_render_hooks if h.__name__ != "md_footnotes_hook"]
    md.after_render_hooks.append(_footnotes_hook)
    register_fenced_divs(md)
    register_maths(md)
    register_admonitions(md)
    register_wikilinks(md)
    register_shortcodes(md)
    register_abbreviations(md)
    register_inline_notes(md)
    register_grid_tables(md)
    register_heading_attributes(md)
    register_math_environments(md)
    register_simple_tables(md)
    _footnotes_without_space(block)
    _record_footnote_lines(block)
    return md


_MD: mistune.Markdown | None = None


def parse_tokens(body: str) -> list[Token]:
    """mistune's AST for ``body`` (already ``\\n`` line ends), every block
    token carrying ``_line`` (0-based, within ``body``) when known."""
    global _MD
    if _MD is None:
        _MD = _build()
    result, state = _MD.parse(body)
    assert isinstance(result, list)
    labels: dict[str, str] = state.env.get("footnote_labels") or {}
    if labels:
        _restore_labels(result, labels)
    return result


def _restore_labels(tokens: list[Token], labels: dict[str, str]) -> None:
    """mistune upper-cases footnote keys; give refs and notes back the label
    the author wrote."""
    for tok in tokens:
        kind = tok.get("type")
        if kind == "footnote_ref":
            tok["raw"] = labels.get(tok["raw"], tok["raw"])
        elif kind == "footnote_item":
            tok["attrs"]["key"] = labels.get(tok["attrs"]["key"], tok["attrs"]["key"])
        children = tok.get("children")
        if isinstance(children, list):
            _restore_labels(children, labels)


def iter_blocks(tokens: Iterable[Token]) -> Iterable[Token]:
    """Top-level tokens without the blank lines mistune reports."""
    return (t for t in tokens if t.get("type") != "blank_line")
