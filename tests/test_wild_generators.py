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
from hypothesis import given
from hypothesis import strategies as st

from essaykit.errors import Warning_
from essaykit.model import BlockQuote, CodeBlock, Div, Figure, Link, plain_text
from essaykit.model.walk import iter_nodes
from essaykit.reader import read_text
from essaykit.reader.sites import expand_site_syntax
from tests import epubcheck
from tests.wildkit import LEAKS, export_kinds
from tests.wildkit import epub_text as _epub_text
from tests.wildkit import outputs as _outputs
from tests.wildkit import pdf_text as _pdf_text
from tests.wildkit import png as _png
from tests.wildkit import slide_texts as _slide_texts


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


# ------------------------------------------------------------------ Hexo

def _hexo(root: Path) -> Path:
    site = root / "hexo"
    (site / "source" / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Clay notes\nroot: /\nsource_dir: source\n", encoding="utf-8")
    _png(site / "source" / "images" / "shelf.png", "sienna")
    _png(site / "source" / "_posts" / "kiln" / "tiles.png", "olive")
    post = site / "source" / "_posts" / "kiln.md"
    post.write_text("""---
title: Firing a kiln by the numbers
date: 2023-09-14 18:20:00
tags: [pottery, notes]
---

A kiln is a slow oven with strong opinions; a year of logging taught me to listen.

<!-- more -->

![Cone packs on the kiln shelf](/images/shelf.png)

{% asset_img tiles.png Glaze tiles after the third firing %}

## Logging the curve

{% codeblock ramp.js lang:js %}
const ramp = (t) => Math.min(100 * t, 1240);
console.log(`{% as written %}`);
{% endcodeblock %}

{% blockquote Bernard Leach, A Potter's Book %}
The pot is the potter.
{% endblockquote %}

Read {% post_link glaze-chemistry "the glaze post" %} next, or {% post_link cones %}.

{% note warning %}
Always vent the kiln room.
{% endnote %}
""", encoding="utf-8")
    return post


# -------------------------------------------------------------- Eleventy

def _eleventy(root: Path) -> Path:
    site = root / "eleventy"
    (site / "src" / "posts").mkdir(parents=True)
    (site / ".eleventy.js").write_text(
        'module.exports = function (cfg) {\n  cfg.addPassthroughCopy("src/img");\n'
        '  return { dir: { input: "src", output: "_site" } };\n};\n', encoding="utf-8")
    _png(site / "src" / "img" / "hives.png", "navy")
    _png(site / "src" / "posts" / "comb.png", "gold")
    post = site / "src" / "posts" / "bees.md"
    post.write_text("""---
title: What the bees did in March
date: 2024-04-01
tags: [bees, garden]
layout: post.njk
---

{%- if draft -%}
(Draft: not for sharing yet.)
{%- endif -%}

The first warm week brought every bee out at once, and the garden hummed.

{% image "./comb.png", "Comb drawn out on a new frame" %}

![Hives at the end of the garden](/img/hives.png)

## Counting flights

{% youtube "dQw4w9WgXcQ" %}

{% set hives = "three" %}
We kept {{ hives }} hives this year. {# remember to count the swarm #}

{% for post in collections.posts %}
- [{{ post.data.title }}]({{ post.url | url }})
{% endfor %}

```njk
{% image "./as-written.png", "as written" %}
```
""", encoding="utf-8")
    return post


# ---------------------------------------------------------- dev.to / Forem

def _devto(root: Path) -> Path:
    post = root / "devto" / "five-tools.md"
    post.parent.mkdir(parents=True)
    post.write_text("""---
title: "Five tools I wish I had found sooner"
published: true
description: A short list, with the reasons.
tags: productivity, tooling
series: Tool notes
---

I keep a text file of the tools that changed how I work; five of them stuck.

{% embed https://example.com/a-long-article %}

## A better diff

{% github octo/better-diff no-readme %}

Someone said it better than I could: {% twitter 1234567890123456789 %}

{% codepen https://codepen.io/someone/pen/AbCdEf default-tab=result %}

{% details Why not the built-in one? %}
It handles whitespace changes badly.
{% enddetails %}

The cost grows like {% katex inline %}O(n \\log n){% endkatex %} at worst.

{% katex %}
c = \\sqrt{a^2 + b^2}
{% endkatex %}

{% user someone %} wrote the first version.

```liquid
{% embed https://as-written.example %}
```
""", encoding="utf-8")
    return post


# ------------------------------------------------------ Ghost / Substack

def _ghost(root: Path) -> Path:
    post = root / "ghost" / "winter.md"
    _png(post.parent / "loom.png", "purple")
    _png(post.parent / "field.png", "green")
    post.write_text("""---
title: Notes from a slow winter
date: 2024-01-20
---

Winter is when the garden shows its bones, and I spent it drawing plans.

<figure class="kg-card kg-image-card kg-card-hascaption"><img src="loom.png" class="kg-image" alt="The loom" \
loading="lazy" width="2000" height="1333" srcset="loom.png 600w"><figcaption><span style="white-space: pre-wrap;">\
The loom by the window</span></figcaption></figure>

<div class="kg-card kg-callout-card kg-callout-card-yellow"><div class="kg-callout-emoji">💡</div>
<div class="kg-callout-text">Plant garlic <em>before</em> the first frost.</div></div>

<div class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://example.com/garlic">\
<div class="kg-bookmark-content"><div class="kg-bookmark-title">A field guide to garlic</div>\
<div class="kg-bookmark-description">Hardneck and softneck.</div><div class="kg-bookmark-metadata">\
<img class="kg-bookmark-icon" src="https://example.com/favicon.ico" alt=""><span class="kg-bookmark-author">\
Garden Press</span></div></div><div class="kg-bookmark-thumbnail"><img src="https://example.com/t.jpg" alt="">\
</div></a></div>

## The plan

<div class="captioned-image-container"><figure><a class="image-link image2" target="_blank" href="field.png">\
<div class="image2-inset"><picture><source type="image/webp" srcset="field.png 424w"><img src="field.png" \
width="1456" height="970" alt="A field under snow" loading="lazy"></picture><div class="image-link-expand"></div>\
</div></a><figcaption class="image-caption">The far field, under snow</figcaption></figure></div>

Three beds, rotated each year.

<div class="subscription-widget-wrap"><div class="subscription-widget show-subscribe"><div class="preamble">\
<p class="cta-caption">Thanks for reading! Subscribe for free.</p></div><form><input type="email" name="email">\
<input type="submit" value="Subscribe"></form></div></div>

<p class="button-wrapper"><a class="button primary" href="https://x.example/subscribe"><span>Subscribe now</span></a></p>

<div class="kg-card kg-button-card"><a href="https://example.com/#/portal/signup" class="kg-btn">Sign up</a></div>

<div class="kg-card kg-button-card"><a href="https://example.com/plan.pdf" class="kg-btn">The bed plan</a></div>

That is all for now.
""".replace("\\\n", ""), encoding="utf-8")
    return post


# ------------------------------------------------------------ Docusaurus MDX

def _mdx(root: Path) -> Path:
    site = root / "docusaurus"
    (site / "blog").mkdir(parents=True)
    (site / "docusaurus.config.js").write_text("module.exports = { title: 'Build notes' };\n", encoding="utf-8")
    _png(site / "static" / "img" / "graph.png", "maroon")
    post = site / "blog" / "2024-05-01-builds.mdx"
    post.write_text("""---
title: How we cut build times in half
authors: [ada]
tags: [release, build]
---

import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
import { Chart } from '../src/components/Chart';

export const stats = {
  before: 12,
  after: 6,
};

{/* truncate */}

Our builds took twelve minutes; now they take six.{' '}Here is how we did it.

![The build graph](/img/graph.png)

## Install

<Tabs groupId="pm">
  <TabItem value="npm" label="npm" default>

    ```bash
    npm install --save-dev fastbuild
    ```

  </TabItem>
  <TabItem value="yarn" label="Yarn">

    Run `yarn add -D fastbuild` and you are done.

  </TabItem>
</Tabs>

<Chart data={stats} height={300} />

The cache now lives on disk, <Highlight color="#25c2a0">not in memory</Highlight>.

```jsx
<Tabs><TabItem value="as written" /></Tabs>
```
""", encoding="utf-8")
    return post


KINDS = {"zola": _zola, "hexo": _hexo, "eleventy": _eleventy, "devto": _devto, "ghost": _ghost, "mdx": _mdx}


@pytest.mark.parametrize("kind", ["zola", "hexo", "eleventy", "ghost", "mdx"])
def test_site_images_are_found(exported: dict[str, tuple[Path, Path, str]], kind: str) -> None:
    from pypdf import PdfReader

    _, folder, output = exported[kind]
    assert "image" not in output.lower()
    pdf = PdfReader(str(_outputs(folder)[".pdf"]))
    assert sum(len(page.images) for page in pdf.pages) >= {"zola": 1, "hexo": 2, "eleventy": 2, "ghost": 2, "mdx": 1}[kind]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    return export_kinds(tmp_path_factory.mktemp("generators"), KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_nothing_leaks_into_any_format(exported: dict[str, tuple[Path, Path, str]], kind: str) -> None:
    _, folder, output = exported[kind]
    files = _outputs(folder)
    assert {".pdf", ".epub", ".pptx"} <= set(files)
    assert "missing" not in output.lower()
    for label, text in (("PDF", _pdf_text(files[".pdf"])), ("slides", _slide_texts(files[".pptx"])),
                        ("EPUB", _epub_text(files[".epub"]))):
        # Code is shown as written (its lines say so); nothing else may leak.
        text = "\n".join(line for line in text.split("\n") if not re.search("as.written", line))
        found = LEAKS.findall(text) + re.findall(r"@/|\{\s*\w+\s*\}|<[A-Z]\w*", text)
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
    note = next(n for n in nodes if isinstance(n, Div))
    assert note.classes == ("note",) and "predicted" in plain_text(note.children[0].children)  # type: ignore[attr-defined]
    code = next(n for n in nodes if isinstance(n, CodeBlock))
    assert "{{ youtube(id='as written') }}" in code.text
    assert "no meaning" not in output


def test_hexo_post_reads_as_meant(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit

    post, _, output = exported["hexo"]
    doc = essaykit.load(post)
    nodes = list(iter_nodes(doc.blocks))
    assert [n.image.src for n in nodes if isinstance(n, Figure)] == ["/images/shelf.png", "kiln/tiles.png"]
    code = next(n for n in nodes if isinstance(n, CodeBlock))
    assert code.language == "js" and "{% as written %}" in code.text
    quote = next(n for n in nodes if isinstance(n, BlockQuote))
    # The closing "— Name" line is the quote's attribution (or, before that, its last line).
    assert "Bernard Leach" in plain_text(quote.attribution) + plain_text(quote.children[0].children)  # type: ignore[attr-defined]
    assert [n.classes for n in nodes if isinstance(n, Div)] == [("warning",)]
    assert [plain_text(n.children) for n in nodes if isinstance(n, Link)] == ["the glaze post", "cones"]
    assert "no meaning" not in output


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% codeblock lang:py %}\nx = '{{ y }}'\n{% endcodeblock %}", "```py\nx = '{{ y }}'\n```"),
        ("{% code %}\nx\n{% endcode %}", "```\nx\n```"),
        ("{% blockquote Ada, Notes http://a.example %}\nWords.\n{% endblockquote %}", "> Words.\\\n> — Ada, Notes\n"),
        ("{% blockquote %}\nWords.\n{% endblockquote %}", "> Words.\n\n"),
        ("{% pullquote %}\nThe line.\n{% endpullquote %}", "> [!PULLQUOTE]\n> The line.\n"),
        ("{% note info %}\nX.\n{% endnote %}", "> [!INFO]\n> X.\n"),
        ("{% post_link my-post %}", "[my-post](</my-post/>)"),
        ('{% post_link my-post "Its [title]" %}', "[Its \\[title\\]](</my-post/>)"),
        ("[a]({% post_path my-post %})", "[a](/my-post/)"),
        ('{% asset_img a.png "Title" "Alt" %}', '![Alt](<p/a.png> "Title")'),
        ("{% asset_img a.png Two words %}", '![Two words](<p/a.png> "Two words")'),
        ("{% asset_link notes.pdf My notes %}", "[My notes](<p/notes.pdf>)"),
        ("{% link Docs https://d.example %}", "[Docs](<https://d.example>)"),
        ("{% iframe https://v.example/1 %}", "<https://v.example/1>"),
    ],
)
def test_hexo_syntax_becomes_its_meaning(source: str, expected: str) -> None:
    # (A block's lines stay as many, so later lines keep their numbers.)
    out, said = expand_site_syntax(source, {}, path="p.md")
    assert out == expected
    assert said == []


