"""The PDF renderer: opened again with pypdf and poppler, never compared byte
for byte. Documents are built from the model so these tests do not depend on
the readers; one test also renders the corpus' non-Latin essays."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest

from essaykit.errors import EssayError, Warning_
from essaykit.model import (
    CodeBlock,
    Document,
    Emph,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    Metadata,
    Paragraph,
    PullQuote,
    Text,
)
from essaykit.renderers.base import RenderContext
from essaykit.renderers.pdf.renderer import PdfRenderer
from essaykit.theme import load_theme

pypdf = pytest.importorskip("pypdf")

WORDS = "Typesetting is the craft of arranging words so that reading them costs nothing."


def para(text: str) -> Paragraph:
    return Paragraph(children=(Text(text=text),))


def essay(n_sections: int = 2, **meta: object) -> Document:
    blocks: list = [para(WORDS + " Opening.")]
    for i in range(1, n_sections + 1):
        blocks.append(Heading(level=2, children=(Text(text=f"Section {i}"),)))
        blocks.append(Paragraph(children=(Text(text=WORDS + " "), Emph(children=(Text(text="Indeed."),)),
                                          FootnoteRef(label="n1") if i == 1 else Text(text=""))))
        blocks.append(para((WORDS + " ") * 6))
    blocks.append(PullQuote(children=(Text(text="Reading should cost nothing."),)))
    blocks.append(CodeBlock(text="def f(x):\n    return x * 2  # " + "long " * 30, language="python"))
    blocks.append(FootnoteDef(label="n1", children=(para("A note at the foot of the page."),)))
    m = Metadata(title="On Typesetting", subtitle="A short test", authors=("Ada Lovelace", "Alan Kay"),
                 date=dt.date(2021, 5, 4), description="What a page is for", tags=("type", "print"),
                 **meta)  # type: ignore[arg-type]
    return Document(meta=m, blocks=tuple(blocks))


def render(doc: Document, tmp_path: Path | None = None, **options: object) -> tuple[bytes, list[Warning_]]:
    warnings: list[Warning_] = []
    ctx = RenderContext(theme=load_theme("classic"), options=dict(options), base_dir=tmp_path,
                        warn_fn=warnings.append)
    return PdfRenderer().render(doc, ctx), warnings


@pytest.fixture(scope="module")
def essay_pdf() -> bytes:
    data, warnings = render(essay())
    assert not warnings, warnings
    return data


def test_reopens_with_metadata(essay_pdf: bytes) -> None:
    reader = pypdf.PdfReader(BytesIO(essay_pdf))
    info = reader.metadata
    assert info["/Title"] == "On Typesetting"
    assert "Ada Lovelace" in info["/Author"] and "Alan Kay" in info["/Author"]
    assert info["/Subject"] == "What a page is for"
    assert "type" in info["/Keywords"]
    assert str(info["/CreationDate"]).startswith("D:20210504")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_tagged_by_default(essay_pdf: bytes) -> None:
    root = pypdf.PdfReader(BytesIO(essay_pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_outline_mirrors_headings(essay_pdf: bytes) -> None:
    outline = pypdf.PdfReader(BytesIO(essay_pdf)).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == ["Section 1", "Section 2"]


def test_text_has_the_essays_words(essay_pdf: bytes) -> None:
    reader = pypdf.PdfReader(BytesIO(essay_pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    for word in ("Typesetting", "Opening", "Section", "foot", "Lovelace", "nothing"):
        assert word in text


def font_names(data: bytes) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"] or "/FontFile3" in descendant["/FontDescriptor"]
            names.add(str(font["/BaseFont"]).split("+", 1)[1])
    return names


def test_fonts_embedded_from_packages(essay_pdf: bytes) -> None:
    names = font_names(essay_pdf)
    assert any(n.startswith("EK-Source-Serif-4") for n in names), names


def test_untagged_and_other_variants(tmp_path: Path) -> None:
    data, _ = render(essay(1), pdf_variant="none")
    assert "/StructTreeRoot" not in pypdf.PdfReader(BytesIO(data)).trailer["/Root"]
    with pytest.raises(EssayError):
        render(essay(1), pdf_variant="pdf/z-9")


@pytest.mark.parametrize("size,width", [("A4", 595), ("Letter", 612), ("A5", 420), ("6x9in", 432)])
def test_page_size_option(size: str, width: int) -> None:
    data, _ = render(Document(meta=Metadata(title="T"), blocks=(para(WORDS),)), page_size=size)
    box = pypdf.PdfReader(BytesIO(data)).pages[0].mediabox
    assert abs(float(box.width) - width) < 2


def test_many_sections_get_title_page_and_contents() -> None:
    data, _ = render(essay(40))
    reader = pypdf.PdfReader(BytesIO(data))
    first = reader.pages[0].extract_text()
    assert "On Typesetting" in first and "Section" not in first
    contents = next(p.extract_text() for p in reader.pages if "Contents" in p.extract_text())
    assert "Section 8" in contents


def test_a_short_essay_of_many_sections_is_not_padded_with_a_title_page() -> None:
    """Ten short sections in three pages: title, blank verso, contents and
    blank verso would be four pages before the text."""
    data, _ = render(essay(8))
    reader = pypdf.PdfReader(BytesIO(data))
    first = reader.pages[0].extract_text()
    assert "On Typesetting" in first and "Section 1" in first
    assert not any("Contents" in p.extract_text() for p in reader.pages)
    assert all(p.extract_text().strip() for p in reader.pages)
    data, _ = render(essay(8), toc=True)  # unless asked
    assert any("Contents" in p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages)


def test_refuses_files_outside_the_essay(tmp_path: Path) -> None:
    (tmp_path / "ok.png").write_bytes(_PNG)
    doc = Document(meta=Metadata(title="Images"), blocks=(
        Figure(image=Image(src="ok.png", alt="fine")),
        Figure(image=Image(src="file:///etc/passwd", alt="secret one")),
        Figure(image=Image(src="../../secret.png", alt="secret two")),
    ))
    data, warnings = render(doc, tmp_path)
    messages = " ".join(str(w) for w in warnings)
    assert "/etc/passwd" in messages and "secret.png" in messages
    assert b"root:" not in data
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages)
    assert "secret one" in text and "secret two" in text
    assert len(pypdf.PdfReader(BytesIO(data)).pages[0].images) == 1


def test_strict_makes_a_missing_image_an_error(tmp_path: Path) -> None:
    doc = Document(meta=Metadata(title="I"), blocks=(Figure(image=Image(src="nope.png", alt="x")),))
    ctx = RenderContext(theme=load_theme("classic"), base_dir=tmp_path, strict=True)
    with pytest.raises(EssayError):
        PdfRenderer().render(doc, ctx)


def test_rtl_document() -> None:
    doc = Document(meta=Metadata(title="سمّها وسيأتون", language="ar"),
                   blocks=(para("لقد اكتشفت شيئًا جديدًا. " * 20),))
    data, warnings = render(doc)
    assert not warnings
    root = pypdf.PdfReader(BytesIO(data)).trailer["/Root"]
    assert root["/Lang"] == "ar"
    assert any(n.startswith("EK-Amiri") for n in font_names(data))


def test_missing_script_font_warns_once() -> None:
    doc = Document(meta=Metadata(title="Old"), blocks=(para("𓀀𓀁 hieroglyphs 𓀂"),))
    data, warnings = render(doc)
    assert data.startswith(b"%PDF")
    assert len(warnings) == 1 and "Egyptian" in str(warnings[0])


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("name", ["coping-with-feedback.ja.md", "weekly-issue-100.zh.md",
                                  "name-it-and-they-will-come.ar.md"])
def test_corpus_every_character_in_pdftotext(name: str, tmp_path: Path) -> None:
    import essaykit
    from essaykit.model import plain_text
    from tests.conftest import shared_path

    src = shared_path("corpus", name)
    doc = essaykit.prepare(essaykit.load(src))
    ctx = RenderContext(theme=load_theme("classic"), base_dir=src.parent, warn_fn=lambda w: None)
    out = tmp_path / "out.pdf"
    out.write_bytes(PdfRenderer().render(doc, ctx))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    import unicodedata

    have = set(unicodedata.normalize("NFKC", text))
    want = set(unicodedata.normalize("NFKC", plain_text(doc.blocks)))
    missing = {c for c in want if not c.isspace() and c not in have}
    assert not missing


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63382127f71f0004ba02043e571fc70000000049454e44ae426082"
)


# ------------------------------------------------- long books in parallel


def chapter_book(chapters: int = 8, paragraphs: int = 9) -> Document:
    """A book long enough for chapter pages (over 40 pages of text), with a
    footnote and a cross-reference in every chapter."""
    blocks: list = []
    for c in range(1, chapters + 1):
        blocks.append(Heading(level=2, children=(Text(text=f"Chapter {c}"),)))
        blocks.append(Paragraph(children=(Text(text=WORDS + " "),
                                          FootnoteRef(label=f"c{c}"))))
        for s in range(1, 3):
            blocks.append(Heading(level=3, children=(Text(text=f"Part {c}.{s}"),)))
            blocks.extend(para((WORDS + " ") * 12) for _ in range(paragraphs))
        blocks.append(FootnoteDef(label=f"c{c}", children=(para(f"Note of chapter {c}."),)))
    m = Metadata(title="A Long Book", authors=("Ada Lovelace",), description="Chunks",
                 tags=("parallel",), date=dt.date(2024, 2, 1))
    return Document(meta=m, blocks=tuple(blocks))


def page_texts(data: bytes, tmp_path: Path) -> list[str]:
    out = tmp_path / "book.pdf"
    out.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_long_book_in_chunks_reads_as_one(tmp_path: Path) -> None:
    import re

    from essaykit.renderers.pdf.parallel import run as pdf_parallel

    doc = chapter_book()
    calls: list[int] = []
    original = pdf_parallel.render_parallel

    def spy(job, ctx, workers):  # type: ignore[no-untyped-def]
        calls.append(workers)
        return original(job, ctx, workers)

    pdf_parallel.render_parallel = spy  # type: ignore[assignment]
    try:
        data, warnings = render(doc, jobs=2)
    finally:
        pdf_parallel.render_parallel = original  # type: ignore[assignment]
    assert calls == [2], "the book was not laid out in chunks"
    assert not warnings, warnings
    reader = pypdf.PdfReader(BytesIO(data))
    pages = page_texts(data, tmp_path)
    assert len(pages) == len(reader.pages) > 40

    # Continuous folios: every page after the title page that has one shows its number.
    numbered = 0
    for number, text in enumerate(pages, start=1):
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        if not lines or number == 1:
            continue
        assert lines[-1] == str(number), (number, lines[-1])
        numbered += 1
    assert numbered > len(pages) * 0.8

    # The contents give the page each chapter really opens on, a recto.
    contents = next(t for t in pages if "Contents" in t)
    for c in range(1, 9):
        m = re.search(rf"Chapter {c}\b[ .]*?(\d+)\s*$", contents, re.M)
        assert m, f"chapter {c} missing from the contents"
        page = int(m.group(1))
        assert f"Chapter {c}" in pages[page - 1], (c, page)
        assert page % 2 == 1
        # Running head of the chapter's later rectos.
        assert any(f"Chapter {c}" in pages[p - 1].splitlines()[0] for p in (page + 2, page + 4)
                   if p <= len(pages) and pages[p - 1].strip())

    # Footnotes run on through the book: the last chapter's note is number 8.
    last = next(t for t in pages if "Note of chapter 8" in t)
    assert re.search(r"\b8\.\s+Note of chapter 8", last)

    # Bookmarks for every heading, pointing at its page.
    outline = reader.outline
    chapters = [o for o in outline if not isinstance(o, list)]
    assert [o.title for o in chapters] == [f"Chapter {c}" for c in range(1, 9)]
    children = [o for sub in outline if isinstance(sub, list) for o in sub]
    assert len(children) == 16
    for o in chapters:
        assert o.title in pages[reader.get_destination_page_number(o)]

    # Links from the contents reach the chapters.
    names = reader.named_destinations
    assert len([n for n in names if n.startswith("chapter")]) >= 8

    info = reader.metadata
    assert info["/Title"] == "A Long Book" and info["/Author"] == "Ada Lovelace"
    assert info["/Subject"] == "Chunks" and "parallel" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"

    # The same tagged PDF as in one process (issue 20).
    from .pdftags import assert_same, read

    one, _ = render(doc, jobs=1)
    (tmp_path / "one.pdf").write_bytes(one)
    (tmp_path / "chunks.pdf").write_bytes(data)
    assert_same(read(tmp_path / "one.pdf"), read(tmp_path / "chunks.pdf"))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_chunks_that_do_not_join_give_the_book_from_one_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the chunks' structure trees not join, the book is laid out
    again in one process: tagged, never an untagged PDF."""
    from essaykit.renderers.pdf import layout
    from essaykit.renderers.pdf.parallel import structure

    from .pdftags import read

    def refuse(self: object, source: object, pages: object) -> None:
        raise structure.CannotMerge("a tree of another shape")

    singles: list[object] = []
    original = layout.render_single

    def single(job, ctx):  # type: ignore[no-untyped-def]
        singles.append(job)
        return original(job, ctx)

    monkeypatch.setattr(structure.StructureTree, "add", refuse)
    monkeypatch.setattr(layout, "render_single", single)
    data, warnings = render(chapter_book(), jobs=2)
    assert len(singles) == 1 and not warnings, warnings
    (tmp_path / "book.pdf").write_bytes(data)
    tagged = read(tmp_path / "book.pdf")
    assert tagged.marked and tagged.ua and tagged.kinds[0] == "/Document"


