"""Images and reads, bounded before they happen: pixel limits from the
header, byte limits while reading (a FIFO reports no size), and every image
that goes into any output decoded and checked first. The time and memory
bounds here are generous limits, not timings."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from essaykit.cli import main
from essaykit.images import MAX_PIXELS, check_image, svg_problem
from essaykit.resources import ResourceError, read_limited

from . import epubcheck
from .test_hostile_tracebacks import bomb_png


def _png(size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


#: 38 bytes of lossless WebP that decode to 13000x13000 pixels (676 MB as RGBA).
HUGE_WEBP = Path(__file__).parent / "fixtures" / "images" / "huge-13000px.webp"


def test_pixel_bombs_refused_from_the_header() -> None:
    for data in (bomb_png(), bomb_png(9000, 9000), HUGE_WEBP.read_bytes()):
        with pytest.raises(ResourceError) as info:
            check_image(data, "x.img")
        assert "megapixels" in str(info.value) and "\n" not in str(info.value)


def test_corrupt_jpeg_refused_after_decoding() -> None:
    import weasyprint  # noqa: F401 - it makes Pillow accept truncated files process-wide
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 200), "red").save(out, "JPEG")
    cut = out.getvalue()[: len(out.getvalue()) // 2]
    with pytest.raises(ResourceError):
        check_image(cut, "cut.jpg")
    assert check_image(out.getvalue(), "ok.jpg").media_type == "image/jpeg"


@settings(max_examples=60)
@given(st.binary(max_size=300))
def test_check_image_never_raises_anything_else(data: bytes) -> None:
    for head in (b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"RIFF\0\0\0\0WEBP"):
        try:
            got = check_image(head + data, "fuzz")
        except ResourceError:
            continue
        assert got.media_type in ("image/png", "image/jpeg", "image/gif", "image/svg+xml")


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image xlink:href="file:///etc/passwd"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><image href="../secret.png"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(file:///x.png)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>r { fill: url(http://e.org/x) }</style></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
])
def test_svg_referring_outside_itself_refused(svg: bytes) -> None:
    assert svg_problem(svg)


def test_self_contained_svg_kept() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
           b'<rect width="4" height="4" style="fill: url(#g)"/></svg>')
    assert svg_problem(svg) is None


def test_read_limited_caps_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "essay.md"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys\nf=open(sys.argv[1],'wb')\n"
        "try:\n for _ in range(64): f.write(b'a'*(1<<20))\nexcept BrokenPipeError: pass"), str(fifo)],
        stderr=subprocess.DEVNULL)
    try:
        with pytest.raises(ResourceError):
            read_limited(fifo, 1 << 20)
    finally:
        writer.kill()
        writer.wait(timeout=60)


def test_essay_fifo_capped_in_a_child(tmp_path: Path) -> None:
    """An essay path that is a FIFO fed without end (``<(yes)``): a one-line
    error within the 16 MB limit, in bounded CPU time and memory (the wall
    clock only catches a hang: a loaded machine measures the others too)."""
    fifo = tmp_path / "endless.md"
    os.mkfifo(fifo)
    feeder = subprocess.Popen(["sh", "-c", f"yes 'words words words' > '{fifo}'"], stderr=subprocess.DEVNULL)
    try:
        child = subprocess.run(
            [sys.executable, "-c", (
                "import resource, sys\nfrom essaykit.cli import main\n"
                "try:\n main(['inspect', sys.argv[1]])\nexcept SystemExit as e:\n"
                " me = resource.getrusage(resource.RUSAGE_SELF)\n"
                " print(me.ru_utime + me.ru_stime, me.ru_maxrss, file=sys.stderr)\n"
                " raise"), str(fifo)],
            capture_output=True, text=True, timeout=600,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    finally:
        feeder.kill()
        feeder.wait(timeout=60)
    lines = child.stderr.strip().splitlines()
    assert child.returncode == 1 and "file too large" in lines[0], child.stderr
    cpu, peak = lines[-1].split()
    assert float(cpu) < 60, cpu  # seconds of CPU: the bound
    # KB: the bound (1 GB; reading without a cap took 6-11 GB). A cold cache (a
    # fresh clone: the language model unpacked) alone takes about 400 MB.
    assert int(peak) < 1024 * 1024


def test_sparse_huge_image_never_read(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as fh:
        fh.write(_png())
        fh.truncate(2 * 1024**3)  # sparse: no disk
    essay = tmp_path / "e.md"
    essay.write_text("# T\n\n![big](big.png)\n\nText.\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = CliRunner().invoke(main, ["export", str(essay), "-t", "pptx,epub", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "larger than" in result.stderr
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 1024 * 1024  # KB: not 2 GB


def test_webp_of_13000_px_costs_nothing(tmp_path: Path) -> None:
    """The 7 KB WebP of 13000x13000 pixels is refused from its header in
    every format, in a child whose peak memory is measured."""
    assert MAX_PIXELS < 13000 * 13000
    (tmp_path / "big.webp").write_bytes(HUGE_WEBP.read_bytes())
    essay = tmp_path / "e.md"
    essay.write_text("---\ntitle: W\ncover: big.webp\n---\n\n![w](big.webp)\n\nText.\n")
    child = subprocess.run(
        [sys.executable, "-c", (
            "import resource, sys\nfrom essaykit.cli import main\n"
            "try:\n main(['export', sys.argv[1], '-o', sys.argv[2]])\nexcept SystemExit as e:\n"
            " print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            " raise"), str(essay), str(tmp_path / "out")],
        capture_output=True, text=True, timeout=600,  # a hang only: the point is memory
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert child.returncode == 0, child.stderr
    assert "megapixels" in child.stderr
    own, children = (int(n) for n in child.stderr.strip().splitlines()[-1].split())
    assert max(own, children) < 1024 * 1024  # KB: well under the 2.7 GB it took
    with zipfile.ZipFile(tmp_path / "out" / "e.epub") as z:
        assert not [n for n in z.namelist() if n.endswith(".webp")]


def test_epub_with_svg_and_theme_css_urls_passes_epubcheck(tmp_path: Path) -> None:
    theme = tmp_path / "t"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "t"\nextends = "classic"\n')
    (theme / "epub.css").write_text(
        "body { background: url(file:///etc/passwd) no-repeat; color: #111 }\n"
        "@import url('other.css');\nh1 { background-image: url(\"data:image/png;base64,"
        + __import__("base64").b64encode(_png()).decode() + "\") }\n")
    (tmp_path / "ok.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="4" height="4"/></svg>')
    (tmp_path / "bad.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" '
        b'height="9"><image xlink:href="file:///etc/hostname" width="9" height="9"/></svg>')
    cut = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (64, 64), "red").save(cut, "JPEG")
    (tmp_path / "cut.jpg").write_bytes(cut.getvalue()[:300])
    (tmp_path / "bomb.png").write_bytes(bomb_png())
    essay = tmp_path / "e.md"
    essay.write_text("---\ntitle: S\ncover: cut.jpg\n---\n\n![ok](ok.svg)\n\n![bad](bad.svg)\n\n"
                     "![cut](cut.jpg)\n\n![bomb](bomb.png)\n\nText.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(essay), "-t", "epub", "--theme", str(theme), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "e.epub") as z:
        names = z.namelist()
        css = b"".join(z.read(n) for n in names if n.endswith(".css"))
        assert b"file:" not in css and b"other.css" not in css and b"data:image/png" in css
        assert sum(n.endswith(".svg") for n in names) == 1
        assert not [n for n in names if n.endswith(".jpg")]
        for n in names:
            if n.endswith((".png", ".jpg", ".gif", ".webp")):
                check_image(z.read(n), n)
    if not epubcheck.available():
        pytest.skip("epubcheck (java) not available")
    assert epubcheck.check(out / "e.epub") == []


def test_theme_font_files_bounded(tmp_path: Path) -> None:
    from essaykit.fonts import MAX_THEME_FONT_BYTES, _folder_families

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    with (fonts / "Huge.ttf").open("wb") as fh:
        fh.truncate(MAX_THEME_FONT_BYTES + 1)  # sparse: costs no disk
    os.mkfifo(fonts / "Pipe.ttf")  # a FIFO nobody writes to: opening it must not block
    assert _folder_families(fonts, "test") == []


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_theme_font_cap_kept_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap is the bounded reader's, not ``stat``'s: a file that grows
    after a size check cannot get past it (here the cap shrinks instead)."""
    from essaykit import fonts as F

    if not DEJAVU.is_file():
        pytest.skip("DejaVu Sans not installed")
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "Face.ttf").write_bytes(DEJAVU.read_bytes())
    assert [f.name for f in F._folder_families(folder, "t")] == ["DejaVu Sans"]
    monkeypatch.setattr(F, "MAX_THEME_FONT_BYTES", DEJAVU.stat().st_size - 1)
    assert F._folder_families(folder, "t") == []
    with pytest.raises(ResourceError):
        F.font_bytes(folder / "Face.ttf")


