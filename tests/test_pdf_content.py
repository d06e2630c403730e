"""What the PDF prints for what authors write: long code lines, missing
images, sections one level down, Persian text. Opened with pypdf/pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from essaykit import loads
from essaykit.errors import Warning_
from essaykit.renderers.base import RenderContext
from essaykit.renderers.pdf.renderer import PdfRenderer
from essaykit.theme import load_theme

pytest.importorskip("pypdf")
needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"),
                                     reason="pdftotext (poppler-utils) not installed")


def render_pdf(text: str, base: Path | None = None, **options: object) -> tuple[bytes, list[Warning_]]:
    warnings: list[Warning_] = []
    doc = loads(text, format="markdown")
    ctx = RenderContext(theme=load_theme("classic"), options=dict(options), base_dir=base,
                        source="essay.md", warn_fn=warnings.append)
    return PdfRenderer().render(doc, ctx), warnings


def pdftotext(data: bytes, tmp_path: Path, *args: str) -> str:
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


CODE = """# Code

```javascript
function handleActionWithAVeryLongNameIndeed(eventObject, anotherArgumentName, yetAnotherArgument) { return eventObject.target.value.trim().toLowerCase(); }
```

```python
def f(x):
    return x ?? 2  $ invalid

# Wraps where a box starts with the break (WeasyPrint 70 once lost "bo" here).
def too_crowded(slide_words: int, seconds_on_screen: int) -> bool:
    return slide_words > seconds_on_screen * 4
```
"""


@needs_pdftotext
def test_long_code_lines_wrap_between_names_with_a_mark(tmp_path: Path) -> None:
    """Each continuation line starts with a mark drawn as a picture in the hanging
    indent: the copied text gives the code back, with no mark and no soft hyphen."""
    from io import BytesIO

    import pypdf

    data = render_pdf(CODE)[0]
    text = pdftotext(data, tmp_path)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("function"))
    wrapped = lines[start:start + 3]
    assert len(wrapped[0]) < 90, wrapped  # it did wrap
    words = re.findall(r"[A-Za-z]+", " ".join(wrapped))
    for name in ("handleActionWithAVeryLongNameIndeed", "eventObject", "anotherArgumentName",
                 "yetAnotherArgument", "target", "value", "toLowerCase"):
        assert name in words, (name, wrapped)
    # Neither the mark nor the soft hyphens that allow the breaks are text.
    assert "\u2192" not in text and "\u00ad" not in text
    assert re.search(r"return x \?\? 2\s+\$ invalid", text)
    assert re.search(r"too_crowded\(slide_words: int, seconds_on_screen:\s+int\)\s+->\s+bool:", text), text
    # The marks: a pattern painted behind each line of code (the page has no other picture).
    content = pypdf.PdfReader(BytesIO(data)).pages[0].get_contents().get_data()
    assert content.count(b"scn") >= 2


def test_the_continuation_mark_is_a_picture_in_the_code_colours() -> None:
    from essaykit.renderers.pdf.css import content_css

    css = content_css({"muted": "#6b645c", "code_background": "#f7f4ef"})
    assert 'hyphenate-character: ""' in css
    assert "%236b645c" in css and "%23f7f4ef" in css  # the mark's stroke, the first line's patch


MISSING = """---
title: Old Machines
---

# Machines

The first commercial computer in the United States was delivered in 1951.

![The UNIVAC computer](images/univac.jpg)

![Front panel](images/panel.png "The operator's console")

Text after the figures.
"""


@needs_pdftotext
def test_missing_image_is_a_framed_note_with_its_alt_text_once(tmp_path: Path) -> None:
    data, warnings = render_pdf(MISSING, tmp_path)
    text = pdftotext(data, tmp_path)
    assert text.count("The UNIVAC computer") == 1
    assert text.count("IMAGE MISSING") == 2
    assert "Front panel" in text and "The operator's console" in text
    messages = [(w.line, w.message) for w in warnings]
    assert messages == [
        (9, "image images/univac.jpg: file not found; its alt text is shown instead"),
        (11, "image images/panel.png: file not found; its alt text is shown instead"),
    ]


def test_missing_image_said_once_for_three_formats(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from essaykit.cli import main

    essay = tmp_path / "old.md"
    essay.write_text(MISSING, "utf-8")
    result = CliRunner().invoke(main, ["export", str(essay), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "univac" in line]
    assert said == [f"{essay}:9: warning: image images/univac.jpg: file not found; "
                    "its alt text is shown instead"]
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".epub", ".pdf", ".pptx"]


PERSIAN = """---
title: یادداشت روزانه
lang: fa
---

# بخش اول

