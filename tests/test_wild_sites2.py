"""Site and notebook syntax met in a second round of wild posts (issue 18).

Hugo's maths, call-out, folding and figure shortcodes; Liquid's captures,
assignments and filters; Franklin's raw HTML, div blocks and figure commands;
Obsidian's comments; Quarto's date keywords, shortcodes and cross-references.
Each post is written here (not copied from any site), exported to all three
formats by ``essaykit export`` and read back: the author's words are there,
no syntax leaks outside code, every EPUB is clean under epubcheck. The syntax
itself is checked on strings.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essaykit.errors import Warning_
from essaykit.model import (
    CodeBlock,
    Div,
    Figure,
    MathBlock,
    MathInline,
    Paragraph,
    Table,
    plain_text,
)
from essaykit.model.walk import iter_nodes
from essaykit.reader import read_text
from essaykit.reader.dialects.liquid import apply_filter, parse_moment, strftime
from essaykit.reader.sites import expand_site_syntax
from tests.wildkit import LEAKS, check_every_epub, export_kinds
from tests.wildkit import epub_text as _epub_text
from tests.wildkit import outputs as _outputs
from tests.wildkit import pdf_text as _pdf_text
from tests.wildkit import png as _png
from tests.wildkit import slide_texts as _slide_texts


def read(text: str, path: str = "p.md") -> tuple:  # type: ignore[type-arg]
    said: list[Warning_] = []
    return read_text(text, path=path, warn=said.append), said


def _nodes(doc: object, kind: type) -> list:  # type: ignore[type-arg]
    return [n for n in iter_nodes(doc.blocks) if isinstance(n, kind)]  # type: ignore[attr-defined]


# ------------------------------------------------------------------ posts

def _hugo(root: Path) -> Path:
    site = root / "hugo"
    (site / "content" / "notes").mkdir(parents=True)
    (site / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "Orbits"\n', encoding="utf-8")
    _png(site / "static" / "pics" / "dish.png", "darkslateblue")
    page = site / "content" / "notes" / "orbits.md"
    page.write_text("""+++
title = "Why orbits are ellipses"
date = 2024-09-12T08:30:00+01:00
+++

{{< figure src="/pics/dish.png" title="The big dish" caption="Jodrell Bank at dusk" attr="Photo: R. Amin" >}}

Kepler guessed the shape long before Newton could say why.

{{% notice tip "Before you start" %}}
Keep a *pencil* near: the algebra is short but fiddly.
{{% /notice %}}

## The force

{{< katex display >}}
F = G \\frac{M m}{r^2}
{{< /katex >}}

The energy {{< katex >}}E = \\frac{1}{2} m v^2 - \\frac{G M m}{r}{{< /katex >}} is conserved.

{{< math >}}$$\\oint \\mathbf{F} \\cdot d\\mathbf{r} = 0$${{< /math >}}

{{< alert title="Careful" color="warning" >}}
Circular orbits are the special case, not the rule.
{{< /alert >}}

{{< details "What about parabolas?" >}}
An object with exactly escape speed follows a parabola and never returns.
{{< /details >}}

{{% hint danger %}}
Never point the dish at the Sun.
{{% /hint %}}
""", encoding="utf-8")
    return page


def _jekyll(root: Path) -> Path:
    site = root / "jekyll"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Lab Book\n", encoding="utf-8")
    post = site / "_posts" / "2023-11-05-sourdough.md"
    post.write_text("""---
title: "Sourdough, week one"
date: 2023-11-05 07:15:00 +0100
mood: hopeful
---

On {{ page.date | date: "%A, %B %-d" }} the starter doubled for the first time.
My mood was {{ page.mood | upcase }} and the kitchen was {{ page.weather | default: "cold" }}.

{% capture aside %}The jar was **warmer** than the room.{% endcapture %}
{% assign flour = "rye" %}

I fed it {{ flour | capitalize }} flour. {{ aside | markdownify }}

{% capture unused %}Nobody prints this variable, yet these words stay.{% endcapture %}

