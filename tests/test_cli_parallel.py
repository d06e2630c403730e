"""``essaykit export`` with a PDF: the PDF is rendered in a child process
that got WeasyPrint ready while this one read the essay, and the other
formats here meanwhile: same bytes, same warnings in format order, the
first error in format order."""

from __future__ import annotations

import contextlib
import zipfile
from typing import Any

import pytest

from essaykit import api, cli, forked, prewarm
from essaykit.errors import EssayError, Warning_


def _fake(fail: str | None = None) -> Any:
    def render(doc: Any, fmt: str, theme: Any, options: dict[str, Any], warn: Any) -> bytes:
        warn(Warning_(f"before {fmt}"))
        if fmt == fail:
            raise EssayError(f"{fmt} failed", path="essay.md", line=3)
        warn(Warning_(f"after {fmt}"))
        return fmt.encode() * 100_000  # more than a pipe holds at once
    return render


def _child(monkeypatch: pytest.MonkeyPatch, forking: bool) -> Any:
    from essaykit.renderers.pdf.renderer import PdfRenderer

    # The fake api.render_prepared stands for the whole PDF: the child gets the document.
    monkeypatch.delattr(PdfRenderer, "prepare_job")
    monkeypatch.setattr(prewarm, "can_fork", lambda: forking)
    monkeypatch.setattr(prewarm, "warm_hook", lambda fmt: (lambda pending=None: None))
    return prewarm.renderer_child("pdf", jobs="auto") or contextlib.nullcontext()


@pytest.mark.parametrize("forking", [True, False])
def test_same_results_and_warnings_in_format_order(monkeypatch: pytest.MonkeyPatch, forking: bool) -> None:
    monkeypatch.setattr(api, "render_prepared", _fake())
    seen: list[str] = []
    with _child(monkeypatch, forking) as child:
        assert (child is not None) is forking
        for _ in range(2):  # one child serves every input of the export
            seen.clear()
            out = cli._render_formats(None, ["epub", "pdf", "pptx"], None, {},
                                      lambda w: seen.append(w.message), child)
            assert out == [b"epub" * 100_000, b"pdf" * 100_000, b"pptx" * 100_000]
            assert seen == ["before epub", "after epub", "before pdf", "after pdf",
                            "before pptx", "after pptx"]


@pytest.mark.parametrize("fail", ["pdf", "epub", "pptx"])
def test_first_error_in_format_order(monkeypatch: pytest.MonkeyPatch, fail: str) -> None:
    monkeypatch.setattr(api, "render_prepared", _fake(fail))
    seen: list[str] = []
    fmts = ["pdf", "epub", "pptx"]
    with _child(monkeypatch, True) as child, pytest.raises(EssayError) as info:
        cli._render_formats(None, fmts, None, {}, lambda w: seen.append(w.message), child)
    assert str(info.value) == f"essay.md:3: {fail} failed"
    done = fmts[: fmts.index(fail)]
    assert seen == [m for f in done for m in (f"before {f}", f"after {f}")] + [f"before {fail}"]


def test_export_with_a_prewarmed_pdf_matches_a_serial_one(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real thing: ``essaykit export`` through the prewarmed child gives
    the same EPUB and PPTX bytes and a PDF with the same text as a serial run."""
    from click.testing import CliRunner
    from pypdf import PdfReader

    src = tmp_path / "essay.md"
    src.write_text("---\ntitle: Two Ways\nauthor: Ines Okafor\ndate: 2024-03-01\n---\n\n"
                   "# Start\n\nSome prose, with a [link](https://example.org).\n\n"
                   "![missing](nowhere.png)\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same timestamps in both runs
    runs = {}
    for name, forking in (("forked", True), ("serial", False)):
        monkeypatch.setattr(prewarm, "can_fork", lambda forking=forking: forking)
        out = tmp_path / name
        result = CliRunner().invoke(cli.main, ["export", str(src), "-o", str(out)])
        assert result.exit_code == 0, result.output
        runs[name] = (out, result.output)
    (forked, f_out), (serial, s_out) = runs["forked"], runs["serial"]
    assert f_out == s_out and "nowhere.png" in f_out  # the PDF's and EPUB's warnings, in order
    assert (forked / "essay.epub").read_bytes() == (serial / "essay.epub").read_bytes()
    decks = [zipfile.ZipFile(d / "essay.pptx") for d in (forked, serial)]
    assert decks[0].namelist() == decks[1].namelist()
    for name in decks[0].namelist():  # the zip's own timestamps are the clock's
        assert decks[0].read(name) == decks[1].read(name), name
    texts = ["".join(p.extract_text() for p in PdfReader(d / "essay.pdf").pages) for d in (forked, serial)]
    assert texts[0] == texts[1] and "Some prose" in texts[0]


@pytest.mark.parametrize("args, message", [
    (["--strict"], "nowhere.png"),  # an error in the part run here (the job is never sent)
    ([], "WeasyPrint failed: boom"),  # an error in the child
])
def test_pdf_errors_on_either_side_of_the_split(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                                args: list[str], message: str) -> None:
    from click.testing import CliRunner

    from essaykit.errors import EssayError
    from essaykit.renderers.pdf.renderer import PdfRenderer

    def broken(self: Any, job: Any, ctx: Any) -> bytes:
        raise EssayError("PDF: WeasyPrint failed: boom")

    monkeypatch.setattr(prewarm, "can_fork", lambda: True)
    monkeypatch.setattr(PdfRenderer, "render_job", broken)  # the child is forked with it
    src = tmp_path / "essay.md"
    src.write_text("# Start\n\nSome prose.\n\n![missing](nowhere.png)\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["export", str(src), "-t", "pdf,pptx", "-o", str(out), *args])
    assert result.exit_code == 1 and message in result.output, result.output
    assert not list(out.glob("essay.*"))  # nothing written


def test_epub_cover_drawn_in_a_child_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    epub = importlib.import_module("essaykit.renderers.epub.renderer")
    doc = api.loads("---\ntitle: A Long Book\nauthor: Ines Okafor\n---\n\nSome prose here.\n")
    monkeypatch.setattr(epub, "EARLY_COVER_BLOCKS", 10**9)
    here = api.render(doc, "epub")
    monkeypatch.setattr(epub, "EARLY_COVER_BLOCKS", 0)
    assert epub._early_cover(api.prepare(doc), None, "t", "en") is None  # type: ignore[arg-type]
    forked.set_default_jobs("auto")  # as the CLI does (back to 1 after the test: conftest)
    early = epub._early_cover(api.prepare(doc), None, "t", "en")  # type: ignore[arg-type]
    assert early is not None
    early.cancel()
    assert api.render(doc, "epub") == here


def test_no_child_for_a_renderer_without_a_warm_up() -> None:
    assert prewarm.warm_hook("pdf") is not None
    assert prewarm.warm_hook("epub") is None
    assert prewarm.renderer_child("epub", jobs="auto") is None


def test_no_child_unless_the_caller_allows_more_than_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prewarm, "can_fork", lambda: True)
    assert prewarm.renderer_child("pdf") is None and prewarm.renderer_child("pdf", jobs=1) is None
