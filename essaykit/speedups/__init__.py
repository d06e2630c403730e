"""The only code that touches a dependency's private internals, for speed.

Every module here replaces or wraps something a dependency (WeasyPrint, pydyf, pyphen,
mistune, python-pptx) does not offer as public API, and falls back to the stock code
when the names it expects are missing. Which of these belong upstream, and why, is in
``benchmarks/FINDINGS.md``.
"""
