"""What the XHTML writer must know before it writes a word, found in one pass.

Why a module of its own: footnotes are numbered in reading order and live in
the file that first refers to them, and headings get unique ids, so the whole
document (every output file of it) is read once up front. The book assembler
needs the same heading ids, to keep an essay's links to its own headings
working once it is a chapter. Also here: the id prefixes of notes (which
heading ids must avoid), and the field lookup the pass is built on
(:func:`child_fields`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from essaykit.model import (
    Block,
    FootnoteDef,
    FootnoteRef,
    Heading,
    MathBlock,
    MathInline,
    Node,
    plain_text,
)
from essaykit.model.outline import slugify

from .escape import xml_safe

#: Note and back-reference ids use "_", which heading slugs never contain, so
#: a heading called "FN 1" cannot collide with the first footnote.
NOTE_PREFIX = "fn_"
REF_PREFIX = "fnref_"
_RESERVED_ID = re.compile(r"^(fn|fnref)_\d+$")


_CHILD_NAMES = ("image", "term", "caption", "head", "children", "attribution")
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(node: Node) -> tuple[str, ...]:
    """Names of the fields holding a node's child nodes, in reading order
    (a table per type: ``dataclasses.fields`` per node is too slow for a
    90,000-word book)."""
    kind = type(node)
    names = _CHILD_FIELDS.get(kind)
    if names is None:
        present = {f.name for f in dataclasses.fields(node)}
        names = _CHILD_FIELDS[kind] = tuple(n for n in _CHILD_NAMES if n in present)
    return names


@dataclass
class Scan:
    """What the writer needs to know before writing, found in one pass:
    headings (with the group they are in), footnote definitions, and the
    references in reading order — in the text of each group, and inside each
    note (refs inside a note count only once that note is shown)."""

    headings: list[tuple[Heading, int]]
    footnotes: dict[str, FootnoteDef]
    refs: list[list[str]]
    note_refs: dict[str, list[str]]
    has_math: bool


#: What :func:`scan` does with a node, per class: 0 nothing, 1 a footnote
#: reference, 2 a heading, 3 a footnote definition, 4 math; and the fields to
#: descend into. (One table look-up per node instead of four isinstance
#: tests: a book has tens of thousands of text nodes.)
_SCAN_ROLES: dict[type, tuple[int, tuple[str, ...]]] = {}


def _scan_role(kind: type, node: Node) -> tuple[int, tuple[str, ...]]:
    role = 0
    if issubclass(kind, FootnoteRef):
        role = 1
    elif issubclass(kind, Heading):
        role = 2
    elif issubclass(kind, FootnoteDef):
        role = 3
    elif issubclass(kind, (MathInline, MathBlock)):
        role = 4
    entry = _SCAN_ROLES[kind] = (role, child_fields(node))
    return entry


#: Stands on :func:`scan`'s stack where a footnote definition's content ends.
_END_NOTE = object()


def scan(groups: Sequence[tuple[Block, ...]]) -> Scan:
    out = Scan([], {}, [], {}, False)
    roles = _SCAN_ROLES
    for gi, group in enumerate(groups):
        refs: list[str] = []
        out.refs.append(refs)
        owners: list[str | None] = [None]  # the note being read, innermost last
        stack: list[Any] = [group]
        pop, push = stack.pop, stack.append
        while stack:
            item = pop()
            kind = type(item)
            if kind is tuple:
                stack.extend(reversed(item))
                continue
            if item is _END_NOTE:
                owners.pop()
                continue
            entry = roles.get(kind)
            if entry is None:
                if isinstance(item, tuple):  # a tuple subclass, as before
                    stack.extend(reversed(item))
                    continue
                entry = _scan_role(kind, item)
            role, fields = entry
            if role:
                if role == 1:
                    owner = owners[-1]
                    (refs if owner is None else out.note_refs.setdefault(owner, [])).append(item.label)
                elif role == 2:
                    out.headings.append((item, gi))
                elif role == 3:
                    out.footnotes[item.label] = item
                    owners.append(item.label)
                    push(_END_NOTE)
                else:
                    out.has_math = True
            for f in reversed(fields):
                push(getattr(item, f))
    return out


def plan_notes(found: Scan, *, restart: bool = False) -> tuple[dict[str, int], dict[str, int]]:
    """Number the notes that are actually shown, in reading order.

    A note is shown when the text, or a shown note, refers to it; it lives in
    the group (output file) where it is first referenced. Returns the numbers
    and that home group per label. Unreferenced definitions get no number, so
    the numbers have no gaps and no back link points at nothing. With
    ``restart`` the numbers start again at 1 in every group (a book's
    chapters each number their own notes).
    """
    numbers: dict[str, int] = {}
    home: dict[str, int] = {}
    for gi, refs in enumerate(found.refs):
        first = len(numbers) if restart else 0
        queue = list(refs)
        i = 0
        while i < len(queue):
            label = queue[i]
            i += 1
            if label in numbers or label not in found.footnotes:
                continue
            numbers[label] = len(numbers) - first + 1
            home[label] = gi
            queue.extend(found.note_refs.get(label, ()))
    return numbers, home


def heading_ids(headings: Sequence[Heading]) -> dict[int, str]:
    """A unique id for every heading (keyed by ``id(node)``): the author's
    id when it is usable, else a slug of its text; ``-2``, ``-3`` on repeats."""
    seen: set[str] = set()
    out: dict[int, str] = {}
    for h in headings:
        given = re.sub(r"\s+", "-", xml_safe(h.id or "").strip())
        base = given or slugify(plain_text(h.children))
        if _RESERVED_ID.match(base):
            base = "h-" + base
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        out[id(h)] = candidate
    return out
