"""``essaykit export -t pdf,epub,pptx`` renders the other formats in a forked
child while the PDF is laid out: same bytes, same warnings in format order,
the first error in format order."""

from __future__ import annotations

from typing import Any

import pytest

from essaykit import api, cli
from essaykit.errors import EssayError, Warning_


def _fake(fail: str | None = None) -> Any:
    def render(doc: Any, fmt: str, theme: Any, *, prepared: bool, warn: Any, **options: Any) -> bytes:
        warn(Warning_(f"before {fmt}"))
        if fmt == fail:
            raise EssayError(f"{fmt} failed", path="essay.md", line=3)
        warn(Warning_(f"after {fmt}"))
        return fmt.encode() * 1000  # more than a pipe holds at once
    return render


@pytest.mark.parametrize("forking", [True, False])
def test_same_results_and_warnings_in_format_order(monkeypatch: pytest.MonkeyPatch, forking: bool) -> None:
    monkeypatch.setattr(api, "render", _fake())
    monkeypatch.setattr(cli, "_can_fork", lambda: forking)
    seen: list[str] = []
    out = cli._render_formats(None, ["epub", "pdf", "pptx"], None, {}, lambda w: seen.append(w.message))
    assert out == [b"epub" * 1000, b"pdf" * 1000, b"pptx" * 1000]
    assert seen == ["before epub", "after epub", "before pdf", "after pdf", "before pptx", "after pptx"]


@pytest.mark.parametrize("fail", ["pdf", "epub", "pptx"])
def test_first_error_in_format_order(monkeypatch: pytest.MonkeyPatch, fail: str) -> None:
    monkeypatch.setattr(api, "render", _fake(fail))
    monkeypatch.setattr(cli, "_can_fork", lambda: True)
    seen: list[str] = []
    fmts = ["pdf", "epub", "pptx"]
    with pytest.raises(EssayError) as info:
        cli._render_formats(None, fmts, None, {}, lambda w: seen.append(w.message))
    assert str(info.value) == f"essay.md:3: {fail} failed"
    done = fmts[: fmts.index(fail)]
    assert seen == [m for f in done for m in (f"before {f}", f"after {f}")] + [f"before {fail}"]


def test_epub_cover_drawn_in_a_child_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    epub = importlib.import_module("essaykit.render.epub")
    doc = api.loads("---\ntitle: A Long Book\nauthor: Ines Okafor\n---\n\nSome prose here.\n")
    monkeypatch.setattr(epub, "EARLY_COVER_BLOCKS", 10**9)
    here = api.render(doc, "epub")
    monkeypatch.setattr(epub, "EARLY_COVER_BLOCKS", 0)
    early = epub._early_cover(api.prepare(doc), None, "t", "en")  # type: ignore[arg-type]
    assert early is not None
    early.cancel()
    assert api.render(doc, "epub") == here
