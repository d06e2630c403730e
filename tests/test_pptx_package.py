"""The deck's package as written here holds what Presentation.save writes."""

from __future__ import annotations

import io
import zipfile

from pptx import Presentation

from essaykit.renderers.pptx.package import save


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def test_same_members_same_order_same_bytes() -> None:
    prs = Presentation()
    for layout in list(prs.slide_layouts)[:3]:
        slide = prs.slides.add_slide(layout)
        slide.notes_slide.notes_text_frame.text = "notes"
        box = slide.shapes.add_textbox(0, 0, 100, 100)
        run = box.text_frame.paragraphs[0].add_run()
        run.text = "a link & more"
        run.hyperlink.address = "https://example.com/?a=1&b=<2>"
    ref = io.BytesIO()
    prs.save(ref)
    assert _members(save(prs)) == _members(ref.getvalue())
