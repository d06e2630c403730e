"""The document model: frozen data, JSON round-trip, walk/query, sections."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings

from essaykit import model as m
from essaykit.errors import EssayError
from essaykit.model.outline import sections, slugify, unique_ids
from essaykit.model.walk import iter_nodes, query, walk

from .strategies import documents


def test_nodes_are_frozen_slotted_keyword_only() -> None:
    node = m.Text(text="hi")
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.text = "no"  # type: ignore[misc]
    assert not hasattr(node, "__dict__")
    with pytest.raises(TypeError):
        m.Text("positional")  # type: ignore[misc]


def test_line_takes_no_part_in_equality() -> None:
    assert m.Text(text="a", line=1) == m.Text(text="a", line=99)


def test_every_node_type_is_registered_once() -> None:
    assert len(m.NODE_TYPES) == len(m.INLINE_TYPES) + len(m.BLOCK_TYPES)


@settings(max_examples=60, deadline=None)
@given(documents())
def test_json_round_trip(doc: m.Document) -> None:
    text = doc.to_json()
    again = m.Document.from_json(text)
    assert again == doc
    assert again.to_json() == text


def test_json_keeps_lines_and_version() -> None:
    doc = m.Document(blocks=(m.Paragraph(children=(m.Text(text="x"),), line=7),))
    data = json.loads(doc.to_json())
    assert data["essaykit"] == m.SCHEMA_VERSION
    assert data["blocks"][0] == {"type": "Paragraph", "line": 7, "children": [{"type": "Text", "text": "x"}]}
    assert m.Document.from_json(doc.to_json()).blocks[0].line == 7


def test_json_newer_minor_loads_other_major_refused() -> None:
    data = json.loads(m.Document().to_json())
    data["essaykit"] = "1.9"
    assert m.Document.from_json(json.dumps(data)) == m.Document()
    data["essaykit"] = "2.0"
    with pytest.raises(EssayError, match="version 2.0"):
        m.Document.from_json(json.dumps(data))


def test_json_errors_are_clear() -> None:
    with pytest.raises(EssayError, match="unknown node type 'Nope'"):
        m.Document.from_json('{"essaykit": "1.0", "blocks": [{"type": "Nope"}]}')
    with pytest.raises(EssayError, match="not an essaykit document"):
        m.Document.from_json("[]")
    with pytest.raises(EssayError, match="JSON"):
        m.Document.from_json("{")


def test_walk_replaces_splices_and_deletes() -> None:
    doc = m.Document(
        blocks=(
            m.Paragraph(children=(m.Text(text="a"), m.Emph(children=(m.Text(text="b"),)))),
            m.ThematicBreak(),
        )
    )

    def fn(node: m.Node) -> object:
        if isinstance(node, m.Text):
            return m.Text(text=node.text.upper())
        if isinstance(node, m.Emph):
            return node.children  # splice: unwrap
        if isinstance(node, m.ThematicBreak):
            return ()
        return node

    out = walk(doc, fn)
    assert out.blocks == (m.Paragraph(children=(m.Text(text="A"), m.Text(text="B"))),)


def test_walk_keeps_identity_when_nothing_changes() -> None:
    doc = m.Document(blocks=(m.Paragraph(children=(m.Text(text="a"),)),))
    assert walk(doc, lambda n: n) is doc


def test_query_in_document_order() -> None:
    doc = m.Document(
        blocks=(
            m.Heading(level=1, children=(m.Text(text="one"),)),
            m.BlockQuote(children=(m.Paragraph(children=(m.Text(text="two"),)),)),
            m.Figure(image=m.Image(src="a.png", alt="three")),
        )
    )
    assert [t.text for t in query(doc, m.Text)] == ["one", "two"]
    assert [i.alt for i in query(doc, m.Image)] == ["three"]
    assert sum(1 for _ in iter_nodes(doc)) == 7


def test_sections_tree() -> None:
    h = lambda lvl, t: m.Heading(level=lvl, children=(m.Text(text=t),))  # noqa: E731
    p = lambda t: m.Paragraph(children=(m.Text(text=t),))  # noqa: E731
    doc = m.Document(blocks=(p("intro"), h(2, "A"), p("a"), h(3, "A.1"), p("a1"), h(2, "B"), p("b")))
    secs = sections(doc)
    assert [s.title for s in secs] == ["", "A", "B"]
    assert secs[1].subsections[0].title == "A.1"
    assert m.plain_text(secs[1].all_blocks()).split() == ["a", "A.1", "a1"]


def test_slugs_are_unique_and_xml_safe() -> None:
    assert unique_ids(["Intro", "Intro", "日本語", "1999"]) == ["intro", "intro-2", "s-日本語", "s-1999"]
    assert slugify("") == "section"


def test_plain_text_collects_words() -> None:
    para = m.Paragraph(
        children=(m.Text(text="A"), m.SoftBreak(), m.Strong(children=(m.Text(text="b"),)), m.FootnoteRef(label="1"))
    )
    assert m.plain_text(para) == "A b"
