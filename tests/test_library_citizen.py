"""essaykit as a dependency: library calls leave the host process as they found it.

In a fresh interpreter (nothing imported or patched by other tests), loading a long essay,
rendering each format and building books must leave every dependency name the speed-ups
know how to replace as the dependency's own object, no module stood in for, and must not
fork (the ``jobs`` default is 1). ``essaykit.speedups.enable()`` is what changes that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")

_HOST = r'''
import json, os, sys, types
from pathlib import Path

forks = []
_fork = os.fork
def fork():
    forks.append(1)
    return _fork()
os.fork = fork
pid = os.getpid()
import ctypes.util
find_library = ctypes.util.find_library
modules_before = {name: module for name, module in sys.modules.items()}

import essaykit
from essaykit.book import BookOptions, build_book

folder = Path(sys.argv[1])
sentence = ("The margin is where the reader breathes, and the typesetter who forgets "
            "it makes a page that shouts. ")

def essay(title, paragraphs, words=1):
    body = "\n\n".join(sentence * words + f"Paragraph {n}." for n in range(paragraphs))
    return f"---\ntitle: {title}\nauthor: Ada\n---\n\n## One\n\n{body}[^n]\n\n" \
           f"> [!PULLQUOTE]\n> The margin is where the reader breathes.\n\n" \
           f"```python\nprint('hi')\n```\n\n[^n]: A note.\n"

long_text = essay("Long", 1200, words=2)
assert len(long_text) > 200_000
doc = essaykit.loads(long_text)
small = essaykit.loads(essay("Small", 12))
for fmt in ("pptx", "epub", "pdf"):  # the deck first: it once stood in for urllib.request
    assert essaykit.render(small, fmt)
assert essaykit.render(doc, "epub")  # 600+ blocks: the size that once forked side work
essaykit.export(small, folder / "small.pdf")

(folder / "a.md").write_text(essay("Alpha", 350), "utf-8")
(folder / "b.md").write_text(essay("Beta", 350), "utf-8")
(folder / "book.toml").write_text(
    '[book]\ntitle = "Book"\nauthors = ["Ada"]\nlanguage = "en"\n'
    '[[part]]\ntitle = "All"\nchapters = ["a.md", "b.md"]\n', "utf-8")
build_book(folder / "book.toml", folder / "out", BookOptions(formats=("epub", "pptx"), deck="single"))
(folder / "c.md").write_text(essay("Gamma", 6), "utf-8")
(folder / "d.md").write_text(essay("Delta", 6), "utf-8")
(folder / "small.toml").write_text(
    '[book]\ntitle = "Small"\nauthors = ["Ada"]\nlanguage = "en"\n'
    '[[part]]\ntitle = "All"\nchapters = ["c.md", "d.md"]\n', "utf-8")
build_book(folder / "small.toml", folder / "out")

import mistune._inline.emphasis as emphasis, pydyf, pyphen
import weasyprint.draw, weasyprint.draw.text, weasyprint.layout
from weasyprint.pdf import fonts as wp_fonts
from weasyprint.text.line_break import Layout

def names():
    return {
        "draw_first_line": weasyprint.draw.text.draw_first_line,
        "draw_inline_level": weasyprint.draw.draw_inline_level,
        "make_margin_boxes": weasyprint.layout.make_margin_boxes,
        "Layout.setup": Layout.setup,
        "Font._fonttools_subset": wp_fonts.Font._fonttools_subset,
        "PDF.page_references": pydyf.PDF.__dict__["page_references"],
        "pyphen.hdcache": pyphen.hdcache,
        "_next_delimiter_run": emphasis._next_delimiter_run,
        "find_library": ctypes.util.find_library,
    }

first = names()
# The same objects again after a second round, now that everything is imported.
for fmt in ("pdf", "epub", "pptx"):
    essaykit.render(small, fmt)
essaykit.loads(long_text)
build_book(folder / "small.toml", folder / "out")
second = names()

owners = {
    "draw_first_line": "weasyprint.draw.text", "draw_inline_level": "weasyprint.draw",
    "make_margin_boxes": "weasyprint.layout.page", "Layout.setup": "weasyprint.text.line_break",
    "Font._fonttools_subset": "weasyprint.pdf.fonts", "_next_delimiter_run": "mistune._inline.emphasis",
    "find_library": "ctypes.util",
}
print(json.dumps({
    "changed": sorted(k for k in first if first[k] is not second[k]),
    "foreign": sorted(k for k, mod in owners.items() if first[k].__module__ != mod),
    "page_references": first["PDF.page_references"].fget.__module__,
    "hdcache": type(first["pyphen.hdcache"]).__name__,
    "find_library_same": first["find_library"] is find_library,
    "stand_ins": sorted(n for n, m in sys.modules.items() if type(m).__module__.startswith("essaykit")),
    "replaced_modules": sorted(n for n, m in modules_before.items()
                               if sys.modules.get(n) is not m and isinstance(m, types.ModuleType)),
    "forks": len(forks), "same_pid": os.getpid() == pid, "cli": "essaykit.cli" in sys.modules,
    "speedups_modules": sorted(n for n in sys.modules if n.startswith("essaykit.speedups.")),
}))
'''


def test_library_calls_leave_the_host_as_they_found_it(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", _HOST, str(tmp_path)], capture_output=True, text=True,
                         timeout=900, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["changed"] == [] and seen["foreign"] == []
    assert seen["page_references"] == "pydyf" and seen["hdcache"] == "dict"
    assert seen["find_library_same"] and seen["stand_ins"] == [] and seen["replaced_modules"] == []
    assert seen["forks"] == 0 and seen["same_pid"]
    assert not seen["cli"]  # the library, books included, never imports the command line
    assert (tmp_path / "out" / "book.epub").exists() and (tmp_path / "out" / "book.pptx").exists()
    assert (tmp_path / "out" / "small.pdf").exists()


def test_a_long_book_is_laid_out_in_one_process_unless_the_caller_asks() -> None:
    from essaykit.renderers.base import RenderContext
    from essaykit.renderers.pdf.parallel.run import worker_count
    from essaykit.renderers.pdf.renderer import build
    from essaykit.theme import load_theme

    from .test_pdf import chapter_book

    def workers(**options: object) -> int:
        ctx = RenderContext(theme=load_theme("classic"), options=dict(options))
        job = build(chapter_book(), ctx)
        assert job.pages_hint > 40
        return worker_count(job, ctx)

    assert workers() == 1 and workers(jobs=1) == 1
    assert workers(jobs=2) == 2


def test_enable_is_what_changes_it() -> None:
    code = textwrap.dedent("""
        import essaykit, essaykit.speedups as s
        s.enable()
        doc = essaykit.loads("# T\\n\\nSome text to hyphenate, typographically.")
        essaykit.render(doc, "pdf")
        import sys
        from weasyprint.text.line_break import Layout
        from weasyprint.pdf.fonts import Font
        print(Layout.setup.__module__, type(sys.modules["PIL.ImageCms"]).__name__)
        s.disable()
        print(Layout.setup.__module__, Font._fonttools_subset.__module__,
              any(type(m).__name__ == "Deferred" for m in list(sys.modules.values())))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split("\n")[:2] == [
        "essaykit.speedups.pango Deferred",
        "weasyprint.text.line_break weasyprint.pdf.fonts False"]