def test_essays_and_variants_the_merge_cannot_keep_stay_single_process() -> None:
    from essaykit.renderers.pdf.parallel.run import worker_count
    from essaykit.renderers.pdf.renderer import build

    def workers(doc: Document, **options: object) -> int:
        ctx = RenderContext(theme=load_theme("classic"), options=dict(options))
        return worker_count(build(doc, ctx), ctx)

    assert workers(essay()) == 1
    assert workers(chapter_book(), jobs=2) == 2
    # Chunks the merge can join: tagged (PDF/UA-1) or not.
    assert workers(chapter_book(), jobs=2, pdf_variant="pdf/ua-1") == 2
    assert workers(chapter_book(), jobs=2, pdf_variant="none") == 2
    # Any other variant: one process (the merge would not keep its promises).
    assert workers(chapter_book(), jobs=2, pdf_variant="pdf/a-3u") == 1
    assert workers(chapter_book(), jobs=2, pdf_variant="pdf/ua-2") == 1


def test_chunk_reports_fall_back_to_futures_and_raise_failures() -> None:
    """The parent numbers the book from the workers' early reports; a chunk
    whose report never comes is read from its finished future, and a chunk
    that failed raises its worker's exception instead of hanging."""
    import queue
    from concurrent.futures import Future
    from types import SimpleNamespace

    from essaykit.renderers.pdf.parallel.run import ChunkResult, _Reports

    reports = _Reports(SimpleNamespace(Queue=queue.Queue))
    early = ChunkResult(1, b"", [], {"a": (0, 1.0, 2.0)}, [], [])
    reports.queue.put(early)
    reports.queue.put(ChunkResult(0, b"", [], {}, [], []))  # a counting pass: not waited for
    late: Future[ChunkResult] = Future()
    late.set_result(ChunkResult(2, b"%PDF", [], {"b": (3, 0.0, 0.0)}, [], []))
    pending: Future[ChunkResult] = Future()
    got = reports.laid_out({1: pending, 2: late})
    assert got[1] is early and got[2].anchors == {"b": (3, 0.0, 0.0)}

    failed: Future[ChunkResult] = Future()
    failed.set_exception(RuntimeError("worker died"))
    with pytest.raises(RuntimeError, match="worker died"):
        reports.laid_out({3: failed})


