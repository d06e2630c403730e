"""The book PDF (issue 7): front matter in roman folios, arabic from 1 at
the first part or chapter, chapters on rectos, running heads (book title on
versos, chapter title on rectos, none on openings), contents whose page
numbers are the real ones, an outline of parts → chapters, notes numbered
per chapter, images beside chapters in other folders — for the example book
in one process, and for a long generated book in one process and in
parallel chunks. Read back per page with ``pdftotext -f N -l N``."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from essaykit.book import BookOptions, build_book

from .conftest import EXAMPLES

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"),
                                reason="pdftotext (poppler-utils) not installed")

BOOK = EXAMPLES / "book" / "book.toml"
ROMAN = re.compile(r"^[ivxlc]+$")

_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63382127f71f0004ba02043e571fc70000000049454e44ae426082"
)


def page_text(pdf: Path, n: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@dataclass
class Page:
    number: int  # physical, 1-based
    lines: list[str]

    @property
    def folio(self) -> str:
        """The last line when it is a folio (a number or roman numeral)."""
        last = self.lines[-1] if self.lines else ""
        return last if last.isdigit() or ROMAN.match(last) else ""

    @property
    def head(self) -> str:
        return self.lines[0] if self.lines else ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def pages_of(pdf: Path) -> list[Page]:
    count = len(pypdf.PdfReader(str(pdf)).pages)
    out = []
    for n in range(1, count + 1):
        lines = [" ".join(ln.split()) for ln in page_text(pdf, n).splitlines() if ln.strip()]
        out.append(Page(n, lines))
    return out


@dataclass
class Expect:
    title: str
    chapters: list[str]  # in order
    parts: list[str]
    #: chapter title → its notes' first words, in order
    notes: dict[str, list[str]]
    #: titles of the back matter pages (their openings end a chapter's run)
    back: tuple[str, ...] = ()


def check_book(pdf: Path, expect: Expect) -> list[Page]:
    """Every rule of the printed book, on the PDF as read back."""
    reader = pypdf.PdfReader(str(pdf))
    pages = pages_of(pdf)

    # Where the chapters open: their number alone on the first line (no running head).
    openings: dict[str, Page] = {}
    for i, title in enumerate(expect.chapters, 1):
        found = [p for p in pages if p.head == str(i) and len(p.lines) > 1 and p.lines[1] == title]
        assert len(found) == 1, (title, [p.number for p in found])
        openings[title] = found[0]
    first_body = (next(p for p in pages if p.lines == [expect.parts[0]]) if expect.parts
                  else openings[expect.chapters[0]])
    start = first_body.number

    # Front matter: roman folios (or none), counting from the title page.
    front = pages[: start - 1]
    romans = [p for p in front if p.folio]
    assert romans, "no folio in the front matter"
    for p in romans:
        assert ROMAN.match(p.folio), (p.number, p.folio)
        assert p.folio == _roman(p.number), (p.number, p.folio)
    assert pages[0].folio == "" and expect.title in pages[0].text  # title page: no furniture

    # Body: arabic from 1 at the first part or chapter, on a recto.
    assert start % 2 == 1
    body = pages[start - 1:]
    for p in body:
        if p.folio:
            assert p.folio == str(p.number - start + 1), (p.number, p.folio)
    assert sum(1 for p in body if p.folio) > len(body) * 0.5

    # Chapters open on rectos (odd folio and odd page), with no running head.
    for title, p in openings.items():
        folio = p.number - start + 1
        assert p.number % 2 == 1 and folio % 2 == 1, (title, p.number)
        assert p.folio in ("", str(folio))
        assert expect.title not in p.head

    # Running heads: the book's title on versos, the chapter's on rectos.
    order = sorted(openings.items(), key=lambda kv: kv[1].number)
    checked = 0
    for title, p in order:
        following = [q for q in body if q.number > p.number]
        nxt = next((o.number for _, o in order if o.number > p.number), None)
        for q in following:
            if (nxt is not None and q.number >= nxt) or not q.folio or q.head == q.folio:
                continue
            if any(q.lines == [part] for part in expect.parts) or q.head in expect.back:
                break
            if q.number % 2 == 0:
                assert q.head.lower() == expect.title.lower(), (q.number, q.head)
            else:
                assert q.head == title, (q.number, q.head, title)
            checked += 1
    assert checked, "no page with a running head"
    # Part pages: the part title alone.
    for part in expect.parts:
        assert any(p.lines == [part] for p in body), part

    # The contents give the real pages.
    at = next(i for i, p in enumerate(front) if "Contents" in p.lines)
    contents = "\n".join(p.text for p in front[at:])  # it may run on to more pages
    for title, p in openings.items():
        m = re.search(rf"^{re.escape(title)} (\d+)$", contents, re.M)
        assert m, (title, contents)
        assert int(m.group(1)) == p.number - start + 1, (title, m.group(1), p.number)

    # Outline: parts, each holding its chapters (or chapters at the top).
    outline = reader.outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    if expect.parts:
        for part in expect.parts:
            assert part in titles
        nested = [o.title for sub in outline if isinstance(sub, list) for o in sub
                  if not isinstance(o, list)]
        for title in expect.chapters:
            assert title in nested and title not in titles
    else:
        for title in expect.chapters:
            assert title in titles
    for o in outline:
        if not isinstance(o, list):
            assert o.title in pages[reader.get_destination_page_number(o)].text

    # Notes restart at 1 in every chapter.
    for title, notes in expect.notes.items():
        p = openings[title]
        nxt = next((o.number for _, o in order if o.number > p.number), len(pages) + 1)
        text = "\n".join(q.text for q in pages[p.number - 1: nxt - 1])
        for i, words in enumerate(notes, 1):
            assert re.search(rf"^{i}\. {re.escape(words)}", text, re.M), (title, i, words)
    return pages


def _roman(n: int) -> str:
    from essaykit.renderers.pdf.parallel.run import roman

    return roman(n)


# ------------------------------------------------------------ example book


def test_example_book(tmp_path: Path) -> None:
    [pdf] = build_book(BOOK, tmp_path, BookOptions(formats=("pdf",)))
    pages = check_book(pdf, Expect(
        title="Notes from the Workshop",
        chapters=["On Sharpening", "The Second Draft", "Measure Twice"],
        parts=["Part One: Tools", "Part Two: Habits"],
        notes={"On Sharpening": ["Roughly 1000", "It was painted"],
               "The Second Draft": ["I am on my eleventh", "The shelf is full"],
               "Measure Twice": ["Carpenters in some", "One autumn"]},
        back=("Acknowledgements", "About the Author"),
    ))
    text = "\n".join(p.text for p in pages)
    # The byline of the guest essay, in its chapter and in the contents.
    assert text.count("Jonah Reyes") >= 2
    # Dedication: alone on its page, with no folio.
    dedication = next(p for p in pages if "For Tom" in p.text)
    assert dedication.folio == "" and len(dedication.lines) <= 3
    reader = pypdf.PdfReader(str(pdf))
    assert reader.metadata["/Title"] == "Notes from the Workshop"
    assert reader.trailer["/Root"]["/Lang"] == "en"


# --------------------------------------------------------------- long book

WORDS = ("The craft asks for patience before it gives anything back, and the "
         "work teaches whoever is willing to slow down and listen to it. ")


def long_book(folder: Path, chapters: int = 8, parts: bool = False) -> tuple[Path, Expect]:
    """A book of ``chapters`` generated essays of several pages each; the
    last lives in a folder of its own inside the book's (a manifest may
    name nothing outside its folder), beside its image."""
    book = folder / "book"
    book.mkdir()
    (book / "dedication.md").write_text("*For the patient.*\n")
    (book / "preface.md").write_text("---\ntitle: Preface\n---\n\n" + (WORDS * 12 + "\n\n") * 6)
    (book / "about.md").write_text("---\ntitle: About the Author\n---\n\n" + WORDS * 3 + "\n")
    titles, notes = [], {}
    paths = []
    for c in range(1, chapters + 1):
        title = f"Essay Number {c}"
        titles.append(title)
        notes[title] = [f"First note of essay {c}.", f"Second note of essay {c}."]
        body = [f"---\ntitle: {title}\nauthor: Ada Marlowe\n---\n",
                WORDS * 4 + "[^a]\n"]
        for s in range(1, 4):
            body.append(f"## Section {c}.{s}\n")
            body.extend([WORDS * 7 + "\n"] * 4)
            if s == 2:
                body.append("Here the second note.[^b]\n")
                # A table: its header cells' ids must stay unique in a merged book.
                body.append(f"| Tool | Essay {c} |\n|---|---|\n| Plane | {c} |\n| Saw | {s} |\n")
        body.append(f"[^a]: {notes[title][0]}\n\n[^b]: {notes[title][1]}\n")
        if c == chapters:
            (book / "elsewhere" / "deeper").mkdir(parents=True)
            where = book / "elsewhere" / "deeper" / f"{c:02d}.md"
            (book / "elsewhere" / "deeper" / "dot.png").write_bytes(_PNG)
            body.insert(2, "![A dot beside its chapter](dot.png)\n")
        else:
            (book / "essays").mkdir(exist_ok=True)
            where = book / "essays" / f"{c:02d}.md"
        where.write_text("\n".join(body))
        paths.append(where)
    rel = [str(p.relative_to(book)) if p.is_relative_to(book) else str(p) for p in paths]
    head = ('[book]\ntitle = "A Long Book"\nauthors = ["Ada Marlowe"]\nlanguage = "en"\n'
            'front = ["dedication.md", "preface.md"]\nback = ["about.md"]\n')
    if parts:
        half = len(rel) // 2
        head += (f'\n[[part]]\ntitle = "The First Half"\nchapters = {rel[:half]!r}\n'
                 f'\n[[part]]\ntitle = "The Second Half"\nchapters = {rel[half:]!r}\n')
        part_titles = ["The First Half", "The Second Half"]
    else:
        head += f"chapters = {rel!r}\n"
        part_titles = []
    manifest = book / "book.toml"
    manifest.write_text(head.replace("'", '"'))
    return manifest, Expect("A Long Book", titles, part_titles, notes, ("About the Author",))


def test_long_book_is_one_tagged_pdf_on_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same book laid out in one process (``jobs=1``) and in chunks by
    three workers: both follow every rule of the printed book, and both are
    the same tagged PDF — structure elements, words on every page,
    outline, links, PDF/UA identification (issue 20: the output does not
    depend on the number of cores)."""
    from essaykit import prewarm
    from essaykit.renderers.pdf.parallel import run as pdf_parallel

    from .pdftags import assert_same, read

    monkeypatch.setattr(prewarm, "can_fork", lambda: False)  # the spy below must run in this process
    manifest, expect = long_book(tmp_path)
    calls: list[int] = []
    original = pdf_parallel.render_parallel

    def spy(job, ctx, workers):  # type: ignore[no-untyped-def]
        calls.append(workers)
        return original(job, ctx, workers)

    monkeypatch.setattr(pdf_parallel, "render_parallel", spy)
    read_back = {}
    for jobs in (1, 3):
        calls.clear()
        warnings: list[object] = []
        out = tmp_path / f"jobs{jobs}"
        [pdf] = build_book(manifest, out, BookOptions(formats=("pdf",), render={"jobs": jobs}),
                           warn=warnings.append)
        assert calls == ([3] if jobs == 3 else []), calls
        assert not warnings, warnings  # the image beside the last chapter was read
        pages = check_book(pdf, expect)
        assert len(pages) > 40
        reader = pypdf.PdfReader(str(pdf))
        if jobs > 1:  # the furniture, drawn over the pages
            assert any("/XObject" in (p.get("/Resources") or {}) for p in reader.pages)
        read_back[jobs] = read(pdf)
    assert_same(read_back[1], read_back[3])


