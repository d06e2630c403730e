"""Warnings: one per problem, with file and line, in the same words from
every format; given to the ``essaykit`` logger by the library and reported
by the CLI grouped, summed up, and never over the progress line."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import essaykit
from essaykit.cli import main
from essaykit.cli.report import SHOWN_PER_KIND, Progress, Reporter
from essaykit.errors import Warning_
from essaykit.renderers.base import RenderContext
from essaykit.theme import load_theme

#: A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)

ESSAY = """---
title: Pictures
---

Some words before the pictures.

![there](ok.png)

![missing](nope.png)

![remote](https://example.org/remote.png)

![outside](../outside.png)

![broken](broken.png)

A paragraph with an inline picture ![inline](https://example.org/inline.png) in it.
"""


@pytest.fixture
def essay(tmp_path: Path) -> Path:
    folder = tmp_path / "essay"
    folder.mkdir()
    (folder / "ok.png").write_bytes(PNG)
    (folder / "broken.png").write_bytes(b"<html>404 Not Found</html>")
    (tmp_path / "outside.png").write_bytes(PNG)
    path = folder / "essay.md"
    path.write_text(ESSAY, encoding="utf-8")
    return path


def warnings_of(essay: Path, fmt: str) -> list[Warning_]:
    seen: list[Warning_] = []
    essaykit.render(essaykit.load(essay), fmt, warn=seen.append)
    return seen


def test_the_same_problem_is_the_same_warning_in_every_format(essay: Path) -> None:
    by_format = {fmt: {w for w in warnings_of(essay, fmt) if w.line != 17}
                 for fmt in ("pdf", "epub", "pptx")}
    expected = {
        (9, "image-missing", "image nope.png: file not found"),
        (11, "image-remote", "image https://example.org/remote.png: remote resource not fetched"),
        (13, "image-refused", "image ../outside.png: refused: outside the essay's folder"),
        (15, "image-unreadable", "image broken.png: not an image essaykit can read"),
    }
    for fmt, ws in by_format.items():
        assert {(w.line, w.kind, re.split(r" \(|; ", w.message)[0]) for w in ws} == expected, fmt
        assert all(w.path == str(essay) for w in ws)
    # Word for word: a report can say each once.
    assert by_format["pdf"] == by_format["epub"] == by_format["pptx"]


def test_an_inline_image_in_the_pdf_names_its_paragraph_line(essay: Path) -> None:
    inline = [w for w in warnings_of(essay, "pdf") if "inline.png" in w.message]
    assert [(w.line, w.kind) for w in inline] == [(17, "image-remote")]


def test_the_library_logs_warnings_when_no_callback_is_given(
        essay: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="essaykit"):
        essaykit.render(essaykit.load(essay), "epub")
    got = [getattr(r, "essaykit_warning", None) for r in caplog.records if r.name == "essaykit"]
    assert got and all(isinstance(w, Warning_) for w in got)
    assert any(w.kind == "image-missing" and w.line == 9 for w in got if w)
    assert any(r.getMessage().startswith(f"{essay}:9: warning: image nope.png: file not found")
               for r in caplog.records)


def test_a_refusal_by_weasyprints_fetcher_names_the_images_line() -> None:
    from essaykit.renderers.pdf.layout import report

    seen: list[Warning_] = []
    ctx = RenderContext(theme=load_theme(), source="essay.md", warn_fn=seen.append)
    report(ctx, ["image-missing file:///e/a.png: file not found",
                 "image-refused file:///etc/font.woff: refused: outside the essay's folder"],
           [], {"file:///e/a.png": 7})
    assert [(w.line, w.kind, w.message) for w in seen] == [
        (7, "image-missing", "image file:///e/a.png: file not found; its alt text is shown instead"),
        (None, "image-refused", "resource file:///etc/font.woff: refused: outside the essay's folder"),
    ]


def test_a_missing_script_font_names_the_first_line_that_needs_it(tmp_path: Path) -> None:
    path = tmp_path / "old.md"
    path.write_text("# Old\n\nPlain words.\n\nHieroglyphs: 𓀀𓀁.\n\nMore 𓀂.\n", encoding="utf-8")
    seen = warnings_of(path, "pdf")
    assert [(w.line, w.kind) for w in seen] == [(5, "font")]


# ------------------------------------------------------------------ the CLI


def many_remote(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "many.md"
    body = "\n\n".join(f"![picture {n}](https://example.org/{n}.png)" for n in range(count))
    path.write_text(f"# Many pictures\n\n{body}\n", encoding="utf-8")
    return path


def stderr_of(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr.splitlines()


def test_cli_says_each_problem_once_across_formats_grouped_and_summed_up(tmp_path: Path) -> None:
    essay = many_remote(tmp_path, 12)
    code, lines = stderr_of("export", str(essay), "-o", str(tmp_path / "out"))
    assert code == 0
    shown = [line for line in lines if ": warning: image https://example.org/" in line]
    assert len(shown) == SHOWN_PER_KIND == len(set(shown))
    assert shown[0].startswith(f"{essay}:3: warning: ")  # file:line, the PDF's too
    assert lines[SHOWN_PER_KIND:] == [
        f"{essay}: ... and 7 more remote images (--verbose lists them)",
        "12 warnings",
    ]


def test_cli_verbose_lists_every_warning_and_quiet_none(tmp_path: Path) -> None:
    essay = many_remote(tmp_path, 7)
    code, lines = stderr_of("export", str(essay), "-t", "pdf,epub", "-o", str(tmp_path / "v"), "-v")
    assert code == 0
    shown = [line for line in lines if ": warning: " in line]
    assert sorted(int(line.split(":")[1]) for line in shown) == [3, 5, 7, 9, 11, 13, 15]
    assert lines[-1] == "7 warnings"
    code, lines = stderr_of("export", str(essay), "-o", str(tmp_path / "q"), "-q")
    assert code == 0 and lines == []


def test_cli_summary_names_the_kinds(essay: Path, tmp_path: Path) -> None:
    code, lines = stderr_of("export", str(essay), "-t", "epub", "-o", str(tmp_path / "o"))
    assert code == 0
    assert lines[-1] == ("5 warnings: 2 remote images, 1 missing image, "
                         "1 image outside the essay's folder, 1 unreadable image")
    assert len(lines) == 6


def test_book_warnings_are_reported_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text("# One\n\n![gone](gone.png)\n", encoding="utf-8")
    (tmp_path / "two.md").write_text("# Two\n\nText.\n\n![gone](gone.png)\n", encoding="utf-8")
    (tmp_path / "book.toml").write_text(
        '[book]\ntitle = "B"\nauthors = ["A"]\n\n[[part]]\ntitle = "P"\nchapters = ["one.md", "two.md"]\n',
        encoding="utf-8")
    code, lines = stderr_of("book", str(tmp_path / "book.toml"), "-t", "epub,pdf", "-o", str(tmp_path / "o"))
    assert code == 0, lines
    assert [line for line in lines if "warning" in line] == [
        f"{tmp_path / 'one.md'}:3: warning: image gone.png: file not found; its alt text is shown instead",
        f"{tmp_path / 'two.md'}:5: warning: image gone.png: file not found; its alt text is shown instead",
        "2 warnings",
    ]


# ------------------------------------------------------- the progress line


class _Pipe:
    """A stream on a pipe that says it is a terminal."""

    def __init__(self) -> None:
        self.read_fd, fd = os.pipe()
        self.stream = os.fdopen(fd, "w", encoding="utf-8")
        self.stream.isatty = lambda: True  # type: ignore[method-assign]

    def text(self) -> str:
        self.stream.close()
        with os.fdopen(self.read_fd, encoding="utf-8", newline="") as src:
            return src.read()


def test_a_warning_clears_the_progress_line_first() -> None:
    pipe = _Pipe()
    rep = Reporter(stream=pipe.stream)
    assert rep.progress.enabled
    rep.status("essay.md: pdf")
    rep.progress._tick()  # what the timer does after a second
    rep.warn(Warning_("image a.png: file not found", "essay.md", 3, "image-missing"))
    rep.progress._tick()
    rep.finish()
    text = pipe.text()
    first, rest = text.split("\r\033[K", 2)[1:]
    assert first.startswith("essay.md: pdf · ") and first.endswith(" s")
    # Cleared before the warning, drawn again after it, cleared at the end.
    assert rest == "essay.md:3: warning: image a.png: file not found\n" + "\r\033[K" + first + \
        "\r\033[K" + "1 warning\n"


def test_quiet_or_no_terminal_draws_no_progress() -> None:
    pipe = _Pipe()
    assert not Reporter(quiet=True, stream=pipe.stream).progress.enabled
    assert not Progress(open(os.devnull, "w"), enabled=False).enabled  # noqa: SIM115
    rep = Reporter(stream=pipe.stream)
    rep.progress._tick()  # nothing to say yet: nothing drawn
    rep.finish()
    assert pipe.text() == ""


def test_the_pdf_slides_word_image_problems_as_the_deck_does(essay: Path) -> None:
    from essaykit.renderers.registry import renderer_names

    if "slides" not in renderer_names():
        pytest.skip("the slides renderer is not registered in this checkout's entry points")
    assert set(warnings_of(essay, "slides")) == set(warnings_of(essay, "pptx"))
