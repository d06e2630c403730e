"""Posts from site generators and platforms met in the wild (issue 18):
Zola, Hexo, Eleventy, dev.to, Ghost/Substack exports, MDX.

Each post is written here (not copied from any site), inside a folder laid
out as its generator lays one out, exported to every format by ``essaykit
export``, and checked as an author would: exit 0, every EPUB clean under
epubcheck, no template syntax in PDF, slide or EPUB text outside code, the
site's root-relative images found. The syntax itself is checked on strings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from essaykit.errors import Warning_
from essaykit.model import BlockQuote, CodeBlock, Figure, Link, plain_text
from essaykit.model.walk import iter_nodes
from essaykit.reader import read_text
from essaykit.reader.sites import expand_site_syntax
from tests import epubcheck
from tests.test_wild_posts import LEAKS, _epub_text, _outputs, _pdf_text, _png, _slide_texts


def read(text: str, path: str = "p.md") -> tuple:  # type: ignore[type-arg]
    said: list[Warning_] = []
    return read_text(text, path=path, warn=said.append), said


# ------------------------------------------------------------------ Zola

def _zola(root: Path) -> Path:
    site = root / "zola"
    (site / "content" / "blog").mkdir(parents=True)
    (site / "config.toml").write_text('base_url = "https://tides.example"\ntitle = "Tide notes"\n',
                                      encoding="utf-8")
    _png(site / "static" / "img" / "pier.png", "teal")
    post = site / "content" / "blog" / "tides.md"
    post.write_text("""+++
title = "Reading a tide table"
date = 2024-03-02

[taxonomies]
tags = ["sea", "notes"]

[extra]
author = "Mira Okafor"
+++

Every harbour prints a tide table, and almost nobody reads it the way it was
meant. See [the note on moon phases](@/blog/moon.md) first.

{{ figure(src="/img/pier.png", caption="High water at the old pier") }}

## Two tides a day

The sea rises and falls about twice a day. {{ youtube(id="dQw4w9WgXcQ") }}

{% note() %}
A table gives **predicted** heights, never observed ones.
{% end %}

{% quote(author="A harbourmaster") %}
Trust the table, but watch the water.
{% end %}

```toml
shown = "{{ youtube(id='as written') }}"
```
""", encoding="utf-8")
    return post


KINDS = {"zola": _zola}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    from essaykit.cli import main

    root = tmp_path_factory.mktemp("generators")
    out: dict[str, tuple[Path, Path, str]] = {}
    for name, make in KINDS.items():
        post = make(root)
        folder = root / "out" / name
        result = CliRunner().invoke(main, ["export", str(post), "-o", str(folder)])
        assert result.exit_code == 0, f"{name}: {result.output}"
        out[name] = (post, folder, result.output)
    return out


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_nothing_leaks_into_any_format(exported: dict[str, tuple[Path, Path, str]], kind: str) -> None:
    _, folder, output = exported[kind]
    files = _outputs(folder)
    assert {".pdf", ".epub", ".pptx"} <= set(files)
    assert "missing" not in output.lower()
    for label, text in (("PDF", _pdf_text(files[".pdf"])), ("slides", _slide_texts(files[".pptx"])),
                        ("EPUB", _epub_text(files[".epub"]))):
        text = text.replace("as written')", "")  # code, shown as written in the PDF
        found = LEAKS.findall(text) + re.findall(r"@/|\{\s*\w+\s*\}|<[A-Z]\w*", text)
        found = [f for f in found if not (label == "PDF" and f in ("{{", "}}"))]
        assert not found, f"{kind} {label}: {found[:5]}"


def test_every_epub_is_clean(exported: dict[str, tuple[Path, Path, str]]) -> None:
    if not epubcheck.available():
        pytest.skip("epubcheck (Java 17) not available")
    books = [_outputs(folder)[".epub"] for _, folder, _ in exported.values()]
    results = epubcheck.check_many(books)
    assert all(not messages for messages in results.values()), results


def test_zola_post_reads_as_meant(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit

    post, _, output = exported["zola"]
    doc = essaykit.load(post)
    assert doc.meta.tags == ("sea", "notes") and doc.meta.authors == ("Mira Okafor",)
    nodes = list(iter_nodes(doc.blocks))
    assert [n.image.src for n in nodes if isinstance(n, Figure)] == ["/img/pier.png"]
    urls = [n.url for n in nodes if isinstance(n, Link)]
    assert "/blog/moon/" in urls and "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in urls
    quote = next(n for n in nodes if isinstance(n, BlockQuote))
    assert "watch the water" in plain_text(quote.children[0].children)  # type: ignore[attr-defined]
    assert "predicted" in " ".join(plain_text(getattr(n, "children", ())) for n in doc.blocks)
    code = next(n for n in nodes if isinstance(n, CodeBlock))
    assert "{{ youtube(id='as written') }}" in code.text
    assert output.count("note()") == 1  # one warning for the note's tags, none for its end


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[a](@/blog/b.md)", "[a](/blog/b/)"),
        ("[a](@/blog/_index.md#top)", "[a](/blog/#top)"),
        ("[a](@/blog/b/index.md)", "[a](/blog/b/)"),
        ('{{ youtube(id="abc") }}', "<https://www.youtube.com/watch?v=abc>"),
        ('{{ vimeo(id="42") }}', "<https://vimeo.com/42>"),
        ('{{ figure(src="/i/a.png", caption="Cap") }}', '![Cap](</i/a.png> "Cap")'),
        ('{{ image(src="/i/a.png", alt="Alt") }}', "![Alt](</i/a.png>)"),
        ("{% quote(author=\"Ada\") %}\nWords.\n{% end %}", "> Words.\n>\n> — Ada"),
    ],
)
def test_zola_syntax_becomes_its_meaning(source: str, expected: str) -> None:
    out, said = expand_site_syntax(source, {}, path="p.md")
    assert out == expected
    assert said == []


def test_zola_body_shortcode_keeps_its_body_one_warning_at_its_line() -> None:
    out, said = expand_site_syntax("a\n\n{% tip(kind=\"x\") %}\nBody *here*.\n{% end %}\n\nb", {}, path="p.md")
    assert out.split("\n") == ["a", "", "", "Body *here*.", "", "", "b"]
    assert [(w.line, "tip()" in w.message) for w in said] == [(3, True)]


def test_zola_table_front_matter_gives_tags_and_author() -> None:
    doc, said = read('+++\ntitle = "T"\n[taxonomies]\ntags = ["a", "b"]\n[extra]\nauthor = "Ann"\n+++\n\nText.\n')
    assert doc.meta.tags == ("a", "b") and doc.meta.authors == ("Ann",)
    assert said == []


@given(st.text(alphabet=st.characters(blacklist_characters="{}%@[]()`$\\<>", blacklist_categories=("Cs",))))
def test_text_without_trigger_characters_passes_unchanged(text: str) -> None:
    out, said = expand_site_syntax(text, {}, path="p.md")
    assert out == text and said == []
