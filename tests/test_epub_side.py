"""A long book's side work in a child (renderers/epub/side.py): the same EPUB
bytes as doing it all in one process, also when the child fails, has no
cover to draw, or misses a code block."""

from __future__ import annotations

import importlib
import sys

import pytest

from essaykit import api
from essaykit.forked import can_fork
from essaykit.model import CodeBlock, Document
from essaykit.model.walk import query
from essaykit.renderers.epub import side as epub_side
from essaykit.renderers.epub.side import DeferredCode, code_blocks

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

epub = importlib.import_module("essaykit.renderers.epub.renderer")

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork here: everything is done in one process")


@pytest.fixture(scope="module")
def book() -> Document:
    doc = api.prepare(api.loads(synthetic.make_book(words=6_000), path="book.md"))
    assert len(doc.blocks) > 60 and query(doc.blocks, CodeBlock)
    return doc


def _render(doc: Document, monkeypatch: pytest.MonkeyPatch, *, child: bool, jobs: object = 2) -> bytes:
    with monkeypatch.context() as m:
        m.setattr(epub, "EARLY_COVER_BLOCKS", 1 if child else 10**9)
        return api.render(doc, "epub", prepared=True, jobs=jobs)


def test_same_book_with_the_side_work_in_a_child(book: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    real = epub_side.SideWork.start

    def start(*args: object, **kwargs: object) -> object:
        side = real(*args, **kwargs)  # type: ignore[arg-type]
        started.append(side)
        return side

    monkeypatch.setattr(epub_side.SideWork, "start", start)
    forked = _render(book, monkeypatch, child=True)
    assert started and started[0] is not None
    assert forked == _render(book, monkeypatch, child=False)
    # Only when the caller allows more than one process: the library's default is one.
    assert _render(book, monkeypatch, child=True, jobs=None) == forked and started[-1] is None
    assert _render(book, monkeypatch, child=True, jobs=1) == forked and started[-1] is None


def test_same_book_when_the_child_fails(book: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    here = _render(book, monkeypatch, child=False)

    def broken(doc: Document) -> dict:
        raise RuntimeError("no lexers in this child")

    monkeypatch.setattr(epub_side, "highlight_all", broken)
    assert _render(book, monkeypatch, child=True) == here


def test_same_book_when_the_child_misses_code(book: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    here = _render(book, monkeypatch, child=False)
    monkeypatch.setattr(epub_side, "code_blocks", lambda blocks: [])
    assert _render(book, monkeypatch, child=True) == here


def test_same_book_with_a_cover_image_of_its_own(book: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = book.replace(meta=book.meta.__class__(**{**_fields(book.meta), "cover": "missing.png"}))
    here = _render(doc, monkeypatch, child=False)
    assert _render(doc, monkeypatch, child=True) == here


def _fields(meta: object) -> dict:
    import dataclasses

    return {f.name: getattr(meta, f.name) for f in dataclasses.fields(meta)}  # type: ignore[arg-type]


def test_code_blocks_found_without_inline_content(book: Document) -> None:
    assert [id(n) for n in code_blocks(book.blocks)] == [id(n) for n in query(book.blocks, CodeBlock)]


def test_placeholders_filled_in_place() -> None:
    deferred = DeferredCode()
    a = deferred.placeholder("x = 1", "python")
    b = deferred.placeholder("y", None)
    assert deferred.placeholder("x = 1", "python") == a
    page = f"<pre><code>{a}</code></pre><pre><code>{b}</code></pre>{a}".encode()
    filled = deferred.fill(page, {("x = 1", "python"): "<span>x</span> = 1"})
    assert filled == b"<pre><code><span>x</span> = 1</code></pre><pre><code>y</code></pre><span>x</span> = 1"
    assert deferred.fill(b"no code here", {}) == b"no code here"


def test_a_book_of_chapter_divs_counts_the_blocks_inside() -> None:
    from essaykit.model import Div, Paragraph, Text

    chapters = tuple(Div(children=tuple(Paragraph(children=(Text(text="w"),)) for _ in range(40)))
                     for _ in range(20))
    assert epub_side.blocks_reach(chapters, 800)
    assert not epub_side.blocks_reach(chapters, 900)
    assert epub_side.blocks_reach((), 0) and not epub_side.blocks_reach((), 1)
