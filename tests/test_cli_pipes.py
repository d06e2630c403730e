"""``-`` as pandoc has it: an essay read from stdin, an output written to
stdout (one format only; a binary format never to a terminal)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit.cli import main
from essaykit.cli import options as cli_options

ESSAY = """---
title: Through a Pipe
author: Test Writer
---

The first paragraph has a few words in it.

## Part one

The second paragraph says something about pipes.
"""


def run(*args: str, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout_bytes, result.stderr


def opf(epub: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(epub)).read("EPUB/content.opf").decode()


def test_stdin_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("export", "-", "-t", "epub", "-o", "-", stdin=ESSAY.encode())
    assert code == 0, err
    assert out[:2] == b"PK" and "Through a Pipe" in opf(out)
    assert list(tmp_path.iterdir()) == []  # no folder named '-', nothing else written


def test_file_to_stdout_pdf(tmp_path: Path) -> None:
    src = tmp_path / "x.md"
    src.write_text(ESSAY, "utf-8")
    code, out, err = run("export", str(src), "-t", "pdf", "-o", "-")
    assert code == 0, err
    assert out.startswith(b"%PDF-") and out.rstrip().endswith(b"%%EOF")
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_stdin_format_from_option(tmp_path: Path) -> None:
    text = "A Plain Title\n\nA plain essay with no markup at all, only prose.\n"
    code, out, err = run("export", "-", "--from", "text", "-t", "epub", "-o", "-", stdin=text.encode())
    assert code == 0, err
    assert "A Plain Title" in opf(out)


def test_stdin_to_a_file_and_a_folder(tmp_path: Path) -> None:
    code, _, err = run("export", "-", "-o", str(tmp_path / "piped.epub"), stdin=ESSAY.encode())
    assert code == 0, err
    assert (tmp_path / "piped.epub").read_bytes()[:2] == b"PK"
    code, _, err = run("export", "-", "-t", "epub,pptx", "-o", str(tmp_path / "out"), stdin=ESSAY.encode())
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["stdin.epub", "stdin.pptx"]


def test_stdin_errors_say_stdin() -> None:
    code, out, err = run("export", "-", "-t", "epub", "-o", "-", stdin=b"---\ntitle: [unclosed\n---\nbody\n")
    assert code == 1 and out == b""
    assert err.startswith("<stdin>:") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "expect"), [
    (["-o", "-"], "exactly one format"),                 # the default is three formats
    (["-t", "epub,pdf", "-o", "-"], "exactly one format"),
    (["-t", "epub"], "name the output"),                 # stdin needs -o
])
def test_stdout_needs_one_format(args: list[str], expect: str) -> None:
    code, out, err = run("export", "-", *args, stdin=ESSAY.encode())
    assert code == 2 and out == b""
    assert expect in err and len(err.strip().splitlines()) <= 2


def test_stdin_only_alone(tmp_path: Path) -> None:
    src = tmp_path / "x.md"
    src.write_text(ESSAY, "utf-8")
    code, _, err = run("export", "-", str(src), "-t", "epub", "-o", str(tmp_path / "o"), stdin=ESSAY.encode())
    assert code == 2 and "only input" in err
    code, _, err = run("export", str(src), str(src), "-t", "epub", "-o", "-")
    assert code == 2 and "one input" in err


def test_binary_to_a_terminal_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "x.md"
    src.write_text(ESSAY, "utf-8")
    monkeypatch.setattr(cli_options, "is_terminal", lambda stream: True)
    code, out, err = run("export", str(src), "-t", "pdf", "-o", "-")
    assert code == 2 and out == b""
    assert "terminal" in err and "> out.pdf" in err and len(err.strip().splitlines()) <= 2
    code, out, err = run("book", str(tmp_path / "book.toml"), "-t", "epub", "-o", "-")
    assert code == 2 and out == b"" and "> out.epub" in err


# ------------------------------------------------------------------ books


BOOK_TOML = """[book]
title = "A Piped Book"
authors = ["Manifest Author"]
chapters = ["one.md", "two.md"]
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "book.toml").write_text(BOOK_TOML, "utf-8")
    (tmp_path / "one.md").write_text("# One\n\nThe first chapter has a sentence or two in it.\n", "utf-8")
    (tmp_path / "two.md").write_text("# Two\n\nThe second chapter says something else.\n", "utf-8")
    return tmp_path / "book.toml"


def test_book_to_stdout_with_metadata(book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run("book", str(book), "-t", "epub", "-o", "-", "-M", "title=Over the Manifest",
                         "-M", "author=Given Here")
    assert code == 0, err
    meta = opf(out)
    assert "Over the Manifest" in meta and "Given Here" in meta and "A Piped Book" not in meta
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no '-' folder, nothing written


def test_book_deck_to_stdout_is_one_deck(book: Path) -> None:
    code, out, err = run("book", str(book), "-t", "pptx", "-o", "-")
    assert code == 0, err
    assert "ppt/presentation.xml" in zipfile.ZipFile(io.BytesIO(out)).namelist()


@pytest.mark.parametrize(("args", "expect"), [
    ([], "exactly one format"),
    (["-t", "pdf,epub"], "exactly one format"),
    (["-t", "epub", "--watch"], "--watch"),
])
def test_book_stdout_usage_errors(book: Path, args: list[str], expect: str) -> None:
    code, out, err = run("book", str(book), "-o", "-", *args)
    assert code == 2 and expect in err and out == b""
    assert len(err.strip().splitlines()) <= 2


def test_book_takes_the_defaults_files_metadata_under_its_own(book: Path) -> None:
    (book.parent / "essaykit.toml").write_text('[metadata]\npublisher = "Defaults Press"\n'
                                               'title = "Not This One"\n', "utf-8")
    code, out, err = run("book", str(book), "-t", "epub", "-o", "-")
    assert code == 0, err
    meta = opf(out)
    assert "Defaults Press" in meta and "A Piped Book" in meta and "Not This One" not in meta


def test_format_help_names_slides() -> None:
    for command in ("export", "book"):
        code, out, _err = run(command, "--help")
        assert code == 0 and b"slides" in out
