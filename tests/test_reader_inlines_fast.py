"""Inline tokens without HTML are converted directly (reader/inlines.py
``_plain_inlines``); the result is what the element-stack builder makes."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaykit.reader import inlines, parser
from essaykit.reader.frontmatter import split

from .conftest import EXAMPLES, corpus_files


def _builder(tokens: list[dict]) -> tuple:
    b = inlines.InlineBuilder()
    inlines._feed(b, tokens)
    return b.finish()


def _runs(tokens: list[dict[str, Any]]) -> list[list[dict]]:
    """Every inline token list in a document."""
    out = []
    for tok in tokens:
        children = tok.get("children")
        if isinstance(children, list) and children and "_line" not in children[0]:
            out.append(children)
        if isinstance(children, list):
            out.extend(_runs(children))
    return out


def _check(text: str) -> int:
    fast = 0
    for run in _runs(parser.parse_tokens(split(text, None).body)):
        plain = inlines._plain_inlines(run)
        if plain is not None:
            fast += 1
            assert plain == _builder(run)
        assert inlines.convert_inlines(run) == _builder(run)
    return fast


def test_real_essays() -> None:
    assert sum(_check(p.read_text("utf-8")) for p in [EXAMPLES / "essay.md", *corpus_files()]) > 50


PARTS = st.sampled_from(["word", " ", "*", "**", "_", "`", "==", "~~", "[a](http://b.c)", "&amp;", "&",
                         "\n", "  \n", "<b>", "</b>", "<br>", "<script>x</script>", "$x$", "[^1]", "h"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PARTS, max_size=30))
def test_generated_text(parts: list[str]) -> None:
    _check("".join(parts) + "\n\n[^1]: a note\n")
