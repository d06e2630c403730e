"""Substack's pull quotes and footnotes, Ghost's toggle and video cards: each
becomes what it means (the author's pull quote, real footnotes, a titled
call-out, "Video: title — link") in the model and in all three formats."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import essaykit
from essaykit.model import Div, FootnoteDef, FootnoteRef, Link, Paragraph, PullQuote, plain_text
from essaykit.model.walk import iter_nodes
from essaykit.reader.platforms import tidy_platform_html
from tests import epubcheck
from tests.test_wild_posts import LEAKS, _epub_text, _pdf_text, _slide_texts

ANCHOR = ('<a class="footnote-anchor" data-component-name="FootnoteAnchorToDOM" id="footnote-anchor-{n}" '
          'href="#footnote-{n}" target="_self">{n}</a>')
NOTE = ('<div class="footnote" data-component-name="FootnoteToDOM"><a id="footnote-{n}" href="#footnote-anchor-{n}" '
        'class="footnote-number" contenteditable="false" target="_self">{n}</a><div class="footnote-content">{body}'
        '</div></div>')

SUBSTACK = f"""---
title: Letters on slow bread
date: 2024-03-02
---

Sourdough asks for a calendar more than a recipe.{ANCHOR.format(n=1)} The starter sets the pace, and the
baker learns to follow it.{ANCHOR.format(n=2)}

<div class="pullquote"><p>Bread keeps its own hours, whatever the clock says.</p></div>

A loaf that is rushed will tell you so: "Flat bread is the price of an impatient morning."
The oven cannot repair what the rise did not do, and no amount of steam brings it back.

## The schedule

Feed the starter at night, before the house goes quiet, and it will be ready by the time the kettle boils in the
morning. Mix the dough then, with water a little warmer than the room, and leave it covered on the counter while
you read the paper. Every half hour, wet your hand and lift one side of the dough over the other; four turns are
enough. By noon it has doubled, and it jiggles when you nudge the bowl. Shape it gently, so the air stays in, and
let it rest in a floured basket in the cold until the evening. Heat the oven for a full hour with the pot inside.
The loaf goes in cold and comes out loud: "A good crust sings as it cools on the rack." Wait before cutting it,
because the crumb is still setting, and a knife too early leaves it gummy for the rest of the week. Write down
what the kitchen was like, how long each rise took, and what the loaf looked like; after a month the notes will
teach you more than any book. Most of what goes wrong is time, and most of what goes right is patience with the
dough, the starter and yourself. Keep the flour the same for a season, so that the notes compare like with like.

## Ghost's cards

<div class="kg-card kg-toggle-card" data-kg-toggle-state="close"><div class="kg-toggle-heading"><h4 \
class="kg-toggle-heading-text"><span style="white-space: pre-wrap;">How warm should the kitchen be?</span></h4>\
<button class="kg-toggle-card-icon" aria-label="Expand toggle to read content"><svg viewBox="0 0 24 24"><path \
d="M23.25,7.311,12.53,18.03"></path></svg></button></div><div class="kg-toggle-content"><p><span>About \
24 degrees; cooler is slower, <em>never</em> worse.</span></p></div></div>

<figure class="kg-card kg-video-card kg-width-regular kg-card-hascaption" data-kg-thumbnail="https://example.com/t.jpg">
  <div class="kg-video-container">
    <video src="https://example.com/content/media/2024/03/fold.mp4" poster="https://img.spacergif.org/v1/spacer.png" \
width="1920" height="1080" playsinline preload="metadata"></video>
    <div class="kg-video-overlay"><button class="kg-video-large-play-icon" aria-label="Play video"></button></div>
    <div class="kg-video-player-container"><span class="kg-video-current-time">0:00</span>
    <input type="range" class="kg-video-seek-slider" max="100" value="0"></div>
  </div>
  <figcaption><p><span style="white-space: pre-wrap;">Folding the dough, four turns</span></p></figcaption>
</figure>

That is the whole method.

