"""The EPUB renderer: epubcheck-clean, accessible, navigable, reproducible.

epubcheck runs once per test session over every book built here (the
example essays, both seeds, the whole shared corpus, hand-made documents and
hypothesis-generated ones), because starting it costs ~20 s and each further
book under a second; the test fails on any error *or* warning.
"""

from __future__ import annotations

import base64
import io
import posixpath
import re
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaykit import model as m
from essaykit.errors import EssayError, Warning_
from essaykit.renderers.base import RenderContext
from essaykit.renderers.epub.renderer import EpubRenderer
from essaykit.theme import load_theme

from . import epubcheck

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
X = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

# ---------------------------------------------------------------- helpers


def make_assets(folder: Path) -> Path:
    """An essay folder with images of every kind a blog post has."""
    from PIL import Image

    img = folder / "img"
    img.mkdir(parents=True, exist_ok=True)
    pic = Image.new("RGB", (40, 30), (200, 80, 40))
    pic.save(img / "photo.png")
    pic.save(img / "photo.jpg")
    pic.save(img / "pic.bmp")
    Image.new("RGB", (600, 960), (20, 60, 120)).save(folder / "cover.jpg")
    (img / "broken.png").write_bytes(b"this is not an image")
    (img / "vector.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    return folder


def render(doc: m.Document, base: Path | None = None, **options: object) -> tuple[bytes, list[Warning_]]:
    warnings: list[Warning_] = []
    ctx = RenderContext(theme=load_theme("classic"), options=dict(options), base_dir=base,
                        source=doc.source, warn_fn=warnings.append)
    return EpubRenderer().render(doc, ctx), warnings


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def parse_all(files: dict[str, bytes]) -> dict[str, ET.Element]:
    """Every XML file of the book, parsed (a malformed one raises)."""
    return {n: ET.fromstring(d) for n, d in files.items() if n.endswith((".xhtml", ".opf", ".ncx", ".xml"))}


def opf(files: dict[str, bytes]) -> ET.Element:
    return ET.fromstring(files["EPUB/content.opf"])


def broken_references(files: dict[str, bytes]) -> list[str]:
    """hrefs/srcs inside the book that name a missing file or fragment."""
    trees = parse_all(files)
    ids = {n: {el.get("id") for el in t.iter() if el.get("id")} for n, t in trees.items()}
    out = []
    for name, tree in trees.items():
        if not name.endswith((".xhtml", ".ncx")):
            continue
        for el in tree.iter():
            for key in ("href", "src"):
                ref = el.get(key)
                if ref is None or re.match(r"^[a-z]+:", ref):
                    continue
                path, _, frag = ref.partition("#")
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), urllib.parse.unquote(path))) if path else name
                if target not in files:
                    out.append(f"{name}: {ref} (no file)")
                elif frag and urllib.parse.unquote(frag) not in ids.get(target, set()):
                    out.append(f"{name}: {ref} (no id)")
    return out


def assert_sound(data: bytes, lang: str | None = None) -> dict[str, bytes]:
    """The checks every book gets without epubcheck."""
    files = unpack(data)
    names = list(files)
    assert names[0] == "mimetype" and files["mimetype"] == b"application/epub+zip"
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].compress_type == zipfile.ZIP_STORED
    trees = parse_all(files)
    for name, tree in trees.items():
        if name.endswith(".xhtml"):
            assert tree.get("lang") and tree.get("lang") == tree.get(XML_LANG), name
            if lang:
                assert tree.get("lang") == lang, name
            found = [el.get("id") for el in tree.iter() if el.get("id")]
            assert len(found) == len(set(found)), f"duplicate ids in {name}"
    assert broken_references(files) == []
    return files


# ------------------------------------------------------------ documents


def T(s: str) -> m.Text:
    return m.Text(text=s)


def P(*c: m.Inline) -> m.Paragraph:
    return m.Paragraph(children=tuple(c))


