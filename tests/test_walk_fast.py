"""The traversals in walk.py, tuned for long books, agree with the plain
definitions: every node in document order, the same rebuilt trees, and
``iter_blocks`` finds every block that a full walk finds."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, given, settings

from essaykit import api
from essaykit import model as m
from essaykit.model.walk import iter_blocks, iter_nodes, query, walk

from . import strategies
from .conftest import EXAMPLES, corpus_files


def _children(node: m.Node) -> list[Any]:
    out = []
    for f in dataclasses.fields(node):
        v = getattr(node, f.name)
        if isinstance(v, m.Node) or (isinstance(v, tuple) and v and isinstance(v[0], m.Node)):
            out.append(v)
    return out


def _reference_nodes(tree: Any) -> list[m.Node]:
    out: list[m.Node] = []

    def go(x: Any) -> None:
        if isinstance(x, m.Node):
            out.append(x)
            for v in _children(x):
                go(v)
        elif isinstance(x, tuple):
            for y in x:
                go(y)

    go(tree.blocks if isinstance(tree, m.Document) else tree)
    return out


def _check(doc: m.Document) -> None:
    nodes = list(iter_nodes(doc))
    assert [id(n) for n in nodes] == [id(n) for n in _reference_nodes(doc)]
    blocks = [n for n in nodes if not isinstance(n, m.INLINE_TYPES)]
    assert [id(n) for n in iter_blocks(doc.blocks)] == [id(n) for n in blocks]
    assert walk(doc, lambda n: n) is doc
    bumped = walk(doc, lambda n: dataclasses.replace(n, line=(n.line or 0) + 1))
    assert [n.line for n in iter_nodes(bumped)] == [(n.line or 0) + 1 for n in nodes]
    assert query(doc, m.Heading) == [n for n in nodes if isinstance(n, m.Heading)]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.documents())
def test_generated_documents(doc: m.Document) -> None:
    _check(doc)


def test_real_essays() -> None:
    for path in [EXAMPLES / "essay.md", *corpus_files()]:
        _check(api.prepare(api.load(path)))
