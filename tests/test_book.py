"""Books: the manifest and its errors, assembly into one document, the EPUB
(one file per chapter, parts in the nav, notes per chapter), decks, the
rebuild cache, the CLI, and a book of the seeds and corpus through epubcheck."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit.book import BookOptions, ChapterCache, build_book, load_book, read_manifest
from essaykit.book.assemble import LineMap
from essaykit.book.decks import plan_book_deck
from essaykit.cli import main
from essaykit.errors import EssayError
from essaykit.model import Div, FootnoteDef, FootnoteRef, Heading, Paragraph, PullQuote, plain_text
from essaykit.model.walk import query

from . import epubcheck
from .conftest import EXAMPLES, corpus_files, seed_files

BOOK = EXAMPLES / "book" / "book.toml"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, body in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, "utf-8")


ESSAY = "---\ntitle: {title}\n---\n\nSome words about {title}.[^1]\n\n## A section\n\nMore words.\n\n[^1]: A note.\n"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    write(tmp_path, {
        "essays/b.md": ESSAY.format(title="Beta"),
        "essays/a.md": ESSAY.format(title="Alpha"),
        "intro.md": ESSAY.format(title="Intro"),
        "preface.md": "---\ntitle: Preface\n---\n\nWhy this book.\n",
    })
    return tmp_path


def manifest_error(folder: Path, text: str) -> str:
    path = folder / "book.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(EssayError) as info:
        read_manifest(path)
    return str(info.value)


# ----------------------------------------------------------------- manifest


def test_example_manifest() -> None:
    m = read_manifest(BOOK)
    assert m.title == "Notes from the Workshop"
    assert m.authors == ("Ada Marlowe",)
    assert m.language == "en" and str(m.date) == "2024-05-01"
    assert [e.path.name for e in m.front] == ["dedication.md", "preface.md"]
    assert [e.path.name for e in m.back] == ["acknowledgements.md", "about.md"]
    assert [p.title for p in m.parts] == ["Part One: Tools", "Part Two: Habits"]
    assert [e.path.name for e in m.chapters] == [
        "01-on-sharpening.md", "02-the-second-draft.md", "03-measure-twice.md"]
    # Each chapter remembers the manifest line that named it.
    assert [e.line for e in m.chapters] == [25, 25, 29]


def test_globs_sorted_and_named_pages_not_swept(small: Path) -> None:
    (small / "book.toml").write_text(
        '[book]\ntitle = "T"\nfront = ["preface.md"]\nchapters = ["intro.md", "*.md", "essays/*.md"]\n', "utf-8")
    m = read_manifest(small / "book.toml")
    # "*.md" skips intro.md (listed by name) and preface.md (front matter).
    assert [e.path.name for e in m.chapters] == ["intro.md", "a.md", "b.md"]
    assert not m.has_parts


@pytest.mark.parametrize("text, line, words", [
    ('[book]\ntitle = "T"\nchapters = ["intro.md", "missing.md"]\n', 3, "'missing.md' not found"),
    ('[book]\ntitle = "T"\nchapters = [\n  "intro.md",\n  "nope/*.md",\n]\n', 5, "matches no file"),
    ('[book]\ntitle = "T"\nchapters = [\n  "intro.md",\n  "essays/a.md",\n  "intro.md",\n]\n', 6,
     "in the book twice (already listed on line 4)"),
    ('[book]\ntitle = "T"\nfront = ["intro.md"]\n\n[[part]]\ntitle = "P"\nchapters = ["intro.md"]\n', 7, "twice"),
    ('[book]\ntitle = "T"\ncolour = "red"\nchapters = ["intro.md"]\n', 3, "unknown key 'colour'"),
    ('chapters = ["intro.md"]\nextra = 1\n[book]\ntitle = "T"\n', 2, "unknown key 'extra'"),
    ('[book]\ntitle = 3\nchapters = ["intro.md"]\n', 2, "title must be text, not a number"),
    ('[book]\ntitle = "T"\nauthors = [1, 2]\nchapters = ["intro.md"]\n', 3, "authors must be a name"),
    ('[book]\ntitle = "T"\nchapters = "intro.md"\nlanguage = "not a tag"\n', 4, "not a language tag"),
    ('[book]\ntitle = "T"\nisbn = "978-0-306-40615-6"\nchapters = ["intro.md"]\n', 3, "not a valid ISBN"),
    ('[book]\ntitle = "T"\ndate = "someday"\nchapters = ["intro.md"]\n', 3, "date must be a date"),
    ('[book]\ntitle = "T"\n\n[[part]]\ntitle = "P"\nchapters = ["intro.md"]\ncolour = 1\n', 7,
     "[[part]]: unknown key 'colour'"),
    ('[book]\ntitle = "T"\n\n[[part]]\nchapters = ["intro.md"]\n', 4, "needs a title"),
    ('[book]\ntitle = "T"\nchapters = [3]\n', 3, "must be a file path"),
    ('[book]\ntitle = "T"\nchapters = ["intro.md"\n', 3, "not valid TOML: Unclosed array"),
    ('[book]\nsubtitle = "S"\nchapters = ["intro.md"]\n', 1, "needs a title"),
    ('[book]\ntitle = "T"\n', 1, "no chapters"),
])
def test_manifest_errors_name_the_line(small: Path, text: str, line: int, words: str) -> None:
    message = manifest_error(small, text)
    assert message.startswith(f"{small / 'book.toml'}:{line}: "), message
    assert words in message
    assert "\n" not in message


def test_valid_isbn_becomes_identifier(small: Path) -> None:
    (small / "book.toml").write_text(
        '[book]\ntitle = "T"\nisbn = "978-0-306-40615-7"\nchapters = ["intro.md"]\n', "utf-8")
    loaded = load_book(read_manifest(small / "book.toml"), ChapterCache())
    assert loaded.document.meta.identifier == "urn:isbn:9780306406157"


# ----------------------------------------------------------------- assembly


def test_structure_parts_chapters_sections() -> None:
    doc = load_book(read_manifest(BOOK), ChapterCache()).document
    kinds = [b.classes for b in doc.blocks if isinstance(b, Div)]
    assert kinds == [("frontmatter", "dedication"), ("frontmatter", "preface"), ("part",), ("part",),
                     ("backmatter", "acknowledgments"), ("backmatter", "about")]
    part = doc.blocks[2]
    assert isinstance(part, Div)
    head, *chapters = part.children
    assert isinstance(head, Div) and head.classes == ("part-head",)
    assert [(h.level, plain_text(h.children)) for h in query(head, Heading)] == [(1, "Part One: Tools")]
    assert all(isinstance(c, Div) and c.classes == ("chapter",) for c in chapters)
    # Chapter h2 inside a part, its ## sections h3, its title not repeated.
    levels = [(h.level, plain_text(h.children)) for h in query(chapters[0], Heading)]
    assert levels == [(2, "On Sharpening"), (3, "The stones"), (3, "Listening")]
    # A byline only for the guest author, dates for both.
    assert query(chapters[0].children, Div)[0].classes == ("chapter-head",)
    bylines = [plain_text(d) for c in chapters for d in query(c, Div) if "byline" in d.classes]
    assert bylines == ["Jonah Reyes"]
    dates = [plain_text(d) for d in query(part, Div) if "chapter-date" in d.classes]
    assert dates == ["4 November 2023", "19 January 2024"]
    assert doc.meta.title == "Notes from the Workshop" and doc.meta.rights
    assert doc.meta.extra.get("publisher") == "essaykit examples"


def test_without_parts_chapters_are_h1(small: Path) -> None:
    (small / "book.toml").write_text('[book]\ntitle = "T"\nchapters = ["essays/*.md"]\n', "utf-8")
    doc = load_book(read_manifest(small / "book.toml"), ChapterCache()).document
    heads = [(h.level, plain_text(h.children)) for h in query(doc.blocks, Heading)]
    assert heads == [(1, "Alpha"), (2, "A section"), (1, "Beta"), (2, "A section")]
    ids = [h.id for h in query(doc.blocks, Heading)]
    assert ids == ["chapter-1", "c1-a-section", "chapter-2", "c2-a-section"]


def test_footnote_labels_unique_per_chapter() -> None:
    doc = load_book(read_manifest(BOOK), ChapterCache()).document
    defs = [d.label for d in query(doc.blocks, FootnoteDef)]
    assert len(defs) == len(set(defs)) == 7
    assert {lb.split("-")[0] for lb in defs} == {"f2", "c1", "c2", "c3"}
    refs = {r.label for r in query(doc.blocks, FootnoteRef)}
    assert refs == set(defs)


def test_pull_quotes_stay_in_their_chapter() -> None:
    loaded = load_book(read_manifest(BOOK), ChapterCache())
    chapters = [c for b in loaded.document.blocks if isinstance(b, Div) for c in b.children
                if isinstance(c, Div) and "chapter" in c.classes]
    assert len(chapters) == 3
    found = 0
    for chapter in chapters:
        body = " ".join(plain_text(p) for p in query(chapter, Paragraph))
        for pq in query(chapter, PullQuote):
            found += 1
            words = plain_text(pq.children)
            if pq.duplicate:
                assert words in body
    assert found >= 1
    # The marked pull quote of chapter 1 is chapter 1's.
    assert any("sharp edge" in plain_text(pq.children) for pq in query(chapters[0], PullQuote))


def test_line_map_points_back_at_chapters() -> None:
    loaded = load_book(read_manifest(BOOK), ChapterCache())
    table = next(b for b in query(loaded.document.blocks, Heading) if plain_text(b.children) == "Story sticks")
    assert table.line is not None
    path, line = loaded.lines.locate(table.line) or (None, None)
    assert path is not None and path.name == "03-measure-twice.md"
    assert (Path(path).read_text("utf-8").split("\n")[line - 1]) == "## Story sticks"
    assert LineMap().locate(5) is None


# ------------------------------------------------------------------ outputs


def _epub_texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")}


@pytest.fixture(scope="module")
def example_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("book-epub")
    written = build_book(BOOK, out, BookOptions(formats=("epub",)))
    assert [p.name for p in written] == ["notes-from-the-workshop.epub"]
    return written[0]


def test_epub_one_file_per_chapter_parts_in_nav(example_epub: Path) -> None:
    texts = _epub_texts(example_epub)
    chapters = {n: t for n, t in texts.items() if 'epub:type="chapter"' in t}
    assert len(chapters) == 3
    assert sum('epub:type="part"' in t for t in texts.values()) == 2
    assert sum('epub:type="dedication"' in t for t in texts.values()) == 1
    assert sum('epub:type="acknowledgments"' in t for t in texts.values()) == 1
    assert sum('<body epub:type="backmatter">' in t for t in texts.values()) == 2
    nav = next(t for n, t in texts.items() if n.endswith("nav.xhtml"))
    toc = nav.split('epub:type="toc"')[1].split("</nav>")[0]
    # Part → chapters → sections, nested.
    assert re.search(r"Part One: Tools</a><ol><li><a [^>]+>On Sharpening</a><ol><li><a [^>]+>The stones", toc)
    assert re.search(r"Part Two: Habits</a><ol><li><a [^>]+>Measure Twice</a>", toc)
    # Notes numbered from 1 in every chapter.
    for text in chapters.values():
        numbers = [int(n) for n in re.findall(r'<span class="note-number">(\d+)\.</span>', text)]
        assert numbers == list(range(1, len(numbers) + 1)) and numbers
    assert any("titlepage" in n for n in texts)


def test_per_chapter_and_single_decks(tmp_path: Path) -> None:
    from pptx import Presentation

    per = build_book(BOOK, tmp_path / "per", BookOptions(formats=("pptx",)))
    assert [p.name for p in per] == [
        "notes-from-the-workshop-01-on-sharpening.pptx",
        "notes-from-the-workshop-02-the-second-draft.pptx",
        "notes-from-the-workshop-03-measure-twice.pptx",
    ]
    first = Presentation(str(per[0]))
    assert "On Sharpening" in "".join(sh.text_frame.text for sh in first.slides[0].shapes if sh.has_text_frame)
    single = build_book(BOOK, tmp_path / "one", BookOptions(formats=("pptx",), deck="single"))
    assert [p.name for p in single] == ["notes-from-the-workshop.pptx"]
    loaded = load_book(read_manifest(BOOK), ChapterCache())
    plan = plan_book_deck(loaded.document.meta, [(e.path, d) for e, d in loaded.chapters], BOOK.parent)
    dividers = [(s.subtitle, s.title) for s in plan.slides if s.kind == "section" and "." not in s.subtitle]
    assert dividers == [("01", "On Sharpening"), ("02  ·  Jonah Reyes", "The Second Draft"),
                        ("03", "Measure Twice")]
    assert [s.kind for s in plan.slides].count("title") == 1
    assert [s.kind for s in plan.slides].count("closing") == 1
    assert len(Presentation(str(single[0])).slides) >= len(plan.slides)
    # The agenda is a numbered list: its numbers are the list's, not words in the titles.
    agenda = [(b.number, b.text) for s in plan.slides if s.kind == "agenda" for b in s.bullets]
    assert agenda == [(1, "On Sharpening"), (2, "The Second Draft"), (3, "Measure Twice")]
    deck = Presentation(str(single[0]))
    shown = next(s for s in deck.slides if any(sh.has_text_frame and "Measure Twice" in sh.text_frame.text
                                               and "On Sharpening" in sh.text_frame.text for sh in s.shapes))
    body = next(sh for sh in shown.shapes if sh.has_text_frame and "Measure Twice" in sh.text_frame.text)
    assert [p.text for p in body.text_frame.paragraphs] == ["On Sharpening", "The Second Draft", "Measure Twice"]
    assert body._element.xml.count("buAutoNum") == 3


def test_pdf_contains_every_chapter(tmp_path: Path) -> None:
    from pypdf import PdfReader

    [pdf] = build_book(BOOK, tmp_path, BookOptions(formats=("pdf",)))
    words = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    for title in ("Preface", "Part One: Tools", "On Sharpening", "The Second Draft", "Measure Twice",
                  "About the Author", "Jonah Reyes"):
        assert title in words


def test_outputs_written_atomically_and_not_over_inputs(small: Path) -> None:
    (small / "book.toml").write_text('[book]\ntitle = "T"\nname = "intro"\nchapters = ["essays/*.md"]\n', "utf-8")
    build_book(small / "book.toml", small, BookOptions(formats=("epub",)))
    assert (small / "intro.epub").is_file()
    assert not [p for p in small.iterdir() if p.name.endswith(".tmp")]


# -------------------------------------------------------------------- cache


def test_cache_rereads_only_changed_chapters(small: Path) -> None:
    (small / "book.toml").write_text(
        '[book]\ntitle = "T"\nfront = ["preface.md"]\nchapters = ["intro.md", "essays/*.md"]\n', "utf-8")
    manifest = read_manifest(small / "book.toml")
    cache = ChapterCache()
    first = load_book(manifest, cache)
    assert [p.name for p in cache.reads] == ["preface.md", "intro.md", "a.md", "b.md"]
    again = load_book(manifest, cache)
    assert cache.reads == []
    assert again.document == first.document
    changed = small / "essays" / "b.md"
    changed.write_text(ESSAY.format(title="Beta, revised"), "utf-8")
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    third = load_book(manifest, cache)
    assert [p.name for p in cache.reads] == ["b.md"]
    assert "Beta, revised" in [plain_text(h.children) for h in query(third.document.blocks, Heading)]


def test_watch_rebuilds_on_change(small: Path) -> None:
    from essaykit.book.watch import watch

    (small / "book.toml").write_text('[book]\ntitle = "T"\nchapters = ["intro.md"]\n', "utf-8")
    builds: list[int] = []
    ticks = [0]

    def build() -> object:
        builds.append(1)
        return read_manifest(small / "book.toml")

    def sleep(_: float) -> None:
        ticks[0] += 1
        if ticks[0] == 2:
            path = small / "intro.md"
            path.write_text(ESSAY.format(title="Changed"), "utf-8")
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))

    watch(small / "book.toml", build, interval=0, stop=lambda: ticks[0] > 6, sleep=sleep)  # type: ignore[arg-type]
    assert len(builds) == 2


# ---------------------------------------------------------------------- CLI


def test_cli_book_epub(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["book", str(BOOK), "-o", str(tmp_path), "-t", "epub"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "notes-from-the-workshop.epub").is_file()


def test_cli_book_error_is_one_line(small: Path) -> None:
    (small / "book.toml").write_text('[book]\ntitle = "T"\nchapters = ["gone.md"]\n', "utf-8")
    result = CliRunner().invoke(main, ["book", str(small / "book.toml"), "-t", "epub", "-q"])
    assert result.exit_code == 1
    assert result.output.strip() == f"{small / 'book.toml'}:3: chapters: 'gone.md' not found (looked in {small})"
    assert not list(small.glob("*.epub"))


# ---------------------------------------------------------------- epubcheck


@pytest.mark.skipif(not epubcheck.available(), reason="epubcheck (and Java) not installed")
def test_epubcheck_example_and_corpus_books(example_epub: Path, tmp_path: Path) -> None:
    books = [example_epub]
    corpus, seeds = corpus_files(), seed_files()
    if corpus:
        folder = tmp_path / "corpus-book"
        folder.mkdir()
        # Copies, so a chapter's own images resolve inside the book's folder.
        for src in [*corpus, *seeds]:
            shutil.copy(src, folder / src.name)
        (folder / "book.toml").write_text(
            '[book]\ntitle = "Seeds and Corpus"\nlanguage = "en"\nchapters = ["*.md"]\n\n'
            '[[part]]\ntitle = "Seeds"\nchapters = ["*.txt"]\n' if seeds else
            '[book]\ntitle = "Corpus"\nlanguage = "en"\nchapters = ["*.md"]\n', "utf-8")
        written = build_book(folder / "book.toml", tmp_path, BookOptions(formats=("epub",)),
                             warn=lambda w: None)
        books += written
        texts = _epub_texts(written[0])
        assert sum('epub:type="chapter"' in t for t in texts.values()) == len(corpus) + len(seeds)
        # Chapters in other languages say so on their pages.
        assert any('lang="ja"' in t and 'epub:type="chapter"' in t for t in texts.values())
        assert any('dir="rtl"' in t and 'epub:type="chapter"' in t for t in texts.values())
    results = epubcheck.check_many(books)
    for path, messages in results.items():
        assert messages == [], f"{path}: {messages}"


def test_deck_file_slugs_in_any_script() -> None:
    from essaykit.book.build import file_slug

    assert file_slug("Tweeting for 10,000 Years: An Experiment in Autonomous Software") == \
        "tweeting-for-10-000-years-an-experiment-in"
    assert file_slug("سَمِّها وسيأتون") == "سمها-وسيأتون"
    assert file_slug("フィードバックとの付き合い方") == "フィードバックとの付き合い方"


@pytest.mark.parametrize("failing", [None, "epub"])
def test_pdf_in_a_prewarmed_child_gives_what_a_serial_build_gives(
    small: Path, monkeypatch: pytest.MonkeyPatch, failing: str | None
) -> None:
    """``build_book`` renders the PDF in a child that got WeasyPrint ready
    while the chapters were read: the same files and the same warnings, in
    format order, as one process doing everything in turn."""
    import pypdf

    from essaykit import api, prewarm

    (small / "book.toml").write_text(
        '[book]\ntitle = "Two Ways"\nauthor = "Ines Okafor"\nchapters = ["essays/*.md"]\n', "utf-8")
    (small / "essays/a.md").write_text(ESSAY.format(title="Alpha") + "\n![gone](gone.png)\n", "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    real_render = api.render_prepared

    def render(doc, fmt, *args, **kwargs):  # type: ignore[no-untyped-def]
        if fmt == failing:
            raise EssayError(f"{fmt} broke", path=doc.source, line=1)
        return real_render(doc, fmt, *args, **kwargs)

    monkeypatch.setattr(api, "render_prepared", render)
    results = {}
    for forking in (True, False):
        monkeypatch.setattr(prewarm, "can_fork", lambda forking=forking: forking)
        out = small / ("forked" if forking else "serial")
        seen: list[str] = []
        try:
            paths = build_book(small / "book.toml", out,
                               BookOptions(formats=("pdf", "epub"), render={"jobs": "auto"}),
                               warn=lambda w, seen=seen: seen.append(str(w)))
            results[forking] = (paths, seen, None)
        except EssayError as exc:
            results[forking] = ([], seen, str(exc))
    (f_paths, f_seen, f_err), (s_paths, s_seen, s_err) = results[True], results[False]
    assert f_seen == s_seen and any("gone.png" in w for w in f_seen)
    assert f_err == s_err
    if failing:
        assert f_err is not None and "epub broke" in f_err
        assert not (small / "forked").exists()  # nothing written
        return
    assert [p.name for p in f_paths] == [p.name for p in s_paths]
    assert f_paths[1].read_bytes() == s_paths[1].read_bytes()  # the EPUB, byte for byte
    texts = ["".join(p.extract_text() for p in pypdf.PdfReader(d[0]).pages) for d in (f_paths, s_paths)]
    assert texts[0] == texts[1] and "Some words about Alpha" in texts[0]
