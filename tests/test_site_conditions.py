"""Liquid's conditions, Hugo's page references and figure credits (issue 18's
leftovers): each means something on the site, and the essay says what the
site would show, never every branch or a raw target. Posts are written here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essaykit.errors import Warning_
from essaykit.model import Figure, Link, Paragraph, plain_text
from essaykit.model.walk import iter_nodes
from essaykit.reader import read_text
from essaykit.reader.dialects.liquid import UNKNOWN, Unknown, condition
from essaykit.reader.sites import expand_site_syntax


def expand(body: str, data: dict | None = None, path: str = "p.md") -> tuple[str, list[Warning_]]:  # type: ignore[type-arg]
    return expand_site_syntax(body, dict(data or {}), path=path)


# ------------------------------------------------------------ Liquid: conditions

_PAGE = {"level": "beginner", "comments": False, "tags": ["rye", "bread"], "loaves": 3, "blurb": ""}


@pytest.mark.parametrize(
    ("cond", "said"),
    [
        ('page.level == "beginner"', True),
        ('page.level != "beginner"', False),
        ('page.level <> "expert"', True),
        ("page.comments", False),
        ("page.blurb", True),  # an empty string is true in Liquid
        ("page.missing", False),  # a key the page does not set is nil
        ("page.missing == nil", True),
        ('page.tags contains "rye"', True),
        ('page.level contains "gin"', True),
        ("page.loaves > 2", True),
        ("page.loaves <= 2", False),
        ("page.blurb == empty", True),
        ("page.comments == blank", True),
        ('page.comments or page.level == "beginner"', True),
        ('page.comments and page.level == "beginner"', False),
        ("true or false and false", True),  # from the right: true or (false and false)
        ("false and false or true", False),  # false and (false or true)
        ('page.level == "a and b"', False),
        ("site.posts.size > 3", None),  # only the site knows its posts
        ("jekyll.environment == 'production'", None),
        ("include.caption", None),
        ("page.loaves > 'x'", None),  # Liquid stops with an error: not decided here
        ("(page.comments)", None),
        ("x and page.comments", False),  # decided whatever x holds
        ("site.posts or true", True),
        ("not page.comments", True),  # Jinja's and Nunjucks' (Eleventy)
        ("not page.comments and page.missing", False),
    ],
)
def test_conditions_are_decided_as_liquid_decides_them(cond: str, said: bool | None) -> None:
    def value(term: str) -> object:
        head, _, rest = term.partition(".")
        if head == "page":
            return _PAGE.get(rest)
        return UNKNOWN

    result = condition(cond, value)
    assert (None if isinstance(result, Unknown) else result) == said


_POST = """---
title: Rye, slowly
level: beginner
comments: false
---

{% if page.level == "expert" %}Skip ahead.{% elsif page.level == "beginner" %}Start small.{% else %}Read on.{% endif %}

{% if page.comments %}
Leave a comment.
{% else %}
Comments are closed.
{% endif %}

{% unless page.comments %}Write to me instead.{% endunless %}

{% case page.level %}{% when "expert", "master" %}Hard mode.{% when "beginner" %}Easy mode.{% else %}Some mode.{% endcase %}

{% if page.level == "beginner" %}
```python
print("{% endif %} in code is code")
```
{% endif %}

{% if page.comments %}
```python
hidden = True
```
{% endif %}

{% if jekyll.environment == "production" %}Kept, with a warning.{% else %}Never shown.{% endif %}