def test_font_fifo_fed_without_end_refused(tmp_path: Path) -> None:
    from essaykit.fonts import font_bytes

    fifo = tmp_path / "Pipe.ttf"
    os.mkfifo(fifo)
    feeder = subprocess.Popen(["sh", "-c", f"yes > '{fifo}'"], stderr=subprocess.DEVNULL)
    try:
        with pytest.raises(ResourceError, match="not a regular file"):
            font_bytes(fifo)
    finally:
        feeder.kill()
        feeder.wait(timeout=60)


def test_theme_with_fifo_and_huge_fonts_exports(tmp_path: Path) -> None:
    """A theme whose fonts/ holds a FIFO nobody writes to and a sparse file
    over the cap: every format is written (the EPUB cover and the deck look
    through fonts/ too), in a child bounded in time."""
    from essaykit.fonts import MAX_THEME_FONT_BYTES

    theme = tmp_path / "t"
    (theme / "fonts").mkdir(parents=True)
    (theme / "theme.toml").write_text('name = "t"\nextends = "classic"\n[fonts]\nbody = "Pipe"\n')
    os.mkfifo(theme / "fonts" / "Pipe.ttf")
    with (theme / "fonts" / "Huge-Bold.otf").open("wb") as fh:
        fh.truncate(MAX_THEME_FONT_BYTES + 1)
    essay = tmp_path / "e.md"
    essay.write_text("# ሰላም ዓለም\n\nSome words.\n")
    child = subprocess.run(
        [sys.executable, "-m", "essaykit", "export", str(essay), "--theme", str(theme),
         "-t", "pdf,epub,pptx", "-o", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert child.returncode == 0, child.stderr
    assert "Traceback" not in child.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["e.epub", "e.pdf", "e.pptx"]
