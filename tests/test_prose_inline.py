"""The quicker inline scan (speedups/prose_inline.py) gives exactly the tokens
of mistune's own scan: on the example, the corpus, the benchmark book and
generated Markdown-ish text full of letters a rule could start at."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mistune._inline import emphasis

from essaykit.reader import parser
from essaykit.reader.frontmatter import split
from essaykit.speedups import prose_inline

from .conftest import EXAMPLES, ROOT, corpus_files

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

_STOCK_MD = parser._build(stock_inline=True)
_FAST_MD = parser._build()


def _tokens(body: str, md: object) -> list[dict]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(parser, "_MD", md)
        if md is _STOCK_MD and "_next_delimiter_run" in prose_inline.STOCK:
            m.setattr(emphasis, "_next_delimiter_run", prose_inline.STOCK["_next_delimiter_run"])
        return parser.parse_tokens(body)


def _same(text: str) -> None:
    body = split(text, None).body
    assert _tokens(body, _FAST_MD) == _tokens(body, _STOCK_MD)


def test_the_quicker_scan_is_in_use() -> None:
    inline = _FAST_MD.inline
    assert isinstance(inline, prose_inline.ProseInlineParser)
    inline._find_fast_text_end("x", 0)
    assert inline._prose_re is not None, "mistune's internals changed: the quicker scan is off"
    assert emphasis._next_delimiter_run is prose_inline._next_delimiter_run


@pytest.mark.parametrize(
    "path",
    [EXAMPLES / "essay.md", *sorted((EXAMPLES / "book").rglob("*.md")), *corpus_files()],
    ids=lambda p: Path(p).name,
)
def test_same_tokens_on_real_essays(path: Path) -> None:
    _same(path.read_text("utf-8"))


def test_same_tokens_on_the_benchmark_book() -> None:
    _same(synthetic.make_book(words=15_000))


def test_same_tokens_on_urls_and_entities() -> None:
    _same(
        "the http://a.b/c h https://x.y/z. hhttp://q.r &hellip; &h &#104; &amp;http://u.v "
        "[see https://link.in/label](https://t.o) <https://auto.link> **bold http://in.bold** "
        "*em*h*em* h_t_t_p __x__h ~~hs~~ ==h== h^2^ H~2~O `h` $h$ [^h] \\h\\http://e.sc\n"
        "line with two spaces h  \nnext hard\\\nbreak h\n\n[^h]: note https://n.o\n"
    )


TEXTY = st.sampled_from(
    ["h", "t", "http", "https", "://", "http://a.b", "https://x.y/p?q=1", "the", "hh", "&", ";",
     "&amp;", "&hellip;", "#104;", "which", "H", "ht", "tp", "."]
)
MARKUP = st.sampled_from(
    ["*", "**", "_", "__", "`", "==", "~~", "~", "^", "[", "]", "(", ")", "<", ">", "<b>", "</b>",
     "<a href='http://x.y'>", "</a>", "\n", "  \n", "\\", "\\\n", "$", "!", "[^1]", "\n\n[^1]: h\n"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(TEXTY, MARKUP, st.text(max_size=4)), max_size=40), spaced=st.booleans())
def test_same_tokens_on_generated_text(parts: list[str], spaced: bool) -> None:
    _same((" " if spaced else "").join(parts) + "\n")


def test_delimiter_scan_agrees_with_mistune() -> None:
    stock = prose_inline.STOCK.get("_next_delimiter_run")
    if stock is None:
        pytest.skip("this mistune has no delimiter scan to replace")
    for text in ("", "abc", "a*b", "_", "ab_c*", "***", "x y z *", "é_ü"):
        for pos in range(len(text) + 2):
            assert prose_inline._next_delimiter_run(text, pos) == stock(text, pos), (text, pos)
