"""Hostile input found by an independent check of issue 22: an endless stdin,
a stdout that cannot be written, and TOML nested deeper than Python's parser
recurses (a theme, a book.toml, an essaykit.toml). Each is one line naming
the stream or file it is about, in bounded CPU time and memory."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit.cli import main
from essaykit.errors import deep_nesting_line

GOOD = "# Fine\n\nA good essay that converts.\n"
#: TOML that makes tomllib recurse past Python's limit (RecursionError, not TOMLDecodeError).
DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"

_CHILD = """
import resource, sys
from essaykit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    me = resource.getrusage(resource.RUSAGE_SELF)
    print("usage", me.ru_utime + me.ru_stime, me.ru_maxrss, file=sys.stderr)
    raise
"""


def test_endless_stdin_is_refused_at_the_essay_limit(tmp_path: Path) -> None:
    """``yes | essaykit export - ...`` read stdin whole: 23 GB before the
    kernel killed it. Now stdin is read as a file is, up to 16 MB."""
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, "export", "-", "-t", "epub", "-o", str(tmp_path / "x.epub")],
        stdin=subprocess.PIPE, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert child.stdin is not None and child.stderr is not None

    def feed() -> None:  # 1 GB at most: enough to tell a bounded read from a whole one
        line = b"words words words\n" * 4096
        try:
            for _ in range(2**30 // len(line)):
                child.stdin.write(line)  # type: ignore[union-attr]
            child.stdin.close()  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError):
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    err = child.stderr.read().decode()
    assert child.wait(timeout=600) == 1, err
    feeder.join(timeout=60)
    lines = err.strip().splitlines()
    assert lines[0] == "<stdin>: file too large (essaykit reads essays up to 16 MB)", err
    cpu, peak = lines[-1].split()[1:]
    assert float(cpu) < 60  # seconds of CPU
    # KB: a whole read of the 1 GB fed could not pass this; a cold cache (a fresh clone)
    # alone takes about 450 MB.
    assert int(peak) < 800 * 1024
    assert not (tmp_path / "x.epub").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", ["export", "book"])
def test_a_stdout_that_cannot_be_written_is_named(tmp_path: Path, command: str) -> None:
    """``-o - > /dev/full`` said "no room for temporary files in $TMPDIR"."""
    essay = tmp_path / "e.md"
    essay.write_text(GOOD)
    (tmp_path / "book.toml").write_text('[book]\ntitle = "B"\nchapters = ["e.md"]\n')
    target = str(essay) if command == "export" else str(tmp_path / "book.toml")
    with open("/dev/full", "wb") as full:
        child = subprocess.run([sys.executable, "-m", "essaykit", command, target, "-t", "epub", "-o", "-"],
                               stdout=full, stderr=subprocess.PIPE, text=True, timeout=600,
                               env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert child.returncode == 1, child.stderr
    assert child.stderr.strip().splitlines() == ["<stdout>: cannot write: No space left on device"]


def _deep_theme(tmp_path: Path) -> tuple[list[str], Path]:
    theme = tmp_path / "t"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "t"\nextends = "classic"\n[deck]\n' + DEEP)
    (tmp_path / "e.md").write_text(GOOD)
    return ["export", str(tmp_path / "e.md"), "--theme", str(theme), "-o", str(tmp_path / "out")], \
        theme / "theme.toml"


def _deep_book(tmp_path: Path) -> tuple[list[str], Path]:
    (tmp_path / "e.md").write_text(GOOD)
    (tmp_path / "book.toml").write_text('[book]\ntitle = "B"\nchapters = ["e.md"]\n' + DEEP)
    return ["book", str(tmp_path / "book.toml"), "-o", str(tmp_path / "out")], tmp_path / "book.toml"


def _deep_defaults(tmp_path: Path) -> tuple[list[str], Path]:
    (tmp_path / "e.md").write_text(GOOD)
    (tmp_path / "essaykit.toml").write_text("[metadata]\nauthor = \"A\"\n" + DEEP)
    return ["export", str(tmp_path / "e.md"), "-o", str(tmp_path / "out")], tmp_path / "essaykit.toml"


@pytest.mark.parametrize("make", [_deep_theme, _deep_book, _deep_defaults])
def test_toml_nested_past_the_parser_is_one_line(tmp_path: Path, make) -> None:  # noqa: ANN001
    """A RecursionError from tomllib was "internal error" (exit 70)."""
    args, toml = make(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (1, 2), (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"{toml}:") and "nested too deeply" in lines[0], result.stderr
    line = int(lines[0][len(str(toml)) + 1:].split(":")[0])
    assert toml.read_text().split("\n")[line - 1].startswith("x = [[[")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_deep_nesting_line_skips_strings() -> None:
    assert deep_nesting_line('a = "[[[[[[[["\nb = [[[\n', limit=2) == 2
    assert deep_nesting_line("a = [[1], [2]]\n", limit=2) is None


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            kids += [int(k) for k in fh.read().split()]
    return kids


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux's /proc")
def test_sigterm_stops_a_pooled_batch_and_its_workers(tmp_path: Path) -> None:
    """``export -j 2`` with a long essay among short ones: a SIGTERM to the
    command alone (what ``timeout`` sends) left the pool at work: exit waited
    for every essay, whose outputs were written after the signal."""
    import signal
    import time

    long = tmp_path / "long.md"
    long.write_text("# Long\n\n" + "".join(f"- item {i} with a few words\n" for i in range(12000)))
    shorts = []
    for i in range(4):
        shorts.append(tmp_path / f"s{i}.md")
        shorts[-1].write_text(GOOD)
    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-m", "essaykit", "export", "-j", "2", str(long),
                              *map(str, shorts), "-t", "pdf", "-o", str(out)],
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, start_new_session=True,
                             env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    try:
        deadline = time.monotonic() + 300
        while not (out / "s0.pdf").exists():  # the pool is at work: the long essay is under way
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        workers = _children(child.pid)
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert workers and not [w for w in workers if os.path.exists(f"/proc/{w}")
                            and Path(f"/proc/{w}/stat").read_text().split()[2] != "Z"]
    assert not (out / "long.pdf").exists()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
