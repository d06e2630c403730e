"""The drawn deck, reopened with python-pptx (and LibreOffice when present)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from essaykit.errors import Warning_
from essaykit.model import Document, Figure, Image, Metadata, Text
from essaykit.reader import read_path
from essaykit.renderers.base import RenderContext
from essaykit.renderers.pptx.renderer import PptxRenderer
from essaykit.renderers.pptx.style import DeckStyle
from essaykit.theme import load_theme
from tests.conftest import shared_path
from tests.test_slides_plan import P, essay


def render(doc: Document, tmp: Path | None = None, **options: Any) -> tuple[Any, list[str]]:
    warnings: list[str] = []

    def warn(w: Warning_) -> None:
        warnings.append(w.message)

    ctx = RenderContext(theme=load_theme(), options=options, base_dir=tmp, warn_fn=warn)
    data = PptxRenderer().render(doc, ctx)
    return Presentation(io.BytesIO(data)), warnings


def shape_box(shape: Any) -> tuple[float, float]:
    return shape.width / 12700, shape.height / 12700


def estimated_overflow(prs: Any, lang: str = "en") -> list[str]:
    """Text frames whose wrapped text (measured like the fitter) is taller than the box."""
    style = DeckStyle.from_theme(load_theme(), lang)
    bad = []
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            w, h = shape_box(shape)
            need = 0.0
            for par in shape.text_frame.paragraphs:
                runs = par.runs or []
                if not runs and par._p.find(qn("a:fld")) is None:
                    continue
                rpr = par._p.find(".//" + qn("a:rPr"))
                size = int(rpr.get("sz")) / 100 if rpr is not None and rpr.get("sz") else 18
                bold = rpr is not None and rpr.get("b") == "1"
                code = shape.name == "Code"
                m = style.code_measure if code else style.heading_measure if bold else style.body_measure
                ppr = par._p.pPr
                mar = int(ppr.get("marL", 0)) / 12700 if ppr is not None else 0
                text = "".join(r.text for r in runs) or "00"
                lines = len(m.wrap(text, w - 12 - mar, size))
                need += lines * size * m.line_factor
            if need > h - 8 + 1:
                bad.append(f"slide {n} {shape.name}: needs {need:.0f}pt of {h:.0f}pt")
    return bad


def test_deck_reopens_with_layouts_notes_and_numbers() -> None:
    prs, warnings = render(essay())
    slides = list(prs.slides)
    assert len(slides) >= 15
    assert prs.slide_width == 12192000 and prs.slide_height == 6858000
    layouts = [s.slide_layout.name for s in slides]
    assert layouts[0] == "Title Slide" and "Section Header" in layouts
    assert "Title and Content" in layouts and "Title Only" in layouts
    for n, slide in enumerate(slides, 1):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        if n > 1:
            fld = slide._element.find(".//" + qn("a:fld"))
            assert fld is not None and fld.get("type") == "slidenum"
            assert fld.find(qn("a:t")).text == str(n)
            assert any(sh.text_frame.text == "The Mayor of the Product" for sh in slide.shapes
                       if sh.has_text_frame)
    assert any("hall.png" in w for w in warnings)


def test_every_run_has_a_language_and_script_fonts() -> None:
    prs, _ = render(essay())
    for slide in prs.slides:
        for rpr in slide._element.iter(qn("a:rPr")):
            assert rpr.get("lang") == "en"
        for r in slide._element.iter(qn("a:r")):
            rpr = r.find(qn("a:rPr"))
            assert rpr is not None and rpr.find(qn("a:ea")) is not None
            assert rpr.find(qn("a:cs")) is not None
        notes = slide.notes_slide._element
        assert all(r.get("lang") == "en" for r in notes.iter(qn("a:rPr")))


def test_text_is_native_and_in_placeholders() -> None:
    prs, _ = render(essay())
    slide = next(s for s in prs.slides if s.slide_layout.name == "Title and Content")
    body = [sh for sh in slide.placeholders if sh.placeholder_format.idx == 1][0]
    assert len(body.text_frame.paragraphs) >= 2
    quote = next(s for s in prs.slides if "direct authority" in s.shapes.title.text_frame.text
                 if s.shapes.title is not None)
    assert "Julia Austin" in " ".join(sh.text_frame.text for sh in quote.placeholders)


def test_nothing_overflows() -> None:
    prs, _ = render(essay())
    assert estimated_overflow(prs) == []


def test_four_by_three_on_request() -> None:
    prs, _ = render(essay(), aspect="4:3")
    assert prs.slide_width == 9144000
    assert estimated_overflow(prs) == []


def test_rtl_deck() -> None:
    doc = Document(meta=Metadata(title="عنوان المقال", language="ar"),
                   blocks=(P("مرحبا بالعالم. هذا نص عربي طويل بعض الشيء لكي نرى الاتجاه."),))
    prs, _ = render(doc)
    points = list(prs.slides)[1]
    pprs = [p for p in points._element.iter(qn("a:pPr")) if p.get("rtl")]
    assert pprs and all(p.get("rtl") == "1" for p in pprs if p.get("algn") != "ctr")
    assert all(r.get("lang") == "ar" for r in points._element.iter(qn("a:rPr")))
    # The furniture is the mirror image of a left-to-right slide's: the
    # talk's title against the right margin, the number against the left.
    found = {sh.placeholder_format.idx: sh for sh in points.shapes if sh.is_placeholder}
    footer, number = found[11], found[12]
    title = found[0]
    assert footer.left + footer.width == title.left + title.width
    assert number.left == title.left and number.left + number.width < footer.left + footer.width


def test_rtl_deck_sets_english_points_left_to_right() -> None:
    """An English quotation in an Arabic talk reads left to right on its
    slide: ``rtl="0"``, flush left, its question mark where it belongs."""
    doc = Document(meta=Metadata(title="عنوان المقال", language="ar"), blocks=(
        P("مرحبا بالعالم. هذا نص عربي طويل بعض الشيء لكي نرى الاتجاه."),
        P("Finally, why do we need libraries at all? Some languages do well without them."),
    ))
    prs, _ = render(doc)
    directions = {}
    for slide in list(prs.slides)[1:]:
        for p in slide._element.iter(qn("a:p")):
            text = "".join(t.text or "" for t in p.iter(qn("a:t")))
            ppr = p.find(qn("a:pPr"))
            if text.strip() and ppr is not None and ppr.get("rtl"):
                directions[text] = (ppr.get("rtl"), ppr.get("algn"))
    english = [d for t, d in directions.items() if t.startswith("Finally")]
    arabic = [d for t, d in directions.items() if t.startswith("مرحبا")]
    assert english and all(d == ("0", "l") for d in english), directions
    assert arabic and all(d == ("1", "r") for d in arabic), directions


def test_file_properties_come_from_the_essay(monkeypatch: pytest.MonkeyPatch) -> None:
    """docProps/core.xml says who wrote what, when — not python-pptx's
    template ("generated using python-pptx", its author, 2013)."""
    import datetime as dt
    import zipfile

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    meta = Metadata(title="On Margins", subtitle="What white space does", authors=("Ines Okafor", "Jo Lee"),
                    date=dt.date(2025, 9, 14), description="A short essay on white space.",
                    tags=("typography", "design"), language="en")
    prs, _ = render(Document(meta=meta, blocks=(P("Margins matter. " * 20),)))
    core = prs.core_properties
    assert (core.title, core.author, core.last_modified_by) == ("On Margins", "Ines Okafor, Jo Lee",
                                                                 "Ines Okafor, Jo Lee")
    assert (core.subject, core.comments, core.keywords) == ("What white space does",
                                                            "A short essay on white space.", "typography, design")
    assert core.created == core.modified == dt.datetime(2025, 9, 14)
    buffer = io.BytesIO()
    prs.save(buffer)
    xml = zipfile.ZipFile(buffer).read("docProps/core.xml").decode()
    assert "python-pptx" not in xml and "Steve Canny" not in xml and "2013" not in xml
    # No date in the essay: the reproducible-builds date, else a constant.
    undated = Document(meta=Metadata(title="Undated"), blocks=(P("Text. " * 20),))
    assert render(undated)[0].core_properties.created == dt.datetime(2000, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render(undated)[0].core_properties.modified == dt.datetime(2023, 11, 14, 22, 13, 20)


def test_the_same_essay_gives_the_same_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Byte for byte: the zip's members are dated as the deck is (the
    essay's date here), not when the file was written."""
    import datetime as dt
    import time
    import zipfile

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    doc = Document(meta=Metadata(title="Twice", date=dt.date(2024, 2, 29)), blocks=(P("Same words. " * 30),))
    ctx = RenderContext(theme=load_theme(), options={}, base_dir=None)
    first = PptxRenderer().render(doc, ctx)
    now = time.time
    monkeypatch.setattr(time, "time", lambda: now() + 3 * 3600)  # written hours later
    assert PptxRenderer().render(doc, ctx) == first
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(2024, 2, 29, 0, 0, 0)}


