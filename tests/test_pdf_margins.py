"""Pages without margin boxes skip WeasyPrint's margin-box machinery
(:mod:`essaykit.speedups.margins`); pages with any keep all of theirs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from essaykit.speedups import margins as pdf_margins
from essaykit.speedups.weasy_import import import_weasyprint


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_only_pages_without_margin_boxes_skip_them(tmp_path: Path, speedups_on: None) -> None:
    import_weasyprint()
    import weasyprint.layout
    from weasyprint import CSS, HTML

    assert pdf_margins.install() and pdf_margins.install()  # once, and again as a no-op
    assert weasyprint.layout.make_margin_boxes.__module__ == pdf_margins.__name__
    html = "".join(f'<p style="break-before: page">Page {n}</p>' for n in ("one", "two", "three", "four"))
    css = """
@page { @bottom-center { content: "folio " counter(page); } }
@page :first { @bottom-center { content: none; } }
@page :left { @top-left { content: "Left head"; } }
@page bare { @bottom-center { content: none; } @top-left { content: none; } }
p:nth-child(4) { page: bare; }
"""
    out = tmp_path / "margins.pdf"
    out.write_bytes(HTML(string=html).render(stylesheets=[CSS(string=css)]).write_pdf())
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")[:-1]]
    assert pages == [["Page one"], ["Left head", "Page two", "folio 2"], ["Page three", "folio 3"],
                     ["Page four"]]
