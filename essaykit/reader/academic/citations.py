"""pandoc's citations (``[@doe99, p. 33; @roe04]``, ``@doe99``) resolved against the
essay's bibliography, and the list of works cited at its end.

Why: academic bloggers write with pandoc, Quarto or R Markdown, and name their
sources by key; a bibliography in front matter (``bibliography: refs.bib``,
CSL JSON or YAML, or ``references:`` inline) is how those tools know to format
them. Left alone the keys print as written. Formatting is citeproc-py's (a CSL
processor; the style is Harvard author-date unless front matter's ``csl:`` names
a ``.csl`` file beside the essay), so the text of each citation and entry is
what any CSL tool would print. Reads stay in the essay's folder and are bounded;
a key the bibliography lacks is kept as written, with one warning naming it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import EssayError, Warning_
from ...labels import REFERENCE_TITLES
from ...model import Block, Div, Heading, Inline, Paragraph, Text
from ...model.walk import walk

__all__ = ["has_citations", "resolve_citations"]

#: A citation key as pandoc reads one: a letter, digit or ``_`` first, then
#: word characters and inner punctuation (``doe:99``, ``smith.2004``).
_KEY = r"[\w][\w:.#$%&+?<>~/-]*?"
#: A bracketed citation: ``[see @doe99, pp. 33-35; also @smith04]``.
_BRACKETED = re.compile(r"\[(?P<body>[^\[\]]*?-?@" + _KEY + r"[^\[\]]*)\]")
#: One item of a bracketed citation.
_ITEM = re.compile(r"^(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>" + _KEY + r")(?=$|[\s,;])(?P<rest>.*)$", re.S)
#: An in-text citation: ``@doe99 says`` (not an address: no word character before the @).
_IN_TEXT = re.compile(r"(?<![\w@.])@(?P<key>" + _KEY + r")(?![\w:.#$%&+?<>~/-]*\w)")
#: Locators pandoc and CSL know by their abbreviations.
_LOCATORS = {"p": "page", "pp": "page", "page": "page", "pages": "page", "chap": "chapter", "ch": "chapter",
             "chapter": "chapter", "sec": "section", "section": "section", "§": "section", "fig": "figure",
             "figure": "figure", "vol": "volume", "volume": "volume", "para": "paragraph", "l": "line",
             "ll": "line", "line": "line", "n": "note", "note": "note", "no": "issue", "art": "article"}
_LOCATOR = re.compile(r"^\s*,?\s*(?P<label>[A-Za-z§]+)\.?\s*(?P<value>[\w\-–—,\s]+?)\s*(?P<suffix>(?:,.*)?)$", re.S)
#: The most a bibliography file may hold (a large .bib is a few MB).
MAX_BIBLIOGRAPHY = 8 << 20
#: A section already written for the list (pandoc's ``::: {#refs}`` is lost to the reader; its
#: heading stays): these titles take the entries under them.
_TITLES = REFERENCE_TITLES
_SECTION_TITLE = {"en": "References", "fr": "Références", "de": "Literatur", "es": "Referencias",
                  "it": "Riferimenti bibliografici", "pt": "Referências", "nl": "Referenties",
                  "ru": "Список литературы", "ja": "参考文献", "zh": "参考文献", "ar": "المراجع", "fa": "منابع"}


@dataclass
class _Context:
    processor: Any
    references: dict[str, dict[str, Any]]
    path: str | None
    warnings: list[Warning_]
    missing: set[str]
    cited: list[str]


def has_citations(data: dict[Any, Any]) -> bool:
    """Whether front matter names a bibliography (the citations pass runs only then)."""
    return any(str(k).lower() in {"bibliography", "references"} for k in data)


def resolve_citations(blocks: Iterable[Block], data: dict[Any, Any], *, path: str | None,
                      lang: str | None, warnings: list[Warning_],
                      key_lines: dict[Any, int] | None = None) -> tuple[Block, ...]:
    """``blocks`` with every citation of a key in the bibliography set as its
    formatted text, and the works cited listed at the end (under a heading
    already there for them, else under a new one)."""
    blocks = tuple(blocks)
    lines = key_lines or {}
    references = _references(data, path, warnings, lines)
    if not references:
        return blocks
    try:
        processor = _processor(references, data, path, lang)
    except EssayError as exc:
        warnings.append(Warning_(f"citations: {exc.message}; keys kept as written", path,
                                 _line(data, lines, "csl")))
        return blocks
    ctx = _Context(processor, references, path, warnings, set(), [])

    def visit(node: Any) -> Any:
        if isinstance(node, Text) and "@" in node.text:
            return _cite_text(node, ctx)
        return node

    blocks = tuple(walk(blocks, visit))
    if not ctx.cited:
        return blocks
    return _with_list(blocks, ctx, data, lang)


def _line(data: dict[Any, Any], lines: dict[Any, int], name: str) -> int | None:
    key = next((k for k in data if str(k).lower() == name), None)
    return lines.get(key) if key is not None else None


def _references(data: dict[Any, Any], path: str | None, warnings: list[Warning_],
                lines: dict[Any, int]) -> dict[str, dict[str, Any]]:
    """CSL JSON items by key: from ``references:`` and every ``bibliography:`` file."""
    found: dict[str, dict[str, Any]] = {}
    inline = next((v for k, v in data.items() if str(k).lower() == "references"), None)
    if isinstance(inline, list):
        for item in inline:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found[item["id"].lower()] = _plain_json(item)
    files = next((v for k, v in data.items() if str(k).lower() == "bibliography"), None)
    names = files if isinstance(files, list) else [files] if files else []
    line = _line(data, lines, "bibliography")
    for name in names:
        if not isinstance(name, str):
            continue
        try:
            found.update(_read_file(name, path))
        except EssayError as exc:
            warnings.append(Warning_(f"bibliography {name}: {exc.message}", path, line))
    return found


def _plain_json(value: Any) -> Any:
    """YAML values as JSON's (a date becomes its ISO text)."""
    return json.loads(json.dumps(value, default=str))