def test_cjk_deck_names_east_asian_font() -> None:
    text = "私はプロダクトマネージャーです。毎日会議があります。とても長い文章ですが、問題ありません。"
    doc = Document(meta=Metadata(title="題名", language="ja"), blocks=(P(text * 4),))
    prs, _ = render(doc)
    ea = {el.get("typeface") for s in prs.slides for el in s._element.iter(qn("a:ea"))}
    assert ea == {"Noto Sans CJK JP"}
    assert estimated_overflow(prs, "ja") == []


def test_images_from_the_essay_folder_only(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    PILImage.new("RGB", (400, 200), (200, 40, 40)).save(tmp_path / "red.png")
    outside = tmp_path.parent / "outside.png"
    PILImage.new("RGB", (10, 10)).save(outside)
    doc = Document(meta=Metadata(title="Pictures"), blocks=(
        Figure(image=Image(src="red.png", alt="A red box"), caption=(Text(text="Red"),)),
        Figure(image=Image(src="../outside.png", alt="Outside")),
        Figure(image=Image(src="https://example.org/x.png", alt="Remote")),
    ))
    prs, warnings = render(doc, tmp_path)
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 1
    assert any("outside" in w for w in warnings) and any("remote" in w for w in warnings)
    # Issue 19: no slide for a picture that is not there; its words go to the notes.
    assert not [sh for s in prs.slides for sh in s.shapes if sh.name == "Missing picture"]
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert "Outside" in notes and "Remote" in notes


def test_user_template_is_used(tmp_path: Path) -> None:
    template = Presentation()
    template.slide_layouts[1].name = "Title and Content"
    template.slides.add_slide(template.slide_layouts[0])  # an example slide, dropped
    path = tmp_path / "company.pptx"
    template.save(str(path))
    prs, _ = render(essay(), template=str(path))
    assert prs.slide_width == 9144000  # the template's size is kept
    assert list(prs.slides)[0].shapes.title.text_frame.text == "The Mayor of the Product"
    assert estimated_overflow(prs) == []


def test_a_link_in_slide_text_is_clickable(tmp_path: Path) -> None:
    src = tmp_path / "links.md"
    src.write_text("---\ntitle: Links\n---\n\n# Read more\n\n"
                   "The account is in [the paper](https://example.org/paper).\n", encoding="utf-8")
    prs, _ = render(read_path(src))
    clicks = []
    for slide in prs.slides:
        for el in slide.shapes._spTree.iter(qn("a:hlinkClick")):
            run_text = el.getparent().getparent().find(qn("a:t")).text
            clicks.append((run_text, slide.part.rels[el.get(qn("r:id"))].target_ref))
    assert ("the paper", "https://example.org/paper") in clicks
    # Drawn in the deck's accent, not the Office theme's blue.
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    accent = DeckStyle.from_theme(load_theme(), "en").accent.lstrip("#").upper()
    theme = prs.slide_master.part.part_related_by(RT.THEME).blob
    assert f'<a:hlink><a:srgbClr val="{accent}"/>'.encode() in theme


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_deck(tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = shared_path("seeds", "000_a9fac70ff2a13f75.txt")
    ctx = RenderContext(theme=load_theme(), base_dir=path.parent, warn_fn=lambda w: None)
    data = PptxRenderer().render(read_path(path), ctx)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(data)
    prs = Presentation(str(deck))
    assert estimated_overflow(prs) == []
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(deck)], capture_output=True, timeout=240, check=True)
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file()
    assert len(PdfReader(str(pdf)).pages) == len(prs.slides)