The end.
"""


def test_one_branch_of_each_condition_is_kept() -> None:
    said: list[Warning_] = []
    doc = read_text(_POST, path="p.md", warn=said.append)
    text = [plain_text(b.children) for b in doc.blocks if isinstance(b, Paragraph)]
    assert text == ["Start small.", "Comments are closed.", "Write to me instead.", "Easy mode.",
                    "Kept, with a warning.", "The end."]
    codes = [b.text for b in doc.blocks if type(b).__name__ == "CodeBlock"]
    assert codes == ['print("{% endif %} in code is code")']
    lines = _POST.split("\n")
    assert [w.line for w in said] == [next(i for i, x in enumerate(lines, 1) if "jekyll.environment" in x)]
    assert "jekyll.environment" in said[0].message and "taken as true" in said[0].message
    assert doc.blocks[-1].line == lines.index("The end.") + 1  # later lines keep their numbers


def test_site_settings_decide_conditions(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Bread\nshow_recipe: true\n", encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    post = tmp_path / "_posts" / "2024-03-01-rye.md"
    body = ("{% if site.show_recipe %}Recipe.{% endif %}{% unless site.show_recipe %}Subscribers only.{% endunless %}"
            "{% if site.missing %}Gone.{% endif %}\n")
    from essaykit.reader.sites import site_config

    out, said = expand_site_syntax(body, {}, path=str(post), site=site_config(str(post)))
    assert out.strip() == "Recipe." and said == []
    # With no site beside the post, its settings are unknown: taken as true, said once each.
    out, said = expand(body)
    assert out.strip() == "Recipe.Gone." and len(said) == 3
    assert all("taken as true" in w.message for w in said)


def test_unclosed_and_stray_tags_lose_no_words() -> None:
    out, said = expand("{% if page.x %}Kept.\n\n{% else %}Also kept.\n\n{% endunless %}End.\n")
    assert "Kept." in out and "Also kept." in out and "End." in out
    assert any("unclosed" in w.message for w in said)


def test_eleventy_front_matter_is_read_by_its_bare_name() -> None:
    out, _ = expand("{%- if draft -%}Draft.{%- endif -%}{% if featured %}Featured.{% endif %}", {"featured": True})
    assert out == "Featured."


def test_hostile_conditions_stay_linear() -> None:
    # 20,000 unclosed conditions, then 20,000 nested ones: each tag is looked at a bounded number of times.
    out, said = expand("{% if page.x %}a " * 20_000 + "end")
    assert out.endswith("end") and out.count("a") == 20_000
    nested = "{% if page.x %}" * 20_000 + "hidden" + "{% endif %}" * 20_000 + " shown"
    out, _ = expand(nested)
    assert out.strip() == "shown"


# A random tree of conditions on known values, against the same tree evaluated here.
_VALUES = {"a": True, "b": False, "n": 2}
_CONDS = st.sampled_from(["page.a", "page.b", "page.n == 2", "page.n > 5", "page.a and page.b", "page.b or page.a"])


def _oracle(cond: str) -> bool:
    return {"page.a": True, "page.b": False, "page.n == 2": True, "page.n > 5": False,
            "page.a and page.b": False, "page.b or page.a": True}[cond]


_leaf = st.text(st.sampled_from("xyz "), min_size=1, max_size=4).map(lambda t: f"<{t}>")
_tree = st.recursive(
    _leaf,
    lambda inner: st.tuples(st.lists(st.tuples(_CONDS, inner), min_size=1, max_size=3), st.none() | inner),
    max_leaves=12,
)


def _render(node: object) -> tuple[str, str]:
    """(Liquid source, what Liquid shows)."""
    if isinstance(node, str):
        return node, node
    branches, other = node  # type: ignore[misc]
    src, shown, chosen = "", "", False
    for i, (cond, body) in enumerate(branches):
        b_src, b_shown = _render(body)
        src += ("{% if " if i == 0 else "{% elsif ") + cond + " %}" + b_src
        if not chosen and _oracle(cond):
            shown, chosen = b_shown, True
    if other is not None:
        o_src, o_shown = _render(other)
        src += "{% else %}" + o_src
        if not chosen:
            shown = o_shown
    return src + "{% endif %}", shown


@given(st.lists(_tree, min_size=1, max_size=4))
def test_random_conditions_show_what_liquid_shows(trees: list[object]) -> None:
    rendered = [_render(t) for t in trees]
    out, said = expand("".join(s for s, _ in rendered), _VALUES)
    assert out == "".join(shown for _, shown in rendered)
    assert said == []


# ------------------------------------------------------------ Hugo: ref, relref, figure credits

def _hugo_site(root: Path) -> Path:
    (root / "content" / "posts" / "bundle").mkdir(parents=True)
    (root / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "Tides"\n', encoding="utf-8")
    (root / "content" / "posts" / "neap.md").write_text('---\ntitle: "Neap tides, *explained*"\n---\nBody.\n',
                                                        encoding="utf-8")
    (root / "content" / "posts" / "bundle" / "index.md").write_text('+++\ntitle = "A bundle"\n+++\n', encoding="utf-8")
    (root / "content" / "about.md").write_text("---\ntitle: About\nslug: who\n---\n", encoding="utf-8")
    post = root / "content" / "posts" / "tides.md"
    return post


@pytest.mark.parametrize(
    ("source", "text", "url"),
    [
        ('See {{< ref "neap.md" >}} now.', "Neap tides, *explained*", "https://example.org/posts/neap/"),
        ('See {{< relref "/posts/neap" >}} now.', "Neap tides, *explained*", "https://example.org/posts/neap/"),
        ('See {{< ref "posts/bundle" >}} now.', "A bundle", "https://example.org/posts/bundle/"),
        ('See {{< ref "about.md#team" >}} now.', "About", "https://example.org/who/#team"),
        ('See {{% ref "neap" %}} now.', "Neap tides, *explained*", "https://example.org/posts/neap/"),
        ('See {{< ref path="neap.md" >}} now.', "Neap tides, *explained*", "https://example.org/posts/neap/"),
        ('See {{< ref "posts/gone.md" >}} now.', "https://example.org/posts/gone/", "https://example.org/posts/gone/"),
        ('See [it]({{< relref "neap.md" >}}) now.', "it", "https://example.org/posts/neap/"),
        ('See <a href="{{< ref "neap.md" >}}">it</a> now.', "it", "https://example.org/posts/neap/"),
    ],
)
def test_hugo_references_read_as_the_page_they_name(tmp_path: Path, source: str, text: str, url: str) -> None:
    post = _hugo_site(tmp_path)
    said: list[Warning_] = []
    from essaykit.reader.sites import site_config

    doc = read_text(f"---\ntitle: Tables\n---\n\n{source}\n\n## The team\n", path=str(post), warn=said.append)
    links = [n for n in iter_nodes(doc.blocks) if isinstance(n, Link)]
    assert [(plain_text(n.children), n.url) for n in links] == [(text, url)]
    assert plain_text(doc.blocks[0].children) == f"See {text} now."
    assert len(said) == ("gone" in source)
    assert site_config(str(post))["baseURL"] == "https://example.org/"


def test_hugo_reference_to_a_heading_of_the_post() -> None:
    doc = read_text('See {{< ref "#why-it-works" >}}.\n\n## Why it works\n', path="p.md")
    assert plain_text(doc.blocks[0].children) == "See Why it works."
    assert not [n for n in iter_nodes(doc.blocks) if isinstance(n, Link)]  # no address to lead to


def test_hugo_reference_without_a_site_says_the_address_once() -> None:
    said: list[Warning_] = []
    doc = read_text('A {{< ref "posts/x.md" >}} and {{< ref "posts/x.md" >}}.\n\n[b]({{< relref "b.md" >}})\n',
                    path="p.md", warn=said.append)
    assert plain_text(doc.blocks[0].children) == "A /posts/x/ and /posts/x/."
    assert len(said) == 1 and "(2 times)" in said[0].message
    # No link to a website's path (it leads nowhere from a PDF); inside a link, the target as written.
    assert [n.url for n in iter_nodes(doc.blocks) if isinstance(n, Link)] == ["b.md"]


def test_hugo_reference_reads_nothing_outside_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    post = _hugo_site(site)
    (tmp_path / "secret.md").write_text("---\ntitle: SECRET TITLE\n---\n", encoding="utf-8")
    (site / "content" / "posts" / "link.md").symlink_to(tmp_path / "secret.md")
    for target in ("../../../secret.md", "link.md", "/../../secret.md"):
        doc = read_text(f'See {{{{< ref "{target}" >}}}}.\n', path=str(post))
        assert "SECRET" not in plain_text(doc.blocks[0].children), target


def test_references_in_code_are_code() -> None:
    doc = read_text('```go\n{{< ref "neap.md" >}}\n```\n\nAnd `{{< ref "x" >}}`.\n', path="p.md")
    assert doc.blocks[0].text == '{{< ref "neap.md" >}}'  # type: ignore[attr-defined]
    assert plain_text(doc.blocks[1].children) == 'And {{< ref "x" >}}.'


def test_figure_credit_links_to_attrlink() -> None:
    doc = read_text('{{< figure src="/i/a.png" title="Pier" caption="High *water*" attr="Photo: Ines" '
                    'attrlink="https://example.com/ines" >}}\n\nAfter.\n', path="p.md")
    fig = doc.blocks[0]
    assert isinstance(fig, Figure) and fig.image.src == "/i/a.png"
    assert plain_text(fig.caption) == "Pier. High water. Photo: Ines"
    links = [n for n in iter_nodes(fig.caption) if isinstance(n, Link)]
    assert [(plain_text(n.children), n.url) for n in links] == [("Photo: Ines", "https://example.com/ines")]
    assert plain_text(doc.blocks[1].children) == "After."
    assert doc.blocks[1].line == 3


def test_many_references_list_the_site_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    post = _hugo_site(tmp_path)
    walks: list[object] = []
    real = os.walk

    def counted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        walks.append(args)
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "walk", counted)
    body = " ".join(f'{{{{< ref "p{i}" >}}}}' for i in range(2_000)) + ' {{< ref "neap" >}}\n'
    out, said = expand_site_syntax(body, {}, path=str(post))
    assert len(walks) == 1 and "Neap tides" in out and len(said) == 1


_TAGS = st.sampled_from(["{% if page.a %}", "{% if page.b %}", "{% if site.x %}", "{% elsif page.a %}", "{% else %}",
                         "{% endif %}", "{% unless page.a %}", "{% endunless %}", "{% comment %}",
                         "{% endcomment %}", "{% case page.a %}", "{% when true %}", "{% endcase %}",
                         "{% capture c %}", "{% endcapture %}", "`code {% endif %}`", "\n\n```\n{% endif %}\n```\n\n"])


@given(st.lists(st.one_of(_TAGS, st.sampled_from(["one ", "two ", "three "])), max_size=30))
def test_any_tangle_of_conditions_ends_with_no_tag_left(parts: list[str]) -> None:
    out, _ = expand("".join(parts), {"a": True, "b": False})
    prose = re.sub(r"`[^`]*`|```.*?```", "", out, flags=re.S)
    assert "{%" not in prose


# ------------------------------------------------------------ Franklin's conditions

@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("{{if hasmath}}Maths.{{else}}No maths.{{end}}", "No maths."),
        ("{{if hascode}}Code.{{elseif hasmath}}Maths.{{else}}None.{{end}}", "Code."),
        ("{{isdef author}}By {{author}}.{{end}}", "By Sam."),
        ("{{ifndef author}}Anonymous.{{end}}", ""),
        ("{{isnotdef editor}}No editor.{{end}}", "No editor."),
        ("{{ispage index}}Home.{{end}}{{isnotpage blog/*}} Not a post.{{end}}", "Home. Not a post."),
        ("{{isempty tags}}No tags.{{else}}Tagged.{{end}}", "Tagged."),
        ("`{{if hasmath}}` is code.", "`{{if hasmath}}` is code."),
    ],
)
def test_franklin_conditions_keep_one_branch(source: str, shown: str) -> None:
    data = {"hasmath": False, "hascode": True, "author": "Sam", "tags": ["a"]}
    out, said = expand(source + "\n", data, path="/nowhere/site/index.md")
    assert out.strip() == shown and said == []


def test_franklin_condition_on_a_global_is_taken_as_true_once() -> None:
    out, said = expand("{{if showall}}All.{{else}}Some.{{end}} {{if showall}}Again.{{end}}\n", {})
    assert out.strip() == "All. Again."
    assert len(said) == 1 and "Franklin's {{if showall}}" in said[0].message and "(2 times)" in said[0].message


@pytest.mark.parametrize(
    ("permalinks", "url"),
    [
        ('[permalinks]\nposts = "/:year/:month/:slug/"', "https://example.org/2023/07/neap-tides-explained/"),
        ('[permalinks]\nposts = "/:section/:filename"', "https://example.org/posts/neap"),
        ('[permalinks.page]\nposts = "/notes/:title/"', "https://example.org/notes/neap-tides-explained/"),
        ('[permalinks]\nposts = "/:year/:nonsense/"', "https://example.org/posts/neap/"),  # not understood: the default
        ('[permalinks]\nblog = "/:year/"', "https://example.org/posts/neap/"),  # another section's
    ],
)
def test_hugo_reference_follows_the_sites_permalinks(tmp_path: Path, permalinks: str, url: str) -> None:
    post = _hugo_site(tmp_path)
    (tmp_path / "config.toml").write_text(f'baseURL = "https://example.org/"\n{permalinks}\n', encoding="utf-8")
    (tmp_path / "content" / "posts" / "neap.md").write_text(
        '---\ntitle: "Neap tides, explained"\ndate: 2023-07-14\n---\nBody.\n', encoding="utf-8")
    doc = read_text('See {{< ref "neap.md" >}}.\n', path=str(post))
    assert [n.url for n in iter_nodes(doc.blocks) if isinstance(n, Link)] == [url]