def test_eleventy_post_reads_as_meant(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit

    post, _, output = exported["eleventy"]
    doc = essaykit.load(post)
    nodes = list(iter_nodes(doc.blocks))
    assert [n.image.src for n in nodes if isinstance(n, Figure)] == ["./comb.png", "/img/hives.png"]
    text = " ".join(plain_text(getattr(b, "children", ())) for b in doc.blocks)
    assert "We kept three hives this year." in text and "swarm" not in text
    assert not any(isinstance(n, Link) and "{" in n.url for n in nodes)
    assert [line.split(": warning: ")[1].split(" has ")[0] for line in output.splitlines()
            if "no meaning" in line] == ["a template loop {% for %}"]
    assert "Draft" not in text  # {% if draft %}: the post sets no draft, so Liquid leaves it out


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{% image "./a.png", "Alt words" %}', '![Alt words](<./a.png> "Alt words")'),
        ('{% youtube "abc" %}', "<https://www.youtube.com/watch?v=abc>"),
        ("{% set x = 'v' %}{{ x }}", "v"),
        ("a {# note #} b", "a  b"),
        ("a {#- note -#} b", "a  b"),
        ("## Head {#id}", "## Head {#id}"),
        ("{% for p in c %}\n- {{ p }}\n{% endfor %}\nafter", "\n\n\nafter"),
    ],
)
def test_eleventy_syntax_becomes_its_meaning(source: str, expected: str) -> None:
    out, said = expand_site_syntax(source, {}, path="p.md")
    assert out == expected
    assert said == [] or "loop" in said[0].message