Posted {{ page.date | date_to_long_string }}.
""", encoding="utf-8")
    return post


def _obsidian(root: Path) -> Path:
    vault = root / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    note = vault / "Gardening.md"
    note.write_text("""# Gardening

%%check the frost dates again%%

Tomatoes want warm soil, not warm air. %%is that true for peppers?%% Wait for the soil.

%%
A longer private note,
over several lines.
%%
""", encoding="utf-8")
    return note


def _quarto(root: Path) -> Path:
    folder = root / "quarto"
    folder.mkdir()
    doc = folder / "wells.qmd"
    doc.write_text("""---
title: "Well levels in Alentejo"
date: last-modified
---

## Method {#sec-method}

Levels were read monthly. See @fig-levels and @tbl-wells; the method is in @sec-method.

![Monthly level of well 7](levels.png){#fig-levels}

::: {#tbl-wells}
| Well | Depth |
|---|---|
| 7 | 41 m |

Wells sampled.
:::

{{< pagebreak >}}

Press {{< kbd Ctrl-S >}} to save. This is {{< meta title >}}.
""", encoding="utf-8")
    _png(folder / "levels.png", "goldenrod")
    os.utime(doc, (dt.datetime(2022, 8, 3, 12).timestamp(),) * 2)
    return doc


def _franklin(root: Path) -> Path:
    site = root / "franklin"
    (site / "_assets").mkdir(parents=True)
    (site / "_layout").mkdir()
    (site / "config.md").write_text('@def website_title = "Descent"\n', encoding="utf-8")
    _png(site / "_assets" / "contour.png", "olivedrab")
    _png(site / "_assets" / "path.png", "firebrick")
    page = site / "index.md"
    page.write_text("""+++
title = "Stepping downhill"
date = Date(2022, 5, 9)
hasmath = true
+++

@def author = "Noor Haddad"

\\newcommand{\\R}{\\mathbb R}

# {{ title }}

\\toc

We take steps against the gradient of $f:\\R\\to\\R$, one at a time.

```julia:./code/descent
x = x - eta * grad(x)
```

\\output{./code/descent}

\\fig{/assets/contour.png}

\\figalt{The path zig-zags down the valley}{/assets/path.png}

~~~
<div class="aside"><b>Aside:</b> the valley is narrow.</div>
~~~

This page was written by {{fill author}}, ~~~<em>by hand</em>~~~.

@@colbox-blue
A box that holds **bold** advice: shrink the step.
@@

@@note
Momentum helps in narrow valleys.
@@
""", encoding="utf-8")
    return page


KINDS = {"hugo": _hugo, "jekyll": _jekyll, "obsidian": _obsidian, "quarto": _quarto, "franklin": _franklin}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    """Every post exported to all three formats by the command line, once."""
    return export_kinds(tmp_path_factory.mktemp("wild2"), KINDS)


def _texts(folder: Path) -> dict[str, str]:
    files = _outputs(folder)
    return {"PDF": _pdf_text(files[".pdf"]), "slides": _slide_texts(files[".pptx"]),
            "EPUB": _epub_text(files[".epub"])}


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("-\n", "").split())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_nothing_leaks_into_any_format(exported: dict[str, tuple[Path, Path, str]], kind: str) -> None:
    for label, text in _texts(exported[kind][1]).items():
        assert not LEAKS.findall(text), f"{kind} {label}: {LEAKS.findall(text)[:5]}"
        assert "%%" not in text and "@fig-" not in text and "@tbl-" not in text, f"{kind} {label}"


def test_every_epub_is_clean(exported: dict[str, tuple[Path, Path, str]]) -> None:
    check_every_epub(exported)


def test_hugo_words_reach_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, output = exported["hugo"]
    assert "shortcode" not in output  # every shortcode here has a meaning
    texts = _texts(folder)
    for label in ("PDF", "EPUB"):
        text = _flat(texts[label])
        for words in ("The big dish", "Jodrell Bank at dusk", "Photo: R. Amin", "Before you start",
                      "Careful", "What about parabolas?", "escape speed", "Never point the dish"):
            assert words in text, (label, words)


def test_hugo_post_model() -> None:
    page = _hugo_text()
    doc, said = read(page, "orbits.md")
    assert not said, said
    figure = _nodes(doc, Figure)[0]
    assert plain_text(figure.caption) == "The big dish. Jodrell Bank at dusk. Photo: R. Amin"
    callouts = {d.classes[0]: plain_text(d.title) for d in _nodes(doc, Div)}
    assert callouts == {"tip": "Before you start", "warning": "Careful", "details": "What about parabolas?",
                        "danger": ""}
    assert [m.text for m in _nodes(doc, MathBlock)] == ["F = G \\frac{M m}{r^2}",
                                                        "\\oint \\mathbf{F} \\cdot d\\mathbf{r} = 0"]
    assert [m.text for m in _nodes(doc, MathInline)] == ["E = \\frac{1}{2} m v^2 - \\frac{G M m}{r}"]


def _hugo_text() -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return _hugo(Path(tmp)).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{< katex >}}x^2{{< /katex >}} and", "$x^2$ and"),
        ("{{< katex >}}\nx^2\n{{< /katex >}}", "$$\nx^2\n$$"),
        ("a {{< mathjax display >}}x{{< /mathjax >}} b", "a \n\n$$\nx\n$$\n b"),
        ("{{< tex inline >}}y{{< /tex >}}", "$y$"),
        ('{{% notice info "Heads up" %}}\nBody.\n{{% /notice %}}', "> [!INFO] Heads up\n> Body.\n"),
        ('{{% notice style="warning" title="Mind" %}}\nBody.\n{{% /notice %}}', "> [!WARNING] Mind\n> Body.\n"),
        ('{{< alert "circle-info" >}}\nBody.\n{{< /alert >}}', "> [!INFO]\n> Body.\n"),
        ('{{< callout type="warning" >}}\nBody.\n{{< /callout >}}', "> [!WARNING]\n> Body.\n"),
        ('{{% expand "More" %}}\nBody.\n{{% /expand %}}', "> [!DETAILS] More\n> Body.\n"),
        ('{{< details summary="Why?" >}}\nBody.\n{{< /details >}}', "> [!DETAILS] Why?\n> Body.\n"),
        ('{{< figure src="/a.png" title="T" caption="C" >}}', '![T. C](</a.png> "T. C")'),
        ('{{< figure src="/a.png" alt="A cat" caption="Tom." attr="Me" >}}', '![A cat](</a.png> "Tom. Me")'),
        ("`{{< katex >}}x{{< /katex >}}`", "`{{< katex >}}x{{< /katex >}}`"),
    ],
)
def test_hugo_shortcodes_become_their_meaning(source: str, expected: str) -> None:
    out, said = expand_site_syntax(source, {}, path="p.md")
    assert out == expected
    assert said == []


def test_hugo_code_block_keeps_shortcodes_as_written() -> None:
    doc, said = read("```\n{{< katex >}}x{{< /katex >}}\n{{% notice %}}\n```\n")
    assert [c.text for c in _nodes(doc, CodeBlock)] == ["{{< katex >}}x{{< /katex >}}\n{{% notice %}}"]
    assert said == []


# ------------------------------------------------------------------ Liquid

def test_jekyll_words_reach_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, output = exported["jekyll"]
    assert "capture" not in output and "{{" not in output
    texts = _texts(folder)
    for label in ("PDF", "EPUB"):
        text = _flat(texts[label])
        for words in ("On Sunday, November 5 the starter", "My mood was HOPEFUL", "was cold.",
                      "I fed it Rye flour.", "The jar was warmer than the room.",
                      "Nobody prints this variable, yet these words stay.", "Posted 05 November 2023."):
            assert words in text, (label, words)
        assert "+0100" not in text and "07:15" not in text


def test_liquid_code_is_shown_as_written() -> None:
    code = '{% capture kept %}{{ page.date | date: "%Y" }}{% endcapture %}'
    doc, said = read(f"---\ndate: 2023-01-02\n---\n\n```liquid\n{code}\n```\n\nAnd `{{{{ page.date | date: '%Y' }}}}`.\n")
    assert [c.text for c in _nodes(doc, CodeBlock)] == [code]
    assert "{{ page.date | date: '%Y' }}" in plain_text(doc.blocks[-1].children)
    assert said == []


@pytest.mark.parametrize(
    ("value", "name", "args", "expected"),
    [
        ("2023-03-14 09:26:53 -0300", "date", ["%B %d"], "March 14"),
        ("2023-03-04", "date", ["%b %-d, %Y"], "Mar 4, 2023"),
        ("2023-03-04", "date", ["%e|%^a|%j|%y"], " 4|SAT|063|23"),
        ("2023-03-04 18:05:00", "date", ["%I:%M %p"], "06:05 PM"),
        ("2023-03-04", "date", ["%Q"], "%Q"),
        ("2023-03-04", "date_to_string", [], "04 Mar 2023"),
        ("2023-03-01", "date_to_string", ["ordinal", "US"], "Mar 1st, 2023"),
        ("2023-03-22", "date_to_long_string", ["ordinal"], "22nd March 2023"),
        ("2023-03-22", "date_to_xmlschema", [], "2023-03-22T00:00:00"),
        ("not a date", "date", ["%Y"], "not a date"),
        ("hello world", "upcase", [], "HELLO WORLD"),
        ("HELLO", "downcase", [], "hello"),
        ("hELLO world", "capitalize", [], "Hello world"),
        (None, "default", ["fallback"], "fallback"),
        ("", "default", ["fallback"], "fallback"),
        ("set", "default", ["fallback"], "set"),
        (None, "upcase", [], None),
        ("a-b-c", "replace", ["-", " "], "a b c"),
        ("one two three", "truncatewords", ["2"], "one two..."),
        ("x", "no_such_filter", ["y"], "x"),
        ("/p/", "relative_url", [], "/p/"),
    ],
)
def test_liquid_filters(value: str | None, name: str, args: list[str], expected: str | None) -> None:
    assert apply_filter(value, name, list(args)) == expected


def test_liquid_moments() -> None:
    moment = parse_moment("2023-03-14 09:26:53 -0300")
    assert moment is not None and moment.utcoffset() == dt.timedelta(hours=-3)
    assert strftime(moment, "%Y-%m-%dT%H:%M:%S%z") == "2023-03-14T09:26:53-0300"
    assert parse_moment("March 14, 2023") == dt.datetime(2023, 3, 14)
    assert parse_moment("soon") is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{% assign who = "Ada" %}Hi {{ who }}.', "Hi Ada."),
        ('{% assign who = "ada" | capitalize %}Hi {{ who }}.', "Hi Ada."),
        ("{% capture x %}kept{% endcapture %}[{{ x }}]", "[kept]"),
        ("{% capture x %}kept{% endcapture %}.", "kept."),
        ('{{ "now" | date: "%Y" }}', str(dt.date.today().year)),
        ("{{ page.missing | default: 'none' }}", "none"),
    ],
)
def test_liquid_variables_resolve(source: str, expected: str) -> None:
    out, said = expand_site_syntax(source, {}, path="p.md")
    assert out == expected
    assert said == []


# ------------------------------------------------------------------ Obsidian

def test_obsidian_comments_are_gone_everywhere(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, output = exported["obsidian"]
    for label, text in _texts(folder).items():
        for private in ("frost dates", "peppers", "longer private note", "several lines"):
            assert private not in text, (label, private)
        if label != "slides":
            assert "Wait for the soil." in _flat(text), label
    assert "warning" not in output.split("image")[0] or "comment" not in output


def test_obsidian_comments_never_inside_code() -> None:
    doc, said = read("Text %%gone%% here, see [[Roots]].\n\n```\na %%kept%% b\n```\n\nAnd `%%span%%` too.\n")
    assert plain_text(doc.blocks[0].children) == "Text  here, see Roots."
    assert [c.text for c in _nodes(doc, CodeBlock)] == ["a %%kept%% b"]
    assert "`%%span%%`" not in plain_text(doc.blocks[-1].children)
    assert "%%span%%" in plain_text(doc.blocks[-1].children)
    assert said == []


def test_percent_signs_that_are_no_comment_stay() -> None:
    doc, _ = read("A 50% rise, then 20% more.\n")
    assert plain_text(doc.blocks[0].children) == "A 50% rise, then 20% more."


# ------------------------------------------------------------------ Quarto

def test_quarto_dates_and_shortcodes(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit

    doc_path, folder, output = exported["quarto"]
    assert essaykit.load(doc_path).meta.date == dt.date(2022, 8, 3)
    assert "Quarto shortcode {{< pagebreak >}}" in output and "Hugo" not in output
    text = _flat(_texts(folder)["PDF"])
    assert "Press Ctrl-S to save. This is Well levels in Alentejo." in text


@pytest.mark.parametrize("word", ["today", "now"])
def test_quarto_today(word: str) -> None:
    doc, said = read(f"---\ntitle: T\ndate: {word}\n---\n\nText.\n", "t.qmd")
    assert doc.meta.date == dt.date.today()
    assert said == []


def test_paragraph_words_after_hugo_callout_are_a_paragraph() -> None:
    doc, _ = read('{{% notice note "N" %}}\nIn.\n{{% /notice %}}\nOut.\n')
    assert isinstance(doc.blocks[-1], Paragraph) and plain_text(doc.blocks[-1].children) == "Out."
    assert re.sub(r"\s+", " ", plain_text(doc.blocks[0].children[0].children)) == "In."


def test_quarto_cross_references_say_what_they_point_to(exported: dict[str, tuple[Path, Path, str]]) -> None:
    texts = _texts(exported["quarto"][1])
    for label in ("PDF", "EPUB"):
        text = _flat(texts[label])
        assert "See Figure 1 and Table 1; the method is in Method." in text, label
        assert "Figure 1: Monthly level of well 7" in text and "Table 1: Wells sampled." in text, label


_QUARTO = """## Data {#sec-data}

![Rain](r.png){#fig-rain}

```{python}
#| label: fig-wind
#| fig-cap: "Wind"
plot(wind)
```

$$ E = mc^2 $$ {#eq-mass}

| a | b |
|---|---|
| 1 | 2 |

: Counts {#tbl-counts}

"""


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("See @fig-rain.", "See Figure 1."),
        ("See @fig-wind.", "See Figure 2."),
        ("See [@fig-rain].", "See Figure 1."),
        ("Figures [-@fig-rain] and [-@fig-wind].", "Figures 1 and 2."),
        ("@Fig-wind shows it.", "Figure 2 shows it."),
        ("By @eq-mass and @tbl-counts.", "By Equation 1 and Table 1."),
        ("As in @sec-data.", "As in Data."),
        ("Unknown @fig-none stays.", "Unknown @fig-none stays."),
        ("Cited [@smith2020] stays.", "Cited [@smith2020] stays."),
        ("Mail me at ann@fig-tree.org.", "Mail me at ann@fig-tree.org."),
        ("In code `@fig-rain` stays.", "In code @fig-rain stays."),
    ],
)
def test_quarto_references(ref: str, said: str) -> None:
    doc, _ = read(_QUARTO + ref + "\n", "r.qmd")
    assert plain_text(doc.blocks[-1].children) == said
    assert any(isinstance(b, MathBlock) and b.text.strip() == "E = mc^2" for b in doc.blocks)
    paragraphs = [plain_text(b.children) for b in doc.blocks if isinstance(b, Paragraph)]
    # The table's pandoc caption is its caption, numbered (not a paragraph under it).
    assert [plain_text(t.caption) for t in _nodes(doc, Table)] == ["Table 1: Counts"]
    assert "Table 1: Counts" not in paragraphs
    # A cell's figure: the picture Quarto rendered, here missing (a placeholder), under its caption.
    assert [plain_text(f.caption) for f in _nodes(doc, Figure)][1] == "Figure 2: Wind"
    assert plain_text(_nodes(doc, Figure)[0].caption) == "Figure 1: Rain"


# ------------------------------------------------------------------ Franklin

def test_franklin_words_and_figures_reach_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    _, folder, output = exported["franklin"]
    assert output.count("\\output") == 1 and "missing" not in output.lower()
    texts = _texts(folder)
    for label in ("PDF", "EPUB"):
        text = _flat(texts[label])
        for words in ("Aside: the valley is narrow.", "written by Noor Haddad, by hand",
                      "A box that holds bold advice: shrink the step.", "Momentum helps in narrow valleys.",
                      "The path zig-zags down the valley"):
            assert words in text, (label, words)
        assert "~~~" not in text and "@@" not in text and "<div" not in text, label
    files = _outputs(folder)
    assert sum(len(page.images) for page in PdfReader(str(files[".pdf"])).pages) >= 2
    pictures = [s for slide in Presentation(str(files[".pptx"])).slides for s in slide.shapes
                if s.shape_type == 13]
    assert len(pictures) >= 2


def test_franklin_page_model() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        page = _franklin(Path(tmp))
        doc, said = read(page.read_text(encoding="utf-8"), str(page))
    code = _nodes(doc, CodeBlock)
    assert [(c.language, c.text) for c in code] == [("julia", "x = x - eta * grad(x)")]
    divs = {d.classes: plain_text(d.children[0].children) for d in _nodes(doc, Div) if d.children
            and isinstance(d.children[0], Paragraph)}
    assert divs[("colbox-blue",)] == "A box that holds bold advice: shrink the step."
    assert divs[("note",)] == "Momentum helps in narrow valleys."
    assert [f.image.src for f in _nodes(doc, Figure)] == ["/assets/contour.png", "/assets/path.png"]
    assert plain_text(_nodes(doc, Figure)[1].caption) == "The path zig-zags down the valley"
    # The page's \\newcommand reaches the maths (reader/academic/macros.py expands it).
    assert [m.text for m in _nodes(doc, MathInline)] == ["f:\\mathbb R\\to\\mathbb R"]
    assert not [w for w in said if "\\R" in w.message]
    assert [w.message for w in said if "\\output" in w.message][0].startswith("Franklin's \\output")


def test_tildes_are_code_outside_franklin() -> None:
    doc, _ = read("Plain post.\n\n~~~\n<div>x</div>\n~~~\n")
    assert [c.text for c in _nodes(doc, CodeBlock)] == ["<div>x</div>"]
    doc, _ = read("@def title = \"T\"\n\n~~~python\nprint(1)\n~~~\n")
    assert [c.text for c in _nodes(doc, CodeBlock)] == ["print(1)"]


@given(st.text(alphabet="ab %@{}<>#-/figtbl:\\$[]\n", max_size=60))
def test_code_blocks_are_shown_as_written(code: str) -> None:
    """Whatever template, comment or reference syntax a fenced block holds,
    in a Franklin page, a Quarto document or a plain post, it comes out as written."""
    code = "\n".join(line for line in code.split("\n") if line.strip()) or "x"
    for head, path in (("", "p.md"), ("@def title = \"T\"\n\n", "p.md"), ("See @fig-a.\n\n", "p.qmd")):
        out, _ = expand_site_syntax(f"{head}```\n{code}\n```\n\n![a](a.png){{#fig-a}}\n", {}, path=path)
        assert f"```\n{code}\n```" in out


def test_double_percent_in_a_post_that_is_no_obsidian_note_stays() -> None:
    text = "Write %% for a percent sign in printf, and %%d stays too.\n"
    doc, _ = read(text)
    assert plain_text(doc.blocks[0].children) == text.strip()
    doc, _ = read("Intro.\n\n%%\nprivate\n%%\n\nSee [[Other]] %%and this%% too.\n")
    assert "private" not in plain_text(doc.blocks) and "and this" not in plain_text(doc.blocks)


def test_a_vault_makes_every_comment_a_comment(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    note = tmp_path / "n.md"
    doc, _ = read("Kept %%hidden%% words.\n", str(note))
    assert plain_text(doc.blocks[0].children) == "Kept  words."
