"""Work a long book's EPUB hands to a forked child while its chapters are written here:
the code highlighted and the cover drawn (both cost most when cold). Only when the caller
allows more than one process (``jobs``).

The writer puts a placeholder where each highlighted block goes (:class:`DeferredCode`:
NUL, which no other part of an XHTML file can hold, and a random tag of this run), filled
with the child's HTML once the chapters are written, so the files are the same as when
highlighting inline. If the child fails, everything is done here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
from collections.abc import Callable
from typing import Any

from essaykit.model import CodeBlock, Document
from essaykit.model.walk import iter_blocks

from ..xhtml.writer import xml_safe

__all__ = ["SideWork", "DeferredCode"]

Key = tuple[str, "str | None"]


class DeferredCode:
    """Placeholders for highlighted code, filled in once it is known."""

    def __init__(self) -> None:
        self.tag = os.urandom(8).hex()
        self.keys: list[Key] = []
        self._index: dict[Key, int] = {}
        self._pattern = re.compile(b"\x00" + self.tag.encode() + rb":(\d+)\x00")

    def placeholder(self, code: str, language: str | None) -> str:
        """Stands for ``highlight_html(code, language)``."""
        key = (code, language)
        n = self._index.get(key)
        if n is None:
            n = self._index[key] = len(self.keys)
            self.keys.append(key)
        return f"\x00{self.tag}:{n}\x00"

    def fill(self, data: bytes, html: dict[Key, str]) -> bytes:
        """``data`` with every placeholder replaced by its code's HTML
        (from ``html``, else highlighted here)."""
        if b"\x00" not in data:
            return data
        done: dict[int, bytes] = {}

        def one(m: re.Match[bytes]) -> bytes:
            n = int(m.group(1))
            if n not in done:
                key = self.keys[n]
                out = html.get(key)
                if out is None:
                    from ..xhtml.highlight import highlight_html

                    out = highlight_html(*key)
                done[n] = out.encode("utf-8")
            return done[n]

        return self._pattern.sub(one, data)


class SideWork:
    """The child doing a long book's side work, or nothing to wait for.

    The highlighted code is needed first (before the fonts are cut to the
    book's characters), the cover last: the child sends the code through a
    pipe of its own as soon as it is done, then draws the cover, which comes
    back as the child's result."""

    def __init__(self, child: Any, code_pipe: int | None, draws_cover: bool) -> None:
        self.child = child
        self.code_pipe = code_pipe
        self.draws_cover = draws_cover

    @classmethod
    def start(cls, doc: Document, ctx: Any, title: str, lang: str, min_blocks: int,
              warm: Callable[[], object] | None = None) -> SideWork | None:
        """Fork the child for a book of at least ``min_blocks`` top-level
        blocks, when the caller allows more than one process (the ``jobs``
        option) and fork is possible; else None. ``warm`` runs first when the
        child will draw the cover: look-ups this process needs later anyway
        and the cover needs too, done once for both."""
        from essaykit.forked import Forked, may_fork

        jobs = ctx.option("jobs") if ctx is not None else None
        if not blocks_reach(doc.blocks, min_blocks) or not may_fork(jobs):
            return None
        draws_cover = not doc.meta.cover
        if draws_cover and warm is not None:
            warm()
        read, write = os.pipe()
        _roomy(write)

        def work() -> tuple[bytes, list[str]] | None:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps(highlight_all(doc)))
            if not draws_cover:
                return None
            from .cover import generate_cover

            held: list[str] = []
            return generate_cover(doc.meta, title, lang, ctx.theme, held.append), held

        try:
            child = Forked(work)
        except OSError:
            os.close(read)
            return None
        finally:
            os.close(write)
        return cls(child, read, draws_cover)

    def highlights(self) -> dict[Key, str]:
        """The child's highlighted code by (code, language); empty when it
        failed (the caller highlights it then)."""
        if self.code_pipe is None:
            return {}
        try:
            with os.fdopen(self.code_pipe, "rb") as src:
                data = src.read()
            return dict(pickle.loads(data)) if data else {}
        except Exception:  # a child that died half-way: highlight here
            return {}
        finally:
            self.code_pipe = None

    def cover(self) -> tuple[bytes, list[str]] | None:
        """The drawn cover and the warnings drawing it gave, or None (not
        asked for, or the child failed: the caller draws it)."""
        if not self.draws_cover:
            return None
        try:
            result = self.child.result()
        except Exception:
            return None
        return (result[0], list(result[1])) if result else None

    def cancel(self) -> None:
        if self.code_pipe is not None:
            with contextlib.suppress(OSError):
                os.close(self.code_pipe)
            self.code_pipe = None
        self.child.cancel()


def _roomy(fd: int) -> None:
    """Let the pipe hold a big book's code, so the child never waits for this
    process to read before it can draw the cover (Linux; best effort)."""
    import fcntl

    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, size, 1 << 20)


def highlight_all(doc: Document) -> dict[Key, str]:
    """Every code block of ``doc`` highlighted as the writer would."""
    from ..xhtml.highlight import highlight_html

    out: dict[Key, str] = {}
    for node in code_blocks(doc.blocks):
        key = (xml_safe(node.text), node.language)
        if key not in out:
            out[key] = highlight_html(*key)
    return out


def blocks_reach(blocks: tuple[Any, ...], count: int) -> bool:
    """Whether there are at least ``count`` blocks, counting those inside
    containers too: a book made of chapter divs is as long as its chapters."""
    return count <= 0 or any(i + 1 >= count for i, _ in enumerate(iter_blocks(blocks)))


def code_blocks(blocks: tuple[Any, ...]) -> list[CodeBlock]:
    """The code blocks among ``blocks`` and their descendants (never inside
    a paragraph, so inline content is not visited). One missed would still
    be highlighted, by the writer."""
    return [node for node in iter_blocks(blocks) if isinstance(node, CodeBlock)]