def test_devto_post_reads_as_meant(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit
    from essaykit.model import MathBlock, MathInline

    post, _, output = exported["devto"]
    doc = essaykit.load(post)
    assert doc.meta.date is None and "warning" not in output  # published: true is no date
    nodes = list(iter_nodes(doc.blocks))
    assert [n.url for n in nodes if isinstance(n, Link)] == [
        "https://example.com/a-long-article", "https://github.com/octo/better-diff",
        "https://twitter.com/i/status/1234567890123456789", "https://codepen.io/someone/pen/AbCdEf"]
    details = next(n for n in nodes if isinstance(n, Div))
    assert details.classes == ("details",) and plain_text(details.title) == "Why not the built-in one?"
    assert [n.text for n in nodes if isinstance(n, MathInline)] == ["O(n \\log n)"]
    assert [n.text for n in nodes if isinstance(n, MathBlock)] == ["c = \\sqrt{a^2 + b^2}"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% embed https://a.example/x %}", "<https://a.example/x>"),
        ("{% github user/repo no-readme %}", "<https://github.com/user/repo>"),
        ("{% github https://github.com/u/r/issues/1 %}", "<https://github.com/u/r/issues/1>"),
        ("{% twitter 123 %}", "<https://twitter.com/i/status/123>"),
        ("{% codepen https://codepen.io/a/pen/b %}", "<https://codepen.io/a/pen/b>"),
        ("{% stackoverflow 4242 %}", "<https://stackoverflow.com/q/4242>"),
        ("{% katex inline %}x^2{% endkatex %}", "$x^2$"),
        ("{% katex %}\nx^2\n{% endkatex %}", "$$\nx^2\n$$"),
        ("{% user ada %} said", "@ada said"),
        ("{% details More %}\nBody.\n{% enddetails %}", "> [!DETAILS] More\n> Body.\n"),
    ],
)
def test_forem_tags_become_their_meaning(source: str, expected: str) -> None:
    out, said = expand_site_syntax(source, {}, path="p.md")
    assert out == expected
    assert said == []


