"""The shared XHTML writer: fixture pairs (model JSON or Markdown → XHTML)
and the rules that keep its output valid whatever the model holds.

Regenerate the expected files deliberately with ``ESSAYKIT_REGEN=1 pytest
tests/test_html.py`` and read the diff before committing it.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from essaykit import model as m
from essaykit.renderers.xhtml.writer import HtmlOptions, XhtmlWriter, node_html, safe_url, xml_safe

from .strategies import documents

FIXTURES = Path(__file__).parent / "fixtures" / "html"
XHTML_NS = 'xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'


def render_fixture(path: Path) -> str:
    if path.suffix == ".json":
        doc = m.Document.from_json(path.read_text("utf-8"))
    else:
        from essaykit.reader import read_text

        doc = read_text(path.read_text("utf-8"), format="markdown", path=str(path))
    writer = XhtmlWriter(doc, HtmlOptions(footnotes="end", epub=True))
    return writer.blocks(doc.blocks) + writer.endnotes()


def well_formed(fragment: str) -> ET.Element:
    """Parse an XHTML fragment as XML inside a body (raises if malformed)."""
    return ET.fromstring(f"<body {XHTML_NS}>{fragment}</body>")


@pytest.mark.parametrize("source", sorted(p for p in FIXTURES.iterdir() if p.suffix in {".json", ".md"}),
                         ids=lambda p: p.name)
def test_fixture(source: Path) -> None:
    expected_path = source.with_suffix(".xhtml")
    got = render_fixture(source)
    well_formed(got)
    if os.environ.get("ESSAYKIT_REGEN") or not expected_path.exists():
        expected_path.write_text(got, "utf-8")
        if not os.environ.get("ESSAYKIT_REGEN"):
            pytest.fail(f"{expected_path.name} was missing and has been written; check it and commit it")
    assert got == expected_path.read_text("utf-8")


def test_xml_forbidden_characters_are_dropped() -> None:
    assert xml_safe("a\x00b\x1bc\x85d\ufffee\ud800f\tg\nh") == "abcdef\tg\nh"
    html = node_html(m.Paragraph(children=(m.Text(text="x\x0cy"),)))
    assert html == "<p>xy</p>\n"


def test_urls_are_percent_encoded_but_reserved_characters_stay() -> None:
    assert safe_url("https://example.org/a b?q=ü&x=1#frag") == "https://example.org/a%20b?q=%C3%BC&x=1#frag"
    assert safe_url("https://example.org/%20ok") == "https://example.org/%20ok"


def test_no_link_inside_a_link_and_no_script_urls() -> None:
    doc = m.Document.from_json((FIXTURES / "invalid-nesting.json").read_text("utf-8"))
    html = render_fixture(FIXTURES / "invalid-nesting.json")
    root = well_formed(html)
    ns = "{http://www.w3.org/1999/xhtml}"
    for a in root.iter(ns + "a"):
        assert not list(a.iter(ns + "a"))[1:], "nested <a>"
        assert not a.get("href", "").startswith("javascript")
    assert "<script" not in html and "<b>raw</b>" not in html
    assert doc.blocks  # the fixture is not empty


def test_stray_items_get_a_valid_parent() -> None:
    html = render_fixture(FIXTURES / "invalid-nesting.json")
    assert "<ul><li>stray item</li></ul>" in html
    assert "<table><tbody><tr><td>stray row</td></tr></tbody></table>" in html
    assert "<dl><dt>stray term</dt>" in html


def test_bad_lang_and_dir_are_not_written() -> None:
    html = render_fixture(FIXTURES / "invalid-nesting.json")
    assert 'lang="not a tag!"' not in html and "sideways" not in html
    assert '<bdi lang="fr" xml:lang="fr" dir="rtl">bonjour</bdi>' in html


def test_notes_numbered_in_reading_order_without_gaps() -> None:
    doc = m.Document.from_json((FIXTURES / "footnotes.json").read_text("utf-8"))
    writer = XhtmlWriter(doc, HtmlOptions(epub=True))
    assert writer.note_numbers == {"a": 1, "b": 2, "c": 3}
    html = writer.blocks(doc.blocks) + writer.endnotes()
    assert "never shown" not in html and "only from an unused note" not in html
    assert html.count('id="fnref_1"') == 1  # the second reference has no id
    assert "[^zz]" in html  # a reference to no note stays visible
    assert 'href="#fnref_3"' in html and 'id="fnref_3"' in html  # nested note links back


def test_note_ids_cannot_collide_with_heading_ids() -> None:
    html = render_fixture(FIXTURES / "ids.json")
    ids = [el.get("id") for el in well_formed(html).iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert 'id="my-id"' in html and 'id="h-fn_1"' in html and 'id="same-2"' in html


def test_inline_footnotes_for_print() -> None:
    doc = m.Document.from_json((FIXTURES / "footnotes.json").read_text("utf-8"))
    writer = XhtmlWriter(doc, HtmlOptions(footnotes="inline"))
    html = writer.blocks(doc.blocks)
    assert '<span class="footnote" id="fn_1">Note A with nested' in html
    well_formed(html)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_gives_well_formed_xhtml(doc: m.Document) -> None:
    writer = XhtmlWriter(doc, HtmlOptions(epub=True))
    root = well_formed(writer.blocks(doc.blocks) + writer.endnotes())
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
