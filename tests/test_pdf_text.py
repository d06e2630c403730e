"""A PDF's text is its glyphs' text: each glyph a face draws must stand for one character.

WeasyPrint maps each glyph id to the text of the first cluster it is drawn for, so a face
that draws several letters with one glyph (a dotless skeleton plus dots) or two letters with
one glyph in right-to-left text (readers copy a ligature's letters reversed) loses words.
Checked with HarfBuzz on every bundled theme's Arabic-script face, and on the written ZWNJ.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import pytest

from essaykit import fonts as F
from essaykit.theme import list_themes, load_theme

hb = pytest.importorskip("uharfbuzz")

#: Arabic and the letters Persian and Urdu add; each shaped alone, first,
#: between and last (the tatweel joins on both sides).
LETTERS = [chr(c) for c in range(0x0621, 0x064B) if c != 0x0640] + list("پچژکگیۀےٹڈڑںھ")
#: Words where faces ligate: lam-alef, lam-lam-heh, seen-yeh, beh-yeh...
WORDS = ["لا", "سلام", "الله", "کلاس", "فارسی", "کسی", "بیس", "لیلی", "محمد", "لأن", "لإ", "لآ",
         "تحت", "نیست", "فی", "بی", "کمک", "هستند", "گفتگو"]


def pdf_texts(font: object, text: str) -> list[tuple[int, str]]:
    """Each glyph of ``text`` with the text WeasyPrint maps it to: in a
    right-to-left run, a cluster's text goes to its last glyph (the leftmost),
    the others get none."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    infos = buf.glyph_infos
    out = []
    for i, info in enumerate(infos):
        end = len(text) if i == 0 else infos[i - 1].cluster
        out.append((info.codepoint, text[info.cluster:end]))
    return out


def unfaithful_glyphs(data: bytes, *, triples: bool = False) -> dict[int, set[str]]:
    """Glyphs that would stand for two different texts in a PDF (an empty
    one included: a glyph with no text wherever it is met first loses its
    letter everywhere), or for two letters at once (read back reversed)."""
    face = hb.Face(hb.Blob(data))
    font = hb.Font(face)
    cmap = face.unicodes
    letters = [ch for ch in LETTERS if ord(ch) in cmap]
    texts: dict[int, set[str]] = defaultdict(set)
    samples = [w for ch in letters for w in (ch, "\u0640" + ch, ch + "\u0640", "\u0640" + ch + "\u0640")]
    samples += WORDS + ["ب" + a + b + "ب" for a in letters for b in letters]
    if triples:
        samples += [a + b + c for a in letters for b in letters for c in letters]
    for sample in samples:
        for glyph, text in pdf_texts(font, sample):
            if text != "\u0640":
                texts[glyph].add(text)
    return {g: t for g, t in texts.items() if len(t) > 1 or any(len(s) > 1 for s in t)}


@pytest.mark.parametrize("theme_name", sorted(t.name for t in list_themes() if t.builtin)
                         if any(t.builtin for t in list_themes()) else ["classic", "magazine", "talk"])
def test_every_theme_sets_arabic_script_in_a_face_that_copies_back(theme_name: str) -> None:
    """The face as essaykit prepares it for a text in every letter (cached on disk)."""
    family = F.find_family(F.font_for("arabic", load_theme(theme_name)).name)  # type: ignore[union-attr]
    assert family is not None
    best = family.best(400)
    assert best is not None
    face = F.prepare_face(best, "EK Arabic", text="".join(LETTERS) + " ".join(WORDS))
    bad = unfaithful_glyphs(face.data, triples=True)
    assert not bad, f"{theme_name}: {family.name}: glyph → texts {dict(list(bad.items())[:5])}"


def test_faces_that_draw_letters_from_shared_glyphs_are_caught() -> None:
    """The check itself: Noto Sans Arabic draws ب ت ث from one dotless glyph;
    Amiri as published gives lam before kaf a stroke of its own, which would
    carry the lam's text (prepared, it copies back: the test above)."""
    noto = F.find_family("Noto Sans Arabic")
    if noto is None:
        pytest.skip("fontpkg-noto-sans-arabic not installed")
    bad = unfaithful_glyphs(noto.files[0].path.read_bytes())
    assert len(bad) > 20, bad
    amiri = F.find_family("Amiri")
    assert amiri is not None
    assert any("" in texts for texts in unfaithful_glyphs(amiri.files[0].path.read_bytes(),
                                                           triples=True).values())


def zwnj_glyph(data: bytes, text: str) -> tuple[int, int, int]:
    """What HarfBuzz gives the (one) ZWNJ of ``text`` in the face ``data``:
    glyph, advance, and the glyph the cmap maps U+200C to (0: none)."""
    font = hb.Font(hb.Face(hb.Blob(data)))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    at = text.index("\u200c")
    found = [(info.codepoint, pos.x_advance)
             for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
             if info.cluster == at]
    assert len(found) == 1
    return (*found[0], font.get_nominal_glyph(0x200C) or 0)


