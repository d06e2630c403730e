"""The slide plan, tested as plain data: no python-pptx involved."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

from hypothesis import HealthCheck, given, settings

from essaykit.api import prepare
from essaykit.model import (
    BlockQuote,
    BulletList,
    CodeBlock,
    DeckDirective,
    Div,
    Document,
    Figure,
    Heading,
    Image,
    ListItem,
    Metadata,
    Paragraph,
    PullQuote,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    plain_text,
)
from essaykit.reader import read_path, read_text
from essaykit.transform.slides import plan_deck
from essaykit.transform.textfit import sentence_spans, shorten, text_of, word_count
from tests import strategies
from tests.conftest import shared_path


def P(*parts: object) -> Paragraph:
    return Paragraph(children=tuple(Text(text=p) if isinstance(p, str) else p for p in parts))  # type: ignore[misc]


def H(level: int, text: str) -> Heading:
    return Heading(level=level, children=(Text(text=text),))


LONG = (
    "Regarding nearly every issue from property taxation to trash collection, the mayor wields "
    "only soft power and must painstakingly build coalitions to convince city councilmembers."
)


def essay() -> Document:
    return Document(
        meta=Metadata(
            title="The Mayor of the Product",
            description="A product manager is the mayor of the product.",
            authors=("Ada Lovelace",),
            date=dt.date(2020, 5, 8),
            extra={"event": "PM Summit"},
        ),
        blocks=(
            P("When I first became a product manager, I read everything. It did not help much."),
            H(2, "The analogy"),
            P("I propose a new analogy. ", Strong(children=(Text(text="A product manager is the mayor of the product."),)), " Mayors lead by consensus."),
            P(LONG),
            P("The same is true for product managers. They build coalitions every day."),
            BlockQuote(
                children=(P("Product managers simply don’t have any direct authority."),),
                attribution=(Text(text="Julia Austin"),),
            ),
            H(2, "What mayors do"),
            P("Mayors listen to the people who live in the city."),
            DeckDirective(name="slide", value="Coalitions"),
            P("Coalitions are built one conversation at a time."),
            DeckDirective(name="skip"),
            P("This aside about zebras stays off the slides."),
            Div(classes=("no-deck",), children=(P("Nor does this passage about giraffes."),)),
            CodeBlock(text="\n".join(f"x{i} = {i}" for i in range(40)), language="python"),
            Figure(image=Image(src="hall.png", alt="A town hall"), caption=(Text(text="The hall"),)),
            Table(
                head=(TableRow(children=(TableCell(children=(Text(text="Role"),), header=True),)),),
                children=tuple(TableRow(children=(TableCell(children=(Text(text=f"r{i}"),)),)) for i in range(20)),
            ),
            H(2, "Conclusion"),
            P("Great product managers make everyone feel like they are winning."),
            PullQuote(children=(Text(text="Everyone feels like they are winning."),), origin="marked", duplicate=True),
        ),
    )


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def assert_nothing_lost(doc: Document) -> None:
    plan = plan_deck(doc)
    have = set(words(plan.words()))
    missing = [w for w in words(plain_text(doc.blocks)) if w not in have]
    assert not missing, missing[:20]


def test_structure_of_a_sectioned_essay() -> None:
    plan = plan_deck(essay())
    kinds = [s.kind for s in plan.slides]
    assert kinds[0] == "title" and kinds[1] == "agenda" and kinds[-1] == "closing"
    assert [s.title for s in plan.slides if s.kind == "section"] == [
        "The analogy", "What mayors do", "Conclusion"]
    assert [b.text for b in plan.slides[1].bullets] == ["The analogy", "What mayors do", "Conclusion"]
    title = plan.slides[0]
    assert title.title == "The Mayor of the Product"
    assert "Ada Lovelace" in title.subtitle and "PM Summit" in title.subtitle
    assert "2020-05-08" in title.subtitle
    assert {"points", "quote", "code", "image", "table"} <= set(kinds)
    assert all(s.notes.strip() for s in plan.slides)


def test_bullets_are_short_few_and_the_authors_own_words() -> None:
    doc = essay()
    source = set(words(plain_text(doc.blocks)))
    for slide in plan_deck(doc).slides:
        if slide.kind != "points":
            continue
        assert len(slide.bullets) <= 5 and (slide.bullets or slide.title)
        for b in slide.bullets:
            assert word_count(b.text.rstrip("…")) <= 12, b.text
            assert set(words(b.text)) <= source, b.text


def test_emphasised_sentence_leads_its_slide() -> None:
    plan = plan_deck(essay())
    slide = next(s for s in plan.slides if s.kind == "points" and s.title == "The analogy")
    assert slide.bullets[0].text == "A product manager is the mayor of the product"
    assert slide.bullets[0].runs[0].bold


def test_shorten_cuts_at_a_clause_and_never_ends_on_a_weak_word() -> None:
    from essaykit.transform.textfit import Run

    short = text_of(shorten((Run(LONG),), 12))
    assert short.endswith("…")
    assert LONG.startswith(short.rstrip("…"))
    assert word_count(short) <= 12
    assert short.rstrip("…").split()[-1].lower() not in {"the", "of", "and", "to", "a"}


def test_quote_slides_for_blockquotes_and_pull_quotes() -> None:
    quotes = [s for s in plan_deck(essay()).slides if s.kind == "quote"]
    texts = [text_of(q.quote) for q in quotes]
    assert "Product managers simply don’t have any direct authority." in texts
    assert quotes[0].attribution == "Julia Austin"
    assert "Everyone feels like they are winning." in texts


def test_bold_sentence_quote_slides_on_request() -> None:
    doc = essay()
    doc = doc.replace(blocks=tuple(b for b in doc.blocks if not isinstance(b, PullQuote)))
    texts = [text_of(s.quote) for s in plan_deck(doc, options={"emphasis_quotes": True}).slides if s.kind == "quote"]
    assert "A product manager is the mayor of the product." in texts
    # Off by default: the pull-quote pass decides, so --pullquotes none means none.
    default = [text_of(s.quote) for s in plan_deck(doc).slides if s.kind == "quote"]
    assert "A product manager is the mayor of the product." not in default


def test_every_word_of_the_essay_reaches_slides_or_notes() -> None:
    assert_nothing_lost(essay())


def test_steering_directives() -> None:
    plan = plan_deck(essay())
    on_slides = " ".join(t for s in plan.slides for t in s.texts())
    notes = " ".join(s.notes for s in plan.slides)
    assert "Coalitions" in [s.title for s in plan.slides if s.kind == "points"]
    assert "zebras" not in on_slides and "zebras" in notes
    assert "giraffes" not in on_slides and "giraffes" in notes


def test_author_bullets_replace_distilled_ones() -> None:
    bullets = Div(classes=("bullets",), children=(BulletList(children=tuple(
        ListItem(children=(P(t),)) for t in ("Listen first", "Build coalitions"))),))
    doc = Document(meta=Metadata(title="T"), blocks=(
        H(2, "Only"), P("A long paragraph of prose that the author summarised."), bullets))
    slides = [s for s in plan_deck(doc).slides if s.kind == "points"]
    assert len(slides) == 1
    assert [b.text for b in slides[0].bullets] == ["Listen first", "Build coalitions"]
    assert "summarised" in slides[0].notes
    assert_nothing_lost(doc)


def test_skip_range_and_notes_div() -> None:
    doc = Document(meta=Metadata(title="T"), blocks=(
        P("Shown first."),
        DeckDirective(name="skip", value="start"),
        P("Hidden one."), P("Hidden two."),
        DeckDirective(name="skip", value="end"),
        Div(classes=("notes",), children=(P("Say this aloud."),)),
        P("Shown again."),
    ))
    plan = plan_deck(doc)
    on_slides = " ".join(t for s in plan.slides for t in s.texts())
    assert "Hidden" not in on_slides and "aloud" not in on_slides
    assert "Shown" in on_slides
    assert_nothing_lost(doc)


def test_essay_without_headings_gets_a_talk() -> None:
    paras = tuple(P(f"Paragraph number {i} makes point {i}. It says more about it.") for i in range(14))
    doc = Document(meta=Metadata(title="A blog post"), blocks=paras)
    plan = plan_deck(doc)
    points = [s for s in plan.slides if s.kind == "points"]
    assert 3 <= len(points) <= 5
    assert all(s.title for s in points)
    assert "agenda" not in [s.kind for s in plan.slides]
    assert_nothing_lost(doc)


def test_code_and_tables_are_split_when_long() -> None:
    plan = plan_deck(essay())
    code = [s for s in plan.slides if s.kind == "code"]
    assert len(code) == 3 and all(len(s.code.splitlines()) <= 16 for s in code)
    tables = [s for s in plan.slides if s.kind == "table"]
    assert len(tables) == 3 and all(t.table and t.table.head for t in tables)


def test_cjk_sentences_split_without_spaces() -> None:
    text = "私はプロダクトマネージャーです。毎日会議があります！本当ですか？"
    assert len(sentence_spans(text)) == 3
    doc = Document(meta=Metadata(title="題", language="ja"), blocks=(P(text * 3),))
    plan = plan_deck(doc)
    assert plan.cjk and plan.slides[-1].title == "ありがとうございました"
    for s in plan.slides:
        for b in s.bullets:
            assert word_count(b.text) <= 13
    chars = {c for c in plain_text(doc.blocks) if not c.isspace()}
    assert chars <= set(plan.words())


def test_rtl_language_is_recorded() -> None:
    doc = Document(meta=Metadata(title="عنوان", language="ar"), blocks=(P("مرحبا بالعالم. هذا نص."),))
    plan = plan_deck(doc)
    assert plan.direction == "rtl"
    assert_nothing_lost(doc)


def test_describe_and_to_data() -> None:
    plan = plan_deck(essay())
    text = plan.describe()
    assert "agenda" in text and "quote" in text and "•" in text
    data = json.loads(json.dumps(plan.to_data()))
    assert len(data["slides"]) == len(plan.slides)
    assert data["slides"][0]["kind"] == "title"


def test_reader_markdown_steering() -> None:
    md = (
        "---\ntitle: Steer\n---\n\nIntro paragraph here.\n\n<!-- slide -->\n\nAfter the break.\n\n"
        "<!-- deck: skip -->\n\nSecret paragraph.\n\n::: no-deck\nHidden too.\n:::\n"
    )
    plan = plan_deck(read_text(md))
    on_slides = " ".join(t for s in plan.slides for t in s.texts())
    assert "Secret" not in on_slides and "Hidden" not in on_slides
    assert len([s for s in plan.slides if s.kind == "points"]) == 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.documents())
def test_plan_never_loses_a_word(doc: Document) -> None:
    assert_nothing_lost(doc)


def test_plan_does_not_import_pptx() -> None:
    code = ("import sys; from essaykit.transform.slides import plan_deck; "
            "import essaykit.renderers.pptx.renderer; print('pptx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------- seeds


def test_seed_003_bold_sentence_is_a_quote_slide() -> None:
    path = shared_path("seeds", "003_0d32c438f8285a99.txt")
    # As the export pipeline does it: the pull-quote pass chooses the bold
    # sentence, the planner gives it a slide.
    plan = plan_deck(prepare(read_path(path)))
    quotes = [text_of(s.quote) for s in plan.slides if s.kind == "quote"]
    assert any("a product manager is the mayor of their product" in q for q in quotes), quotes
    assert_nothing_lost(read_path(path))


def test_seed_000_quotations_are_quote_slides() -> None:
    path = shared_path("seeds", "000_a9fac70ff2a13f75.txt")
    doc = read_path(path)
    plan = plan_deck(doc)
    quotes = [s for s in plan.slides if s.kind == "quote"]
    assert len(quotes) >= 3
    assert any(q.attribution == "Casey Winters" for q in quotes)
    # Eight sections in twelve minutes: no room for dividers; the agenda is one slide, each section once.
    agenda = [s for s in plan.slides if s.kind == "agenda"]
    assert len(agenda) == 1 and len(agenda[0].bullets) <= 8
    items = [b.text for b in agenda[0].bullets]
    assert len(items) == len(set(items))
    # Given the time, every section gets a divider again.
    roomy = plan_deck(doc, options={"minutes": 45})
    assert len([s for s in roomy.slides if s.kind == "section"]) >= 7
    assert_nothing_lost(doc)


def test_pull_quote_copied_from_a_quotation_is_not_shown_twice() -> None:
    quote = (Text(text="Nobody reads a slide that shouts at them."),)
    doc = Document(
        blocks=(
            BlockQuote(children=(Paragraph(children=quote),), attribution=(Text(text="A speaker"),)),
            PullQuote(children=quote, origin="auto", duplicate=True),
            Paragraph(children=(Text(text="Then the talk goes on with other things."),)),
        )
    )
    quotes = [s for s in plan_deck(doc).slides if s.kind == "quote"]
    assert len(quotes) == 1
    assert quotes[0].attribution == "A speaker"


def test_notes_number_footnotes_as_the_page_does_not_by_label() -> None:
    """``[^long]`` prints as note 1 in the PDF and EPUB; the notes say [1], not [long]."""
    doc = read_text("# T\n\nFirst claim.[^long] Second.[^b]\n\n[^b]: Bee note.\n[^long]: Long note.\n",
                    path="n.md")
    notes = "\n".join(s.notes for s in plan_deck(doc).slides)
    assert "[1] Long note." in notes and "[2] Bee note." in notes
    assert "[long]" not in notes and "[b]" not in notes
