"""Run.with_text and Run.same_style agree with dataclasses.replace and ==."""

from __future__ import annotations

import dataclasses
import itertools

from essaykit.transform.textfit import Run


def test_with_text_and_same_style_match_replace() -> None:
    runs = [
        Run("x", bold=b, italic=i, code=c, lang=lg, link=lk)
        for b, i, c, lg, lk in itertools.product(
            (False, True), (False, True), (False, True), (None, "fr"), (None, "https://a.b")
        )
    ]
    for a, b in itertools.product(runs, repeat=2):
        assert a.with_text("other") == dataclasses.replace(a, text="other")
        assert a.same_style(b) == (dataclasses.replace(a, text="") == dataclasses.replace(b, text=""))
    # a new field must be added to both methods
    assert [f.name for f in dataclasses.fields(Run)] == ["text", "bold", "italic", "code", "lang", "link"]
