"""Pull quotes worth pulling (issue 18), judged on essays written for it.

An automatic pull quote never repeats a block quote nor a sentence that says
nearly its words, is never a fragment, a heading or a list label, carries no
citation marker, and prefers the short sentence that says what something is.
"""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaykit.model import BlockQuote, Document, Paragraph, PullQuote, Text, plain_text
from essaykit.reader import read_text
from essaykit.transform.passes import apply_passes
from essaykit.transform.pullquote_author import normalise
from essaykit.transform.pullquotes import candidates, pullquotes

#: An essay on page margins with the traps the issue names: a striking block
#: quote and, right after it, a sentence that repeats its words; a bold line
#: that is a heading in all but markup; a bold list label; a sentence with a
#: citation marker; and one sentence an editor would pull.
MARGINS = """---
title: The Margin
lang: en
---

Every printer I apprenticed with measured a page from the outside in. Before a single letter was set, the margins were drawn in pencil on a sheet of newsprint, and the text block was whatever room they left. Nobody called this a rule; it was simply how the work began.

> I have never seen a reader complain that a page had too much white space. I have seen thousands give up on a page that had too little.

The old compositor was right: no reader ever complains about too much white space, but thousands give up on a page with too little.

**The Quiet Power of a Wide Margin**

Wide margins cost paper, and paper costs money, so every publisher is tempted to narrow them a little with each new edition. The savings are real and easy to count. The losses are harder to see, because they show up as books that are started and never finished.

**A single column, two picas wide, on every page.**

Studies of reading comfort have found the same thing for decades: lines of about sixty-six characters are read fastest and remembered best.[3] Shorter lines break the eye's rhythm, and longer ones lose it between the end of a line and the start of the next.

A margin is not empty space; it is where the reader thinks.

Designers who understand this spend their effort on the edges of the page as much as on its middle. They choose the proportions of the text block first, fit the type to it, and only then worry about ornaments, running heads and folios. The result looks effortless, which is the point.

When the margins are generous, a reader can hold a book by its edges without covering a word. She can write in it, fold a corner down, or simply rest her eyes on the paper between paragraphs. None of those habits appear in a publisher's spreadsheet, and all of them are part of why people keep books.

So the next time a page feels crowded, measure it before you blame the writer. More often than not the words are fine and the frame around them is too tight.
"""

#: A plain-text essay whose quotations are only implied: paragraphs wholly in
#: quotation marks become block quotes, and must never come back as pull quotes.
PLAIN = """Notes From the Night Shift

I worked nights at a newspaper for three years, laying out the morning edition while the city slept. The work was quiet, repetitive and strangely satisfying, and I learned more about editing there than in any classroom.

“A headline has one job: to make the reader take the next step. Everything else is decoration.”

My editor said that on my first night, and I wrote it on the inside of my notebook. For months I measured every headline against it, and most of mine failed.

The trick, I learned, was to cut until the sentence could not lose another word without losing its meaning. That took time, and at three in the morning time was the one thing we had.

“We do not fill the page. We decide what deserves it.”

She said that too, usually while deleting a paragraph I was proud of. It stung every time, and every time the page was better for it.

Nobody reads a newspaper from the first page to the last, so every story has to earn its place on its own. A story that cannot stand alone does not belong in the paper at all.

Years later I still hear her voice when I open a draft. I read the first paragraph aloud, I look for the sentence that carries the piece, and I ask whether everything around it is helping or merely standing nearby. Usually a third of it can go, and the rest reads faster for the loss.

Those nights taught me that editing is mostly the courage to leave things out.
"""


def _prepared(text: str, path: str) -> Document:
    return apply_passes(read_text(text, path=path))


def _pulled(d: Document) -> list[str]:
    return [plain_text(b.children) for b in d.blocks if isinstance(b, PullQuote) and b.origin == "auto"]


