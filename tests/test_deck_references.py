"""The deck's works cited and its titles (issue 18's leftovers): a References
slide keeps each entry's start (who, when, what) and cuts its end with "…",
split over slides as needed, while the notes keep every entry whole; a slide
never shows its title again as a bullet. Our own small essays, planned, drawn
as .pptx and as ``-t slides`` PDF, and read back."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import essaykit
from essaykit.api import prepare
from essaykit.model import Document
from essaykit.reader import read_text
from essaykit.transform.slides import DeckPlan, plan_deck
from essaykit.transform.slides_titles import says_title

_ENTRIES = [
    "Cartwright, David Edgar. *Tides: A Scientific History*. Cambridge University Press, Cambridge, 1999, "
    "pages 1–292, with an appendix on harmonic analysis and on the tide-predicting machines of the last century.",
    "Pugh, David, and Philip Woodworth. *Sea-Level Science: Understanding Tides, Surges, Tsunamis and Mean "
    "Sea-Level Changes*. Cambridge University Press, 2014.",
    "Darwin, George Howard. *The Tides and Kindred Phenomena in the Solar System*. John Murray, London, 1898, "
    "the substance of lectures delivered in 1897 at the Lowell Institute, Boston, Massachusetts.",
    "Doodson, Arthur Thomas. “The Harmonic Development of the Tide-Generating Potential.” *Proceedings of the "
    "Royal Society of London, Series A*, volume 100, number 704, 1921, pages 305–329.",
    "Kelvin, Lord. “The Tide Gauge, Tidal Harmonic Analyser, and Tide Predicter.” *Minutes of the Proceedings "
    "of the Institution of Civil Engineers*, volume 65, 1881, pages 2–25.",
    "Munk, Walter, and David Cartwright. “Tidal Spectroscopy and Prediction.” *Philosophical Transactions of "
    "the Royal Society of London, Series A*, volume 259, 1966, pages 533–581.",
]

_BODY = """## The pull

The moon pulls the near side of the sea harder than the far side, and the difference stretches the water into two bulges.

The sun does the same, more weakly, and the two together make spring and neap tides.

"""


def _read(md: str, path: str | None = None) -> Document:
    return prepare(read_text(md, format="markdown", path=path))


def _plain(entry: str) -> str:
    return " ".join(entry.replace("*", "").split())


def _reference_slides(plan: DeckPlan) -> list:  # type: ignore[type-arg]
    return [s for s in plan.slides if s.kind == "points" and s.title.startswith("References")]


def _check_entries(bullets: list[str], entries: list[str]) -> None:
    """Each entry once, in order: its start whole (cut only at its end, with "…")."""
    assert len(bullets) == len(entries), bullets
    for shown, entry in zip(bullets, entries, strict=True):
        whole = _plain(entry).rstrip(".")
        if shown.endswith("…"):
            assert whole.startswith(shown[:-1].rstrip(" ,;:")), (shown, whole)
            assert len(shown.split()) >= 12, shown
        else:
            assert shown.rstrip(".") == whole, (shown, whole)
        assert not shown.startswith("…"), shown


@pytest.mark.parametrize("form", ["numbered", "bulleted", "paragraphs"])
def test_a_references_slide_keeps_each_entry_from_its_start(form: str) -> None:
    if form == "numbered":
        listing = "\n".join(f"{i}. {e}" for i, e in enumerate(_ENTRIES, 1))
    elif form == "bulleted":
        listing = "\n".join(f"- {e}" for e in _ENTRIES)
    else:
        listing = "\n\n".join(_ENTRIES)
    doc = _read(f"---\ntitle: Two highs\n---\n\n{_BODY}## References\n\n{listing}\n")
    plan = plan_deck(doc)
    slides = _reference_slides(plan)
    assert slides, plan.describe()
    _check_entries([b.text for s in slides for b in s.bullets], _ENTRIES)
    if form == "numbered":
        assert [b.number for s in slides for b in s.bullets] == list(range(1, len(_ENTRIES) + 1))
    notes = " ".join(" ".join(s.notes.split()) for s in slides)
    for i, entry in enumerate(_ENTRIES, 1):  # every entry whole in the speaker's notes, numbered as listed
        assert (f"{i}. " if form == "numbered" else "") + _plain(entry) in notes, entry


_CITED = """---
title: Tide machines
references:
- id: cartwright
  type: book
  author: [{family: Cartwright, given: David Edgar}]
  title: "Tides: A Scientific History"
  publisher: Cambridge University Press
  publisher-place: Cambridge
  issued: {date-parts: [[1999]]}
- id: doodson
  type: article-journal
  author: [{family: Doodson, given: Arthur Thomas}]
  title: "The harmonic development of the tide-generating potential"
  container-title: "Proceedings of the Royal Society of London, Series A, Containing Papers of a Mathematical and Physical Character"
  volume: 100
  issue: 704
  page: 305-329
  issued: {date-parts: [[1921]]}