def test_ghost_and_substack_cards_read_as_meant(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit

    post, _, output = exported["ghost"]
    doc = essaykit.load(post)
    nodes = list(iter_nodes(doc.blocks))
    figures = [(n.image.src, plain_text(n.caption)) for n in nodes if isinstance(n, Figure)]
    assert figures == [("loom.png", "The loom by the window"), ("field.png", "The far field, under snow")]
    tip = next(n for n in nodes if isinstance(n, Div))
    assert tip.classes == ("tip",) and plain_text(tip.children[0].children) == "Plant garlic before the first frost."  # type: ignore[attr-defined]
    assert [n.url for n in nodes if isinstance(n, Link)] == ["https://example.com/garlic", "https://example.com/plan.pdf"]
    text = " ".join(plain_text(getattr(b, "children", ())) for b in doc.blocks)
    assert "Subscribe" not in text and "Sign up" not in text and "💡" not in text
    said = [line for line in output.splitlines() if "no meaning" in line]
    at = next(n for n, line in enumerate(post.read_text(encoding="utf-8").splitlines(), 1) if "subscription" in line)
    assert len(said) == 2 and f"winter.md:{at}:" in said[0] and "(2 times)" in said[1]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<div class="kg-card kg-callout-card"><div class="kg-callout-emoji">⚠️</div>'
         '<div class="kg-callout-text">Hot.</div></div>', '<div class="warning"><p>Hot.</p></div>'),
        ('<figure class="kg-card kg-image-card"><img src="a.png" alt="A"></figure>',
         '<figure><img src="a.png" alt="A"></figure>'),
        ('<div class="kg-card kg-bookmark-card"><a href="https://a.example"></a></div>',
         '<p><a href="https://a.example">https://a.example</a></p>'),
        ('<p class="button-wrapper"><a href="https://a.example/share">Share</a></p>\nNext', "\nNext"),
        ('```html\n<p class="button-wrapper">kept</p>\n```', '```html\n<p class="button-wrapper">kept</p>\n```'),
        ('<div class="kg-card kg-callout-card">\n<div class="kg-callout-text">Hi.</div>\n</div>\nafter',
         '<div class="note"><p>Hi.</p></div>\n\n\nafter'),
    ],
)
def test_platform_cards_become_plain_html(source: str, expected: str) -> None:
    from essaykit.reader.platforms import tidy_platform_html

    said: list[tuple[str, int]] = []
    assert tidy_platform_html(source, lambda what, line: said.append((what, line))) == expected
    assert len(said) == ("button-wrapper\"" in source and "```" not in source)


