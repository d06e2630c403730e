"""Smart typography: curly quotes per language, dashes, ellipses, French spaces.

Authors type ``"``, ``'``, ``--`` and ``...``; typeset output wants the
marks their language uses. The rules:

* quotes follow the language in force: the document's, or that of an enclosing
  ``Div``/``Span`` with its own ``lang`` (“ ” English, « » French with narrow
  no-break spaces, „ “ German...). Quotes already curly are left as they are;
  CJK corner brackets and full-width punctuation are never touched;
* quotes are paired over the whole run of inline content of a block, not node
  by node, so ``"a *b* c"`` pairs although its quotes sit in two ``Text``
  nodes; a pair takes the marks of the language where it opens;
* ``'`` between letters is an apostrophe (don’t, l’homme); an opening single
  quote that never closes was an elision (’tis, rock ’n’ roll);
* ``---`` → em dash, ``--`` → en dash (not ``--flag`` nor arrows ``-->``),
  ``...`` → ellipsis;
* French: a narrow no-break space (U+202F) inside « » and before ``; : ! ?``;
  no space is ever inserted in any other language, CJK above all;
* ``Code``, ``CodeBlock``, math, raw content and link URLs are never changed:
  only ``Text`` nodes (and image alt text) are rewritten, and code takes part
  in the stream only as an opaque placeholder that gives quotes their context.

The pass is idempotent: its output contains nothing it would change again.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from ..lang import primary
from ..model import (
    INLINE_TYPES,
    Div,
    Document,
    Image,
    Inline,
    LineBreak,
    Node,
    SoftBreak,
    Span,
    Text,
)
from ..model.walk import _field_names, walk

__all__ = ["typography", "smarten_inlines", "smarten_text", "quote_marks"]

#: (primary open, primary close, secondary open, secondary close), after CLDR.
_MARKS: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "fr": ("«", "»", "“", "”"),
    "de": ("„", "“", "‚", "‘"),
    "de-CH": ("«", "»", "‹", "›"),
    "de-LI": ("«", "»", "‹", "›"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "pt": ("«", "»", "“", "”"),
    "pt-BR": ("“", "”", "‘", "’"),
    "ca": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "be": ("«", "»", "„", "“"),
    "el": ("«", "»", "“", "”"),
    "nb": ("«", "»", "‘", "’"),
    "no": ("«", "»", "‘", "’"),
    "nn": ("«", "»", "‘", "’"),
    "pl": ("„", "”", "«", "»"),
    "ro": ("„", "”", "«", "»"),
    "hu": ("„", "”", "»", "«"),
    "cs": ("„", "“", "‚", "‘"),
    "sk": ("„", "“", "‚", "‘"),
    "sl": ("„", "“", "‚", "‘"),
    "bg": ("„", "“", "„", "“"),
    "lt": ("„", "“", "„", "“"),
    "hr": ("„", "”", "‘", "’"),
    "sv": ("”", "”", "’", "’"),
    "fi": ("”", "”", "’", "’"),
    "fa": ("«", "»", "“", "”"),
    "ar": ("«", "»", "“", "”"),
    "ur": ("«", "»", "“", "”"),
}
_DEFAULT_MARKS = _MARKS["en"]

APOSTROPHE = "’"
NNBSP = "\u202f"
_NBSPS = frozenset("\u00a0\u202f\u2009\u2007")
#: Stands for a node whose text is not ours to change (code, math, images):
#: a "word" as far as quote context goes.
_OBJ = "\ufffc"

_OPENERS = frozenset("([{<—–-/“‘«„‚‹「『")
_CLOSERS = frozenset(".,;:!?)]}>…»”’›」』")
_ELISIONS = re.compile(r"(?:tis|twas|em|cause|til|n|bout|round|nuff)\b", re.IGNORECASE)

_DASHES = re.compile(r"(?<![<!\-])(-{2,3})(?![\->])")
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")
_QUOTE = re.compile(r"[\"']")
_FRENCH = re.compile(r"[;:!?«»]")


def quote_marks(lang: str) -> tuple[str, str, str, str]:
    """The quotation marks of a language: primary open/close, secondary open/close."""
    if lang in _MARKS:
        return _MARKS[lang]
    parts = lang.split("-")
    if len(parts) > 1:
        region = f"{parts[0].lower()}-{parts[-1].upper()}"
        if region in _MARKS:
            return _MARKS[region]
    return _MARKS.get(primary(lang), _DEFAULT_MARKS)


def _is_french(lang: str) -> bool:
    return primary(lang) == "fr"


# ----------------------------------------------------------------- the pass


def typography(doc: Document) -> Document:
    """The document with smart typography in every block and in the title,
    subtitle and description (shown on title pages and in EPUB metadata)."""
    lang = doc.meta.language or "en"
    blocks = tuple(_block(b, lang) for b in doc.blocks)
    meta = doc.meta
    new_meta = dataclasses.replace(
        meta,
        title=smarten_text(meta.title, lang),
        subtitle=smarten_text(meta.subtitle, lang),
        description=smarten_text(meta.description, lang),
    )
    if new_meta == meta:
        new_meta = meta
    if new_meta is meta and all(a is b for a, b in zip(blocks, doc.blocks, strict=True)):
        return doc
    return doc.replace(meta=new_meta, blocks=blocks)


def _block(node: Node, lang: str) -> Node:
    """Rewrite the inline runs of ``node`` and its descendant blocks.

    ``walk`` rebuilds bottom-up and cannot tell a paragraph which ``Div``
    language encloses it, so blocks are descended here, top-down, generically
    by field: every tuple of inlines is one stream, every tuple of blocks is
    descended with the language in force.
    """
    if isinstance(node, Div) and node.lang:
        lang = node.lang
    changes: dict[str, Any] = {}
    for name in _field_names(type(node)):
        value = getattr(node, name)
        if isinstance(value, Image):
            new: Any = _image(value, lang)
        elif not isinstance(value, tuple) or not value or not isinstance(value[0], Node):
            continue
        elif isinstance(value[0], INLINE_TYPES):
            new = smarten_inlines(value, lang)
        else:
            parts = tuple(_block(child, lang) for child in value)
            new = value if all(a is b for a, b in zip(parts, value, strict=True)) else parts
        if new is not value:
            changes[name] = new
    return dataclasses.replace(node, **changes) if changes else node  # type: ignore[type-var]


def _image(node: Image, lang: str) -> Image:
    alt = smarten_text(node.alt, lang)
    return node if alt == node.alt else dataclasses.replace(node, alt=alt)


def smarten_text(text: str, lang: str = "en") -> str:
    """Smart typography for a plain string (a title, an alt text)."""
    if not text:
        return text
    out = smarten_inlines((Text(text=text),), lang)
    return "".join(n.text for n in out if isinstance(n, Text))


# ------------------------------------------------------------ inline streams


def _leaves(inlines: tuple[Node, ...], lang: str) -> Iterator[tuple[Node, str]]:
    """Leaves in order with the language in force (a ``Span`` may switch it)."""
    for node in inlines:
        children = getattr(node, "children", None)
        if isinstance(children, tuple):
            inner = node.lang if isinstance(node, Span) and node.lang else lang
            yield from _leaves(children, inner)
        else:
            yield node, lang


def smarten_inlines(inlines: tuple[Inline, ...], lang: str = "en") -> tuple[Inline, ...]:
    """Smart typography over one run of inline content (a paragraph, a heading,
    a caption), treated as a single stream so quotes pair across nodes."""
    leaves = list(_leaves(inlines, lang))
    texts = [_dashes(n.text) if isinstance(n, Text) else None for n, _ in leaves]
    langs = [lg for _, lg in leaves]
    kinds = [n for n, _ in leaves]
    if any(t is not None and ('"' in t or "'" in t) for t in texts):
        texts = _apply(texts, kinds, _quote_replacements(texts, kinds, langs))
    if any(_is_french(lg) for lg in set(langs)):
        texts = _apply(texts, kinds, _french_replacements(texts, kinds, langs))
    if all(
        text == node.text if isinstance(node, Text) else not isinstance(node, Image)
        for node, text in zip(kinds, texts, strict=True)
    ):
        return inlines  # nothing to change: no need to rebuild the run

    # walk visits leaves in the same order as _leaves: consume one per leaf.
    new_texts = iter(zip(texts, langs, strict=True))

    def fn(node: Node) -> Node:
        if hasattr(node, "children"):
            return node
        text, leaf_lang = next(new_texts)
        if isinstance(node, Text):
            assert text is not None
            return node if text == node.text else dataclasses.replace(node, text=text)
        if isinstance(node, Image):
            return _image(node, leaf_lang)
        return node

    return walk(inlines, fn)


def _dashes(text: str) -> str:
    if "--" in text:
        text = _DASHES.sub(_dash, text)
    if "..." in text:
        text = _ELLIPSIS.sub("…", text)
    return text


def _dash(m: re.Match[str]) -> str:
    text, a, b = m.string, m.start(), m.end()
    if len(m.group(1)) == 3:
        return "—"
    # "--verbose" in prose is a command-line flag, not a dash.
    if (a == 0 or text[a - 1].isspace()) and b < len(text) and text[b].isalpha():
        return m.group(0)
    return "–"


def _stream(texts: list[str | None], kinds: list[Node]) -> tuple[str, list[int]]:
    """The run's text with placeholders, and where each leaf starts in it."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for text, node in zip(texts, kinds, strict=True):
        if text is None:
            if isinstance(node, SoftBreak):
                text = " "
            elif isinstance(node, LineBreak):
                text = "\n"
            else:
                text = _OBJ
        starts.append(pos)
        parts.append(text)
        pos += len(text)
    return "".join(parts), starts