---

## Machines

Kelvin's machine summed cosines with pulleys [@cartwright]. Doodson found the constituents [@doodson].
"""


def test_works_cited_by_citeproc_are_one_point_each_from_their_start() -> None:
    plan = plan_deck(_read(_CITED))
    [slide] = _reference_slides(plan)
    shown = [b.text for b in slide.bullets]
    assert [s.split(" (")[0] for s in shown] == ["Cartwright, D.E.", "Doodson, A.T."], shown
    assert shown[1].startswith("Doodson, A.T. (1921) “The harmonic development of the tide-generating potential”")
    assert shown[1].endswith("…")
    assert "pp. 305–329" in slide.notes and "Cambridge: Cambridge University Press" in slide.notes


def test_references_in_the_pptx_and_the_slides_pdf() -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    doc = _read(f"---\ntitle: Two highs\n---\n\n{_BODY}## References\n\n"
                + "\n".join(f"{i}. {e}" for i, e in enumerate(_ENTRIES, 1)) + "\n")
    deck = Presentation(io.BytesIO(essaykit.render(doc, "pptx", prepared=True)))
    bodies, notes = [], []
    for slide in deck.slides:
        texts = [sh for sh in slide.shapes if sh.has_text_frame]
        if texts and texts[0].text_frame.text.startswith("References") and len(texts) > 1:
            bodies += [p.text for sh in texts[1:2] for p in sh.text_frame.paragraphs if p.text.strip()]
            notes.append(" ".join(slide.notes_slide.notes_text_frame.text.split()))
    _check_entries([b for b in bodies if not re.fullmatch(r"\d+", b)], _ENTRIES)
    for entry in _ENTRIES:
        assert _plain(entry) in " ".join(notes), entry
    pdf = PdfReader(io.BytesIO(essaykit.render(doc, "slides", prepared=True)))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    for entry in _ENTRIES:
        assert " ".join(_plain(entry).split()[:6]) in text, entry  # each entry's start is on a slide
    assert not re.search(r"…\s*(?:Arthur|Philip|David|George)", text)  # never cut from the start


# ------------------------------------------------ a title is not also a bullet

_WET = """---
title: The Wet Codebase
---

I have been thinking about repetition in code for a long time, and I have changed my mind about it twice.

But as any jazz fan can tell you, [wasting time](https://example.org/jazz) is actually good!

A year ago, I gave a conference talk, and I want to share it today with those of you who haven't watched it. This talk is not about React, or even about JavaScript.
"""


def _no_title_as_bullet(plan: DeckPlan) -> None:
    for s in plan.slides:
        if s.kind == "points" and s.title:
            for b in s.bullets:
                assert not says_title(s.title, b.text), (s.title, b.text)


def test_a_slide_never_shows_its_title_again_as_a_bullet() -> None:
    plan = plan_deck(_read(_WET))
    _no_title_as_bullet(plan)
    shown = " ".join(" ".join([s.title, *(b.text for b in s.bullets)]) for s in plan.slides)
    assert shown.count("can tell you") == 1, plan.describe()
    assert "wasting time is actually good" in shown


@pytest.mark.parametrize(
    ("title", "bullet", "said"),
    [
        ("As any Phish fan can tell you, wasting time is actually good!",
         "But as any … can tell you, wasting time is actually good!", True),
        ("Listen first", "Listen first.", True),
        ("Listen first", "Listen first, then speak, then listen again to what you said", False),
        ("The budget slipped", "The budget slipped…", True),
        ("Tides", "Tides come twice a day because the earth turns under two bulges", False),
        ("And so it goes", "And so it goes.", True),
        ("Ship it", "Ship", False),
        ("The clock will keep time for 10,000 years",
         "If all goes well, the clock will keep time for 10,000 years", True),
        ("The clock will keep time", "The clock will keep time, if all goes well, for as long as we care", False),
    ],
)
def test_says_title(title: str, bullet: str, said: bool) -> None:
    assert says_title(title, bullet) is said


_PIECES = st.sampled_from([
    "But as any fan can tell you, ", "wasting time is good! ", "So the team shipped it late. ",
    "**Training.** ", "We ran it twice, ", "and nothing changed. ", "The roadmap (a wish list) slipped. ",
])


@given(st.lists(st.lists(_PIECES, min_size=1, max_size=8).map("".join), min_size=1, max_size=8))
def test_no_slide_of_any_post_shows_its_title_twice(paras: list[str]) -> None:
    plan = plan_deck(_read("---\ntitle: Any\n---\n\n" + "\n\n".join(p.strip() for p in paras) + "\n"))
    _no_title_as_bullet(plan)
