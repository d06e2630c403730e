"""Outputs: all of an input's formats or none, errors naming the path they
are about, modes kept, long words kept on the page, children and temporary
files gone with the process, a full $TMPDIR no failure."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit import api
from essaykit.cli import main
from essaykit.errors import UsageError

GOOD = "# Fine\n\nA good essay that converts.\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def test_a_folder_in_the_way_writes_no_format_and_is_named(tmp_path: Path) -> None:
    essay = tmp_path / "essay.md"
    essay.write_text(GOOD)
    out = tmp_path / "out"
    (out / "essay.epub").mkdir(parents=True)
    code, err = run("export", str(essay), "-t", "pdf,epub,pptx", "-o", str(out))
    assert code in (1, 2)
    (line, *_) = err.strip().splitlines()
    assert line.startswith(str(out / "essay.epub")), line
    assert sorted(p.name for p in out.iterdir()) == ["essay.epub"]  # no pdf, no pptx, no temporary


def test_write_all_is_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    with pytest.raises(IsADirectoryError) as info:
        api.write_all([(tmp_path / "a.txt", b"a"), (tmp_path / "b", b"b")])
    assert info.value.filename == str(tmp_path / "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_existing_output_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    essay = tmp_path / "essay.md"
    essay.write_text(GOOD)
    target = tmp_path / "essay.epub"
    target.write_bytes(b"old")
    os.chmod(target, mode)
    code, err = run("export", str(essay), "-t", "epub")
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes()[:2] == b"PK"


def test_new_output_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        api.write_atomic(tmp_path / "x.bin", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.bin").stat().st_mode) == 0o640


def test_input_that_links_to_another_inputs_output_is_refused(tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    a.write_text(GOOD)
    (tmp_path / "a.epub").write_text("placeholder")
    b = tmp_path / "b.md"
    b.symlink_to(tmp_path / "a.epub")
    with pytest.raises(UsageError):
        api.output_paths([a, b], ["epub"], None)
    code, err = run("export", str(a), str(b), "-t", "epub")
    assert code == 2 and "overwrite the input" in err
    assert (tmp_path / "a.epub").read_text() == "placeholder"


def test_long_word_stays_on_the_pdf_page(tmp_path: Path) -> None:
    import pypdf

    word = "0123456789abcdef" * 8  # 128 characters
    essay = tmp_path / "hash.md"
    essay.write_text(f"# Hash\n\nThe commit {word} is the one.\n\n## {word}\n\n- {word}\n\n> {word}\n")
    code, err = run("export", str(essay), "-t", "pdf")
    assert code == 0, err
    text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "hash.pdf").pages)
    flat = "".join(text.split())
    assert flat.count(word) >= 4  # every copy printed whole, over several lines


_CHILD = """
import os, sys, time
sys.argv = ["essaykit", "export", sys.argv[1], "-t", "pdf,epub", "-o", sys.argv[2]]
from essaykit.cli import main
main()
"""


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                out.add(int(entry.name))
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks and /proc: Linux")
def test_sigterm_ends_children_and_removes_temporary_files(tmp_path: Path) -> None:
    """SIGTERM while the PDF child works: no process left, no document left
    in $TMPDIR, no half-written output."""
    essay = tmp_path / "long.md"
    essay.write_text("# Long\n\n" + "".join(f"## Part {i}\n\n" + "Words and more words. " * 200 + "\n\n"
                                         for i in range(150)))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(essay), str(out)], env=env,
                            stderr=subprocess.PIPE)
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        seen |= _children(proc.pid)
        if seen and any(tmp.iterdir()):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "finished before it could be stopped"
    assert seen, "no renderer child was started"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    # The kernel's parent-death signal is delivered asynchronously: wait for it (a bound, not a pause).
    deadline = time.monotonic() + 30
    while (alive := _alive(seen)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive
    assert not list(tmp.rglob("*")), list(tmp.rglob("*"))
    assert not out.exists() or not [p for p in out.iterdir() if p.name.startswith(".")]


def _alive(pids: set[int]) -> list[int]:
    """Those of ``pids`` still running (not gone, not zombies)."""
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:1]
        except OSError:
            continue
        if "Z" not in state:
            alive.append(pid)
    return alive


def test_full_tmpdir_still_writes_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The document cannot be handed to the PDF child (no space): the PDF
    is rendered in this process instead."""
    from essaykit import prewarm

    def full(self: object, item: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(prewarm.Prewarmed, "submit", full)
    essay = tmp_path / "essay.md"
    essay.write_text(GOOD)
    code, err = run("export", str(essay), "-t", "pdf,epub", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "essay.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_refused_book_leaves_no_folder_behind(tmp_path: Path) -> None:
    """``essaykit book`` that refuses its manifest made its ``-o`` folder
    first and left it there, empty."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text('[book]\ntitle = "B"\nchapters = ["../outside.md"]\n')
    out = tmp_path / "new" / "out"
    result = CliRunner().invoke(main, ["book", str(book / "book.toml"), "-o", str(out)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert not (tmp_path / "new").exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    result = CliRunner().invoke(main, ["book", str(book / "book.toml"), "-o", str(kept)])
    assert result.exit_code != 0 and kept.is_dir()  # a folder that was there stays


def test_a_fifo_nobody_writes_to_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The open never blocks; a pipe that sends nothing within PIPE_WAIT is
    an error naming the file (60 s in use; a fraction of a second here)."""
    import essaykit
    from essaykit import resources

    monkeypatch.setattr(resources, "PIPE_WAIT", 0.2)
    fifo = tmp_path / "essay.md"
    os.mkfifo(fifo)
    with pytest.raises(essaykit.EssayError) as info:
        essaykit.load(fifo)
    assert str(info.value).startswith(f"{fifo}: cannot read: nothing to read") and "\n" not in str(info.value)


def test_process_substitution_still_reads(tmp_path: Path) -> None:
    """``essaykit export <(cat essay.md)``: a pipe whose writer is there."""
    import shutil

    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    (tmp_path / "e.md").write_text("# Piped\n\nWords through a pipe.\n")
    child = subprocess.run(["bash", "-c", f"'{sys.executable}' -m essaykit inspect <(cat e.md)"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c")})
    assert child.returncode == 0 and "Piped" in child.stdout, child.stderr