def rich_doc(**meta: object) -> m.Document:
    """Every node type, cross references, images good and bad."""
    metadata = m.Metadata(**{  # type: ignore[arg-type]
        "title": "Margins & <Measures>", "subtitle": "A test book", "authors": ("Ann Author", "Bob Writer"),
        "language": "en", "tags": ("typography", "books"), "description": "All the nodes.",
        "rights": "CC BY 4.0", **meta})
    blocks: list[m.Block] = [
        P(T("Opening words"), m.FootnoteRef(label="a"), T(" with a "), m.Link(url="#part-two", children=(T("link ahead"),))),
        m.Heading(level=1, children=(T("Part one"),)),
        P(T("See "), m.Link(url="#nested", children=(T("a nested heading"),)), T(" and "),
          m.Link(url="https://example.org/a b", children=(T("the web"),)), m.FootnoteRef(label="b")),
        m.PullQuote(children=(T("Margins are where the reader breathes."),), origin="marked", duplicate=True),
        m.PullQuote(children=(T("Explicit quote"),), attribution=(T("Someone"),)),
        m.CodeBlock(text="def f(x):\n    return x < 2 and '&'\n", language="python"),
        m.Figure(image=m.Image(src="img/photo.png", alt="A red rectangle", line=12), caption=(T("A figure"),), line=12),
        m.Figure(image=m.Image(src="img/photo.jpg", alt="Same, as JPEG")),
        m.Figure(image=m.Image(src="img/pic.bmp", alt="A BMP, converted")),
        m.Figure(image=m.Image(src="img/vector.svg", alt="A square")),
        P(T("Inline "), m.Image(src="img/photo.png", alt="again"), T(" twice.")),
        m.Table(caption=(T("Sizes"),), head=(m.TableRow(children=(m.TableCell(children=(T("Name"),), header=True),
                                                                    m.TableCell(children=(T("Value"),), header=True, align="right"))),),
                children=(m.TableRow(children=(m.TableCell(children=(T("a"),)), m.TableCell(children=(T("1"),), align="right"))),)),
        P(T("Math "), m.MathInline(text="e^{i\\pi} + 1 = 0"), T(".")),
        m.MathBlock(text="\\int_0^1 x\\,dx < 1"),
        m.BlockQuote(children=(P(T("Quoted")),), attribution=(T("Author"),)),
        m.Heading(level=2, children=(T("Nested"),)),
        m.BulletList(children=(m.ListItem(children=(P(T("one")),)), m.ListItem(children=(P(T("two")), m.OrderedList(children=(m.ListItem(children=(P(T("deep")),)),)))))),
        m.DefinitionList(children=(m.DefinitionItem(term=(T("Term"),), children=(P(T("Definition")),)),)),
        m.RawBlock(format="html", text="<script>alert('x')</script>"),
        m.Heading(level=1, children=(T("Part two"),)),
        P(T("Back to "), m.Link(url="#part-one", children=(T("part one"),)), m.FootnoteRef(label="a"), m.FootnoteRef(label="c")),
        m.Div(lang="ar", children=(P(T("مرحبا بالعالم")),)),
        P(m.Span(lang="ja", children=(T("日本語"),)), m.RawInline(format="html", text="<b>raw</b>")),
        m.ThematicBreak(),
        m.FootnoteDef(label="a", children=(P(T("Note A, with a "), m.Link(url="#part-two", children=(T("link"),))),)),
        m.FootnoteDef(label="b", children=(P(T("Note B")),)),
        m.FootnoteDef(label="c", children=(P(T("Note C refers to "), m.FootnoteRef(label="d")),)),
        m.FootnoteDef(label="d", children=(P(T("Note D, nested")),)),
    ]
    return m.Document(meta=metadata, blocks=tuple(blocks))


def hand_made() -> dict[str, tuple[m.Document, dict[str, object]]]:
    missing = m.Document(meta=m.Metadata(title="Missing things", language="en"), blocks=(
        P(T("Text")),
        m.Figure(image=m.Image(src="img/nope.png", alt="Not there", line=7), line=7),
        m.Figure(image=m.Image(src="https://example.org/remote.png", alt="Remote", line=9), line=9),
        P(m.Image(src="img/broken.png", alt="", line=11), T("after a broken image")),
        P(m.Image(src="../outside.png", alt="outside", line=13)),
    ))
    return {
        "rich-split": (rich_doc(), {"epub_split": "always"}),
        "rich-single": (rich_doc(cover="cover.jpg"), {"epub_split": "never"}),
        "arabic": (m.Document(meta=m.Metadata(title="سمّها وسيأتون", authors=("دان",), language="ar"), blocks=(
            m.Heading(level=2, children=(T("مقدمة"),)), P(T("لقد اكتشفت شيئاً جديداً "), m.Code(text="git push"), T(".")),
            m.Heading(level=2, children=(T("خاتمة"),)), P(T("انتهى"), m.FootnoteRef(label="1")),
            m.FootnoteDef(label="1", children=(P(T("حاشية")),)))), {"epub_split": "always"}),
        "japanese": (m.Document(meta=m.Metadata(title="フィードバックとの付き合い方", language="ja"), blocks=(
            m.Heading(level=2, children=(T("見出し"),)), P(T("本文です。"), m.Link(url="#見出し", children=(T("リンク"),))),
            m.Heading(level=2, children=(T("見出し"),)))), {}),
        "empty": (m.Document(), {}),
        "no-headings": (m.Document(meta=m.Metadata(title="", language="C"), blocks=(P(T("Just text.")),)), {}),
        "missing": (missing, {}),
    }