def test_a_footnote_citing_itself_is_written_once() -> None:
    """``[^n]: ... [^n]``: the inline note (float: footnote) holds its own
    number, not itself again without end."""
    import essaykit

    doc = essaykit.prepare(essaykit.loads("# T\n\nText.[^n]\n\n[^n]: A note that cites itself.[^n]\n"))
    data, warnings = render(doc)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages)
    assert " ".join(text.split()).count("A note that cites itself") == 1


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_numbered_list_keeps_its_first_number(tmp_path: Path) -> None:
    """WeasyPrint ignores ``<ol start>``: a list the author began at 3 must not print 1."""
    from essaykit.model import ListItem, OrderedList

    items = tuple(ListItem(children=(para(word),)) for word in ("three", "four"))
    doc = Document(meta=Metadata(title="Steps"), blocks=(para("Then:"), OrderedList(children=items, start=3)))
    data, warnings = render(doc)
    assert not warnings, warnings
    text = page_texts(data, tmp_path)[0]
    assert re.search(r"3\.\s+three", text) and re.search(r"4\.\s+four", text), text
    assert not re.search(r"1\.\s+three", text), text


def test_a_link_relative_to_the_author_s_website_is_text_not_a_file_address(tmp_path: Path) -> None:
    """WeasyPrint would resolve ``other.md`` against the essay's folder into
    ``file:///home/…/other.md``: no use to a reader, and it names the
    author's folders. The words stay, the link goes, one warning each (as in the EPUB)."""
    from essaykit.model import Link, Text

    def link(url: str, words: str) -> Link:
        return Link(url=url, children=(Text(text=words),))

    body = Paragraph(children=(link("other.md", "the other post"), Text(text=", "), link("/about/", "about"),
                               Text(text=" and "), link("https://example.com/", "the web")))
    data, warnings = render(Document(meta=Metadata(title="Links"), blocks=(body,)), tmp_path)
    reader = pypdf.PdfReader(BytesIO(data))
    uris = [a.get_object()["/A"].get("/URI") for a in reader.pages[0].get("/Annots") or []]
    assert uris == ["https://example.com/"]
    assert "the other post" in reader.pages[0].extract_text()
    assert [w.kind for w in warnings] == ["link", "link"] and "other.md" in warnings[0].message


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_a_link_showing_its_address_is_never_hyphenated(tmp_path: Path) -> None:
    """``http://ex-ample.org`` would be copied, and typed, with the hyphen."""
    from essaykit.model import Link, Text

    url = "https://photographs.example.org/valley/waterfalls"
    blocks = tuple(Paragraph(children=(Text(text="word " * k), Link(url=url, children=(Text(text=url),)),
                                       Text(text=" for the photographs."))) for k in range(14))
    data, _warnings = render(Document(meta=Metadata(title="Addresses"), blocks=blocks), tmp_path)
    text = "".join(page_texts(data, tmp_path))
    joined = re.sub(r"\s+", "", text)
    assert joined.count(url) == 14, text
