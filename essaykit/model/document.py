"""The document: metadata and blocks, the one value every stage passes on."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from . import jsonform
from .nodes import Block, Metadata

__all__ = ["Document"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    meta: Metadata = field(default_factory=Metadata)
    blocks: tuple[Block, ...] = ()
    #: Path of the file the document was read from; resolves relative images.
    source: str | None = field(default=None, compare=False, repr=False)

    def to_json(self, **dumps_kwargs: Any) -> str:
        return jsonform.dumps(self.meta, self.blocks, **dumps_kwargs)

    @staticmethod
    def from_json(text: str | bytes) -> Document:
        meta, blocks = jsonform.loads(text)
        return Document(meta=meta, blocks=blocks)

    def replace(self, **changes: Any) -> Document:
        return dataclasses.replace(self, **changes)