# ---------------------------------------------------- hypothesis documents

_specials = st.sampled_from(["<", "&", "]]>", "\x00", "\x1b", "\x85", "\u202e", "مرحبا", "日本語", "\ufeff", "'\"", " "])
_text = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8), _specials),
                 min_size=1, max_size=4).map("".join)
_labels = st.sampled_from(["a", "b", "c"])
_urls = st.sampled_from(["#part", "#missing", "#fn_1", "https://x.org/a b?c=1&d=ü", "/relative/page", "javascript:x()",
                         "mailto:a@b.org", "", "http://例え.jp/パス", "other.md#x", "#"])
_srcs = st.sampled_from(["img/photo.png", "img/missing.png", "https://remote.example/x.png", "img/pic.bmp",
                         "img/broken.png", "img/vector.svg", "data:image/png;base64," + base64.b64encode(PNG_1PX).decode(), ""])
_langs = st.sampled_from([None, "fr", "ar", "xx-invalid!", "", "ja"])
_dirs = st.sampled_from([None, "rtl", "ltr", "bogus"])


def _inlines(depth: int) -> st.SearchStrategy[tuple[m.Inline, ...]]:
    leaf = st.one_of(
        _text.map(T), st.just(m.SoftBreak()), st.just(m.LineBreak()), _text.map(lambda t: m.Code(text=t)),
        _labels.map(lambda lb: m.FootnoteRef(label=lb)), _text.map(lambda t: m.MathInline(text=t)),
        st.builds(lambda s, a: m.Image(src=s, alt=a, line=3), _srcs, st.one_of(st.just(""), _text)),
        _text.map(lambda t: m.RawInline(format="html", text=t)),
    )
    if depth <= 0:
        return st.lists(leaf, min_size=1, max_size=3).map(tuple)
    inner = _inlines(depth - 1)
    return st.lists(st.one_of(
        leaf, inner.map(lambda c: m.Emph(children=c)), inner.map(lambda c: m.Strong(children=c)),
        inner.map(lambda c: m.Mark(children=c)), inner.map(lambda c: m.Sup(children=c)),
        st.builds(lambda c, u: m.Link(children=c, url=u, title="t"), inner, _urls),
        st.builds(lambda c, lg, d: m.Span(children=c, lang=lg, dir=d), inner, _langs, _dirs),
    ), min_size=1, max_size=4).map(tuple)