@given(st.text(alphabet=st.characters(blacklist_characters="<", blacklist_categories=("Cs",))))
def test_text_without_html_passes_the_platform_pass_unchanged(text: str) -> None:
    from essaykit.reader.platforms import tidy_platform_html

    assert tidy_platform_html(text, lambda what, line: None) == text


def test_mdx_post_reads_as_meant(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit
    from essaykit.model import Paragraph, Strong

    post, _, output = exported["mdx"]
    doc = essaykit.load(post)
    nodes = list(iter_nodes(doc.blocks))
    text = " ".join(plain_text(getattr(b, "children", ())) for b in doc.blocks)
    assert "six. Here is how" in text and "not in memory." in text
    assert not re.search(r"[{}]|import|export|truncate", text)
    leads = [plain_text(b.children) for b in doc.blocks if isinstance(b, Paragraph)
             and len(b.children) == 1 and isinstance(b.children[0], Strong)]
    assert leads == ["npm", "Yarn"]
    codes = [(n.language, n.text) for n in nodes if isinstance(n, CodeBlock)]
    assert codes[0] == ("bash", "npm install --save-dev fastbuild")
    assert "as written" in codes[-1][1]
    said = [line.split(": warning: ")[1] for line in output.splitlines() if "no meaning" in line]
    assert len(said) == 2 and "(4 times)" in said[0] and "<Chart />" in said[1]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import X from 'y';\n\nText.", "\n\nText."),
        ("export const a = {\n  b: 1,\n};\nText.", "\n\n\nText."),
        ("<Tabs>\n  <TabItem value=\"a\" label=\"A\">\n\n    Body.\n\n  </TabItem>\n</Tabs>",
         "\n**A**\n\nBody.\n\n\n"),
        ("<Admonition type=\"tip\">\nInside.\n</Admonition>", "\nInside.\n"),
        ("a{' '}b {/* gone */}c", "a b c"),
        ('<Image src="/i/a.png" alt="A" />', "![A](</i/a.png>)"),
        ('<YouTube id="abc" />', "<https://www.youtube.com/watch?v=abc>"),
        ("```jsx\n<Tabs value={x} />\n```", "```jsx\n<Tabs value={x} />\n```"),
    ],
)
def test_mdx_keeps_markdown_and_drops_javascript(source: str, expected: str) -> None:
    from essaykit.reader.platforms import tidy_mdx

    assert tidy_mdx(source, lambda what, line: None) == expected


