"""The PDF renderer: opened again with pypdf and poppler, never compared byte
for byte. Documents are built from the model so these tests do not depend on
the readers; one test also renders the corpus' non-Latin essays."""

from __future__ import annotations

import datetime as dt
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
from essaykit.render.base import RenderContext
from essaykit.render.pdf import PdfRenderer
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
    data, _ = render(essay(8))
    reader = pypdf.PdfReader(BytesIO(data))
    first = reader.pages[0].extract_text()
    assert "On Typesetting" in first and "Section" not in first
    contents = next(p.extract_text() for p in reader.pages if "Contents" in p.extract_text())
    assert "Section 8" in contents


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
    "1f15c4890000000d49444154789c6360f8cfc000000301010018dd8db00000000049454e44ae426082"
)
