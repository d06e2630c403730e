"""Copy and search give back every word of Hindi, Marathi, Nepali, Tamil, Bengali and Thai PDFs.

Essays written for this, each word chosen for what breaks: an i-matra drawn before its
consonant ("हिंदी", "लिपि"), vowels drawn on both sides ("பொங்கல்", "কোথায়"), conjuncts and
reph ("धैर्य", "রাষ্ট্রভাষা"), marks above and below ("कुछ", "ผู้คน"), a tone mark before SARA AM
("น้ำ"). Each is rendered as ``pdf`` and ``slides`` (notes on) and read back by pypdf and
pdftotext; every word of the essay must come back as written (canonically: NFKC). Thai has
no spaces between words: its phrases are looked for in each reading's lines, joined. And the
rewritten face draws each word as the original does (same advances, same ink).
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from functools import cache
from pathlib import Path

import pytest

import essaykit
from essaykit import fonts

ESSAYS = {
    "hindi": ("hi", """---
title: हिंदी में एक निबंध
lang: hi
---

# शुरुआत

हिंदी भारत की एक प्रमुख भाषा है। यह देवनागरी लिपि में लिखी जाती है। मेरे दादाजी हर सुबह
अख़बार पढ़ते थे और फिर बगीचे में पौधों को पानी देते थे। बच्चों ने स्कूल के बाद क्रिकेट खेला।

किताबें हमारी सबसे अच्छी मित्र होती हैं। वे हमें ज्ञान, धैर्य और कल्पना सिखाती हैं। प्रत्येक
विद्यार्थी को प्रतिदिन कुछ समय पढ़ने में बिताना चाहिए।

# मराठी और नेपाली

मराठी ही महाराष्ट्राची राजभाषा आहे. पुण्यात आम्ही दर रविवारी बाजारात जातो. नेपाल हिमालयको
देश हो। काठमाडौं उपत्यकामा धेरै मन्दिरहरू छन्।
"""),
    "tamil": ("ta", """---
title: தமிழ் மொழி
lang: ta
---

# தொடக்கம்

தமிழ் உலகின் மிகப் பழமையான மொழிகளில் ஒன்று. சென்னையில் நேற்று மழை பெய்தது, குழந்தைகள்
பள்ளிக்குச் சென்றார்கள். கோயில் திருவிழாவில் பெண்கள் பொங்கல் சமைத்தார்கள், கௌரவமான
விருந்தினர்கள் வந்தார்கள். வெள்ளிக்கிழமை நாங்கள் கடற்கரைக்குப் போனோம்.
"""),
    "bengali": ("bn", """---
title: বাংলা ভাষার কথা
lang: bn
---

# শুরু

বাংলা ভাষা বাংলাদেশের রাষ্ট্রভাষা এবং ভারতের পশ্চিমবঙ্গের প্রধান ভাষা। রবীন্দ্রনাথ ঠাকুর
বাংলা সাহিত্যে নোবেল পুরস্কার পেয়েছিলেন। আমি প্রতিদিন সকালে চা খাই, শীতকালে গ্রামের মাঠে
সরিষা ফুল ফোটে। তুমি কোথায় যাও? বৃষ্টির দিনে আমরা খিচুড়ি আর ইলিশ মাছ খেতে ভালোবাসি।
"""),
    "thai": ("th", """---
title: ภาษาไทยของเรา
lang: th
---

# บทนำ

ภาษาไทยเป็นภาษาราชการของประเทศไทย น้ำตกในภาคเหนือสวยงามมาก ผู้คนชอบไปเที่ยวในฤดูฝน

