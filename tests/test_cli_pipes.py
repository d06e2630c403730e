"""``-`` as pandoc has it: an essay read from stdin, an output written to
stdout (one format only; a binary format never to a terminal)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit import cli
from essaykit.cli import main

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
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)
    code, out, err = run("export", str(src), "-t", "pdf", "-o", "-")
    assert code == 2 and out == b""
    assert "terminal" in err and "> out.pdf" in err and len(err.strip().splitlines()) <= 2
