"""Our XHTML read by expat (:mod:`essaykit.renderers.pdf.xhtml`) gives exactly
the tree WeasyPrint's HTML5 parser (tinyhtml5) builds, or nothing: on the
documents essaykit writes, on generated documents, and on markup shaped to
meet every HTML5 rule the fast path must refuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from essaykit import api
from essaykit.model import Document
from essaykit.renderers.base import RenderContext
from essaykit.renderers.pdf.parallel.chunks import body_chunks, front_chunk
from essaykit.renderers.pdf.renderer import build
from essaykit.renderers.pdf.xhtml import html_document, tree
from essaykit.theme import load_theme

from .conftest import EXAMPLES, corpus_files
from .strategies import documents
from .test_pdf import chapter_book, essay

tinyhtml5 = pytest.importorskip("tinyhtml5")


def _same(a: Any, b: Any, path: str = "") -> str | None:
    """Where trees ``a`` and ``b`` differ (tags, attributes in order, text
    and tail, None and "" told apart), or None."""
    here = f"{path}/{a.tag}"
    if a.tag != b.tag or list(a.attrib.items()) != list(b.attrib.items()):
        return f"{here}: {a.tag} {a.attrib} != {b.tag} {b.attrib}"
    if a.text != b.text or a.tail != b.tail:
        return f"{here}: text/tail {a.text!r} {a.tail!r} != {b.text!r} {b.tail!r}"
    if len(a) != len(b):
        return f"{here}: {[c.tag for c in a]} != {[c.tag for c in b]}"
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if (diff := _same(x, y, f"{here}[{i}]")) is not None:
            return diff
    return None


def _agrees(markup: str) -> bool:
    """The contract: no tree, or tinyhtml5's; True if a tree was given."""
    fast = tree(markup)
    if fast is None:
        return False
    diff = _same(tinyhtml5.parse(markup, namespace_html_elements=False), fast)
    assert diff is None, diff
    return True


def _markups(doc: Document) -> list[str]:
    job = build(doc, RenderContext(theme=load_theme("classic"), options={}))
    out = [job.html]
    if job.parts is not None and job.parts.chapter_ids:
        out += [c.html for c in body_chunks(job.parts, 4)] + [front_chunk(job.parts, None).html]
    return out


@pytest.mark.parametrize("name", ["essay", "book"])
def test_our_documents_take_the_fast_path(name: str) -> None:
    doc = essay() if name == "essay" else chapter_book()
    for markup in _markups(doc):
        assert _agrees(markup)


def test_example_and_corpus() -> None:
    paths = [EXAMPLES / "essay.md", *corpus_files()]
    for path in paths:
        for markup in _markups(api.prepare(api.load(path))):
            assert _agrees(markup), path


TRICKY = """---
title: "Tricky & <odd> \\"quotes\\""
---

# Heading with `code` and *em*

Raw <div class="x">html</div> inline <span style="color:red">span</span>, &nbsp; &copy; &#169; &amp;.

<div>
A raw block
<p>para</p>
</div>

| a | b |
|---|---|
| 1 | 2 |

```

leading blank line in code
```

> quote
> > nested

1. one
   - nested *two*

Hard\\
break, tab\tand 𝔘 🎉; $a<b$ and a note[^1].

[^1]: Note with **bold** and [link](https://example.com "t").
"""


def test_markdown_that_looks_like_html(tmp_path: Path) -> None:
    source = tmp_path / "tricky.md"
    source.write_text(TRICKY, encoding="utf-8")
    for markup in _markups(api.prepare(api.load(source))):
        assert _agrees(markup)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents(doc: Document) -> None:
    for markup in _markups(doc):
        _agrees(markup)


HEAD = '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>t</title></head>'
REFUSED = [
    "<body><p>a<div>b</div>c</p></body>",  # a block closes the paragraph
    "<body><p>a<p>b</p></p></body>",
    "<body><h1>a<h2>b</h2></h1></body>",
    "<body><a href='#x'>a<a href='#y'>b</a></a></body>",
    "<body><li>a</li></body>",  # a list item outside a list
    "<body><table><tr><td>a</td></tr></table></body>",  # HTML5 adds a tbody
    "<body><table><tbody><tr><td>a</td></tr>text</tbody></table></body>",  # moved before the table
    "<body><em><table><tbody><tr><td>a</td></tr></tbody></table></em></body>",
    "<body><div/>after</body>",  # not void: stays open in HTML5
    "<body>a<br></br>b</body>",  # </br> is a second <br>
    "<body><p>&#128;</p></body>",  # HTML5 maps it to €
    '<body><p title="a\nb">x</p></body>',  # XML makes the newline a space
    "<body><svg xmlns='http://www.w3.org/2000/svg'><circle r='1'/></svg></body>",
    "<body><p>a<!-- c -->b</p></body>",
    '<body><p dataX="1">x</p></body>',  # HTML5 lower-cases attribute names
    "<body><form><p>x</p></form></body>",
    "<body><textarea>\nx</textarea></body>",
    "<body><p>x</p></body><p>after the body</p>",
]


@pytest.mark.parametrize("body", REFUSED)
def test_refused(body: str) -> None:
    assert tree(HEAD + body + "</html>") is None


@pytest.mark.parametrize("body", [
    "<body><pre>\nfirst line kept, the newline dropped</pre></body>",
    "<body>\n<p>whitespace around</p>\n</body>\n",
    "<body><main><figure><table><thead><tr><th>a</th></tr></thead>\n<tbody><tr><td>1</td></tr>"
    "</tbody></table><figcaption>c</figcaption></figure></main></body>",
    "<body><ul><li><p>a</p><ol><li>b</li></ol></li></ul><dl><dt>t</dt><dd>d</dd></dl></body>",
])
def test_accepted_and_the_same(body: str) -> None:
    assert _agrees(HEAD + body + "</html>\n")


def test_html_document_wraps_the_tree() -> None:
    from essaykit.speedups.weasy_import import import_weasyprint

    import_weasyprint()
    from weasyprint import HTML

    markup = HEAD + '<body><p class="x">Hello</p></body></html>'
    fast = html_document(markup, "file:///tmp/", None)
    slow = HTML(string=markup, base_url="file:///tmp/")
    assert set(vars(fast)) == set(vars(slow))
    assert fast.base_url == slow.base_url and fast.media_type == slow.media_type
    assert _same(fast.etree_element, slow.etree_element) is None
    assert isinstance(html_document("<p>not ours</p>", None, None), HTML)
