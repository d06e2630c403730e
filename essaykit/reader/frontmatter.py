"""Front matter: the block of metadata at the top of an essay.

Blogs write it three ways -- YAML between ``---`` lines (Jekyll, Gatsby,
Eleventy), TOML between ``+++`` lines (Hugo, Zola) and Pelican's ``Key: value``
lines up to the first blank line -- and each engine has its own key names for
the same thing (``spoiler``, ``excerpt``, ``summary``...). This module finds the
block, parses it safely, and maps the many spellings onto :class:`Metadata`;
what it does not recognise is kept, JSON-safe, in ``Metadata.extra``.

Every error names the line in the *file*, not in the block, because that is
where the author will look.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import EssayError, Warning_
from ..lang import normalize_tag
from ..model.jsonform import sayable
from ..siteroot import RESOURCE_PATH_KEYS, front_matter_resource_path
from . import yaml_lite
from .dates import read_date

__all__ = ["FrontMatter", "split", "to_metadata_fields", "MAX_BYTES"]

#: Front matter larger than this is not metadata; refuse it before parsing.
MAX_BYTES = 1_000_000
#: YAML aliases and nodes allowed: enough for any real post, far too few for
#: a "billion laughs" document whose expansion would exhaust memory later.
MAX_ALIASES = 100
MAX_NODES = 20_000


@dataclass(slots=True)
class FrontMatter:
    """What :func:`split` found: the parsed mapping, the essay body, and where
    the body starts (``offset`` lines precede it in the file)."""

    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    offset: int = 0
    kind: str = "none"  # "yaml", "toml", "pelican", "pandoc" (``%`` title block), "notion" or "none"
    key_lines: dict[str, int] = field(default_factory=dict)
    #: What the reader noticed and the essay still came out: a value of the
    #: wrong shape, a date it could not read. Given to the caller's ``warn``.
    warnings: list[Warning_] = field(default_factory=list)
    path: str | None = None


_YAML_FENCE = re.compile(r"^---[ \t]*$")
_YAML_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
_PELICAN_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)?):[ \t]*(.*)$")
#: Pelican keys we require at least one of, so a prose line like
#: ``Note: this is old`` is not mistaken for metadata.
_PELICAN_KEYS = frozenset(
    [
        "title",
        "date",
        "tags",
        "tag",
        "category",
        "author",
        "authors",
        "summary",
        "slug",
        "lang",
        "modified",
        "status",
    ]
)


def split(text: str, path: str | None = None) -> FrontMatter:
    """Separate front matter from the body and parse it.

    ``text`` has already been decoded and its line ends normalised to ``\\n``.
    """
    first_nl = text.find("\n")
    first = text if first_nl < 0 else text[:first_nl]
    if _YAML_FENCE.match(first):
        return _fenced(text, path, "yaml", _YAML_END)
    if _TOML_FENCE.match(first):
        return _fenced(text, path, "toml", _TOML_FENCE)
    if first.startswith("%"):
        block = _pandoc_title_block(text)
        if block is not None:
            return block
    if "::" in first:
        logseq = _logseq(text)
        if logseq is not None:
            return logseq
    pelican = _pelican(text)
    if pelican is not None:
        return pelican
    if first.startswith(("<!--", ".. ")):
        nikola = _nikola(text)
        if nikola is not None:
            return nikola
    if first.startswith("#+"):
        org = _org(text)
        if org is not None:
            return org
    if first.startswith("# "):
        notion = _notion(text, path)
        if notion is not None:
            return notion
    return FrontMatter(body=text)


#: A property line of a Notion page exported as Markdown (names of any words).
_NOTION_LINE = re.compile(r"^([A-Z][^:\n]{0,40}):[ \t]+(\S.*)$")
#: The 32-hex id Notion puts in an exported page's file name.
_NOTION_FILE = re.compile(r"\s[0-9a-f]{32}\.md$")
_NOTION_KEYS = frozenset({"created", "created time", "last edited time", "created by", "last edited by",
                          "date created", "type"})


def _notion(text: str, path: str | None) -> FrontMatter | None:
    """A Notion export: the page's title as ``# Title``, a blank line, then
    its properties as ``Name: value`` lines. They are its metadata (its
    created date, tags), not its first paragraph; None when the top of the
    file is not so (a file named with Notion's id, or a property only
    Notion writes, or the keys a post's metadata has)."""
    lines = text.split("\n", 42)[:41]
    if len(lines) < 3 or lines[1].strip():
        return None
    data: dict[str, Any] = {"title": lines[0][2:].strip()}
    key_lines: dict[str, int] = {"title": 1}
    n = 2
    while n < len(lines) and lines[n].strip():
        m = _NOTION_LINE.match(lines[n])
        if not m:
            return None
        key = m.group(1).strip().lower()
        data[key] = m.group(2).strip()
        key_lines[key] = n + 1
        n += 1
    keys = set(data) - {"title"}
    if not keys or not data["title"] or n >= len(lines) and len(lines) == 41:
        return None
    if not (path and _NOTION_FILE.search(path)) and not (keys & (_NOTION_KEYS | _PELICAN_KEYS)):
        return None
    return FrontMatter(data=data, body="\n".join(text.split("\n")[n:]), offset=n, kind="notion",
                       key_lines=key_lines)


def _pandoc_title_block(text: str) -> FrontMatter | None:
    """pandoc's title block: up to three ``%`` lines at the very top (title;
    authors, ``;`` between them; date), a field running on over lines that
    start with a space; an empty field is a bare ``%``."""
    lines = text.split("\n")
    fields: list[str] = []
    i = 0
    while i < len(lines) and len(fields) < 3 and lines[i].startswith("%"):
        value = lines[i][1:].strip()
        i += 1
        while i < len(lines) and lines[i][:1] in (" ", "\t") and lines[i].strip():
            value += " " + lines[i].strip()
            i += 1
        fields.append(value)
    if not fields or not fields[0] or (i < len(lines) and lines[i].strip()):
        return None  # a line of prose that starts with "%", not a title block
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    for key, value, line in zip(("title", "author", "date"), fields, range(1, 4), strict=False):
        if value:
            data[key] = [a.strip() for a in value.split(";") if a.strip()] if key == "author" else value
            key_lines[key] = line
    return FrontMatter(data=data, body="\n".join(lines[i:]), offset=i, kind="pandoc",
                       key_lines=key_lines)


def _fenced(text: str, path: str | None, kind: str, end: re.Pattern[str]) -> FrontMatter:
    lines = text.split("\n")
    close = None
    size = 0
    for i in range(1, len(lines)):
        size += len(lines[i]) + 1
        if size > MAX_BYTES:
            raise EssayError(
                f"front matter: larger than {MAX_BYTES // 1_000_000} MB", path=path, line=1
            )
        if end.match(lines[i]):
            close = i
            break
    if close is None:
        fence = "---" if kind == "yaml" else "+++"
        raise EssayError(f"front matter: no closing '{fence}' line", path=path, line=1)
    block = "\n".join(lines[1:close])
    body = "\n".join(lines[close + 1 :])
    warnings: list[Warning_] = []
    if kind == "yaml":
        data, key_lines = _load_yaml(block, path)
    else:
        data, key_lines = _load_toml(block, path, warnings)
    return FrontMatter(data=sayable(data), body=body, offset=close + 1, kind=kind, key_lines=key_lines,
                       warnings=warnings, path=path)


@lru_cache(maxsize=1)
def _capped_loader() -> Any:
    """The loader class, made on first need: PyYAML is imported only for
    front matter :mod:`.yaml_lite` cannot read."""
    import yaml

    class _CappedLoader(yaml.SafeLoader):  # type: ignore[misc]
        """A SafeLoader that counts nodes and aliases while composing, so a small
        document cannot expand into an enormous object graph."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._nodes = 0
            self._aliases = 0

        def construct_yaml_timestamp(self, node: Any) -> Any:
            # ``date: 2024-13-45`` looks like a timestamp to YAML; a value
            # that is no date stays the text it is (read_date reports it).
            try:
                return super().construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                return self.construct_scalar(node)

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                self._aliases += 1
                if self._aliases > MAX_ALIASES:
                    raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (refusing an alias bomb)")
            self._nodes += 1
            if self._nodes > MAX_NODES:
                raise yaml.YAMLError(f"more than {MAX_NODES} values")
            return super().compose_node(parent, index)

    _CappedLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", _CappedLoader.construct_yaml_timestamp
    )
    return _CappedLoader


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    """How many values ``node`` becomes once aliases are expanded. Aliases
    share node objects, so memoising by identity keeps this linear in the
    document while the answer can be exponential."""
    import yaml

    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = MAX_NODES + 1  # a cycle counts as too big
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo) + _expanded_size(v, memo)
    memo[key] = size = min(size, MAX_NODES + 1)
    return size


def _load_yaml(block: str, path: str | None) -> tuple[dict[str, Any], dict[str, int]]:
    simple = yaml_lite.load(block)
    if simple is not None:
        return simple
    import yaml

    loader = _capped_loader()(block)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise yaml.YAMLError(
                f"expands to more than {MAX_NODES} values through aliases (an alias bomb?)"
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        what = exc.problem or exc.context or "invalid YAML"
        raise EssayError(f"front matter: {what}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise EssayError(f"front matter: {exc}", path=path, line=1) from None
    except RecursionError:
        raise EssayError("front matter: nested too deeply", path=path, line=1) from None
    except (ValueError, OverflowError, TypeError) as exc:  # a constructor's own complaint
        raise EssayError(f"front matter: {exc}", path=path, line=1) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise EssayError(
            f"front matter: expected 'key: value' lines, found a {_kind_name(data)}",
            path=path,
            line=2,
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return {str(k): v for k, v in data.items()}, key_lines


_TOML_LINE = re.compile(r"at line (\d+)")
_TOML_KEY = re.compile(r"^[ \t]*[\"']?([A-Za-z0-9_-]+)[\"']?[ \t]*=", re.M)


def _load_toml(
    block: str, path: str | None, warnings: list[Warning_] | None = None
) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        # Franklin's ``+++`` blocks are Julia, not TOML: ``Date(2017, 7, 30)``.
        julia = _julia_assignments(block, path, warnings if warnings is not None else [])
        if julia is not None:
            return julia
        msg = str(exc)
        m = _TOML_LINE.search(msg)
        if m:
            line = int(m.group(1)) + 1
        elif "end of document" in msg:
            line = block.count("\n") + 2
        else:
            line = 1
        what = msg.split(" (at ", 1)[0]
        raise EssayError(f"front matter: {what}", path=path, line=line) from None
    key_lines: dict[str, int] = {}
    for m in _TOML_KEY.finditer(block):
        key_lines.setdefault(m.group(1), block.count("\n", 0, m.start()) + 2)
    return data, key_lines


_ASSIGN = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*=[ \t]*(\S.*?)[ \t]*")
_JULIA_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _julia_assignments(
    block: str, path: str | None, warnings: list[Warning_]
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """A ``+++`` block of ``key = value`` lines that TOML refused, read one
    value at a time: TOML where a value is TOML, Franklin's Julia
    (``Date(2017, 7, 30)``, ``nothing``) where it is not, else the value as
    written with a warning. None when a line is no assignment at all, so the
    TOML error stands."""
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    lines = block.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        start = i
        i += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _ASSIGN.fullmatch(line)
        if m is None:
            return None
        key, raw = m.group(1), m.group(2)
        # An array or a call may run over several lines.
        while _open_brackets(raw) > 0 and i < len(lines):
            raw += "\n" + lines[i]
            i += 1
        key_lines[key] = start + 2
        data[key] = julia_value(key, raw, path, start + 2, warnings)
    return (data, key_lines) if data else None


def _open_brackets(text: str) -> int:
    text = _JULIA_STRING.sub("", text)
    return sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")


def julia_value(key: str, raw: str, path: str | None, line: int, warnings: list[Warning_]) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        pass
    text = raw.strip()
    if text == "nothing":
        return None
    if text.startswith("Date"):
        reading = read_date(text)
        if reading.date is not None:
            return reading.date if not reading.text else reading.text
    if text.startswith("[") and text.endswith("]"):
        strings = _JULIA_STRING.findall(text)
        if strings:
            return [s.replace('\\"', '"') for s in strings]
    m = _JULIA_STRING.fullmatch(text)
    if m:
        return m.group(1).replace('\\"', '"')
    warnings.append(
        Warning_(f"front matter: '{key}' = {text[:60]} is neither TOML nor a value essaykit "
                 "knows; kept as written", path, line)
    )
    return text


#: Nikola's metadata: ``.. title: x`` lines, in an HTML comment in a Markdown post.
_NIKOLA_LINE = re.compile(r"^\.\.[ \t]+([\w-]+):[ \t]*(.*?)[ \t]*$")


def _nikola(text: str) -> FrontMatter | None:
    """Nikola's ``.. key: value`` lines at the top (inside ``<!-- … -->`` or not),
    or None when the top of the file is not such a block."""
    lines = text.split("\n", 80)[:80]
    comment = lines[0].strip() == "<!--"
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    for n, line in enumerate(lines[1:] if comment else lines, start=2 if comment else 1):
        if comment and line.strip() == "-->":
            end = n
            break
        m = _NIKOLA_LINE.match(line)
        if m:
            if m.group(2):
                data[m.group(1).lower()] = m.group(2)
                key_lines[m.group(1).lower()] = n
        elif not comment and not line.strip():
            end = n
            break
        else:
            return None
    else:
        return None
    if "title" not in data and "date" not in data:
        return None
    return FrontMatter(data=data, body="\n".join(text.split("\n")[end:]), offset=end, kind="nikola",
                       key_lines=key_lines)


#: Org mode's keywords (``#+TITLE: x``), as an Org header pasted over Markdown has them.
_ORG_LINE = re.compile(r"^#\+([A-Za-z_-]+):[ \t]*(.*?)[ \t]*$")
#: An Org timestamp: ``<2024-03-02 Sat>``, ``[2024-03-02 Sat 10:00]``.
_ORG_STAMP = re.compile(r"^[<\[](\d{4}-\d{2}-\d{2})(?:[ \t][^>\]]*)?[>\]]$")


def _org(text: str) -> FrontMatter | None:
    """Org's ``#+KEY: value`` lines at the top, or None when they hold no title or date."""
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    lines = text.split("\n", 80)[:80]
    end = 0
    for n, line in enumerate(lines):
        m = _ORG_LINE.match(line)
        if m is None:
            break
        end = n + 1
        key, value = m.group(1).lower(), m.group(2)
        if key in ("filetags", "tags"):
            key, value = "tags", ", ".join(t for t in value.replace(":", " ").split() if t)
        stamp = _ORG_STAMP.match(value)
        if stamp:
            value = stamp.group(1)
        if value and key not in ("options", "startup", "setupfile", "include", "property"):
            data[key] = value
            key_lines[key] = n + 1
    if "title" not in data and "date" not in data:
        return None
    return FrontMatter(data=data, body="\n".join(text.split("\n")[end:]), offset=end, kind="org",
                       key_lines=key_lines)


#: A Logseq page's properties: ``title:: x`` lines before its first block.
_LOGSEQ_LINE = re.compile(r"^([A-Za-z][\w-]*)::(?:[ \t]+(.*?))?[ \t]*$")
#: Properties a Logseq page starts with: a block of others is prose
#: (``a::10`` lost its words as a "property").
_LOGSEQ_PAGE_KEYS = frozenset({"title", "tags", "alias", "date", "created", "updated", "author", "authors",
                               "type", "public", "description", "category", "categories", "icon",
                               "template", "filters", "source", "url"})
_LOGSEQ_LINK = re.compile(r"\[\[([^\[\]\n]+)\]\]")
#: Logseq's default journal date: ``Mar 3rd, 2024``.
_ORDINAL_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")


def _logseq(text: str) -> FrontMatter | None:
    """A Logseq page's ``key:: value`` properties at its top, or None."""
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    lines = text.split("\n", 80)[:80]
    end = 0
    for n, line in enumerate(lines):
        m = _LOGSEQ_LINE.match(line)
        if m is None:
            break
        end = n + 1
        key, value = m.group(1).lower(), _LOGSEQ_LINK.sub(r"\1", m.group(2) or "")
        if key in ("date", "created", "updated"):
            value = _ORDINAL_DAY.sub(r"\1", value)
        if value:
            data[key] = value
            key_lines[key] = n + 1
    if not data or not _LOGSEQ_PAGE_KEYS & data.keys():
        return None
    while end < len(lines) and not lines[end].strip():
        end += 1
    return FrontMatter(data=data, body="\n".join(text.split("\n")[end:]), offset=end, kind="logseq",
                       key_lines=key_lines)


def _pelican(text: str) -> FrontMatter | None:
    """``Title: x`` lines up to the first blank line, or None when the top
    of the file is not such a block."""
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    pos = 0
    n = 0
    last: str | None = None
    body_start = len(text)
    while pos < len(text):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        line = text[pos:end]
        if not line.strip():
            body_start = end + 1
            break
        m = _PELICAN_LINE.match(line)
        if m:
            last = m.group(1).strip().lower()
            data[last] = m.group(2).strip()
            key_lines[last] = n + 1
        elif last is not None and line[:1] in (" ", "\t"):
            data[last] = (str(data[last]) + " " + line.strip()).strip()
        else:
            return None
        n += 1
        pos = end + 1
        if pos > MAX_BYTES:
            return None
    if not data or not (_PELICAN_KEYS & data.keys()) or "title" not in data and "date" not in data:
        return None
    return FrontMatter(
        data=data,
        body=text[body_start:],
        offset=n + 1,
        kind="pelican",
        key_lines=key_lines,
    )


def _kind_name(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


# ------------------------------------------------------------------- mapping

_DATE_KEYS = (
    "date",
    "published_at",
    "published",
    "pubdate",
    "publishdate",  # Hugo
    "datepublished",  # Hashnode
    "date_published",
    "publish_date",
    "created_at",
    "created",
    "updated",
    "lastmod",
    "modified",
)
#: A post named for its date: ``_posts/2020-05-01-hello.md``.
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})[-_.]")
_TAG_KEYS = ("tags", "tag", "categories", "category", "keywords")
_AUTHOR_KEYS = ("author", "authors")
_DESC_KEYS = ("description", "summary", "excerpt", "spoiler", "hook", "abstract")
_LANG_KEYS = ("lang", "language", "locale")
#: Astro's blog template says heroImage, Ghost feature_image, Gatsby featuredImage, Next.js coverImage.
_COVER_KEYS = ("cover", "image", "cover_image", "featured_image", "heroimage", "hero_image", "feature_image",
               "featuredimage", "coverimage")
