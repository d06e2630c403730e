"""A paragraph's own direction (:mod:`essaykit.bidi`): it reads against the
document only when its first strong letter and most of its letters agree;
isolated runs do not count."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from essaykit import bidi
from essaykit import model as m


def test_first_strong_letter_decides() -> None:
    assert bidi.text_direction("Hello") == "ltr"
    assert bidi.text_direction("«مرحبا» Hello") == "rtl"
    assert bidi.text_direction("שלום") == "rtl"
    assert bidi.text_direction("1984, “quoted” — Été") == "ltr"
    assert bidi.text_direction("日本語") == "ltr"
    assert bidi.text_direction("2024 — 42?! ") is None
    assert bidi.text_direction("") is None


def test_isolated_runs_are_skipped() -> None:
    arabic = m.Text(text=" هو الأمر")
    assert bidi.paragraph_direction((m.Code(text="npm publish"), arabic)) == "rtl"
    assert bidi.paragraph_direction((m.MathInline(text="x+y"), arabic)) == "rtl"
    assert bidi.paragraph_direction((m.Span(dir="ltr", children=(m.Text(text="English"),)), arabic)) == "rtl"
    assert bidi.paragraph_direction((m.FootnoteRef(label="1"), arabic)) == "rtl"
    # Formatting is not an isolate: the words inside it count.
    assert bidi.paragraph_direction((m.Strong(children=(m.Text(text="Confused,"),)), arabic)) == "ltr"
    assert bidi.paragraph_direction((m.Link(url="https://x.org", children=(m.Emph(children=(
        m.Text(text="٢٠٢٤ "), m.Text(text="Note")),),)),)) == "ltr"
    assert bidi.paragraph_direction(()) is None


def test_only_a_disagreeing_paragraph_is_marked() -> None:
    english = (m.Text(text="Is that fair?"),)
    assert bidi.differing(english, "rtl") == "ltr"
    assert bidi.differing(english, "ltr") is None
    assert bidi.differing((m.Text(text="?!"),), "rtl") is None
    arabic = (m.Text(text="مرحبا بالعالم، هذه فقرة."),)
    assert bidi.differing(arabic, "ltr") == "rtl" and bidi.differing(arabic, "rtl") is None


def test_a_sentence_opening_with_a_foreign_name_keeps_the_document_direction() -> None:
    # First strong letter Latin, most letters Arabic: an Arabic sentence.
    assert bidi.differing((m.Text(text="Python هي لغة برمجة سهلة التعلم."),), "rtl") is None
    # An Arabic sentence quoting a long English one: opens in Arabic.
    quoting = "قال: «Somebody mentions that open source projects should not have landing pages»"
    assert bidi.differing((m.Text(text=quoting),), "rtl") is None
    # The English paragraph quoted whole, even with an Arabic word in it.
    assert bidi.differing((m.Text(text="In a response, somebody says مرحبا and leaves."),), "rtl") == "ltr"
    assert bidi.differing((m.Text(text="שלום is Hebrew for hello, and also for goodbye."),), "ltr") is None


@given(st.text(max_size=40), st.text(alphabet="abcXYZ", min_size=1, max_size=5),
       st.text(alphabet="אבגعربي", min_size=1, max_size=5))
def test_direction_is_that_of_the_first_letter_whichever_comes_first(neutral: str, latin: str,
                                                                     rtl: str) -> None:
    # Digits, punctuation and spaces never decide.
    filler = "".join(c for c in neutral if not bidi.text_direction(c))
    assert bidi.text_direction(filler + latin + rtl) == "ltr"
    assert bidi.text_direction(filler + rtl + latin) == "rtl"
    assert bidi.paragraph_direction((m.Text(text=filler), m.Emph(children=(m.Text(text=rtl + latin),)))) == "rtl"