def _apply(texts: list[str | None], kinds: list[Node], reps: dict[int, str]) -> list[str | None]:
    """``texts`` with stream positions replaced; only ``Text`` leaves change."""
    if not reps:
        return texts
    _, starts = _stream(texts, kinds)
    out = list(texts)
    by_leaf: dict[int, list[tuple[int, str]]] = {}
    for pos, rep in reps.items():
        i = bisect_right(starts, pos) - 1
        if texts[i] is not None:
            by_leaf.setdefault(i, []).append((pos - starts[i], rep))
    for i, edits in by_leaf.items():
        text = texts[i]
        assert text is not None
        chars = list(text)
        for off, rep in edits:
            chars[off] = rep
        out[i] = "".join(chars)
    return out


def _cls(ch: str | None) -> str:
    """``space``, ``open`` (punctuation after which a quote opens), ``close``
    (punctuation before which a quote closes), ``digit`` or ``word``."""
    if ch is None or ch.isspace() or ch in _NBSPS:
        return "space"
    if ch in _OPENERS:
        return "open"
    if ch in _CLOSERS:
        return "close"
    if ch.isdigit():
        return "digit"
    return "word"


def _quote_replacements(
    texts: list[str | None], kinds: list[Node], langs: list[str]
) -> dict[int, str]:
    stream, starts = _stream(texts, kinds)
    n = len(stream)

    def lang_at(pos: int) -> str:
        return langs[bisect_right(starts, pos) - 1]

    reps: dict[int, str] = {}
    # stack of (quote char, position) for quotes still open
    stack: list[tuple[str, int]] = []

    def open_(q: str, i: int) -> None:
        stack.append((q, i))

    def close(q: str, i: int) -> bool:
        """Close the innermost open ``q``; single quotes opened above it were
        elisions, not quotes."""
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == q:
                _, at = stack[k]
                for q2, at2 in stack[k + 1 :]:
                    _unmatched(q2, at2)
                del stack[k:]
                marks = quote_marks(lang_at(at))
                o, c = (marks[0], marks[1]) if q == '"' else (marks[2], marks[3])
                reps[at] = o
                reps[i] = c
                return True
            if q == "'" and stack[k][0] == '"':
                return False  # a single quote never closes across a double
        return False

    def _unmatched(q: str, at: int) -> None:
        if q == "'":
            reps[at] = APOSTROPHE
        else:
            reps[at] = quote_marks(lang_at(at))[0]  # a quote running on

    for m in _QUOTE.finditer(stream):
        i = m.start()
        q = m.group(0)
        if texts[bisect_right(starts, i) - 1] is None:
            continue
        # A straight quote next to this one is a nesting: before it we open
        # ("'Hi), after it we close (Welt'").
        prev, nxt = (stream[i - 1] if i > 0 else None), (stream[i + 1] if i + 1 < n else None)
        before = "open" if prev in ('"', "'") else _cls(prev)
        after = "close" if nxt in ('"', "'") else _cls(nxt)
        if q == "'":
            if before in ("word", "digit") and after in ("word", "digit"):
                reps[i] = APOSTROPHE
            elif before in ("space", "open") and after == "digit":
                reps[i] = APOSTROPHE  # '90s
            elif before in ("space", "open") and after == "word":
                if _ELISIONS.match(stream, i + 1) and primary(lang_at(i)) == "en":
                    reps[i] = APOSTROPHE
                else:
                    open_(q, i)
            elif after in ("space", "close", "open") and before != "space":
                if not close(q, i):
                    reps[i] = APOSTROPHE  # the students' work
            elif not close(q, i):
                reps[i] = APOSTROPHE
        else:
            open_stack = any(s[0] == '"' for s in stack)
            if before == "digit" and not open_stack:
                continue  # 12" is inches, not a quote
            if before in ("space", "open") and after not in ("space",):
                open_(q, i)
            elif before not in ("space", "open") and after in ("space", "close", "open"):
                if not close(q, i):
                    reps[i] = quote_marks(lang_at(i))[1]
            elif before == "space" and after == "space":
                continue  # a lone mark between spaces: leave it
            elif open_stack:
                close(q, i)
            else:
                open_(q, i)
    for q, at in stack:
        _unmatched(q, at)
    return reps


