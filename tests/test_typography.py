"""Smart typography: quotes per language, dashes, ellipses, and never in code."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from essaykit.model import (
    BlockQuote,
    Code,
    CodeBlock,
    Div,
    Document,
    Emph,
    Heading,
    Image,
    Link,
    MathBlock,
    MathInline,
    Metadata,
    Node,
    Paragraph,
    RawBlock,
    RawInline,
    Span,
    Strong,
    Text,
    plain_text,
)
from essaykit.model.walk import iter_nodes, query
from essaykit.transform.typography import smarten_inlines, smarten_text, typography
from tests import strategies

NNBSP = "\u202f"


def doc(*blocks: Node, lang: str = "en") -> Document:
    return Document(meta=Metadata(language=lang), blocks=blocks)  # type: ignore[arg-type]


def test_english_quotes_apostrophes_dashes_ellipses() -> None:
    src = "\"Hello,\" she said. \"It's 5 o'clock -- don't be late...\" The students' work --- done. 'Tis 'hi'."
    assert smarten_text(src, "en") == (
        "“Hello,” she said. “It’s 5 o’clock – don’t be late…” The students’ work — done. ’Tis ‘hi’."
    )


def test_decades_inches_flags_and_arrows() -> None:
    assert smarten_text("the '90s", "en") == "the ’90s"
    assert smarten_text('a 12" screen', "en") == 'a 12" screen'
    assert smarten_text("run it with --verbose", "en") == "run it with --verbose"
    assert smarten_text("A --> B <-- C", "en") == "A --> B <-- C"
    assert smarten_text("a ---- rule", "en") == "a ---- rule"


def test_nested_quotes() -> None:
    assert smarten_text("\"'Hi,' he said.\"", "en") == "“‘Hi,’ he said.”"
    assert (
        smarten_text("Er sagte \"Hallo 'Welt'\" und ging.", "de")
        == "Er sagte „Hallo ‚Welt‘“ und ging."
    )


def test_french_guillemets_and_narrow_spaces() -> None:
    out = smarten_text('Il a dit : "Bonjour!" Quoi? L\'homme; voilà.', "fr")
    assert out == (
        f"Il a dit{NNBSP}: «{NNBSP}Bonjour{NNBSP}!{NNBSP}» Quoi{NNBSP}? L’homme{NNBSP}; voilà."
    )
    # Existing guillemets get their spaces; times, URLs and "?!" are left alone.
    assert smarten_text("« déjà » à 10:30 sur http://x.fr ?!", "fr") == (
        f"«{NNBSP}déjà{NNBSP}» à 10:30 sur http://x.fr{NNBSP}?!"
    )
    assert smarten_text("Quoi ?", "fr-CA") == f"Quoi{NNBSP}?"


def test_cjk_brackets_untouched_and_no_spaces_inserted() -> None:
    src = "彼は「こんにちは」と言った。本当？はい！ええ：そう；"
    assert smarten_text(src, "ja") == src
    assert smarten_text('他说"你好"然后走了...', "zh") == "他说“你好”然后走了…"


def test_quotes_pair_across_nodes() -> None:
    out = smarten_inlines(
        (Text(text='"a '), Emph(children=(Text(text="b"),)), Text(text=' c" and done')), "en"
    )
    assert out == (Text(text="“a "), Emph(children=(Text(text="b"),)), Text(text=" c” and done"))


def test_span_and_div_switch_language() -> None:
    para = Paragraph(
        children=(
            Text(text='He said "yes" and '),
            Span(lang="fr", children=(Text(text='"oui"'),)),
            Text(text="."),
        )
    )
    fr_div = Div(lang="de", children=(Paragraph(children=(Text(text='"Ja"'),)),))
    out = typography(doc(para, fr_div))
    assert plain_text(out.blocks[0]) == f"He said “yes” and «{NNBSP}oui{NNBSP}»."
    assert plain_text(out.blocks[1]).strip() == "„Ja“"


def test_code_math_raw_and_urls_untouched() -> None:
    para = Paragraph(
        children=(
            Text(text='Use "'),
            Code(text='"x" -- y...'),
            Text(text='" or '),
            MathInline(text="a' -- b"),
            RawInline(format="html", text='<b title="t">'),
            Link(children=(Text(text="it's"),), url="https://x.org/a--b...'c'"),
        )
    )
    blocks = (
        para,
        CodeBlock(text='print("hi") -- ...'),
        MathBlock(text="f'(x) -- ..."),
        RawBlock(format="html", text='<p class="x">--</p>'),
    )
    out = typography(doc(*blocks))
    assert out.blocks[1:] == blocks[1:]
    new = out.blocks[0]
    assert query(new, Code) == [Code(text='"x" -- y...')]
    assert query(new, MathInline) == [MathInline(text="a' -- b")]
    assert query(new, RawInline) == [RawInline(format="html", text='<b title="t">')]
    assert query(new, Link)[0].url == "https://x.org/a--b...'c'"
    assert plain_text(query(new, Link)[0].children) == "it’s"
    assert plain_text(new).startswith("Use “")


def test_headings_captions_alt_and_metadata() -> None:
    d = Document(
        meta=Metadata(title='The "Mini-CEO" -- a myth', language="en"),
        blocks=(
            Heading(level=2, children=(Text(text="Don't panic"),)),
            Paragraph(children=(Image(src="a.png", alt='a "cat"'),)),
            BlockQuote(
                children=(Paragraph(children=(Text(text="x"),)),),
                attribution=(Text(text="O'Brien"),),
            ),
        ),
    )
    out = typography(d)
    assert out.meta.title == "The “Mini-CEO” – a myth"
    assert plain_text(out.blocks[0]) == "Don’t panic"
    assert query(out, Image)[0].alt == "a “cat”"
    assert plain_text(out.blocks[2].attribution) == "O’Brien"  # type: ignore[union-attr]


def test_already_curly_is_unchanged_and_unchanged_docs_are_the_same_object() -> None:
    d = doc(Paragraph(children=(Text(text="“Already” curly ‘quotes’ — don’t…"),)))
    assert typography(d) is d


# --------------------------------------------------------------- properties

_pieces = st.sampled_from(
    ['"', "'", "--", "---", "...", " ", "a", "B", "é", "7", ",", ".", "!", "?", ":", ";",
     "«", "»", "“", "’", "(", ")", "-", "\n", "日", "。", "—"]
)  # fmt: skip
_texts = st.lists(_pieces, min_size=1, max_size=25).map("".join)
_langs = st.sampled_from(["en", "fr", "de", "ja", "zh", "ar", "de-CH", "pl", "sv"])


@st.composite
def _paragraphs(draw: st.DrawFn) -> Paragraph:
    nodes: list[Node] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["text", "code", "emph", "strong", "span", "math", "link"]))
        text = draw(_texts)
        if kind == "text":
            nodes.append(Text(text=text))
        elif kind == "code":
            nodes.append(Code(text=text))
        elif kind == "math":
            nodes.append(MathInline(text=text))
        elif kind == "emph":
            nodes.append(Emph(children=(Text(text=text),)))
        elif kind == "strong":
            nodes.append(Strong(children=(Text(text=text), Code(text=draw(_texts)))))
        elif kind == "span":
            nodes.append(Span(lang=draw(_langs), children=(Text(text=text),)))
        else:
            nodes.append(Link(url=draw(_texts), children=(Text(text=text),)))
    return Paragraph(children=tuple(nodes))  # type: ignore[arg-type]


def _code_texts(tree: object) -> list[str]:
    return [
        n.text  # type: ignore[attr-defined]
        for n in iter_nodes(tree)
        if isinstance(n, (Code, CodeBlock, MathInline, MathBlock, RawInline, RawBlock))
    ] + [n.url for n in iter_nodes(tree) if isinstance(n, Link)]


def _word_chars(tree: object) -> str:
    return "".join(ch for ch in plain_text(tree) if ch.isalnum())


@given(st.lists(_paragraphs(), min_size=1, max_size=4), _langs)
@settings(max_examples=300, deadline=None)
def test_properties_on_quote_heavy_text(paras: list[Paragraph], lang: str) -> None:
    d = doc(*paras, lang=lang)
    once = typography(d)
    assert _code_texts(once) == _code_texts(d)
    assert _word_chars(once) == _word_chars(d)
    assert typography(once) == once


@given(strategies.documents())
@settings(max_examples=100, deadline=None)
def test_properties_on_any_document(d: Document) -> None:
    once = typography(d)
    assert _code_texts(once) == _code_texts(d)
    assert _word_chars(once) == _word_chars(d)
    assert typography(once) == once
