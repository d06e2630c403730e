"""Our own XHTML read by expat, where that gives WeasyPrint the tree its
HTML5 parser would.

Why: WeasyPrint parses every document with tinyhtml5, an HTML5 parser in
pure Python: 0.74 s of CPU for the synthetic book's four chunks (2.5 % of
their work), about 1.3 µs a byte. The markup is ours
(:mod:`essaykit.renderers.pdf.html`): well-formed XHTML, which the C parser behind
``xml.etree.ElementTree`` reads in a thirtieth of that time.

When: only if the tree is certainly the one tinyhtml5 builds
(``namespace_html_elements=False``: plain tag names). :func:`tree` checks
the markup and the tree against every HTML5 tree-construction rule that
could build something else from well-formed markup, and answers None —
WeasyPrint parses as before — when any could apply: an element outside a
known set of plain HTML ones (no foreign content, forms, raw-text or
template elements), a block that would close an open paragraph, nested
headings or links, list items outside lists, table rows outside row
groups, text inside a table's structure, a self-closed non-void element,
an end tag for a void one, a tab or newline in an attribute value (XML
turns it into a space), a numeric character reference (HTML5 maps some
differently), a non-empty ``<style>``. What it emulates: the newline
dropped after ``<pre>``, whitespace before ``<head>`` dropped and after
``</body>`` or ``</html>`` moved into the body, the ``xmlns`` attribute
kept on ``<html>``. The tests compare both trees on the book, the corpus and
generated documents.

The ``weasyprint.HTML`` object is then made without its ``__init__`` (which
always parses), with the attributes ``__init__`` sets; if WeasyPrint's
``HTML`` has other attributes than those, it parses as before.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

_XHTML = "{http://www.w3.org/1999/xhtml}"
_XML = "{http://www.w3.org/XML/1998/namespace}"
_START = re.compile(r'\A(?:<!DOCTYPE html>\s*)?<html xmlns="http://www.w3.org/1999/xhtml"[ >]')

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
#: Elements tinyhtml5 builds as they are written, in the contexts checked below.
_KNOWN = {
    "html", "head", "title", "meta", "style", "link", "body",
    "main", "section", "article", "nav", "aside", "header", "footer", "div", "address",
    "figure", "figcaption", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "hr",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "span", "a", "em", "strong", "b", "i", "u", "s", "small", "sub", "sup", "code", "kbd",
    "samp", "var", "mark", "q", "cite", "abbr", "dfn", "time", "del", "ins", "br", "img",
    "wbr", "bdi", "bdo", "data",
}
#: Start tags that close an open ``<p>`` (HTML5 "in body" insertion mode).
_CLOSE_P = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav",
    "ol", "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "listing", "form", "plaintext", "li", "dd", "dt", "table", "hr", "xmp",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HEAD = {"title", "meta", "style", "link"}
#: What may hold a table without HTML5 moving it (no formatting element open around it).
_TABLE_PARENTS = {"body", "main", "section", "article", "nav", "aside", "header", "footer",
                  "div", "figure", "blockquote", "li", "dd", "td", "th"}
_CHILDREN = {
    "table": {"caption", "colgroup", "thead", "tbody", "tfoot"},
    "thead": {"tr"}, "tbody": {"tr"}, "tfoot": {"tr"}, "tr": {"th", "td"}, "colgroup": {"col"},
}
_PARENT = {"li": {"ul", "ol"}, "dt": {"dl"}, "dd": {"dl"}, "tr": {"thead", "tbody", "tfoot"},
           "th": {"tr"}, "td": {"tr"}, "caption": {"table"}, "thead": {"table"},
           "tbody": {"table"}, "tfoot": {"table"}, "colgroup": {"table"}, "col": {"colgroup"}}
_SELF_CLOSED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*/>")
_VOID_END = re.compile(r"</(?:{})\s*>".format("|".join(sorted(_VOID))))
_WHITESPACE_IN_VALUE = re.compile(r'="[^"]*[\t\n\r][^"]*"|=\'[^\']*[\t\n\r][^\']*\'')


def tree(markup: str) -> Any:
    """The root element tinyhtml5 would make of ``markup``, or None when
    that is not certain (see the module docstring)."""
    if (not _START.match(markup) or "&#" in markup or "<!--" in markup or "<![" in markup
            or "<?" in markup or "xmlns:" in markup or markup.count("xmlns=") != 1
            or _VOID_END.search(markup) or _WHITESPACE_IN_VALUE.search(markup)
            or any(m.group(1) not in _VOID for m in _SELF_CLOSED.finditer(markup))):
        return None
    try:
        root = ET.fromstring(markup[markup.index("<html"):])
    except (ET.ParseError, ValueError):  # ValueError: a lone surrogate
        return None
    try:
        if not _plain(root) or not _shaped(root):
            return None
    except RecursionError:  # nesting deeper than this checks (WeasyPrint would not cope either)
        return None
    # What HTML5 does with the whitespace around head and body.
    head, body = root
    if (root.text or "").strip() or (head.tail or "").strip() or (body.tail or "").strip():
        return None
    root.text = None
    # Whitespace after </body>, and after </html> (outside expat's tree),
    # goes at the end of the body.
    after = (body.tail or "") + markup[markup.rindex("</html>") + len("</html>"):]
    body.tail = None
    if after:
        if len(body):
            body[-1].tail = (body[-1].tail or "") + after
        else:
            body.text = (body.text or "") + after
    for pre in root.iter("pre"):
        if pre.text and pre.text.startswith("\n"):
            pre.text = pre.text[1:]
    root.attrib = {"xmlns": "http://www.w3.org/1999/xhtml", **root.attrib}
    return root


def _plain(root: Any) -> bool:
    """Tags and attributes without namespaces, every tag a known one."""
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str) or not tag.startswith(_XHTML):
            return False
        tag = element.tag = tag[len(_XHTML):]
        if tag not in _KNOWN:
            return False
        if any(name.startswith("{") for name in element.attrib):
            if any(name.startswith("{") and not name.startswith(_XML) for name in element.attrib):
                return False
            element.attrib = {(f"xml:{k[len(_XML):]}" if k.startswith(_XML) else k): v
                              for k, v in element.attrib.items()}
        if any(name != name.lower() for name in element.attrib):
            return False  # HTML5 lower-cases attribute names
    return True


def _shaped(root: Any) -> bool:
    """Whether HTML5's tree construction keeps every element where it is."""
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"]:
        return False
    head = root[0]
    if any(child.tag not in _HEAD or (child.tail or "").strip() for child in head) or (head.text or "").strip():
        return False
    if any(len(child) or (child.tag == "style" and (child.text or "").strip()) for child in head):
        return False
    return all(_kept(child, ("html", "body")) for child in root[1])


