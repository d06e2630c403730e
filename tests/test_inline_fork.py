"""A long text's inline step split over two processes (speedups/inline_fork.py)
gives exactly the tokens, and so the document, of one process."""

from __future__ import annotations

import sys

import pytest

from essaykit.forked import can_fork
from essaykit.reader import parser, read_text
from essaykit.reader.frontmatter import split
from essaykit.speedups import inline_fork

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork here: the serial path is the only one")


def _notes_book() -> str:
    """Footnotes referenced in the first half only, the second only, both,
    from inside other notes, twice, in another case, and never."""
    parts = []
    for i in range(60):
        refs = []
        if i < 30:
            refs.append(f"[^a{i % 5}]")
        if i >= 30:
            refs.append(f"[^b{i % 4}]")
        if i % 7 == 0:
            refs.append("[^Both]" if i % 2 else "[^both]")
        parts.append(f"## Part {i}\n\nSome words here, and more{''.join(refs)}. The end of it.\n")
    notes = [f"[^a{k}]: First-half note {k}." for k in range(5)]
    notes += [f"[^b{k}]: Second-half note {k}, see also[^inner]." for k in range(4)]
    notes += ["[^both]: Cited from both halves.", "[^inner]: Cited only inside notes.",
              "[^never]: Never cited."]
    return "\n".join(parts) + "\n" + "\n\n".join(notes) + "\n"


def _tokens(body: str, monkeypatch: pytest.MonkeyPatch, *, fork: bool) -> list[dict]:
    with monkeypatch.context() as m:
        m.setattr(inline_fork, "FORK_CHARS", 0 if fork else 10**12)
        return parser.parse_tokens(body)


@pytest.mark.parametrize("text", [synthetic.make_book(words=12_000), _notes_book()], ids=["book", "notes"])
def test_same_tokens_and_document_as_one_process(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = split(text, None).body
    forked = _tokens(body, monkeypatch, fork=True)
    assert forked == _tokens(body, monkeypatch, fork=False)
    with monkeypatch.context() as m:
        m.setattr(inline_fork, "FORK_CHARS", 0)
        doc_forked = read_text(text, path="book.md", lang="en")
    with monkeypatch.context() as m:
        m.setattr(inline_fork, "FORK_CHARS", 10**12)
        doc_serial = read_text(text, path="book.md", lang="en")
    assert doc_forked == doc_serial


def test_the_child_really_parses_the_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = inline_fork._finish

    def finish(child: object, env: dict) -> object:
        out = real(child, env)
        calls.append(len(out or []))
        return out

    monkeypatch.setattr(inline_fork, "_finish", finish)
    _tokens(split(_notes_book(), None).body, monkeypatch, fork=True)
    assert calls and calls[0] > 0


def test_a_failing_child_leaves_the_tail_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    body = split(_notes_book(), None).body
    serial = _tokens(body, monkeypatch, fork=False)

    class Broken:
        @staticmethod
        def dumps(value: object) -> bytes:
            raise ValueError("cannot send")

        loads = staticmethod(inline_fork.marshal.loads)

    monkeypatch.setattr(inline_fork, "marshal", Broken)
    assert _tokens(body, monkeypatch, fork=True) == serial


def test_short_texts_are_not_split(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(*args: object) -> None:
        raise AssertionError("forked for a short text")

    monkeypatch.setattr(inline_fork, "_start", no_fork)
    parser.parse_tokens("A short essay.\n\nTwo paragraphs.\n")


def test_gc_is_left_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    _tokens(split(_notes_book(), None).body, monkeypatch, fork=True)
    assert gc.get_freeze_count() == 0
