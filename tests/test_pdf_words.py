"""Nothing lost: every word of an essay comes back from its PDF's text, in every bundled theme.

Essays written for this (ligatures, small capitals, a drop cap and a raised initial,
hyphenated long words, French spacing, Persian with ZWNJ, Arabic, Chinese, Japanese, code
with long lines, a table, a footnote) are exported through the command and read back with
pdftotext (:mod:`tests.pdfwords`): each word, and each pair of neighbouring words, must be
found, and no continuation mark, soft hyphen or replacement character may leak.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from essaykit.theme import list_themes

from .pdfwords import essay_text, lost_in_pdf, missing_pairs, missing_words, read_pdf_words

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")

ESSAYS = {
    "english": """---
title: The Office of Difficult Things
subtitle: A short, affluent reflection
author: Ada Fielding
drop-cap: true
---

“The first office was efficient and affluent; the staff would flourish, offer coffee, shuffle
files and fly flags. Nobody found the difficult waffle baffling.

## Long words in narrow columns

Incomprehensibilities, internationalisation, antidisestablishmentarianism,
electroencephalographically, counterrevolutionaries and uncharacteristically overcomplicated
telecommunications infrastructure all wrap.[^1] Well-known compound-words keep their hyphens.

#### Small capitals

A heading set in small capitals, then text with 1,234 numbers and an ellipsis…

```python
def handle_action(request_context, configuration_dictionary, retry_policy=None, timeout_seconds=30):
    return dispatch_to_the_registered_handler(request_context.action_name, configuration_dictionary)
```

| Quantity | Description of the measured thing |
| --- | --- |
| 42 | The answer, reasonably uncontroversial |
| 7 | Wonders of the ancient world |

[^1]: A footnote with words of its own: serendipity, quixotic.
""",
    "french": """---
title: Une idée française
lang: fr
---

« Bonjour », dit-elle. Qu'est-ce que c'est ? C'est l'été ; il fait 30 °C et nous avons
10 000 raisons d'être heureux !

Les élèves étudient l'œuvre de Molière : « L'Avare » et « Le Misanthrope ». Naïveté, cœur, Noël.
""",
    "persian": """---
title: یادداشت‌های روزانه
lang: fa
---

# بخش نخست

من این کار را می‌کنم و او هم می‌خواهد که کتاب‌ها را بخواند. حروف نقطه‌دار در پیش، تخت، ثابت،
جشن، چشم، خانه، زیبا، ژاله، شب، ضمیر، ظرف، غذا، فکر، قلب، نان، یاد و باغ نوشته می‌شوند.

ایران کشوری زیبا است و مردم آن مهربان‌اند. تهران پایتخت ایران است. کلاس فارسی، سلام و لیلی.
""",
    "arabic": """---
title: مقالة عربية
lang: ar
---

# المقدمة

اللغة العربية لغة جميلة، يتحدث بها الملايين في العالم. كتب الطالب الدرس في المكتبة ثم ذهب
إلى البيت. لا شك أن القراءة مفيدة، ولكن الوقت قصير؛ لكنك تعلم ذلك.
""",
    "chinese": """---
title: 中文文章
lang: zh
---

# 第一章

这是一个用中文写的文章。我们今天学习汉字和语法，明天去图书馆看书。中华人民共和国的首都是北京。
""",
    "japanese": """---
title: 日本語の随筆
lang: ja
---

# はじめに

これは日本語で書かれた短い文章です。東京は日本の首都であり、多くの人々が住んでいます。
カタカナのコンピューターとひらがなの言葉。
""",
}

THEMES = sorted(t.name for t in list_themes() if t.builtin) or ["classic", "magazine", "talk"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", sorted(ESSAYS))
def test_every_word_comes_back_from_the_pdf(name: str, theme: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    import essaykit
    from essaykit.cli import main

    essay = tmp_path / f"{name}.md"
    essay.write_text(ESSAYS[name], "utf-8")
    pdf = tmp_path / f"{name}.pdf"
    result = CliRunner().invoke(main, ["export", "-q", "-t", "pdf", "--theme", theme, "-o", str(pdf),
                                       str(essay)])
    assert result.exit_code == 0, result.output
    text = essay_text(essaykit.prepare(essaykit.load(essay)))
    lost, leaked = lost_in_pdf(text, pdf)
    assert not lost, f"{name} in {theme}: lost {lost}"
    assert not leaked, f"{name} in {theme}: leaked {leaked!r}"


def test_the_audit_sees_a_first_word_split_by_its_initial() -> None:
    """What a ``::first-letter`` did: "T" and "he" apart (each word is found elsewhere)."""
    essay = "The first office was efficient."
    pdf = read_pdf_words("T\n\nhe first office was efficient.\n")
    assert missing_pairs(essay, pdf) == ["the first"]
    # Capitals spaced wider than pdftotext's word gap (0.1 em) come back as letters.
    assert missing_words("Ada Fielding", read_pdf_words("A DA F I E L D I N G\n")) == ["ada", "fielding"]


def test_the_audit_joins_what_lines_and_pages_break() -> None:
    essay = "An uncharacteristically evidence-based argument, 北京的首都。"
    pdf = read_pdf_words("An uncharac-\nteristically evidence-\nbased argu-\n\n12\n\x0cRunning head\n"
                         "ment, 北京\n的首都。\n")
    assert missing_words(essay, pdf) == [] and missing_pairs(essay, pdf) == []
    # pdftotext's own reading drops a compound's hyphen at a line's end.
    assert missing_pairs("evidence-based argument", read_pdf_words("evidencebased argument")) == []
    assert missing_words("handleAction", read_pdf_words("handle\nAction")) == ["handleaction"]