def _kept(element: Any, ancestors: tuple[str, ...]) -> bool:
    """Whether HTML5 builds ``element`` and what it holds where they are,
    below ``ancestors`` (tags, outermost first)."""
    tag = element.tag
    parent = ancestors[-1]
    if (tag in _CLOSE_P and "p" in ancestors
            or tag in _HEADINGS and _HEADINGS.intersection(ancestors)
            or tag == "a" and "a" in ancestors
            or tag in _PARENT and parent not in _PARENT[tag]
            or tag == "table" and parent not in _TABLE_PARENTS
            or tag in _VOID and (len(element) or element.text)
            or tag in _HEAD and tag != "link"):
        return False
    allowed = _CHILDREN.get(tag)
    if allowed is not None and ((element.text or "").strip() or any(
            child.tag not in allowed or (child.tail or "").strip() for child in element)):
        return False  # text in a table's structure is moved out of it
    inner = (*ancestors, tag)
    return all(_kept(child, inner) for child in element)


def html_document(markup: str, base_url: str | None, url_fetcher: Any) -> Any:
    """A ``weasyprint.HTML`` for ``markup``: read by expat where :func:`tree`
    vouches for the tree, else parsed by WeasyPrint."""
    from weasyprint import HTML

    root = tree(markup) if _attributes() else None
    if root is None:
        return HTML(string=markup, base_url=base_url, url_fetcher=url_fetcher)
    import cssselect2

    document = HTML.__new__(HTML)
    document.base_url = base_url  # no <base> element: _KNOWN has none
    document.url_fetcher = url_fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


@cache
def _attributes() -> bool:
    """Whether WeasyPrint's ``HTML.__init__`` sets exactly the attributes
    :func:`html_document` sets."""
    from weasyprint import HTML

    try:
        made = HTML(string="<html><body></body></html>")
    except Exception:  # noqa: BLE001 - then let WeasyPrint do it all
        return False
    return set(vars(made)) == {"base_url", "url_fetcher", "media_type", "wrapper_element",
                               "etree_element"}