def _french_replacements(
    texts: list[str | None], kinds: list[Node], langs: list[str]
) -> dict[int, str]:
    """Narrow no-break spaces inside « » and before ; : ! ? in French."""
    stream, starts = _stream(texts, kinds)
    n = len(stream)
    reps: dict[int, str] = {}

    def editable(pos: int) -> bool:
        leaf = bisect_right(starts, pos) - 1
        return texts[leaf] is not None and _is_french(langs[leaf])

    for m in _FRENCH.finditer(stream):
        i = m.start()
        ch = m.group(0)
        if not editable(i):
            continue
        if ch == "«":
            nxt = stream[i + 1] if i + 1 < n else None
            if nxt is None or nxt in _NBSPS or nxt == "\n":
                continue
            if nxt == " ":
                if editable(i + 1):
                    reps[i + 1] = NNBSP
            else:
                reps[i] = "«" + NNBSP
            continue
        prev = stream[i - 1] if i > 0 else None
        if prev is None or prev in _NBSPS or prev == "\n":
            continue
        if ch != "»":
            nxt = stream[i + 1] if i + 1 < n else None
            # "10:30", "http://", "?!" and ";)" are not French punctuation.
            if nxt is not None and not (nxt.isspace() or nxt in "»”’)!?" or nxt == _OBJ):
                continue
            if prev in "!?;:":
                continue
        if prev == " ":
            before = stream[i - 2] if i > 1 else None
            if before is not None and not before.isspace() and editable(i - 1):
                reps[i - 1] = NNBSP
        elif not prev.isspace():
            reps[i] = NNBSP + ch
    return reps
