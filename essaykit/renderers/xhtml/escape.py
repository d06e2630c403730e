"""Escaping for the XHTML writer: text and attribute values, and URLs.

Why a module of its own: the EPUB's other files (package document, nav,
MathML, side files) escape their text the same way the chapters do, and
should not need the writer to do it. Everything here is a pure function of a
string; it knows nothing of the document model.
"""

from __future__ import annotations

import re
import urllib.parse
from html import escape

# Characters XML 1.0 forbids, plus C1 controls and noncharacters that HTML
# validators (and so epubcheck) reject. Dropped, never escaped: they have no
# escape in XML.
_NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0010fffe\U0010ffff]"
)


#: The same classes split by speed: a regex whose class reaches beyond the
#: BMP runs several times slower on every character, and a book has half a
#: million of them, nearly all ASCII.
_NOT_XML_ASCII = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_XML_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_NOT_XML_ASTRAL = re.compile(
    "[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0010fffe\U0010ffff]"
)


def xml_safe(value: str) -> str:
    """``value`` without characters that cannot appear in an XML document
    (``_NOT_XML``, applied by the quickest regex that covers ``value``)."""
    if value.isascii():
        return _NOT_XML_ASCII.sub("", value)
    value = _NOT_XML_BMP.sub("", value)
    if value and max(value) > "\uffff":
        value = _NOT_XML_ASTRAL.sub("", value)
    return value


def attr(value: str) -> str:
    return escape(xml_safe(value), quote=True)


def text(value: str) -> str:
    return escape(xml_safe(value), quote=False)


#: URL schemes a reader can follow from an ebook or PDF.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel", "news", "irc", "xmpp"})


def safe_url(url: str) -> str:
    """``url`` with spaces and non-ASCII characters percent-encoded, so it is
    a valid URL in XHTML; reserved characters and existing escapes stay."""
    return urllib.parse.quote(xml_safe(url.strip()), safe=":/?#[]@!$&'()*+,;=%~")


def url_scheme(url: str) -> str:
    head = url.strip().split(":", 1)
    return head[0].lower() if len(head) == 2 and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", head[0]) else ""