{NOTE.format(n=1, body="<p>A paper one, on the fridge, with <em>times</em> in pencil.</p>")}
{NOTE.format(n=2, body="<p>Mine is called Gus.</p><p>He is eleven years old.</p>")}
""".replace("\\\n", "")


@pytest.fixture(scope="module")
def post(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("platform") / "bread.md"
    path.write_text(SUBSTACK, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exported(post: Path) -> tuple[dict[str, Path], str]:
    from essaykit.cli import main

    folder = post.parent / "out"
    result = CliRunner().invoke(main, ["export", str(post), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return {p.suffix: p for p in folder.iterdir()}, result.output


def test_substack_pull_quote_is_the_authors_and_wins_over_automatic_ones(post: Path) -> None:
    doc = essaykit.prepare(essaykit.load(post))
    quotes = [n for n in iter_nodes(doc.blocks) if isinstance(n, PullQuote)]
    assert [(plain_text(q.children), q.origin) for q in quotes] == [
        ("Bread keeps its own hours, whatever the clock says.", "explicit")]
    # Without the author's, the essay has an automatic one: the author's won.
    bare = SUBSTACK.replace('<div class="pullquote"><p>Bread keeps its own hours, whatever the clock says.</p></div>', "")
    auto = essaykit.prepare(essaykit.loads(bare, path=str(post)), pullquotes="auto")
    assert [n.origin for n in iter_nodes(auto.blocks) if isinstance(n, PullQuote)] == ["auto"]


def test_substack_footnotes_are_footnotes(post: Path) -> None:
    doc = essaykit.load(post)
    nodes = list(iter_nodes(doc.blocks))
    assert [n.label for n in nodes if isinstance(n, FootnoteRef)] == ["1", "2"]
    defs = {n.label: [plain_text(b) for b in n.children] for n in nodes if isinstance(n, FootnoteDef)}
    assert defs == {"1": ["A paper one, on the fridge, with times in pencil."],
                    "2": ["Mine is called Gus.", "He is eleven years old."]}
    assert not any(isinstance(n, Link) and n.url.startswith("#footnote") for n in nodes)


def test_ghost_toggle_is_a_titled_callout_and_video_says_what_and_where(post: Path) -> None:
    doc = essaykit.load(post)
    nodes = list(iter_nodes(doc.blocks))
    toggle = next(n for n in nodes if isinstance(n, Div))
    assert toggle.classes == ("details",) and plain_text(toggle.title) == "How warm should the kitchen be?"
    assert plain_text(toggle.children) == "About 24 degrees; cooler is slower, never worse."
    video = next(n for n in doc.blocks if isinstance(n, Paragraph) and plain_text(n).startswith("Video"))
    assert plain_text(video) == "Video: Folding the dough, four turns — https://example.com/content/media/2024/03/fold.mp4"
    assert "0:00" not in plain_text(doc.blocks) and "Play video" not in plain_text(doc.blocks)


def test_every_format_shows_them(exported: tuple[dict[str, Path], str]) -> None:
    files, output = exported
    pdf = " ".join(_pdf_text(files[".pdf"]).split())
    for words in ("Bread keeps its own hours", "Gus.", "He is eleven years old.", "How warm should the kitchen be?",
                  "Video: Folding the dough, four turns", "in pencil."):
        assert words in pdf, words
    slides = _slide_texts(files[".pptx"])
    assert "Bread keeps its own hours" in slides
    epub = " ".join(_epub_text(files[".epub"]).split())
    z = zipfile.ZipFile(files[".epub"])
    xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert re.search(r'epub:type="[^"]*pullquote', xhtml) and xhtml.count('epub:type="noteref"') == 2
    for label, text in (("PDF", pdf), ("slides", slides), ("EPUB", epub)):
        assert not LEAKS.findall(text), label
        assert "footnote-anchor" not in text and "kg-" not in text, label
    assert "no meaning" not in output


def test_epub_is_clean(exported: tuple[dict[str, Path], str]) -> None:
    if not epubcheck.available():
        pytest.skip("epubcheck (Java 17) not available")
    assert list(epubcheck.check_many([exported[0][".epub"]]).values()) == [[]]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a link to a note the post does not have stays a link
        (ANCHOR.format(n=3), ANCHOR.format(n=3)),
        (f"Text.{ANCHOR.format(n=1)}\n\n{NOTE.format(n=1, body='<p>N.</p>')}", "Text.[^1]\n\n[^1]: N."),
        # right under a paragraph, a definition needs the blank line it cannot interrupt
        (f"Text.{ANCHOR.format(n=1)}\n{NOTE.format(n=1, body='<p>N.</p>')}\nafter",
         "Text.[^1]\n\n[^1]: N.\nafter"),
        (f"```html\n{ANCHOR.format(n=1)}\n```\n{NOTE.format(n=1, body='<p>N.</p>')}",
         f"```html\n{ANCHOR.format(n=1)}\n```\n\n[^1]: N."),
        ('<div class="kg-card kg-toggle-card"><h4 class="kg-toggle-heading-text">Why</h4>'
         '<div class="kg-toggle-content"><p>Because.</p></div></div>',
         "<details><summary>Why</summary><p>Because.</p></details>"),
        ('<div class="kg-card kg-toggle-card"><h4 class="kg-toggle-heading-text">Alone</h4>'
         '<div class="kg-toggle-content"></div></div>', "<p><strong>Alone</strong></p>"),
        ('<figure class="kg-card kg-video-card"><video src="/media/a.mp4"></video></figure>',
         '<video src="/media/a.mp4"></video>'),
        ('<div class="kg-card kg-audio-card"><audio src="a.mp3"></audio><div class="kg-audio-title">Talk</div></div>',
         '<audio src="a.mp3" title="Talk"></audio>'),
    ],
)
def test_platform_notes_and_cards_become_plain_markup(source: str, expected: str) -> None:
    said: list[tuple[str, int]] = []
    assert tidy_platform_html(source, lambda what, line: said.append((what, line))) == expected
    assert not said


@pytest.mark.parametrize("html", [
    '<div class="pullquote"><p>Said once.</p></div>',
    '<blockquote class="pullquote"><p>Said once.</p></blockquote>',
    '<p class="pull-quote">Said once.</p>',
    '<figure class="wp-block-pullquote"><blockquote><p>Said once.</p></blockquote></figure>',
])
def test_html_pull_quotes_are_the_authors(html: str) -> None:
    doc = essaykit.loads(f"Before.\n\n{html}\n\nAfter.\n")
    assert [(type(b).__name__, plain_text(b)) for b in doc.blocks] == [
        ("Paragraph", "Before."), ("PullQuote", "Said once."), ("Paragraph", "After.")]
    assert doc.blocks[1].origin == "explicit"  # type: ignore[attr-defined]
