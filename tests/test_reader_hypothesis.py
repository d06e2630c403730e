"""Properties of the readers on generated Markdown-ish text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaykit.errors import EssayError
from essaykit.model import Document, plain_text
from essaykit.reader import read_text

WORDS = st.sampled_from(
    ["garden", "winter", "light", "soil", "patience", "seed", "root", "frost", "água", "庭", "حديقة", "tomato", "bed", "wall"]
)
MARKUP = st.sampled_from(
    ["*", "**", "_", "`", "==", "~~", "[", "]", "(", ")", "<b>", "</b>", "<i>", "<!--", "-->",
     "> ", "- ", "1. ", "# ", "## ", "\n", "\n\n", "::: note\n", ":::\n", "$", "|", "---\n",
     "[^1]", "[^1]: ", "<div>", "</div>", "<script>", "&amp;", "\\", "```\n", "> [!PULLQUOTE]\n"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(WORDS, MARKUP, st.text(max_size=5)), max_size=40))
def test_reader_only_raises_essay_error(parts: list[str]) -> None:
    text = " ".join(parts)
    try:
        doc = read_text(text, path="h.md", lang="en")
    except EssayError:
        return
    assert Document.from_json(doc.to_json()) == doc


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=12), min_size=1, max_size=6),
       st.sampled_from(["", "*", "**", "==", "~~"]))
def test_paragraph_words_survive(paragraphs: list[list[str]], mark: str) -> None:
    lines = []
    for words in paragraphs:
        if mark and len(words) > 2:
            words = [words[0], f"{mark}{words[1]}{mark}", *words[2:]]
        lines.append(" ".join(words))
    text = "\n\n".join(lines) + "\n"
    doc = read_text(text, path="h.md", lang="en")
    out = plain_text(doc.blocks) + " " + doc.meta.title
    tokens = set(re.findall(r"\w+", out))
    for word in re.findall(r"\w+", text):
        assert word in tokens
    assert Document.from_json(doc.to_json()) == doc
