"""A right-to-left book laid out in chunks (essaykit.renderers.pdf.parallel.run)
is the book laid out as one document: the same pages, words, outline,
named destinations, links, structure tree and pixels — mirrored sides
(the recto is the left-hand page, where chapters open), folios in the
book's digits (Arabic-Indic, Persian; roman in a book's front matter),
running heads on the outer edges."""

from __future__ import annotations

import random
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

import essaykit
from essaykit.book import BookOptions, build_book
from essaykit.renderers.pdf.parallel import run as pdf_parallel

from .pdftags import assert_same, read

pytestmark = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
                                reason="poppler-utils not installed")

_ARABIC_TEXT = ("في من على إلى أن هذا كان قال الذي التي عن مع كل بين بعد قبل حتى عندما الكتاب القراءة الوقت "
                "المدينة البحر الليل النهار الطريق البيت الشمس")
_ARABIC = _ARABIC_TEXT.split()
_PERSIAN_TEXT = "در از به که این آن با برای را است بود شهر دریا شب روز راه خانه خورشید کتاب خواندن زمان"
_PERSIAN = _PERSIAN_TEXT.split()


def _prose(rng: random.Random, words: list[str], sentences: int) -> str:
    return " ".join(" ".join(rng.choice(words) for _ in range(rng.randint(6, 18))) + "."
                    for _ in range(sentences))


def arabic_essay() -> str:
    """Six sections, long enough (over 40 pages of text) for chapter pages
    and the contents: the parallel book path when ``jobs`` allows. Notes
    run on through the book; a link crosses chunks."""
    rng = random.Random(2)
    out = ["---", "title: كتاب قصير", "author: كاتب", "lang: ar", "---", ""]
    for s in range(1, 7):
        out.append(f"## باب {s} {{#bab{s}}}\n")
        for p in range(62):
            text = _prose(rng, _ARABIC, rng.randint(2, 5))
            if p == 10:
                text += f"[^n{s}]"
            if s == 5 and p == 3:
                text += " [انظر الباب الأول](#bab1)."
            out.append(text + "\n")
    out += [f"[^n{s}]: حاشية الباب {s}.\n" for s in range(1, 7)]
    return "\n".join(out)


def _spied(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = pdf_parallel.render_parallel

    def spy(job, ctx, workers):  # type: ignore[no-untyped-def]
        calls.append(workers)
        return original(job, ctx, workers)

    monkeypatch.setattr(pdf_parallel, "render_parallel", spy)
    return calls


@pytest.fixture(scope="module")
def arabic_pair() -> tuple[bytes, bytes]:
    """The essay as one document (the library's default) and in chunks."""
    doc = essaykit.loads(arabic_essay())
    mp = pytest.MonkeyPatch()
    try:
        calls = _spied(mp)
        whole = essaykit.render(doc, "pdf", toc=True)
        assert calls == []
        in_chunks = essaykit.render(doc, "pdf", toc=True, jobs=2)
        assert calls == [2], "the book was not laid out in chunks"
    finally:
        mp.undo()
    return whole, in_chunks


def _outline(r: pypdf.PdfReader) -> list[tuple[str, int, float, float]]:
    out: list[tuple[str, int, float, float]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((item.title, r.get_destination_page_number(item),
                            round(float(item.left), 1), round(float(item.top), 1)))
    walk(r.outline)
    return out


def _destinations(r: pypdf.PdfReader) -> dict[str, tuple[int, float, float]]:
    return {name: (r.get_destination_page_number(d), round(float(d.left), 1), round(float(d.top), 1))
            for name, d in r.named_destinations.items()}


def _same_pixels(one: bytes, other: bytes, tmp_path: Path, dpi: int = 60) -> int:
    """Every page of ``one`` and ``other`` rasterised alike; the page count."""
    from PIL import Image, ImageChops

    for name, data in (("one", one), ("other", other)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True, capture_output=True)
    pages = sorted(p.name[len("one-"):] for p in tmp_path.glob("one-*.pgm"))
    for page in pages:
        with Image.open(tmp_path / f"one-{page}") as a, Image.open(tmp_path / f"other-{page}") as b:
            assert ImageChops.difference(a, b).getbbox() is None, f"page {page} differs"
    return len(pages)


def test_chunks_make_the_same_pages_words_and_pixels(arabic_pair: tuple[bytes, bytes], tmp_path: Path) -> None:
    """Furniture included: the folios and running heads drawn over the
    chunks stand where the single document's margin boxes put them."""
    whole, in_chunks = arabic_pair
    a, b = pypdf.PdfReader(BytesIO(whole)), pypdf.PdfReader(BytesIO(in_chunks))
    assert len(a.pages) == len(b.pages) > 50
    for i, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True)):
        assert pa.extract_text().split() == pb.extract_text().split(), f"page {i + 1} differs"
    assert _same_pixels(whole, in_chunks, tmp_path) == len(a.pages)