เด็ก ๆ เล่นน้ำที่แม่น้ำเจ้าพระยา คุณยายทำขนมไทยอร่อยที่สุด พวกเราจะไปตลาดน้ำพรุ่งนี้เช้า
"""),
}

_PUNCT = "\u0964\u0965.,:;!?()\"'«»\u2014\u2013-"


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\f", "\n")
    return re.sub("[\u200e\u200f\u202a-\u202e]", "", text)


def essay_words(name: str) -> list[str]:
    source = ESSAYS[name][1]
    title = re.search(r"^title: (.*)$", source, re.M).group(1)  # type: ignore[union-attr]
    body = re.sub(r"^#+ ", "", source.split("---", 2)[2], flags=re.M)
    return list(dict.fromkeys(w.strip(_PUNCT) for w in _norm(title + "\n" + body).split() if w.strip(_PUNCT)))


def lost(name: str, read: str) -> list[str]:
    """The essay's words the reading does not give back."""
    lines = [line.strip() for line in _norm(read).split("\n") if line.strip()]
    if name == "thai":  # lines break between Thai words, where there is no space
        flat = "".join(lines)
        return [w for w in essay_words(name) if w not in flat]
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith("-"):
            joined[-1] = joined[-1][:-1] + line
        else:
            joined.append(line)
    found = {w.strip(_PUNCT) for w in " ".join(joined).split()}
    return [w for w in essay_words(name) if w not in found]


def _font(name: str) -> fonts.FontFamily:
    family = fonts.font_for(ESSAYS[name][0])
    if family is None:
        pytest.skip(f"no font package for {name}")
    return family


@cache
def rendered(name: str, fmt: str, theme: str) -> bytes:
    doc = essaykit.prepare(essaykit.loads(ESSAYS[name][1], format="markdown"))
    options = {"notes": True} if fmt == "slides" else {}
    return essaykit.render(doc, fmt, theme, prepared=True, **options)  # type: ignore[arg-type]


def read(data: bytes, reader: str, tmp_path: Path) -> str:
    if reader == "pypdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    from .pdfwords import pdf_text

    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    return pdf_text(path)


@pytest.mark.parametrize("reader", ["pypdf", "pdftotext"])
@pytest.mark.parametrize(("fmt", "theme"), [("pdf", "classic"), ("pdf", "magazine"), ("slides", "talk")])
@pytest.mark.parametrize("name", sorted(ESSAYS))
def test_every_word_copies_back(name: str, fmt: str, theme: str, reader: str, tmp_path: Path) -> None:
    _font(name)
    text = read(rendered(name, fmt, theme), reader, tmp_path)
    assert not lost(name, text), f"{name} {fmt} in {theme}, {reader}: lost {lost(name, text)}"


def _drawn(data: bytes, word: str) -> tuple[int, tuple[int, int, int, int]]:
    """The word's advance and its ink's box, as HarfBuzz draws it with ``data``."""
    import uharfbuzz as hb
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    glyphs, order = font.getGlyphSet(), font.getGlyphOrder()
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(hb.Font(hb.Face(hb.Blob(data))), buf, {})
    pen, box = 0, [10**9, 10**9, -10**9, -10**9]
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        bounds = BoundsPen(glyphs)
        glyphs[order[info.codepoint]].draw(bounds)
        if bounds.bounds:
            x0, y0, x1, y1 = bounds.bounds
            dx, dy = pen + pos.x_offset, pos.y_offset
            box = [min(box[0], x0 + dx), min(box[1], y0 + dy), max(box[2], x1 + dx), max(box[3], y1 + dy)]
        pen += pos.x_advance
    return pen, (round(box[0]), round(box[1]), round(box[2]), round(box[3]))


@pytest.mark.parametrize("name", sorted(ESSAYS))
def test_the_rewritten_face_draws_each_word_as_before(name: str) -> None:
    from essaykit.syllables import _RUN, one_text_per_glyph

    family = _font(name)
    text = ESSAYS[name][1]
    face = family.best(400)
    assert face is not None
    before = fonts._prepare_bytes(face, 400 if face.variable else None, None, fonts.text_chars(text))
    after = one_text_per_glyph(before, text)
    assert after != before, "nothing was rewritten"
    for word in sorted(set(_RUN.findall(text))):
        advance, box = _drawn(before, word)
        advance2, box2 = _drawn(after, word)
        assert advance2 == advance, word
        assert all(abs(a - b) <= 1 for a, b in zip(box, box2, strict=True)), (word, box, box2)


