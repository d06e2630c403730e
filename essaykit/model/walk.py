"""Generic traversal: ``walk`` to rewrite any node type, ``query`` to collect.

Every transform is built on these two, so none of them needs to know the
shape of nodes it does not care about.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from . import INLINE_TYPES, CodeBlock, Document, Node

T = TypeVar("T")

#: What a walk function may return: the node (keep), another node (replace),
#: a sequence of nodes (splice into the parent; empty deletes).
Replacement = Any


#: Field names per node class (``dataclasses.fields`` is slow to call for
#: each of a book's tens of thousands of nodes).
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
#: Per node class, the fields that may hold nodes: all but those declared
#: as plain values (a Text's ``text``, every node's ``line``), so the many
#: leaves of a book cost no attribute reads at all.
_NODE_FIELDS: dict[type, tuple[str, ...]] = {}
_SCALAR_TYPES = frozenset(
    {"str", "str | None", "int", "int | None", "bool", "bool | None", "tuple[str, ...]"}
)


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _node_fields(cls: type) -> tuple[str, ...]:
    names = _NODE_FIELDS.get(cls)
    if names is None:
        names = _NODE_FIELDS[cls] = tuple(
            f.name
            for f in dataclasses.fields(cls)
            if not (isinstance(f.type, str) and f.type in _SCALAR_TYPES)
            and f.type not in (str, int, bool)
        )
    return names


def _child_fields(node: Node) -> list[str]:
    """The fields of ``node`` that hold a node or a tuple of nodes."""
    out = []
    names = _NODE_FIELDS.get(type(node))
    if names is None:
        names = _node_fields(type(node))
    for name in names:
        value = getattr(node, name)
        if isinstance(value, Node) or (
            isinstance(value, tuple) and value and isinstance(value[0], Node)
        ):
            out.append(name)
    return out


def walk(tree: T, fn: Callable[[Node], Replacement]) -> T:
    """Rebuild ``tree`` bottom-up, children first, calling ``fn`` on each node.

    ``tree`` may be a Document, a node or a tuple of nodes. Unchanged subtrees
    are returned as the same objects, so a pass that changes nothing is cheap
    and ``result is tree`` tells whether anything changed.
    """
    if isinstance(tree, Document):
        blocks = _walk_seq(tree.blocks, fn)
        return tree if blocks is tree.blocks else dataclasses.replace(tree, blocks=blocks)  # type: ignore[return-value]
    if isinstance(tree, tuple):
        return _walk_seq(tree, fn)  # type: ignore[return-value]
    if isinstance(tree, Node):
        result = _walk_node(tree, fn)
        return result  # type: ignore[return-value]
    raise TypeError(f"cannot walk {type(tree).__name__}")


def _walk_node(node: Node, fn: Callable[[Node], Replacement]) -> Replacement:
    names = _NODE_FIELDS.get(type(node))
    if names is None:
        names = _node_fields(type(node))
    changes: dict[str, Any] | None = None
    for name in names:  # (what _child_fields selects, read once)
        value = getattr(node, name)
        if isinstance(value, tuple):
            if not value or not isinstance(value[0], Node):
                continue
            new = _walk_seq(value, fn)
        elif isinstance(value, Node):
            new = _walk_node(value, fn)
            if not isinstance(new, Node):
                raise TypeError(f"{type(node).__name__}.{name} must stay a single node")
        else:
            continue
        if new is not value:
            if changes is None:
                changes = {}
            changes[name] = new
    if changes:
        node = dataclasses.replace(node, **changes)
    return fn(node)


def _walk_seq(seq: tuple[Any, ...], fn: Callable[[Node], Replacement]) -> tuple[Any, ...]:
    out: list[Any] = []
    changed = False
    for item in seq:
        if not isinstance(item, Node):
            out.append(item)
            continue
        new = _walk_node(item, fn)
        if isinstance(new, Node):
            out.append(new)
            changed = changed or new is not item
        elif isinstance(new, Sequence) and not isinstance(new, str):
            out.extend(new)
            changed = True
        elif new is None:
            changed = True
        else:
            raise TypeError(f"walk function returned {type(new).__name__}")
    return tuple(out) if changed else seq


def iter_nodes(tree: Any) -> Iterator[Node]:
    """Every node in document order (parents before children)."""
    if isinstance(tree, Document):
        tree = tree.blocks
    fields = _NODE_FIELDS
    # Depth first with a stack of iterators rather than nested generators.
    stack: list[Iterator[Any]] = [iter((tree,))]
    while stack:
        for item in stack[-1]:
            if isinstance(item, Node):
                yield item
                names = fields.get(type(item))
                if names is None:
                    names = _node_fields(type(item))
                if names:  # (the values _child_fields selects)
                    kids = [
                        v for v in [getattr(item, n) for n in names]
                        if isinstance(v, Node) or (isinstance(v, tuple) and v and isinstance(v[0], Node))
                    ]
                    if kids:
                        stack.append(iter(kids))
                        break
            elif isinstance(item, tuple):
                stack.append(iter(item))
                break
        else:
            stack.pop()


def iter_blocks(blocks: tuple[Any, ...]) -> Iterator[Node]:
    """Block nodes in document order (parents first), not descending into
    inline content, which holds no blocks: a few thousand nodes of a book
    instead of tens of thousands. (A code block's text is not descended.)"""
    stack: list[Any] = list(reversed(blocks))
    while stack:
        node = stack.pop()
        if not isinstance(node, Node) or isinstance(node, INLINE_TYPES):
            continue
        yield node
        if isinstance(node, CodeBlock):
            continue
        for name in reversed(_child_fields(node)):
            value = getattr(node, name)
            items = value if isinstance(value, tuple) else (value,)
            if items and not isinstance(items[0], INLINE_TYPES):
                stack.extend(reversed(items))


def query(tree: Any, kind: type[T] | tuple[type, ...]) -> list[T]:
    """All nodes of ``kind`` in document order."""
    return [n for n in iter_nodes(tree) if isinstance(n, kind)]  # type: ignore[misc]
