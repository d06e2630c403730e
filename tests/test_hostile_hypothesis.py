"""Generated hostile Markdown through the whole pipeline: every renderer
succeeds (or the reader refuses with an EssayError), and every EPUB passes
epubcheck with no errors and no warnings.

Rendering is the slow part, so the examples are few by default; raise them
with ``ESSAYKIT_HYPOTHESIS_EXAMPLES=200`` for a long run.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import essaykit
from essaykit.errors import EssayError

from . import epubcheck

EXAMPLES = int(os.environ.get("ESSAYKIT_HYPOTHESIS_EXAMPLES", "12"))

# Pieces authors (and attackers) put in Markdown; hypothesis combines them.
_inline = st.sampled_from(
    [
        "plain words", "**bold**", "*em*", "`code <x>`", "==marked==", "~~gone~~", "H~2~O",
        "x^2^", "$a < b$", "[link](https://example.org/?a=1&b=2)", "[bad](javascript:alert(1))",
        "<b>html bold</b>", "<i>it", "</i>", "<br>", "<sup>1</sup>", "<span lang=\"fr\">oui</span>",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=//evil></iframe>",
        "&amp; &lt; &#0; &#x1F600;", "\u202e\u200f\u200b", "日本語の文", "العربية", "[^n]",
        "![alt](missing.png)", "![](../../etc/passwd)", "<mark>m</mark>", "\\", "<", "&", "]]>",
        "\t", "  ", "\u0000", "\ufffe", "\ud7ff", "<!-- slide -->", "\"quoted\" 'single'", "--", "...",
    ]
)
_line = st.lists(_inline, min_size=1, max_size=6).map(" ".join)
_block = st.one_of(
    _line,
    _line.map(lambda s: "# " + s),
    _line.map(lambda s: "### " + s),
    _line.map(lambda s: "> " + s),
    _line.map(lambda s: "> [!PULLQUOTE]\n> " + s + "\n> — Someone"),
    _line.map(lambda s: "- " + s + "\n  - " + s),
    _line.map(lambda s: "1. " + s),
    _line.map(lambda s: "```python\n" + s + "\n```"),
    _line.map(lambda s: "| a | b |\n|---|---|\n| " + s + " | x |"),
    _line.map(lambda s: "::: pullquote\n" + s + "\n:::"),
    _line.map(lambda s: "::: no-deck\n" + s + "\n:::"),
    _line.map(lambda s: "<div lang=\"ar\" dir=\"rtl\">\n\n" + s + "\n\n</div>"),
    _line.map(lambda s: "[^n]: " + s),
    st.just("---"),
    st.just("$$\n\\frac{1}{2} < 3\n$$"),
)
_front = st.sampled_from(
    ["", "---\ntitle: Gen\n---\n", "---\ntitle: 42\nauthors: One Person\ndate: 2020-05-08T12:12:11.120Z\n---\n",
     "+++\ntitle = \"Toml\"\n+++\n", "---\nlang: ar\n---\n", "---\ntitle: [unclosed\n---\n"]
)
markdown = st.builds(lambda f, b: f + "\n\n".join(b) + "\n", _front, st.lists(_block, min_size=1, max_size=8))


_XHTML = "{http://www.w3.org/1999/xhtml}"
_ACTIVE = {"script", "iframe", "object", "embed", "style"}
_LINK_ATTRS = {"href", "src", "Target", "{http://www.w3.org/1999/xlink}href"}


def assert_inert(fmt: str, data: bytes) -> None:
    """No element that runs code, no event attribute, no javascript: target.
    Code blocks may *show* such words as text; the markup must never *be* it."""
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith((".xhtml", ".xml", ".rels", ".opf", ".ncx")):
                continue
            root = ET.fromstring(z.read(name))
            for el in root.iter():
                tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
                assert tag not in _ACTIVE or not el.tag.startswith(_XHTML), (fmt, name, tag)
                for key, value in el.attrib.items():
                    local = key.rsplit("}", 1)[-1]
                    assert not local.lower().startswith("on"), (fmt, name, key)
                    if key in _LINK_ATTRS or local in _LINK_ATTRS:
                        assert not value.strip().lower().startswith(("javascript:", "vbscript:")), (fmt, name, value)


@pytest.mark.skipif(not epubcheck.available(), reason="epubcheck (PyPI) or Java not available")
def test_generated_markdown_renders_everywhere_and_epubs_are_valid(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("gen")
    epubs: list[Path] = []

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(markdown)
    def one(text: str) -> None:
        src = folder / f"e{len(epubs)}.md"
        src.write_text(text, "utf-8", errors="surrogatepass")
        try:
            doc = essaykit.prepare(essaykit.load(src))
        except EssayError:
            return  # refused with a clear error: allowed
        for fmt in ("epub", "pptx", "pdf"):
            data = essaykit.render(doc, fmt, prepared=True, warn=lambda w: None)
            assert data, fmt
            if fmt in ("epub", "pptx"):
                assert_inert(fmt, data)
            if fmt == "epub":
                target = folder / f"book{len(epubs)}.epub"
                target.write_bytes(data)
                epubs.append(target)
            if fmt == "pdf":
                assert data.startswith(b"%PDF")

    one()
    assert epubs, "hypothesis produced no document the reader accepted"
    results = epubcheck.check_many(epubs)
    failures = {name: msgs for name, msgs in results.items() if msgs}
    assert not failures, failures
