"""Themes: a folder with ``theme.toml`` and CSS, found by name or path.

A theme may say ``extends = "classic"`` and change only a few values; tables
merge key by key and CSS files of the parent come first, so a child's CSS
overrides its parent's by the cascade.

Built-in themes live in the top-level ``themes/`` folder of the source tree
and inside the package (``essaykit/themes``) once installed from a wheel.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import EssayError, deep_nesting_line
from .resources import ResourceError, read_limited, within

#: CSS files a theme may hold, by what they style.
CSS_FILES = {"book": "book.css", "print": "print.css", "epub": "epub.css"}

DEFAULT_THEME = "classic"
#: Largest theme file read (theme.toml, a CSS file).
MAX_THEME_FILE = 2 * 1024 * 1024

#: The palette every format paints with (``[colors]``), as a theme without
#: one gets it. Documented key by key in docs/THEMES.md.
DEFAULT_COLORS = {
    "text": "#1d1b19",
    "muted": "#6b645c",
    "accent": "#8c2f1b",
    "background": "#ffffff",
    "rule": "#c9c1b6",
    "code_background": "#f7f4ef",
}
#: Colours that follow another unless a theme sets them: a subtitle (the
#: standfirst) and the inverse palette of dark bands and panels.
DERIVED_COLORS = {
    "subtitle": "text",
    "inverse_background": "text",
    "inverse_text": "background",
    "inverse_muted": "rule",
}
#: Font roles (``[fonts]``) and the families a role falls back to.
FONT_DEFAULTS = {"body": "serif", "heading": "body", "display": "heading", "code": "monospace"}
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}

#: ``var(--name)`` or ``var(--name, fallback)`` in a theme's CSS.
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)\s*(?:,\s*([^()]*))?\)")


def builtin_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [p for p in (here / "themes", here.parent / "themes") if p.is_dir()]


def user_dirs() -> list[Path]:
    """``$ESSAYKIT_THEMES`` (os.pathsep-separated), then the user's config folder."""
    out = [Path(p) for p in os.environ.get("ESSAYKIT_THEMES", "").split(os.pathsep) if p]
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    out.append(config / "essaykit" / "themes")
    return [p for p in out if p.is_dir()]


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path
    description: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    #: Folders from the root ancestor down to this theme (for CSS and fonts).
    lineage: tuple[Path, ...] = ()
    builtin: bool = False

    def get(self, dotted: str, default: Any = None) -> Any:
        """``theme.get("colors.accent")``."""
        node: Any = self.settings
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def css(self, kind: str) -> str:
        """The CSS of ``kind`` ("book", "print", "epub"), ancestors first,
        with the theme's tokens (:meth:`tokens`) in place of ``var(--name)``.

        Why resolved here rather than left to the cascade: many reading
        systems ignore custom properties, and a value written out is the
        same in every WeasyPrint. A ``var()`` of a name that is no token (a
        designer's own custom property) is left as written."""
        name = CSS_FILES[kind]
        parts = []
        for folder in self.lineage:
            f = folder / name
            if f.is_file():
                text = _read_theme_file(folder, f)
                _check_css(text, f)
                parts.append(f"/* {folder.name}/{name} */\n" + text)
        return resolve_tokens("\n".join(parts), self.tokens())

    def palette(self) -> dict[str, str]:
        """Every colour of ``[colors]``: the theme's, the defaults
        (:data:`DEFAULT_COLORS`) and the derived ones (:data:`DERIVED_COLORS`)."""
        got = {k: str(v) for k, v in (self.get("colors") or {}).items()}
        out = {**DEFAULT_COLORS, **got}
        for key, source in DERIVED_COLORS.items():
            out[key] = got.get(key) or out[source]
        return out

    def color(self, value: str) -> str:
        """``value`` as a colour: a palette name ("accent") or a colour."""
        return self.palette().get(value, value)

    def families(self) -> dict[str, str]:
        """CSS ``font-family`` lists for the body, heading, display and code
        roles: the theme's family, then the families it names per script
        (``[fonts.scripts]``: a reader that has them draws CJK or Arabic
        passages in a face chosen to sit with the theme), then its fallbacks
        ending in a generic family."""
        fallback = [str(n) for n in (self.get("fonts.fallback") or ["serif"])]
        script_names: list[str] = []
        for value in (self.get("fonts.scripts") or {}).values():
            script_names.extend([value] if isinstance(value, str) else [str(v) for v in value])
        names = self.font_names()
        return {
            "body": family_list([names["body"], *script_names, *fallback]),
            "heading": family_list([names["heading"], *script_names, *fallback]),
            "display": family_list([names["display"], *script_names, *fallback]),
            "code": family_list([names["code"], "DejaVu Sans Mono", "monospace"]),
        }

    def font_names(self) -> dict[str, str]:
        """The family of each role (:data:`FONT_DEFAULTS`)."""
        out: dict[str, str] = {}
        for role, default in FONT_DEFAULTS.items():
            value = self.get(f"fonts.{role}")
            if isinstance(value, dict):
                value = value.get("family")
            out[role] = str(value) if value else out.get(default, default)
        return out

    def tokens(self) -> dict[str, str]:
        """The CSS custom properties a theme's CSS may use, from theme.toml:
        ``--text``, ``--accent``... (each ``[colors]`` key, ``_`` written
        ``-``), ``--pullquote-background`` and ``--pullquote-text``, and
        ``--font-body``, ``--font-heading``, ``--font-display``, ``--font-code``."""
        colors = self.palette()
        out = {"--" + k.replace("_", "-"): v for k, v in colors.items()}
        out["--pullquote-background"] = self.color(
            str(self.get("pullquote.background") or "inverse_background"))
        out["--pullquote-text"] = self.color(str(self.get("pullquote.on_background") or "inverse_text"))
        out.update({f"--font-{role}": value for role, value in self.families().items()})
        return out

    def tokens_css(self) -> str:
        """:meth:`tokens` as a ``:root`` rule (``essaykit themes --show``)."""
        lines = [f"  {name}: {value};" for name, value in self.tokens().items()]
        return ":root {\n" + "\n".join(lines) + "\n}\n"

    def file(self, relative: str) -> Path | None:
        """A file of this theme or an ancestor (nearest first)."""
        for folder in reversed(self.lineage):
            f = (folder / relative).resolve()
            if f.is_file() and within(f, folder.resolve()):
                return f
        return None

    def folders(self) -> tuple[Path, ...]:
        return self.lineage