def test_markdown_that_only_mentions_import_is_no_mdx() -> None:
    from essaykit.reader.platforms import is_mdx

    assert not is_mdx("import the data first, then export the file.\n\n<Note>x</Note>\n", "p.md")
    assert is_mdx("Text.\n", "p.mdx") and is_mdx("import A from 'a';\n", "p.md")


@given(st.text(alphabet=st.characters(blacklist_characters="<>{}`~'\"", blacklist_categories=("Cs",))))
def test_mdx_text_without_jsx_or_code_passes_unchanged(text: str) -> None:
    from essaykit.reader.platforms import tidy_mdx

    if not re.search(r"^(?:import|export)\s", text, re.M):
        assert tidy_mdx(text, lambda what, line: None) == text


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
        ("{% quote(author=\"Ada\") %}\nWords.\n{% end %}", "> Words.\\\n> — Ada\n"),
        ("{% note() %}\nWords.\n{% end %}", "> [!NOTE]\n> Words.\n"),
    ],
)
def test_zola_syntax_becomes_its_meaning(source: str, expected: str) -> None:
    out, said = expand_site_syntax(source, {}, path="p.md")
    assert out == expected
    assert said == []


def test_zola_body_shortcode_keeps_its_body_one_warning_at_its_line() -> None:
    out, said = expand_site_syntax("a\n\n{% columns(n=2) %}\nBody *here*.\n{% end %}\n\nb", {}, path="p.md")
    assert out.split("\n") == ["a", "", "", "Body *here*.", "", "", "b"]
    assert [(w.line, "columns()" in w.message) for w in said] == [(3, True)]


def test_zola_table_front_matter_gives_tags_and_author() -> None:
    doc, said = read('+++\ntitle = "T"\n[taxonomies]\ntags = ["a", "b"]\n[extra]\nauthor = "Ann"\n+++\n\nText.\n')
    assert doc.meta.tags == ("a", "b") and doc.meta.authors == ("Ann",)
    assert said == []


@given(st.text(alphabet=st.characters(blacklist_characters="{}%@[]()`$\\<>", blacklist_categories=("Cs",))))
def test_text_without_trigger_characters_passes_unchanged(text: str) -> None:
    out, said = expand_site_syntax(text, {}, path="p.md")
    assert out == text and said == []
