"""Leaving out the theme's rules a document cannot use."""

from __future__ import annotations

import importlib
from pathlib import Path
from xml.etree import ElementTree

import cssselect2
import pytest
import tinycss2
from hypothesis import given, settings
from hypothesis import strategies as st

css_prune = importlib.import_module("essaykit.renderers.pdf.prune")

HTML = ('<html><body class="essay"><p class="lead First">One <em class="x">two</em></p>'
        '<aside class="pullquote">q</aside></body></html>')


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    css_prune.rule_index.cache_clear()


def _kept(css: str) -> str:
    return css_prune.prune(css, css_prune.Used(HTML))


def test_the_document_s_classes_and_element_types() -> None:
    used = css_prune.Used(HTML)
    assert used.classes == {"essay", "lead", "first", "x", "pullquote"}
    assert used.tags == {"html", "head", "body", "p", "em", "aside"}  # head: the parser adds it
    assert {"tbody", "tr"} <= css_prune.Used("<table><td>x</td></table>").tags


@pytest.mark.parametrize(("rule", "stays"), [
    (".absent p { color: red }", False),
    ("p.lead { color: red }", True),
    ("p.lead.absent { color: red }", False),
    (".absent, .pullquote { color: red }", True),
    (".absent, p .gone { color: red }", False),
    ("p:not(.absent) { color: red }", True),        # matches *without* the class
    (":is(.absent, .lead) { color: red }", True),
    ("p[class~=absent] { color: red }", True),       # attribute selectors are not followed
    ("p[title$='.absent'] { color: red }", True),     # a dot in a string is no class
    ("p.FIRST { color: red }", True),                # never fewer rules than quirks mode keeps
    ("@media print { .absent { color: red } }", True),
    ("@page :first { margin: 1cm }", True),
    ("p { color: red }", True),
    ("table td { color: red }", False),              # no table in the document
    ("body > aside.pullquote em { color: red }", True),
    ("P EM { color: red }", True),                   # HTML type selectors ignore case
    ("figure, table { color: red }", False),
    ("figure, p::first-line { color: red }", True),
    ("svg|rect { color: red }", True),               # namespaces are not followed
    ("*.lead { color: red }", True),
    ("head { color: red }", True),
])
def test_a_rule_goes_only_when_no_selector_can_match(rule: str, stays: bool) -> None:
    css = f"body {{ margin: 0 }}\n{rule}\n"
    kept = _kept(css)
    assert ("color: red" in kept or "margin: 1cm" in kept) is stays
    assert "margin: 0" in kept


def test_nothing_to_leave_out_returns_the_text_itself() -> None:
    css = "/* a comment */ p.lead { color: red }"
    assert _kept(css) is css


def test_the_index_is_read_once_per_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    css = ".absent { color: red } p { color: blue }"
    first = _kept(css)
    css_prune.rule_index.cache_clear()

    def fail(text: str) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(css_prune, "_read", fail)
    assert _kept(css) == first == "p { color: blue }"


_CLASSES = ["a", "b", "c", "d"]
_simple = st.builds(lambda tag, classes: tag + "".join(f".{c}" for c in classes),
                    st.sampled_from(["", "p", "em", "div", "EM", "*", "body"]),
                    st.lists(st.sampled_from(_CLASSES), max_size=2))
_compound = _simple.filter(bool)
_selector = st.builds(lambda parts, glue: glue.join(parts),
                      st.lists(_compound, min_size=1, max_size=3), st.sampled_from([" ", " > ", " + "]))
_maybe_not = st.one_of(_selector, _selector.map(lambda s: f"{s}:not(.{_CLASSES[0]})"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_maybe_not, min_size=1, max_size=3), min_size=1, max_size=6),
       st.lists(st.tuples(st.sampled_from(["p", "em", "div"]), st.lists(st.sampled_from(_CLASSES), max_size=2)),
                min_size=1, max_size=5))
def test_no_rule_that_matches_an_element_is_left_out(rules: list[list[str]],
                                                      elements: list[tuple[str, list[str]]]) -> None:
    html = "<html><body>" + "".join(
        f'<{tag} class="{" ".join(classes)}">x</{tag}>' if classes else f"<{tag}>x</{tag}>"
        for tag, classes in elements) + "</body></html>"
    css = "\n".join(f"{', '.join(selectors)} {{ color: red }}" for selectors in rules)
    kept = css_prune.prune(css, css_prune.Used(html))
    root = cssselect2.ElementWrapper.from_html_root(ElementTree.fromstring(html))
    kept_rules = {tinycss2.serialize(r.prelude).strip()
                  for r in tinycss2.parse_stylesheet(kept, skip_whitespace=True, skip_comments=True)}
    for selectors in rules:
        text = ", ".join(selectors)
        if text in kept_rules:
            continue
        matcher = cssselect2.Matcher()
        for compiled in cssselect2.compile_selector_list(text):
            matcher.add_selector(compiled, None)
        assert not any(matcher.match(el) for el in root.iter_subtree()), text
