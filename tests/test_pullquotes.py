"""Pull quotes: explicit, marked, front matter, automatic; nothing of the body lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essaykit.errors import EssayError, UsageError
from essaykit.model import (
    BlockQuote,
    Document,
    Emph,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    Mark,
    Metadata,
    Node,
    Paragraph,
    PullQuote,
    Strong,
    Text,
    plain_text,
)
from essaykit.transform.passes import PASSES, apply_passes
from essaykit.transform.pullquotes import (
    MIN_DISTANCE,
    author_marked,
    auto_choices,
    candidates,
    pullquotes,
)
from essaykit.transform.sentences import count_words
from tests import strategies

SHARED = Path(__file__).resolve().parents[2] / "shared"

#: Neutral sentences: no emphasis, contrast, numbers or second person, so
#: they score below the bar and only the sentences a test plants can win.
FILLER = (
    "The team met on a weekday and reviewed the plan in detail together. "
    "Each member wrote notes about the schedule and the budget for the project. "
    "The manager collected the notes and sent a summary to the whole group."
)


def filler(n: int) -> list[Paragraph]:
    return [Paragraph(children=(Text(text=FILLER),)) for _ in range(n)]


def doc(*blocks: Node, **meta: object) -> Document:
    return Document(meta=Metadata(**meta), blocks=tuple(blocks), source="essay.md")  # type: ignore[arg-type]


def pulls(d: Document) -> list[PullQuote]:
    return [b for b in d.blocks if isinstance(b, PullQuote)]


def body(d: Document) -> list[Node]:
    return [b for b in d.blocks if not isinstance(b, PullQuote)]


# ----------------------------------------------------------------- explicit


def test_explicit_pull_quotes_are_kept_in_every_mode() -> None:
    explicit = PullQuote(children=(Text(text="Said once."),), origin="explicit")
    d = doc(*filler(2), explicit, *filler(10))
    for mode in ("default", "auto", "marked", "none"):
        out = pullquotes(d, mode)
        assert explicit in out.blocks, mode
    # The author chose a pull quote: default adds none of its own.
    assert pulls(pullquotes(d)) == [explicit]


def test_unknown_mode_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        pullquotes(doc(), "sometimes")
    with pytest.raises(UsageError):
        apply_passes(doc(), pullquotes="sometimes")


# ------------------------------------------------------------------- marked


def test_marked_sentence_stays_and_is_copied_after_its_paragraph() -> None:
    para = Paragraph(
        children=(
            Text(text="Before. "),
            Mark(
                children=(
                    Text(text="The mayor leads by "),
                    Emph(children=(Text(text="consensus"),)),
                    Text(text="."),
                )
            ),
            FootnoteRef(label="1"),
            Text(text=" After."),
        ),
        line=7,
    )
    d = doc(*filler(1), para, *filler(1))
    out = pullquotes(d)
    assert out.blocks[1] is para  # the Mark stays in the body
    pq = out.blocks[2]
    assert isinstance(pq, PullQuote)
    assert (pq.origin, pq.duplicate, pq.line) == ("marked", True, 7)
    assert pq.children == (
        Text(text="The mayor leads by "),
        Emph(children=(Text(text="consensus"),)),
        Text(text="."),
    )
    assert author_marked(d)


def test_several_marks_and_nested_marks() -> None:
    para = Paragraph(
        children=(
            Mark(children=(Text(text="One "), Mark(children=(Text(text="inner"),)))),
            Text(text=" and "),
            Mark(children=(Text(text="two"),)),
        )
    )
    out = pullquotes(doc(para))
    assert [plain_text(p.children) for p in pulls(out)] == ["One inner", "two"]


def test_front_matter_sentences_are_found_loosely() -> None:
    para = Paragraph(
        children=(
            Text(text="First. In reality, a "),
            Strong(children=(Text(text="product manager"),)),
            Text(text=" is the “mayor”\u202fof their product. Then more."),
        ),
        line=12,
    )
    wanted = 'in  REALITY, a product manager is the "mayor" of their product.'
    out = pullquotes(doc(*filler(1), para, pullquotes=(wanted,)))
    (pq,) = pulls(out)
    assert out.blocks.index(pq) == 2
    assert (pq.origin, pq.duplicate, pq.line) == ("frontmatter", True, 12)
    assert (
        plain_text(pq.children)
        == "In reality, a product manager is the “mayor”\u202fof their product."
    )
    assert any(isinstance(n, Text) and n.text == "product manager" for n in pq.children[1].children)  # type: ignore[union-attr]


def test_a_sentence_both_marked_and_listed_is_copied_once() -> None:
    para = Paragraph(
        children=(Mark(children=(Text(text="Weeds are patient."),)), Text(text=" So am I."))
    )
    out = pullquotes(doc(para, pullquotes=("weeds are patient.", "Weeds are patient.")))
    assert [p.origin for p in pulls(out)] == ["marked"]


def test_front_matter_sentence_not_in_the_essay_is_an_error() -> None:
    d = doc(*filler(1), pullquotes=("A sentence nobody wrote.",))
    with pytest.raises(EssayError) as err:
        pullquotes(d)
    assert (
        str(err.value)
        == 'essay.md: front matter: pullquote not found in the essay: "A sentence nobody wrote."'
    )
    # Not asked for, not checked.
    assert pulls(pullquotes(d, "none")) == []


# --------------------------------------------------------------------- auto


def test_auto_prefers_the_bold_sentence_and_explains_why() -> None:
    bold = "In reality, a product manager is the mayor of their product."
    para = Paragraph(
        children=(
            Text(text="I would like to propose an analogy. "),
            Strong(children=(Text(text=bold),)),
            Text(text=" The rest follows."),
        )
    )
    d = doc(*filler(3), para, *filler(3))
    best = max(candidates(d), key=lambda c: c.score)
    assert best.text == bold and "bold" in best.reasons
    out = pullquotes(d)  # nothing marked: default is auto
    (pq,) = pulls(out)
    assert pq.origin == "auto" and pq.duplicate
    assert out.blocks[out.blocks.index(pq) - 1] is para
    assert pq.children == (Text(text=bold),)  # whole-sentence bold is dropped in the copy


def test_auto_takes_quoted_speech_set_apart_with_its_attribution() -> None:
    quote = BlockQuote(
        children=(
            Paragraph(
                children=(
                    Text(
                        text="I’m not the CEO of anything. I’m in service to the team, not in charge of it."
                    ),
                )
            ),
        ),
        attribution=(Text(text="a principal PM"),),
    )
    d = doc(*filler(4), quote, *filler(4))
    cands = [c for c in candidates(d) if "quoted speech set apart" in c.reasons]
    assert cands and cands[0].attribution == (Text(text="a principal PM"),)
    (pq,) = pulls(pullquotes(d, "auto"))
    assert plain_text(pq.attribution) == "a principal PM"
    assert plain_text(pq.children).startswith("I’m not the CEO")


def test_wholly_quoted_paragraph_loses_its_outer_marks() -> None:
    para = Paragraph(
        children=(
            Text(text="“I felt like I was holding a map to somewhere nobody else was going.”"),
        )
    )
    d = doc(*filler(4), para, *filler(4))
    (pq,) = pulls(pullquotes(d, "auto"))
    assert (
        plain_text(pq.children)
        == "I felt like I was holding a map to somewhere nobody else was going."
    )


def test_sentences_that_need_their_neighbours_are_penalised() -> None:
    strong = "A strategy without authority is just a wish list with better formatting."
    weak = "This is why a strategy without authority is just a wish list, not a plan."
    para = Paragraph(children=(Text(text=f"{strong} {weak}"),))
    scores = {c.text: c for c in candidates(doc(*filler(1), para))}
    assert scores[strong].score > scores[weak].score
    assert any("needs context" in r for r in scores[weak].reasons)
    linked = Paragraph(
        children=(
            Link(
                url="https://x.org",
                children=(Text(text="Read the whole report on the website today"),),
            ),
            Text(text=" now."),
            FootnoteRef(label="2"),
        )
    )
    (c,) = candidates(doc(*filler(1), linked))[-1:]
    assert "has a footnote" in c.reasons and "mostly link text" in c.reasons


def test_never_the_opening_sentence_nor_a_short_essay() -> None:
    star = "You never get a second chance to make a first impression, not even once."
    opening = Paragraph(children=(Strong(children=(Text(text=star),)), Text(text=" " + FILLER)))
    d = doc(opening, *filler(8))
    assert [c for c in candidates(d) if c.text == star][0].opening
    assert pulls(pullquotes(d, "auto")) == []
    short = doc(
        Paragraph(children=(Text(text=FILLER),)),
        Paragraph(children=(Strong(children=(Text(text=star),)),)),
        *filler(1),
    )
    assert count_words(plain_text(short.blocks)) < 250
    assert pulls(pullquotes(short, "auto")) == []


def test_spacing_and_budget() -> None:
    def star(i: int) -> Paragraph:
        return Paragraph(
            children=(
                Strong(
                    children=(
                        Text(
                            text=f"Great leaders never give orders that they could not follow themselves, case {'abcdefghij'[i]}."
                        ),
                    )
                ),
            )
        )

    blocks: list[Node] = [*filler(1)]
    for i in range(10):  # a starred paragraph every ~125 words
        blocks += [star(i), *filler(3)]
    d = doc(*blocks)
    total = count_words(plain_text(tuple(body(d))))
    chosen = auto_choices(d)
    assert 1 <= len(chosen) <= max(1, total // 600)
    offsets = [c.word_offset for c in chosen]
    assert all(b - a >= MIN_DISTANCE for a, b in zip(offsets, offsets[1:], strict=False))
    out = pullquotes(d, "auto")
    assert [plain_text(p.children) for p in pulls(out)] == [c.text for c in chosen]


def test_none_removes_copies_and_reruns_are_idempotent() -> None:
    para = Paragraph(children=(Mark(children=(Text(text="Marked words."),)),))
    d = doc(*filler(2), para, *filler(2))
    once = pullquotes(d)
    assert len(pulls(once)) == 1
    assert pullquotes(once) == once
    assert pulls(pullquotes(once, "none")) == []
    # Forcing auto replaces the marked copy with automatic choices only.
    assert all(p.origin == "auto" for p in pulls(pullquotes(once, "auto")))


def test_passes_run_typography_first_so_copies_are_curly() -> None:
    assert [p.name for p in sorted(PASSES, key=lambda p: p.order)] == ["typography", "pullquotes"]
    para = Paragraph(children=(Mark(children=(Text(text="Don't stop -- ever."),)),))
    out = apply_passes(doc(para))
    assert plain_text(pulls(out)[0].children) == "Don’t stop – ever."
    raw = apply_passes(doc(para), typography=False, pullquotes="none")
    assert raw.blocks == (para,)


# --------------------------------------------------------------- properties

_sentences = st.sampled_from(
    [
        "The cat sat on the mat and looked at the quiet garden for an hour.",
        "You never know what will happen next, and that is the point of it all.",
        "It was late.",
        "But the best ideas are the ones nobody wants to hear at first, not the loud ones.",
        "“I am not the CEO of anything,” she said.",
        "Numbers like 42 appear in 3 places.",
        "What did they want from us?",
    ]
)


def _inline_strategy() -> st.SearchStrategy[tuple[Inline, ...]]:
    piece = st.one_of(
        _sentences.map(lambda t: Text(text=t + " ")),
        _sentences.map(lambda t: Strong(children=(Text(text=t),))),
        _sentences.map(lambda t: Mark(children=(Text(text=t),))),
        _sentences.map(lambda t: Emph(children=(Text(text=t),))),
        st.just(FootnoteRef(label="1")),
    )
    return st.lists(piece, min_size=1, max_size=6).map(tuple)


_blocks = st.lists(
    st.one_of(
        _inline_strategy().map(lambda c: Paragraph(children=c)),
        _inline_strategy().map(lambda c: BlockQuote(children=(Paragraph(children=c),))),
        _inline_strategy().map(lambda c: Heading(level=2, children=c)),
        _inline_strategy().map(lambda c: PullQuote(children=c, origin="explicit")),
    ),
    min_size=1,
    max_size=30,
)


@given(_blocks, st.sampled_from(["default", "auto", "marked", "none"]))
@settings(max_examples=150, deadline=None)
def test_body_text_is_never_lost_or_reordered(blocks: list[Node], mode: str) -> None:
    d = doc(*blocks)
    out = pullquotes(d, mode)
    assert [plain_text(b) for b in body(out)] == [plain_text(b) for b in body(d)]
    assert [b for b in pulls(out) if b.origin == "explicit"] == [
        b for b in pulls(d) if b.origin == "explicit"
    ]
    assert pullquotes(out, mode) == out


@given(strategies.documents(), st.sampled_from(["default", "auto", "marked", "none"]))
@settings(max_examples=100, deadline=None)
def test_body_text_is_kept_on_any_document(d: Document, mode: str) -> None:
    d = d.replace(meta=d.meta.__class__(language=d.meta.language))
    out = pullquotes(d, mode)
    assert [plain_text(b) for b in body(out)] == [plain_text(b) for b in body(d)]


# -------------------------------------------------------------------- seeds


def _read(path: Path) -> Document:
    try:
        from essaykit.reader import read_path
    except ImportError:
        pytest.skip("the readers are not there yet")
    return read_path(path)


def _seed(name: str) -> Path:
    matches = sorted((SHARED / "seeds").glob(f"{name}_*.txt"))
    if not matches:
        pytest.skip(f"seed {name} not present")
    return matches[0]


def test_seed_003_chooses_the_bold_sentence() -> None:
    d = apply_passes(_read(_seed("003")))
    texts = [plain_text(p.children) for p in pulls(d)]
    assert "In reality, a product manager is the mayor of their product." in texts


def test_seed_000_standalone_quotations_are_candidates() -> None:
    d = apply_passes(_read(_seed("000")), pullquotes="none")
    quoted = [c.text for c in candidates(d) if "quoted speech set apart" in c.reasons]
    assert any(t.startswith("I’m not the CEO of anything") for t in quoted)
    assert any(t.startswith("I felt like I was holding a map") for t in quoted)
    assert any(t.startswith("I’m ‘accountable’ for retention") for t in quoted)
