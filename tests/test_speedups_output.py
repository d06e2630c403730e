"""Each speed-up gives the output of the stock code: the example essay's PDF (tagged, with
hyphenation, footnotes and a pull quote) with every speed-up on is the same, byte for byte,
as with that one left out. HarfBuzz subsetting writes other font bytes than fontTools', so
for it the words and their places, and the pages' pixels, are compared."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from essaykit.speedups import NAMES

from .conftest import EXAMPLES

pytest.importorskip("weasyprint")

_RENDER = """
import sys, essaykit, essaykit.speedups
essaykit.speedups.enable()
doc = essaykit.load(sys.argv[1])
sys.stdout.buffer.write(essaykit.render(doc, "pdf", page_size="A5", warn=lambda w: None))
"""


def _pdf(off: str, cache: Path) -> bytes:
    env = {**os.environ, "ESSAYKIT_SPEEDUPS_OFF": off, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run([sys.executable, "-c", _RENDER, str(EXAMPLES / "essay.md")],
                         capture_output=True, timeout=600, env=env)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    return out.stdout


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def all_on(cache: Path) -> bytes:
    return _pdf("", cache)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "subset"])
def test_the_same_bytes_without_it(name: str, all_on: bytes, cache: Path) -> None:
    assert _pdf(name, cache) == all_on


def _native_subsetting() -> bool:
    """WeasyPrint found the system's libharfbuzz-subset: it subsets with it, and the
    speed-up (which replaces only its fontTools fallback) is not installed."""
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


@pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                    reason="pdftotext and pdftoppm (poppler-utils) not installed")
@pytest.mark.skipif(_native_subsetting(), reason="libharfbuzz-subset is installed: WeasyPrint subsets "
                    "with it, so the subset speed-up (fontTools' fallback replaced) does not apply")
def test_harfbuzz_subsets_draw_what_fonttools_subsets_draw(all_on: bytes, cache: Path,
                                                           tmp_path: Path) -> None:
    def seen(pdf: bytes, name: str) -> tuple[list[str], list[bytes]]:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        words = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(path), str(tmp_path / name)], check=True)
        pixels = [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.pgm"))]
        return re.findall(r"<word .*?</word>", words), pixels

    fast = seen(all_on, "fast")
    assert fast[0] and fast[1]
    stock = _pdf("subset", cache)
    assert stock != all_on  # (the speed-ups were on: fontTools wrote other font bytes)
    assert seen(stock, "stock") == fast