def _read_file(name: str, path: str | None) -> dict[str, dict[str, Any]]:
    from ...resources import confine, read_limited

    if path is None:
        raise EssayError("an essay read from standard input has no folder to find it in")
    folder = Path(path).resolve().parent
    target = confine(folder / name, [folder], name)
    data = read_limited(target, MAX_BIBLIOGRAPHY, name, regular=True).decode("utf-8", "replace")
    suffix = target.suffix.lower()
    if suffix == ".bib":
        return _bibtex(data)
    if suffix == ".json":
        items = json.loads(data)
    elif suffix in {".yaml", ".yml"}:
        import yaml

        try:
            loaded = yaml.safe_load(data)
        except yaml.YAMLError:
            raise EssayError("YAML that does not parse") from None
        items = loaded.get("references", loaded) if isinstance(loaded, dict) else loaded
        items = _plain_json(items)
    else:
        raise EssayError("not a .bib, .json or .yaml bibliography")
    if not isinstance(items, list):
        raise EssayError("not a list of references")
    return {i["id"].lower(): i for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


#: BibTeX entry types as CSL names them.
_TYPES = {"article": "article-journal", "book": "book", "booklet": "pamphlet", "inbook": "chapter",
          "incollection": "chapter", "inproceedings": "paper-conference", "conference": "paper-conference",
          "manual": "book", "mastersthesis": "thesis", "phdthesis": "thesis", "proceedings": "book",
          "techreport": "report", "unpublished": "manuscript", "online": "webpage", "misc": "document"}
#: BibTeX fields as CSL variables.
_FIELDS = {"title": "title", "journal": "container-title", "journaltitle": "container-title",
           "booktitle": "container-title", "publisher": "publisher", "address": "publisher-place",
           "location": "publisher-place", "volume": "volume", "number": "issue", "pages": "page",
           "doi": "DOI", "url": "URL", "edition": "edition", "school": "publisher",
           "institution": "publisher", "note": "note", "isbn": "ISBN", "chapter": "chapter-number"}


def _bibtex(text: str) -> dict[str, dict[str, Any]]:
    """BibTeX entries as CSL JSON, read by pybtex (whose parser refuses what it
    cannot read; citeproc-py's own looped forever on some malformed files)
    with TeX accents and braces decoded."""
    from pybtex.database import parse_string
    from pybtex.richtext import Text as TeXText

    def plain(value: str) -> str:
        try:
            return str(TeXText.from_latex(value).render_as("text"))
        except Exception:  # noqa: BLE001 - TeX it cannot decode: the braces go, the words stay
            return value.replace("{", "").replace("}", "")

    try:
        data = parse_string(text, "bibtex")
    except Exception as exc:  # noqa: BLE001 - its parser raises several kinds on malformed BibTeX
        raise EssayError(f"BibTeX that does not parse ({type(exc).__name__})") from None
    out: dict[str, dict[str, Any]] = {}
    for key, entry in data.entries.items():
        item: dict[str, Any] = {"id": str(key), "type": _TYPES.get(entry.type.lower(), "document")}
        for field, value in entry.fields.items():
            name = _FIELDS.get(field.lower())
            if name:
                item[name] = plain(str(value)).replace("--", "–") if name == "page" else plain(str(value))
        year = str(entry.fields.get("year", entry.fields.get("date", ""))).strip()[:4]
        if year.isdigit():
            item["issued"] = {"date-parts": [[int(year)]]}
        for role, csl in (("author", "author"), ("editor", "editor")):
            people = entry.persons.get(role, [])
            if people:
                item[csl] = [_name(person, plain) for person in people]
        out[str(key).lower()] = item
    return out


def _name(person: Any, plain: Any) -> dict[str, str]:
    family = plain(" ".join([*person.prelast_names, *person.last_names]))
    given = plain(" ".join([*person.first_names, *person.middle_names]))
    if not given:
        return {"literal": family}
    return {"family": family, "given": given}


def _processor(references: dict[str, dict[str, Any]], data: dict[Any, Any], path: str | None,
               lang: str | None) -> Any:
    """A citeproc bibliography over every reference, in the style front matter names."""
    import warnings

    from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    csl = next((v for k, v in data.items() if str(k).lower() == "csl"), None)
    style_path = _style(csl, path)
    locale = _locale(lang)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            style = CitationStylesStyle(str(style_path), locale=locale, validate=False)
        except Exception:  # noqa: BLE001 - a style or locale it cannot load
            try:
                style = CitationStylesStyle(str(style_path), validate=False)
            except Exception as exc:  # noqa: BLE001
                raise EssayError(f"the style {style_path.name} cannot be read ({type(exc).__name__})") from None
        source = CiteProcJSON(list(references.values()))
        return CitationStylesBibliography(style, source, formatter.html)


def _style(csl: Any, path: str | None) -> Path:
    if isinstance(csl, str) and csl.strip() and path is not None:
        from ...resources import confine

        folder = Path(path).resolve().parent
        return confine(folder / csl.strip(), [folder], csl)
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"


def _locale(lang: str | None) -> str:
    import citeproc

    folder = Path(citeproc.__file__).parent / "data" / "locales"
    code = (lang or "en-US").replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        if (folder / f"locales-{candidate}.xml").exists():
            return candidate
    found = sorted(folder.glob(f"locales-{code.split('-')[0]}-*.xml"))
    return found[0].name[len("locales-"):-len(".xml")] if found else "en-US"


def _cite_text(node: Text, ctx: _Context) -> Any:
    text = node.text
    out: list[Inline] = []
    pos = 0
    for m in _mentions(text, ctx):
        start, end, inlines = m
        if start > pos:
            out.append(Text(text=text[pos:start]))
        out.extend(inlines)
        pos = end
    if not out:
        return node
    if pos < len(text):
        out.append(Text(text=text[pos:]))
    return tuple(out)


def _mentions(text: str, ctx: _Context) -> list[tuple[int, int, tuple[Inline, ...]]]:
    found: list[tuple[int, int, tuple[Inline, ...]]] = []
    taken: list[tuple[int, int]] = []
    for m in _BRACKETED.finditer(text):
        items = [_ITEM.match(part.strip()) for part in m.group("body").split(";")]
        if not all(items):
            continue
        cited = _cite([i for i in items if i], ctx)
        if cited is not None:
            found.append((m.start(), m.end(), cited))
            taken.append((m.start(), m.end()))
    for m in _IN_TEXT.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or m.group("key").lower() not in ctx.references:
            continue
        inline = _in_text(m.group("key"), ctx)
        if inline is not None:
            found.append((m.start(), m.end(), inline))
    return sorted(found, key=lambda f: f[0])


def _citation_item(match: re.Match[str], ctx: _Context) -> Any:
    from citeproc import CitationItem, Locator

    key = match.group("key")
    rest = match.group("rest")
    options: dict[str, Any] = {}
    loc = _LOCATOR.match(rest) if rest.strip() else None
    if loc and loc.group("label").lower().rstrip(".") in _LOCATORS:
        options["locator"] = Locator(_LOCATORS[loc.group("label").lower().rstrip(".")], loc.group("value").strip())
        rest = loc.group("suffix")
    if rest.strip():
        options["suffix"] = rest.rstrip()
    if match.group("prefix").strip():
        options["prefix"] = match.group("prefix").strip() + " "
    return CitationItem(key, **options)


def _cite(items: list[re.Match[str]], ctx: _Context) -> tuple[Inline, ...] | None:
    from citeproc import Citation

    known = [i for i in items if i.group("key").lower() in ctx.references]
    for i in items:
        if i.group("key").lower() not in ctx.references and i.group("key") not in ctx.missing:
            ctx.missing.add(i.group("key"))
            ctx.warnings.append(Warning_(f"citation @{i.group('key')}: not in the bibliography; kept as written",
                                         ctx.path, None))
    if len(known) != len(items):
        return None
    try:
        citation = Citation([_citation_item(i, ctx) for i in known])
        ctx.processor.register(citation)
        html = str(ctx.processor.cite(citation, lambda item: None))
    except Exception:  # noqa: BLE001 - a reference citeproc cannot format: the keys stay as written
        return None
    ctx.cited.extend(i.group("key") for i in known)
    return _inlines(html)


def _in_text(key: str, ctx: _Context) -> tuple[Inline, ...] | None:
    """``@doe99`` in a sentence: "Doe (1999)", as pandoc prints it."""
    from citeproc import Citation, CitationItem

    try:
        citation = Citation([CitationItem(key)])
        ctx.processor.register(citation)
        html = str(ctx.processor.cite(citation, lambda item: None))
    except Exception:  # noqa: BLE001
        return None
    ctx.cited.append(key)
    inner = _inlines(html)
    words = "".join(n.text for n in inner if isinstance(n, Text))
    m = re.fullmatch(r"\((?P<who>.+?),? (?P<when>[^,]*\d[^,]*(?:,.*)?)\)", words)
    if m:
        return (Text(text=f"{m.group('who')} ({m.group('when')})"),)
    return inner


def _inlines(html: str) -> tuple[Inline, ...]:
    from ..inlines import raw_html_inlines

    return raw_html_inlines(html)


def _with_list(blocks: tuple[Block, ...], ctx: _Context, data: dict[Any, Any], lang: str | None) -> tuple[Block, ...]:
    try:
        entries = [str(item) for item in ctx.processor.bibliography()]
    except Exception:  # noqa: BLE001 - a reference citeproc cannot format
        ctx.warnings.append(Warning_("citations: the list of works cited cannot be formatted", ctx.path, None))
        return blocks
    listing = Div(children=tuple(Paragraph(children=_inlines(e)) for e in entries), classes=("references",))
    # Under a heading the author already wrote for it, if it closes the essay.
    last = max((i for i, b in enumerate(blocks) if isinstance(b, Heading)), default=None)
    if last is not None and _TITLES.match(_words(blocks[last])) and _empty(blocks[last + 1:]):
        return (*blocks[:last + 1], listing)
    title = next((v for k, v in data.items() if str(k).lower() == "reference-section-title"), None)
    if not isinstance(title, str) or not title.strip():
        title = _SECTION_TITLE.get((lang or "en").split("-")[0].lower(), "References")
    level = min((b.level for b in blocks if isinstance(b, Heading)), default=2)
    heading = Heading(level=level, children=(Text(text=title.strip()),), classes=("unnumbered",))
    return (*blocks, heading, listing)


def _words(block: Any) -> str:
    from ...model import plain_text

    return " ".join(plain_text(block.children).split()).rstrip(":")


def _empty(blocks: tuple[Block, ...]) -> bool:
    from ...model import plain_text

    return not any(plain_text(b).strip() for b in blocks)

