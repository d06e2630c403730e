"""Posts exported from other tools: WordPress shortcodes (a caption is a figure, an
embed a link, [code] a code block, [gallery] removed with one warning naming its
line; code shown as written; the lines after a shortcode keep their numbers) and
Quarto or R Markdown cells (their ``#|`` option lines dropped)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import essaykit
from essaykit.model import CodeBlock, Figure, Link, plain_text
from essaykit.model.walk import query

POST = """---
title: Moved from WordPress
---

[caption id="attachment_12" align="aligncenter" width="300"]<img src="lake.jpg" alt="A lake" /> The lake at dawn.[/caption]

[caption width="200"]![Hills](hills.png) Hills in June.[/caption]

[embed]https://www.youtube.com/watch?v=abcdefghijk[/embed]

[youtube https://www.youtube.com/watch?v=lmnopqrstuv]

[gallery ids="1,2,3"]

[code language="python"]
print("a &lt; b")
[/code]

```
[gallery ids="4"] stays in code, as written.
```

A sentence about [code] in brackets, and [caption] alone, stays prose.

![missing](nowhere.png)
"""


def test_shortcodes_become_what_they_mean() -> None:
    warned: list[essaykit.errors.Warning_] = []
    doc = essaykit.loads(POST, path="post.md", warn=warned.append)
    figures = list(query(doc, Figure))
    assert [(f.image.src, plain_text(f.caption)) for f in figures[:2]] == [
        ("lake.jpg", "The lake at dawn."), ("hills.png", "Hills in June.")]
    assert {link.url for link in query(doc, Link)} == {
        "https://www.youtube.com/watch?v=abcdefghijk", "https://www.youtube.com/watch?v=lmnopqrstuv"}
    code = list(query(doc, CodeBlock))
    assert (code[0].language, code[0].text) == ("python", 'print("a < b")')
    assert "[gallery ids=\"4\"] stays in code" in code[1].text
    text = " ".join(plain_text(b) for b in doc.blocks)
    assert "[caption id" not in text and "[/" not in text and "[embed]" not in text
    assert "A sentence about [code] in brackets, and [caption] alone, stays prose." in text
    [gallery] = [w for w in warned if "gallery" in w.message]
    assert gallery.line == 13 and "WordPress" in gallery.message
    # The image after every shortcode is still found on its own line.
    assert figures[-1].line == 25


@given(st.text(alphabet=st.characters(blacklist_characters="[]`", blacklist_categories=("Cs",)), max_size=40))
def test_text_without_shortcodes_is_untouched(words: str) -> None:
    from essaykit.reader.wordpress import expand_shortcodes

    assert expand_shortcodes(words, lambda what, line: None) == words


def test_notebook_cells_lose_their_option_lines_only() -> None:
    doc = essaykit.loads("```{r, fig.width=4}\n#| label: fig-cars\n#| fig-cap: \"Cars\"\nplot(cars)\n```\n\n"
                         "```python\n#| an ordinary comment\nx = 1\n```\n")
    assert [(c.language, c.text) for c in query(doc, CodeBlock)] == [
        ("r", "plot(cars)"), ("python", "#| an ordinary comment\nx = 1")]


def test_a_plugins_shortcodes_keep_their_words_and_lose_their_brackets() -> None:
    warned: list[essaykit.errors.Warning_] = []
    doc = essaykit.loads('Intro.\n\n[shortcode attr="x"]inner text[/shortcode]\n\n'
                         '[contact-form-7 id="5" title="Contact"]\n\nA [reference] link stays.\n\n'
                         '[reference]: https://example.com\n', path="p.md", warn=warned.append)
    text = " ".join(plain_text(b) for b in doc.blocks)
    assert "inner text" in text and "[shortcode" not in text and "contact-form" not in text
    assert "A reference link stays." in text
    assert sorted(w.line for w in warned if "WordPress" in w.message) == [3, 5]


MKDOCS = '''# Setting up

=== "Python"

    ```python
    print("hi")
    ```

=== "Shell"

    Run the script from a terminal.

--8<-- "includes/abbreviations.md"

[TOC]

Press ++ctrl+alt+del++ and read the ^^underlined^^ words. :material-check: Done.

```
=== "not a tab" inside code stays, and so does ++this++.
```
'''


def test_mkdocs_material_syntax_becomes_what_it_means() -> None:
    from essaykit.model import Code, Span, Strong

    warned: list[essaykit.errors.Warning_] = []
    doc = essaykit.loads(MKDOCS, path="guide.md", warn=warned.append)
    text = " ".join(plain_text(b) for b in doc.blocks)
    for leak in ('=== "', "--8<--", "[TOC]", "++", "^^", ":material-"):
        assert leak not in text.replace('=== "not a tab" inside code stays, and so does ++this++.', "")
    assert [plain_text(s.children) for s in query(doc, Strong)][:2] == ["Python", "Shell"]
    assert [c.text for c in query(doc, CodeBlock)][0] == 'print("hi")'
    assert "Ctrl+Alt+Del" in [c.text for c in query(doc, Code)]
    assert any("underline" in s.classes for s in query(doc, Span))
    assert "Run the script from a terminal." in text
    assert sorted((w.line or 0) for w in warned) == [13, 15, 17]
