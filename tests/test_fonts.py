"""Font discovery and preparation: packages found, scripts told apart, and
faces pinned and subset small."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from essaykit import fonts as F
from essaykit.theme import load_theme


def test_packages_are_found() -> None:
    families = F.installed_families()
    for name in ("source serif 4", "amiri", "noto sans cjk tc"):
        assert name in families, sorted(families)
    serif = families["source serif 4"]
    assert serif.has_italic() and serif.best(700).variable


@pytest.mark.parametrize("ch,script", [("a", "latin"), ("漢", "cjk"), ("か", "cjk"), ("ب", "arabic"),
                                       ("ק", "hebrew"), ("ก", "thai"), (" ", None), ("3", None)])
def test_script_of(ch: str, script: str | None) -> None:
    assert F.script_of(ch) == script


@pytest.mark.parametrize("key,family", [("ja", "Noto Sans CJK TC"), ("zh-CN", "Noto Sans CJK TC"),
                                         ("cjk", "Noto Sans CJK TC"), ("fa", "Amiri"),
                                         ("arabic", "Amiri"), ("hi", "Noto Sans Devanagari"),
                                         ("mr", "Noto Sans Devanagari"), ("th", "Noto Sans Thai"),
                                         ("ta", "Noto Sans Tamil"), ("he", "Frank Ruhl Libre"),
                                         ("hebrew", "Frank Ruhl Libre"), ("bn", "Hind Siliguri")])
def test_font_for(key: str, family: str) -> None:
    found = F.font_for(key, load_theme("classic"))
    assert found is not None and found.name == family


def test_font_for_latin_is_none() -> None:
    assert F.font_for("en") is None


class _Theme:
    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.lineage = ()

    def get(self, dotted: str, default: object = None) -> object:
        node: object = self.settings
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node


def test_theme_chooses_script_font() -> None:
    theme = _Theme({"fonts": {"scripts": {"arabic": "Noto Sans Arabic"}}})
    found = F.font_for("ar", theme)
    assert found is not None and found.name in {"Noto Sans Arabic", "Amiri"}
    assert F.script_families("arabic", theme)[0] == "Noto Sans Arabic"


def test_prepare_pins_variable_font_and_subsets() -> None:
    serif = F.installed_families()["source serif 4"]
    src = serif.best(700)
    assert src is not None
    face = F.prepare_face(src, "EK Test", weight=700, text="Hello", opsz=11)
    from io import BytesIO

    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(face.data))
    assert "fvar" not in font and "gvar" not in font
    assert font["OS/2"].usWeightClass == 700
    cmap = font.getBestCmap()
    assert ord("H") in cmap and ord("é") in cmap and ord("Ж") not in cmap
    assert len(face.data) < len(src.path.read_bytes()) / 3


def test_cjk_subset_is_small() -> None:
    cjk = F.installed_families()["noto sans cjk tc"]
    face = F.prepare_face(cjk.files[0], "EK CJK", text="フィードバックとの付き合い方，科技爱好者周刊")
    assert len(face.data) < 400_000 and face.format == "opentype"


def test_uncovered_scripts() -> None:
    fams = list(F.installed_families().values())
    # Hindi, Thai, Tamil, Bengali and Hebrew posts print out of the box: their fonts are dependencies.
    assert F.uncovered_scripts("日本語 and العربية, हिन्दी, ภาษาไทย, தமிழ், বাংলা, עִבְרִית", fams) == {}
    assert "egyptian" in F.uncovered_scripts("𓀀", fams)


def test_installed_families_are_kept_while_nothing_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from essaykit import installed

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    font = tmp_path / "Fake-Regular.ttf"
    font.write_bytes(b"\0" * 64)
    fake = {"fake": F.FontFamily("Fake", (F.FontFile(font, "normal", None, (("wght", 100.0, 400.0, 900.0),)),),
                                 "OFL-1.1", "fontpkg-fake")}
    scans: list[int] = []

    def scan() -> dict[str, F.FontFamily]:
        scans.append(1)
        return dict(fake)

    stamp = ["one"]
    monkeypatch.setattr(F, "_scan_families", scan)
    monkeypatch.setattr(installed, "fingerprint", lambda: stamp[0])

    def families() -> dict[str, F.FontFamily]:
        F.installed_families.cache_clear()
        return F.installed_families()

    try:
        assert families() == fake and len(scans) == 1      # scanned, then kept
        assert families() == fake and len(scans) == 1      # read back, the same
        stamp[0] = "two"                                    # something installed or removed
        assert families() == fake and len(scans) == 2
        os.utime(font, ns=(1, 1))                           # a font file changed
        assert families() == fake and len(scans) == 3
        assert families() == fake and len(scans) == 3
    finally:
        F.installed_families.cache_clear()


def test_a_face_keeps_the_glyphs_its_shaper_draws_a_character_with() -> None:
    """HarfBuzz's Thai shaper draws SARA AM as nikhahit + sara aa whatever the
    font has: subset to the text's characters only, "บทนำ" printed "บทน า"."""
    import uharfbuzz as hb

    from essaykit import fonts as F

    assert {"\u0e4d", "\u0e32"} <= F.text_chars("บทนำ")
    family = F.find_family("Noto Sans Thai")
    if family is None:
        return
    face = F.prepare_face(family.files[0], "EK Thai", text="บทนำ")
    font = hb.Font(hb.Face(hb.Blob(face.data)))
    buf = hb.Buffer()
    buf.add_str("บทนำ")
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    assert all(info.codepoint for info in buf.glyph_infos)  # no .notdef
