"""Independent check that deck text fits: LibreOffice draws the slides, and
every word it draws must lie inside the box of a shape on the slide, and text
boxes must not overlap.

The deck renderer measures text with its own font metrics; this test does not
trust those measurements. It converts real decks (the example, the seeds,
non-Latin corpus posts) with LibreOffice Impress and reads back where each
word landed with ``pdftotext -bbox``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

import essaykit

from .conftest import EXAMPLES, SHARED

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler (pdftotext) not installed"),
]

EMU_PER_PT = 12700
#: Points a word may stray outside its box: font ascent/descent and
#: LibreOffice's own rounding.
SLACK = 6.0

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def _inputs() -> list[Path]:
    paths = [EXAMPLES / "essay.md"]
    paths += sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    corpus = SHARED / "corpus"
    for name in ("coping-with-feedback.ja.md", "name-it-and-they-will-come.ar.md", "deep-neural-nets-33-years.md"):
        if (corpus / name).exists():
            paths.append(corpus / name)
    return paths


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each input's deck and LibreOffice's PDF of it, converted in one go."""
    folder = tmp_path_factory.mktemp("decks")
    decks = []
    for src in _inputs():
        doc = essaykit.load(src)
        target = folder / (src.stem.replace(".", "-") + ".pptx")
        target.write_bytes(essaykit.render(doc, "pptx", warn=lambda w: None))
        decks.append(target)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), *map(str, decks)],
        capture_output=True,
        timeout=600,
        check=True,
    )
    return {d.stem: (d, d.with_suffix(".pdf")) for d in decks}


def _boxes(slide) -> list[tuple[float, float, float, float, str]]:  # type: ignore[no-untyped-def]
    out = []
    for shape in slide.shapes:
        if shape.width is None or shape.height is None:
            continue
        x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
        w, h = shape.width / EMU_PER_PT, shape.height / EMU_PER_PT
        text = shape.text_frame.text if shape.has_text_frame else ""
        kind = "text" if text.strip() else ("table" if shape.has_table else "other")
        out.append((x, y, x + w, y + h, kind))
    return out


def _inside(cx: float, cy: float, box: tuple[float, float, float, float, str]) -> bool:
    x0, y0, x1, y1, _ = box
    return x0 - SLACK <= cx <= x1 + SLACK and y0 - SLACK <= cy <= y1 + SLACK


def test_every_word_inside_a_shape_and_on_the_slide(drawn: dict[str, tuple[Path, Path]]) -> None:
    from pptx import Presentation

    problems = []
    for name, (deck_path, pdf_path) in drawn.items():
        assert pdf_path.exists(), f"LibreOffice did not convert {deck_path.name}"
        deck = Presentation(str(deck_path))
        xml = subprocess.run(
            ["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = _PAGE.findall(xml)
        assert len(pages) == len(deck.slides), name
        for number, (slide, (pw, ph, body)) in enumerate(zip(deck.slides, pages, strict=True), 1):
            boxes = _boxes(slide)
            for x0, y0, x1, y1, word in _WORD.findall(body):
                cx, cy = (float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2
                if not (float(x0) >= 0 and float(x1) <= float(pw) + 1 and float(y0) >= 0 and float(y1) <= float(ph) + 1):
                    problems.append(f"{name} slide {number}: {unescape(word)!r} falls off the slide")
                elif not any(_inside(cx, cy, b) for b in boxes):
                    problems.append(f"{name} slide {number}: {unescape(word)!r} outside every box")
    assert not problems, "\n".join(problems[:20])


def test_text_boxes_do_not_overlap(drawn: dict[str, tuple[Path, Path]]) -> None:
    from pptx import Presentation

    problems = []
    for name, (deck_path, _pdf) in drawn.items():
        for number, slide in enumerate(Presentation(str(deck_path)).slides, 1):
            boxes = [b for b in _boxes(slide) if b[4] in ("text", "table")]
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    overlap_w = min(a[2], b[2]) - max(a[0], b[0])
                    overlap_h = min(a[3], b[3]) - max(a[1], b[1])
                    if overlap_w > 1 and overlap_h > 1:
                        problems.append(f"{name} slide {number}: boxes {a[:4]} and {b[:4]} overlap")
    assert not problems, "\n".join(problems[:20])
