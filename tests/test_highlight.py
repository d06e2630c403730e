"""Code highlighting: the token CSS the PDF is given."""

from __future__ import annotations

import importlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

highlight = importlib.import_module("essaykit.renderers.xhtml.highlight")


def _block(code: str, language: str | None) -> str:
    return f'<pre class="code"><code>{highlight.highlight_html(code, language)}</code></pre>'


def test_no_code_block_needs_no_token_css() -> None:
    assert highlight.pygments_css_for("default", "<p>No <code>code</code> block here.</p>") == ""


def test_only_the_token_classes_used_are_kept() -> None:
    html = _block("def f(x):\n    return x + 1  # one\n", "python")
    used = set(re.findall(r'class="(tok-[\w-]+)"', html))
    css = highlight.pygments_css_for("default", html)
    kept = set(re.findall(r"\.(tok-[\w-]+)", css))
    assert {"tok-k", "tok-c1"} <= used
    assert kept == used & set(re.findall(r"\.(tok-[\w-]+)", highlight.pygments_css("default")))
    # The rules every code block gets stay (background, line height).
    assert "pre.code { background" in css and "pre { line-height" in css
    full = highlight.pygments_css("default").splitlines()
    assert all(line in full for line in css.splitlines())  # rules cut, never changed


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcdefx=+-*/()[]{}:#'\"\n 0123456789", max_size=120),
       st.sampled_from(["python", "javascript", "rust", None]))
def test_every_class_in_the_code_has_its_rule(code: str, language: str | None) -> None:
    html = _block(code, language)
    css = highlight.pygments_css_for("default", html)
    full = highlight.pygments_css("default")
    for name in set(re.findall(r'class="(tok-[\w-]+)"', html)):
        if f".{name} " in full:
            assert f".{name} " in css


def test_error_tokens_are_plain_text() -> None:
    # Pygments lexes "$" and "??" in Python as errors; themes drew them boxed in red.
    html = highlight.highlight_html("return x ?? 2  $ invalid\n", "python")
    assert "tok-err" not in html and " ?? " in html and " $ " in html
    lines = highlight.highlight_lines("return x ?? 2  $ invalid\n", "python")
    assert not any("tok-err" in line for line, _long in lines)


@given(st.text(alphabet="ab_.,( )=\n\t", max_size=60), st.sampled_from(["python", "javascript", None]))
@settings(max_examples=60, deadline=None)
def test_lines_keep_the_code_and_break_only_between_names(code: str, language: str | None) -> None:
    lines = highlight.highlight_lines(code, language)
    assert all(long for _line, long in lines)  # no width given: any line may wrap
    plain = [re.sub(r"<[^>]+>", "", line) for line, _long in lines]
    unescaped = [p.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                 .replace(highlight.WORD_JOINER, "") for p in plain]
    assert "\n".join(u.replace(highlight.SOFT_HYPHEN, "") for u in unescaped) == code.removesuffix("\n")
    for u in unescaped:
        for i, ch in enumerate(u):
            if ch == highlight.SOFT_HYPHEN:
                before, after = u[:i].replace(highlight.SOFT_HYPHEN, "")[-1:], u[i + 1:i + 2]
                # Never inside a name: a name character on both sides is not a break.
                assert not (before.isalnum() or before == "_") or not (after.isalnum() or after == "_")


def test_long_line_wraps_after_punctuation_not_inside_a_name() -> None:
    line = "handleAction(eventObject, other).target.value -> bool"
    points = highlight.wrap_points(line)
    assert [line[:p][-1] for p in points] == ["(", " ", ".", ".", " ", " "]
    assert line[points[-1]:] == "bool"


def test_no_unicode_break_inside_an_operator_or_a_dashed_name() -> None:
    [(line, _long)] = highlight.highlight_lines("x -> handle-action/y", None)
    # A word joiner after "-" and "/" where no wrap point is: "->" and
    # "handle-action" stay whole; the spaces are the wrap points.
    assert line == "x \u2060\u00ad-\u2060&gt; \u2060\u00adhandle-\u2060action/\u2060\u00ady"


@given(st.text(alphabet="ab_.,( )=\n\t\u4e00\u0301", max_size=80), st.integers(1, 30))
@settings(max_examples=80, deadline=None)
def test_a_line_that_fits_gets_no_wrap_points(code: str, fits: int) -> None:
    """A line no wider than the column cannot wrap: no soft hyphen, no word
    joiner, not long (no continuation marks); a wider one is as before."""
    given_width = highlight.highlight_lines(code, "python", fits)
    any_width = highlight.highlight_lines(code, "python")
    assert len(given_width) == len(any_width)
    for (line, long), (wrapping, _) in zip(given_width, any_width, strict=True):
        text = re.sub(r"<[^>]+>", "", wrapping).replace(highlight.SOFT_HYPHEN, "").replace(highlight.WORD_JOINER, "")
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        assert long == (highlight.columns(text) > fits)
        if long:
            assert line == wrapping
        else:
            assert highlight.SOFT_HYPHEN not in line and highlight.WORD_JOINER not in line


def test_columns_count_wide_characters_twice_and_tabs_to_the_next_stop() -> None:
    assert highlight.columns("abc") == 3
    assert highlight.columns("\u4e00\u4e8c") == 4
    assert highlight.columns("a\tb") == 9
    assert highlight.columns("e\u0301") == 1
