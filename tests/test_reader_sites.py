"""Static-site syntax: what has a meaning becomes that, the rest is removed
with one warning per kind, and code is shown as written. The three posts
in fixtures/reader/site-*.md are fixture pairs (test_reader_markdown)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essaykit.errors import Warning_
from essaykit.model import CodeBlock, Figure, Heading, Link, Paragraph, Strong, Text, plain_text
from essaykit.model.walk import iter_nodes
from essaykit.reader import read_text
from essaykit.reader.sites import expand_site_syntax, has_site_syntax

FIXTURES = Path(__file__).parent / "fixtures" / "reader"


def expand(body: str, data: dict | None = None) -> tuple[str, list[Warning_]]:  # type: ignore[type-arg]
    return expand_site_syntax(body, dict(data or {}), path="p.md")


def read(text: str) -> tuple:  # type: ignore[type-arg]
    said: list[Warning_] = []
    return read_text(text, path="p.md", warn=said.append), said


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("![x]({{ '/a/x.png' | relative_url }})", "![x](/a/x.png)"),
        ('![x]({{ "/a/x.png" | absolute_url }})', "![x](/a/x.png)"),
        ("![x]({{ site.baseurl }}/a/x.png)", "![x](/a/x.png)"),
        ("![x]({{ site.url }}{{ site.baseurl }}/a/x.png)", "![x](/a/x.png)"),
        ("[p]({% post_url 2010-07-21-name %})", "[p](/2010/07/21/name.html)"),
        ("[p]({% link _posts/2016-07-26-name.md %})", "[p](/2016/07/26/name.html)"),
        ("[p]({% link about.md %})", "[p](/about.html)"),
        ("# {{ title }}", "# Dune"),
        ("# {{ page.title }}", "# Dune"),
        ("By {{fill author}}.", "By Ada."),
        ("{{< youtube abc >}}", "<https://www.youtube.com/watch?v=abc>"),
        ('{{< youtube id="abc" >}}', "<https://www.youtube.com/watch?v=abc>"),
        ('{{< vimeo 42 >}}', "<https://vimeo.com/42>"),
        ('{{< gist spf13 7896402 >}}', "<https://gist.github.com/spf13/7896402>"),
        ('{{< figure src="/i/a.png" caption="A [b]" >}}', '![A \\[b\\]](</i/a.png> "A [b]")'),
        ('{{< figure src="/i/a.png" alt="Alt" >}}', "![Alt](</i/a.png>)"),
        ('{% include image.html url="/i/a.png" description="Cap" %}', '![Cap](</i/a.png> "Cap")'),
        ('{% img left /i/a.png 300 200 %}', "![](</i/a.png>)"),
        ('{% include youtube.html id="abc" %}', "<https://www.youtube.com/watch?v=abc>"),
        ('{% include video id="abc" provider="youtube" %}', "<https://www.youtube.com/watch?v=abc>"),
        ('{% include video id="42" provider="vimeo" %}', "<https://vimeo.com/42>"),
        ("[ref]({{< relref \"b.md\" >}})", "[ref](b.md)"),
        ("{{< param title >}}", "Dune"),
        ("{% raw %}{{ kept }}{% endraw %}", "{{ kept }}"),
        ("![a]({static}/images/a.png)", "![a](/images/a.png)"),
        ("{{</* figure */>}}", "` {{< figure >}} `"),
        ("{% highlight ruby %}x = 1{% endhighlight %}", "` x = 1 `"),
        ("a {% comment %}gone{% endcomment %} b", "a  b"),
        ("{% assign img = '/i/a.png' %}\n\n![a]({{ img | relative_url }})", "\n\n![a](/i/a.png)"),
    ],
)
def test_meaningful_syntax_becomes_its_meaning(source: str, expected: str) -> None:
    out, said = expand(source, {"title": "Dune", "author": "Ada"})
    assert out == expected
    assert said == []


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("{% if page.x %}yes", "an unclosed Liquid {% if %}"),
        ("{% include toc.html %}", "Liquid {% include %}"),
        ("{% seo %}", "Liquid {% seo %}"),
        ("{{< tabs >}}inside{{< /tabs >}}", "Hugo shortcode {{< tabs >}}"),
        ("{{% columns %}}inside{{% /columns %}}", "Hugo shortcode {{% columns %}}"),
        ("Para.\n{: .note}", "kramdown attribute list"),
        ("Text{: .class}", "kramdown attribute list"),
        ('{::options parse_block_html="true" /}', "kramdown attribute list"),
        ("Hi {{ unknown_thing }}.", "{{ unknown_thing }}"),
        ("\\toc", "\\toc"),
    ],
)
def test_meaningless_syntax_is_removed_with_one_warning(source: str, kind: str) -> None:
    out, said = expand(source)
    assert len(said) == 1 and kind in said[0].message
    assert said[0].line == source.count("\n") + 1
    assert not re.search(r"\{[{%:]|\\toc", out)


def test_one_warning_per_kind_with_first_line_and_count() -> None:
    _, said = expand("a\n\n{% seo %}b\n\n{% seo x %}c\n\n{% include z.html %}\n")
    assert [(w.line, w.message.split(" has ")[0]) for w in said] == [
        (3, "Liquid {% seo %}"), (7, "Liquid {% include %}")]
    assert "(2 times)" in said[0].message


def test_highlight_blocks_become_code_blocks_as_written() -> None:
    body = ("{% highlight go linenos %}\nfmt.Println(\"{{ x }}\")\n```\n{% endhighlight %}\n\n"
            "{{< highlight python \"hl_lines=2\" >}}\nprint('{% y %}')\n{{< /highlight >}}\n")
    doc, said = read(body)
    codes = [b for b in doc.blocks if isinstance(b, CodeBlock)]
    assert [(c.language, c.text) for c in codes] == [
        ("go", 'fmt.Println("{{ x }}")\n```'), ("python", "print('{% y %}')")]
    assert said == []


def test_franklin_title_variable_is_no_heading() -> None:
    doc, _ = read('+++\ntitle = "Stars"\n+++\n\n# {{ title }}\n\nText about stars.\n\n## Part\n\nMore.\n')
    heads = [plain_text(b.children) for b in doc.blocks if isinstance(b, Heading)]
    assert doc.meta.title == "Stars" and heads == ["Part"]


def test_franklin_def_lines_are_front_matter() -> None:
    doc, said = read('@def title = "Stars"\n@def tags = ["a", "b"]\n\nText {{ title }}.\n')
    assert doc.meta.title == "Stars" and doc.meta.tags == ("a", "b")
    assert plain_text(doc.blocks) == "Text Stars." and not said


def test_jekyll_image_in_a_link_becomes_a_figure() -> None:
    doc, _ = read("---\ntitle: T\n---\n\nSee this.\n\n![A gif]({{ '/images/x.gif' | relative_url }})\n")
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert [f.image.src for f in figures] == ["/images/x.gif"]


def test_value_in_a_link_url_is_escaped() -> None:
    doc, _ = read("---\ntitle: Two words\n---\n\n[mail](mailto:a@b.c?subject={{ page.title }}) me.\n")
    links = [n for n in iter_nodes(doc.blocks) if isinstance(n, Link)]
    assert links[0].url == "mailto:a@b.c?subject=Two%20words"


def test_later_lines_keep_their_numbers() -> None:
    body = "{% comment %}\na\nb\n{% endcomment %}\n\n{% if x %}\n\nLast {{ nope }}.\n"
    doc, said = read(body)
    assert doc.blocks[-1].line == 8
    assert [w.line for w in said] == [6, 8]


def test_kramdown_toc_list_goes_with_it() -> None:
    out, _ = expand("* TOC\n{:toc}\n\nText.\n")
    assert "TOC" not in out and "Text." in out


def test_format_specs_in_prose_are_no_attribute_lists() -> None:
    out, said = expand("Write {:.2f} or {:>8} for numbers; {: .wide} goes.")
    assert out == "Write {:.2f} or {:>8} for numbers;  goes." and len(said) == 1


def test_no_site_syntax_is_the_fast_path() -> None:
    text = "Plain *Markdown* with {braces} and a [link](x).\n"
    assert not has_site_syntax(text)
    assert expand(text)[0] == text


# ------------------------------------------------------------- hypothesis

_WORD = st.text(st.characters(whitelist_categories=("L", "N"), whitelist_characters=" .,!?'-"),
                min_size=1, max_size=12).filter(lambda w: w.strip() != "")
_REMOVED = st.sampled_from([
    "{% seo %}", "{% endif %}", "{% assign a = page.nothing %}", "{{< tabs >}}", "{{< /tabs >}}",
    "{{% aside %}}", "{: .center}", "{{ unknown }}", "{% include toc.html %}", "{{- site.nothing -}}",
])


@given(st.lists(st.tuples(_WORD, st.none() | _REMOVED), min_size=1, max_size=12))
def test_nothing_outside_the_template_syntax_is_lost(pieces: list[tuple[str, str | None]]) -> None:
    source = "".join(word + (tag or "") for word, tag in pieces)
    out, said = expand(source)
    assert out == "".join(word for word, _ in pieces)
    assert bool(said) == any(tag for _, tag in pieces)


_CODE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80).map(
    lambda t: t.replace("`", "'").replace("~", "-"))
_SYNTAX = st.sampled_from(["{{ title }}", "{% if x %}", "{{< figure src=\"a.png\" >}}", "{: .c}",
                           "{% highlight go %}", "{{< highlight go >}}", "@def x = 1", "\\toc",
                           "{static}/a.png", "{% comment %}", "{% endhighlight %}"])


@given(st.lists(st.one_of(_CODE, _SYNTAX), max_size=8), st.sampled_from(["```", "~~~~", "    "]))
def test_code_is_untouched(parts: list[str], fence: str) -> None:
    lines = [p.replace("\n", " ") for p in parts] or [""]
    if fence.strip():
        code = "\n".join([fence + "text", *lines, fence])
    else:
        code = "\n".join("    " + (line or "x") for line in lines)
    source = f"Before {{{{ title }}}}.\n\n{code}\n\nAfter `{{{{ title }}}}` and $x^{{{{2}}}}$.\n"
    out, _ = expand(source, {"title": "T"})
    assert code in out
    assert "After `{{ title }}` and $x^{{2}}$." in out
    assert out.startswith("Before T.")


def test_site_fixture_posts_read_without_leaks() -> None:
    for name in ("site-jekyll.md", "site-hugo.md", "site-franklin.md"):
        doc, said = read((FIXTURES / name).read_text(encoding="utf-8"))
        prose = "\n".join(n.text for n in iter_nodes(doc.blocks) if isinstance(n, Text))
        assert not re.search(r"\{\{|\{%|\{:|@def", prose), (name, prose)
        assert doc.meta.date is not None and doc.meta.title


def test_site_settings_fill_site_variables(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Seed Notes\nbaseurl: /blog\n", encoding="utf-8")
    post = tmp_path / "_posts" / "2024-01-01-x.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: T\n---\n\nWelcome to {{ site.title }}, at [home]({{ site.baseurl }}/).\n",
                    encoding="utf-8")
    from essaykit.reader import read_path

    said: list[Warning_] = []
    doc = read_path(post, warn=said.append)
    assert plain_text(doc.blocks) == "Welcome to Seed Notes, at home."
    assert [n.url for n in iter_nodes(doc.blocks) if isinstance(n, Link)] == ["/"]
    assert not said


@pytest.mark.parametrize(
    ("front", "source", "expected"),
    [
        ("title: Dune\npermalink: /dune/", "At {{ page.url }}.", "At /dune/."),
        ("title: Dune\nurl: /dune/", "At {{ .RelPermalink }}.", "At /dune/."),
        ("date: 2025-01-27", "On {{ page.date }}.", "On 2025-01-27."),
        ("date: 01/27/2025", "On {{ page.date }}.", "On 01/27/2025."),
        ("date: 2025-01-27", 'On {{ page.date | date: "%B %-d, %Y" }}.', "On January 27, 2025."),
        ("date: 2025-01-27", "On {{ page.date | date_to_string }}.", "On 27 Jan 2025."),
        ("date: someday", 'On {{ page.date | date: "%Y" }}.', "On someday."),
    ],
)
def test_page_variables_resolve_from_front_matter(front: str, source: str, expected: str) -> None:
    doc, said = read(f"---\n{front}\n---\n\n{source}\n\n    {source}\n")
    assert plain_text(doc.blocks[0]) == expected
    assert isinstance(doc.blocks[1], CodeBlock) and doc.blocks[1].text == source  # never inside code
    assert not [w for w in said if "template variable" in w.message]


def test_page_url_without_permalink_is_removed_with_one_warning() -> None:
    doc, said = read("---\ntitle: T\n---\n\nAt {{ page.url }} and {{ page.url }}.\n")
    assert "{{" not in plain_text(doc.blocks) and "page.url" not in plain_text(doc.blocks)
    removed = [w for w in said if "template variable" in w.message]
    assert len(removed) == 1 and "(2 times)" in removed[0].message and removed[0].line == 5


_NOTICE = """---
title: Tides
---

