"""The writer's one-pass scan (renderers/xhtml/writer.py ``scan``), table-driven for
speed, finds what the plain isinstance walk it replaced found: headings with
their group, footnote definitions, references in the text and inside notes,
math."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaykit import api
from essaykit import model as m
from essaykit.renderers.xhtml.writer import Scan, child_fields, scan

from .conftest import EXAMPLES, corpus_files


def _reference_scan(groups: list[tuple[m.Block, ...]]) -> Scan:
    """The scan as first written (before the per-class table)."""
    out = Scan([], {}, [], {}, False)
    for gi, group in enumerate(groups):
        refs: list[str] = []
        out.refs.append(refs)
        stack: list[tuple[Any, str | None]] = [(group, None)]
        while stack:
            item, owner = stack.pop()
            if isinstance(item, tuple):
                stack.extend((x, owner) for x in reversed(item))
                continue
            if isinstance(item, m.FootnoteRef):
                (refs if owner is None else out.note_refs.setdefault(owner, [])).append(item.label)
            elif isinstance(item, m.Heading):
                out.headings.append((item, gi))
            elif isinstance(item, m.FootnoteDef):
                out.footnotes[item.label] = item
                owner = item.label
            elif isinstance(item, (m.MathInline, m.MathBlock)):
                out.has_math = True
            fields = child_fields(item)
            if fields:
                stack.extend((getattr(item, f), owner) for f in reversed(fields))
    return out


def _same(groups: list[tuple[m.Block, ...]]) -> None:
    got, want = scan(groups), _reference_scan(groups)
    assert [(id(h), g) for h, g in got.headings] == [(id(h), g) for h, g in want.headings]
    assert {k: id(v) for k, v in got.footnotes.items()} == {k: id(v) for k, v in want.footnotes.items()}
    assert got.refs == want.refs and got.note_refs == want.note_refs and got.has_math == want.has_math


labels = st.sampled_from(["a", "b", "c"])
leaf = st.one_of(
    st.builds(lambda t: m.Text(text=t), st.text(max_size=3)),
    st.builds(lambda lb: m.FootnoteRef(label=lb), labels),
    st.just(m.MathInline(text="x")),
    st.just(m.SoftBreak()),
)
inline = st.recursive(leaf, lambda inner: st.one_of(
    st.builds(lambda c: m.Emph(children=tuple(c)), st.lists(inner, max_size=3)),
    st.builds(lambda c: m.Link(children=tuple(c), url="#x"), st.lists(inner, max_size=3)),
), max_leaves=8)
inlines = st.lists(inline, max_size=4).map(tuple)
block_leaf = st.one_of(
    st.builds(lambda c: m.Paragraph(children=c), inlines),
    st.builds(lambda c: m.Heading(level=2, children=c), inlines),
    st.just(m.MathBlock(text="y")),
    st.builds(lambda c, a: m.Figure(image=m.Image(src="i.png"), caption=c), inlines, inlines),
    st.builds(lambda c, a: m.PullQuote(children=c, attribution=a), inlines, inlines),
)
block = st.recursive(block_leaf, lambda inner: st.one_of(
    st.builds(lambda c: m.BlockQuote(children=tuple(c)), st.lists(inner, max_size=3)),
    st.builds(lambda lb, c: m.FootnoteDef(label=lb, children=tuple(c)), labels, st.lists(inner, max_size=3)),
    st.builds(lambda c: m.BulletList(children=tuple(m.ListItem(children=(x,)) for x in c)),
              st.lists(inner, max_size=3)),
    st.builds(lambda t, c: m.DefinitionList(children=(m.DefinitionItem(term=t, children=tuple(c)),)),
              inlines, st.lists(inner, max_size=2)),
), max_leaves=10)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(block, max_size=5).map(tuple), min_size=1, max_size=3))
def test_scan_agrees_on_generated_trees(groups: list[tuple[m.Block, ...]]) -> None:
    _same(groups)


def test_scan_agrees_on_real_essays() -> None:
    for path in [EXAMPLES / "essay.md", *corpus_files()]:
        doc = api.prepare(api.load(path))
        _same([doc.blocks])
        half = len(doc.blocks) // 2
        _same([doc.blocks[:half], doc.blocks[half:]])