او هر روز کتاب می‌خواند و می‌گوید که این کار را دوست می‌کنه. نامه‌ها را می‌نویسد.
"""


@needs_pdftotext
@pytest.mark.parametrize("fast", [False, True], ids=["library", "speedups"])
@pytest.mark.parametrize("theme", ["classic", "magazine", "talk"])
def test_persian_keeps_its_zero_width_non_joiners(theme: str, fast: bool, tmp_path: Path) -> None:
    """Stock WeasyPrint too (a library call): the prepared Arabic face writes
    each ZWNJ as a glyph of its own (essaykit.joiners); the command's
    speed-up writes it for a face essaykit did not prepare."""
    from io import BytesIO

    import pypdf

    from essaykit import speedups

    warnings: list[Warning_] = []
    doc = loads(PERSIAN, format="markdown")
    ctx = RenderContext(theme=load_theme(theme), options={}, source="fa.md", warn_fn=warnings.append)
    if fast:
        speedups.enable()
    try:
        data = PdfRenderer().render(doc, ctx)
    finally:
        speedups.disable()
    for text in (pdftotext(data, tmp_path),
                 "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages)):
        for word in ("می\u200cخواند", "می\u200cگوید", "می\u200cکنه", "نامه\u200cها", "می\u200cنویسد"):
            assert word in text, (word, text)


def test_sections_written_as_h3_are_set_as_sections() -> None:
    """A model from elsewhere (JSON, another tool) whose top level is h3:
    the PDF sets those as sections (h2), by rank, with running heads."""
    from io import BytesIO

    import pypdf

    from essaykit.model import Document, Heading, Metadata, Paragraph, Text
    from essaykit.renderers.pdf.build import build

    blocks = []
    for name in ("Soil", "Water"):
        blocks += [Heading(level=3, children=(Text(text=name),)),
                   Paragraph(children=(Text(text=f"About {name.lower()} and the garden."),))]
    blocks.insert(2, Heading(level=4, children=(Text(text="Compost"),)))
    doc = Document(meta=Metadata(title="Notes on Gardening"), blocks=tuple(blocks))
    ctx = RenderContext(theme=load_theme("classic"), options={}, warn_fn=lambda w: None)
    job = build(doc, ctx)
    assert re.findall(r"<h(\d) id=\"[^\"]+\">(\w+)</h\d>", job.html) == [
        ("2", "Soil"), ("3", "Compost"), ("2", "Water")]
    assert any("main h2 { string-set: section" in css for css, _ in job.css)
    reader = pypdf.PdfReader(BytesIO(PdfRenderer().render(doc, ctx)))
    assert [item.title for item in reader.outline if not isinstance(item, list)][-2:] == ["Soil", "Water"]


def test_missing_image_in_the_epub_is_its_alt_text_once(tmp_path: Path) -> None:
    import io
    import zipfile

    from essaykit.renderers.epub.renderer import EpubRenderer
    from tests import epubcheck

    doc = loads(MISSING, format="markdown")
    ctx = RenderContext(theme=load_theme("classic"), options={}, base_dir=tmp_path,
                        source="essay.md", warn_fn=lambda w: None)
    data = EpubRenderer().render(doc, ctx)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert text.count("The UNIVAC computer") == 1
    assert '<figure class="missing"><figcaption>The UNIVAC computer</figcaption></figure>' in text
    assert '<span class="missing-image">Front panel</span>' in text
    if epubcheck.available():
        book = tmp_path / "old.epub"
        book.write_bytes(data)
        assert epubcheck.check(book) == []


def _patterns_painted(data: bytes) -> int:
    from io import BytesIO

    import pypdf

    return sum(page.get_contents().get_data().count(b"scn") for page in pypdf.PdfReader(BytesIO(data)).pages)


def test_only_a_code_line_that_may_wrap_carries_continuation_marks() -> None:
    """A line that fits the column cannot wrap: no marks painted behind it
    (a pattern a line was 1 KB of PDF and a third of the block's layout)."""
    short = "\n".join(f"x{i} = {i} * 2" for i in range(40))
    long = "y = handleActionWithAVeryLongNameIndeed(eventObject, anotherArgumentName, yetAnotherArgument)"
    plain, _ = render_pdf(f"# Code\n\n```python\n{short}\n```\n")
    mixed, _ = render_pdf(f"# Code\n\n```python\n{short}\n{long}\n```\n")
    assert _patterns_painted(plain) == 0
    assert 1 <= _patterns_painted(mixed) <= 2  # the long line's marks


def test_code_past_the_documents_highlighting_budget_is_set_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Highlighted lines cost some 8 ms and 100 KB each in the PDF: a block
    that would pass the budget is set plain, with a warning at its line;
    blocks within it stay highlighted, and every line is kept."""
    from essaykit.renderers.pdf import html

    monkeypatch.setattr(html, "HIGHLIGHT_LINES", 30)
    small = "\n".join(f"a{i} = 'text {i}'" for i in range(10))
    big = "\n".join(f"b{i} = 'text {i}'" for i in range(50))
    doc = loads(f"# Code\n\n```python\n{small}\n```\n\nBetween.\n\n```python\n{big}\n```\n\n"
                f"```python\n{small.replace('a', 'c')}\n```\n", format="markdown")
    warnings: list[str] = []
    writer = html.PdfWriter(doc, warn=lambda message, line: warnings.append(f"{line}: {message}"))
    blocks = re.findall(r"<pre class=\"code\".*?</pre>", "".join(writer.visit(b) for b in doc.blocks), re.S)
    assert len(blocks) == 3
    assert "tok-" in blocks[0] and "tok-" not in blocks[1] and "tok-" in blocks[2]
    assert warnings == ["18: a code block of 50 lines: not highlighted in the PDF (it highlights 30 lines "
                        "of code a document); the EPUB highlights it"]
    assert all(f"b{i} = " in re.sub(r"<[^>]+>|[\u00ad\u2060]", "", blocks[1]) for i in range(50))