def test_the_line_an_editor_would_pull_is_chosen_and_the_traps_are_not() -> None:
    d = _prepared(MARGINS, "margins.md")
    pulled = _pulled(d)
    assert "A margin is not empty space; it is where the reader thinks." in pulled
    joined = " ".join(pulled)
    assert "white space" not in joined  # neither the block quote nor its echo
    assert "Quiet Power" not in joined  # a heading in bold
    assert "two picas" not in joined  # a bold list label
    assert "[3]" not in joined


def test_candidates_say_why_they_can_never_be_chosen() -> None:
    d = _prepared(MARGINS, "margins.md")
    by_start = {c.text[:30]: c for c in candidates(d)}
    quote = next(c for k, c in by_start.items() if k.startswith("I have never seen a reader"))
    assert quote.set_apart and not quote.eligible
    echo = next(c for k, c in by_start.items() if k.startswith("The old compositor was right"))
    assert echo.echo and "repeats the words of a quotation" in echo.reasons
    heading = next(c for k, c in by_start.items() if k.startswith("The Quiet Power"))
    assert heading.fragment and "reads as a heading" in heading.reasons
    label = next(c for k, c in by_start.items() if k.startswith("A single column"))
    assert label.fragment
    cited = next(c for c in candidates(d) if c.text.startswith("Studies of reading comfort"))
    assert "[3]" not in cited.text


def test_a_plain_text_essay_never_repeats_its_quotations() -> None:
    d = _prepared(PLAIN, "night.txt")
    quotes = [plain_text(b) for b in d.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 2
    pulled = _pulled(d)
    assert pulled
    for p in pulled:
        assert not any(normalise(p)[0] in normalise(q)[0] for q in quotes)


def test_citation_markers_are_stripped_from_a_chosen_quote() -> None:
    filler = "Plain words fill this paragraph so that the essay is long enough to earn a quote. " * 6
    body = Paragraph(children=(Text(text="Une société sans mémoire perd toujours son identité profonde.[15]"),))
    d = Document(
        blocks=(
            Paragraph(children=(Text(text=filler),)),
            Paragraph(children=(Text(text=filler),)),
            body,
            Paragraph(children=(Text(text=filler),)),
            Paragraph(children=(Text(text=filler),)),
        )
    )
    cand = next(c for c in candidates(d) if c.text.startswith("Une société"))
    assert cand.text.endswith("identité profonde.")
    out = pullquotes(d, "auto")
    for pq in (b for b in out.blocks if isinstance(b, PullQuote)):
        assert "[15]" not in plain_text(pq.children)


def test_inspect_marks_chosen_and_never_chosen_candidates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from essaykit.cli import main

    essay = tmp_path / "margins.md"
    essay.write_text(MARGINS, encoding="utf-8")
    result = CliRunner().invoke(main, ["inspect", str(essay)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(" * A margin is not empty space" in line for line in lines)
    assert any(" - I have never seen a reader" in line and "never: already set apart" in line
               for line in lines)


_sentence = st.sampled_from([
    "Good editors cut more than they keep.",
    "A page is a landscape and the text is only the town.",
    "The reader forgives a short book far sooner than a long one.",
    "Every margin is a promise of room to think.",
    "Type is a voice that the reader should never hear.",
    "The best layouts disappear while the words stay.",
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.booleans(), _sentence), min_size=6, max_size=14))
def test_no_automatic_pull_quote_repeats_a_block_quote(items: list[tuple[bool, str]]) -> None:
    filler = Text(text="These words are only here to give the essay some length to work with. " * 5)
    blocks = []
    for quoted, sentence in items:
        para = Paragraph(children=(Text(text=sentence),))
        blocks.append(BlockQuote(children=(para,)) if quoted else Paragraph(children=(filler, Text(text=sentence))))
    d = Document(blocks=tuple(blocks))
    quoted_words = {normalise(s)[0] for q, s in items if q}
    for b in pullquotes(d, "auto").blocks:
        if isinstance(b, PullQuote):
            assert normalise(plain_text(b.children))[0] not in quoted_words