@pytest.mark.parametrize("family_name", ["Amiri", "Lato", "Source Serif 4"])
def test_a_prepared_face_keeps_a_written_glyph_for_zwnj(family_name: str) -> None:
    """HarfBuzz hides a ZWNJ (space glyph or none) unless GSUB substituted its
    glyph: in the prepared face it shapes to a glyph of its own, empty and
    without advance, so the page is unchanged (Lato has no ZWNJ: one is added)."""
    family = F.find_family(family_name)
    assert family is not None
    text = "می‌کنم" if family_name == "Amiri" else "Auf\u200clage"
    face = F.prepare_face(family.files[0], "EK Test", text=text)
    glyph, advance, nominal = zwnj_glyph(face.data, text)
    font = hb.Font(hb.Face(hb.Blob(face.data)))
    assert glyph not in (0, nominal, font.get_nominal_glyph(0x20))
    assert advance == 0
    extents = font.get_glyph_extents(glyph)
    assert extents is None or extents.width == 0


def test_a_face_that_draws_no_letter_beside_a_zwnj_is_left_alone() -> None:
    family = F.find_family("Lato")
    assert family is not None
    text = "می‌کنم latin"
    face = F.prepare_face(family.best(400), "EK Test", text=text)
    font = hb.Font(hb.Face(hb.Blob(face.data)))
    glyph, _advance, _nominal = zwnj_glyph(face.data, "a\u200cb")
    assert glyph == font.get_nominal_glyph(0x20)  # hidden, as HarfBuzz hides it


def test_only_faces_that_draw_the_letters_beside_a_zwnj_are_rewritten() -> None:
    assert F.zwnj_neighbours("می\u200cکنم and a\u200c") == {ord("ی"), ord("ک"), ord("a")}
    assert F.zwnj_neighbours("\u200c") == frozenset()


def test_the_initial_is_a_picture_and_the_letter_stays_in_the_text() -> None:
    from essaykit.renderers.pdf.initial import Initial, set_initial

    family = F.find_family("Source Serif 4")
    assert family is not None
    face = F.prepare_face(family.best(400), "EK Body", text="“The first")
    raised = Initial("raised", 2.7, 700, "#d1372a")
    main = '<h2 id="a">Head</h2><p>“The first <em>word</em>.</p><p>Then.</p>'
    out = set_initial(main, raised, face.data, face.data)
    assert out.startswith('<h2 id="a">Head</h2><p><svg ')
    assert '<span class="initial-text" style="color: transparent; margin-inline-start: -' in out
    assert out.endswith('>“T</span>he first <em>word</em>.</p><p>Then.</p>')
    assert 'fill="#d1372a"' in out and "vertical-align" in out
    drop = set_initial(main, Initial("drop", 0, 400, "#000"), face.data, face.data)
    assert "float: left" in drop and "1lh" in drop
    # No initial where a letter joins the next (Arabic) or where there is no paragraph.
    for html in ("<p>سلام دنیا</p>", "<p>中文</p>", "<div><p>Nested</p></div>", "<p><sup>1</sup>x</p>"):
        assert set_initial(html, raised, face.data, face.data) == html


VOWELLED = ["كَتَبَ", "الطَّالِبُ", "مُقَدِّمَةٌ", "كِتَابًا", "خانهٔ", "خانۀ", "الْمُتَنَبِّي"]


def test_a_prepared_face_draws_the_marks_with_their_letters() -> None:
    """pdftotext reads a mark drawn over its letter (or raised) as a word of
    its own: in the prepared face each mark of the text is drawn by its letter's
    glyph, and its text sits on an empty glyph just before the letter, on the
    baseline (essaykit.marks); "ۀ" is one glyph."""
    from essaykit.marks import STEP

    family = F.find_family("Amiri")
    assert family is not None
    face = F.prepare_face(family.best(400), "EK Arabic", text=" ".join(VOWELLED))
    font = hb.Font(hb.Face(hb.Blob(face.data)))
    upem = font.face.upem
    for word in VOWELLED:
        buf = hb.Buffer()
        buf.add_str(word)
        buf.guess_segment_properties()
        hb.shape(font, buf, {})
        marks = sum(unicodedata.category(c) == "Mn" for c in word)
        empty = [(info, pos) for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
                 if not pos.x_advance]
        if word == "خانۀ":
            assert not empty and len(buf.glyph_infos) == len(word)
            continue
        assert 1 <= len(empty) <= marks, word  # a shadda and its vowel: one glyph
        for info, pos in empty:
            extents = font.get_glyph_extents(info.codepoint)
            assert extents is None or extents.width == 0, word
            assert pos.y_offset == 0 and -3 * STEP * upem / 1000 <= pos.x_offset < 0, (word, pos.x_offset)