def _blocks(depth: int) -> st.SearchStrategy[tuple[m.Block, ...]]:
    para = _inlines(2).map(lambda c: m.Paragraph(children=c))
    leaf = st.one_of(
        para,
        st.builds(lambda lv, c, i: m.Heading(level=lv, children=c, id=i), st.integers(0, 8), _inlines(1),
                  st.sampled_from([None, "part", "fn_1", "with space", "part"])),
        st.builds(lambda t, lg: m.CodeBlock(text=t, language=lg), _text, st.sampled_from([None, "python", "nope"])),
        st.builds(lambda c, d, o: m.PullQuote(children=c, duplicate=d, origin=o), _inlines(1), st.booleans(),
                  st.sampled_from(["explicit", "marked", "auto", "Weird Origin"])),
        st.builds(lambda s, a, c: m.Figure(image=m.Image(src=s, alt=a), caption=c), _srcs, _text, _inlines(0)),
        st.builds(lambda rows: m.Table(children=tuple(m.TableRow(children=tuple(m.TableCell(children=c) for c in r)) for r in rows)),
                  st.lists(st.lists(_inlines(0), min_size=1, max_size=3), max_size=3)),
        st.builds(lambda lb, c: m.FootnoteDef(label=lb, children=c), _labels, para.map(lambda p: (p,))),
        st.just(m.ThematicBreak()), _text.map(lambda t: m.MathBlock(text=t)),
        _text.map(lambda t: m.RawBlock(format="html", text=t)), st.just(m.DeckDirective(name="slide")),
        para.map(lambda p: m.ListItem(children=(p,))),
    )
    if depth <= 0:
        return st.lists(leaf, min_size=1, max_size=4).map(tuple)
    inner = _blocks(depth - 1)
    return st.lists(st.one_of(
        leaf, inner.map(lambda c: m.BlockQuote(children=c)),
        st.builds(lambda c, lg, d: m.Div(children=c, lang=lg, dir=d), inner, _langs, _dirs),
        st.lists(inner, min_size=0, max_size=3).map(lambda items: m.BulletList(children=tuple(m.ListItem(children=i) for i in items))),
        st.builds(lambda items, s: m.OrderedList(children=tuple(m.ListItem(children=i) for i in items), start=s),
                  st.lists(inner, min_size=1, max_size=2), st.integers(-3, 5)),
        st.builds(lambda t, c: m.DefinitionList(children=(m.DefinitionItem(term=t, children=c),)), _inlines(0), inner),
    ), min_size=0, max_size=6).map(tuple)


_meta = st.builds(
    lambda title, sub, authors, lang, date, tags, ident, cover, rights: m.Metadata(
        title=title, subtitle=sub, authors=tuple(authors), language=lang, date=date, tags=tuple(tags),
        identifier=ident, cover=cover, rights=rights, description=sub),
    st.one_of(st.just(""), _text), st.one_of(st.just(""), _text), st.lists(_text, max_size=2),
    st.sampled_from(["en", "ar", "ja", "zh", "fa", "he", "fr", "C", "en_US.UTF-8", "", "xx-!!"]),
    st.one_of(st.none(), st.dates()), st.lists(_text, max_size=2), st.one_of(st.none(), _text),
    st.sampled_from([None, "cover.jpg", "img/missing.png", "img/broken.png"]), st.one_of(st.none(), _text),
)
generated = st.tuples(_meta, _blocks(2), st.sampled_from(["auto", "always", "never"]))

# ----------------------------------------------------------- the session


def shared_sources() -> list[Path]:
    out = []
    for sub, pattern in (("corpus", "*.md"), ("seeds", "*.txt")):
        folder = SHARED / sub
        if folder.is_dir():
            out += sorted(folder.glob(pattern))
    return out


