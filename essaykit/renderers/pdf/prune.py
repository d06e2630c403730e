"""Rules a document cannot use, left out of the CSS WeasyPrint is given.

Why: WeasyPrint parses and validates every rule of every stylesheet it is
given, about 7 µs a character, in the process that lays out the PDF, on the
critical path of every export. A theme's stylesheet is written for every
document (tables, figures, pull quotes, code, a book's parts and chapters),
and a typical essay uses under half of its classes: the classic theme's
18,000 characters cost 0.14 s to parse, half of it for rules that can match
nothing.

A rule is left out only when it certainly matches no element: each of its
selectors needs a class that no element of the document has, or an element
type the document does not contain (counting those the HTML parser adds:
``tbody`` in a table, and so on). Selectors
whose meaning this module does not follow (a functional pseudo-class such as
``:not(.x)``, which matches *without* the class) always stay, as do
at-rules (``@page``, ``@media``, ``@font-face``). What stays keeps its
order, so the cascade is the same and so is every page.

Reading a stylesheet into rules costs about as much as WeasyPrint's own
parse would have saved, so each stylesheet's rule index (each rule's text
and the classes its selectors need) is kept in essaykit's cache folder,
keyed by the stylesheet's text: a theme is read once per machine.
"""

from __future__ import annotations

import hashlib
import marshal
import re
from functools import lru_cache
from typing import Any

from essaykit import cache

#: Bump when the index's shape or meaning changes.
_FORMAT = 2

_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_START_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
#: Elements the HTML parser adds where markup leaves them out.
_IMPLIED = {"": ("html", "head", "body"), "table": ("tbody", "tr"), "col": ("colgroup",)}

#: One rule: its text, and for each of its selectors the classes and the
#: element types it needs (both empty: it needs nothing, or it is one this
#: module does not follow); None for a rule that always stays (an at-rule).
Rule = tuple[str, list[tuple[list[str], list[str]]] | None]


class Used:
    """The classes and element types of a document, lower-cased (class
    selectors match case-insensitively in quirks mode, HTML type selectors
    always: never fewer rules kept than could match)."""

    def __init__(self, html: str):
        names: set[str] = set()
        for match in _CLASS_ATTR.finditer(html):
            names.update((match.group(1) or match.group(2) or "").lower().split())
        self.classes = frozenset(names)
        tags = {tag.lower() for tag in _START_TAG.findall(html)}
        for trigger, implied in _IMPLIED.items():
            if not trigger or trigger in tags:
                tags.update(implied)
        self.tags = frozenset(tags)

    def may_match(self, classes: list[str], tags: list[str]) -> bool:
        return all(c in self.classes for c in classes) and all(t in self.tags for t in tags)


def prune(css: str, used: Used) -> str:
    """``css`` without the rules none of whose selectors can match an
    element of the document (and without comments), or ``css`` itself when
    every rule may match."""
    rules = rule_index(css)
    kept = [text for text, needs in rules if needs is None
            or any(used.may_match(classes, tags) for classes, tags in needs)]
    if len(kept) == len(rules):
        return css
    return "\n".join(kept)


@lru_cache(maxsize=16)
def rule_index(css: str) -> list[Rule]:
    """``css`` as rules (see :data:`Rule`), from the cache folder when it
    has read this text before."""
    key = hashlib.sha256(f"{_FORMAT}\0{_tinycss2_version()}\0{css}".encode()).hexdigest()[:32]
    path = cache.cache_root() / "css-rules" / f"{key}.marshal"
    data = cache.read(path)
    if data is not None:
        try:
            rules = marshal.loads(data)
            if isinstance(rules, list):
                return rules
        except (EOFError, ValueError, TypeError):
            pass
    rules = _read(css)
    cache.write(path, marshal.dumps(rules))
    return rules


def _tinycss2_version() -> str:
    """Where tinycss2 is and when it was installed (``importlib.metadata``
    would cost more than the cache saves)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("tinycss2")
    origin = spec.origin if spec is not None else None
    try:
        return f"{origin}\0{os.stat(origin).st_mtime_ns}" if origin else "?"
    except OSError:
        return "?"


def _read(css: str) -> list[Rule]:
    import tinycss2

    rules: list[Rule] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "error":
            continue  # what a browser drops too (a stray "}"); never serialisable
        needs = _needs(rule.prelude) if rule.type == "qualified-rule" else None
        rules.append((rule.serialize(), needs))
    return rules


def _needs(prelude: list[Any]) -> list[tuple[list[str], list[str]]]:
    selectors: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [_selector_needs(tokens) for tokens in selectors]


_COMBINATORS = {">", "+", "~"}


def _selector_needs(tokens: list[Any]) -> tuple[list[str], list[str]]:
    """The classes and element types a selector needs."""
    if any(t.type in ("function", "() block", "{} block", "error") for t in tokens) or any(
            t.type == "literal" and t.value == "|" for t in tokens):
        return [], []  # :not(.x), :is(...), :nth-child(...), namespaces: not followed, kept
    classes: list[str] = []
    tags: list[str] = []
    before: Any = None
    for token in tokens:
        if token.type == "ident":
            if before is not None and before.type == "literal" and before.value == ".":
                classes.append(token.value.lower())
            elif before is None or before.type == "whitespace" or (
                    before.type == "literal" and before.value in _COMBINATORS):
                tags.append(token.value.lower())  # a type selector opens its compound
        before = token
    return classes, tags
