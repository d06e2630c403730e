"""A book of many small chapters (issue 22: 5,000 chapters of a line each ran
past 300 s): a few hundred generated here, each format checked for its
structure — the PDF laid out in parallel chunks with every chapter in its
outline and on a recto, the EPUB with every chapter, and decks per chapter
refused past :data:`essaykit.book.build.MAX_DECKS` with one line, before
anything is read. Figures at 1,000 and 5,000 chapters: benchmarks/FINDINGS.md."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit.book import BookOptions, build_book
from essaykit.cli import main
from essaykit.errors import UsageError

CHAPTERS = 160


def many(folder: Path, n: int = CHAPTERS) -> Path:
    """A book of ``n`` chapters of a heading and a line, listed by a glob."""
    (folder / "many").mkdir(parents=True)
    for i in range(1, n + 1):
        (folder / "many" / f"c{i:04d}.md").write_text(f"# C{i}\n\nText {i}.\n", "utf-8")
    manifest = folder / "book.toml"
    manifest.write_text('[book]\ntitle = "Many"\nauthors = ["QA"]\n\nchapters = ["many/*.md"]\n', "utf-8")
    return manifest


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return many(tmp_path_factory.mktemp("many"))


def test_many_short_chapters_are_a_long_book(book: Path) -> None:
    """Each chapter opens a page: the estimate counts them, so the book takes
    the parallel path (its text alone would fill two pages)."""
    from essaykit.api import _context
    from essaykit.book import ChapterCache, load_book, read_manifest
    from essaykit.renderers.pdf.parallel.run import MIN_PAGES, worker_count
    from essaykit.renderers.pdf.renderer import build

    doc = load_book(read_manifest(book), ChapterCache()).document
    ctx = _context(doc, "classic", {"jobs": "auto"}, None)
    job = build(doc, ctx)
    assert job.parts is not None and len(job.parts.pieces) == CHAPTERS
    assert job.pages_hint >= CHAPTERS > MIN_PAGES
    assert worker_count(job, ctx) == min(os.cpu_count() or 1, 4)


def test_pdf_of_many_chapters(book: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("pikepdf")
    [pdf] = build_book(book, tmp_path, BookOptions(formats=("pdf",), render={"jobs": 2}))
    reader = pypdf.PdfReader(str(pdf))
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    outline = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in outline]
    chapters = [item for item in outline if item.title.startswith("C")]
    assert [c.title for c in chapters] == [f"C{i}" for i in range(1, CHAPTERS + 1)], titles[:5]
    starts = [pages[c.page.idnum] for c in chapters]
    # One page a chapter and a blank verso after it: every chapter on a recto
    # (an odd page, counted from 1), the last page the last chapter's.
    assert starts == list(range(starts[0], starts[0] + 2 * CHAPTERS, 2))
    assert starts[0] % 2 == 0 and len(reader.pages) == starts[-1] + 1
    for k in (1, CHAPTERS // 2, CHAPTERS):
        assert f"Text {k}." in reader.pages[starts[k - 1]].extract_text()
        if k < CHAPTERS:  # then a blank verso, without folio or running head
            assert reader.pages[starts[k - 1] + 1].extract_text().strip() == ""
    dests = reader.named_destinations
    assert all(f"chapter-{k}" in dests for k in range(1, CHAPTERS + 1))
    assert reader.trailer["/Root"]["/StructTreeRoot"] is not None
    # The contents: every chapter's entry, links to the chapters' pages.
    contents = "".join(reader.pages[i].extract_text() for i in range(starts[0]))
    assert all(f"C{k}" in contents for k in (1, 99, CHAPTERS))


def test_epub_of_many_chapters(book: Path, tmp_path: Path) -> None:
    [epub] = build_book(book, tmp_path, BookOptions(formats=("epub",)))
    with zipfile.ZipFile(epub) as z:
        nav = next(z.read(n).decode() for n in z.namelist() if n.endswith("nav.xhtml"))
        opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
    assert all(f">C{k}<" in nav for k in (1, CHAPTERS // 2, CHAPTERS))
    assert opf.count("<itemref") >= CHAPTERS


def test_decks_per_chapter_past_the_limit_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from essaykit.book import build as book_build
    from essaykit.book.cache import ChapterCache

    monkeypatch.setattr(book_build, "MAX_DECKS", 3)
    monkeypatch.setattr(book_build, "MAX_DECK_CHAPTERS", 4)
    manifest = many(tmp_path, 4)
    cache = ChapterCache()
    with pytest.raises(UsageError) as caught:
        build_book(manifest, tmp_path / "out", cache=cache)
    assert str(caught.value) == (f"{manifest}: 4 chapters are too many for a deck each (at most 3): "
                                 "use --deck single, or -t pdf,epub for the book alone")
    assert cache.reads == [] and not (tmp_path / "out").exists()  # nothing read, nothing written
    result = CliRunner().invoke(main, ["book", str(manifest), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code != 0 and result.output.strip() == str(caught.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    # What the message offers works: one deck, or the book without decks.
    [deck] = build_book(manifest, tmp_path / "single", BookOptions(formats=("pptx",), deck="single"))
    from pptx import Presentation

    assert len(Presentation(str(deck)).slides) > 4
    # Past both limits: neither is offered.
    monkeypatch.setattr(book_build, "MAX_DECK_CHAPTERS", 3)
    for deck in ("single", "per-chapter"):
        with pytest.raises(UsageError, match="too many for (one deck|decks) .*: use -t pdf,epub for the book alone$"):
            build_book(manifest, tmp_path / "out", BookOptions(deck=deck), cache=cache)
    assert cache.reads == []
    [epub] = build_book(manifest, tmp_path / "alone", BookOptions(formats=("epub",)))
    monkeypatch.setattr(book_build, "MAX_DECKS", 4)
    decks = build_book(manifest, tmp_path / "each", BookOptions(formats=("pptx",)))
    assert len(decks) == 4 and all(len(Presentation(str(d)).slides) >= 2 for d in decks)
    # A book's decks keep the whole book's characters in their fonts: the
    # same font parts in each (made once for all of them).
    fonts = []
    for deck in decks:
        with zipfile.ZipFile(deck) as z:
            fonts.append({n: z.read(n) for n in z.namelist() if n.startswith("ppt/fonts/")})
    assert fonts[0] and all(f == fonts[0] for f in fonts)


_CONTENTS = """
import sys, essaykit.speedups
from essaykit.book import BookOptions, build_book
essaykit.speedups.enable()
build_book(sys.argv[1], sys.argv[2], BookOptions(formats=("pdf",), render={"jobs": 1}))
"""


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_blank_leaders_drawn_once_look_the_same(tmp_path: Path) -> None:
    """The contents' blank leaders drawn once (:mod:`essaykit.speedups.leaders`):
    the same pages, pixel for pixel, and the same words, as WeasyPrint's copies."""
    manifest = many(tmp_path, 30)
    pngs = {}
    for off in ("", "leaders"):
        out = tmp_path / (off or "on")
        env = {**os.environ, "ESSAYKIT_SPEEDUPS_OFF": off}
        done = subprocess.run([sys.executable, "-c", _CONTENTS, str(manifest), str(out)],
                              capture_output=True, timeout=600, env=env)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        pdf = out / "many.pdf"
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "6", str(pdf), str(out / "p")],
                       check=True)
        text = subprocess.run(["pdftotext", "-layout", "-l", "6", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        pngs[off] = ([p.read_bytes() for p in sorted(out.glob("p-*.pgm"))], text, pdf.stat().st_size)
    (on, on_text, on_size), (off_pixels, off_text, off_size) = pngs[""], pngs["leaders"]
    assert len(on) == 6 and on == off_pixels
    assert on_text == off_text and "C30" in on_text
    assert on_size < off_size  # the copies are gone


def test_merge_writes_the_page_tree_at_once_or_through_qpdf(tmp_path: Path) -> None:
    """The merge's first parts go into the book's page tree in one go; a part
    whose pages take their size from its page tree goes through qpdf's own
    ``pages.extend``, which gives the pages what they inherit."""
    import io

    pikepdf = pytest.importorskip("pikepdf")
    from essaykit.renderers.pdf.parallel.merge import Merger, Part

    def part(pages: int, inherited: bool) -> bytes:
        pdf = pikepdf.new()
        for _ in range(pages):
            pdf.add_blank_page(page_size=(200, 300))
        if inherited:
            pdf.Root.Pages.MediaBox = [0, 0, 200, 300]
            for page in pdf.pages:
                del page.obj["/MediaBox"]
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()

    for inherited in (False, True):
        merger = Merger()
        merger.add([Part(part(3, inherited)), Part(part(2, inherited), blank_before=True)])
        merger.add([Part(part(1, False))], 0)
        data = merger.finish(None, [], {})
        book = pikepdf.open(io.BytesIO(data))
        assert len(book.pages) == 7
        assert all([float(v) for v in page.mediabox] == [0, 0, 200, 300] for page in book.pages)
