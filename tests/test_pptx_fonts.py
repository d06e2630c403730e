"""The theme's fonts travel with the deck (issue 19): embedded as PowerPoint
embeds them, EOT-wrapped TrueType in ``ppt/fonts/`` listed in
``p:embeddedFontLst``, subset to the deck's characters, and the file still
opens in python-pptx and converts in LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

import essaykit

ESSAY = """---
title: Fonts That Travel
author: Ines Okafor
lang: en
---

# Why it matters

A deck drawn in a fallback face breaks its lines where the planner never
measured them, and a title meant for one line takes two. *Italic* and **bold**
need their own faces too.

# What to do

Embed the faces, subset them to the characters the talk uses, and let the
speaker carry one file to any laptop.

```python
print("code has its own face")
```
"""


def _deck(theme: str = "classic", **options: object) -> bytes:
    doc = essaykit.loads(ESSAY, format="markdown")
    return essaykit.render(doc, "pptx", theme=theme, **options)


def _read_eot(data: bytes) -> dict[str, object]:
    """Parse an Embedded OpenType file field by field (W3C EOT submission)."""
    eot_size, font_size, version, flags = struct.unpack_from("<LLLL", data, 0)
    pos = 16 + 10 + 1 + 1 + 4 + 2
    (magic,) = struct.unpack_from("<H", data, pos)
    pos += 2 + 16 + 8 + 4 + 16
    names = []
    for _ in range(4):
        pad, size = struct.unpack_from("<HH", data, pos)
        pos += 4
        names.append(data[pos:pos + size].decode("utf-16-le"))
        pos += size
    pad, root = struct.unpack_from("<HH", data, pos)
    pos += 4 + root
    if version == 0x00020002:
        pos += 4 + 4
        pad, sig = struct.unpack_from("<HH", data, pos)
        pos += 4 + sig + 4
        (eudc,) = struct.unpack_from("<L", data, pos)
        pos += 4 + eudc
    return {"size": eot_size, "font_size": font_size, "version": version, "flags": flags,
            "magic": magic, "family": names[0], "style": names[1], "font": data[pos:]}


def test_theme_fonts_are_embedded_as_powerpoint_does() -> None:
    from fontTools.ttLib import TTFont

    data = _deck()
    z = zipfile.ZipFile(io.BytesIO(data))
    pres = z.read("ppt/presentation.xml").decode()
    assert "<p:embeddedFontLst>" in pres and 'embedTrueTypeFonts="1"' in pres
    # p:embeddedFontLst sits where the schema puts it: after p:notesSz, before defaultTextStyle.
    assert pres.index("<p:notesSz") < pres.index("<p:embeddedFontLst>") < pres.index("<p:defaultTextStyle")
    families = re.findall(r'<p:font typeface="([^"]+)"', pres)
    assert "Source Serif 4" in families and "Source Code Pro" in families
    rels = z.read("ppt/_rels/presentation.xml.rels").decode()
    types = z.read("[Content_Types].xml").decode()
    assert "application/x-fontdata" in types
    deck_text = "".join(
        t for name in z.namelist() if name.startswith(("ppt/slides/slide", "ppt/notesSlides/"))
        for t in re.findall(r"<a:t>([^<]*)</a:t>", z.read(name).decode())
    )
    for rid in re.findall(r'<p:(?:regular|bold|italic|boldItalic) r:id="(rId\d+)"', pres):
        target = re.search(rf'Id="{rid}" Type="[^"]+/font" Target="([^"]+)"', rels)
        assert target, rid
        eot = _read_eot(z.read("ppt/" + target.group(1)))
        assert eot["size"] == len(z.read("ppt/" + target.group(1)))
        assert eot["magic"] == 0x504C and eot["flags"] == 0
        assert eot["font_size"] == len(eot["font"])  # type: ignore[arg-type]
        font = TTFont(io.BytesIO(eot["font"]))  # type: ignore[arg-type]
        assert eot["family"] in families
        cmap = font.getBestCmap()
        if eot["family"] == "Source Serif 4":
            missing = {c for c in deck_text if not c.isspace() and ord(c) not in cmap}
            assert not missing  # the subset covers every character of the talk
            assert len(eot["font"]) < 200_000  # type: ignore[arg-type]


def test_embedding_can_be_left_out() -> None:
    z = zipfile.ZipFile(io.BytesIO(_deck(embed_fonts=False)))
    assert not [n for n in z.namelist() if n.startswith("ppt/fonts/")]
    assert "embeddedFontLst" not in z.read("ppt/presentation.xml").decode()


@pytest.mark.parametrize(("theme", "expected"), [("magazine", {"DM Serif Display", "Lato"}),
                                                 ("talk", {"Atkinson Hyperlegible"})])
def test_each_theme_carries_its_faces(theme: str, expected: set[str]) -> None:
    from pptx import Presentation

    data = _deck(theme)
    pres = zipfile.ZipFile(io.BytesIO(data)).read("ppt/presentation.xml").decode()
    assert expected <= set(re.findall(r'<p:font typeface="([^"]+)"', pres))
    assert len(Presentation(io.BytesIO(data)).slides) > 2


def test_a_cjk_deck_embeds_what_powerpoint_can_take() -> None:
    doc = essaykit.loads("---\ntitle: 下書き\nlang: ja\n---\n\n# 朝\n\n毎朝、私は三十分だけ下書きを書く。\n",
                         format="markdown")
    data = essaykit.render(doc, "pptx", theme="magazine")
    pres = zipfile.ZipFile(io.BytesIO(data)).read("ppt/presentation.xml").decode()
    # The CJK face is CFF-flavoured OpenType, which PowerPoint does not embed.
    assert "Noto Sans CJK" not in pres


@pytest.mark.parametrize(("lang", "title", "words", "family"), [
    ("he", "מאמר בעברית", "זהו מאמר קצר. אנחנו כותבים בכל בוקר.", "Frank Ruhl Libre"),
    ("bn", "বাংলা প্রবন্ধ", "এটি একটি ছোট প্রবন্ধ। আমরা প্রতিদিন সকালে লিখি।", "Hind Siliguri"),
    ("ta", "தமிழ் கட்டுரை", "இது ஒரு சிறிய கட்டுரை. நாங்கள் ஒவ்வொரு காலையும் எழுதுகிறோம்.", "Noto Sans Tamil"),
])
def test_a_complex_script_deck_names_and_embeds_its_font(lang: str, title: str, words: str, family: str) -> None:
    """A Hebrew, Bengali or Tamil talk names the face its PDF uses for its
    script (the runs' ``a:cs``) and carries it, covering every letter; it
    was drawn in the Latin body face (Bengali, Tamil) or named a Hebrew face
    that is not installed, so nothing was embedded."""
    from fontTools.ttLib import TTFont

    from essaykit import fonts

    if fonts.find_family(family) is None:
        pytest.skip(f"{family} is not installed")
    doc = essaykit.loads(f"---\ntitle: {title}\nlang: {lang}\n---\n\n# {title}\n\n{words}\n\n"
                         f"## {title} 2\n\n{words} {words}\n", format="markdown")
    z = zipfile.ZipFile(io.BytesIO(essaykit.render(doc, "pptx")))
    slides = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert {f for s in slides for f in re.findall(r'<a:cs typeface="([^"]+)"', s)} == {family}
    pres = z.read("ppt/presentation.xml").decode()
    assert family in re.findall(r'<p:font typeface="([^"]+)"', pres)
    rels = z.read("ppt/_rels/presentation.xml.rels").decode()
    block = pres[pres.index(f'<p:font typeface="{family}"'):].split("</p:embeddedFont>")[0]
    rid = re.search(r'<p:regular r:id="(rId\d+)"', block)
    assert rid is not None
    target = re.search(rf'Id="{rid.group(1)}" Type="[^"]+/font" Target="([^"]+)"', rels)
    assert target is not None
    eot = _read_eot(z.read("ppt/" + target.group(1)))
    assert eot["family"] == family
    cmap = TTFont(io.BytesIO(eot["font"])).getBestCmap()  # type: ignore[arg-type]
    assert not {c for c in title + words if not c.isspace() and ord(c) not in cmap}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_deck_with_fonts_converts_in_libreoffice(tmp_path: Path) -> None:
    deck = tmp_path / "talk.pptx"
    deck.write_bytes(_deck("talk"))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
                   check=True, capture_output=True, timeout=300)
    assert (tmp_path / "talk.pdf").stat().st_size > 1000