def copied_wrong(data: bytes, words: list[str], lang: str) -> list[str]:
    """The words WeasyPrint's map would read back wrong from ``data``: each word
    shaped as Pango shapes it (a cluster a character unless reordering or a
    ligature joins some), each glyph given the text of the first cluster it
    ends (none where it does not end one), the words read back in order."""
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob(data)))
    to_unicode: dict[int, str] = {}
    shaped = []
    for word in words:
        buf = hb.Buffer()
        buf.add_str(word)
        buf.guess_segment_properties()
        buf.language = lang
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        hb.shape(font, buf, {})
        clusters = [info.cluster for info in buf.glyph_infos] + [len(word)]
        for i, info in enumerate(buf.glyph_infos):
            to_unicode.setdefault(info.codepoint, word[clusters[i]:clusters[i + 1]])
        shaped.append([info.codepoint for info in buf.glyph_infos])
    return [w for w, glyphs in zip(words, shaped, strict=True) if "".join(to_unicode[g] for g in glyphs) != w]


#: Letters, virama, reph and signs of random syllables (a consonant, a conjunct now and
#: then, a reph, a vowel sign or mark), and how many of 300 random words may still copy
#: wrong: Tamil's two-part vowels and Bengali's sometimes need more context than a rule has.
_RANDOM = {
    "hi": ("कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह", "्", "र्",
           ["", "ा", "ि", "ी", "ु", "ू", "ृ", "े", "ै", "ो", "ौ", "ं", "ँ", "ः", "ें", "ों", "िं"], 0),
    "ta": ("கஙசஞடணதநபமயரலவழளறனஜஷஸஹ", "்", "ர்", ["", "ா", "ி", "ீ", "ு", "ூ", "ெ", "ே", "ை", "ொ", "ோ", "ௌ", "்"], 24),
    "bn": ("কখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহ", "্", "র্",
           ["", "া", "ি", "ী", "ু", "ূ", "ৃ", "ে", "ৈ", "ো", "ৌ", "ং", "ঁ", "ঃ", "োং"], 12),
}


def _random_words(lang: str, seed: int) -> list[str]:
    import random

    rnd = random.Random(seed)
    letters, virama, reph, signs, _ = _RANDOM[lang]

    def syllable() -> str:
        s = rnd.choice(letters)
        if rnd.random() < 0.25:
            s += virama + rnd.choice(letters)
        if rnd.random() < 0.1:
            s = reph + s
        return s + rnd.choice(signs)

    return sorted({"".join(syllable() for _ in range(rnd.randint(1, 4))) for _ in range(300)})


def _faces(lang: str, text: str) -> tuple[bytes, bytes]:
    from essaykit.syllables import one_text_per_glyph

    family = fonts.font_for(lang)
    if family is None:
        pytest.skip(f"no font package for {lang}")
    face = family.best(400)
    assert face is not None
    before = fonts._prepare_bytes(face, 400 if face.variable else None, None, fonts.text_chars(text))
    return before, one_text_per_glyph(before, text)


@pytest.mark.parametrize("name", sorted(ESSAYS))
def test_no_glyph_of_the_essays_stands_for_two_texts(name: str) -> None:
    from essaykit.syllables import _RUN

    lang, text = ESSAYS[name]
    words = sorted(set(_RUN.findall(text)))
    before, after = _faces(lang, text)
    assert copied_wrong(before, words, lang), "the face as it was copies these back already"
    assert not copied_wrong(after, words, lang)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("lang", sorted(_RANDOM))
def test_random_syllables_copy_back(lang: str, seed: int) -> None:
    words = _random_words(lang, seed)
    before, after = _faces(lang, " ".join(words))
    wrong = copied_wrong(after, words, lang)
    assert len(wrong) <= _RANDOM[lang][4], wrong
    assert len(wrong) * 10 < len(copied_wrong(before, words, lang))