_RIGHTS_KEYS = ("rights", "copyright", "license")
_ID_KEYS = ("identifier", "isbn", "doi", "uuid", "id")

def parse_date(value: Any, lang: str | None = None) -> dt.date | None:
    """The calendar date a front-matter value names (see
    :func:`.dates.read_date`); the first day of a year or month given
    alone; None if unreadable."""
    return read_date(value, lang).date


def json_safe(value: Any) -> Any:
    """Front-matter values as JSON can hold them: dates as ISO strings,
    tuples/sets as lists, anything exotic as its string."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v) for v in value]
    return str(value)


#: The key under which :func:`to_metadata_fields` leaves the date's raw
#: value for :func:`.meta.finish_metadata`, which knows the language that
#: decides ``01/02/2025``.
RAW_DATE = "_date_raw"


#: TOML tables in which Zola (``[taxonomies]``, ``[extra]``) and Hugo
#: (``[params]``) posts keep their tags and authors.
_NESTED_TABLES = ("taxonomies", "extra", "params")


def _lift_tables(data: dict[str, Any], lines: dict[str, Any]) -> set[str]:
    """Tag and author keys from the nested tables, added to ``data`` where
    the top level has none (at the table's line); the keys lifted."""
    lifted: set[str] = set()
    for table in _NESTED_TABLES:
        inner = data.get(table)
        if not isinstance(inner, Mapping):
            continue
        for k, v in inner.items():
            key = str(k).strip().lower()
            if key in (*_TAG_KEYS, *_AUTHOR_KEYS) and key not in data and v not in (None, "", [], {}):
                data[key] = v
                lifted.add(key)
                if table in lines:
                    lines.setdefault(key, lines[table])
    return lifted


def to_metadata_fields(fm: FrontMatter, path: str | None = None) -> dict[str, Any]:
    """Keyword arguments for :class:`Metadata` from parsed front matter.

    The returned dict never contains ``language_source``; the caller decides
    language precedence (it knows about the ``lang`` option). A value of the
    wrong shape is left out (kept in ``extra``) with a warning in
    ``fm.warnings`` naming its key and line. The date is returned raw under
    :data:`RAW_DATE` as ``(key, value, line)``.
    """
    path = path or fm.path
    data = {str(k).strip().lower(): v for k, v in fm.data.items()}
    lines = {str(k).strip().lower(): v for k, v in fm.key_lines.items()}
    _lift_tables(data, lines)
    used: set[str] = set()
    out: dict[str, Any] = {}

    def where(key: str) -> int | None:
        return lines.get(key)

    def warn(key: str, message: str) -> None:
        fm.warnings.append(Warning_(f"front matter: '{key}' {message}", path, where(key)))

    def text_of(key: str) -> str | None:
        value = data[key]
        if isinstance(value, (dict, list, tuple)):
            if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
                return ", ".join(str(v) for v in value)
            warn(key, f"should be text, not a {_kind_name(value)}; left out")
            return None
        if isinstance(value, (dt.date, dt.time)):
            return value.isoformat()
        return "" if value is None else str(value).strip()

    def first(keys: tuple[str, ...], conv: Callable[[str], Any]) -> Any:
        for key in keys:
            if key in data and data[key] not in (None, "", [], {}):
                result = conv(key)
                if result not in (None, "", ()):
                    used.add(key)
                    return result
        return None

    for key in ("title", "subtitle"):
        if key in data:
            value = text_of(key)
            if value is not None:
                out[key] = value
                used.add(key)

    for key in _DATE_KEYS:
        # (dev.to's ``published: true`` says whether, not when)
        if key in data and data[key] not in (None, "", [], {}) and not isinstance(data[key], bool):
            out[RAW_DATE] = (key, data[key], where(key))
            used.add(key)
            break
    else:
        named = Path(path) if path else None
        if named is not None and named.stem.lower() in ("index", "readme"):
            # A post in a folder of its own (Docusaurus, page bundles) is dated by the folder's name.
            named = Path(named.parent.name + "-")
        dated = _FILE_DATE.match(named.name) if named is not None else None
        if dated and read_date(dated.group(1)).date is not None:
            # Jekyll's posts (and Hugo's with :filename) are dated by their name.
            out[RAW_DATE] = ("file name", dated.group(1), None)

    tags: list[str] = []
    for key in _TAG_KEYS:
        if key in data:
            tags.extend(_string_list(data[key], split_commas=True))
            used.add(key)
    if tags:
        out["tags"] = tuple(dict.fromkeys(tags))

    authors: list[str] = []
    for key in _AUTHOR_KEYS:
        if key in data:
            authors.extend(_string_list(data[key], split_commas=False))
            used.add(key)
    if authors:
        out["authors"] = tuple(dict.fromkeys(authors))

    desc = first(_DESC_KEYS, text_of)
    if desc:
        out["description"] = desc

    def conv_lang(key: str) -> str | None:
        value = data[key]
        tag = normalize_tag(value) if isinstance(value, str) else None
        if tag is None:
            warn(key, f"{str(value)[:40]!r} is not a language tag (try 'fr' or 'pt-BR'); left out")
        return tag

    lang = first(_LANG_KEYS, conv_lang)
    if lang:
        out["language"] = lang

    def conv_url(key: str) -> str | None:
        value = data[key]
        if isinstance(value, Mapping):
            for sub in ("src", "url", "path", "image"):
                if isinstance(value.get(sub), str):
                    return str(value[sub]).strip()
            warn(key, "names no image (give it a 'src'); left out")
            return None
        return text_of(key) or None

    cover = first(_COVER_KEYS, conv_url)
    if cover:
        out["cover"] = cover
    rights = first(_RIGHTS_KEYS, text_of)
    if rights:
        out["rights"] = rights
    ident = first(_ID_KEYS, text_of)
    if ident:
        out["identifier"] = ident
    mode = data.get("pullquotes")
    if isinstance(mode, str) and mode.strip().lower() in ("default", "auto", "marked", "none"):
        pass  # ``pullquotes: auto`` is the pull-quote mode, an output option kept in extra
    elif "pullquotes" in data:
        out["pullquotes"] = tuple(_string_list(data["pullquotes"], split_commas=False))
        used.add("pullquotes")
    for key in RESOURCE_PATH_KEYS:
        if key in data and path:
            _found, refused = front_matter_resource_path(path, {key: data[key]})
            for name in refused:
                warn(key, f"{name!r} is no folder inside the essay's folder or its site; not searched")
    out["extra"] = {
        k: json_safe(v) for k, v in fm.data.items() if str(k).strip().lower() not in used
    }
    return out


def resolve_date(fields: dict[str, Any], lang: str | None, warnings: list[Warning_],
                 path: str | None) -> None:
    """Turn the raw date :func:`to_metadata_fields` left in ``fields`` into
    ``date`` and ``date_text``, now that the language is known. An
    unreadable date is kept as written, with a warning."""
    raw = fields.pop(RAW_DATE, None)
    if raw is None:
        return
    key, value, line = raw
    from .dialects.notebooks import keyword_date
    from .dialects.rmarkdown import is_inline_r

    if is_inline_r(value):
        # R Markdown's date: "`r Sys.Date()`", a value only R can compute.
        warnings.append(Warning_(f"front matter: '{key}' is R code ({str(value).strip()[:60]}) essaykit cannot run; "
                                 "no date shown", path, line))
        return

    value = keyword_date(value, path) or value
    reading = read_date(value, lang)
    if reading.date is not None:
        fields["date"] = reading.date
    if reading.text:
        fields["date_text"] = reading.text
    if reading.date is None:
        warnings.append(Warning_(
            f"front matter: '{key}' {reading.text[:60]!r} is not a date essaykit can read "
            "(write 2024-05-31); shown as written", path, line))


def _string_list(value: Any, *, split_commas: bool) -> list[str]:
    """Strings from a string, a list, or a list of ``{name: ...}`` mappings."""
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.split(",") if split_commas else [value]
        return [p.strip() for p in parts if p.strip()]
    if isinstance(value, Mapping):
        name = value.get("name") or value.get("title")
        return [str(name).strip()] if name else []
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            if isinstance(item, (str, Mapping)):
                out.extend(_string_list(item, split_commas=False))
            elif item is not None:
                out.append(str(json_safe(item)))
        return out
    return [str(json_safe(value))]
