"""The JSON form of a :class:`~essaykit.model.Document`.

Shape (modelled on pandoc's JSON AST, with names instead of positions)::

    {"essaykit": "1.0",
     "meta": {"title": "...", "date": "2020-05-08", ...},
     "blocks": [{"type": "Paragraph", "line": 3,
                 "children": [{"type": "Text", "text": "Hi"}]}]}

Nodes are objects with a ``"type"``; tuples become arrays and come back as
tuples. ``line`` is written when known, so a document that went through JSON
still points its warnings at the source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any

from ..errors import EssayError
from .nodes import NODE_TYPES, SCHEMA_VERSION, Block, Metadata, Node

_META_FIELDS = {f.name for f in dataclasses.fields(Metadata)}
#: Characters no output format can carry (XML 1.0 forbids C0 controls other
#: than tab and line end); an escape (``"\\u0001"`` in JSON, YAML or TOML)
#: must not bring back what the readers drop from raw text.
#: Nor half a surrogate pair (``"\\ud800"``): no encoder writes one.
_UNSAYABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sayable(value: Any) -> Any:
    """``value`` (text, or lists and tables of it) without those characters."""
    if isinstance(value, str):
        return _UNSAYABLE.sub("", value) if _UNSAYABLE.search(value) else value
    if isinstance(value, list):
        return [sayable(v) for v in value]
    if isinstance(value, dict):
        return {sayable(k) if isinstance(k, str) else k: sayable(v) for k, v in value.items()}
    return value


def node_to_data(value: Any) -> Any:
    """Nodes to dicts, tuples to lists; everything else as it is."""
    if isinstance(value, Node):
        data: dict[str, Any] = {"type": type(value).__name__}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.name == "line":
                if item is not None:
                    data["line"] = item
                continue
            data[f.name] = node_to_data(item)
        return data
    if isinstance(value, tuple):
        return [node_to_data(v) for v in value]
    return value


def node_from_data(value: Any) -> Any:
    """The inverse of :func:`node_to_data`: dicts with a type become nodes,
    lists become tuples."""
    if isinstance(value, list):
        return tuple(node_from_data(v) for v in value)
    if isinstance(value, dict):
        kind = value.get("type")
        cls = NODE_TYPES.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise EssayError(f"JSON: unknown node type {kind!r}")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(value) - known - {"type"}
        if unknown:
            raise EssayError(f"JSON: {kind} has unknown fields {sorted(unknown)}")
        kwargs = {k: node_from_data(v) for k, v in value.items() if k != "type"}
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise EssayError(f"JSON: bad {kind}: {exc}") from None
    return value


def _meta_to_data(meta: Metadata) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in dataclasses.fields(meta):
        value = getattr(meta, f.name)
        if f.name == "date":
            value = value.isoformat() if value is not None else None
        elif isinstance(value, tuple):
            value = list(value)
        data[f.name] = value
    return data


def _meta_from_data(data: dict[str, Any]) -> Metadata:
    unknown = set(data) - _META_FIELDS
    if unknown:
        raise EssayError(f"JSON: meta has unknown fields {sorted(unknown)}")
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key == "date" and value is not None:
            value = dt.date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[key] = value
    return Metadata(**kwargs)


def to_data(meta: Metadata, blocks: tuple[Block, ...]) -> dict[str, Any]:
    return {
        "essaykit": SCHEMA_VERSION,
        "meta": _meta_to_data(meta),
        "blocks": node_to_data(blocks),
    }


def from_data(data: Any) -> tuple[Metadata, tuple[Block, ...]]:
    if not isinstance(data, dict) or "essaykit" not in data:
        raise EssayError("JSON: not an essaykit document (no 'essaykit' version key)")
    version = str(data["essaykit"])
    major = version.split(".", 1)[0]
    if major != SCHEMA_VERSION.split(".", 1)[0]:
        raise EssayError(
            f"JSON: document model version {version} is not supported "
            f"(this essaykit reads {SCHEMA_VERSION.split('.')[0]}.x)"
        )
    meta = _meta_from_data(data.get("meta") or {})
    blocks = node_from_data(data.get("blocks") or [])
    return meta, blocks


def dumps(meta: Metadata, blocks: tuple[Block, ...], **dumps_kwargs: Any) -> str:
    dumps_kwargs.setdefault("ensure_ascii", False)
    return json.dumps(to_data(meta, blocks), **dumps_kwargs)


def loads(text: str | bytes) -> tuple[Metadata, tuple[Block, ...]]:
    try:
        data = sayable(json.loads(text))
    except json.JSONDecodeError as exc:
        raise EssayError(f"JSON: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise EssayError("JSON: nested too deeply") from None
    return from_data(data)
