"""A line break reaching a one-line measurement (a heading with ``<br>`` as
the deck's footer) is measured as a space: Pillow's raqm layout refuses
control characters and the deck failed to render (hypothesis found it)."""

from __future__ import annotations

from essaykit import api
from essaykit.transform import textfit


def test_deck_of_a_title_with_a_line_break() -> None:
    doc = api.loads("# plain words <br> plain words\n\nSome prose.\n")
    assert api.render(doc, "pptx")[:2] == b"PK"


def test_control_characters_measured_as_spaces() -> None:
    from PIL import features

    path = textfit.find_font_file("DejaVu Sans")
    if path is None or not features.check("raqm"):
        return  # the basic layout measures them without complaint
    measurer = textfit.Measurer(path)
    assert measurer.em_width("a\nb") == measurer.em_width("a b") > 0