def family_list(names: list[str]) -> str:
    """A CSS ``font-family`` value: names quoted, generic families not."""
    out = []
    for name in dict.fromkeys(n for n in names if n):
        out.append(name if name in GENERIC_FAMILIES else '"' + name.replace('"', "") + '"')
    return ", ".join(out)


def resolve_tokens(css: str, tokens: dict[str, str]) -> str:
    """``css`` with each ``var(--token)`` of ``tokens`` written out (a
    ``var()`` of another name keeps its fallback, else stays as written)."""
    if "var(" not in css:
        return css

    def value(m: re.Match[str]) -> str:
        found = tokens.get(m.group(1))
        if found is not None:
            return found
        return m.group(0)

    return _VAR.sub(value, css)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_theme_file(folder: Path, path: Path) -> str:
    """A theme file's text, if it really lies inside the theme's folder (a
    symlink out of it is refused) and is of a sane size."""
    if not within(path.resolve(), folder.resolve()):
        raise EssayError("theme: refused: the file lies outside the theme's folder", path=str(path))
    try:
        return read_limited(path, MAX_THEME_FILE, str(path)).decode("utf-8")
    except ResourceError as exc:
        raise EssayError(f"theme: {exc.message.split(': ', 1)[-1]}", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EssayError(f"theme: cannot read: {exc}", path=str(path)) from None


def _check_css(text: str, path: Path) -> None:
    """A theme's CSS with an unmatched ``}``, ``)`` or ``]`` or a broken
    string: an error naming its line, not a stylesheet that each output
    reads differently (and epubcheck fails)."""
    problem = _css_problem(text)
    if problem:
        line, message = problem
        raise EssayError(f"theme: CSS: {message}", path=str(path), line=line)


@lru_cache(maxsize=32)
def _css_problem(text: str) -> tuple[int, str] | None:
    import tinycss2

    stack = [(tinycss2.parse_component_value_list(text, skip_comments=True), 0)]
    while stack:  # blocks and functions hold tokens of their own
        tokens, depth = stack.pop()
        for token in tokens:
            if token.type == "error":
                return token.source_line, token.message
            content = getattr(token, "content", None) if token.type in ("() block", "[] block", "{} block") \
                else getattr(token, "arguments", None) if token.type == "function" else None
            if content:
                if depth >= MAX_CSS_DEPTH:  # the renderers' CSS parsers recurse
                    return token.source_line, f"nested more than {MAX_CSS_DEPTH} levels deep"
                stack.append((content, depth + 1))
    return None


#: Blocks and functions a theme's CSS may nest (real ones: four or five).
MAX_CSS_DEPTH = 64


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(_read_theme_file(path.parent, path))
    except tomllib.TOMLDecodeError as exc:
        raise EssayError(f"theme: {exc}", path=str(path)) from None
    except RecursionError:
        raise EssayError("theme: not valid TOML: nested too deeply", path=str(path),
                         line=deep_nesting_line(_read_theme_file(path.parent, path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EssayError(f"theme: cannot read: {exc}", path=str(path)) from None


_KNOWN_SECTIONS = {"fonts", "colors", "page", "pullquote", "deck", "epub", "pdf", "typography"}
_KNOWN_KEYS = {"name", "description", "extends", "version", "license", "author"} | _KNOWN_SECTIONS


def _validate(data: dict[str, Any], path: Path) -> None:
    for key, value in data.items():
        if key not in _KNOWN_KEYS:
            raise EssayError(f"theme: unknown key {key!r}", path=str(path))
        if key in _KNOWN_SECTIONS and not isinstance(value, dict):
            raise EssayError(f"theme: {key!r} must be a table", path=str(path))
        if key in {"name", "description", "extends"} and not isinstance(value, str):
            raise EssayError(f"theme: {key!r} must be a string", path=str(path))
    _check_values(data, path)


_HEX = re.compile(r"^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")
_LEN = re.compile(r"^\s*[0-9]*\.?[0-9]+\s*(?:mm|cm|in|pt)\s*$")
_PULLQUOTE_STYLES = ("rules", "bar", "panel")
#: Sane ranges of a theme's numbers (points, or characters for the measure).
_RANGES = {
    "typography.font_size": (4, 72),
    "typography.measure": (10, 200),
    "deck.title_size": (8, 200),
    "deck.body_size": (6, 120),
}
MAX_MARGIN_MM = 150.0
_FONT_ROLES = ("body", "heading", "display", "code")


def _check_values(data: dict[str, Any], path: Path) -> None:
    """Values of the keys essaykit reads, checked where they are written, so
    a mistake is reported with its key and file rather than as a PDF that
    silently falls back to defaults."""

    def bad(key: str, value: Any, want: str) -> EssayError:
        return EssayError(f"theme: {key} = {value!r}: {want}", path=str(path))

    def colour(key: str, value: Any) -> None:
        if not (isinstance(value, str) and _HEX.match(value.strip())):
            raise bad(key, value, "not a colour (write #rgb or #rrggbb)")

    def number(key: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise bad(key, value, "must be a positive number")
        low, high = _RANGES[key]
        if not low <= value <= high:  # 1e300 or 1e9 pt would only make the layout hang
            raise bad(key, value, f"must be between {low:g} and {high:g}")

    def family(key: str, value: Any) -> None:
        if isinstance(value, dict):
            value = value.get("family")
        if not (isinstance(value, str) and value.strip()):
            raise bad(key, value, "must be a font family name (or {family = ..., file = ...})")

    for key, value in (data.get("colors") or {}).items():
        colour(f"colors.{key}", value)
    fonts = data.get("fonts") or {}
    for role in _FONT_ROLES:
        if role in fonts:
            family(f"fonts.{role}", fonts[role])
    if "fallback" in fonts and not (isinstance(fonts["fallback"], list)
                                    and all(isinstance(n, str) for n in fonts["fallback"])):
        raise bad("fonts.fallback", fonts["fallback"], "must be a list of family names")
    scripts = fonts.get("scripts", {})
    if not isinstance(scripts, dict):
        raise bad("fonts.scripts", scripts, "must be a table (script = \"Family\")")
    for script, value in scripts.items():
        if not (isinstance(value, str) or (isinstance(value, list)
                                           and all(isinstance(n, str) for n in value))):
            raise bad(f"fonts.scripts.{script}", value, "must be a family name or a list of them")
    from .pages import to_mm

    page = data.get("page") or {}
    if "size" in page:
        from .errors import UsageError
        from .pages import page_size

        try:
            page_size(str(page["size"]))
        except UsageError as exc:
            raise bad("page.size", page["size"], str(exc).split(" (", 1)[-1].rstrip(")")) from None
    for key, value in page.items():
        if key.startswith("margin") and not (
                (isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0)
                or (isinstance(value, str) and _LEN.match(value))):
            raise bad(f"page.{key}", value, "must be a length such as \"18mm\", \"0.75in\" or \"54pt\"")
        if key.startswith("margin") and not 0 <= to_mm(value, 0) <= MAX_MARGIN_MM:
            raise bad(f"page.{key}", value, f"must be at most {MAX_MARGIN_MM:.0f} mm")
    typo = data.get("typography") or {}
    for key in ("font_size", "measure"):
        if key in typo:
            number(f"typography.{key}", typo[key])
    pull = data.get("pullquote") or {}
    if "style" in pull and pull["style"] not in _PULLQUOTE_STYLES:
        raise bad("pullquote.style", pull["style"], "must be one of " + ", ".join(_PULLQUOTE_STYLES))
    for key in ("background", "on_background"):
        if key in pull:
            colour(f"pullquote.{key}", pull[key])
    deck = data.get("deck") or {}
    for key in ("background", "text", "accent", "muted", "code_background"):
        if key in deck:
            colour(f"deck.{key}", deck[key])
    for key in ("title_size", "body_size"):
        if key in deck:
            number(f"deck.{key}", deck[key])
    for key in ("heading_font", "body_font", "code_font", "ea_font", "cs_font"):
        if key in deck:
            family(f"deck.{key}", deck[key])
    names = set(DEFAULT_COLORS) | set(DERIVED_COLORS) | set(data.get("colors") or {})
    for key, value in (data.get("epub") or {}).items():
        if key.startswith("cover_") and not (
                isinstance(value, str) and (value in names or _HEX.match(value.strip()))):
            raise bad(f"epub.{key}", value, "not a colour (write #rgb, #rrggbb or a [colors] name)")


#: Keys of a font table (``{family = ..., file = ...}``) that name a file of
#: the theme: the deck measures its text with it.
FONT_FILE_KEYS = ("file", "bold", "file_bold", "regular", "path")


def named_files(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, path as written) of every file a theme.toml names: its deck
    template and its font files."""
    deck = data.get("deck") or {}
    out = [("deck.template", deck["template"])] if isinstance(deck.get("template"), str) else []
    tables = [*((f"fonts.{k}", v) for k, v in (data.get("fonts") or {}).items()),
              *((f"deck.{k}", v) for k, v in deck.items())]
    for key, value in tables:
        if not isinstance(value, dict):
            continue
        out += [(f"{key}.{k}", value[k]) for k in FONT_FILE_KEYS if isinstance(value.get(k), str)]
        files = value.get("files")
        if isinstance(files, list):
            out += [(f"{key}.files", f) for f in files if isinstance(f, str)]
    return out


def _check_named_files(data: dict[str, Any], lineage: tuple[Path, ...], toml_path: Path) -> None:
    """A file theme.toml names that lies (symlinks followed) outside the
    theme's folders is refused here, naming its line, as a stylesheet
    symlinked out is: :meth:`Theme.file` would only skip it, and the theme
    would silently draw with another face or say its template is missing."""
    for key, rel in named_files(data):
        outside = _outside(lineage, rel)
        if outside:
            text = _read_theme_file(toml_path.parent, toml_path)
            raise EssayError(f"theme: {key} = {rel!r}: refused: {outside}", path=str(toml_path),
                             line=_line_of_value(text, rel, key))


def _outside(lineage: tuple[Path, ...], rel: str) -> str | None:
    """Why ``rel`` may not be read, by :meth:`Theme.file`'s rule (looked for
    in the theme's folder, then its ancestors'), or None: it is a file inside
    one, or names nothing outside them (a missing file is the reader's
    business)."""
    why = None
    for folder in reversed(lineage):
        try:
            found = (folder / rel).resolve()
        except (OSError, RuntimeError):  # a symlink loop
            why = why or "a symlink loop"
            continue
        if not within(found, folder.resolve()):
            why = why or "the file lies outside the theme's folder"
        elif found.is_file():
            return None
    return why


def _line_of_value(text: str, value: str, key: str) -> int | None:
    """The first line of theme.toml that holds ``value`` quoted, else the
    line of the key's last part (a TOML escape may spell the value
    differently)."""
    lines = text.split("\n")
    quoted = (f'"{value}"', f"'{value}'")
    for n, line in enumerate(lines, 1):
        if any(q in line for q in quoted):
            return n
    last = re.compile(rf"(^|[{{,\s.])[\"']?{re.escape(key.rsplit('.', 1)[-1])}[\"']?\s*=")
    return next((n for n, line in enumerate(lines, 1) if last.search(line)), None)


def _find_dir(name: str, relative_to: Path | None = None) -> Path:
    candidate = Path(name)
    if relative_to is not None and not candidate.is_absolute():
        near = relative_to / name
        if (near / "theme.toml").is_file():
            return near
    if (candidate / "theme.toml").is_file():
        return candidate
    for folder in user_dirs() + builtin_dirs():
        if (folder / name / "theme.toml").is_file():
            return folder / name
    known = ", ".join(sorted(t.name for t in list_themes()))
    raise EssayError(f"theme {name!r} not found (known: {known})")


def _find_parent(name: str, toml_path: Path) -> Path:
    """The theme ``extends`` names: a folder beside the theme's own (really
    there, symlinks followed), or a user or built-in theme by name. Never
    a path elsewhere: a theme cannot widen what essaykit reads."""
    beside = toml_path.parent.parent
    near = beside / name
    if (near / "theme.toml").is_file() and within(near.resolve(), beside.resolve()):
        return near
    if not Path(name).is_absolute() and len(Path(name).parts) == 1:
        for folder in user_dirs() + builtin_dirs():
            if (folder / name / "theme.toml").is_file():
                return folder / name
    if Path(name).is_absolute() or (near / "theme.toml").is_file():
        raise EssayError(f"theme: extends = {name!r}: refused: a theme extends a theme beside it "
                         "or one essaykit knows by name", path=str(toml_path))
    known = ", ".join(sorted(t.name for t in list_themes()))
    raise EssayError(f"theme: extends = {name!r}: no such theme (known: {known})", path=str(toml_path))


def load_theme(name_or_path: str | os.PathLike[str] | Theme | None = None) -> Theme:
    """A theme by built-in/user name or by folder path."""
    if isinstance(name_or_path, Theme):
        return name_or_path
    return _load(Path(_find_dir(str(name_or_path or DEFAULT_THEME))), seen=())


def _load(folder: Path, seen: tuple[Path, ...]) -> Theme:
    folder = folder.resolve()
    if folder in seen:
        raise EssayError("theme: 'extends' makes a loop", path=str(folder / "theme.toml"))
    toml_path = folder / "theme.toml"
    data = _read_toml(toml_path)
    _validate(data, toml_path)
    lineage: tuple[Path, ...] = (folder,)
    settings = data
    parent_name = data.get("extends")
    if parent_name:
        parent = _load(_find_parent(parent_name, toml_path), seen + (folder,))
        settings = _merge(parent.settings, data)
        lineage = parent.lineage + (folder,)
    settings = dict(settings)
    settings.pop("extends", None)
    _check_named_files(data, lineage, toml_path)
    for css_name in CSS_FILES.values():  # a broken stylesheet is the theme's error, said once
        if (folder / css_name).is_file():
            _check_css(_read_theme_file(folder, folder / css_name), folder / css_name)
    builtin = any(folder.parent == d.resolve() for d in builtin_dirs())
    return Theme(
        name=str(data.get("name") or folder.name),
        path=folder,
        description=str(settings.get("description", "")),
        settings=settings,
        lineage=lineage,
        builtin=builtin,
    )


def list_themes() -> list[Theme]:
    """Every theme found: user themes first (they may shadow built-ins)."""
    seen: dict[str, Theme] = {}
    for folder in user_dirs() + builtin_dirs():
        for sub in sorted(folder.iterdir()):
            if (sub / "theme.toml").is_file() and sub.name not in seen:
                try:
                    seen[sub.name] = _load(sub, seen=())
                except EssayError:
                    continue
    return list(seen.values())
