"""Outputs: all of an input's formats or none, errors naming the path they
are about, a batch going on past an output it cannot write, modes kept,
long words kept on the page, children and temporary files gone with the
process, a full disk or $TMPDIR one line (or no failure)."""

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
    deadline = time.monotonic() + 600  # a hang only: the child starts whenever the machine lets it
    while time.monotonic() < deadline and proc.poll() is None:
        seen |= _children(proc.pid)
        if seen and any(tmp.iterdir()):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "finished before it could be stopped"
    assert seen, "no renderer child was started"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=600)
    # The kernel's parent-death signal is delivered asynchronously: wait for it (a bound, not a pause).
    deadline = time.monotonic() + 300
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
                           cwd=tmp_path, capture_output=True, text=True, timeout=600,
                           env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c")})
    assert child.returncode == 0 and "Piped" in child.stdout, child.stderr


# ---------------------------------------------------------------- a batch goes on past an output it cannot write


def _batch(tmp_path: Path, names: str = "abc") -> list[Path]:
    inputs = []
    for name in names:
        src = tmp_path / f"{name}.md"
        src.write_text(f"# Essay {name}\n\nThe essay called {name}.\n")
        inputs.append(src)
    return inputs


def _written(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("jobs", [[], ["-j", "2"]], ids=["serial", "pool"])
def test_a_folder_in_the_way_stops_only_its_essay(tmp_path: Path, jobs: list[str]) -> None:
    """``out/b.epub`` is a folder: one line naming it, none of b's formats,
    a and c written, exit 2 (an output essaykit will not write)."""
    inputs = _batch(tmp_path)
    out = tmp_path / "out"
    (out / "b.epub").mkdir(parents=True)
    code, err = run("export", *map(str, inputs), "-t", "pdf,epub", "-o", str(out), *jobs)
    assert code == 2
    assert err.splitlines() == [
        f"{out / 'b.epub'}: is a folder; name a file, or give the folder with -o to write into it",
        "essaykit: 1 of 3 inputs failed"]
    assert _written(out) == ["a.epub", "a.pdf", "b.epub", "c.epub", "c.pdf"]
    assert not any((out / "b.epub").iterdir())


def test_export_many_refuses_one_input_not_the_batch(tmp_path: Path) -> None:
    import essaykit

    inputs = _batch(tmp_path, "ab")
    out = tmp_path / "out"
    (out / "a.epub").mkdir(parents=True)
    first, second = essaykit.export_many(inputs, out, formats=("epub",))
    assert first.error == f"{out / 'a.epub'}: is a folder; name a file, or give the folder with -o to write into it"
    assert first.outputs == () and second.ok and second.outputs == (out / "b.epub",)


def test_an_output_of_another_kind_stops_only_its_essay(tmp_path: Path) -> None:
    a, b = _batch(tmp_path, "ab")
    (tmp_path / "b.pdf").mkdir()  # beside its input: no -o
    code, err = run("export", str(a), str(b), "-t", "pdf")
    assert code == 2
    assert err.splitlines()[0].startswith(f"{tmp_path / 'b.pdf'}: is a folder")
    assert (tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("where", ["under a file", "a file"])
def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path: Path, where: str) -> None:
    """Every essay of the batch would go there: one line naming the folder,
    exit 1, nothing written anywhere."""
    inputs = _batch(tmp_path, "ab")
    (tmp_path / "afile").write_text("a file")
    out = tmp_path / "afile" / "out" if where == "under a file" else tmp_path / "afile"
    before = _written(tmp_path)
    code, err = run("export", *map(str, inputs), "-t", "pdf,epub", "-o", str(out))
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith(f"{out}: "), err
    assert _written(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into a read-only folder: chmod cannot refuse it "
                           "(test_a_write_that_fails_stops_only_its_essay covers a refused write as root)")
def test_a_folder_without_permission_stops_only_its_essay(tmp_path: Path) -> None:
    (a,) = _batch(tmp_path, "a")
    locked = tmp_path / "locked"
    locked.mkdir()
    (b,) = _batch(locked, "b")
    locked.chmod(0o555)
    try:
        code, err = run("export", str(b), str(a), "-t", "pdf,epub")
    finally:
        locked.chmod(0o755)
    assert code == 1
    assert err.splitlines()[0].startswith(f"{locked / 'b.pdf'}: "), err  # the output, not a temporary file
    assert _written(locked) == ["b.md"]
    assert {"a.pdf", "a.epub"} <= set(_written(tmp_path))


_LIMITED = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # Python ignores SIGXFSZ: a write fails (EFBIG)
sys.argv = ["essaykit", *sys.argv[2:]]
from essaykit.cli import main
main()
"""


def _limited(tmp_path: Path, limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in a child that may write no file past ``limit`` bytes
    (RLIMIT_FSIZE: a full disk for every file, without root or a mount)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    child = subprocess.run([sys.executable, "-c", _LIMITED, str(limit), *args], capture_output=True,
                           text=True, env=env, timeout=600)
    assert "Traceback" not in child.stderr, child.stderr
    assert not list(tmp.iterdir()), list(tmp.rglob("*"))  # nothing left in $TMPDIR
    return child


def test_a_write_that_fails_stops_only_its_essay(tmp_path: Path) -> None:
    """A disk that takes the small essay's EPUB but not the big one's: one
    line naming the big one's output, no temporary file beside it, the
    small one written."""
    import random

    from PIL import Image

    small, big = _batch(tmp_path, "sb")
    noise = random.Random(1).randbytes(300 * 300 * 3)  # incompressible: the big EPUB is big
    Image.frombytes("RGB", (300, 300), noise).save(tmp_path / "noise.png")
    big.write_text("# Big\n\n![noise](noise.png)\n\nWith a picture.\n")
    sizes = {}
    for src in (small, big):
        code, err = run("export", str(src), "-t", "epub", "-o", str(tmp_path / "sized"))
        assert code == 0, err
        sizes[src.stem] = (tmp_path / "sized" / f"{src.stem}.epub").stat().st_size
    assert sizes["s"] + 100_000 < sizes["b"], sizes
    out = tmp_path / "out"
    child = _limited(tmp_path, (sizes["s"] + sizes["b"]) // 2, "export", str(big), str(small),
                     "-t", "epub", "-o", str(out))
    assert child.returncode == 1
    assert child.stderr.splitlines() == [f"{out / 'b.epub'}: File too large", "essaykit: 1 of 2 inputs failed"]
    assert _written(out) == ["s.epub"]


def test_no_room_for_any_file_is_one_line_per_essay(tmp_path: Path) -> None:
    """Nothing past 16 KB can be written (the PDF's fonts in $TMPDIR, the
    outputs): each essay fails with one line, none of its formats written,
    nothing left in $TMPDIR."""
    a, b = _batch(tmp_path, "ab")
    out = tmp_path / "out"
    child = _limited(tmp_path, 16_000, "export", str(a), str(b), "-t", "pdf,epub,pptx", "-o", str(out))
    assert child.returncode == 1
    lines = child.stderr.splitlines()
    assert len(lines) == 3 and lines[2] == "essaykit: 2 of 2 inputs failed", lines
    for src, line in zip((a, b), lines, strict=False):
        # The PDF is rendered while the others are: whichever failed first is said.
        assert (line == f"{src}: no room for temporary files in {tmp_path / 'tmp'} (File too large); free "
                "some space there or set TMPDIR to a folder with room") or line.startswith(f"{out}/"), line
    assert _written(out) == []


def _can_mount_tmpfs() -> str | None:
    """Why a small tmpfs cannot be mounted here (None: it can): in a new
    mount namespace, as root or through a user namespace."""
    import shutil

    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return "needs Linux and unshare(1)"
    probe = subprocess.run(["unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, text=True, timeout=600)
    return None if probe.returncode == 0 else f"cannot mount a tmpfs in a user namespace: {probe.stderr.strip()}"


def test_a_full_tmpdir_is_one_line_or_not_needed(tmp_path: Path) -> None:
    """$TMPDIR a 64 KB tmpfs with 8 KB left (room for Python's probe of
    the folder, none for a font or a pickled essay): each essay is written
    whole or fails with one line naming $TMPDIR, and nothing is left in it."""
    why = _can_mount_tmpfs()
    if why:
        pytest.skip(why)
    a = tmp_path / "a.md"
    a.write_text("# Long\n\n" + "".join(f"## Part {i}\n\n" + "Words and more words. " * 100 + "\n\n"
                                      for i in range(100)))
    (b,) = _batch(tmp_path, "b")
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    script = ('mount -t tmpfs -o size=64k tmpfs "$1" && head -c 57344 /dev/zero > "$1/fill" && shift && '
              '"$@"; code=$?; rm "$TMPDIR/fill"; ls -A "$TMPDIR"; exit $code')
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    child = subprocess.run(["unshare", "-Urm", "sh", "-c", script, "sh", str(tmp), sys.executable, "-m", "essaykit",
                            "export", str(a), str(b), "-t", "pdf,epub,pptx,slides", "-o", str(out)],
                           capture_output=True, text=True, env=env, timeout=600)
    assert "Traceback" not in child.stderr, child.stderr
    assert child.stdout == ""  # nothing left in the tmpfs
    failed = [line for line in child.stderr.splitlines() if not line.startswith("essaykit: ")]
    for line in failed:
        assert line.endswith(f": no room for temporary files in {tmp} (No space left on device); free some space "
                             "there or set TMPDIR to a folder with room"), line
    written = {p.name for p in out.iterdir()} if out.exists() else set()
    for src in (a, b):
        mine = {name for name in written if name.startswith(src.stem + ".")}
        if any(line.startswith(f"{src}:") for line in failed):
            assert not mine
        else:
            assert mine == {f"{src.stem}.{ext}" for ext in ("pdf", "epub", "pptx", "slides.pdf")}
    assert child.returncode == (1 if failed else 0)
