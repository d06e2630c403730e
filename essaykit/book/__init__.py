"""Books: many essays, one book (``essaykit book book.toml``).

``manifest`` reads and checks ``book.toml``; ``assemble`` turns the
prepared chapters into one :class:`~essaykit.model.Document` (chapters,
parts and matter pages as classed divs); ``build`` renders it to every
format; ``decks`` plans the talk decks; ``cache`` and ``watch`` make
rebuilding after an edit cheap.
"""

from __future__ import annotations

from .assemble import Loaded, assemble
from .build import BookOptions, Progress, load_book, output_name
from .cache import ChapterCache
from .entry import build_book
from .manifest import Entry, Manifest, Part, parse_manifest, read_manifest

__all__ = [
    "BookOptions",
    "ChapterCache",
    "Entry",
    "Loaded",
    "Manifest",
    "Part",
    "Progress",
    "assemble",
    "build_book",
    "load_book",
    "output_name",
    "parse_manifest",
    "read_manifest",
]