def test_long_book_with_parts_in_parallel(tmp_path: Path) -> None:
    manifest, expect = long_book(tmp_path, chapters=6, parts=True)
    [pdf] = build_book(manifest, tmp_path, BookOptions(formats=("pdf",), render={"jobs": 2}))
    check_book(pdf, expect)


def test_long_book_takes_the_parallel_path_when_jobs_allow(tmp_path: Path) -> None:
    from essaykit.api import _context
    from essaykit.book import ChapterCache, load_book, read_manifest
    from essaykit.renderers.pdf.parallel.run import MIN_PAGES, worker_count
    from essaykit.renderers.pdf.renderer import build

    manifest, _ = long_book(tmp_path, chapters=12)
    doc = load_book(read_manifest(manifest), ChapterCache()).document
    ctx = _context(doc, "classic", {"jobs": "auto"}, None)  # what the CLI asks for
    job = build(doc, ctx)
    assert job.pages_hint > MIN_PAGES and job.parallel_ok
    assert job.parts is not None and len(job.parts.pieces) == 12
    import os

    assert worker_count(job, ctx) == min(os.cpu_count() or 1, 4, 12)
    assert worker_count(job, _context(doc, "classic", {}, None)) == 1  # the library's default


#: Preface lengths giving the classic theme's front matter 13 and 14 pages.
@pytest.mark.parametrize(("preface_paragraphs", "odd"), [(7, True), (9, False)])
def test_book_front_matter_laid_out_once(tmp_path: Path, preface_paragraphs: int, odd: bool,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A book document in chunks lays its front matter out once, after the
    body (no pass to count its pages): the body still opens on a recto
    whatever the front's length (two lengths, one of each parity between
    them), and the preface's entry in the contents gives its roman page."""
    from essaykit import prewarm
    from essaykit.renderers.pdf.parallel import run as pdf_parallel

    monkeypatch.setattr(prewarm, "can_fork", lambda: False)  # the spy below must run here
    manifest, expect = long_book(tmp_path, chapters=6, parts=True)
    preface = manifest.parent / "preface.md"
    preface.write_text("---\ntitle: Preface\n---\n\n" + (WORDS * 12 + "\n\n") * preface_paragraphs)
    folios: list[object] = []
    original = pdf_parallel.front_chunk

    def spy(parts, given):  # type: ignore[no-untyped-def]
        folios.append(given)
        return original(parts, given)

    monkeypatch.setattr(pdf_parallel, "front_chunk", spy)
    from essaykit.renderers.pdf.parallel.merge import Merger

    blanks: list[int] = []
    blank = Merger.blank

    def spy_blank(self: Merger, index: int) -> None:
        blanks.append(index)
        blank(self, index)

    monkeypatch.setattr(Merger, "blank", spy_blank)
    add = Merger.add
    laid_out = 0

    def spy_add(self: Merger, parts: list, index: int | None = None) -> object:  # type: ignore[type-arg]
        nonlocal laid_out
        if index == 0:  # the front matter, inserted before the body
            laid_out = len(pypdf.PdfReader(io.BytesIO(parts[0].pdf)).pages)
        return add(self, parts, index)

    monkeypatch.setattr(Merger, "add", spy_add)
    [pdf] = build_book(manifest, tmp_path, BookOptions(formats=("pdf",), render={"jobs": 2}))
    assert len(folios) == 1 and folios[0] is not None, "the front matter was laid out more than once"
    pages = check_book(pdf, expect)
    start = next(p for p in pages if p.lines == [expect.parts[0]]).number
    front = pages[: start - 1]
    at = next(i for i, p in enumerate(front) if "Contents" in p.lines)
    contents = "\n".join(p.text for p in front[at:])
    m = re.search(r"^Preface ([ivxlc]+)$", contents, re.M)
    assert m, contents
    opening = next(p for p in front[at:] if p.lines and p.lines[0] == "Preface")
    assert m.group(1) == _roman(opening.number)
    # The front matter's own pages, and the blank verso after them when odd.
    assert blanks == ([laid_out] if laid_out % 2 else []), (blanks, laid_out)
    assert start - 1 == laid_out + laid_out % 2
    assert laid_out % 2 == odd, f"{laid_out} front pages: change the preface's length to test both sides"
