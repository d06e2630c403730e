"""Language tags, direction and detection."""

from __future__ import annotations

import pytest

from essaykit.lang import detect, direction, from_filename, normalize_tag


@pytest.mark.parametrize(
    ("raw", "tag"),
    [("ja_JP", "ja-JP"), ("EN", "en"), ("zh-hant-tw", "zh-Hant-TW"), ("fr_FR.UTF-8", "fr-FR"), ("C", None), ("", None), ("english!", None)],
)
def test_normalize(raw: str, tag: str | None) -> None:
    assert normalize_tag(raw) == tag


def test_direction() -> None:
    assert direction("ar") == direction("fa-IR") == direction("he") == "rtl"
    assert direction("en") == direction("ja") == direction("az-Latn") == "ltr"


def test_from_filename() -> None:
    assert from_filename("index.ja") == "ja"
    assert from_filename("post.fr") == "fr"
    assert from_filename("notes.old") is None
    assert from_filename("essay") is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Bonjour à tous, je voulais vous parler aujourd'hui de la manière dont nous écrivons nos essais.", "fr"),
        ("Hello everyone, today I want to talk about the way we write our essays and why it matters.", "en"),
        ("این مقاله دربارهٔ نوشتن است و اینکه چرا نوشتن برای ما اهمیت دارد و چگونه می‌توانیم بهتر بنویسیم.", "fa"),
        ("هذه المقالة عن الكتابة ولماذا تهمنا الكتابة وكيف يمكننا أن نكتب بشكل أفضل في حياتنا اليومية.", "ar"),
        ("ここ数週間は非常に目まぐるしい日々だったので、少し休みたいと思っています。", "ja"),
        ("这里记录每周值得分享的科技内容，周五发布。欢迎提交问题和推荐你的项目。", "zh"),
        ("Dies ist ein Aufsatz über das Schreiben und warum es für uns alle wichtig ist, gut zu schreiben.", "de"),
    ],
)
def test_detect(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_detect_needs_enough_text() -> None:
    assert detect("ok") is None


_FR = (
    "Il y a des essais qui se lisent comme une conversation avec un ami. On y trouve une voix, "
    "une manière de penser, et surtout une honnêteté qui ne cherche pas à plaire. Quand j'écris, "
    "je pense souvent à cette voix : elle n'est pas la mienne, mais elle est ce que je voudrais "
    "être sur la page. Les mots viennent lentement, et il faut les laisser venir."
)
_CA = (
    "Hi ha assajos que es llegeixen com una conversa amb un amic. Hi trobem una veu, una manera "
    "de pensar i, sobretot, una honestedat que no busca agradar. Quan escric, penso sovint en "
    "aquesta veu: no és la meva, però és el que m'agradaria ser a la pàgina. Les paraules "
    "arriben a poc a poc i cal deixar-les arribar."
)


def test_function_words_decide_plain_prose_and_defer_neighbours() -> None:
    from essaykit.lang import _function_word_guess

    assert _function_word_guess(_FR) == "fr"
    assert _function_word_guess(_CA) is None  # close to Spanish: the model decides
    assert detect(_CA) == "ca"
    assert _function_word_guess("Al Basrah Al Butnan Al Fajoem " * 20) is None
