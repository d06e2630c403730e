"""Hypothesis strategies that build model documents directly.

Shared by the model, transform and renderer tests, so each of them can be
tried on documents no reader would produce (deep nesting, odd characters).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from essaykit import model as m

# Text that is valid in XML: no control characters except tab/newline, no
# surrogates, no U+FFFE/U+FFFF.
_chars = st.characters(
    blacklist_categories=("Cs", "Cc"),
    blacklist_characters="\ufffe\uffff",
)
words = st.text(_chars, min_size=1, max_size=12).filter(lambda s: s.strip() != "")
plain = st.lists(words, min_size=1, max_size=6).map(" ".join)
urls = st.sampled_from(["https://example.org/a?b=1&c=2", "#section", "mailto:x@example.org", "page.html"])
langs = st.sampled_from(["en", "fr", "de", "ja", "zh", "ar", "fa", "he"])


def inlines(depth: int = 2) -> st.SearchStrategy[tuple[m.Inline, ...]]:
    leaf = st.one_of(
        plain.map(lambda t: m.Text(text=t)),
        st.just(m.SoftBreak()),
        st.just(m.LineBreak()),
        plain.map(lambda t: m.Code(text=t)),
        plain.map(lambda t: m.MathInline(text=t)),
    )
    if depth <= 0:
        return st.lists(leaf, min_size=1, max_size=4).map(tuple)
    inner = inlines(depth - 1)
    node = st.one_of(
        leaf,
        inner.map(lambda c: m.Emph(children=c)),
        inner.map(lambda c: m.Strong(children=c)),
        inner.map(lambda c: m.Mark(children=c)),
        inner.map(lambda c: m.Strike(children=c)),
        inner.map(lambda c: m.Sup(children=c)),
        inner.map(lambda c: m.Sub(children=c)),
        st.builds(lambda c, u: m.Link(children=c, url=u), inner, urls),
        st.builds(lambda c, lang: m.Span(children=c, lang=lang), inner, langs),
        inner.map(lambda c: m.Span(children=c, classes=("smallcaps", "underline"))),
    )
    return st.lists(node, min_size=1, max_size=5).map(tuple)


def blocks(depth: int = 2) -> st.SearchStrategy[tuple[m.Block, ...]]:
    para = inlines().map(lambda c: m.Paragraph(children=c))
    leaf = st.one_of(
        para,
        st.builds(lambda lvl, c, k: m.Heading(level=lvl, children=c, classes=k), st.integers(1, 4),
                  inlines(1), st.sampled_from([(), ("unlisted",), ("unnumbered", "x y\"<")])),
        st.builds(lambda t, lang: m.CodeBlock(text=t, language=lang), plain, st.sampled_from([None, "python", "js"])),
        st.just(m.ThematicBreak()),
        st.builds(lambda c, o: m.PullQuote(children=c, origin=o), inlines(1), st.sampled_from(["explicit", "auto"])),
        st.builds(
            lambda rows: m.Table(
                head=(m.TableRow(children=tuple(m.TableCell(children=(m.Text(text=f"h{i}"),), header=True) for i in range(2))),),
                children=tuple(m.TableRow(children=(m.TableCell(children=r), m.TableCell(children=r))) for r in rows),
            ),
            st.lists(inlines(0), min_size=1, max_size=3),
        ),
    )
    if depth <= 0:
        return st.lists(leaf, min_size=1, max_size=4).map(tuple)
    inner = blocks(depth - 1)
    node = st.one_of(
        leaf,
        inner.map(lambda c: m.BlockQuote(children=c)),
        st.lists(inner, min_size=1, max_size=3).map(
            lambda items: m.BulletList(children=tuple(m.ListItem(children=i) for i in items))
        ),
        st.lists(inner, min_size=1, max_size=3).map(
            lambda items: m.OrderedList(children=tuple(m.ListItem(children=i) for i in items), start=3)
        ),
        st.builds(lambda c, lang: m.Div(children=c, lang=lang), inner, langs),
    )
    return st.lists(node, min_size=1, max_size=6).map(tuple)


metadata = st.builds(
    m.Metadata,
    title=plain,
    subtitle=st.one_of(st.just(""), plain),
    authors=st.lists(plain, max_size=3).map(tuple),
    date=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
    language=langs,
    tags=st.lists(words, max_size=3).map(tuple),
    extra=st.dictionaries(st.sampled_from(["layout", "draft", "thanks"]), st.one_of(plain, st.booleans(), st.integers())),
)


def documents(depth: int = 2) -> st.SearchStrategy[m.Document]:
    return st.builds(lambda meta, b: m.Document(meta=meta, blocks=b), metadata, blocks(depth))