def test_chunks_keep_outline_destinations_links_and_tags(arabic_pair: tuple[bytes, bytes], tmp_path: Path) -> None:
    whole, in_chunks = arabic_pair
    a, b = pypdf.PdfReader(BytesIO(whole)), pypdf.PdfReader(BytesIO(in_chunks))
    assert _outline(a) == _outline(b) and [t for t, *_ in _outline(b)] == [f"باب {s}" for s in range(1, 7)]
    assert _destinations(a) == _destinations(b)
    assert {"bab1", "bab6"} <= set(_destinations(b))
    (tmp_path / "one.pdf").write_bytes(whole)
    (tmp_path / "chunks.pdf").write_bytes(in_chunks)
    one, chunks = read(tmp_path / "one.pdf"), read(tmp_path / "chunks.pdf")
    assert_same(one, chunks)  # words, outline, every page's links, structure tree
    assert sum(links.count("bab1") for links in chunks.links) >= 2  # the contents' and the cross-reference
    assert b.trailer["/Root"]["/Lang"] == "ar" and chunks.marked and chunks.ua


def test_mirrored_book_rectos_on_the_left_folios_in_arabic_indic(arabic_pair: tuple[bytes, bytes]) -> None:
    """Right to left the first page is a left-hand recto: the contents and
    every chapter open on odd pages (the left-hand ones), with a blank
    verso before them where needed; folios are Arabic-Indic, the title
    of the book heads the versos and the chapter the rectos."""
    _whole, in_chunks = arabic_pair
    r = pypdf.PdfReader(BytesIO(in_chunks))
    opens = [page + 1 for _t, page, _x, _y in _outline(r)]
    assert all(n % 2 == 1 for n in opens), opens
    assert "المحتو" in r.pages[2].extract_text()  # the contents, on page 3
    assert r.pages[1].extract_text().split() == []  # the title page's blank verso
    later = opens[0] + 2  # a recto inside the first chapter
    words = r.pages[later - 1].extract_text().split()
    digits = str(later).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert {digits, digits[::-1]} & set(words), words[-3:]
    assert str(later) not in words
    verso = " ".join(r.pages[later].extract_text().split())
    assert "كتاب" in verso


def persian_book(folder: Path) -> Path:
    """A small ``essaykit book`` in Persian: a preface (roman folio),
    three chapters."""
    rng = random.Random(3)
    book = folder / "book"
    book.mkdir()
    (book / "preface.md").write_text("---\ntitle: پیشگفتار\n---\n\n" + _prose(rng, _PERSIAN, 30) + "\n")
    for c in range(1, 4):
        body = [f"---\ntitle: فصل {c}\n---\n"]
        for s in range(1, 3):
            body.append(f"## بخش {c}.{s}\n")
            body.extend(_prose(rng, _PERSIAN, rng.randint(3, 7)) + "\n" for _ in range(12))
        (book / f"{c:02d}.md").write_text("\n".join(body))
    (book / "book.toml").write_text(
        '[book]\ntitle = "کتاب کوچک"\nauthors = ["نویسنده"]\nlanguage = "fa"\n'
        'front = ["preface.md"]\nchapters = ["01.md", "02.md", "03.md"]\n')
    return book / "book.toml"


def test_a_persian_book_document_in_chunks_is_the_same_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``essaykit book`` right to left: front matter in roman folios, the
    body in Persian digits from ۱ at the first chapter; one process and
    two workers give the same pages, pixels and tags."""
    from essaykit import prewarm

    monkeypatch.setattr(prewarm, "can_fork", lambda: False)  # the spy must run in this process
    calls = _spied(monkeypatch)
    manifest = persian_book(tmp_path)
    made = {}
    for jobs in (1, 2):
        [pdf] = build_book(manifest, tmp_path / f"jobs{jobs}", BookOptions(formats=("pdf",), render={"jobs": jobs}))
        made[jobs] = pdf
    assert calls == [2]
    one, chunks = made[1].read_bytes(), made[2].read_bytes()
    a, b = pypdf.PdfReader(BytesIO(one)), pypdf.PdfReader(BytesIO(chunks))
    assert len(a.pages) == len(b.pages) > 10
    # The folio's two Persian digits are the same glyphs at the same places
    # (the pixels below), drawn in the other order by a margin box: pypdf,
    # which reads glyphs in drawing order, may give "۳۱" for "۱۳".
    def words(page: pypdf.PageObject) -> list[str]:
        return sorted(min(w, w[::-1]) if w.isdigit() else w for w in page.extract_text().split())

    for i, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True)):
        assert words(pa) == words(pb), f"page {i + 1} differs"
    assert _same_pixels(one, chunks, tmp_path) == len(a.pages)
    assert _outline(a) == _outline(b) and _destinations(a) == _destinations(b)
    assert_same(read(made[1]), read(made[2]))
    texts = [p.extract_text().split() for p in b.pages]
    preface = next(i for i, t in enumerate(texts) if "پیشگفتار" in t and i > 2)
    assert any(w in {"iii", "iv", "v", "vii"} for w in texts[preface]), texts[preface][-3:]
    first = next(i for i, t in enumerate(texts) if "فصل" in t and "1" in t and i > preface)
    assert first % 2 == 0  # a left-hand recto, page ۱
    assert "۳" in texts[first + 2], texts[first + 2][-3:]
