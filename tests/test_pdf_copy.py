"""Copy and search give back every word of the PDF and of the PDF slides, read by two readers.

Essays written for this (Persian with "ۀ", the hamza of the ezafe and ZWNJ; Arabic with its
harakat, shadda and tanwin; Hebrew with its points) are rendered in every bundled theme as ``pdf`` and as ``slides``
with their notes (every word of the essay is on a slide or in its notes), then read back.
pypdf must give every word exactly as written, marks in their order. pdftotext too, but
compared canonically (:mod:`tests.pdfwords`, NFKC): it splits a glyph's text into characters
laid side by side and reads a right-to-left line backwards, so a shadda and its vowel, which
Amiri draws as one glyph, come back in the other (canonically equal) order.
"""

from __future__ import annotations

import io
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

import essaykit
from essaykit.theme import list_themes

from .pdfwords import essay_text, missing_words, read_pdf_words

THEMES = sorted(t.name for t in list_themes() if t.builtin) or ["classic", "magazine", "talk"]

ESSAYS = {
    "persian": """---
title: خانهٔ ما
lang: fa
---

# آغاز

ما در خانهٔ کوچکی زندگی می‌کنیم. نامهٔ او را دیروز خواندم و همهٔ بچه‌ها خوشحال شدند.
این کتاب‌ها را می‌خواهم، ولی نمی‌دانم کجا هستند. خانۀ ما و نامۀ دوست هم هست.

# پایان

دانشگاه‌های ایران در تابستان بسته‌اند و بچه‌ها به خانه‌هایشان برمی‌گردند.
""",
    "arabic": """---
title: الشِّعْرُ وَالْحَرَكَاتُ
lang: ar
---

# مُقَدِّمَةٌ

كَتَبَ الطَّالِبُ الدَّرْسَ فِي الْمَدْرَسَةِ، ثُمَّ قَرَأَ كِتَابًا جَدِيدًا عَنِ التَّارِيخِ.
قَالَ الشَّاعِرُ: الْخَيْلُ وَاللَّيْلُ وَالْبَيْدَاءُ تَعْرِفُنِي، وَالسَّيْفُ وَالرُّمْحُ وَالْقِرْطَاسُ وَالْقَلَمُ.

# الْحَرَكَاتُ

الْفَتْحَةُ وَالْكَسْرَةُ وَالضَّمَّةُ وَالسُّكُونُ وَالشَّدَّةُ وَالتَّنْوِينُ: عِلْمٌ نَافِعٌ، وَقَلْبٌ سَلِيمٌ.
إِنَّ مَعَ الْعُسْرِ يُسْرًا، وَمَنْ جَدَّ وَجَدَ، وَمَنْ زَرَعَ حَصَدَ.
""",
    "hebrew": """---
title: סִפּוּר קָטָן
lang: he
---

# בַּבֹּקֶר

הַיֶּלֶד הָלַךְ לְבֵית הַסֵּפֶר בַּבֹּקֶר. אִמָּא שֶׁלּוֹ הֵכִינָה לוֹ כָּרִיךְ עִם גְּבִינָה וְתַפּוּחַ.
בַּדֶּרֶךְ הוּא רָאָה כֶּלֶב גָּדוֹל וְחָתוּל שָׁחֹר עַל הַגָּדֵר.

# בָּעֶרֶב

בָּעֶרֶב הוּא קָרָא סֵפֶר עַל חַיּוֹת הַיָּם, וְאַחַר כָּךְ שָׁתָה כּוֹס חָלָב חַם. שָׁלוֹם לְכֻלָּם.
""",
}

#: Words Amiri kerns wide after a letter that does not join the next (و, 0.125 em, more
#: than pdftotext's 0.1 em between two letters of a word): pdftotext gives them in two.
WIDE_AFTER_WAW = {"persian": "دانشجویان", "arabic": "وَبَيْتٌ"}


@cache
def rendered(name: str, fmt: str, theme: str, text: str = "") -> tuple[bytes, str]:
    doc = essaykit.prepare(essaykit.loads(text or ESSAYS[name], format="markdown"))
    options = {"notes": True} if fmt == "slides" else {}
    return essaykit.render(doc, fmt, theme, prepared=True, **options), essay_text(doc)  # type: ignore[arg-type]


def read_pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def read_pdftotext(data: bytes, tmp_path: Path) -> str:
    from .pdfwords import pdf_text

    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    return pdf_text(path)


#: What a word is, read back: letters, marks and joiners between spaces and punctuation.
_WORD = re.compile(r"[^\s\d.,:;!?()«»،؛؟\u202a-\u202e\u200e\u200f-]+")


def exact_words(text: str) -> set[str]:
    return set(_WORD.findall(text))


@pytest.mark.parametrize("fmt", ["pdf", "slides"])
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", sorted(ESSAYS))
def test_pypdf_gives_back_every_word_as_written(name: str, theme: str, fmt: str) -> None:
    data, essay = rendered(name, fmt, theme)
    lost = sorted(exact_words(essay) - exact_words(read_pypdf(data)))
    assert not lost, f"{name} {fmt} in {theme}: lost {lost}"


@pytest.mark.parametrize("fmt", ["pdf", "slides"])
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", sorted(ESSAYS))
def test_pdftotext_gives_back_every_word(name: str, theme: str, fmt: str, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    data, essay = rendered(name, fmt, theme)
    lost = missing_words(essay, read_pdf_words(read_pdftotext(data, tmp_path)))
    assert not lost, f"{name} {fmt} in {theme}: lost {lost}"


@pytest.mark.xfail(strict=True, reason="Amiri kerns و 0.125 em from the next letter; pdftotext "
                   "starts a word after 0.1 em (benchmarks/FINDINGS.md)")
@pytest.mark.parametrize("name", sorted(WIDE_AFTER_WAW))
def test_a_word_kerned_wide_after_waw_copies_back(name: str, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    word = WIDE_AFTER_WAW[name]
    essay = ESSAYS[name].replace("\n\n# ", f"\n\n{word} {word}.\n\n# ", 1)
    data, text = rendered(name, "pdf", "classic", essay)
    assert word in text
    assert not missing_words(text, read_pdf_words(read_pdftotext(data, tmp_path)))


@pytest.mark.parametrize("reader", ["pypdf", "pdftotext"])
def test_thai_sara_am_copies_as_itself(reader: str, tmp_path: Path) -> None:
    """HarfBuzz draws "ำ" as nikhahit + sara aa; with a plain "า" met first,
    "บทนำ" copied as "บทนา" (with a tone mark between: tests/test_pdf_copy_indic.py)."""
    from essaykit import fonts

    if fonts.find_family("Noto Sans Thai") is None:
        pytest.skip("fontpkg-noto-sans-thai not installed")
    if reader == "pdftotext" and not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    essay = "---\ntitle: ภาษาไทย\nlang: th\n---\n\nภาษาไทย บทนำ ทำงาน คำถาม\n"
    data, _ = rendered("thai", "pdf", "classic", essay)
    text = read_pypdf(data) if reader == "pypdf" else read_pdftotext(data, tmp_path)
    assert {"บทนำ", "ทำงาน", "คำถาม"} <= exact_words(text), text
