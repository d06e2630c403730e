"""The XHTML writer the PDF and EPUB renderers share: escaping, the one-pass scan, highlighting."""
