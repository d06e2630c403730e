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