def example_sources() -> list[Path]:
    return sorted(p for p in (ROOT / "examples").glob("*") if p.suffix in {".md", ".txt"})


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every book of the session, written to disk and checked in-process."""
    out_dir = tmp_path_factory.mktemp("books")
    essay_dir = make_assets(tmp_path_factory.mktemp("essay"))
    built: dict[str, Path] = {}

    def keep(name: str, data: bytes) -> None:
        assert_sound(data)
        path = out_dir / f"{name}.epub"
        path.write_bytes(data)
        built[name] = path

    for name, (doc, options) in hand_made().items():
        keep(name, render(doc, essay_dir, **options)[0])
    try:
        from essaykit.reader import read_path
    except ImportError:  # readers not there: the shared files are skipped
        read_path = None  # type: ignore[assignment]
    if read_path is not None:
        for src in example_sources() + shared_sources():
            doc = read_path(src)
            keep(f"file-{src.name}", render(doc, src.parent)[0])

    @settings(max_examples=30, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(generated)
    def build(case: tuple[m.Metadata, tuple[m.Block, ...], str]) -> None:
        meta, blocks, split = case
        doc = m.Document(meta=meta, blocks=blocks)
        data = render(doc, essay_dir, epub_split=split)[0]
        assert data == render(doc, essay_dir, epub_split=split)[0], "not reproducible"
        keep(f"hypothesis-{len([n for n in built if n.startswith('hypothesis')]):03d}", data)
        (out_dir / f"hypothesis-{len(built):03d}.json").write_text(doc.to_json(), "utf-8")

    build()
    return built


@pytest.fixture(scope="session")
def checked(books: dict[str, Path]) -> dict[str, list[str]]:
    if not epubcheck.available():
        pytest.skip("epubcheck (PyPI package) or java not available")
    results = epubcheck.check_many(books.values())
    return {name: results[str(path)] for name, path in books.items()}


def _names(prefixes: tuple[str, ...]) -> list[str]:
    names = list(hand_made())
    names += [f"file-{p.name}" for p in example_sources() + shared_sources()]
    return [n for n in names if n.startswith(prefixes)]


@pytest.mark.parametrize("name", _names(("",)))
def test_epubcheck_clean(name: str, checked: dict[str, list[str]]) -> None:
    assert checked[name] == []


def test_epubcheck_clean_for_generated_documents(checked: dict[str, list[str]]) -> None:
    generated = {n: msgs for n, msgs in checked.items() if n.startswith("hypothesis")}
    assert len(generated) >= 20
    assert {n: msgs for n, msgs in generated.items() if msgs} == {}


def test_shared_corpus_is_there_or_skipped() -> None:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is only beside the project checkout")
    assert len(list((SHARED / "corpus").glob("*.md"))) >= 11


# ------------------------------------------------------ focused checks


@pytest.fixture
def essay_dir(tmp_path: Path) -> Path:
    return make_assets(tmp_path)


def test_metadata(essay_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    doc = rich_doc(language="ja", date=dt.date(2020, 5, 8))
    files = unpack(render(doc, essay_dir)[0])
    pkg = opf(files)
    md = pkg.find("opf:metadata", NS)
    assert md is not None
    titles = md.findall("dc:title", NS)
    assert [t.text for t in titles] == ["Margins & <Measures>", "A test book"]
    refines = {(e.get("refines"), e.get("property")): e.text for e in md.findall("opf:meta", NS)}
    assert refines[("#subtitle", "title-type")] == "subtitle"
    assert [c.text for c in md.findall("dc:creator", NS)] == ["Ann Author", "Bob Writer"]
    assert md.findtext("dc:language", namespaces=NS) == "ja"  # never the locale
    assert md.findtext("dc:date", namespaces=NS) == "2020-05-08"
    assert [s.text for s in md.findall("dc:subject", NS)] == ["typography", "books"]
    assert md.findtext("dc:rights", namespaces=NS) == "CC BY 4.0"
    assert md.findtext("dc:description", namespaces=NS) == "All the nodes."
    assert refines[(None, "dcterms:modified")] == "2020-05-08T00:00:00Z"
    ident = md.findtext("dc:identifier", namespaces=NS) or ""
    assert ident.startswith("urn:uuid:")
    # Stable: the same title and authors give the same id, others another.
    again = opf(unpack(render(rich_doc(language="ja"), essay_dir)[0])).find("opf:metadata", NS)
    assert again is not None and again.findtext("dc:identifier", namespaces=NS) == ident
    other = opf(unpack(render(rich_doc(title="Else"), essay_dir)[0])).find("opf:metadata", NS)
    assert other is not None and other.findtext("dc:identifier", namespaces=NS) != ident
    given_id = opf(unpack(render(rich_doc(identifier="isbn:978-3-16-148410-0"), essay_dir)[0]))
    assert given_id.findtext("opf:metadata/dc:identifier", namespaces=NS) == "isbn:978-3-16-148410-0"


def test_accessibility_metadata(essay_dir: Path) -> None:
    md = opf(unpack(render(rich_doc(), essay_dir)[0])).find("opf:metadata", NS)
    assert md is not None
    props: dict[str, list[str]] = {}
    for e in md.findall("opf:meta", NS):
        if e.get("property"):
            props.setdefault(e.get("property", ""), []).append(e.text or "")
    assert props["schema:accessMode"] == ["textual", "visual"]
    assert "textual" in props["schema:accessModeSufficient"]
    for feature in ("structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"):
        assert feature in props["schema:accessibilityFeature"]
    assert props["schema:accessibilityHazard"] == ["none"]
    assert props["schema:accessibilitySummary"][0]
    # An image without alt: no alternativeText claim, and a warning.
    doc = m.Document(meta=m.Metadata(title="x"), blocks=(m.Figure(image=m.Image(src="img/photo.png", line=4)),))
    data, warnings = render(doc, essay_dir)
    md = opf(unpack(data)).find("opf:metadata", NS)
    assert md is not None
    features = [e.text for e in md.findall("opf:meta[@property='schema:accessibilityFeature']", NS)]
    assert "alternativeText" not in features
    assert any("no alt text" in w.message and w.line == 4 for w in warnings)


def test_english_headings_of_an_arabic_book_read_left_to_right(essay_dir: Path) -> None:
    """The contents of a right-to-left book keep its direction; an entry
    whose title is English reads left to right (its link), and so does the
    heading and paragraph in the chapter (:mod:`essaykit.bidi`)."""
    doc = m.Document(meta=m.Metadata(title="كتاب", language="ar"), blocks=(
        m.Heading(level=2, children=(m.Text(text="مقدمة"),)),
        m.Paragraph(children=(m.Text(text="نص عربي قصير."),)),
        m.Heading(level=2, children=(m.Text(text="Why margins matter"),)),
        m.Paragraph(children=(m.Text(text="Is that fair? Most readers never ask."),)),
    ))
    files = assert_sound(render(doc, essay_dir)[0])
    nav = ET.fromstring(files["EPUB/nav.xhtml"])
    assert nav.get("dir") == "rtl"
    links = {a.text: a.get("dir") for a in nav.iter(X + "a") if a.get(EPUB_TYPE) is None}
    assert links == {"مقدمة": None, "Why margins matter": "ltr"}, links
    chapter = next(v.decode() for k, v in files.items() if k.endswith(".xhtml") and b"Why margins" in v
                   and "nav" not in k)
    assert 'dir="ltr">Why margins matter</h2>' in chapter
    assert '<p dir="ltr">Is that fair?' in chapter and "<p>نص عربي قصير.</p>" in chapter


def test_navigation_toc_landmarks_and_ncx(essay_dir: Path) -> None:
    files = assert_sound(render(rich_doc(), essay_dir, epub_split="always")[0])
    nav = ET.fromstring(files["EPUB/nav.xhtml"])
    toc = next(n for n in nav.iter(X + "nav") if n.get(EPUB_TYPE) == "toc")
    top = toc.findall("x:ol/x:li", NS)
    assert [li.findtext("x:a", namespaces=NS) for li in top] == ["Margins & <Measures>", "Part one", "Part two"]
    nested = top[1].findall("x:ol/x:li/x:a", NS)
    assert [a.text for a in nested] == ["Nested"]
    landmarks = next(n for n in nav.iter(X + "nav") if n.get(EPUB_TYPE) == "landmarks")
    assert {a.get(EPUB_TYPE) for a in landmarks.iter(X + "a")} == {"cover", "toc", "bodymatter"}
    ncx = ET.fromstring(files["EPUB/toc.ncx"])
    labels = [t.text for t in ncx.iterfind(".//ncx:navPoint/ncx:navLabel/ncx:text", NS)]
    assert labels == ["Margins & <Measures>", "Part one", "Nested", "Part two"]
    pkg = opf(files)
    manifest = {i.get("id"): i for i in pkg.iterfind("opf:manifest/opf:item", NS)}
    assert manifest["nav"].get("properties") == "nav"
    assert manifest["cover-image"].get("properties") == "cover-image"
    assert pkg.find("opf:spine", NS).get("toc") == "ncx"  # type: ignore[union-attr]


def test_split_files_rewrite_links_and_notes(essay_dir: Path) -> None:
    files = assert_sound(render(rich_doc(), essay_dir, epub_split="always")[0])
    texts = sorted(n for n in files if re.search(r"text-\d+\.xhtml$", n))
    assert len(texts) == 3
    first = files[texts[0]].decode()
    assert 'href="text-003.xhtml#part-two"' in first  # link ahead, across files
    third = files[texts[2]].decode()
    # Note "a" lives in the first file; the reference from the third file crosses over.
    assert 'href="text-001.xhtml#fn_1"' in third
    assert 'epub:type="noteref" role="doc-noteref"' in third
    assert 'epub:type="footnote" role="doc-footnote"' in first and 'role="doc-backlink"' in first
    single = assert_sound(render(rich_doc(), essay_dir, epub_split="never")[0])
    assert len([n for n in single if re.search(r"text-\d+\.xhtml$", n)]) == 1


def test_pull_quotes_as_asides(essay_dir: Path) -> None:
    files = unpack(render(rich_doc(), essay_dir, epub_split="never")[0])
    body = ET.fromstring(files["EPUB/text-001.xhtml"])
    asides = [a for a in body.iter(X + "aside") if a.get(EPUB_TYPE) == "pullquote"]
    assert len(asides) == 2
    assert asides[0].get("aria-hidden") == "true"  # duplicates body text
    assert asides[1].get("aria-hidden") is None


def test_images_embedded_with_media_types(essay_dir: Path) -> None:
    data, warnings = render(rich_doc(), essay_dir)
    files = unpack(data)
    items = {i.get("href"): i.get("media-type") for i in opf(files).iterfind("opf:manifest/opf:item", NS)}
    images = {h: t for h, t in items.items() if h and h.startswith("images/")}
    # cover, photo.png (the BMP converts to the very same PNG: stored once),
    # the JPEG and the SVG.
    assert sorted(images.values()) == ["image/jpeg", "image/png", "image/png", "image/svg+xml"]
    assert all(f"EPUB/{h}" in files for h in images)
    assert files["EPUB/" + next(h for h, t in images.items() if t == "image/jpeg")][:3] == b"\xff\xd8\xff"
    assert warnings == []


def test_missing_images_warn_with_file_and_line_and_keep_alt(essay_dir: Path) -> None:
    doc, _ = hand_made()["missing"]
    data, warnings = render(doc, essay_dir)
    assert_sound(data)
    by_line = {w.line: w.message for w in warnings}
    assert "img/nope.png" in by_line[7] and "not found" in by_line[7]
    assert "remote.png" in by_line[9]
    assert "broken.png" in by_line[11]
    assert "outside.png" in by_line[13]
    text = unpack(data)["EPUB/text-001.xhtml"].decode()
    assert '<span class="missing-image">Not there</span>' in text


def test_strict_turns_warnings_into_errors(essay_dir: Path) -> None:
    doc, _ = hand_made()["missing"]
    ctx = RenderContext(theme=load_theme("classic"), base_dir=essay_dir, strict=True)
    with pytest.raises(EssayError):
        EpubRenderer().render(doc, ctx)


def test_cover_given_or_generated(essay_dir: Path) -> None:
    from PIL import Image

    files = unpack(render(rich_doc(cover="cover.jpg"), essay_dir)[0])
    cover_href = next(i.get("href") for i in opf(files).iterfind("opf:manifest/opf:item", NS)
                      if i.get("properties") == "cover-image")
    assert files[f"EPUB/{cover_href}"] == (essay_dir / "cover.jpg").read_bytes()
    files = unpack(render(rich_doc(), essay_dir)[0])
    with Image.open(io.BytesIO(files["EPUB/images/cover.png"])) as im:
        assert im.size[0] >= 1600 and im.size[1] >= 2560
    cover_page = ET.fromstring(files["EPUB/cover.xhtml"])
    img = next(cover_page.iter(X + "img"))
    assert "Margins" in (img.get("alt") or "")


def test_cover_without_a_covering_font_warns_and_is_still_made(essay_dir: Path, tmp_path: Path) -> None:
    from essaykit.renderers.epub import cover as epub_cover

    doc = m.Document(meta=m.Metadata(title="フィードバックとの付き合い方", language="ja"), blocks=(P(T("本文")),))
    data, warnings = render(doc, essay_dir)
    assert_sound(data, lang="ja")
    found = epub_cover.covering_font(doc.meta.title, epub_cover.font_candidates(load_theme(), "heading", "ja"))
    if found is None:
        assert any("cover" in w.message and "font" in w.message for w in warnings)


def test_rtl_documents(essay_dir: Path) -> None:
    doc, options = hand_made()["arabic"]
    files = assert_sound(render(doc, essay_dir, **options)[0], lang="ar")
    for name, data in files.items():
        if name.endswith(".xhtml"):
            assert ET.fromstring(data).get("dir") == "rtl", name
    spine = opf(files).find("opf:spine", NS)
    assert spine is not None and spine.get("page-progression-direction") == "rtl"
    ltr = unpack(render(rich_doc(), essay_dir)[0])
    assert opf(ltr).find("opf:spine", NS).get("page-progression-direction") is None  # type: ignore[union-attr]


def test_bad_language_tag_falls_back_to_a_valid_one(essay_dir: Path) -> None:
    files = unpack(render(m.Document(meta=m.Metadata(title="x", language="en_US.UTF-8")), essay_dir)[0])
    assert opf(files).findtext("opf:metadata/dc:language", namespaces=NS) == "en-US"
    files = unpack(render(m.Document(meta=m.Metadata(title="x", language="C")), essay_dir)[0])
    assert opf(files).findtext("opf:metadata/dc:language", namespaces=NS) == "en"


def test_raw_html_never_reaches_the_book(essay_dir: Path) -> None:
    files = unpack(render(rich_doc(), essay_dir)[0])
    allx = b"".join(d for n, d in files.items() if n.endswith(".xhtml"))
    assert b"<script" not in allx and b"<b>raw</b>" not in allx


def test_reproducible_and_source_date_epoch(essay_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = render(rich_doc(), essay_dir)[0]
    b = render(rich_doc(), essay_dir)[0]
    assert a == b
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c = render(rich_doc(), essay_dir)[0]
    assert c != a
    md = opf(unpack(c)).find("opf:metadata", NS)
    assert md is not None
    modified = md.find("opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None and modified.text == "2023-11-14T22:13:20Z"
    with zipfile.ZipFile(io.BytesIO(c)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert render(rich_doc(), essay_dir)[0] == c


def test_long_document_is_split_automatically(essay_dir: Path) -> None:
    words = " ".join(["word"] * 3000)
    blocks: list[m.Block] = []
    for i in range(4):
        blocks += [m.Heading(level=2, children=(T(f"Chapter {i}"),)), P(T(words))]
    files = assert_sound(render(m.Document(meta=m.Metadata(title="Long"), blocks=tuple(blocks)), essay_dir)[0])
    assert len([n for n in files if re.search(r"text-\d+\.xhtml$", n)]) == 4


def test_renderer_shape() -> None:
    from essaykit.renderers.registry import get_renderer

    r = get_renderer("epub")
    assert (r.name, r.suffix, r.binary) == ("epub", ".epub", True)


def test_math_as_mathml_with_the_manifest_property_or_as_text(essay_dir: Path) -> None:
    from essaykit.renderers.epub import math as epub_math

    files = unpack(render(rich_doc(), essay_dir, epub_split="never")[0])
    text = files["EPUB/text-001.xhtml"].decode()
    props = {i.get("href"): i.get("properties") or "" for i in opf(files).iterfind("opf:manifest/opf:item", NS)}
    if epub_math.available():
        assert '<math alttext="e^{i\\pi} + 1 = 0"' in text
        assert '<div class="math display"><math alttext=' in text
        assert "mathml" in props["text-001.xhtml"]
    else:
        assert '<code class="math-tex" dir="ltr">e^{i\\pi} + 1 = 0</code>' in text
        assert "mathml" not in props["text-001.xhtml"]
    # TeX that does not convert stays as TeX in code style, with a warning,
    # and the file is not marked.
    doc = m.Document(meta=m.Metadata(title="x"), blocks=(P(m.MathInline(text="\\frac{")),))
    out, warnings = render(doc, essay_dir)
    files = unpack(out)
    assert '<code class="math-tex" dir="ltr">\\frac{</code>' in files["EPUB/text-001.xhtml"].decode()
    assert any("maths $\\frac{$: the TeX does not parse" in w.message for w in warnings)
    assert "mathml" not in (opf(files).find("opf:manifest/opf:item[@id='text-001']", NS).get("properties") or "")  # type: ignore[union-attr]


def test_dates_are_valid_w3c_whatever_the_input() -> None:
    import datetime as dt

    from essaykit.renderers.epub.meta import FALLBACK_MODIFIED, modified, w3c_date

    assert w3c_date(dt.date(5, 1, 2)) == "0005-01-02"
    assert modified(m.Metadata(date=dt.date(5, 1, 2)), env={}) == FALLBACK_MODIFIED
    assert modified(m.Metadata(date=dt.date(2021, 3, 4)), env={}).isoformat() == "2021-03-04T00:00:00+00:00"
    assert modified(m.Metadata(), env={"SOURCE_DATE_EPOCH": "86400"}).isoformat() == "1970-01-02T00:00:00+00:00"
    assert modified(m.Metadata(), env={"SOURCE_DATE_EPOCH": "garbage"}) == FALLBACK_MODIFIED


def test_title_is_not_repeated_when_the_essay_opens_with_it(essay_dir: Path) -> None:
    doc = m.Document(meta=m.Metadata(title="Hello"), blocks=(m.Heading(level=1, children=(T("Hello"),)), P(T("x"))))
    text = unpack(render(doc, essay_dir)[0])["EPUB/text-001.xhtml"].decode()
    assert text.count(">Hello</h1>") == 1
