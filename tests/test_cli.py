"""The command line: export, inspect, themes; errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit import Document
from essaykit.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


ESSAY = """---
title: A Small Essay
author: Test Writer
date: 2024-02-03
---

The first paragraph has a few words in it.

## Part one

The second paragraph says something **worth repeating** about nothing.
"""


@pytest.fixture
def essay(tmp_path: Path) -> Path:
    path = tmp_path / "small.md"
    path.write_text(ESSAY)
    return path


def test_export_epub_to_directory(essay: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run("export", str(essay), "-t", "epub", "-o", str(out))
    assert code == 0, err
    assert (out / "small.epub").stat().st_size > 1000
    assert not list(out.glob(".*.tmp"))


def test_export_to_named_file_infers_format(essay: Path, tmp_path: Path) -> None:
    target = tmp_path / "book.epub"
    code, _, err = run("export", str(essay), "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"
    assert not (tmp_path / "book.pdf").exists()


def test_formats_comma_separated_and_repeated(essay: Path, tmp_path: Path) -> None:
    code, _, err = run("export", str(essay), "-t", "epub,pptx", "-t", "epub", "-o", str(tmp_path / "o"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["small.epub", "small.pptx"]


def test_unknown_format_is_usage_error(essay: Path) -> None:
    code, _, err = run("export", str(essay), "-t", "docx")
    assert code == 2
    assert "unknown format 'docx'" in err


def test_missing_input(tmp_path: Path) -> None:
    code, _, err = run("export", str(tmp_path / "nope.md"), "-t", "epub")
    assert code == 1
    assert "nope.md" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b"---\ntitle: x\nno end here\n", "front matter"),
        (b"---\ntitle: [unclosed\n---\nbody\n", "front matter"),
        (b"\x00\x01\x02binary\xff\xfe", "bad.md"),
        (b"", "bad.md"),
        (b"caf\xe9 latin-1 text\n", "UTF-8"),
    ],
)
def test_bad_input_one_line_exit_1_nothing_written(tmp_path: Path, content: bytes, expect: str) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    out = tmp_path / "out"
    code, _, err = run("export", str(bad), "-o", str(out))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(str(bad))
    assert expect in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_batch_keeps_going_and_reports_all(essay: Path, tmp_path: Path) -> None:
    bad1 = tmp_path / "bad1.md"
    bad1.write_bytes(b"")
    bad2 = tmp_path / "bad2.md"
    bad2.write_bytes(b"---\ntitle: x\n")
    out = tmp_path / "out"
    code, _, err = run("export", str(bad1), str(essay), str(bad2), "-t", "epub", "-o", str(out))
    assert code == 1
    assert "bad1.md" in err and "bad2.md" in err
    assert "2 of 3 inputs failed" in err
    assert (out / "small.epub").exists()


def test_output_equal_to_input_refused(tmp_path: Path) -> None:
    src = tmp_path / "same.epub"
    src.write_text("# Title\n\nText.\n")
    code, _, err = run("export", str(src), "-t", "epub", "-o", str(src))
    assert code == 2
    assert "overwrite the input" in err
    assert src.read_text() == "# Title\n\nText.\n"


def test_inspect_json_reloads_to_equal_document(essay: Path) -> None:
    code, out, err = run("inspect", str(essay), "--json")
    assert code == 0, err
    doc = Document.from_json(out)
    assert doc.meta.title == "A Small Essay"
    assert json.loads(out)["essaykit"]


def test_inspect_outline(essay: Path) -> None:
    code, out, err = run("inspect", str(essay))
    assert code == 0, err
    assert "title:       A Small Essay" in out
    assert "language:    en" in out
    assert "Part one" in out


def test_themes_lists_builtins() -> None:
    code, out, _ = run("themes")
    assert code == 0
    assert out.startswith("classic") or "\nclassic" in out or "classic " in out


def test_inspect_slides(essay: Path) -> None:
    code, out, err = run("inspect", str(essay), "--slides")
    assert code == 0, err
    assert out.startswith("Deck: A Small Essay")
    code, out, err = run("inspect", str(essay), "--slides", "--json")
    assert code == 0, err
    assert json.loads(out)["title"] == "A Small Essay"


def test_the_program_leaves_with_its_output_and_status(tmp_path: Path) -> None:
    # Run as a program, essaykit skips the interpreter's teardown (os._exit):
    # what it printed must still arrive, files be complete, the status right.
    import subprocess
    import sys

    run = [sys.executable, "-m", "essaykit"]
    themes = subprocess.run([*run, "themes"], capture_output=True, text=True, timeout=600)
    assert themes.returncode == 0 and "classic" in themes.stdout
    src = tmp_path / "e.md"
    src.write_text("# A title\n\nSome words here.\n", encoding="utf-8")
    done = subprocess.run([*run, "export", str(src), "-t", "epub", "-o", str(tmp_path / "out"), "-v"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "e.epub" in done.stderr and (tmp_path / "out" / "e.epub").stat().st_size > 1000
    bad = subprocess.run([*run, "export", str(tmp_path / "missing.md"), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=600)
    assert bad.returncode == 1 and "missing.md" in bad.stderr
    usage = subprocess.run([*run, "no-such-command"], capture_output=True, text=True, timeout=600)
    assert usage.returncode == 2 and "No such command" in usage.stderr