{% capture warning %}
**Mind the tide.** It turns twice a day; see [the tables](https://example.org/tides).

- Low water
- High water
{% endcapture %}

<div class="notice--warning">{{ warning | markdownify }}</div>

{{ warning | markdownify }}

<div class="notice">
{{ warning | markdownify }}
</div>

{% include video id="dQw4w9WgXcQ" provider="youtube" %}

After the notice.
"""


def test_markdownify_in_an_html_block_is_read_as_markdown() -> None:
    """Minimal Mistakes' notices: a captured Markdown text printed through
    ``markdownify`` inside a ``<div>`` comes out bold and linked, not with
    raw asterisks, as it does where Markdown is read anyway."""
    out, said = expand(_NOTICE.split("---\n", 2)[2], {"title": "Tides"})
    assert "<div class=\"notice--warning\"><p><strong>Mind the tide.</strong>" in out
    assert "\n**Mind the tide.**" in out  # outside HTML: left as Markdown
    doc, said = read(_NOTICE)
    text = plain_text(doc.blocks)
    assert "**" not in text and "[the tables]" not in text and "{{" not in text and "{%" not in text
    assert text.count("Mind the tide.") == 3 and text.count("High water") == 3
    strong = [n for n in iter_nodes(doc.blocks) if isinstance(n, Strong)]
    assert [plain_text(n) for n in strong] == ["Mind the tide."] * 3
    links = [n.url for n in iter_nodes(doc.blocks) if isinstance(n, Link)]
    assert links.count("https://example.org/tides") == 3
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in links
    assert any(isinstance(b, Paragraph) and plain_text(b) == "After the notice." for b in iter_nodes(doc.blocks))
    assert said == []


_PIECES = st.sampled_from([
    "{{", "}}", "{%", "%}", "{{<", ">}}", "{{%", "%}}", "{:", "}", "`", "```", "\n", "\n\n", "    ",
    "raw", "endraw", "highlight", "endhighlight", "comment", "endcomment", " x ", "\"a.png\"", "src=",
    "/", "*/", "/*", "@def t = 1", "\\toc", "$", "$$", "<pre>", "</pre>", "- ", "> ", "title", "|",
])


@given(st.lists(_PIECES, max_size=40))
def test_any_mix_of_template_syntax_reads_and_keeps_its_lines(pieces: list[str]) -> None:
    text = "".join(pieces)
    out, said = expand(text, {"title": "T"})
    assert out.count("\n") >= text.count("\n")
    assert all(w.line is not None and 1 <= w.line <= text.count("\n") + 1 for w in said)
    if text.strip():
        doc, _ = read(text + "\n\nEnd.\n")
        assert "End." in plain_text(doc.blocks)
