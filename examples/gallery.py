#!/usr/bin/env python3
"""Render a gallery of every built-in theme on ``examples/essay.md``.

For each theme it writes three small PNGs to ``examples/gallery/``:

* ``THEME-pdf.png``: the first two pages of the PDF;
* ``THEME-epub.png``: the ebook's cover and the opening of its chapter, drawn
  from the EPUB's own XHTML, stylesheet and embedded fonts by WeasyPrint on
  an e-reader-sized page;
* ``THEME-slides.png``: three slides of the deck (title, a key-point slide,
  a pull quote), converted by LibreOffice.

Needs poppler-utils (``pdftoppm``) and, for the slides, LibreOffice Impress
(``soffice``); a missing tool skips that picture with a note. LibreOffice
is pointed at the fonts of essaykit's font packages through a private
fontconfig file, as a speaker's machine with the theme's fonts installed
would show the deck.

    python examples/gallery.py [--themes classic,talk] [--out examples/gallery]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ESSAY = HERE / "essay.md"
#: Resolution of the pictures: small files, still readable when clicked.
DPI = 56
SLIDE_WIDTH = 520
EREADER_CSS = "@page { size: 90mm 124mm; margin: 7mm 6mm 8mm; background: white; } html { font-size: 9.5pt; }"


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(cmd, check=True, capture_output=True, timeout=600, **kw)  # type: ignore[call-overload]


def pdf_pages(pdf: Path, tmp: Path, first: int, last: int, dpi: int = DPI) -> list[Path]:
    prefix = tmp / (pdf.stem + "-pg")
    run(["pdftoppm", "-r", str(dpi), "-f", str(first), "-l", str(last), "-png", str(pdf), str(prefix)])
    return sorted(tmp.glob(pdf.stem + "-pg*.png"))


def row(images: list[object], gap: int = 12, background: str = "#d9d9d9") -> object:
    from PIL import Image

    ims = [im.convert("RGB") for im in images]  # type: ignore[attr-defined]
    height = max(im.height for im in ims)
    out = Image.new("RGB", (sum(im.width for im in ims) + gap * (len(ims) + 1), height + 2 * gap),
                    background)
    x = gap
    for im in ims:
        out.paste(im, (x, gap + (height - im.height) // 2))
        x += im.width + gap
    return out


def save_small(image: object, path: Path) -> None:
    """PNG in a 96-colour palette: type and flat colour survive, the file
    stays near 100 KB."""
    from PIL import Image

    small = image.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)  # type: ignore[attr-defined]
    small.save(path, optimize=True)


def font_config(tmp: Path) -> Path:
    """A fontconfig file: the system's fonts plus essaykit's font packages."""
    from essaykit.fonts import font_folders

    dirs = "".join(f"<dir>{d}</dir>" for d in font_folders())
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{dirs}'
        f"<cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>", "utf-8")
    return conf


def pdf_picture(pdf: Path, tmp: Path) -> object:
    from PIL import Image

    return row([Image.open(p) for p in pdf_pages(pdf, tmp, 1, 2)])


def epub_picture(epub: Path, tmp: Path) -> object:
    """The cover and the first page of the first chapter, as a reader shows them."""
    from PIL import Image
    from weasyprint import CSS, HTML

    folder = tmp / (epub.stem + "-epub")
    with zipfile.ZipFile(epub) as z:
        z.extractall(folder)
    root = folder / "EPUB"
    chapter = sorted(root.glob("text-*.xhtml"))[0]
    page = tmp / "chapter.pdf"
    HTML(filename=str(chapter)).write_pdf(str(page), stylesheets=[CSS(string=EREADER_CSS)])
    text = Image.open(pdf_pages(page, tmp, 1, 1, dpi=int(DPI * 1.5))[0])
    cover = Image.open(root / "images" / "cover.png")
    cover = cover.resize((int(cover.width * text.height / cover.height), text.height))
    return row([cover, text])


def slide_numbers(essay: Path) -> list[int]:
    """1-based numbers of the title slide, a key-point slide and a quote."""
    out = run([sys.executable, "-m", "essaykit", "inspect", "--slides", "--json",
               str(essay)]).stdout
    kinds = [s["kind"] for s in json.loads(out)["slides"]]
    picks = [0]
    for wanted in ("points", "quote"):
        if wanted in kinds:
            picks.append(kinds.index(wanted, 2 if wanted == "points" else 0))
    return [i + 1 for i in picks]


def slides_picture(pptx: Path, tmp: Path, numbers: list[int], conf: Path) -> object | None:
    from PIL import Image

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("gallery: soffice not found, no slides (apt-get install libreoffice-impress)")
        return None
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    profile = (tmp / "lo-profile").as_uri()
    run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp), str(pptx)], env=env)
    pdf = tmp / (pptx.stem + ".pdf")
    ims = []
    for n in numbers:
        (path,) = [p for p in pdf_pages(pdf, tmp, n, n, dpi=72) if p.stem.endswith(f"-{n}")
                   or p.stem.endswith(f"-{n:02d}")][:1]
        im = Image.open(path)
        ims.append(im.resize((SLIDE_WIDTH, int(im.height * SLIDE_WIDTH / im.width)), Image.LANCZOS))
        path.unlink()
    return row(ims)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--themes", help="comma-separated theme names (default: every built-in theme)")
    ap.add_argument("--out", default=str(HERE / "gallery"))
    ap.add_argument("--essay", default=str(ESSAY))
    args = ap.parse_args(argv)
    if not shutil.which("pdftoppm"):
        sys.exit("gallery: pdftoppm not found (apt-get install poppler-utils)")

    import essaykit
    from essaykit.theme import list_themes

    names = args.themes.split(",") if args.themes else [t.name for t in list_themes() if t.builtin]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    essay = Path(args.essay)
    doc = essaykit.load(essay)
    for name in names:
        with tempfile.TemporaryDirectory(prefix=f"gallery-{name}-") as t:
            tmp = Path(t)
            conf = font_config(tmp)
            files = {}
            for fmt in ("pdf", "epub", "pptx"):
                files[fmt] = tmp / f"{essay.stem}.{fmt}"
                essaykit.export(doc, files[fmt], fmt, theme=name)
            pictures = {
                "pdf": pdf_picture(files["pdf"], tmp),
                "epub": epub_picture(files["epub"], tmp),
                "slides": slides_picture(files["pptx"], tmp, slide_numbers(essay), conf),
            }
            for kind, picture in pictures.items():
                if picture is None:
                    continue
                target = out / f"{name}-{kind}.png"
                save_small(picture, target)
                print(f"{target}  {target.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
