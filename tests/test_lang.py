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
