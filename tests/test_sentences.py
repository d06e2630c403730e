"""Sentence splitting in the scripts essays are written in, on text and inlines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from essaykit.model import Code, Emph, FootnoteRef, Link, MathInline, Strong, Text
from essaykit.transform.sentences import (
    count_words,
    inline_text,
    slice_inlines,
    split_inline_sentences,
    split_sentences,
    strip_inlines,
)
from tests import strategies


def test_english_titles_initials_and_decimals_do_not_end_sentences() -> None:
    text = "Mr. Smith met Dr. Jones at 3.30 p.m. today. J. R. R. Tolkien wrote it. The U.S. Army agreed."
    assert split_sentences(text) == [
        "Mr. Smith met Dr. Jones at 3.30 p.m. today.",
        "J. R. R. Tolkien wrote it.",
        "The U.S. Army agreed.",
    ]


def test_terminators_closers_and_lowercase_continuations() -> None:
    text = "She said “Stop.” Then she left! Did he care? No… he didn’t... Really."
    assert split_sentences(text) == [
        "She said “Stop.”",
        "Then she left!",
        "Did he care?",
        "No… he didn’t...",
        "Really.",
    ]
    assert split_sentences("e.g. this one. Next") == ["e.g. this one.", "Next"]


def test_french_spaces_before_marks_and_guillemets() -> None:
    text = "Vraiment\u202f? Oui. «\u202fBien.\u202f» Puis M. Dupont arriva."
    assert split_sentences(text, "fr") == [
        "Vraiment\u202f?",
        "Oui.",
        "«\u202fBien.\u202f»",
        "Puis M. Dupont arriva.",
    ]


def test_german_abbreviations() -> None:
    text = "Das ist z.B. gut. Dr. Weber kommt usw. Morgen nicht."
    assert split_sentences(text, "de")[0] == "Das ist z.B. gut."


def test_cjk_full_stops_need_no_space() -> None:
    assert split_sentences("今日は晴れです。明日は雨？「そうです！」と言った。", "ja") == [
        "今日は晴れです。",
        "明日は雨？",
        "「そうです！」と言った。",
    ]
    assert split_sentences("我们走吧。他说：好！Hooks 很新。", "zh") == [
        "我们走吧。",
        "他说：好！",
        "Hooks 很新。",
    ]


def test_arabic_and_urdu_terminators() -> None:
    assert split_sentences("هل أنت بخير؟ نعم. شكرا", "ar") == ["هل أنت بخير؟", "نعم.", "شكرا"]
    assert split_sentences("یہ اچھا ہے۔ وہ آیا۔", "ur") == ["یہ اچھا ہے۔", "وہ آیا۔"]


def test_count_words_counts_two_cjk_characters_as_a_word() -> None:
    assert count_words("The quick — brown fox.") == 4
    assert count_words("今日は晴れです") == 4
    assert count_words("Hooks は新しい") == 1 + 2


def test_inline_sentences_keep_formatting_and_footnotes() -> None:
    inlines = (
        Text(text="First "),
        Emph(children=(Text(text="one. Second"),)),
        Text(text=" goes "),
        Strong(children=(Text(text="here"),)),
        Text(text="."),
        FootnoteRef(label="1"),
        Text(text=" Third "),
        Link(children=(Text(text="link"),), url="https://x.org/a. B"),
        Text(text="."),
    )
    sents = split_inline_sentences(inlines)
    assert [s.text for s in sents] == ["First one.", "Second goes here.", "Third link."]
    assert sents[0].inlines == (Text(text="First "), Emph(children=(Text(text="one."),)))
    assert sents[1].inlines == (
        Emph(children=(Text(text="Second"),)),
        Text(text=" goes "),
        Strong(children=(Text(text="here"),)),
        Text(text="."),
        FootnoteRef(label="1"),
    )
    assert sents[2].inlines[-2] == Link(children=(Text(text="link"),), url="https://x.org/a. B")


def test_code_and_math_never_hold_a_boundary() -> None:
    inlines = (
        Text(text="Run "),
        Code(text="a. B"),
        Text(text=" and "),
        MathInline(text="x. Y"),
        Text(text=" now."),
    )
    assert [s.text for s in split_inline_sentences(inlines)] == ["Run a. B and x. Y now."]


def test_strip_inlines_keeps_a_trailing_footnote() -> None:
    inlines = (Text(text="  Hi there. "), FootnoteRef(label="n"))
    assert strip_inlines(inlines) == (Text(text="Hi there."), FootnoteRef(label="n"))


_prose_words = st.sampled_from(
    ["The", "cat", "sat.", "Dr.", "Smith", "said", "“Stop.”", "e.g.", "why?", "It", "works!",
     "3.14", "and", "so…", "J.", "今日。", "明日？", "نعم؟", "«\u202fOui\u202f»", "—"]
)  # fmt: skip
_prose = st.lists(_prose_words, min_size=1, max_size=30).map(" ".join)


@given(_prose)
@settings(max_examples=300)
def test_sentences_cover_the_text_in_order(text: str) -> None:
    """Nothing but white space lies outside the sentences, and they keep order."""
    sents = split_sentences(text)
    assert "".join(sents).replace(" ", "") == text.replace(" ", "")
    assert all(s == s.strip() and s for s in sents)


@given(strategies.inlines())
@settings(max_examples=200, deadline=None)
def test_inline_sentences_are_slices_of_the_paragraph(inlines) -> None:  # type: ignore[no-untyped-def]
    """Each sentence's nodes read as its text, and slicing at the sentence
    boundaries then joining gives the paragraph's text back."""
    text = inline_text(inlines)
    sents = split_inline_sentences(inlines)
    for s in sents:
        # Code and math are never cut, so white space at their edges may stay
        # with the sentence; the words must match exactly.
        assert inline_text(s.inlines).strip() == text[s.start : s.end].strip()
    cuts = [0] + [s.start for s in sents[1:]] + [len(text)]
    rebuilt = "".join(
        inline_text(slice_inlines(inlines, a, b)) for a, b in zip(cuts, cuts[1:], strict=False)
    )
    assert rebuilt == text
