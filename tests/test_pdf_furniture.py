"""The furniture of a book laid out in chunks (:mod:`essaykit.renderers.pdf.parallel.furniture`)
looks exactly as WeasyPrint's margin boxes do: same words at the same
places (``pdftotext -bbox``), same pixels (``pdftoppm``), on the fast path
(pieces laid out once, page boxes assembled) and on the public-API fallback
(one laid-out page per book page)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from essaykit.renderers.base import RenderContext
from essaykit.renderers.pdf import css as pdf_css
from essaykit.renderers.pdf.job import PdfJob, make_fetcher_for
from essaykit.renderers.pdf.parallel import furniture as pdf_furniture
from essaykit.renderers.pdf.parallel.furniture import plan
from essaykit.renderers.pdf.renderer import build
from essaykit.theme import load_theme

from .test_pdf import chapter_book

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                reason="poppler-utils not installed")

LONG = ("A running head long enough to need two lines in the top margin of a recto, "
        "as the titles of some chapters are")
KINDS = [("bare", "", ""), ("bare", "", ""), ("front", "", "3"), ("front", "", "4"),
         ("", "Chapter 1", "5"), ("", "Chapter 1", "6"), ("open", "Chapter 2", "7"),
         ("bare", "Chapter 2", ""), ("", LONG, "9"), ("", LONG, "10"), ("", "", "11"),
         ("", "Fish & <chips>", "12"), ("", "Fish & <chips>", "13"), ("", "Chapter 2", "14")]


def test_plan_pieces_once_and_pages_in_order() -> None:
    pieces, pages = plan(KINDS, "Title")
    assert len(pages) == len(KINDS)
    assert pages[0] == pages[1] == pages[7] == []  # bare
    assert [pieces[i] for i in pages[2]] == [("ek-folio ek-recto", "3")]  # front: folio only
    assert [pieces[i] for i in pages[6]] == [("ek-folio ek-recto", "7")]  # opening: folio only
    assert [pieces[i] for i in pages[4]] == [("ek-head ek-recto", "Chapter 1"), ("ek-folio ek-recto", "5")]
    assert [pieces[i] for i in pages[5]] == [("ek-head ek-verso", "Title"), ("ek-folio ek-verso", "6")]
    assert [pieces[i] for i in pages[10]] == [("ek-folio ek-recto", "11")]  # no section yet: no head
    assert len(pieces) == len(set(pieces))
    assert pages[5][0] == pages[9][0] == pages[11][0]  # the title is one piece
    # Sides follow the page's place in the book.
    shifted, [first] = plan(KINDS[4:5], "T", start=1)
    assert [shifted[i] for i in first] == [("ek-head ek-verso", "T"), ("ek-folio ek-verso", "5")]


@pytest.fixture(scope="module")
def job() -> PdfJob:
    ctx = RenderContext(theme=load_theme("classic"), options={})
    return build(chapter_book(), ctx)


def _margin_boxes(job: PdfJob) -> bytes:
    """What the furniture used to be: WeasyPrint margin boxes on a document of
    empty pages, the folios and sections written in with ``string-set``."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from essaykit.speedups import subset as pdf_subset

    pdf_subset.install()
    theme = load_theme("classic")
    colors = {k: str(v) for k, v in (theme.get("colors") or {}).items()}
    (faces, _), (family_and_layer, _) = job.furniture_css
    family = family_and_layer[:family_and_layer.index("\n@page {")]
    page = pdf_css.page_css(pdf_css.geometry(theme, None), rtl=False, lang="en",
                            title=job.furniture_title, colors=colors).replace("counter(page)", "string(folio)")
    css = faces + page + family + """
body.ek-furniture { margin: 0; }
.ek-p { break-before: page; height: 0; }
.ek-p:first-child { break-before: auto; }
@page ek-bare { @top-left { content: none; } @top-right { content: none; }
  @bottom-left { content: none; } @bottom-right { content: none; } }
@page ek-open { @top-left { content: none; } @top-right { content: none; } }
"""
    divs = []
    for kind, section, folio in KINDS:
        name = {"bare": "ek-bare", "front": "front", "open": "ek-open"}.get(kind, "auto")
        divs.append(f'<div class="ek-p" style="page: {name}; string-set: section '
                    f'{pdf_css.css_string(section).replace("&", "&amp;").replace(chr(34), "&quot;")}, '
                    f'folio {pdf_css.css_string(folio).replace(chr(34), "&quot;")}"></div>')
    assert job.parts is not None
    html = job.parts.opening.replace('<body class="', '<body class="ek-furniture ', 1) + "".join(divs)
    fetcher = make_fetcher_for(job)
    fonts = FontConfiguration()
    sheet = CSS(string=css, url_fetcher=fetcher, font_config=fonts)
    return bytes(HTML(string=html + "</body></html>", url_fetcher=fetcher).render(
        stylesheets=[sheet], font_config=fonts).write_pdf())


def _words(pdf: bytes, tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.findall(r"<page .*?>|<word .*?</word>", out)


def _pixels(pdf: bytes, tmp_path: Path, name: str) -> list[bytes]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", str(path), str(tmp_path / name)], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.pgm"))]


def test_same_words_and_pixels_as_margin_boxes(job: PdfJob, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _margin_boxes(job)
    fast = pdf_furniture.draw(job, KINDS)

    def unexpected(*_args: object) -> None:
        raise pdf_furniture._Unexpected("as if WeasyPrint had changed")

    monkeypatch.setattr(pdf_furniture, "_book_pages", unexpected)
    public = pdf_furniture.draw(job, KINDS)

    words = _words(reference, tmp_path, "reference")
    assert len([w for w in words if w.startswith("<page")]) == len(KINDS)
    assert sum("Chapter" in w for w in words) == 1 and sum("chips" in w for w in words) == 1
    assert _words(fast, tmp_path, "fast") == words
    assert _words(public, tmp_path, "public") == words
    pixels = _pixels(reference, tmp_path, "reference")
    assert _pixels(fast, tmp_path, "fast") == pixels
    assert _pixels(public, tmp_path, "public") == pixels
